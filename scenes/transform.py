"""Lesson 2, the geometric interpretation: a 2x2 matrix moves the plane, î and ĵ land on its
columns, B then A is the product AB (computed row by column as in RowByColumnMatmul), and
AB differs from BA.

Every figure is computed from the scene's params through mathcore; the plane, the live matrix
and the product lines are toolkit/plane.py's widgets.
"""

from __future__ import annotations

import re

import numpy as np
from manim import DOWN, Create, FadeIn, FadeOut, Flash, Indicate, LaggedStart, VGroup

from mathcore import as_plane_matrix, commute, compose, describe_transformation, fmt_number
from scenes.catalog import MatrixAsTransformationParams
from toolkit.layout import GAP, SAFE, Region
from toolkit.lesson_scene import LessonScene
from toolkit.matrices import min_math_size
from toolkit.plane import ColumnWorking, LiveMatrix, MovingPlane, ProductLine, extent_for
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
# The acting frame (ProductLine.act) stands this far outside its matrix.
FRAME_MARGIN = 0.1


def beside(panel: VGroup) -> tuple[Region, Region]:
    """The plane's region and the panel's: the panel's just wide enough for `panel`."""
    share = (panel.width + GAP + 0.05) / SAFE.width
    readable = (panel.width * min_math_size() / SIZES.body + GAP + 0.05) / SAFE.width
    fraction = 1 - min(share, max(PANEL_AT_MOST, min(readable, PANEL_READABLE_MOST)))
    return SAFE.split_x(min(fraction, 0.5))


def point(v) -> str:
    return f"({fmt_number(v[0])}, {fmt_number(v[1])})"


def spoken(caption: str) -> str:
    """The caption as the narrator says it: hats, products, degrees and the not-equal sign in words."""
    caption = caption.replace("î", "i-hat").replace("ĵ", "j-hat").replace("≠", "is not equal to").replace("°", " degrees")
    return re.sub(r"\b([AB])([AB])\b", r"\1 \2", caption)


def lay_out(A, B, AB, BA) -> tuple[MovingPlane, LiveMatrix, ProductLine, ProductLine]:
    """The plane on the left (centred above room for the dashed grid's key); on the right,
    A · B = AB, the live matrix of where î and ĵ are, and B · A = BA (where the working is first)."""
    ab = ProductLine(A, B, AB, ("A", "B", "AB"), ("a", "b", "result"))
    ba = ProductLine(B, A, BA, ("B", "A", "BA"), ("b", "a", "result"))
    plane_region, panel_region = beside(VGroup(ab, ba))
    # Centred in the room above the key: a plane narrowed by a wide panel sits level with the
    # panel's middle row, not at the top of a half-empty column.
    above_key = Region(plane_region.name, plane_region.left, plane_region.right, plane_region.bottom + KEY_ROOM,
                       plane_region.top)
    side = min(above_key.width, above_key.height)
    moving = above_key.place(MovingPlane(extent_for(A, B, AB, BA), height=side))
    live = LiveMatrix(moving)
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
        working = ColumnWorking(ab, 0).move_to(ba)
        for label in (moving.i_label, moving.j_label):
            self.layout_allows(label, kinds=("text on line",),
                               reason="the grid passes under î and ĵ wherever they land; a background patch keeps them legible")

        def say(caption: str, name: str):
            return self.beat(caption, name=name, say=spoken(caption))

        with say("A matrix can represent a transformation of the plane. Watch the grid and the unit vectors î and ĵ.",
                 "the plane"):
            self.play(moving.appear(), FadeIn(live), run_time=2.0)
            # Each unit vector and the live column that reads where it is (the labels' [1]: not their patches).
            for k, (arrow, label) in enumerate(((moving.i_hat, moving.i_label), (moving.j_hat, moving.j_label))):
                self.play(*(Indicate(m, color=colour("highlight")) for m in (arrow, label[1], live.heads[k], *live.column(k))),
                          *([ab.show(0)] if k else []), run_time=1.0)

        boxes = VGroup(*(VGroup(ab.grids[0].col_box(k, "a"), live.column_box(k, "a")) for k in (0, 1)))
        with say(f"A {describe_transformation(A, 'the plane')}: î lands on A's first column, {point(A[:, 0])}, "
                 f"and ĵ on its second, {point(A[:, 1])}.", "A moves the plane"):
            self.play(moving.move_by(A, "a"), ab.act(0))
            self.play(LaggedStart(*(Create(b) for b in boxes), lag_ratio=0.6), run_time=1.4)

        with say(f"Compose two transformations: first B {describe_transformation(B, 'the plane')}, "
                 f"then A {describe_transformation(A)}. î lands at {point(AB[:, 0])}.", "B then A"):
            self.play(FadeOut(boxes), moving.reset(run_time=1.0), ab.show(1), ab.rest())
            self.play(moving.move_by(B, "b"), ab.act(1))
            self.play(moving.move_by(A, "result"), ab.act(0))

        with say(f"Procedurally, each cell of AB is a row of A dotted with a column of B: "
                 f"its first column is {point(AB[:, 0])}, exactly where î landed.", "row by column"):
            self.play(ab.show(2), ab.rest(), run_time=0.6)
            for step in working.steps():
                self.play(step, run_time=0.9)
            self.play(ab.fill_column(1), run_time=1.2)
            landed = VGroup(ab.product.col_box(0, "result"), live.column_box(0, "result"))
            self.play(Create(landed), Flash(moving.tip(0), color=colour("result")), run_time=0.8)

        ghost = moving.ghost("result", name=r"\mathbf{AB}")
        ghost.legend.next_to(moving, DOWN, buff=0.15)
        with say("Applying AB in one step lands on the same grid: one new transformation that combines the two.",
                 "AB in one step"):
            self.play(FadeOut(working), FadeOut(landed), FadeIn(ghost), run_time=0.6)
            self.bring_to_front(moving)
            self.play(moving.reset(run_time=1.0))
            self.play(moving.move_by(AB, "result", run_time=2.0), ab.act(2))

        same = commute(A, B)
        with say("These two commute: first A, then B lands on the same grid, so AB = BA." if same else
                 "The order matters: first A, then B gives BA, a different grid, so AB ≠ BA.", "order matters"):
            # AB's grid goes; its square and its î, ĵ stay, to set BA's beside.
            self.play(moving.reset(run_time=0.8), FadeOut(ghost.lines), ab.rest(), *(ba.show(k) for k in range(3)),
                      ba.fill())
            self.play(moving.move_by(A, "a", run_time=1.5), ba.act(1))
            self.play(moving.move_by(B, "result", run_time=1.5), ba.act(0))
            self.play(ba.rest(), ba.rename(r"\mathbf{BA}", "=" if same else r"\neq", r"\mathbf{AB}"), run_time=0.8)
