"""Matrices drawn by concept: a matrix whose rows, columns and cells can be pointed at, a
product A·B = C that works itself out cell by cell, a layer of neurons that becomes the rows of
W, shapes that meet and vanish, and the chain matmul → dot product → multiply-accumulate.

Each widget builds and places its own parts and hands the scene its animations:

    product = MatrixProduct(A, B, C)
    STAGE.place(product)
    self.play(product.appear())
    self.play(product.select(0, 0))          # row 1 of A, column 1 of B, cell (1, 1) of C
    self.play(product.spot(0, 0, k))         # the k-th pair of that row and column
    self.play(product.fill(0, 0, line.total))

No figure is computed here: the scene passes what mathcore computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

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
    FadeOut,
    LaggedStart,
    Line,
    Matrix,
    Rectangle,
    ReplacementTransform,
    SingleStringMathTex,
    Succession,
    ShowPassingFlash,
    SurroundingRectangle,
    Transform,
    TransformFromCopy,
    ValueTracker,
    VGroup,
    VMobject,
    Wait,
    rush_from,
)

from toolkit.layout import MIN_TEXT_HEIGHT
from toolkit.light import light
from toolkit.moves import fly_copy, fly_off
from toolkit.style import colour, math, product_dot, tex_number
from toolkit.theme import SIZES

# Room between a box and the glyphs it surrounds; a frame (row/column) sits further out than a
# spot (one cell), so the two never share an edge.
FRAME_BUFF = 0.16


def times_sign(size: int = SIZES.heading) -> VMobject:
    """The product sign between two matrices: the one product dot of every scene (style.product_dot)."""
    return product_dot(size=size)


# Indices written at the size of the letter they index (TeX's script size would be 70% of it:
# under 3% of the frame height where a formula is drawn at heading size).
SUB = r"\textstyle "


def sub(s: str) -> str:
    """`s` as a subscript as large as the letter it follows: "C" + sub("1,1")."""
    return "_{" + SUB + s + "}"


def pulse(parts, color: str) -> AnimationGroup:
    """Each of `parts` (glyphs apart from each other: the two n's of a rule) is lit where it stands.
    One light over the whole group would pulse it about the group's centre and push the parts apart."""
    return AnimationGroup(*(light(p, color) for p in parts))


@lru_cache(maxsize=None)
def min_math_size() -> float:
    """The smallest font size at which LaTeX's digits are layout.MIN_TEXT_HEIGHT tall (with a hair
    to spare): a matrix drawn smaller than this is not legible."""
    probe = SingleStringMathTex("0", font_size=100)
    return 1.01 * MIN_TEXT_HEIGHT / (probe.height / 100)


def spread_for(values: np.ndarray, size: int = SIZES.body, places: int = 2) -> float:
    """The column spacing a matrix needs for its widest entry and no more, so that three 4x4
    matrices still fit side by side at a legible size."""
    unit = size / SIZES.body

    def width(s: str) -> float:
        # Glyph widths of LaTeX's digits, point and minus at body size, measured once.
        return (0.165 * sum(ch.isdigit() for ch in s) + 0.1 * s.count(".") + 0.26 * s.count("-")) * unit

    widest = max(width(tex_number(v, places)) for v in np.asarray(values, float).flat)
    return max(widest + 0.5 * unit, 0.85 * unit)


class MatrixGrid(VGroup):
    """A matrix of numbers whose rows, columns and cells can be pointed at.

    For example:

        A = MatrixGrid([[1, 2, 3], [4, 5, 6]], "a", "A")
        self.add(A, A.row_box(0), A.cell_box(1, 2))
    """

    def __init__(
        self,
        rows: Sequence[Sequence[float]],
        role: str,
        name: str | None = None,
        size: int = SIZES.body,
        h_buff: float | None = None,
        places: int = 2,
        bracket_buff: float | None = None,
    ):
        self.values = np.asarray(rows, dtype=float)
        self.role = role
        # `places`: decimals of the figures that are not whole (2: "0.50"; 1: "0.5").
        widest = max(len(tex_number(v, places)) for v in self.values.flat)
        self.matrix = Matrix(
            [[tex_number(v, places) for v in row] for row in self.values],
            element_to_mobject_config={"font_size": size, "color": colour(role)},
            bracket_config={"color": colour("muted")},
            h_buff=h_buff if h_buff is not None else (0.55 + 0.22 * widest) * size / SIZES.body,
            v_buff=0.75 * size / SIZES.body,
            # `bracket_buff`: room between the entries and the brackets (manim's 0.25 by default),
            # wider where a frame round a row, column or cell must stand clear of the brackets.
            **({} if bracket_buff is None else {"bracket_h_buff": bracket_buff}),
        )
        self.size = size
        self._built_height = self.matrix.height
        label = math(rf"{name} =", size=size, role=role) if name else None
        super().__init__(*([label] if label else []), self.matrix)
        self.label = label  # after init: Mobject.__init__ sets `name` to the class name
        self.arrange(RIGHT, buff=0.2)

    @classmethod
    def tight(
        cls,
        rows,
        role: str,
        name: str | None = None,
        size: int = SIZES.body,
        places: int = 2,
        bracket_buff: float | None = None,
    ) -> MatrixGrid:
        """Columns as far apart as the widest entry needs (see spread_for)."""
        return cls(
            rows, role, name, size=size, h_buff=spread_for(rows, size, places), places=places, bracket_buff=bracket_buff
        )

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    @property
    def drawn_size(self) -> float:
        """The font size its entries are drawn at now, after any scaling."""
        return self.size * self.matrix.height / self._built_height

    def cell(self, r: int, c: int) -> VMobject:
        return self.matrix.get_rows()[r][c]

    def row(self, r: int) -> VGroup:
        return self.matrix.get_rows()[r]

    def column(self, c: int) -> VGroup:
        return self.matrix.get_columns()[c]

    def entries(self) -> VGroup:
        return self.matrix.get_entries()

    def brackets(self) -> VGroup:
        return self.matrix.get_brackets()

    # --- boxes (kept as they were: the toolkit's control frames draw them) ---------------------

    def row_box(self, r: int, role: str | None = None) -> SurroundingRectangle:
        return SurroundingRectangle(self.row(r), color=colour(role or "a"), buff=0.12, stroke_width=3)

    def col_box(self, c: int, role: str | None = None) -> SurroundingRectangle:
        return SurroundingRectangle(self.column(c), color=colour(role or "b"), buff=0.12, stroke_width=3)

    def cell_box(self, r: int, c: int, role: str = "highlight") -> SurroundingRectangle:
        return SurroundingRectangle(self.cell(r, c), color=colour(role), buff=0.1, stroke_width=3)

    # --- frames and spots: a row or column framed, a cell lit from behind ----------------------

    def row_frame(self, r: int, role: str | None = None) -> Rectangle:
        """A frame round row r, as wide as the whole row (every row's frame the same width)."""
        return _frame(self.row(r), self.matrix.get_entries(), "x", role or self.role)

    def column_frame(self, c: int, role: str | None = None) -> Rectangle:
        return _frame(self.column(c), self.matrix.get_entries(), "y", role or self.role)

    def cell_frame(self, r: int, c: int, role: str = "highlight") -> Rectangle:
        return _frame(self.cell(r, c), self.cell(r, c), None, role)

    def spot(self, r: int, c: int, role: str = "highlight") -> VMobject:
        """The figure at (r, c) lit: a copy of it in the role's colour, a shade bolder, laid over it.
        Nothing is drawn behind the figure (a soft patch of light there greyed the cell and took its
        contrast: review) nor round it (a ring met the frame of its row or column)."""
        lit = self.cell(r, c).copy()
        return lit.set_fill(colour(role), opacity=1).set_stroke(colour(role), width=1.2, opacity=1)

    # --- animations --------------------------------------------------------------------------

    def appear(self, entries: bool = True) -> AnimationGroup:
        parts = [self.brackets()] + ([self.label] if self.label else []) + ([self.entries()] if entries else [])
        return AnimationGroup(*(FadeIn(p) for p in parts))

    def glow(self, role: str = "result") -> AnimationGroup:
        """Every entry pulses and the brackets take the role's colour: this matrix is the answer."""
        return AnimationGroup(
            light(self.entries(), colour(role)),
            self.brackets().animate.set_color(colour(role)),
        )


def _frame(target: VMobject, whole: VMobject, span: str | None, role: str) -> Rectangle:
    """A rectangle round `target`; with span "x" (a row) its height is the row's and its width
    the whole matrix's, with span "y" (a column) the other way, so frames stay one size as they move."""
    box = SurroundingRectangle(target, buff=FRAME_BUFF)
    if span == "x":
        box.stretch_to_fit_width(whole.width + 2 * FRAME_BUFF).set_x(whole.get_x())
    elif span == "y":
        box.stretch_to_fit_height(whole.height + 2 * FRAME_BUFF).set_y(whole.get_y())
    return box.set_stroke(colour(role), width=3).set_fill(opacity=0)


def matrix_grid(
    rows: Sequence[Sequence[float]], role: str, name: str | None = None, size: int = SIZES.body
) -> MatrixGrid:
    return MatrixGrid(rows, role, name, size)


# --- A · B = C, worked out cell by cell ---------------------------------------------------------


class MatrixProduct(VGroup):
    """A · B = C with C's entries hidden until each is filled. It remembers which row, column
    and cell are framed, so `select` moves the frames rather than stacking new ones.

    The names stand over the matrices: "A = [..] · B = [..] = C = [..]" would read as B = C.

        product = MatrixProduct([[1, 2], [3, 4]], [[5, 6], [7, 8]], [[19, 22], [43, 50]])
        self.play(product.appear())
        self.play(product.select(0, 1))
    """

    def __init__(
        self,
        A,
        B,
        C,
        names: tuple[str, str, str] = ("A", "B", "C"),
        size: int = SIZES.heading,
        op: str = r"\cdot",
        places: int = 2,
        bracket_buff: float | None = None,
    ):
        # `bracket_buff` (MatrixGrid's): more room inside the brackets, for frames that must clear them.
        self.A = MatrixGrid.tight(A, "a", None, size, places, bracket_buff)
        self.B = MatrixGrid.tight(B, "b", None, size, places, bracket_buff)
        self.C = MatrixGrid.tight(C, "result", None, size, places, bracket_buff)
        self.times = times_sign(size=size) if op == r"\cdot" else math(op, size=size)
        self.equals = math("=", size=size)
        self.row = VGroup(self.A, self.times, self.B, self.equals, self.C).arrange(RIGHT, buff=0.3)
        self.names = VGroup()
        # Each name over its matrix, clear of the frame a column gets (FRAME_BUFF past the entries).
        for n, g in zip(names, (self.A, self.B, self.C)):
            label = math(n, size=size, role=g.role)
            label.next_to(g, UP, buff=0.15).set_y(
                max(g.get_top()[1], g.entries().get_top()[1] + FRAME_BUFF) + 0.15 + label.height / 2
            )
            self.names.add(label)
        top = max(n.get_y() for n in self.names)
        for n in self.names:
            n.set_y(top)
        super().__init__(*self.row, self.names)
        self.frames: VGroup | None = None
        self.spots: VGroup | None = None
        self.filled: set[tuple[int, int]] = set()

    @classmethod
    def placed(cls, A, B, C, region, fill: float = 1.0, size: int = SIZES.heading, **kwargs) -> MatrixProduct:
        """Built and placed in `region`."""
        return region.place(cls(A, B, C, size=size, **kwargs), fill=fill)

    def appear(self) -> AnimationGroup:
        return AnimationGroup(
            self.A.appear(),
            FadeIn(self.times),
            self.B.appear(),
            FadeIn(self.equals),
            self.C.appear(entries=False),
            *([FadeIn(self.names)] if len(self.names) else []),
        )

    def _frames_for(self, i: int, j: int) -> VGroup:
        return VGroup(self.A.row_frame(i), self.B.column_frame(j), self.C.cell_frame(i, j))

    def select(self, i: int, j: int, fade: bool = False):
        """Frame row i of A, column j of B and cell (i, j) of C (moving the frames if shown; with
        `fade`, the shown frames fade out as the new ones fade in: quick steps through the cells,
        where a frame sliding from row to row crossed the figures between them)."""
        target = self._frames_for(i, j)
        if self.frames is None:
            self.frames = target
            return LaggedStart(*(Create(f) for f in self.frames), lag_ratio=0.5)
        if fade:
            old, self.frames = self.frames, target
            return AnimationGroup(FadeOut(old), FadeIn(target))
        return Transform(self.frames, target)

    def spot(self, i: int, j: int, k: int):
        """Light the k-th pair of row i and column j: A[i, k] and B[k, j] (the pair lit before
        goes as this one comes: one figure is never bent into another)."""
        target = VGroup(self.A.spot(i, k), self.B.spot(k, j))
        old, self.spots = self.spots, target
        if old is None:
            return FadeIn(target)
        return AnimationGroup(FadeOut(old), FadeIn(target))

    def unspot(self):
        spots, self.spots = self.spots, None
        return FadeOut(spots) if spots is not None else Wait(0)

    def release(self):
        """The frames (and any spot) go: nothing is being worked on."""
        gone = [m for m in (self.frames, self.spots) if m is not None]
        self.frames = self.spots = None
        return AnimationGroup(*(FadeOut(m) for m in gone)) if gone else Wait(0)

    def fill(self, i: int, j: int, source: VMobject):
        """The figure worked out elsewhere (a dot product's total) lands in C at (i, j). The copy
        leaves its source at once, drawn in from nothing, and slows as it lands (moves.fly_off): eased
        out of the source, or at full strength from the start, copy and source stood over each other
        for the first frames, one figure drawn twice (reviews)."""
        self.filled.add((i, j))
        return fly_off(source, self.C.cell(i, j))

    def cells(self) -> list[tuple[int, int]]:
        rows, cols = self.C.shape
        return [(i, j) for i in range(rows) for j in range(cols)]


class IndexFormula(VGroup):
    """C_{r,c} = Σ_i A_{r,i} B_{i,c}, each index in its own colour (r picks a row of A: "a"; c a
    column of B: "b"; i runs along both, pairing entries as lesson 1's Σ_i a_i b_i does:
    "highlight"), with live readouts of r, c and i.

        formula = IndexFormula(3)      # i runs over 3 entries
    """

    LETTERS = ("r", "c", "i")
    ROLES = {"r": "a", "c": "b", "i": "highlight"}

    def __init__(self, inner: int, size: int = SIZES.heading):
        # "{,}": the indices' comma without the space TeX puts after a punctuation mark.
        self.tex = math(
            "C_{" + SUB,
            "r",
            "{,}",
            "c",
            "}",
            "=",
            r"\sum\nolimits_{" + SUB,
            "i",
            "{=}1}^{" + SUB + str(inner) + "}",
            "A_{" + SUB,
            "r",
            "{,}",
            "i",
            "}",
            r"\,",
            "B_{" + SUB,
            "i",
            "{,}",
            "c",
            "}",
            size=size,
        )
        self.parts = {
            "r": VGroup(self.tex[1], self.tex[10]),
            "c": VGroup(self.tex[3], self.tex[18]),
            "i": VGroup(self.tex[7], self.tex[12], self.tex[16]),
        }
        for name, parts in self.parts.items():
            parts.set_color(colour(self.ROLES[name]))
        from toolkit.builders import readout  # builders re-exports this module's MatrixGrid

        self.trackers = {name: ValueTracker(1) for name in self.LETTERS}
        self.readouts = VGroup(
            *(
                readout(f"{name} =", self.trackers[name].get_value, places=0, role=self.ROLES[name], size=size)
                for name in self.LETTERS
            )
        )
        self.readouts.arrange(RIGHT, buff=0.5)
        super().__init__(self.tex, self.readouts)
        self.arrange(RIGHT, buff=0.9)

    def point_at(self, **indices: int) -> list:
        """Animations moving the readouts to 1-based `r=`, `c=`, `i=`. An index that goes back
        starts over: it is there at once (counting down from 3 to 1, "i = 2" stood beside the
        pair 1·7 being lit: review); one that goes on counts up through the indices it passes."""
        moves = []
        for name, v in indices.items():
            tracker = self.trackers[name]
            if v < tracker.get_value():
                tracker.set_value(v)
            else:
                moves.append(tracker.animate.set_value(v))
        return moves

    def show_index(self, name: str):
        return AnimationGroup(
            FadeIn(self.readouts[self.LETTERS.index(name)]), pulse(self.parts[name], colour(self.ROLES[name]))
        )

    def done(self):
        """The working is over: the readouts go, the formula stays, centred where the line was."""
        # The readouts are gone before the formula moves over where they stood (moved together,
        # the formula ran into the fading "r = 2": review).
        return Succession(FadeOut(self.readouts), self.tex.animate.set_x(self.get_x()))


# --- a layer of neurons, and the same layer as W · x + β = z ------------------------------------


class LayerDiagram(VGroup):
    """Inputs on the left, every one wired to every neuron; beside each neuron its own weights
    as a row. `.rows[i]` is neuron i's weight row (a 1-row MatrixGrid with W's column spacing).

        layer = LayerDiagram([[1, 2, 3], [0, 1, -1]], [4, 5, 6]).center()
        self.play(layer.build())
        self.play(layer.feed())
    """

    def __init__(self, W, x, size: int = SIZES.heading, h_buff: float | None = None, places: int = 2):
        W, x = np.asarray(W, float), np.asarray(x, float)
        n_neurons, n_inputs = W.shape
        h_buff = h_buff if h_buff is not None else spread_for(W, size, places)
        values = [math(tex_number(v, places), size=size - 6, role="b") for v in x]
        # Circles wide enough for their values ("4.50") at the values' size: a value is never shrunk to fit.
        radius = max(0.42, max(v.width for v in values) / (2 * 0.8))
        self.inputs = VGroup(*(Circle(radius=radius, color=colour("b"), stroke_width=4) for _ in x))
        self.inputs.arrange(DOWN, buff=max(0.2, 0.35 - 2 * (radius - 0.42)))
        self.input_values = VGroup(*(v.move_to(c) for v, c in zip(values, self.inputs)))
        self.x_name = math(r"\mathbf{x}", size=size, role="b").next_to(self.inputs, UP, buff=0.25)
        self.neurons = VGroup(*(Circle(radius=0.38, color=colour("a"), stroke_width=4) for _ in range(n_neurons)))
        # Four neurons stand closer, so the inputs' values keep their size in a diagram that fits the stage.
        self.neurons.arrange(DOWN, buff=0.7 if n_neurons < 4 else 0.45).next_to(self.inputs, RIGHT, buff=3.0)
        # Each neuron sums, as lesson 1's neuron does: Σ in its circle (no letter: n counts entries).
        self.neuron_names = VGroup(*(math(r"\Sigma", size=size - 6, role="result").move_to(c) for c in self.neurons))
        self.wires = VGroup(
            *(
                VGroup(
                    *(
                        Line(node.get_right(), neuron.get_left(), color=colour("muted"), stroke_width=2)
                        for node in self.inputs
                    )
                )
                for neuron in self.neurons
            )
        )
        self.rows = [MatrixGrid(W[i : i + 1], "a", size=size, h_buff=h_buff, places=places) for i in range(n_neurons)]
        # Every row as wide as W and each entry where it stands in W: the rows' brackets line up,
        # their columns too, and each row slides straight into its place in W.
        whole = MatrixGrid(W, "a", size=size, h_buff=h_buff, places=places)
        for i, row in enumerate(self.rows):
            row.next_to(self.neurons[i], RIGHT, buff=0.45)
            x0 = row.brackets()[0].get_x() - whole.brackets()[0].get_x()
            for j in range(n_inputs):
                row.cell(0, j).set_x(whole.cell(i, j).get_x() + x0)
            row.brackets()[1].set_x(whole.brackets()[1].get_x() + x0)
        left = min(r.get_left()[0] for r in self.rows)
        for row in self.rows:
            row.shift(RIGHT * (left - row.get_left()[0]))
        super().__init__(
            self.wires, self.inputs, self.input_values, self.x_name, self.neurons, self.neuron_names, *self.rows
        )

    def build(self):
        """Inputs, then each neuron with its weights."""
        return LaggedStart(
            AnimationGroup(FadeIn(self.inputs), FadeIn(self.input_values), FadeIn(self.x_name)),
            LaggedStart(
                *(
                    AnimationGroup(FadeIn(n), FadeIn(name), FadeIn(row))
                    for n, name, row in zip(self.neurons, self.neuron_names, self.rows)
                ),
                lag_ratio=0.3,
            ),
            lag_ratio=0.6,
        )

    def feed(self):
        """The same inputs flow into every neuron, one neuron after another."""
        return LaggedStart(
            *(
                AnimationGroup(Create(w), ShowPassingFlash(w.copy().set_stroke(colour("b"), width=6), time_width=0.6))
                for w in self.wires
            ),
            lag_ratio=0.5,
        )


class LayerEquation(VGroup):
    """W · x + β = z with the names under the matrices; `.W`, `.x`, `.bias`, `.z` are MatrixGrids
    and z's entries stay hidden until `reveal`.

        eq = LayerEquation([[1, 2], [0, -1]], [3, 4], [1, 0], [12, -4])
        self.add(eq.body, eq.names)   # z's names, eq.slots, stand in its entries until revealed
    """

    def __init__(
        self,
        W,
        x,
        bias,
        z,
        size: int = SIZES.heading,
        buff: float = 0.35,
        name_size: int | None = None,
        places: int = 2,
    ):
        W = np.asarray(W, float)
        self.W = MatrixGrid.tight(W, "a", size=size, places=places)
        self.x = MatrixGrid.tight(np.asarray(x, float)[:, None], "b", size=size, places=places)
        self.bias = MatrixGrid.tight(np.asarray(bias, float)[:, None], "text", size=size, places=places)
        self.z = MatrixGrid.tight(np.asarray(z, float)[:, None], "result", size=size, places=places)
        self.ops = VGroup(times_sign(size=size), math("+", size=size), math("=", size=size))
        self.body = VGroup(self.W, self.ops[0], self.x, self.ops[1], self.bias, self.ops[2], self.z)
        self.body.arrange(RIGHT, buff=buff)
        self.names = VGroup(
            *(
                math(s, size=name_size or size - 4, role=role).next_to(g, DOWN, buff=0.2)
                for s, role, g in (
                    (r"W", "a", self.W),
                    (r"\mathbf{x}", "b", self.x),
                    (r"\boldsymbol{\beta}", "text", self.bias),
                    (r"\mathbf{z}", "result", self.z),
                )
            )
        )
        # Every name on one baseline, under the tallest matrix.
        low = min(n.get_y() for n in self.names)
        for n in self.names:
            n.set_y(low)
        # Before the figures, z's entries are named: one z per neuron, z_i level with row i of W.
        widest = max(self.z.cell(i, 0).width for i in range(len(self.z.values)))
        self.slots = VGroup()
        for i in range(len(self.z.values)):
            slot = math("z" + sub(str(i + 1)), size=size, role="result")
            if slot.width > widest:
                slot.scale(widest / slot.width)
            # Centred in z's column (its figures, right-aligned, would stagger the names).
            self.slots.add(slot.move_to([self.z.column(0).get_x(), self.z.cell(i, 0).get_y(), 0]))
        super().__init__(self.body, self.names, self.slots)
        self.frames: VGroup | None = None
        self._named: set[VMobject] = set()  # the z_i on screen

    def name_slots(self):
        """Row by row, each neuron's row of W lights and its z_i takes its place in z."""
        self._named = set(self.slots)
        return LaggedStart(
            *(
                AnimationGroup(light(self.W.row(i), "highlight"), FadeIn(slot, scale=1.3))
                for i, slot in enumerate(self.slots)
            ),
            lag_ratio=0.5,
        )

    def focus(self, i: int):
        """Frame row i of W, the inputs x, and entry i of β and z."""
        target = VGroup(
            self.W.row_frame(i),
            self.x.column_frame(0),
            self.bias.cell_frame(i, 0, role="text"),
            self.z.cell_frame(i, 0, role="result"),
        )
        # z_i gives way to the frame round the entry it names (its line below names it again).
        gone = FadeOut(self.slots[i]) if self.slots[i] in self._named else Wait(0)
        self._named.discard(self.slots[i])
        if self.frames is None:
            self.frames = target
            return AnimationGroup(LaggedStart(*(Create(f) for f in target), lag_ratio=0.3), gone)
        # The frames that move hop there (fade out, fade in: sliding down W and β they crossed the
        # figures between); x's frame, the same for every row, stays.
        old = self.frames
        moved = [k for k in range(len(target)) if not np.allclose(old[k].get_center(), target[k].get_center())]
        self.frames = VGroup(*(target[k] if k in moved else old[k] for k in range(len(target))))
        return AnimationGroup(*(FadeOut(old[k]) for k in moved), *(FadeIn(target[k]) for k in moved), gone)

    def unfocus(self):
        frames, self.frames = self.frames, None
        return AnimationGroup(*(FadeOut(f) for f in frames)) if frames is not None else Wait(0)

    def reveal(self, i: int, source: VMobject):
        """Neuron i's z, worked out in `source`, lands in its entry of z."""
        return fly_copy(source, self.z.cell(i, 0), rate_func=rush_from)  # off its source at once (see fill)


def layer_into_matrix(diagram: LayerDiagram, eq: LayerEquation) -> AnimationGroup:
    """The neuron diagram, its circles, wires and the rows' own brackets gone (the scene fades
    them first, so no weight passes through a neuron and no bracket is left standing half-faded
    while the weights move), turns into W · x: each neuron's weight row slides into W's row and the
    inputs stand as x; W's brackets close round the rows, and x comes in beside them, once they
    have arrived. The neuron names
    go with the rows (the scene moves them)."""
    n_neurons, n_inputs = eq.W.shape
    moves = [
        ReplacementTransform(diagram.rows[i].cell(0, j), eq.W.cell(i, j))
        for i in range(n_neurons)
        for j in range(n_inputs)
    ]
    # x stands beside W once the weights are in place (faded in earlier, its brackets stood
    # in the weights' way as they passed).
    closing = [FadeIn(eq.W.brackets()), FadeIn(eq.ops[0]), FadeIn(eq.names[:2])]
    closing += [FadeIn(eq.x.entries(), shift=LEFT * 0.3), FadeIn(eq.x.brackets())]
    return AnimationGroup(AnimationGroup(*moves), AnimationGroup(*closing), lag_ratio=0.85)


# --- shapes: (m × n)(n × p) = m × p -------------------------------------------------------------


class ShapeLabel(VGroup):
    """'rows × cols' with each dimension a part of its own, to be moved or boxed.

    For example:

        shape = ShapeLabel(2, 3, roles=("a", "muted"))
    """

    def __init__(self, rows: int, cols: int, size: int = SIZES.heading, roles: tuple[str, str] = ("muted", "muted")):
        self.tex = math(str(rows), r"\times", str(cols), size=size, role="muted")
        self.rows, self.times, self.cols = self.tex
        self.rows.set_color(colour(roles[0]))
        self.cols.set_color(colour(roles[1]))
        super().__init__(self.tex)


class GeneralShapeRule(VGroup):
    """(m × n)(n × p) = m × p: the rule for any pair of shapes. `.inner` are the two n's,
    `.outer` the m and p on the left, `.result` the m × p on the right.

        rule = GeneralShapeRule()
        self.play(rule.write())
    """

    def __init__(self, size: int = SIZES.heading):
        self.tex = math(
            "(", "m", r"\times", "n", ")", "(", "n", r"\times", "p", ")", "=", "m", r"\times", "p", size=size
        )
        t = self.tex
        self.inner = VGroup(t[3], t[6])
        self.outer = VGroup(t[1], t[8])
        self.result = VGroup(t[11], t[12], t[13])
        self.left = VGroup(*t[:10])
        VGroup(t[1], t[11]).set_color(colour("a"))
        VGroup(t[8], t[13]).set_color(colour("b"))
        self.inner.set_color(colour("highlight"))
        super().__init__(self.tex)

    def write(self):
        return AnimationGroup(FadeIn(self.left), FadeIn(self.tex[10]), FadeIn(self.result))

    def meet(self):
        """The inner n's light up: they must be the same number."""
        return pulse(self.inner, colour("highlight"))

    def cancel(self):
        """The inner n's are struck through (in the muted colour, not their own: the strike must show
        on them): they drop out of the result's shape."""
        self.strikes = VGroup(
            *(
                Line(
                    n.get_corner(DOWN + LEFT) + (DOWN + LEFT) * 0.05,
                    n.get_corner(UP + RIGHT) + (UP + RIGHT) * 0.05,
                    color=colour("muted"),
                    stroke_width=5,
                )
                for n in self.inner
            )
        )
        return Create(self.strikes)

    def clash(self):
        """For a pair that is refused: the strikes go (nothing cancels) and the n's flash in the
        refusal's colour, where the rule fails."""
        return Succession(FadeOut(self.strikes), pulse(self.inner, colour("negative")))

    def form_result(self):
        return AnimationGroup(pulse(self.outer, colour("highlight")), light(self.result, "result"))


class ShapePair(VGroup):
    """A · B (= C) with each matrix's shape under it. The inner dimensions can fly together and
    vanish; the outer ones fly to C's shape. A refused pair shows why instead.

        pair = ShapePair([[1, 2, 3], [4, 5, 6]], [[1], [0], [2]], [[7], [16]])
        self.play(pair.appear())
    """

    def __init__(
        self, A, B, C=None, size: int = SIZES.heading, names: tuple[str, str, str] = ("A", "B", "C"), places: int = 2
    ):
        # Names over the matrices rather than "A =" beside them: a 3x2 · 2x4 = 3x4 row stays legible.
        self.A = MatrixGrid.tight(A, "a", size=size, places=places)
        self.B = MatrixGrid.tight(B, "b", size=size, places=places)
        self.times = times_sign(size=size)
        parts = [self.A, self.times, self.B]
        if C is not None:
            self.C = MatrixGrid.tight(C, "result", size=size, places=places)
            self.equals = math("=", size=size)
            parts += [self.equals, self.C]
        else:
            self.C = self.equals = None
        self.row = VGroup(*parts).arrange(RIGHT, buff=0.35)
        grids = [g for g in (self.A, self.B, self.C) if g is not None]
        self.names = VGroup(*(math(n, size=size, role=g.role).next_to(g, UP, buff=0.2) for n, g in zip(names, grids)))
        top = max(n.get_y() for n in self.names)
        for n in self.names:
            n.set_y(top)
        self.shapes = VGroup(
            ShapeLabel(*self.A.shape, size=size, roles=("a", "muted")),
            ShapeLabel(*self.B.shape, size=size, roles=("muted", "b")),
        )
        for s, g in zip(self.shapes, (self.A, self.B)):
            s.next_to(g.matrix, DOWN, buff=0.3)
        self.C_shape = None
        if self.C is not None:
            self.C_shape = ShapeLabel(*self.C.shape, size=size, roles=("a", "b")).next_to(self.C.matrix, DOWN, buff=0.3)
        low = min(s.get_y() for s in self.all_shapes())
        for s in self.all_shapes():
            s.set_y(low)
        super().__init__(self.row, self.names, *self.all_shapes())

    def all_shapes(self) -> list[ShapeLabel]:
        return [*self.shapes, *([self.C_shape] if self.C_shape is not None else [])]

    @property
    def inner(self) -> VGroup:
        return VGroup(self.shapes[0].cols, self.shapes[1].rows)

    @property
    def outer(self) -> VGroup:
        return VGroup(self.shapes[0].rows, self.shapes[1].cols)

    def appear(self):
        return AnimationGroup(
            self.A.appear(), FadeIn(self.times), self.B.appear(), FadeIn(self.shapes), FadeIn(self.names[:2])
        )

    def meeting(self, ok: bool = True) -> VGroup:
        """Where the inner dimensions meet: 'n = n' (or 'n ≠ n''), under the product sign."""
        a, b = self.A.shape[1], self.B.shape[0]
        sign = "=" if ok else r"\neq"
        role = "highlight" if ok else "negative"
        met = math(str(a), sign, str(b), role=role)
        # Digits as tall as the shapes' digits (a slashed ≠ stands taller than the digits it compares).
        met.scale(self.shapes[0].rows.height / met[0].height)
        return met.next_to(self.shapes, DOWN, buff=0.35).set_x(self.times.get_x())

    def meet(self, met: VGroup):
        """The inner dimensions fly together and are compared."""
        return AnimationGroup(
            TransformFromCopy(self.inner[0], met[0]), TransformFromCopy(self.inner[1], met[2]), FadeIn(met[1])
        )

    def vanish(self, met: VGroup):
        """Once they agree, the inner dimensions drop out of the result's shape."""
        return AnimationGroup(FadeOut(met, scale=0.2), self.inner.animate.set_opacity(0.3))

    def form_result(self):
        """The outer dimensions fly down to C's shape; C appears with its entries."""
        if self.C is None:
            raise ValueError("a refused pair has no result")
        # "m × p" flies as one label, its × with it (a × faded in at its place while the two figures
        # were still on their way read "2 2×" mid-flight: review), on an arc that dips under the
        # shape labels it passes (along their baseline, A's figure crossed B's label).
        arc = -np.pi / 4  # clockwise: a rightward flight dips below its start and end, above the caption band
        return AnimationGroup(
            FadeIn(self.equals),
            self.C.appear(),
            FadeIn(self.names[2]),
            TransformFromCopy(self.outer[0], self.C_shape.rows, path_arc=arc),
            TransformFromCopy(self.shapes[0].times, self.C_shape.times, path_arc=arc),
            TransformFromCopy(self.outer[1], self.C_shape.cols, path_arc=arc),
        )


# --- matrix multiplication → dot product → multiply-accumulate ----------------------------------


class Ladder(VGroup):
    """Words joined by arrows, one step lit at a time (the others muted).

    For example:

        ladder = Ladder(["matrix multiplication", "dot product", "multiply-accumulate"])
        self.add(ladder)
        self.play(ladder.light(1))
    """

    def __init__(self, steps: Sequence[str], size: int = SIZES.body):
        parts: list[str] = []
        for k, s in enumerate(steps):
            if k:
                parts.append(r"\longrightarrow")
            parts.append(r"\text{" + s + "}")
        self.tex = math(*parts, size=size, role="muted")
        self.steps = [self.tex[2 * k] for k in range(len(steps))]
        self.underlines = [
            Line(s.get_corner(DOWN + LEFT), s.get_corner(DOWN + RIGHT), color=colour("result"), stroke_width=4).shift(
                DOWN * 0.12
            )
            for s in self.steps
        ]
        super().__init__(self.tex)
        self.lit: int | None = None

    def light(self, k: int):
        """Step k takes the result colour and an underline; the step lit before goes back to muted."""
        anims = [self.steps[k].animate.set_color(colour("result")), Create(self.underlines[k])]
        if self.lit is not None:
            anims += [self.steps[self.lit].animate.set_color(colour("muted")), FadeOut(self.underlines[self.lit])]
        self.lit = k
        return AnimationGroup(*anims)

    def shift_underlines(self) -> None:
        """Call after moving or scaling the ladder: the underlines follow their words."""
        for s, u in zip(self.steps, self.underlines):
            u.put_start_and_end_on(s.get_corner(DOWN + LEFT) + DOWN * 0.12, s.get_corner(DOWN + RIGHT) + DOWN * 0.12)


class MacChain(VGroup):
    """0 → t1 → t2 ... : a dot product as multiply-accumulate steps, each arrow with the product
    it adds written over it at a readable size (not LaTeX's script size), each running total in
    the result colour.

        chain = MacChain([1, 2, 3], [4, 5, 6], [4, 14, 32])
        self.play(*[chain.step(k) for k in range(3)])
    """

    def __init__(self, xs, ys, totals, size: int = SIZES.body, places: int = 2):
        from toolkit.formulas import factor_tex  # the one way a factor is written

        self.start = math("0", size=size, role="result")
        self.labels = [
            math("+", factor_tex(x, places), r"\cdot", factor_tex(y, places), size=size) for x, y in zip(xs, ys)
        ]
        for label in self.labels:
            label[1].set_color(colour("a"))
            label[3].set_color(colour("b"))
        self.arrows = [
            Arrow(
                LEFT,
                RIGHT,
                buff=0,
                color=colour("muted"),
                stroke_width=4,
                tip_length=0.2,
                max_tip_length_to_length_ratio=0.3,
            ).set_length(label.width + 0.3)
            for label in self.labels
        ]
        self.totals = [math(tex_number(t, places), size=size, role="result") for t in totals]
        chain = [self.start]
        for arrow, total in zip(self.arrows, self.totals):
            chain += [arrow, total]
        VGroup(*chain).arrange(RIGHT, buff=0.15)
        for label, arrow in zip(self.labels, self.arrows):
            label.next_to(arrow, UP, buff=0.12)
        super().__init__(*chain, *self.labels)

    def step(self, k: int):
        return AnimationGroup(
            AnimationGroup(Create(self.arrows[k]), FadeIn(self.labels[k], shift=DOWN * 0.1)),
            FadeIn(self.totals[k]),
            lag_ratio=0.5,
        )


__all__ = [
    "pulse",
    "GeneralShapeRule",
    "IndexFormula",
    "LayerDiagram",
    "LayerEquation",
    "Ladder",
    "MacChain",
    "MatrixGrid",
    "MatrixProduct",
    "ShapeLabel",
    "ShapePair",
    "layer_into_matrix",
    "matrix_grid",
    "spread_for",
]
