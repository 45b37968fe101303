"""Lesson 2, "Scaling dot products": similarity in embedding space, a layer as a matrix,
row-by-column matmul, and the shape rule that ends on matmul → dot product → multiply-accumulate.

Every figure is computed from the scene's params through mathcore and rounded as the lessons
round it; the captions are sentences from the article. Each scene reads as its beats; the
objects a beat shows are built in a small named method above it, by the widgets of
toolkit/matrices.py, toolkit/formulas.py and toolkit/embedding.py.

Letters as lesson 1 has them: i runs along the entries a dot product pairs up (lesson 1's
Σ_i a_i b_i), n counts them; so r picks a row of A and c a column of B (C_{r,c} = Σ_i A_{r,i} B_{i,c}:
k is a key in lesson 1). The bias is β (b is vector b in lesson 1 and a column of B here).
"""

from __future__ import annotations

import textwrap

import numpy as np
from manim import (
    DOWN,
    Arrow,
    GrowArrow,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    Circumscribe,
    Create,
    FadeIn,
    FadeOut,
    ReplacementTransform,
    LaggedStart,
    Transform,
    ManimColor,
    Line,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    VGroup,
    VMobject,
    Wait,
    interpolate_color,
    rush_from,
)

from mathcore import InputError, cosine_similarity, dot, fmt_number, matmul, norm, product_reads_true, weighted_sum
from scenes.catalog import (
    LayerAsMatmulParams,
    RowByColumnMatmulParams,
    ShapeRuleParams,
    SimilarityInEmbeddingSpaceParams,
)
from toolkit.builders import Readout
from toolkit.embedding import WordPlane
from toolkit.formulas import DotProductLine, factor_tex
from toolkit.layout import FRAME_H, FRAME_W, GAP, MIN_TEXT_HEIGHT, SAFE, STAGE, TOP, Region
from toolkit.live import placed
from toolkit.lesson_scene import LessonScene
from toolkit.light import light
from toolkit.matrices import (
    FRAME_BUFF,
    GeneralShapeRule,
    IndexFormula,
    Ladder,
    LayerDiagram,
    LayerEquation,
    MacChain,
    MatrixGrid,
    MatrixProduct,
    ShapePair,
    layer_into_matrix,
    min_math_size,
    pulse,
    sub,
)
from toolkit.moves import hand_over
from toolkit.style import colour, math, tex_number, text
from toolkit.theme import SIZES


def places_for(*arrays) -> int:
    """How many decimals the figures need, as the lessons write them: 0.5 and 10.5 (not 0.50),
    0.25 with two; every figure of a scene with the same count, so a line reads evenly."""
    need = 0
    for v in np.concatenate([np.asarray(a, float).ravel() for a in arrays]):
        s = fmt_number(v, 2)
        if "." in s:
            need = max(need, len(s.split(".")[1].rstrip("0")))
    return need


def cell_name(i: int, j: int) -> str:
    """C_{i,j} for the cell at row i, column j (1-based on screen): the lesson's one subscript style,
    the article's C_{a,b}, its indices as large as the C (see toolkit.matrices.sub)."""
    return "C" + sub(f"{i + 1}{{,}}{j + 1}")


def cell_line(
    A: np.ndarray,
    B: np.ndarray,
    C: np.ndarray,
    i: int,
    j: int,
    region: Region,
    products: bool = True,
    places: int = 2,
    size: int = SIZES.heading,
) -> DotProductLine:
    """C_{i,j} = row i of A · column j of B, written out, fitted into `region`; without room for
    the products (long decimals, four pairs) it writes the pairs and the total only."""

    def build(with_products: bool) -> DotProductLine:
        return DotProductLine(
            A[i],
            B[:, j],
            prefix=cell_name(i, j) + " =",
            total=C[i, j],
            products=with_products,
            size=size,
            prefix_role="result",
            places=places,
        )

    line = build(products)
    if products and line.width * SIZES.heading / size > region.width * 1.1:
        line = build(False)
    return region.fit(line)


def tex_trim(x: float) -> str:
    """A figure as the lesson writes it, for LaTeX: 0.9 (not 0.90), 0.87, 2."""
    return fmt_number(x, places_for([x])).replace("\u2212", "-")


def trim_factor(x: float) -> str:
    """A factor written as the lesson writes it, in brackets when negative: 0.9, (-0.2)."""
    s = tex_trim(x)
    return f"({s})" if s.startswith("-") else s


def pair_words(x: float, y: float, places: int) -> str:
    """ "2·(−1)" as a caption writes a pair: a negative factor in brackets."""

    def factor(v: float) -> str:
        s = fmt_number(v, places)
        return f"({s})" if s.startswith("\u2212") else s

    return f"{factor(x)}·{factor(y)}"


# The parts of an equation still to come, shown faintly beside what is there: their colours this
# far towards the background (opaque: a translucent bracket shows the joins of its LaTeX pieces).
PREVIEW_FADE = 0.72


def faint(parts: VGroup) -> VGroup:
    """Each part drawn in its colour faded towards the background; `lit` brings it back."""
    for m in parts.family_members_with_points():
        m.full_colour = m.get_color()
        m.set_color(interpolate_color(ManimColor(m.full_colour), ManimColor(colour("background")), PREVIEW_FADE))
    return parts


def lit(*parts: VMobject) -> AnimationGroup:
    """Parts drawn `faint` come up to their own colours."""
    return AnimationGroup(
        *(
            m.animate.set_color(m.full_colour)
            for p in parts
            for m in p.family_members_with_points()
            if hasattr(m, "full_colour")
        )
    )


def sealed(m: VMobject) -> VMobject:
    """Every matrix bracket in `m` outlined in its own colour: LaTeX builds a tall bracket from
    pieces, and at 1080p their joins showed as hairline seams across the stems (review)."""
    for part in m.get_family():
        if isinstance(part, MatrixGrid):
            for bracket in part.brackets():
                bracket.set_stroke(bracket.get_fill_color(), width=0.8, opacity=1)
    return m


def plural(n: int, word: str) -> str:
    """ "1 row", "2 rows"."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def under(m: VMobject, role: str = "highlight", buff: float = 0.1) -> Line:
    """A rule under `m`, as wide as it: it marks figures in a line without covering them."""
    y = m.get_bottom()[1] - buff
    return Line([m.get_left()[0], y, 0], [m.get_right()[0], y, 0], color=colour(role), stroke_width=4)


def pair_in_place(line: DotProductLine, k: int, sources: tuple[VMobject, ...] = ()) -> AnimationGroup:
    """The k-th pair of the line appears where it stands, rising a little into place, as its two
    entries in A and B are lit (`sources`, or the scene's MatrixProduct.spot): no copy flies. Flown
    out of the matrices, the copies crossed the other row of A and B's bracket on their way
    (review), and from a row of A over another row there is no lane that crosses nothing."""
    return AnimationGroup(
        *(light(m, role) for m, role in zip(sources, line.roles)),
        *(FadeIn(m, shift=UP * 0.15) for m in (line.xs[k], line.ys[k])),
        FadeIn(line.pair_operators(k)),
    )


def lift_off(source: VMobject, target: VMobject, **kwargs) -> ReplacementTransform:
    """TransformFromCopy, rushing off its source, the copy drawn in from nothing as it leaves: eased
    out at full strength, a shape's "3" and its copy stood a hair apart for the first frames, one digit drawn twice."""
    return ReplacementTransform(source.copy().set_opacity(0), target, rate_func=rush_from, **kwargs)


# Room between a matrix's entries and its brackets in RowByColumnMatmul (manim's is 0.25): a frame
# FRAME_BUFF round an entry then stands 0.18 (at the product's scale, 30-odd px at 1080p) off the
# bracket. Where that room would shrink a wide product's figures under the legible size (4x4), less.
BRACKET_ROOMS = (FRAME_BUFF + 0.18, FRAME_BUFF + 0.14, FRAME_BUFF + 0.09)

# The index formula's size: its x-height subscripts (r, c) at 35 px at 1080p.
INDEX_SIZE = 56

# A formula line tall enough for a sum with its limits (TOP holds one line of plain maths),
# and the stage under it.
HEAD = Region("head", SAFE.left, SAFE.right, SAFE.top - 1.3, SAFE.top)
BODY = Region("body", SAFE.left, SAFE.right, SAFE.bottom, HEAD.bottom - GAP)


class MarkedScene(LessonScene):
    """A lesson scene whose beats time their motion to marked words (see toolkit/lesson_scene.py)."""

    def mark_time(self, mark: str) -> float:
        """When the current beat's word `mark` is said (scene seconds), without using the mark up."""
        return self._clock.marks[mark]

    def left_until(self, mark: str) -> float:
        """Seconds from now until `mark` is said (0 if it has been)."""
        return max(0.0, self.mark_time(mark) - self.now)


# --- 1. row by column ------------------------------------------------------------------


class RowByColumnMatmul(MarkedScene):
    Params = RowByColumnMatmulParams
    layout_region = BODY
    # The product of A and B above, the working of one cell under it.
    PRODUCT, WORKING = BODY.split_y(0.7)

    def construct(self) -> None:
        self.build_product()
        with self.beat(
            "Matrix multiplication computes the dot product of each <rows>row of the first matrix "
            "with each <cols>column of the <end>second.",
            name="two matrices",
        ):
            # The two matrices are there as the first words are said (the scene opened on black, the
            # whole product fading in over 3 s: review); "= C", what it computes, comes with "computes".
            product = self.product
            self.play(
                product.A.appear(), FadeIn(product.times), product.B.appear(), FadeIn(product.names[:2]), run_time=0.6
            )
            self.play(FadeIn(product.equals), product.C.appear(entries=False), FadeIn(product.names[2]), until="rows")
            swept = self.sweep(until=("cols", "end"))

        with self.beat(
            "For the <cell>first cell of C, take <row>row 1 of A and <col>column 1 of B: "
            "<r>r picks the row, <c>c picks the <end>column.",
            name="row and column",
        ):
            frames = self.product._frames_for(0, 0)
            self.product.frames = frames
            self.play(FadeIn(self.formula.tex), FadeOut(swept), until="cell")
            self.play(Create(frames[2]), until="row")
            self.play(Create(frames[0]), until="col")
            self.play(Create(frames[1]), until="r")
            self.play(self.formula.show_index("r"), self.flash_frame(0), until="c")
            self.play(self.formula.show_index("c"), self.flash_frame(1), until="end")

        self.line = self.working_line(0, 0)
        with self.beat(
            "Pair up their entries <idx>index by index: <k>i runs along the row of A "
            "and <down>down the column of <end>B.",
            name="pair up",
        ):
            self.pair_up(0, 0, marks=("idx", "k", "down", "end"))

        with self.beat(self.sum_caption(0, 0), name="sum"):
            self.multiply_and_sum(self.line, 0, 0)

        with self.beat(
            f"The sum, <s>{self.fmt(self.C[0, 0])}, <lands>goes into C at <row>row 1, <col>column <end>1.",
            name="lands in C",
        ):
            self.play(light(self.line.total, "result"), until="lands")
            self.play(self.product.unspot(), self.product.fill(0, 0, self.line.total), until="row")
            self.play(self.flash_frame(0), until="col")
            self.play(self.flash_frame(1), until="end")

        cells = self.product.cells()[1:]
        if cells:
            i, j = cells.pop(0)
            with self.beat(
                f"<r>Row {i + 1} with <c>column {j + 1} gives the next cell <w>the same way: "
                f"<v>{self.fmt(self.C[i, j])}.",
                name="next cell",
            ):
                self.work_cell(i, j, marks=("r", "c", "w", "v"))
        if cells:
            if len(cells) > 3:
                with self.beat(
                    "The remaining cells follow the same way: every column of B with every row of A.", name="the rest"
                ):
                    for i, j in cells:
                        self.work_cell(i, j, seconds=max(1.2, 6.0 / len(cells)))
            else:
                # One beat a cell: each result is read after its words (in one beat, the working of
                # 139 was gone half a second after it was said, as the next cell began: review).
                (i, j), *others = cells
                each = f"<r0>row {i + 1} with <c0>column {j + 1} gives <v0>{self.fmt(self.C[i, j])}"
                with self.beat(f"<rows>Row by row and <cols>column by column: {each}.", name="the rest"):
                    # "Row by row and column by column": A's rows, then B's columns, lit in turn, as said.
                    A, B = self.product.A, self.product.B
                    self.play(
                        FadeOut(self.line),
                        self.product.unspot(),
                        LaggedStart(
                            *(light(A.row(r), "a") for r in range(A.shape[0])),
                            lag_ratio=0.6,
                        ),
                        until="cols",
                    )
                    self.line = VGroup()  # gone: the first cell has no line to clear
                    self.play(
                        LaggedStart(
                            *(light(B.column(c), "b") for c in range(B.shape[1])),
                            lag_ratio=0.6,
                        ),
                        until="r0",
                    )
                    self.work_cell(i, j, marks=("r0", "c0", "v0"))
                for n, (i, j) in enumerate(others, start=2):
                    with self.beat(
                        f"<r0>Row {i + 1} with <c0>column {j + 1} gives <v0>{self.fmt(self.C[i, j])}.",
                        name=f"the rest {n}",
                    ):
                        self.work_cell(i, j, marks=("r0", "c0", "v0"))

        # (The letter A is followed by a comma or "and" in every caption: before another word, the
        # voices read it as the article.)
        with self.beat(
            "Each cell of C measures how closely <col>a column of B matches <row>a row of A, "
            "in terms of <dot>their dot <end>product.",
            name="result",
        ):
            self.play(self.formula_done(), FadeOut(self.line), self.product.unspot(), until="col")
            # Cell by cell, the row and the column it measures are framed with it once more.
            cells = self.product.cells()
            step = (self.mark_time("dot") - self.now) / len(cells)
            for i, j in cells:
                # Quick steps cross-fade and light the cell in place: frames sliding between rows and
                # a grown figure crossed the figures around them (review).
                self.play(
                    self.product.select(i, j, fade=True),
                    light(self.product.C.cell(i, j), "result", pulse=False),
                    run_time=step,
                )
            self.play(self.product.release(), until="end")
        self.best_match()

    def best_cells(self) -> list[tuple[int, int]]:
        """The cells of C with the highest value, as the scene writes them (a tie is every one of them)."""
        shown = [[float(self.fmt(v).replace("\u2212", "-")) for v in row] for row in self.C]
        top = max(max(row) for row in shown)
        return [(i, j) for i, j in self.product.cells() if shown[i][j] == top]

    def best_match(self) -> None:
        """The highest cell is where a row and a column match most closely: the other cells, rows and
        columns fade back, that row, that column and their cell are framed as they are named, and the
        cell is pointed out. (A product of one cell has nothing to compare it with.)"""
        # C, filled cell by cell, is one matrix on screen again (and in the scene's record).
        self.add(self.product.C.entries())
        if self.C.size < 2:
            self.product.C.brackets().set_color(colour("result"))
            return
        best = self.best_cells()
        (i0, j0), more = best[0], best[1:]
        also = "".join(f", and row {i + 1} and column {j + 1}" for i, j in more)
        product = self.product
        A, B, C = product.A, product.B, product.C
        rows, cols = sorted({i for i, _ in best}), sorted({j for _, j in best})
        cell_frames = VGroup(*(C.cell_frame(i, j, role="result") for i, j in best))
        row_frames = VGroup(*(A.row_frame(i) for i in rows))
        col_frames = VGroup(*(B.column_frame(j) for j in cols))
        faded = 0.3
        # What the highest cell is, not more: the largest dot product. ("closest match / same direction"
        # claimed more than it showed: every row and column here points much the same way, cos 0.975
        # to 1, and 154 beats 139 by column 2's length: review.)
        label = text("largest dot product", size=SIZES.heading, role="result")
        pointer = None
        # Under every matrix of the row, not only C: beside a taller B, it stood against B's bracket.
        label.next_to(C, DOWN, buff=0.5)
        label.shift(DOWN * max(0, label.get_top()[1] - (product.row.get_bottom()[1] - 0.3)))
        if len(best) == 1:
            label.set_x(C.cell(i0, j0).get_x())
            pointer = Arrow(
                label.get_top(), cell_frames.get_bottom(), buff=0.08, color=colour("result"), stroke_width=5
            )
            label.shift(RIGHT * (min(0, SAFE.right - label.get_right()[0])))
        with self.beat(
            f"The highest, {self.fmt(self.C[i0, j0])}, <w>is where <r>row {i0 + 1} and <c>column {j0 + 1}"
            f"{also} match most <best>closely, in terms of their <dot>dot <end>product.",
            name="closest match",
        ):
            # The highest against the others: they fade back as it is named.
            self.play(
                *(C.cell(i, j).animate.set_opacity(faded) for i, j in product.cells() if (i, j) not in best),
                Create(cell_frames),
                until="w",
            )
            self.play(
                *(light(C.cell(i, j), "result", pulse=False) for i, j in best),
                until="r",
            )
            self.play(
                Create(row_frames),
                *(A.row(i).animate.set_opacity(faded) for i in range(A.shape[0]) if i not in rows),
                until="c",
            )
            self.play(
                Create(col_frames),
                *(B.column(j).animate.set_opacity(faded) for j in range(B.shape[1]) if j not in cols),
                until="best",
            )
            # What it is, the largest dot product, is written as "closely" is said and lit with "dot
            # product" (written in 0.9 s, it stood still for the 1.7 s of the words after it).
            self.play(
                FadeIn(label, shift=UP * 0.15),
                *([GrowArrow(pointer)] if pointer is not None else []),
                until="dot",
            )
            self.play(light(label, "result"), C.brackets().animate.set_color(colour("result")), until="end")

    def fmt(self, x: float) -> str:
        return fmt_number(x, self.places)

    def working_line(self, i: int, j: int) -> DotProductLine:
        """C_{i,j} = row i of A · column j of B, written out under the product, its dots as large as
        the dot between A and B (build_product)."""
        line = cell_line(self.A, self.B, self.C, i, j, self.WORKING, places=self.places, size=SIZES.title)
        for k in range(line.n):
            line.pair_operators(k)[-1].scale_to_fit_height(self.dot_height)
        return line

    @property
    def i_readout(self) -> VMobject:
        return self.formula.readouts[IndexFormula.LETTERS.index("i")]

    def retire_i(self):
        """The readout "i = n" goes: the sum over i is done (it comes back with the next cell's pairs)."""
        return FadeOut(self.i_readout) if self.i_readout in self.mobjects else Wait(0)

    def formula_done(self):
        """IndexFormula.done for the readouts still shown: fading the gone "i = n" out would first
        bring it back."""
        shown = VGroup(*(r for r in self.formula.readouts if r in self.mobjects))
        return Succession(FadeOut(shown), self.formula.tex.animate.set_x(self.formula.get_x()))

    def build_product(self) -> None:
        self.A = np.asarray(self.params.A, float)
        self.B = np.asarray(self.params.B, float)
        self.C = matmul(self.A, self.B)
        self.places = places_for(
            self.A, self.B, self.C, np.ravel([self.A[i] * self.B[:, j] for i, j in np.ndindex(*self.C.shape)])
        )
        # Room inside the brackets for the frames round a row, column or cell: with manim's 0.25 the
        # framed 139 stood 14 px from C's bracket (review); the most of BRACKET_ROOMS the figures allow.
        for room in BRACKET_ROOMS:
            product = MatrixProduct.placed(self.A, self.B, self.C, self.PRODUCT, places=self.places, bracket_buff=room)
            if product.A.drawn_size >= min_math_size():
                break
        self.product = sealed(product)
        # One product sign in every frame: the working's dots are drawn as the dot between A and B
        # (style.product_dot), in the working's colour (13 px beside 8 px, they read as two signs: review).
        self.dot_height = self.product.times.height
        self.product.times.set_color(colour("muted"))
        # Its indices r and c are letters of x-height only (25 px at heading size, 1080p): at 56
        # they stand 35 px, over the 3% every figure a viewer reads must reach.
        self.formula = HEAD.fit(IndexFormula(self.A.shape[1], size=INDEX_SIZE))

    def sweep(self, until: tuple[str, str]) -> VGroup:
        """Each row of A is framed in turn while "row of the first matrix" is said, then each column
        of B while "column of the second" is: every row will meet every column. Returns the frames
        still on screen."""
        A, B = self.product.A, self.product.B

        def walk(frames: list, end: str) -> VMobject:
            # At least half a second a step: the last walk runs on past its word, into the breath. Each
            # frame is drawn round its row as the one before fades where it stands: slid from row to
            # row, a frame's edges crossed the figures between them (review).
            shown = None
            for n, frame in enumerate(frames):
                self.play(
                    Create(frame),
                    *([FadeOut(shown)] if shown is not None else []),
                    run_time=max(0.5, self.left_until(end) / (len(frames) - n)),
                )
                shown = frame
            return shown

        rows = walk([A.row_frame(r) for r in range(A.shape[0])], until[0])
        self.play(FadeOut(rows), run_time=0.3)
        return walk([B.column_frame(c) for c in range(B.shape[1])], until[1])

    def pair_up(self, i: int, j: int, marks: tuple[str, ...]) -> None:
        """Pair by pair, the k-th entries of row i and column j are lit and fly into the line, the
        pairs spread over the words: the first as "index by index" is said, k with the second."""
        inner = self.A.shape[1]
        self.play(FadeIn(self.line.prefix), until=marks[0])

        def pair(k: int, *extra, **timing) -> None:
            self.play(
                AnimationGroup(
                    AnimationGroup(self.product.spot(i, j, k), *self.formula.point_at(i=k + 1)),
                    pair_in_place(self.line, k),
                    lag_ratio=0.35,
                ),
                *extra,
                **timing,
            )

        # The pairs over "index by index … k runs along the row of A and down the column of B".
        last = self.mark_time(marks[3])
        pair(0, until=marks[1])
        self.play(self.formula.show_index("i"), run_time=0.5)
        for k in range(1, inner):
            pair(k, run_time=max(0.4, (last - self.now) / (inner - k)))

    def reframe(self, k: int, target: VMobject):
        """The k-th frame (see flash_frame) goes to `target`'s place: the frame there is drawn as the
        one here fades where it stands, so no edge crosses a figure on the way (slid from column to
        column, B's frame ran through 8, 10 and 12: review). Already there, it is lit as it is named."""
        frames = self.product.frames
        old = frames[k]
        if np.allclose(old.get_center(), target.get_center(), atol=1e-3) and abs(old.width - target.width) < 1e-3:
            return self.flash_frame(k)
        frames.submobjects[k] = target
        return AnimationGroup(FadeOut(old), Create(target))

    def flash_frame(self, k: int):
        """The k-th frame (0: the row of A, 1: the column of B, 2: the cell of C) flashes."""
        return light(self.product.frames[k], "highlight")

    def multiply_and_sum(self, line: DotProductLine, i: int, j: int) -> None:
        """Each pair is lit, in the matrices and in the line, as it is said; its product appears
        as its value is said, lit the same way; the products are summed as the total is said."""
        inner = self.A.shape[1]
        lit = [None, None]  # the rules under the pair and the product being said

        def rule_under(slot: int, target: VMobject):
            # A rule under the figures, as lesson 1 marks a term: a patch of light behind them took
            # their contrast (review).
            rule = under(target)
            if lit[slot] is None:
                lit[slot] = rule
                return Create(rule)
            return Transform(lit[slot], rule)

        for k in range(inner):
            # i steps to the pair being multiplied, as it does in the sum's A_{r,i} B_{i,c}.
            self.play(
                self.product.spot(i, j, k),
                rule_under(0, line.pairs[k][-3:] if k else line.pairs[k]),
                *self.formula.point_at(i=k + 1),
                until=f"p{k + 1}",
            )
            if line.products:
                # The first product brings the "=" before the products; each appears where it stands.
                self.play(
                    FadeIn(line.terms[k], shift=UP * 0.1),
                    rule_under(1, line.products[k]),
                    *([FadeIn(line.first_equals)] if k == 0 else []),
                    until=f"q{k + 1}",
                )
        # The sum over i is done: its readout goes as the total is said (a stale "i = 3" stayed: review).
        self.play(
            line.sum_up(),
            FadeOut(VGroup(*(m for m in lit if m is not None))),
            self.product.unspot(),
            self.retire_i(),
            until="t",
        )
        self.play(light(line.total, "result"), run_time=0.8)
        self.settle(line, [*line.parts(), line.total_box])

    def work_cell(self, i: int, j: int, marks: tuple[str, ...] | None = None, seconds: float = 3.0) -> None:
        """One more cell, faster, in step with its words. With marks (row, column, [then,] value):
        the row is framed as "row N" is said, the column and the cell in C as "column M" is (each
        frame drawn at its new place as the old one fades: reframe); the pairs appear, their
        entries lit (with the column, or on their own over the words marked `then`); the products
        and the total follow as the value is said, and the total lands in C."""
        line = self.working_line(i, j)
        inner = self.A.shape[1]
        A, B = self.product.A, self.product.B
        pairs = LaggedStart(
            *(pair_in_place(line, k, sources=(A.cell(i, k), B.cell(k, j))) for k in range(inner)), lag_ratio=0.3
        )
        # i counts this cell's pairs, 1 to n: it comes back at 1 with the cell's row (faded in with
        # the pairs, the readout stood still at 1 while they flew: a fading mobject is not updated).
        self.formula.trackers["i"].set_value(1)
        self.i_readout.update()
        if not marks:
            self.play(
                self.product.select(i, j, fade=True),
                self.product.unspot(),
                FadeOut(self.line),
                FadeIn(self.i_readout),
                *self.formula.point_at(r=i + 1, c=j + 1),
                run_time=seconds * 0.25,
            )
            self.play(
                FadeIn(line.prefix),
                pairs,
                *self.formula.point_at(i=inner),
                run_time=seconds * 0.35,
            )
            if line.products:
                self.play(self.products_appear(line), run_time=seconds * 0.15)
            self.play(line.sum_up(), self.retire_i(), run_time=seconds * 0.15)
        else:
            row, col, *then, value = marks
            target = self.product._frames_for(i, j)
            # "row N": the row of A. The cell of C moves with the column, when both its indices are
            # said: moved with the row, it stood on C_{2,1} while c and B's framed column still said 2
            # (review).
            self.play(
                self.reframe(0, target[0]),
                self.product.unspot(),
                FadeOut(self.line),
                FadeIn(self.i_readout),
                *self.formula.point_at(r=i + 1),
                until=col,
            )
            # "column M": the column of B; then the pairs, index by index.
            column = [
                self.reframe(1, target[1]),
                self.reframe(2, target[2]),
                FadeIn(line.prefix),
                *self.formula.point_at(c=j + 1),
            ]
            if then:
                self.play(*column, until=then[0])
                self.play(pairs, *self.formula.point_at(i=inner), until=value)
            else:
                self.play(
                    AnimationGroup(AnimationGroup(*column), pairs, lag_ratio=0.4),
                    *self.formula.point_at(i=inner),
                    until=value,
                )
            # The value as it is said: the products, then their sum.
            if line.products:
                self.play(self.products_appear(line), run_time=0.5)
            self.play(line.sum_up(), self.retire_i(), run_time=0.7)
        self.settle(line, [*line.parts(), line.total_box])
        self.play(self.product.fill(i, j, line.total), run_time=0.8 if marks else seconds * 0.15)
        self.line = line

    @staticmethod
    def products_appear(line: DotProductLine):
        """The products appear one after another where they stand (flown from their pairs, they
        would cross the rest of the line)."""
        return AnimationGroup(
            FadeIn(line.first_equals), LaggedStart(*(FadeIn(t, shift=UP * 0.1) for t in line.terms), lag_ratio=0.4)
        )

    def sum_caption(self, i: int, j: int) -> str:
        xs, ys = self.A[i], self.B[:, j]
        if self.line.products:
            each = ", ".join(
                f"<p{k + 1}>{pair_words(x, y, self.places)} is <q{k + 1}>{self.fmt(x * y)}"
                for k, (x, y) in enumerate(zip(xs, ys))
            )
            return f"Multiply each pair: {each}; the products add up to <t>{self.fmt(self.C[i, j])}."
        each = ", ".join(f"<p{k + 1}>{pair_words(x, y, self.places)}" for k, (x, y) in enumerate(zip(xs, ys)))
        return f"Multiply each pair and sum the products: {each} add up to <t>{self.fmt(self.C[i, j])}."


# --- 2. a layer as a matrix ------------------------------------------------------------


class LayerAsMatmul(MarkedScene):
    Params = LayerAsMatmulParams
    layout_region = STAGE
    # The equation above, each neuron's working under it: the storyboard's layout. A layer whose
    # equation or working lines would be drawn under 3% that way gets another (see `lay_out`).
    EQUATION, WORKING = STAGE.split_y(0.6)

    def construct(self) -> None:
        self.compute()
        self.build()
        d = self.diagram
        with self.beat(
            "A layer of neurons: each neuron has its own <w>weights, and all of them read the <same>same <end>inputs.",
            name="neurons",
        ):
            self.play(d.build(), until="w")
            self.play(
                LaggedStart(*(light(r.entries(), "a") for r in d.rows), lag_ratio=0.4),
                until="same",
            )
            self.play(light(VGroup(d.inputs, d.input_values), "b"), until="end")
            self.play(d.feed(), run_time=2.0)

        with self.beat(
            "Represent the layer's weights as <W>a matrix W: <row>each row represents a neuron, "
            "and <col>each column a weight for one <end>input.",
            name="rows of W",
        ):
            # The circles and wires go first, so that no weight passes through a neuron on its way.
            self.play(
                FadeOut(d.wires),
                FadeOut(d.inputs),
                FadeOut(d.neurons),
                FadeOut(d.neuron_names),
                FadeOut(d.x_name),
                FadeOut(d.input_values),
                *(FadeOut(r.brackets()) for r in d.rows),
                run_time=0.6,
            )
            self.play(layer_into_matrix(d, self.eq), until="row")
            self.play(light(self.eq.names[0], "a"), run_time=0.4)
            self.walk(
                [self.eq.W.row_frame(i) for i in range(self.n)],
                until="col",
            )
            # What W · x will join, drawn faintly beside it: the equation's whole shape, lit as it is said.
            self.play(FadeIn(faint(self.to_come)), run_time=0.5)
            inputs = len(self.x)
            self.walk(
                [VGroup(self.eq.W.column_frame(j), self.eq.x.cell_frame(j, 0, role="b")) for j in range(inputs)],
                until="end",
                at_least=0.6,
            )

        with self.beat(
            "Then <Wx>W·x + β computes every neuron's <sum>weighted sum, plus its <bias>bias, "
            "<once>all at once: <z>one z per <end>neuron.",
            name="W x + beta",
        ):
            eq = self.eq
            # W·x + β as it is said: W·x lit, then β comes up with its figures (its brackets stood
            # empty and dim while β was named: review).
            self.play(light(VGroup(eq.W, eq.ops[0], eq.x), "highlight"), run_time=0.9)
            self.play(lit(eq.ops[1], eq.bias.brackets(), eq.names[2]), FadeIn(eq.bias.entries()), run_time=0.6)
            # (Lit only once it is up: a light begun on a faint part ends at the faint colour.)
            self.play(light(VGroup(eq.bias.entries(), eq.names[2]), "highlight"), until="sum")
            # Every neuron's weighted sum: row after row of W lit against x, while what row r
            # computes is written under the equation, part by part as it is said.
            pn = self.per_neuron
            self.play(
                LaggedStart(*(light(eq.W.row(i), "a") for i in range(self.n)), lag_ratio=0.5),
                light(eq.x.entries(), "b"),
                FadeIn(pn[2:5]),
                until="bias",
            )
            self.play(light(eq.bias.entries(), "highlight"), FadeIn(pn[5]), until="once")
            self.play(lit(eq.ops[2], eq.z.brackets(), eq.names[3]), FadeIn(pn[:2]), until="z")
            # One z per neuron: each row of W and the entry of z it will fill.
            self.play(eq.name_slots(), light(pn[0], "result"), run_time=0.6 + 0.5 * self.n)

        first = self.neurons[0]
        with self.beat(
            f"<row>Row 1 holds the first neuron's weights: <dot>its dot product with x is that neuron's "
            f"weighted sum, <sum>{self.fmt(first['sum'])}, and with its <bias>bias, <zis>z = "
            f"<z>{self.fmt(first['z'])}.",
            name="row 1",
        ):
            self.settle_equation()
            self.work_row(0, marks=("dot", "sum", "bias", "zis", "z"))

        if self.n > 1:
            rows = " and ".join(str(i + 1) for i in range(1, self.n))
            each = ", ".join(f"row {i + 1} gives z = <z{i}>{self.fmt(self.neurons[i]['z'])}" for i in range(1, self.n))
            with self.beat(
                f"Rows {rows} do the same for their own neurons: {each}. One matrix multiplication "
                "gives <whole>the whole <end>layer.",
                name="every row",
            ):
                for i in range(1, self.n):
                    self.work_row(i, until=f"z{i}")
                self.play(self.eq.unfocus(), self.eq.z.glow(), until="end")
                self.play(light(self.eq.z, "result"), run_time=0.8)

    def fmt(self, x: float) -> str:
        return fmt_number(x, self.places)

    @property
    def to_come(self) -> VGroup:
        """The parts of W · x + β = z that come after W · x, without β's figures: its shape."""
        eq = self.eq
        return VGroup(eq.ops[1], eq.bias.brackets(), eq.names[2], eq.ops[2], eq.z.brackets(), eq.names[3])

    def walk(self, frames: list, until: str, beside=None, at_least: float = 0.4) -> None:
        """A frame steps through `frames` (W's rows, or its columns with x's entries), ending as
        `until` is said (each step at least `at_least`), then goes; `beside(k)` plays with step k."""
        # Each step a hop (fade out, fade in): a frame sliding to the next row or column crossed the
        # figures between.
        shown = None
        for k, target in enumerate(frames):
            step = max(at_least, self.left_until(until) / (len(frames) - k + 0.3))
            extra = [beside(k)] if beside else []
            move = Create(target) if shown is None else AnimationGroup(FadeOut(shown), FadeIn(target))
            self.play(move, *extra, run_time=step)
            shown = target
        self.play(FadeOut(shown), run_time=0.3)

    def compute(self) -> None:
        self.W = np.asarray(self.params.W, float)
        self.x = np.asarray(self.params.x, float)
        self.bias = np.asarray(self.params.bias, float)
        self.n = self.W.shape[0]
        self.z = matmul(self.W, self.x[:, None])[:, 0] + self.bias
        self.neurons = [
            weighted_sum(self.W[i], self.x, float(self.bias[i]), activation="identity") for i in range(self.n)
        ]
        # Figures as the lesson writes them: 0.5 and 10.5, not 0.50 and 10.50.
        self.places = places_for(self.W, self.x, self.bias, self.z, [n["sum"] for n in self.neurons], self.W * self.x)

    def equation(self, buff: float = 0.35, name_size: int | None = None) -> VGroup:
        """W · x + β = z with each row of W named by its neuron, on the left."""
        self.eq = sealed(
            LayerEquation(self.W, self.x, self.bias, self.z, buff=buff, name_size=name_size, places=self.places)
        )
        # (W's rows are not named: each neuron's weights slide into its row, and the rows are framed
        # one by one as "each row represents a neuron" is said.)
        self.row_names = VGroup()
        return VGroup(self.row_names, self.eq)

    def build(self) -> None:
        self.lines = VGroup(*(self.neuron_line(i) for i in range(self.n)))
        self._natural_line_height = self.lines[0].height  # at the size it is built at
        self.lay_out()
        # The equation is laid out once, where the working lines will find it, at its final size:
        # W · x arrives there first, β and z join it, and nothing is moved or scaled again.
        # Until the working begins, what row r computes, z_r = w_r · x + β_r, stands where the
        # lines will be.
        self.per_neuron = math(
            "z" + sub("r"),
            "=",
            r"\mathbf{w}" + sub("r"),
            r"\cdot",
            r"\mathbf{x}",
            r"+\,\beta" + sub("r"),
            size=SIZES.heading,
        )
        # Its index r is a lowercase letter: drawn at heading size it stood 26 px tall at 1080p.
        # As large as makes r itself 3% of the frame (the room under the equation holds it).
        r_height = self.per_neuron[0][1].height
        self.per_neuron.scale(max(1.0, 1.05 * MIN_TEXT_HEIGHT / r_height))
        for k, role in ((0, "result"), (2, "a"), (4, "b")):
            self.per_neuron[k].set_color(colour(role))
        self.size_slots()
        eq_bottom = VGroup(self.row_names, self.eq).get_bottom()[1]
        Region("working", STAGE.left, STAGE.right, STAGE.bottom, eq_bottom - GAP).fit(self.per_neuron)
        self.per_neuron.move_to([STAGE.center[0], (STAGE.bottom + eq_bottom) / 2, 0])
        self.diagram = STAGE.place(
            sealed(LayerDiagram(self.W, self.x, h_buff=self.eq.W.matrix.h_buff, places=self.places)), fill=0.95
        )

    def size_slots(self) -> None:
        """z's entries named z_1, z_2, ... as a subscript is written elsewhere in the scene (z_r under
        the equation): the index no taller than the z, both at least 3% of the frame. (At the index
        size of the working lines' w_1, the figure stood over a third taller than its z: review.)"""
        eq = self.eq
        for i, slot in enumerate(eq.slots):
            new = math(f"z_{{{i + 1}}}", size=SIZES.heading, role="result")
            glyphs = new.family_members_with_points()
            new.scale(1.05 * MIN_TEXT_HEIGHT / min(g.height for g in glyphs))
            new.move_to(slot)
            slot.become(new)

    def lay_out(self) -> VGroup:
        """Place the equation and the working lines (`self.single`: one line at a time, each
        replacing the last, when even two columns of lines would be drawn too small). The first
        layout in which both read at 3% wins: the storyboard's (equation over all the lines);
        then the lines stacked, in two columns, or one at a time, at full size under an equation
        given the rest of the stage (spaced tighter if it is still too wide)."""
        legible = min_math_size()
        self.single = False
        whole = self.equation()
        self.lines.arrange(DOWN, buff=0.22, aligned_edge=LEFT)
        # The lines take no more height than they need at full size (at most the storyboard's
        # 40%): the equation, laid out once for the whole scene, gets the rest.
        split = min(0.8, max(0.6, 1 - (self.lines.height + GAP) / STAGE.height))
        equation_region, working_region = STAGE.split_y(split)
        equation_region.place(whole, fill=1.0)
        working_region.fit(self.lines)
        if (
            self.eq.W.drawn_size >= legible
            and self.lines[0].height / self._natural_line_height >= legible / SIZES.heading
        ):
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
        """The working begins: what each row computes gives way to the working lines."""
        self.play(FadeOut(self.per_neuron), run_time=0.5)

    def neuron_line(self, i: int) -> VGroup:
        """w_i · x = its products written out = sum, then z_i = sum + β_i = z_i: two true chains
        (the bias is added after the row's dot product, not inside its equals signs)."""
        line = DotProductLine(
            self.W[i],
            self.x,
            names=("w" + sub(str(i + 1)), "x"),
            products=False,
            total=self.neurons[i]["sum"],
            size=SIZES.heading,
            places=self.places,
        )
        line.total.set_color(colour("text"))
        p = self.places
        tail = math(
            ",",
            "z" + sub(str(i + 1)),
            "=",
            tex_number(self.neurons[i]["sum"], p),
            "+",
            factor_tex(self.bias[i], p),
            "=",
            tex_number(self.neurons[i]["z"], p),
            size=SIZES.heading,
        )
        tail[1].set_color(colour("result"))
        tail[-1].set_color(colour("result"))
        line.bias_tail = tail
        # The comma against the sum it closes, then a clear space before the second statement.
        VGroup(line.tex, tail[1:]).arrange(RIGHT, buff=0.45)
        tail[0].next_to(line.total, RIGHT, buff=0.04).align_to(line.total, DOWN)
        row = VGroup(line.tex, tail)
        row.line = line
        return row

    def work_row(self, i: int, until: str | None = None, marks: tuple[str, str, str, str, str] | None = None) -> None:
        """Row i of W is framed with x; its dot product is written, its bias added, and its z
        lands in z. Working one line at a time, the last line gives way first. Timed by `marks`
        (the dot product, its sum, the bias, "z =", z's value) or spread until the word `until`, z's
        value. Either way z's entry is filled by the time its value is said (it landed after the
        word, and the cell stood empty under "z = 2": review)."""
        row = self.lines[i]
        line, tail = row.line, row[1]
        turn = self.single and i > 0
        if marks is None:
            # Filled a moment before its value is said, as row 1's is during "z =".
            total = max(2.0, self.left_until(until) - 0.3)
            shares = (0.18, 0.28, 0.14, 0.12, 0.08, 0.2)
            timing = [{"run_time": total * f} for f in shares]
        else:
            # "z =": its "= value" written in the line, then the value lit there as it comes into z's
            # entry, within the first half of "z =" (a frame as the words are said shows it whole);
            # the entry is lit again as the value is said.
            said = self.mark_time(marks[4]) - self.mark_time(marks[3])
            timing = [{"until": m} for m in marks[:4]] + [{"run_time": 0.25}, {"run_time": max(0.35, said / 2 - 0.25)}]
        self.play(self.eq.focus(i), *([FadeOut(self.lines[i - 1])] if turn else []), **timing[0])
        self.play(
            FadeIn(line.prefix),
            LaggedStart(
                # Each pair's figures lit in place in W's row and in x as the pair is written below
                # (flown there, the copies crossed the rows under them, the names W and x: review).
                *(
                    line.write_pair(k, self.eq.W.cell(i, k), self.eq.x.cell(k, 0), flight=lit_in_place)
                    for k in range(len(self.x))
                ),
                lag_ratio=0.3,
            ),
            **timing[1],
        )
        self.play(line.sum_up(boxed=False), **timing[2])
        self.play(
            FadeIn(tail[:3]),
            lit_in_place(line.total, tail[3], shift=RIGHT),
            FadeIn(tail[4]),
            lit_in_place(self.eq.bias.cell(i, 0), tail[5]),
            **timing[3],
        )
        self.play(FadeIn(tail[6:]), **timing[4])
        # z lands in its entry of z, lit there as its figure in the line is (flown up, it crossed the
        # entries and names between).
        self.play(lit_in_place(tail[-1], self.eq.z.cell(i, 0), shift=UP), **timing[5])
        if marks is not None:
            self._clock.until(marks[4])
            self.play(light(self.eq.z.cell(i, 0), "highlight"), run_time=0.6)
        self.settle(row, [*line.tex.submobjects, *tail.submobjects])


def lit_in_place(source: VMobject, target: VMobject, shift: np.ndarray = DOWN) -> AnimationGroup:
    """A figure carried without flying: `source` lit where it stands as `target` comes in at its own
    place, a little way along `shift` (the way it goes), so that no copy crosses what lies between."""
    return AnimationGroup(light(source, "highlight", pulse=False), FadeIn(target, shift=shift * 0.15))


# --- 3. the shape rule -----------------------------------------------------------------


class ShapeRule(MarkedScene):
    Params = ShapeRuleParams
    layout_region = STAGE

    def construct(self) -> None:
        p = self.params
        A, B, A2, B2, bad = (np.asarray(M, float) for M in (p.A, p.B, p.A2, p.B2, p.bad_B))
        self.places = places_for(A, B, A2, B2, bad, matmul(A, B), matmul(A2, B2))
        self.rule = TOP.place(GeneralShapeRule(), fill=0.9)
        rule = self.rule.tex
        pair = self.shape_pair(A, B)
        (m, n), q = A.shape, B.shape[1]
        with self.beat(
            "Matrix multiplication is only allowed when the number of <cols>columns in A "
            "equals the number of <rows>rows in B: <mn>an m by n matrix times <np>an n by p "
            "<end>matrix.",
            name="the rule",
        ):
            # C's place (its name, its brackets) stands from the start, as the rule's "= m × p" does:
            # the shape it will take is what the beats work out (the right of the frame stood empty: review).
            # The pair at once, under the first words (faded in up to "columns", the frame stood empty
            # for the scene's first 1.3 s: review); the rule written as it is spoken.
            self.play(pair.appear(), self.result_slot(pair), run_time=0.5)
            self.play(self.rule.write(), until="cols")
            # A's columns are counted as "columns in A" is said, B's rows as "rows in B" is.
            self.walk(
                [pair.A.column_frame(c) for c in range(n)],
                until="rows",
                also=[light(pair.shapes[0].cols, "highlight")],
            )
            self.walk(
                [pair.B.row_frame(r, role="b") for r in range(n)],
                until="mn",
                also=[light(pair.shapes[1].rows, "highlight")],
            )
            # Each matrix framed while it is named, its shape and the rule's half lit with it: the n by p
            # matrix stood unlit for 2.5 s under "an n by p matrix" (review). The frame stays to the beat's end.
            said = [self.named_frame(g) for g in (pair.A, pair.B)]
            self.play(
                Create(said[0]),
                light(rule[0:5], "highlight"),
                light(pair.shapes[0], "highlight"),
                until="np",
            )
            self.play(
                FadeOut(said[0]),
                FadeIn(said[1]),
                light(rule[5:10], "highlight"),
                light(pair.shapes[1], "highlight"),
                until="end",
            )
            self.play(light(pair.shapes[1], "highlight"), light(rule[5:10], "highlight"), run_time=1.0)

        met = pair.meeting()
        with self.beat(
            f"The inner dimensions <meet>meet: <a>{n} columns in A, <b>{n} rows in B, "
            "<pair>one pair for each product in a dot <end>product.",
            name="inner meet",
        ):
            self.play(FadeOut(said[1]), pulse(pair.inner, colour("highlight")), until="meet")
            self.play(self.meet(pair, met), self.rule.meet(), until="a")
            # "3 columns in A" counts A's columns and "3 rows in B" B's rows, as the rule's beat did
            # (a framed row of A under "columns in A" said the opposite: review).
            self.walk(
                [pair.A.column_frame(c) for c in range(n)],
                until="b",
                also=[light(met[0], "highlight")],
            )
            self.walk(
                [pair.B.row_frame(r, role="b") for r in range(n)],
                until="pair",
                also=[light(met[2], "highlight")],
            )
            row, column = pair.A.row_frame(0), pair.B.column_frame(0)
            self.play(Create(row), Create(column), run_time=0.4)
            # Row 1 of A against column 1 of B: the k-th entries pair up, one pair per product.
            spots = None
            for k in range(n):
                lit = VGroup(pair.A.spot(0, k), pair.B.spot(k, 0))
                step = max(0.4, self.left_until("end") / (n - k))
                # Pair after pair lit in place (a lit figure is a copy of it: moved onto the next,
                # one figure would bend into another).
                self.play(*([FadeOut(spots)] if spots is not None else []), FadeIn(lit), run_time=step)
                spots = lit
            pairs = VGroup(row, column, spots)

        with self.beat(
            f"They <vanish>vanish, and the <outer>outer dimensions give the shape of the result: <m>{m} by <p>{q}.",
            name="outer shape",
        ):
            self.play(FadeOut(pairs), pair.vanish(met), self.rule.cancel(), until="outer")
            self.play(pulse(pair.outer, colour("highlight")), pulse(self.rule.outer, colour("highlight")), until="m")
            self.play(self.fill_result(pair), self.rule.form_result(), until="p")
            self.play(light(pair.C_shape, "result"), run_time=0.8)

        second = self.shape_pair(A2, B2)
        (m2, n2), q2 = A2.shape, B2.shape[1]
        met2 = second.meeting()
        with self.beat(
            f"The same for <a>a {m2} by {n2} and <b>a {n2} by {q2} matrix: the <n>{n2}s <meet>meet "
            f"and <vanish>vanish, and the result <res>is {m2} by {q2}.",
            name="second pair",
        ):
            self.play(FadeOut(pair), run_time=0.5)
            self.play(second.A.appear(), FadeIn(second.names[0]), FadeIn(second.shapes[0]), until="a")
            self.play(
                FadeIn(second.times), second.B.appear(), FadeIn(second.names[1]), FadeIn(second.shapes[1]), until="b"
            )
            self.play(light(second.shapes[1], "highlight"), until="n")
            self.play(pulse(second.inner, colour("highlight")), until="meet")
            self.play(self.meet(second, met2), until="vanish")
            self.play(second.vanish(met2), until="res")
            self.play(second.form_result(), run_time=1.2)

        refused, beside = self.refusal_layout(A, bad)
        with self.beat(
            "A pair whose <inner>inner dimensions differ is <refused>refused: the number of <cols>columns "
            f"in A, {n}, must equal the number of <rows>rows in B, <end>{bad.shape[0]}.",
            name="refused",
        ):
            self.play(FadeOut(second), run_time=0.5)
            self.play(refused.appear(), until="inner")
            self.refuse(refused, A, bad, beside)

        self.ladder_beats(A, B, refused)

    @staticmethod
    def named_frame(grid: MatrixGrid) -> SurroundingRectangle:
        """A frame round a matrix (brackets and all) in its colour: the matrix being named."""
        return SurroundingRectangle(grid.matrix, color=colour(grid.role), buff=0.1, stroke_width=3)

    @staticmethod
    def pair_for_cell(product: MatrixProduct, n: int) -> list:
        """The n-th cell's row of A and column of B framed with it, and its figure coming in."""
        i, j = product.cells()[n]
        return [product.select(i, j, fade=True), FadeIn(product.C.cell(i, j))]

    def pair_step(self, product: MatrixProduct, n: int) -> float:
        """The n-th pair's share of the time left until the count is said (the mark <n>), a share
        left over for the count's first line."""
        return max(0.35, self.left_until("n") / (len(product.cells()) - n + 1.0))

    @staticmethod
    def count_lines(A, B, C, lower: Region, product: MatrixProduct) -> VGroup:
        """What is counted, typeset as the scene's other formulas are: "2 rows × 2 columns" over
        "= 4 dot products" in the middle of `lower`, its small letters 3% of the frame, and C's shape,
        2 × 2, under C. (One sans-serif line across the whole width read as a slab of text beside
        the typeset maths: review.)"""
        m, p = A.shape[0], B.shape[1]
        # "2 rows" as 2\text{ rows}: the figure in maths, the word in the formulas' text font.
        rows, cols = (rf"{k}\text{{ {word}}}" for k, word in (plural(m, "row").split(), plural(p, "column").split()))
        first = math(rows, r"\times", cols, size=SIZES.heading)
        second = math("=", rf"{C.size}\text{{ dot products}}", size=SIZES.heading)
        first[0].set_color(colour("a"))
        first[2].set_color(colour("b"))
        second[1].set_color(colour("result"))
        lines = VGroup(first, second).arrange(DOWN, buff=0.3)
        shape = math(rf"{m} \times {p}", size=SIZES.heading, role="result")
        # Scaled so the small letters (the "rows" of "2 rows") stand at 3% of the frame with a hair to
        # spare, the shape with them.
        small = min(g.height for g in first[0][1:])
        height = lines.height
        lines.scale(1.05 * MIN_TEXT_HEIGHT / small)
        lower.fit(lines)
        shape.scale(lines.height / height).next_to(product.C, DOWN, buff=0.3)
        # Clear of the shape under C: the lines stand left of it where they would meet.
        overlap = lines.get_right()[0] + GAP - shape.get_left()[0]
        if overlap > 0 and lines.get_top()[1] > shape.get_bottom()[1] - GAP:
            lines.shift(LEFT * overlap)
        return VGroup(lines[0], lines[1], shape)

    @staticmethod
    def result_slot(pair: ShapePair) -> AnimationGroup:
        """ "= C" with C's brackets, still empty: where the result will stand."""
        return AnimationGroup(FadeIn(pair.equals), FadeIn(pair.C.brackets()), FadeIn(pair.names[2]))

    @staticmethod
    def fill_result(pair: ShapePair) -> AnimationGroup:
        """ShapePair.form_result into the slot `result_slot` showed: C's entries come and its shape
        flies down from the outer dimensions, on form_result's arc (the brackets, "=" and name are
        there already: faded in again, they would blink)."""
        # form_result's arc, dipping under the labels: TransformFromCopy runs a transform from the
        # target backwards, so its -pi/4 is +pi/4 here (at -pi/4 the copies rose across B's entries).
        # Every figure dips as deep as the longest flight does at pi/4 (all at pi/4, the short flight
        # from B's label dipped half as deep: mid-way, "2 ×" and "2" stood on two baselines: review).
        flights = [
            (pair.outer[0], pair.C_shape.rows),
            (pair.shapes[0].times, pair.C_shape.times),
            (pair.outer[1], pair.C_shape.cols),
        ]
        chords = [np.linalg.norm(b.get_center() - a.get_center()) for a, b in flights]
        sagitta = max(chords) / 2 * np.tan(np.pi / 16)
        return AnimationGroup(
            FadeIn(pair.C.entries()),
            *(
                lift_off(a, b, path_arc=4 * np.arctan(2 * sagitta / max(chord, 1e-6)))
                for (a, b), chord in zip(flights, chords)
            ),
        )

    @staticmethod
    def meet(pair: ShapePair, met: VGroup) -> AnimationGroup:
        """ShapePair.meet with copies that leave their shapes at once (see lift_off)."""
        return AnimationGroup(lift_off(pair.inner[0], met[0]), lift_off(pair.inner[1], met[2]), FadeIn(met[1]))

    def walk(self, frames: list, until: str, also: list = ()) -> None:
        """A frame steps through `frames` (a matrix's columns or rows, counting them) and goes,
        ending as `until` is said; `also` plays beside the first step."""
        frame = frames[0]
        self.play(Create(frame), *also, run_time=max(0.3, self.left_until(until) / (len(frames) + 0.5)))
        for k, target in enumerate(frames[1:], start=1):
            self.play(Transform(frame, target), run_time=max(0.3, self.left_until(until) / (len(frames) - k + 0.5)))
        self.play(FadeOut(frame), until=until)

    # The pair fills the stage but for a line at the bottom where the inner dimensions meet.
    PAIR = Region("pair", STAGE.left, STAGE.right, STAGE.bottom + 0.9, STAGE.top)

    def shape_pair(self, A, B, region: Region = PAIR) -> ShapePair:
        """A · B = C (C computed by mathcore, None when the shapes refuse), filling the stage."""
        try:
            C = matmul(A, B)
        except InputError:
            C = None
        return region.place(sealed(ShapePair(A, B, C, places=self.places)), fill=0.98)

    def refusal_layout(self, A, bad) -> tuple[ShapePair, Region | None]:
        """The refused pair over its message; a pair too tall for that at a legible size (a 4x4 A)
        stands on the left instead, and the message gets the region beside it (returned)."""
        # The message under it takes its own height (two lines at heading size), and the line where
        # the inner dimensions clash its 0.9 as in PAIR; the pair fills the rest (at 56% of the stage
        # it stood small over the message: review).
        below = self.refusal_message(A, bad, 34).height + 0.2 + 0.25 + self.PAIR.bottom - STAGE.bottom
        pair = self.shape_pair(A, bad, region=Region("pair", STAGE.left, STAGE.right, STAGE.bottom + below, STAGE.top))
        if pair.A.drawn_size >= min_math_size():
            return self.clear_inner(pair), None
        left, right = STAGE.split_x(0.55)
        pair = self.shape_pair(A, bad, region=Region("pair", left.left, left.right, self.PAIR.bottom, left.top))
        return self.clear_inner(pair), right

    CLASH_BUFF = 0.08  # the refusal's box round each inner dimension

    def clear_inner(self, pair: ShapePair) -> ShapePair:
        """Each shape's other figure and × set a little further from its inner dimension, so that
        the box `refuse` draws round it clears the × by a margin (typeset tight, the boxes touched
        the × signs: "2×[3]", "[2]×2": review)."""
        margin = self.CLASH_BUFF + 0.22  # the box some 28 px at 1080p clear of the ×
        a, b = pair.shapes
        gap_a = a.cols.get_left()[0] - a.times.get_right()[0]
        gap_b = b.times.get_left()[0] - b.rows.get_right()[0]
        VGroup(a.rows, a.times).shift(LEFT * max(0.0, margin - gap_a))
        VGroup(b.times, b.cols).shift(RIGHT * max(0.0, margin - gap_b))
        return pair

    def refusal_message(self, A, bad, width: int) -> VMobject:
        """The message mathcore raises for A times `bad`, in words, wrapped at `width` characters."""
        try:
            matmul(A, bad)
        except InputError as e:
            refusal = str(e)
        else:  # the params' validation already guarantees a mismatch
            raise AssertionError("bad_B fits A")
        return text(
            "✗ " + "\n".join(textwrap.wrap(self.refusal_words(refusal), width)), size=SIZES.heading, role="negative"
        )

    @staticmethod
    def refusal_words(refusal: str) -> str:
        """mathcore's message as a sentence: "The number of columns in A must equal the number of
        rows in B" (its figures, "3 !== 2" in the article's code, are drawn as maths: 3 ≠ 2)."""
        words = refusal.split(":")[0].strip()
        return words[0].upper() + words[1:]

    def refuse(self, pair: ShapePair, A, bad, beside: Region | None = None) -> None:
        """The inner dimensions clash: n ≠ n', and the message mathcore raises, in words, under
        the pair (or in the region `beside` it)."""
        clash = VGroup(*(SurroundingRectangle(d, color=colour("negative"), buff=self.CLASH_BUFF) for d in pair.inner))
        mismatch = pair.meeting(ok=False)
        message = self.refusal_message(A, bad, 34 if beside is None else 22)
        if beside is None:
            room = Region(
                "message", STAGE.left + 1.0, STAGE.right - 1.0, STAGE.bottom + 0.2, mismatch.get_bottom()[1] - 0.25
            )
            room.fit(message)
        else:
            beside.fit(message).set_y(pair.row.get_y())
        self.play(Create(clash), self.rule.clash(), until="refused")
        self.play(self.meet(pair, mismatch), until="cols")
        self.play(
            FadeIn(message, shift=UP * 0.2),
            light(pair.shapes[0].cols, "negative"),
            until="rows",
        )
        self.play(light(pair.shapes[1].rows, "negative"), until="end")
        self.refused_parts = VGroup(pair, clash, mismatch, message)

    def ladder_beats(self, A, B, refused: VGroup) -> None:
        """matrix multiplication → dot product → multiply-accumulate, each step lit in turn with
        its own picture: the product's cells, one cell's dot product, that dot product's running total."""
        C = matmul(A, B)
        ladder = TOP.fit(Ladder(["matrix multiplication", "dot product", "multiply-accumulate"], size=SIZES.heading))
        ladder.shift_underlines()
        # The working under the product (one cell's line, its multiply-accumulate chain) takes the
        # height it needs at heading size, and the product fills the rest of the stage (at half the
        # stage each, the matrices stood small over an empty lower half: review).
        line = cell_line(A, B, C, 0, 0, STAGE, products=False, places=self.places)
        running = np.cumsum([x * y for x, y in zip(A[0], B[:, 0])])
        mac = STAGE.fit(MacChain(A[0], B[:, 0], running, size=SIZES.heading, places=self.places))
        working = line.height + 1.5 * GAP + mac.height + GAP / 2  # and a margin above the caption band
        upper, lower = STAGE.split_y(1 - (working + GAP) / STAGE.height, gap=2 * GAP)
        product = sealed(MatrixProduct.placed(A, B, C, upper, fill=0.97, places=self.places))
        if product.A.drawn_size < min_math_size():
            # A tall product (4 rows) takes the height it needs to stay legible; the working shares the rest.
            product.scale(min_math_size() / product.A.drawn_size).move_to(STAGE.center).align_to([0, STAGE.top, 0], UP)
            lower = Region("working", STAGE.left, STAGE.right, STAGE.bottom, product.get_bottom()[1] - GAP)
        # Clear of the caption band by a margin, not standing on its edge (review: the running
        # totals touched it, and the 0 grown on its way in crossed it).
        lower = Region("working", lower.left, lower.right, lower.bottom + GAP / 2, lower.top)
        line_region, mac_region = lower.split_y((line.height + 0.75 * GAP) / lower.height, gap=1.5 * GAP)
        line_region.fit(line)
        mac_region.fit(mac)
        fmt = lambda x: fmt_number(x, self.places)  # noqa: E731

        count = self.count_lines(A, B, C, lower, product)
        with self.beat(
            f"Matrix multiplication is made of <dots>dot products, one for <each>each cell of the result, "
            f"every column of B with every row of A: <n>{C.size} for <m>a {C.shape[0]} by {C.shape[1]} <end>result.",
            name="matmul",
        ):
            # The refused pair hands over to the product in place: faded out first, the frame stood
            # empty under "Matrix multiplication is made of" (review, matmul 295.6-297.0 s).
            # Quick, so that the frame dims for no more than a few frames between the two.
            self.play(
                hand_over(VGroup(self.refused_parts, self.rule), FadeIn(ladder.tex), ladder.light(0), product.appear()),
                run_time=max(0.6, min(1.0, self.left_until("dots"))),
            )
            # "Matrix multiplication": A times B lit while it is named (held still, it stood 1.1 s).
            self.play(light(VGroup(product.A, product.B), "highlight", pulse=False), until="dots")
            # Lit in place: grown, "dot product" met the arrows either side of it (review).
            self.play(light(ladder.steps[1], "result", pulse=False), until="each")
            self.play(
                # "each cell of the result": every row of A with every column of B, framed together
                # with the cell of C their dot product fills, pair by pair (C's rows and columns framed
                # alone did not say which pair makes which cell: review).
                *self.pair_for_cell(product, 0),
                run_time=self.pair_step(product, 0),
            )
            for n in range(1, len(product.cells())):
                self.play(*self.pair_for_cell(product, n), run_time=self.pair_step(product, n))
            # "Every row of A": what was framed, counted (2 rows × 2 columns).
            self.play(product.release(), FadeIn(count[0], shift=UP * 0.15), until="n")
            # "4": the cells counted, one after another, and the count written.
            self.play(
                FadeIn(count[1], shift=UP * 0.15),
                LaggedStart(
                    *(light(product.C.cell(i, j), "result") for i, j in product.cells()),
                    lag_ratio=0.5,
                ),
                until="m",
            )
            # "a 2 by 2 result": C framed whole, its shape under it, as many rows as A, as many columns as B.
            whole = SurroundingRectangle(product.C, color=colour("result"), buff=0.12, stroke_width=3)
            self.play(FadeIn(count[2], shift=UP * 0.15), Create(whole), until="end")
            self.play(FadeOut(whole), run_time=0.6)

        with self.beat(
            f"Each cell is one dot product: <row>row 1 of A and <col>column 1 of B give <v>{fmt(C[0, 0])}.",
            name="dot product",
        ):
            self.play(ladder.light(1), FadeOut(count), until="row")
            frames = product._frames_for(0, 0)
            product.frames = frames
            self.play(Create(frames[0]), FadeIn(line.prefix), until="col")
            self.play(
                Create(frames[1]),
                # Each pair lit in A's row and B's column as it is written in the line (flown out of
                # the matrices, the copies crossed one another and the "=": "72", a 1 over "=": review).
                LaggedStart(
                    *(
                        pair_in_place(line, k, sources=(product.A.cell(0, k), product.B.cell(k, 0)))
                        for k in range(A.shape[1])
                    ),
                    lag_ratio=0.3,
                ),
                until="v",
            )
            self.play(Create(frames[2]), line.sum_up(), run_time=0.9)
            self.settle(line, [*line.parts(), line.total_box])

        steps = len(mac.arrows)
        with self.beat(
            "Each dot product is a chain of <mac>multiply-accumulate operations: <mul>multiply one pair, "
            f"<add>add it to a running total, <till>until the total is <v>{fmt(C[0, 0])}.",
            name="accumulate",
        ):
            self.play(ladder.light(2), until="mac")
            self.play(
                FadeIn(mac.start),
                # Lit in place: grown, the line's 58 left its box behind, cutting through the 8 (review).
                light(line.tex, "highlight", pulse=False),
                until="mul",
            )
            ends = ["add", "till", "v"] if steps == 3 else [None] * steps
            for k in range(steps):
                step = AnimationGroup(product.spot(0, 0, k), mac.step(k))
                if ends[k]:
                    self.play(step, until=ends[k])
                else:
                    self.play(step, run_time=max(0.5, self.left_until("v") / (steps - k)))
            self.play(
                product.unspot(),
                light(mac.totals[-1], "result", pulse=False),
                light(line.total, "result"),
                run_time=0.9,
            )


# --- 4. similarity in embedding space ---------------------------------------------------


def ray_pieces(start, end, boxes, pad: float = 0.1, shortest: float = 0.2) -> list[tuple[np.ndarray, np.ndarray]]:
    """The segment start-end less where it passes through any of `boxes` ((x0, y0, x1, y1), each
    grown by `pad`): the pieces left, each at least `shortest` long."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    d = end[:2] - start[:2]
    blocked = []
    for x0, y0, x1, y1 in boxes:
        lo, hi = 0.0, 1.0
        for k, (a, b) in enumerate(((x0 - pad, x1 + pad), (y0 - pad, y1 + pad))):
            if abs(d[k]) < 1e-12:
                if not a <= start[k] <= b:
                    lo, hi = 1.0, 0.0
                continue
            t0, t1 = sorted(((a - start[k]) / d[k], (b - start[k]) / d[k]))
            lo, hi = max(lo, t0), min(hi, t1)
        if lo < hi:
            blocked.append((lo, hi))
    pieces, t = [], 0.0
    for lo, hi in sorted(blocked) + [(1.0, 1.0)]:
        if lo > t:
            pieces.append((t, lo))
        t = max(t, hi)
    length = float(np.linalg.norm(d))
    return [(start + a * (end - start), start + b * (end - start)) for a, b in pieces if (b - a) * length >= shortest]


# The words' points while their distances are drawn: dots this size, over their arrows dimmed to this.
POINT_RADIUS = 0.08
POINTS_ARROW_OPACITY = 0.15

# The stretched word's arrow as it was, seen through the plane's grid but not mistaken for a word.
BEFORE_OPACITY = 0.5


class SimilarityInEmbeddingSpace(MarkedScene):
    Params = SimilarityInEmbeddingSpaceParams
    layout_region = SAFE
    # The plane a little wider than half the frame, the figures beside it.
    PLANE, PANEL = SAFE.split_x(0.56)

    def construct(self) -> None:
        w_dog, w_cat, w_other = self.params.words
        self.dog, self.cat, self.other = (np.asarray(v, float) for v in self.params.vectors)
        k_end = self.params.scale
        self.PLANE, self.PANEL = self.split(k_end)
        self.space = WordPlane(
            self.params.words, self.params.vectors, roles=("a", "b", "neutral"), stretches={1: k_end}
        ).place_in(self.PLANE, margin=0.3)
        for i in self.space.over_axis:
            self.layout_allows(
                self.space.words[i],
                self.space.plane,
                kinds=("text on line",),
                reason="an upright arrow's word sits over its tip, on a patch of background over the axis",
            )
        # The grid's figures, so that a tip (and so each entry of a dot product) can be read off it.
        ticks = self.space.ticks(size=1.05 * MIN_TEXT_HEIGHT)
        for t in ticks:
            self.layout_allows(
                t,
                self.space.plane,
                kinds=("text on line",),
                reason="a grid figure stands on its patch of background beside its grid line",
            )
        # What the picture is, in short lines at full size, 10% in from the frame's edges: further
        # in than the 5% title-safe margin the panel reaches (a margin of its own, not the grid's).
        note = text(
            "2-D stand-ins for word\nembeddings: real ones\nhave hundreds of\ndimensions",
            size=SIZES.heading,
            role="muted",
        )
        title_safe = Region(
            "note",
            self.PANEL.left,
            min(self.PANEL.right, 0.4 * FRAME_W),
            self.PANEL.bottom,
            min(self.PANEL.top, 0.4 * FRAME_H),
        )
        title_safe.fit(note).align_to([title_safe.left, title_safe.top, 0], UP + LEFT)
        # Its small letters at least 3% of the frame, not only its capitals and digits (fitted to the
        # 10% margin, they stood 31 px tall at 1080p: review); grown, it reaches into the 5% margin.
        x_height = note[6].height  # the "n" of "stand"
        note.scale(max(1.0, 1.04 * MIN_TEXT_HEIGHT / x_height), about_point=note.get_corner(UP + LEFT))
        self.panel_top = note
        # How far apart the words' points stand: dog's tip to cat's, short and lit, and to the other
        # word's, long and faint ("placed closer together" was said but not drawn: review); and the
        # two distances side by side in the panel, each a bar of its length with its figure.
        # The words as points: a dot at each arrow's tip, the arrows dimmed while the points' distances
        # are drawn dot to dot (tip to tip over the arrows, the dog-democracy line ran through cat's
        # arrowhead and the dog-cat one was a tick between two arrowheads: review).
        points = self.word_points()
        near, far = self.gap(0, 1, "highlight", ticks, solid=True), self.gap(0, 2, "muted", ticks)
        near_bar, far_bar = self.distance_bars(note)
        with self.beat(
            "Word embeddings place words in a vector space where <similar>similar words are <placed>placed "
            "<closer>closer <end>together.",
            name="words as vectors",
        ):
            self.play(self.space.appear(), FadeIn(ticks), until="similar")
            # The words are framed, not scaled: a word's glyphs animated on their own stop following its tip.
            self.play(
                FadeIn(note),
                Circumscribe(self.space.words[0], color=colour("a"), buff=0.06),
                Circumscribe(self.space.words[1], color=colour("b"), buff=0.06),
                until="placed",
            )
            self.play(
                *(a.animate.set_opacity(POINTS_ARROW_OPACITY) for a in self.space.arrows),
                FadeIn(points, scale=0.5),
                run_time=0.5,
            )
            self.play(Create(far), FadeIn(far_bar.label), Create(far_bar.bar), until="closer")
            self.play(
                Create(near),
                FadeIn(near_bar.label),
                Create(near_bar.bar),
                light(VGroup(points[0], points[1]), "highlight"),
                until="end",
            )
            self.play(light(VGroup(near, near_bar), "highlight"), run_time=1.0)

        d_cat, d_other = dot(self.dog, self.cat), dot(self.dog, self.other)
        closer, farther = (w_cat, w_other) if d_cat >= d_other else (w_other, w_cat)
        sims, marker, high = self.similarities(note, d_cat, d_other)
        first, second = (1, 2) if d_cat >= d_other else (2, 1)
        with self.beat(
            f"The dot product is a similarity metric: <c>{w_dog}·{closer} is <hi>higher than "
            f"<o>{w_dog}·{farther}, <so>so {w_dog} is <close>closer to {closer}.",
            name="dot as similarity",
        ):
            # Each dot product written out, entries times entries, as its pair of words is said.
            line_1, line_2 = (sims[0], sims[1]) if first == 1 else (sims[1], sims[0])
            self.play(
                *(FadeOut(m) for m in (note, near, far, near_bar, far_bar, points)),
                *(a.animate.set_opacity(1) for a in self.space.arrows),
                run_time=0.5,
            )
            self.write_sum(line_1, first, until="c")
            self.play(FadeIn(line_1.total_part, scale=1.3), until="hi")
            self.play(light(line_1.total_part, "result"), until="o")
            self.write_sum(line_2, second, until="so")
            self.play(FadeIn(line_2.total_part, scale=1.3), until="close")
            self.play(Create(marker), FadeIn(high), run_time=0.8)

        live = self.live_readouts(sims)
        angle = self.angle_mark()
        rays, _, _ = self.directions()
        with self.beat(
            "The dot product is <sens>sensitive to both the <dir>direction and the <mag>magnitude of the "
            "<vec>vectors; <cos>cosine similarity is <end>not.",
            name="two measures",
        ):
            # The static comparison hands over to the dot product's live readout in place (faded out
            # first, the right half stood empty), lit while the dot product is named.
            self.play(hand_over(VGroup(marker, high, sims), FadeIn(live[1])), run_time=0.6)
            self.play(light(live[1], "result"), until="sens")
            # Direction, drawn as it is named: the ray each arrow points along and the angle between
            # them grow under "sensitive to both the" and stand whole as "direction" is said, lit along
            # their length on the word (drawn only from "direction" on, the plane stood unchanged under
            # the first 3 s of the sentence: review, matmul 24.9-28.0 s).
            self.add(rays)
            self.bring_to_back(rays)
            self.bring_to_back(self.space.plane)
            self.play(*(Create(r) for r in rays), Create(angle), until="dir")
            self.play(
                *(
                    ShowPassingFlash(r.copy().set_stroke(colour("highlight"), width=6, opacity=1), time_width=0.5)
                    for r in rays
                ),
                light(angle, "highlight"),
                until="mag",
            )
            # Magnitude: the arrow's length, read as ‖cat‖.
            self.play(light(self.space.arrows[1], "b"), FadeIn(live[0]), until="vec")
            self.play(
                light(self.space.arrows[0], "a"),
                light(self.space.arrows[1], "b"),
                until="cos",
            )
            # The cosine reads the directions only: the two rays.
            self.play(
                FadeIn(live[2]),
                *(
                    ShowPassingFlash(r.copy().set_stroke(colour("highlight"), width=6, opacity=1), time_width=0.5)
                    for r in rays
                ),
                until="end",
            )
            # The words move on from direction: the rays go (standing to the scene's end, their stubs
            # past the tips cluttered every later beat: review). "Same direction" flashes along them again.
            self.play(light(live[2], "result"), *(FadeOut(r) for r in rays), run_time=0.8)

        verb = "Double" if abs(k_end - 2) < 1e-9 else f"Scale by {fmt_number(k_end)}"
        times, same, cos_box = self.verdicts(live, d_cat, k_end)
        longer = self.verdict_parts[2].next_to(live[0], RIGHT, buff=0.35)
        # Where the word's arrow ended before, faintly, under the longer one while it grows: the
        # same direction, k times the length. (A shortened arrow's word would land on it: then none.)
        before = self.space.arrows[1].copy().clear_updaters().set_opacity(BEFORE_OPACITY) if k_end > 1 else None
        with self.beat(
            f"{verb} the vector for {w_cat}: its dot product with {w_dog} <grows>grows "
            f"{fmt_number(k_end)} times, <though>though the two still point in the <same>same direction.",
            name="stretch",
        ):
            if before is not None:
                self.add(before)
                self.bring_to_back(before)
                self.bring_to_back(self.space.plane)
            self.play(self.space.stretch(1, k_end), run_time=max(1.5, self.left_until("grows")))
            self.play(
                FadeIn(times, shift=LEFT * 0.2),
                FadeIn(longer, shift=LEFT * 0.2),
                light(live[1], "result"),
                # The old tip has served its turn (k times the length): it goes as the words move on
                # to direction (left to the beat's end, it stood as a ghost arrowhead: review, matmul 38.3 s).
                *([FadeOut(before)] if before is not None else []),
                until="though",
            )
            # "The two still point in the same direction": a flash along the ray each arrow points along
            # (drawn anew: past the stretched arrow, round its word where it now stands), nothing left
            # standing; cat has moved along its ray, and the angle between the rays has not changed.
            rays, _, _ = self.directions()
            self.play(
                *(
                    ShowPassingFlash(r.copy().set_stroke(colour("highlight"), width=6, opacity=1), time_width=0.5)
                    for r in rays
                ),
                until="same",
            )
            self.play(light(angle, "highlight"), run_time=0.6)

        cos_after = cosine_similarity(self.dog, self.cat * k_end)
        with self.beat(
            f"The cosine similarity <stays>stays at {fmt_number(cos_after)}: the words are "
            "<just>just as similar as <end>before.",
            name="cosine stays",
        ):
            self.play(light(live[2], "result"), until="stays")
            self.play(Create(cos_box), FadeIn(same), until="just")
            # "Just as similar as before": the angle the cosine reads, lit with its verdict.
            self.play(light(angle, "highlight"), light(same, "highlight"), until="end")

    def word_points(self) -> VGroup:
        """A dot at each word's point (its arrow's tip), in the word's colour."""
        from manim import Dot

        plane = self.space.plane
        return VGroup(
            *(
                Dot(plane.c2p(*self.space.tip(k)), radius=POINT_RADIUS, color=colour(role))
                for k, role in enumerate(("a", "b", "muted"))
            )
        )

    def distances(self) -> tuple[float, float]:
        """How far dog's point stands from cat's and from the other word's: ‖dog − cat‖, ‖dog − democracy‖."""
        return norm(self.dog - self.cat), norm(self.dog - self.other)

    def distance_bars(self, note: VMobject) -> tuple[VGroup, VGroup]:
        """‖dog − cat‖ = 0.22 over a short bright bar and ‖dog − democracy‖ = 1.25 over a long faint
        dashed one (the lines drawn on the plane, laid flat side by side at one scale), under the note."""
        from manim import DashedLine

        rows = []
        for j, role, d in zip((1, 2), ("highlight", "muted"), self.distances()):
            sign = "=" if abs(round(d, 2) - d) < 1e-9 else r"\approx"
            label = math(r"\lVert", self.word(0), "-", self.word(j), r"\rVert", sign, tex_trim(d), size=SIZES.heading)
            label[1].set_color(colour("a"))
            label[3].set_color(colour(("a", "b", "muted")[j]))
            label[-1].set_color(colour(role))
            rows.append((label, d, role))
        labels = VGroup(*(r[0] for r in rows)).arrange(DOWN, buff=1.0, aligned_edge=LEFT)
        region = Region("distances", self.PANEL.left, self.PANEL.right, self.PANEL.bottom, note.get_bottom()[1] - GAP)
        # The labels as large as the panel's width allows, but no larger than heading size.
        labels.scale(min(1.0, region.width / labels.width))
        longest = max(r[1] for r in rows)
        unit = 0.85 * region.width / longest
        bars = []
        for label, d, role in rows:
            start = label.get_corner(DOWN + LEFT) + DOWN * 0.35
            end = start + RIGHT * d * unit
            if role == "highlight":
                bar = Line(start, end, color=colour(role), stroke_width=9)
            else:
                bar = DashedLine(start, end, dash_length=0.1, color=colour(role), stroke_width=6)
            row = VGroup(label, bar)
            row.label, row.bar = label, bar
            bars.append(row)
        group = VGroup(*bars)
        region.fit(group).align_to([region.left, 0, 0], LEFT)
        return bars[0], bars[1]

    def gap(self, i: int, j: int, role: str, ticks: VGroup, solid: bool = False) -> VGroup:
        """A line from word i's point (its arrow's tip) to word j's, dashed unless `solid`: how far apart
        they stand, dot to dot (see `word_points`), broken off round every word and grid figure it
        would cross."""
        from manim import DashedLine

        plane = self.space.plane
        boxes = [
            np.concatenate([m.get_corner(DOWN + LEFT)[:2], m.get_corner(UP + RIGHT)[:2]])
            for m in [*self.space.words, *ticks]
        ]
        # Dot to dot: from the edge of word i's point to the edge of word j's.
        start, end = plane.c2p(*self.space.tip(i)), plane.c2p(*self.space.tip(j))
        u = (end - start) / max(float(np.linalg.norm(end - start)), 1e-12)
        start, end = start + u * POINT_RADIUS * 1.3, end - u * POINT_RADIUS * 1.3
        return VGroup(
            *(
                Line(p, q, color=colour(role), stroke_width=7)
                if solid
                else DashedLine(p, q, dash_length=0.1, color=colour(role), stroke_width=5)
                for p, q in ray_pieces(start, end, boxes, pad=0.08, shortest=0.1)
            )
        )

    def directions(self) -> tuple[VGroup, VGroup, VGroup]:
        """Direction, drawn: a dashed ray along dog and one along cat, from the origin to the plane's
        edge, in their colours, under the arrows. A stretch moves cat along its ray (the same
        direction); the angle between the rays is what the cosine reads. A ray breaks off round
        every word it would run through (cat's word sits on its own ray, past its tip), redrawn as
        the words move: no line crosses a word."""
        from manim import DashedLine

        from toolkit.live import redrawn
        from toolkit.plane import clip_to_box

        plane = self.space.plane
        x0, x1, y0, y1 = self.space.ranges
        words = self.space.words

        def boxes() -> list[np.ndarray]:
            return [np.concatenate([w.get_corner(DOWN + LEFT)[:2], w.get_corner(UP + RIGHT)[:2]]) for w in words]

        rays = VGroup()
        for v, role in ((self.dog, "a"), (self.cat, "b")):
            u = np.asarray(v, float) / norm(v)
            far = clip_to_box(np.zeros(2), u * 4 * max(abs(x0), abs(x1), abs(y0), abs(y1)), (x0, y0), (x1, y1))
            if far is None:
                continue

            def draw(far=far, role=role) -> VGroup:
                start, end = plane.c2p(0, 0), plane.c2p(*far[1])
                return VGroup(
                    *(
                        DashedLine(p, q, dash_length=0.14, color=colour(role), stroke_width=3, stroke_opacity=0.75)
                        for p, q in ray_pieces(start, end, boxes(), pad=0.25)
                    )
                )

            rays.add(redrawn(draw, lambda: tuple(map(tuple, boxes())), placed(plane)))
        return rays, VGroup(), VGroup()

    def angle_mark(self) -> VMobject:
        """The angle between dog's and cat's arrows at the origin, a faint wedge with its arc: their
        direction, which no stretch changes."""
        from manim import Arc, Sector

        origin = self.space.plane.c2p(0, 0)
        a = np.arctan2(self.dog[1], self.dog[0])
        b = np.arctan2(self.cat[1], self.cat[0])
        shortest = min(np.linalg.norm(self.space.plane.c2p(*v) - origin) for v in (self.dog, self.cat))
        radius = 0.6 * shortest
        start, sweep = min(a, b), abs(b - a)
        wedge = Sector(
            radius=radius,
            start_angle=start,
            angle=sweep,
            arc_center=origin,
            stroke_width=0,
            fill_color=colour("highlight"),
            fill_opacity=0.18,
        )
        arc = Arc(
            radius=radius, start_angle=start, angle=sweep, arc_center=origin, color=colour("highlight"), stroke_width=5
        )
        return VGroup(wedge, arc)

    def write_sum(self, line: VGroup, j: int, until: str) -> None:
        """dog·word_j = x1·y1 + x2·y2 = (its total comes later): the label, then the pairs, the
        two arrows lit as their entries are written."""
        self.play(
            FadeIn(line.label_part),
            light(self.space.arrows[0], "a"),
            light(self.space.arrows[j], colour(("a", "b", "muted")[j])),
            run_time=max(0.4, self.left_until(until) * 0.4),
        )
        self.play(FadeIn(line.pairs_part, lag_ratio=0.2), until=until)

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
        times, same, longer = verdicts
        # Each readout with the verdict that stands beside it (‖cat‖ and its "≈ k × ...", dog·cat and
        # its "= k × ...", the cosine and "same").
        need = (max(r.width + v.width for r, v in zip(rows, (longer, times, same))) * shrink + 0.35) / 0.98
        if need <= panel.width:
            return plane, panel
        # The plane can give up width down to a third of the frame: its words then move inside it
        # or shrink (WordPlane.place_in), where the readouts have no such way out.
        return SAFE.split_x(max(0.34, 1 - (need + GAP) / SAFE.width))

    def readout_labels(self) -> list:
        """The live readouts' labels: word 1's length ‖cat‖ (its magnitude), word0 · word1 and their cosine."""
        stretch = math(r"\lVert", self.word(1), r"\rVert =", size=SIZES.heading)
        stretch[1].set_color(colour("b"))
        cos_label = math(r"\cos(", self.word(0), ",", self.word(1), ") =", size=SIZES.heading)
        cos_label[1].set_color(colour("a"))
        cos_label[3].set_color(colour("b"))
        return [stretch, self.pair_label(1, "="), cos_label]

    def verdict_words(self, k_end: float) -> tuple:
        """What the stretch did, written out: "= k × 0.87" beside the dot product (k times what it
        was; "≈" where the rounded figures do not multiply out), "same" beside the cosine, and
        "= k × 0.94" beside ‖cat‖."""
        d_cat = dot(self.dog, self.cat)
        length = norm(self.cat)

        def times_was(before: float, after: float, role: str):
            sign = "=" if product_reads_true((k_end, before), after) else r"\approx"
            return math(sign, tex_number(k_end), r"\times", tex_number(before), size=SIZES.heading, role=role)

        times = times_was(d_cat, dot(self.dog, self.cat * k_end), "result")
        longer = times_was(length, norm(self.cat * k_end), "b")
        return times, text("same", size=SIZES.heading, role="text"), longer

    def pair_label(self, j: int, *tail: str) -> VGroup:
        """word0 · word_j (each in its role's colour), then `tail`."""
        roles = ("a", "b", "muted")
        tex = math(self.word(0), r"\cdot", self.word(j), *tail, size=SIZES.heading)
        tex[0].set_color(colour(roles[0]))
        tex[2].set_color(colour(roles[j]))
        return tex

    def similarities(self, note, d_cat: float, d_other: float):
        """dog·cat = 0.9·0.8 + 0.3·0.5 = 0.87 and dog·democracy likewise: each dot product written
        out from the vectors' entries (mathcore's figures, as the lesson writes them), a line each,
        or two when the panel is too narrow for one at a readable size."""
        sims = VGroup(self.sum_line(1, d_cat), self.sum_line(2, d_other))
        sims.arrange(DOWN, buff=0.5, aligned_edge=LEFT)
        # Low enough that the frame round the higher one stays inside title-safe (its top stood at 35 px
        # from the frame's top: review).
        buff = 0.12
        self.PANEL.fit(sims).align_to([0, self.PANEL.top - buff - 0.05, 0], UP).align_to([self.PANEL.left, 0, 0], LEFT)
        best = sims[0] if d_cat >= d_other else sims[1]
        marker = SurroundingRectangle(best, color=colour("highlight"), buff=buff)
        high = text("higher: more similar", size=SIZES.body, role="muted").next_to(sims, DOWN, buff=0.45)
        high.align_to(sims, LEFT)
        if high.width > self.PANEL.width:
            high.scale_to_fit_width(self.PANEL.width).align_to(sims, LEFT)
        return sims, marker, high

    def sum_line(self, j: int, total: float) -> VGroup:
        """word0 · word_j = x1·y1 + x2·y2 = total; `.label_part`, `.pairs_part`, `.total_part`."""
        xs, ys = self.dog, np.asarray(self.params.vectors[j], float)
        parts = [self.word(0), r"\cdot", self.word(j), "="]
        for k, (x, y) in enumerate(zip(xs, ys)):
            parts += (["+"] if k else []) + [trim_factor(x), r"\cdot", trim_factor(y)]
        parts += ["=", tex_trim(total)]
        tex = math(*parts, size=SIZES.heading)
        roles = ("a", "b", "muted")
        tex[0].set_color(colour(roles[0]))
        tex[2].set_color(colour(roles[j]))
        for k in range(len(xs)):
            at = 4 + 4 * k if k else 4
            tex[at].set_color(colour("a"))
            tex[at + 2].set_color(colour(roles[j] if j == 1 else "text"))
        tex[-1].set_color(colour("result"))
        # Too wide for the panel at a readable size: "= x·y + ..." on a second row, under the label.
        legible = min_math_size() / SIZES.heading
        if tex.width * legible > self.PANEL.width:
            tail = VGroup(*tex[3:])
            tail.next_to(VGroup(*tex[:3]), DOWN, buff=0.25, aligned_edge=LEFT).shift(RIGHT * 0.5)
        group = VGroup(tex)
        group.label_part = VGroup(*tex[:4])
        group.pairs_part = VGroup(*tex[4:-1])
        group.total_part = tex[-1]
        return group

    def live_readouts(self, sims: VGroup) -> VGroup:
        stretch, dot_label, cos_label = self.readout_labels()
        live = VGroup(
            Readout(stretch, lambda: norm(self.space.tip(1)), places=2, role="b", size=SIZES.heading),
            Readout(dot_label, lambda: dot(self.dog, self.space.tip(1)), places=2, role="result", size=SIZES.heading),
            Readout(
                cos_label,
                lambda: cosine_similarity(self.dog, self.space.tip(1)),
                places=2,
                role="result",
                size=SIZES.heading,
            ),
        ).arrange(DOWN, buff=0.75, aligned_edge=LEFT)
        self.PANEL.fit(live).move_to(sims, aligned_edge=UP + LEFT)
        # Level with the plane's middle, not at the top of an empty column.
        live.set_y(self.space.plane.get_center()[1])
        # Room on the right for the verdicts that will stand beside the dot product and the cosine.
        self.verdict_parts = self.verdict_words(self.params.scale)
        corner = live.get_corner(UP + LEFT)
        # The verdicts shrink with the readouts they stand beside (as `split` reckoned the panel).
        while any(
            live[k].get_right()[0] + 0.35 + v.width > self.PANEL.right for k, v in zip((1, 2, 0), self.verdict_parts)
        ):
            live.scale(0.98, about_point=corner)
            for v in self.verdict_parts:
                v.scale(0.98)
        return live

    def verdicts(self, live: VGroup, d_cat: float, k_end: float):
        times, same, _ = self.verdict_parts
        times.next_to(live[1], RIGHT, buff=0.35)
        same.next_to(live[2], RIGHT, buff=0.35)
        cos_box = SurroundingRectangle(live[2], color=colour("highlight"), buff=0.12)
        return times, same, cos_box
