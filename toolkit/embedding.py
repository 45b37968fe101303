"""Words as arrows in a 2-D stand-in for an embedding space.

    words = WordPlane(["dog", "cat", "democracy"], vectors, roles=("a", "b", "neutral"))
    words.place_in(layout.TALL_MAIN)
    self.play(words.appear())
    self.play(words.stretch(1, 2.0))     # cat's arrow grows to twice its length, its word follows

The plane reaches just past the vectors (and where a stretch will take them), so the arrows
fill the picture instead of sitting small in a square plane. A word sits beyond its arrow's tip
on a patch of background, leaning away from a neighbour that points almost the same way, and
never across an axis. Words too long for that (the plane would have to shrink its arrows to
nothing to hold them) move to another side of their tips, and shrink no further than SIZES.MIN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Arrow,
    AnimationGroup,
    Create,
    FadeIn,
    GrowArrow,
    NumberPlane,
    ValueTracker,
    VGroup,
    VMobject,
)

from toolkit.live import arrow, placed, redrawn
from toolkit.style import colour, text
from toolkit.theme import SIZES

NEUTRAL = "muted"
_UNIT = (RIGHT, UP)  # a word that is neither a nor b: no role colour of its own
# Where a word may sit instead, when it does not fit beyond its tip: its box touching the tip
# from one of these sides (the word's opposite corner or edge at the tip).
_SIDES = (UR, UL, DR, DL, UP, DOWN, RIGHT, LEFT)
# The plane grows to make room for its words only while its arrows stay at least this share of
# the length they have in the plane fitted to the vectors alone: past that, growing gives the
# words almost nothing (a word wider than the region never fits beside a tip) and takes the picture.
MIN_UNIT_SHARE = 0.6


def _box(m: VMobject) -> np.ndarray:
    """`m`'s box (x0, y0, x1, y1) as manim's critical points have it: from its anchors."""
    anchors = m.get_points_defining_boundary()[:, :2]
    return np.concatenate([anchors.min(axis=0), anchors.max(axis=0)])


def _corner(box: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """The box's critical point towards `direction` (a side or corner), as get_critical_point has it."""
    point = np.zeros(3)
    for dim in (0, 1):
        lo, hi = box[dim], box[dim + 2]
        point[dim] = lo if direction[dim] < 0 else hi if direction[dim] > 0 else (lo + hi) / 2
    return point


def _span(values: Sequence[float], pad: float, step: float) -> tuple[float, float]:
    lo = min(0.0, min(values)) - pad
    hi = max(0.0, max(values)) + pad
    return float(np.floor(lo / step) * step), float(np.ceil(hi / step) * step)


class WordPlane(VGroup):
    """A plane fitted to the word vectors (and `reach`: extra points it must hold later;
    `stretches`: vectors that will be stretched, with their words), with an arrow and a word per vector. `trackers[i]` scales vector i (1: as given).

        words = WordPlane(["dog", "cat", "democracy"], [(2.0, 0.6), (1.6, 1.0), (-0.4, 1.6)],
                          roles=("a", "b", "neutral"))
        self.play(words.appear())
    """

    def __init__(
        self,
        words: Sequence[str],
        vectors: Sequence[Sequence[float]],
        roles: Sequence[str],
        reach: Sequence[Sequence[float]] = (),
        step: float = 0.5,
        size: int = SIZES.heading,
        stretches: dict[int, float] | None = None,
    ):
        self.vectors = [np.asarray(v, float) for v in vectors]
        # Vectors that will be stretched (`stretch`), by how much: the plane reaches their tips and words there.
        self.stretches = dict(stretches or {})
        reach = [*reach, *(self.vectors[i] * f for i, f in self.stretches.items())]
        self.roles = [NEUTRAL if r == "neutral" else r for r in roles]
        points = self.vectors + [np.asarray(p, float) for p in reach]
        pad = 0.15 * max(float(np.max(np.abs(p))) for p in points)
        self.step = step
        self.ranges = [*_span([p[0] for p in points], pad, step), *_span([p[1] for p in points], pad, step)]
        self.plane = self._build_plane()
        self.trackers = [ValueTracker(1.0) for _ in self.vectors]
        self.over_axis: set[int] = set()
        self._c2p_memo: dict | None = None  # see _c2p
        # Words moved off their default place by `place_in`: the side of the tip each sits on.
        self.sides: dict[int, np.ndarray] = {}
        self.full_size = size
        self.word_size = size  # the words' font size now (place_in may shrink them)
        self.arrows = VGroup(*(self._arrow(i) for i in range(len(self.vectors))))
        self.words = VGroup(*(text(w, size=size, role=r) for w, r in zip(words, self.roles)))
        for w in self.words:
            w.add_background_rectangle(color=colour("background"), opacity=0.85, buff=0.06)
        for i, w in enumerate(self.words):
            self._place_word(i, w)
            w.add_updater(lambda m, i=i: self._place_word(i, m))
        super().__init__(self.plane, self.arrows, self.words)

    def tip(self, i: int) -> np.ndarray:
        return self.vectors[i] * self.trackers[i].get_value()

    def _arrow(self, i: int) -> VMobject:
        def draw() -> Arrow:
            unit = self.plane.x_axis.get_unit_size()
            return arrow(
                self.plane.c2p(0, 0),
                self.plane.c2p(*self.tip(i)),
                colour(self.roles[i]),
                stroke_width=SIZES.stroke,
                max_tip_length_to_length_ratio=0.2,
                tip_length=0.3 * unit / 2.5 + 0.12,
            )

        # self.plane, looked up each time: place_in may build the plane again.
        return redrawn(draw, lambda: self.tip(i), lambda: placed(self.plane)())

    def _lean(self, i: int) -> int:
        """+1 (anticlockwise) or -1: away from the nearest other arrow by angle; 0 if none is near."""
        angle = np.arctan2(*self.tip(i)[::-1])
        nearest, sign = np.pi, 0
        for j in range(len(self.vectors)):
            if j == i:
                continue
            other = np.arctan2(*self.tip(j)[::-1])
            d = (other - angle + np.pi) % (2 * np.pi) - np.pi
            if abs(d) < nearest:
                nearest, sign = abs(d), (-1 if d > 0 else 1)
        return sign if nearest < np.radians(25) else 0

    def _place_word(self, i: int, word: VMobject) -> None:
        for move in self._word_moves(i, _box(word)):
            word.shift(move)

    def _word_moves(self, i: int, box: np.ndarray) -> list[np.ndarray]:
        """The moves that place word i, whose box (x0, y0, x1, y1) is `box` now: the same moves
        for the word itself and for the search in `_boxes_of`, which moves boxes, not glyphs (a
        move shifts every point by the same amount, so it shifts the box by it exactly)."""
        w, h = box[2] - box[0], box[3] - box[1]
        centre = np.array([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2, 0.0])  # as get_center has it
        if i in self.sides:
            # Its corner (or edge) opposite the side at the tip, clear of the arrow's head.
            side = self.sides[i]
            at = self._c2p(*self.tip(i)) + side * self._tip_gap()
            # move_to(at, aligned_edge=-side): that corner of the box to `at`.
            return [at - _corner(box, -side)]
        v = np.array([*self.tip(i), 0.0])
        u = v / (np.linalg.norm(v) or 1.0)
        lean = self._lean(i)
        if lean:
            u = u + 0.8 * lean * np.array([-u[1], u[0], 0.0])
            u /= np.linalg.norm(u)
        reach = 0.15 + abs(u[0]) * w / 2 + abs(u[1]) * h / 2
        first = (self._c2p(*self.tip(i)) + u * reach) - centre  # move_to: its centre there
        moves = [first]
        box = box + np.array([first[0], first[1], first[0], first[1]])
        # Not across an axis: a word whose arrow is above the x-axis stays above it, and so on,
        # when a small nudge does it. A word over a nearly upright (or flat) arrow would have to
        # leave its tip to clear the axis along it: it stays over the tip, on its patch of
        # background, and is listed in `over_axis` for the scene to declare.
        origin = self._c2p(0, 0)
        gap = 0.08
        self.over_axis.discard(i)
        for axis, other in ((1, 0), (0, 1)):
            low, high = box[axis], box[axis + 2]  # the word's edges across this axis
            if v[axis] > 0 and low < origin[axis] + gap:
                need = origin[axis] + gap - low
            elif v[axis] < 0 and high > origin[axis] - gap:
                need = origin[axis] - gap - high
            else:
                continue
            if abs(need) <= 0.6 * h or abs(u[other]) < abs(u[axis]):
                move = need * _UNIT[axis]
                moves.append(move)
                box = box + np.array([move[0], move[1], move[0], move[1]])
            else:
                self.over_axis.add(i)
        return moves

    def _c2p(self, x: float, y: float) -> np.ndarray:
        """The plane's c2p, remembered while the words are composed (the plane stays put then,
        and the search asks for the same tips over and over)."""
        memo = self._c2p_memo
        if memo is None:
            return self.plane.c2p(x, y)
        key = (float(x), float(y))
        if key not in memo:
            memo[key] = self.plane.c2p(x, y)
        return memo[key].copy()

    def _build_plane(self) -> NumberPlane:
        x0, x1, y0, y1 = self.ranges
        return NumberPlane(
            x_range=[x0, x1, self.step],
            y_range=[y0, y1, self.step],
            x_length=(x1 - x0),
            y_length=(y1 - y0),
            background_line_style={"stroke_color": colour("grid"), "stroke_width": 2, "stroke_opacity": 1},
            axis_config={"stroke_color": colour("muted"), "stroke_width": 2},
            faded_line_ratio=1,
        )

    def place_in(self, region, margin: float = 0.3) -> "WordPlane":
        """Scale the plane (not the words: they keep their reading size) to fill `region`, and
        centre it there. A word that would stick out past the plane's edge (a long word on the
        left) gets room inside the plane: the plane reaches further on that side and is fitted
        again, as long as its arrows keep MIN_UNIT_SHARE of their length. Words that still do not
        fit then move to another side of their tip, and shrink (never under SIZES.MIN) if they must."""

        def fit() -> float:
            p = self.plane
            p.scale(min((region.width - 2 * margin) / p.width, (region.height - 2 * margin) / p.height))
            p.move_to(region.center)
            self._refresh()
            return p.x_axis.get_unit_size()

        first_unit = fit()
        for _ in range(12):
            unit = self.plane.x_axis.get_unit_size()
            over = self._overhang()
            if max(over) <= 1e-3:
                break
            grow = [np.ceil(max(o, 0.0) / unit / self.step) * self.step for o in over]
            before = list(self.ranges)
            x0, x1, y0, y1 = self.ranges
            self.ranges = [x0 - grow[0], x1 + grow[1], y0 - grow[2], y1 + grow[3]]
            self._rebuild()
            if fit() < MIN_UNIT_SHARE * first_unit:
                # Growing for words beyond their tips no longer pays: the plane as it was, the
                # words move to other sides of their tips (or shrink), and the plane grows only
                # for what still sticks out then.
                self.ranges = before
                self._rebuild()
                fit()
                self._grow_for_moved_words(fit, first_unit)
                break
        # A plane held by its width gets more grid above and below, to stand as tall as the region.
        unit = self.plane.x_axis.get_unit_size()
        spare = int((region.height - 2 * margin - self.plane.height) / (unit * self.step) + 1e-6)
        if spare > 0:
            x0, x1, y0, y1 = self.ranges
            self.ranges = [x0, x1, y0 - self.step * ((spare + 1) // 2), y1 + self.step * (spare // 2)]
            self._rebuild()
            self.plane.scale(unit / self.plane.x_axis.get_unit_size()).move_to(region.center)
            self._refresh()
        self._compose_words()
        return self

    # --- words that do not fit beyond their tips ---------------------------------------------

    def _overhang(self) -> list[float]:
        """How far the words (where they are and will be) stick out past each edge of the plane:
        left, right, bottom, top."""
        left, bottom, right, top = self._edges()
        boxes = self._word_boxes()
        return [
            left - boxes[:, 0].min(),
            boxes[:, 2].max() - right,
            bottom - boxes[:, 1].min(),
            boxes[:, 3].max() - top,
        ]

    def _grow_for_moved_words(self, fit, first_unit: float) -> None:
        for _ in range(8):
            self._compose_words()
            over = self._overhang()
            if max(over) <= 1e-3:
                return
            unit = self.plane.x_axis.get_unit_size()
            grow = [np.ceil(max(o, 0.0) / unit / self.step) * self.step for o in over]
            before = list(self.ranges)
            x0, x1, y0, y1 = self.ranges
            self.ranges = [x0 - grow[0], x1 + grow[1], y0 - grow[2], y1 + grow[3]]
            self._rebuild()
            if fit() < MIN_UNIT_SHARE * first_unit:
                self.ranges = before
                self._rebuild()
                fit()
                self._compose_words()
                return

    def _tip_gap(self) -> float:
        """How far a word moved to a side stands off its tip: past half the arrow's head."""
        return 0.1 + 0.5 * (0.3 * self.plane.x_axis.get_unit_size() / 2.5 + 0.12)

    def _positions(self, i: int) -> list[float]:
        """The lengths (tracker values) vector i is drawn at: now and, if it will be stretched,
        on the way there."""
        now = self.trackers[i].get_value()
        if i not in self.stretches:
            return [now]
        return list(np.linspace(now, self.stretches[i], 6))

    def _boxes_of(self, i: int) -> list[np.ndarray]:
        """Word i's box (x0, y0, x1, y1) at each of its positions."""
        out, made = [], []
        now = self.trackers[i].get_value()
        word = self.words[i]
        box = _box(word)  # one pass over its glyphs' anchors; then only the box moves
        for factor in self._positions(i):
            self.trackers[i].set_value(factor)
            for move in self._word_moves(i, box):
                box = box + np.array([move[0], move[1], move[0], move[1]])
                made.append(move)
            out.append(box)
        self.trackers[i].set_value(now)
        # The word itself takes the same moves, one after another, and ends where it is now:
        # bit for bit where it ended when it was moved to each position and its box read there.
        for move in made:
            word.shift(move)
        self._place_word(i, word)
        return out

    def _shaft(self, j: int, factor: float) -> tuple[np.ndarray, np.ndarray]:
        """Arrow j drawn at `factor` of its length, as (origin, tip) on screen."""
        return self._c2p(0, 0)[:2], self._c2p(*(self.vectors[j] * factor))[:2]

    def _edges(self) -> np.ndarray:
        """The plane's left, bottom, right and top on screen."""
        p = self.plane
        return np.array([p.get_left()[0], p.get_bottom()[1], p.get_right()[0], p.get_top()[1]])

    def _faults(self, i: int, placed: dict[int, list[np.ndarray]], edge: np.ndarray) -> tuple[float, bool]:
        """How badly word i sits where it is now (past the plane's `edge`, on another word, on an
        arrow), and whether it lies across an axis."""
        origin = self._c2p(0, 0)[:2]
        hair = 0.02
        bad, across = 0.0, False
        for factor, b in zip(self._positions(i), self._boxes_of(i)):
            bad += sum(max(0.0, d) for d in (edge[0] - b[0], edge[1] - b[1], b[2] - edge[2], b[3] - edge[3]))
            inner = b + np.array([hair, hair, -hair, -hair])
            for others in placed.values():
                for c in others:
                    bad += max(0.0, min(inner[2], c[2]) - max(inner[0], c[0])) * (
                        min(inner[3], c[3]) > max(inner[1], c[1])
                    )
            # Its own arrow as it is drawn with it; the others wherever they are drawn.
            shafts = [self._shaft(i, factor)] + [
                self._shaft(j, f) for j in range(len(self.vectors)) if j != i for f in self._positions(j)
            ]
            for a, t in shafts:
                pts = a + np.linspace(0.0, 1.0, 40)[:, None] * (t - a)
                inside = (
                    (pts[:, 0] > inner[0]) & (pts[:, 0] < inner[2]) & (pts[:, 1] > inner[1]) & (pts[:, 1] < inner[3])
                )
                bad += 0.5 * float(inside.any())
            across |= inner[0] < origin[0] < inner[2] or inner[1] < origin[1] < inner[3]
        return bad, across

    def _compose_words(self) -> None:
        """Every word where it reads: beyond its tip if it fits there, else on the first side of
        its tip where it is inside the plane, on no other word and no arrow; at the plane's word
        size if that can be done, else a step smaller, down to SIZES.MIN (still 3% tall)."""
        self._c2p_memo = {}  # the plane stays put while the words are composed
        try:
            self._search_word_places()
        finally:
            self._c2p_memo = None

    def _search_word_places(self) -> None:
        n = len(self.words)
        self._resize_words(self.full_size)
        self.sides = {}
        # Only the words move while they are composed: the plane's edges are measured once (from
        # every line of the grid, they were most of the search's time).
        edge = self._edges()
        if sum(self._faults(i, {j: self._boxes_of(j) for j in range(n) if j != i}, edge)[0] for i in range(n)) <= 1e-3:
            self._refresh()
            return
        best = None
        for size in np.linspace(self.full_size, min(self.full_size, SIZES.MIN), 5):
            self._resize_words(size)
            self.sides = {}
            placed: dict[int, list[np.ndarray]] = {}
            total, across_any = 0.0, set()
            for i in range(n):
                direction = np.array([*self.vectors[i], 0.0])
                # The default place first, then the sides nearest the arrow's own direction.
                options = [None, *sorted(_SIDES, key=lambda s: -float(np.dot(s / np.linalg.norm(s), direction)))]
                scored = []
                for k, side in enumerate(options):
                    if side is None:
                        self.sides.pop(i, None)
                    else:
                        self.sides[i] = np.array(side, float)
                    bad, across = self._faults(i, placed, edge)
                    scored.append((bad, across, k, side))
                bad, across, _, side = min(scored, key=lambda t: (round(t[0], 3), t[1], t[2]))
                if side is None:
                    self.sides.pop(i, None)
                else:
                    self.sides[i] = np.array(side, float)
                placed[i] = self._boxes_of(i)
                total += bad
                if across and side is not None:
                    across_any.add(i)
            if best is None or total < best[0] - 1e-3:
                best = (total, size, dict(self.sides), across_any)
            if total <= 1e-3:
                break
        _, size, self.sides, across_any = best
        self._resize_words(size)
        # A word moved to a side that lies across an axis stays there on its patch of background:
        # the scene declares it, as it does a word over an upright arrow.
        self.over_axis -= set(self.sides)
        self.over_axis |= across_any
        self._refresh()

    def _resize_words(self, size: float) -> None:
        for w in self.words:
            w.scale(size / self.word_size)
        self.word_size = size

    def _word_boxes(self) -> np.ndarray:
        """Every word's box (x0, y0, x1, y1) where it is now and, for a vector that will be
        stretched (`stretches`), where it will be then."""
        boxes = []
        for i, w in enumerate(self.words):
            for factor in (self.trackers[i].get_value(), *([self.stretches[i]] if i in self.stretches else [])):
                now = self.trackers[i].get_value()
                self.trackers[i].set_value(factor)
                self._place_word(i, w)
                boxes.append([*w.get_corner([-1, -1, 0])[:2], *w.get_corner([1, 1, 0])[:2]])
                self.trackers[i].set_value(now)
                self._place_word(i, w)
        return np.array(boxes)

    def _rebuild(self) -> None:
        new = self._build_plane()
        self.submobjects[0] = new
        self.plane = new

    def _refresh(self) -> None:
        for word_arrow in self.arrows:
            word_arrow.update()
        for i, w in enumerate(self.words):
            self._place_word(i, w)

    # --- animations --------------------------------------------------------------------------

    def appear(self):
        return AnimationGroup(
            Create(self.plane), AnimationGroup(*(GrowArrow(a) for a in self.arrows)), FadeIn(self.words), lag_ratio=0.6
        )

    def ticks(self, size: float) -> VGroup:
        """The axes' figures on the grid lines (not 0), under the x-axis and left of the y-axis, in
        the muted colour and the lesson's writing (0.5, 1, 1.5): a viewer can read a tip off the
        grid. Every grid line has one where they fit side by side, else every second, fifth, ...
        Built for the plane as it is placed now (call after `place_in`); a figure that a word or an
        arrow covers, now or once its vector is stretched (`stretches`), is left out."""
        from toolkit.style import math, tex_number

        x0, x1, y0, y1 = self.ranges
        unit = self.plane.x_axis.get_unit_size()
        # Room: the widest figure and a gap between neighbours.
        probe = math(tex_number(-max(abs(x0), abs(x1), abs(y0), abs(y1)), 1)).scale_to_fit_height(size)
        every = self.step
        for m in (1, 2, 4, 5, 10, 20, 50, 100):
            every = self.step * m
            if every * unit >= probe.width + 0.2:
                break
        places = 0 if float(every).is_integer() else 1
        # What the figures must stay clear of: the words and arrows, as they are and stretched.
        boxes = [_box(w) for w in self.words]
        tips = [self.tip(i) for i in range(len(self.vectors))]
        for i, factor in self.stretches.items():
            move = self.plane.c2p(*(self.vectors[i] * factor)) - self._c2p(*self.tip(i))
            boxes.append(_box(self.words[i]) + np.array([move[0], move[1], move[0], move[1]]))
            tips.append(self.vectors[i] * factor)
        origin = self.plane.c2p(0, 0)
        shafts = [
            np.array([origin + t * (self.plane.c2p(*tip) - origin) for t in np.linspace(0, 1, 40)]) for tip in tips
        ]

        def clear(box: np.ndarray, pad: float = 0.05) -> bool:
            for w in boxes:
                if box[0] < w[2] + pad and w[0] < box[2] + pad and box[1] < w[3] + pad and w[1] < box[3] + pad:
                    return False
            for pts in shafts:
                if np.any(
                    (pts[:, 0] > box[0] - pad)
                    & (pts[:, 0] < box[2] + pad)
                    & (pts[:, 1] > box[1] - pad)
                    & (pts[:, 1] < box[3] + pad)
                ):
                    return False
            return True

        out = VGroup()
        for axis, (lo, hi) in enumerate(((x0, x1), (y0, y1))):
            k0, k1 = int(np.ceil(lo / every - 1e-9)), int(np.floor(hi / every + 1e-9))
            for k in range(k0, k1 + 1):
                v = k * every
                # Not 0, nor the grid's outermost lines (their figure would stand outside the plane).
                if k == 0 or abs(v - lo) < 1e-9 or abs(v - hi) < 1e-9:
                    continue
                label = math(tex_number(v, places), role="muted").scale_to_fit_height(size)
                if "." in tex_number(v, places) or "-" in tex_number(v, places):
                    # A digit's height is the size: "-0.5" is as tall as "5".
                    label.scale(size / max(g.height for g in label[0]))
                at = self.plane.c2p(v, 0) if axis == 0 else self.plane.c2p(0, v)
                if axis == 0:
                    label.next_to(at, DOWN, buff=0.1)
                    if v < 0:
                        label.shift(LEFT * 0.12)
                else:
                    label.next_to(at, LEFT, buff=0.1)
                if not clear(_box(label)):
                    continue
                label.add_background_rectangle(color=colour("background"), opacity=0.85, buff=0.03)
                out.add(label)
        return out

    def stretch(self, i: int, factor: float):
        """Vector i grows (or shrinks) to `factor` times its length; its word follows."""
        return self.trackers[i].animate.set_value(factor)


__all__ = ["NEUTRAL", "WordPlane"]
