"""Builders for what the scenes share. Each returns a mobject, coloured by role from
the active palette; none compiles LaTeX after it is built, so live figures stay cheap."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arc,
    Arrow,
    Circle,
    DashedLine,
    DecimalNumber,
    Line,
    Matrix,
    Polygon,
    NumberPlane,
    SurroundingRectangle,
    VGroup,
    VMobject,
    always_redraw,
)

from manim_patches.decimal_numbers import shows
from toolkit.style import colour, math, places_needed, tex_number, text
from toolkit.theme import SIZES

Getter = Callable[[], float]


# --- live numbers -------------------------------------------------------------------------


class Readout(VGroup):
    r"""A label and a DecimalNumber kept equal to `value()` on every frame.

    For example:

        theta = ValueTracker(32.3)
        angle = Readout(math(r"\theta ="), theta.get_value, places=1, unit=r"^{\circ}")
        self.play(theta.animate.set_value(90))   # the number follows the tracker
    """

    def __init__(
        self,
        label: VMobject,
        value: Getter,
        places: int = 2,
        role: str = "text",
        size: int = SIZES.body,
        unit: str | None = None,
    ):
        self.label = label
        self.value = value
        self.number = DecimalNumber(
            value(),
            num_decimal_places=places,
            font_size=size,
            color=colour(role),
            unit=unit,
            unit_buff_per_font_unit=0.0 if unit else 0.003,
        )
        super().__init__(label, self.number)
        self.arrange(RIGHT, buff=0.2)
        self.number.add_updater(self._follow)

    def _follow(self, number: DecimalNumber) -> None:
        value = self.value()
        if shows(number, value):
            number.set_value(value)  # the same glyphs where they are: nothing to place
            return
        left = number.get_left()
        number.set_value(value)
        number.move_to(left, aligned_edge=LEFT)


def readout(
    label_tex: str, value: Getter, places: int = 2, role: str = "text", size: int = SIZES.body, unit: str | None = None
) -> Readout:
    return Readout(math(label_tex, size=size, role=role), value, places, role, size, unit)


def angle_readout(value: Getter, size: int = SIZES.body) -> Readout:
    return readout(r"\theta =", value, places=1, size=size, unit=r"^{\circ}")


# --- vectors written as entries -----------------------------------------------------------


class EntryColumn(VGroup):
    """A vector written as a column of entries, with its name: a = [a1; a2; ...].

    For example:

        a = EntryColumn([1, 2, 3], "a", "a")
        self.add(a, a.highlight(1))
    """

    def __init__(
        self,
        values: Sequence[float],
        role: str,
        name: str | None = None,
        size: int = SIZES.body,
        places: int | None = None,
    ):
        self.values = np.asarray(values, dtype=float)
        self.role = role
        self.matrix = Matrix(
            # As the lesson writes the vector (0.5, not 0.50), unless told how many decimals (a pair
            # of vectors shares one count, as their dot product's line writes them).
            [[tex_number(v, places_needed(self.values) if places is None else places)] for v in self.values],
            element_to_mobject_config={"font_size": size, "color": colour(role)},
            bracket_config={"color": colour("muted")},
            v_buff=self.row_pitch(len(self.values), size),
        )
        self.entries = list(self.matrix.get_entries())
        label = math(rf"\mathbf{{{name}}} =", size=size, role=role) if name else None
        super().__init__(*([label] if label else []), self.matrix)
        self.label = label  # after init: Mobject.__init__ sets `name` to the class name
        self.arrange(RIGHT, buff=0.2)

    # Rows at the loose pitch up to this many entries; a longer column packs its rows closer so
    # it is no taller than this many loose rows (down to TIGHTEST), and its digits can stay as
    # large as a short column's when a region is short (six entries over a written-out line).
    LOOSE_ROWS = 4
    TIGHTEST = 0.6

    @classmethod
    def row_pitch(cls, n: int, size: int) -> float:
        """Centre-to-centre distance of the rows: 0.62 units at body size, closer for long columns."""
        loose = 0.62 * size / SIZES.body
        return loose * min(1.0, max(cls.TIGHTEST, (cls.LOOSE_ROWS - 1) / max(n - 1, 1)))

    def entry(self, i: int) -> VMobject:
        return self.entries[i]

    def highlight(self, i: int, role: str = "highlight") -> SurroundingRectangle:
        return SurroundingRectangle(self.entries[i], color=colour(role), buff=0.12, stroke_width=3)


def entry_column(values: Sequence[float], role: str, name: str | None = None, size: int = SIZES.body) -> EntryColumn:
    return EntryColumn(values, role, name, size)


# --- matrices: they live in toolkit/matrices.py; kept importable from here ----------------------

from toolkit.matrices import MatrixGrid, matrix_grid  # noqa: E402,F401


# --- the plane and arrows -----------------------------------------------------------------


def plane(extent: float = 2.5, height: float = 6.4, step: float | None = None) -> NumberPlane:
    """A square plane from -extent to extent on both axes, `height` units tall, a grid line every
    `step` (by default one unit, or more on a wide plane so the lines do not crowd)."""
    if step is None:
        step = 1.0 if extent <= 4 else float(np.ceil(extent / 4))
    p = NumberPlane(
        x_range=[-extent, extent, step],
        y_range=[-extent, extent, step],
        x_length=height,
        y_length=height,
        background_line_style={"stroke_color": colour("grid"), "stroke_width": 2, "stroke_opacity": 1},
        axis_config={"stroke_color": colour("muted"), "stroke_width": 2},
        faded_line_ratio=1,
    )
    return p


def fitted_plane(*points: Sequence[float], region=None, fill: float = 0.95, margin: float = 0.6) -> NumberPlane:
    """A plane fitted to what it shows: from the origin and `points` (tips, and the corners of
    anything else drawn) with `margin` units round them, square units, a grid line every unit
    (or more when wide), scaled to fill `fill` of `region` (by default the stage) and placed in it.
    Unlike `plane`, it is not square round the origin: a sum of [4, 6] fills it, not a quarter."""
    from toolkit import layout

    pts = np.array([[0.0, 0.0], *[[float(p[0]), float(p[1])] for p in points]])
    lo, hi = np.floor(pts.min(axis=0) - margin), np.ceil(pts.max(axis=0) + margin)
    span = float(max(hi - lo))
    step = 1.0 if span <= 8 else float(np.ceil(span / 8))
    region = region or layout.STAGE
    unit = fill * min(region.width / (hi[0] - lo[0]), region.height / (hi[1] - lo[1]))
    p = NumberPlane(
        x_range=[lo[0], hi[0], step],
        y_range=[lo[1], hi[1], step],
        x_length=unit * (hi[0] - lo[0]),
        y_length=unit * (hi[1] - lo[1]),
        background_line_style={"stroke_color": colour("grid"), "stroke_width": 2, "stroke_opacity": 1},
        axis_config={"stroke_color": colour("muted"), "stroke_width": 2},
        faded_line_ratio=1,
    )
    p.move_to(region.center)
    return p


def plane_extent(*vectors: Sequence[float], margin: float = 1.35) -> float:
    """How far a plane must reach to hold every vector with room for its label."""
    reach = max(float(np.max(np.abs(v))) for v in vectors)
    return float(np.ceil(reach * margin * 2) / 2)


def vector_arrow(
    plane_: NumberPlane,
    tip: Callable[[], Sequence[float]] | Sequence[float],
    role: str,
    label: str | None = None,
    size: int = SIZES.body,
) -> VGroup:
    """An arrow from the origin to `tip` (coordinates, or a function giving them on every
    frame), with its bold name beyond the tip."""
    get_tip = tip if callable(tip) else (lambda t=tuple(tip): t)

    def draw() -> Arrow:
        return Arrow(
            plane_.c2p(0, 0),
            plane_.c2p(*get_tip()),
            buff=0,
            color=colour(role),
            stroke_width=SIZES.stroke,
            max_tip_length_to_length_ratio=0.2,
            tip_length=0.25,
        )

    arrow = always_redraw(draw) if callable(tip) else draw()
    group = VGroup(arrow)
    group.arrow = arrow
    if label:
        name = math(rf"\mathbf{{{label}}}", size=size, role=role)

        def place(m: VMobject) -> None:
            v = np.array([*get_tip(), 0.0][:3], dtype=float)
            direction = v / (np.linalg.norm(v) or 1.0)
            m.move_to(plane_.c2p(*get_tip()) + direction * 0.38)

        place(name)
        name.add_updater(place)
        group.add(name)
        group.label = name
    return group


def angle_arc(
    plane_: NumberPlane, a: Callable[[], Sequence[float]], b: Callable[[], Sequence[float]], radius: float = 0.6
) -> VMobject:
    """The arc of the (unsigned) angle from a to b, redrawn as they move."""

    def draw() -> Arc:
        ta = np.arctan2(a()[1], a()[0])
        tb = np.arctan2(b()[1], b()[0])
        delta = (tb - ta + np.pi) % (2 * np.pi) - np.pi
        return Arc(
            radius=radius,
            start_angle=ta,
            angle=delta if abs(delta) > 1e-6 else 1e-6,
            arc_center=plane_.c2p(0, 0),
            color=colour("text"),
            stroke_width=4,
        )

    return always_redraw(draw)


def projection(plane_: NumberPlane, onto: Callable[[], Sequence[float]], of: Callable[[], Sequence[float]]) -> VGroup:
    """The projection of `of` onto `onto`: a dashed drop line and the shadow on `onto`'s line."""

    def foot() -> np.ndarray:
        u, v = np.asarray(onto(), float), np.asarray(of(), float)
        return u * (np.dot(u, v) / np.dot(u, u))

    drop = always_redraw(
        lambda: DashedLine(plane_.c2p(*of()), plane_.c2p(*foot()), color=colour("muted"), stroke_width=3)
    )
    shadow = always_redraw(lambda: Line(plane_.c2p(0, 0), plane_.c2p(*foot()), color=colour("result"), stroke_width=10))
    return VGroup(shadow, drop)


# How far the half-planes' labels stand inside the plane's corners.
CORNER_MARGIN = 0.2


def half_planes(plane_: NumberPlane, normal: Sequence[float], extent: float, size: int = SIZES.body) -> VGroup:
    """The two half-planes split by the line perpendicular to `normal`: where x·normal > 0
    and where it is < 0, told apart by fill and by their own signed label (at `size`), not hue alone."""
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    square = [np.array(c, float) * extent for c in ((-1, -1), (1, -1), (1, 1), (-1, 1))]

    def half(sign: int, role: str, opacity: float) -> Polygon:
        corners = _clip_half_plane(square, sign * n)
        return Polygon(
            *[plane_.c2p(*c) for c in corners], stroke_width=0, fill_color=colour(role), fill_opacity=opacity
        )

    pos = half(+1, "positive", 0.22)
    neg = half(-1, "negative", 0.12)
    ends = _boundary_segment(square, n)
    boundary = DashedLine(plane_.c2p(*ends[0]), plane_.c2p(*ends[1]), color=colour("muted"), stroke_width=3)
    pos_label = math(r"\mathbf{a}\cdot\mathbf{b} > 0", size=size, role="positive")
    neg_label = math(r"\mathbf{a}\cdot\mathbf{b} < 0", size=size, role="negative")
    for label in (pos_label, neg_label):
        # The fill behind would halve the label's contrast; a patch of background restores it.
        label.add_background_rectangle(color=colour("background"), opacity=0.8, buff=0.08)
    for label, sign in ((pos_label, 1), (neg_label, -1)):
        # In the deepest corner of each half, just inside the plane: as far as it can be from the
        # circle b's tip and name sweep (at 0.62 of the way to the corner, b's name ran into it).
        corner = max(square, key=lambda c: sign * (c @ n))
        inward = -np.sign(corner)
        label.move_to(plane_.c2p(*corner))
        label.shift(
            np.array(
                [inward[0] * (label.width / 2 + CORNER_MARGIN), inward[1] * (label.height / 2 + CORNER_MARGIN), 0.0]
            )
        )
    group = VGroup(pos, neg, boundary, pos_label, neg_label)
    group.fills = VGroup(pos, neg)
    group.labels = VGroup(pos_label, neg_label)
    return group


def _clip_half_plane(points: list[np.ndarray], n: np.ndarray) -> list[np.ndarray]:
    """The part of a convex polygon where p·n >= 0 (one Sutherland-Hodgman step)."""
    out = []
    for i, cur in enumerate(points):
        prev = points[i - 1]
        cur_in, prev_in = cur @ n >= 0, prev @ n >= 0
        if cur_in != prev_in:
            t = (prev @ n) / ((prev - cur) @ n)
            out.append(prev + t * (cur - prev))
        if cur_in:
            out.append(cur)
    return out


def _boundary_segment(square: list[np.ndarray], n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the line p·n = 0 crosses the square."""
    hits = []
    for i, cur in enumerate(square):
        prev = square[i - 1]
        if (prev @ n) * (cur @ n) < 0:
            t = (prev @ n) / ((prev - cur) @ n)
            hits.append(prev + t * (cur - prev))
    if len(hits) < 2:  # the line runs through two corners
        hits = [p for p in square if abs(p @ n) < 1e-9] or hits
    return hits[0], hits[-1]


# --- a neuron -----------------------------------------------------------------------------


class NeuronDiagram(VGroup):
    """Inputs (circles in the inputs' colour) feeding one neuron through weighted edges.

    For example:

        diagram = NeuronDiagram([4, 5, 6], [1, -2, 0.5])
    """

    def __init__(
        self,
        inputs: Sequence[float],
        weights: Sequence[float],
        size: int = SIZES.label,
        spacing: float = 1.25,
        reach: float = 4.2,
    ):
        self.inputs_values = np.asarray(inputs, float)
        self.weights_values = np.asarray(weights, float)
        n = len(self.inputs_values)
        self.body = Circle(radius=0.6, color=colour("result"), stroke_width=SIZES.stroke)
        self.sigma = math(r"\Sigma", size=SIZES.heading, role="result").move_to(self.body)
        self.nodes = VGroup()
        self.input_labels = VGroup()
        self.edges = VGroup()
        self.weight_labels = VGroup()
        for i, (x, w) in enumerate(zip(self.inputs_values, self.weights_values)):
            y = (n - 1) / 2 * spacing - i * spacing
            node = Circle(radius=0.42, color=colour("b"), stroke_width=4).move_to(LEFT * reach + UP * y)
            label = math(tex_number(x), size=size, role="b").move_to(node)
            edge = Line(
                node.get_right(),
                self.body.get_center(),
                buff=0,
                color=colour("muted"),
                stroke_width=2 + 3 * min(abs(w), 3) / 3,
            )
            edge.put_start_and_end_on(
                node.get_right(), self.body.point_at_angle(np.pi - np.arctan2(y, reach) if y else np.pi)
            )
            wlabel = math(f"w_{{{i + 1}}}={tex_number(w)}", size=SIZES.small, role="a")
            wlabel.move_to(edge.point_from_proportion(0.42) + UP * 0.3)
            self.nodes.add(node)
            self.input_labels.add(label)
            self.edges.add(edge)
            self.weight_labels.add(wlabel)
        self.output = Arrow(
            self.body.get_right(),
            self.body.get_right() + RIGHT * 1.4,
            buff=0.05,
            color=colour("result"),
            stroke_width=SIZES.stroke,
        )
        super().__init__(
            self.edges, self.nodes, self.input_labels, self.weight_labels, self.body, self.sigma, self.output
        )


def neuron_diagram(inputs: Sequence[float], weights: Sequence[float], **kwargs) -> NeuronDiagram:
    return NeuronDiagram(inputs, weights, **kwargs)


# --- cards --------------------------------------------------------------------------------


def title_card(course: str, title: str) -> VGroup:
    course_line = text(course, size=SIZES.body, role="muted")
    title_line = text(title, size=SIZES.title, role="text")
    rule = Line(LEFT * 3, RIGHT * 3, color=colour("a"), stroke_width=4)
    card = VGroup(course_line, rule, title_line).arrange(DOWN, buff=0.35)
    if card.width > 13:
        card.scale_to_fit_width(13)
    return card.move_to(ORIGIN)
