"""Lessons are data: a TOML file per lesson under lessons/, validated before anything renders.

A lesson file is a pydantic model (`lesson_model()`): its title, course, summary, poster,
voice (from narration.voices' registry), recap, and its scenes as a list of
`{scene, params}` whose params are validated against the named scene's Params model (a union
tagged by `scene`). The same model gives lessons/lesson.schema.json, the JSON Schema editors
read to complete and check lesson files (`render.py schema` writes it; a test says when it is
stale). Errors come out as one line: the file, the field, the value and what to do.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema, create_model, model_validator

from mathcore import InputError
from narration.voices import VOICES
from scenes.catalog import SCENES, SceneSpec, get_spec
from toolkit.params import Entries, Line, Lines, Prose, as_plain, did_you_mean, explain, field_names, one_of

LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"
# The JSON Schema of lesson files, beside them (`#:schema ./lesson.schema.json` on a file's first line).
SCHEMA_PATH = LESSONS_DIR / "lesson.schema.json"
SCHEMA_COMMAND = ".venv/bin/python render.py schema"
# The cards the engine puts around every lesson's scenes (from its title and recap).
CARDS = ("TitleCard", "ClosingCard")
# A lesson's name is a file name and an output folder: checked before it touches the disk.
NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@dataclass(frozen=True)
class SceneEntry:
    """One `[[scenes]]` entry of a lesson file: which scene, with which parameters (plain data;
    not toolkit.lesson_scene.LessonScene, the manim scene it names)."""

    spec: SceneSpec
    params: dict[str, Any]  # validated and complete, as plain data


@dataclass(frozen=True)
class Lesson:
    name: str
    path: Path
    title: str
    course: str
    summary: str
    poster: str
    scenes: tuple[SceneEntry, ...] = field(default_factory=tuple)
    voice: str = "auto"  # who narrates: the author's recordings, the offline voice, or nobody
    recap: tuple[str, ...] = ()  # the closing card's one or two lines


# --- the lesson file as a model ----------------------------------------------------------------


def _entry_model(spec: SceneSpec) -> type[BaseModel]:
    """`[[scenes]] scene = "Name"` with `params` checked against the scene's Params."""
    return create_model(
        f"{spec.name}Entry",
        __config__=ConfigDict(extra="forbid", frozen=True, title=spec.name),
        __doc__=f"{spec.title}: {spec.summary}",
        scene=(Literal[spec.name], Field(description="The scene, by its class name.")),
        params=(
            spec.params,
            Field(default_factory=spec.params, description="Overrides of the scene's storyboard inputs."),
        ),
    )


def lesson_model() -> type[BaseModel]:
    """The model of a lesson file, over the scenes registered now."""
    return _lesson_model(tuple(name for name in SCENES if name not in CARDS))


@functools.cache
def _lesson_model(names: tuple[str, ...]) -> type[BaseModel]:
    entries = tuple(_entry_model(SCENES[name]) for name in names)
    Entry = Annotated[Union[entries], Field(discriminator="scene")]  # one model per scene, told apart by `scene`

    class LessonFile(BaseModel):
        """A lesson video of the course: a title card, these scenes in order, and a closing card
        with the recap. Scenes and their parameters: `render.py list`."""

        model_config = ConfigDict(extra="forbid", frozen=True, title="Lesson")

        title: Line = Field(description="The lesson's title, on its title card and its page.")
        course: Line = Field(description="The course the lesson belongs to, above the title.")
        summary: Prose = Field("", description="What the lesson covers, in a sentence or two, for the course page.")
        poster: Annotated[Prose, WithJsonSchema({"type": "string", "enum": list(names)})] = Field(
            "",
            description="The scene whose still stands for the lesson (default: its first scene).",
            json_schema_extra=lambda schema: schema.pop("default", None),
        )
        voice: Literal[VOICES] = Field(
            "auto",
            description=f"Who narrates: {one_of(VOICES)} (auto: the author's recordings where present, "
            "else the offline voice); --voice overrides it.",
        )
        recap: Annotated[Lines, Entries(0, 3, "lines")] = Field(
            (), description="What was learned, one to three lines, shown on the closing card."
        )
        scenes: Annotated[list[Entry], Field(min_length=1)] = Field(description="The scenes, in the order they play.")

        @model_validator(mode="after")
        def _poster_is_a_scene(self) -> LessonFile:
            shown = [e.scene for e in self.scenes]
            if self.poster and self.poster not in shown:
                raise InputError(f"poster {self.poster!r} is not one of the lesson's scenes ({', '.join(shown)})")
            return self

    return LessonFile


def lesson_schema() -> dict:
    """The JSON Schema of lesson files (what lessons/lesson.schema.json holds)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **lesson_model().model_json_schema()}


def schema_text() -> str:
    return json.dumps(lesson_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path


def _explain(error: dict) -> str:
    """One of the lesson model's errors as a line a person can act on (after the file's name)."""
    loc, kind = tuple(error["loc"]), error["type"]
    ctx = error.get("ctx") or {}
    if not loc:  # the checks across fields
        return str(ctx.get("error", error["msg"]))
    key = loc[0]
    if len(loc) == 1 and kind == "extra_forbidden":
        keys = list(lesson_model().model_fields)
        also = did_you_mean(key, keys)
        return f"unknown key {key!r}{also}; a lesson has {', '.join(sorted(keys))}"
    if key in ("title", "course") and kind in ("missing", "lesson:text_empty", "lesson:text_type"):
        return f'{key} must be a non-empty text: give the lesson {key} = "..."'
    if key == "voice" and kind == "literal_error":
        return f"voice must be one of {one_of(VOICES)}, got {error['input']!r}"
    if key != "scenes":
        return explain(error, "", ()).lstrip(".")
    if len(loc) == 1:
        return "a lesson needs at least one [[scenes]] entry"
    number = f"scene {loc[1] + 1}"
    entry = error["input"] if len(loc) == 2 else None
    if len(loc) == 2:
        if kind == "union_tag_invalid" and isinstance(entry, dict) and isinstance(entry.get("scene"), str):
            tag = entry["scene"]
            if tag in CARDS:
                return f"{number}: {tag} is added by the engine, not listed in a lesson"
            try:
                get_spec(tag)
            except InputError as e:
                return f"{number}: {e}"
        return f'{number} needs scene = "SceneName"'
    scene, rest = loc[2], loc[3:]
    if len(rest) == 1 and kind == "extra_forbidden":
        return f"{number} has unknown key {rest[0]!r}{did_you_mean(rest[0], ('scene', 'params'))}; use scene and params"
    if rest == ("params",):
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            return f"{number}: params must be a table of parameter = value"
    spec = get_spec(scene)
    inner = {**error, "loc": rest[1:]}
    return f"{number}: {explain(inner, spec.name, field_names(spec.params))}"


def _first(e: ValidationError) -> dict:
    errors = e.errors()
    return next((x for x in errors if x["type"] == "extra_forbidden" and len(x["loc"]) == 1), errors[0])


def lesson_names(lessons_dir: Path = LESSONS_DIR) -> list[str]:
    return sorted(p.stem for p in lessons_dir.glob("*.toml"))


def shown_path(path: Path) -> str:
    """A path as the person typed it: relative to where they are, when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise InputError(
            f"{name!r} is not a lesson name: lesson names are lower-case letters, digits and hyphens "
            "(the file lessons/<name>.toml)"
        )
    return name


def find(name: str, lessons_dir: Path = LESSONS_DIR) -> Path:
    check_name(name)
    path = lessons_dir / f"{name}.toml"
    if not path.is_file():
        known = lesson_names(lessons_dir)
        hint = difflib.get_close_matches(name, known, n=1)
        also = f" (did you mean {hint[0]!r}?)" if hint else f"; lessons: {', '.join(known) or 'none'}"
        raise InputError(f"unknown lesson {name!r}{also}")
    return path


def load(name: str, lessons_dir: Path = LESSONS_DIR) -> Lesson:
    path = find(name, lessons_dir)
    where = shown_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{where}: not valid TOML: {e}") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{where}: not UTF-8 text (byte {e.start}); save it as UTF-8") from None
    except OSError as e:
        raise InputError(f"{where}: cannot be read: {e.strerror}") from None

    try:
        model = lesson_model().model_validate(data)
    except ValidationError as e:
        raise InputError(f"{where}: {_explain(_first(e))}") from None
    scenes = tuple(SceneEntry(get_spec(e.scene), as_plain(e.params)) for e in model.scenes)
    return Lesson(
        name=name,
        path=path,
        title=model.title.strip(),
        course=model.course.strip(),
        summary=model.summary.strip(),
        poster=model.poster or scenes[0].spec.name,
        scenes=scenes,
        voice=model.voice,
        recap=tuple(r.strip() for r in model.recap),
    )


def load_all(names: list[str] | None, lessons_dir: Path = LESSONS_DIR) -> list[Lesson]:
    for name in names or ():
        check_name(name)
    names = names or lesson_names(lessons_dir)
    if not names:
        raise InputError(f"no lessons found in {lessons_dir}")
    return [load(n, lessons_dir) for n in names]


def catalog_listing(lessons_dir: Path = LESSONS_DIR) -> list[dict]:
    """Every lesson, its scenes in order with their one-line summary, parameters and what each is."""
    out = []
    for lesson in load_all(None, lessons_dir):
        out.append(
            {
                "lesson": lesson.name,
                "title": lesson.title,
                "course": lesson.course,
                "scenes": [
                    {
                        "scene": s.spec.name,
                        "summary": s.spec.summary,
                        "params": s.params,
                        # What each parameter is (its description in scenes/catalog.py).
                        "about": {k: f.description or "" for k, f in s.spec.params.model_fields.items()},
                    }
                    for s in lesson.scenes
                ],
            }
        )
    return out
