"""What every scene teaches and what it takes: its inputs as a frozen pydantic model with the
storyboard's defaults and a description of each field, validated through the numeric core.

No manim import: `render.py list`, lesson validation, the lesson files' JSON Schema
(lessons/lesson.schema.json) and the render cache read this without loading manim. Each scene
class points at its Params here.

This is the one place a scene is registered: `@scene(name, module, title, summary, examples)`
above its Params model names the class, the module that defines it, its chapter title and
its other input sets for the tests (docs/authoring.md). A field is
`name: Type = Field(default, description="...")` with a type from toolkit/params.py (`Number`,
`Vector`, `Matrix`, `Text`, ..., `Annotated[Vector, Entries(2, 6)]` for a length); what relates
fields to one another goes in `check()`, which raises InputError.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from mathcore import InputError, as_matrix, as_plane_matrix, as_vector, check_drawable, compose
from mathcore.linalg import ACTIVATIONS, check_matmul_shapes
from toolkit.params import Entries, Line, Lines, Matrix, Number, PlainWords, Positive, SceneParams, Vector, Word, Words
from toolkit.params import defaults as _defaults

# A vector of the plane (2 entries), and one of 2 to 6 entries (what a row of boxes holds).
Vec2 = Annotated[Vector, Entries(2, 2)]
Vec2to6 = Annotated[Vector, Entries(2, 6)]


@dataclass(frozen=True)
class SceneSpec:
    name: str
    module: str  # import path of the module that defines the Scene class
    params: type[SceneParams]
    title: str  # the chapter title in a lesson video
    summary: str
    # Other input sets than the defaults, by label: the layout and figure tests run each one.
    examples: dict = dataclasses.field(default_factory=dict, compare=False)

    @property
    def path(self) -> str:
        return self.module.replace(".", "/") + ".py"


SCENES: dict[str, SceneSpec] = {}


def scene(name: str, module: str, title: str, summary: str, examples: dict[str, dict]):
    """Register the scene class `name`, defined in `scenes/<module>.py`, with the Params
    model below this decorator: the one place a scene is registered. `title` is its
    chapter in a lesson video, `summary` a line for `render.py list`, and `examples` its other
    input sets (at least three: the tests lay out and check the scene with each)."""

    def register(params: type) -> type:
        if name in SCENES:
            raise ValueError(f"scene {name!r} is registered twice in scenes/catalog.py")
        if not (isinstance(params, type) and issubclass(params, SceneParams)):
            raise TypeError(f"{name}'s Params must be a SceneParams model (class {name}Params(SceneParams): ...)")
        SCENES[name] = SceneSpec(name, f"scenes.{module}", params, title, summary, examples)
        return params

    return register


def _same_length(a, b, names=("a", "b")) -> None:
    if len(a) != len(b):
        raise InputError(f"vectors must have the same length: {len(a)} != {len(b)} ({names[0]} and {names[1]})")


def _nonzero(v, name: str, what: str = "the angle") -> None:
    if not any(v):
        raise InputError(f"{what} is undefined: {name} is the zero vector and has no direction")


def _fits_the_layout(**matrices) -> None:
    for name, M in matrices.items():
        if max(M.shape) > 4:
            raise InputError(f"{name} is {M.shape[0]}x{M.shape[1]}: the scene lays out matrices up to 4x4")


# --- lesson 1: the dot product -----------------------------------------------------------


@scene(
    "DotProductDefinition",
    module="dot_product",
    title="What is a dot product?",
    summary="Pair up, multiply, sum: two vectors in, one number out; a negative entry pulls the total down.",
    examples={
        "long numbers": dict(
            a=(12.75, -3.5, 100.25), b=(0.04, 7.5, -2.25), a2=(1.5, -2.25, 0.75, 3), b2=(4, 2.5, -6, 1.25)
        ),
        "negative entries": dict(a=(-1, -2, -3), b=(4, -5, 6), a2=(-2, -1, -3), b2=(1, 4, 2)),
        "six entries": dict(
            a=(1, 2, 3, 4, 5, 6), b=(6, 5, 4, 3, 2, 1), a2=(2, -1, 3, 0, -2, 1), b2=(1, 4, 2, 5, 3, -1)
        ),
        "two entries, zero total": dict(a=(3, 4), b=(-4, 3), a2=(0.5, -0.5), b2=(2, 2)),
        # A second pair with no negative product: nothing to mark (the mini lesson of the CLI tests).
        "no negative product": dict(a=(1, 0), b=(3, 4), a2=(1, 1), b2=(2, 2)),
    },
)
class DotProductDefinitionParams(SceneParams):
    a: Vec2to6 = Field((1, 2, 3), description="The first vector, paired up with b entry by entry.")
    b: Vec2to6 = Field((4, 5, 6), description="The second vector: as many entries as a.")
    a2: Vec2to6 = Field(
        (2, -1, 3), description="The second example's first vector (a negative entry pulls the total down)."
    )
    b2: Vec2to6 = Field((1, 4, 2), description="The second example's second vector: as many entries as a2.")

    def check(self) -> None:
        _same_length(self.a, self.b, ("a", "b"))
        _same_length(self.a2, self.b2, ("a2", "b2"))


@scene(
    "VectorAlignment",
    module="dot_product",
    title="The dot product measures alignment",
    summary="The widget: a.b and the angle follow b's tip round a full turn; positive, zero, negative.",
    examples={
        "near the axes": dict(a=(3, 0.05), b=(0.02, 2)),
        "negative entries": dict(a=(-2.5, -1.5), b=(1.25, -3.75)),
        "short vectors": dict(a=(0.3, 0.1), b=(0.1, 0.4)),
        "long vectors": dict(a=(12, 5), b=(-3, 9)),
    },
)
class VectorAlignmentParams(SceneParams):
    a: Vec2 = Field((1.8, 1.2), description="The fixed arrow: 2 entries, not both 0.")
    b: Vec2 = Field((0.8, 1.8), description="The arrow whose tip goes round a full turn: 2 entries, not both 0.")

    def check(self) -> None:
        _nonzero(self.a, "a")
        _nonzero(self.b, "b")


@scene(
    "CosineRelation",
    module="dot_product",
    title="The geometric meaning",
    summary="a.b = |a||b|cos(theta), both sides live; projection; cos on a graph; cosine similarity.",
    examples={
        "near the axes": dict(a=(3, 0), b=(0, 2), u=(1, 0, 0), v=(0, 1, 0), scale=0.5),
        "long numbers": dict(a=(-1.5, 2.5), b=(2, -0.5), u=(1.25, -2.5, 3.75, -5), v=(-2, 4.5, 0.5, 1), scale=3),
        "negative entries": dict(a=(-0.5, -0.2), b=(-0.4, 0.6), u=(-1, -2), v=(-3, -4), scale=1.5),
    },
)
class CosineRelationParams(SceneParams):
    a: Vec2 = Field((1.8, 1.2), description="The first arrow on the plane: 2 entries, not both 0.")
    b: Vec2 = Field((0.8, 1.8), description="The second arrow, projected onto a: 2 entries, not both 0.")
    u: Vec2to6 = Field((1, 2, 3), description="The first vector of the cosine similarity: not all 0.")
    v: Vec2to6 = Field(
        (4, 5, 6), description="The second vector of the cosine similarity: as many entries as u, not all 0."
    )
    scale: Annotated[Number, Positive("it stretches b without turning it")] = Field(
        2.0, description="How much b is stretched: a.b scales with it, the angle does not."
    )

    def check(self) -> None:
        _nonzero(self.a, "a")
        _nonzero(self.b, "b")
        for name in ("u", "v"):
            _nonzero(getattr(self, name), name, "cosine similarity")
        _same_length(self.u, self.v, ("u", "v"))


@scene(
    "WeightedSumNeuron",
    module="dot_product",
    title="Weighted sums: every neuron",
    summary="A neuron: each w_i x_i on its edge, z = w.x + beta, a = sigma(z); weights push up, down or ignore; y-hat in regression.",
    examples={
        "long numbers": dict(
            w=(0.25, -1.5, 2.75, -0.5), x=(10, -4, 3.5, 8), bias=12.5, activation="relu", w_signs=(-2, 0, 1.5, 0.25)
        ),
        "two inputs": dict(w=(1, 2), x=(-3, 4), bias=0, activation="identity", w_signs=(1, -1)),
        "six inputs": dict(w=(1, 2, 3, 4, 5, 6), x=(6, 5, 4, 3, 2, 1), bias=-100, w_signs=(1, -1, 0, 1, -1, 0)),
    },
)
class WeightedSumNeuronParams(SceneParams):
    w: Vec2to6 = Field((1, 2, 3), description="The neuron's weights, one per input.")
    x: Vec2to6 = Field((4, 5, 6), description="The neuron's inputs: as many as w.")
    bias: Number = Field(-30.0, description="The bias beta added to the weighted sum: z = w.x + beta.")
    activation: Literal[ACTIVATIONS] = Field("sigmoid", description="The activation sigma applied to z: a = sigma(z).")
    # The second neuron shows one weight of each sign: up, down, ignored.
    w_signs: Vector = Field(
        (0.5, -1.0, 0.0), description="The second neuron's weights, one of each sign (up, down, ignored): as many as x."
    )

    def check(self) -> None:
        _same_length(self.w, self.x, ("w", "x"))
        as_vector(self.w_signs, "w_signs")
        _same_length(self.w_signs, self.x, ("w_signs", "x"))


@scene(
    "AttentionScore",
    module="dot_product",
    title="Dot products in attention",
    summary="score(q, k_i) = q.k_i / sqrt(d_k) for each key, as bars; the best-aligned key scores highest.",
    examples={
        "four dimensions": dict(
            q=(1.5, -2.25, 0.75, 3),
            keys=((1, 0.5, -2, 1), (-1.25, 2, 0.5, -3), (0.5, 0.5, 0.5, 0.5), (2, -1, 0, 1.75)),
            words=("bank", "river", "money", "tree"),
        ),
        "negative query": dict(q=(-0.5, -0.3, 0.2)),
        "two keys, long words": dict(
            q=(0.6, -0.8), keys=((0.9, 0.1), (-0.2, 0.95)), words=("understanding", "photosynthesis")
        ),
        "six keys": dict(
            keys=(
                (0.4, 0.8, 0.1),
                (0.3, 0.1, 0.4),
                (-0.3, 0.1, 0.6),
                (0.1, -0.5, 0.2),
                (0.9, 0.9, -0.9),
                (-0.6, -0.6, 0.1),
            ),
            words=("bank", "river", "money", "tree", "loan", "shore"),
        ),
    },
)
class AttentionScoreParams(SceneParams):
    q: Vec2to6 = Field((0.5, 0.3, -0.2), description="The query vector q.")
    # The first key is the page's own example; the others score lower, so the best-aligned key is one word
    # (with (0.6, 0.2, -0.3) "river" tied "bank" at q.k = 0.42).
    keys: Matrix = Field(
        ((0.4, 0.8, 0.1), (0.3, 0.1, 0.4), (-0.3, 0.1, 0.6), (0.1, -0.5, 0.2)),
        description="The keys k_i, one row each: 2 to 6 keys, each as long as q.",
    )
    words: Words = Field(("bank", "river", "money", "tree"), description="The word each key stands for, in order.")
    # The query's own word: "shore" reads as close to "bank" and "river", away from "money".
    query_word: Word = Field("shore", description="The word the query stands for.")

    def check(self) -> None:
        K = as_matrix(self.keys, "keys")
        if not 2 <= K.shape[0] <= 6:
            raise InputError(f"keys must hold 2 to 6 keys, got {K.shape[0]}")
        if K.shape[1] != len(self.q):
            raise InputError(f"vectors must have the same length: {len(self.q)} != {K.shape[1]} (q and each key)")
        if len(self.words) != K.shape[0]:
            raise InputError(f"words must name every key: {len(self.words)} words for {K.shape[0]} keys")


# --- lesson 2: matrix multiplication -----------------------------------------------------


@scene(
    "SimilarityInEmbeddingSpace",
    module="matmul",
    title="Computing similarity",
    summary="dog, cat, democracy as 2-D stand-ins; dot product as similarity; scaling changes a.b, not cos.",
    examples={
        "near the axes": dict(words=("king", "queen", "banana"), vectors=((0.95, 0.05), (0.9, 0.2), (0.05, -0.98))),
        "negative entries": dict(
            words=("sun", "moon", "tax"), vectors=((-0.9, -0.3), (-0.8, -0.5), (0.2, -0.9)), scale=0.5
        ),
        "long words and numbers": dict(
            words=("photosynthesis", "chlorophyll", "skyscraper"),
            vectors=((3.5, 1.25), (2.75, 1.5), (-1.25, 4)),
            scale=3,
        ),
    },
)
class SimilarityInEmbeddingSpaceParams(SceneParams):
    # Words are typeset in LaTeX and labelled on the plane: plain and short.
    words: PlainWords = Field(
        ("dog", "cat", "democracy"), description="The three words compared: the first two alike, the third not."
    )
    # Chosen so that dog·cat (0.87) doubles to a figure that reads as exactly twice it (1.74).
    vectors: Matrix = Field(
        ((0.9, 0.3), (0.8, 0.5), (-0.2, 0.9)),
        description="Each word's 2-D stand-in, one row of 2 entries per word, none all 0.",
    )
    scale: Annotated[Number, Positive()] = Field(
        2.0, description="How much the second word's vector is stretched: the dot product changes, the cosine does not."
    )

    def check(self) -> None:
        V = as_matrix(self.vectors, "vectors")
        if V.shape[1] != 2:
            raise InputError(f"vectors must be 2-D stand-ins (2 entries each), got {V.shape[1]}")
        if len(self.words) != 3 or V.shape[0] != 3:
            raise InputError(f"the scene compares three words: got {len(self.words)} words and {V.shape[0]} vectors")
        for word, v in zip(self.words, self.vectors):
            _nonzero(v, repr(word), "cosine similarity")


@scene(
    "LayerAsMatmul",
    module="matmul",
    title="A layer is a matrix",
    summary="A layer of neurons is a matrix: W.x + beta gives every neuron's weighted sum at once.",
    examples={
        "4x4, long numbers": dict(
            W=((1.25, -2.5, 0.75, 3), (0.5, 1, -1, 2), (-3.25, 0.5, 2, 1), (2, 2, -0.5, -1.75)),
            x=(4.5, -5, 6.25, 1),
            bias=(-30.5, 2, -10, 0.25),
        ),
        "two neurons, negative": dict(W=((-1, -2), (-0.5, 3)), x=(-4, 5), bias=(1, -2)),
        "4 neurons, 2 inputs": dict(W=((1, 2), (3, 4), (-5, 6), (7, -8)), x=(9, 10), bias=(0, 0, 0, 0)),
    },
)
class LayerAsMatmulParams(SceneParams):
    W: Annotated[Matrix, Entries(2, 4, "rows (one per neuron)")] = Field(
        ((1, 2, 3), (0.5, -1, 0), (-1, 0.5, 2)),
        description="The layer's weights: one row per neuron, one column per input.",
    )
    x: Annotated[Vector, Entries(2, 4)] = Field((4, 5, 6), description="The layer's inputs: as many as W has columns.")
    bias: Vector = Field((-30, 2, -10), description="Each neuron's bias: one entry per row of W.")

    def check(self) -> None:
        W = as_matrix(self.W, "W")
        check_matmul_shapes(W, as_matrix([[v] for v in self.x], "x"))
        if len(self.bias) != W.shape[0]:
            raise InputError(f"bias needs one entry per neuron: {len(self.bias)} != {W.shape[0]}")


@scene(
    "RowByColumnMatmul",
    module="matmul",
    title="Row by column",
    summary="C[i,j] = sum_k A[i,k] B[k,j]: each cell is a row of A dotted with a column of B.",
    examples={
        "4x4": dict(
            A=((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12), (13, 14, 15, 16)),
            B=((1, 0, 2, -1), (3, 1, 0, 2), (-2, 4, 1, 0), (0, 1, -3, 5)),
        ),
        "negative entries": dict(A=((-1, -2), (3, -4)), B=((5, -6), (-7, 8))),
        "long numbers": dict(A=((1.25, -2.5, 10.75),), B=((3.5,), (-4.25,), (0.5,))),
    },
)
class RowByColumnMatmulParams(SceneParams):
    A: Matrix = Field(((1, 2, 3), (4, 5, 6)), description="The left matrix: up to 4x4.")
    B: Matrix = Field(
        ((7, 8), (9, 10), (11, 12)), description="The right matrix: as many rows as A has columns, up to 4x4."
    )

    def check(self) -> None:
        A, B = as_matrix(self.A, "A"), as_matrix(self.B, "B")
        _fits_the_layout(A=A, B=B)
        check_matmul_shapes(A, B)


@scene(
    "ShapeRule",
    module="matmul",
    title="The shape rule",
    summary="(m x n)(n x p) = m x p: inner dimensions meet and vanish; a mismatch is refused; matmul -> dot product -> MAC.",
    examples={
        "4x4 by 4x1": dict(A=((1, 2, 3, 4),) * 4, B=((1,), (2,), (3,), (4,)), bad_B=((1, 2, 3),) * 3),
        "1x3 by 3x4": dict(A=((1, -2, 3),), B=((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12)), bad_B=((1, 2), (3, 4))),
        "negative, long": dict(A=((-1.25, 2.5), (3.75, -4)), B=((10.5, -2), (0.25, 7)), bad_B=((1, 2),)),
    },
)
class ShapeRuleParams(SceneParams):
    A: Matrix = Field(((1, 2, 3), (4, 5, 6)), description="The first pair's left matrix (m x n): up to 4x4.")
    B: Matrix = Field(
        ((7, 8), (9, 10), (11, 12)), description="The first pair's right matrix (n x p): as many rows as A has columns."
    )
    # A second pair whose three dimensions all differ, so m, n and p are told apart: (3x2)(2x4) = 3x4.
    A2: Matrix = Field(((2, -1), (0, 1), (1, 3)), description="The second pair's left matrix: m, n and p all differ.")
    B2: Matrix = Field(
        ((1, 0, 2, -1), (3, 1, 0, 2)), description="The second pair's right matrix: as many rows as A2 has columns."
    )
    # The pair the scene shows being refused; it must not fit.
    bad_B: Matrix = Field(
        ((1, 2), (3, 4)), description="The matrix shown refused: its rows must not match A's columns."
    )

    def check(self) -> None:
        A, B, bad = as_matrix(self.A, "A"), as_matrix(self.B, "B"), as_matrix(self.bad_B, "bad_B")
        A2, B2 = as_matrix(self.A2, "A2"), as_matrix(self.B2, "B2")
        _fits_the_layout(A=A, B=B, A2=A2, B2=B2, bad_B=bad)
        check_matmul_shapes(A, B)
        check_matmul_shapes(A2, B2)
        if A.shape[1] == bad.shape[0]:
            raise InputError(f"bad_B must not fit A: A has {A.shape[1]} columns and bad_B has {bad.shape[0]} rows")


@scene(
    "MatrixAsTransformation",
    module="transform",
    title="A matrix moves the plane",
    summary="i and j land on a 2x2 matrix's columns; B then A is AB, computed row by column; AB != BA.",
    examples={
        "stretch and swap": dict(A=((2, 0), (0, 0.5)), B=((0, 1), (1, 0))),
        "reflection and shear": dict(A=((-1, 0), (0, 1)), B=((1, 0.5), (0, 1))),
        "rotation-like": dict(A=((0.5, -1), (1, 0.5)), B=((1, 0), (1, 1))),
        "singular, two decimals": dict(A=((1, 2), (0.5, 1)), B=((-1.25, 2.5), (1.5, -0.75))),
    },
)
class MatrixAsTransformationParams(SceneParams):
    # B turns the plane by 36.9° (cos = 0.8, sin = 0.6: figures the working can show exactly), then
    # A shears it. A quarter turn would map the grid onto itself and hide B; this turn shows on the
    # grid. AB = [[1.4, 0.2], [0.6, 0.8]] and BA = [[0.8, 0.2], [0.6, 1.4]] differ: the order matters.
    A: Matrix = Field(((1, 1), (0, 1)), description="The second move, applied after B: a 2x2 matrix, entries -5 to 5.")
    B: Matrix = Field(
        ((0.8, -0.6), (0.6, 0.8)), description="The first move: a 2x2 matrix, entries -5 to 5 (and so AB and BA)."
    )

    def check(self) -> None:
        A, B = as_plane_matrix(self.A, "A"), as_plane_matrix(self.B, "B")
        # The products are drawn too, so they must fit the plane as well.
        for name, M in (("A", A), ("B", B), ("AB", compose(A, B)), ("BA", compose(B, A))):
            check_drawable(M, name)


@scene(
    "TitleCard",
    module="cards",
    title="Title",
    summary="The course and lesson title that opens a lesson video.",
    examples={
        "long title": dict(title="Scaling dot products: matrix multiplication"),
        "short title": dict(title="Vectors"),
        "long course": dict(course="Math Foundation · Vectors, Matrices & Their Many Uses", title="The dot product"),
    },
)
class TitleCardParams(SceneParams):
    course: Line = Field("Math Foundation · Vectors & Matrices", description="The course, above the title.")
    title: Line = Field("The dot product", description="The lesson's title.")


@scene(
    "ClosingCard",
    module="cards",
    title="What we learned",
    summary="The lesson's recap, one point at a time, that closes a lesson video.",
    examples={
        "one point": dict(points=("Two vectors in, one number out.",)),
        "long points": dict(
            points=(
                "Matrix multiplication is every row of A dotted with every column of B.",
                "The inner dimensions must match and vanish.",
                "(m×n)(n×p) = m×p: the outer dimensions give the result's shape.",
            )
        ),
        "long title": dict(title="Scaling dot products: matrix multiplication"),
        # dot-product's own recap: its third picture grows attention's scores under the neuron.
        "attention named": dict(
            points=(
                "Pair up, multiply, sum: two vectors in, one number out.",
                "a·b = ‖a‖‖b‖ cos θ: the dot product measures alignment.",
                "Every neuron's weighted sum and every attention score is a dot product.",
            )
        ),
        # matmul's own recap: its second picture moves the plane by B, then A, onto AB, beside BA.
        "composition named": dict(
            title="Scaling dot products: matrix multiplication",
            points=(
                "Matrix multiplication is many dot products: every row meets every column.",
                "A matrix moves the plane; B then A is the same move as AB, and AB ≠ BA.",
                "(m×n)(n×p) = m×p: the inner sizes must match, the outer give the shape.",
            ),
        ),
    },
)
class ClosingCardParams(SceneParams):
    course: Line = Field("Math Foundation · Vectors & Matrices", description="The course, above the title.")
    title: Line = Field("The dot product", description="The lesson's title.")
    # What was learned, one line each (a lesson file's `recap`).
    points: Annotated[Lines, Entries(1, 3, "lines of text")] = Field(
        (
            "Pair up, multiply, sum: two vectors in, one number out.",
            "a·b = ‖a‖‖b‖ cos θ: the dot product measures alignment.",
        ),
        description="What was learned, one line each (a lesson file's recap).",
    )


def get_spec(name: str) -> SceneSpec:
    try:
        return SCENES[name]
    except KeyError:
        hint = difflib.get_close_matches(name, list(SCENES), n=1)
        also = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise InputError(
            f"unknown scene {name!r}{also}: a scene is registered with @scene(...) above its Params "
            "in scenes/catalog.py (render.py new NAME --lesson LESSON writes one); render.py list shows them"
        ) from None


def defaults(spec: SceneSpec) -> dict:
    return _defaults(spec.params)
