"""Scene parameters: overrides coerced as data and validated before anything renders."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mathcore import InputError
from scenes.catalog import SCENES, RowByColumnMatmulParams, VectorAlignmentParams, defaults, get_spec
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
        ({"a": [1, 2, 3]}, "VectorAlignment.a must have 2 entries, got 3"),
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


@pytest.mark.parametrize(
    "scene, overrides, message",
    [
        # The field's path, the value, what to do: a constraint of the field is named by its path.
        ("DotProductDefinition", {"a": [1]}, "DotProductDefinition.a must have 2 to 6 entries, got 1"),
        ("LayerAsMatmul", {"W": [[1, 2, 3]] * 5}, "LayerAsMatmul.W must have 2 to 4 rows (one per neuron), got 5"),
        (
            "CosineRelation",
            {"scale": -1},
            "CosineRelation.scale must be positive (it stretches b without turning it), got -1.0",
        ),
        (
            "WeightedSumNeuron",
            {"activation": "relu6"},
            "WeightedSumNeuron.activation must be one of sigmoid, relu or identity, got 'relu6' (did you mean 'relu'?)",
        ),
        (
            "SimilarityInEmbeddingSpace",
            {"words": ["dog", "cat", "50%"]},
            "SimilarityInEmbeddingSpace.words[2] must be plain letters (spaces, hyphens, apostrophes allowed), "
            "at most 14 characters, got '50%'",
        ),
        ("TitleCard", {"title": "  "}, "TitleCard.title must not be empty, got '  '"),
        ("ClosingCard", {"points": ["a", "b", "c", "d"]}, "ClosingCard.points must have 1 to 3 lines of text, got 4"),
        ("ClosingCard", {"points": "one"}, 'ClosingCard.points must be a list of lines of text, like ["One.", "Two."]'),
        ("AttentionScore", {"words": ["a", {"b": 1}, "c", "d"]}, "AttentionScore.words[1] must be text, got {'b': 1}"),
    ],
)
def test_a_field_that_does_not_fit_is_named_with_its_value(scene, overrides, message):
    with pytest.raises(InputError) as info:
        build(SCENES[scene].params, overrides, owner=scene)
    assert str(info.value).startswith(message)


def test_every_storyboard_value_and_example_fits_its_own_fields():
    """Defaults are not validated when a model is made: each is checked here as an override."""
    for name, spec in SCENES.items():
        build(spec.params, defaults(spec), owner=name)
        for label, example in spec.examples.items():
            build(spec.params, example, owner=f"{name} ({label})")


def test_params_are_frozen_models_with_a_description_for_every_field():
    p = build(VectorAlignmentParams, {"a": [2, 0]}, owner="VectorAlignment")
    with pytest.raises(ValidationError):
        p.a = (1.0, 1.0)
    assert p.model_copy(update={"a": (1.0, 1.0)}).a == (1.0, 1.0)
    missing = [f"{n}.{k}" for n, s in SCENES.items() for k, f in s.params.model_fields.items() if not f.description]
    assert missing == [], f"give these a description= in scenes/catalog.py: {', '.join(missing)}"


def test_a_scene_is_registered_over_a_params_model():
    from scenes.catalog import scene

    with pytest.raises(TypeError, match="Params must be a SceneParams model"):

        @scene("Nowhere", module="nowhere", title="t", summary="s", examples={})
        class NowhereParams:  # a plain class, as the catalog's dataclasses were
            a: tuple = (1, 2)
