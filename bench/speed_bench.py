#!/usr/bin/env python3
"""The course at speed (issue 15), in one run: both lessons rendered cold at -q h on this
machine's cores with the voice on; the real-time factor (render seconds / video seconds)
per lesson and per scene, and each worker's peak memory.

Run by hand on an otherwise idle machine:  .venv/bin/python bench/speed_bench.py [-q h] [-j 2]
The wall time of the whole render over the lessons' running time is the figure the issue
targets (0.5); a scene's own factor is its worker's seconds over its video's seconds. The
machine's own speed is timed before and after (`machine_reference`): compare runs of different
hours by it.
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
sys.path.insert(0, str(ROOT))
# Cold means the run's own caches only, not a folder shared between output folders.
os.environ.pop("LESSON_SHARED_CACHE", None)


def machine_reference() -> dict[str, float]:
    """CPU seconds of two fixed pieces of work like a render's: the interpreter (a loop of
    small-object Python, as manim's updaters and interpolation are) and x264 (120 noisy 1080p
    frames at the lessons' settings). This machine's speed drifts by a third from hour to hour
    (the same commit gave 0.58 and 0.84): timed before and after the render, they say how fast
    the machine was while it ran, so figures from different hours can be set side by side."""
    import resource

    import av
    import numpy as np

    from manim_patches.encoder import X264, to_yuv420

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    started = cpu()
    total = 0.0
    for i in range(8_000_000):
        total += (i % 7) * 0.5
    python = cpu() - started
    frame = np.random.default_rng(0).integers(0, 256, (1080, 1920, 4), dtype=np.uint8)
    frame[..., 3] = 255
    with tempfile.TemporaryDirectory() as tmp, av.open(f"{tmp}/reference.mp4", "w") as container:
        stream = container.add_stream("libx264", rate=60, options=X264)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        stream.codec_context.thread_count = 1
        started = cpu()
        for k in range(120):
            frame[(k * 9) % 1080 : (k * 9) % 1080 + 60, :, 0] = k  # a band that moves: a changing picture
            picture = to_yuv420(frame)
            picture.pts = k
            for packet in stream.encode(picture):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
        x264 = cpu() - started
    return {"python": python, "x264": x264}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-q", "--quality", default="h")
    ap.add_argument("-j", "--jobs", default=str(os.cpu_count() or 1))
    ap.add_argument("--voice", default="auto")
    ap.add_argument("lessons", nargs="*", default=["dot-product", "matmul"])
    args = ap.parse_args()
    before = machine_reference()
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
    after = machine_reference()
    print(
        "machine reference, CPU s before / after the render: "
        + ", ".join(f"{k} {before[k]:.2f} / {after[k]:.2f}" for k in before)
    )


if __name__ == "__main__":
    main()
