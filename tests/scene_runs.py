"""Shared by the scene tests: a quick dry run of a scene, and one LaTeX cache for them all."""

from __future__ import annotations

import gc
import os
import tempfile
from pathlib import Path

import manim.utils.testing.frames_comparison as frames_comparison
import pytest
from manim import tempconfig

import manim_patches

# manim skips graphical tests below cairo 1.18 because its own control data was drawn with
# 1.18. Ours is drawn on this project's machines (Debian 12 ships cairo 1.16), so the
# comparison is like for like and must run, not skip. Set here, where manim is imported
# anyway, so the tiers that need no manim never import it.
frames_comparison.MIN_CAIRO_VERSION = 0

# frames_comparison compiles LaTeX into a fresh directory per test; a cache kept per machine
# (never in the repository) spares every run compiling the same formulas again.
# Formulas: one cache for every pytest-xdist worker, which manim_patches/tex_cache.py makes safe
# to share (the patches installed here too, for tests that build formulas without a LessonScene).
# Texts: one per worker, as manim writes a text's SVG where another worker could read it half written.
manim_patches.install()
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
TEX_CACHE = {
    "tex_dir": str(Path(tempfile.gettempdir()) / "scene-tests-tex"),
    "text_dir": str(Path(tempfile.gettempdir()) / f"scene-tests-text{_WORKER}"),
}


def same_worker(scene_module: str):
    """Tests that read the same scenes' runs go to the same xdist worker (make test runs
    `--dist loadgroup`), so each run is made once (see `checked_run`)."""
    return pytest.mark.xdist_group(scene_module)


def _undrawn(scene):
    """A dry run's frames are never looked at: what the tests read is the mobjects. Drawing
    them anyway was a third of a scene's dry run (profiled on RowByColumnMatmul 4x4), so the
    renderer is told not to. Time still advances frame by frame, so updaters, live readouts
    and the layout check's moments inside animations all happen as in a render."""
    scene.renderer.update_frame = lambda *args, **kwargs: None
    return scene


def _run(scene_factory, params, check_layout):
    with tempconfig(
        {
            "quality": "low_quality",
            "dry_run": True,
            "disable_caching": True,
            "frame_rate": 1,
            "progress_bar": "none",
            "verbosity": "ERROR",
            **TEX_CACHE,
        }
    ):
        scene = _undrawn(scene_factory(params=params, check_layout=check_layout))
        scene.render()
    return scene


def dry_run(scene_cls, params=None):
    """Construct and play the scene without drawing or writing a file, and without the layout
    check. One frame a second is enough: a beat ends on its animations' final values whatever
    the rate. `scene_cls` may be any callable taking `params` and `check_layout`."""
    return _run(scene_cls, params, check_layout=False)


_CHECKED: dict = {}


def checked_run(scene_cls, params=None):
    """One dry run per scene and inputs in a test session, with the layout check on: the
    figure, caption and layout tests all read the same run."""
    key = (scene_cls, repr(params or None))
    if key not in _CHECKED:
        _CHECKED[key] = _run(scene_cls, params or None, check_layout=True)
        # Kept for the whole session, the runs' mobjects are moved out of the garbage collector's
        # way: its full passes over them all, ever more of them with every run kept, took 7.0 and
        # 7.3 s of the 65 runs' 70-74 s; frozen, 2.1 and 2.5 s (bench/dry_run_bench.py --session).
        gc.collect()
        gc.freeze()
    return _CHECKED[key]


def drawn_whole(scene_cls):
    """`scene_cls` whose last frame is drawn whole once it has rendered, for manim's
    frames_comparison: it runs a scene with its animations skipped, and the frame it compares is
    otherwise what the scene's last still part drew, without what moved in its last animation or
    came after that in drawing order (VectorAlignment's control had no grid and no half-planes,
    and lost its panel's top row when that row came earlier)."""

    class Whole(scene_cls):
        def render(self, preview: bool = False):
            out = super().render(preview)
            self.renderer.update_frame(self)
            return out

    Whole.__name__ = scene_cls.__name__
    return Whole
