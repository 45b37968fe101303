#!/usr/bin/env python3
"""What the scene tests pay per scene: a dry run with the layout check, as tests/scenes/test_layout.py
makes it (tests/scene_runs.checked_run), for every scene with the storyboard's inputs and with
each of its other input sets (tests/scene_inputs.py), or the first N of them.

Each run is timed after one untimed run of the same scene and inputs (LaTeX compiled, glyphs
parsed), so the figure is the scene's own work. Prints seconds per run and the total.

With --session the runs are kept, as a test session keeps them (one run each, caches warm from
an earlier run), and the garbage collector's own time is printed too; --no-freeze leaves the kept
runs where the collector goes over them again (as before tests/scene_runs.py froze them).

Run by hand on an otherwise idle machine:
    .venv/bin/python bench/dry_run_bench.py [--sets N] [--session [--no-freeze]] [SCENE ...]
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
    ap.add_argument("--session", action="store_true", help="keep the runs, as a test session does")
    ap.add_argument("--no-freeze", action="store_true", help="with --session: do not freeze the kept runs")
    ap.add_argument("scenes", nargs="*")
    args = ap.parse_args()

    import gc

    import scene_runs

    collecting = [0.0, 0.0]  # seconds in the collector, start of the current pass

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            collecting[1] = time.perf_counter()
        else:
            collecting[0] += time.perf_counter() - collecting[1]

    gc.callbacks.append(timed)
    if args.no_freeze:
        scene_runs.gc = type("NoFreeze", (), {"collect": staticmethod(lambda: 0), "freeze": staticmethod(lambda: None)})
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
        others = list(OTHER_INPUTS.get(name, {}).items())[: args.sets]
        for label, overrides in [("storyboard", None), *others]:
            if not args.session:
                scene_runs.checked_run(cls, overrides)  # warm: LaTeX, parsed glyphs
                scene_runs._CHECKED.clear()
            start = time.perf_counter()
            scene_runs.checked_run(cls, overrides)
            seconds = time.perf_counter() - start
            if not args.session:
                scene_runs._CHECKED.clear()
            total += seconds
            print(f"{name:28} {label:26} {seconds:8.2f}", flush=True)
    print(f"{'all':55} {total:8.2f}")
    print(f"{'of which the garbage collector':55} {collecting[0]:8.2f}")


if __name__ == "__main__":
    main()
