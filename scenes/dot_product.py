"""Lesson 1, "The dot product": pair up, multiply, sum; alignment; cos θ; neurons; attention.

Every figure is computed from the scene's params through mathcore and rounded as the
lesson rounds it; the captions are the lesson's own sentences.
"""

from __future__ import annotations


import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    DashedLine,
    DecimalNumber,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromEdge,
    Indicate,
    Group,
    Line,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Transform,
    ValueTracker,
    TransformFromCopy,
    VGroup,
    VMobject,
    Write,
    linear,
)

from mathcore import dot, fmt_fixed, products
from mathcore import angle_degrees, attention_score, cosine_similarity, fmt_number, norm, weighted_sum
from mathcore.linalg import activate
from scenes.catalog import (
    AttentionScoreParams,
    CosineRelationParams,
    DotProductDefinitionParams,
    VectorAlignmentParams,
    WeightedSumNeuronParams,
)
from toolkit.builders import (
    NeuronDiagram,
    angle_arc,
    angle_readout,
    entry_column,
    half_planes,
    neuron_diagram,
    plane,
    plane_extent,
    projection,
    readout,
    vector_arrow,
)
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES
from toolkit.layout import FRAME_W, MARGIN, SAFE_H, SAFE_W, fit
from toolkit.lesson_scene import LessonScene



def sum_parts(values) -> list[str]:
    """The terms of a sum as the lesson writes it: 2 - 4 + 6, one tex part per term
    (with its sign), so that each term can be tied to the product it came from."""
    parts = []
    for i, v in enumerate(values):
        if i == 0:
            parts.append(tex_number(v))
        elif v < 0:
            parts.append("- " + tex_number(-v))
        else:
            parts.append("+ " + tex_number(v))
    return parts


def places_for(*values: float) -> int:
    """Whole figures are shown as integers, others with the lesson's two decimals."""
    return 0 if all(abs(v - round(v)) < 1e-9 for v in values) else 2


def sign_arrow(value: float, anchor: VMobject, length: float = 0.45) -> VMobject:
    """An up arrow beside a positive figure, a down arrow beside a negative one, so the
    sign reads in shape as well as in colour."""
    role = "positive" if value >= 0 else "negative"
    direction = UP if value >= 0 else DOWN
    centre = anchor.get_right() + RIGHT * 0.5
    return Arrow(centre - direction * length / 2, centre + direction * length / 2, buff=0,
                 color=colour(role), stroke_width=5, max_tip_length_to_length_ratio=0.45)


# --- 1. the definition ------------------------------------------------------------------


class PairGrid(VGroup):
    """a · b written as two entry columns, with a row a_i × b_i = p_i beside each index."""

    def __init__(self, a, b, names=("a", "b")):
        self.a_col = entry_column(a, "a", names[0])
        self.b_col = entry_column(b, "b", names[1])
        self.dot_sign = math(r"\cdot", size=SIZES.heading, role="muted")
        head = VGroup(self.a_col, self.dot_sign, self.b_col).arrange(RIGHT, buff=0.3)
        self.terms = products(a, b)
        self.factors = VGroup()
        self.results = VGroup()
        for i, (x, y, p) in enumerate(zip(a, b, self.terms)):
            factor = math(tex_number(x), r"\times", tex_number(y), "=")
            factor[0].set_color(colour("a"))
            factor[2].set_color(colour("b"))
            factor[1:4:2].set_color(colour("muted"))
            result = math(tex_number(p), role="result")
            row_y = self.a_col.entry(i).get_y()
            factor.move_to([0, row_y, 0])
            result.next_to(factor, RIGHT, buff=0.2)
            self.factors.add(factor)
            self.results.add(result)
        # Each row of factors is right-aligned at the "=" so the products line up in a column.
        right = head.get_right()[0] + 0.8 + max(f.width for f in self.factors)
        for factor, result in zip(self.factors, self.results):
            factor.shift(RIGHT * (right - factor.get_right()[0]))
            result.next_to(factor, RIGHT, buff=0.2)
            result.align_to(factor, DOWN)
        super().__init__(head, self.factors, self.results)

    def boxes(self, i: int) -> VGroup:
        return VGroup(self.a_col.highlight(i), self.b_col.highlight(i))

    def row_box(self, i: int) -> SurroundingRectangle:
        return SurroundingRectangle(VGroup(self.factors[i], self.results[i]), color=colour("highlight"),
                                    buff=0.1, stroke_width=3)


class SumLine(VGroup):
    """p_1 + p_2 + ... = total, one part per term, the total in the result role."""

    def __init__(self, terms, prefix: str | None = None):
        total = float(np.sum(terms))
        parts = ([prefix] if prefix else []) + sum_parts(terms) + ["=", tex_number(total)]
        self.tex = math(*parts, role="result")
        offset = 1 if prefix else 0
        self.term_parts = [self.tex[offset + i] for i in range(len(terms))]
        self.equals = self.tex[offset + len(terms)]
        self.total = self.tex[-1]
        self.equals.set_color(colour("muted"))
        if prefix:
            self.tex[0].set_color(colour("text"))
        self.total_box = SurroundingRectangle(self.total, color=colour("result"), buff=0.12, stroke_width=3)
        super().__init__(self.tex, self.total_box)


class RunningTotal(VGroup):
    """A vertical scale on which each product steps the total up or down: a staircase of
    signed arrows, so a negative product is seen pulling the total down."""

    def __init__(self, terms, height: float = 3.6, step_x: float = 0.75):
        self.terms = np.asarray(terms, float)
        levels = np.concatenate([[0.0], np.cumsum(self.terms)])
        lo, hi = min(0.0, levels.min()), max(0.0, levels.max())
        span = (hi - lo) or 1.0
        self.unit = height / span
        self.lo = lo
        n = len(self.terms)
        self.axis = Line(self.y_point(lo, -0.3), self.y_point(hi, -0.3), color=colour("muted"), stroke_width=3)
        self.zero = Line(self.y_point(0, -0.45), self.y_point(0, n * step_x + 0.1), color=colour("muted"),
                         stroke_width=2)
        self.zero_label = math("0", size=SIZES.small, role="muted").next_to(self.zero, LEFT, buff=0.2)
        self.steps = VGroup()
        self.step_labels = VGroup()
        for i, p in enumerate(self.terms):
            x = (i + 0.5) * step_x
            role = "positive" if p > 0 else "negative" if p < 0 else "muted"
            if p == 0:
                # A zero product moves nothing: a flat tick where an arrow would be.
                arrow = Line(self.y_point(levels[i], x - 0.2), self.y_point(levels[i], x + 0.2), color=colour(role),
                             stroke_width=6)
            else:
                arrow = Arrow(self.y_point(levels[i], x), self.y_point(levels[i + 1], x), buff=0, color=colour(role),
                              stroke_width=6, max_tip_length_to_length_ratio=0.35)
            label = math(("-" if p < 0 else "+") + tex_number(abs(p)), size=SIZES.small, role=role)
            if p == 0:
                label = VGroup(label, text("ignored", size=SIZES.small, role="muted")).arrange(RIGHT, buff=0.15)
            # Left-aligned: a wide label over a step would reach back over the step before it.
            label.next_to(arrow, UP if p >= 0 else DOWN, buff=0.1, aligned_edge=LEFT)
            self.steps.add(arrow)
            self.step_labels.add(label)
        super().__init__(self.axis, self.zero, self.zero_label, self.steps, self.step_labels)

    def y_point(self, value: float, x: float) -> np.ndarray:
        return np.array([x, (value - self.lo) * self.unit, 0.0])


class DotProductDefinition(LessonScene):
    Params = DotProductDefinitionParams

    def construct(self) -> None:
        p = self.params
        total1, total2 = dot(p.a, p.b), dot(p.a2, p.b2)

        grid = PairGrid(p.a, p.b)
        sum1 = SumLine(grid.terms, prefix=r"\mathbf{a}\cdot\mathbf{b} =")
        fit(VGroup(grid, sum1).arrange(DOWN, buff=0.7)).move_to(ORIGIN)

        with self.beat("Given two vectors of the same length, the dot product multiplies "
                       "corresponding elements and sums them up.", name="two vectors"):
            self.play(FadeIn(grid.a_col), FadeIn(grid.dot_sign), FadeIn(grid.b_col), run_time=1.2)

        with self.beat("Pair up the elements index by index, and multiply each pair: "
                       + ", ".join(fmt_fixed(t, places_for(t)) for t in grid.terms) + ".", name="multiply"):
            self.multiply_rows(grid)

        with self.beat(f"Then sum them up: the dot product is {fmt_fixed(total1, places_for(total1))}.",
                       name="sum"):
            self.play(FadeIn(sum1.tex[0]), run_time=0.5)
            self.play(*[TransformFromCopy(grid.results[i], sum1.term_parts[i]) for i in range(len(grid.terms))],
                      run_time=1.2)
            self.play(FadeIn(sum1.equals), Write(sum1.total), Create(sum1.total_box), run_time=1.0)
            self.settle(sum1.tex)

        self.play(FadeOut(VGroup(grid, sum1.tex, sum1.total_box)), run_time=0.6)

        grid2 = PairGrid(p.a2, p.b2)
        sum2 = SumLine(grid2.terms, prefix=r"\mathbf{a}\cdot\mathbf{b} =")
        arrows2 = VGroup(*[sign_arrow(t, grid2.results[i]) for i, t in enumerate(grid2.terms)])
        steps = RunningTotal(grid2.terms)
        left = VGroup(VGroup(grid2, arrows2), sum2).arrange(DOWN, buff=0.6)
        fit(VGroup(left, steps).arrange(RIGHT, buff=1.0), height=SAFE_H - 1.3).move_to(DOWN * 0.6)
        negatives = [i for i, t in enumerate(grid2.terms) if t < 0]

        with self.beat("Notice the negative component: a negative weight times a positive feature "
                       "subtracts from the total.", name="negative"):
            self.play(FadeIn(grid2.a_col), FadeIn(grid2.dot_sign), FadeIn(grid2.b_col), run_time=0.8)
            self.multiply_rows(grid2, fast=True)
            self.play(*[GrowArrow(a) for a in arrows2], run_time=0.6)
            if negatives:
                self.play(*[Create(grid2.row_box(i)) for i in negatives], run_time=0.6)

        total = ValueTracker(0.0)
        running = readout(r"\text{total} =", total.get_value,
                          places=places_for(*np.cumsum(grid2.terms)), role="result", size=SIZES.label)
        running.next_to(steps, UP, buff=0.35)
        with self.beat("Some features push the output up, some push it down: "
                       + " ".join(sum_parts(grid2.terms)).replace("-", "\u2212")
                       + f" = {fmt_fixed(total2, places_for(total2))}.", name="trade-off"):
            self.play(FadeIn(steps.axis), FadeIn(steps.zero), FadeIn(steps.zero_label), FadeIn(running), run_time=0.6)
            level = 0.0
            for i, t in enumerate(grid2.terms):
                level += t
                self.play(GrowArrow(steps.steps[i]), FadeIn(steps.step_labels[i]),
                          total.animate.set_value(level), run_time=0.9)
            self.play(FadeIn(sum2.tex[0]), *[TransformFromCopy(grid2.results[i], sum2.term_parts[i])
                                             for i in range(len(grid2.terms))], run_time=1.0)
            self.play(FadeIn(sum2.equals), Write(sum2.total), Create(sum2.total_box), run_time=0.8)
            self.settle(sum2.tex)
        running.number.clear_updaters()

        n = len(p.a2)
        general = math(r"\mathbf{a}\cdot\mathbf{b} = \sum_{i=1}^{n} a_i b_i =",
                       *[(" + " if i else "") + f"a_{{{i + 1}}} b_{{{i + 1}}}" for i in range(n)])
        general.to_edge(UP, buff=0.45)
        fit(general)
        with self.beat("In symbols: a dot b is the sum over i of a i times b i, "
                       "one term for each pair.", name="formula"):
            self.play(Write(general), run_time=1.2)
            for i in range(n):
                term_box = SurroundingRectangle(general[1 + i], color=colour("highlight"), buff=0.08, stroke_width=3)
                row_box = grid2.row_box(i)
                self.play(Create(term_box), Create(row_box), run_time=0.5)
                self.play(FadeOut(term_box), FadeOut(row_box), run_time=0.3)

        self.play(FadeOut(Group(*self.mobjects)), run_time=0.6)
        a_col, b_col = entry_column(p.a, "a", "a"), entry_column(p.b, "b", "b")
        arrow = Arrow(LEFT * 0.6, RIGHT * 0.6, color=colour("muted"), stroke_width=5)
        number = math(tex_number(total1), size=SIZES.title, role="result")
        box = SurroundingRectangle(number, color=colour("result"), buff=0.2, stroke_width=4)
        outro = VGroup(a_col, math(r"\cdot", size=SIZES.heading, role="muted"), b_col, arrow, VGroup(number, box))
        outro.arrange(RIGHT, buff=0.4)
        words = text("Two vectors in, one number out.", size=SIZES.heading)
        fit(VGroup(outro, words).arrange(DOWN, buff=0.7)).move_to(ORIGIN)
        with self.beat("Two vectors in, one number out.", name="one number"):
            self.play(FadeIn(outro[:3]), run_time=0.8)
            self.play(GrowArrow(arrow), FadeIn(number, shift=LEFT * 0.3), Create(box), run_time=1.0)
            self.play(Write(words), run_time=1.0)

    def multiply_rows(self, grid: PairGrid, fast: bool = False) -> None:
        """Index by index: the pair lights up with one highlight, then becomes its product."""
        boxes = None
        for i in range(len(grid.terms)):
            new = grid.boxes(i)
            if boxes is None:
                self.play(Create(new), run_time=0.4)
                boxes = new
            else:
                self.play(Transform(boxes, new), run_time=0.3 if fast else 0.4)
            factor = grid.factors[i]
            self.play(TransformFromCopy(grid.a_col.entry(i), factor[0]),
                      TransformFromCopy(grid.b_col.entry(i), factor[2]),
                      FadeIn(factor[1]), FadeIn(factor[3]), run_time=0.4 if fast else 0.7)
            self.play(FadeIn(grid.results[i], shift=RIGHT * 0.2), run_time=0.3 if fast else 0.5)
            self.settle(factor)
        self.play(FadeOut(boxes), run_time=0.3)


# --- shared by the plane scenes ---------------------------------------------------------


def clean(x: float) -> float:
    """Float dust around zero (cos 90° ≈ 6e-17) shown as 0, never as "-0.00"."""
    return 0.0 if abs(x) < 1e-9 else float(x)


def polar(length: float, angle: float) -> np.ndarray:
    return length * np.array([np.cos(angle), np.sin(angle)])


class VectorReadout(VGroup):
    """b = [x, y] with both coordinates live, re-spaced as their widths change."""

    def __init__(self, name: str, role: str, value, size: int = SIZES.label):
        self.value = value
        self.opening = math(rf"\mathbf{{{name}}} = [", size=size, role=role)
        self.comma = math(",", size=size, role=role)
        self.closing = math("]", size=size, role=role)
        self.coords = [DecimalNumber(v, num_decimal_places=2, font_size=size, color=colour(role)) for v in value()]
        super().__init__(self.opening, self.coords[0], self.comma, self.coords[1], self.closing)
        self._lay_out()
        self.add_updater(lambda m: m._follow())

    def _lay_out(self) -> None:
        left = self.get_left()
        self.coords[0].next_to(self.opening, RIGHT, buff=0.08)
        self.comma.next_to(self.coords[0], RIGHT, buff=0.05, aligned_edge=DOWN).shift(DOWN * 0.08)
        self.coords[1].next_to(self.comma, RIGHT, buff=0.18).align_to(self.coords[0], DOWN)
        self.closing.next_to(self.coords[1], RIGHT, buff=0.08)
        self.move_to(left, aligned_edge=LEFT)

    def _follow(self) -> None:
        for number, v in zip(self.coords, self.value()):
            number.set_value(clean(v))
        self._lay_out()


VERDICTS = {
    1: ("\u2191 Positive:\nvectors point in\nsimilar directions", "positive"),
    0: ("Zero:\nvectors are\nperpendicular", "text"),
    -1: ("\u2193 Negative:\nvectors point in\nopposite directions", "negative"),
}


def sign_of(x: float) -> int:
    """The sign the readout shows: a dot product that rounds to 0.00 reads as zero."""
    shown = round(x, 2)
    return 0 if shown == 0 else (1 if shown > 0 else -1)


class Verdict(VGroup):
    """The widget's verdict line. All three are built once and the one matching the sign
    is shown, so no text is created while b moves."""

    def __init__(self, value, size: int = SIZES.label):
        self.value = value
        self.lines = {s: text(words, size=size, role=role, line_spacing=0.8) for s, (words, role) in VERDICTS.items()}
        super().__init__(*self.lines.values())
        for line in self.lines.values():
            line.move_to(self.lines[1], aligned_edge=LEFT + UP)
        self.add_updater(lambda m: m._follow())
        self._follow()

    def _follow(self) -> None:
        current = sign_of(self.value())
        for s, line in self.lines.items():
            line.set_opacity(1.0 if s == current else 0.0)


# --- 2. the widget ----------------------------------------------------------------------


STOP_CAPTIONS = {
    90: "Perpendicular: the dot product is zero. The vectors carry no information about each other.",
    180: "Opposite directions: the dot product is as negative as it gets. Maximum disagreement.",
    270: "Perpendicular again, on the other side: zero once more.",
}


class VectorAlignment(LessonScene):
    Params = VectorAlignmentParams

    def construct(self) -> None:
        a = np.asarray(self.params.a, float)
        b0 = np.asarray(self.params.b, float)
        length_b = float(np.linalg.norm(b0))
        phi_a, phi_b = (float(np.arctan2(v[1], v[0])) for v in (a, b0))
        # b's direction is the tracker: b keeps its length as its tip turns.
        phi = ValueTracker(phi_b)

        def b() -> np.ndarray:
            return polar(length_b, phi.get_value())

        extent = plane_extent(a, [length_b, length_b])
        grid = plane(extent, height=SAFE_H - 0.2).to_edge(LEFT, buff=0.5)
        arrow_a = vector_arrow(grid, a, "a", "a")
        arrow_b = vector_arrow(grid, b, "b", "b")
        arc = angle_arc(grid, lambda: a, b, radius=0.55)

        big = SIZES.heading
        panel_a = VectorReadout("a", "a", lambda: a, size=big)
        panel_a.clear_updaters()
        panel_b = VectorReadout("b", "b", b, size=big)
        value = readout(r"\mathbf{a}\cdot\mathbf{b} =", lambda: clean(dot(a, b())), role="result", size=big)
        angle = angle_readout(lambda: angle_degrees(a, b()), size=big)
        verdict = Verdict(lambda: dot(a, b()))
        panel = VGroup(panel_a, panel_b, value, angle, verdict).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        panel.next_to(grid, RIGHT, buff=0.8)
        fit(panel, width=FRAME_W / 2 - MARGIN - panel.get_left()[0])
        for mob in (panel_a, panel_b, value, angle):
            mob.update()

        with self.beat("Drag the vector tips: the widget shows a, b, their dot product "
                       "and the angle between them.", name="widget"):
            self.play(Create(grid), run_time=1.0)
            self.play(GrowArrow(arrow_a.arrow), FadeIn(arrow_a.label), FadeIn(panel_a), run_time=0.8)
            self.play(FadeIn(arrow_b), FadeIn(panel_b), run_time=0.8)
            self.play(FadeIn(value), run_time=0.6)

        start = sign_of(dot(a, b0))
        with self.beat(self.verdict_caption(dot(a, b0), start), name="alignment"):
            self.play(Create(arc), FadeIn(angle), run_time=0.8)
            self.play(FadeIn(verdict), run_time=0.8)

        halves = half_planes(grid, a, extent)
        with self.beat("The line perpendicular to a splits the plane: on one side the dot product "
                       "is positive, on the other negative.", name="half-planes"):
            self.add(halves)
            self.bring_to_back(halves)
            self.bring_to_back(grid)
            self.play(FadeIn(halves), run_time=1.2)

        # The stops of a full counter-clockwise turn of b: perpendicular, opposite,
        # perpendicular again, each measured from a's direction.
        stops = []
        for degrees in (90, 180, 270):
            ahead = (phi_a + np.radians(degrees) - phi_b) % (2 * np.pi)
            if ahead > 1e-6:
                stops.append((ahead, degrees))
        stops.sort()
        seconds_per_turn = 9.0
        reached = 0.0
        for ahead, degrees in stops:
            with self.beat(STOP_CAPTIONS[degrees], name=f"{degrees} degrees"):
                self.play(phi.animate.set_value(phi_b + ahead), rate_func=linear,
                          run_time=max(0.5, (ahead - reached) / (2 * np.pi) * seconds_per_turn))
            reached = ahead

        with self.beat("The dot product measures alignment: high positive is a strong match, "
                       "near zero is no signal, negative is opposite.", name="full turn"):
            self.play(phi.animate.set_value(phi_b + 2 * np.pi), rate_func=linear,
                      run_time=max(0.5, (2 * np.pi - reached) / (2 * np.pi) * seconds_per_turn))

    @staticmethod
    def verdict_caption(value: float, sign: int) -> str:
        figure = fmt_fixed(value)
        if sign > 0:
            return f"The dot product measures alignment: {figure} is positive, so the vectors point in similar directions."
        if sign < 0:
            return f"The dot product measures alignment: {figure} is negative, so the vectors point in opposite directions."
        return "The dot product measures alignment: zero, so the vectors are perpendicular."


# --- 3. the geometric meaning -----------------------------------------------------------


class CosineRelation(LessonScene):
    Params = CosineRelationParams

    def construct(self) -> None:
        p = self.params
        a = np.asarray(p.a, float)
        b0 = np.asarray(p.b, float)
        norm_b0 = norm(b0)
        phi_a, phi_b = (float(np.arctan2(v[1], v[0])) for v in (a, b0))
        theta0 = (phi_b - phi_a + np.pi) % (2 * np.pi) - np.pi
        # b turns on the side it starts on, so its angle to a runs 0° .. 180° without jumping.
        side = 1.0 if theta0 >= 0 else -1.0
        phi = ValueTracker(phi_b)
        stretch = ValueTracker(1.0)

        def b() -> np.ndarray:
            return polar(stretch.get_value() * norm_b0, phi.get_value())

        def theta() -> float:
            return angle_degrees(a, b())

        extent = plane_extent(a, [norm_b0 * p.scale] * 2, margin=1.2)
        grid = plane(extent, height=SAFE_H - 0.2).to_edge(LEFT, buff=0.4)
        arrow_a = vector_arrow(grid, a, "a", "a")
        arrow_b = vector_arrow(grid, b, "b", "b")
        arc = angle_arc(grid, lambda: a, b, radius=0.5)
        shadow = projection(grid, lambda: a, b)

        identity = math(r"\mathbf{a}\cdot\mathbf{b}", "=", r"\|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta",
                        size=SIZES.heading)
        identity[0].set_color(colour("result"))
        size = SIZES.body
        left_side = readout(r"\mathbf{a}\cdot\mathbf{b} =", lambda: clean(dot(a, b())), role="result", size=size)
        right_side = readout(r"\|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta =",
                             lambda: clean(norm(a) * norm(b()) * np.cos(np.radians(theta()))), size=size)
        norm_a = readout(r"\|\mathbf{a}\| =", lambda: norm(a), role="a", size=size)
        norm_b = readout(r"\|\mathbf{b}\| =", lambda: norm(b()), role="b", size=size)
        angle = angle_readout(theta, size=size)
        cosine = readout(r"\cos\theta =", lambda: clean(np.cos(np.radians(theta()))), size=size)
        shadow_length = readout(r"\|\mathbf{b}\|\cos\theta =", lambda: clean(dot(a, b()) / norm(a)),
                                role="result", size=size)
        rows = VGroup(left_side, right_side, VGroup(norm_a, norm_b).arrange(RIGHT, buff=0.6),
                      VGroup(angle, cosine).arrange(RIGHT, buff=0.6), shadow_length)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.28)

        axes = Axes(x_range=[0, 180, 45], y_range=[-1, 1, 1], x_length=4.6, y_length=1.9, tips=False,
                    axis_config={"color": colour("muted"), "stroke_width": 2})
        curve = axes.plot(lambda t: np.cos(np.radians(t)), x_range=[0, 180], color=colour("result"), stroke_width=4)
        ticks = VGroup(*[math(rf"{d}^\circ", size=SIZES.small, role="muted").next_to(axes.c2p(d, -1), DOWN, buff=0.12)
                         for d in (0, 90, 180)])
        y_ticks = VGroup(*[math(tex_number(v), size=SIZES.small, role="muted").next_to(axes.c2p(0, v), LEFT, buff=0.12)
                           for v in (1, -1)])
        graph_label = math(r"\cos\theta", size=SIZES.small, role="result").next_to(axes.c2p(180, 1), LEFT, buff=0.1)
        marker = Dot(radius=0.09, color=colour("highlight"))
        marker.add_updater(lambda m: m.move_to(axes.c2p(theta(), np.cos(np.radians(theta())))))
        graph = VGroup(axes, curve, ticks, y_ticks, graph_label)

        column = VGroup(identity, rows, graph).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        column.next_to(grid, RIGHT, buff=0.5)
        fit(column, width=FRAME_W / 2 - MARGIN - column.get_left()[0])
        for r in (left_side, right_side, norm_a, norm_b, angle, cosine, shadow_length, marker):
            r.update()

        with self.beat("There is another formula for the same operation: a dot b equals the length of a "
                       f"times the length of b times cos theta. Both sides give {fmt_fixed(dot(a, b0))}.",
                       name="identity"):
            self.play(Create(grid), GrowArrow(arrow_a.arrow), FadeIn(arrow_a.label), FadeIn(arrow_b), run_time=1.2)
            self.play(Write(identity), run_time=1.0)
            self.play(Create(arc), FadeIn(rows[:4]), run_time=1.0)

        with self.beat("It measures how much the two vectors agree in direction: the shadow of b on a, "
                       "times the length of a.", name="projection"):
            self.play(FadeIn(shadow), FadeIn(shadow_length), run_time=1.0)

        stops = (
            (0, "At theta = 0 degrees the vectors are parallel: cos 0 degrees = 1. Maximum agreement."),
            (90, "At 90 degrees they are perpendicular: cos 90 degrees = 0. Zero agreement."),
            (180, "At 180 degrees they point in opposite directions: cos 180 degrees = -1. Maximum disagreement."),
        )
        for i, (degrees, caption) in enumerate(stops):
            with self.beat(caption, name=f"theta {degrees}"):
                if i == 0:
                    self.play(FadeIn(graph), FadeIn(marker), run_time=0.8)
                self.play(phi.animate.set_value(phi_a + side * np.radians(degrees)), run_time=2.0)

        # The projection's dashes are redrawn every frame, so it leaves before b moves.
        self.play(FadeOut(graph), FadeOut(marker), FadeOut(shadow), FadeOut(shadow_length), run_time=0.6)
        self.play(phi.animate.set_value(phi_b), run_time=1.2)

        aa = dot(a, a)
        self_dot = math(r"\mathbf{a}\cdot\mathbf{a} =", sum_tex_squares(a), "=", tex_number(aa), "=",
                        r"\|\mathbf{a}\|^2", size=SIZES.body)
        self_dot[3].set_color(colour("result"))
        self_dot.next_to(rows, DOWN, buff=0.5, aligned_edge=LEFT)
        fit(self_dot, width=FRAME_W / 2 - MARGIN - self_dot.get_left()[0])
        with self.beat(f"A vector dotted with itself gives its squared length: a dot a = {fmt_fixed(aa)}, "
                       "the length of a, squared.", name="self dot"):
            self.play(Write(self_dot), run_time=1.2)

        scaled = dot(a, b0) * p.scale
        direction_only = math(r"\cos\theta = \frac{\mathbf{a}\cdot\mathbf{b}}{\|\mathbf{a}\|\,\|\mathbf{b}\|}",
                              size=SIZES.body)
        direction_only.next_to(rows, DOWN, buff=0.5, aligned_edge=LEFT)
        with self.beat(f"Cosine similarity is direction only: stretch b by {fmt_number(p.scale)} and a dot b "
                       f"becomes {fmt_fixed(scaled)}, but cos theta does not change.", name="direction only"):
            self.play(FadeOut(self_dot), FadeIn(direction_only), run_time=0.8)
            self.play(stretch.animate.set_value(p.scale), run_time=2.0)
            self.play(Indicate(cosine, color=colour("highlight")), run_time=1.0)

        self.play(FadeOut(Group(*self.mobjects)), run_time=0.6)
        self.show_cosine_similarity(p.u, p.v)

    def show_cosine_similarity(self, u, v) -> None:
        """The lesson's code example, with the 2-D vectors gone: cos similarity of u and v,
        to four decimals as the code prints it."""
        cos_uv = cosine_similarity(u, v)
        col_u, col_v = entry_column(u, "a", "a"), entry_column(v, "b", "b")
        pair = VGroup(col_u, math(r"\cdot", size=SIZES.heading, role="muted"), col_v).arrange(RIGHT, buff=0.3)
        formula = math(r"\cos\theta = \frac{\mathbf{a}\cdot\mathbf{b}}{\sqrt{\mathbf{a}\cdot\mathbf{a}}\,"
                       r"\sqrt{\mathbf{b}\cdot\mathbf{b}}}", "=",
                       rf"\frac{{{tex_number(dot(u, v))}}}{{\sqrt{{{tex_number(dot(u, u))}}}\,"
                       rf"\sqrt{{{tex_number(dot(v, v))}}}}}", "=", fmt_fixed(cos_uv, 4), size=SIZES.heading)
        formula[4].set_color(colour("result"))
        box = SurroundingRectangle(formula[4], color=colour("result"), buff=0.12, stroke_width=3)
        note = text("nearly parallel" if cos_uv > 0.9 else "direction only", size=SIZES.body, role="muted")
        fit(VGroup(pair, VGroup(formula, box), note).arrange(DOWN, buff=0.5)).move_to(ORIGIN)
        with self.beat(f"The lesson's code: the cosine similarity of {fmt_list(u)} and {fmt_list(v)} "
                       f"is {fmt_fixed(cos_uv, 4)}.", name="cosine similarity"):
            self.play(FadeIn(pair), run_time=0.8)
            self.play(Write(formula), run_time=1.5)
            self.play(Create(box), FadeIn(note), run_time=0.8)


def sum_tex_squares(v) -> str:
    """1.8^2 + 1.2^2, with negative entries in parentheses."""
    return " + ".join(f"({tex_number(x)})^2" if x < 0 else f"{tex_number(x)}^2" for x in v)


def fmt_list(v) -> str:
    return "[" + ", ".join(fmt_number(x) for x in v) + "]"


# --- 4. the neuron ----------------------------------------------------------------------


ACTIVATION_TEX = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "identity": r"\mathrm{id}"}


def neuron_layout(x, w, reach: float = 4.0, width: float = 6.8) -> NeuronDiagram:
    """The neuron at the left of the frame, its inputs spaced to fit 2 to 6 of them."""
    n = len(x)
    diagram = neuron_diagram(x, w, spacing=min(1.25, 5.0 / max(n - 1, 1)), reach=reach)
    return fit(diagram, width=width, height=SAFE_H - 1.0).to_edge(LEFT, buff=0.4).shift(UP * 0.3)


def product_labels(diagram: NeuronDiagram, terms) -> VGroup:
    """w_i × x_i = p_i where each weight label sat, so each product is read on its own edge."""
    labels = VGroup()
    for i, (w, x, t) in enumerate(zip(diagram.weights_values, diagram.inputs_values, terms)):
        label = math(tex_number(w), r"\times", tex_number(x), "=", tex_number(t), size=SIZES.small)
        label[0].set_color(colour("a"))
        label[2].set_color(colour("b"))
        label[1:4:2].set_color(colour("muted"))
        label[4].set_color(colour("result"))
        fit(label, width=2.6)
        edge = diagram.edges[i]
        start, end = edge.get_start(), edge.get_end()
        slope = abs((end[1] - start[1]) / (end[0] - start[0]))
        # Lifted by how far the sloping edge rises under the label's half width, so it never sits on the edge.
        label.next_to(edge.point_from_proportion(0.4), UP, buff=0.1 + slope * label.width / 2)
        labels.add(label)
    return labels


def activation_graph(activation: str, z: float, width: float = 5.6, height: float = 3.0):
    """Axes holding the activation's curve, wide enough to show z on it."""
    reach = max(6.0, float(np.ceil(abs(z))) + 1.0)
    if activation == "sigmoid":
        y_range = [0, 1, 0.5]
    elif activation == "relu":
        y_range = [0, reach, reach / 2]
    else:
        y_range = [-reach, reach, reach]
    axes = Axes(x_range=[-reach, reach, reach / 2], y_range=y_range, x_length=width, y_length=height, tips=False,
                axis_config={"color": colour("muted"), "stroke_width": 2})
    curve = axes.plot(lambda t: activate(t, activation), x_range=[-reach, reach], color=colour("result"),
                      stroke_width=4)
    y_labels = VGroup(*[math(tex_number(v), size=SIZES.small, role="muted").next_to(axes.c2p(-reach, v), LEFT, buff=0.12)
                        for v in (y_range[0], y_range[1])])
    x_label = math("z", size=SIZES.small, role="muted").next_to(axes.x_axis.get_right(), DOWN, buff=0.15)
    return VGroup(axes, curve, y_labels, x_label)


class WeightedSumNeuron(LessonScene):
    Params = WeightedSumNeuronParams

    def construct(self) -> None:
        p = self.params
        forward = weighted_sum(p.w, p.x, p.bias, p.activation)
        act = ACTIVATION_TEX[p.activation]

        diagram = neuron_layout(p.x, p.w)
        products_on_edges = product_labels(diagram, forward["terms"])
        right_x = diagram.get_right()[0] + 0.5
        sum_line = SumLine(forward["terms"], prefix=r"\mathbf{w}\cdot\mathbf{x} =")
        z_line = math("z", "=", r"\mathbf{w}\cdot\mathbf{x} + b", "=",
                      f"{tex_number(forward['sum'])} {sum_parts([0, p.bias])[1]}", "=", tex_number(forward["z"]))
        z_line[-1].set_color(colour("result"))
        a_line = math("a", "=", rf"{act}(z)", "=", tex_number(forward["a"]))
        a_line[-1].set_color(colour("result"))
        curve = activation_graph(p.activation, forward["z"])
        column = VGroup(sum_line, z_line, a_line, curve).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        fit(column, width=FRAME_W / 2 - MARGIN - right_x, height=SAFE_H)
        column.move_to([right_x + column.width / 2, 0, 0])
        point = self.point_on(curve, p.activation, forward["z"])

        with self.beat("Each weight decides how much influence each feature has: the inputs x feed "
                       "the neuron through the weights w.", name="neuron"):
            self.play(FadeIn(diagram.nodes), FadeIn(diagram.input_labels), run_time=0.8)
            self.play(Create(diagram.edges), FadeIn(diagram.weight_labels), run_time=1.0)
            self.play(FadeIn(diagram.body), FadeIn(diagram.sigma), GrowArrow(diagram.output), run_time=0.8)

        with self.beat("On each edge, the feature is multiplied by its weight: "
                       + ", ".join(fmt_number(t) for t in forward["terms"]) + ".", name="products"):
            for i in range(len(p.x)):
                self.play(Indicate(diagram.input_labels[i], color=colour("highlight")),
                          ReplacementTransform(diagram.weight_labels[i], products_on_edges[i]), run_time=0.8)

        with self.beat(f"A single neuron sums them and adds the bias: z = w dot x + b = {fmt_number(forward['z'])}.",
                       name="sum"):
            self.play(FadeIn(sum_line.tex[0]), *[TransformFromCopy(products_on_edges[i][4], sum_line.term_parts[i])
                                                 for i in range(len(p.x))], run_time=1.2)
            self.play(FadeIn(sum_line.equals), Write(sum_line.total), run_time=0.6)
            self.settle(sum_line.tex)
            self.play(Write(z_line), run_time=1.0)

        with self.beat(f"Then it applies an activation function: a = {p.activation}(z) = "
                       f"{fmt_number(forward['a'])}.", name="activation"):
            self.play(Create(curve), run_time=1.0)
            self.play(Create(point), Write(a_line), run_time=1.0)

        self.play(FadeOut(VGroup(column, point, products_on_edges)), run_time=0.6)
        self.signs_pass(diagram)

        self.play(FadeOut(Group(*self.mobjects)), run_time=0.6)
        neuron = math(r"z = \mathbf{w}\cdot\mathbf{x} + b", size=SIZES.heading)
        regression = math(r"\hat{y} = \mathbf{w}\cdot\mathbf{x} + b", "=",
                          f"{tex_number(forward['sum'])} {sum_parts([0, p.bias])[1]}", "=",
                          tex_number(forward["z"]), size=SIZES.heading)
        regression[-1].set_color(colour("result"))
        names = VGroup(text("every neuron", size=SIZES.body, role="muted"),
                       text("linear regression", size=SIZES.body, role="muted"))
        rows = VGroup(VGroup(names[0], neuron), VGroup(names[1], regression))
        for row in rows:
            row.arrange(RIGHT, buff=0.6)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.8)
        fit(rows).move_to(ORIGIN)
        with self.beat("This is also how linear regression makes predictions: y hat = w dot x + b. "
                       "The prediction is the dot product of weights and features.", name="regression"):
            self.play(FadeIn(rows[0]), run_time=0.8)
            self.play(FadeIn(rows[1]), run_time=1.0)

    @staticmethod
    def point_on(curve: VGroup, activation: str, z: float) -> VGroup:
        axes = curve[0]
        y0 = axes.y_range[0]
        point = axes.c2p(z, activate(z, activation))
        return VGroup(DashedLine(axes.c2p(z, y0), point, color=colour("muted"), stroke_width=3),
                      Dot(point, radius=0.1, color=colour("highlight")))

    def signs_pass(self, diagram: NeuronDiagram) -> None:
        """The same inputs through w_signs: each product steps w·x up, down, or not at all."""
        p = self.params
        terms = products(p.w_signs, p.x, names=("w_signs", "x"))
        # Longer edges than the first pass: each product needs room for its up/down/ignored mark.
        second = neuron_layout(p.x, p.w_signs, reach=5.4, width=9.0)
        labels = product_labels(second, terms)
        marks = VGroup()
        for i, t in enumerate(terms):
            if t == 0:
                # A flat dash where the others have arrows: no push either way (the edge fades too).
                centre = labels[i].get_right() + RIGHT * 0.5
                marks.add(Line(centre + LEFT * 0.2, centre + RIGHT * 0.2, color=colour("muted"), stroke_width=6))
            else:
                marks.add(sign_arrow(t, labels[i]))
        steps = RunningTotal(terms, height=3.4)
        total = ValueTracker(0.0)
        running = readout(r"\mathbf{w}\cdot\mathbf{x} =", total.get_value, places=places_for(*np.cumsum(terms)),
                          role="result", size=SIZES.body)
        right_x = max(second.get_right()[0], labels.get_right()[0], marks.get_right()[0]) + 0.6
        side = VGroup(running, steps).arrange(DOWN, buff=0.4)
        fit(side, width=FRAME_W / 2 - MARGIN - right_x).move_to([right_x + side.width / 2, 0, 0])

        with self.beat("Positive weight: the feature pushes the output up. Negative weight: it pushes "
                       "the output down. Zero weight: the feature is ignored entirely.", name="signs"):
            self.play(Transform(diagram, second), run_time=1.0)
            self.play(FadeIn(steps.axis), FadeIn(steps.zero), FadeIn(steps.zero_label), FadeIn(running), run_time=0.6)
            level = 0.0
            for i, t in enumerate(terms):
                level += t
                self.play(ReplacementTransform(diagram.weight_labels[i], labels[i]), run_time=0.6)
                if t == 0:
                    self.play(diagram.edges[i].animate.set_opacity(0.25), Create(marks[i]),
                              FadeIn(steps.steps[i]), FadeIn(steps.step_labels[i]), run_time=0.8)
                else:
                    self.play(GrowArrow(marks[i]), GrowArrow(steps.steps[i]), FadeIn(steps.step_labels[i]),
                              total.animate.set_value(level), run_time=0.8)
        running.number.clear_updaters()


# --- 5. attention -----------------------------------------------------------------------


def signed(x: float, places: int = 4) -> str:
    """A score with its sign always written, so a bar's direction is also read in its label."""
    return ("+" if x > 0 else "") + tex_number(x, places)


class ScoreBars(VGroup):
    """One bar per key: up for a positive score, down for a negative one, each labelled with
    its signed value, its word and its key."""

    def __init__(self, scores, words, keys, height: float = 3.4, width: float = SAFE_W - 0.4):
        self.scores = np.asarray(scores, float)
        n = len(self.scores)
        lo, hi = min(0.0, self.scores.min()), max(0.0, self.scores.max())
        unit = height / ((hi - lo) or 1.0)
        slot = width / n
        self.baseline = Line(LEFT * width / 2, RIGHT * width / 2, color=colour("muted"), stroke_width=3)
        self.bars, self.values, self.words, self.keys = VGroup(), VGroup(), VGroup(), VGroup()
        bottom = lo * unit - 0.55
        for i, (s, word, key) in enumerate(zip(self.scores, words, keys)):
            x = -width / 2 + slot * (i + 0.5)
            role = "positive" if s >= 0 else "negative"
            bar = Rectangle(width=min(1.1, slot * 0.5), height=max(abs(s) * unit, 0.02), stroke_width=0,
                            fill_color=colour(role), fill_opacity=0.85)
            bar.move_to([x, s * unit / 2, 0])
            value = math(signed(s), size=SIZES.small, role=role)
            value.next_to(bar, UP if s >= 0 else DOWN, buff=0.12)
            label = text(word, size=SIZES.body)
            key_tex = math(r"[" + ",\\ ".join(tex_number(v) for v in key) + r"]", size=SIZES.small, role="b")
            fit(label, width=slot - 0.15)
            fit(key_tex, width=slot - 0.15)
            label.move_to([x, bottom - label.height / 2, 0])
            key_tex.next_to(label, DOWN, buff=0.15)
            self.bars.add(bar)
            self.values.add(value)
            self.words.add(label)
            self.keys.add(key_tex)
        super().__init__(self.baseline, self.bars, self.values, self.words, self.keys)


class AttentionScore(LessonScene):
    Params = AttentionScoreParams

    def construct(self) -> None:
        p = self.params
        q = np.asarray(p.q, float)
        keys = np.asarray(p.keys, float)
        d_k = keys.shape[1]
        k = keys[0]
        qk = dot(q, k, names=("q", "k"))
        score = attention_score(q, k, d_k)

        grid = PairGrid(q, k, names=("q", "k"))
        sum_line = SumLine(grid.terms, prefix=r"\mathbf{q}\cdot\mathbf{k} =")
        score_line = math(r"\text{score}(\mathbf{q}, \mathbf{k}) = \frac{\mathbf{q}\cdot\mathbf{k}}{\sqrt{d_k}}", "=",
                          rf"\frac{{{tex_number(qk)}}}{{\sqrt{{{d_k}}}}}", "=", fmt_fixed(score, 4))
        score_line[-1].set_color(colour("result"))
        score_box = SurroundingRectangle(score_line[-1], color=colour("result"), buff=0.12, stroke_width=3)
        word = text(f'key of "{p.words[0]}"', size=SIZES.label, role="b")
        fit(VGroup(grid, sum_line, VGroup(score_line, score_box)).arrange(DOWN, buff=0.5)).move_to(ORIGIN)
        word.next_to(grid.b_col, UP, buff=0.3)

        with self.beat("The page's own example: a query vector q and a key vector k, multiplied "
                       "element by element and summed.", name="q dot k"):
            self.play(FadeIn(grid.a_col), FadeIn(grid.dot_sign), FadeIn(grid.b_col), FadeIn(word), run_time=0.8)
            for i in range(len(q)):
                self.play(FadeIn(grid.factors[i]), FadeIn(grid.results[i], shift=RIGHT * 0.2), run_time=0.4)
            self.play(FadeIn(sum_line.tex[0]), *[TransformFromCopy(grid.results[i], sum_line.term_parts[i])
                                                 for i in range(len(q))], run_time=1.0)
            self.play(FadeIn(sum_line.equals), Write(sum_line.total), run_time=0.6)
            self.settle(sum_line.tex)

        with self.beat(f"The score divides by the square root of d_k, the key dimension: "
                       f"{fmt_fixed(qk)} over root {d_k} is {fmt_fixed(score, 4)}.", name="scale"):
            self.play(Write(score_line), run_time=1.5)
            self.play(Create(score_box), run_time=0.5)

        self.play(FadeOut(Group(*self.mobjects)), run_time=0.6)
        scores = [attention_score(q, key, d_k) for key in keys]
        formula = math(r"\text{score}(\mathbf{q}, \mathbf{k}_i) = \frac{\mathbf{q}\cdot\mathbf{k}_i}{\sqrt{d_k}}",
                       size=SIZES.body)
        query = math(r"\mathbf{q} = [" + ",\\ ".join(tex_number(v) for v in q) + "]", role="a")
        header = VGroup(query, formula).arrange(RIGHT, buff=1.0)
        bars = ScoreBars(scores, p.words, keys)
        fit(VGroup(header, bars).arrange(DOWN, buff=0.5)).move_to(ORIGIN)

        with self.beat("Every key gets its score: the query is dotted with each key and scaled by the "
                       "square root of d_k.", name="every key"):
            self.play(FadeIn(header), Create(bars.baseline), FadeIn(bars.words), FadeIn(bars.keys), run_time=1.0)
            for bar, value, s in zip(bars.bars, bars.values, scores):
                self.play(GrowFromEdge(bar, DOWN if s >= 0 else UP), FadeIn(value), run_time=0.6)

        top = max(round(s, 4) for s in scores)
        best = [i for i, s in enumerate(scores) if round(s, 4) == top]
        best_words = " and ".join(f'"{p.words[i]}"' for i in best)
        boxes = VGroup(*[SurroundingRectangle(VGroup(bars.bars[i], bars.values[i], bars.words[i], bars.keys[i]),
                                              color=colour("highlight"), buff=0.15, stroke_width=4) for i in best])
        with self.beat(f"High dot product means the query aligns with that key: {best_words} scores highest, "
                       "the most relevant token.", name="most relevant"):
            self.play(Create(boxes), *[Indicate(bars.words[i], color=colour("highlight")) for i in best], run_time=1.2)
