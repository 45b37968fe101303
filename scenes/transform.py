"""Lesson 2, the geometric interpretation: a 2x2 matrix moves the plane, î and ĵ land on its
columns, B then A is the product AB (computed row by column as in RowByColumnMatmul), and
AB differs from BA.

Every figure is computed from the scene's params through mathcore; the plane, the live matrix
and the product are toolkit/plane.py's widgets. The plane takes the left of the frame, as tall as
the frame allows; on the right, at most three matrices at a time: the factors on top (A, then
A · B, then B · A, their order swapped in place), the live matrix of where î and ĵ are under them
(named A, B or BA as it holds them; AB is named as it is said, in its own place), and AB, worked
out row by column in the live matrix's place. The live matrix shows where î and ĵ are before and
after each move, never a figure in between: a figure a move changes is out of sight while the
plane moves and arrives as the move ends (LiveMatrix.arrive). The plane moves along mathcore.transformation_path: a rotation turns at full size, a shear
shears, never a shrinking square; between two compositions it starts again, the moved grid fading
out as the untouched one fades in (a fresh start, not a move played backwards). î and ĵ keep
colours of their own throughout (toolkit.plane.BASIS_COLOURS); the shaded unit square takes the
colour of the matrix that moved it (A, B, AB, and BA in a colour of its own). Numbers are written
as the matrices write them (0.5, not 0.50). Each beat's words are marked so that what a phrase
names is drawn, moved or lit while it is said.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import numpy as np
from manim import (
    Arc,
    BackgroundRectangle,
    DecimalNumber,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    Flash,
    GrowArrow,
    ReplacementTransform,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    VGroup,
    VMobject,
    smooth,
)

from mathcore import as_plane_matrix, commute, compose, describe_transformation, fmt_number
from narration import marks
from scenes.catalog import MatrixAsTransformationParams
from toolkit.layout import GAP, SAFE, Region
from toolkit.live import placed, redrawn
from toolkit.moves import done_within
from toolkit.lesson_scene import LessonScene
from toolkit.light import light
from toolkit.plane import ColumnWorking, LiveMatrix, MovingPlane, ProductLine, role_colour, window_for, written_places
from toolkit.style import colour, math
from toolkit.theme import SIZES

# The plane's share of the safe width: the panel keeps what three body-size matrices side by side
# (A · B, and the live matrix with its name) need, and no more.
PLANE_SHARE = 0.52
KEY_ROOM = 0.6
# A plane at most this much taller than wide: past that, the extra rows are mostly empty grid.
MOST_ASPECT = 1.5
# Between the panel's rows.
ROW_GAP = 0.35
# î and ĵ in colours of their own (toolkit.plane.BASIS_COLOURS), apart from A's, B's and the
# results' colours, and not the positive and negative colours (a sign, elsewhere in the course).
BASIS_ROLES = ("i_hat", "j_hat")
# î's and ĵ's labels on the plane and over the live matrix's columns: the dotless ı's body (the shortest glyph read) at least 3% of the
# frame's height, 32 px at 1080p (at the body size it was 22 px).
BASIS_LABEL_SIZE = 54
# BA, the second result, in a colour of its own beside AB's (toolkit.plane.OTHER_RESULT).
BA_ROLE = "other"
# The figures on the right (the matrices, their names, the working) and the angle's degrees: at the
# body size their digits stood 32-34 px at 1080p, at the limit (review); at this size, 36 and over.
PANEL_SIZE = 38
# The frame that marks the acting matrix stands this far out round it: the panel's top row starts
# this far under the title-safe line (A's frame poked above it: review).
ACT_ROOM = 0.14
# How long a frame (a box round a column, the frame of the acting matrix) takes to draw: whole while
# the phrase that names it is still being said.
FRAME_DRAWN = 0.5
# The shortest a morph is given when `tidy` moves it off a cue's end.
TIDY_SHORTEST = 0.5


def point(v, places: int = 2) -> str:
    return f"({fmt_number(v[0], places)}, {fmt_number(v[1], places)})"


def marked_point(v, first: str, second: str, places: int = 2) -> str:
    """A point with a mark on each coordinate: "<first>(1.4, <second>0.6)"."""
    return f"<{first}>({fmt_number(v[0], places)}, <{second}>{fmt_number(v[1], places)})"


def spoken(caption: str) -> str:
    """The caption as the narrator says it: hats, products, degrees and the not-equal sign in words."""
    caption = (
        caption.replace("î", "i-hat").replace("ĵ", "j-hat").replace("≠", "is not equal to").replace("°", " degrees")
    )
    return re.sub(r"\b([AB])([AB])\b", r"\1 \2", caption)


def marked_turn(phrase: str, mark: str) -> str:
    """A transformation's description with a mark on its angle, if it turns: "rotates the plane by
    <deg>36.9°" (the angle drawn as it is said)."""
    return re.sub(r"\bby (\S+°)", rf"by <{mark}>\1", phrase, count=1)


def turn_angle(moving: MovingPlane, radius: float = 0.42) -> VGroup:
    """The angle î turns through from where it is now, drawn as the plane turns: an arc at the
    origin from î's direction now to where î points, `radius` units of the plane out, and the
    angle in degrees beside it, live (to a tenth of a degree, as the caption says it)."""
    start = moving.current()[:, 0].copy()
    a0 = float(np.arctan2(start[1], start[0]))

    def turned() -> float:
        v = moving.current()[:, 0]
        return float(np.arctan2(start[0] * v[1] - start[1] * v[0], start @ v))

    def origin_and_radius():
        o = moving.to_scene((0.0, 0.0))
        return o, radius * float(np.linalg.norm(moving.to_scene((1.0, 0.0)) - o))

    def draw_arc() -> VMobject:
        o, r = origin_and_radius()
        theta = turned()
        if abs(theta) < 1e-3:
            return VMobject().set_points_as_corners([o, o]).set_stroke(colour("highlight"), width=4, opacity=0)
        return Arc(radius=r, start_angle=a0, angle=theta, arc_center=o, color=colour("highlight"), stroke_width=4)

    arc = redrawn(draw_arc, moving.current, placed(moving.background))
    degrees = DecimalNumber(0.0, num_decimal_places=1, unit=r"^{\circ}", font_size=PANEL_SIZE)
    degrees.set_color(colour("highlight"))

    def follow(m: DecimalNumber) -> None:
        theta = turned()
        m.set_value(abs(float(np.degrees(theta))))
        o, r = origin_and_radius()
        # Beside where the arc starts, on the side of the start ray it does not sweep: inside the
        # angle it would stand on the shaded square and the dashed outlines the turned square makes.
        along = np.array([np.cos(a0), np.sin(a0), 0.0])
        away = np.array([np.sin(a0), -np.cos(a0), 0.0]) * (1.0 if theta >= 0 else -1.0)
        m.move_to(o + along * max(r, 0.5 * m.width + 0.15) + away * (0.5 * m.height + 0.15))

    follow(degrees)
    degrees.add_updater(follow)
    # On a patch of background, as î and ĵ are: the grid passes under the figure, not through it.
    patch = BackgroundRectangle(degrees, color=colour("background"), fill_opacity=0.85, buff=0.06)
    patch.add_updater(
        lambda m: m.become(BackgroundRectangle(degrees, color=colour("background"), fill_opacity=0.85, buff=0.06))
    )
    group = VGroup(arc, patch, degrees)
    group.arc, group.degrees = arc, degrees
    return group


def factors(line: ProductLine) -> VGroup:
    """A line's two factors with the sign between them and their names: "A · B"."""
    return VGroup(line.grids[0], line.dot, line.grids[1], line.names[0], line.names[1])


class Layout:
    """Where everything goes: the plane on the left (above room for the dashed outline's key), fitted
    to where every matrix sends the unit square; on the right, in rows, the factors (A · B, later
    B · A in the same place), the live matrix named on its left, and under it the working of AB's
    column; AB itself, named "AB =", takes the live matrix's place, and moves a row down when BA
    comes to be compared with it."""

    def __init__(self, A, B, AB, BA):
        self.places = written_places(A, B, AB, BA)
        self.ab = ProductLine(
            A, B, AB, ("A", "B", "AB"), ("a", "b", "result"), size=PANEL_SIZE, upright=False, places=self.places
        )
        self.ba = ProductLine(
            B, A, BA, ("B", "A", "BA"), ("b", "a", BA_ROLE), size=PANEL_SIZE, upright=False, places=self.places
        )
        # The panel's rows, measured before the plane is placed: the plane takes PLANE_SHARE of the
        # width, less what wider rows need (two-decimal entries).
        # (The wider of AB's two columns' working: the second's "(−0.6)" is wider than the first's.)
        working = max((ColumnWorking(self.ab, c, size=PANEL_SIZE) for c in (0, 1)), key=lambda w: w.width)
        widest = max(
            factors(self.ab).width,
            working.width,
            LiveMatrix(
                MovingPlane(),
                written=True,
                tagged=True,
                size=PANEL_SIZE,
                places=self.places,
                head_size=BASIS_LABEL_SIZE,
            ).width,
        )
        share = min(PLANE_SHARE, 1 - (widest + GAP + 0.1) / SAFE.width)
        plane_region, panel = SAFE.split_x(share)
        above_key = Region(
            plane_region.name, plane_region.left, plane_region.right, plane_region.bottom + KEY_ROOM, plane_region.top
        )
        window = window_for(A, B, AB, BA, aspect=min(above_key.height / above_key.width, MOST_ASPECT))
        self.moving = above_key.place(
            MovingPlane(
                height=above_key.height,
                window=window,
                basis_roles=BASIS_ROLES,
                turning=True,
                basis_label_size=BASIS_LABEL_SIZE,
            )
        )
        self.live = LiveMatrix(
            self.moving, written=True, tagged=True, size=PANEL_SIZE, places=self.places, head_size=BASIS_LABEL_SIZE
        )
        # AB, named on its left as the live matrix is.
        self.product = self.ab.product
        self.ab_tag = math("AB", "=", size=PANEL_SIZE)
        self.ab_tag[0].set_color(role_colour("result"))
        # The rows, top down: the factors; the live matrix (AB in its place); the working (AB there later).
        top = factors(self.ab)
        rows = VGroup(top.copy(), self.live.copy(), working).arrange(DOWN, buff=ROW_GAP)
        fits = rows.height <= panel.height - ACT_ROOM and rows.width <= panel.width
        assert fits, f"the panel's rows ({rows.width:.2f} x {rows.height:.2f}) overflow {panel}"
        rows.move_to(panel.center).align_to([0, panel.top - ACT_ROOM, 0], UP)
        self.panel = panel
        top.move_to(rows[0])
        factors(self.ba).move_to(rows[0])
        self.live.move_to(rows[1])
        self.working_at = rows[2].get_center()
        self.at_live = self.live.matrix.get_center()
        self.product.move_to(self.at_live)
        self.ab_tag.next_to(self.product, LEFT, buff=0.15)
        # Row 3: where AB goes when BA comes to be compared with it.
        # (No lower than leaves it clear of the caption band: it is taller than the working.)
        low = SAFE.bottom + self.product.height / 2 + 0.05
        self.product_below = np.array([self.at_live[0], max(rows[2].get_center()[1], low), 0.0])
        # (Its name at the panel's size: at the plane's body size it stood 33 px.)
        self.key = self.moving.key("result", "AB").scale(PANEL_SIZE / SIZES.body).next_to(self.moving, DOWN, buff=0.15)


class MatrixAsTransformation(LessonScene):
    Params = MatrixAsTransformationParams

    def tidy(self, *animations, until: str | None = None, run_time: float | None = None) -> None:
        """`play`, but never with a cue ending mid-morph (a frame grabbed at a cue's end would show
        glyphs in flight): the animation waits for the cue to change when there is time left
        after it, else it ends just before it, and the picture holds until the mark."""
        start = self.now
        end = self._clock.at(until) if until else start + (run_time or 1.0)
        for cue_end in self._cue_changes:  # LessonScene's, worked out as the beat starts
            if start + 0.05 < cue_end < end - 0.05:
                if end - cue_end >= TIDY_SHORTEST:
                    self.wait(cue_end + 0.05 - start)
                    break
                if cue_end - start >= TIDY_SHORTEST:
                    self.play(*animations, run_time=cue_end - 0.05 - start)
                    if until:
                        self._clock.until(until)
                    return
        if until:
            self.play(*animations, until=until)
        else:
            self.play(*animations, run_time=max(TIDY_SHORTEST / 2, end - self.now))

    def allow_turn_label(self, turn: VGroup, moving: MovingPlane) -> None:
        for ground in (moving.grid, moving.background):
            self.layout_allows(
                turn.degrees,
                ground,
                kinds=("text on line",),
                reason="the grid passes under the angle's figure beside its arc, as under î and ĵ",
            )

    def construct(self) -> None:
        A, B = as_plane_matrix(self.params.A, "A"), as_plane_matrix(self.params.B, "B")
        AB, BA = compose(A, B), compose(B, A)
        lay = Layout(A, B, AB, BA)
        moving, live, ab, ba, product = lay.moving, lay.live, lay.ab, lay.ba, lay.product
        places = lay.places
        for label in (moving.i_label, moving.j_label):
            for ground in (moving.grid, moving.background):
                self.layout_allows(
                    label,
                    ground,
                    kinds=("text on line",),
                    reason="the grid passes under î and ĵ wherever they land; a background patch keeps "
                    "them legible (arrows, the unit square and outlines they keep off)",
                )

        @contextmanager
        def say(marked: str, name: str):
            """A beat whose words carry marks: the caption without them, the speech with them. Its
            cues' ends are worked out as the beat starts (`tidy`)."""
            caption = marks.strip(marked)
            with self.beat(caption, name=name, say=spoken(marked)) as beat:
                yield beat

        def lit(*items, role: str = "highlight"):
            return [light(m, role_colour(role)) for m in items]

        def framed(mob, role: str):
            return SurroundingRectangle(mob, color=role_colour(role), buff=0.12, stroke_width=3)

        live_parts = VGroup(live.matrix, live.numbers, live.heads)

        def renamed(name: str, role: str) -> list:
            """To play with a move that brings the live matrix to `name`: the name it had goes as the
            move starts, the new one comes as the matrix arrives (in between it is neither, and
            named neither: never two names at once, never a wrong one)."""
            was = live.tag
            live.name_as(name, role)
            going = [FadeOut(was, rate_func=lambda t: smooth(min(1.0, t / 0.25)))] if was is not None else []
            return [*going, FadeIn(live.tag, rate_func=lambda t: smooth(max(0.0, (t - 0.8) / 0.2)))]

        def soon(animation, until: str | None = None, run_time: float | None = None, seconds: float = FRAME_DRAWN):
            """`animation` done in its play's first `seconds` (the play lasting until the mark `until`, or
            `run_time`), then standing: a frame is whole while the phrase that names it is said (drawn
            over the whole phrase, frames were still half drawn at 70% of their cues: review)."""
            length = self._clock.time(until) - self.now if until else run_time
            return done_within(animation, min(1.0, seconds / max(length, 1e-3)))

        def moved(M, role: str):
            """The plane moved by M, and the live figures that change arriving with it: out of sight
            while the plane moves, shown as where î and ĵ land as the move ends (LiveMatrix.arrive).
            A top explainer shows where a vector landed once it has landed; a running figure
            ("(0.4, 1)" mid-shear) named a column no matrix on screen has (review)."""
            end = np.asarray(M, float) @ moving.current()
            return [moving.move_by(M, role), live.arrive(end)]

        def landed(k: int):
            """î (k = 0) or ĵ's tip flashes where it landed, and its arrow is lit."""
            return AnimationGroup(
                Flash(moving.tip(k), color=role_colour(BASIS_ROLES[k]), flash_radius=0.35, line_length=0.2),
                light(moving.i_hat if k == 0 else moving.j_hat, role_colour(BASIS_ROLES[k])),
            )

        # --- 1. the plane, î and ĵ -----------------------------------------------------------------
        with say(
            "A matrix can represent a <t>transformation of the plane: it <mv>moves the grid, and with it "
            "the unit vectors <i>î and <j>ĵ.",
            "the plane",
        ):
            # The matrix said first stands on the right at once (A, the one that will act), as the plane
            # comes in on the left: the right half stood empty for the beat's first 7 s (review).
            self.play(FadeIn(moving.background), Create(moving.grid), FadeIn(moving.square), ab.show(0), until="t")
            # î and ĵ stand on the plane before it moves, so that they are seen to move with it; the live
            # matrix of where they are stands beside it (its figures follow the move; headed as named).
            grid_flash = moving.grid.copy().clear_updaters().set_stroke(colour("highlight"), width=3, opacity=1)
            self.play(
                ShowPassingFlash(grid_flash, time_width=0.6),
                GrowArrow(moving.i_hat),
                GrowArrow(moving.j_hat),
                FadeIn(moving.i_label),
                FadeIn(moving.j_label),
                FadeIn(live.matrix),
                FadeIn(live.numbers),
                until="mv",
            )
            # "it moves the grid": A moves it as it is said (the grid only flashed: review), î and ĵ with it.
            self.play(soon(ab.act(0), "i"), *moved(A, "a"), until="i")
            # Each unit vector lit as it is named, and its column of the live matrix headed and lit.
            self.play(
                landed(0),
                FadeIn(live.heads[0], shift=DOWN * 0.1),
                *lit(*live.column(0), role=BASIS_ROLES[0]),
                until="j",
            )
            self.play(landed(1), FadeIn(live.heads[1], shift=DOWN * 0.1), *lit(*live.column(1), role=BASIS_ROLES[1]))
            # The live matrix is one mobject on screen again (its numbers row by row, as read back).
            self.settle(live, [live.matrix, live.numbers, *live.heads])

        # --- 2. A moves the plane ------------------------------------------------------------------
        def boxes_for(k: int) -> VGroup:
            """A's column k and the live column k boxed together (built once the figures are there)."""
            return VGroup(ab.grids[0].col_box(k, "a"), live.column_box(k, BASIS_ROLES[k]))

        boxes = []
        with say(
            f"A {describe_transformation(A, 'the plane')}: î lands on A's <c1>first column, "
            f"<p1>{point(A[:, 0], places)}, and ĵ on its <c2>second, <p2>{point(A[:, 1], places)}.",
            "A moves the plane",
        ):
            # A, framed as the one acting, moves a fresh plane again, named this time (the first beat's
            # move is not undone: the plane starts again).
            self.play(moving.restart(run_time=0.5))
            self.play(*moved(A, "a"), until="c1")
            boxes.append(boxes_for(0))
            # Both frames at once, whole while "first column" is said.
            self.tidy(soon(Create(boxes[0], lag_ratio=0), "p1"), live.name_as("A", "a"), until="p1")
            self.play(landed(0), *lit(*live.column(0), role=BASIS_ROLES[0]), until="c2")
            boxes.append(boxes_for(1))
            self.play(soon(Create(boxes[1], lag_ratio=0), "p2"), until="p2")
            self.play(landed(1), *lit(*live.column(1), role=BASIS_ROLES[1]), run_time=1.0)

        # --- 3. B, then A on B's result --------------------------------------------------------------
        after_b = moving.outline("b", B)
        with say(
            f"Compose two transformations: first <b>B {marked_turn(describe_transformation(B, 'the plane'), 'deg')}, "
            f"then <a>A {describe_transformation(A)}. î lands at {marked_point(AB[:, 0], 'p1', 'p2', places)}.",
            "B then A",
        ) as beat:
            # A fresh plane for the new composition (A's move is not undone: the plane starts again).
            # (The frames and the name gone in a second: fading over the whole phrase, they stood half
            # faded as its cue ended.)
            self.play(
                *(soon(a, "b", seconds=1.0) for a in (FadeOut(VGroup(*boxes)), *live.unname(), ab.rest())),
                moving.restart(run_time=1.0),
                ab.show(1),
                until="b",
            )
            # A turn is drawn as it turns: the arc î sweeps and its angle, reaching the degrees as they are said.
            turn = turn_angle(moving) if "deg" in beat.marks else None
            if turn is not None:
                self.allow_turn_label(turn, moving)
                self.add(turn)  # (live: it counts up from 0.0° as the plane turns)
                self.play(soon(ab.act(1), "deg"), *moved(B, "b"), *renamed("B", "b"), until="deg")
                self.play(light(turn.degrees, "highlight"), until="a")
            else:
                self.play(soon(ab.act(1), "a"), *moved(B, "b"), *renamed("B", "b"), until="a")
            # B's result stays, dashed, while A acts on it: A moves the square B turned, not the plane as it was.
            moving.avoid(B)
            gone = [FadeOut(turn.clear_updaters())] if turn is not None else []
            self.tidy(FadeIn(after_b), ab.act(0), *gone, run_time=0.5)
            # "B =" goes as A starts to move the plane; the live matrix stays unnamed until AB is said, in
            # the next beat (named "AB =" here, it stood 5 s before the words named it: review).
            # (It goes in the first quarter of the move, as `renamed` takes a name away: faded over the whole
            # move, "B =" stood beside figures that were no longer B's.)
            was, live.tag = live.tag, None
            going = [FadeOut(was, rate_func=lambda t: smooth(min(1.0, t / 0.25)))] if was is not None else []
            self.play(*moved(A, "result"), *going, until="p1")
            # Where î landed, framed as its figures arrive, and read off figure by figure as each is said.
            where_i = live.column_box(0, BASIS_ROLES[0])
            self.tidy(landed(0), soon(Create(where_i), "p2"), *lit(live.column(0)[0], role=BASIS_ROLES[0]), until="p2")
            self.play(*lit(live.column(0)[1], role=BASIS_ROLES[0]), run_time=1.0)

        # --- 4. the product worked row by column, both columns --------------------------------------
        first, second = (ColumnWorking(ab, c, size=PANEL_SIZE).move_to(lay.working_at) for c in (0, 1))
        with say(
            f"Procedurally, each cell of <ab>AB is <r>a row of A dotted with <cb>a column of B: <c>its first column "
            f"is {marked_point(AB[:, 0], 'p1', 'p2', places)}, "
            f"<w>exactly where î landed. <q>Its second column, {marked_point(AB[:, 1], 'q1', 'q2', places)}, "
            f"is <wj>where ĵ landed.",
            "row by column",
        ):
            steps = first.steps()
            moving.forget()
            # AB takes the live matrix's place, its cells to be worked out: one result on screen, not two.
            self.play(
                FadeOut(after_b),
                FadeOut(where_i),
                ab.rest(),
                FadeOut(live_parts),
                *live.unname(),
                FadeIn(lay.ab_tag),
                FadeIn(product.brackets()),
                until="ab",
            )
            self.tidy(*lit(product.brackets(), role="result"), steps[0], until="r")
            # A's row framed as "a row of A" is said, B's column as "a column of B" is, their pairs written.
            self.tidy(steps[1], until="cb")
            self.tidy(steps[2], until="c")
            self.tidy(steps[3], until="p1")
            self.tidy(steps[4], steps[5], until="p2")
            self.tidy(steps[6], until="w")
            box_i = framed(product.column(0), BASIS_ROLES[0])
            self.play(soon(Create(box_i), "q", seconds=0.3), landed(0), until="q")
            steps = second.steps()
            # The first column's working gone before the second's is written in its place (faded
            # across each other, the two stood over each other for half a second: review, matmul 221 s).
            self.tidy(
                AnimationGroup(
                    AnimationGroup(FadeOut(first), FadeOut(box_i), run_time=0.4),
                    AnimationGroup(steps[0], steps[1], steps[2]),
                    lag_ratio=1.0,
                ),
                until="q1",
            )
            self.tidy(steps[3], until="q2")
            self.tidy(AnimationGroup(AnimationGroup(steps[4], steps[5]), steps[6], lag_ratio=1.0), until="wj")
            box_j = framed(product.column(1), BASIS_ROLES[1])
            self.play(soon(Create(box_j), run_time=1.0), landed(1), run_time=1.0)

        # --- 5. AB in one step -----------------------------------------------------------------------
        outline_ab = moving.outline("result", AB)
        ab_whole = VGroup(lay.ab_tag, product)
        with say(
            "Applying <ab>AB in one step <l>lands on the same grid: <n>one new transformation that combines "
            "<t>the two.",
            "AB in one step",
        ):
            acting = framed(ab_whole, "result")
            # Under the moving plane: î and ĵ land on its edges, and dashes drawn over an arrow
            # striped it (a talk's A = [[2, 0], [0, 0.5]], B = [[1, 1], [0, 1]]: AB's î is BA's).
            self.add(outline_ab.set_opacity(0))
            self.bring_to_back(outline_ab)
            self.play(
                FadeOut(second),
                FadeOut(box_j),
                outline_ab.animate.set_opacity(1),
                FadeIn(lay.key),
                Create(acting),
                until="ab",
            )
            moving.avoid(AB)
            self.play(moving.restart(run_time=1.0), until="l")
            self.play(moving.move_by(AB, "result"), until="n")
            self.play(
                ShowPassingFlash(outline_ab.copy().set_stroke(colour("highlight"), width=6), time_width=0.5),
                *lit(product.entries(), role="result"),
                until="t",
            )
            # "the two": A and B each lit and framed in its colour, one after the other, each frame whole
            # while "the two" is said (their figures only brightening, the picture barely moved under the
            # words; frames run round them as passing flashes stood half drawn at 70% of the cue: review).
            # (As close round them as the frame of the one acting: at framed's margin B's ran past title-safe.)
            two = [
                SurroundingRectangle(
                    VGroup(ab.grids[k], ab.names[k]), color=role_colour(role), buff=0.08, stroke_width=3
                )
                for k, role in enumerate(("a", "b"))
            ]
            self.play(
                Create(two[0], rate_func=lambda t: smooth(min(1.0, t / 0.35))),
                Create(two[1], rate_func=lambda t: smooth(min(1.0, max(0.0, t - 0.25) / 0.35))),
                *lit(ab.grids[0].entries(), role="a"),
                *lit(ab.grids[1].entries(), role="b"),
                run_time=1.2,
            )

        # --- 6. the order matters ---------------------------------------------------------------------
        same = commute(A, B)
        ending = (
            "These two commute: <a>first A, then <b>B lands on <ba>the same grid, so <ne>AB = <last>BA."
            if same
            else f"The order matters: <a>first A {describe_transformation(A, 'the plane')}, then <b>B "
            f"{marked_turn(describe_transformation(B), 'deg')}: that is <ba>BA, <dg>a different grid, so <ne>AB ≠ <last>BA."
        )
        # Written as it is said, AB first ("BA ≠ AB" under "so AB ≠ BA" read as another claim: review).
        statement = math("AB", "=" if same else r"\neq", "BA", size=SIZES.heading).move_to(factors(ba))
        statement[0].set_color(role_colour("result"))
        statement[2].set_color(role_colour(BA_ROLE))
        with say(ending, "order matters") as beat:
            # The factors swap places: A · B goes, each factor sliding a little towards the other's
            # place as it fades, then B · A comes, each sliding in from the other's side; AB and its
            # frame go with A · B, and the live matrix comes back, on a fresh plane, with B · A. One
            # after the other, never both: flown along arcs, A left the frame over B and B crossed the
            # live matrix, and AB cross-faded into the live figures, digits doubled (review).
            nudge = RIGHT * 0.1  # (less than the gap between a bracket and the sign)
            going = AnimationGroup(
                FadeOut(VGroup(ab.grids[0], ab.names[0]), shift=nudge),
                FadeOut(VGroup(ab.grids[1], ab.names[1]), shift=-nudge),
                FadeOut(acting),
                FadeOut(VGroup(*two)),
                FadeOut(ab_whole),
            )
            coming = AnimationGroup(
                FadeIn(VGroup(ba.grids[0], ba.names[0]), shift=-nudge),
                FadeIn(VGroup(ba.grids[1], ba.names[1]), shift=nudge),
                FadeIn(live_parts),
            )
            fresh = moving.restart(run_time=1.0)
            live_parts.update()  # the live figures read the fresh plane before they fade in
            self.tidy(Succession(going, coming), ReplacementTransform(ab.dot, ba.dot), fresh, until="a")
            ab_whole.shift(lay.product_below - product.get_center())
            # (Tidied: a move running across the cue's end left ĵ's figure out of sight in its last frame.)
            self.tidy(soon(ba.act(1), "b"), *moved(A, "a"), until="b")
            turn = turn_angle(moving) if "deg" in beat.marks else None
            if turn is not None:
                self.allow_turn_label(turn, moving)
                self.add(turn)
                self.play(soon(ba.act(0), "deg"), *moved(B, BA_ROLE), until="deg")
                self.play(light(turn.degrees, "highlight"), until="ba")
                turn.clear_updaters()
            else:
                self.play(soon(ba.act(0), "ba"), *moved(B, BA_ROLE), until="ba")
            self.tidy(
                ba.rest(),
                live.name_as("BA", BA_ROLE),
                *([FadeOut(turn)] if turn is not None else []),
                until="dg" if not same else "ne",
            )
            # B · A has done its work: AB comes back under BA to be compared with it, the grid it
            # landed on flashing beside BA's.
            compare = [
                FadeOut(factors(ba)),
                # BA's column headings go as AB comes back without any: the two written alike, to be
                # compared figure by figure (review, matmul 249 s).
                FadeOut(live.heads),
                FadeIn(ab_whole, scale=0.85),  # (risen from below, it dipped into the caption band)
                ShowPassingFlash(outline_ab.copy().set_stroke(colour("highlight"), width=6), time_width=0.5),
            ]
            if not same:
                self.tidy(*compare, *lit(*live.numbers, role=BA_ROLE), until="ne")
                # Whole while it is said (faded in over all of "AB is not equal to", it stood a faint ghost), AB's
                # name lit under it meanwhile (the statement stood still under the words).
                self.tidy(
                    soon(FadeIn(statement, shift=DOWN * 0.2), "last", seconds=0.4),
                    *lit(lay.ab_tag[0], role="result"),
                    until="last",
                )
            else:
                self.tidy(
                    AnimationGroup(AnimationGroup(*compare), FadeIn(statement, shift=DOWN * 0.2), lag_ratio=1.0),
                    until="last",
                )
            self.play(*lit(statement[0], role="result"), *lit(statement[2], role=BA_ROLE), run_time=0.8)
