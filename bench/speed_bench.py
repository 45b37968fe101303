#!/usr/bin/env python3
"""The course at speed (issue 15), in one run: both lessons rendered cold at -q h on this
machine's cores with the voice on; the real-time factor (render seconds / video seconds)
per lesson and per scene, and each worker's peak memory.

Run by hand on an otherwise idle machine:  .venv/bin/python bench/speed_bench.py [-q h] [-j 2]
The wall time of the whole render over the lessons' running time is the figure the issue
targets (0.5); a scene's own factor is its worker's seconds over its video's seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Cold means the run's own caches only, not a folder shared between output folders.
os.environ.pop("LESSON_SHARED_CACHE", None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-q", "--quality", default="h")
    ap.add_argument("-j", "--jobs", default=str(os.cpu_count() or 1))
    ap.add_argument("--voice", default="auto")
    ap.add_argument("lessons", nargs="*", default=["dot-product", "matmul"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="speed-bench-") as tmp:
        out = Path(tmp) / "output"
        started = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "render.py",
                "lesson",
                *args.lessons,
                "-q",
                args.quality,
                "-j",
                args.jobs,
                "--voice",
                args.voice,
                "--output-dir",
                str(out),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            sys.exit(proc.stderr[-3000:])
        # Each lesson has its own title and closing card: a scene's entries are told apart by
        # their length (a chapter is its scene's video).
        entries: dict[str, list[dict]] = {}
        for record in (out / ".cache" / "store").glob("*/entry.json"):
            meta = json.loads(record.read_text())["meta"]
            entries.setdefault(record.parent.name.rsplit("-", 1)[0], []).append(meta)
        print(f"quality -{args.quality}, -j {args.jobs}, voice {args.voice}, {os.cpu_count()} cores")
        print(f"{'lesson / scene':34} {'video s':>8} {'render s':>9} {'RTF':>6} {'peak MiB':>9}  worker")
        total_video = 0.0
        for lesson in args.lessons:
            m = json.loads((out / lesson / "manifest.json").read_text())
            total_video += m["duration"]
            print(
                f"{lesson:34} {m['duration']:8.1f} {m['render_seconds']:9.1f} {m['render_seconds'] / m['duration']:6.2f}"
            )
            for ch in m["chapters"]:
                length = ch["end"] - ch["start"]
                meta = min(
                    entries.get(ch["scene"], [{}]), key=lambda m: abs(m.get("duration", 0.0) - length), default={}
                )
                secs = meta.get("render_seconds", float("nan"))
                print(
                    f"  {ch['scene']:32} {length:8.1f} {secs:9.1f} {secs / length:6.2f} "
                    f"{meta.get('peak_rss_mb', float('nan')):9.0f}  {meta.get('worker', '')}"
                )
        print(f"{'all lessons, wall clock':34} {total_video:8.1f} {wall:9.1f} {wall / total_video:6.2f}")


if __name__ == "__main__":
    main()
