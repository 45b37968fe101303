"""Scene parameters: overrides coerced as data and validated before anything renders."""

from __future__ import annotations

import pytest

from mathcore import InputError
from scenes.catalog import SCENES, RowByColumnMatmulParams, VectorAlignmentParams, get_spec
from toolkit.params import build, parse_assignments


def test_every_default_is_valid():
    for spec in SCENES.values():
        build(spec.params, owner=spec.name)


def test_overrides_are_coerced():
    p = build(VectorAlignmentParams, {"a": [2, 0]}, owner="VectorAlignment")
    assert p.a == (2.0, 0.0) and p.b == VectorAlignmentParams().b


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"c": [1, 2]}, "VectorAlignment has no parameter 'c'; it takes a, b"),
        ({"aa": [1, 2]}, "VectorAlignment has no parameter 'aa' (did you mean 'a'?)"),
        ({"a": "up"}, "VectorAlignment.a must be a list of numbers, like [1, 2, 3], got 'up'"),
        ({"a": [1, True]}, "VectorAlignment.a[1] must be a number, got True"),
        ({"a": [1, 2, 3]}, "VectorAlignment: a must have 2 entries, got 3"),
        ({"b": [0, 0]}, "VectorAlignment: the angle is undefined: b is the zero vector"),
        # The value that is too large is named, as given, however it was written.
        ({"a": [5000, 1]}, "VectorAlignment.a[0] = 5000 is too large to draw"),
        ({"a": [1500.5, 1]}, "VectorAlignment.a[0] = 1500.5 is too large to draw"),
        ({"a": [10**40, 1]}, "VectorAlignment.a[0] = 100000000000… (41 digits) is too large to draw"),
    ],
)
def test_bad_overrides(overrides, message):
    with pytest.raises(InputError) as info:
        build(VectorAlignmentParams, overrides, owner="VectorAlignment")
    assert str(info.value) == message or message in str(info.value)


def test_matrices_must_fit():
    with pytest.raises(InputError, match="the number of columns in A must equal the number of rows in B: 3 !== 2"):
        build(RowByColumnMatmulParams, {"B": [[1, 2], [3, 4]]}, owner="RowByColumnMatmul")
    with pytest.raises(InputError, match="A is 5x1: the scene lays out matrices up to 4x4"):
        build(RowByColumnMatmulParams, {"A": [[1]] * 5, "B": [[1]]}, owner="RowByColumnMatmul")


def test_set_values_are_data_never_code():
    assert parse_assignments(["a=[1, 2]", "scale=2.5", "name=dog", 'w="x"']) == {
        "a": [1, 2],
        "scale": 2.5,
        "name": "dog",
        "w": "x",
    }
    assert parse_assignments(["a=__import__('os')"]) == {"a": "__import__('os')"}
    with pytest.raises(InputError, match="--set takes KEY=VALUE"):
        parse_assignments(["a"])


def test_unknown_scene_suggests():
    with pytest.raises(InputError, match="unknown scene 'VectorAlign' \\(did you mean 'VectorAlignment'\\?\\)"):
        get_spec("VectorAlign")
