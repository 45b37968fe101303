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
