#!/usr/bin/env python3
"""Benchmark of preview while authoring: a cold `render.py preview` still, a cold `manim -ql -s`
of the same scene, and a watch-mode re-render after a save, in one run.

Run by hand on an otherwise idle machine:  .venv/bin/python bench/preview_bench.py [SCENE]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def watch_rerender(scene: str, out: Path) -> tuple[float, float]:
    """Seconds from a save to the watcher's new still (wall, and as the watcher reports it)."""
    spec = get_spec(scene)
    source = ROOT / spec.path
    proc = subprocess.Popen([PY, "render.py", "preview", scene, "--watch", "-o", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("watching"):
                break
        saved = time.perf_counter()
        os.utime(source)  # a save without a change: the watcher cannot tell the difference
        for line in proc.stdout:
            if line.startswith("rendered"):
                wall = time.perf_counter() - saved
                return wall, float(re.search(r"in ([\d.]+)s", line).group(1))
        raise RuntimeError("the watcher stopped")
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    scene = sys.argv[1] if len(sys.argv) > 1 else "VectorAlignment"
    spec = get_spec(scene)
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as tmp:
        tmp = Path(tmp)
        rows = [
            ("render.py preview, empty caches", timed([PY, "render.py", "preview", scene, "-o", str(tmp / "p")])),
            ("render.py preview, LaTeX cache warm", timed([PY, "render.py", "preview", scene, "-o", str(tmp / "p")])),
            ("manim -ql -s, empty media dir", timed([MANIM, "-ql", "-s", "--disable_caching", "--media_dir",
                                                     str(tmp / "m"), spec.path, scene])),
            ("manim -ql -s, media dir warm", timed([MANIM, "-ql", "-s", "--disable_caching", "--media_dir",
                                                    str(tmp / "m"), spec.path, scene])),
        ]
        wall, reported = watch_rerender(scene, tmp / "p")
        rows.append(("watch: save -> new still (wall)", wall))
        rows.append(("watch: re-render as reported", reported))
        shutil.rmtree(tmp, ignore_errors=True)
    cold_manim = rows[2][1]
    print(f"scene {scene}, {os.cpu_count()} cores")
    print(f"{'what':40} {'seconds':>8} {'vs cold manim -s':>17}")
    for what, secs in rows:
        print(f"{what:40} {secs:8.2f} {secs / cold_manim:17.2f}")


if __name__ == "__main__":
    main()
