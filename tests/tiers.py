"""The test tiers: one folder each under tests/, whose name is the tests' marker (conftest.py
marks every test by the folder it sits in; `pytest -m unit` runs one tier). The shared helpers
(scene_runs.py, scene_inputs.py, browser.py, signals.py, colour_vision.py, course_host_page.html)
stay at tests/ top level, where every tier imports or reads them."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent

TIERS = {
    "unit": "fast tests with no manim import: numeric core, parameters, jobs, captions, narration's text and audio, the project",
    "scenes": "scenes and toolkit widgets constructed in dry runs: figures, layout, captions said, marks",
    "frames": "graphical tests: last frames compared with tests/frames/control_data (manim's frames_comparison)",
    "patches": "manim's patches (manim_patches/): against manim's own behaviour, upstream bodies pinned, the encoder",
    "cli": "end to end through render.py: lessons, talks, the course site, preview, cluster, reliability, faults",
}


def tier_of(path: Path) -> str:
    """The tier of a test module: the folder it sits in, directly under tests/."""
    parts = Path(path).resolve().relative_to(TESTS).parts
    if len(parts) != 2 or parts[0] not in TIERS:
        folders = ", ".join(f"tests/{t}/" for t in TIERS)
        raise LookupError(
            f"tests/{'/'.join(parts)} is in no test tier: move it into one of {folders} "
            "(the folder is its marker; a new tier is a folder added to TIERS in tests/tiers.py and a marker in pyproject.toml)"
        )
    return parts[0]
