"""pytest options of manim's own graphical test suite, the test tiers, and shared fixtures.

Tiers: one folder each (tests/unit, scenes, frames, patches, cli; tiers.py lists them), and a
test's marker is its folder's name, set here; a test module outside them stops the run.
`slow` marks the tests that render videos; `pytest -m "not slow"` skips them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from tiers import tier_of

# Property tests check properties, not speed: on a loaded machine (two cores, other renders) an
# example can take longer than hypothesis's 200 ms default deadline and fail a correct test.
# Speed is measured in bench/, never in tests.
settings.register_profile("lessons", deadline=None)
settings.load_profile("lessons")

# Every test renders into its own temporary output folder; compiled formulas and synthesised
# speech do not depend on that folder, so the whole session (and this machine's next one)
# shares them, as a user's output folders may (engine.store.SHARED_CACHE_ENV). Set before any
# test starts a render process, which inherits it.
os.environ.setdefault("LESSON_SHARED_CACHE", str(Path(tempfile.gettempdir()) / "lesson-tests-shared-cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--set_test",
        action="store_true",
        default=False,
        help="Write the control data of the graphical tests instead of comparing against it.",
    )
    parser.addoption(
        "--show_diff",
        action="store_true",
        default=False,
        help="On a mismatching frame, show the generated, expected and differing pixels (needs matplotlib).",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        try:
            tier = tier_of(item.path)
        except LookupError as error:
            raise pytest.UsageError(str(error)) from None
        item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture(params=["dark", "light"])
def theme(request) -> str:
    return request.param


@pytest.fixture(autouse=True)
def _tests_tex_caches():
    """Tests that build MathTex or Text outside a scene run would use manim's global folders
    (media/ in the repository); they use the tests' caches instead (scene_runs.TEX_CACHE:
    formulas shared safely by every xdist worker, texts one folder per worker)."""
    import sys

    manim = sys.modules.get("manim")
    if manim is not None:
        from scene_runs import TEX_CACHE

        for key, folder in TEX_CACHE.items():
            if str(manim.config[key]) != folder:
                manim.config[key] = folder
    yield
