#!/usr/bin/env python3
"""What listing the members a frame draws costs (manim_patches/displayed_members.py): on every
frame of a scene, manim's own `Camera.get_mobjects_to_display` and the patch's, timed on the same
list, their answers checked to be the same members in the same order. Run by hand:

    .venv/bin/python bench/displayed_members_bench.py VectorAlignment CosineRelation -q l

Both run in one process, frame by frame, so this machine's drift touches both alike. The scene is
drawn as `bench/ab_bench.py` draws it (its defaults, silent, no encoder); the last figure is the
whole drawing pass's CPU a frame, both listings included, for scale.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenes", nargs="+")
    ap.add_argument("-q", "--quality", choices=sorted(QUALITIES), default="l")
    args = ap.parse_args()

    from manim import tempconfig
    from manim.camera.camera import Camera

    import toolkit.lesson_scene  # noqa: F401 (the toolkit's patches, as in a render)
    from manim_patches.displayed_members import ListsDisplayedOnce
    from engine.errors import InputError
    from scenes.catalog import get_spec

    try:
        specs = [get_spec(name) for name in args.scenes]
    except InputError as e:  # an unknown scene: one line, before anything is drawn
        ap.error(str(e))
    ours = ListsDisplayedOnce.get_mobjects_to_display
    for spec in specs:
        spent = {"manim": 0.0, "ours": 0.0, "frames": 0}

        def timed(self, mobjects, include_submobjects=True, excluded_mobjects=None):
            mobjects = list(mobjects)
            started = time.perf_counter()
            theirs = Camera.get_mobjects_to_display(self, mobjects, include_submobjects, excluded_mobjects)
            spent["manim"] += time.perf_counter() - started
            started = time.perf_counter()
            found = ours(self, mobjects, include_submobjects, excluded_mobjects)
            spent["ours"] += time.perf_counter() - started
            if len(found) != len(theirs) or any(a is not b for a, b in zip(found, theirs)):
                sys.exit(f"{spec.name}: frame {spent['frames']}: the patch lists other members than manim")
            spent["frames"] += 1
            return found

        ListsDisplayedOnce.get_mobjects_to_display = timed
        with (
            tempfile.TemporaryDirectory() as media,
            tempconfig(
                {
                    "quality": QUALITIES[args.quality],
                    "write_to_movie": False,
                    "disable_caching": True,
                    "progress_bar": "none",
                    "verbosity": "ERROR",
                    "media_dir": media,
                }
            ),
        ):
            scene = getattr(importlib.import_module(spec.module), spec.name)(params=None, check_layout=False)
            started = time.process_time()
            scene.render()
            cpu = time.process_time() - started
        ListsDisplayedOnce.get_mobjects_to_display = ours
        n = max(1, spent["frames"])
        print(
            f"{spec.name:28} {spent['frames']:5} frames  manim's {1e3 * spent['manim'] / n:6.3f} ms  "
            f"ours {1e3 * spent['ours'] / n:6.3f} ms a frame  (drawing pass {1e3 * cpu / n:5.1f} ms a frame, -q {args.quality})"
        )


if __name__ == "__main__":
    main()
