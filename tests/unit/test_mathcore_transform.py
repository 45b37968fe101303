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


@pytest.mark.parametrize(
    "M, message",
    [
        ([[1, 2, 3], [4, 5, 6]], "M must be 2x2 to move the plane, got 2x3"),
        ([[1], [2]], "M must be 2x2 to move the plane, got 2x1"),
        ([[1, 2], [3, 4], [5, 6]], "M must be 2x2 to move the plane, got 3x2"),
        ([[1, 2], [3]], "M rows must have the same length"),
        ([[1, float("nan")], [0, 1]], "is not finite"),
    ],
)
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


@pytest.mark.parametrize(
    "M, words",
    [
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
    ],
)
def test_describe_transformation(M, words):
    assert describe_transformation(M, "the plane") == words


def test_describe_says_it_by_default():
    assert describe_transformation(SHEAR) == "shears it"


# --- a transformation animated as it acts (transformation_path) ----------------------------------

from mathcore import polar_parts, straight_path_stays_between, transformation_path  # noqa: E402

ts = st.floats(0, 1, allow_nan=False)
angle = st.floats(-math.pi + 1e-6, math.pi - 1e-6, allow_nan=False)


def _turn(theta: float) -> np.ndarray:
    return np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])


@given(matrix)
def test_the_path_starts_at_the_identity_and_ends_exactly_on_m(M):
    assert np.array_equal(transformation_path(M, 0), np.eye(2))
    assert np.array_equal(transformation_path(M, 1), np.array(M, float))


@given(angle, ts)
def test_every_step_of_a_rotation_is_a_rotation(theta, t):
    # Never a shrinking square: at every t, a rotation (orthogonal, det 1) by t of the angle.
    R = transformation_path(_turn(theta), t)
    assert np.allclose(R.T @ R, np.eye(2), atol=1e-9) and math.isclose(np.linalg.det(R), 1, abs_tol=1e-9)
    assert np.allclose(R, _turn(t * theta), atol=1e-9)


def test_a_turn_by_36_9_degrees_is_a_quarter_of_the_way_at_9_2():
    R = transformation_path([[0.8, -0.6], [0.6, 0.8]], 0.25)
    assert math.isclose(math.degrees(math.atan2(R[1, 0], R[0, 0])), math.degrees(math.atan2(0.6, 0.8)) / 4)


@given(matrix, ts)
def test_the_singular_values_stay_between_those_of_i_and_m(M, t):
    M = np.array(M, float)
    if np.linalg.det(M) <= 1e-6:
        return  # a reflection must pass through a line, a squash ends on one: below
    sigma = np.linalg.svd(M, compute_uv=False)
    lo, hi = min(1.0, sigma[-1]), max(1.0, sigma[0])
    s = np.linalg.svd(transformation_path(M, t), compute_uv=False)
    slack = 1e-7 * hi
    assert lo - slack <= s[-1] and s[0] <= hi + slack, (M, t, s, lo, hi)
    assert np.linalg.det(transformation_path(M, t)) > 0


def test_a_shear_and_a_stretch_go_straight():
    # Every point on a straight line, as 3Blue1Brown draws a shear: (1 - t)·I + t·M.
    for M in (SHEAR, [[1, 0], [2, 1]], [[2, 0], [0, 0.5]]):
        assert straight_path_stays_between(M)
        assert np.allclose(transformation_path(M, 0.3), 0.7 * np.eye(2) + 0.3 * np.array(M))
    # A turn would shrink on a straight path (halfway through a quarter turn: 0.71 of its size).
    assert not straight_path_stays_between(QUARTER_TURN)
    assert not straight_path_stays_between([[0.8, -0.6], [0.6, 0.8]])


@given(matrix)
def test_the_polar_parts_multiply_back(M):
    theta, S, reflects = polar_parts(M)
    assert np.allclose(S, S.T) and np.all(np.linalg.eigvalsh(S) >= -1e-9)
    R = _turn(theta) @ (np.diag([1.0, -1.0]) if reflects else np.eye(2))
    assert np.allclose(R @ S, np.array(M, float), atol=1e-8)


def test_a_reflection_folds_over_its_mirror_line():
    # Across y = x: the line stays put, the plane folds through it (flat halfway), never turns.
    M = np.array([[0.0, 1.0], [1.0, 0.0]])
    for t in (0.2, 0.5, 0.8):
        P = transformation_path(M, t)
        assert np.allclose(P @ [1, 1], [1, 1])
        assert np.allclose(P @ [1, -1], (1 - 2 * t) * np.array([1, -1]))


def test_a_squash_onto_a_line_turns_without_flipping():
    M = np.array([[1.0, 2.0], [0.5, 1.0]])
    dets = [np.linalg.det(transformation_path(M, t)) for t in np.linspace(0, 0.99, 50)]
    assert all(d > 0 for d in dets)
