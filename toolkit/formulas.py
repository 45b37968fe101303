"""Formulas both lessons write: a dot product written out, term by term.

One widget, `DotProductLine`, draws "a dot product written out" wherever a lesson shows one
(lesson 1's definition, the neuron's w·x, attention's q·k; lesson 2's row · column):

    x1·y1 + x2·y2 + ... = p1 + p2 + ... = total

Each part is addressable and coloured by role: the x factors in `roles[0]` ("a": vector a,
weights, query, a row of A), the y factors in `roles[1]` ("b": vector b, inputs, keys, a column
of B), the products and the total in "result". Signs are written as the lessons write them: a
negative factor in brackets (2·(−1)), a negative product subtracted (2 − 4 + 6).

Usage (each method returns a manim Animation for the scene to play):

    line = DotProductLine(a, b, names=("a", "b"))   # or prefix=r"C_{11} =" (any LaTeX)
    layout.TOP.fit(line)
    self.play(line.show_prefix())
    for i in range(len(a)):
        # the i-th pair flies out of the entries it came from (any mobjects; None: fade in)
        self.play(line.write_pair(i, a_col.entry(i), b_col.entry(i)))
    self.play(line.multiply())            # every pair becomes its product
    self.play(line.sum_up())              # the products become the total, which gets its box
    self.settle(line, line.parts())       # one mobject on screen again

Leave out a half with `factors=False` (p1 + p2 + ... = total, products coming from elsewhere:
`line.collect(sources)`), or `products=False` (x1·y1 + ... = total, `line.sum_up()` then
gathers the pairs). `total=` overrides the computed total (e.g. a matmul cell computed by
mathcore.matmul); by default it is mathcore.dot(xs, ys).

Parts: `.prefix` (the names and/or the prefix), `.pairs[i]` (the i-th "+ x·y" including its operator), `.xs[i]`, `.ys[i]`,
`.first_equals`, `.terms[i]` (the i-th product with its sign), `.products[i]` (its number),
`.equals`, `.total`, `.total_box`; `.tex` is the whole MathTex; `.product_values` the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    RIGHT,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    Succession,
    SurroundingRectangle,
    VGroup,
    VMobject,
    Write,
    rush_into,
)

from mathcore import dot, products
from toolkit.matrices import sub
from toolkit.moves import becomes, fly_copy
from toolkit.style import colour, math, places_needed, tex_number
from toolkit.theme import SIZES

# The total stands this far further from its "=" than TeX puts it (per unit of font size), wider than
# its box's buff, so the box never cuts into the "=".
TOTAL_GAP = 0.12 / SIZES.body
BOX_BUFF = 0.1


def factor_tex(x: float, places: int = 2) -> str:
    """A factor of a product, in brackets when negative so that 2·(−1) reads right."""
    s = tex_number(x, places)
    return f"({s})" if s.startswith("-") else s


def signed_terms(values: Sequence[float], places: int = 2) -> list[tuple[str | None, str]]:
    """The terms of a sum as the lesson writes it, 2 − 4 + 6: (operator, number) per term;
    the first term carries its own sign and no operator."""
    out: list[tuple[str | None, str]] = []
    for i, v in enumerate(values):
        if i == 0:
            out.append((None, tex_number(v, places)))
        else:
            out.append(("-" if tex_number(v, places).startswith("-") else "+", tex_number(abs(v), places)))
    return out


def sum_tex(values: Sequence[float], places: int = 2) -> str:
    """`2 - 4 + 6` as one LaTeX string."""
    return " ".join(f"{op} {num}" if op else num for op, num in signed_terms(values, places))


class DotProductLine(VGroup):
    """x1·y1 + x2·y2 + ... = p1 + p2 + ... = total, each part addressable (see the module doc).

    For example:

        line = DotProductLine([2, -1, 3], [1, 4, 2], names=("a", "b"))
        self.play(line.write_all())
    """

    def __init__(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        *,
        prefix: str | None = None,
        names: tuple[str, str] | None = None,
        factors: bool = True,
        products: bool = True,
        total: float | None = None,
        size: int = SIZES.body,
        roles: tuple[str, str] = ("a", "b"),
        places: int | None = None,
        prefix_role: str = "text",
        boxed: bool = True,
    ):
        if not factors and not products:
            raise ValueError("a dot product line shows its factors, its products, or both")
        self.x_values = np.asarray(xs, float)
        self.y_values = np.asarray(ys, float)
        self.product_values = _products(self.x_values, self.y_values)
        self.total_value = float(_dot(self.x_values, self.y_values) if total is None else total)
        self.roles = roles
        self.boxed = boxed  # a total that will be boxed stands a little apart from its "="
        n = len(self.x_values)

        strings: list[str] = []
        index: dict[str, list] = {"x": [], "y": [], "pair": [], "op": [], "num": []}

        def add(s: str) -> int:
            strings.append(s)
            return len(strings) - 1

        # `names` writes the lead-in "x·y =" with each bold name in its role's colour.
        name_at = (
            [add(rf"\mathbf{{{names[0]}}}"), add(r"\cdot"), add(rf"\mathbf{{{names[1]}}}"), add("=")] if names else []
        )
        prefix_at = add(prefix) if prefix else None
        if factors:
            # The factors as the pair's columns write them (0.5, not 0.50; 1.50 beside 0.75), or
            # with the caller's count of decimals, which a scene keeps for all its figures.
            factor_places = places_needed([*self.x_values, *self.y_values]) if places is None else places
            for i in range(n):
                start = add("+") if i else None
                x = add(factor_tex(self.x_values[i], factor_places))
                add(r"\cdot")
                y = add(factor_tex(self.y_values[i], factor_places))
                index["x"].append(x)
                index["y"].append(y)
                index["pair"].append((x if start is None else start, y))
        first_equals_at = add("=") if factors and products else None
        if products:
            for op, num in signed_terms(self.product_values, 2 if places is None else places):
                index["op"].append(add(op) if op else None)
                index["num"].append(add(num))
        equals_at = add("=")
        total_at = add(tex_number(self.total_value, 2 if places is None else places))
        self.tex = math(*strings, size=size, role="muted")

        part = self.tex.submobjects
        self.prefix = part[prefix_at] if prefix_at is not None else None
        if name_at:
            part[name_at[0]].set_color(colour(roles[0]))
            part[name_at[2]].set_color(colour(roles[1]))
            self.prefix = (
                VGroup(*(part[i] for i in name_at))
                if self.prefix is None
                else VGroup(*(part[i] for i in name_at), self.prefix)
            )
        self.xs = [part[i] for i in index["x"]]
        self.ys = [part[i] for i in index["y"]]
        self.pairs = [VGroup(*part[a : b + 1]) for a, b in index["pair"]]
        self.first_equals = part[first_equals_at] if first_equals_at is not None else None
        self.products = [part[i] for i in index["num"]]
        self.product_signs = [part[i] if i is not None else None for i in index["op"]]
        self.terms = [VGroup(*([s] if s is not None else []), p) for s, p in zip(self.product_signs, self.products)]
        self.equals = part[equals_at]
        self.total = part[total_at]
        if boxed:  # room for the box round it (a total never boxed stood apart from its "=")
            self.total.shift(RIGHT * TOTAL_GAP * size)

        if prefix_at is not None:
            part[prefix_at].set_color(colour(prefix_role))
        for m in self.xs:
            m.set_color(colour(roles[0]))
        for m in self.ys:
            m.set_color(colour(roles[1]))
        for term in self.terms:
            term.set_color(colour("result"))
        self.total.set_color(colour("result"))
        self.total_box = SurroundingRectangle(self.total, color=colour("result"), buff=BOX_BUFF, stroke_width=3)
        super().__init__(self.tex, self.total_box)

    # --- parts ---------------------------------------------------------------------------

    @property
    def n(self) -> int:
        return len(self.x_values)

    def parts(self) -> list[VMobject]:
        """The glyph parts, as `LessonScene.settle(line, line.parts())` wants them."""
        return list(self.tex.submobjects)

    def pair_operators(self, i: int) -> VGroup:
        """The i-th pair without its two numbers: its '+' (if any) and its '·'."""
        return VGroup(*(m for m in self.pairs[i] if m is not self.xs[i] and m is not self.ys[i]))

    def wrap(self, max_width: float) -> DotProductLine:
        """Too wide for `max_width`? The products and the total go to a second row, its "="
        under the first row's "=" (or indented), so the line keeps its size instead of shrinking."""
        if self.tex.width <= max_width:
            return self
        if self.first_equals is None:
            # Only one half is written out: "= total" goes under it, its "=" under the names' "=".
            tail = VGroup(self.equals, self.total)
            head = VGroup(*(m for m in self.tex.submobjects if m is not self.equals and m is not self.total))
            anchor = self.prefix[-1] if isinstance(self.prefix, VGroup) and len(self.prefix) else None
            x = anchor.get_left()[0] if anchor is not None else head.get_left()[0] + 0.6
            tail.shift([x - self.equals.get_left()[0], -(head.height + 0.35), 0])
            self.total_box.become(
                SurroundingRectangle(self.total, color=colour("result"), buff=BOX_BUFF, stroke_width=3)
            )
            return self
        second = self.tex.submobjects[self.tex.submobjects.index(self.first_equals) :]
        row = VGroup(*second)
        first_row = VGroup(*self.tex.submobjects[: len(self.tex.submobjects) - len(second)])
        anchor = self.prefix[-1] if isinstance(self.prefix, VGroup) and len(self.prefix) else None
        x = anchor.get_left()[0] if anchor is not None else first_row.get_left()[0] + 0.6
        row.shift([x - self.first_equals.get_left()[0], -(first_row.height + 0.35), 0])
        self.total_box.become(SurroundingRectangle(self.total, color=colour("result"), buff=BOX_BUFF, stroke_width=3))
        return self

    # --- animations ----------------------------------------------------------------------

    def show_prefix(self) -> FadeIn:
        if self.prefix is None:
            raise ValueError("this line has no prefix")
        return FadeIn(self.prefix)

    def write_pair(self, i: int, x_source: VMobject | None = None, y_source: VMobject | None = None, flight=fly_copy):
        """The i-th pair arrives: its numbers fly out of `x_source` and `y_source` (an entry
        of a column, a cell of a matrix) by `flight` (`moves.fly_off` to leave the source at
        once), or fade in when no source is given."""
        moves = [
            flight(src, dst) if src is not None else FadeIn(dst)
            for src, dst in ((x_source, self.xs[i]), (y_source, self.ys[i]))
        ]
        return AnimationGroup(*moves, FadeIn(self.pair_operators(i)))

    def multiply(self, indices: Sequence[int] | None = None):
        """Each written pair becomes its product (all of them, or `indices`)."""
        indices = range(self.n) if indices is None else indices
        if not self.pairs:
            raise ValueError("this line does not write its factors: use collect()")
        anims = [becomes(self.pairs[i], self.terms[i]) for i in indices]
        if self.first_equals is not None:
            anims.insert(0, FadeIn(self.first_equals))
        return AnimationGroup(*anims)

    def write_all(self):
        """The whole line at once (a recap, not a working)."""
        return AnimationGroup(Write(self.tex), Create(self.total_box), lag_ratio=0.7)

    def collect(self, sources: Sequence[VMobject]):
        """The products arrive from elsewhere (a product on a neuron's edge, a row p_i)."""
        return AnimationGroup(*(fly_copy(src, term) for src, term in zip(sources, self.terms)))

    def sum_up(self, boxed: bool | None = None):
        """The products (or, without products, the pairs) are summed: a soft patch of light comes
        over them, and the total appears beside the "=" (boxed) as the patch goes. A shrinking
        copy of the sum flown onto the total lay across its own terms on the way: frames read
        "4 +4 10 10 18 18" (review). Nothing flies: every frame reads."""
        sources = VGroup(*(self.terms or self.pairs))
        patch = SurroundingRectangle(
            sources, buff=0.06, stroke_width=0, fill_color=colour("highlight"), fill_opacity=0.22
        )
        # The patch fades in over the whole sum: grown from its left edge, it began as a thin bar
        # that struck through the first term (review).
        sweep = Succession(
            FadeIn(patch, rate_func=rush_into),
            AnimationGroup(FadeIn(self.total, scale=1.2), FadeOut(patch)),
        )
        anims = [FadeIn(self.equals), sweep]
        if self.boxed if boxed is None else boxed:
            return AnimationGroup(AnimationGroup(*anims), Create(self.total_box), lag_ratio=0.7)
        return AnimationGroup(*anims)


def _products(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    return products(xs, ys, names=("x", "y"))


def _dot(xs: np.ndarray, ys: np.ndarray) -> float:
    return dot(xs, ys, names=("x", "y"))


def general_dot_formula(
    n: int, names: tuple[str, str] = ("a", "b"), roles: tuple[str, str] = ("a", "b"), size: int = SIZES.body
) -> VGroup:
    """a·b = Σ a_i b_i = a_1 b_1 + ... + a_n b_n with every symbol in its role's colour;
    `.terms[i]` is the i-th a_i b_i."""
    x, y = names
    # Indices as large as their letters (the course's one subscript style): read at 3% and over.
    parts = [rf"\mathbf{{{x}}}", r"\cdot", rf"\mathbf{{{y}}}", "=", r"\sum_{i=1}^{n}", x + sub("i"), y + sub("i"), "="]
    for i in range(n):
        parts += (["+"] if i else []) + [x + sub(f"{i + 1}"), y + sub(f"{i + 1}")]
    tex = math(*parts, size=size, role="muted")
    for k, s in enumerate(parts):
        if s.startswith(rf"\mathbf{{{x}}}") or s.startswith(f"{x}_"):
            tex[k].set_color(colour(roles[0]))
        elif s.startswith(rf"\mathbf{{{y}}}") or s.startswith(f"{y}_"):
            tex[k].set_color(colour(roles[1]))
    first = len(parts) - (3 * n - 1)
    terms = []
    k = first
    for i in range(n):
        if i:
            k += 1
        terms.append(VGroup(tex[k], tex[k + 1]))
        k += 2
    group = VGroup(tex)
    group.tex = tex
    group.terms = terms
    return group


__all__ = ["DotProductLine", "factor_tex", "general_dot_formula", "signed_terms", "sum_tex"]
