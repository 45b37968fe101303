#!/usr/bin/env python3
"""Benchmark of the render engine against plain manim, on the course's own scenes.

Prints, from one run: both lessons rendered cold at -ql with -j 1 and -j 2; the same scenes
rendered one after another with plain `manim render` (LESSON_PLAIN_MANIM=1: manim as installed,
without manim_patches); the ratio of each to that baseline; the warm re-run with nothing changed;
and the re-run after one scene's source changed.
Run by hand on an otherwise idle machine:  .venv/bin/python bench/render_bench.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scenes.catalog import SCENES  # noqa: E402

PY = sys.executable
MANIM = str(Path(PY).with_name("manim"))


# The baseline: manim as it is installed, none of manim_patches' changes.
PLAIN = {**os.environ, "LESSON_PLAIN_MANIM": "1"}


def timed(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)
    took = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stderr[-2000:]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-q", "--quality", default="l")
    ap.add_argument("--changed", default="RowByColumnMatmul", help="the scene whose source the last step edits")
    args = ap.parse_args()
    lessons = ["dot-product", "matmul"]
    by_module: dict[str, list[str]] = {}
    for name, spec in SCENES.items():
        if name != "TitleCard":
            by_module.setdefault(spec.path, []).append(name)

    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        tmp = Path(tmp)
        rows = []
        baseline = 0.0
        for path, names in by_module.items():
            baseline += timed(
                [
                    MANIM,
                    "render",
                    f"-q{args.quality}",
                    "--disable_caching",
                    "--media_dir",
                    str(tmp / "manim-media"),
                    path,
                    *names,
                ],
                env=PLAIN,
            )
        for _ in lessons:  # our lessons open with a title card; the baseline renders one per lesson too
            baseline += timed(
                [
                    MANIM,
                    "render",
                    f"-q{args.quality}",
                    "--disable_caching",
                    "--media_dir",
                    str(tmp / "manim-media"),
                    "scenes/cards.py",
                    "TitleCard",
                ],
                env=PLAIN,
            )
        rows.append(("plain manim, one scene after another", baseline))

        for jobs in (1, 2):
            out = tmp / f"out-j{jobs}"
            rows.append(
                (
                    f"render.py cold, -j {jobs}",
                    timed(
                        [
                            PY,
                            "render.py",
                            "lesson",
                            *lessons,
                            "-q",
                            args.quality,
                            "-j",
                            str(jobs),
                            "--voice",
                            "none",
                            "--output-dir",
                            str(out),
                        ]
                    ),
                )
            )
        warm_cmd = [
            PY,
            "render.py",
            "lesson",
            *lessons,
            "-q",
            args.quality,
            "-j",
            "2",
            "--voice",
            "none",
            "--output-dir",
            str(tmp / "out-j2"),
        ]
        rows.append(("render.py warm re-run, nothing changed", timed(warm_cmd)))

        spec = SCENES[args.changed]
        source = ROOT / spec.path
        original = source.read_text(encoding="utf-8")
        marker = f"class {args.changed}("
        assert marker in original, marker
        try:
            # A real edit of that one class (a new class attribute), not a touch of the file.
            head, tail = original.split(marker, 1)
            line_end = tail.index("\n") + 1
            edited = head + marker + tail[:line_end] + "    _bench_edit = 1\n" + tail[line_end:]
            source.write_text(edited, encoding="utf-8")
            rows.append((f"render.py re-run after editing {args.changed}", timed(warm_cmd)))
        finally:
            source.write_text(original, encoding="utf-8")
        # What that one scene costs alone, for comparison.
        alone = timed(
            [
                MANIM,
                "render",
                f"-q{args.quality}",
                "--disable_caching",
                "--media_dir",
                str(tmp / "alone"),
                spec.path,
                args.changed,
            ],
            env=PLAIN,
        )

    print(
        f"quality -{args.quality}, {os.cpu_count()} cores, scenes: {sum(map(len, by_module.values()))} + 2 title cards"
    )
    print(f"{'what':48} {'seconds':>8} {'vs plain manim':>15}")
    for what, secs in rows:
        print(f"{what:48} {secs:8.2f} {secs / baseline:15.2f}")
    print(f"{'plain manim, ' + args.changed + ' alone':48} {alone:8.2f}")


if __name__ == "__main__":
    main()
