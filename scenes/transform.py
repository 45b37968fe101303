"""Lesson 2, the geometric interpretation: a 2x2 matrix moves the plane, î and ĵ land on its
columns, B then A is the product AB (computed row by column as in RowByColumnMatmul), and
AB differs from BA.

Every figure is computed from the scene's params through mathcore; the plane, the live matrix
and the product lines are toolkit/plane.py's widgets. The plane moves along
mathcore.transformation_path: a rotation turns at full size, a shear shears, never a shrinking
square. î and ĵ keep their own colours throughout; the shaded unit square takes the colour of
the matrix that moved it (A, B, AB, and BA in a colour of its own). Each beat's words are marked
so that what a phrase names is drawn, moved or lit while it is said.
"""

from __future__ import annotations

import re

from manim import (
    DOWN,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    Flash,
    GrowArrow,
    Indicate,
    ShowPassingFlash,
    VGroup,
)

from mathcore import as_plane_matrix, commute, compose, describe_transformation, fmt_number
from narration import marks
from scenes.catalog import MatrixAsTransformationParams
from toolkit.layout import GAP, SAFE, Region
from toolkit.lesson_scene import LessonScene
from toolkit.matrices import min_math_size
from toolkit.plane import ColumnWorking, LiveMatrix, MovingPlane, ProductLine, role_colour, window_for
from toolkit.style import colour
from toolkit.theme import SIZES

# The plane takes the left of the frame, square; the panel of matrices takes the right, as wide as
# A · B = AB needs at body size (wider with two-decimal entries), but no more than this much...
PANEL_AT_MOST = 0.66
# ...unless the lines would then be drawn under 3%: the panel then takes what they need to be read
# (the plane, square, still gets the rest), up to this much. Stacking a line does not help: the
# three rows already fill the panel's height.
PANEL_READABLE_MOST = 0.75
KEY_ROOM = 0.6
# A plane at most this much taller than wide: past that, the extra rows are mostly empty grid.
MOST_ASPECT = 1.5
# The acting frame (ProductLine.act) stands this far outside its matrix.
FRAME_MARGIN = 0.1
# î and ĵ in two roles of their own, apart from A's, B's and the results' colours.
BASIS_ROLES = ("positive", "negative")
# BA, the second result, in a colour of its own beside AB's (toolkit.plane.OTHER_RESULT).
BA_ROLE = "other"


def beside(panel: VGroup) -> tuple[Region, Region]:
    """The plane's region and the panel's: the panel's just wide enough for `panel`."""
    share = (panel.width + GAP + 0.05) / SAFE.width
    readable = (panel.width * min_math_size() / SIZES.body + GAP + 0.05) / SAFE.width
    fraction = 1 - min(share, max(PANEL_AT_MOST, min(readable, PANEL_READABLE_MOST)))
    return SAFE.split_x(min(fraction, 0.5))


def point(v) -> str:
    return f"({fmt_number(v[0])}, {fmt_number(v[1])})"


def marked_point(v, first: str, second: str) -> str:
    """A point with a mark on each coordinate: "<first>(1.40, <second>0.60)"."""
    return f"<{first}>({fmt_number(v[0])}, <{second}>{fmt_number(v[1])})"


def spoken(caption: str) -> str:
    """The caption as the narrator says it: hats, products, degrees and the not-equal sign in words."""
    caption = caption.replace("î", "i-hat").replace("ĵ", "j-hat").replace("≠", "is not equal to").replace("°", " degrees")
    return re.sub(r"\b([AB])([AB])\b", r"\1 \2", caption)


def lay_out(A, B, AB, BA) -> tuple[MovingPlane, LiveMatrix, ProductLine, ProductLine]:
    """The plane on the left (centred above room for the dashed outline's key), fitted to where
    every matrix sends the unit square; on the right, A · B = AB, the live matrix of where î and ĵ
    are (named on its left), and B · A = BA (where the working is first)."""
    ab = ProductLine(A, B, AB, ("A", "B", "AB"), ("a", "b", "result"), upright=False)
    ba = ProductLine(B, A, BA, ("B", "A", "BA"), ("b", "a", BA_ROLE), upright=False)
    plane_region, panel_region = beside(VGroup(ab, ba))
    # Centred in the room above the key: a plane narrowed by a wide panel sits level with the
    # panel's middle row, not at the top of a half-empty column.
    above_key = Region(plane_region.name, plane_region.left, plane_region.right, plane_region.bottom + KEY_ROOM,
                       plane_region.top)
    # The window as tall as the region allows (the content keeps its size, more plane round it).
    window = window_for(A, B, AB, BA, aspect=min(above_key.height / above_key.width, MOST_ASPECT))
    moving = above_key.place(MovingPlane(height=above_key.height, window=window, basis_roles=BASIS_ROLES,
                                         turning=True))
    live = LiveMatrix(moving, written=True, tagged=True)
    # The live matrix right under A · B = AB: î's column there and AB's first column are boxed together.
    # Inset by the acting frame's margin, so a frame round the last line stays out of the caption band.
    inset = Region(panel_region.name, panel_region.left, panel_region.right, panel_region.bottom + FRAME_MARGIN,
                   panel_region.top - FRAME_MARGIN)
    inset.fit(VGroup(ab, live, ba).arrange(DOWN, buff=0.3))
    return moving, live, ab, ba


class MatrixAsTransformation(LessonScene):
    Params = MatrixAsTransformationParams

    def construct(self) -> None:
        A, B = as_plane_matrix(self.params.A, "A"), as_plane_matrix(self.params.B, "B")
        AB, BA = compose(A, B), compose(B, A)
        moving, live, ab, ba = lay_out(A, B, AB, BA)
        for label in (moving.i_label, moving.j_label):
            for ground in (moving.grid, moving.background):
                self.layout_allows(label, ground, kinds=("text on line",),
                                   reason="the grid passes under î and ĵ wherever they land; a background patch keeps "
                                          "them legible (arrows, the unit square and outlines they keep off)")

        def say(marked: str, name: str):
            """A beat whose words carry marks: the caption without them, the speech with them."""
            return self.beat(marks.strip(marked), name=name, say=spoken(marked))

        def lit(*items, role: str = "highlight"):
            return [Indicate(m, color=role_colour(role), scale_factor=1.15) for m in items]

        def landed(k: int):
            """î (k = 0) or ĵ's tip flashes where it landed."""
            return Flash(moving.tip(k), color=colour(BASIS_ROLES[k]), flash_radius=0.35, line_length=0.2)

        # --- 1. the plane, î and ĵ -----------------------------------------------------------------
        with say("A matrix can represent a transformation of the plane. Watch the <g>grid and the unit "
                 "vectors <i>î and <j>ĵ.", "the plane"):
            grid_flash = moving.grid.copy().clear_updaters().set_stroke(colour("highlight"), width=3, opacity=1)
            self.play(FadeIn(moving.background), Create(moving.grid), FadeIn(moving.square), FadeIn(live.matrix),
                      until="g")
            self.play(ShowPassingFlash(grid_flash, time_width=0.6), until="i")
            columns = [VGroup(live.heads[k], *live.column(k)) for k in (0, 1)]
            for k, (mark, arrow, label) in enumerate((("j", moving.i_hat, moving.i_label),
                                                      (None, moving.j_hat, moving.j_label))):
                # Each unit vector grows as it is named, and the live column that reads where it is.
                timing = {"until": mark} if mark else {"run_time": 1.0}
                self.play(GrowArrow(arrow), FadeIn(label), FadeIn(columns[k], shift=DOWN * 0.1), **timing)
            # The live matrix is one mobject on screen again (its numbers row by row, as read back).
            self.settle(live, [live.matrix, *columns])

        # --- 2. A moves the plane ------------------------------------------------------------------
        def boxes_for(k: int) -> VGroup:
            """A's column k and the live column k boxed together (built once the figures are there)."""
            return VGroup(ab.grids[0].col_box(k, "a"), live.column_box(k, BASIS_ROLES[k]))

        boxes = []
        with say(f"A {describe_transformation(A, 'the plane')}: î lands on A's <c1>first column, "
                 f"<p1>{point(A[:, 0])}, and ĵ on its <c2>second, <p2>{point(A[:, 1])}.", "A moves the plane"):
            # A appears, framed as the one acting, while it moves the plane.
            self.play(ab.show(0), ab.act(0), moving.move_by(A, "a"), until="c1")
            boxes.append(boxes_for(0))
            self.play(Create(boxes[0]), live.name_as("A", "a"), until="p1")
            self.play(landed(0), *lit(*live.column(0), role=BASIS_ROLES[0]), until="c2")
            boxes.append(boxes_for(1))
            self.play(Create(boxes[1]), until="p2")
            self.play(landed(1), *lit(*live.column(1), role=BASIS_ROLES[1]), run_time=1.0)

        # --- 3. B, then A on B's result --------------------------------------------------------------
        after_b = moving.outline("b", B)
        with say(f"Compose two transformations: first <b>B {describe_transformation(B, 'the plane')}, "
                 f"then <a>A {describe_transformation(A)}. î lands at {marked_point(AB[:, 0], 'p1', 'p2')}.", "B then A"):
            self.play(FadeOut(VGroup(*boxes)), moving.reset(run_time=1.0), *live.unname(), ab.show(1), ab.rest(),
                      until="b")
            self.play(ab.act(1), moving.move_by(B, "b"), until="a")
            # B's result stays, dashed, while A acts on it: A moves the square B turned, not the plane as it was.
            moving.avoid(B)
            self.play(FadeIn(after_b), ab.act(0), live.name_as("B", "b"), run_time=0.5)
            self.play(moving.move_by(A, "result"), until="p1")
            # Where î landed, read off the live column figure by figure as each is said.
            where_i = live.column_box(0, BASIS_ROLES[0])
            self.play(landed(0), live.name_as("AB", "result"), *lit(live.column(0)[0], role=BASIS_ROLES[0]),
                      until="p2")
            self.play(Create(where_i), *lit(live.column(0)[1], role=BASIS_ROLES[0]), run_time=1.2)

        # --- 4. the product worked row by column, both columns --------------------------------------
        first, second = ColumnWorking(ab, 0).move_to(ba), ColumnWorking(ab, 1).move_to(ba)
        with say(f"Procedurally, each cell of <ab>AB is <r>a row of A dotted with a column of B: <c>its first column "
                 f"is {marked_point(AB[:, 0], 'p1', 'p2')}, "
                 f"<w>exactly where î landed. <q>Its second column, {marked_point(AB[:, 1], 'q1', 'q2')}, "
                 f"is where <wj>ĵ landed.", "row by column"):
            steps = first.steps()
            moving.forget()
            self.play(FadeOut(after_b), FadeOut(where_i), ab.rest(), ab.show(2), until="ab")
            self.play(*lit(ab.product.brackets(), role="result"), steps[0], until="r")
            self.play(steps[1], until="c")
            self.play(steps[2], until="p1")
            self.play(steps[3], until="p2")
            self.play(steps[4], until="w")
            box_i = VGroup(ab.product.col_box(0, "result"), live.column_box(0, BASIS_ROLES[0]))
            self.play(Create(box_i), landed(0), until="q")
            steps = second.steps()
            self.play(FadeOut(first), FadeOut(box_i), steps[0], steps[1], until="q1")
            self.play(steps[2], until="q2")
            self.play(AnimationGroup(steps[3], steps[4], lag_ratio=1.0), until="wj")
            box_j = VGroup(ab.product.col_box(1, "result"), live.column_box(1, BASIS_ROLES[1]))
            self.play(Create(box_j), landed(1), run_time=1.0)

        # --- 5. AB in one step -----------------------------------------------------------------------
        outline_ab = moving.outline("result", AB)
        key = moving.key("result", "AB").next_to(moving, DOWN, buff=0.15)
        with say("Applying <ab>AB in one step <l>lands on the same grid: <n>one new transformation that combines "
                 "<t>the two.", "AB in one step"):
            self.play(FadeOut(second), FadeOut(box_j), FadeIn(outline_ab), FadeIn(key), until="ab")
            moving.avoid(AB)
            self.play(moving.reset(run_time=1.0), *live.unname(), ab.act(2), until="l")
            self.play(moving.move_by(AB, "result"), until="n")
            self.play(ShowPassingFlash(outline_ab.copy().set_stroke(colour("highlight"), width=6), time_width=0.5),
                      live.name_as("AB", "result"), *lit(ab.product.entries(), role="result"), until="t")
            self.play(*lit(ab.grids[0].entries(), role="a"), *lit(ab.grids[1].entries(), role="b"), run_time=0.9)

        # --- 6. the order matters ---------------------------------------------------------------------
        same = commute(A, B)
        ending = ("These two commute: <a>first A, then <b>B lands on <ba>the same grid, so <ne>AB = <last>BA." if same else
                  f"The order matters: <a>first A {describe_transformation(A, 'the plane')}, then <b>B "
                  f"{describe_transformation(B)}: that is <ba>BA, <dg>a different grid, so <ne>AB ≠ <last>BA.")
        with say(ending, "order matters"):
            self.play(ab.rest(), moving.reset(run_time=1.0), *live.unname(), *(ba.show(k) for k in range(3)),
                      until="a")
            self.play(ba.act(1), moving.move_by(A, "a"), until="b")
            self.play(ba.act(0), moving.move_by(B, BA_ROLE), until="ba")
            self.play(ba.rest(), ba.fill(), live.name_as("BA", BA_ROLE), until="dg" if not same else "ne")
            if not same:
                self.play(ShowPassingFlash(outline_ab.copy().set_stroke(colour("highlight"), width=6), time_width=0.5),
                          *lit(ab.product.entries(), role="result"), *lit(ba.product.entries(), role=BA_ROLE),
                          until="ne")
            self.play(ba.rename("BA", "=" if same else r"\neq", "AB", role=BA_ROLE), until="last")
            self.play(*lit(ba.names[-1], role=BA_ROLE), run_time=0.8)
