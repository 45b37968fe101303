#!/usr/bin/env python3
"""Two checkouts' drawing passes, alternated: the CPU one scene's render costs in each, in turn,
and the median of the after/before ratios. Run by hand on an otherwise idle machine:

    git worktree add --detach ../before HEAD~1
    .venv/bin/python bench/ab_bench.py ../before . MatrixAsTransformation -q l --rounds 3

This machine's speed drifts by a fifth within an hour (the same commit's course render took
0.96 and 0.74 of its running time an hour apart), so a whole-course figure cannot show a change of
a few per cent; runs taken in turn, seconds apart, can. Each run is a fresh interpreter in the
checkout's folder (its own toolkit, scenes and patches; the same virtual environment), drawing
every frame of the scene as a render does, without the encoder or the voice: the scene's inputs
are its defaults, its narration silent. CPU is the process's own (user + system).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality"}

# Run in the checkout's folder: its modules come first on the path.
DRAW = """
import os, sys, tempfile, time, importlib
sys.path.insert(0, os.getcwd())
from manim import tempconfig
import toolkit.lesson_scene  # noqa: F401 (the toolkit's patches, as in a render)
from scenes.catalog import get_spec
spec = get_spec(sys.argv[1])
with tempfile.TemporaryDirectory() as media, tempconfig({"quality": sys.argv[2], "write_to_movie": False,
        "disable_caching": True, "progress_bar": "none", "verbosity": "ERROR", "media_dir": media}):
    scene = getattr(importlib.import_module(spec.module), spec.name)(params=None, check_layout=False)
    started = time.process_time()
    scene.render()
    print(time.process_time() - started)
"""


def cpu_seconds(checkout: Path, scene: str, quality: str) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", DRAW, scene, QUALITIES[quality]], cwd=checkout, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(f"{checkout}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'failed'}")
    return float(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", type=Path, help="the checkout to compare against (a worktree)")
    ap.add_argument("after", type=Path, help="the checkout changed")
    ap.add_argument("scenes", nargs="+")
    ap.add_argument("-q", "--quality", choices=sorted(QUALITIES), default="l")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    for checkout in (args.before, args.after):
        if not (checkout / "scenes" / "catalog.py").is_file():
            ap.error(f"{checkout}: not a checkout of this project (no scenes/catalog.py)")
    for scene in args.scenes:
        ratios = []
        for k in range(args.rounds):
            before = cpu_seconds(args.before, scene, args.quality)
            after = cpu_seconds(args.after, scene, args.quality)
            ratios.append(after / before)
            print(f"{scene} round {k + 1}: before {before:7.2f} s  after {after:7.2f} s  ratio {after / before:.3f}")
        print(f"{scene}: median ratio {statistics.median(ratios):.3f} over {args.rounds} rounds (-q {args.quality})")


if __name__ == "__main__":
    main()
