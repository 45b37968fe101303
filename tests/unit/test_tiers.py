"""The tests' own layout: every test module sits in a tier folder, whose name is its marker
(tests/tiers.py, tests/conftest.py)."""

from __future__ import annotations

import re
import tomllib
from collections import Counter

import pytest

from tiers import TESTS, TIERS, tier_of

MODULES = sorted(p for p in TESTS.rglob("test_*.py") if "control_data" not in p.parts)


def test_every_test_module_sits_in_a_tier_folder():
    assert len(MODULES) > 30
    outside = []
    for module in MODULES:
        try:
            tier_of(module)
        except LookupError as error:
            outside.append(str(error))
    assert outside == []


def test_a_module_at_the_top_of_tests_is_refused_naming_the_folders():
    with pytest.raises(LookupError) as refused:
        tier_of(TESTS / "test_something_new.py")
    message = str(refused.value)
    assert "tests/test_something_new.py is in no test tier" in message
    assert all(f"tests/{tier}/" in message for tier in TIERS)
    with pytest.raises(LookupError):
        tier_of(TESTS / "unit" / "deeper" / "test_something_new.py")


def test_every_tier_is_a_folder_and_a_registered_marker():
    pyproject = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    markers = {m.split(":")[0] for m in pyproject["tool"]["pytest"]["ini_options"]["markers"]}
    assert set(TIERS) <= markers and markers - set(TIERS) == {"slow"}
    assert all((TESTS / tier).is_dir() for tier in TIERS)
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert folders == set(TIERS)


def test_module_names_are_unique_across_the_tiers():
    """The tier folders have no __init__.py: pytest imports each module by its bare name, with its
    folder first on sys.path (and tests/, conftest.py's folder, for the shared helpers), so two
    modules of one name in two tiers would collide."""
    names = Counter(p.name for p in MODULES)
    assert [name for name, n in names.items() if n > 1] == []
    assert not any((TESTS / tier / "__init__.py").exists() for tier in TIERS)


def test_graphical_tests_are_in_the_frames_tier_with_their_control_data():
    """manim's frames_comparison reads a test's control frames from control_data/<__module_test__>
    beside the test module: tests/frames/control_data/."""
    graphical = {p.name for p in MODULES if re.search(r"^@frames_comparison\b", p.read_text(encoding="utf-8"), re.M)}
    assert graphical == {p.name for p in (TESTS / "frames").glob("test_*.py")}
    names = {
        re.search(r'^__module_test__ = "(\w+)"', (TESTS / "frames" / m).read_text(encoding="utf-8"), re.M).group(1)
        for m in graphical
    }
    data = {p.name for p in (TESTS / "frames" / "control_data").iterdir() if p.is_dir()}
    assert names == data
