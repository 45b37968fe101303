"""The plane a 2x2 matrix moves, 3Blue1Brown's picture: a fixed background grid, a grid that
moves with the matrix, the unit square it carries (shaded), the unit vectors î and ĵ, and a
live matrix of where î and ĵ are now.

The plane's state is its current matrix, held in four ValueTrackers; the moving grid, î, ĵ
and every live number redraw from them on each frame. A move animates the trackers from the
current matrix C to M·C, entry by entry, which is exactly the straight-line path of every
point (manim's ApplyMatrix): the grid lines stay straight, parallel and evenly spaced all the way.
With `turning=True` a move follows mathcore.transformation_path instead: a rotation turns the
plane at full size (a straight path would shrink the square halfway through a turn), a shear or
a stretch still goes straight. `window_for` fits the plane to every unit square a scene will draw;
`basis_roles` gives î and ĵ colours of their own.

    plane = MovingPlane(extent=3)
    layout.TALL_MAIN.place(plane)
    self.play(plane.appear())
    self.play(plane.move_by(A, role="a"))     # î and ĵ land on A's columns, drawn in A's colour
    ghost = plane.ghost("result")             # a dashed copy of the grid where it is now
    self.play(plane.reset())                  # back to the untouched plane

Each widget returns its own animations; none compiles LaTeX after it is built.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    DashedLine,
    DashedVMobject,
    DecimalNumber,
    FadeIn,
    FadeOut,
    LaggedStart,
    ManimColor,
    MobjectMatrix,
    NumberPlane,
    Rectangle,
    Succession,
    SurroundingRectangle,
    Transform,
    UpdateFromAlphaFunc,
    ValueTracker,
    VGroup,
    VMobject,
    interpolate_color,
    linear,
    rush_into,
    smooth,
)

from toolkit.builders import plane, plane_extent
from toolkit.formulas import DotProductLine
from toolkit.live import Drawn, arrow, placed, redrawn
from toolkit.matrices import MatrixGrid, sub
from toolkit.moves import done_within, swap
from mathcore import transformation_path
from toolkit.light import light
from toolkit.style import colour, math, palette, product_dot, tex_number
from toolkit.theme import SIZES

I_HAT, J_HAT = r"\hat{\imath}", r"\hat{\jmath}"
# The plane shows at least three cells each way from the origin, so the grid reads as a plane.
MIN_EXTENT = 3.0
# The fixed grid under the moving one.
BACKGROUND_OPACITY = 0.4
# The unit square's shade: enough to see where it went, little enough to read the grid through it.
SQUARE_OPACITY = 0.22


def extent_for(*matrices: Sequence[Sequence[float]]) -> float:
    """How far the plane must reach to show î, ĵ and where each matrix sends them, with room
    for their labels."""
    columns = [np.asarray(M, float)[:, k] for M in matrices for k in (0, 1)]
    return max(MIN_EXTENT, plane_extent([1.0, 1.0], *columns))


def clip_to_box(
    p0: np.ndarray, p1: np.ndarray, lo: Sequence[float], hi: Sequence[float]
) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the segment p0-p1 inside the box [lo[0], hi[0]] x [lo[1], hi[1]] (Liang-Barsky),
    or None when none of it is inside."""
    d = p1 - p0
    t0, t1 = 0.0, 1.0
    for p, q in ((-d[0], p0[0] - lo[0]), (d[0], hi[0] - p0[0]), (-d[1], p0[1] - lo[1]), (d[1], hi[1] - p0[1])):
        if abs(p) < 1e-12:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return p0 + t0 * d, p0 + t1 * d


def clip_to_square(p0: np.ndarray, p1: np.ndarray, extent: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the segment p0-p1 inside the square [-extent, extent]^2, or None."""
    return clip_to_box(p0, p1, (-extent, -extent), (extent, extent))


def clip_polygon_to_box(corners: Sequence[np.ndarray], lo: Sequence[float], hi: Sequence[float]) -> list[np.ndarray]:
    """The part of a convex polygon inside the box [lo, hi] (Sutherland-Hodgman: cut by each of
    the box's four sides in turn), as its corners; empty when none is inside."""
    out = [np.asarray(c, float) for c in corners]
    for axis, sign, edge in ((0, 1, hi[0]), (0, -1, lo[0]), (1, 1, hi[1]), (1, -1, lo[1])):
        inside = [sign * p[axis] <= sign * edge for p in out]
        cut = []
        for k, p in enumerate(out):
            q, q_in = out[k - 1], inside[k - 1]
            if inside[k] != q_in:
                t = (edge - q[axis]) / (p[axis] - q[axis])
                cut.append(q + t * (p - q))
            if inside[k]:
                cut.append(p)
        out = cut
        if not out:
            break
    return out


def clip_polygon_to_square(corners: Sequence[np.ndarray], extent: float) -> list[np.ndarray]:
    """The part of a convex polygon inside the square [-extent, extent]^2, as its corners."""
    return clip_polygon_to_box(corners, (-extent, -extent), (extent, extent))


def unit_square(M: Sequence[Sequence[float]]) -> list[np.ndarray]:
    """Where M sends the unit square: 0, î's image, their sum, ĵ's image."""
    m = np.asarray(M, float)
    return [np.zeros(2), m[:, 0], m[:, 0] + m[:, 1], m[:, 1]]


# A window's edge stands this far (in plane units) beyond anything drawn, for the labels past the tips.
WINDOW_MARGIN = 0.8
# The fewest grid cells a window spans, so that the grid reads as a plane.
MIN_SPAN = 5
# The most grid lines across a window: past that the grid steps by 2, 3, ... units.
MOST_LINES = 8


def window_for(
    *matrices: Sequence[Sequence[float]], margin: float = WINDOW_MARGIN, min_span: int = MIN_SPAN, aspect: float = 1.0
) -> tuple[tuple[float, float], tuple[float, float], float]:
    """The part of the plane to show, ((x0, x1), (y0, y1), step), that holds the unit square and
    its image under every matrix (the identity too) with `margin` to spare, on grid lines, the
    content centred: a plane fitted to what is drawn on it, not centred on the origin. Square, or
    `aspect` (height / width) times as tall (or, under 1, as wide) to fill the region it goes in:
    the extra cells go round the content, which keeps its size."""
    points = np.array([c for M in (np.eye(2), *matrices) for c in unit_square(M)])
    lo, hi = points.min(axis=0) - margin, points.max(axis=0) + margin
    span = float(max(hi - lo))
    step = 1.0 if span <= MOST_LINES else float(np.ceil(span / MOST_LINES))
    cells = max(min_span, int(np.ceil(span / step - 1e-9)))
    out = []
    for axis in (0, 1):
        # The span in whole cells, placed so the content sits in its middle, on the grid.
        middle = (lo[axis] + hi[axis]) / 2
        start = step * np.floor(middle / step - cells / 2 + 0.5)
        start = min(start, step * np.floor(lo[axis] / step))
        if start + cells * step < hi[axis]:
            cells_here = int(np.ceil((hi[axis] - start) / step - 1e-9))
        else:
            cells_here = cells
        out.append([float(start), float(start + cells_here * step)])
    # Square (or `aspect`): both spans the larger, the shorter one grown on both sides.
    n = max(round((b - a) / step) for a, b in out)
    want = (n, max(n, int(round(n * aspect)))) if aspect >= 1 else (max(n, int(round(n / aspect))), n)
    for axis, (a, b) in enumerate(out):
        lack = want[axis] - round((b - a) / step)
        below = lack // 2
        out[axis] = [a - below * step, b + (lack - below) * step]
    return (out[0][0], out[0][1]), (out[1][0], out[1][1]), step


def windowed_plane(window: tuple[tuple[float, float], tuple[float, float], float], height: float) -> NumberPlane:
    """builders.plane's look over a window that need not be centred on the origin."""
    (x0, x1), (y0, y1), step = window
    p = NumberPlane(
        x_range=[x0, x1, step],
        y_range=[y0, y1, step],
        x_length=height * (x1 - x0) / max(x1 - x0, y1 - y0),
        y_length=height * (y1 - y0) / max(x1 - x0, y1 - y0),
        background_line_style={"stroke_color": colour("grid"), "stroke_width": 2, "stroke_opacity": 1},
        axis_config={"stroke_color": colour("muted"), "stroke_width": 2},
        faded_line_ratio=1,
    )
    return p


# A second result beside AB (BA), in none of the palette's roles' colours: a violet that stays
# apart from a, b, result, positive, negative, text and muted under every simulated colour vision
# (CIE76 delta E >= 30, tests/scenes/test_transform_scene.py) and reads on the background (contrast >= 4.5).
OTHER_RESULT = {"dark": "#AA55FF", "light": "#8800DD"}
# î and ĵ in colours of their own ("i_hat", "j_hat"), not the positive and negative colours (which
# mean a sign elsewhere in the course): in the dark theme 3Blue1Brown's light green and red. Each
# apart from a, b, result, text, muted and BA's violet under every simulated colour vision (CIE76
# delta E >= 20), from positive and negative and from each other at least to normal vision, and
# legible on the background (contrast >= 4.5; tests/scenes/test_transform_scene.py).
BASIS_COLOURS = {"dark": ("#A9FF8C", "#FF0055"), "light": ("#8C000C", "#4A0059")}


def written_places(*matrices) -> int:
    """The fewest decimals (0, 1 or 2) that write every entry of `matrices` exactly, as the lesson
    writes numbers: 0.5, not 0.50; 2, not 2.00 (fmt_number writes whole numbers whole anyway)."""
    values = np.concatenate([np.asarray(M, float).ravel() for M in matrices])
    for places in (0, 1):
        if np.allclose(values, np.round(values, places), atol=1e-9):
            return places
    return 2


def role_colour(role: str) -> str:
    """`style.colour(role)`, and "other": the second result's colour in the active theme."""
    if role == "other":
        return OTHER_RESULT.get(palette().name, OTHER_RESULT["dark"])
    if role in ("i_hat", "j_hat"):
        return BASIS_COLOURS.get(palette().name, BASIS_COLOURS["dark"])[role == "j_hat"]
    return colour(role)


class MovingPlane(VGroup):
    """A square plane from -extent to extent (or over `window`, see `window_for`) whose grid, î and
    ĵ a 2x2 matrix moves (module doc).

    Options (the defaults keep the first behaviour):
    - `window`: ((x0, x1), (y0, y1), step), the part of the plane shown, instead of `extent`;
    - `basis_roles`: î's and ĵ's own colours, kept through every move (the unit square then carries
      the colour of the matrix acting); by default both arrows take the acting matrix's colour;
    - `basis_label_size`: the font size of î's and ĵ's labels on the plane (by default `size`);
    - `turning`: moves follow `mathcore.transformation_path` (a rotation turns, a shear shears, never
      a shrinking square), and a reset goes back along the way the current matrix would have come;
      by default every entry moves on a straight line (manim's ApplyMatrix).

        plane = MovingPlane(extent=3)
        self.play(plane.appear())
        self.play(plane.move_by([[1, 1], [0, 1]], role="a"))   # a shear: î stays, ĵ leans
    """

    def __init__(
        self,
        extent: float = MIN_EXTENT,
        height: float = 6.0,
        size: int = SIZES.body,
        window: tuple[tuple[float, float], tuple[float, float], float] | None = None,
        basis_roles: tuple[str, str] | None = None,
        turning: bool = False,
        basis_label_size: int | None = None,
    ):
        if window is None:
            self.extent = float(extent)
            self.lo, self.hi = np.array([-self.extent] * 2), np.array([self.extent] * 2)
            self.background = plane(self.extent, height)
        else:
            (x0, x1), (y0, y1), _ = window
            self.lo, self.hi = np.array([x0, y0], float), np.array([x1, y1], float)
            self.extent = float(np.abs(np.concatenate([self.lo, self.hi])).max())
            self.background = windowed_plane(window, height)
        self.basis_roles = basis_roles
        self.turning = turning
        # The fixed grid stays as a faint reference: as bright as the moving grid, the two crossed
        # into a mesh of triangles once the plane was sheared.
        self.background.background_lines.set_stroke(opacity=BACKGROUND_OPACITY)
        self.step = float(self.background.x_range[2])
        self.entries = [ValueTracker(v) for v in (1.0, 0.0, 0.0, 1.0)]  # row by row
        # The arrows' colour fades from `_from` to `_to` as `mix` runs 0 -> 1 during a move.
        self.mix = ValueTracker(1.0)
        self._from = self._to = colour("text")
        # Outlines (plane coordinates) the labels keep off, besides the arrows and the unit square.
        self._avoid: list[np.ndarray] = []
        self._label_spots: dict[int, tuple[int, np.ndarray]] = {}  # k -> (ring, offset from the tip) last frame

        # Grid lines at every step, far enough out that a turned or sheared grid still covers
        # the square; each is clipped to the square on every frame.
        reach = int(np.ceil(4 * self.extent / self.step))
        ks = [k * self.step for k in range(-reach, reach + 1)]
        far = reach * self.step
        self._segments = [((k, -far), (k, far), k == 0) for k in ks] + [((-far, k), (far, k), k == 0) for k in ks]
        self.grid = VGroup(*(VMobject() for _ in self._segments))
        redraw = Drawn(self.current, placed(self.background)).guarding(self._draw_grid)
        redraw(self.grid)
        self.grid.add_updater(redraw)

        # The unit square, shaded, moves with the grid: the parallelogram î and ĵ span shows a move
        # the grid alone hides (a quarter turn maps the grid's lines onto themselves, not the square).
        self.square = VMobject()
        shade = Drawn(self.current, self.arrow_colour, placed(self.background)).guarding(self._draw_square)
        shade(self.square)
        self.square.add_updater(shade)

        self.i_hat = redrawn(lambda: self._arrow(0), self.current, self.arrow_colour, placed(self.background))
        self.j_hat = redrawn(lambda: self._arrow(1), self.current, self.arrow_colour, placed(self.background))
        self.label_size = size
        self.i_label = math(I_HAT, size=basis_label_size or size)
        self.j_label = math(J_HAT, size=basis_label_size or size)
        for k, label in enumerate((self.i_label, self.j_label)):
            # Grid lines pass under the labels wherever the arrows land; an opaque patch of
            # background hides them there (at 0.85 a bright line still showed through the glyphs).
            label.add_background_rectangle(color=colour("background"), opacity=1.0, buff=0.08)
            # Placed again only when the matrix, the colour or the plane has moved, or something
            # else has moved the label: through every animation that leaves the plane still,
            # placing was a twentieth of MatrixAsTransformation's drawing thread (py-spy, -q h).
            place = Drawn(self.current, self.arrow_colour, placed(self.background), lambda: len(self._avoid)).guarding(
                lambda m, k=k: self._place_label(m, k)
            )
            place(label)
            label.add_updater(place)
        super().__init__(self.background, self.grid, self.square, self.i_hat, self.j_hat, self.i_label, self.j_label)

    # --- state ------------------------------------------------------------------------------

    def current(self) -> np.ndarray:
        """The matrix the plane has been moved by so far."""
        return np.array([t.get_value() for t in self.entries], float).reshape(2, 2)

    def arrow_colour(self) -> str:
        """The acting matrix's colour (the unit square's; the arrows' too without `basis_roles`)."""
        return interpolate_color(ManimColor(self._from), ManimColor(self._to), self.mix.get_value())

    def basis_colour(self, k: int) -> str:
        """î's (k = 0) or ĵ's colour now."""
        return role_colour(self.basis_roles[k]) if self.basis_roles else self.arrow_colour()

    def tip(self, k: int) -> np.ndarray:
        """Where î (k = 0) or ĵ (k = 1) points now, in scene coordinates."""
        return self.background.c2p(*self.current()[:, k])

    def to_scene(self, p) -> np.ndarray:
        return self.background.c2p(*p)

    # --- drawing ----------------------------------------------------------------------------

    def _draw_grid(self, grid: VGroup) -> None:
        """The lines clipped to the square (only when the matrix or the plane has moved: `Drawn`)."""
        M = self.current()
        for line, (p0, p1, is_axis) in zip(grid, self._segments):
            clipped = clip_to_box(M @ np.array(p0), M @ np.array(p1), self.lo, self.hi)
            if clipped is None:
                # Outside the square: no points, so the camera leaves it out of the frame (most of
                # the far-reaching lines most of the time; drawn invisibly, they were a third of
                # the grid's drawing).
                line.clear_points()
                continue
            a, b = clipped
            line.set_points_as_corners([self.background.c2p(*a), self.background.c2p(*b)])
            # The moved axes stand out from the other moved lines, as the fixed axes do.
            line.set_stroke(
                colour("text") if is_axis else colour("muted"),
                width=3 if is_axis else 1.6,
                opacity=0.9 if is_axis else 0.7,
            )

    def _draw_square(self, square: VMobject) -> None:
        """The image of the unit square, clipped to the plane, in the arrows' colour."""
        M = self.current()
        corners = clip_polygon_to_box(unit_square(M), self.lo, self.hi)
        if len(corners) < 3 or abs(np.linalg.det(M)) < 1e-9:  # out of the plane, or squashed flat
            square.clear_points()
            return
        square.set_points_as_corners([self.background.c2p(*c) for c in [*corners, corners[0]]])
        square.set_fill(self.arrow_colour(), opacity=SQUARE_OPACITY).set_stroke(width=0)

    def _arrow(self, k: int) -> VMobject:
        start, end = self.background.c2p(0, 0), self.tip(k)
        if np.linalg.norm(end - start) < 0.05:  # squashed to the origin: nothing to point at
            return VMobject()
        return arrow(
            start,
            end,
            self.basis_colour(k),
            stroke_width=SIZES.stroke,
            max_tip_length_to_length_ratio=0.3,
            tip_length=0.25,
        )

    # Where each label sits before the plane moves: past the tip and off its arrow, inside the
    # grid cell next to the tip. The label moves with that point, so it stays in that cell.
    LABEL_AT = (np.array([1.3, 0.35]), np.array([-0.35, 1.3]))
    # How far past the tip (scene units, box edge to tip) a label may stand, nearest first.
    RINGS = (0.15, 0.35, 0.6)
    # The most apart the points sampled along a line a label keeps off stand (scene units).
    SPACING = 0.04

    def _place_label(self, label: VMobject, k: int) -> None:
        M = self.current()
        here, there = (self.background.c2p(*(M @ (self.LABEL_AT[j] * min(self.step, 1.0)))) for j in (k, 1 - k))
        if self.basis_roles:
            label.move_to(self._clear_spot(label, k, here))
        else:
            label.move_to(here + self._apart(here, there, k, label))
        label[1:].set_color(self.basis_colour(k))  # [0] is the background patch

    def avoid(self, M) -> None:
        """The labels keep off the outline of where M sends the unit square (a ghost's, say)."""
        self._avoid.append(np.array(unit_square(M)))

    def forget(self) -> None:
        """The labels need no longer keep off the outlines given to `avoid`."""
        self._avoid.clear()

    def _obstacles(self, k: int) -> np.ndarray:
        """Points along every line the label of î (k = 0) or ĵ must keep off, in scene coordinates:
        both arrows, the unit square's sides, the outlines to avoid, the other label."""
        M = self.current()
        polylines = [np.array([[0, 0], M[:, 0]]), np.array([[0, 0], M[:, 1]])]
        square = unit_square(M)
        polylines.append(np.array([*square, square[0]]))
        polylines += [np.array([*p, p[0]]) for p in self._avoid]
        # Points at most SPACING apart in the scene, whatever a line's length (24 to a line, a long
        # outline's side left gaps a label's corner could sit in).
        ends = [
            (self.background.c2p(*a)[:2], self.background.c2p(*b)[:2])
            for line in polylines
            for a, b in zip(line[:-1], line[1:])
        ]
        pts = [
            a + np.linspace(0, 1, max(2, int(np.ceil(np.linalg.norm(b - a) / self.SPACING)) + 1))[:, None] * (b - a)
            for a, b in ends
        ]
        scene = np.concatenate(pts)
        s = np.linspace(0, 1, 24)[:, None]
        if k == 1:
            # ĵ's label keeps off î's, placed first this frame.
            other = self.i_label
            corners = np.array([other.get_corner(d)[:2] for d in (UP + LEFT, UP + RIGHT, DOWN + RIGHT, DOWN + LEFT)])
            box = [a + s * (b - a) for a, b in zip(corners, np.roll(corners, -1, axis=0))]
            scene = np.concatenate([scene, *box])
        return scene

    def _clear_spot(self, label: VMobject, k: int, preferred: np.ndarray) -> np.ndarray:
        """Where to put the label of î (k = 0) or ĵ: beside its tip, in the direction nearest to
        `preferred` (past the tip, off the arrow) whose box keeps clear of every line it must not
        sit on (`_obstacles`) and stays on the plane; if none is clear, the clearest."""
        tip = self.tip(k)[:2]
        w, h = label.width / 2, label.height / 2
        points = self._obstacles(k)
        want = preferred[:2] - tip
        want_angle = np.arctan2(want[1], want[0]) if np.linalg.norm(want) > 1e-9 else 0.0
        gap = 0.08
        left, bottom = self.background.c2p(*self.lo)[:2]
        right, top = self.background.c2p(*self.hi)[:2]

        def on_plane(centre) -> bool:
            return bool(left + w <= centre[0] <= right - w and bottom + h <= centre[1] <= top - h)

        def clearances(centres: np.ndarray) -> list[float]:
            """How far a box centred at each of `centres` keeps from every line."""
            return np.min(
                np.maximum(
                    np.abs(points[None, :, 0] - centres[:, None, 0]) - w,
                    np.abs(points[None, :, 1] - centres[:, None, 1]) - h,
                ),
                axis=1,
            ).tolist()

        best = None
        last = self._label_spots.get(k)
        # Just off the tip first; when every spot there meets a line (a tip inside an outline, near
        # its side: the label then sat on the dashes, review), a little further out. A ring further
        # out costs as much as turning half way round: any clear spot next to the tip comes first.
        candidates = []  # (ring, turn, centre)
        for ring, beyond in enumerate(self.RINGS):
            for turn in np.radians(np.arange(0, 360, 15)):
                a = want_angle + turn
                u = np.array([np.cos(a), np.sin(a)])
                # The box's edge `beyond` past the tip along u.
                r = min(w / abs(u[0]) if abs(u[0]) > 1e-9 else np.inf, h / abs(u[1]) if abs(u[1]) > 1e-9 else np.inf)
                candidates.append((ring, turn, tip + u * (r + beyond)))
        # Every spot's clearance at once: one numpy call per spot was a tenth of
        # MatrixAsTransformation's drawing pass.
        for (ring, turn, centre), clearance in zip(candidates, clearances(np.array([c for _, _, c in candidates]))):
            inside = on_plane(centre)
            off = min(turn, 2 * np.pi - turn) + ring * np.pi
            clear = clearance >= gap and inside
            score = (clear, -off if clear else clearance + inside)
            if best is None or score > best[0]:
                best = (score, centre, ring)
        # Where the label stood last frame, if it is still clear and no further out than the best:
        # a label that jumps to another clear spot and back as lines sweep past reads as a new
        # label (î jumped into the sheared square and out again: review).
        if last is not None and best[0][0] and last[0] <= best[2]:
            if clearances((tip + last[1])[None])[0] >= gap and on_plane(tip + last[1]):
                return np.array([*(tip + last[1]), 0.0])
        self._label_spots[k] = (best[2], best[1] - tip)
        return np.array([*best[1], 0.0])

    def _apart(self, here: np.ndarray, there: np.ndarray, k: int, label: VMobject) -> np.ndarray:
        """A matrix that squashes the plane towards a line brings LABEL_AT's two points together,
        and î's and ĵ's labels onto each other: each then moves half the way they lack to clear
        each other (both labels are the same size), along the line between their points (or, when
        those coincide, across the line the plane is squashed onto, î to one side and ĵ to the other)."""
        d = (here - there)[:2]
        if np.linalg.norm(d) > 1e-6:
            u = d / np.linalg.norm(d)
        else:
            col = max((self.current()[:, j] for j in (0, 1)), key=np.linalg.norm)
            u = np.array([-col[1], col[0]]) / (np.linalg.norm(col) or 1.0)
            if not np.linalg.norm(col):
                u = np.array([0.0, 1.0])
            u = u if k == 0 else -u
        gap = 0.1
        w, h = label.width + gap, label.height + gap
        # How far apart along u the two centres must be for the boxes not to meet.
        need = min(w / abs(u[0]) if abs(u[0]) > 1e-9 else np.inf, h / abs(u[1]) if abs(u[1]) > 1e-9 else np.inf)
        lack = need - float(np.dot(d, u))
        return np.array([*(u * lack / 2), 0.0]) if lack > 0 else np.zeros(3)

    # --- animations -------------------------------------------------------------------------

    def appear(self, run_time: float = 1.5) -> AnimationGroup:
        return AnimationGroup(
            FadeIn(self.background),
            Create(self.grid),
            AnimationGroup(
                FadeIn(self.square), FadeIn(self.i_hat), FadeIn(self.j_hat), FadeIn(self.i_label), FadeIn(self.j_label)
            ),
            lag_ratio=0.5,
            run_time=run_time,
        )

    def _along(self, path, role: str, run_time: float) -> UpdateFromAlphaFunc:
        """The plane's matrix follows `path(alpha)` as the animation runs, its colour fading to `role`'s."""
        self._from, self._to = self.arrow_colour(), role_colour(role)
        self.mix.set_value(0.0)

        def follow(_, alpha: float) -> None:
            for tracker, v in zip(self.entries, path(alpha).flat):
                tracker.set_value(v)
            self.mix.set_value(alpha)

        return UpdateFromAlphaFunc(self.mix, follow, run_time=run_time)

    def move_to_matrix(self, target: np.ndarray, role: str, run_time: float = 2.0):
        """The plane moves from where it is to `target` (every point on a straight line), and
        î, ĵ take on `role`'s colour as they go. Build it just before it is played."""
        target = np.asarray(target, float)
        if self.turning:
            C = self.current()
            return self._along(lambda t: (1 - t) * C + t * target if t < 1 else target, role, run_time)
        self._from, self._to = self.arrow_colour(), role_colour(role)
        self.mix.set_value(0.0)
        return AnimationGroup(
            *(t.animate.set_value(v) for t, v in zip(self.entries, target.flat)),
            self.mix.animate.set_value(1.0),
            run_time=run_time,
        )

    def move_by(self, M: np.ndarray, role: str, run_time: float = 2.0):
        """M acts on the plane as it is now: the plane's matrix goes from C to M·C (with `turning`,
        through transformation_path(M, t)·C: a rotation turns the plane at full size)."""
        M = np.asarray(M, float)
        if self.turning:
            C = self.current()
            return self._along(lambda t: transformation_path(M, t) @ C, role, run_time)
        return self.move_to_matrix(M @ self.current(), role, run_time)

    def reset(self, run_time: float = 1.0, role: str = "text"):
        """Back to the untouched plane (with `turning`, back along the way the current matrix
        would have come from the identity)."""
        if self.turning:
            C = self.current()
            return self._along(lambda t: transformation_path(C, 1 - t), role, run_time)
        return self.move_to_matrix(np.eye(2), role, run_time)

    def restart(self, run_time: float = 1.0) -> AnimationGroup:
        """The plane starts again, untouched: the moved grid and square fade out where they are,
        over the untouched ones (drawn at once under them); î and ĵ are at once where they start. A
        fresh start, not a move played backwards (a reset reads as "undo"). The live parts are not faded in: they redraw
        themselves, and an animation's copy of them would not match them glyph for glyph."""
        parts = VGroup(self.grid, self.square, self.i_hat, self.j_hat, self.i_label, self.j_label)
        # Only the grid and the square fade out: î and ĵ are at once where they start (a fading copy
        # of them beside the fresh ones showed each twice: review).
        old = VGroup(self.grid, self.square).copy().clear_updaters()
        for t, v in zip(self.entries, (1.0, 0.0, 0.0, 1.0)):
            t.set_value(v)
        self._from = self._to = colour("text")
        self.mix.set_value(1.0)
        parts.update()
        return FadeOut(old, run_time=run_time)

    def outline(self, role: str, M=None) -> VMobject:
        """A still, dashed outline of where M (by default the plane's matrix now) sends the unit
        square, in `role`'s colour; the labels keep off it while it is on screen (`avoid`)."""
        M = self.current() if M is None else np.asarray(M, float)
        return square_outline(M, self.background.c2p, self.lo, self.hi, role)

    def ghost(self, role: str, name: str | None = None) -> VGroup:
        """A still, dashed copy of the moved grid and of î and ĵ where they are now, in `role`'s
        colour, with a key naming it `name` (LaTeX) to place beside the plane: what a later move can
        be seen to land on (or not)."""
        lines = VGroup()
        for line in self.grid:
            if not line.has_points():
                continue  # outside the square
            length = np.linalg.norm(line.get_end() - line.get_start())
            if line.get_stroke_opacity() > 0 and length > 0.05:
                # Dashes of one length whatever the line's: a clipped corner line is not dotted.
                lines.add(DashedVMobject(line.copy().clear_updaters(), num_dashes=max(2, int(length / 0.22))))
        # Quieter than the grid that moves over it, so that the two grids can be told apart.
        lines.set_stroke(role_colour(role), width=2, opacity=0.6)
        outline = VGroup()
        if self.square.has_points():
            # The square's outline, dashed: where the unit square went under this move.
            square = self.square.copy().clear_updaters().set_fill(opacity=0)
            outline.add(DashedVMobject(square.set_stroke(role_colour(role), width=4, opacity=1), num_dashes=20))
        arrows = VGroup(*(a.copy().clear_updaters() for a in (self.i_hat, self.j_hat)))
        arrows.set_color(role_colour(role)).set_opacity(0.6)
        group = VGroup(lines, outline, arrows)
        # The grid's lines can go (`FadeOut(ghost.lines)`) while the square and î, ĵ stay to compare.
        group.lines, group.outline, group.arrows = lines, outline, arrows
        group.legend = None
        if name:
            group.legend = self.key(role, name)
            group.add(group.legend)
        return group

    def key(self, role: str, name: str) -> VGroup:
        """A key beside the plane, not a tag on it (î and ĵ's labels roam the plane and would meet
        it): a dashed line in `role`'s colour and `name` (LaTeX)."""
        return dashed_key(role, name, self.label_size)


def square_outline(M, to_point, lo, hi, role: str, width: float = 4, dashes: int = 24) -> VMobject:
    """A still, dashed outline of where M sends the unit square, kept inside the box lo..hi (plane
    coordinates), in `role`'s colour; `to_point` takes plane coordinates to the scene's."""
    corners = clip_polygon_to_box(unit_square(M), lo, hi)
    shape = VMobject().set_points_as_corners([to_point(*c) for c in [*corners, corners[0]]])
    shape.set_fill(opacity=0).set_stroke(role_colour(role), width=width, opacity=1)
    return DashedVMobject(shape, num_dashes=dashes)


def dashed_key(role: str, name: str, size: int) -> VGroup:
    """A key naming a dashed outline: a dashed line in `role`'s colour and `name` (LaTeX)."""
    sample = DashedLine(ORIGIN, RIGHT * 0.9, dash_length=0.12, color=role_colour(role), stroke_width=3)
    tag = math(name, size=size)
    tag.set_color(role_colour(role))
    return VGroup(sample, tag).arrange(RIGHT, buff=0.2)


class WrittenNumber(DecimalNumber):
    """A live number written as the matrices write theirs (style.tex_number: 2, not 2.00; 0.50).

    For example:

        numbers = VGroup(WrittenNumber(2), WrittenNumber(0.5), WrittenNumber(-1.25)).arrange(RIGHT, buff=1)
    """

    def _get_num_string(self, number) -> str:
        # Rounded first: 0.99997 mid-move is "1", not "1.0" (nor -0.00003 "−0.0").
        rounded = round(float(np.real(number)), self.num_decimal_places) + 0.0
        return tex_number(rounded, self.num_decimal_places)


class LiveMatrix(VGroup):
    """The plane's current matrix as live numbers, headed î and ĵ: column 1 is where î is now
    and column 2 where ĵ is, in the arrows' colour (î's and ĵ's own with the plane's `basis_roles`).

    Options: `written`, the figures as the matrices write theirs (WrittenNumber) instead of with
    `places` decimals; `tagged`, room on the left for the name of the matrix it holds (`name_as`);
    `head_size`, the font size of the î and ĵ heading the columns (by default `size`).

        plane = MovingPlane(extent=3, height=5).to_edge(LEFT)
        live = LiveMatrix(plane).to_edge(RIGHT, buff=1.5)
        self.add(plane, live)
        self.play(plane.move_by([[2, 0], [1, 1]], role="a"))   # the numbers follow î and ĵ
    """

    def __init__(
        self,
        moving: MovingPlane,
        size: int = SIZES.body,
        places: int = 2,
        written: bool = False,
        tagged: bool = False,
        head_size: int | None = None,
    ):
        self.moving = moving
        self.size = size
        # Slots as wide as the widest figure the plane can show, so the brackets never move ("−0.73";
        # with one decimal, "−0.7").
        wide = 0.95 if places >= 2 else 0.8
        slots = [
            [
                Rectangle(width=wide * size / SIZES.body, height=0.42 * size / SIZES.body, stroke_opacity=0)
                for _ in range(2)
            ]
            for _ in range(2)
        ]
        self.matrix = MobjectMatrix(
            slots,
            h_buff=(1.45 if places >= 2 else 1.2) * size / SIZES.body,
            v_buff=0.75 * size / SIZES.body,
            bracket_config={"color": colour("muted")},
        )
        self.numbers = VGroup()
        self.places = places
        # While a move runs with `arrive`: the matrix the figures show (where the plane was, then where
        # it lands; None: where it is now), and each figure's opacity (a figure that changes is out of
        # sight in between).
        self.shown: np.ndarray | None = None
        self.veil = np.ones((2, 2))
        self._landing = ValueTracker(0.0)
        kind = WrittenNumber if written else DecimalNumber
        for r in range(2):
            for c in range(2):
                number = kind(moving.current()[r, c], num_decimal_places=places, font_size=size)
                number._veiled = 1.0
                # Set, coloured and centred again only when its entry, the colour or its slot has
                # changed, or something else has moved it: through the animations that leave the
                # plane still, following was a sixth of MatrixAsTransformation's drawing thread.
                follow = Drawn(
                    lambda r=r, c=c: self._showing()[r, c],
                    lambda r=r, c=c: self.veil[r, c],
                    lambda c=c: moving.basis_colour(c),
                    lambda slot=slots[r][c]: slot.points,
                ).guarding(lambda d, r=r, c=c, slot=slots[r][c]: self._follow(d, r, c, slot))
                follow(number)
                number.add_updater(follow)
                self.numbers.add(number)
        columns = self.matrix.get_columns()
        self.heads = VGroup(
            *(math(s, size=head_size or size).next_to(columns[k], UP, buff=0.2) for k, s in enumerate((I_HAT, J_HAT)))
        )
        for k, head in enumerate(self.heads):
            head.add_updater(lambda m, k=k: self._recolour(m, k))
        parts = [self.matrix, self.numbers, self.heads]
        self.tag = None
        if tagged:
            # Room for "AB =" left of the brackets, so naming the matrix moves nothing.
            self.tag_room = Rectangle(
                width=1.25 * size / SIZES.body, height=0.42 * size / SIZES.body, stroke_opacity=0, fill_opacity=0
            ).next_to(self.matrix, LEFT, buff=0.15)
            parts.insert(0, self.tag_room)
        super().__init__(*parts)

    def _showing(self) -> np.ndarray:
        return self.moving.current() if self.shown is None else self.shown

    def _follow(self, number: DecimalNumber, r: int, c: int, slot: VMobject) -> None:
        number.set_value(self._showing()[r, c])
        self._recolour(number, c)
        # The veil's opacity only while `arrive` sets it (a new figure's glyphs come in opaque): a FadeIn
        # or FadeOut of the figures is left alone.
        if number._veiled != self.veil[r, c] or self.veil[r, c] < 1:
            number.set_opacity(self.veil[r, c])
            number._veiled = self.veil[r, c]
        number.move_to(slot)

    def arrive(self, end, fade: float = 0.3) -> UpdateFromAlphaFunc:
        """To play with a move of the plane to `end` (the matrix it will hold): each figure that
        the move changes fades out, as it was, over the move's first `fade` seconds, is out of sight
        while the plane moves, and fades in over its last `fade` seconds as the figure it lands on.
        Never a figure in between: a viewer who pauses mid-move reads no column that is no matrix's
        (a running "(0.4, 1)" mid-shear, review). 3Blue1Brown's picture: the vectors move, and where
        they land is read once they have landed. Build it just before it is played, as the move."""
        start, end = self.moving.current(), np.asarray(end, float)
        changes = np.round(start, self.places) != np.round(end, self.places)

        def step(_, t: float) -> None:
            if t >= 1.0:
                self.shown, self.veil = None, np.ones((2, 2))
                return
            span = max(animation.run_time, 1e-6)
            share = min(0.3, fade / span)
            if t < share:
                self.shown, seen = start, 1.0 - t / share
            elif t > 1.0 - share:
                self.shown, seen = end, (t - (1.0 - share)) / share
            else:
                self.shown, seen = end, 0.0
            self.veil = np.where(changes, smooth(seen), 1.0)

        animation = UpdateFromAlphaFunc(self._landing, step, rate_func=linear)
        return animation

    def _recolour(self, m: VMobject, k: int = 0) -> None:
        """In column k's colour: set again only when it or the glyphs (a new figure) change."""
        now = (str(self.moving.basis_colour(k)), tuple(id(g) for g in m.submobjects))
        if getattr(m, "_coloured_as", None) != now:
            m.set_color(self.moving.basis_colour(k))
            m._coloured_as = now

    def name_as(self, name: str, role: str):
        """The matrix it holds named on its left, "name =" (name in LaTeX, in `role`'s colour); the
        name it had goes. Needs `tagged`."""
        new = math(name, "=", size=self.size)
        new[0].set_color(role_colour(role))
        new.move_to(self.tag_room).align_to(self.tag_room, RIGHT)
        old, self.tag = self.tag, new
        if old is None:
            return FadeIn(new)
        return AnimationGroup(FadeOut(old, shift=UP * 0.2), FadeIn(new, shift=UP * 0.2))

    def unname(self) -> list:
        """The name goes (the plane is back to where it started): its animation, if it had one."""
        old, self.tag = self.tag, None
        return [FadeOut(old, shift=UP * 0.2)] if old is not None else []

    def column(self, k: int) -> list[DecimalNumber]:
        """Column k's numbers (a list, not a group: a new group played would be added to the scene twice over)."""
        return [self.numbers[k], self.numbers[2 + k]]

    def column_box(self, k: int, role: str = "highlight") -> SurroundingRectangle:
        return SurroundingRectangle(
            VGroup(*self.column(k), self.heads[k]), color=role_colour(role), buff=0.12, stroke_width=3
        )


class ProductLine(VGroup):
    """left · right = product, three 2x2 matrices in their roles' colours with their names
    under them; the product's cells start hidden, to be worked out (`ColumnWorking`, `fill_column`)
    or shown (`fill`).

        A, B = np.array([[1, 1], [0, 1]]), np.array([[0, -1], [1, 0]])
        line = ProductLine(A, B, A @ B, ("A", "B", "AB"), ("a", "b", "result"))
        self.add(line)
        self.play(line.fill())
    """

    def __init__(
        self,
        left: np.ndarray,
        right: np.ndarray,
        product: np.ndarray,
        names: tuple[str, str, str],
        roles: tuple[str, str, str],
        size: int = SIZES.body,
        upright: bool = True,
        places: int = 2,
    ):
        """`roles` may name "other" (role_colour); `upright=False` writes the names as the other
        scenes write matrices (italic: A, B), not bold upright."""
        self.size = size
        self.roles = roles
        self.values = [np.asarray(M, float) for M in (left, right, product)]
        self.places = places
        self.grids = [
            MatrixGrid.tight(M, "result" if role == "other" else role, size=size, places=places)
            for M, role in zip(self.values, roles)
        ]
        for g, role in zip(self.grids, roles):
            if role == "other":
                g.entries().set_color(role_colour(role))
        self.dot, self.equals = product_dot(size=size), math("=", size=size)
        row = VGroup(self.grids[0], self.dot, self.grids[1], self.equals, self.grids[2]).arrange(buff=0.18)
        self.names = VGroup()
        for n, role, g in zip(names, roles, self.grids):
            name = math(rf"\mathbf{{{n}}}" if upright else n, size=size).next_to(g, DOWN, buff=0.15)
            self.names.add(name.set_color(role_colour(role)))
        self.frame: SurroundingRectangle | None = None
        super().__init__(row, self.names)

    @property
    def product(self) -> MatrixGrid:
        return self.grids[2]

    def show(self, k: int) -> FadeIn:
        """The k-th matrix (0, 1 or 2) with its name; the product's brackets only, for 2."""
        g = self.grids[k]
        body = VGroup(g.matrix.get_brackets()) if k == 2 else g
        ops = [self.dot] if k == 1 else [self.equals] if k == 2 else []
        return FadeIn(VGroup(*ops, body, self.names[k]))

    def act(self, k: int):
        """A frame round the k-th matrix and its name, in its colour: this one is moving the plane
        now. The frame moves on from the matrix framed before."""
        new = SurroundingRectangle(
            VGroup(self.grids[k], self.names[k]), color=role_colour(self.roles[k]), buff=0.08, stroke_width=3
        )
        if self.frame is None:
            self.frame = new
            return Create(new)
        return Transform(self.frame, new)

    def rest(self) -> FadeOut:
        """The frame goes: no matrix is acting."""
        frame, self.frame = self.frame, None
        return FadeOut(frame)

    def fill_column(self, c: int) -> LaggedStart:
        """Column c of the product appears the same way without its working: column c of the right
        matrix is framed, and its cells drop in one after the other."""
        frame = self.grids[1].col_box(c, self.grids[1].role)
        cells = [self.product.cell(r, c) for r in range(2)]
        return Succession(
            Create(frame), LaggedStart(*(FadeIn(m, shift=DOWN * 0.2) for m in cells), lag_ratio=0.5), FadeOut(frame)
        )

    def fill(self) -> FadeIn:
        return FadeIn(VGroup(*self.cells()))

    def rename(self, *parts: str, role: str = "result"):
        """The product's name becomes `parts` (e.g. BA, \\neq, AB; the middle part in the
        highlight colour), under the product and no further right than the line."""
        old = self.names[2]
        new = math(*parts, size=self.size).set_color(role_colour(role)).move_to(old)
        if len(parts) == 3:
            new[1].set_color(colour("highlight"))
        new.shift(np.array([min(0.0, self.get_right()[0] - new.get_right()[0]), 0.0, 0.0]))
        self.names.remove(old)
        self.names.add(new)
        return swap(old, new)

    def cells(self) -> list[VMobject]:
        g = self.product
        return [g.cell(r, c) for r in range(2) for c in range(2)]


# A frame in a working step is drawn in this share of the step, then stands.
FRAMED_WITHIN = 0.6


class ColumnWorking(VGroup):
    """Column c of a ProductLine's product worked row by column, one DotProductLine per row:
    (AB)_1c = (row r of A) · (column c of B) = total, each total landing in its cell.

        A, B = np.array([[1, 1], [0, 1]]), np.array([[0, -1], [1, 0]])
        line = ProductLine(A, B, A @ B, ("A", "B", "AB"), ("a", "b", "result")).to_edge(UP)
        working = ColumnWorking(line, 0).next_to(line, DOWN, buff=0.6)
        self.add(line, working)
    """

    def __init__(self, line: ProductLine, c: int, name: str = "AB", size: int = SIZES.body):
        self.line, self.c = line, c
        left, right, product = line.values
        self.rows = [
            DotProductLine(
                left[r],
                right[:, c],
                prefix=rf"({name})" + sub(f"{r + 1}{{,}}{c + 1}") + " =",
                products=False,
                total=product[r, c],
                size=size,
                places=line.places,
            )
            for r in range(2)
        ]
        super().__init__(*self.rows)
        self.arrange(DOWN, buff=0.35)

    @staticmethod
    def _summed(row: DotProductLine) -> AnimationGroup:
        """As `row.sum_up(boxed=False)` looks (a soft patch of light over the pairs, the total
        appearing beside the "=" as it goes), but every part begun with the step: in sum_up's
        Succession the total, added with the step and not yet faded in, stood whole beside the
        sum before the "=" for the first half (review, matmul 214.7 s)."""
        patch = SurroundingRectangle(
            VGroup(*(row.terms or row.pairs)),
            buff=0.06,
            stroke_width=0,
            fill_color=colour("highlight"),
            fill_opacity=0.22,
        )

        def glow(m: VMobject, t: float) -> None:
            m.set_fill(opacity=0.22 * (rush_into(min(1.0, 2 * t)) if t < 0.5 else 1 - smooth(2 * t - 1)))

        return AnimationGroup(
            FadeIn(row.equals),
            UpdateFromAlphaFunc(patch, glow, remover=True),
            FadeIn(row.total, scale=1.2, rate_func=lambda t: smooth(max(0.0, 2 * t - 1))),
        )

    def steps(self) -> list:
        """The animations to play one after another: the prefixes; then for each row, three: its
        row of the left matrix framed; the column of the right framed (in the first part of its
        step, so that it stands whole while it is named) as their figures are lit in place and
        their pairs written; and the total written as the frames go, then lit as its cell comes in
        in the product. (Flown from the matrices, the figures crossed the entries under them, the
        names and AB's empty brackets on their way; drawn one after the other over a whole step,
        the column's frame was still half drawn as the words named it: review.)"""
        A, B, C = self.line.grids

        def lit_in_place(source: VMobject, target: VMobject):
            return AnimationGroup(light(source, "highlight", pulse=False), FadeIn(target, shift=DOWN * 0.15))

        out = [FadeIn(VGroup(*(row.prefix for row in self.rows)))]
        for r, row in enumerate(self.rows):
            row_box, col_box = A.row_box(r, A.role), B.col_box(self.c, B.role)
            out.append(done_within(Create(row_box), FRAMED_WITHIN))
            out.append(
                AnimationGroup(
                    done_within(Create(col_box), FRAMED_WITHIN),
                    *(row.write_pair(s, A.cell(r, s), B.cell(s, self.c), flight=lit_in_place) for s in range(2)),
                )
            )
            # The total is written, then lit where it stands as its cell comes in in place. (Flown
            # as it was written, it rose from beside the sum before the sum had made it, through
            # the other cells, and the second row's crossed the first's working: review.)
            out.append(
                # (A Succession: the light begins once the total is written; begun with the
                # sum, it held the total whole from the first frame, before its fade-in.)
                Succession(
                    AnimationGroup(self._summed(row), FadeOut(VGroup(row_box, col_box))),
                    lit_in_place(row.total, C.cell(r, self.c)),
                )
            )
        return out


__all__ = [
    "BASIS_COLOURS",
    "I_HAT",
    "J_HAT",
    "OTHER_RESULT",
    "written_places",
    "ColumnWorking",
    "LiveMatrix",
    "MovingPlane",
    "ProductLine",
    "WrittenNumber",
    "clip_polygon_to_box",
    "clip_polygon_to_square",
    "clip_to_box",
    "clip_to_square",
    "extent_for",
    "role_colour",
    "unit_square",
    "window_for",
    "windowed_plane",
]
