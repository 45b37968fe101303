"""Lesson 2, "Scaling dot products": row-by-column matmul, a layer as a matrix, the shape
rule, and similarity in embedding space.

Every figure is computed from the scene's params through mathcore and rounded as the
lessons round it; the captions are sentences from the article.
"""

from __future__ import annotations

import textwrap

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    ReplacementTransform,
    SurroundingRectangle,
    Transform,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
)

from mathcore import InputError, cosine_similarity, dot, fmt_number, matmul, weighted_sum
from scenes.catalog import (
    LayerAsMatmulParams,
    RowByColumnMatmulParams,
    ShapeRuleParams,
    SimilarityInEmbeddingSpaceParams,
)
from toolkit.builders import MatrixGrid, entry_column, plane, plane_extent, readout, vector_arrow
from toolkit.layout import FRAME_H, FRAME_W, MARGIN, SAFE_H, SAFE_W, fit
from toolkit.lesson_scene import LessonScene
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES



def factor(x: float) -> str:
    """A factor of a product, in brackets when negative so that 2 \\cdot (-1) reads right."""
    s = tex_number(x)
    return f"({s})" if x < 0 else s


class DotLine(VGroup):
    """x1·y1 + x2·y2 + ... [= p1 + p2 + ...] = total, with each factor, product and the total
    a part of its own, so that each can be tied to the entry it came from."""

    def __init__(self, xs, ys, total: float, show_products: bool = True, size: int = SIZES.body,
                 x_role: str = "a", y_role: str = "b"):
        n = len(xs)
        prods = [x * y for x, y in zip(xs, ys)]
        parts: list[str] = []
        for s in range(n):
            if s:
                parts.append("+")
            parts += [factor(xs[s]), r"\cdot", factor(ys[s])]
        self.show_products = show_products and n > 1
        if self.show_products:
            parts.append("=")
            for s, p in enumerate(prods):
                if s:
                    parts.append("+" if p >= 0 else "-")
                parts.append(tex_number(p if s == 0 else abs(p)))
        parts += ["=", tex_number(total)]
        self.tex = math(*parts, size=size)
        self.xs = [self.tex[4 * s] for s in range(n)]
        self.ys = [self.tex[4 * s + 2] for s in range(n)]
        self.pairs = [VGroup(*self.tex[max(4 * s - 1, 0): 4 * s + 3]) for s in range(n)]
        first = 4 * n - 1
        self.products = [self.tex[first + 1 + 2 * s] for s in range(n)] if self.show_products else []
        self.product_ops = VGroup(*(self.tex[first + 2 * s] for s in range(n))) if self.show_products else VGroup()
        self.total = self.tex[-1]
        self.equals = self.tex[-2]
        for m in self.xs:
            m.set_color(colour(x_role))
        for m in self.ys:
            m.set_color(colour(y_role))
        for m in self.products:
            m.set_color(colour("result"))
        self.total.set_color(colour("result"))
        super().__init__(self.tex)


def grid(M, role: str, name: str | None = None, size: int = SIZES.body) -> MatrixGrid:
    """A matrix_grid whose columns are as far apart as its widest entry needs and no further,
    so that three 4x4 matrices still fit side by side at a legible size."""
    M = np.asarray(M, float)
    unit = size / SIZES.body

    def width(s: str) -> float:
        # Glyph widths of LaTeX's digits, point and minus at body size, measured once.
        return (0.165 * sum(ch.isdigit() for ch in s) + 0.1 * s.count(".") + 0.26 * s.count("-")) * unit

    widest = max(width(tex_number(v)) for v in M.flat)
    return MatrixGrid(M, role, name, size=size, h_buff=max(widest + 0.45 * unit, 0.8 * unit))


def shape_label(rows: int, cols: int, size: int = SIZES.body) -> VGroup:
    """'rows × cols' with each dimension a part of its own, to be moved or boxed."""
    return math(str(rows), r"\times", str(cols), size=size, role="muted")


# --- 1. row by column ------------------------------------------------------------------


class RowByColumnMatmul(LessonScene):
    Params = RowByColumnMatmulParams

    def construct(self) -> None:
        A = np.asarray(self.params.A, float)
        B = np.asarray(self.params.B, float)
        C = matmul(A, B)
        rows, inner = A.shape
        cols = B.shape[1]

        # Drawn large and shrunk to fit, so that small products fill the frame and 4x4 ones still fit.
        gA, gB, gC = (grid(M, role, name, size=SIZES.heading)
                      for M, role, name in ((A, "a", "A"), (B, "b", "B"), (C, "result", "C")))
        product = VGroup(gA, math(r"\cdot"), gB, math("="), gC).arrange(RIGHT, buff=0.35)
        # Room left for the box drawn round C at the end.
        fit(product, SAFE_W - 0.4, 4.3).move_to(UP * 0.15)

        ia, ib, is_ = ValueTracker(1), ValueTracker(1), ValueTracker(1)
        formula = math("C_{", "a", ",", "b", "}", "=", r"\sum_{", "s", "=1}^{" + str(inner) + "}",
                       "A_{", "a", ",", "s", "}", r"\cdot", "B_{", "s", ",", "b", "}", size=SIZES.heading)
        a_parts = VGroup(formula[1], formula[10])
        b_parts = VGroup(formula[3], formula[18])
        s_parts = VGroup(formula[7], formula[12], formula[16])
        a_parts.set_color(colour("a"))
        b_parts.set_color(colour("b"))
        s_parts.set_color(colour("highlight"))
        indices = VGroup(
            readout("a =", ia.get_value, places=0, role="a"),
            readout("b =", ib.get_value, places=0, role="b"),
            readout("s =", is_.get_value, places=0, role="highlight"),
        ).arrange(RIGHT, buff=0.6)
        top = VGroup(formula, indices).arrange(RIGHT, buff=1.0)
        fit(top).to_edge(UP, buff=0.45)

        def line_for(r: int, c: int) -> DotLine:
            line = DotLine(A[r], B[:, c], C[r, c])
            return fit(line).to_edge(DOWN, buff=0.6)

        with self.beat("Matrix multiplication computes the dot product of each row of the first matrix "
                       "with each column of the second.", name="two matrices"):
            self.play(FadeIn(gA), FadeIn(gB), FadeIn(product[1]), FadeIn(product[3]), run_time=1.2)
            self.play(FadeIn(gC.label), FadeIn(gC.matrix.get_brackets()), Write(formula), run_time=1.5)

        row_box, col_box = gA.row_box(0), gB.col_box(0)
        cell_box = gC.cell_box(0, 0)
        with self.beat("For the first cell of C, take row 1 of A and column 1 of B: "
                       "a picks the row, b picks the column.", name="row and column"):
            self.play(Create(row_box), Indicate(a_parts, color=colour("a")), FadeIn(indices[0]), run_time=1.2)
            self.play(Create(col_box), Indicate(b_parts, color=colour("b")), FadeIn(indices[1]), run_time=1.2)
            self.play(Create(cell_box), run_time=0.6)

        line = line_for(0, 0)
        with self.beat("Pair up their entries index by index: s runs along the row of A "
                       "and down the column of B.", name="pair up"):
            self.play(FadeIn(indices[2]), Indicate(s_parts, color=colour("highlight")), run_time=0.8)
            pair_boxes = None
            for s in range(inner):
                boxes = VGroup(gA.cell_box(0, s), gB.cell_box(s, 0))
                moves = [ReplacementTransform(gA.cell(0, s).copy(), line.xs[s]),
                         ReplacementTransform(gB.cell(s, 0).copy(), line.ys[s]),
                         FadeIn(VGroup(*(m for m in line.pairs[s] if m not in (line.xs[s], line.ys[s]))))]
                if pair_boxes is None:
                    pair_boxes = boxes
                    self.play(Create(pair_boxes), run_time=0.5)
                else:
                    self.play(Transform(pair_boxes, boxes), is_.animate.set_value(s + 1), run_time=0.5)
                self.play(*moves, run_time=0.9)

        total_caption = "Multiply each pair and sum the products: " + ", ".join(
            f"{fmt_number(x)}·{fmt_number(y)}" for x, y in zip(A[0], B[:, 0])) + f" add up to {fmt_number(C[0, 0])}."
        with self.beat(total_caption, name="sum"):
            self.play(FadeOut(pair_boxes), run_time=0.4)
            if line.show_products:
                self.play(FadeIn(line.tex[4 * inner - 1]), run_time=0.3)
                self.play(*(ReplacementTransform(line.pairs[s].copy(), line.products[s]) for s in range(inner)),
                          FadeIn(line.product_ops[1:]), run_time=1.2)
            self.play(FadeIn(line.equals), ReplacementTransform(VGroup(*line.products, *line.xs).copy()
                                                                if line.products else VGroup(*line.xs, *line.ys).copy(),
                                                                line.total), run_time=1.0)
            self.settle(line, line.tex)

        with self.beat(f"The sum, {fmt_number(C[0, 0])}, lands in C at row 1, column 1.", name="lands in C"):
            self.play(ReplacementTransform(line.total.copy(), gC.cell(0, 0)), run_time=1.2)

        cells = [(r, c) for r in range(rows) for c in range(cols)][1:]
        if cells:
            r, c = cells.pop(0)
            nxt = line_for(r, c)
            with self.beat(f"Row {r + 1} with column {c + 1} gives the next cell the same way.", name="next cell"):
                self.play(Transform(row_box, gA.row_box(r)), Transform(col_box, gB.col_box(c)),
                          Transform(cell_box, gC.cell_box(r, c)), ia.animate.set_value(r + 1),
                          ib.animate.set_value(c + 1), is_.animate.set_value(1), FadeOut(line), run_time=0.8)
                self.play(LaggedStart(*(ReplacementTransform(VGroup(gA.cell(r, s), gB.cell(s, c)).copy(),
                                                             nxt.pairs[s]) for s in range(inner)), lag_ratio=0.3),
                          is_.animate.set_value(inner), run_time=1.2)
                self.play(FadeIn(VGroup(*nxt.tex[4 * inner - 1:])), run_time=0.6)
                self.settle(nxt, nxt.tex)
                self.play(ReplacementTransform(nxt.total.copy(), gC.cell(r, c)), run_time=0.8)
            line = nxt

        if cells:
            last_r, last_c = cells[-1]
            with self.beat("The remaining cells follow together: every row of A meets every column of B.",
                           name="the rest"):
                self.play(FadeOut(line), FadeOut(row_box), FadeOut(col_box), FadeOut(cell_box),
                          ia.animate.set_value(last_r + 1), ib.animate.set_value(last_c + 1),
                          is_.animate.set_value(inner), run_time=0.6)
                self.play(LaggedStart(*(ReplacementTransform(VGroup(*gA.matrix.get_rows()[r], *gB.matrix.get_columns()[c]).copy(),
                                                             gC.cell(r, c)) for r, c in cells), lag_ratio=0.25),
                          run_time=2.0)
        else:
            self.play(FadeOut(row_box), FadeOut(col_box), FadeOut(cell_box), run_time=0.5)

        with self.beat("Each cell of C measures how closely a row of A matches a column of B, "
                       "in terms of their dot product.", name="result"):
            self.settle(gC, (gC.cell(r, c) for r in range(rows) for c in range(cols)))
            self.play(Indicate(gC.matrix.get_entries(), color=colour("result"), scale_factor=1.15),
                      Create(SurroundingRectangle(gC, color=colour("result"), buff=0.15)), run_time=1.2)


# --- 2. a layer as a matrix ------------------------------------------------------------


class LayerAsMatmul(LessonScene):
    Params = LayerAsMatmulParams

    def construct(self) -> None:
        W = np.asarray(self.params.W, float)
        x = np.asarray(self.params.x, float)
        bias = np.asarray(self.params.bias, float)
        n_neurons = W.shape[0]
        z = matmul(W, x[:, None])[:, 0] + bias
        neurons = [weighted_sum(W[i], x, float(bias[i]), activation="identity") for i in range(n_neurons)]

        # The equation W·x + b = z, laid out first so the opening rows can head for their places.
        gW = grid(W, "a")
        gx = grid(x[:, None], "b")
        gb = grid(bias[:, None], "text")
        gz = grid(z[:, None], "result")
        ops = [math(r"\cdot"), math("+"), math("=")]
        eq = VGroup(gW, ops[0], gx, ops[1], gb, ops[2], gz).arrange(RIGHT, buff=0.3)
        names = VGroup(*(math(s, size=SIZES.label, role=role).next_to(g, DOWN, buff=0.2)
                         for s, role, g in ((r"W", "a", gW), (r"\mathbf{x}", "b", gx), (r"\mathbf{b}", "text", gb),
                                            (r"\mathbf{z}", "result", gz))))
        labels = VGroup(*(text(f"neuron {i + 1}", size=SIZES.small, role="muted") for i in range(n_neurons)))
        for lab, row in zip(labels, gW.matrix.get_rows()):
            lab.next_to(gW, LEFT, buff=0.35).set_y(row.get_y())
        layout = VGroup(labels, eq, names)
        fit(layout, SAFE_W, 4.0).to_edge(UP, buff=0.5).set_x(0)

        # The same column spacing as W, so that each row slides straight into place.
        rows = [MatrixGrid(W[i:i + 1], "a", h_buff=gW.matrix.h_buff) for i in range(n_neurons)]
        x_alone = entry_column(x, "b", "x")
        opening = VGroup(*rows).arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        opening_all = VGroup(opening, x_alone).arrange(RIGHT, buff=1.6)
        fit(opening_all, SAFE_W - 2.5, 4.0).move_to(layout).shift(RIGHT * 0.8)
        opening_labels = VGroup(*(labels[i].copy().next_to(rows[i], LEFT, buff=0.35) for i in range(n_neurons)))

        with self.beat("A layer of neurons: each neuron has its own weights, and all of them read the same inputs.",
                       name="neurons"):
            self.play(LaggedStart(*(FadeIn(VGroup(lab, row)) for lab, row in zip(opening_labels, rows)),
                                  lag_ratio=0.4), run_time=1.6)
            self.play(FadeIn(x_alone), run_time=0.8)

        with self.beat("Represent the layer's weights as a matrix W: each row represents a neuron, "
                       "and each column a weight for one input.", name="rows of W"):
            moves = [ReplacementTransform(rows[i].cell(0, j), gW.cell(i, j))
                     for i in range(n_neurons) for j in range(W.shape[1])]
            self.play(*moves, *(FadeOut(r.matrix.get_brackets()) for r in rows),
                      *(ReplacementTransform(opening_labels[i], labels[i]) for i in range(n_neurons)),
                      FadeIn(gW.matrix.get_brackets()), FadeIn(names[0]), run_time=1.6)
            self.settle(gW, (gW.cell(i, j) for i in range(n_neurons) for j in range(W.shape[1])))

        with self.beat("Then W·x + b computes every neuron's weighted sum plus bias at once.", name="W x + b"):
            self.play(ReplacementTransform(VGroup(*x_alone.entries), VGroup(*gx.matrix.get_entries())),
                      ReplacementTransform(x_alone.matrix.get_brackets(), gx.matrix.get_brackets()),
                      ReplacementTransform(x_alone.label, names[1]), FadeIn(ops[0]), run_time=1.2)
            self.settle(gx, [*gx.matrix.get_entries(), gx.matrix.get_brackets()])
            self.play(FadeIn(ops[1]), FadeIn(gb), FadeIn(names[2]), run_time=0.8)
            self.play(FadeIn(ops[2]), FadeIn(gz), FadeIn(names[3]), run_time=0.8)

        def work_line(i: int) -> VGroup:
            line = DotLine(W[i], x, neurons[i]["sum"], show_products=False, size=SIZES.label)
            rest = math("{}+", factor(bias[i]), "=", tex_number(neurons[i]["z"]), size=SIZES.label)
            rest[-1].set_color(colour("result"))
            lab = text(f"neuron {i + 1}:", size=SIZES.small, role="muted")
            row = VGroup(lab, line, rest).arrange(RIGHT, buff=0.12)
            lab.shift(LEFT * 0.15)
            return row

        lines = VGroup(*(work_line(i) for i in range(n_neurons))).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        fit(lines, SAFE_W, max(layout.get_bottom()[1] - 0.35 + FRAME_H / 2 - MARGIN, 1.0))
        lines.next_to(layout, DOWN, buff=0.35)

        row_box, x_box, z_box = gW.row_box(0), gx.col_box(0), gz.cell_box(0, 0)
        first = neurons[0]
        with self.beat(f"Row 1 holds the first neuron's weights: its dot product with x is that neuron's weighted sum, "
                       f"{fmt_number(first['sum'])}, and with its bias, z = {fmt_number(first['z'])}.",
                       name="row 1"):
            self.play(Create(row_box), Create(x_box), run_time=0.8)
            self.play(FadeIn(lines[0][0]), ReplacementTransform(VGroup(*gW.matrix.get_rows()[0], *gx.matrix.get_entries()).copy(),
                                                                lines[0][1]), run_time=1.2)
            self.play(ReplacementTransform(gb.cell(0, 0).copy(), lines[0][2]), Create(z_box), run_time=1.0)

        if n_neurons > 1:
            with self.beat("Every other row does the same for its own neuron: one matrix multiplication "
                           "gives the whole layer.", name="every row"):
                for i in range(1, n_neurons):
                    self.play(Transform(row_box, gW.row_box(i)), Transform(z_box, gz.cell_box(i, 0)), run_time=0.5)
                    self.play(FadeIn(lines[i][0]),
                              ReplacementTransform(VGroup(*gW.matrix.get_rows()[i], *gx.matrix.get_entries()).copy(),
                                                   lines[i][1]),
                              ReplacementTransform(gb.cell(i, 0).copy(), lines[i][2]), run_time=0.9)
                self.play(FadeOut(row_box), FadeOut(z_box), FadeOut(x_box), run_time=0.5)
        else:
            self.play(FadeOut(row_box), FadeOut(z_box), FadeOut(x_box), run_time=0.5)
        self.settle(lines, (m for line in lines for m in line))


# --- 3. the shape rule -----------------------------------------------------------------


class ShapeRule(LessonScene):
    Params = ShapeRuleParams

    def construct(self) -> None:
        A = np.asarray(self.params.A, float)
        B = np.asarray(self.params.B, float)
        bad = np.asarray(self.params.bad_B, float)
        C = matmul(A, B)
        try:
            matmul(A, bad)
        except InputError as e:
            refusal = str(e)
        else:  # the params' validation already guarantees a mismatch
            raise AssertionError("bad_B fits A")

        gA, gB, gC = grid(A, "a", "A"), grid(B, "b", "B"), grid(C, "result", "C")
        gBad = grid(bad, "b", "B")
        row = VGroup(gA, math(r"\cdot"), gB, math("="), gC).arrange(RIGHT, buff=0.45)
        natural = row.width
        fit(row, SAFE_W, 3.2).move_to(UP * 1.4)
        gBad.scale(row.width / natural).move_to(gB, aligned_edge=LEFT)
        sA, sB, sC = shape_label(*A.shape), shape_label(*B.shape), shape_label(*C.shape)
        for s, g in ((sA, gA), (sB, gB), (sC, gC)):
            s.next_to(g.matrix, DOWN, buff=0.35)
        sA[0].set_color(colour("a"))
        sB[2].set_color(colour("b"))

        with self.beat("Matrix multiplication is only allowed when the number of columns in A "
                       "matches the number of rows in B.", name="shapes"):
            self.play(FadeIn(gA), FadeIn(row[1]), FadeIn(gB), run_time=1.0)
            self.play(FadeIn(sA), FadeIn(sB), run_time=0.8)

        inner_boxes = VGroup(SurroundingRectangle(sA[2], color=colour("highlight"), buff=0.08),
                             SurroundingRectangle(sB[0], color=colour("highlight"), buff=0.08))
        meet_point = (sA.get_right() + sB.get_left()) / 2 + DOWN * 0.75
        inner = VGroup(sA[2].copy(), sB[0].copy())
        met = math(str(A.shape[1]), "=", str(B.shape[0]), role="highlight").move_to(meet_point)
        with self.beat(f"The inner dimensions meet: A has {A.shape[1]} columns and B has {B.shape[0]} rows, "
                       "one pair for every product of a dot product.", name="inner meet"):
            self.play(Create(inner_boxes), run_time=0.6)
            self.play(ReplacementTransform(inner[0], met[0]), ReplacementTransform(inner[1], met[2]),
                      FadeIn(met[1]), run_time=1.2)

        outer = VGroup(sA[0].copy(), sB[2].copy())
        with self.beat(f"They vanish, and the outer dimensions give the shape of the result: "
                       f"{C.shape[0]} by {C.shape[1]}.", name="outer shape"):
            self.play(FadeOut(met, scale=0.3), FadeOut(inner_boxes), sA[2].animate.set_opacity(0.35),
                      sB[0].animate.set_opacity(0.35), run_time=0.9)
            self.play(FadeIn(row[3]), FadeIn(gC), ReplacementTransform(outer[0], sC[0]),
                      ReplacementTransform(outer[1], sC[2]), FadeIn(sC[1]), run_time=1.4)
            self.settle(sC)

        sBad = shape_label(*bad.shape).next_to(gBad.matrix, DOWN, buff=0.35)
        sBad[2].set_color(colour("b"))
        sA_again = shape_label(*A.shape).move_to(sA)
        sA_again[0].set_color(colour("a"))
        clash = VGroup(SurroundingRectangle(sA_again[2], color=colour("negative"), buff=0.08),
                       SurroundingRectangle(sBad[0], color=colour("negative"), buff=0.08))
        mismatch = math(str(A.shape[1]), r"\neq", str(bad.shape[0]), role="negative").move_to(meet_point)
        message = text("✗ " + "\n".join(textwrap.wrap(refusal, 40)), size=SIZES.small, role="negative")
        fit(message).next_to(mismatch, DOWN, buff=0.45)
        with self.beat("A pair whose inner dimensions differ is refused: the number of columns in A "
                       "must equal the number of rows in B.", name="refused"):
            self.play(FadeOut(VGroup(row[3], gC, sC)), FadeOut(gB), FadeOut(sB), FadeIn(gBad), FadeIn(sBad),
                      Transform(sA, sA_again), run_time=1.0)
            self.play(Create(clash), run_time=0.6)
            self.play(ReplacementTransform(sA[2].copy(), mismatch[0]), ReplacementTransform(sBad[0].copy(), mismatch[2]),
                      FadeIn(mismatch[1]), run_time=1.0)
            self.play(FadeIn(message, shift=UP * 0.2), run_time=0.8)

        ladder = math(r"\text{matrix multiplication}", r"\longrightarrow", r"\text{dot product}", r"\longrightarrow",
                      r"\text{multiply-accumulate}")
        ladder[0].set_color(colour("result"))
        fit(ladder).to_edge(UP, buff=0.8)
        cells = C.size
        how_many = text(f"{C.shape[0]} × {C.shape[1]} result: {cells} dot products", size=SIZES.small, role="muted")
        first = DotLine(A[0], B[:, 0], C[0, 0], show_products=False, size=SIZES.body)
        first_name = math("C_{1,1} =", role="result")
        dot_row = VGroup(first_name, first).arrange(RIGHT, buff=0.25)
        with self.beat("Matrix multiplication is made of dot products, one for each cell of the result.",
                       name="ladder"):
            self.play(FadeOut(VGroup(gA, row[1], gBad, sA, sBad, clash, mismatch, message)), run_time=0.8)
            self.play(Write(ladder), run_time=1.5)
            VGroup(how_many, dot_row).arrange(DOWN, buff=0.5).next_to(ladder, DOWN, buff=0.8)
            fit(dot_row)
            self.play(FadeIn(how_many), FadeIn(dot_row), run_time=1.0)

        running = np.cumsum([a * b for a, b in zip(A[0], B[:, 0])])
        steps = ["0"]
        for s, (a, b) in enumerate(zip(A[0], B[:, 0])):
            steps += [r"\xrightarrow{+\," + factor(a) + r"\cdot" + factor(b) + "}", tex_number(running[s])]
        mac = math(*steps)
        for m in mac[2::2]:
            m.set_color(colour("result"))
        fit(mac).next_to(dot_row, DOWN, buff=0.8)
        mac_label = text("multiply-accumulate: a running total", size=SIZES.small, role="muted").next_to(mac, DOWN, buff=0.3)
        with self.beat("Each dot product is a chain of multiply-accumulate operations: multiply one pair, "
                       f"add it to a running total, until the total is {fmt_number(C[0, 0])}.", name="accumulate"):
            self.play(FadeIn(mac[0]), FadeIn(mac_label), run_time=0.5)
            for k in range(1, len(mac), 2):
                self.play(FadeIn(mac[k]), FadeIn(mac[k + 1]), run_time=0.7)
            self.settle(mac)


# --- 4. similarity in embedding space ---------------------------------------------------


def _label_at(label: VMobject, plane_, tip, side: int = 0) -> VMobject:
    """Put a word just beyond an arrow's tip; side +1 / -1 leans it anticlockwise / clockwise,
    away from a neighbouring arrow that points almost the same way."""
    v = np.array([tip[0], tip[1], 0.0])
    u = v / (np.linalg.norm(v) or 1.0)
    u = u + side * np.array([-u[1], u[0], 0.0])
    u /= np.linalg.norm(u)
    reach = 0.2 + abs(u[0]) * label.width / 2 + abs(u[1]) * label.height / 2
    return label.move_to(plane_.c2p(*tip) + u * reach)


class SimilarityInEmbeddingSpace(LessonScene):
    Params = SimilarityInEmbeddingSpaceParams

    def construct(self) -> None:
        w_dog, w_cat, w_other = self.params.words
        dog, cat, other = (np.asarray(v, float) for v in self.params.vectors)
        k_end = self.params.scale
        k = ValueTracker(1.0)

        def cat_now() -> np.ndarray:
            return cat * k.get_value()

        ext = plane_extent(dog, cat, cat * k_end, other)
        p = plane(ext, height=SAFE_H - 0.2).to_edge(LEFT, buff=0.5)
        arrows = {
            "dog": vector_arrow(p, dog, "a"),
            "cat": vector_arrow(p, cat_now, "b"),
            "other": vector_arrow(p, other, "result"),
        }
        # dog and cat point almost the same way: each name leans away from the other arrow.
        lean = 1 if dog[0] * cat[1] - dog[1] * cat[0] > 0 else -1
        names = {
            "dog": _label_at(text(w_dog, size=SIZES.label, role="a"), p, dog, -lean),
            "other": _label_at(text(w_other, size=SIZES.label, role="result"), p, other),
        }
        cat_name = text(w_cat, size=SIZES.label, role="b")
        _label_at(cat_name, p, cat, lean)
        cat_name.add_updater(lambda m: _label_at(m, p, cat_now(), lean))

        panel_left = p.get_right()[0] + 0.6
        panel_w = FRAME_W / 2 - MARGIN - panel_left

        def panel(m: VMobject) -> VMobject:
            fit(m, panel_w)
            return m.set_x(panel_left + m.width / 2)

        note = panel(text("2-D stand-ins for real word embeddings,\nwhich have hundreds of dimensions",
                          size=SIZES.small, role="muted")).to_edge(UP, buff=0.5)
        note.set_x(panel_left + note.width / 2)

        with self.beat("Word embeddings place words in a vector space where similar words are placed closer together.",
                       name="words as vectors"):
            self.play(Create(p), run_time=1.0)
            self.play(*(GrowArrow(a.arrow) for a in arrows.values()), run_time=1.2)
            self.add(*arrows.values())
            self.play(FadeIn(names["dog"]), FadeIn(cat_name), FadeIn(names["other"]), FadeIn(note), run_time=0.8)

        def word(w: str) -> str:
            return r"\text{" + w + "}"

        d_cat, d_other = dot(dog, cat), dot(dog, other)
        closer, farther = ((w_cat, w_other) if d_cat >= d_other else (w_other, w_cat))
        sims = VGroup(
            math(word(w_dog), r"\cdot", word(w_cat), "=", tex_number(d_cat), size=SIZES.label),
            math(word(w_dog), r"\cdot", word(w_other), "=", tex_number(d_other), size=SIZES.label),
        ).arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        for line, role in zip(sims, ("b", "result")):
            line[0].set_color(colour("a"))
            line[2].set_color(colour(role))
        high = text("higher: more similar", size=SIZES.small, role="muted")
        panel(sims).next_to(note, DOWN, buff=0.6, aligned_edge=LEFT)
        best = sims[0] if d_cat >= d_other else sims[1]
        high.next_to(sims, DOWN, buff=0.25, aligned_edge=LEFT)
        marker = SurroundingRectangle(best, color=colour("highlight"), buff=0.1)
        with self.beat(f"The dot product is a similarity metric: {w_dog}·{closer} is higher than "
                       f"{w_dog}·{farther}, so {w_dog} is closer to {closer}.", name="dot as similarity"):
            self.play(FadeIn(sims[0]), run_time=0.8)
            self.play(FadeIn(sims[1]), run_time=0.8)
            self.play(Create(marker), FadeIn(high), run_time=0.8)

        live = VGroup(
            readout(r"\text{stretch of " + w_cat + "} =", k.get_value, size=SIZES.label, role="b"),
            readout(word(w_dog) + r"\cdot" + word(w_cat) + " =", lambda: dot(dog, cat_now()), size=SIZES.label),
            readout(r"\cos(" + word(w_dog) + "," + word(w_cat) + ") =", lambda: cosine_similarity(dog, cat_now()),
                    size=SIZES.label),
        )
        for r in live:
            fit(r, panel_w)
        live.arrange(DOWN, buff=0.35, aligned_edge=LEFT)
        live.next_to(high, DOWN, buff=0.7).set_x(panel_left + live.width / 2)
        with self.beat("The dot product is sensitive to both the direction and the magnitude of the vectors; "
                       "cosine similarity is not.", name="two measures"):
            self.play(FadeOut(marker), FadeIn(live), run_time=1.0)

        verb = "Double" if abs(k_end - 2) < 1e-9 else f"Scale by {fmt_number(k_end)}"
        with self.beat(f"{verb} the vector for {w_cat}: its dot product with {w_dog} grows "
                       f"{fmt_number(k_end)} times, though the two still point in the same direction.", name="stretch"):
            self.play(k.animate.set_value(k_end), run_time=3.0)

        d_after = dot(dog, cat * k_end)
        cos_after = cosine_similarity(dog, cat * k_end)
        summary = VGroup(
            math(r"\times" + tex_number(d_after / d_cat), size=SIZES.label, role="b") if d_cat else VGroup(),
            text("same", size=SIZES.small, role="text"),
        )
        summary[0].next_to(live[1], RIGHT, buff=0.3)
        summary[1].next_to(live[2], RIGHT, buff=0.3)
        cos_box = SurroundingRectangle(live[2], color=colour("highlight"), buff=0.1)
        with self.beat(f"The cosine similarity stays at {fmt_number(cos_after)}: the words are just as similar "
                       "as before.", name="cosine stays"):
            self.play(FadeIn(summary[0]), run_time=0.6)
            self.play(Create(cos_box), FadeIn(summary[1]), run_time=0.8)
