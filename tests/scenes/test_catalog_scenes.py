"""Every catalog entry resolves to a Scene class whose Params are the catalog's."""

from __future__ import annotations

import importlib

import pytest

from scenes.catalog import SCENES
from toolkit.lesson_scene import LessonScene


@pytest.mark.parametrize("name", sorted(SCENES))
def test_catalog_entry_resolves_to_its_scene(name):
    spec = SCENES[name]
    cls = getattr(importlib.import_module(spec.module), name)
    assert issubclass(cls, LessonScene)
    assert cls.Params is spec.params
    assert spec.title.strip() and spec.summary.strip()


def test_every_scene_class_is_registered():
    """A LessonScene written in scenes/ but not registered would be invisible to lessons, the
    CLI and the tests: found by reading the modules (a class deriving from LessonScene, directly
    or through a shared base, that writes its own `construct`), not by a second list."""
    import ast
    from pathlib import Path

    scenes_dir = Path(__file__).resolve().parents[2] / "scenes"
    missing = []
    for module in sorted(scenes_dir.glob("*.py")):
        for node in ast.parse(module.read_text()).body:
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            constructs = any(isinstance(f, ast.FunctionDef) and f.name == "construct" for f in node.body)
            if constructs and node.bases:
                if node.name not in SCENES:
                    missing.append(f"{node.name} ({module.name})")
    assert not missing, (
        "not registered: "
        + ", ".join(missing)
        + "; register each with @scene(...) above its Params in scenes/catalog.py"
    )
