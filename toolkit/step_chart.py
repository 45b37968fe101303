"""A running total drawn against a scale: the chart of signed steps DotProductDefinition draws
beside its columns and WeightedSumNeuron beside its neuron (one staircase: the one without a scale,
whose "−5" at an arrow's tip read as a level, is gone).

    steps = ScaledSteps([2, -5, 0], names=["w_1x_1", "w_2x_2", "w_3x_3"])
    self.play(steps.appear())                   # the scale: axis, ticks, their figures, zero line
    for i in range(3):
        self.play(steps.step(i))                # each product steps the total up or down
    self.play(steps.mark_total())               # the level it ends on, marked and labelled
"""

from __future__ import annotations

import math as _math
from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Create,
    DashedLine,
    FadeIn,
    GrowArrow,
    Line,
    VGroup,
    Write,
)

from toolkit.charts import signed
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES

# The most ticks the scale takes (a figure at each: more would crowd them).
MOST_TICKS = 7


def nice_step(span: float, most: int = MOST_TICKS) -> float:
    """The tick step, 1, 2 or 5 times a power of ten, giving at most `most` ticks over `span`."""
    span = max(float(span), 1e-9)
    power = 10.0 ** _math.floor(_math.log10(span / most))
    for k in (1, 2, 5, 10, 20, 50):
        if span / (k * power) + 1 <= most:
            return k * power
    return 100 * power


class ScaledSteps(VGroup):
    """Each product steps the running total up or down, drawn against a scale a length is read
    on: a vertical axis with ticks and their figures, a line at each tick across the chart (the
    zero line brighter than the rest), and each step a signed arrow (up for positive, down for
    negative, a flat dash for zero) with its product beside its middle, where it reads as the
    step's size, not as a level (at an arrow's tip, "−5" read as the level −5: review). The level
    it ends on is marked at the right, at its height on the scale. No line runs through a figure:
    the tick lines stop short of every label.

    For example:

        steps = ScaledSteps([2, -5, 0], height=3.6, size=40, names=["w_1 x_1", "w_2 x_2", "w_3 x_3"])
        self.play(steps.appear())
        self.play(*[steps.step(i) for i in range(3)])
        self.play(steps.mark_total())
    """

    def __init__(
        self,
        terms: Sequence[float],
        height: float = 3.6,
        places: int = 2,
        size: int = SIZES.body,
        names: Sequence[str] | None = None,
        spacing: float = 0.25,
    ):
        self.terms = np.asarray(terms, float)
        levels = np.concatenate([[0.0], np.cumsum(self.terms)])
        self.levels = levels
        lo, hi = min(0.0, float(levels.min())), max(0.0, float(levels.max()))
        tick = self.tick = nice_step(hi - lo)
        first, last = _math.floor(lo / tick + 1e-9), _math.ceil(hi / tick - 1e-9)
        if last == first:
            last = first + 1
        self.ticks_at = [k * tick for k in range(first, last + 1)]
        self.lo, self.hi = self.ticks_at[0], self.ticks_at[-1]
        self.unit = height / (self.hi - self.lo)
        tick_places = max(0, -_math.floor(_math.log10(tick) + 1e-9))
        muted = colour("muted")

        # The scale: the axis at x = 0, a tick and its figure at each step of the scale.
        self.axis = Line(self.point(self.lo, 0), self.point(self.hi, 0), color=muted, stroke_width=3)
        self.tick_marks = VGroup(
            *(Line(self.point(t, -0.1), self.point(t, 0.1), color=muted, stroke_width=3) for t in self.ticks_at)
        )
        self.tick_labels = VGroup(
            *(
                math(tex_number(t, tick_places), role="text" if t == 0 else "muted", size=size).next_to(
                    mark, LEFT, buff=0.1
                )
                for t, mark in zip(self.ticks_at, self.tick_marks)
            )
        )

        # Each step's product, in its sign's colour; a zero product says it is ignored.
        self.labels = VGroup()
        for p in self.terms:
            role = "positive" if p > 0 else "negative" if p < 0 else "muted"
            label = math(signed(p, places), role=role, size=size)
            if p == 0:
                # A Text's capitals are as tall as a formula's digits at about 0.68 of its size.
                note = text("ignored", size=max(SIZES.small, int(np.ceil(0.7 * size))), role="muted")
                label = VGroup(label, note).arrange(DOWN, buff=0.1)
            self.labels.add(label)
        names_shown = [math(n, role="muted", size=size) for n in names] if names is not None else []

        # Where each figure stands on the scale (its height does not depend on where its step
        # stands across): beside its arrow's middle, between two tick lines where it fits there
        # (the half-step nearest the middle), kept clear of the level the arrow ends on (where the
        # next step's link runs) when the arrow is short; a zero's figure over its flat dash.
        label_ys = []
        for i, p in enumerate(self.terms):
            label = self.labels[i]
            if p == 0:
                label_ys.append(self.point(levels[i], 0)[1] + 0.12 + label.height / 2)
                continue
            clear = label.height / 2 + 0.1
            low, high = sorted((levels[i], levels[i + 1]))
            middle = (low + high) / 2
            halves = [
                (k + 0.5) * tick
                for k in range(_math.floor(low / tick) - 1, _math.ceil(high / tick) + 1)
                if low * self.unit + clear <= (k + 0.5) * tick * self.unit <= high * self.unit - clear
            ]
            if label.height + 0.1 < tick * self.unit and halves:
                middle = min(halves, key=lambda h: (abs(h - middle), abs(h - levels[i])))
            y = self.point(middle, 0)[1]
            end_y = self.point(levels[i + 1], 0)[1]
            toward_start = -np.sign(p)  # from the end back towards the start (screen y)
            if abs(y - end_y) < clear:
                y = end_y + toward_start * clear
            label_ys.append(y)

        # What each step takes up, across from its arrow (x) and up the scale: its arrow (or dash)
        # and its figure, to the arrow's right (or over the dash).
        def boxes(i: int, x: float) -> list[tuple[float, float, float, float]]:
            label, p = self.labels[i], self.terms[i]
            y0, y1 = sorted((self.point(levels[i], 0)[1], self.point(levels[i + 1], 0)[1]))
            ly, h, w = label_ys[i], label.height / 2, label.width
            if p == 0:
                return [(x - 0.25, x + 0.25, y0 - 0.05, y1 + 0.05), (x - w / 2, x + w / 2, ly - h, ly + h)]
            # (The arrow as wide as its head.)
            return [(x - 0.2, x + 0.2, y0, y1), (x + 0.16, x + 0.16 + w, ly - h, ly + h)]

        def extent(i: int) -> tuple[float, float]:
            """How far step i's column reaches left and right of its arrow (its name too)."""
            parts = boxes(i, 0.0)
            left, right = -min(b[0] for b in parts), max(b[1] for b in parts)
            if names_shown:
                centre = (right - left) / 2
                half = names_shown[i].width / 2
                left, right = max(left, half - centre), max(right, half + centre)
            return left, right

        extents = [extent(i) for i in range(len(self.terms))]

        def columns() -> list[float]:
            """Side by side, `spacing` apart, the first clear of the ticks."""
            xs = [0.35 + extents[0][0]]
            for (_, right), (left, _) in zip(extents, extents[1:]):
                xs.append(xs[-1] + right + spacing + left)
            return xs

        def packed() -> list[float] | None:
            """Each step as far left as it goes without meeting what stands before it (a figure
            may reach over the next step where their heights differ), or None where a level line
            would then cross a figure."""
            # (`spacing` past its least, 0.25, spreads the packed steps as it spreads the columns.)
            pad = 0.12 + max(0.0, spacing - 0.25)
            xs = [0.35 + extents[0][0]]
            for i in range(1, len(self.terms)):
                x = xs[-1] + 0.3 + pad
                taken = [b for j in range(i) for b in boxes(j, xs[j])]
                moved = True
                while moved:
                    moved = False
                    for mine, rel in zip(boxes(i, x), boxes(i, 0.0)):
                        for b in taken:
                            if (
                                mine[0] < b[1] + pad
                                and b[0] < mine[1] + pad
                                and mine[2] < b[3] + 0.1
                                and b[2] < mine[3] + 0.1
                            ):
                                # (Moved only by more than a hair: rounding would move it by nothing, forever.)
                                if b[1] + pad - rel[0] > x + 1e-6:
                                    x = b[1] + pad - rel[0]
                                    moved = True
                xs.append(x)
            for i in range(1, len(self.terms)):
                y = self.point(levels[i], 0)[1]
                for j in range(len(self.terms)):
                    _, (l0, l1, b0, b1) = boxes(j, xs[j])
                    if l0 < xs[i] and l1 > xs[i - 1] and b0 - 0.05 < y < b1 + 0.05:
                        return None
            return xs

        self.step_xs = (None if names_shown else packed()) or columns()
        end_of_steps = max(x + extents[i][1] for i, x in enumerate(self.step_xs))

        self.steps = VGroup()
        for i, p in enumerate(self.terms):
            x = self.step_xs[i]
            role = "positive" if p > 0 else "negative" if p < 0 else "muted"
            label = self.labels[i]
            if p == 0:
                step = Line(
                    self.point(levels[i], x - 0.25), self.point(levels[i], x + 0.25), color=colour(role), stroke_width=6
                )
                label.move_to([x, label_ys[i], 0])
            else:
                step = Arrow(
                    self.point(levels[i], x),
                    self.point(levels[i + 1], x),
                    buff=0,
                    color=colour(role),
                    stroke_width=6,
                    max_tip_length_to_length_ratio=0.35,
                    max_stroke_width_to_length_ratio=20,
                )
                label.move_to([x + 0.16 + label.width / 2, label_ys[i], 0])
            self.steps.add(step)

        # Each step starts where the one before ended: a thin level line carries the total across.
        self.links = VGroup(
            *(
                Line(
                    self.point(levels[i], self.step_xs[i - 1]),
                    self.point(levels[i], self.step_xs[i]),
                    color=muted,
                    stroke_width=2,
                    stroke_opacity=0.7,
                )
                for i in range(1, len(self.terms))
            )
        )

        # What each step is (w₁x₁, ...), in one row under the whole chart, each under its column.
        self.names = VGroup()
        if names is not None:
            floor = min(m.get_bottom()[1] for m in [*self.steps, *self.labels, self.axis]) - 0.25
            for i, name in enumerate(names_shown):
                left, right = extents[i]
                centre = self.step_xs[i] + (right - left) / 2
                self.names.add(name.move_to([centre, 0, 0]).align_to([0, floor, 0], UP))

        # The level it ends on: a dashed line out to its figure, at its height on the scale.
        self.total_line = DashedLine(
            self.point(levels[-1], end_of_steps + 0.05),
            self.point(levels[-1], end_of_steps + 0.45),
            color=colour("result"),
            stroke_width=4,
        )
        self.total_label = math(tex_number(levels[-1], places), role="result", size=size).next_to(
            self.total_line, RIGHT, buff=0.15
        )

        # A line across the chart at each tick, stopping short of every figure it would cross.
        right_end = self.total_line.get_end()[0]
        figures = [*self.labels, self.total_label]
        self.grid = VGroup()
        for t in self.ticks_at:
            y = self.point(t, 0)[1]
            cuts = sorted(
                (m.get_left()[0] - 0.12, m.get_right()[0] + 0.12)
                for m in figures
                if m.get_bottom()[1] - 0.06 <= y <= m.get_top()[1] + 0.06
            )
            x, pieces = 0.12, []
            for a, b in cuts:
                if a > x:
                    pieces.append((x, a))
                x = max(x, b)
            if x < right_end:
                pieces.append((x, right_end))
            for a, b in pieces:
                line = Line([a, y, 0], [b, y, 0], color=muted if t == 0 else colour("grid"))
                line.set_stroke(width=3 if t == 0 else 2, opacity=0.9 if t == 0 else 0.6)
                self.grid.add(line)

        super().__init__(
            self.grid,
            self.axis,
            self.tick_marks,
            self.tick_labels,
            self.links,
            self.steps,
            self.labels,
            self.names,
            self.total_line,
            self.total_label,
        )

    def point(self, value: float, x: float) -> np.ndarray:
        return np.array([x, (value - self.lo) * self.unit, 0.0])

    def appear(self):
        return AnimationGroup(
            Create(self.axis),
            FadeIn(self.tick_marks),
            FadeIn(self.tick_labels),
            Create(self.grid, lag_ratio=0.1),
        )

    def step(self, i: int):
        grow = GrowArrow(self.steps[i]) if isinstance(self.steps[i], Arrow) else Create(self.steps[i])
        name = [FadeIn(self.names[i])] if len(self.names) > i else []
        shown = AnimationGroup(grow, FadeIn(self.labels[i], shift=RIGHT * 0.1 if self.terms[i] else UP * 0.1), *name)
        if i == 0:
            return shown
        return AnimationGroup(Create(self.links[i - 1]), shown, lag_ratio=0.4)

    def mark_total(self):
        return AnimationGroup(Create(self.total_line), Write(self.total_label), lag_ratio=0.5)


__all__ = ["ScaledSteps", "nice_step"]
