"""Lesson files as a model: lessons/lesson.schema.json is the model's JSON Schema, current, named
by every lesson file, and checks a lesson file as an editor would; the model's errors are one
line naming the file, the field, the value and what to do."""

from __future__ import annotations

import functools
import json
import tomllib

import jsonschema
import pytest
from pydantic import ValidationError

from engine.lessons import LESSONS_DIR, SCHEMA_COMMAND, SCHEMA_PATH, lesson_model, lesson_schema, load, schema_text
from mathcore import InputError
from scenes.catalog import SCENES

CARDS = ("TitleCard", "ClosingCard")
HEAD = 'title = "t"\ncourse = "c"\n'


def test_the_schema_file_is_current():
    assert SCHEMA_PATH.is_file(), f"{SCHEMA_PATH.name} is missing: run {SCHEMA_COMMAND} and commit it"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        f"lessons/{SCHEMA_PATH.name} is stale (a scene's parameters or the lesson model changed): "
        f"run {SCHEMA_COMMAND} and commit it"
    )


def test_every_lesson_file_names_the_schema_for_editors():
    """Even Better TOML (taplo) reads a `#:schema` directive on a file's first line."""
    for path in sorted(LESSONS_DIR.glob("*.toml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"#:schema ./{SCHEMA_PATH.name}", path.name


@functools.cache
def validator() -> jsonschema.protocols.Validator:
    schema = lesson_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_the_lesson_files_are_valid_by_the_schema():
    check = validator()
    for path in sorted(LESSONS_DIR.glob("*.toml")):
        errors = list(check.iter_errors(tomllib.loads(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_every_scene_and_its_examples_are_valid_by_the_schema():
    check = validator()
    for name, spec in SCENES.items():
        if name in CARDS:
            continue
        for label, example in spec.examples.items():
            data = {"title": "t", "course": "c", "scenes": [{"scene": name, "params": json.loads(json.dumps(example))}]}
            errors = list(check.iter_errors(data))
            assert not errors, f"{name} ({label}): {errors[0].message}"


@pytest.mark.parametrize(
    "entry",
    [
        {"scene": "VectorAlign"},  # no such scene
        {"scene": "TitleCard"},  # added by the engine
        {"scene": "VectorAlignment", "params": {"c": [1, 2]}},  # no such parameter
        {"scene": "VectorAlignment", "params": {"a": [1, 2, 3]}},  # a plane vector has 2 entries
        {"scene": "VectorAlignment", "params": {"a": "up"}},
        {"scene": "VectorAlignment", "params": {"a": [5000, 1]}},  # too large to draw
        {"scene": "VectorAlignment", "params": {"A": [[1, 0], [0, 1]]}},  # another scene's parameter
        {"scene": "WeightedSumNeuron", "params": {"activation": "tanh"}},
        {"scene": "CosineRelation", "params": {"scale": 0}},
        {"scene": "AttentionScore", "params": {"query_word": "50%"}},
        {"scene": "VectorAlignment", "param": {}},  # a misspelt key
        {"params": {}},  # no scene
    ],
)
def test_the_schema_flags_what_the_model_refuses(entry):
    """What an editor underlines, loading refuses too: the schema is the model's, scene by scene."""
    data = {"title": "t", "course": "c", "scenes": [entry]}
    assert list(validator().iter_errors(data)), entry
    with pytest.raises(ValidationError):
        lesson_model().model_validate(data)


def test_the_schema_describes_every_parameter_with_its_default():
    """The descriptions and defaults an editor shows come from scenes/catalog.py."""
    defs = lesson_schema()["$defs"]
    for name, spec in SCENES.items():
        # The cards are not listed in lesson files: their own schema, as `render.py list` reads them.
        props = (spec.params.model_json_schema() if name in CARDS else defs[spec.params.__name__])["properties"]
        for field, info in spec.params.model_fields.items():
            assert info.description, f"{name}.{field} has no description= in scenes/catalog.py"
            assert props[field]["description"] == info.description
            assert "default" in props[field], f"{name}.{field}"


@pytest.mark.parametrize(
    "text, message",
    [
        ('titel = "t"\n' + HEAD, "unknown key 'titel' (did you mean 'title'?); a lesson has course, poster, recap"),
        (
            'course = "c"\n[[scenes]]\nscene = "VectorAlignment"\n',
            'title must be a non-empty text: give the lesson title = "..."',
        ),
        ('title = "  "\ncourse = "c"\n[[scenes]]\nscene = "VectorAlignment"\n', "title must be a non-empty text"),
        (HEAD, "a lesson needs at least one [[scenes]] entry"),
        (
            HEAD + 'voice = "robot"\n[[scenes]]\nscene = "VectorAlignment"\n',
            "voice must be one of auto, recorded, tts, festival or none, got 'robot'",
        ),
        (
            HEAD + 'recap = ["a", "b", "c", "d"]\n[[scenes]]\nscene = "VectorAlignment"\n',
            "recap must have at most 3 lines, got 4",
        ),
        (HEAD + 'recap = ["a", " "]\n[[scenes]]\nscene = "VectorAlignment"\n', "recap[1] must not be empty, got ' '"),
        (
            HEAD + 'poster = "ShapeRule"\n[[scenes]]\nscene = "VectorAlignment"\n',
            "poster 'ShapeRule' is not one of the lesson's scenes (VectorAlignment)",
        ),
        (HEAD + "[[scenes]]\nparams = { a = [1, 2] }\n", 'scene 1 needs scene = "SceneName"'),
        (HEAD + "[[scenes]]\nscene = 5\n", 'scene 1 needs scene = "SceneName"'),
        (HEAD + "scenes = [1]\n", 'scene 1 needs scene = "SceneName"'),
        (
            HEAD + '[[scenes]]\nscene = "VectorAlign"\n',
            "scene 1: unknown scene 'VectorAlign' (did you mean 'VectorAlignment'?)",
        ),
        (
            HEAD + '[[scenes]]\nscene = "ClosingCard"\n',
            "scene 1: ClosingCard is added by the engine, not listed in a lesson",
        ),
        (
            HEAD + '[[scenes]]\nscene = "VectorAlignment"\nparam = {}\n',
            "scene 1 has unknown key 'param' (did you mean 'params'?); use scene and params",
        ),
        (
            HEAD + '[[scenes]]\nscene = "VectorAlignment"\nparams = 3\n',
            "scene 1: params must be a table of parameter = value",
        ),
        (
            HEAD
            + '[[scenes]]\nscene = "VectorAlignment"\n[[scenes]]\nscene = "ShapeRule"\nparams = { bad_B = [[1], [2], [3]] }\n',
            "scene 2: ShapeRule: bad_B must not fit A: A has 3 columns and bad_B has 3 rows",
        ),
        (
            HEAD + '[[scenes]]\nscene = "WeightedSumNeuron"\nparams = { activation = "relu6" }\n',
            "scene 1: WeightedSumNeuron.activation must be one of sigmoid, relu or identity, got 'relu6' (did you mean 'relu'?)",
        ),
        (
            HEAD + '[[scenes]]\nscene = "RowByColumnMatmul"\nparams = { A = [[1, 2], [3, 1e300]] }\n',
            "scene 1: RowByColumnMatmul.A[1][1] = 1e+300 is too large to draw: numbers must be between -1000 and 1000",
        ),
    ],
)
def test_a_bad_lesson_file_is_one_line_naming_the_field_and_the_fix(tmp_path, text, message):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load("bad", tmp_path)
    line, where = str(refused.value), f"{tmp_path / 'bad.toml'}: "
    assert "\n" not in line and line.startswith(where), line
    assert line[len(where) :].startswith(message), line


def test_a_lesson_loads_as_plain_data_with_its_defaults(tmp_path):
    (tmp_path / "ok.toml").write_text(
        HEAD + '[[scenes]]\nscene = "VectorAlignment"\nparams = { a = [2, 0] }\n[[scenes]]\nscene = "ShapeRule"\n',
        encoding="utf-8",
    )
    lesson = load("ok", tmp_path)
    assert lesson.poster == "VectorAlignment" and lesson.voice == "auto" and lesson.recap == ()
    assert lesson.scenes[0].params == {"a": [2.0, 0.0], "b": [0.8, 1.8]}
    assert lesson.scenes[1].params["bad_B"] == [[1, 2], [3, 4]]


def test_list_shows_what_each_parameter_is():
    from click.testing import CliRunner

    import render

    shown = CliRunner().invoke(render.cli, ["list"])
    assert shown.exit_code == 0, shown.output
    assert "      a = [1.8, 1.2]  # The fixed arrow: 2 entries, not both 0." in shown.output
    listed = json.loads(CliRunner().invoke(render.cli, ["list", "--json"]).output)
    about = listed[0]["scenes"][0]["about"]
    assert about and all(about.values())
