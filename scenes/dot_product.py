"""Lesson 1, "The dot product": pair up, multiply, sum; alignment; cos θ; neurons; attention.

Every figure is computed from the scene's params through mathcore and rounded as the lesson
rounds it; the captions are the lesson's own sentences. The widgets live in toolkit/ by concept
(formulas, vectors, charts, readouts, neuron); each beat's objects are built by a named method.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Group,
    Indicate,
    ReplacementTransform,
    SurroundingRectangle,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
    linear,
)

from mathcore import angle_degrees, attention_score, cosine_similarity, dot, fmt_fixed, fmt_number, norm, product_reads_true, weighted_sum
from mathcore import products as products_of
from scenes.catalog import (
    AttentionScoreParams,
    CosineRelationParams,
    DotProductDefinitionParams,
    VectorAlignmentParams,
    WeightedSumNeuronParams,
)
from toolkit import layout
from toolkit.builders import half_planes, plane, plane_extent
from toolkit.charts import ActivationGraph, CosineGraph, RunningTotal, ScoreBars
from toolkit.formulas import DotProductLine, factor_tex, general_dot_formula, sum_tex
from toolkit.lesson_scene import LessonScene
from toolkit.neuron import Neuron
from toolkit.readouts import ReadoutPanel, VectorReadout, Verdict, angle_readout, readout, sign_of, stop
from toolkit.style import colour, math, role_math, tex_fixed, tex_number, text
from toolkit.theme import SIZES
from toolkit.vectors import EntryPair, PlaneVector, Shadow, angle_mark, clean, off_axes, polar


def places_for(*values: float) -> int:
    """Whole figures are shown as integers, others with the lesson's two decimals."""
    return 0 if all(abs(v - round(v)) < 1e-9 for v in values) else 2


def spoken_sum(values) -> str:
    return sum_tex(values, places_for(*values)).replace("-", "\u2212")


# --- 1. the definition ------------------------------------------------------------------


class DotProductDefinition(LessonScene):
    Params = DotProductDefinitionParams

    def construct(self) -> None:
        p = self.params
        pair, line = self.worked_example(p.a, p.b, layout.SAFE)
        terms = products_of(p.a, p.b)
        with self.beat("Given two vectors of the same length, the dot product multiplies "
                       "corresponding elements and sums them up.", name="two vectors"):
            self.play(pair.appear(), FadeIn(line.prefix), run_time=0.8)
            self.write_pairs(pair, line, run_time=0.6)
            self.play(FadeOut(pair.pointer), run_time=0.4)  # every pair is written: nothing is pointed at
            pair.pointer = None  # drawn afresh when it points again
        with self.beat("Pair up the elements index by index, and multiply each pair: "
                       + ", ".join(fmt_fixed(t, places_for(t)) for t in terms) + ".", name="multiply"):
            # The pairing as it is said: index by index, the two entries and their pair in the line light up.
            for i in range(len(pair)):
                self.play(pair.point_at(i), Indicate(line.pairs[i], color=colour("highlight"), scale_factor=1.1),
                          run_time=0.45)
            self.play(FadeOut(pair.pointer), line.multiply(), run_time=1.2)
        with self.beat(f"Then sum them up: the dot product is {fmt_fixed(line.total_value, places_for(line.total_value))}.",
                       name="sum"):
            self.play(line.sum_up(), run_time=1.4)
            self.settle(line.tex, line.parts())
        self.play(FadeOut(Group(*self.mobjects)), run_time=0.5)

        pair2, line2, steps, negatives, above = self.negative_example(p.a2, p.b2)
        with self.beat("Notice the negative component: a negative weight times a positive feature "
                       "subtracts from the total.", name="negative"):
            self.play(pair2.appear(), FadeIn(line2.prefix), run_time=0.6)
            self.write_pairs(pair2, line2, run_time=0.4)
            self.play(FadeOut(pair2.pointer), line2.multiply(), run_time=1.0)
            # The negative factor and its product are marked, and the total steps along its scale
            # as far as the first negative product, which is seen to pull it down.
            self.play(*(Create(box) for box in negatives), steps.appear(), run_time=0.6)
            down = next((i for i, t in enumerate(steps.terms) if t < 0), -1)
            for i in range(down + 1):
                self.play(steps.step(i), Indicate(line2.terms[i], color=colour("highlight")), run_time=0.7)
        with self.beat("Some features push the output up, some push it down: "
                       f"{spoken_sum(steps.terms)} = {fmt_fixed(line2.total_value, places_for(line2.total_value))}.",
                       name="trade-off"):
            self.play(FadeOut(negatives), run_time=0.4)
            for i in range(down + 1, len(steps.terms)):
                self.play(steps.step(i), Indicate(line2.terms[i], color=colour("highlight")), run_time=0.7)
            self.play(line2.sum_up(), steps.mark_total(), run_time=1.2)
            self.settle(line2.tex, line2.parts())
        self.symbols_beat(line2, VGroup(pair2, steps), above)
        self.play(FadeOut(Group(*self.mobjects)), run_time=0.5)
        self.one_number_beat(p.a, p.b, line.total_value)

    def worked_example(self, a, b, region: layout.Region):
        """The two vectors as columns over their dot product written out, filling `region`."""
        pair = EntryPair(a, b, size=SIZES.title)
        line = DotProductLine(a, b, names=("a", "b"), places=places_for(*a, *b, *products_of(a, b)), size=SIZES.heading)
        line.wrap(region.width)
        # The columns as tall as the room over the line allows: the line sets the width, and the
        # columns, narrow, would otherwise leave the stage's middle empty.
        line.scale(min(1.9, 0.95 * region.width / line.width))
        line.move_to([region.center[0], region.bottom + line.height / 2 + 0.2, 0])
        above = layout.Region("above the line", region.left, region.right, line.get_top()[1] + 0.8, region.top)
        above.place(pair, fill=0.95, max_scale=1.6)
        return pair, line

    def negative_example(self, a, b):
        """The second pair beside a running total that a negative product pulls down, over the line."""
        terms = products_of(a, b)
        # Beside the running total, columns of more than four entries have no height to spare for
        # names over them.
        pair = EntryPair(a, b, size=SIZES.title, names_above=len(a) <= 4)
        # The scale as tall as the columns beside it, its labels at the pair's size.
        steps = RunningTotal(terms, height=pair.height, places=places_for(*terms), size=SIZES.title)
        line = DotProductLine(a, b, names=("a", "b"), places=places_for(*a, *b, *terms), size=SIZES.heading)
        line.wrap(layout.STAGE.width)
        # The pair and the chart side by side over the line. The line spans the stage's foot as
        # wide as it may (as large as the first example's), leaving the pair and chart at least
        # their own size above it; they then grow into the rest of the stage.
        top = VGroup(pair, steps).arrange(RIGHT, buff=1.5)
        gap = 0.35
        stage = layout.STAGE
        room = stage.height - gap - min(top.height, stage.height * 0.7)
        line.scale(min(1.6, 0.95 * stage.width / line.width, room / line.height))
        stage.place(line, fill=1.0, max_scale=1.0, align="bottom")
        line.shift(UP * 0.15)  # room under it for the boxes that pick out its terms
        above = layout.Region("above the line", stage.left, stage.right, line.get_top()[1] + gap, stage.top)
        above.place(top, fill=0.97, max_scale=1.5)
        # Each negative product, and the negative factor in the columns that made it.
        negatives = VGroup(*(SurroundingRectangle(m, color=colour("negative"), buff=0.08, stroke_width=3)
                             for i, t in enumerate(terms) if t < 0
                             for m in (line.terms[i], *(e for e, v in zip(pair.entries(i), (a[i], b[i])) if v < 0))))
        return pair, line, steps, negatives, above

    def write_pairs(self, pair: EntryPair, line: DotProductLine, run_time: float) -> None:
        """Index by index: the pair lights up and its two entries fly into the line."""
        for i in range(len(pair)):
            self.play(pair.point_at(i), run_time=run_time * 0.5)
            self.play(line.write_pair(i, *pair.entries(i)), run_time=run_time)

    def symbols_beat(self, line: DotProductLine, example: VGroup, region: layout.Region) -> None:
        """The general formula takes the example's place above its line, as large as the room
        allows (it is what the beat is about), each a_i b_i boxed with the pair it stands for."""
        general = general_dot_formula(line.n, size=SIZES.title)
        region.place(general, fill=0.95, max_scale=1.6)
        with self.beat("In symbols: a dot b is the sum over i of a i times b i, one term for each pair.",
                       name="formula"):
            self.play(FadeOut(example), run_time=0.4)
            self.play(Write(general), run_time=1.2)
            for i in range(line.n):
                boxes = VGroup(*(SurroundingRectangle(m, color=colour("highlight"), buff=0.08, stroke_width=3)
                                 for m in (general.terms[i], line.pairs[i][-3:])))
                # Long enough to look from the term to its pair and back.
                self.play(Create(boxes), run_time=0.4)
                self.wait(0.8)
                self.play(FadeOut(boxes), run_time=0.3)

    def one_number_beat(self, a, b, total: float) -> None:
        pair = EntryPair(a, b, size=SIZES.title)
        arrow = Arrow(LEFT * 0.7, RIGHT * 0.7, color=colour("muted"), stroke_width=6)
        number = math(tex_number(total, places_for(total)), size=SIZES.title, role="result")
        box = SurroundingRectangle(number, color=colour("result"), buff=0.2, stroke_width=4)
        words = text("Two vectors in, one number out.", size=SIZES.heading)
        outro = VGroup(VGroup(pair, arrow, VGroup(number, box)).arrange(RIGHT, buff=0.5), words).arrange(DOWN, buff=0.8)
        layout.SAFE.place(outro, fill=0.9, max_scale=2.0)
        with self.beat("Two vectors in, one number out.", name="one number"):
            self.play(pair.appear(), run_time=0.8)
            self.play(GrowArrow(arrow), FadeIn(number, shift=LEFT * 0.3), Create(box), run_time=1.0)
            self.play(Write(words), run_time=1.0)


# --- 2. the widget ----------------------------------------------------------------------


STOP_CAPTIONS = {
    90: "Perpendicular: the dot product is zero. The vectors carry no information about each other.",
    180: "Opposite directions: the dot product is as negative as it gets. Maximum disagreement.",
    270: "Perpendicular again, on the other side: zero once more.",
}


class PlaneScene(LessonScene):
    """The plane scenes: a on the plane, b turning (and stretching) around the origin, at one
    scale in both scenes: the plane fills the left half, its readouts the right."""

    def set_up_plane(self, a, b0, reach: float | None = None) -> None:
        self.a = np.asarray(a, float)
        b0 = np.asarray(b0, float)
        self.length_b = norm(b0, "b")
        self.phi_a, self.phi_b = (float(np.arctan2(v[1], v[0])) for v in (self.a, b0))
        # b's direction and stretch are the trackers: its tip turns and stretches.
        self.phi = ValueTracker(self.phi_b)
        self.stretch = ValueTracker(1.0)
        self.extent = plane_extent(self.a, [self.length_b, self.length_b])
        self.grid = layout.TALL_MAIN.place(plane(self.extent, height=6.0))
        # Getters are plain functions (a bound method would drag the scene into every copy).
        a, b = self.a, (lambda: self.b())
        self.b_of_t = b
        # a stands still: its name keeps to a's clockwise side, clear of the half-plane's label.
        self.arrow_a = PlaneVector(self.grid, lambda: a, "a", "a", side=-1)
        self.arrow_b = PlaneVector(self.grid, b, "b", "b", away_from=lambda: a)
        self.mark = angle_mark(self.grid, lambda: a, b)

    def b(self) -> np.ndarray:
        return polar(self.stretch.get_value() * self.length_b, self.phi.get_value())

    def theta(self) -> float:
        return angle_degrees(self.a, self.b())

    def turn_to(self, angle: float, run_time: float, **kwargs):
        return self.phi.animate(run_time=run_time, **kwargs).set_value(angle)


# How far b turns (and back) while the widget's panel is introduced.
WIGGLE = np.radians(20)
# The seconds of b's last full turn: with the rest of the sweep before it, about as long as the
# sentence that sums the turn up (at 7 s the turn ran on 4 s past the voice).
LAST_TURN = 5.0


class VectorAlignment(PlaneScene):
    Params = VectorAlignmentParams

    def construct(self) -> None:
        self.set_up_plane(self.params.a, self.params.b)
        panel, verdict = self.panel()
        with self.beat("As b turns around a, the panel follows a, b, their dot product "
                       "and the angle between them.", name="widget"):
            self.play(Create(self.grid), run_time=1.0)
            self.play(GrowArrow(self.arrow_a.arrow), FadeIn(self.arrow_a.label), FadeIn(self.arrow_b),
                      panel.appear(0, 1), run_time=0.8)
            self.play(panel.appear(2), Create(self.mark), panel.appear(3), run_time=0.8)
            # b turns a little away and back, as the caption says: the panel's numbers follow it.
            for angle in (self.phi_b + WIGGLE, self.phi_b):
                self.play(self.turn_to(angle, 1.2))
        value = dot(self.a, self.b())
        with self.beat(self.verdict_caption(value, sign_of(value)), name="alignment"):
            self.play(FadeIn(verdict), Indicate(panel[2], color=colour("result")), run_time=1.0)
        self.half_planes_beat()
        reached = 0.0
        for ahead, degrees in self.stops():
            with self.beat(STOP_CAPTIONS[degrees], name=f"{degrees} degrees"):
                self.play(self.turn_to(self.phi_b + ahead, self.sweep_time(ahead - reached), rate_func=linear))
            reached = ahead
        with self.beat("The dot product measures alignment: high positive is a strong match, "
                       "near zero is no signal, negative is opposite.", name="full turn"):
            self.play(self.turn_to(self.phi_b + 2 * np.pi, self.sweep_time(2 * np.pi - reached), rate_func=linear))
            # Once more round, while the three cases are named: the verdict changes live with b
            # (strong match, no signal, opposite, in the order the caption says them).
            self.play(self.turn_to(self.phi_b + 4 * np.pi, LAST_TURN, rate_func=linear))
        stop(panel, verdict)

    def panel(self):
        a, b, theta = self.a, self.b_of_t, (lambda: self.theta())
        panel = ReadoutPanel(
            VectorReadout("a", "a", lambda: a, size=SIZES.heading, live=False),
            VectorReadout("b", "b", b, size=SIZES.heading),
            readout(r"\mathbf{a}\cdot\mathbf{b} =", lambda: clean(dot(a, b())), role="result", size=SIZES.heading),
            angle_readout(theta, size=SIZES.heading),
            buff=0.5,
        )
        verdict = Verdict(lambda: dot(a, b()), size=SIZES.body, width=layout.TALL_SIDE.width,
                          bound=lambda: norm(a) * norm(b()))
        column = VGroup(panel, verdict).arrange(DOWN, aligned_edge=LEFT, buff=0.6)
        layout.TALL_SIDE.fit(column)
        column.align_to([layout.TALL_SIDE.left, 0, 0], LEFT)
        return panel, verdict

    def half_planes_beat(self) -> None:
        halves = half_planes(self.grid, self.a, self.extent)
        self.arrow_b.keep_clear_of(halves[2])  # b's name stays off the boundary as b turns
        with self.beat("The line perpendicular to a splits the plane: on one side the dot product "
                       "is positive, on the other negative.", name="half-planes"):
            self.add(halves)
            self.bring_to_back(halves)
            self.bring_to_back(self.grid)
            self.play(FadeIn(halves), run_time=1.2)
        # The boundary is b's path at 90° and 270°; its labels are written on the fills, off the line.
        self.layout_allows(halves[2], self.arrow_b.arrow, reason="at 90° b lies on the boundary it is measured by")

    def stops(self):
        """Perpendicular, opposite, perpendicular again, each measured from a's direction, in the
        order a counter-clockwise turn of b reaches them."""
        out = []
        for degrees in (90, 180, 270):
            ahead = (self.phi_a + np.radians(degrees) - self.phi_b) % (2 * np.pi)
            if ahead > 1e-6:
                out.append((ahead, degrees))
        return sorted(out)

    @staticmethod
    def sweep_time(angle: float) -> float:
        return max(0.5, angle / (2 * np.pi) * 9.0)

    @staticmethod
    def verdict_caption(value: float, sign: int) -> str:
        figure = fmt_fixed(value)
        if sign > 0:
            return f"The dot product measures alignment: {figure} is positive, so the vectors point in similar directions."
        if sign < 0:
            return f"The dot product measures alignment: {figure} is negative, so the vectors point in opposite directions."
        return "The dot product measures alignment: zero, so the vectors are perpendicular."


# --- 3. the geometric meaning -----------------------------------------------------------


THETA_STOPS = (
    (0, "At theta = 0 degrees the vectors are parallel: cos 0 degrees = 1. Maximum agreement."),
    (90, "At 90 degrees they are perpendicular: cos 90 degrees = 0. Zero agreement."),
    (180, "At 180 degrees they point in opposite directions: cos 180 degrees = -1. Maximum disagreement."),
)


class CosineRelation(PlaneScene):
    Params = CosineRelationParams

    def construct(self) -> None:
        p = self.params
        self.set_up_plane(p.a, p.b)
        identity, panel = self.identity_panel()
        with self.beat("There is another formula for the same operation: a dot b equals the length of a "
                       f"times the length of b times cos theta. Both sides give {fmt_fixed(dot(self.a, self.b()))}.",
                       name="identity"):
            self.play(Create(self.grid), GrowArrow(self.arrow_a.arrow), FadeIn(self.arrow_a.label),
                      FadeIn(self.arrow_b), run_time=1.2)
            self.play(Write(identity), run_time=1.0)
            self.play(Create(self.mark), panel.appear(), run_time=1.0)
        self.shadow_beat(panel)
        graph = CosineGraph(lambda: self.theta())
        self.into_slot(graph, panel)
        side = 1.0 if ((self.phi_b - self.phi_a + np.pi) % (2 * np.pi) - np.pi) >= 0 else -1.0
        for i, (degrees, caption) in enumerate(THETA_STOPS):
            with self.beat(caption, name=f"theta {degrees}"):
                if i == 0:
                    self.play(graph.appear(), run_time=0.8)
                self.play(self.turn_to(self.phi_a + side * np.radians(degrees), 2.0))
        stop(graph)
        self.play(FadeOut(graph), self.turn_to(self.phi_b, 1.2))
        self.self_dot_beat(panel)
        self.stretch_beat(panel, p.scale)
        stop(panel)
        self.play(FadeOut(Group(*self.mobjects)), run_time=0.6)
        self.cosine_similarity_beat(p.u, p.v)

    def identity_panel(self):
        a, b, theta = self.a, self.b_of_t, (lambda: self.theta())
        identity = role_math(r"\mathbf{a}\cdot\mathbf{b} = \|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta",
                             size=SIZES.heading)
        panel = ReadoutPanel(
            readout(r"\mathbf{a}\cdot\mathbf{b} =", lambda: clean(dot(a, b())), role="result"),
            readout(r"\|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta =",
                    lambda: clean(norm(a) * norm(b()) * np.cos(np.radians(theta())))),
            VGroup(readout(r"\|\mathbf{a}\| =", lambda: norm(a), role="a"),
                   readout(r"\|\mathbf{b}\| =", lambda: norm(b()), role="b")).arrange(RIGHT, buff=0.6),
            VGroup(angle_readout(theta), readout(r"\cos\theta =", lambda: clean(np.cos(np.radians(theta())))))
            .arrange(RIGHT, buff=0.6),
            buff=0.3,
        )
        column = VGroup(identity, panel).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        layout.TALL_SIDE.fit(column)
        column.align_to([0, layout.TALL_SIDE.top, 0], UP).align_to([layout.TALL_SIDE.left, 0, 0], LEFT)
        return identity, panel

    def slot(self, panel) -> layout.Region:
        """The side panel's free space under the readouts: one picture at a time lives there."""
        side = layout.TALL_SIDE
        return layout.Region("slot", side.left, side.right, side.bottom, panel.get_bottom()[1] - 0.4)

    def into_slot(self, m, panel):
        slot = self.slot(panel)
        slot.fit(m)
        return m.align_to([slot.left, 0, 0], LEFT)

    def shadow_beat(self, panel) -> None:
        """b's shadow on a (1.66) times a's length (2.16) is a·b (3.60), each tied to its picture."""
        a, b = self.a, self.b()
        shadow = Shadow(self.grid, onto=lambda: a, of=self.b_of_t)
        shadow_len, len_a, value = dot(a, b) / norm(a), norm(a), dot(a, b)
        shadow_label = math(tex_number(shadow_len), role="b")
        shadow_label.next_to(shadow.bar, np.array([*shadow.side(), 0]), buff=0.15)
        # Neither figure sits on an axis: each slides along a, or further out, until clear.
        along, out = a / norm(a), shadow.side()
        off_axes(shadow_label, self.grid, along, -along, out)
        # a's length is a itself, lit with its readout: a brace beyond the shadow and its figure
        # stood too far from a to say which length it measured (three reviews).
        length_readout = panel[2][0]
        equals = "=" if product_reads_true((shadow_len, len_a), value) else r"\approx"
        product = math(tex_number(shadow_len), r"\times", tex_number(len_a), equals, tex_number(value))
        for k, role in ((0, "b"), (1, "muted"), (2, "a"), (3, "muted"), (4, "result")):
            product[k].set_color(colour(role))
        words = text("shadow of b  ×  length of a", size=SIZES.small, role="muted")
        self.into_slot(VGroup(product, words).arrange(DOWN, aligned_edge=LEFT, buff=0.25), panel)
        with self.beat("It measures how much the two vectors agree in direction: the shadow of b on a, "
                       "times the length of a.", name="projection"):
            self.play(FadeIn(shadow), FadeIn(shadow_label), run_time=1.0)
            self.play(TransformFromCopy(shadow_label, product[0]), FadeIn(words), run_time=0.8)
            self.play(Indicate(self.arrow_a.arrow, color=colour("highlight"), scale_factor=1.05),
                      Indicate(length_readout, color=colour("highlight")), run_time=0.8)
            # From a still copy of the live readout, as below.
            self.play(TransformFromCopy(length_readout[1].copy().clear_updaters(), product[2]), FadeIn(product[1]),
                      run_time=0.8)
            # From a still copy of the live readout: its updater would rebuild the copy's glyphs mid-flight.
            self.play(FadeIn(product[3]), TransformFromCopy(panel[0][1].copy().clear_updaters(), product[4]),
                      run_time=0.8)
        stop(shadow)
        self.play(FadeOut(VGroup(shadow, shadow_label, product, words)), run_time=0.5)

    def self_dot_beat(self, panel) -> None:
        a = self.a
        aa = dot(a, a)
        squares = " + ".join(f"{factor_tex(x)}^2" for x in a)
        self_dot = VGroup(role_math(r"\mathbf{a}\cdot\mathbf{a} = " + squares), math("=", tex_number(aa), "=", r"\|\mathbf{a}\|^2"))
        self_dot[1][1].set_color(colour("result"))
        self_dot[1][3].set_color(colour("a"))
        self_dot.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        self.into_slot(self_dot, panel)
        # a alone on the plane while it is dotted with itself; b, the angle and the readouts that
        # involve b step back, and come back after.
        b_and_angle = VGroup(self.arrow_b, self.mark)
        about_b = VGroup(panel[0], panel[1], panel[2][1], panel[3])
        with self.beat(f"A vector dotted with itself gives its squared length: a dot a = {fmt_fixed(aa)}, "
                       "the length of a, squared.", name="self dot"):
            self.play(FadeOut(b_and_angle), about_b.animate.set_opacity(0.25),
                      Indicate(self.arrow_a.label, color=colour("highlight")), run_time=0.8)
            self.play(Write(self_dot), run_time=1.2)
            self.play(Indicate(panel[2][0], color=colour("highlight")), run_time=0.8)
        self.play(FadeOut(self_dot), FadeIn(b_and_angle), about_b.animate.set_opacity(1.0), run_time=0.5)

    def stretch_beat(self, panel, scale: float) -> None:
        a = self.a
        scaled = dot(a, self.b()) * scale
        formula = role_math(r"\cos\theta = \frac{\mathbf{a}\cdot\mathbf{b}}{\|\mathbf{a}\|\,\|\mathbf{b}\|}",
                            size=SIZES.heading)
        self.into_slot(formula, panel)
        # The plane zooms out as far as the stretched b needs: the grid shrinks about the origin
        # (the arrows are drawn in its coordinates) as it fades, and a grid reaching further takes
        # the square it held, so b's tip stays on the plane at every scale. Its lines keep the old
        # grid's spacing: the grid is seen to grow denser, a zoom, not a shortened a.
        stretched = polar(scale * self.length_b, self.phi_b)
        wider = max(self.extent, plane_extent(a, stretched))
        zoom = self.extent / wider
        outer = plane(wider, height=self.grid.height, step=self.grid.x_range[2]).move_to(
            self.grid.c2p(0, 0)).set_z_index(-1)
        with self.beat(f"Cosine similarity is direction only: stretch b by {fmt_number(scale)} and a dot b "
                       f"becomes {fmt_fixed(scaled)}, but cos theta does not change.", name="direction only"):
            self.play(FadeIn(formula), run_time=0.6)
            self.play(self.stretch.animate.set_value(scale), FadeIn(outer),
                      self.grid.animate.scale(zoom, about_point=self.grid.c2p(0, 0)).set_opacity(0), run_time=2.0)
            self.play(Indicate(panel[3][1], color=colour("highlight")), run_time=1.0)

    def cosine_similarity_beat(self, u, v) -> None:
        """The lesson's code example: cos similarity of u and v, to four decimals as it prints."""
        cos_uv = cosine_similarity(u, v)
        pair = EntryPair(u, v)
        formula = VGroup(
            role_math(r"\cos\theta = \frac{\mathbf{a}\cdot\mathbf{b}}{\sqrt{\mathbf{a}\cdot\mathbf{a}}\,"
                      r"\sqrt{\mathbf{b}\cdot\mathbf{b}}}", size=SIZES.heading),
            math("=", rf"\frac{{{tex_number(dot(u, v))}}}{{\sqrt{{{tex_number(dot(u, u))}}}\,"
                      rf"\sqrt{{{tex_number(dot(v, v))}}}}}", "=", tex_fixed(cos_uv, 4), size=SIZES.heading),
        ).arrange(RIGHT, buff=0.15)
        total = formula[1][3]
        total.set_color(colour("result")).shift(RIGHT * 0.1)
        box = SurroundingRectangle(total, color=colour("result"), buff=0.1, stroke_width=3)
        note = text("nearly parallel" if cos_uv > 0.9 else "direction only", size=SIZES.body, role="muted")
        layout.SAFE.place(VGroup(pair, VGroup(formula, box), note).arrange(DOWN, buff=0.5), fill=0.9, max_scale=1.3)
        with self.beat(f"The lesson's code: the cosine similarity of {fmt_list(u)} and {fmt_list(v)} "
                       f"is {fmt_fixed(cos_uv, 4)}.", name="cosine similarity"):
            self.play(pair.appear(), run_time=0.8)
            self.play(Write(formula), run_time=1.5)
            self.play(Create(box), FadeIn(note), run_time=0.8)


def dim_column(bars: ScoreBars, i: int, opacity: float = 0.35):
    """A key's column stepped back (its bar, score, word and vector), the chosen ones stay lit."""
    return bars.column(i).animate.set_opacity(opacity)


def fmt_list(v) -> str:
    return "[" + ", ".join(fmt_number(x) for x in v) + "]"


# --- 4. the neuron ----------------------------------------------------------------------


# The neuron's and attention's own animations (imported here, beside the scenes that use them).
from manim import AnimationGroup, GrowFromCenter, LaggedStart, ShowPassingFlash  # noqa: E402

from toolkit.charts import tex_short  # noqa: E402

ACTIVATION_TEX = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "identity": r"\mathrm{id}"}


def dimmed(parts: VGroup, opacity: float = 0.25) -> VGroup:
    """Lines and glyphs faded (strokes and fills each as they are drawn: a box is not filled)."""
    for m in parts.family_members_with_points():
        m.set_stroke(opacity=opacity * (m.get_stroke_opacity() > 0))
        m.set_fill(opacity=opacity * (m.get_fill_opacity() > 0))
    return parts


# The scale at which the neuron's title-size labels still read at 3% of the frame height.
SHRUNK = 0.66


class WeightedSumNeuron(LessonScene):
    """One neuron, kept on screen from the first beat to the last and changed in place: its
    inputs and weights are drawn as they are named, each product is written on its edge as it is
    said, the products and the bias flow into the sum, the sigmoid reads the output; then the
    same neuron, without its activation, is linear regression; then its weights take one sign
    each and a running total shows each feature pushing the output up, down, or not at all."""

    Params = WeightedSumNeuronParams

    def construct(self) -> None:
        p = self.params
        forward = weighted_sum(p.w, p.x, p.bias, p.activation)
        terms = forward["terms"]
        n = len(p.x)
        neuron = self.neuron(p.x, p.w, products=terms, alt_w=p.w_signs)
        labels = VGroup(*(neuron.product_label(i, t) for i, t in enumerate(terms)))
        vectors = EntryPair(p.w, p.x, names=("w", "x"), size=SIZES.heading)
        self.side.place(vectors, fill=0.95, max_scale=1.4)
        sum_line, z_line, h_line, graph = self.working(forward)
        self.inputs_beat(neuron, vectors)
        self.products_beat(neuron, vectors, labels, terms)
        self.sum_beat(neuron, vectors, labels, sum_line, z_line, forward)
        self.activation_beat(neuron, z_line, h_line, graph, forward)
        yhat_line = self.regression_beat(neuron, labels, sum_line, z_line, h_line, graph, forward)
        self.signs_beat(neuron, labels, VGroup(sum_line, yhat_line))

    def neuron(self, x, w, products=None, alt_w=None, scale: float = 0.75) -> Neuron:
        """The neuron on the stage's left, as wide as it needs to be drawn at `scale` (its labels
        are at title size: at 0.75 they stand well over 3%), between two fifths and two thirds of
        the stage; `self.main` and `self.side` are then the stage's two parts."""
        n = len(x)
        # Two inputs spread wider apart: the diagram stays as tall as the stage wants.
        neuron = Neuron(x, w, self.params.bias, spacing=min(4.2 if n == 2 else 2.6, 4.4 / max(n - 1, 1)), reach=4.4,
                        products=products, alt_w=alt_w)
        stage = layout.STAGE
        wanted = neuron.width * scale / 0.95 + layout.GAP / 2
        self.main, self.side = stage.split_x(min(max(wanted / stage.width, 0.4), 2 / 3))
        self.main.place(neuron, fill=0.95, max_scale=1.25)
        return neuron.align_to([self.main.left, 0, 0], LEFT)

    def working(self, forward):
        """The working beside the neuron: at heading size where the side holds it whole, else at body size."""
        for size in (SIZES.heading, SIZES.body):
            column = self._working(forward, size)
            if column[0].height <= self.side.height and column[0].width <= self.side.width:
                break
        self.side.fit(column[0])
        return column[1:]

    def _working(self, forward, size: int):
        p = self.params
        act = ACTIVATION_TEX[p.activation]
        places = places_for(*forward["terms"], forward["sum"])
        sum_line = DotProductLine(p.w, p.x, names=("w", "x"), factors=False, places=places, size=size)
        z_line = math("z", "=", r"\mathbf{w}\cdot\mathbf{x} + \beta", "=",
                      f"{tex_number(forward['sum'])} {sum_tex([0, p.bias])[1:].strip()}", "=", tex_number(forward["z"]), size=size)
        z_line[-1].set_color(colour("result"))
        # w and x in their roles' colours, as everywhere (the glyphs of "w·x + β": w, ·, x, +, β).
        z_line[2][0].set_color(colour("a"))
        z_line[2][2].set_color(colour("b"))
        # h, not a: a is a vector in this course.
        h_line = math("h", "=", rf"{act}(z)", "=", tex_number(forward["a"]), size=size)
        h_line[-1].set_color(colour("result"))
        # Too wide for the side at full size: the sum's total, and z's working, go to a second row.
        sum_line.wrap(self.side.width)
        if z_line.width > self.side.width:
            working = VGroup(*z_line[3:])
            working.next_to(z_line[2], DOWN, buff=0.3).align_to(z_line[1], LEFT)
        # The graph takes the height the lines leave (its z label stands a little above it, z's
        # value under it).
        room = self.side.height - sum(m.height for m in (sum_line, z_line, h_line)) - 3 * 0.4 - 0.4 - 0.5
        graph = ActivationGraph(p.activation, forward["z"], height=min(2.4, max(1.2, room)), max_width=self.side.width)
        column = VGroup(sum_line, z_line, h_line, graph).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        return column, sum_line, z_line, h_line, graph

    def inputs_beat(self, neuron: Neuron, vectors: EntryPair) -> None:
        """The neuron is drawn as it is described: weighted edges, then the inputs, then the two
        vectors they make, each copied out of the diagram as it is named."""
        p = self.params
        n = len(p.x)
        thin = [e.copy().set_stroke(width=2) for e in neuron.edges]
        wide = [e.copy() for e in neuron.edges]
        for e, t in zip(neuron.edges, thin):
            e.become(t)
        w_col, x_col = vectors.a_col, vectors.b_col
        with self.beat("Each weight decides how much <inf>influence each <f>feature has: the inputs <x>x feed "
                       "the neuron through the weights <w>w.", name="neuron") as beat:
            self.play(FadeIn(neuron.body), Write(neuron.sigma), Create(neuron.edges),
                      LaggedStart(*(FadeIn(m, shift=RIGHT * 0.2) for m in neuron.weights), lag_ratio=0.3),
                      until="inf")
            # Influence: each edge grows as thick as its weight is large.
            self.play(*(e.animate.become(t) for e, t in zip(neuron.edges, wide)),
                      *(Indicate(m, color=colour("highlight"), scale_factor=1.1) for m in neuron.weights), until="f")
            self.play(LaggedStart(*(AnimationGroup(GrowFromCenter(neuron.nodes[i]), FadeIn(neuron.names[i]))
                                    for i in range(n)), lag_ratio=0.3), until="x")
            self.play(FadeIn(x_col.label), FadeIn(x_col.matrix.get_brackets()),
                      *(TransformFromCopy(neuron.names[i][2], x_col.entry(i)) for i in range(n)),
                      neuron.flow(), GrowArrow(neuron.output), until="w")
            self.play(FadeIn(w_col.label), FadeIn(w_col.matrix.get_brackets()), FadeIn(vectors.dot_sign),
                      *(TransformFromCopy(neuron.weights[i][2], w_col.entry(i)) for i in range(n)), run_time=0.9)
        self.settle(vectors, [vectors.dot_sign, x_col.label, w_col.label, x_col.matrix.get_brackets(),
                              w_col.matrix.get_brackets(), *x_col.entries, *w_col.entries])

    def products_beat(self, neuron: Neuron, vectors: EntryPair, labels: VGroup, terms) -> None:
        n = len(terms)
        said = ", ".join(f"<p{i}>{fmt_number(t)}" for i, t in enumerate(terms))
        with self.beat(f"On each <edge>edge, the feature is multiplied by its <wt>weight: {said}.",
                       name="products"):
            self.play(neuron.flow(time_width=0.8), until="wt")
            for i in range(n):
                self.play(vectors.point_at(i), neuron.multiply(i, labels[i]), until=f"p{i}")
            # The products just said, together: what the neuron will sum.
            self.play(*(Indicate(lb[4], color=colour("highlight")) for lb in labels), run_time=0.8)

    def sum_beat(self, neuron, vectors, labels, sum_line, z_line, forward) -> None:
        z = fmt_number(forward["z"])
        with self.beat(f"A single neuron sums them and adds the bias: z = w dot x + beta = {z}.", name="sum",
                       say=f"A single neuron <sums>sums them and <adds>adds the <bias>bias: <z>z = w dot x plus "
                           f"beta = <v>{z}."):
            self.play(FadeOut(vectors), FadeOut(vectors.pointer), Indicate(neuron.sigma, color=colour("highlight")),
                      until="sums")
            self.play(FadeIn(sum_line.prefix), sum_line.collect([lb[4] for lb in labels]), neuron.flow(),
                      until="adds")
            self.play(sum_line.sum_up(boxed=False), until="bias")
            self.settle(sum_line.tex, sum_line.parts())
            # The bias arrives as it is named: its node rises into place and flows into the sum.
            bias = neuron.bias_parts
            self.play(FadeIn(VGroup(neuron.bias_box, neuron.bias_label), shift=UP * 0.4), Create(neuron.bias_edge),
                      until="z")
            self.play(Write(VGroup(*z_line[:5])), Indicate(neuron.bias_label, color=colour("highlight")),
                      ShowPassingFlash(neuron.bias_edge.copy().set_stroke(colour("highlight"), width=8),
                                       time_width=0.8), until="v")
            self.play(Write(VGroup(*z_line[5:])), neuron.output_label("z", forward["z"], over=True), run_time=0.8)
            self.settle(z_line, [*z_line])
            self.remove(bias)
            self.add(bias)

    def activation_beat(self, neuron, z_line, h_line, graph, forward) -> None:
        p = self.params
        with self.beat(f"Then it applies an <act>activation function: <h>h = {p.activation}(z) = "
                       f"<v>{fmt_number(forward['a'])}.", name="activation"):
            self.play(Indicate(neuron.out_label, color=colour("highlight")), Indicate(z_line[-1], color=colour("highlight")),
                      until="act")
            self.play(graph.appear(), until="h")
            self.play(Write(VGroup(*h_line[:4])), Create(graph.drop), FadeIn(graph.z_value), until="v")
            self.play(Write(h_line[4]), FadeIn(graph.dot, scale=1.5), FadeIn(graph.value),
                      neuron.output_label("h", forward["a"], over=True), run_time=0.8)
            self.settle(h_line)
            self.settle(graph, [graph.axes, graph.curve, graph.y_labels, graph.x_ticks, graph.x_label, graph.drop,
                                graph.z_value, graph.dot, graph.value])

    def regression_beat(self, neuron, labels, sum_line, z_line, h_line, graph, forward):
        """The same neuron read as a prediction: no activation, its output is ŷ."""
        p = self.params
        yhat_line = math(r"\hat{y}", "=", r"\mathbf{w}\cdot\mathbf{x} + \beta", "=",
                         f"{tex_number(forward['sum'])} {sum_tex([0, p.bias])[1:].strip()}", "=",
                         tex_number(forward["z"]), size=SIZES.heading)
        yhat_line.scale(z_line[2].width / yhat_line[2].width)  # as the z line was scaled to fit its side
        yhat_line[0].set_color(colour("result"))
        yhat_line[-1].set_color(colour("result"))
        yhat_line[2][0].set_color(colour("a"))
        yhat_line[2][2].set_color(colour("b"))
        for a, b in zip(yhat_line[1:], z_line[1:]):
            a.move_to(b)
        yhat_line[0].next_to(yhat_line[1], LEFT, buff=0.2)
        # Where the activation stood: this reading has none.
        title = VGroup(text("linear regression:", size=SIZES.body, role="muted"),
                       text("no activation", size=SIZES.body, role="muted")).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        title.next_to(z_line, DOWN, buff=0.5).align_to(z_line, LEFT)
        with self.beat("This is also how linear regression makes predictions: y hat = w dot x + beta. "
                       "The prediction is the dot product of weights and features.", name="regression",
                       say="This is also how <lr>linear regression makes predictions: <yhat>y hat equals w dot x plus "
                           "beta. The <pred>prediction is the <dot>dot product of <wts>weights and <feat>features."):
            self.play(FadeOut(graph), FadeOut(h_line), until="lr")
            self.play(FadeIn(title, shift=UP * 0.2), until="yhat")
            self.play(ReplacementTransform(z_line, yhat_line), neuron.output_label(r"\hat{y}", forward["z"], over=True),
                      until="pred")
            self.play(Indicate(neuron.out_label, color=colour("highlight")), Indicate(yhat_line[0], color=colour("highlight")),
                      until="dot")
            self.play(Indicate(yhat_line[2], color=colour("highlight")), Indicate(sum_line.prefix, color=colour("highlight")),
                      until="wts")
            self.play(*(Indicate(lb[0], color=colour("highlight")) for lb in labels), until="feat")
            self.play(*(Indicate(m, color=colour("highlight")) for m in neuron.names), run_time=0.8)
        # What the transforms left on screen, recorded as itself (the scene's record reads it).
        self.settle(yhat_line, [yhat_line])
        self.settle(neuron.out_label, [neuron.out_label])
        self.play(FadeOut(title), run_time=0.3)
        return yhat_line

    def signs_beat(self, neuron: Neuron, labels: VGroup, working: VGroup) -> None:
        """The same neuron, its weights changed in place to one of each sign: each product steps
        w·x up, down, or not at all on a running total beside it."""
        p = self.params
        terms = products_of(p.w_signs, p.x, names=("w_signs", "x"))
        total = float(np.sum(terms))
        steps = RunningTotal(terms, height=3.6, places=places_for(*terms), size=SIZES.heading)
        new_weights = VGroup(*(neuron.weight_label(i, w) for i, w in enumerate(p.w_signs)))
        previous_out = neuron.out_label
        # The products give way to the new weights, in place; the edges' runs shorten to carry them
        # and the body moves in (the same neuron, changed), the bias steps back (the total is w·x).
        self.play(FadeOut(working), FadeOut(previous_out),
                  *(ReplacementTransform(labels[i], new_weights[i]) for i in range(len(terms))),
                  *neuron.shorten(new_weights), run_time=1.0)
        # Where room is still short, the neuron is drawn a little smaller (at 0.66 of its labels'
        # title size: still over 3%); the chart takes the room its arrow points into.
        s = neuron.body.width / 1.3
        left = neuron.get_left()
        tip = neuron.output.get_right()[0]
        k = 1.0
        if s > SHRUNK and self.side.right - (tip + 0.4) < steps.width:
            k = SHRUNK / s
            tip = left[0] + (tip - left[0]) * k
        chart = layout.Region("chart", tip + 0.4, self.side.right, self.side.bottom, self.side.top)
        # What the chart adds up, over it: w·x, step by step.
        heading = role_math(r"\mathbf{w}\cdot\mathbf{x}", size=SIZES.heading)
        chart.fit(VGroup(heading, steps).arrange(DOWN, buff=0.3))
        still = VGroup(neuron.nodes, neuron.names, neuron.body, neuron.sigma, neuron.output, new_weights)
        self.play(still.animate.scale(k, about_point=left),
                  *(e.animate.become(e.copy().scale(k, about_point=left).set_stroke(width=Neuron.edge_width(w) * k))
                    for e, w in zip(neuron.edges, p.w_signs)),
                  neuron.bias_parts.animate.become(dimmed(neuron.bias_parts.copy().scale(k, about_point=left))),
                  steps.appear(), FadeIn(heading), run_time=0.8)
        neuron.weights = new_weights
        sign = ["pos" if w > 0 else "neg" if w < 0 else "zero" for w in p.w_signs]
        with self.beat("<pos>Positive weight: the feature pushes the output <up>up. <neg>Negative weight: it "
                       "pushes the output <down>down. <zero>Zero weight: the feature is <ign>ignored <end>entirely.",
                       name="signs") as beat:
            for kind, said in (("pos", "up"), ("neg", "down"), ("zero", "ign")):
                beat.until(kind)
                idx = [i for i, k in enumerate(sign) if k == kind]
                if not idx:
                    continue
                self.play(*(Indicate(new_weights[i], color=colour("highlight")) for i in idx),
                          neuron.flow(idx), until=said)
                fade = [neuron.edges[i].animate.set_stroke(opacity=0.25) for i in idx if terms[i] == 0]
                self.play(*(steps.step(i) for i in idx), *fade, run_time=0.8)
            beat.until("end")
            self.play(steps.mark_total(), run_time=1.0)


# --- 5. attention -----------------------------------------------------------------------


class AttentionScore(LessonScene):
    """The page's own query and key, dotted pair by pair as it is said, then scaled by √d_k;
    then every key's score grows as a bar while the query is dotted with it, and the
    best-aligned key is picked out as the most relevant token."""

    Params = AttentionScoreParams

    def construct(self) -> None:
        p = self.params
        q, keys = np.asarray(p.q, float), np.asarray(p.keys, float)
        d_k = keys.shape[1]
        qk, score = dot(q, keys[0], names=("q", "k")), attention_score(q, keys[0], d_k)
        pair, line, score_line, score_box, words = self.page_example(q, keys[0], d_k)
        n = len(q)
        with self.beat(f'A query vector q, here standing for "{p.query_word}", and a key vector k for '
                       f'"{p.words[0]}", multiplied element by element and summed: q dot k is {fmt_fixed(qk)}.',
                       name="q dot k",
                       say=f'A query <vec>vector q, here <word>standing for "{p.query_word}", and a <k>key vector '
                           f'<kw>k for "{p.words[0]}", <mul>multiplied element by <el>element and <sum>summed: q dot k '
                           f'is <v>{fmt_fixed(qk)}.'):
            self.play(FadeIn(pair.a_col, shift=RIGHT * 0.3), until="word")
            self.play(FadeIn(words[0], shift=RIGHT * 0.3), until="k")
            self.play(FadeIn(pair.b_col, shift=LEFT * 0.3), FadeIn(pair.dot_sign), until="kw")
            self.play(FadeIn(words[1], shift=LEFT * 0.3), until="mul")
            # Element by element: each pair lit and written into the line as the words go.
            self.play(FadeIn(line.prefix), pair.point_at(0), line.write_pair(0, *pair.entries(0)), until="el")
            for i in range(1, n):
                self.play(pair.point_at(i), line.write_pair(i, *pair.entries(i)), run_time=0.5)
            self.play(line.multiply(), FadeOut(pair.pointer), until="v")
            pair.pointer = None
            self.play(line.sum_up(), run_time=0.8)
            self.settle(line.tex, line.parts())
        formula, value = score_line
        with self.beat(f"The score divides by the square root of d_k, the key dimension: "
                       f"{fmt_fixed(qk)} over root {d_k} is {fmt_fixed(score, 4)}.", name="scale",
                       say=f"The score <div>divides by the <sqrt>square root of d_k, the <dim>key dimension: "
                           f"<a>{fmt_fixed(qk)} over root <r>{d_k} is <v>{fmt_fixed(score, 4)}."):
            self.play(Write(formula), until="dim")
            # The key's dimension: its entries counted down the column.
            self.play(LaggedStart(*(Indicate(pair.entries(i)[1], color=colour("highlight")) for i in range(n)),
                                  lag_ratio=0.5), until="a")
            self.play(FadeIn(value[0]), TransformFromCopy(line.total, value[1]), until="r")
            self.play(Indicate(value[1], color=colour("highlight"), scale_factor=1.1), until="v")
            self.play(Write(value[2:]), Create(score_box), run_time=0.8)
            self.settle(value, [value[0], value[1], *value[2:]])
        self.play(FadeOut(Group(*self.mobjects)), run_time=0.6)
        scores = [attention_score(q, key, d_k) for key in keys]
        header, bars = self.every_key(q, scores)
        query, formula = header
        self.play(FadeIn(header), Create(bars.baseline), run_time=0.8)
        with self.beat(f'Every key gets its score: the query "{p.query_word}" is dotted with each key and scaled '
                       "by the square root of d_k.", name="every key",
                       say=f'Every <key>key gets its <sc>score: the <q>query "{p.query_word}" is <dot>dotted with each '
                           "key and scaled by the square root of <dk>d_k."):
            self.play(LaggedStart(*(FadeIn(VGroup(bars.words[i], *([bars.keys[i]] if len(bars.keys) else [])),
                                           shift=UP * 0.2) for i in range(len(scores))), lag_ratio=0.3),
                      until="sc")
            self.play(Indicate(formula, color=colour("highlight"), scale_factor=1.05), until="q")
            self.play(Indicate(query, color=colour("highlight"), scale_factor=1.05), until="dot")
            self.play(LaggedStart(*(bars.grow(i) for i in range(len(scores))), lag_ratio=0.6), until="dk")
            self.play(Indicate(formula[-1] if len(formula) > 1 else formula, color=colour("highlight")), run_time=0.7)
        best = [i for i, s in enumerate(scores) if round(s, 4) == max(round(s, 4) for s in scores)]
        rest = [i for i in range(len(scores)) if i not in best]
        boxes = VGroup(*(SurroundingRectangle(bars.column(i), color=colour("highlight"), buff=0.15, stroke_width=4)
                         for i in best))
        best_words = " and ".join(f'"{p.words[i]}"' for i in best)
        best_said = " and ".join(f'"{p.words[i]}"' for i in best)
        with self.beat(f"High dot product means the query aligns with that key: {best_words} scores highest, "
                       "the most relevant token.", name="most relevant",
                       say=f"<hi>High dot product means the <q>query <al>aligns with that key: <best>{best_said} scores "
                           "highest, the most <rel>relevant token."):
            self.play(*(Indicate(bars.values[i], color=colour("highlight")) for i in best), until="q")
            self.play(Indicate(query, color=colour("highlight"), scale_factor=1.05), until="al")
            self.play(*(Indicate(bars.bars[i], color=colour("highlight"), scale_factor=1.05) for i in best), until="best")
            self.play(Create(boxes), *(Indicate(bars.words[i], color=colour("highlight")) for i in best), until="rel")
            self.play(*(dim_column(bars, i) for i in rest), run_time=0.8)

    def page_example(self, q, k, d_k: int):
        p = self.params
        pair = EntryPair(q, k, names=("q", "k"))
        line = DotProductLine(q, k, names=("q", "k"))
        score_line = role_math(r"\text{score}(\mathbf{q}, \mathbf{k}) = \frac{\mathbf{q}\cdot\mathbf{k}}{\sqrt{d_k}}")
        value = math("=", rf"\frac{{{tex_number(line.total_value)}}}{{\sqrt{{{d_k}}}}}", "=",
                     tex_fixed(attention_score(q, k, d_k), 4))
        value[3].set_color(colour("result")).shift(RIGHT * 0.1)
        score_line = VGroup(score_line, value).arrange(RIGHT, buff=0.15)
        score_box = SurroundingRectangle(value[3], color=colour("result"), buff=0.1, stroke_width=3)
        words = VGroup(text(f'"{p.query_word}"', size=SIZES.body, role="a"),
                       text(f'"{p.words[0]}"', size=SIZES.body, role="b"))
        safe, gap = layout.SAFE, 0.55
        line.wrap(0.95 * safe.width)
        # Each word beside its own vector: the query's on the left, the key's on the right.
        words[0].next_to(pair.a_col, LEFT, buff=0.45)
        words[1].next_to(pair.b_col, RIGHT, buff=0.45)
        top = VGroup(words, pair)
        # The working (the line over the score) across the foot of the frame, as large as leaves
        # the pair at least its own size above it; the pair then grows into the rest.
        working = VGroup(line, score_line).arrange(DOWN, buff=gap)
        room = safe.height - 0.15 - gap - top.height / 0.95
        working.scale(min(1.5, 0.95 * safe.width / working.width, room / working.height))
        safe.place(working, fill=1.0, max_scale=1.0, align="bottom")
        working.shift(UP * 0.15)  # the score's box stays clear of the caption band
        above = layout.Region("above the working", safe.left, safe.right, working.get_top()[1] + gap, safe.top)
        above.place(top, fill=0.95, max_scale=1.8)
        score_box.become(SurroundingRectangle(value[3], color=colour("result"), buff=0.1, stroke_width=3))
        return pair, line, score_line, score_box, words

    def every_key(self, q, scores):
        p = self.params
        query = math(r"\mathbf{q} = [" + ",\\ ".join(tex_short(v) for v in q) + "]", role="a")
        word = text(f'"{p.query_word}"', size=SIZES.body, role="a")
        formula = role_math(r"\text{score} = \frac{\mathbf{q}\cdot\mathbf{k}_i}{\sqrt{d_k}},\quad d_k = " + str(len(q)),
                            roles={r"\mathbf{q}": "a", r"\mathbf{k}_i": "b"})
        header = VGroup(VGroup(word, query).arrange(RIGHT, buff=0.3), formula).arrange(RIGHT, buff=1.0)
        # A head tall enough for the fraction at full size ("score" and the subscripts at 3% and over).
        safe = layout.SAFE
        head = layout.Region("head", safe.left, safe.right, safe.top - max(1.0, header.height + 0.1), safe.top)
        head.fit(header)
        stage = layout.Region("bars", safe.left, safe.right, safe.bottom, head.bottom - layout.GAP)
        bars = ScoreBars(scores, p.words, p.keys, width=stage.width - 0.4, height=2.2)
        stage.fit(bars)
        return header, bars
