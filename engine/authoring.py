"""`render.py new SceneName --lesson LESSON`: a working scene to start from.

Writes three things, each where a reader of the project would look for it:
- `scenes/<scene_name>.py`: the Scene class, two beats (one with a mark), its widgets from the
  toolkit, its figures from mathcore;
- its registration in `scenes/catalog.py`: `@scene(...)` over a Params model with one
  parameter (its type, default and description), its checks and three other input sets for the
  tests;
- `[[scenes]] scene = "SceneName"` at the end of `lessons/<LESSON>.toml`;
and brings `lessons/lesson.schema.json` up to date with the new scene (`render.py schema`).

The stub passes the tests as written (layout, captions, figures, pronunciation); the guide,
docs/authoring.md, says what to change next. Nothing is written when any check fails.
"""

from __future__ import annotations

import keyword
import re
import subprocess
import sys
from pathlib import Path

from mathcore import InputError

ROOT = Path(__file__).resolve().parent.parent

# What `new` writes: str.format templates ({name}, {module}, {title}; doubled braces are braces).
TEMPLATES = ROOT / "assets" / "templates"
SCENE_TEMPLATE = "new_scene.py.txt"
CATALOG_TEMPLATE = "new_scene_catalog.py.txt"


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def check_new(name: str, lesson: str, root: Path = ROOT) -> tuple[Path, Path, Path]:
    """The three files `new` writes to, after checking the name and the lesson (InputError:
    one line, before anything is written)."""
    from scenes.catalog import SCENES

    if not re.fullmatch(r"[A-Z][A-Za-z0-9]{2,40}", name) or keyword.iskeyword(name):
        raise InputError(f"scene name {name!r} must be a class name in CamelCase, like VectorAddition")
    if name in SCENES:
        raise InputError(f"there is already a scene {name!r} ({SCENES[name].path})")
    module = root / "scenes" / f"{snake(name)}.py"
    if module.exists():
        raise InputError(f"{module.relative_to(root)} already exists: choose another name")
    lesson_file = root / "lessons" / f"{lesson}.toml"
    if not lesson_file.is_file():
        known = ", ".join(sorted(p.stem for p in (root / "lessons").glob("*.toml")))
        raise InputError(f"no lesson {lesson!r}: lessons are {known}")
    return module, root / "scenes" / "catalog.py", lesson_file


def new_scene(name: str, lesson: str, root: Path = ROOT) -> list[Path]:
    module, catalog, lesson_file = check_new(name, lesson, root)
    title = re.sub(r"(?<!^)(?=[A-Z])", " ", name).capitalize()
    scene_text = (TEMPLATES / SCENE_TEMPLATE).read_text(encoding="utf-8").format(name=name)
    entry = (
        (TEMPLATES / CATALOG_TEMPLATE).read_text(encoding="utf-8").format(name=name, module=snake(name), title=title)
    )
    module.write_text(scene_text, encoding="utf-8")
    with catalog.open("a", encoding="utf-8") as f:
        f.write(entry)
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(text.rstrip("\n") + f'\n\n[[scenes]]\nscene = "{name}"\n', encoding="utf-8")
    return [module, catalog, lesson_file, write_schema_with_new_scene(root)]


def write_schema_with_new_scene(root: Path) -> Path:
    """lessons/lesson.schema.json with the scene just registered: written by a fresh process,
    which reads the catalog as it now is (this one registered its scenes before)."""
    done = subprocess.run(
        [sys.executable, "-c", "from engine.lessons import write_schema; print(write_schema())"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lessons/lesson.schema.json not written: {done.stderr.strip()[-500:]}")
    return Path(done.stdout.strip())
