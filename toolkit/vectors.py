"""Vectors drawn by concept: two vectors written as entry columns side by side, and arrows in
the plane whose labels, angle mark and shadow stay clear of each other as the arrows move.

    pair = EntryPair(a, b)                     # [..] · [..], a and b over them
    self.play(pair.appear())
    self.play(pair.point_at(i))                # one highlight on the i-th pair of entries

    arrow_b = PlaneVector(grid, b_of_t, "b", away_from=lambda: a)   # label on b's far side from a
    mark = angle_mark(grid, lambda: a, b_of_t) # an arc, or a right-angle square at 90 degrees
    shadow = Shadow(grid, onto=lambda: a, of=b_of_t)   # b's projection on a, beside a

Every live part redraws from its getters on each frame; none compiles LaTeX while it moves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    RIGHT,
    UP,
    Arc,
    Arrow,
    Create,
    DashedLine,
    FadeIn,
    Line,
    NumberPlane,
    Transform,
    VGroup,
    VMobject,
)

from toolkit.builders import EntryColumn
from toolkit.live import arrow, placed, redrawn
from toolkit.style import colour, math, places_needed, product_dot
from toolkit.theme import SIZES

Getter = Callable[[], Sequence[float]]


def clean(x: float) -> float:
    """Float dust around zero (cos 90° ≈ 6e-17) shown as 0, never as "-0.00"."""
    return 0.0 if abs(x) < 1e-9 else float(x)


def polar(length: float, angle: float) -> np.ndarray:
    return length * np.array([np.cos(angle), np.sin(angle)])


class EntryPair(VGroup):
    """[a1; a2; ...] · [b1; b2; ...] with a over the first column and b over the second: two
    vectors as columns, one highlight that walks down the pairs of entries. (Not "a = [..] · b =
    [..]", which reads as a chain of equalities.)

        pair = EntryPair([1, 2, 3], [4, 5, 6])
        self.play(pair.appear())
        self.play(pair.point_at(1))
    """

    def __init__(
        self,
        a: Sequence[float],
        b: Sequence[float],
        names: tuple[str, str] = ("a", "b"),
        roles: tuple[str, str] = ("a", "b"),
        size: int = SIZES.body,
        names_above: bool = True,
    ):
        places = places_needed([*a, *b])  # one count for both, as DotProductLine writes them
        self.a_col = EntryColumn(a, roles[0], names[0], size=size, places=places)
        self.b_col = EntryColumn(b, roles[1], names[1], size=size, places=places)
        # `names_above=False` keeps EntryColumn's "a = [..]": lower, for columns too tall to be
        # read with a name over them.
        if names_above:
            for col, name, role in ((self.a_col, names[0], roles[0]), (self.b_col, names[1], roles[1])):
                named = math(rf"\mathbf{{{name}}}", size=size, role=role).next_to(col.matrix, UP, buff=0.15)
                col.submobjects[col.submobjects.index(col.label)] = named
                col.label = named
        # The operation being taught, drawn large enough to be seen between the columns.
        self.dot_sign = product_dot(size=size, role="muted")
        super().__init__(self.a_col, self.dot_sign, self.b_col)
        self.arrange(RIGHT, buff=0.35)
        # The two columns level (a name with an ascender, "b", would lower its column otherwise).
        self.b_col.shift(UP * (self.a_col.matrix.get_y() - self.b_col.matrix.get_y()))
        self.dot_sign.set_y(self.a_col.matrix.get_y())
        self.pointer: VGroup | None = None

    def __len__(self) -> int:  # VGroup's len counts submobjects; a pair's length is its entries'
        return len(self.a_col.values)

    def appear(self):
        return FadeIn(VGroup(self.a_col, self.dot_sign, self.b_col))

    def entries(self, i: int) -> tuple[VMobject, VMobject]:
        return self.a_col.entry(i), self.b_col.entry(i)

    def boxes(self, i: int) -> VGroup:
        return VGroup(self.a_col.highlight(i), self.b_col.highlight(i))

    def point_at(self, i: int):
        """The highlight moves to the i-th pair (or appears there first)."""
        target = self.boxes(i)
        if self.pointer is None:
            self.pointer = target
            return Create(self.pointer)
        return Transform(self.pointer, target)


# --- the plane ------------------------------------------------------------------------------


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 1e-12 else np.array([1.0, 0.0])


def _getter(point: Getter | Sequence[float] | None) -> Getter:
    """A point given as a getter, as fixed numbers, or as None (the origin), as a getter."""
    if point is None:
        return lambda: (0.0, 0.0)
    if callable(point):
        return point
    fixed = tuple(float(x) for x in point)
    return lambda: fixed


class PlaneVector(VGroup):
    """An arrow for the vector `tip()`, from `start` (the origin unless given: a point or a
    getter of one) to start + tip(), with its bold name beside the tip. With `away_from`, the
    name sits on the side of the arrow away from that other vector, so two names never meet and
    a line along the arrow never strikes through its name. The arrow is drawn in `__init__`: a
    subclass whose `_draw` reads attributes of its own sets them before `super().__init__`
    (scenes/dot_product.py, `VectorUnder`). Colour and opacity set on it later stay as it redraws.

        a, b = (1, 3), (3, 1)
        grid = fitted_plane(a, b, add(a, b))
        arrow_a = PlaneVector(grid, lambda: a, "a", "a", side=1)
        arrow_b = PlaneVector(grid, lambda: b, "b", "b", start=lambda: a, side=-1)   # tip to tail
        total = PlaneVector(grid, lambda: add(a, b), "result", "a+b", name_at="middle", side=-1)

    `side` fixes the name's side (+1 counter-clockwise of the arrow, -1 clockwise); `name_at`
    puts it by the tip (the default) or by the arrow's middle, where two arrows share a tip (a
    tip-to-tail sum: b and a + b end at one point).
    """

    def __init__(
        self,
        plane: NumberPlane,
        tip: Getter,
        role: str,
        name: str,
        away_from: Getter | None = None,
        size: int = SIZES.heading,
        side: int | None = None,
        start: Getter | Sequence[float] | None = None,
        name_at: str = "tip",
    ):
        if name_at not in ("tip", "middle"):
            raise ValueError(f"name_at is 'tip' or 'middle', not {name_at!r}")
        self.plane, self.tip_of, self.away_from, self.role = plane, tip, away_from, role
        self.name_at = name_at
        self.start_of = _getter(start)
        # A fixed side for the name (+1 counter-clockwise of the arrow, -1 clockwise), for a vector
        # that stands still while another turns round it: its name then never jumps.
        self.side = side
        # Lines the name never sits on: the plane's axes, and any the scene adds (keep_clear_of).
        self.avoid: list[VMobject] = [plane.x_axis, plane.y_axis]
        self.arrow = redrawn(self._draw, tip, self.start_of, placed(plane))
        self.label = math(rf"\mathbf{{{name}}}", size=size, role=role)
        super().__init__(self.arrow, self.label)
        self._place(self.label)
        self.label.add_updater(self._place)

    def tail(self) -> np.ndarray:
        """Where the arrow starts, in the plane's numbers."""
        return np.asarray(self.start_of(), float)

    def end(self) -> np.ndarray:
        """Where its tip is, in the plane's numbers: start + the vector."""
        return self.tail() + np.asarray(self.tip_of(), float)

    def _draw(self) -> Arrow:
        return arrow(
            self.plane.c2p(*self.tail()),
            self.plane.c2p(*self.end()),
            colour(self.role),
            stroke_width=SIZES.stroke,
            max_tip_length_to_length_ratio=0.2,
            tip_length=0.25,
        )

    def _place(self, m: VMobject) -> None:
        # Placed again only when something it is placed by has moved: the vector, the other one,
        # the plane, the lines to keep clear of, the name's size, or the name itself (an animation
        # moved it). Searching round the tip on every frame was 5% of VectorAlignment's worker.
        inputs = (
            id(m),
            *self.tip_of(),
            *self.start_of(),
            *(self.away_from() if self.away_from is not None else ()),
            *self.plane.c2p(0, 0),
            *self.plane.c2p(1, 0),
            *self.plane.c2p(0, 1),
            m.width,
            m.height,
            *(float(x) for line in self.avoid[2:] for x in (*line.get_start(), *line.get_end())),
            *m.get_center(),
        )
        if inputs == getattr(self, "_placed", None):
            return
        self._move_name(m)
        self._placed = (*inputs[:-3], *m.get_center())

    def _move_name(self, m: VMobject) -> None:
        v = np.asarray(self.tip_of(), float)
        along = _unit(v)
        normal = np.array([-along[1], along[0]])
        if self.side is not None:
            normal = normal * self.side
            offset = 0.28 * along + (0.32 + 0.5 * max(m.width, m.height)) * normal
        elif self.away_from is not None:
            other = np.asarray(self.away_from(), float)
            # Away from the other vector; when the two lie along one line, a fixed side per role.
            side = -np.sign(normal @ other) if abs(normal @ _unit(other)) > 0.05 else (1 if self.role == "b" else -1)
            normal = normal * side
            offset = 0.28 * along + (0.32 + 0.5 * max(m.width, m.height)) * normal
        else:
            offset = (0.3 + 0.5 * max(m.width, m.height)) * along
        tip = self.plane.c2p(*self.end())
        if self.name_at == "middle":
            # Beside the arrow's middle, square to it (counter-clockwise unless `side` says).
            tip = (tip + self.plane.c2p(*self.tail())) / 2
            offset = (0.25 + 0.5 * max(m.width, m.height)) * normal
        m.move_to(tip + np.array([*offset, 0.0]))
        self._clear(m, tip, offset)

    def keep_clear_of(self, *lines: VMobject) -> PlaneVector:
        """Also keep the name off these lines (anything with a start and an end)."""
        self.avoid.extend(lines)
        return self

    def _clear(self, m: VMobject, tip: np.ndarray, offset: np.ndarray) -> None:
        """If the name sits on an axis, a line to avoid, an arrow or the angle mark, turn it round
        the tip (nearest turn first, then a little further out) to the first place clear of all."""
        origin = self.plane.c2p(0, 0)
        segments = [(line.get_start(), line.get_end()) for line in self.avoid]
        segments.append((self.plane.c2p(*self.tail()), tip))
        if self.away_from is not None:
            segments.append((origin, self.plane.c2p(*self.away_from())))
        pts = np.vstack([a[:2] + np.linspace(0, 1, 120)[:, None] * (b[:2] - a[:2]) for a, b in segments])
        half = np.array([m.width / 2, m.height / 2]) + 0.06

        def clear(centre: np.ndarray) -> bool:
            inside = np.all(np.abs(pts - centre) < half, axis=1)
            # The angle mark: an arc of radius 0.55 round the origin.
            near = np.clip(origin[:2], centre - half, centre + half)
            return not inside.any() and np.linalg.norm(near - origin[:2]) > 0.7

        if clear(m.get_center()[:2]):
            return
        r = float(np.linalg.norm(offset))
        base = np.arctan2(offset[1], offset[0])
        for radius in (r, r + 0.3):
            for turn in np.radians([15, -15, 30, -30, 45, -45, 60, -60, 90, -90, 120, -120, 150, -150, 180]):
                centre = tip[:2] + radius * np.array([np.cos(base + turn), np.sin(base + turn)])
                if clear(centre):
                    m.move_to(np.array([*centre, 0.0]))
                    return


def angle_mark(plane: NumberPlane, a: Getter, b: Getter, radius: float = 0.55) -> VMobject:
    """The angle from a to b: an arc, or a right-angle square when they are perpendicular."""

    def draw() -> VMobject:
        va, vb = np.asarray(a(), float), np.asarray(b(), float)
        ta, tb = np.arctan2(va[1], va[0]), np.arctan2(vb[1], vb[0])
        delta = (tb - ta + np.pi) % (2 * np.pi) - np.pi
        if abs(abs(delta) - np.pi) < 1e-3:
            # Opposite: always the half turn counter-clockwise from a (rounding chose the side, and
            # the arc flipped below the origin on one visit to 180° and not on another: review).
            delta = np.pi
        centre = plane.c2p(0, 0)
        if abs(abs(delta) - np.pi / 2) < np.radians(0.5):
            ua, ub = _unit(va), _unit(vb)
            side = radius * 0.7
            p1 = centre + np.array([*ua, 0]) * side
            p3 = centre + np.array([*ub, 0]) * side
            p2 = p1 + np.array([*ub, 0]) * side
            return VMobject(color=colour("text"), stroke_width=4).set_points_as_corners([p1, p2, p3])
        return Arc(
            radius=radius,
            start_angle=ta,
            angle=delta if abs(delta) > 1e-6 else 1e-6,
            arc_center=centre,
            color=colour("text"),
            stroke_width=4,
        )

    return redrawn(draw, a, b, placed(plane))


class Shadow(VGroup):
    """The projection of `of` onto `onto`: a dashed drop from the tip of `of` to `onto`'s line,
    and the shadow as a bar beside `onto` (offset to the side away from `of`, so it never hides
    an arrow), in `role`'s colour.

        grid = plane(2.5, height=6)
        a, b = (2.0, 0.5), (1.0, 2.0)
        shadow = Shadow(grid, onto=lambda: a, of=lambda: b)
        self.add(grid, shadow, PlaneVector(grid, lambda: a, "a", "a"), PlaneVector(grid, lambda: b, "b", "b"))
    """

    def __init__(self, plane: NumberPlane, onto: Getter, of: Getter, role: str = "b", offset: float = 0.22, z: int = 0):
        # offset=0 draws the shadow on `onto`'s own line, from the origin; `z` puts it over that arrow.
        self.plane, self.onto, self.of, self.offset, self.role, self.z = plane, onto, of, offset, role, z
        self.drop = redrawn(
            lambda: DashedLine(plane.c2p(*of()), plane.c2p(*self.foot()), color=colour("muted"), stroke_width=3),
            onto,
            of,
            placed(plane),
        )
        self.bar = redrawn(self._bar, onto, of, placed(plane))
        super().__init__(self.bar, self.drop)

    def foot(self) -> np.ndarray:
        u, v = np.asarray(self.onto(), float), np.asarray(self.of(), float)
        return u * (np.dot(u, v) / np.dot(u, u))

    def side(self) -> np.ndarray:
        """The unit normal of `onto` on the side away from `of` (below a when b is above it)."""
        u = _unit(np.asarray(self.onto(), float))
        normal = np.array([-u[1], u[0]])
        v = np.asarray(self.of(), float)
        return -normal if normal @ v >= -1e-9 else normal

    def _bar(self) -> Line:
        shift = np.array([*self.side(), 0.0]) * self.offset
        start, end = self.plane.c2p(0, 0) + shift, self.plane.c2p(*self.foot()) + shift
        if np.linalg.norm(end - start) < 1e-6:
            end = start + 1e-6 * RIGHT
        return Line(start, end, color=colour(self.role), stroke_width=9).set_z_index(self.z)

    def midpoint(self) -> np.ndarray:
        return self.bar.get_center()


def off_axes(
    label: VMobject,
    plane: NumberPlane,
    *directions: np.ndarray,
    pad: float = 0.06,
    step: float = 0.04,
    reach: float = 2.0,
) -> VMobject:
    """Slide a label that sits on one of the plane's axes off it: along whichever of
    `directions` (unit vectors on the screen) clears both axes soonest; left alone if none does
    within `reach`."""
    origin = plane.c2p(0, 0)

    def on_axis(at: np.ndarray) -> bool:
        half = np.array([label.width / 2 + pad, label.height / 2 + pad])
        return bool(abs(at[0] - origin[0]) < half[0] or abs(at[1] - origin[1]) < half[1])

    centre = label.get_center()
    if not on_axis(centre):
        return label
    for k in range(1, int(reach / step) + 1):
        for d in directions:
            d = np.asarray(d, float)
            d3 = np.array([d[0], d[1], 0.0]) / (np.linalg.norm(d[:2]) or 1.0)
            if not on_axis(centre + d3 * k * step):
                return label.move_to(centre + d3 * k * step)
    return label
