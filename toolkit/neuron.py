"""A neuron drawn as the lesson describes it: inputs x_i (in the inputs' colour) feeding one
neuron Σ through edges weighted w_i (in the weights' colour), a bias β feeding it from below
(its own symbol: b is vector b), and its output.

    neuron = Neuron(x, w, bias)
    layout.MAIN.place(neuron)
    self.play(neuron.appear())                 # inputs, edges with weights, bias, body, output
    self.play(neuron.multiply(i))              # w_i on the i-th edge becomes w_i·x_i = p_i
    self.play(neuron.output_label("\\hat{y}", value))   # the output read as something

Products are passed in (computed by mathcore), never computed here; pass them to the
constructor too (`products=`) and each edge's straight run is made long enough to carry them.
Each edge runs straight out of its input, under its label, before it turns to the body, so
no edge crosses another's label.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Circle,
    Create,
    FadeIn,
    GrowArrow,
    Line,
    ShowPassingFlash,
    SurroundingRectangle,
    VGroup,
    VMobject,
    Write,
)

from toolkit.formulas import factor_tex
from toolkit.light import Light
from toolkit.matrices import sub
from toolkit.moves import swap
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES


class GrowAway(Light):
    """A light (toolkit/light.py) whose pulse grows about the mobject's `edge` (RIGHT: it grows
    leftwards, that edge kept where it stands) rather than its centre: a lit label next to a shape
    never reaches into it. `color=None`: lit in its own colour, brightened (a lit input stays the
    inputs' colour). The pulse is light's, at most MAX_PULSE (at 1.3 a grown "1" crowded the
    "· 4" beside it)."""

    def __init__(self, mobject, edge=RIGHT, color=None, **kwargs):
        super().__init__(mobject, color, about_edge=edge, **kwargs)


class Neuron(VGroup):
    """Inputs, weighted edges, a bias, the summing body and its output arrow.

    For example:

        neuron = Neuron([4, 5, 6], [1, -2, 0.5], bias=1)
        self.play(neuron.appear())
    """

    def __init__(
        self,
        x: Sequence[float],
        w: Sequence[float],
        bias: float | None = None,
        spacing: float = 1.3,
        reach: float = 3.4,
        size: int = SIZES.title,
        products: Sequence[float] | None = None,
        alt_w: Sequence[float] | None = None,
        product_size: int | None = None,
    ):
        self.x_values = np.asarray(x, float)
        self.w_values = np.asarray(w, float)
        self.bias_value = bias
        self.size = size
        # Products are figures only (no lowercase letter, no index): they read at a smaller size.
        self.product_size = product_size or size
        n = len(self.x_values)
        weights = [self._weight_tex(i, wi) for i, wi in enumerate(self.w_values)]
        # Each edge runs straight out of its input for as long as the widest label it will carry
        # (its weight, or w_i·x_i = p_i when `products` are given), then turns to the body: a label
        # sits over its own straight run, under the run above, and no edge crosses it.
        probes = weights + ([self._product_tex(i, p) for i, p in enumerate(products)] if products is not None else [])
        # Other weights the same neuron will take later (changed in place, not rebuilt).
        probes += [self._weight_tex(i, v) for i, v in enumerate(alt_w if alt_w is not None else ())]
        self.run = max(m.width for m in probes) + 0.35
        spacing = max(spacing, max(m.height for m in probes) + 0.4)
        fan = max(1.2, 0.35 * (n - 1) * spacing)
        reach = max(reach, self.run + fan + 0.65)
        self.body = Circle(radius=0.65, color=colour("result"), stroke_width=SIZES.stroke)
        # As large as the body holds it: the neuron's symbol reads at well over 3% of the frame once
        # placed (at title size it stood at 2.8%).
        self.sigma = math(r"\Sigma", size=76, role="result").move_to(self.body)
        self.nodes, self.names, self.edges, self.weights = VGroup(), VGroup(), VGroup(), VGroup()
        for i, (xi, wi) in enumerate(zip(self.x_values, self.w_values)):
            y = (n - 1) / 2 * spacing - i * spacing
            node = Circle(radius=0.2, color=colour("b"), stroke_width=4, fill_opacity=1).move_to(LEFT * reach + UP * y)
            # The input's name and value beside its node: readable at any number of inputs.
            # Its index as large as the letter (the course's one subscript style): legible at 3%.
            # (Lit, it grows away from its node: `lit_name`.)
            name = math("x" + sub(f"{i + 1}"), "=", tex_number(xi), role="b", size=size)
            name.next_to(node, LEFT, buff=0.25)
            bend = node.get_right() + RIGHT * self.run
            end = self.body.point_at_angle(np.pi - np.arctan2(bend[1], -bend[0]))
            edge = VMobject(color=colour("muted"), stroke_width=self.edge_width(wi), fill_opacity=0)
            edge.set_points_as_corners([node.get_right(), bend, end])
            self.nodes.add(node)
            self.names.add(name)
            self.edges.add(edge)
            self.weights.add(self.on_edge(weights[i], i))
        self.output = Arrow(
            self.body.get_right(),
            self.body.get_right() + RIGHT * 1.5,
            buff=0.05,
            color=colour("result"),
            stroke_width=SIZES.stroke,
        )
        parts = [self.edges, self.nodes, self.names, self.weights, self.body, self.sigma, self.output]
        self.bias_parts = VGroup()
        if bias is not None:
            # The bias is a node of its own whose value is β: "β = −30" in its box, feeding the
            # body from below (no "+1" in it, which reads as the bias's value).
            label = math(r"\beta", "=", tex_number(bias), role="text", size=self.product_size)
            box = SurroundingRectangle(label, buff=0.2, color=colour("text"), stroke_width=4, corner_radius=0.12)
            VGroup(box, label).move_to(
                self.body.get_bottom() + DOWN * (1.3 + box.height / 2)
            )  # clear of the lowest edge
            edge = Line(box.get_top(), self.body.get_bottom(), color=colour("muted"), stroke_width=3)
            # β glossed where it stands: the lesson writes the bias b, a letter this course gives vector b.
            name = text("bias", size=max(round(0.66 * size), 44), role="muted").next_to(box, DOWN, buff=0.15)
            self.bias_parts = VGroup(edge, box, label, name)
            self.bias_box, self.bias_label, self.bias_edge, self.bias_name = box, label, edge, name
            parts.append(self.bias_parts)
        super().__init__(*parts)

    @staticmethod
    def edge_width(w: float) -> float:
        """An edge as thick as its weight is large: a weight's influence is seen."""
        return 2 + 4 * min(abs(w), 3) / 3

    def _weight_tex(self, i: int, w: float):
        # As the lesson writes a weight: 0.5, not 0.50.
        figure = tex_number(w)
        if "." in figure:
            figure = figure.rstrip("0").rstrip(".")
        return math("w" + sub(f"{i + 1}"), "=", figure, role="a", size=self.size)

    def weight_label(self, i: int, w: float) -> VGroup:
        """w_i = w on the i-th edge, scaled as the diagram was when placed."""
        label = self._weight_tex(i, w)
        label.scale(self.body.width / 1.3)
        return self.on_edge(label, i)

    def shorten(self, labels: Sequence[VMobject]):
        """The edges' straight runs shortened to carry `labels` (shorter than what they carry now):
        the body, its bias and output move left to meet them. Returns the animations."""
        s = self.body.width / 1.3
        new_run = max(m.width for m in labels) / s + 0.35
        d = (self.run - new_run) * s
        if d <= 1e-3:
            return []
        moving = VGroup(self.body, self.sigma, self.output, self.bias_parts)
        anims = [moving.animate.shift(LEFT * d)]
        for edge in self.edges:
            start, end = edge.get_start(), edge.get_end()
            bend = start + RIGHT * new_run * s
            target = edge.copy()
            target.set_points_as_corners([start, bend, end + LEFT * d])
            anims.append(edge.animate.become(target))
        self.run = new_run
        return anims

    def flow(self, indices=None, colour_role: str = "highlight", time_width: float = 0.6):
        """Signal flowing along edges (all, or `indices`) from the inputs into the body."""
        indices = range(len(self.edges)) if indices is None else indices
        return AnimationGroup(
            *(
                ShowPassingFlash(
                    self.edges[i].copy().set_stroke(colour(colour_role), width=8, opacity=1), time_width=time_width
                )
                for i in indices
            )
        )

    def on_edge(self, label: VGroup, i: int) -> VGroup:
        """`label` over the i-th edge's straight run out of its input, under the run above it."""
        start = self.edges[i].get_start()
        label.move_to(start + RIGHT * 0.15, aligned_edge=DOWN + LEFT)
        # (Its index, the lowest glyph, stood 6 px over the edge at 1080p: it reads as touching it.)
        label.shift(UP * 0.2 * self.body.width / 1.3)
        return label

    def product_label(self, i: int, product: float) -> VGroup:
        """w_i·x_i = p_i, where the weight sat: weight, input and product by role."""
        label = self._product_tex(i, product)
        label.scale(self.body.width / 1.3)  # as the diagram was scaled when placed
        return self.on_edge(label, i)

    def _product_tex(self, i: int, product: float):
        label = math(
            factor_tex(self.w_values[i]),
            r"\cdot",
            factor_tex(self.x_values[i]),
            "=",
            tex_number(product),
            size=self.product_size,
        )
        label[0].set_color(colour("a"))
        label[2].set_color(colour("b"))
        label[1:4:2].set_color(colour("muted"))
        label[4].set_color(colour("result"))
        return label

    def appear(self):
        return AnimationGroup(
            AnimationGroup(FadeIn(self.nodes), FadeIn(self.names)),
            AnimationGroup(Create(self.edges), FadeIn(self.weights)),
            AnimationGroup(FadeIn(self.body), FadeIn(self.sigma), FadeIn(self.bias_parts), GrowArrow(self.output)),
            lag_ratio=0.6,
        )

    def lit_name(self, i: int):
        """The i-th input's name lit in its own colour, brightened, where it stands: grown about its
        centre it reached into its node's dot, from its left edge it touched the dot ("x₁ = 4●"),
        and grown leftwards it left title-safe (reviews)."""
        return GrowAway(self.names[i], edge=LEFT, pulse=False)

    def multiply(self, i: int, label: VGroup):
        return AnimationGroup(self.lit_name(i), swap(self.weights[i], label))

    def output_label(self, tex: str, value: float, role: str = "result", over: bool = False, size: int | None = None):
        """`tex = value` at the output arrow's tip, or over the arrow (`over`: when the space to
        its right holds something else). A second call turns the first label into the new one."""
        label = math(tex, "=", tex_number(value), role=role, size=size or self.size)
        if over:  # on the diagram, as its edge labels are: scaled with it
            # From the arrow's start, clear of the body, however long the figure.
            label.scale(self.body.width / 1.3).next_to(self.output, UP, buff=0.12).align_to(self.output, LEFT)
            label.shift(RIGHT * 0.1)
        else:
            label.next_to(self.output, RIGHT, buff=0.15)
        previous, self.out_label = getattr(self, "out_label", None), label
        return Write(label) if previous is None else swap(previous, label)
