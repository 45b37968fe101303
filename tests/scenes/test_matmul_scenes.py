"""Lesson 2's scenes: the figures they show (against numpy and the article), their refusals
of bad input before anything renders (their last frames: frames/test_matmul_frames.py)."""

from __future__ import annotations

import re


import numpy as np
import pytest
from manim import SingleStringMathTex

from mathcore import InputError, fmt_number, matmul
from scenes.catalog import (
    LayerAsMatmulParams,
    RowByColumnMatmulParams,
    ShapeRuleParams,
    SimilarityInEmbeddingSpaceParams,
    WeightedSumNeuronParams,
)
from scenes.matmul import LayerAsMatmul, RowByColumnMatmul, ShapeRule, SimilarityInEmbeddingSpace
from toolkit.params import build
from toolkit.formulas import factor_tex
from toolkit.style import tex_number

from scene_inputs import OTHER_INPUTS
from scene_runs import same_worker, checked_run

pytestmark = same_worker("scenes.matmul")


@pytest.fixture(scope="module")
def shown():
    """Each scene run once with its defaults (the run the layout test reads too): (scene, every
    string it showed)."""
    out = {}
    for cls in (RowByColumnMatmul, LayerAsMatmul, ShapeRule, SimilarityInEmbeddingSpace):
        scene = checked_run(cls)
        out[cls.__name__] = (scene, scene.shown_strings())
    return out


# --- figures -------------------------------------------------------------------------------


def plain_indices(tex: str) -> str:
    """Indices as TeX would set them by default: "C_{\\textstyle 1{,}2}" (indices as large as
    their letter, no space after the comma) is "C_{1,2}"."""
    return re.sub(r"\\textstyle\s*", "", tex).replace("{,}", ",").replace("{=}", "=")


def working_lines(strings: list[str], prefix: str) -> dict[str, str]:
    """The dot products a scene wrote out, by their left-hand side ("C_{1,2}", "z_{3}")."""
    strings = [plain_indices(s) for s in strings]
    return {s.split(" =", 1)[0]: s for s in strings if s.startswith(prefix) and s[len(prefix)].isdigit()}


def written_out(line: str, xs, ys, total, places: int = 2) -> bool:
    """`line` pairs xs with ys in order (negative factors in brackets) and ends on `total`."""
    pairs = " + ".join(f"{factor_tex(x, places)} \\cdot {factor_tex(y, places)}" for x, y in zip(xs, ys))
    return f"= {pairs} =" in line and line.replace(r"\;", "").endswith(f" {tex_number(total, places)}")


def chains_hold(tex: str) -> bool:
    """Each comma-separated clause of `tex`: all its sides that are plain arithmetic agree."""
    for clause in tex.split(","):
        values = []
        for side in clause.split("="):
            plain = side.replace(r"\cdot", "*").replace(r"\;", "").replace(r"\quad", "").replace(" ", "")
            if plain and set(plain) <= set("0123456789.+-*()"):
                values.append(eval(plain, {"__builtins__": {}}))  # noqa: S307 - digits and operators only
        if any(abs(v - values[0]) > 0.006 for v in values):
            return False
    return True


def test_chains_hold_catches_a_false_equals():
    assert chains_hold(r"z_{1} = 1 \cdot 4 + 2 \cdot 5 = 14 , z = 14 + (-30) = -16")
    assert not chains_hold(r"z_{1} = 1 \cdot 4 + 2 \cdot 5 + 3 \cdot 6 = 32 + (-30) = 2")


def test_row_by_column_shows_every_cell_with_its_working(shown):
    scene, strings = shown["RowByColumnMatmul"]
    A, B = np.array(RowByColumnMatmulParams().A), np.array(RowByColumnMatmulParams().B)
    C = matmul(A, B)
    assert np.array_equal(C, A @ B) and C.tolist() == [[58, 64], [139, 154]]  # numpy and the article
    for v in C.flat:
        assert tex_number(v) in strings
    # Every cell of C appears as its row · column, written out: 58 and 64, and 139 and 154 too.
    lines = working_lines(strings, "C_{")
    assert sorted(lines) == ["C_{1,1}", "C_{1,2}", "C_{2,1}", "C_{2,2}"]
    for i in range(2):
        for j in range(2):
            assert written_out(lines[f"C_{{{i + 1},{j + 1}}}"], A[i], B[:, j], C[i, j])
    assert r"= 7 + 18 + 33 =" in lines["C_{1,1}"] and r"= 28 + 45 + 66 =" in lines["C_{2,1}"]
    # r picks a row, c a column, i runs along both (lesson 1's i: the entries a dot product pairs up;
    # k is a key there): no letter means two things across the lessons.
    assert r"C_{r,c}=\sum\nolimits_{i=1}^{3}A_{r,i}\,B_{i,c}" in {"".join(plain_indices(s).split()) for s in strings}
    by_name = {b.name: b for b in scene.beats}
    # i counts the pairs as they are paired up, and goes once their sum is done (a stale "i = 3" stayed
    # on through the next beats: review): the last cell ends on row 2, column 2 alone.
    assert by_name["pair up"].readouts == ("1", "1", "3")
    assert by_name["sum"].readouts == ("1", "1")
    assert by_name["the rest"].readouts == ("2", "1")
    assert by_name["the rest 2"].readouts == ("2", "2")
    assert scene.beats[-1].readouts == ()  # the working is over: no stale indices (nor on the poster)
    assert "139" in by_name["the rest"].caption and "154" in by_name["the rest 2"].caption
    assert "58" in by_name["sum"].caption


@pytest.mark.parametrize("name", ["RowByColumnMatmul", "ShapeRule"])
def test_a_product_names_its_matrices_over_them(shown, name):
    """ "A = [..] · B = [..] = C = [..]" would read as B = C: the names stand over the matrices."""
    scene, strings = shown[name]
    assert {"A", "B", "C"} <= {s.strip() for s in strings}
    assert not [s for s in strings if re.fullmatch(r"\s*[ABC]\s*=\s*", s)]


OTHER_MATRICES = OTHER_INPUTS["RowByColumnMatmul"]


# 4x4 and long numbers are the layout test's own sets, so a session runs each of them once; in
# its slow tier, as they are there (the 4x4 run alone was 5.8 s of `-m "not slow"`).
@pytest.mark.parametrize(
    "A, B",
    [
        ([[1, 2], [3, 4]], [[5, 6], [7, 8]]),
        pytest.param(OTHER_MATRICES["4x4"]["A"], OTHER_MATRICES["4x4"]["B"], marks=pytest.mark.slow),
        pytest.param(OTHER_MATRICES["long numbers"]["A"], OTHER_MATRICES["long numbers"]["B"], marks=pytest.mark.slow),
        ([[1, 2, 3]], [[4], [5], [6]]),
    ],
    ids=["2x2", "4x4", "long numbers", "1x3 by 3x1"],
)
def test_row_by_column_follows_other_matrices(A, B):
    scene = checked_run(RowByColumnMatmul, {"A": A, "B": B})
    strings = scene.shown_strings()
    A, B = np.array(A, float), np.array(B, float)
    C = A @ B
    lines = working_lines(strings, "C_{")
    assert len(lines) == C.size
    for (i, j), v in np.ndenumerate(C):
        assert tex_number(v) in strings
        assert written_out(lines[f"C_{{{i + 1},{j + 1}}}"], A[i], B[:, j], v)
    assert any(rf"\sum\nolimits_{{i=1}}^{{{A.shape[1]}}}" in "".join(plain_indices(s).split()) for s in strings)
    assert "58" not in strings
    assert scene.beats[-1].readouts == ()


def test_layer_rows_are_lesson_ones_neurons(shown):
    scene, strings = shown["LayerAsMatmul"]
    strings = [plain_indices(s) for s in strings]
    W, x, b = (
        np.array(v, float) for v in (LayerAsMatmulParams().W, LayerAsMatmulParams().x, LayerAsMatmulParams().bias)
    )
    z = W @ x + b
    for v in z:
        assert tex_number(v, 1) in strings  # 0.5, as the lesson writes it
    # The first row is lesson 1's neuron: same weights, inputs and bias, so the same 32 and z = 2.
    neuron = WeightedSumNeuronParams()
    assert tuple(W[0]) == neuron.w and tuple(x) == neuron.x and b[0] == neuron.bias
    lines = working_lines(strings, r"\mathbf{w_{")
    assert sorted(lines) == [
        r"\mathbf{w_{1}} \cdot \mathbf{x}",
        r"\mathbf{w_{2}} \cdot \mathbf{x}",
        r"\mathbf{w_{3}} \cdot \mathbf{x}",
    ]
    for i in range(3):
        assert written_out(lines[rf"\mathbf{{w_{{{i + 1}}}}} \cdot \mathbf{{x}}"], W[i], x, W[i] @ x, places=1)
        # then its bias, then its z (0.5 and 10.5 as the lesson writes them, not 0.50)
        assert f", z_{{{i + 1}}} = {tex_number(W[i] @ x, 1)} + {factor_tex(b[i], 1)} = {tex_number(z[i], 1)}" in strings
    assert not [s for s in strings if re.search(r"\d\.\d0\b", s)]
    assert written_out(lines[r"\mathbf{w_{1}} \cdot \mathbf{x}"], W[0], x, 32) and ", z_{1} = 32 + (-30) = 2" in strings
    # Every line on screen is a true chain of equalities, read as a viewer reads it (a line and its
    # bias together): "z = 1·4 + 2·5 + 3·6 = 32 + (-30) = 2" would say z = 32.
    for row in scene.lines:
        assert chains_hold(" ".join(part.get_tex_string() for part in row)), row
    # The bias has its own letter (b is a column of B and lesson 1's vector b).
    assert r"\boldsymbol{\beta}" in strings
    # The neurons sum, as lesson 1's does (Σ); no letter names them (n counts entries, lesson 1).
    assert r"\Sigma" in strings and not [s for s in strings if s.startswith("n_{")]
    # "One z per neuron" is shown before any is worked out: each entry of z named z_i, level with
    # its row of W, and what each row computes written under the equation.
    assert all(f"z_{{{i + 1}}}" in strings for i in range(3))
    assert r"z_{r} = \mathbf{w}_{r} \cdot \mathbf{x} +\,\beta_{r}" in strings
    for i, slot in enumerate(scene.eq.slots):
        assert plain_indices(slot.get_tex_string()) == f"z_{{{i + 1}}}"
        assert abs(slot.get_y() - scene.eq.W.row(i).get_y()) < 0.05  # glyphs differ in height
    by_name = {b.name: b for b in scene.beats}
    assert "32" in by_name["row 1"].caption and "z = 2" in by_name["row 1"].caption
    assert (
        f"row 2 gives z = {fmt_number(z[1], 1)}, row 3 gives z = {fmt_number(z[2], 1)}" in by_name["every row"].caption
    )


def test_shape_rule_general_rule_two_pairs_and_the_refusal(shown):
    scene, strings = shown["ShapeRule"]
    p = ShapeRuleParams()
    A, B, A2, B2, bad = (np.array(M, float) for M in (p.A, p.B, p.A2, p.B2, p.bad_B))
    assert r"( m \times n ) ( n \times p ) = m \times p" in strings
    # The first pair: 2x3 · 3x2, inner 3s meet, the result 2x2 with the article's figures.
    assert {r"2 \times 3", r"3 \times 2", "3 = 3", r"2 \times 2"} <= set(strings)
    # The second pair: 3x2 · 2x4 = 3x4, its product computed like the first (vs numpy).
    assert {r"3 \times 2", r"2 \times 4", "2 = 2", r"3 \times 4"} <= set(strings)
    for v in (A2 @ B2).flat:
        assert tex_number(v) in strings
    # The refused pair, with the message the numeric core raises (the article's own words).
    with pytest.raises(InputError) as refused:
        matmul(A, bad)
    message = str(refused.value)
    assert message == "the number of columns in A must equal the number of rows in B: 3 !== 2"
    # On screen, its words as a sentence and its figures as maths: 3 ≠ 2, not the code's "3 !== 2".
    words = message.split(":")[0]
    assert "✗ " + words[0].upper() + words[1:] in [s.replace("\n", " ") for s in strings]
    assert r"3 \neq 2" in strings
    assert not [s for s in strings if "!==" in s]
    # The conclusion, each step lit with its own picture: the cells, one dot product, its running total.
    assert (
        r"\text{matrix multiplication} \longrightarrow \text{dot product} \longrightarrow \text{multiply-accumulate}"
        in strings
    )
    # One dot product per cell: every row of A with every column of B (2 rows × 2 columns = 4), each
    # pair framed with its cell as it is counted (beside the article's 2x2 result: numpy's shapes).
    m, p = A.shape[0], B.shape[1]
    assert (m, p) == (A @ B).shape == (2, 2)
    # Typeset as the scene's formulas are, in two lines, and the result's shape under C.
    assert rf"{m}\text{{ rows}} \times {p}\text{{ columns}}" in strings
    assert rf"= {m * p}\text{{ dot products}}" in strings
    assert rf"{m} \times {p}" in strings
    assert written_out(working_lines(strings, "C_{")["C_{1,1}"], A[0], B[:, 0], 58)
    running = np.cumsum(A[0] * B[:, 0])
    assert running.tolist() == [7, 25, 58]
    for x, y, t in zip(A[0], B[:, 0], running):
        assert f"+ {factor_tex(x)} \\cdot {factor_tex(y)}" in strings and tex_number(t) in strings
    assert [b.name for b in scene.beats][-3:] == ["matmul", "dot product", "accumulate"]


def test_similarity_doubles_the_dot_product_not_the_cosine(shown):
    scene, strings = shown["SimilarityInEmbeddingSpace"]
    p = SimilarityInEmbeddingSpaceParams()
    dog, cat, other = (np.array(v) for v in p.vectors)
    cos = np.dot(dog, cat) / np.linalg.norm(dog) / np.linalg.norm(cat)
    # Each dot product worked out on screen from the entries, entries times entries (0.9, not 0.90).
    assert (
        rf"\text{{dog}} \cdot \text{{cat}} = 0.9 \cdot 0.8 + 0.3 \cdot 0.5 = {tex_number(np.dot(dog, cat))}" in strings
    )
    assert (
        rf"\text{{dog}} \cdot \text{{democracy}} = 0.9 \cdot (-0.2) + 0.3 \cdot 0.9 = "
        rf"{tex_number(np.dot(dog, other))}" in strings
    )
    # The grid's figures, so a tip can be read off it.
    assert {"0.5", "1"} <= set(strings)
    assert np.dot(dog, cat) > np.dot(dog, other)
    # The live readouts (in the order they arrived: dog·cat, then cat's length ‖cat‖, the magnitude,
    # then the cosine).
    before = next(b for b in scene.beats if b.name == "two measures").readouts
    after = scene.beats[-1].readouts
    length = np.linalg.norm(cat)
    assert before == (tex_number(np.dot(dog, cat)), f"{length:.2f}", f"{cos:.2f}") == ("0.87", "0.94", "0.97")
    assert after == (tex_number(2 * np.dot(dog, cat)), f"{2 * length:.2f}", f"{cos:.2f}") == ("1.74", "1.89", "0.97")
    # What the stretch did, written out (not an ambiguous "×2"): twice the dot product it was, and
    # about twice the length (2 × 0.94 = 1.88 on screen, not 1.89: "≈").
    assert "= 2 \\times 0.87" in strings and "\\approx 2 \\times 0.94" in strings
    assert not any(s.startswith("\\times") for s in strings)
    assert any("hundreds of dimensions" in s.replace("\n", " ") for s in strings)
    # "Placed closer together", measured: dog's distance to cat and to democracy (vs numpy), each
    # written beside a bar of its length ("≈": 0.2236... and 1.2530... rounded).
    near, far = np.linalg.norm(dog - cat), np.linalg.norm(dog - other)
    assert near < far
    assert rf"\lVert \text{{dog}} - \text{{cat}} \rVert \approx {near:.2f}" in strings
    assert rf"\lVert \text{{dog}} - \text{{democracy}} \rVert \approx {far:.2f}" in strings
    assert (f"{near:.2f}", f"{far:.2f}") == ("0.22", "1.25")


def test_similarity_replaces_the_static_dot_product_with_the_live_one(shown):
    """dog·cat = 0.87 must not stay beside the live 1.74: once the readouts are live, the
    static comparison is off screen."""
    scene, _ = shown["SimilarityInEmbeddingSpace"]
    on_screen = [
        m.get_tex_string()
        for top in scene.mobjects
        for m in top.get_family()
        if isinstance(m, SingleStringMathTex) and m.get_tex_string().startswith(r"\text{dog} \cdot")
    ]
    assert r"\text{dog} \cdot \text{cat} = 0.87" not in on_screen
    assert r"\text{dog} \cdot \text{cat} =" in on_screen  # the live readout's label


def test_similarity_roles(shown):
    """dog is a, cat is b, democracy neutral (neither a nor b, not the result colour)."""
    from toolkit.style import colour

    scene, _ = shown["SimilarityInEmbeddingSpace"]
    words = {w.original_text: w for w in scene.space.words}
    assert words["democracy"].chars[0].get_color().to_hex().upper() == colour("muted").upper()
    assert words["dog"].chars[0].get_color().to_hex().upper() == colour("a").upper()
    assert words["cat"].chars[0].get_color().to_hex().upper() == colour("b").upper()
    # The dog label stays above the x-axis (it crossed it once).
    assert words["dog"].get_bottom()[1] > scene.space.plane.c2p(0, 0)[1]


# --- validation: refused before anything renders ----------------------------------------------


@pytest.mark.parametrize(
    "cls, params, message",
    [
        (
            RowByColumnMatmul,
            {"B": [[1, 2], [3, 4]]},
            "the number of columns in A must equal the number of rows in B: 3 !== 2",
        ),
        (RowByColumnMatmul, {"A": [[1] * 5] * 2, "B": [[1]] * 5}, "A is 2x5: the scene lays out matrices up to 4x4"),
        (RowByColumnMatmul, {"A": [[1, 2], [3]]}, "A rows must have the same length"),
        (RowByColumnMatmul, {"A": "1 2 3"}, "must be a list of rows"),
        (ShapeRule, {"bad_B": [[1], [2], [3]]}, "bad_B must not fit A"),
        (ShapeRule, {"B2": [[1, 2]]}, "the number of columns in A must equal the number of rows in B: 2 !== 1"),
        (ShapeRule, {"A2": [[1] * 5] * 2}, "A2 is 2x5: the scene lays out matrices up to 4x4"),
        (ShapeRule, {"B": [[1, 2]]}, "the number of columns in A must equal the number of rows in B: 3 !== 1"),
        (LayerAsMatmul, {"x": [1, 2]}, "the number of columns in A must equal the number of rows in B: 3 !== 2"),
        (LayerAsMatmul, {"bias": [1, 2]}, "bias needs one entry per neuron: 2 != 3"),
        (SimilarityInEmbeddingSpace, {"vectors": [[1, 0], [0, 0], [0, 1]]}, "cosine similarity is undefined"),
        (SimilarityInEmbeddingSpace, {"vectors": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "2-D stand-ins"),
        (SimilarityInEmbeddingSpace, {"scale": 0}, "scale must be positive"),
        (SimilarityInEmbeddingSpace, {"words": ["dog", "cat", "50%"]}, "must be plain letters"),
    ],
)
def test_bad_input_is_refused(cls, params, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as built:
        build(cls.Params, params, owner=cls.__name__)
    assert cls.__name__ in str(built.value)  # the message names the scene it is about
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        cls(params=params)  # raised while constructing: nothing is ever rendered
