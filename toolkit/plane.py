"""The plane a 2x2 matrix moves, 3Blue1Brown's picture: a fixed background grid, a grid that
moves with the matrix, the unit square it carries (shaded), the unit vectors î and ĵ, and a
live matrix of where î and ĵ are now.

The plane's state is its current matrix, held in four ValueTrackers; the moving grid, î, ĵ
and every live number redraw from them on each frame. A move animates the trackers from the
current matrix C to M·C, entry by entry, which is exactly the straight-line path of every
point (manim's ApplyMatrix): the grid lines stay straight, parallel and evenly spaced all the way.

    plane = MovingPlane(extent=3)
    layout.TALL_MAIN.place(plane)
    self.play(plane.appear())
    self.play(plane.move_by(A, role="a"))     # î and ĵ land on A's columns, drawn in A's colour
    ghost = plane.ghost("result")             # a dashed copy of the grid where it is now
    self.play(plane.reset())                  # back to the untouched plane

Each widget returns its own animations; none compiles LaTeX after it is built.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    DashedLine,
    DashedVMobject,
    DecimalNumber,
    FadeIn,
    FadeOut,
    LaggedStart,
    ManimColor,
    MobjectMatrix,
    Rectangle,
    ReplacementTransform,
    Succession,
    SurroundingRectangle,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    interpolate_color,
)

from toolkit.builders import plane, plane_extent
from toolkit.formulas import DotProductLine
from toolkit.live import Drawn, arrow, placed, redrawn
from toolkit.matrices import MatrixGrid
from toolkit.moves import fly_copy
from toolkit.style import colour, math, product_dot
from toolkit.theme import SIZES

I_HAT, J_HAT = r"\hat{\imath}", r"\hat{\jmath}"
# The plane shows at least three cells each way from the origin, so the grid reads as a plane.
MIN_EXTENT = 3.0
# The fixed grid under the moving one.
BACKGROUND_OPACITY = 0.4
# The unit square's shade: enough to see where it went, little enough to read the grid through it.
SQUARE_OPACITY = 0.22


def extent_for(*matrices: Sequence[Sequence[float]]) -> float:
    """How far the plane must reach to show î, ĵ and where each matrix sends them, with room
    for their labels."""
    columns = [np.asarray(M, float)[:, k] for M in matrices for k in (0, 1)]
    return max(MIN_EXTENT, plane_extent([1.0, 1.0], *columns))


def clip_to_square(p0: np.ndarray, p1: np.ndarray, extent: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of the segment p0-p1 inside the square [-extent, extent]^2 (Liang-Barsky), or
    None when none of it is inside."""
    d = p1 - p0
    lo, hi = 0.0, 1.0
    for p, q in ((-d[0], p0[0] + extent), (d[0], extent - p0[0]), (-d[1], p0[1] + extent), (d[1], extent - p0[1])):
        if abs(p) < 1e-12:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return None
    return p0 + lo * d, p0 + hi * d


def clip_polygon_to_square(corners: Sequence[np.ndarray], extent: float) -> list[np.ndarray]:
    """The part of a convex polygon inside the square [-extent, extent]^2 (Sutherland-Hodgman:
    cut by each of the square's four sides in turn), as its corners; empty when none is inside."""
    out = [np.asarray(c, float) for c in corners]
    for axis, sign in ((0, 1), (0, -1), (1, 1), (1, -1)):
        inside = [sign * p[axis] <= extent for p in out]
        cut = []
        for k, p in enumerate(out):
            q, q_in = out[k - 1], inside[k - 1]
            if inside[k] != q_in:
                t = (sign * extent - q[axis]) / (p[axis] - q[axis])
                cut.append(q + t * (p - q))
            if inside[k]:
                cut.append(p)
        out = cut
        if not out:
            break
    return out


class MovingPlane(VGroup):
    """A square plane from -extent to extent whose grid, î and ĵ a 2x2 matrix moves (module doc)."""

    def __init__(self, extent: float = MIN_EXTENT, height: float = 6.0, size: int = SIZES.body):
        self.extent = float(extent)
        self.background = plane(self.extent, height)
        # The fixed grid stays as a faint reference: as bright as the moving grid, the two crossed
        # into a mesh of triangles once the plane was sheared.
        self.background.background_lines.set_stroke(opacity=BACKGROUND_OPACITY)
        self.step = float(self.background.x_range[2])
        self.entries = [ValueTracker(v) for v in (1.0, 0.0, 0.0, 1.0)]  # row by row
        # The arrows' colour fades from `_from` to `_to` as `mix` runs 0 -> 1 during a move.
        self.mix = ValueTracker(1.0)
        self._from = self._to = colour("text")

        # Grid lines at every step, far enough out that a turned or sheared grid still covers
        # the square; each is clipped to the square on every frame.
        reach = int(np.ceil(4 * self.extent / self.step))
        ks = [k * self.step for k in range(-reach, reach + 1)]
        far = reach * self.step
        self._segments = [((k, -far), (k, far), k == 0) for k in ks] + [((-far, k), (far, k), k == 0) for k in ks]
        self.grid = VGroup(*(VMobject() for _ in self._segments))
        redraw = Drawn(self.current, placed(self.background)).guarding(self._draw_grid)
        redraw(self.grid)
        self.grid.add_updater(redraw)

        # The unit square, shaded, moves with the grid: the parallelogram î and ĵ span shows a move
        # the grid alone hides (a quarter turn maps the grid's lines onto themselves, not the square).
        self.square = VMobject()
        shade = Drawn(self.current, self.arrow_colour, placed(self.background)).guarding(self._draw_square)
        shade(self.square)
        self.square.add_updater(shade)

        self.i_hat = redrawn(lambda: self._arrow(0), self.current, self.arrow_colour, placed(self.background))
        self.j_hat = redrawn(lambda: self._arrow(1), self.current, self.arrow_colour, placed(self.background))
        self.label_size = size
        self.i_label = math(I_HAT, size=size)
        self.j_label = math(J_HAT, size=size)
        for k, label in enumerate((self.i_label, self.j_label)):
            # Grid lines pass under the labels wherever the arrows land; a patch keeps them legible.
            label.add_background_rectangle(color=colour("background"), opacity=0.85, buff=0.06)
            # Placed again only when the matrix, the colour or the plane has moved, or something
            # else has moved the label: through every animation that leaves the plane still,
            # placing was a twentieth of MatrixAsTransformation's drawing thread (py-spy, -q h).
            place = Drawn(self.current, self.arrow_colour, placed(self.background)).guarding(
                lambda m, k=k: self._place_label(m, k))
            place(label)
            label.add_updater(place)
        super().__init__(self.background, self.grid, self.square, self.i_hat, self.j_hat, self.i_label, self.j_label)

    # --- state ------------------------------------------------------------------------------

    def current(self) -> np.ndarray:
        """The matrix the plane has been moved by so far."""
        return np.array([t.get_value() for t in self.entries], float).reshape(2, 2)

    def arrow_colour(self) -> str:
        return interpolate_color(ManimColor(self._from), ManimColor(self._to), self.mix.get_value())

    def tip(self, k: int) -> np.ndarray:
        """Where î (k = 0) or ĵ (k = 1) points now, in scene coordinates."""
        return self.background.c2p(*self.current()[:, k])

    # --- drawing ----------------------------------------------------------------------------

    def _draw_grid(self, grid: VGroup) -> None:
        """The lines clipped to the square (only when the matrix or the plane has moved: `Drawn`)."""
        M = self.current()
        for line, (p0, p1, is_axis) in zip(grid, self._segments):
            clipped = clip_to_square(M @ np.array(p0), M @ np.array(p1), self.extent)
            if clipped is None:
                # Outside the square: no points, so the camera leaves it out of the frame (most of
                # the far-reaching lines most of the time; drawn invisibly, they were a third of
                # the grid's drawing).
                line.clear_points()
                continue
            a, b = clipped
            line.set_points_as_corners([self.background.c2p(*a), self.background.c2p(*b)])
            # The moved axes stand out from the other moved lines, as the fixed axes do.
            line.set_stroke(colour("text") if is_axis else colour("muted"), width=3 if is_axis else 1.6,
                            opacity=0.9 if is_axis else 0.7)

    def _draw_square(self, square: VMobject) -> None:
        """The image of the unit square, clipped to the plane, in the arrows' colour."""
        M = self.current()
        corners = clip_polygon_to_square([np.zeros(2), M[:, 0], M[:, 0] + M[:, 1], M[:, 1]], self.extent)
        if len(corners) < 3 or abs(np.linalg.det(M)) < 1e-9:  # out of the plane, or squashed flat
            square.clear_points()
            return
        square.set_points_as_corners([self.background.c2p(*c) for c in [*corners, corners[0]]])
        square.set_fill(self.arrow_colour(), opacity=SQUARE_OPACITY).set_stroke(width=0)

    def _arrow(self, k: int) -> VMobject:
        start, end = self.background.c2p(0, 0), self.tip(k)
        if np.linalg.norm(end - start) < 0.05:  # squashed to the origin: nothing to point at
            return VMobject()
        return arrow(start, end, self.arrow_colour(), stroke_width=SIZES.stroke,
                     max_tip_length_to_length_ratio=0.3, tip_length=0.25)

    # Where each label sits before the plane moves: past the tip and off its arrow, inside the
    # grid cell next to the tip. The label moves with that point, so it stays in that cell.
    LABEL_AT = (np.array([1.3, 0.35]), np.array([-0.35, 1.3]))

    def _place_label(self, label: VMobject, k: int) -> None:
        M = self.current()
        here, there = (self.background.c2p(*(M @ (self.LABEL_AT[j] * min(self.step, 1.0)))) for j in (k, 1 - k))
        label.move_to(here + self._apart(here, there, k, label))
        label[1:].set_color(self.arrow_colour())  # [0] is the background patch

    def _apart(self, here: np.ndarray, there: np.ndarray, k: int, label: VMobject) -> np.ndarray:
        """A matrix that squashes the plane towards a line brings LABEL_AT's two points together,
        and î's and ĵ's labels onto each other: each then moves half the way they lack to clear
        each other (both labels are the same size), along the line between their points (or, when
        those coincide, across the line the plane is squashed onto, î to one side and ĵ to the other)."""
        d = (here - there)[:2]
        if np.linalg.norm(d) > 1e-6:
            u = d / np.linalg.norm(d)
        else:
            col = max((self.current()[:, j] for j in (0, 1)), key=np.linalg.norm)
            u = np.array([-col[1], col[0]]) / (np.linalg.norm(col) or 1.0)
            if not np.linalg.norm(col):
                u = np.array([0.0, 1.0])
            u = u if k == 0 else -u
        gap = 0.1
        w, h = label.width + gap, label.height + gap
        # How far apart along u the two centres must be for the boxes not to meet.
        need = min(w / abs(u[0]) if abs(u[0]) > 1e-9 else np.inf, h / abs(u[1]) if abs(u[1]) > 1e-9 else np.inf)
        lack = need - float(np.dot(d, u))
        return np.array([*(u * lack / 2), 0.0]) if lack > 0 else np.zeros(3)

    # --- animations -------------------------------------------------------------------------

    def appear(self, run_time: float = 1.5) -> AnimationGroup:
        return AnimationGroup(FadeIn(self.background), Create(self.grid),
                              AnimationGroup(FadeIn(self.square), FadeIn(self.i_hat), FadeIn(self.j_hat), FadeIn(self.i_label),
                                             FadeIn(self.j_label)), lag_ratio=0.5, run_time=run_time)

    def move_to_matrix(self, target: np.ndarray, role: str, run_time: float = 2.0) -> AnimationGroup:
        """The plane moves from where it is to `target` (every point on a straight line), and
        î, ĵ take on `role`'s colour as they go. Build it just before it is played."""
        target = np.asarray(target, float)
        self._from, self._to = self.arrow_colour(), colour(role)
        self.mix.set_value(0.0)
        return AnimationGroup(*(t.animate.set_value(v) for t, v in zip(self.entries, target.flat)),
                              self.mix.animate.set_value(1.0), run_time=run_time)

    def move_by(self, M: np.ndarray, role: str, run_time: float = 2.0) -> AnimationGroup:
        """M acts on the plane as it is now: the plane's matrix goes from C to M·C."""
        return self.move_to_matrix(np.asarray(M, float) @ self.current(), role, run_time)

    def reset(self, run_time: float = 1.0) -> AnimationGroup:
        return self.move_to_matrix(np.eye(2), "text", run_time)

    def ghost(self, role: str, name: str | None = None) -> VGroup:
        """A still, dashed copy of the moved grid and of î and ĵ where they are now, in `role`'s
        colour, with a key naming it `name` (LaTeX) to place beside the plane: what a later move can
        be seen to land on (or not)."""
        lines = VGroup()
        for line in self.grid:
            if not line.has_points():
                continue  # outside the square
            length = np.linalg.norm(line.get_end() - line.get_start())
            if line.get_stroke_opacity() > 0 and length > 0.05:
                # Dashes of one length whatever the line's: a clipped corner line is not dotted.
                lines.add(DashedVMobject(line.copy().clear_updaters(), num_dashes=max(2, int(length / 0.22))))
        # Quieter than the grid that moves over it, so that the two grids can be told apart.
        lines.set_stroke(colour(role), width=2, opacity=0.6)
        outline = VGroup()
        if self.square.has_points():
            # The square's outline, dashed: where the unit square went under this move.
            square = self.square.copy().clear_updaters().set_fill(opacity=0)
            outline.add(DashedVMobject(square.set_stroke(colour(role), width=4, opacity=1), num_dashes=20))
        arrows = VGroup(*(a.copy().clear_updaters() for a in (self.i_hat, self.j_hat)))
        arrows.set_color(colour(role)).set_opacity(0.6)
        group = VGroup(lines, outline, arrows)
        # The grid's lines can go (`FadeOut(ghost.lines)`) while the square and î, ĵ stay to compare.
        group.lines, group.outline, group.arrows = lines, outline, arrows
        group.legend = None
        if name:
            # A key beside the plane, not a tag on it: î and ĵ's labels roam the plane and would meet it.
            sample = DashedLine(ORIGIN, RIGHT * 0.9, dash_length=0.12, color=colour(role), stroke_width=3)
            group.legend = VGroup(sample, math(name, size=self.label_size, role=role)).arrange(RIGHT, buff=0.2)
            group.add(group.legend)
        return group


class LiveMatrix(VGroup):
    """The plane's current matrix as live numbers, headed î and ĵ: column 1 is where î is now
    and column 2 where ĵ is, in the arrows' colour."""

    def __init__(self, moving: MovingPlane, size: int = SIZES.body, places: int = 2):
        self.moving = moving
        # Slots as wide as the widest figure the plane can show, so the brackets never move.
        slots = [[Rectangle(width=0.95 * size / SIZES.body, height=0.42 * size / SIZES.body, stroke_opacity=0)
                  for _ in range(2)] for _ in range(2)]
        self.matrix = MobjectMatrix(slots, h_buff=1.45 * size / SIZES.body, v_buff=0.75 * size / SIZES.body,
                                    bracket_config={"color": colour("muted")})
        self.numbers = VGroup()
        for r in range(2):
            for c in range(2):
                number = DecimalNumber(moving.current()[r, c], num_decimal_places=places, font_size=size)
                # Set, coloured and centred again only when its entry, the colour or its slot has
                # changed, or something else has moved it: through the animations that leave the
                # plane still, following was a sixth of MatrixAsTransformation's drawing thread.
                follow = Drawn(lambda r=r, c=c: moving.current()[r, c], moving.arrow_colour,
                               lambda slot=slots[r][c]: slot.points).guarding(
                    lambda d, r=r, c=c, slot=slots[r][c]: self._follow(d, r, c, slot))
                follow(number)
                number.add_updater(follow)
                self.numbers.add(number)
        columns = self.matrix.get_columns()
        self.heads = VGroup(*(math(s, size=size).next_to(columns[k], UP, buff=0.2)
                              for k, s in enumerate((I_HAT, J_HAT))))
        for head in self.heads:
            head.add_updater(self._recolour)
        super().__init__(self.matrix, self.numbers, self.heads)

    def _follow(self, number: DecimalNumber, r: int, c: int, slot: VMobject) -> None:
        number.set_value(self.moving.current()[r, c])
        self._recolour(number)
        number.move_to(slot)

    def _recolour(self, m: VMobject) -> None:
        """In the arrows' colour: set again only when it or the glyphs (a new figure) change."""
        now = (str(self.moving.arrow_colour()), tuple(id(g) for g in m.submobjects))
        if getattr(m, "_coloured_as", None) != now:
            m.set_color(self.moving.arrow_colour())
            m._coloured_as = now

    def column(self, k: int) -> list[DecimalNumber]:
        """Column k's numbers (a list, not a group: a new group played would be added to the scene twice over)."""
        return [self.numbers[k], self.numbers[2 + k]]

    def column_box(self, k: int, role: str = "highlight") -> SurroundingRectangle:
        return SurroundingRectangle(VGroup(*self.column(k), self.heads[k]), color=colour(role), buff=0.12,
                                    stroke_width=3)


class ProductLine(VGroup):
    """left · right = product, three 2x2 matrices in their roles' colours with their names
    under them; the product's cells start hidden, to be worked out (`ColumnWorking`, `fill_column`)
    or shown (`fill`)."""

    def __init__(self, left: np.ndarray, right: np.ndarray, product: np.ndarray,
                 names: tuple[str, str, str], roles: tuple[str, str, str], size: int = SIZES.body):
        self.size = size
        self.values = [np.asarray(M, float) for M in (left, right, product)]
        self.grids = [MatrixGrid.tight(M, role, size=size) for M, role in zip(self.values, roles)]
        self.dot, self.equals = product_dot(size=size), math("=", size=size)
        row = VGroup(self.grids[0], self.dot, self.grids[1], self.equals, self.grids[2]).arrange(buff=0.18)
        self.names = VGroup(*(math(rf"\mathbf{{{n}}}", size=size, role=role).next_to(g, DOWN, buff=0.15)
                              for n, role, g in zip(names, roles, self.grids)))
        self.frame: SurroundingRectangle | None = None
        super().__init__(row, self.names)

    @property
    def product(self) -> MatrixGrid:
        return self.grids[2]

    def show(self, k: int) -> FadeIn:
        """The k-th matrix (0, 1 or 2) with its name; the product's brackets only, for 2."""
        g = self.grids[k]
        body = VGroup(g.matrix.get_brackets()) if k == 2 else g
        ops = [self.dot] if k == 1 else [self.equals] if k == 2 else []
        return FadeIn(VGroup(*ops, body, self.names[k]))

    def act(self, k: int):
        """A frame round the k-th matrix and its name, in its colour: this one is moving the plane
        now. The frame moves on from the matrix framed before."""
        new = SurroundingRectangle(VGroup(self.grids[k], self.names[k]), color=colour(self.grids[k].role),
                                   buff=0.08, stroke_width=3)
        if self.frame is None:
            self.frame = new
            return Create(new)
        return Transform(self.frame, new)

    def rest(self) -> FadeOut:
        """The frame goes: no matrix is acting."""
        frame, self.frame = self.frame, None
        return FadeOut(frame)

    def fill_column(self, c: int) -> LaggedStart:
        """Column c of the product appears the same way without its working: column c of the right
        matrix is framed, and its cells drop in one after the other."""
        frame = self.grids[1].col_box(c, self.grids[1].role)
        cells = [self.product.cell(r, c) for r in range(2)]
        return Succession(Create(frame), LaggedStart(*(FadeIn(m, shift=DOWN * 0.2) for m in cells), lag_ratio=0.5),
                          FadeOut(frame))

    def fill(self) -> FadeIn:
        return FadeIn(VGroup(*self.cells()))

    def rename(self, *parts: str, role: str = "result"):
        """The product's name becomes `parts` (e.g. BA, \\neq, AB; the middle part in the
        highlight colour), under the product and no further right than the line."""
        old = self.names[2]
        new = math(*parts, size=self.size, role=role).move_to(old)
        if len(parts) == 3:
            new[1].set_color(colour("highlight"))
        new.shift(np.array([min(0.0, self.get_right()[0] - new.get_right()[0]), 0.0, 0.0]))
        self.names.remove(old)
        self.names.add(new)
        return ReplacementTransform(old, new)

    def cells(self) -> list[VMobject]:
        g = self.product
        return [g.cell(r, c) for r in range(2) for c in range(2)]


class ColumnWorking(VGroup):
    """Column c of a ProductLine's product worked row by column, one DotProductLine per row:
    (AB)_1c = (row r of A) · (column c of B) = total, each total landing in its cell."""

    def __init__(self, line: ProductLine, c: int, name: str = "AB", size: int = SIZES.body):
        self.line, self.c = line, c
        left, right, product = line.values
        self.rows = [DotProductLine(left[r], right[:, c], prefix=rf"({name})_{{{r + 1}{c + 1}}} =", products=False,
                                    total=product[r, c], size=size) for r in range(2)]
        super().__init__(*self.rows)
        self.arrange(DOWN, buff=0.35)

    def steps(self) -> list:
        """The animations to play one after another: the prefixes; then for each row, its row of
        the left matrix and the column of the right framed as their pairs fly out, and the total
        landing in the product."""
        A, B, C = self.line.grids
        out = [FadeIn(VGroup(*(row.prefix for row in self.rows)))]
        for r, row in enumerate(self.rows):
            lit = VGroup(A.row_box(r, A.role), B.col_box(self.c, B.role))
            out.append(AnimationGroup(Create(lit), *(row.write_pair(s, A.cell(r, s), B.cell(s, self.c))
                                                     for s in range(2))))
            out.append(AnimationGroup(row.sum_up(boxed=False), fly_copy(row.total, C.cell(r, self.c)),
                                      FadeOut(lit)))
        return out


__all__ = ["I_HAT", "J_HAT", "ColumnWorking", "LiveMatrix", "MovingPlane", "ProductLine", "clip_to_square",
           "extent_for"]
