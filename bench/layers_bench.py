#!/usr/bin/env python3
"""The compositing cache's layers in one scene: how often they are laid, how much of them is
painted and how long laying takes, whole or in their painted boxes. Run by hand:

    .venv/bin/python bench/layers_bench.py MatrixAsTransformation [--whole] [-q high_quality]

The scene is drawn as in a lesson (no layout check, no encoder: frames are drawn and dropped)
and `_lay` is timed where it runs. --whole lays every layer whole, as before the boxes.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scene")
    ap.add_argument("-q", "--quality", default="high_quality")
    ap.add_argument("--whole", action="store_true", help="lay every layer whole")
    args = ap.parse_args()

    from manim import tempconfig

    import toolkit.lesson_scene  # noqa: F401 - the patches installed
    from manim_patches import compositing_cache
    from manim_patches.renderer import hand_over_frames
    from scenes.catalog import get_spec

    if args.whole:
        compositing_cache.BOXED_BELOW = 0.0
    laid = {"calls": 0, "pixels": 0, "painted": 0.0, "seconds": 0.0}
    painted: dict[int, float] = {}
    lay = compositing_cache._lay

    def timed(ctx, layer) -> None:
        s = layer.surface
        if s is not None:
            if id(s) not in painted:
                pixels = np.ndarray((s.get_height(), s.get_stride() // 4), np.uint32, s.get_data())
                painted[id(s)] = float((pixels[:, : s.get_width()] != 0).mean())
            laid["calls"] += 1
            laid["pixels"] += s.get_width() * s.get_height()
            laid["painted"] += s.get_width() * s.get_height() * painted[id(s)]
        started = time.perf_counter()
        lay(ctx, layer)
        laid["seconds"] += time.perf_counter() - started

    compositing_cache._lay = timed
    spec = get_spec(args.scene)
    settings = {"quality": args.quality, "disable_caching": True, "progress_bar": "none", "verbosity": "ERROR"}
    with tempfile.TemporaryDirectory() as media, tempconfig({**settings, "media_dir": media}):
        scene = getattr(importlib.import_module(spec.module), spec.name)(params=None, check_layout=False)
        hand_over_frames(scene.renderer)
        started = time.process_time()
        scene.render()
        cpu = time.process_time() - started
    n = max(1, laid["calls"])
    print(
        f"{args.scene} {'whole' if args.whole else 'boxed'}: {laid['calls']} layers laid, "
        f"{laid['pixels'] / n / 1e6:.2f} Mpx each, {100 * laid['painted'] / max(1, laid['pixels']):.1f}% painted; "
        f"laying {laid['seconds']:.1f} s ({1000 * laid['seconds'] / n:.2f} ms each) of {cpu:.1f} s CPU"
    )


if __name__ == "__main__":
    main()
