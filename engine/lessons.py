"""Lessons are data: a TOML file per lesson under lessons/, validated before anything renders."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mathcore import InputError
from narration.voices import VOICES
from scenes.catalog import SceneSpec, get_spec
from toolkit.params import as_plain, build

LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"
# The cards the engine puts around every lesson's scenes (from its title and recap).
CARDS = ("TitleCard", "ClosingCard")
LESSON_KEYS = {"title", "course", "summary", "poster", "voice", "recap", "scenes"}
# A lesson's name is a file name and an output folder: checked before it touches the disk.
NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
VOICES_HELP = ", ".join(VOICES[:-1]) + f" or {VOICES[-1]}"
SCENE_KEYS = {"scene", "params"}


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

    unknown = set(data) - LESSON_KEYS
    if unknown:
        raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r}; a lesson has {', '.join(sorted(LESSON_KEYS))}")
    for key in ("title", "course"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InputError(f"{where}: {key} must be a non-empty text")
    entries = data.get("scenes")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{where}: a lesson needs at least one [[scenes]] entry")

    scenes = []
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("scene"), str):
            raise InputError(f'{where}: scene {i} needs scene = "SceneName"')
        extra = set(entry) - SCENE_KEYS
        if extra:
            raise InputError(f"{where}: scene {i} has unknown key {sorted(extra)[0]!r}; use scene and params")
        try:
            spec = get_spec(entry["scene"])
            if spec.name in CARDS:
                raise InputError(f"{spec.name} is added by the engine, not listed in a lesson")
            overrides = entry.get("params", {})
            if not isinstance(overrides, dict):
                raise InputError("params must be a table of parameter = value")
            params = as_plain(build(spec.params, overrides, owner=spec.name))
        except InputError as e:
            raise InputError(f"{where}: scene {i}: {e}") from None
        scenes.append(SceneEntry(spec, params))

    voice = data.get("voice", "auto")
    if voice not in VOICES:
        raise InputError(f"{where}: voice must be one of {VOICES_HELP}, got {voice!r}")
    recap = data.get("recap", [])
    if not isinstance(recap, list) or not all(isinstance(r, str) and r.strip() for r in recap) or len(recap) > 3:
        raise InputError(f"{where}: recap must be a list of one to three lines of text for the closing card")
    names = [s.spec.name for s in scenes]
    poster = data.get("poster", names[0])
    if poster not in names:
        raise InputError(f"{where}: poster {poster!r} is not one of the lesson's scenes ({', '.join(names)})")
    return Lesson(
        name=name,
        path=path,
        title=data["title"].strip(),
        course=data["course"].strip(),
        summary=str(data.get("summary", "")).strip(),
        poster=poster,
        scenes=tuple(scenes),
        voice=voice,
        recap=tuple(r.strip() for r in recap),
    )


def load_all(names: list[str] | None, lessons_dir: Path = LESSONS_DIR) -> list[Lesson]:
    for name in names or ():
        check_name(name)
    names = names or lesson_names(lessons_dir)
    if not names:
        raise InputError(f"no lessons found in {lessons_dir}")
    return [load(n, lessons_dir) for n in names]


def catalog_listing(lessons_dir: Path = LESSONS_DIR) -> list[dict]:
    """Every lesson, its scenes in order with their one-line summary and parameters."""
    out = []
    for lesson in load_all(None, lessons_dir):
        out.append(
            {
                "lesson": lesson.name,
                "title": lesson.title,
                "course": lesson.course,
                "scenes": [
                    {"scene": s.spec.name, "summary": s.spec.summary, "params": s.params} for s in lesson.scenes
                ],
            }
        )
    return out
