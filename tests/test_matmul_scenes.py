"""Lesson 2's scenes: the figures they show (against numpy and the article), their refusals
of bad input before anything renders, and their last frames (control data committed)."""

from __future__ import annotations


import numpy as np
import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from mathcore import InputError
from scenes.catalog import (
    LayerAsMatmulParams,
    RowByColumnMatmulParams,
    ShapeRuleParams,
    SimilarityInEmbeddingSpaceParams,
    WeightedSumNeuronParams,
)
from scenes.matmul import LayerAsMatmul, RowByColumnMatmul, ShapeRule, SimilarityInEmbeddingSpace
from toolkit.params import build
from toolkit.style import tex_number

from scene_runs import TEX_CACHE, dry_run

__module_test__ = "matmul"

@pytest.fixture(scope="module")
def shown():
    """Each scene rendered once with its defaults: (scene, every string it showed)."""
    out = {}
    for cls in (RowByColumnMatmul, LayerAsMatmul, ShapeRule, SimilarityInEmbeddingSpace):
        scene = dry_run(cls)
        out[cls.__name__] = (scene, scene.shown_strings())
    return out


# --- figures -------------------------------------------------------------------------------


def test_row_by_column_shows_the_articles_product(shown):
    scene, strings = shown["RowByColumnMatmul"]
    A, B = np.array(RowByColumnMatmulParams.A), np.array(RowByColumnMatmulParams.B)
    C = A @ B
    assert C.tolist() == [[58, 64], [139, 154]]  # the article's own result
    for v in C.flat:
        assert tex_number(v) in strings
    assert r"1 \cdot 7 + 2 \cdot 9 + 3 \cdot 11 = 7 + 18 + 33 = 58" in strings
    assert any(s.startswith("C_{ a , b } =") and r"\sum_{ s =1}^{3}" in s for s in strings)
    # The indices end on the last cell: row 2, column 2, after all 3 pairs.
    assert scene.beats[-1].readouts == ("2", "2", "3")
    assert 4 <= len(scene.beats) <= 8
    assert "58" in scene.beats[3].caption
    assert 20 <= scene.now <= 90


def test_row_by_column_follows_other_matrices():
    A, B = [[1, 2], [3, 4]], [[5, 6], [7, 8]]
    scene = dry_run(RowByColumnMatmul, {"A": A, "B": B})
    strings = scene.shown_strings()
    for v in (np.array(A) @ np.array(B)).flat:  # 19, 22, 43, 50
        assert tex_number(v) in strings
    assert r"1 \cdot 5 + 2 \cdot 7 = 5 + 14 = 19" in strings
    assert "58" not in strings
    assert any(r"\sum_{ s =1}^{2}" in s for s in strings)


def test_layer_rows_are_lesson_ones_neurons(shown):
    scene, strings = shown["LayerAsMatmul"]
    W, x, b = (np.array(v, float) for v in (LayerAsMatmulParams.W, LayerAsMatmulParams.x, LayerAsMatmulParams.bias))
    z = W @ x + b
    for v in z:
        assert tex_number(v) in strings
    # The first row is lesson 1's neuron: same weights, inputs and bias, so the same 32 and z = 2.
    neuron = WeightedSumNeuronParams()
    assert tuple(W[0]) == neuron.w and tuple(x) == neuron.x and b[0] == neuron.bias
    assert np.dot(W[0], x) == 32 and z[0] == 2
    assert r"1 \cdot 4 + 2 \cdot 5 + 3 \cdot 6 = 32" in strings
    assert "{}+ (-30) = 2" in strings
    for i in range(len(W)):
        assert tex_number(np.dot(W[i], x) + b[i]) == tex_number(z[i])
        assert f"neuron {i + 1}:" in strings
    assert "32" in scene.beats[3].caption and "z = 2" in scene.beats[3].caption


def test_shape_rule_refuses_with_the_articles_message(shown):
    scene, strings = shown["ShapeRule"]
    message = "the number of columns in A must equal the number of rows in B: 3 != 2"
    assert "✗ " + message in [s.replace("\n", " ") for s in strings]
    assert r"2 \times 3" in strings and r"3 \times 2" in strings and r"2 \times 2" in strings
    assert "3 = 3" in strings and r"3 \neq 2" in strings
    assert any(r"\text{matrix multiplication}" in s and r"\text{multiply-accumulate}" in s for s in strings)
    # The running total of the first cell's multiply-accumulates: 7, 25, 58.
    assert any(s.startswith("0 ") and " 7 " in s and " 25 " in s and s.endswith("58") for s in strings)
    assert "2 × 2 result: 4 dot products" in strings


def test_similarity_doubles_the_dot_product_not_the_cosine(shown):
    scene, strings = shown["SimilarityInEmbeddingSpace"]
    p = SimilarityInEmbeddingSpaceParams()
    dog, cat, other = (np.array(v) for v in p.vectors)
    cos = np.dot(dog, cat) / np.linalg.norm(dog) / np.linalg.norm(cat)
    assert rf"\text{{dog}} \cdot \text{{cat}} = {tex_number(np.dot(dog, cat))}" in strings
    assert rf"\text{{dog}} \cdot \text{{democracy}} = {tex_number(np.dot(dog, other))}" in strings
    assert np.dot(dog, cat) > np.dot(dog, other)
    before = next(b for b in scene.beats if b.name == "two measures").readouts
    after = scene.beats[-1].readouts
    assert before == ("1.00", tex_number(np.dot(dog, cat)), f"{cos:.2f}") == ("1.00", "0.87", "0.97")
    assert after == ("2.00", tex_number(2 * np.dot(dog, cat)), f"{cos:.2f}") == ("2.00", "1.74", "0.97")
    assert any("hundreds of dimensions" in s for s in strings)


# --- validation: refused before anything renders ----------------------------------------------


@pytest.mark.parametrize(
    "cls, params, message",
    [
        (RowByColumnMatmul, {"B": [[1, 2], [3, 4]]},
         "the number of columns in A must equal the number of rows in B: 3 != 2"),
        (RowByColumnMatmul, {"A": [[1] * 5] * 2, "B": [[1]] * 5}, "A is 2x5: the scene lays out matrices up to 4x4"),
        (RowByColumnMatmul, {"A": [[1, 2], [3]]}, "A rows must have the same length"),
        (RowByColumnMatmul, {"A": "1 2 3"}, "must be a list of rows"),
        (ShapeRule, {"bad_B": [[1], [2], [3]]}, "bad_B must not fit A"),
        (ShapeRule, {"B": [[1, 2]]}, "the number of columns in A must equal the number of rows in B: 3 != 1"),
        (LayerAsMatmul, {"x": [1, 2]}, "the number of columns in A must equal the number of rows in B: 3 != 2"),
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


def test_defaults_are_valid():
    for params in (RowByColumnMatmulParams, LayerAsMatmulParams, ShapeRuleParams, SimilarityInEmbeddingSpaceParams):
        build(params, {})


# --- last frames -------------------------------------------------------------------------------


@frames_comparison(base_scene=RowByColumnMatmul, **TEX_CACHE)
def test_row_by_column_last_frame(scene):
    RowByColumnMatmul.construct(scene)


@frames_comparison(base_scene=LayerAsMatmul, **TEX_CACHE)
def test_layer_as_matmul_last_frame(scene):
    LayerAsMatmul.construct(scene)


@frames_comparison(base_scene=ShapeRule, **TEX_CACHE)
def test_shape_rule_last_frame(scene):
    ShapeRule.construct(scene)


@frames_comparison(base_scene=SimilarityInEmbeddingSpace, **TEX_CACHE)
def test_similarity_last_frame(scene):
    SimilarityInEmbeddingSpace.construct(scene)
