"""Lesson 1, "The dot product": pair up, multiply, sum; alignment; cos θ; neurons; attention.

Every figure is computed from the scene's params through mathcore and rounded as the lesson
rounds it; the captions are the lesson's own sentences. The widgets live in toolkit/ by concept
(formulas, vectors, charts, readouts, neuron); each beat's objects are built by a named method.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    Brace,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Succession,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    Flash,
    GrowArrow,
    GrowFromPoint,
    Group,
    Line,
    Polygon,
    ReplacementTransform,
    SurroundingRectangle,
    Text,
    Transform,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    Write,
    config,
    smooth,
)

from mathcore import (
    angle_degrees,
    attention_score,
    cosine_similarity,
    dot,
    fmt_fixed,
    fmt_number,
    length_that_reads_true,
    norm,
    factor_places,
    product_reads_true,
    weighted_sum,
)
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
from toolkit.charts import ActivationGraph, CosineGraph, ScoreBars
from toolkit.step_chart import ScaledSteps
from toolkit.formulas import DotProductLine, factor_tex, general_dot_formula, signed_terms, sum_tex
from toolkit.lesson_scene import LessonScene
from toolkit.light import light
from toolkit.matrices import SUB, sub
from toolkit.neuron import GrowAway, Neuron
from toolkit.readouts import ReadoutPanel, VectorReadout, Verdict, angle_readout, readout, sign_of, stop
from toolkit.moves import fly_copy, hand_over, swap
from toolkit.style import colour, math, role_math, tex_fixed, tex_number, text
from toolkit.theme import SIZES
from toolkit.vectors import EntryPair, PlaneVector, Shadow, angle_mark, clean, off_axes, polar
from toolkit.live import arrow as live_arrow, placed, redrawn


def places_for(*values: float) -> int:
    """Whole figures are shown as integers, others with the lesson's two decimals."""
    return 0 if all(abs(v - round(v)) < 1e-9 for v in values) else 2


def spoken_sum(values, mark: str | None = None) -> str:
    """`2 − 4 + 6` as a caption says it; with `mark`, each term marked: "<s0>2 <s1>− 4 <s2>+ 6"."""
    terms = [f"{op} {num}" if op else num for op, num in signed_terms(values, places_for(*values))]
    return " ".join(f"<{mark}{i}>{t}" if mark else t for i, t in enumerate(terms)).replace("-", "\u2212")


# --- 1. the definition ------------------------------------------------------------------


def pair_parts(line: DotProductLine) -> list:
    return [m for p in line.pairs for m in p]


def product_parts(line: DotProductLine) -> list:
    return [m for t in line.terms for m in t]


def underline(m, role: str, buff: float = 0.1) -> Line:
    """A rule under `m`, as wide as it: it marks a term in a line without touching its neighbours."""
    y = m.get_bottom()[1] - buff
    return Line([m.get_left()[0], y, 0], [m.get_right()[0], y, 0], color=colour(role), stroke_width=4)


# The size of "n = 3" under the brace that counts the general formula's terms.
N_SIZE = 56


class DotProductDefinition(LessonScene):
    Params = DotProductDefinitionParams
    layout_region = layout.SAFE  # where it lays out

    def construct(self) -> None:
        p = self.params
        pair, line = self.worked_example(p.a, p.b, layout.SAFE)
        terms = products_of(p.a, p.b)
        # The pairs are written alone first, centred under the columns and larger (as wide as half
        # the frame, at most 1.8 times); as the products join them the line takes its own size and
        # place, centred whole. (Written in place, the pairs stood left-aligned under the columns.)
        final = [m.copy() for m in line.tex.submobjects]
        first = VGroup(*line.prefix, *pair_parts(line))
        k = min(1.8, max(1.0, 0.6 * layout.SAFE.width / first.width))
        bottom = first.get_bottom()[1]
        line.tex.scale(k, about_point=first.get_center())
        line.tex.shift([layout.SAFE.center[0] - first.get_center()[0], bottom - first.get_bottom()[1], 0])
        with self.beat(
            "Given two vectors of the same length, the dot product multiplies corresponding elements and sums them up.",
            name="two vectors",
        ):
            self.play(pair.appear(), FadeIn(line.prefix), run_time=0.8)
            self.write_pairs(pair, line, run_time=0.6)
            self.play(FadeOut(pair.pointer), run_time=0.4)  # every pair is written: nothing is pointed at
            pair.pointer = None  # drawn afresh when it points again
        marks = [f"p{i + 1}" for i in range(len(terms))]
        with self.beat(
            "Pair up the elements index by index, and <mul>multiply each pair: "
            + ", ".join(f"<{m}>{fmt_fixed(t, places_for(t))}" for m, t in zip(marks, terms))
            + ".",
            name="multiply",
        ) as beat:
            # The pairing as it is said: index by index, the two entries and their pair in the line light up.
            step = max(0.3, (beat.marks["mul"] - self.now) / len(pair) - 0.05)
            for i in range(len(pair)):
                self.play(
                    pair.point_at(i),
                    light(line.pairs[i], "highlight"),
                    run_time=step,
                )
            shown = [*line.prefix, *pair_parts(line)]
            for m, f in zip(line.tex.submobjects, final):
                if m not in shown:
                    m.become(f)
            self.play(
                FadeOut(pair.pointer),
                FadeIn(line.first_equals),
                *(Transform(m, f) for m, f in zip(line.tex.submobjects, final) if m in shown),
                run_time=0.6,
            )
            pair.pointer = None
            # Each product as it is said, out of the pair that makes it.
            for i, m in enumerate(marks):
                self.play(fly_copy(line.pairs[i], line.terms[i]), until=m)
        total = fmt_fixed(line.total_value, places_for(line.total_value))
        with self.beat(f"Then sum them up: the dot product is <t>{total}.", name="sum"):
            self.play(line.sum_up(), until="t")
            self.settle(line.tex, line.parts())
            self.play(light(VGroup(line.total, line.total_box), "result"), run_time=0.8)
        leaving = Group(*self.mobjects)

        pair2, line2, steps, negatives, above = self.negative_example(p.a2, p.b2, like=(pair, line))
        centre = layout.SAFE.center[0]
        self.recentre(line2, centre, [], [*line2.prefix, *pair_parts(line2)], also=negatives.in_line)
        down = next((i for i, t in enumerate(steps.terms) if t < 0), -1)
        # Until its chart comes, the pair stands over the middle of its line (alone on the left, it
        # left the right half empty); it steps aside as the chart comes.
        aside = centre - pair2.get_center()[0]
        pair2.shift(RIGHT * aside)
        # The second pair is written out as it is read out, before the words name its negative
        # component while the highlight rests on it (it walked past -1 as that was said; written
        # out before the words, it was 3 s without a word: review).
        # (The running total's scale comes with its first step, as the products are formed: drawn
        # with the pair, it stood empty for 8 s: review.)
        # (The first example goes as it comes, never a black frame between them.)
        with self.beat(
            f"A second example: {fmt_list(p.a2, mark='a')} and {fmt_list(p.b2, mark='b')}. "
            "Notice the <neg>negative component: "
            "a <nw>negative weight times a <pf>positive feature <sub>subtracts from the total.",
            name="negative",
        ) as beat:
            self.play(hand_over(leaving, pair2.appear(), FadeIn(line2.prefix)), until="a0")
            # Each entry lit as it is read out, then the pairs written into the line together before
            # the negative one is named (written pair by pair as the vectors were read, the pairs
            # were boxed under the wrong words: review).
            for name, column in (("a", pair2.a_col), ("b", pair2.b_col)):
                for i, entry in enumerate(column.entries):
                    beat.until(f"{name}{i}")
                    self.play(light(entry, "highlight"), run_time=0.6)
            self.play(
                LaggedStart(*(line2.write_pair(i, *pair2.entries(i)) for i in range(len(pair2))), lag_ratio=0.3),
                run_time=0.8,
            )
            if down >= 0:
                # The highlight goes to the pair with the negative product and rests there as it is named.
                self.play(pair2.point_at(down), until="neg")
                # (Lit in place: grown, it met the signs either side.)
                self.play(light(line2.pairs[down], "highlight", pulse=False), until="nw")
                values = (p.a2[down], p.b2[down])
                negative = [e for e, v in zip(pair2.entries(down), values) if v < 0]
                positive = [e for e, v in zip(pair2.entries(down), values) if v >= 0]
                self.play(*(light(e, "negative") for e in negative), until="pf")
                self.play(*(light(e, "positive") for e in positive), until="sub")
            else:
                beat.until("sub")
            shown = [*line2.prefix, *pair_parts(line2)]
            moves = self.recentre(
                line2, centre, shown, [line2.first_equals, *product_parts(line2)], also=negatives.in_line
            )
            if pair2.pointer is not None:  # gone before the pair steps aside (left standing, it faded over the chart)
                self.play(FadeOut(pair2.pointer), run_time=0.25)
            # The pair steps aside and the line moves to its place, then the products are formed and
            # the total's scale drawn, the negative product marked, as "subtracts from the total" is
            # said; the total steps along it in the next beat's words. (All at once, the products
            # flew from where the line had been and the chart's figures crossed b: review.)
            # (Stepped here, after the words, the steps were 2.5 s without a word: review.)
            self.play(*moves, pair2.animate.shift(LEFT * aside), run_time=0.5)
            self.play(line2.multiply(), steps.appear(), run_time=0.8)
            pair2.pointer = None
            # Boxed where the move leaves them (a second pair with no negative product marks nothing).
            if len(negatives):
                self.play(*(Create(box) for box in negatives), run_time=0.4)
        # Each product steps the total as the words name it: the ones before the first negative
        # on "up", the first negative on "down", each later one as it is read out in the sum.
        with self.beat(
            "Some features push the output <up>up, some push it <dn>down: "
            f"{spoken_sum(steps.terms, mark='s')} = <t>{fmt_fixed(line2.total_value, places_for(line2.total_value))}.",
            name="trade-off",
        ) as beat:
            shown = [*line2.prefix, *pair_parts(line2), line2.first_equals, *product_parts(line2)]
            self.play(
                FadeOut(negatives), *self.recentre(line2, centre, shown, [line2.equals, line2.total]), run_time=0.4
            )
            stepped = set()
            if down > 0:
                self.play(
                    Succession(
                        *(AnimationGroup(steps.step(i), light(line2.terms[i], "highlight")) for i in range(down))
                    ),
                    until="up",
                )
                stepped.update(range(down))
            if down >= 0:
                self.play(steps.step(down), light(line2.terms[down], "highlight"), until="dn")
                stepped.add(down)
            for i in range(len(steps.terms)):
                # As the sum is read out, each product is lit as it is said, and a step not yet
                # taken is taken then.
                beat.until(f"s{i}")
                self.play(
                    *([steps.step(i)] if i not in stepped else []), light(line2.terms[i], "highlight"), run_time=0.6
                )
            beat.until("t")
            self.play(line2.sum_up(), steps.mark_total(), run_time=1.2)
            self.settle(line2.tex, line2.parts())
        self.symbols_beat(line2, VGroup(pair2, steps), above)
        self.one_number_beat(p.a, p.b, line.total_value, leaving=Group(*self.mobjects))

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

    def negative_example(self, a, b, like):
        """The second pair beside a running total that a negative product pulls down, over the line,
        drawn at the first example's size (`like`: its pair and line; at the stage's fit it stood at
        60% of it, review), smaller only where the title-safe area cannot hold it so."""
        first_pair, first_line = like
        region = layout.SAFE
        terms = products_of(a, b)
        # Beside the running total, columns of more than four entries have no height to spare for
        # names over them.
        pair = EntryPair(a, b, size=SIZES.title, names_above=len(a) <= 4)
        # The scale as tall as the columns beside it, its labels at the pair's size.
        steps = ScaledSteps(terms, height=pair.height, places=places_for(*terms), size=SIZES.title)
        line = DotProductLine(a, b, names=("a", "b"), places=places_for(*a, *b, *terms), size=SIZES.heading)
        k_line = VGroup(*first_line.prefix).height / VGroup(*line.prefix).height
        k_pair = first_pair.dot_sign.height / pair.dot_sign.height
        line.wrap(region.width / k_line)
        line.scale(k_line)
        # The pair and the chart side by side over the line, at the first pair's scale.
        top = VGroup(pair, steps).arrange(RIGHT, buff=1.5)
        top.scale(k_pair)
        gap = 0.35
        room = region.height - gap - 0.15 - line.height
        if top.height > room or top.width > region.width:
            top.scale(min(room / top.height, region.width / top.width))
        region.place(line, fill=1.0, max_scale=1.0, align="bottom")
        line.shift(UP * 0.15)  # room under it for the boxes that pick out its terms
        above = layout.Region("above the line", region.left, region.right, line.get_top()[1] + gap, region.top)
        above.place(top, fill=1.0, max_scale=1.0)
        # Each negative product, and the negative factor in the columns that made it.
        # (In the line, an underline: a box there touched the signs and products either side.)
        negatives = VGroup(
            *(
                mark
                for i, t in enumerate(terms)
                if t < 0
                for mark in (
                    underline(line.terms[i], "negative"),
                    *(
                        SurroundingRectangle(e, color=colour("negative"), buff=0.08, stroke_width=3)
                        for e, v in zip(pair.entries(i), (a[i], b[i]))
                        if v < 0
                    ),
                )
            )
        )
        negatives.in_line = [m for m in negatives if isinstance(m, Line)]  # they move with the line
        return pair, line, steps, negatives, above

    @staticmethod
    def recentre(line: DotProductLine, x: float, shown, coming, also=()) -> list:
        """Centre what will be on screen (`shown` and `coming`, parts of `line`) at `x`: the parts
        not yet shown move at once, and the moves of those on screen are returned to be played."""
        dx = x - VGroup(*shown, *coming).get_center()[0]
        on_screen = set(map(id, shown))
        for m in [*line.tex.submobjects, line.total_box, *also]:
            if id(m) not in on_screen:
                m.shift(RIGHT * dx)
        return [m.animate.shift(RIGHT * dx) for m in shown]

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
        with self.beat(
            "In symbols: a dot b is the sum over i of a i times b i, one term for each pair.", name="formula"
        ):
            self.play(FadeOut(example), run_time=0.4)
            self.play(Write(general), run_time=1.2)
            for i in range(line.n):
                boxes = VGroup(*(underline(m, "highlight") for m in (general.terms[i], line.pairs[i][-3:])))
                # Long enough to look from the term to its pair and back.
                self.play(Create(boxes), run_time=0.4)
                self.play(
                    light(general.terms[i], "highlight"),
                    light(line.pairs[i][-3:], "highlight"),
                    run_time=0.8,
                )
                self.play(FadeOut(boxes), run_time=0.3)
        self.n_beat(general, line)

    def n_beat(self, general: VGroup, line: DotProductLine) -> None:
        """The formula's n is the example's count of pairs: Σ's upper limit is lit as "n is 3" is
        said, a brace under the written-out terms counts them (n = 3), and the example's pairs are
        marked, one for each term."""
        n = line.n
        limit = max(general.tex[4].submobjects, key=lambda m: m.get_center()[1])  # the n over Σ
        brace = Brace(VGroup(*general.terms), DOWN, buff=0.15, color=colour("highlight"))
        # (At this size its n, a letter of x-height only, stands 36 px at 1080p: at heading size, 26.)
        label = math("n", "=", str(n), size=N_SIZE, role="highlight").next_to(brace, DOWN, buff=0.12)
        pairs = VGroup(*(underline(line.pairs[i][-3:], "highlight") for i in range(n)))
        with self.beat(
            f"Here n is {n}: the sum has <t>{n} terms, one for each <p>pair.",
            name="n terms",
        ):
            self.play(
                limit.animate.set_color(colour("highlight")),
                Circumscribe(limit, color=colour("highlight"), fade_out=True, buff=0.08),
                until="t",
            )
            self.play(GrowFromCenter(brace), FadeIn(label, shift=DOWN * 0.1), until="p")
            self.play(LaggedStart(*(Create(u) for u in pairs), lag_ratio=0.4), run_time=0.9)

    def one_number_beat(self, a, b, total: float, leaving: Group) -> None:
        pair = EntryPair(a, b, size=SIZES.title)
        arrow = Arrow(LEFT * 0.7, RIGHT * 0.7, color=colour("muted"), stroke_width=6)
        number = math(tex_number(total, places_for(total)), size=SIZES.title, role="result")
        box = SurroundingRectangle(number, color=colour("result"), buff=0.2, stroke_width=4)
        words = text("Two vectors in, one number out.", size=SIZES.heading)
        outro = VGroup(VGroup(pair, arrow, VGroup(number, box)).arrange(RIGHT, buff=0.5), words).arrange(DOWN, buff=0.8)
        layout.SAFE.place(outro, fill=0.9, max_scale=2.0)
        # The sentence is written as it is said, half by half: "Two vectors in," with the pair,
        # "one number out." with the number (written whole on "one", it came 1.6 s after the
        # first half was said: review). A Text's parts are its glyphs, spaces left out.
        said_first = len("Two vectors in,".replace(" ", ""))
        with self.beat("Two vectors in, <one>one number out.", name="one number"):
            # What was there goes as the pair comes: faded out first, the frame stood black (review).
            first, rest = words[:said_first], words[said_first:]
            self.play(hand_over(leaving, pair.appear(), Write(first)), until="one")
            self.play(GrowArrow(arrow), FadeIn(number, shift=LEFT * 0.3), Create(box), Write(rest), run_time=1.0)
            self.remove(first, rest)
            self.add(words)  # the sentence whole again, one text on screen


# --- 2. the widget ----------------------------------------------------------------------


# Where b stops on its turn, each measured from a's direction, and what is said as it arrives: the
# turn runs over the words before the mark <at>, so b is there as the case is named.
STOP_CAPTIONS = {
    90: "A quarter turn from a, b is <at>perpendicular: the dot product is <v>zero. "
    "The vectors carry <no>no information about each other.",
    180: "Half a turn from a, b points the <at>opposite way: the dot product is as <neg>negative as it gets. "
    "<max>Maximum disagreement.",
    270: "Three quarters round, b is <at>perpendicular again, on the <side>other side: <v>zero once more.",
}


# Within this angle of a, b (drawn under a) widens, up to WIDEN times, so that along a it shows on
# both sides of a's shaft: at θ = 0 neither vector hides the other.
ALONG = np.radians(12)
WIDEN = 2.2


class VectorUnder(PlaneVector):
    """b's arrow: under `under`'s, and wider as it comes to lie along it."""

    def __init__(self, *args, under, **kwargs):
        self.under = under  # before PlaneVector draws the arrow for the first time
        super().__init__(*args, **kwargs)

    def _draw(self):
        v, u = np.asarray(self.tip_of(), float), np.asarray(self.under(), float)
        lengths = float(np.linalg.norm(v) * np.linalg.norm(u))
        cos = float(v @ u) / lengths if lengths > 1e-12 else 0.0
        close = float(np.clip((cos - np.cos(ALONG)) / (1 - np.cos(ALONG)), 0.0, 1.0))
        # Rounded, so that the arrows of a few widths are built (and cached) rather than one per frame.
        widen = 1 + round((WIDEN - 1) * close * 10) / 10
        return live_arrow(
            self.plane.c2p(0, 0),
            self.plane.c2p(*v),
            colour(self.role),
            stroke_width=SIZES.stroke * widen,
            max_tip_length_to_length_ratio=0.2,
            tip_length=0.25 * (1 + 0.3 * (widen - 1)),
        )


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
        self.grid = self.make_grid()
        # Getters are plain functions (a bound method would drag the scene into every copy).
        a, b = self.a, (lambda: self.b())
        self.b_of_t = b
        self.arrow_a, self.arrow_b = self.make_arrows(lambda: a, b)
        self.mark = angle_mark(self.grid, lambda: a, b)

    def make_grid(self):
        return layout.TALL_MAIN.place(plane(self.extent, height=6.0))

    def make_arrows(self, a, b) -> tuple[PlaneVector, PlaneVector]:
        # a stands still: its name keeps to a's clockwise side, clear of the half-plane's label.
        arrow_a = PlaneVector(self.grid, a, "a", "a", side=-1)
        arrow_b = VectorUnder(self.grid, b, "b", "b", away_from=a, under=a)
        # a is drawn over b: at θ = 0 b lies along a, and a (over it) stays in sight, b (widened
        # there) showing either side of a's shaft.
        arrow_b.set_z_index(1)
        arrow_a.set_z_index(2)
        return arrow_a, arrow_b

    def wait_for(self, beat, mark: str) -> None:
        """`beat.until(mark)`, but a wait shorter than a frame is skipped (manim warns of it, on
        stdout, where a preview prints the still's path)."""
        left = beat.at(mark) - self.now
        if left >= 1 / config.frame_rate:
            self.wait(left)

    def plane_parts(self) -> list:
        """What the two plane scenes hand over to each other: the plane, a, b and their angle."""
        return [self.grid, self.arrow_a, self.arrow_b, self.mark]

    def b(self) -> np.ndarray:
        return polar(self.stretch.get_value() * self.length_b, self.phi.get_value())

    def theta(self) -> float:
        return angle_degrees(self.a, self.b())

    def turn_to(self, angle: float, run_time: float | None = None, **kwargs):
        if run_time is not None:
            kwargs["run_time"] = run_time
        return self.phi.animate(**kwargs).set_value(angle)


# How far b rocks either side of opposite while "as negative as it gets" is said.
ROCK = np.radians(25)
# The summary's three cases, as angles from a: high positive along a, near zero (|cos θ| under the
# verdict's NEAR, so it reads "no signal"), opposite.
NEAR_ZERO_ANGLE = np.radians(87)


class VectorAlignment(PlaneScene):
    Params = VectorAlignmentParams

    def construct(self) -> None:
        self.set_up_plane(self.params.a, self.params.b)
        panel, verdict = self.panel()
        self.panel_rows, self.verdict = panel, verdict
        # The plane and the two vectors first, before a word is said about them.
        # The names once their arrows are grown, placed beside them first: a fade holds a mobject
        # where it was when the fade began, and the names faded in low on the stage, far from
        # their arrows, then jumped beside them (review: dp 58.5).
        self.play(Create(self.grid), GrowArrow(self.arrow_a.arrow), GrowArrow(self.arrow_b.arrow), run_time=0.8)
        self.arrow_a.update()
        self.arrow_b.update()
        # The whole panel comes with the vectors' names, so that it is there to follow b's turn.
        self.play(
            FadeIn(self.arrow_a.label), FadeIn(self.arrow_b.label), panel.appear(), Create(self.mark), run_time=0.6
        )
        with self.beat(
            "As b turns around a, the panel follows <a>a, <b>b, their <dot>dot product "
            "and the <angle>angle between <end>them.",
            name="widget",
        ) as beat:
            # b goes once round while it is said, every row following it; each row's name is lit as
            # it is named (its name only: a lit figure would hold still). At first b tilted 20° and
            # back, then swung 60°, with the dot product and angle rows only coming after (review).
            self.sweep(
                beat,
                ["a", "b", "dot", "angle", "end"],
                [
                    [light(panel[0], "highlight"), light(self.arrow_a.arrow, "highlight")],
                    [light(panel[1].opening, "highlight", pulse=False)],
                    [light(panel[2].label, "highlight", pulse=False)],
                    [light(panel[3].label, "highlight", pulse=False)],
                ],
            )
        value = dot(self.a, self.b())
        with self.beat(self.verdict_caption(value, sign_of(value)), name="alignment") as beat:
            # "alignment": the angle between them; the figure, its sign, then the directions.
            self.play(
                light(self.arrow_a, "highlight"),
                light(self.arrow_b, "highlight"),
                until="v",
            )
            self.play(light(panel[2], "result"), until="sign")
            self.play(FadeIn(verdict, shift=RIGHT * 0.2), until="dir")
            self.play(
                light(self.mark, "highlight"),
                light(panel[3], "highlight"),
                run_time=1.0,
            )
        self.half_planes_beat()
        for ahead, degrees in self.stops():
            with self.beat(STOP_CAPTIONS[degrees], name=f"{degrees} degrees") as beat:
                self.stop_at(beat, self.phi_b + ahead, degrees)
        self.summary_beat()
        if self.ending == "hold":
            # A clip or still for a talk ends on the speaker's own b, its readouts their numbers
            # (the summary left b opposite a; in a lesson, tear_down turns it back as it hands over).
            self.play(
                self.turn_to(self.phi_b + 2 * np.pi * round((self.phi.get_value() - self.phi_b) / (2 * np.pi))),
                run_time=1.0,
            )
        stop(panel, verdict)

    def sweep(self, beat, marks: list[str], lights: list[list]) -> None:
        """b once round counter-clockwise, from now until the last of `marks` is said, in one smooth
        motion; as each earlier mark is reached, the next animations of `lights` play alongside."""
        start, phi0 = self.now, self.phi.get_value()
        span = beat.time(marks[-1]) - start

        def turned(t: float) -> float:  # of the whole turn, by scene time t
            return smooth(min(max((t - start) / span, 0.0), 1.0))

        t0 = start
        for k, mark in enumerate(marks):
            t1 = beat.time(mark)
            g0, g1 = turned(t0), turned(t1)
            if g1 - g0 < 1e-9:
                continue

            def rate(alpha: float, t0=t0, t1=t1, g0=g0, g1=g1) -> float:
                return (turned(t0 + alpha * (t1 - t0)) - g0) / (g1 - g0)

            turn = self.phi.animate(rate_func=rate).set_value(phi0 + 2 * np.pi * g1)
            self.play(turn, *(lights[k - 1] if 0 < k <= len(lights) else []), until=mark)
            t0 = t1
        # Round once, b is where it began: its angle is that again, not one turn more (the next
        # turns are measured from it, and from one turn more b went 300° back the wrong way to
        # "a quarter turn from a": review).
        self.phi.set_value(phi0)

    def turn_to(self, angle: float, run_time: float | None = None, **kwargs):
        """b turns to `angle`, and lengthens or shortens by at most a pixel or two where that makes
        its shown coordinates give the a·b shown beside them (see length_that_reads_true)."""
        turn = super().turn_to(angle, run_time, **kwargs)
        length = length_that_reads_true(self.a, polar(self.length_b, angle))
        if length == self.stretch.get_value():
            return turn
        if run_time is not None:
            kwargs["run_time"] = run_time
        return AnimationGroup(turn, self.stretch.animate(**kwargs).set_value(length))

    def stop_at(self, beat, angle: float, degrees: int) -> None:
        """b turns to `angle` over the words before <at>; what is named after it is lit as it is said."""
        panel, verdict = self.panel_rows, self.verdict
        self.play(self.turn_to(angle), until="at")
        if degrees == 180:
            # "as negative as it gets": either side of opposite, the dot product climbs back up.
            self.play(
                light(panel[3], "highlight"),
                light(verdict, "highlight", pulse=False),
                until="neg",
            )
            self.play(self.turn_to(angle + ROCK), run_time=0.5)
            self.play(self.turn_to(angle - ROCK), run_time=0.9)
            self.play(self.turn_to(angle), until="max")
            self.play(
                light(panel[2], "result"),
                light(verdict, "highlight", pulse=False),
                run_time=1.0,
            )
            return
        # The right angle, and the angle's readout, as b arrives; the dot product as "zero" is said.
        self.play(
            light(self.mark, "highlight"),
            light(panel[3], "highlight"),
            until="v" if degrees == 90 else "side",
        )
        if degrees == 270:
            self.play(light(self.arrow_b, "highlight"), until="v")
            self.play(light(panel[2], "result"), run_time=0.8)
        if degrees == 90:
            self.play(light(panel[2], "result"), until="no")
            self.play(light(verdict, "highlight", pulse=False), run_time=1.0)
            self.play(
                light(self.arrow_a.arrow, "highlight"),
                light(self.arrow_b.arrow, "highlight"),
                run_time=1.0,
            )

    def summary_beat(self) -> None:
        """The lesson's three cases in the order it names them, b at each as it is named."""
        panel, verdict = self.panel_rows, self.verdict
        start = ((self.phi_b - self.phi_a + np.pi) % (2 * np.pi)) - np.pi  # b's first angle from a, signed
        # High positive: b along a, a·b as high as it gets, the counterpart of the opposite case's
        # lowest (at b's first angle, 3.60, b passed through the highest, 4.26, on its way and
        # stopped short of it: review).
        side = 1.0 if start >= 0 else -1.0
        high = 0.0
        # From the last stop, b turns on (counter-clockwise) to its high-positive place.
        now = self.phi.get_value()
        target = self.phi_a + high
        target += 2 * np.pi * np.ceil((now - target) / (2 * np.pi) + 1e-9)
        near, opposite = target - high + side * NEAR_ZERO_ANGLE, target - high + side * np.pi
        with self.beat(
            "The dot product measures alignment: high <pos>positive is a strong <m>match, near "
            "<zero>zero is no <ns>signal, <neg>negative is <op>opposite.",
            name="full turn",
        ) as beat:
            self.play(self.turn_to(target), until="pos")
            self.play(
                light(verdict, "highlight", pulse=False),
                light(panel[2], "result"),
                until="m",
            )
            # Each turn starts as its case is named, so the verdict changes under its own words,
            # never while the words of the case before are still on screen.
            beat.until("zero")
            self.play(self.turn_to(near), until="ns")
            self.play(light(verdict, "highlight", pulse=False), run_time=0.6)
            beat.until("neg")
            self.play(self.turn_to(opposite), until="op")
            self.play(
                light(verdict, "highlight", pulse=False),
                light(panel[2], "result"),
                run_time=1.0,
            )

    def tear_down(self) -> None:
        # In a lesson the next part, CosineRelation, opens on this plane, a and b as they began:
        # the panel and the half-planes leave and b turns back, instead of the whole picture
        # fading out to be drawn again.
        if self.ending == "fade":
            self.ending = "hold"
            leaving = [m for m in self.mobjects if m not in self.plane_parts() and not isinstance(m, ValueTracker)]
            stop(*leaving)
            # The readouts go first, then b turns: fading while b turned, they still read θ = 180°,
            # a·b = −4.26 over a b that no longer was there (review).
            self.play(FadeOut(Group(*leaving)), run_time=0.4)
            self.play(
                self.turn_to(self.phi_b + 2 * np.pi * round((self.phi.get_value() - self.phi_b) / (2 * np.pi))),
                run_time=0.8,
            )
        super().tear_down()

    def panel(self):
        a, b, theta = self.a, self.b_of_t, (lambda: self.theta())
        panel = ReadoutPanel(
            VectorReadout("a", "a", lambda: a, size=SIZES.heading, live=False),
            VectorReadout("b", "b", b, size=SIZES.heading),
            readout(r"\mathbf{a}\cdot\mathbf{b} =", lambda: clean(dot(a, b())), role="result", size=SIZES.heading),
            angle_readout(theta, size=SIZES.heading),
            buff=0.5,
        )
        verdict = Verdict(
            lambda: dot(a, b()), size=SIZES.body, width=layout.TALL_SIDE.width, bound=lambda: norm(a) * norm(b())
        )
        column = VGroup(panel, verdict).arrange(DOWN, aligned_edge=LEFT, buff=0.6)
        layout.TALL_SIDE.fit(column)
        column.align_to([layout.TALL_SIDE.left, 0, 0], LEFT)
        return panel, verdict

    def half_planes_beat(self) -> None:
        halves = half_planes(self.grid, self.a, self.extent, size=SIZES.heading)
        pos, neg, boundary, pos_label, neg_label = halves
        self.arrow_b.keep_clear_of(boundary)  # b's name stays off the boundary as b turns
        with self.beat(
            "The <line>line perpendicular to <a>a splits the <plane>plane: on one side the dot product "
            "is <pos>positive, on the other <neg>negative.",
            name="half-planes",
        ) as beat:
            self.wait_for(beat, "line")
            self.add(boundary)
            self.bring_to_back(boundary)
            self.bring_to_back(self.grid)
            self.play(Create(boundary), until="a")
            self.play(light(self.arrow_a.arrow, "highlight"), until="plane")
            # Each half fills as its sign is named, under the grid's lines' arrows and names.
            for fill, label, mark in ((pos, pos_label, "pos"), (neg, neg_label, "neg")):
                self.add(fill)
                fill.set_fill(opacity=0)
                self.bring_to_back(fill)
                self.bring_to_back(self.grid)
                opacity = 0.22 if fill is pos else 0.12
                self.play(fill.animate.set_fill(opacity=opacity), FadeIn(label), until=mark)
            self.play(light(neg_label, "highlight"), run_time=0.8)
        # The boundary is b's path at 90° and 270°; its labels are written on the fills, off the line.
        self.layout_allows(boundary, self.arrow_b.arrow, reason="at 90° b lies on the boundary it is measured by")

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
    def verdict_caption(value: float, sign: int) -> str:
        figure = fmt_fixed(value)
        if sign > 0:
            return (
                f"The dot product measures alignment: <v>{figure} is <sign>positive, so the vectors point in "
                "<dir>similar directions."
            )
        if sign < 0:
            return (
                f"The dot product measures alignment: <v>{figure} is <sign>negative, so the vectors point in "
                "<dir>opposite directions."
            )
        return (
            "The dot product measures alignment: <v>zero, so the vectors are <sign>perpendicular, at <dir>right angles."
        )


# --- 3. the geometric meaning -----------------------------------------------------------


# The three angles of the lesson's list, each said as b arrives there (the turn runs over the words
# before <at>), then its cosine on the graph and what it means, lit as they are named.
THETA_STOPS = (
    (0, "At theta = 0 degrees the vectors are <at>parallel: <cos>cos 0 degrees = <val>1. <mean>Maximum agreement."),
    (90, "At 90 degrees they are <at>perpendicular: <cos>cos 90 degrees = <val>0. <mean>Zero agreement."),
    (
        180,
        "At 180 degrees they point in <at>opposite directions: <cos>cos 180 degrees = <val>-1. "
        "<mean>Maximum disagreement.",
    ),
)
MONO = "DejaVu Sans Mono"


# The live panel's size: its figures well over 3% of the frame height (at body size they stood
# at 32-34 px, on the line; review).
PANEL = SIZES.heading
# The panel's side of the frame, up to the title-safe edge (layout.SAFE).
COS_SIDE = layout.Region(
    "cosine side", layout.TALL_SIDE.left, layout.SAFE.right, layout.TALL_SIDE.bottom, layout.SAFE.top
)


# Where a and b lie along each other (within ALONG of each other), both stay in sight: b is drawn
# over a and thins to B_THIN of its width while a widens to A_WIDE of its own, so a shows as a band
# either side of b's shaft, each with its own head (review: at θ = 0, b widened under a read as one
# arrow).
A_WIDE, B_THIN = 2.2, 0.5


class AlongVector(PlaneVector):
    """A vector whose arrow changes width as `other` comes to lie along it (within ALONG): `width`
    times its own when they are parallel; drawn at z order `z`, or `z_over` while along the other."""

    def __init__(self, *args, other, width: float, z: int, z_over: int | None = None, **kwargs):
        self.other, self.width_along = other, width
        self.z, self.z_over = z, z if z_over is None else z_over
        super().__init__(*args, **kwargs)
        # Drawn again when the other vector turns too (PlaneVector's arrow follows its own tip only).
        fresh = redrawn(self._draw, self.tip_of, self.start_of, placed(self.plane), other)
        self.submobjects[self.submobjects.index(self.arrow)] = fresh
        self.arrow = fresh
        self.set_z_index(z)
        self._draw()  # (the z order of the arrow as it starts)

    def closeness(self) -> float:
        """0 when the two vectors are ALONG or more apart, rising to 1 as they become parallel."""
        v, u = np.asarray(self.tip_of(), float), np.asarray(self.other(), float)
        lengths = float(np.linalg.norm(v) * np.linalg.norm(u))
        cos = float(v @ u) / lengths if lengths > 1e-12 else 0.0
        return float(np.clip((cos - np.cos(ALONG)) / (1 - np.cos(ALONG)), 0.0, 1.0))

    def _draw(self):
        close = self.closeness()
        # Rounded, so that the arrows of a few widths are built (and cached) rather than one per frame.
        factor = 1 + round((self.width_along - 1) * close * 10) / 10
        if getattr(self, "arrow", None) is not None:
            self.arrow.set_z_index(self.z_over if close > 0 else self.z)
        return live_arrow(
            self.plane.c2p(*self.tail()),
            self.plane.c2p(*self.end()),
            colour(self.role),
            stroke_width=SIZES.stroke * factor,
            max_tip_length_to_length_ratio=0.2,
            tip_length=0.25 * max(1.0, 1 + 0.3 * (factor - 1)),
        )


# A view of the plane: where its origin is on the screen, how long its unit is, and the box on the
# screen its lines fill (left, right, bottom, top).
View = tuple[float, float, float, float, float, float, float]


class ViewPlane(VGroup):
    """The plane the plane scenes share (`plane(extent, height)` placed in `region`), seen through a
    window that moves: `reframe(view)` pans and zooms it, every point of the plane travelling in a
    straight line on the screen, and its lines are drawn again inside its box as it goes; whatever
    is drawn on it through `c2p` (vectors, their angle, a shadow) follows. At rest in its first view
    it is that plane, line for line."""

    def __init__(self, extent: float, height: float, region: layout.Region):
        self.base = region.place(plane(extent, height=height))
        super().__init__(self.base)
        self.x_axis, self.y_axis = self.base.x_axis, self.base.y_axis
        self.step = float(self.base.x_range[2])
        origin = self.base.c2p(0, 0)
        unit = float(self.base.c2p(1, 0)[0] - origin[0])
        left, right = float(self.x_axis.get_start()[0]), float(self.x_axis.get_end()[0])
        bottom, top = float(self.y_axis.get_start()[1]), float(self.y_axis.get_end()[1])
        self.region = region
        self.trackers = [ValueTracker(v) for v in (origin[0], origin[1], unit, left, right, bottom, top)]
        self.rest_unit = unit
        self.template = self.base.background_lines[0].copy() if len(self.base.background_lines) else None
        self.drawn = self.view()
        self.add_updater(lambda m: m.redraw() if m is self else None)

    def view(self) -> View:
        return tuple(float(t.get_value()) for t in self.trackers)

    def c2p(self, *coords) -> np.ndarray:
        ox, oy, unit = (t.get_value() for t in self.trackers[:3])
        return np.array([ox + unit * float(coords[0]), oy + unit * float(coords[1]), 0.0])

    coords_to_point = c2p

    def view_of(self, *points, margin: float = 0.9, closest: float = 1.8) -> View:
        """The view in which the origin and `points` (plane coordinates) fill the region, `margin`
        screen units clear of its sides for the names by the tips, as large as the region allows
        but never more than `closest` times the plane at rest (a few grid squares stay in sight);
        the box as wide as the plane at rest and as tall as the region."""
        left, right = self.trackers[3].get_value(), self.trackers[4].get_value()
        inset = 0.1
        bottom, top = self.region.bottom + inset, self.region.top - inset
        pts = np.array([[0.0, 0.0], *[[float(p[0]), float(p[1])] for p in points]])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = np.maximum(hi - lo, 1e-9)
        unit = min(
            (right - left - 2 * margin) / span[0],
            (top - bottom - 2 * margin) / span[1],
            closest * self.rest_unit,
        )
        centre = (lo + hi) / 2
        ox = (left + right) / 2 - unit * centre[0]
        oy = (bottom + top) / 2 - unit * centre[1]
        return (float(ox), float(oy), float(unit), float(left), float(right), float(bottom), float(top))

    def reframe(self, view: View, **kwargs) -> AnimationGroup:
        """Pan and zoom to `view` (an animation: the trackers of the view move together)."""
        # Every line the way will need is made now, before the animation: manim draws what was on
        # screen as it began (lines made during it were drawn over the ones they replaced).
        self.ensure_lines(self.view(), view)
        return AnimationGroup(*(t.animate(**kwargs).set_value(v) for t, v in zip(self.trackers, view)))

    def positions(self, view: View) -> tuple[list[float], list[float]]:
        """Where the lines stand in `view` (plane coordinates, x then y): every multiple of the
        step strictly inside the box, as `plane` draws them."""
        ox, oy, unit, left, right, bottom, top = view

        def inside(lo: float, hi: float) -> list[float]:
            first, last = int(np.floor(lo / self.step)) + 1, int(np.ceil(hi / self.step)) - 1
            return [k * self.step for k in range(first, last + 1)]

        return inside((left - ox) / unit, (right - ox) / unit), inside((bottom - oy) / unit, (top - oy) / unit)

    def ensure_lines(self, *views: View) -> None:
        """Enough lines in the plane for each of `views` and the way between them (the unit moves
        linearly, so the most lines stand at one end; two more for where the steps fall)."""
        if self.template is None:
            return
        need = max(len(xs) + len(ys) for xs, ys in map(self.positions, views)) + 4
        lines = self.base.background_lines
        while len(lines) < need:
            lines.add(self.template.copy().set_stroke(opacity=0))

    def redraw(self) -> None:
        """The lines again, inside the box, when the view has changed (at rest, they are `plane`'s:
        the same lines, never drawn again): each line of the plane takes a place, the rest are
        hidden; the axes reach from edge to edge."""
        view = self.view()
        if view == self.drawn:
            return
        self.drawn = view
        ox, oy, unit, left, right, bottom, top = view
        xs, ys = self.positions(view)
        places = [((ox + unit * x, bottom), (ox + unit * x, top)) for x in xs]
        places += [((left, oy + unit * y), (right, oy + unit * y)) for y in ys]
        self.ensure_lines(view)
        opacity = self.template.get_stroke_opacity() if self.template is not None else 0
        for k, line in enumerate(self.base.background_lines):
            if k < len(places):
                (x0, y0), (x1, y1) = places[k]
                line.set_points_as_corners([np.array([x0, y0, 0.0]), np.array([x1, y1, 0.0])])
                line.set_stroke(opacity=opacity)
            else:
                line.set_stroke(opacity=0)
        self.x_axis.put_start_and_end_on(np.array([left, oy, 0.0]), np.array([right, oy, 0.0]))
        self.y_axis.put_start_and_end_on(np.array([ox, bottom, 0.0]), np.array([ox, top, 0.0]))


def table(rows, gap: float = 1.0, buff: float = 0.2) -> None:
    """Readouts in rows of two laid out as a table: in each column the labels end, and the figures
    begin, at one x; the second column starts `gap` past the widest figure the first can show (a
    live figure grows: "θ = 180.0°" met "cos θ = −1.00" at a fixed gap of 0.6, review)."""
    left = rows[0][0].get_left()[0]
    ends = [0.0, 0.0]
    for col in range(2):
        cells = [row[col] for row in rows]
        labels_w = max(c.label.width for c in cells)
        start = left if col == 0 else ends[0] + gap
        for c in cells:
            c.label.align_to([start + labels_w, 0, 0], RIGHT)
            c.number.next_to(c.label, RIGHT, buff=buff)
        widest = max(widest_figure(c) for c in cells)
        ends[col] = start + labels_w + buff + widest


def widest_figure(r) -> float:
    """The width of the widest figure a readout may show: its number with every digit an 8 and a
    minus sign, as many digits before the point as it shows now or three (180.0°)."""
    n = r.number
    probe = n.copy().clear_updaters()
    places = n.num_decimal_places
    probe.set_value(-188.8888 if places <= 1 else -8.8888888)
    return max(probe.width, n.width)


class CosineRelation(PlaneScene):
    Params = CosineRelationParams

    def make_grid(self) -> ViewPlane:
        # The plane VectorAlignment hands over, re-framed at each step to what that step shows.
        return ViewPlane(self.extent, 6.0, layout.TALL_MAIN)

    def make_arrows(self, a, b) -> tuple[PlaneVector, PlaneVector]:
        # As VectorAlignment draws them (a over b), until b comes to lie along a: then b is drawn
        # over a, thin, and a wide, so that a shows either side of b (AlongVector).
        arrow_a = AlongVector(self.grid, a, "a", "a", side=-1, other=b, width=A_WIDE, z=2)
        arrow_b = AlongVector(self.grid, b, "b", "b", away_from=a, other=a, width=B_THIN, z=1, z_over=3)
        return arrow_a, arrow_b

    def construct(self) -> None:
        p = self.params
        self.set_up_plane(p.a, p.b)
        # In a lesson, VectorAlignment hands this plane over as it left it: it is already there.
        self.add(*self.plane_parts())
        identity, panel = self.identity_panel()
        self.identity = identity
        self.identity_beat(identity, panel)
        self.shadow_beat(panel)
        graph = CosineGraph(
            lambda: self.theta(),
            size=SIZES.heading,
            max_width=self.slot(panel).width,
            max_height=self.slot(panel).height,
        )
        self.into_slot(graph, panel)
        side = 1.0 if ((self.phi_b - self.phi_a + np.pi) % (2 * np.pi) - np.pi) >= 0 else -1.0
        for i, (degrees, caption) in enumerate(THETA_STOPS):
            with self.beat(caption, name=f"theta {degrees}"):
                turn = self.turn_to(self.phi_a + side * np.radians(degrees))
                if i == 0:
                    self.play(graph.appear(), turn, until="at")
                    # b along a, over it and thin: its head and name are lit so it is seen there too.
                    self.play(light(self.arrow_b.label, "highlight"), run_time=0.6)
                elif i == 1:
                    # b leaves the quarter the plane showed: the plane widens to b's whole turn as it goes.
                    self.play(turn, self.grid.reframe(self.turn_view()), until="at")
                else:
                    self.play(turn, until="at")
                self.play(light(panel[3][1], "highlight"), until="val")
                self.play(
                    Flash(graph.point_at(degrees), color=colour("highlight"), flash_radius=0.25),
                    light(graph.marker, "highlight"),
                    until="mean",
                )
                self.play(light(panel[0], "result"), run_time=1.0)
        stop(graph)
        self.play(FadeOut(graph), self.turn_to(self.phi_b, 1.2))
        self.self_dot_beat(panel)
        self.back_to_b(panel, p.scale)
        self.stretch_beat(panel, p.scale)
        stop(panel)
        self.play(FadeOut(Group(*self.mobjects)), run_time=0.6)
        self.cosine_similarity_beat(p.u, p.v)

    def figure_places(self) -> int:
        """The decimals of the lengths, the shadow and cos θ, in the readouts and in the lines that
        multiply them out alike: as many as it takes for the lines' products, as written, to give
        a·b as written (mathcore.factor_places; the storyboard's a and b take 3: 2.163 · 1.970 ·
        0.845 = 3.60). Readouts at 2 beside factors at 3 showed two figures for one length (review)."""
        a, b = self.a, self.b()
        value, len_a, len_b = dot(a, b), norm(a), norm(b)
        cos_t = float(np.cos(np.radians(self.theta())))
        return max(factor_places((len_a, len_b, cos_t), value), factor_places((dot(a, b) / len_a, len_a), value))

    def identity_panel(self):
        a, b, theta = self.a, self.b_of_t, (lambda: self.theta())
        places = self.places = self.figure_places()
        # a·b = ‖a‖ ‖b‖ cos θ in parts, so each can be lit as it is said.
        identity = math(
            r"\mathbf{a}",
            r"\cdot",
            r"\mathbf{b}",
            "=",
            r"\|",
            r"\mathbf{a}",
            r"\|",
            r"\,\|",
            r"\mathbf{b}",
            r"\|",
            r"\cos\theta",
            size=SIZES.heading,
        )
        for k in (0, 5):
            identity[k].set_color(colour("a"))
        for k in (2, 8):
            identity[k].set_color(colour("b"))
        identity.parts = {"ab": identity[0:3], "la": identity[4:7], "lb": identity[7:10], "cos": identity[10]}
        panel = ReadoutPanel(
            readout(r"\mathbf{a}\cdot\mathbf{b} =", lambda: clean(dot(a, b())), role="result", size=PANEL),
            readout(
                r"\|\mathbf{a}\|\,\|\mathbf{b}\|\cos\theta =",
                lambda: clean(norm(a) * norm(b()) * np.cos(np.radians(theta()))),
                size=PANEL,
            ),
            VGroup(
                readout(r"\|\mathbf{a}\| =", lambda: norm(a), places, role="a", size=PANEL),
                readout(r"\|\mathbf{b}\| =", lambda: norm(b()), places, role="b", size=PANEL),
            ),
            VGroup(
                angle_readout(theta, size=PANEL),
                readout(r"\cos\theta =", lambda: clean(np.cos(np.radians(theta()))), places, size=PANEL),
            ),
            buff=0.3,
        )
        table(panel[2:4])
        column = VGroup(identity, panel).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        COS_SIDE.fit(column)
        column.align_to([0, COS_SIDE.top, 0], UP).align_to([COS_SIDE.left, 0, 0], LEFT)
        return identity, panel

    def turn_view(self) -> View:
        """The plane round b's whole turn (and a): where b goes at 90° and 180°."""
        r = self.length_b
        return self.grid.view_of(self.a, (r, 0), (-r, 0), (0, r), (0, -r))

    def identity_beat(self, identity, panel) -> None:
        """Each factor of the identity is written, lit on the plane and read out as it is said; then
        both sides, and the right side multiplied out from the figures on screen."""
        a, b = self.a, self.b()
        value, len_a, len_b = dot(a, b), norm(a), norm(b)
        cos_t = float(np.cos(np.radians(self.theta())))
        # The figures as written multiply to the value as written: with as many decimals as that
        # takes (the storyboard's a and b: 2.16 · 1.97 · 0.84 gives 3.57, not the 3.60 beside it, and
        # "≈ 3.60" still misled a review; 2.163 · 1.970 · 0.845 gives 3.60), else the line says ≈.
        places = self.places  # the readouts' own (figure_places)
        equals = "=" if product_reads_true((len_a, len_b, cos_t), value, factor_places=places) else r"\approx"
        # The product sign is the one dot of both lessons (review: × here, · everywhere else).
        product = math(
            tex_number(len_a, places),
            r"\cdot",
            tex_number(len_b, places),
            r"\cdot",
            tex_number(cos_t, places),
            equals,
            tex_number(value),
            size=PANEL,  # as large as the readouts it multiplies
        )
        for k, role in ((0, "a"), (1, "muted"), (2, "b"), (3, "muted"), (4, "text"), (5, "muted"), (6, "result")):
            product[k].set_color(colour(role))
        self.into_slot(product, panel)
        product.align_to(panel, UP).shift(DOWN * (panel.height + 0.5))
        self.identity_product = product
        lit = colour("highlight")
        with self.beat(
            "There is another <f>formula for the same operation: <ab>a dot b equals the <la>length of a "
            "times the <lb>length of b times <cos>cos theta. <both>Both sides give "
            f"<v>{fmt_fixed(value)}.",
            name="identity",
        ):
            # The plane closes in on a and b as the formula about them is written: the quarter they
            # stand in fills the picture (the whole plane, handed over, left three quarters empty),
            # with b's shadow on a, to come (on a's far side when a·b < 0).
            foot = a * value / dot(a, a)
            self.play(Write(identity), self.grid.reframe(self.grid.view_of(a, b, foot)), until="ab")
            self.play(FadeIn(panel[0]), light(identity.parts["ab"], "result"), until="la")
            self.play(
                FadeIn(panel[2][0]),
                light(identity.parts["la"], lit),
                light(self.arrow_a.arrow, lit),
                until="lb",
            )
            self.play(
                FadeIn(panel[2][1]),
                light(identity.parts["lb"], lit),
                light(self.arrow_b.arrow, lit),
                until="cos",
            )
            self.play(
                FadeIn(panel[3]),
                light(identity.parts["cos"], lit),
                light(self.mark, lit),
                until="both",
            )
            # The right side, and its factors written in place, each as the readout it comes from
            # is lit: copies flown down from the readouts crossed the rows between (review).
            lit_rows = (panel[2][0][1], panel[2][1][1], panel[3][1][1])
            self.play(
                FadeIn(panel[1]),
                LaggedStart(
                    *(
                        AnimationGroup(light(r, lit), FadeIn(product[k], shift=DOWN * 0.15))
                        for r, k in zip(lit_rows, (0, 2, 4))
                    ),
                    lag_ratio=0.5,
                ),
                FadeIn(product[1]),
                FadeIn(product[3]),
                until="v",
            )
            # The result is written in place while the side it equals is lit: a copy flown from the
            # readout crossed the "‖a‖‖b‖cos θ =" line on its way (review).
            self.play(
                FadeIn(product[5]),
                FadeIn(product[6], scale=1.2),
                light(panel[1][1], "result"),
                light(panel[0][1], "result"),
                run_time=1.0,
            )
            # One panel on screen again, its rows in order (they came in the order they were named).
            self.settle(panel, [panel[0], panel[1], panel[2][0], panel[2][1], panel[3]])

    def slot(self, panel) -> layout.Region:
        """The side panel's free space under the readouts: one picture at a time lives there."""
        # Its foot a gap above the caption band (the graph's 0°/90°/180° stood on the band's edge: review).
        side = COS_SIDE
        return layout.Region("slot", side.left, side.right, side.bottom + layout.GAP, panel.get_bottom()[1] - 0.4)

    def into_slot(self, m, panel):
        slot = self.slot(panel)
        slot.fit(m)
        return m.align_to([slot.left, 0, 0], LEFT)

    def shadow_beat(self, panel) -> None:
        """b's shadow on a times a's length is a·b, each tied to its picture (with the storyboard's
        a and b: 1.66 × 2.16 = 3.60; the figures are computed from the scene's own a and b)."""
        a, b = self.a, self.b()
        # The shadow on a's own line, from the origin, drawn over a (review: a bar beside a, offset
        # from it, crossed the x-axis and did not read as lying on a).
        shadow = Shadow(self.grid, onto=lambda: a, of=self.b_of_t, offset=0.0, z=4)
        shadow_len, len_a, value = dot(a, b) / norm(a), norm(a), dot(a, b)
        shadow_label = math(tex_number(shadow_len, self.places), role="b", size=PANEL)  # as the line writes it
        # Right beside the shadow's middle, on the side away from b.
        out = np.array([*shadow.side(), 0.0])
        shadow_label.move_to(shadow.bar.get_center())
        half = 0.5 * (abs(out[0]) * shadow_label.width + abs(out[1]) * shadow_label.height)
        shadow_label.shift(out * (0.2 + half))
        # Off the axes: it slides along a, away from the origin, or further out, until clear.
        along = np.array([*(a / norm(a)), 0.0])
        off_axes(shadow_label, self.grid, along, out)
        # a's length is a itself, lit with its readout: a brace beyond the shadow and its figure
        # stood too far from a to say which length it measured (three reviews).
        length_readout = panel[2][0]
        places = self.places  # as the readout of ‖a‖ beside it and the identity's product line
        equals = "=" if product_reads_true((shadow_len, len_a), value, factor_places=places) else r"\approx"
        product = math(
            tex_number(shadow_len, places), r"\cdot", tex_number(len_a, places), equals, tex_number(value), size=PANEL
        )
        for k, role in ((0, "b"), (1, "muted"), (2, "a"), (3, "muted"), (4, "result")):
            product[k].set_color(colour(role))
        words = text("shadow of b  ·  length of a", size=SIZES.body, role="muted")
        # The words no wider than the slot on their own: fitted together, they shrank the figures too.
        if words.width > self.slot(panel).width:
            words.scale_to_fit_width(self.slot(panel).width)
        self.into_slot(VGroup(product, words).arrange(DOWN, aligned_edge=LEFT, buff=0.25), panel)
        lit = colour("highlight")
        with self.beat(
            "It measures how much the two vectors <agree>agree in direction: the <sh>shadow of b on "
            "<on>a, <t>times the <len>length of a.",
            name="projection",
        ):
            self.play(FadeOut(self.identity_product), until="agree")
            self.play(light(self.mark, lit), light(panel[3][1], lit), until="sh")
            self.add(shadow)
            self.play(Create(shadow.drop), GrowFromPoint(shadow.bar, shadow.bar.get_start()), until="on")
            self.play(FadeIn(shadow_label), light(self.arrow_a.arrow, lit), run_time=0.6)
            self.play(fly_copy(shadow_label, product[0]), FadeIn(words), until="t")
            self.play(FadeIn(product[1]), until="len")
            # The length and the result are written in place while the readouts they come from are
            # lit: flown from the panel, they crossed the rows between (review: "3.60" over the
            # "‖a‖‖b‖cos θ = 3.60" line).
            self.play(
                light(self.arrow_a.arrow, lit),
                light(length_readout, lit),
                FadeIn(product[2]),
                run_time=0.9,
            )
            self.play(FadeIn(product[3]), light(panel[0], lit), FadeIn(product[4]), run_time=0.8)
        stop(shadow)
        self.play(FadeOut(VGroup(shadow, shadow_label, product, words)), run_time=0.5)

    def square_corners(self) -> list[np.ndarray]:
        """The corners of the square with side a, on the side of a that reaches least far from the
        origin (the counter-clockwise one when both reach as far)."""
        a = self.a
        best = None
        for turn in (1, -1):
            n = turn * np.array([-a[1], a[0]])
            corners = [np.zeros(2), a, a + n, n]
            reach = max(float(np.max(np.abs(c))) for c in corners)
            if best is None or reach < best[0] - 1e-9:
                best = (reach, corners)
        return best[1]

    def square_on_a(self) -> VGroup:
        """The square with side a, drawn where the plane is now: its area is ‖a‖², written inside it."""
        a = self.a
        square = Polygon(
            *[self.grid.c2p(*c) for c in self.square_corners()],
            color=colour("a"),
            stroke_width=3,
            fill_color=colour("a"),
            fill_opacity=0.18,
        )
        area = math(tex_number(dot(a, a)), role="result", size=SIZES.heading).move_to(square.get_center_of_mass())
        off_axes(area, self.grid, RIGHT, LEFT, UP, DOWN, pad=0.15)  # inside the square, clear of the axes
        return VGroup(square, area)

    def self_dot_header(self) -> VGroup:
        """a·a = ‖a‖², in the identity's place and parts: what the identity says when b is a (θ = 0)."""
        # The 2 as large as the letters (an index at script size stood under 3% of the frame: one index style).
        square = r"\|\mathbf{a}\|^{" + SUB + "2}"
        header = math(r"\mathbf{a}", r"\cdot", r"\mathbf{a}", "=", square, size=SIZES.heading)
        for k in (0, 2):
            header[k].set_color(colour("a"))
        header[4][1].set_color(colour("a"))
        # On the identity's line: its left side where the identity's is.
        header.shift(self.identity[0].get_left() - header[0].get_left())
        header.shift(UP * (self.identity[3].get_center()[1] - header[3].get_center()[1]))
        # (its raised 2 kept inside the title-safe area)
        header.shift(DOWN * max(0.0, header.get_top()[1] - layout.SAFE.top))
        return header

    def self_dot_beat(self, panel) -> None:
        a = self.a
        aa = dot(a, a)
        squares = " + ".join(f"{factor_tex(x)}^2" for x in a)
        self_dot = VGroup(
            # At title size, fitted to the slot: the squares' 2s read at 3% too.
            role_math(r"\mathbf{a}\cdot\mathbf{a} = " + squares, size=SIZES.title),
            math("=", tex_number(aa), "=", r"\|\mathbf{a}\|^2", size=SIZES.title),
        )
        self_dot[1][1].set_color(colour("result"))
        self_dot[1][3].set_color(colour("a"))
        self_dot.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        # With the rows about b gone, ‖a‖ = moves up into the first row's place and the working
        # stands right under it: the column closes up (review: holes where b's rows had been).
        length_row = panel[2][0]
        self.length_row_home = length_row.get_center()
        length_at = length_row.copy().clear_updaters().align_to(panel[0], UP).align_to(panel[0], LEFT)
        below = layout.Region(
            "under length",
            COS_SIDE.left,
            COS_SIDE.right,
            COS_SIDE.bottom + layout.GAP,
            length_at.get_bottom()[1] - 0.45,
        )
        below.fit(self_dot)
        self_dot.align_to([0, below.top, 0], UP).align_to([below.left, 0, 0], LEFT)
        # a alone on the plane while it is dotted with itself: b, the angle and every readout that
        # involves b leave (they would stand stale), and come back after. The identity above says
        # what it says of a alone: a·a = ‖a‖² (it stood, about b, with b gone: review).
        b_and_angle = VGroup(self.arrow_b, self.mark)
        about_b = VGroup(panel[0], panel[1], panel[2][1], panel[3])
        identity = self.identity
        self.identity_home = identity.copy()  # what comes back with b (the parts below are carried off)
        header = self.self_dot_header()
        # The identity in the parts that change: a·b =, then ‖a‖ (to become ‖a‖²), then ‖b‖ cos θ.
        length_a, rest = VGroup(*identity[4:7]), VGroup(*identity[7:])
        self.remove(identity)
        self.add(*identity[:4], length_a, rest)
        # The plane closes in on the square on a, where it will be drawn.
        square_view = self.grid.view_of(*self.square_corners())
        lit = colour("highlight")
        with self.beat(
            f"A vector dotted with <it>itself gives its <sq>squared length: <aa>a dot a = <v>{fmt_fixed(aa)}, "
            "the <len>length of a, <sqd>squared.",
            name="self dot",
        ):
            # b leaves, and the identity says what it says of a alone: a·a = ‖a‖ ‖a‖ cos 0 = ‖a‖²
            # (a·b becomes a·a, ‖a‖ becomes ‖a‖², ‖b‖ cos θ goes with b).
            self.play(
                FadeOut(b_and_angle),
                FadeOut(about_b),
                *(ReplacementTransform(identity[k], header[k]) for k in range(4)),
                ReplacementTransform(length_a, header[4]),
                FadeOut(rest),
                length_row.animate.move_to(length_at),
                until="it",
            )
            self.settle(header)
            # (Nothing on the plane is animated while it moves: what is drawn on it follows it.)
            self.play(self.grid.reframe(square_view), until="sq")
            square, area = self.square_on_a()
            # Its squared length: the square on a, as the identity's ‖a‖² is lit.
            self.play(Create(square), light(header[4], lit), until="aa")
            self.play(Write(self_dot[0]), until="v")
            self.play(Write(self_dot[1][:2]), TransformFromCopy(self_dot[1][1], area), until="len")
            self.play(
                light(panel[2][0], lit),
                light(self.arrow_a.arrow, lit),
                until="sqd",
            )
            self.play(
                Write(self_dot[1][2:]),
                light(square, "a"),
                light(header[4], lit),
                run_time=1.0,
            )
        self.self_dot_leftovers = VGroup(self_dot, square, area)
        self.self_dot_header_shown = header

    def back_to_b(self, panel, scale: float) -> None:
        """Between the beats: the square leaves, the plane re-frames to a, b and b stretched, and b
        comes back with its readouts, the identity about it again."""
        a = self.a
        header, back = self.self_dot_header_shown, self.identity_home
        length_a, rest = VGroup(*back[4:7]), VGroup(*back[7:])
        b_and_angle = VGroup(self.arrow_b, self.mark)
        about_b = VGroup(panel[0], panel[1], panel[2][1], panel[3])
        self.play(FadeOut(self.self_dot_leftovers), run_time=0.5)
        # The header in its parts, each carried back into the identity's.
        self.remove(header)
        self.add(*header)
        # Before b stretches, the plane takes in where it will reach, so the stretch is seen
        # against a that stays put (a zoom during the stretch showed a shrinking, the opposite of
        # the sentence); unsaid: how far the plane reaches is the picture's business, not the maths'.
        stretched = polar(scale * self.length_b, self.phi_b)
        self.play(self.grid.reframe(self.grid.view_of(a, self.b(), stretched)), run_time=0.9)
        # b and its angle, off screen while the plane moved, drawn where the plane is now before they
        # fade in (a fade holds a mobject as it was: b came back where the plane had been).
        b_and_angle.update()
        self.play(
            FadeIn(b_and_angle),
            FadeIn(about_b),
            *(ReplacementTransform(header[k], back[k]) for k in range(4)),
            ReplacementTransform(header[4], length_a),
            FadeIn(rest),
            panel[2][0].animate.move_to(self.length_row_home),
            run_time=0.6,
        )
        self.settle(back, [*back[:4], length_a, rest])
        self.identity = back
        self.settle(panel, [panel[0], panel[1], panel[2][0], panel[2][1], panel[3]])

    def stretch_beat(self, panel, scale: float) -> None:
        a = self.a
        scaled = dot(a, self.b()) * scale
        formula = role_math(
            r"\cos\theta = \frac{\mathbf{a}\cdot\mathbf{b}}{\|\mathbf{a}\|\,\|\mathbf{b}\|}", size=SIZES.heading
        )
        # Named as it is said: the words "cosine similarity" were heard and never written (review).
        name = text("Cosine similarity", size=SIZES.body)
        self.into_slot(VGroup(name, formula).arrange(DOWN, aligned_edge=LEFT, buff=0.3), panel)
        lit = colour("highlight")
        with self.beat(
            f"Cosine similarity is direction only. <s>Stretch b by {fmt_number(scale)}: a dot b "
            f"<ab>becomes {fmt_fixed(scaled)}, but <cos>cos theta <dnc>does not change.",
            name="direction only",
        ):
            self.play(FadeIn(name), Write(formula), until="s")
            # b as it was, in the muted colour over b, from the origin as b is: b is seen to grow out
            # from under it to `scale` times its length. (Under b it was hidden; shifted beside b, it
            # no longer started at the origin and did not read as b: review.)
            ghost = self.arrow_b.arrow.copy().clear_updaters().set_color(colour("muted")).set_opacity(0.8)
            self.play(FadeIn(ghost), run_time=0.3)
            self.play(self.stretch.animate.set_value(scale), until="ab")
            self.play(
                light(panel[0], "result"),
                light(panel[1], "result"),
                light(panel[2][1], lit),
                until="cos",
            )
            self.play(
                light(self.mark, lit),
                light(formula, lit),
                until="dnc",
            )
            # The cos θ readout lit in place (no growth into its neighbours) and ringed as "does not
            # change" is said: its figure stands as it was (review: it was never lit on these words).
            # In amber: the highlight is white, as the readout already is, and lit nothing.
            cos_readout, amber = panel[3][1], colour("result")
            self.play(
                light(cos_readout, amber, pulse=False),
                Circumscribe(cos_readout, color=amber, buff=0.08),
                run_time=1.6,
            )
        self.layout_allows(ghost, reason="b as it was, a muted copy over the stretched b, from the origin")

    def cosine_similarity_beat(self, u, v) -> None:
        """The lesson's code example, shown as code: the cosine similarity of u and v, to four
        decimals as it prints, and the same worked by the formula."""
        cos_uv = cosine_similarity(u, v)
        lu, lv = fmt_list(u).replace("\u2212", "-"), fmt_list(v).replace("\u2212", "-")
        lines = [
            f"a = np.array({lu})",
            f"b = np.array({lv})",
            "cos_sim = np.dot(a, b) / (",
            "np.linalg.norm(a)",
            "* np.linalg.norm(b))",
            'print(f"cos similarity: {cos_sim:.4f}")',  # the lesson's own line (review)
        ]
        # The printed figure as a comment on the print line, in the same Text: on that line's own
        # baseline (set beside it and bottom-aligned, it sat lower than the line, whose brackets
        # reach below the baseline: review). Its glyphs are taken out to be shown last.
        said = f"# \u2192 {fmt_fixed(cos_uv, 4)}"
        lines[-1] += "   " + said
        code = VGroup(
            *(code_text(line, t2c={lu: colour("a"), lv: colour("b"), said: colour("result")}) for line in lines)
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        glyphs = len(said.replace(" ", ""))
        comment = VGroup(*code[-1].submobjects[-glyphs:])
        code[-1].remove(*comment)
        # The bracket's contents on lines of their own, indented four columns (Text drops leading
        # spaces: one column per character of the monospaced face). In one long line the code
        # was the frame's width at small size, the frame's lower part empty (review).
        column = code[2].width / len(lines[2])
        for k in (3, 4):
            code[k].shift(RIGHT * column * 4)
        block = VGroup(code, comment)
        formula = VGroup(
            role_math(
                r"\cos\theta = \frac{\mathbf{a}\cdot\mathbf{b}}{\|\mathbf{a}\|\,\|\mathbf{b}\|}", size=SIZES.heading
            ),
            math(
                "=",
                rf"\frac{{{tex_number(dot(u, v))}}}{{\sqrt{{{tex_number(dot(u, u))}}}\,"
                rf"\sqrt{{{tex_number(dot(v, v))}}}}}",
                size=SIZES.heading,
            ),
            math("=", tex_fixed(cos_uv, 4), size=SIZES.heading),
        ).arrange(RIGHT, buff=0.15)
        total = formula[2][1]
        total.set_color(colour("result")).shift(RIGHT * 0.1)
        box = SurroundingRectangle(total, color=colour("result"), buff=0.1, stroke_width=3)
        whole = VGroup(block, VGroup(formula, box)).arrange(DOWN, buff=0.9)
        layout.SAFE.place(whole, fill=0.95, max_scale=2.0)  # the code as large as the frame allows
        lit = colour("highlight")
        with self.beat(
            f"The lesson's <code>code: the cosine similarity of <u>{fmt_list(u)} and <v>{fmt_list(v)} "
            f"is <r>{fmt_fixed(cos_uv, 4)}.",
            name="cosine similarity",
        ):
            self.play(FadeIn(code, lag_ratio=0.3), until="u")
            self.play(light(code[0], lit), Write(formula[0]), until="v")
            self.play(light(code[1], lit), Write(formula[1]), until="r")
            self.play(Write(formula[2]), Create(box), FadeIn(comment, shift=LEFT * 0.2), run_time=1.0)


def code_text(line: str, role: str = "text", **kwargs) -> Text:
    """A line of the lesson's Python, in a monospaced face."""
    t = Text(line, font=MONO, font_size=SIZES.small, color=colour(role), **kwargs)
    # The face's underscore is a hairline (a pixel at 854x480, lost in "cos_sim"): drawn thicker.
    for ch, glyph in zip((c for c in line if not c.isspace()), t.submobjects):
        if ch == "_":
            glyph.stretch(2.5, dim=1)
    return t


class WorkedScoreBars(ScoreBars):
    """ScoreBars whose keys each have the dot product their score is made from, q·kᵢ, written
    under them (`.dots`, set by the scene): a key's q·kᵢ is worked out as its bar grows from it."""

    dots: VGroup

    def grow(self, i: int):
        return AnimationGroup(FadeIn(self.dots[i], shift=DOWN * 0.1), super().grow(i), lag_ratio=0.6)


def dim_column(bars: ScoreBars, i: int, opacity: float = 0.35):
    """A key's column stepped back (its bar, score, word, vector and q·kᵢ), the chosen ones stay lit."""
    return column_of(bars, i).animate.set_opacity(opacity)


def column_of(bars: ScoreBars, i: int) -> VGroup:
    """A key's column: ScoreBars' own, and the q·kᵢ under it where the scene wrote one."""
    dots = getattr(bars, "dots", None)
    return VGroup(bars.column(i), *([dots[i]] if dots is not None else []))


def fmt_list(v, mark: str | None = None) -> str:
    """`[2, −1, 3]`; with `mark`, each entry marked: "<a0>[2, <a1>−1, <a2>3]"."""
    entries = [("[" if i == 0 else "") + fmt_number(x) for i, x in enumerate(v)]
    return ", ".join(f"<{mark}{i}>{e}" if mark else e for i, e in enumerate(entries)) + "]"


# --- 4. the neuron ----------------------------------------------------------------------


# The neuron's and attention's own animations (imported here, beside the scenes that use them).
from manim import ORIGIN, GrowFromCenter, LaggedStart, ShowPassingFlash, there_and_back  # noqa: E402

from toolkit.charts import tex_short  # noqa: E402

ACTIVATION_TEX = {"sigmoid": r"\sigma", "relu": r"\mathrm{ReLU}", "identity": r"\mathrm{id}"}


# The neuron's labels (x₁ = 4, w₁ = 1, z = 2): twice a title's size, so that placed at about 0.6
# their lowercase letters and indices read at 3% of the frame height and over (at title size and
# 0.75, x stood at 25 px and its index at 26; review). The neuron takes up to NEURON_SHARE of the
# stage's width; the working beside it the rest.
NEURON_LABELS = 96
NEURON_SHARE = 0.72
# Figures alone (the products on the edges, β = −30, h = 0.88 whose h is tall): at this size they
# still stand over 3%, and the edges' runs, as long as their labels, take less of the stage.
NEURON_FIGURES = 72
# The smallest scale the neuron takes when the chart needs its room: its labels still read at 3%.
SHRUNK = 0.58


def hop_to(pair: EntryPair, i: int):
    """The pair's boxes move to its i-th entries by a hop, never a slide: the old boxes fade out
    where they stood as the new ones fade in round their entries (sliding down a column, a box
    passed over the digits between and read as garbage: review)."""
    target = pair.boxes(i)
    old, pair.pointer = pair.pointer, target
    if old is None:
        return Create(target)
    return AnimationGroup(FadeOut(old, scale=1.2), FadeIn(target, scale=0.8))


def echo(source, target, edge):
    """`target` appears in the vector as `source`, the same figure in the diagram, is lit (grown
    about its `edge`, the side that faces the node or "=" beside it, in its own colour brightened: white, the
    inputs lost their colour): flown across, the figures crossed the weights, the edges and the neuron's body
    on their way (review: no text crossing text mid-flight)."""
    return AnimationGroup(GrowAway(source, edge=edge), FadeIn(target, scale=1.4))


class WeightedSumNeuron(LessonScene):
    """One neuron, kept on screen from the first beat to the last and changed in place: its
    inputs and weights are drawn as they are named, each product is written on its edge as it is
    said, the products and the bias flow into the sum, the sigmoid reads the output; then the
    same neuron, without its activation, is linear regression; then its weights take one sign
    each and a running total shows each feature pushing the output up, down, or not at all."""

    Params = WeightedSumNeuronParams
    layout_region = layout.SAFE  # where it lays out

    def construct(self) -> None:
        p = self.params
        forward = weighted_sum(p.w, p.x, p.bias, p.activation)
        terms = forward["terms"]
        outputs = (
            ("z", forward["z"], NEURON_FIGURES),  # the output's three readings at one size
            ("h", forward["a"], NEURON_FIGURES),
            (r"\hat{y}", forward["z"], NEURON_FIGURES),
        )
        neuron = self.neuron(p.x, p.w, products=terms, alt_w=p.w_signs, outputs=outputs)
        self.bias_note(neuron)
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

    def neuron(self, x, w, products=None, alt_w=None, outputs=(), scale: float = 0.6) -> Neuron:
        """The neuron on the stage's left, as wide as it needs to be drawn at `scale` (its labels
        at NEURON_LABELS: at 0.6 their lowercase letters and indices stand over 3%), between two
        fifths and two thirds of the stage; `self.main` and `self.side` are then the stage's two
        parts. `outputs`: the labels its output will take (z = 2, h = 0.88, ...), over its arrow
        and reaching past it: they are kept inside the neuron's part too."""
        n = len(x)
        # The labels' size: NEURON_LABELS where the neuron then fits its share of the stage at
        # `scale`, else smaller (long figures, many inputs: the working beside it keeps its room).
        # The figures' size: the smallest from NEURON_FIGURES up that still reads at 3% once the
        # neuron is placed (longer figures make a wider neuron, drawn smaller).
        tries = [
            (layout.SAFE, labels, figures)
            for labels in (NEURON_LABELS, 84, 72, 60, SIZES.title)
            for figures in range(min(labels, NEURON_FIGURES), labels + 1, 8)
        ]
        if n > 3:
            tries, scale = [(layout.STAGE, SIZES.title, SIZES.title)], 0.75  # as drawn before
        for stage, labels, figures in tries:
            # Two inputs spread wider apart: the diagram stays as tall as the stage wants.
            neuron = Neuron(
                x,
                w,
                self.params.bias,
                spacing=4.8 if n == 2 else min(3.0 if n == 3 else 2.6, 4.4 / (n - 1)),
                reach=4.4,
                products=products,
                alt_w=alt_w,
                size=labels,
                product_size=figures,
            )
            # How far the widest output label reaches past the arrow's tip (it starts 0.1 after its foot).
            self.label_size = labels
            sizes = [labels if size == NEURON_LABELS else figures for _, _, size in outputs]
            label_w = max(
                (math(t, "=", tex_number(v), size=size).width for (t, v, _), size in zip(outputs, sizes)), default=0.0
            )
            overhang = max(0.0, neuron.output.get_left()[0] + 0.1 + label_w - neuron.get_right()[0]) if n <= 3 else 0.0
            # The whole title-safe area is the stage (nothing stands over it), so every label keeps
            # inside title-safe.
            # (Smaller labels want a larger scale: read as large as NEURON_LABELS at `scale`.)
            target = scale * NEURON_LABELS / labels if n <= 3 else scale
            wanted = (neuron.width + overhang) * target / 0.95 + layout.GAP / 2
            share = NEURON_SHARE if n <= 3 else 2 / 3
            self.main, self.side = stage.split_x(min(max(wanted / stage.width, 0.4), share))
            width = self.main.width * (neuron.width / (neuron.width + overhang))
            region = layout.Region("neuron", self.main.left, self.main.left + width, self.main.bottom, self.main.top)
            region.place(neuron, fill=0.95, max_scale=1.25)
            s = neuron.body.width / 1.3
            if math("0", size=min(figures, labels)).height * s >= 1.02 * layout.MIN_TEXT_HEIGHT:
                break
        self.figures = figures
        # The part seen from the first beat (all but the bias, which rises in later) as near the
        # stage's middle as the bias below it allows: it stood high over an empty lower third.
        core = VGroup(neuron.nodes, neuron.names, neuron.edges, neuron.weights, neuron.body, neuron.output)
        down = core.get_center()[1] - self.main.center[1]
        if down > 0:
            neuron.shift(DOWN * min(down, max(0.0, neuron.get_bottom()[1] - self.main.bottom)))
        return neuron.align_to([self.main.left, 0, 0], LEFT)

    def bias_note(self, neuron: Neuron) -> None:
        """Under the bias's name, once, where it first stands: the lesson writes the bias b, a letter
        this course gives vector b (one letter per meaning), so β is tied to the lesson's b here
        (review: β on screen, b in the lesson, never linked)."""
        name = neuron.bias_name
        size = max(round(0.66 * self.label_size), 44)  # as Neuron draws the name
        # A gloss, three quarters the name's size (its letters still over 3% of the frame); it
        # leaves when the weights change sign (the bias steps back then).
        note = text("(the lesson's b)", size=size, role="muted")
        note.scale(0.75 * name.height / text("bias", size=size).height)
        note.next_to(name, DOWN, buff=0.1)
        if note.get_bottom()[1] < layout.SAFE.bottom:
            # (A neuron drawn low: beside the name, on the side of the inputs; the working's graph
            # stands on the other.)
            note.next_to(name, LEFT, buff=0.25)
        neuron.bias_note = note
        self.note_height = note.height  # the working's note on h is drawn the same

    def working(self, forward):
        """The working beside the neuron: at heading size where the side holds it whole, else at body size."""
        # (Four inputs or more: the graph under the lines needs the height larger lines would take.)
        sizes = (
            (SIZES.title, 48, 44, SIZES.heading, SIZES.body) if len(self.params.x) <= 3 else (SIZES.heading, SIZES.body)
        )
        for size in sizes:
            column = self._working(forward, size)
            if column[0].height <= self.side.height and column[0].width <= self.side.width:
                break
        self.side.fit(column[0])
        note = column[3].note
        note.scale(self.note_height / note.height, about_edge=UP + LEFT)
        return column[1:]

    def _working(self, forward, size: int):
        p = self.params
        act = ACTIVATION_TEX[p.activation]
        places = places_for(*forward["terms"], forward["sum"])
        sum_line = DotProductLine(p.w, p.x, names=("w", "x"), factors=False, places=places, size=size, boxed=False)
        z_line = math(
            "z",
            "=",
            r"\mathbf{w}\cdot\mathbf{x} + \beta",
            "=",
            f"{tex_number(forward['sum'])} {sum_tex([0, p.bias])[1:].strip()}",
            "=",
            tex_number(forward["z"]),
            size=size,
        )
        z_line[-1].set_color(colour("result"))
        # w and x in their roles' colours, as everywhere (the glyphs of "w·x + β": w, ·, x, +, β).
        z_line[2][0].set_color(colour("a"))
        z_line[2][2].set_color(colour("b"))
        # h, not a: a is a vector in this course.
        h_line = math("h", "=", rf"{act}(z)", "=", tex_number(forward["a"]), size=size)
        h_line[-1].set_color(colour("result"))
        # The lesson writes the output a; tied to it under h, as β is to its b (review: h on
        # screen, a in the lesson, never linked).
        h_line.note = text("(the lesson's a)", size=SIZES.body, role="muted")
        h_line.note.scale(self.note_height / h_line.note.height)  # as the bias's note (again once fitted)
        # Too wide for the side at full size: the sum's total, and z's working, go to a second row.
        sum_line.wrap(self.side.width)
        if z_line.width > self.side.width:
            working = VGroup(*z_line[3:])
            working.next_to(z_line[2], DOWN, buff=0.3).align_to(z_line[1], LEFT)
        # The graph takes the height the lines leave (its z label stands a little above it, z's
        # value under it).
        note = h_line.note
        room = self.side.height - sum(m.height for m in (sum_line, z_line, h_line, note)) - 3 * 0.4 - 0.15 - 0.4 - 0.5
        # (At least 1.0 high: the note under h takes the height long figures leave it.)
        graph = ActivationGraph(p.activation, forward["z"], height=min(2.4, max(1.0, room)), max_width=self.side.width)
        column = VGroup(sum_line, z_line, VGroup(h_line, note), graph)
        # Under the whole line, not under h alone: σ(z)'s brackets reach lower than h, and the note
        # stood 3-5 px under them (review).
        note.next_to(h_line, DOWN, buff=0.15).align_to(h_line, LEFT)
        column.arrange(DOWN, aligned_edge=LEFT, buff=0.4)
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
        with self.beat(
            "Each weight decides how much <inf>influence each <f>feature has: the inputs <x>x feed "
            "the neuron through the weights <w>w.",
            name="neuron",
        ):
            self.play(
                FadeIn(neuron.body),
                Write(neuron.sigma),
                Create(neuron.edges),
                LaggedStart(*(FadeIn(m, shift=RIGHT * 0.2) for m in neuron.weights), lag_ratio=0.3),
                until="inf",
            )
            # Influence: each edge grows as thick as its weight is large.
            self.play(
                *(e.animate.become(t) for e, t in zip(neuron.edges, wide)),
                *(light(m, "highlight", pulse=False) for m in neuron.weights),
                until="f",
            )
            self.play(
                LaggedStart(
                    *(AnimationGroup(GrowFromCenter(neuron.nodes[i]), FadeIn(neuron.names[i])) for i in range(n)),
                    lag_ratio=0.3,
                ),
                until="x",
            )
            self.play(
                FadeIn(x_col.label),
                FadeIn(x_col.matrix.get_brackets()),
                *(echo(neuron.names[i][2], x_col.entry(i), DOWN + RIGHT) for i in range(n)),
                neuron.flow(),
                GrowArrow(neuron.output),
                until="w",
            )
            self.play(
                FadeIn(w_col.label),
                FadeIn(w_col.matrix.get_brackets()),
                FadeIn(vectors.dot_sign),
                *(echo(neuron.weights[i][2], w_col.entry(i), DOWN + LEFT) for i in range(n)),
                run_time=0.9,
            )
        self.settle(
            vectors,
            [
                vectors.dot_sign,
                x_col.label,
                w_col.label,
                x_col.matrix.get_brackets(),
                w_col.matrix.get_brackets(),
                *x_col.entries,
                *w_col.entries,
            ],
        )

    def products_beat(self, neuron: Neuron, vectors: EntryPair, labels: VGroup, terms) -> None:
        n = len(terms)
        said = ", ".join(f"<p{i}>{fmt_number(t)}" for i, t in enumerate(terms))
        with self.beat(
            f"On each <edge>edge, the <feat>feature is <mul>multiplied by its <wt>weight: {said}.", name="products"
        ):
            # Each thing lit as it is named (the products came 3 s into the cue, over a still
            # neuron: review): the edges carry the inputs in, the features, then the weights.
            self.play(neuron.flow(time_width=0.8), until="feat")
            self.play(*(light(name, "highlight", pulse=False) for name in neuron.names), until="mul")
            self.play(*(light(w, "highlight", pulse=False) for w in neuron.weights), until="wt")
            for i in range(n):
                self.play(hop_to(vectors, i), neuron.multiply(i, labels[i]), until=f"p{i}")
            # The products just said, together: what the neuron will sum.
            self.play(*(light(lb[4], "highlight") for lb in labels), run_time=0.8)

    def sum_beat(self, neuron, vectors, labels, sum_line, z_line, forward) -> None:
        z = fmt_number(forward["z"])
        with self.beat(
            f"A single neuron sums them and adds the bias, beta: z = w dot x + beta = {z}.",
            name="sum",
            say=f"A single neuron <sums>sums them and <adds>adds the <bias>bias, beta: <z>z = w dot x plus beta = <v>{z}.",
        ):
            self.play(
                FadeOut(vectors),
                FadeOut(vectors.pointer),
                light(neuron.sigma, "highlight"),
                until="sums",
            )
            self.play(FadeIn(sum_line.prefix), sum_line.collect([lb[4] for lb in labels]), neuron.flow(), until="adds")
            self.play(sum_line.sum_up(), until="bias")
            self.settle(sum_line.tex, sum_line.parts())
            # The bias arrives as it is named: its node rises into place and flows into the sum.
            bias = neuron.bias_parts
            self.play(
                FadeIn(VGroup(neuron.bias_box, neuron.bias_label, neuron.bias_name, neuron.bias_note), shift=UP * 0.4),
                Create(neuron.bias_edge),
                until="z",
            )
            self.play(
                Write(VGroup(*z_line[:5])),
                light(neuron.bias_label, "highlight"),
                ShowPassingFlash(neuron.bias_edge.copy().set_stroke(colour("highlight"), width=8), time_width=0.8),
                until="v",
            )
            self.play(
                Write(VGroup(*z_line[5:])),
                neuron.output_label("z", forward["z"], over=True, size=self.figures),
                run_time=0.8,
            )
            self.settle(z_line, [*z_line])
            self.remove(bias)
            self.add(bias)

    def activation_beat(self, neuron, z_line, h_line, graph, forward) -> None:
        p = self.params
        with self.beat(
            f"Then it applies an <act>activation function; its output is <h>h = {p.activation}(z) = "
            f"<v>{fmt_number(forward['a'])}.",
            name="activation",
        ):
            self.play(
                light(neuron.out_label, "highlight"),
                light(z_line[-1], "highlight"),
                until="act",
            )
            self.play(graph.appear(), until="h")
            self.play(
                Write(VGroup(*h_line[:4])), FadeIn(h_line.note), Create(graph.drop), FadeIn(graph.z_value), until="v"
            )
            self.play(
                Write(h_line[4]),
                FadeIn(graph.dot, scale=1.5),
                FadeIn(graph.value),
                neuron.output_label("h", forward["a"], over=True, size=self.figures),
                run_time=0.8,
            )
            self.settle(h_line)
            self.settle(
                graph,
                [
                    graph.axes,
                    graph.curve,
                    graph.y_labels,
                    graph.x_ticks,
                    graph.x_label,
                    graph.drop,
                    graph.z_value,
                    graph.dot,
                    graph.value,
                ],
            )

    def regression_beat(self, neuron, labels, sum_line, z_line, h_line, graph, forward):
        """The same neuron read as a prediction: no activation, its output is ŷ."""
        p = self.params
        yhat_line = math(
            r"\hat{y}",
            "=",
            r"\mathbf{w}\cdot\mathbf{x} + \beta",
            "=",
            f"{tex_number(forward['sum'])} {sum_tex([0, p.bias])[1:].strip()}",
            "=",
            tex_number(forward["z"]),
            size=SIZES.heading,
        )
        yhat_line.scale(z_line[2].width / yhat_line[2].width)  # as the z line was scaled to fit its side
        yhat_line[0].set_color(colour("result"))
        yhat_line[-1].set_color(colour("result"))
        yhat_line[2][0].set_color(colour("a"))
        yhat_line[2][2].set_color(colour("b"))
        for a, b in zip(yhat_line[1:], z_line[1:]):
            a.move_to(b)
        yhat_line[0].next_to(yhat_line[1], LEFT, buff=0.2)
        # Where the activation stood (its graph leaves as the words begin): this reading has none.
        # In the working's column, in the room the graph leaves (under the neuron it stood apart
        # from the working and the lower right of the stage stood empty: review).
        title = VGroup(
            text("linear regression:", size=SIZES.heading, role="muted"),
            text("no activation", size=SIZES.heading, role="muted"),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        layout.fit(title, self.side.right - z_line.get_left()[0], title.height)
        title.move_to(graph).align_to(z_line, LEFT)
        with self.beat(
            "This is also how linear regression makes predictions: y hat = w dot x + beta. "
            "The prediction is the dot product of weights and features.",
            name="regression",
            say="This is also how <lr>linear regression makes predictions: <yhat>y hat equals <wx>w dot x plus "
            "<beta>beta. The <pred>prediction is the <dot>dot product of <wts>weights and <feat>features.",
        ):
            self.play(FadeOut(graph), FadeOut(h_line), FadeOut(h_line.note), until="lr")
            # No activation: the output's h = σ(z) goes with it, and ŷ takes its place as it is said
            # (h = 0.88 stood beside "no activation" for 2.5 s: review).
            self.play(FadeIn(title, shift=UP * 0.2), neuron.out_label.animate.set_opacity(0), run_time=0.6)
            # Its output, the prediction it makes, lit while the words say so.
            self.play(light(neuron.output, "highlight"), until="yhat")
            self.play(
                ReplacementTransform(z_line, yhat_line),
                neuron.output_label(r"\hat{y}", forward["z"], over=True, size=self.figures),
                until="wx",
            )
            # Each part of the right side lit as it is said: w·x, then the bias. Lit in place (grown,
            # "β = −30" overflowed its box and "32 − 30" met its "=" signs: review), and done
            # before the caption changes (it was still lit, mid-way, as the cue ended).
            done = lambda t: there_and_back(min(1.0, t / 0.8))  # noqa: E731
            self.play(light(yhat_line[2], "highlight", pulse=False), until="beta")
            self.play(
                # (In the text's own colour, lit by a small growth that stays inside the box and
                # clear of the "=" signs, and by the bias's edge carrying it in.)
                light(neuron.bias_label, "highlight", rate_func=done),
                light(yhat_line[4], "highlight", rate_func=done),
                ShowPassingFlash(neuron.bias_edge.copy().set_stroke(colour("highlight"), width=8), time_width=0.8),
                until="pred",
            )
            self.play(
                light(neuron.out_label, "highlight"),
                light(yhat_line[0], "highlight"),
                until="dot",
            )
            self.play(
                light(yhat_line[2], "highlight", pulse=False),
                light(sum_line.prefix, "highlight", pulse=False),
                until="wts",
            )
            # The weights lit as they are named, on the diagram (the factors they became on the
            # edges) and in the working, in their own colour; then the features the same way.
            self.play(
                *(GrowAway(lb[0], edge=DOWN) for lb in labels),
                GrowAway(yhat_line[2][0], edge=ORIGIN),
                GrowAway(sum_line.prefix[0], edge=ORIGIN),
                until="feat",
            )
            self.play(
                *(neuron.lit_name(i) for i in range(len(neuron.names))),
                *(GrowAway(lb[2], edge=DOWN) for lb in labels),
                GrowAway(yhat_line[2][2], edge=ORIGIN),
                GrowAway(sum_line.prefix[2], edge=ORIGIN),
                run_time=0.8,
            )
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
        names = ["w" + sub(f"{i + 1}") + "x" + sub(f"{i + 1}") for i in range(len(terms))]
        size = SIZES.title if len(terms) <= 3 else SIZES.heading
        steps = ScaledSteps(terms, height=3.6, places=places_for(*terms), size=size, names=names)
        new_weights = VGroup(*(neuron.weight_label(i, w) for i, w in enumerate(p.w_signs)))
        previous_out = neuron.out_label
        sign = ["pos" if w > 0 else "neg" if w < 0 else "zero" for w in p.w_signs]
        total = weighted_sum(p.w_signs, p.x, 0.0, "identity")["sum"]  # where the chart's staircase ends
        with self.beat(
            "Now one weight of each <each>sign. <pos>Positive weight: the feature <pp>pushes the output <up>up. "
            "<neg>Negative weight: it <np>pushes the output <down>down. <zero>Zero weight: the feature <zp>is "
            f"<ign>ignored <end>entirely. In all, <wx>w dot x <tot>= {fmt_fixed(total, places_for(*terms))}.",
            name="signs",
        ) as beat:
            # The products give way to the new weights, in place; the edges' runs shorten to carry them
            # and the body moves in (the same neuron, changed), the bias leaves (the total is w·x).
            self.play(
                FadeOut(working),
                FadeOut(previous_out),
                FadeOut(neuron.bias_note),
                *(swap(labels[i], new_weights[i]) for i in range(len(terms))),
                *neuron.shorten(new_weights),
                until="each",
            )
            # Laid out now: the neuron has moved in (the chart takes the room it left).
            # Where room is still short, the neuron is drawn a little smaller (at 0.66 of its labels'
            # title size: still over 3%); the chart takes the room its arrow points into.
            s = neuron.body.width / 1.3
            left = neuron.get_left()
            for named in (True, False):
                tip = neuron.output.get_right()[0]
                k = 1.0
                # (Labels at title size, for four inputs or more: their digits read at 3% down to 0.66.)
                shrunk = SHRUNK * NEURON_LABELS / self.label_size if self.label_size > SIZES.title else 0.66
                if s > shrunk and self.side.right - (tip + 0.4) < steps.width:
                    k = shrunk / s
                    tip = left[0] + (tip - left[0]) * k
                # (Its lowest label, "−5", touched the caption band at the stage's foot: review.)
                # (Its right edge a little inside title-safe: the total's "−3" stood on the edge: review.)
                # (Six inputs' figures need the whole width to stand at 3%.)
                inside = 0.1 if len(terms) <= 3 else 0.0
                chart = layout.Region(
                    "chart", tip + 0.4, self.side.right - inside, self.side.bottom + 0.3, self.side.top
                )
                if not named or steps.width <= chart.width:
                    break
                # Each step is named by its product only where the names fit: fitted smaller, the
                # chart's figures would fall under 3% of the height.
                steps = ScaledSteps(terms, height=3.6, places=places_for(*terms), size=size)
            # What the chart adds up, over it: w·x = 2 − 5 + 0 = −3, each term written as its step
            # is drawn (in its step's colour), the total as it is said.
            # (Where the terms make it wider than the staircase, long figures or many inputs, it is
            # w·x = −3 alone: drawn smaller to fit, the chart's figures would fall under 3%.)
            places = places_for(*terms)
            # (As wide as the chart's part of the stage at most: the staircase, packed, may be narrower.)
            for written in (signed_terms(terms, places), []):
                heading = math(
                    r"\mathbf{w}\cdot\mathbf{x}",
                    *(["="] if written else []),
                    *(f"{op} {num}" if op else num for op, num in written),
                    "=",
                    tex_number(total, places),
                    size=size,
                )
                if heading.width <= max(steps.width, 0.95 * chart.width):
                    break
            term_parts = heading[2:-2]
            lead = heading[:2] if written else heading[:1]  # w·x = (w·x alone: its "=" comes with the total)
            heading[0][0].set_color(colour("a"))
            heading[0][2].set_color(colour("b"))
            for part, t in zip(term_parts, terms):
                part.set_color(colour("positive" if t > 0 else "negative" if t < 0 else "muted"))
            heading[-1].set_color(colour("result"))
            # The chart fills its part of the stage: drawn taller where its width leaves height
            # unused (at 3.6 high it stood in the upper two thirds, the stage round it empty:
            # review), then placed as large as the part holds (a little larger at most).
            # Its steps spread over the part's width the same way (a narrow staircase left the
            # right of the frame empty while it was drawn).
            # (Where it only just fits it is fitted, never drawn 5% smaller than it can be: its
            # figures stand at 3% there.)
            column = VGroup(heading, steps).arrange(DOWN, buff=0.3)
            s_w = chart.width / column.width
            # Its width sets its scale; its height is then made what the part has (never under 2).
            grows = 0.95 * s_w >= 1
            grow = min(0.95 * s_w, 1.25) if grows else min(s_w, 1.0)
            extra = (0.95 if grows else 1.0) * chart.height / grow - column.height
            wider = 0.95 * chart.width / grow - column.width if grows else 0.0
            if abs(extra) > 0.05 or wider > 0.05:
                steps = ScaledSteps(
                    terms,
                    height=max(2.0, 3.6 + extra),
                    places=places_for(*terms),
                    size=size,
                    names=names if named else None,
                    spacing=0.25 + (min(max(0.0, wider), 1.5 * len(terms)) / max(1, len(terms) - 1)),
                )
                column = VGroup(heading, steps).arrange(DOWN, buff=0.3)
            if grows:
                chart.place(column, fill=0.95, max_scale=1.25)
            else:
                chart.fit(column)
            still = VGroup(neuron.nodes, neuron.names, neuron.body, neuron.sigma, neuron.output, new_weights)
            self.play(
                still.animate.scale(k, about_point=left),
                *(
                    e.animate.become(e.copy().scale(k, about_point=left).set_stroke(width=Neuron.edge_width(w) * k))
                    for e, w in zip(neuron.edges, p.w_signs)
                ),
                # The bias leaves: the chart adds up w·x alone (dimmed, it stayed in the picture
                # and a viewer could not tell whether −3 counted it: review).
                FadeOut(neuron.bias_parts),
                steps.appear(),
                FadeIn(lead),
                run_time=0.8,
            )
            neuron.weights = new_weights
            # The weight is lit as its sign is named; its feature flows in and the chart steps up or
            # down while "pushes the output up" (down, is ignored) is said (the step came after the
            # words: review).
            for kind, pushes, said in (("pos", "pp", "up"), ("neg", "np", "down"), ("zero", "zp", "end")):
                beat.until(kind)
                idx = [i for i, k in enumerate(sign) if k == kind]
                if not idx:
                    continue
                self.play(*(light(new_weights[i], "highlight") for i in idx), until=pushes)
                fade = [neuron.edges[i].animate.set_stroke(opacity=0.25) for i in idx if terms[i] == 0]
                terms_in = [FadeIn(term_parts[i], shift=DOWN * 0.2) for i in idx if i < len(term_parts)]
                self.play(neuron.flow(idx), *(steps.step(i) for i in idx), *terms_in, *fade, until=said)
            beat.until("wx")
            # What the chart adds up, lit as it is named; the level it ends on drawn, and the sum's
            # total written, as it is said.
            self.play(light(heading[0], "highlight"), until="tot")
            self.play(steps.mark_total(), Write(heading[-2:]), run_time=1.0)
            self.settle(heading)
            self.play(
                light(steps.total_label, "result"),
                light(heading[-1], "result"),
                run_time=0.6,
            )


# --- 5. attention -----------------------------------------------------------------------


class AttentionScore(LessonScene):
    """The page's own query and key, dotted pair by pair as it is said, then scaled by √d_k;
    then every key's dot product grows as a bar while the query is dotted with it, the bars come
    down to their scores as the scaling is said, and the best-aligned key is picked out as the
    most relevant token."""

    Params = AttentionScoreParams
    layout_region = layout.SAFE  # where it lays out

    def construct(self) -> None:
        p = self.params
        q, keys = np.asarray(p.q, float), np.asarray(p.keys, float)
        d_k = keys.shape[1]
        qk, score = dot(q, keys[0], names=("q", "k")), attention_score(q, keys[0], d_k)
        pair, line, score_line, score_box, words = self.page_example(q, keys[0], d_k)
        n = len(q)
        with self.beat(
            f'A query vector q, here standing for "{p.query_word}", and a key vector k for '
            f'"{p.words[0]}", multiplied element by element and summed: q dot k is {fmt_fixed(qk)}.',
            name="q dot k",
            say=f'A query <vec>vector q, here <word>standing for "{p.query_word}", and a <k>key vector '
            f'<kw>k for "{p.words[0]}", <mul>multiplied element by <el>element and <sum>summed: q dot k '
            f"is <v>{fmt_fixed(qk)}.",
        ):
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
        with self.beat(
            f"The score divides by the square root of d_k, the key dimension: "
            f"{fmt_fixed(qk)} over root {d_k} is {fmt_fixed(score, 4)}.",
            name="scale",
            say=f"The score <div>divides by the <sqrt>square root of d_k, the <dim>key dimension: "
            f"<a>{fmt_fixed(qk)} over root <r>{d_k} is <v>{fmt_fixed(score, 4)}.",
        ):
            self.play(Write(formula), until="dim")
            # The key's dimension: its entries counted down the column.
            self.play(
                LaggedStart(*(light(pair.entries(i)[1], "highlight") for i in range(n)), lag_ratio=0.5),
                until="a",
            )
            self.play(FadeIn(value[0]), fly_copy(line.total, value[1]), until="r")
            self.play(light(value[1], "highlight"), until="v")
            self.play(Write(value[2:]), Create(score_box), run_time=0.8)
            self.settle(value, [value[0], value[1], *value[2:]])
        leaving = Group(*self.mobjects)
        scores = [attention_score(q, key, d_k) for key in keys]
        header, bars = self.every_key(q, scores)
        query, formula = header
        # The page's example goes as every key's chart comes (faded out first, the frame went black).
        self.play(
            hand_over(leaving, FadeIn(header), Create(bars.baseline)),
            run_time=1.2,
        )
        with self.beat(
            f'Every key gets its score: the query "{p.query_word}" is dotted with each key and scaled '
            "by the square root of d_k.",
            name="every key",
            say=f'Every <key>key gets its <sc>score: the <q>query "{p.query_word}" is <dot>dotted with each '
            "<each>key and <scaled>scaled by the square root of <dk>d_k.",
        ):
            self.play(
                LaggedStart(
                    *(
                        FadeIn(VGroup(bars.words[i], *([bars.keys[i]] if len(bars.keys) else [])), shift=UP * 0.2)
                        for i in range(len(scores))
                    ),
                    lag_ratio=0.3,
                ),
                until="sc",
            )
            self.play(light(formula, "highlight"), until="q")
            self.play(light(query, "highlight"), until="dot")
            # Every key's bar grows to its dot product while "dotted with each key" is said, the last
            # done as "scaled" begins (at a lag of 0.6 the last came 2 s after "each key": review).
            self.play(LaggedStart(*(bars.grow(i) for i in range(len(scores))), lag_ratio=0.3), until="scaled")
            # Then every bar comes down to its score together, as √d_k is lit: the scaling seen
            # (grown straight to the scores, the bars looked scaled before a word of it: review).
            self.play(bars.scale_all(), light(formula[-1] if len(formula) > 1 else formula, "highlight"), until="dk")
        best = [i for i, s in enumerate(scores) if round(s, 4) == max(round(s, 4) for s in scores)]
        rest = [i for i in range(len(scores)) if i not in best]
        boxes = VGroup(
            *(
                SurroundingRectangle(column_of(bars, i), color=colour("highlight"), buff=0.15, stroke_width=4)
                for i in best
            )
        )
        best_words = " and ".join(f'"{p.words[i]}"' for i in best)
        best_said = " and ".join(f'"{p.words[i]}"' for i in best)
        with self.beat(
            f"High dot product means the query aligns with that key: {best_words} scores highest, "
            "the most relevant token.",
            name="most relevant",
            say=f"<hi>High dot product means the <q>query <al>aligns with that key: <best>{best_said} scores "
            "highest, the most <rel>relevant token.",
        ):
            self.play(*(light(bars.values[i], "highlight") for i in best), until="q")
            self.play(light(query, "highlight"), until="al")
            self.play(*(light(bars.bars[i], "highlight") for i in best), until="best")
            self.play(Create(boxes), *(light(bars.words[i], "highlight") for i in best), until="rel")
            self.play(*(dim_column(bars, i) for i in rest), run_time=0.8)

    def page_example(self, q, k, d_k: int):
        p = self.params
        pair = EntryPair(q, k, names=("q", "k"))
        line = DotProductLine(q, k, names=("q", "k"))
        score_line = role_math(
            r"\text{score}(\mathbf{q}, \mathbf{k}) = \frac{\mathbf{q}\cdot\mathbf{k}}{\sqrt{d" + sub("k") + "}}",
            size=SIZES.title,
        )
        value = math(
            "=",
            rf"\frac{{{tex_number(line.total_value)}}}{{\sqrt{{{d_k}}}}}",
            "=",
            tex_fixed(attention_score(q, k, d_k), 4),
            size=SIZES.title,
        )
        value[3].set_color(colour("result")).shift(RIGHT * 0.1)
        score_line = VGroup(score_line, value).arrange(RIGHT, buff=0.15)
        score_box = SurroundingRectangle(value[3], color=colour("result"), buff=0.1, stroke_width=3)
        words = VGroup(
            text(f'"{p.query_word}"', size=SIZES.body, role="a"), text(f'"{p.words[0]}"', size=SIZES.body, role="b")
        )
        safe, gap = layout.SAFE, 0.55
        line.wrap(0.95 * safe.width)
        # Each word beside its own vector: the query's on the left, the key's on the right.
        words[0].next_to(pair.a_col, LEFT, buff=0.45)
        words[1].next_to(pair.b_col, RIGHT, buff=0.45)
        top = VGroup(words, pair)
        # The working (the line over the score) across the foot of the frame, as large as leaves
        # the pair at least its own size above it; the pair then grows into the rest.
        # Each as wide as the frame allows (the line at most 1.5 times, the score, drawn at title
        # size, as it is), then both smaller if the pair would have less than its own size.
        line.scale(min(1.5, 0.95 * safe.width / line.width))
        score_line.scale(min(1.0, 0.95 * safe.width / score_line.width))
        working = VGroup(line, score_line).arrange(DOWN, buff=gap)
        room = safe.height - 0.15 - gap - top.height / 0.95
        working.scale(min(1.0, room / working.height))
        safe.place(working, fill=1.0, max_scale=1.0, align="bottom")
        working.shift(UP * 0.15)  # the score's box stays clear of the caption band
        above = layout.Region("above the working", safe.left, safe.right, working.get_top()[1] + gap, safe.top)
        above.place(top, fill=1.0, max_scale=2.6)
        score_box.become(SurroundingRectangle(value[3], color=colour("result"), buff=0.1, stroke_width=3))
        return pair, line, score_line, score_box, words

    def every_key(self, q, scores):
        p = self.params
        query = math(r"\mathbf{q} = [" + ",\\ ".join(tex_short(v) for v in q) + "]", role="a")
        word = text(f'"{p.query_word}"', size=SIZES.body, role="a")
        # Subscripts as large as the letters they follow (the course's one subscript style), at
        # title size: "score" and kᵢ, d_k read at over 3% of the frame height (at body size, in one
        # row with the query, they stood at 14-20 px; review).
        k_i, d_k = r"\mathbf{k}" + sub("i"), "d" + sub("k")
        formula = role_math(
            r"\text{score} = \frac{\mathbf{q}\cdot"
            + k_i
            + r"}{\sqrt{"
            + d_k
            + r"}},\quad "
            + d_k
            + " = "
            + str(len(q)),
            roles={r"\mathbf{q}": "a", k_i: "b"},
            size=SIZES.title,
        )
        query.scale(SIZES.title / SIZES.body)
        word.scale(SIZES.heading / SIZES.body)
        header = VGroup(VGroup(word, query).arrange(RIGHT, buff=0.3), formula).arrange(RIGHT, buff=0.8)
        if header.width > layout.SAFE.width:
            # Too wide for one row: the formula under the query, both centred.
            header.arrange(DOWN, buff=0.25)
        safe = layout.SAFE
        head = layout.Region("head", safe.left, safe.right, safe.top - header.height - 0.05, safe.top)
        head.fit(header)
        # (Its foot clear of the caption band by the boxes that pick out the best keys' columns.)
        stage = layout.Region("bars", safe.left, safe.right, safe.bottom + 0.2, head.bottom - layout.GAP)

        # The scores, what the beat is about, at heading size (at body size, fitted, 30 px); under
        # each key, the dot product its score is made from, q·kᵢ (computed as each bar grows: review).
        def chart(height: float) -> VGroup:
            dots = [dot(q, key, names=("q", f"k{i + 1}")) for i, key in enumerate(p.keys)]
            bars = WorkedScoreBars(
                scores, p.words, p.keys, width=stage.width - 0.4, height=height, size=SIZES.heading, first=dots
            )
            slot = (stage.width - 0.4) / len(scores)

            def worked(i: int, key, stacked: bool) -> VGroup:
                k_i = r"\mathbf{k}" + sub(str(i + 1))
                name = role_math(
                    r"\mathbf{q}\cdot" + k_i + " =", roles={r"\mathbf{q}": "a", k_i: "b"}, size=SIZES.heading
                )
                value = math(tex_fixed(dot(q, key, names=("q", f"k{i + 1}"))), size=SIZES.heading)
                # On one line where the slot has room; else the value under its name (six keys).
                return VGroup(name, value).arrange(DOWN if stacked else RIGHT, buff=0.12 if stacked else 0.2)

            labels = [worked(i, key, False) for i, key in enumerate(p.keys)]
            if max(m.width for m in labels) > slot - 0.3:
                labels = [worked(i, key, True) for i, key in enumerate(p.keys)]
            bars.dots = VGroup()
            for i, label in enumerate(labels):
                under = bars.keys[i] if len(bars.keys) else bars.words[i]
                bars.dots.add(label.next_to(under, DOWN, buff=0.2).set_x(bars.words[i].get_x()))
            bars.add(bars.dots)
            return bars

        bars = chart(2.2)
        if bars.height > stage.height:
            # The bars give up height before the figures give up size.
            bars = chart(max(1.0, 2.2 - (bars.height - stage.height)))
        stage.fit(bars)
        return header, bars
