"""Charts the lessons draw: score bars, the cosine curve and an activation curve, each with its
own animations (the running total that steps up and down is toolkit/step_chart.ScaledSteps).

    bars = ScoreBars(scores, words, keys);  self.play(bars.appear());  self.play(bars.grow(i))
    graph = CosineGraph(theta_getter);       self.play(graph.appear())  # with a live marker
    curve = ActivationGraph("sigmoid", z);   self.play(curve.appear()); self.play(curve.mark())

Sizes: every number a viewer reads is at body size (3% of the frame height or more).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    VMobject,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Axes,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Line,
    Rectangle,
    VGroup,
    smooth,
)

from mathcore.linalg import activate
from toolkit.style import colour, math, tex_number, tex_short, text
from toolkit.theme import SIZES


def signed(x: float, places: int = 2) -> str:
    """A figure with its sign always written (+2, −4), so a direction is also read in its label."""
    s = tex_number(x, places)
    return s if s.startswith("-") else "+" + s


# The share of a rescaling in which the first figure fades out (at its start) and the score fades
# in (at its end): never both on screen at once.
HANDOVER = 0.4


class ScoreBars(VGroup):
    """One bar per key: up for a positive score, down for a negative one, each labelled with its
    signed value; under the bars, each key's word (and its vector, where it fits).

        bars = ScoreBars([0.91, -0.24, 0.05], ["cat", "car", "democracy"], width=8)
        self.play(bars.appear())
        self.play(*[bars.grow(i) for i in range(3)])

    With `first`, the figures the scores are made from (each score a fixed multiple of its
    figure, as attention's q·kᵢ over √d_k): each bar grows to its figure, labelled with it, and
    `scale_all()` then brings every bar down (or up) to its score, so the scaling is seen.

    With `labelled=False`, the bars alone, no figures (a small picture of the scores, as the
    closing card's recap draws them); `grow(i)` then grows the bar alone.
    """

    def __init__(
        self,
        scores: Sequence[float],
        words: Sequence[str],
        keys=None,
        width: float = 11.0,
        height: float = 2.6,
        places: int = 4,
        size: int = SIZES.body,
        first: Sequence[float] | None = None,
        first_places: int = 2,
        labelled: bool = True,
    ):
        self.scores = np.asarray(scores, float)
        self.first = None if first is None else np.asarray(first, float)
        n = len(self.scores)
        drawn = self.scores if self.first is None else np.concatenate([self.scores, self.first])
        lo, hi = min(0.0, drawn.min()), max(0.0, drawn.max())
        unit = height / ((hi - lo) or 1.0)
        slot = width / n
        self.baseline = Line(LEFT * width / 2, RIGHT * width / 2, color=colour("muted"), stroke_width=3)
        self.bars, self.values, self.words, self.keys = VGroup(), VGroup(), VGroup(), VGroup()
        for i, s in enumerate(self.scores):
            x = -width / 2 + slot * (i + 0.5)
            role = "positive" if s >= 0 else "negative"
            bar = Rectangle(
                width=min(1.1, slot * 0.45),
                height=max(abs(s) * unit, 0.02),
                stroke_width=0,
                fill_color=colour(role),
                fill_opacity=0.85,
            )
            bar.move_to([x, s * unit / 2, 0])
            self.bars.add(bar)
            if labelled:
                value = math(signed(s, places), role=role, size=size)
                self.values.add(value.next_to(bar, UP if s >= 0 else DOWN, buff=0.15))
        # The figures first drawn: each bar stands at its figure's height until scale_all().
        self.first_values, self.ratios = VGroup(), []
        if self.first is not None:
            for bar, s, f in zip(self.bars, self.scores, self.first):
                edge = DOWN if s >= 0 else UP
                self.ratios.append(bar.height / max(abs(f) * unit, 0.02))  # the score's height over the figure's
                bar.stretch_to_fit_height(max(abs(f) * unit, 0.02), about_edge=edge)
                if labelled:
                    label = math(signed(f, first_places), role="positive" if s >= 0 else "negative", size=size)
                    self.first_values.add(label.next_to(bar, UP if s >= 0 else DOWN, buff=0.15))
        tops = (*self.bars, *self.values, *self.first_values)
        floor = min(self.baseline.get_bottom()[1], *(m.get_bottom()[1] for m in tops)) - 0.3
        for i, word in enumerate(words):
            x = -width / 2 + slot * (i + 0.5)
            label = text(word, size=SIZES.body, role="b")
            label.move_to([x, floor - label.height / 2, 0])
            self.words.add(label)
        # The words on one baseline, as text is read ("money" hangs its y below it, not above).
        lines = [_baseline(label, word) for label, word in zip(self.words, words)]
        for label, y in zip(self.words, lines):
            label.shift(DOWN * (y - min(lines)))
        if keys is not None:
            keys_tex = [math(r"[" + ",\\ ".join(tex_short(v) for v in key) + r"]", role="b") for key in keys]
            # The keys' vectors only where they fit their slot at a readable size, with a clear gap
            # between neighbours (closer, two keys read as one run of numbers).
            if max(k.width for k in keys_tex) < slot - 0.7:
                low = min(w.get_bottom()[1] for w in self.words) - 0.15
                for i, k in enumerate(keys_tex):
                    k.move_to([self.words[i].get_x(), low - k.height / 2, 0])
                    self.keys.add(k)
        super().__init__(self.baseline, self.bars, self.values, self.first_values, self.words, self.keys)

    def appear(self):
        return AnimationGroup(Create(self.baseline), FadeIn(self.words), FadeIn(self.keys))

    def grow(self, i: int):
        """Bar i grows from the baseline, its label coming with it (its first figure, if any)."""
        grow = GrowFromEdge(self.bars[i], DOWN if self.scores[i] >= 0 else UP)
        labels = self.values if self.first is None else self.first_values
        return AnimationGroup(grow, FadeIn(labels[i])) if len(labels) else grow

    def scale_all(self):
        """Every bar from its first figure's height to its score's: the first figure goes where it
        stands as the bar's end leaves it, the score comes where the bar's end arrives. One after
        the other: faded across each other on the move, the two figures stood over each other, read
        as "+0.4225" (review)."""
        moves = []
        for i, (bar, s, ratio) in enumerate(zip(self.bars, self.scores, self.ratios)):
            edge = DOWN if s >= 0 else UP
            moves.append(bar.animate.stretch(ratio, 1, about_edge=edge))
            moves += [
                FadeOut(self.first_values[i], rate_func=lambda t: smooth(min(1.0, t / HANDOVER))),
                FadeIn(self.values[i], rate_func=lambda t: smooth(max(0.0, (t - 1 + HANDOVER) / HANDOVER))),
            ]
        return AnimationGroup(*moves)

    def column(self, i: int) -> VGroup:
        parts = [self.bars[i], self.values[i], self.words[i]] + ([self.keys[i]] if len(self.keys) else [])
        return VGroup(*parts)


class CosineGraph(VGroup):
    """cos θ for θ from 0° to 180°, with a marker that follows `theta()` (degrees). With
    `max_width`/`max_height`, the axes give way to their labels so the whole graph fits that box
    with every label at `size` (a graph shrunk to fit took its labels under 3% of the frame).

        graph = CosineGraph(lambda: 60)     # the marker follows a getter, in degrees
        self.play(graph.appear())
    """

    def __init__(
        self,
        theta: Callable[[], float],
        width: float = 5.0,
        height: float = 2.2,
        size: int = SIZES.body,
        max_width: float | None = None,
        max_height: float | None = None,
    ):
        x_labels = [math(rf"{d}^\circ", role="muted", size=size) for d in (0, 90, 180)]
        y_labels = [math(tex_number(v, 0), role="muted", size=size) for v in (1, 0, -1)]
        title = math(r"\cos\theta", role="result", size=size)
        label_w = max(m.width for m in y_labels) + 0.35
        if max_width is not None:
            # The last x label overhangs the axis' end by half its width.
            width = min(width, max_width - label_w - x_labels[-1].width / 2)
        if max_height is not None:
            height = min(height, max_height - x_labels[0].height - 0.3 - title.height - 0.1)
        self.axes = Axes(
            x_range=[0, 180, 90],
            y_range=[-1, 1, 1],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": colour("muted"), "stroke_width": 2},
        )
        self.curve = self.axes.plot(
            lambda t: np.cos(np.radians(t)), x_range=[0, 180], color=colour("result"), stroke_width=4
        )
        # Far enough below the axes that "0°" and the "−1" beside the corner stay apart.
        self.x_labels = VGroup(
            *[m.next_to(self.axes.c2p(d, -1), DOWN, buff=0.3) for m, d in zip(x_labels, (0, 90, 180))]
        )
        # Left of the axis with room for the marker's dot, which sits on the axis at 0°.
        self.y_labels = VGroup(*[m.next_to(self.axes.c2p(0, v), LEFT, buff=0.35) for m, v in zip(y_labels, (1, 0, -1))])
        self.title = title.next_to(self.axes.c2p(180, 1), UP, buff=0.1).align_to(self.axes.c2p(180, 1), RIGHT)
        self.theta = theta
        self.marker = Dot(radius=0.1, color=colour("highlight"))
        self.marker.add_updater(lambda m: m.move_to(self.axes.c2p(self.theta(), np.cos(np.radians(self.theta())))))
        self.marker.update()
        super().__init__(self.axes, self.curve, self.x_labels, self.y_labels, self.title, self.marker)

    def appear(self):
        return AnimationGroup(
            Create(self.axes),
            Create(self.curve),
            FadeIn(self.x_labels),
            FadeIn(self.y_labels),
            FadeIn(self.title),
            FadeIn(self.marker),
        )

    def point_at(self, degrees: float) -> np.ndarray:
        return self.axes.c2p(degrees, np.cos(np.radians(degrees)))


DESCENDERS = set("gjpqy,;")


def _baseline(label: VMobject, word: str) -> float:
    """The y of the line `label` (a Text of `word`, a glyph per visible character) stands on: the
    lowest bottom among its glyphs that do not descend."""
    chars = [c for c in word if not c.isspace()]
    glyphs = label.submobjects if len(label.submobjects) == len(chars) else []
    standing = [g.get_bottom()[1] for g, c in zip(glyphs, chars) if c not in DESCENDERS]
    return min(standing) if standing else label.get_bottom()[1]


def _meet(m: VMobject, other: VMobject, gap: float = 0.05) -> bool:
    """Whether the two boxes come closer than `gap`."""
    return bool(
        np.all(
            np.abs(m.get_center() - other.get_center())[:2]
            < (np.array([m.width + other.width, m.height + other.height]) / 2 + gap)
        )
    )


def _crosses(m: VMobject, points: np.ndarray, gap: float = 0.05) -> bool:
    """Whether any of `points` (a curve's) lies in m's box or within `gap` of it."""
    lo, hi = m.get_corner(DOWN + LEFT)[:2] - gap, m.get_corner(UP + RIGHT)[:2] + gap
    return bool(np.any(np.all((points[:, :2] >= lo) & (points[:, :2] <= hi), axis=1)))


def _within(m: VMobject, box: VMobject) -> bool:
    return bool(
        np.all(m.get_corner(DOWN + LEFT)[:2] >= box.get_corner(DOWN + LEFT)[:2])
        and np.all(m.get_corner(UP + RIGHT)[:2] <= box.get_corner(UP + RIGHT)[:2])
    )


# The graph's figures at heading size and its axis letter larger still (a lowercase z is an
# x-height letter): at body size, in a graph fitted beside the neuron, "1" stood 31 px and "z"
# 22 px at 1080p (review); the 3% a viewer reads is 32 px.
LABEL = SIZES.heading
LETTER = 58  # a lowercase z at 58 stands 33 px at 1080p


class ActivationGraph(VGroup):
    """The activation's curve on axes wide enough to show z on it, and z marked on the curve.

    For example:

        curve = ActivationGraph("sigmoid", 1.5)
        self.play(curve.appear())
        self.play(curve.mark())
    """

    def __init__(
        self, activation: str, z: float, width: float = 5.0, height: float = 2.4, max_width: float | None = None
    ):
        reach = max(6.0, float(np.ceil(abs(z))) + 1.0)
        if activation == "sigmoid":
            y_range = [0, 1, 1]  # a tick only at 1, which is labelled
        elif activation == "relu":
            y_range = [0, reach, reach / 2]
        else:
            y_range = [-reach, reach, reach]
        if max_width is not None:
            # The axes give way to the y labels beside them, so the whole graph fits `max_width`
            # with its labels at full size.
            label_w = max(math(tex_number(v), role="muted", size=LABEL).width for v in (y_range[0], y_range[1])) + 0.2
            width = min(width, max_width - label_w)
        # Ticks only where a number names them: the axis's two ends (an unlabelled tick beside z
        # would be read as z's value).
        self.axes = Axes(
            x_range=[-reach, reach, reach],
            y_range=y_range,
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": colour("muted"), "stroke_width": 2},
        )
        self.curve = self.axes.plot(
            lambda t: activate(t, activation), x_range=[-reach, reach], color=colour("result"), stroke_width=4
        )
        # The y axis's ends, beside the y axis itself (where its ticks are), but no "0" where the
        # z axis itself is the level 0.
        self.y_labels = VGroup(
            *[
                math(tex_number(v), role="muted", size=LABEL).next_to(self.axes.c2p(0, v), LEFT, buff=0.15)
                for v in (y_range[0], y_range[1])
                if v != 0 or y_range[0] < 0
            ]
        )
        self.x_ticks = VGroup(
            *[
                math(tex_number(v), role="muted", size=LABEL).next_to(self.axes.c2p(v, 0), DOWN, buff=0.15)
                for v in (-reach, reach)
            ]
        )
        self.x_label = math("z", role="muted", size=LETTER).next_to(self.axes.x_axis.get_right(), UP, buff=0.15)
        value = activate(z, activation)
        at = self.axes.c2p(z, value)
        self.drop = DashedLine(self.axes.c2p(z, y_range[0]), at, color=colour("muted"), stroke_width=3)
        self.dot = Dot(at, radius=0.1, color=colour("highlight"))
        if _meet(self.x_label, self.drop, 0.05):
            # z near the axis's end: its drop line would cross the letter, which steps past it.
            self.x_label.shift(RIGHT * (self.drop.get_right()[0] + 0.1 - self.x_label.get_left()[0]))
        # The point read off the curve: z at the drop's foot, the activation beside the dot, at the
        # first corner of it that stays over the axes and clear of the other labels and the y axis
        # (a rising curve leaves room under the dot on its right and over it on its left).
        self.z_value = math(tex_number(z), role="result", size=LABEL).next_to(
            self.axes.c2p(z, y_range[0]), DOWN, buff=0.15
        )
        # Kept under the axis's span: near its end the figure would widen the graph (and shrink it).
        self.z_value.shift(RIGHT * max(0.0, self.axes.x_axis.get_left()[0] - self.z_value.get_left()[0]))
        self.z_value.shift(LEFT * max(0.0, self.z_value.get_right()[0] - self.axes.x_axis.get_right()[0]))
        self.value = math(tex_number(value), role="result", size=LABEL)
        # z's value is never hidden by an end's number: that number gives way (z is what is read).
        self.x_ticks = VGroup(*(tick for tick in self.x_ticks if not _meet(tick, self.z_value, 0.1)))
        others = [*self.y_labels, *self.x_ticks, self.x_label, self.z_value, self.axes.y_axis]
        for corner in (DOWN + RIGHT, UP + LEFT, UP + RIGHT, DOWN + LEFT):
            self.value.next_to(at, corner, buff=0.15)
            if (
                _within(self.value, self.axes)
                and not any(_meet(self.value, m) for m in others)
                and not _crosses(self.value, self.curve.points)
            ):
                break
        else:
            # No room by the dot (a ReLU's dot in the axes' corner): the line above says it.
            self.value = VGroup()
        super().__init__(
            self.axes,
            self.curve,
            self.y_labels,
            self.x_ticks,
            self.x_label,
            self.drop,
            self.dot,
            self.z_value,
            self.value,
        )

    def appear(self):
        return AnimationGroup(
            Create(self.axes), Create(self.curve), FadeIn(self.y_labels), FadeIn(self.x_ticks), FadeIn(self.x_label)
        )

    def mark(self):
        return AnimationGroup(Create(self.drop), FadeIn(self.z_value), FadeIn(self.dot), FadeIn(self.value))
