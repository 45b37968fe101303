"""The numeric core against numpy and the lesson texts; no rendering, no manim."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import mathcore as mc
from mathcore import InputError

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False)


def vectors(n=None):
    size = st.integers(1, 6) if n is None else st.just(n)
    return size.flatmap(lambda k: st.lists(finite, min_size=k, max_size=k))


def pair_of_vectors():
    return st.integers(1, 6).flatmap(lambda k: st.tuples(*[st.lists(finite, min_size=k, max_size=k)] * 2))


# --- the figures the lessons print ---------------------------------------------------------


def test_lesson_examples():
    assert mc.dot([1, 2, 3], [4, 5, 6]) == 32
    assert list(mc.products([1, 2, 3], [4, 5, 6])) == [4, 10, 18]
    assert mc.dot([2, -1, 3], [1, 4, 2]) == 4
    assert list(mc.products([2, -1, 3], [1, 4, 2])) == [2, -4, 6]
    assert mc.fmt_fixed(mc.dot([1.8, 1.2], [0.8, 1.8])) == "3.60"
    assert mc.fmt_angle(mc.angle_degrees([1.8, 1.2], [0.8, 1.8])) == "32.3\u00b0"
    assert f"{mc.cosine_similarity([1, 2, 3], [4, 5, 6]):.4f}" == "0.9746"
    assert mc.fmt_fixed(mc.dot([0.5, 0.3, -0.2], [0.4, 0.8, 0.1])) == "0.42"
    assert f"{mc.attention_score([0.5, 0.3, -0.2], [0.4, 0.8, 0.1]):.4f}" == "0.2425"
    assert mc.norm([3, 4]) == 5


def test_article_examples():
    assert mc.weighted_sum([1, 2, 3], [4, 5, 6], bias=0)["sum"] == 32
    C = mc.matmul([[1, 2, 3], [4, 5, 6]], [[7, 8], [9, 10], [11, 12]])
    assert C.tolist() == [[58, 64], [139, 154]]


def test_angles_at_the_lesson_landmarks():
    assert mc.angle_degrees([1, 0], [2, 0]) == pytest.approx(0)
    assert mc.angle_degrees([1, 0], [0, 3]) == pytest.approx(90)
    assert mc.angle_degrees([1, 0], [-1, 0]) == pytest.approx(180)


def test_neuron_forward_pass():
    out = mc.weighted_sum([1, 2, 3], [4, 5, 6], bias=-30)
    assert out["terms"].tolist() == [4, 10, 18]
    assert out["z"] == 2
    assert out["a"] == pytest.approx(1 / (1 + math.exp(-2)))
    assert mc.weighted_sum([1], [5], bias=0, activation="relu")["a"] == 5
    assert mc.sigmoid(-1000) == 0.0 and mc.sigmoid(1000) == 1.0


# --- errors a person understands -----------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: mc.dot([1, 2, 3], [1, 2]), "vectors must have the same length: 3 != 2"),
        (lambda: mc.dot([], []), "a is empty: it needs at least one entry"),
        (lambda: mc.dot([1, float("nan")], [1, 2]), "a[1] is not finite: nan"),
        (lambda: mc.dot([1, float("inf")], [1, 2]), "a[1] is not finite: inf"),
        (lambda: mc.dot([1, "x"], [1, 2]), "a[1] is not a number: 'x'"),
        (lambda: mc.dot("12", [1, 2]), "a must be a list of numbers, not text"),
        (lambda: mc.angle_degrees([0, 0], [1, 2]), "the angle is undefined: a is the zero vector"),
        (lambda: mc.cosine_similarity([1, 2], [0, 0]), "cosine similarity is undefined: b is the zero vector"),
        (
            lambda: mc.matmul([[1, 2, 3]], [[1, 2], [3, 4]]),
            "the number of columns in A must equal the number of rows in B: 3 !== 2",
        ),
        (
            lambda: mc.matmul([[1, 2], [3]], [[1], [2]]),
            "A rows must have the same length: row 1 has 2 entries, row 2 has 1",
        ),
        (lambda: mc.attention_score([1, 2], [3, 4], d_k=0), "d_k must be a whole number of at least 1"),
        (lambda: mc.weighted_sum([1], [2], activation="tanh"), "unknown activation 'tanh'"),
        (lambda: mc.add([1, 2], [1, 2, 3]), "vectors must have the same length: 2 != 3"),
        (lambda: mc.add([1, "x"], [1, 2]), "a[1] is not a number: 'x'"),
        (lambda: mc.scale(float("nan"), [1, 2]), "the scale factor must be a finite number, got nan"),
        (lambda: mc.scale("2", [1, 2]), "the scale factor must be a finite number, got '2'"),
        (lambda: mc.scale(2, [], name="v"), "v is empty"),
    ],
)
def test_errors_read_as_sentences(call, message):
    with pytest.raises(InputError) as info:
        call()
    assert message in str(info.value)


def test_core_does_not_import_manim():
    code = "import sys, mathcore, scenes.catalog, toolkit.params, toolkit.theme; print('manim' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_core_does_not_import_pydantic():
    """The parameters' models (toolkit/params.py) call the core; the core knows nothing of them."""
    code = "import sys, mathcore; print(sorted(m for m in ('pydantic', 'manim') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- properties ----------------------------------------------------------------------------


@given(pair_of_vectors())
def test_dot_is_commutative_and_matches_numpy(ab):
    a, b = ab
    assert mc.dot(a, b) == mc.dot(b, a)
    assert mc.dot(a, b) == pytest.approx(float(np.dot(a, b)), rel=1e-12, abs=1e-9)


@given(vectors())
def test_self_dot_is_squared_norm(a):
    assert mc.dot(a, a) == pytest.approx(mc.norm(a) ** 2, rel=1e-9, abs=1e-9)


@given(pair_of_vectors())
def test_cosine_in_range_and_angle_consistent(ab):
    a, b = ab
    assume(np.linalg.norm(a) > 1e-6 and np.linalg.norm(b) > 1e-6)
    c = mc.cosine_similarity(a, b)
    assert -1.0 <= c <= 1.0
    assert 0.0 <= mc.angle_degrees(a, b) <= 180.0
    assert math.cos(math.radians(mc.angle_degrees(a, b))) == pytest.approx(c, abs=1e-9)


@given(pair_of_vectors(), st.floats(0.1, 10))
def test_scaling_changes_dot_not_cosine(ab, k):
    a, b = ab
    assume(np.linalg.norm(a) > 1e-3 and np.linalg.norm(b) > 1e-3)
    assert mc.dot(a, [k * x for x in b]) == pytest.approx(k * mc.dot(a, b), rel=1e-9, abs=1e-6)
    assert mc.cosine_similarity(a, [k * x for x in b]) == pytest.approx(mc.cosine_similarity(a, b), abs=1e-9)


def test_vector_addition_and_scaling_examples():
    assert mc.add([1, 3], [3, 1]).tolist() == [4, 4]
    assert mc.add([2, -1, 3], [1, 4, 2]).tolist() == [3, 3, 5]
    assert mc.scale(2, [1.5, -1]).tolist() == [3, -2]
    assert mc.scale(-1, [2, 0.5]).tolist() == [-2, -0.5]


@given(pair_of_vectors())
def test_addition_matches_numpy_and_commutes(ab):
    a, b = ab
    assert np.array_equal(mc.add(a, b), np.add(a, b))
    assert np.array_equal(mc.add(a, b), mc.add(b, a))
    assert np.array_equal(mc.add(a, [0.0] * len(a)), np.asarray(a, float))


@given(st.integers(1, 6).flatmap(lambda k: st.tuples(*[st.lists(finite, min_size=k, max_size=k)] * 3)))
def test_addition_is_associative(abc):
    a, b, c = abc
    np.testing.assert_allclose(mc.add(mc.add(a, b), c), mc.add(a, mc.add(b, c)), rtol=1e-12, atol=1e-9)


@given(finite, vectors())
def test_scaling_matches_numpy(k, a):
    assert np.array_equal(mc.scale(k, a), k * np.asarray(a, float))
    assert np.array_equal(mc.scale(1, a), np.asarray(a, float))
    assert mc.norm(mc.scale(k, a)) == pytest.approx(abs(k) * mc.norm(a), rel=1e-9, abs=1e-6)


@given(finite, pair_of_vectors())
def test_scaling_distributes_over_addition(k, ab):
    a, b = ab
    np.testing.assert_allclose(mc.scale(k, mc.add(a, b)), mc.add(mc.scale(k, a), mc.scale(k, b)), rtol=1e-9, atol=1e-6)


@st.composite
def matmul_pairs(draw):
    n, s, m = (draw(st.integers(1, 4)) for _ in range(3))
    row = lambda k: st.lists(finite, min_size=k, max_size=k)  # noqa: E731
    A = draw(st.lists(row(s), min_size=n, max_size=n))
    B = draw(st.lists(row(m), min_size=s, max_size=s))
    return A, B


@given(matmul_pairs())
def test_every_cell_is_a_row_dotted_with_a_column(AB):
    A, B = AB
    C = mc.matmul(A, B)
    assert C.shape == (len(A), len(B[0]))
    for a in range(len(A)):
        for b in range(len(B[0])):
            assert C[a, b] == pytest.approx(mc.dot(A[a], [B[s][b] for s in range(len(B))]), rel=1e-9, abs=1e-6)


def test_product_reads_true_for_the_lessons_figures():
    a, b = np.array([1.8, 1.2]), np.array([0.8, 1.8])
    shadow, length = a @ b / np.linalg.norm(a), np.linalg.norm(a)  # 1.66 and 2.16 on screen
    assert not mc.product_reads_true((shadow, length), a @ b)  # 1.66 x 2.16 = 3.5856, not 3.60
    assert mc.product_reads_true((4, 8), 32) and mc.product_reads_true((-1, 5), -5)


def test_b_perpendicular_to_the_lessons_a_is_lengthened_to_read_true():
    a, length = np.array([1.8, 1.2]), float(np.hypot(0.8, 1.8))
    perpendicular = length * np.array([-1.2, 1.8]) / np.linalg.norm(a)  # [-1.0927, 1.6390]
    assert not mc.dot_reads_true(a, perpendicular)  # -1.09*1.8 + 1.64*1.2 = 0.006, shown 0.00
    s = mc.length_that_reads_true(a, perpendicular)
    assert abs(s - 1) <= 0.015 and mc.dot_reads_true(a, s * perpendicular)
    assert mc.as_shown(s * perpendicular) == [-1.10, 1.65]
    # b where it began reads true as it is: left alone.
    assert mc.length_that_reads_true(a, [0.8, 1.8]) == 1.0


@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(0.5, 3), st.floats(-math.pi, math.pi))
def test_a_length_that_reads_true_does(ax, ay, length, angle):
    a = [round(ax, 2), round(ay, 2)]
    b = [length * math.cos(angle), length * math.sin(angle)]
    s = mc.length_that_reads_true(a, b)
    assert s == 1.0 or (abs(s - 1) <= 0.015 and mc.dot_reads_true(a, [s * x for x in b]))


@given(st.floats(-50, 50, allow_nan=False), st.floats(-50, 50, allow_nan=False))
def test_figures_already_rounded_always_read_true(x, y):
    x, y = round(x, 2), round(y, 2)
    assert mc.product_reads_true((x, y), x * y)
