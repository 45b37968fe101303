#!/usr/bin/env python3
"""Benchmark of preview while authoring, in one run: the still of one beat cold, after an edit
of the scene (LaTeX warm), and unchanged (from the store); and watch mode from a save to the
new still. Each figure also minus the time of `import manim`, the floor of any fresh process.

Run by hand on an otherwise idle machine:  .venv/bin/python bench/preview_bench.py [SCENE] [BEAT]
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Cold means the run's own caches only, not a folder shared between output folders.
os.environ.pop("LESSON_SHARED_CACHE", None)
sys.path.insert(0, str(ROOT))

from scenes.catalog import get_spec  # noqa: E402

PY = sys.executable
MANIM = str(Path(PY).with_name("manim"))


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    return time.perf_counter() - start


def edit_scene(scene: str, n: int) -> tuple[Path, str]:
    """A real edit of the scene's class (a new class attribute): a touch changes no key."""
    source = ROOT / get_spec(scene).path
    original = source.read_text(encoding="utf-8")
    marker = f"class {scene}("
    head, tail = original.split(marker, 1)
    line_end = tail.index("\n") + 1
    source.write_text(head + marker + tail[:line_end] + f"    _bench_edit = {n}\n" + tail[line_end:], encoding="utf-8")
    return source, original


def watch_rerender(scene: str, out: Path, beat: str, saves: int = 5) -> tuple[list[float], list[float]]:
    """Seconds from each of `saves` saves to the watcher's new still (wall, and as the watcher
    reports it): one watch session, a different edit each time."""
    proc = subprocess.Popen(
        [PY, "render.py", "preview", scene, "--beat", beat, "--watch", "--output-dir", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    source = original = None
    walls, reported = [], []
    try:
        for line in proc.stdout:
            if line.startswith("watching"):
                break
        for n in range(1, saves + 1):
            saved = time.perf_counter()
            source, first = edit_scene(scene, n)
            original = original or first
            for line in proc.stdout:
                if line.startswith("rendered"):
                    walls.append(time.perf_counter() - saved)
                    reported.append(float(re.search(r"in ([\d.]+)s", line).group(1)))
                    break
            else:
                raise RuntimeError("the watcher stopped")
            source.write_text(original, encoding="utf-8")  # back, so the next edit is a new one
            for line in proc.stdout:
                if line.startswith("rendered"):
                    break
        return walls, reported
    finally:
        if source is not None and original is not None:
            source.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait()


def main() -> None:
    scene = sys.argv[1] if len(sys.argv) > 1 else "VectorAlignment"
    beat = sys.argv[2] if len(sys.argv) > 2 else "3"
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as tmp:
        tmp = Path(tmp)
        still = [PY, "render.py", "preview", scene, "--beat", beat, "--output-dir", str(tmp / "p")]
        # Medians of three where a run is short: this machine's speed varies from run to run.
        rows = [
            (
                "python -c 'import manim', median of 3",
                statistics.median(timed([PY, "-c", "import manim"]) for _ in range(3)),
            )
        ]
        rows.append(("preview --beat, empty caches", timed(still)))

        def edited() -> float:
            # An author's edit: LaTeX and the parsed formulas warm, the scene itself rendered again.
            shutil.rmtree(tmp / "p" / ".cache" / "store")
            return timed(still)

        rows.append(
            ("preview --beat, LaTeX warm, scene edited, median of 3", statistics.median(edited() for _ in range(3)))
        )
        rows.append(
            (
                "preview --beat, unchanged (from the store), median of 3",
                statistics.median(timed(still) for _ in range(3)),
            )
        )
        walls, reported = watch_rerender(scene, tmp / "w", beat)
        rows.append((f"watch: save -> new still, median of {len(walls)}", statistics.median(walls)))
        rows.append(("watch: the same, fastest", min(walls)))
        rows.append(("watch: re-render as reported, median", statistics.median(reported)))
    base = rows[0][1]
    print(f"scene {scene}, beat {beat}, {os.cpu_count()} cores")
    print(f"{'what':56} {'seconds':>8} {'minus import':>13}")
    for what, secs in rows:
        print(f"{what:56} {secs:8.2f} {secs - base:13.2f}")


if __name__ == "__main__":
    main()
