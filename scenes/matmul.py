"""Lesson 2, "Scaling dot products": similarity in embedding space, a layer as a matrix,
row-by-column matmul, and the shape rule that ends on matmul → dot product → multiply-accumulate.

Every figure is computed from the scene's params through mathcore and rounded as the lessons
round it; the captions are sentences from the article. Each scene reads as its beats; the
objects a beat shows are built in a small named method above it, by the widgets of
toolkit/matrices.py, toolkit/formulas.py and toolkit/embedding.py.

Letters: i picks a row of A, j a column of B, k runs along both; the bias is β (b is vector b
in lesson 1 and a column of B here).
"""

from __future__ import annotations

import textwrap

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    LaggedStart,
    ReplacementTransform,
    Transform,
    Restore,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
)

from mathcore import InputError, cosine_similarity, dot, fmt_number, matmul, weighted_sum
from scenes.catalog import (
    LayerAsMatmulParams,
    RowByColumnMatmulParams,
    ShapeRuleParams,
    SimilarityInEmbeddingSpaceParams,
)
from toolkit.builders import Readout
from toolkit.embedding import WordPlane
from toolkit.formulas import DotProductLine, factor_tex
from toolkit.layout import GAP, SAFE, STAGE, TOP, Region
from toolkit.lesson_scene import LessonScene
from toolkit.matrices import (
    GeneralShapeRule,
    IndexFormula,
    Ladder,
    LayerDiagram,
    LayerEquation,
    MacChain,
    MatrixProduct,
    ShapePair,
    layer_into_matrix,
    min_math_size,
)
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES


def cell_line(A: np.ndarray, B: np.ndarray, C: np.ndarray, i: int, j: int, region: Region,
              products: bool = True) -> DotProductLine:
    """C_{i,j} = row i of A · column j of B, written out, fitted into `region`; without room for
    the products (long decimals, four pairs) it writes the pairs and the total only."""
    def build(with_products: bool) -> DotProductLine:
        return DotProductLine(A[i], B[:, j], prefix=f"C_{{{i + 1},{j + 1}}} =", total=C[i, j],
                              products=with_products, size=SIZES.heading, prefix_role="result")

    line = build(products)
    if products and line.width > region.width * 1.1:
        line = build(False)
    return region.fit(line)


# A formula line tall enough for a sum with its limits (TOP holds one line of plain maths),
# and the stage under it.
HEAD = Region("head", SAFE.left, SAFE.right, SAFE.top - 1.3, SAFE.top)
BODY = Region("body", SAFE.left, SAFE.right, SAFE.bottom, HEAD.bottom - GAP)


# --- 1. row by column ------------------------------------------------------------------


class RowByColumnMatmul(LessonScene):
    Params = RowByColumnMatmulParams
    layout_region = BODY
    # The product of A and B above, the working of one cell under it.
    PRODUCT, WORKING = BODY.split_y(0.7)

    def construct(self) -> None:
        self.build_product()
        with self.beat("Matrix multiplication computes the dot product of each row of the first matrix "
                       "with each column of the second.", name="two matrices"):
            self.play(self.product.appear(), run_time=1.2)
            self.play(FadeIn(self.formula.tex), run_time=1.2)

        with self.beat("For the first cell of C, take row 1 of A and column 1 of B: "
                       "i picks the row, j picks the column.", name="row and column"):
            self.play(self.product.select(0, 0), self.formula.show_index("i"), self.formula.show_index("j"),
                      run_time=1.8)

        self.line = cell_line(self.A, self.B, self.C, 0, 0, self.WORKING)
        with self.beat("Pair up their entries index by index: k runs along the row of A "
                       "and down the column of B.", name="pair up"):
            self.pair_up(0, 0)

        with self.beat(self.sum_caption(0, 0), name="sum"):
            self.play(self.product.unspot(), *([self.line.multiply()] if self.line.products else []), run_time=1.2)
            self.play(self.line.sum_up(), run_time=1.2)
            self.settle(self.line, [*self.line.parts(), self.line.total_box])

        with self.beat(f"The sum, {fmt_number(self.C[0, 0])}, lands in C at row 1, column 1.", name="lands in C"):
            self.play(self.product.fill(0, 0, self.line.total), run_time=1.2)

        cells = self.product.cells()[1:]
        if cells:
            i, j = cells.pop(0)
            with self.beat(f"Row {i + 1} with column {j + 1} gives the next cell the same way: "
                           f"{fmt_number(self.C[i, j])}.", name="next cell"):
                self.work_cell(i, j, seconds=3.6)
        if cells:
            with self.beat(self.rest_caption(cells), name="the rest"):
                for i, j in cells:
                    self.work_cell(i, j, seconds=max(1.2, 6.0 / len(cells)))

        with self.beat("Each cell of C measures how closely a row of A matches a column of B, "
                       "in terms of their dot product.", name="result"):
            self.play(self.formula.done(), FadeOut(self.line), run_time=0.8)
            # Cell by cell, the row and the column it measures are framed with it once more.
            cells = self.product.cells()
            for i, j in cells:
                self.play(self.product.select(i, j), run_time=min(0.6, 4.0 / len(cells)))
            self.play(self.product.release(), run_time=0.5)
            self.play(self.product.C.glow(), run_time=1.2)

    def build_product(self) -> None:
        self.A = np.asarray(self.params.A, float)
        self.B = np.asarray(self.params.B, float)
        self.C = matmul(self.A, self.B)
        self.product = MatrixProduct.placed(self.A, self.B, self.C, self.PRODUCT)
        self.formula = HEAD.fit(IndexFormula(self.A.shape[1]))

    def pair_up(self, i: int, j: int) -> None:
        """Pair by pair, the k-th entries of row i and column j are lit and fly into the line."""
        self.play(FadeIn(self.line.prefix), self.formula.show_index("k"), run_time=0.8)
        for k in range(self.A.shape[1]):
            self.play(self.product.spot(i, j, k), *self.formula.point_at(k=k + 1), run_time=0.5)
            self.play(self.line.write_pair(k, self.product.A.cell(i, k), self.product.B.cell(k, j)), run_time=0.9)

    def work_cell(self, i: int, j: int, seconds: float) -> None:
        """One more cell, faster: frames move, the pairs fly in together, the products and the
        total follow, the total lands in C."""
        line = cell_line(self.A, self.B, self.C, i, j, self.WORKING)
        inner = self.A.shape[1]
        self.play(self.product.select(i, j), FadeOut(self.line), *self.formula.point_at(i=i + 1, j=j + 1, k=1),
                  run_time=seconds * 0.2)
        self.play(FadeIn(line.prefix),
                  LaggedStart(*(line.write_pair(k, self.product.A.cell(i, k), self.product.B.cell(k, j))
                                for k in range(inner)), lag_ratio=0.3),
                  *self.formula.point_at(k=inner), run_time=seconds * 0.35)
        if line.products:
            self.play(line.multiply(), run_time=seconds * 0.15)
        self.play(line.sum_up(), run_time=seconds * 0.15)
        self.settle(line, [*line.parts(), line.total_box])
        self.play(self.product.fill(i, j, line.total), run_time=seconds * 0.15)
        self.line = line

    def sum_caption(self, i: int, j: int) -> str:
        pairs = ", ".join(f"{fmt_number(x)}·{fmt_number(y)}" for x, y in zip(self.A[i], self.B[:, j]))
        return f"Multiply each pair and sum the products: {pairs} add up to {fmt_number(self.C[i, j])}."

    def rest_caption(self, cells: list[tuple[int, int]]) -> str:
        if len(cells) > 3:
            return "The remaining cells follow the same way: every row of A meets every column of B."
        each = "; ".join(f"row {i + 1} with column {j + 1} gives {fmt_number(self.C[i, j])}" for i, j in cells)
        return f"Every row of A meets every column of B: {each}."


# --- 2. a layer as a matrix ------------------------------------------------------------


class LayerAsMatmul(LessonScene):
    Params = LayerAsMatmulParams
    layout_region = STAGE
    # The equation above, each neuron's working under it: the storyboard's layout. A layer whose
    # equation or working lines would be drawn under 3% that way gets another (see `lay_out`).
    EQUATION, WORKING = STAGE.split_y(0.6)

    def construct(self) -> None:
        self.compute()
        self.build()
        with self.beat("A layer of neurons: each neuron has its own weights, and all of them read the same inputs.",
                       name="neurons"):
            self.play(self.diagram.build(), run_time=2.0)
            self.play(self.diagram.feed(), run_time=2.4)

        with self.beat("Represent the layer's weights as a matrix W: each row represents a neuron, "
                       "and each column a weight for one input.", name="rows of W"):
            self.play(layer_into_matrix(self.diagram, self.eq), self.names_to_rows(), run_time=2.0)

        with self.beat("Then W·x + β computes every neuron's weighted sum plus its bias β at once: "
                       "one z per neuron.", name="W x + beta"):
            eq = self.eq
            self.play(*(Restore(m) for m in self.shown_first), run_time=1.0)
            self.play(FadeIn(eq.ops[1]), eq.bias.appear(), FadeIn(eq.names[2]), run_time=0.8)
            self.play(FadeIn(eq.ops[2]), eq.z.appear(entries=False), FadeIn(eq.names[3]), run_time=0.8)
            # One z per neuron: each row of W and the entry of z it will fill.
            self.play(eq.name_slots(), FadeIn(self.per_neuron), run_time=0.6 + 0.5 * self.n)

        first = self.neurons[0]
        with self.beat(f"Row 1 holds the first neuron's weights: its dot product with x is that neuron's "
                       f"weighted sum, {fmt_number(first['sum'])}, and with its bias, z = {fmt_number(first['z'])}.",
                       name="row 1"):
            self.settle_equation()
            self.work_row(0, seconds=3.6)

        if self.n > 1:
            rows = " and ".join(str(i + 1) for i in range(1, self.n))
            zs = ", ".join(fmt_number(self.neurons[i]["z"]) for i in range(1, self.n))
            with self.beat(f"Rows {rows} do the same for their own neurons, giving z = {zs}: "
                           "one matrix multiplication gives the whole layer.", name="every row"):
                for i in range(1, self.n):
                    self.work_row(i, seconds=2.4)
                self.play(self.eq.unfocus(), self.eq.z.glow(), run_time=1.0)

    def compute(self) -> None:
        self.W = np.asarray(self.params.W, float)
        self.x = np.asarray(self.params.x, float)
        self.bias = np.asarray(self.params.bias, float)
        self.n = self.W.shape[0]
        self.z = matmul(self.W, self.x[:, None])[:, 0] + self.bias
        self.neurons = [weighted_sum(self.W[i], self.x, float(self.bias[i]), activation="identity")
                        for i in range(self.n)]

    def equation(self, buff: float = 0.35, name_size: int | None = None) -> VGroup:
        """W · x + β = z with each row of W named by its neuron, on the left."""
        self.eq = LayerEquation(self.W, self.x, self.bias, self.z, buff=buff, name_size=name_size)
        self.row_names = VGroup(*(math(f"n_{{{i + 1}}}", size=SIZES.heading, role="a") for i in range(self.n)))
        for name, row in zip(self.row_names, self.eq.W.matrix.get_rows()):
            name.next_to(self.eq.W, LEFT, buff=0.3).set_y(row.get_y())
        return VGroup(self.row_names, self.eq)

    def build(self) -> None:
        self.lines = VGroup(*(self.neuron_line(i) for i in range(self.n)))
        self._natural_line_height = self.lines[0].height  # at the size it is built at
        self.lay_out()
        # The whole equation where the working will find it; until then it is as large as the
        # stage allows, and W · x arrives first, alone, larger still: it moves to its place in the
        # whole equation when β and z join it, and the whole moves up when the working begins.
        whole = VGroup(self.row_names, self.eq)
        self.settled = whole.copy()
        # Under it, while it is large, what each row computes: z_i = w_i · x + β_i.
        self.per_neuron = math("z_i", "=", r"\mathbf{w}_i", r"\cdot", r"\mathbf{x}", r"+\,\beta_i", size=SIZES.heading)
        for k, role in ((0, "result"), (2, "a"), (4, "b")):
            self.per_neuron[k].set_color(colour(role))
        self.per_neuron.move_to([STAGE.center[0], STAGE.bottom + self.per_neuron.height / 2, 0])
        above = Region("equation", STAGE.left, STAGE.right, self.per_neuron.get_top()[1] + GAP, STAGE.top)
        big = above.place(whole.copy(), fill=0.98)
        whole.scale(big.width / whole.width).move_to(big)
        self.shown_first = [self.row_names, self.eq.W, self.eq.ops[0], self.eq.x, self.eq.names[0], self.eq.names[1]]
        for m in self.shown_first:
            m.save_state()
        STAGE.place(VGroup(*self.shown_first), fill=0.98)
        self.diagram = STAGE.place(LayerDiagram(self.W, self.x, h_buff=self.eq.W.matrix.h_buff), fill=0.95)

    def lay_out(self) -> VGroup:
        """Place the equation and the working lines (`self.single`: one line at a time, each
        replacing the last, when even two columns of lines would be drawn too small). The first
        layout in which both read at 3% wins: the storyboard's (equation over all the lines);
        then the lines stacked, in two columns, or one at a time, at full size under an equation
        given the rest of the stage (spaced tighter if it is still too wide)."""
        legible = min_math_size()
        self.single = False
        whole = self.equation()
        self.EQUATION.place(whole, fill=0.98)
        self.lines.arrange(DOWN, buff=0.22, aligned_edge=LEFT)
        self.WORKING.fit(self.lines)
        if self.eq.W.drawn_size >= legible and self.lines[0].height / self._natural_line_height >= legible / SIZES.heading:
            return whole
        for kind in ("stacked", "columns", "single", "single, wrapped"):
            if kind == "columns" and self.n < 3:
                continue
            self.lines.scale(self._natural_line_height / self.lines[0].height)
            if kind == "stacked":
                self.lines.arrange(DOWN, buff=0.22, aligned_edge=LEFT)
            elif kind == "columns":
                self.lines.arrange_in_grid(cols=2, buff=(0.8, 0.22), cell_alignment=LEFT)
            else:
                for line in self.lines:
                    if kind == "single, wrapped":  # z_i = sum + β_i = z_i under the row's dot product
                        line[1][1:].next_to(line[0], DOWN, buff=0.22, aligned_edge=LEFT)
                    line.move_to(ORIGIN)
            scale = min(1.0, STAGE.width / self.lines.width)
            if scale < legible / SIZES.heading:
                continue
            self.lines.scale(scale)
            working = Region("working", STAGE.left, STAGE.right, STAGE.bottom, STAGE.bottom + self.lines.height)
            for buff in (0.35, 0.2):
                # The names under the matrices as large as their entries: drawn smaller, they would not read.
                whole = self.equation(buff, name_size=SIZES.heading)
                Region("equation", STAGE.left, STAGE.right, working.top + GAP, STAGE.top).place(whole, fill=0.98)
                if self.eq.W.drawn_size >= legible:
                    break
            self.lines.move_to(working.center)
            self.single = kind.startswith("single")
            if self.eq.W.drawn_size >= legible:
                break
        return whole

    def settle_equation(self) -> None:
        """The equation moves up to where the working lines find it: what is on screen moves, what
        is not yet (z's figures) is put there unseen."""
        whole = VGroup(self.row_names, self.eq)
        place = dict(zip(map(id, whole.get_family()), self.settled.get_family()))
        eq = self.eq
        shown = [self.row_names, eq.W, *eq.ops, eq.x, eq.bias, *eq.z.brackets(), *eq.names, *eq.slots]
        self.play(*(Transform(m, place[id(m)]) for m in shown), FadeOut(self.per_neuron), run_time=0.8)
        for cell in eq.z.entries():
            for m in cell.get_family():
                m.become(place[id(m)])

    def names_to_rows(self) -> AnimationGroup:
        return AnimationGroup(*(ReplacementTransform(a, b) for a, b in zip(self.diagram.neuron_names, self.row_names)))

    def neuron_line(self, i: int) -> VGroup:
        """w_i · x = its products written out = sum, then z_i = sum + β_i = z_i: two true chains
        (the bias is added after the row's dot product, not inside its equals signs)."""
        line = DotProductLine(self.W[i], self.x, names=(f"w_{{{i + 1}}}", "x"), products=False,
                              total=self.neurons[i]["sum"], size=SIZES.heading)
        line.total.set_color(colour("text"))
        tail = math(",", f"z_{{{i + 1}}}", "=", tex_number(self.neurons[i]["sum"]), "+", factor_tex(self.bias[i]), "=",
                    tex_number(self.neurons[i]["z"]), size=SIZES.heading)
        tail[1].set_color(colour("result"))
        tail[-1].set_color(colour("result"))
        line.bias_tail = tail
        # The comma against the sum it closes, then a clear space before the second statement.
        VGroup(line.tex, tail[1:]).arrange(RIGHT, buff=0.45)
        tail[0].next_to(line.total, RIGHT, buff=0.04).align_to(line.total, DOWN)
        row = VGroup(line.tex, tail)
        row.line = line
        return row

    def work_row(self, i: int, seconds: float) -> None:
        """Row i of W is framed with x; its dot product is written, its bias added, and its z
        lands in z. Working one line at a time, the last line gives way first."""
        row = self.lines[i]
        line, tail = row.line, row[1]
        turn = self.single and i > 0
        self.play(self.eq.focus(i), *([FadeOut(self.lines[i - 1])] if turn else []), run_time=seconds * 0.2)
        self.play(FadeIn(line.prefix),
                  LaggedStart(*(line.write_pair(k, self.eq.W.cell(i, k), self.eq.x.cell(k, 0))
                                for k in range(len(self.x))), lag_ratio=0.3), run_time=seconds * 0.35)
        self.play(line.sum_up(boxed=False), run_time=seconds * 0.15)
        self.play(FadeIn(tail[:3]), TransformFromCopy(line.total, tail[3]), FadeIn(tail[4]),
                  TransformFromCopy(self.eq.bias.cell(i, 0), tail[5]), FadeIn(tail[6:]), run_time=seconds * 0.15)
        self.play(self.eq.reveal(i, tail[-1]), run_time=seconds * 0.15)
        self.settle(row, [*line.tex.submobjects, *tail.submobjects])


# --- 3. the shape rule -----------------------------------------------------------------


class ShapeRule(LessonScene):
    Params = ShapeRuleParams
    layout_region = STAGE

    def construct(self) -> None:
        p = self.params
        A, B, A2, B2, bad = (np.asarray(M, float) for M in (p.A, p.B, p.A2, p.B2, p.bad_B))
        self.rule = TOP.place(GeneralShapeRule(), fill=0.9)
        pair = self.shape_pair(A, B)
        (m, n), q = A.shape, B.shape[1]
        with self.beat("Matrix multiplication is only allowed when the number of columns in A "
                       "matches the number of rows in B: an m by n matrix times an n by p matrix.", name="the rule"):
            self.play(self.rule.write(), run_time=1.2)
            self.play(pair.appear(), run_time=1.2)

        met = pair.meeting()
        with self.beat(f"The inner dimensions meet: A has {n} columns and B has {n} rows, "
                       "one pair for every product of a dot product.", name="inner meet"):
            self.play(pair.meet(met), self.rule.meet(), run_time=1.4)

        with self.beat(f"They vanish, and the outer dimensions give the shape of the result: "
                       f"{m} by {q}.", name="outer shape"):
            self.play(pair.vanish(met), self.rule.cancel(), run_time=0.8)
            self.play(pair.form_result(), self.rule.form_result(), run_time=1.4)

        second = self.shape_pair(A2, B2)
        (m2, n2), q2 = A2.shape, B2.shape[1]
        with self.beat(f"The same for a {m2} by {n2} and a {n2} by {q2} matrix: the {n2}s meet and vanish, "
                       f"and the result is {m2} by {q2}.", name="second pair"):
            self.play(FadeOut(pair), run_time=0.6)
            self.play(second.appear(), run_time=1.0)
            met2 = second.meeting()
            self.play(second.meet(met2), run_time=1.0)
            self.play(second.vanish(met2), run_time=0.6)
            self.play(second.form_result(), run_time=1.2)

        refused, beside = self.refusal_layout(A, bad)
        with self.beat("A pair whose inner dimensions differ is refused: the number of columns in A "
                       "must equal the number of rows in B.", name="refused"):
            self.play(FadeOut(second), run_time=0.6)
            self.play(refused.appear(), run_time=1.0)
            self.refuse(refused, A, bad, beside)

        self.ladder_beats(A, B, refused)

    # The pair fills the stage but for a line at the bottom where the inner dimensions meet.
    PAIR = Region("pair", STAGE.left, STAGE.right, STAGE.bottom + 0.9, STAGE.top)

    def shape_pair(self, A, B, region: Region = PAIR) -> ShapePair:
        """A · B = C (C computed by mathcore, None when the shapes refuse), filling the stage."""
        try:
            C = matmul(A, B)
        except InputError:
            C = None
        return region.place(ShapePair(A, B, C), fill=0.98)

    def refusal_layout(self, A, bad) -> tuple[ShapePair, Region | None]:
        """The refused pair over its message; a pair too tall for that at a legible size (a 4x4 A)
        stands on the left instead, and the message gets the region beside it (returned)."""
        pair = self.shape_pair(A, bad, region=STAGE.split_y(0.66)[0])
        if pair.A.drawn_size >= min_math_size():
            return pair, None
        left, right = STAGE.split_x(0.55)
        pair = self.shape_pair(A, bad, region=Region("pair", left.left, left.right, self.PAIR.bottom, left.top))
        return pair, right

    def refuse(self, pair: ShapePair, A, bad, beside: Region | None = None) -> None:
        """The inner dimensions clash: n ≠ n', and the message mathcore raises, word for word
        (under the pair, or in the region `beside` it)."""
        try:
            matmul(A, bad)
        except InputError as e:
            refusal = str(e)
        else:  # the params' validation already guarantees a mismatch
            raise AssertionError("bad_B fits A")
        clash = VGroup(*(SurroundingRectangle(d, color=colour("negative"), buff=0.08) for d in pair.inner))
        mismatch = pair.meeting(ok=False)
        # The article's own message (mathcore raises it), as a sentence.
        width = 44 if beside is None else 24
        message = text("✗ " + "\n".join(textwrap.wrap(refusal[0].upper() + refusal[1:], width)), size=SIZES.heading,
                       role="negative")
        if beside is None:
            Region("message", STAGE.left, STAGE.right, STAGE.bottom, mismatch.get_bottom()[1] - 0.2).fit(message)
        else:
            beside.fit(message).set_y(pair.row.get_y())
        self.play(Create(clash), self.rule.clash(), run_time=1.0)
        self.play(pair.meet(mismatch), run_time=1.0)
        self.play(FadeIn(message, shift=UP * 0.2), run_time=0.8)
        self.refused_parts = VGroup(pair, clash, mismatch, message)

    def ladder_beats(self, A, B, refused: VGroup) -> None:
        """matrix multiplication → dot product → multiply-accumulate, each step lit in turn with
        its own picture: the product's cells, one cell's dot product, that dot product's running total."""
        C = matmul(A, B)
        ladder = TOP.fit(Ladder(["matrix multiplication", "dot product", "multiply-accumulate"], size=SIZES.heading))
        ladder.shift_underlines()
        upper, lower = STAGE.split_y(0.5)
        product = MatrixProduct.placed(A, B, C, upper, fill=0.95)
        if product.A.drawn_size < min_math_size():
            # A tall product (4 rows) takes the height it needs to stay legible; the working shares the rest.
            product.scale(min_math_size() / product.A.drawn_size).move_to(STAGE.center).align_to([0, STAGE.top, 0], UP)
            lower = Region("working", STAGE.left, STAGE.right, STAGE.bottom, product.get_bottom()[1] - GAP)
        line_region, mac_region = lower.split_y(0.45)
        line = cell_line(A, B, C, 0, 0, line_region, products=False)
        running = np.cumsum([x * y for x, y in zip(A[0], B[:, 0])])
        mac = mac_region.fit(MacChain(A[0], B[:, 0], running, size=SIZES.heading))

        count = lower.fit(text(f"{C.shape[0]} × {C.shape[1]} result: {C.size} dot products", size=SIZES.heading,
                               role="muted"))
        with self.beat(f"Matrix multiplication is made of dot products, one for each cell of the result: "
                       f"{C.size} for a {C.shape[0]} by {C.shape[1]} result.", name="matmul"):
            self.play(FadeOut(self.refused_parts), FadeOut(self.rule), run_time=0.8)
            self.play(FadeIn(ladder.tex), ladder.light(0), product.appear(), run_time=1.2)
            self.play(LaggedStart(*(FadeIn(product.C.cell(i, j), scale=1.3) for i, j in product.cells()),
                                  lag_ratio=0.3), FadeIn(count), run_time=1.2)

        with self.beat(f"Each cell is one dot product: row 1 of A with column 1 of B gives {fmt_number(C[0, 0])}.",
                       name="dot product"):
            self.play(ladder.light(1), product.select(0, 0), FadeOut(count), run_time=1.0)
            self.play(FadeIn(line.prefix), *(line.write_pair(k, product.A.cell(0, k), product.B.cell(k, 0))
                                             for k in range(A.shape[1])), run_time=1.2)
            self.play(line.sum_up(), run_time=0.8)
            self.settle(line, [*line.parts(), line.total_box])

        with self.beat("Each dot product is a chain of multiply-accumulate operations: multiply one pair, "
                       f"add it to a running total, until the total is {fmt_number(C[0, 0])}.", name="accumulate"):
            self.play(ladder.light(2), FadeIn(mac.start), run_time=0.8)
            for k in range(len(mac.arrows)):
                self.play(mac.step(k), run_time=0.7)


# --- 4. similarity in embedding space ---------------------------------------------------


# The stretched word's arrow as it was, seen through the plane's grid but not mistaken for a word.
BEFORE_OPACITY = 0.5


class SimilarityInEmbeddingSpace(LessonScene):
    Params = SimilarityInEmbeddingSpaceParams
    layout_region = SAFE
    # The plane a little wider than half the frame, the figures beside it.
    PLANE, PANEL = SAFE.split_x(0.56)

    def construct(self) -> None:
        w_dog, w_cat, w_other = self.params.words
        self.dog, self.cat, self.other = (np.asarray(v, float) for v in self.params.vectors)
        k_end = self.params.scale
        self.PLANE, self.PANEL = self.split(k_end)
        self.space = WordPlane(self.params.words, self.params.vectors, roles=("a", "b", "neutral"),
                               stretches={1: k_end}).place_in(self.PLANE, margin=0.3)
        for i in self.space.over_axis:
            self.layout_allows(self.space.words[i], self.space.plane, kinds=("text on line",),
                               reason="an upright arrow's word sits over its tip, on a patch of background over the axis")
        note = text("2-D stand-ins for real word\nembeddings, which have\nhundreds of dimensions",
                    size=SIZES.heading, role="muted")
        self.panel_top = self.PANEL.fit(note).align_to([0, self.PANEL.top, 0], UP)
        with self.beat("Word embeddings place words in a vector space where similar words are placed closer together.",
                       name="words as vectors"):
            self.play(self.space.appear(), run_time=2.2)
            self.play(FadeIn(note), run_time=0.6)

        d_cat, d_other = dot(self.dog, self.cat), dot(self.dog, self.other)
        closer, farther = (w_cat, w_other) if d_cat >= d_other else (w_other, w_cat)
        sims, marker, high = self.similarities(note, d_cat, d_other)
        with self.beat(f"The dot product is a similarity metric: {w_dog}·{closer} is higher than "
                       f"{w_dog}·{farther}, so {w_dog} is closer to {closer}.", name="dot as similarity"):
            self.play(FadeIn(sims[0]), run_time=0.8)
            self.play(FadeIn(sims[1]), run_time=0.8)
            self.play(Create(marker), FadeIn(high), run_time=0.8)

        live = self.live_readouts(sims)
        with self.beat("The dot product is sensitive to both the direction and the magnitude of the vectors; "
                       "cosine similarity is not.", name="two measures"):
            # The static dog·cat line becomes its live readout; the comparison is done and goes.
            self.play(FadeOut(marker), FadeOut(high), FadeOut(sims), FadeIn(live), run_time=1.0)

        verb = "Double" if abs(k_end - 2) < 1e-9 else f"Scale by {fmt_number(k_end)}"
        times, same, cos_box = self.verdicts(live, d_cat, k_end)
        # Where the word's arrow ended before, faintly, under the longer one: the same direction,
        # k times the length. (A shortened arrow's word would land on it: then none.)
        before = self.space.arrows[1].copy().clear_updaters().set_opacity(BEFORE_OPACITY) if k_end > 1 else None
        with self.beat(f"{verb} the vector for {w_cat}: its dot product with {w_dog} grows "
                       f"{fmt_number(k_end)} times, though the two still point in the same direction.", name="stretch"):
            if before is not None:
                self.add(before)
                self.bring_to_back(before)
                self.bring_to_back(self.space.plane)
            self.play(self.space.stretch(1, k_end), run_time=3.0)
            self.play(FadeIn(times, scale=1.3), run_time=0.6)

        cos_after = cosine_similarity(self.dog, self.cat * k_end)
        with self.beat(f"The cosine similarity stays at {fmt_number(cos_after)}: the words are just as similar "
                       "as before.", name="cosine stays"):
            self.play(Create(cos_box), FadeIn(same), run_time=0.8)

    def word(self, i: int) -> str:
        return r"\text{" + self.params.words[i] + "}"

    def split(self, k_end: float) -> tuple[Region, Region]:
        """The plane's region and the panel's: the panel a little under half the frame, wider when
        long words make its readouts and their verdicts too wide to read there at 3%."""
        plane, panel = SAFE.split_x(0.56)
        labels = self.readout_labels()
        verdicts = self.verdict_words(k_end)
        rows = [Readout(label, lambda: 0.0, places=2, size=SIZES.heading) for label in labels]
        # Readouts and verdicts at the smallest size that reads; the gap between them does not
        # shrink; and `live_readouts` shrinks in 2% steps, so it may end up to one step under.
        shrink = min_math_size() / SIZES.heading
        need = ((max(r.width for r in rows) + max(v.width for v in verdicts)) * shrink + 0.35) / 0.98
        if need <= panel.width:
            return plane, panel
        # The plane can give up width down to a third of the frame: its words then move inside it
        # or shrink (WordPlane.place_in), where the readouts have no such way out.
        return SAFE.split_x(max(0.34, 1 - (need + GAP) / SAFE.width))

    def readout_labels(self) -> list:
        """The live readouts' labels: the stretch of word 1, word0 · word1 and their cosine."""
        stretch = math(r"\text{stretch of " + self.params.words[1] + "} =", size=SIZES.heading, role="b")
        cos_label = math(r"\cos(", self.word(0), ",", self.word(1), ") =", size=SIZES.heading)
        cos_label[1].set_color(colour("a"))
        cos_label[3].set_color(colour("b"))
        return [stretch, self.pair_label(1, "="), cos_label]

    def verdict_words(self, k_end: float) -> tuple:
        """"×k" beside the dot product once it has grown k times (nothing if it was 0), "same" beside the cosine."""
        d_cat = dot(self.dog, self.cat)
        d_after = dot(self.dog, self.cat * k_end)
        times = math(r"\times" + tex_number(d_after / d_cat), size=SIZES.heading, role="result") if d_cat else VGroup()
        return times, text("same", size=SIZES.heading, role="text")

    def pair_label(self, j: int, *tail: str) -> VGroup:
        """word0 · word_j (each in its role's colour), then `tail`."""
        roles = ("a", "b", "muted")
        tex = math(self.word(0), r"\cdot", self.word(j), *tail, size=SIZES.heading)
        tex[0].set_color(colour(roles[0]))
        tex[2].set_color(colour(roles[j]))
        return tex

    def similarities(self, note, d_cat: float, d_other: float):
        sims = VGroup(self.pair_label(1, "=", tex_number(d_cat)), self.pair_label(2, "=", tex_number(d_other)))
        for s in sims:
            s[-1].set_color(colour("result"))
        sims.arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        self.PANEL.fit(sims).next_to(note, DOWN, buff=0.6).align_to(note, LEFT)
        best = sims[0] if d_cat >= d_other else sims[1]
        marker = SurroundingRectangle(best, color=colour("highlight"), buff=0.12)
        high = text("higher: more similar", size=SIZES.body, role="muted").next_to(sims, DOWN, buff=0.35)
        high.align_to(sims, LEFT)
        return sims, marker, high

    def live_readouts(self, sims: VGroup) -> VGroup:
        k = self.space.trackers[1]
        stretch, dot_label, cos_label = self.readout_labels()
        live = VGroup(
            Readout(stretch, k.get_value, places=2, role="b", size=SIZES.heading),
            Readout(dot_label, lambda: dot(self.dog, self.space.tip(1)), places=2, role="result", size=SIZES.heading),
            Readout(cos_label, lambda: cosine_similarity(self.dog, self.space.tip(1)), places=2, role="result",
                    size=SIZES.heading),
        ).arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        self.PANEL.fit(live).move_to(sims, aligned_edge=UP + LEFT)
        # Room on the right for the verdicts that will stand beside the dot product and the cosine.
        self.verdict_parts = self.verdict_words(self.params.scale)
        corner = live.get_corner(UP + LEFT)
        # The verdicts shrink with the readouts they stand beside (as `split` reckoned the panel).
        while any(live[k].get_right()[0] + 0.35 + v.width > self.PANEL.right
                  for k, v in zip((1, 2), self.verdict_parts)):
            live.scale(0.98, about_point=corner)
            for v in self.verdict_parts:
                v.scale(0.98)
        return live

    def verdicts(self, live: VGroup, d_cat: float, k_end: float):
        times, same = self.verdict_parts
        times.next_to(live[1], RIGHT, buff=0.35)
        same.next_to(live[2], RIGHT, buff=0.35)
        cos_box = SurroundingRectangle(live[2], color=colour("highlight"), buff=0.12)
        return times, same, cos_box
