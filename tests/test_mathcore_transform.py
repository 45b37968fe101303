"""2x2 matrices as transformations of the plane (mathcore), against numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathcore import (
    PLANE_ENTRY_LIMIT,
    InputError,
    as_plane_matrix,
    basis_images,
    check_drawable,
    commute,
    compose,
    describe_transformation,
)

entry = st.floats(-PLANE_ENTRY_LIMIT, PLANE_ENTRY_LIMIT, allow_nan=False, allow_infinity=False)
matrix = st.lists(st.lists(entry, min_size=2, max_size=2), min_size=2, max_size=2)
vector = st.lists(entry, min_size=2, max_size=2)

SHEAR, QUARTER_TURN = [[1, 1], [0, 1]], [[0, -1], [1, 0]]


def test_the_default_pair_composes_as_3blue1brown_shows():
    # Rotate a quarter turn, then shear: 3Blue1Brown's example, î -> (1, 1) and ĵ -> (-1, 0).
    assert compose(SHEAR, QUARTER_TURN).tolist() == [[1, -1], [1, 0]]
    assert compose(QUARTER_TURN, SHEAR).tolist() == [[0, -1], [1, 1]]
    assert not commute(SHEAR, QUARTER_TURN)


@given(matrix, matrix, vector)
def test_compose_is_b_then_a(A, B, v):
    # Applying the product is applying B first, then A.
    expected = np.array(A) @ (np.array(B) @ np.array(v))
    assert np.allclose(compose(A, B) @ np.array(v), expected, atol=1e-9)
    assert np.allclose(compose(A, B), np.array(A) @ np.array(B))


@given(matrix)
def test_basis_vectors_land_on_the_columns(M):
    i_lands, j_lands = basis_images(M)
    assert np.array_equal(i_lands, np.array(M, float)[:, 0])
    assert np.array_equal(j_lands, np.array(M, float)[:, 1])


@given(matrix, matrix)
def test_commute_agrees_with_numpy(A, B):
    A_, B_ = np.array(A), np.array(B)
    assert commute(A, B) == bool(np.allclose(A_ @ B_, B_ @ A_, atol=1e-9, rtol=0))


def test_rotations_commute_and_a_matrix_commutes_with_itself():
    turn = [[math.cos(0.3), -math.sin(0.3)], [math.sin(0.3), math.cos(0.3)]]
    assert commute(turn, QUARTER_TURN)
    assert commute(SHEAR, SHEAR)


@pytest.mark.parametrize("M, message", [
    ([[1, 2, 3], [4, 5, 6]], "M must be 2x2 to move the plane, got 2x3"),
    ([[1], [2]], "M must be 2x2 to move the plane, got 2x1"),
    ([[1, 2], [3, 4], [5, 6]], "M must be 2x2 to move the plane, got 3x2"),
    ([[1, 2], [3]], "M rows must have the same length"),
    ([[1, float("nan")], [0, 1]], "is not finite"),
])
def test_only_2x2_moves_the_plane(M, message):
    with pytest.raises(InputError, match=message):
        as_plane_matrix(M, "M")


def test_entries_beyond_the_limit_are_refused_with_the_reason():
    check_drawable([[5, -5], [0.5, 0]], "A")  # the limit itself is drawable
    with pytest.raises(InputError) as refused:
        check_drawable([[1, 0], [0, -6]], "AB")
    message = str(refused.value)
    assert message.startswith("AB has −6 at row 2, column 2")
    assert "from -5 to 5" in message and "stay visible" in message


@pytest.mark.parametrize("M, words", [
    (QUARTER_TURN, "rotates the plane by 90°"),
    ([[0, 1], [-1, 0]], "rotates the plane clockwise by 90°"),
    ([[0.6, -0.8], [0.8, 0.6]], "rotates the plane by 53.1°"),
    (SHEAR, "shears the plane"),
    ([[1, 0], [2, 1]], "shears the plane"),
    ([[1, 0], [0, -1]], "reflects the plane"),
    ([[2, 0], [0, 2]], "scales the plane by 2"),
    ([[2, 0], [0, 0.5]], "stretches the plane along the axes"),
    ([[1, 2], [2, 4]], "squashes the plane onto a line"),
    ([[0, 0], [0, 0]], "squashes the plane to a point"),
    ([[1, 0], [0, 1]], "leaves the plane as it is"),
    ([[2, 1], [1, 1]], "moves the plane"),
])
def test_describe_transformation(M, words):
    assert describe_transformation(M, "the plane") == words


def test_describe_says_it_by_default():
    assert describe_transformation(SHEAR) == "shears it"
