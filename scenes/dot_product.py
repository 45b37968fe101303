"""Lesson 1, "The dot product": pair up, multiply, sum; alignment; cos θ; neurons; attention.

Every figure is computed from the scene's params through mathcore and rounded as the
lesson rounds it; the captions are the lesson's own sentences.
"""

from __future__ import annotations

import math as pymath

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Create,
    DecimalNumber,
    FadeIn,
    FadeOut,
    GrowArrow,
    Group,
    Line,
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
from mathcore import angle_degrees
from scenes.catalog import DotProductDefinitionParams, VectorAlignmentParams
from toolkit.builders import (
    angle_arc,
    angle_readout,
    entry_column,
    half_planes,
    plane,
    plane_extent,
    readout,
    vector_arrow,
)
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES
from toolkit.lesson_scene import LessonScene

FRAME_W, FRAME_H, MARGIN = 14.22, 8.0, 0.3
SAFE_W, SAFE_H = FRAME_W - 2 * MARGIN, FRAME_H - 2 * MARGIN


def fit(m: VMobject, width: float = SAFE_W, height: float = SAFE_H) -> VMobject:
    """Shrink `m` (never grow it) until it fits the box."""
    if m.width > width:
        m.scale_to_fit_width(width)
    if m.height > height:
        m.scale_to_fit_height(height)
    return m


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


def sign_arrow(value: float, anchor: VMobject, length: float = 0.55) -> VMobject:
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
            role = "positive" if p >= 0 else "negative"
            arrow = Arrow(self.y_point(levels[i], x), self.y_point(levels[i + 1], x), buff=0, color=colour(role),
                          stroke_width=6, max_tip_length_to_length_ratio=0.35)
            label = math(("+" if p >= 0 else "") + tex_number(p), size=SIZES.small, role=role)
            label.next_to(arrow, UP if p >= 0 else DOWN, buff=0.1)
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
            self.play(GrowArrow(arrow_a.arrow), FadeIn(arrow_a.name), FadeIn(panel_a), run_time=0.8)
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
