"""Shared by the scene tests: a quick dry run of a scene, and one LaTeX cache for them all."""

from __future__ import annotations

import tempfile
from pathlib import Path

import manim.utils.testing.frames_comparison as frames_comparison
from manim import tempconfig

# manim skips graphical tests below cairo 1.18 because its own control data was drawn with
# 1.18. Ours is drawn on this project's machines (Debian 12 ships cairo 1.16), so the
# comparison is like for like and must run, not skip. Set here, where manim is imported
# anyway, so the tiers that need no manim never import it.
frames_comparison.MIN_CAIRO_VERSION = 0

# frames_comparison compiles LaTeX into a fresh directory per test; a cache kept per machine
# (never in the repository) spares every run compiling the same formulas again.
TEX_CACHE = {"tex_dir": str(Path(tempfile.gettempdir()) / "scene-tests-tex"),
             "text_dir": str(Path(tempfile.gettempdir()) / "scene-tests-text")}


def dry_run(scene_cls, params=None):
    """Construct and play the scene without writing a file. A few frames a second is enough:
    a beat ends on its animations' final values whatever the rate."""
    with tempconfig({"quality": "low_quality", "dry_run": True, "disable_caching": True, "frame_rate": 3,
                     "progress_bar": "none", "verbosity": "ERROR", **TEX_CACHE}):
        scene = scene_cls(params=params)
        scene.render()
    return scene


_CHECKED: dict = {}


def checked_run(scene_cls, params=None):
    """One dry run per scene and inputs in a test session, with the layout check on: the figure
    tests and tests/test_layout.py share it. One frame a second: each animation still ends on its
    final values, and the check reads those."""
    key = (scene_cls, repr(params))
    if key not in _CHECKED:
        with tempconfig({"quality": "low_quality", "dry_run": True, "disable_caching": True, "frame_rate": 1,
                         "progress_bar": "none", "verbosity": "ERROR", **TEX_CACHE}):
            scene = scene_cls(params=params, check_layout=True)
            scene.render()
        _CHECKED[key] = scene
    return _CHECKED[key]
