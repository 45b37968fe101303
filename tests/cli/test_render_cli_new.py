"""`render.py new` (issue 39): in a copy of the project, the stub it writes renders a still, is
registered, is in its lesson, and passes the tests that cover a scene, as written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow]


def copy_of_the_project(to: Path) -> Path:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        if name.startswith("tests/frames/control_data/") or not (ROOT / name).is_file():
            continue
        (to / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, to / name)
    return to


def test_new_writes_a_scene_that_passes_its_tests(tmp_path):
    project = copy_of_the_project(tmp_path / "project")
    run = lambda *args: subprocess.run(
        [sys.executable, *args],
        cwd=project,
        capture_output=True,
        text=True,  # noqa: E731
        env={**os.environ, "PYTHONPATH": str(project)},
    )
    made = run("render.py", "new", "VectorAddition", "--lesson", "dot-product")
    assert made.returncode == 0, made.stderr
    assert "render.py preview VectorAddition" in made.stdout
    written = (project / "scenes" / "vector_addition.py").read_text()
    # The formulas as TeX reads them: a doubled backslash in a raw string is a TeX line break, and
    # the still showed "mathbfx =" (a newcomer's first preview).
    assert r'r"\mathbf{x} = \begin{bmatrix}"' in written and r"\\mathbf" not in written
    # What make test checks first holds for what `new` writes.
    ruff = [str(Path(sys.executable).parent / "ruff")]
    for check in (["check"], ["format", "--check"]):
        linted = subprocess.run(
            [*ruff, *check, "scenes/vector_addition.py", "scenes/catalog.py"],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert linted.returncode == 0, linted.stdout + linted.stderr
    assert 'scene = "VectorAddition"' in (project / "lessons" / "dot-product.toml").read_text()
    # The lesson files' schema knows the new scene and its parameter, and is current (its test passes).
    assert '"VectorAdditionParams"' in (project / "lessons" / "lesson.schema.json").read_text()
    schema = run("-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/unit/test_lesson_schema.py")
    assert schema.returncode == 0, schema.stdout[-3000:]
    again = run("render.py", "new", "VectorAddition", "--lesson", "dot-product")
    assert (
        again.returncode == 2
        and again.stderr.strip() == "error: there is already a scene 'VectorAddition' (scenes/vector_addition.py)"
    )
    still = run("render.py", "preview", "VectorAddition", "--output-dir", str(tmp_path / "out"))
    assert still.returncode == 0, still.stderr
    tests = run(
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        "-k",
        "VectorAddition or registered or three_other",
        "tests/scenes/test_layout.py",
        "tests/scenes/test_catalog_scenes.py",
        "tests/scenes/test_narration_captions.py",
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert (
        " passed" in tests.stdout
        and "VectorAddition"
        in subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-q",
                "--collect-only",
                "-k",
                "VectorAddition",
                "tests/scenes/test_layout.py",
            ],
            cwd=project,
            capture_output=True,
            text=True,
        ).stdout
    )
