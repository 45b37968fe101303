"""The cards' pictures: each lesson's title card shows the lesson's own objects (the dot product's
a and b, the angle opening between them; the matrix product's A, B and the cells of AB filled
row by column), and its closing card recaps by picture: each point beside a small live version
of the picture that taught it (the turning b with its a·b, the row-by-column cell, the neuron
and, where a point names attention, its scores as bars; the plane a matrix moves, the shape
rule, pair-multiply-sum).

The inputs are the lesson's own (lessons/<name>.toml, the lesson found by its title), else the
storyboard's defaults. Every figure is computed here with numpy from those inputs.

    inputs = lesson_inputs(title)                # scene name -> its params (dict), for that lesson
    picture = recap_picture(point, inputs)       # the picture a recap point is taught by
    self.play(picture.appear()); self.play(picture.live())
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    ApplyMatrix,
    Arrow,
    Circle,
    Create,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    NumberPlane,
    Polygon,
    Rectangle,
    ShowPassingFlash,
    Square,
    LaggedStart,
    Succession,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    linear,
)

from mathcore import attention_score, dot, matmul
from toolkit.charts import ScoreBars
from toolkit.light import Light
from toolkit.live import arrow, placed, redrawn
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES

# --- the lesson's inputs ---------------------------------------------------------------------


@lru_cache(maxsize=16)
def _lessons() -> tuple:
    from engine.lessons import load_all

    try:
        return tuple(load_all(None))
    except Exception:  # a broken lesson file is reported by the engine, not by a card
        return ()


def lesson_inputs(title: str) -> dict[str, dict]:
    """Each scene's params in the lesson titled `title` (empty when no lesson has that title)."""
    for lesson in _lessons():
        if lesson.title.strip() == title.strip():
            return {s.spec.name: dict(s.params) for s in lesson.scenes}
    return {}


def params_of(inputs: dict[str, dict], scene: str) -> dict:
    """A scene's params in the lesson, else its storyboard defaults."""
    if scene in inputs:
        return inputs[scene]
    from scenes.catalog import defaults, get_spec

    return defaults(get_spec(scene))


def is_matmul(inputs: dict[str, dict]) -> bool:
    return "RowByColumnMatmul" in inputs and "VectorAlignment" not in inputs


# --- title emblems ---------------------------------------------------------------------------


def _angle(v) -> float:
    return float(np.arctan2(v[1], v[0]))


class VectorsEmblem(VGroup):
    """a and b on a patch of grid; b turns from a's direction to its own, the angle opening.

    For example:

        emblem = VectorsEmblem((2.0, 0.5), (0.5, 2.0))
        self.play(emblem.appear())
        self.add(emblem.b, emblem.arc)      # b along a, ...
        self.play(emblem.open_angle())      # ... turning to its own direction
    """

    def __init__(self, a, b, around: bool = False):
        a, b = np.asarray(a, float), np.asarray(b, float)
        reach = max(np.abs(np.concatenate([a, b]))) * 1.15
        lo = min(-0.25 * reach, *(np.minimum(a, b) * 1.15))
        if around:
            # Room for b all the way round the origin (a turning b left a corner's patch of grid
            # and crossed the text beside it: review, dp 327-330 s).
            reach = max(np.linalg.norm(a), np.linalg.norm(b)) * 1.1
            lo = -reach
        self.grid = NumberPlane(
            x_range=[lo, reach, reach / 4],
            y_range=[lo, reach, reach / 4],
            x_length=4,
            y_length=4,
            background_line_style={"stroke_color": colour("grid"), "stroke_width": 2},
            axis_config={"stroke_color": colour("muted"), "stroke_width": 2},
            faded_line_ratio=1,
        )
        self.a_vec, self.b_vec = a, b
        self.turn = ValueTracker(_angle(a))
        # Redrawn parts (b, the arc) are drawn at this opacity: a card dims what is not yet said.
        self.opacity = 1.0
        self.a = Arrow(
            self.grid.c2p(0, 0), self.grid.c2p(*a), buff=0, color=colour("a"), stroke_width=SIZES.stroke * 1.4
        )
        # Drawn again only when the turn, the grid or the opacity changed: an Arrow built on every
        # frame (always_redraw) was a sixth of dot-product's closing card's CPU time (32.2 against
        # 26.6 s at -q h).
        inputs = (self.turn.get_value, placed(self.grid), lambda: self.opacity)
        self.b = redrawn(self._b, *inputs)
        self.arc = redrawn(self._arc, *inputs)
        super().__init__(self.grid, self.a, self.b, self.arc)

    def _b(self):
        length = float(np.linalg.norm(self.b_vec))
        t = self.turn.get_value()
        tip = self.grid.c2p(length * np.cos(t), length * np.sin(t))
        width = SIZES.stroke * 1.4 * min(1.0, self.grid.width / 4)
        return arrow(self.grid.c2p(0, 0), tip, colour("b"), stroke_width=width).set_opacity(self.opacity)

    def _arc(self):
        start, sweep = _angle(self.a_vec), self.turn.get_value() - _angle(self.a_vec)
        if abs(sweep) < 1e-3:
            return VMobject()
        from manim import Arc

        radius = 0.22 * self.grid.width
        return Arc(
            radius=radius,
            start_angle=start,
            angle=sweep,
            arc_center=self.grid.c2p(0, 0),
            color=colour("result"),
            stroke_width=SIZES.stroke,
        ).set_stroke(opacity=self.opacity)

    def appear(self):
        return AnimationGroup(Create(self.grid), GrowArrow(self.a), lag_ratio=0.5)

    def open_angle(self):
        """b (added along a by the scene) turns to its own direction, the angle between them opening."""
        start, target = _angle(self.a_vec), _angle(self.b_vec)
        delta = (target - start + np.pi) % (2 * np.pi) - np.pi  # the short way round
        return self.turn.animate.set_value(start + delta)


def matrix_grid(M: np.ndarray, role: str, cell: float, numbers: bool, places: int = 2) -> VGroup:
    """A matrix as a grid of cells (each a Square with its entry, where `numbers`)."""
    rows, cols = M.shape
    cells = VGroup()
    for i in range(rows):
        for j in range(cols):
            sq = Square(side_length=cell, stroke_width=3, color=colour(role), fill_opacity=0)
            sq.move_to(RIGHT * j * cell + DOWN * i * cell)
            group = VGroup(sq)
            if numbers:
                group.add(math(tex_number(M[i, j], places), role=role, size=SIZES.heading).move_to(sq))
            cells.add(group)
    cells.shape = (rows, cols)
    return cells


class CellsEmblem(VGroup):
    """A beside AB, B over it (the classic row-by-column layout): a cell of AB fills as row i of A
    and column j of B light up, cell by cell.

        cells = CellsEmblem([[1, 2], [3, 4]], [[5, 6], [7, 8]])
        self.play(cells.appear())
        self.play(cells.fill(0, 1))
    """

    def __init__(self, A, B, numbers: bool = True, cell: float = 0.9):
        self.A, self.B = np.asarray(A, float), np.asarray(B, float)
        self.C = matmul(self.A, self.B)
        places = 0 if all(abs(v - round(v)) < 1e-9 for v in (*self.A.flat, *self.B.flat)) else 2
        self.a_grid = matrix_grid(self.A, "a", cell, numbers, places)
        self.b_grid = matrix_grid(self.B, "b", cell, numbers, places)
        empty = np.zeros_like(self.C)
        self.c_grid = matrix_grid(empty, "result", cell, False)
        self.values = VGroup()
        m, p = self.C.shape
        n = self.A.shape[1]
        # B over C, A left of C.
        self.c_grid.move_to(ORIGIN, aligned_edge=UP + LEFT)
        self.b_grid.next_to(self.c_grid, UP, buff=0.3).align_to(self.c_grid, LEFT)
        self.a_grid.next_to(self.c_grid, LEFT, buff=0.3).align_to(self.c_grid, UP)
        for i in range(m):
            for j in range(p):
                value = (
                    math(tex_number(self.C[i, j], places), role="result", size=SIZES.heading)
                    if numbers
                    else Square(side_length=cell * 0.6, stroke_width=0, fill_color=colour("result"), fill_opacity=0.8)
                )
                self.values.add(value.move_to(self.c_grid[i * p + j]))
        if numbers:
            # Entries too wide for their cell are shrunk to it only down to the legible size.
            for v in (*(g[1] for g in self.a_grid), *(g[1] for g in self.b_grid), *self.values):
                if v.width > cell * 0.9:
                    v.scale(cell * 0.9 / v.width)
        self.m, self.n, self.p = m, n, p
        super().__init__(self.a_grid, self.b_grid, self.c_grid, self.values)
        self.shown = VGroup(self.a_grid, self.b_grid, self.c_grid)

    def row(self, i: int) -> VGroup:
        return VGroup(*(self.a_grid[i * self.n + s][0] for s in range(self.n)))

    def column(self, j: int) -> VGroup:
        return VGroup(*(self.b_grid[s * self.p + j][0] for s in range(self.n)))

    def appear(self):
        return AnimationGroup(FadeIn(self.a_grid), FadeIn(self.b_grid), Create(self.c_grid), lag_ratio=0.3)

    def _cursor(self, i: int, j: int) -> VGroup:
        from manim import SurroundingRectangle

        lit = colour("highlight")
        return VGroup(
            SurroundingRectangle(self.row(i), color=lit, buff=0.04, stroke_width=5),
            SurroundingRectangle(self.column(j), color=lit, buff=0.04, stroke_width=5),
            SurroundingRectangle(self.c_grid[i * self.p + j], color=lit, buff=0.04, stroke_width=5),
        )

    def fill(self, i: int, j: int):
        """Row i meets column j: both framed (the frames move from the cell before), the cell of AB filled."""
        target = self._cursor(i, j)
        value = FadeIn(self.values[i * self.p + j], scale=1.4)
        if getattr(self, "cursor", None) is None:
            self.cursor = target
            return Succession(Create(self.cursor), value)
        return Succession(Transform(self.cursor, target), value)

    def done(self):
        """The frames go: every cell is filled."""
        cursor, self.cursor = self.cursor, None
        return FadeOut(cursor)

    def fill_all(self):
        return Succession(*(self.fill(i, j) for i in range(self.m) for j in range(self.p)), self.done())

    def live(self):
        return self.fill_all()


# --- recap pictures --------------------------------------------------------------------------


class TurningPicture(VGroup):
    """a fixed, b turning a full turn, and a·b read live (its sign by colour and by sign).

    For example:

        picture = TurningPicture((2.0, 0.5), (0.5, 2.0))
        self.play(picture.appear())
    """

    def __init__(self, a, b, height: float = 2.4):
        self.emblem = VectorsEmblem(a, b, around=True)
        self.emblem.turn.set_value(_angle(b))
        self.emblem.remove(self.emblem.arc)
        a_vec, length = np.asarray(a, float), float(np.linalg.norm(b))

        def value() -> float:
            t = self.emblem.turn.get_value()
            return dot(a_vec, length * np.array([np.cos(t), np.sin(t)]))

        self.label = math(r"\mathbf{a}\cdot\mathbf{b} =", role="text")
        self.readout = DecimalNumber(
            value(), num_decimal_places=2, include_sign=True, font_size=SIZES.body, color=colour("result")
        )
        self.label[0][0].set_color(colour("a"))
        self.label[0][2].set_color(colour("b"))

        def update(d):
            v = value()
            d.set_value(v)
            d.next_to(self.label, RIGHT, buff=0.15)
            # A result, in the results' colour whatever its sign (the sign is written, + or −): the
            # positive and negative colours are the half-planes' in VectorAlignment, not a readout's.
            d.set_color(colour("result"))
            d.set_fill(opacity=self.emblem.opacity)

        self.readout.add_updater(update)
        self.emblem.scale(max(0.3, height - 0.5) / self.emblem.height)
        # a redrawn at the picture's size, as b is: scaled, an Arrow keeps its stroke width, and a's
        # thick line covered its own small tip.
        em = self.emblem
        em.a = redrawn(
            lambda: arrow(
                em.grid.c2p(0, 0),
                em.grid.c2p(*a_vec),
                colour("a"),
                stroke_width=SIZES.stroke * 1.4 * min(1.0, em.grid.width / 4),
            ).set_opacity(em.opacity),
            placed(em.grid),
            lambda: em.opacity,
        )
        em.submobjects[1] = em.a
        VGroup(self.label, self.readout).next_to(self.emblem, DOWN, buff=0.2)
        update(self.readout)
        super().__init__(self.emblem, self.label, self.readout)

    def appear(self):
        return FadeIn(self)

    def set_level(self, level: float) -> None:
        self.emblem.opacity = level

    def live(self):
        t = self.emblem.turn
        return t.animate(rate_func=linear).set_value(t.get_value() + 2 * np.pi)


# The names q·kᵢ (under the score bars) and w·x (over the sum): their letters over 3% of the frame
# once the picture, taller with its bars, is fitted to a third of it (at the heading size, 2.38%).
SCORE_LABEL_SIZE = 56


class NeuronPicture(VGroup):
    """Inputs into a Σ and out: the weighted sum flowing, twice. Given attention scores (a recap
    point that names attention), the sum is named w·x, and a row of score bars named q·kᵢ, one
    per key, grows under the neuron as attention is said: both are dot products.

    For example:

        picture = NeuronPicture(3)
        self.play(picture.appear())

        picture = NeuronPicture(scores=[0.24, 0.06, -0.14, -0.08])
        for part in picture.cued():   # on "neuron", "attention", "dot (product)"
            self.play(part)
    """

    # How far below the neuron's centre the score bars' baseline runs, and the height from the
    # lowest bar's end to the highest's (scene units, before the picture is fitted to its column).
    BARS_AT, BARS_HEIGHT = 1.95, 1.1

    def __init__(self, n: int = 3, scores=None):
        self.body = Circle(radius=0.5, color=colour("result"), stroke_width=SIZES.stroke)
        self.sigma = math(r"\Sigma", role="result", size=SIZES.heading).move_to(self.body)
        self.nodes, self.edges = VGroup(), VGroup()
        for i in range(n):
            y = (n - 1) / 2 * 0.9 - i * 0.9
            node = Dot(LEFT * 2.2 + UP * y, radius=0.12, color=colour("b"))
            edge = Line(
                node.get_center(),
                self.body.point_at_angle(np.pi - 0.5 * y / max(n / 2, 1)),
                color=colour("a"),
                stroke_width=2 + 2 * (i % 3),
            )
            self.nodes.add(node)
            self.edges.add(edge)
        self.output = Arrow(
            self.body.get_right(),
            self.body.get_right() + RIGHT * 1.1,
            buff=0.05,
            color=colour("result"),
            stroke_width=SIZES.stroke,
            max_tip_length_to_length_ratio=0.35,
        )
        parts = [self.edges, self.nodes, self.body, self.sigma, self.output]
        self.scores = None if scores is None else np.asarray(scores, float)
        if self.scores is not None:
            # The scores as AttentionScore draws them (its ScoreBars, without figures): up for a
            # positive score and down for a negative one, in those colours, on a baseline under
            # the neuron as wide as it.
            left, right = self.nodes.get_left()[0], self.output.get_right()[0]
            chart = ScoreBars(self.scores, (), width=right - left, height=self.BARS_HEIGHT, labelled=False)
            chart.shift([(left + right) / 2, self.body.get_center()[1] - self.BARS_AT, 0])
            self.chart, self.baseline, self.bars = chart, chart.baseline, chart.bars
            # What the bars are, under them: every key's dot product with the query (a bare row of
            # bars read as the neuron's weights or inputs: review).
            self.score_label = math(r"\mathbf{q}\cdot\mathbf{k}_i", role="result", size=SCORE_LABEL_SIZE)
            self.score_label.next_to(VGroup(self.baseline, self.bars), DOWN, buff=0.2).set_x(self.baseline.get_x())
            # And the neuron's sum named the same way, over its Σ: the point says both are dot
            # products, and with only q·kᵢ named and lit, only attention's half was drawn (review).
            self.sum_label = math(r"\mathbf{w}\cdot\mathbf{x}", role="result", size=SCORE_LABEL_SIZE)
            self.sum_label.next_to(self.body, UP, buff=0.12)
            # The bars, their baseline and their name come as attention is said (the baseline alone
            # beforehand read as a stray line: review).
            self.shown = VGroup(*parts, self.sum_label)
            parts += [self.sum_label, self.baseline, self.bars, self.score_label]
            self.CUES = ("neuron", "attention", "dot")
        super().__init__(*parts)

    def appear(self):
        return FadeIn(self)

    def pulse(self):
        flash = colour("highlight")
        return Succession(
            AnimationGroup(
                *(ShowPassingFlash(e.copy().set_stroke(flash, width=7), time_width=0.6) for e in self.edges)
            ),
            # The sum lit whole, its circle with its Σ (the Σ alone, white over amber, read faintly:
            # reviews).
            Light(VGroup(self.body, self.sigma), flash),
            # Along the arrow's shaft alone (its tip's outline, flashed, drew a square and a dash).
            ShowPassingFlash(
                VMobject().set_points(self.output.points.copy()).set_stroke(flash, width=8), time_width=0.8
            ),
        )

    def cued(self) -> list:
        """With scores, one animation per CUE: the weighted sum flowing; the score bars grown one
        by one from their baseline, under their name q·kᵢ; the sum's name w·x and q·kᵢ lit together
        (both are dot products)."""
        grow = LaggedStart(*(self.chart.grow(i) for i in range(len(self.scores))), lag_ratio=0.4)
        return [
            self.pulse(),
            AnimationGroup(Create(self.baseline), grow, FadeIn(self.score_label), lag_ratio=0.2),
            AnimationGroup(Light(self.sum_label), Light(self.score_label)),
        ]

    def live(self):
        if self.scores is not None:
            return Succession(*self.cued())
        return Succession(self.pulse(), self.pulse())


class PlanePicture(VGroup):
    """The plane with î and ĵ, moved by a matrix (î and ĵ land on its columns).

    For example:

        picture = PlanePicture([[1, 1], [0, 1]])
        self.play(picture.appear())
        self.play(picture.live())     # î and ĵ land on the matrix's columns
    """

    def __init__(self, M, window: tuple[int, int] = (-2, 2)):
        self.M = np.asarray(M, float)
        # window: the part of the plane shown, the same on both axes: (low, high), whole units.
        self.plane = NumberPlane(
            x_range=[*window, 1],
            y_range=[*window, 1],
            x_length=2.6,
            y_length=2.6,
            background_line_style={"stroke_color": colour("grid"), "stroke_width": 2},
            axis_config={"stroke_color": colour("muted"), "stroke_width": 2},
            faded_line_ratio=1,
        )
        o = self.plane.c2p(0, 0)
        from toolkit.plane import role_colour  # î and ĵ in their own colours, as MatrixAsTransformation draws them

        self.i_hat = Arrow(o, self.plane.c2p(1, 0), buff=0, color=role_colour("i_hat"), stroke_width=SIZES.stroke)
        self.j_hat = Arrow(o, self.plane.c2p(0, 1), buff=0, color=role_colour("j_hat"), stroke_width=SIZES.stroke)
        # The unit square î and ĵ span, filled: what the matrix does to it is what a viewer reads.
        corners = [self.plane.c2p(*xy) for xy in ((0, 0), (1, 0), (1, 1), (0, 1))]
        self.square = Polygon(*corners, stroke_width=0, fill_color=colour("result"), fill_opacity=0.35)
        self.moving = VGroup(self.plane, self.square, self.i_hat, self.j_hat)
        super().__init__(self.moving)

    def appear(self):
        return FadeIn(self)

    def live(self):
        # At an even pace: the grid is seen moving from the first word to the last.
        return ApplyMatrix(self.M, self.moving, about_point=self.plane.c2p(0, 0), rate_func=linear)


class ComposedPlanePicture(PlanePicture):
    """B then A: the plane moved by B, then by A, landing where AB moves it in one step, and where
    BA moves it instead (elsewhere, unless the two commute). The recap of "B then A is the same
    move as AB, and AB ≠ BA": the plane moved by A alone showed one move of the three (review).

    For example:

        picture = ComposedPlanePicture([[1, 1], [0, 1]], [[0.8, -0.6], [0.6, 0.8]])
        for part in picture.cued():   # on "moves", "then", "same", "≠"
            self.play(part)
    """

    CUES = ("moves", "then", "same", "≠")

    def __init__(self, A, B):
        from toolkit.plane import dashed_key, square_outline, unit_square

        AB, BA = matmul(A, B), matmul(B, A)
        # The plane around the two squares the point compares (and the unit square), a unit beyond
        # the origin: shown whole from -2 to 2, they were a few dozen pixels across (at most ±4).
        reach = np.array([c for M in (AB, BA) for c in unit_square(M)])
        low = int(max(-4, min(-1, np.floor(reach.min()))))
        high = int(min(4, max(1, np.ceil(reach.max()))))
        super().__init__(A, window=(low, high))
        self.B, self.AB, self.BA = np.asarray(B, float), AB, BA

        # AB in the result's colour, as the lesson draws it; BA in the colour MatrixAsTransformation gives it.
        self.ab_outline, self.ba_outline = (
            square_outline(M, self.plane.c2p, (low, low), (high, high), role, width=SIZES.stroke, dashes=20)
            for M, role in ((self.AB, "result"), (self.BA, "other"))
        )
        self.ab_key, self.ba_key = (
            dashed_key(role, name, SCORE_LABEL_SIZE) for role, name in (("result", "AB"), ("other", "BA"))
        )
        VGroup(self.ab_key, self.ba_key).arrange(RIGHT, buff=0.5).next_to(self.plane, DOWN, buff=0.2)
        self.shown = VGroup(self.moving)
        self.add(self.ab_outline, self.ba_outline, self.ab_key, self.ba_key)

    def _move(self, M):
        return ApplyMatrix(M, self.moving, about_point=self.plane.c2p(0, 0))

    def cued(self) -> list:
        """One animation per CUE: B moves the plane; A moves it on; AB's square drawn where the
        two moves landed, named; BA's drawn where it lands instead, named."""
        return [
            self._move(self.B),
            self._move(self.M),
            AnimationGroup(Create(self.ab_outline), FadeIn(self.ab_key), Light(self.square)),
            AnimationGroup(Create(self.ba_outline), FadeIn(self.ba_key)),
        ]

    def live(self):
        return Succession(*self.cued())


class ShapePicture(VGroup):
    """(m×n)(n×p) = m×p as blocks of those proportions; the inner n's meet and vanish.

    For example:

        picture = ShapePicture(2, 3, 4)
        self.play(picture.appear())
        self.play(picture.live())     # the inner 3s meet and vanish: 2 × 4
    """

    def __init__(self, m: int, n: int, p: int, unit: float = 0.42):
        def block(r, c, role):
            return Rectangle(
                width=c * unit,
                height=r * unit,
                color=colour(role),
                stroke_width=3,
                fill_opacity=0.2,
                fill_color=colour(role),
            )

        self.a, self.b, self.c = block(m, n, "a"), block(n, p, "b"), block(m, p, "result")
        size = SIZES.heading  # over 3% even when the picture is shrunk to its column
        self.dims = VGroup(
            math(rf"{m}\times{n}", role="a", size=size),
            math(rf"{n}\times{p}", role="b", size=size),
            math(rf"{m}\times{p}", role="result", size=size),
        )
        self.eq = math("=", role="muted")
        VGroup(self.a, self.b, self.eq, self.c).arrange(RIGHT, buff=0.3, aligned_edge=UP)
        self.eq.move_to([self.eq.get_x(), self.a.get_y(), 0])
        # The sizes on one line, under the tallest block: read as one equation of shapes.
        floor = min(b.get_bottom()[1] for b in (self.a, self.b, self.c)) - 0.15
        for d, b in zip(self.dims, (self.a, self.b, self.c)):
            d.move_to([b.get_x(), 0, 0]).align_to([0, floor, 0], UP)
        # A size wider than its block keeps clear of its neighbour's: what follows moves right.
        after = [VGroup(self.b, self.dims[1], self.eq, self.c, self.dims[2]), VGroup(self.eq, self.c, self.dims[2])]
        for left, right, rest in ((self.dims[0], self.dims[1], after[0]), (self.dims[1], self.eq, after[1])):
            short = left.get_right()[0] + 0.25 - right.get_left()[0]
            if short > 0:
                rest.shift(RIGHT * short)
        # Each inner n: the last figure of A's size, the first of B's.
        self.inner = VGroup(self.dims[0][0][-1], self.dims[1][0][0])
        super().__init__(self.a, self.b, self.eq, self.c, self.dims)
        self.shown = VGroup(self.a, self.b, self.eq, self.dims[0], self.dims[1])

    def appear(self):
        return FadeIn(VGroup(self.a, self.b, self.dims[0], self.dims[1], self.eq))

    def live(self):
        """The inner sizes light up, A and B close in on each other, and A·B's block grows out of
        them with its size, the outer two."""
        from manim import GrowFromEdge

        lit = colour("highlight")
        return Succession(
            Light(self.inner, lit),
            AnimationGroup(self.a.animate.shift(RIGHT * 0.1), self.b.animate.shift(LEFT * 0.1)),
            AnimationGroup(GrowFromEdge(self.c, LEFT), Write(self.dims[2]), lag_ratio=0.3),
            Light(VGroup(self.dims[0][0][0], self.dims[1][0][-1], self.dims[2]), lit),
        )


class PairPicture(VGroup):
    """a and b as rows; each pair lit in turn and its product added to the sum, to the total.

    For example:

        picture = PairPicture([1, 2, 3], [4, 5, 6])
        self.play(picture.appear())
        self.play(picture.live())     # each pair lit, its product added: 32
    """

    def __init__(self, a, b):
        a, b = np.asarray(a, float), np.asarray(b, float)
        products = a * b
        places = 0 if all(abs(v - round(v)) < 1e-9 for v in (*a, *b)) else 2
        self.a_row = VGroup(*(math(tex_number(v, places), role="a") for v in a)).arrange(RIGHT, buff=0.45)
        self.b_row = VGroup(*(math(tex_number(v, places), role="b") for v in b)).arrange(RIGHT, buff=0.45)
        for x, y in zip(self.a_row, self.b_row):
            y.move_to([x.get_x(), 0, 0])
        self.b_row.next_to(self.a_row, DOWN, buff=0.35)
        for x, y in zip(self.a_row, self.b_row):
            y.set_x(x.get_x())
        self.names = VGroup(
            math(r"\mathbf{a}", role="a").next_to(self.a_row, LEFT, buff=0.4),
            math(r"\mathbf{b}", role="b").next_to(self.b_row, LEFT, buff=0.4),
        )
        total = dot(a, b)
        terms = [tex_number(products[0], places)] + [
            ("- " if t < 0 else "+ ") + tex_number(abs(t), places) for t in products[1:]
        ]
        self.sum = math(*terms, "=", tex_number(total, places), role="result")
        self.sum.next_to(VGroup(self.a_row, self.b_row), DOWN, buff=0.4)
        self.n = len(a)
        super().__init__(self.names, self.a_row, self.b_row, self.sum)
        self.shown = VGroup(self.names, self.a_row, self.b_row)

    def appear(self):
        return FadeIn(VGroup(self.names, self.a_row, self.b_row))

    # The words of a recap point the picture's parts are played on, when the point says them
    # (ClosingCard marks them): the products on "multiply", the total on "sum"; then the two rows
    # lit on "two (vectors in)", the total on "one (number out)" (written by "sum", the picture
    # stood still under the rest of the point).
    CUES = ("multiply", "sum", "two", "one")

    def cued(self) -> list:
        """One animation per CUE: the products, each pair lit as its product comes; the total; the
        two vectors lit; the one number lit."""
        products = LaggedStart(
            *(
                AnimationGroup(Light(VGroup(x, y), "highlight"), FadeIn(self.sum[i], shift=UP * 0.2))
                for i, (x, y) in enumerate(zip(self.a_row, self.b_row))
            ),
            lag_ratio=0.6,
        )
        total = VGroup(*self.sum[self.n :])
        return [
            products,
            Write(total),
            Light(VGroup(self.names, self.a_row, self.b_row), None),
            Light(total[-1], None),
        ]

    def live(self):
        # (Each pair is lit, not boxed: boxes created in a Succession were all added at its start,
        # every pair framed before its turn.)
        return Succession(*self.cued())


def shown(picture: VGroup) -> VGroup:
    """The parts a recap picture shows before it is said (its `shown`, else all of it)."""
    return picture.__dict__.get("shown", picture)


def dim(picture: VGroup, level: float) -> None:
    """A picture's shown parts drawn at `level` of their own opacities (its redrawn parts too):
    fills that were faint stay faint, strokes that were absent stay absent."""
    members = shown(picture).family_members_with_points()
    # Each part's own opacities are read before any is set, and each set alone: an arrow's fill
    # (none) set with its family blanked its tip's, so the tip was read as unfilled and never drawn.
    for m in members:
        if not hasattr(m, "full_opacity"):
            m.full_opacity = (m.get_stroke_opacity(), m.get_fill_opacity())
    for m in members:
        stroke, fill = m.full_opacity
        m.set_stroke(opacity=stroke * level, family=False)
        m.set_fill(opacity=fill * level, family=False)
    # (Asked of the class: a Mobject answers any "set_..." name with a setter of its own.)
    if callable(getattr(type(picture), "set_level", None)):
        picture.set_level(level)


def light(picture: VGroup, start: float = 0.3):
    """The picture's shown parts come up from `start` to their full opacity."""
    from manim import UpdateFromAlphaFunc

    return UpdateFromAlphaFunc(shown(picture), lambda m, t: dim(picture, start + (1 - start) * t))


def recap_picture(point: str, inputs: dict[str, dict], height: float = 2.4) -> VGroup:
    """The picture that taught `point` (by what it names), with the lesson's inputs."""
    p = point.lower()
    if "cos" in p or "align" in p:
        va = params_of(inputs, "VectorAlignment")
        return TurningPicture(va["a"], va["b"], height=height)
    if "neuron" in p or "attention" in p:
        scores = None
        if "attention" in p:
            at = params_of(inputs, "AttentionScore")
            scores = [attention_score(at["q"], k) for k in at["keys"]]
        return NeuronPicture(scores=scores)
    if "row" in p and "column" in p:
        rb = params_of(inputs, "RowByColumnMatmul")
        return CellsEmblem(rb["A"], rb["B"], numbers=False, cell=0.55)
    if "plane" in p or "move" in p:
        mt = params_of(inputs, "MatrixAsTransformation")
        if " then " in p and "AB" in point:
            return ComposedPlanePicture(mt["A"], mt["B"])
        return PlanePicture(mt["A"])
    if "×" in point or "inner" in p or "shape" in p:
        sr = params_of(inputs, "ShapeRule")
        A, B = np.asarray(sr["A"]), np.asarray(sr["B"])
        return ShapePicture(A.shape[0], A.shape[1], B.shape[1])
    dd = params_of(inputs, "DotProductDefinition")
    return PairPicture(dd["a"], dd["b"])


# --- a recap point, its formulas typeset ---------------------------------------------------------

MATHY = re.compile(r"[·=×≠‖θ]")
# Single upper-case letters or pairs (A, B, AB, BA) name matrices: typeset, except an article "A"
# at a sentence's start.
MATRIX_NAME = re.compile(r"^[A-Z]{1,2}$")


def to_tex(s: str) -> str:
    """A formula as the captions write it, in LaTeX: a·b = ‖a‖‖b‖ cos θ, (m×n)(n×p) = m×p, AB ≠ BA."""
    # A norm as a delimited pair, with a thin space between two norms side by side: plain "\|"
    # on both sides set ‖a‖‖b‖ as one run of bars, "‖a‖||‖b‖" (review).
    s = re.sub(r"‖([^‖]+)‖", r"\\lVert \1 \\rVert ", s).replace(r"\rVert \lVert", r"\rVert \, \lVert")
    s = s.replace("·", r"\cdot ").replace("×", r"\times ").replace("≠", r"\neq ")
    s = s.replace("θ", r"\theta ").replace("−", "-")
    s = re.sub(r"\bcos\b", r"\\cos", s)
    # The course's vectors in bold: a, b, q, k, w, x standing alone.
    s = re.sub(r"(?<![\\A-Za-z])([abqkwx])(?![A-Za-z])", r"\\mathbf{\1}", s)
    return s


def pieces(point: str) -> list[tuple[str, str]]:
    """The point as ("text", word) and ("math", tex) pieces, punctuation kept with the text."""
    words = point.split()
    out: list[tuple[str, str]] = []
    run: list[str] = []

    def flush():
        if run:
            body = " ".join(run)
            trail = ""
            while body and body[-1] in ".,:;":
                trail = body[-1] + trail
                body = body[:-1]
            # A line may break before an "=" (a long formula in a narrow column): the part after it is
            # "math+", kept on the line of the part before it wherever the two fit on one line.
            for n, part in enumerate(re.split(r"\s(?==)", body)):
                out.append(("math+" if n else "math", to_tex(part)))
            if trail:
                out.append(("punct", trail))
            run.clear()

    for k, w in enumerate(words):
        bare = w.rstrip(".,:;")
        sentence_start = k == 0 or words[k - 1][-1:] == "."
        mathy = (
            bool(MATHY.search(w))
            or (bool(MATRIX_NAME.match(bare)) and not sentence_start)
            or (bare == "cos" and k + 1 < len(words) and MATHY.search(words[k + 1]))
        )
        if mathy:
            run.append(w)
            if w[-1:] in ".,:;":
                flush()
        else:
            flush()
            out.append(("text", w))
    flush()
    return out


def rich_text(point: str, width: float, size: int = SIZES.body, role: str = "text") -> VGroup:
    """The point wrapped to `width`, words in the house font and formulas typeset, on common baselines."""
    items = []
    for kind, s in pieces(point):
        if kind in ("math", "math+"):
            # LaTeX's letters at a size set beside the house font's: its x-height is smaller.
            probe = math("x", s, size=round(size * 1.25), role=role)
            m = probe[1]
            baseline = probe[0].get_bottom()[1]
        else:
            m = text(s, size=size, role=role)
            standing = [g.get_bottom()[1] for g, c in zip(m.submobjects, s) if c not in "gjpqy,;()"]
            baseline = min(standing) if standing and len(m.submobjects) == len(s) else m.get_bottom()[1]
        items.append((kind, m, m.get_bottom()[1] - baseline))
    space = 0.19 * size / SIZES.body  # a word space of the house font (0.26 read as justified text)
    pitch = 0.62 * size / SIZES.body
    lines, x, y = VGroup(), 0.0, 0.0
    line = VGroup()
    for k, (kind, m, drop) in enumerate(items):
        gap = 0.04 if kind == "punct" or not len(line) else space
        # A piece goes to the next line with the punctuation that follows it.
        after = items[k + 1][1].width + 0.04 if k + 1 < len(items) and items[k + 1][0] == "punct" else 0.0
        if kind == "math+" and len(line) and items[k - 1][0] in ("math", "math+"):
            # A formula cut before its "=" stays whole: a hair too wide for a line, both halves
            # shrink a little to share one ("(m×n)(n×p) = m×p" in a third of the card).
            need = line[-1].width + space + m.width + after
            if width < need <= 1.12 * width:
                shrink = (width - space - after) / (need - space - after) * 0.999
                line[-1].scale(shrink, about_edge=DOWN + LEFT)
                m.scale(shrink)
                x = line[-1].get_right()[0] - line[0].get_left()[0] if len(line) else x
        if len(line) and x + gap + m.width + after > width and kind != "punct":
            # "(m×n)(n×p)" and "= m×p" go to the next line together rather than apart, when they fit on one.
            carried = []
            if kind == "math+" and len(line) > 1 and line[-1].width + space + m.width + after <= width:
                carried = [line[-1]]
                line.remove(line[-1])
            lines.add(line)
            line, x, y, gap = VGroup(), 0.0, y - pitch, 0.0
            for c in carried:
                c.shift([x - c.get_left()[0], -pitch, 0])  # onto the next line's baseline, at its start
                x += c.width
                line.add(c)
                gap = space
        m.move_to([x + gap + m.width / 2, y + drop + m.height / 2, 0])
        x += gap + m.width
        line.add(m)
    lines.add(line)
    return lines
