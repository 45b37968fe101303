"""`render.py new SceneName --lesson LESSON`: a working scene to start from.

Writes three things, each where a reader of the project would look for it:
- `scenes/<scene_name>.py`: the Scene class, two beats (one with a mark), its widgets from the
  toolkit, its figures from mathcore;
- its registration in `scenes/catalog.py`: `@scene(...)` over a Params dataclass with one
  parameter, its validation and three other input sets for the tests;
- `[[scenes]] scene = "SceneName"` at the end of `lessons/<LESSON>.toml`.

The stub passes the tests as written (layout, captions, figures, pronunciation); the guide,
docs/authoring.md, says what to change next. Nothing is written when any check fails.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from mathcore import InputError

ROOT = Path(__file__).resolve().parent.parent

SCENE_TEMPLATE = '''"""{name}: (say in one line what this scene teaches).

Built by `render.py new`; see docs/authoring.md. Every figure comes from mathcore, every widget
from the toolkit; `construct` reads as beats.
"""

from __future__ import annotations

from manim import DOWN, Create, FadeIn, VGroup, Write

from mathcore import fmt_fixed, norm
from scenes.catalog import {name}Params
from toolkit import layout
from toolkit.builders import fitted_plane
from toolkit.lesson_scene import LessonScene
from toolkit.style import math, tex_fixed, tex_number
from toolkit.theme import SIZES
from toolkit.vectors import PlaneVector


class {name}(LessonScene):
    Params = {name}Params
    layout_region = layout.STAGE

    def construct(self) -> None:
        p = self.params
        # The plane fitted to x in the stage's main region; x's entries and its length beside it.
        grid = fitted_plane(p.x, region=layout.MAIN)
        x = PlaneVector(grid, lambda: p.x, role="a", name="x")
        length = norm(p.x)
        entries = math(r"\\mathbf{{x}} = \\begin{{bmatrix}}" + r" \\\\ ".join(tex_number(v) for v in p.x)
                       + r"\\end{{bmatrix}}", size=SIZES.title, role="a")
        reading = math(r"\\lVert \\mathbf{{x}} \\rVert =", tex_fixed(length), size=SIZES.title)
        side = VGroup(entries, reading).arrange(DOWN, buff=0.6)
        layout.SIDE.place(side, fill=0.9, max_scale=1.5)
        # A mark, <x>, names the word the arrow should finish on.
        with self.beat("Here is the vector <x>x."):
            self.play(Create(grid), run_time=1.0)
            self.play(FadeIn(x), Write(entries), until="x")
        with self.beat(f"Its length is <length>{{fmt_fixed(length, 2)}}."):
            self.play(Write(reading), until="length")
'''

CATALOG_TEMPLATE = '''

@scene("{name}", module="{module}", title="{title}",
       summary="(What {name} shows, in one line.)",
       examples={{
    "on an axis": dict(x=(3, 0)),
    "negative entries": dict(x=(-2.5, -1.5)),
    "long numbers": dict(x=(12.75, -5.5)),
}})
@dataclass(frozen=True)
class {name}Params:
    x: Vector = (2, 1)

    def validate(self) -> None:
        _plane_vector(self.x, "x")
'''


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
    module.write_text(SCENE_TEMPLATE.format(name=name), encoding="utf-8")
    with catalog.open("a", encoding="utf-8") as f:
        f.write(CATALOG_TEMPLATE.format(name=name, module=snake(name), title=title))
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(text.rstrip("\n") + f'\n\n[[scenes]]\nscene = "{name}"\n', encoding="utf-8")
    return [module, catalog, lesson_file]
