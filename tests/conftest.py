"""pytest options of manim's own graphical test suite, the test tiers, and shared fixtures.

Tiers (markers, assigned here by module, so a new test file says which tier it is in):
  unit   fast, no manim import: numeric core, parameters, jobs, store, narration's text
  scenes scenes constructed in dry runs: figures shown, layout, toolkit widgets
  frames graphical tests: frames compared with manim's frames_comparison
  cli    end to end through render.py: lessons, talks, preview, cluster
`slow` marks the tests that render videos; `pytest -m "not slow"` skips them.
"""

from __future__ import annotations

import inspect
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

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

TIERS = {
    "unit": (
        "test_mathcore",
        "test_params",
        "test_jobs",
        "test_theme",
        "test_narration",
        "test_project",
        "test_mathcore_transform",
        "test_stillness",
        "test_captions",
        "test_course_pages",
    ),
    "scenes": (
        "test_catalog_scenes",
        "test_dot_product_scenes",
        "test_matmul_scenes",
        "test_transform_scene",
        "test_layout",
        "test_toolkit_graphics",
        "test_encoding",
        "test_gallery",
        "test_manim_patches",
    ),
    "cli": (
        "test_render_cli",
        "test_talks",
        "test_course_site",
        "test_preview",
        "test_reliability",
        "test_cluster",
        "test_voiced",
        "test_faults",
    ),
}


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
        module = item.module.__name__.rsplit(".", 1)[-1]
        tier = next((t for t, modules in TIERS.items() if any(module.startswith(m) for m in modules)), None)
        if tier is None:
            raise pytest.UsageError(f"{module} is in no test tier: add it to TIERS in tests/conftest.py")
        # A graphical test (frames_comparison wraps a test that takes `scene`) is in the frames tier.
        wrapped = getattr(item.function, "__wrapped__", None)
        if tier == "scenes" and wrapped is not None and "scene" in inspect.signature(wrapped).parameters:
            tier = "frames"
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
