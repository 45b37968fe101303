#!/usr/bin/env python3
"""What the scene tests pay per scene: a dry run with the layout check, as tests/test_layout.py
makes it (tests/scene_runs.checked_run), for every scene with the storyboard's inputs and with
each of its other input sets (tests/scene_inputs.py), or the first N of them.

Each run is timed after one untimed run of the same scene and inputs (LaTeX compiled, glyphs
parsed), so the figure is the scene's own work. Prints seconds per run and the total.

Run by hand on an otherwise idle machine:  .venv/bin/python bench/dry_run_bench.py [--sets N] [SCENE ...]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", type=int, default=None, help="other input sets per scene (default: all)")
    ap.add_argument("scenes", nargs="*")
    args = ap.parse_args()

    import scene_runs
    from scene_inputs import OTHER_INPUTS

    from scenes.catalog import SCENES

    names = args.scenes or list(SCENES)
    unknown = [n for n in names if n not in SCENES]
    if unknown:
        sys.exit(f"no such scene: {', '.join(unknown)}")
    total = 0.0
    print(f"{'scene':28} {'inputs':26} {'seconds':>8}")
    for name in names:
        spec = SCENES[name]
        cls = getattr(importlib.import_module(spec.module), name)
        others = list(OTHER_INPUTS.get(name, {}).items())[:args.sets]
        for label, overrides in [("storyboard", None), *others]:
            scene_runs.checked_run(cls, overrides)  # warm: LaTeX, parsed glyphs
            scene_runs._CHECKED.clear()
            start = time.perf_counter()
            scene_runs.checked_run(cls, overrides)
            seconds = time.perf_counter() - start
            scene_runs._CHECKED.clear()
            total += seconds
            print(f"{name:28} {label:26} {seconds:8.2f}", flush=True)
    print(f"{'all':55} {total:8.2f}")


if __name__ == "__main__":
    main()
