#!/usr/bin/env python3
"""Whether a change keeps the frames: every frame a scene hands its encoder, drawn by this
checkout and by another one (a worktree of the commit before), compared pixel by pixel.

Run by hand:
    git worktree add /tmp/before HEAD~1 && ln -s $PWD/.venv /tmp/before/.venv
    .venv/bin/python bench/frames_diff.py --against /tmp/before VectorAlignment CosineRelation
    .venv/bin/python bench/frames_diff.py --plain VectorAlignment   # this checkout, patched against plain manim

(`--plain`: the other side is this checkout with LESSON_PLAIN_MANIM=1, manim without
manim_patches; tests/patches/test_manim_patches.py uses `draw` and `compare` the same way.)

Frames are compared before the encoder, so coding noise plays no part: "worst 0" means the same
pixels. Prints, per scene, the frames that differ, the largest difference in levels of 255 and
how many pixels differ over the scene, and the runs of differing frames (`--keep DIR` writes the
worst frame of each run, this checkout's above the other's, to look at). -q l by default (854x480); the raw frames go to a
temporary folder and are removed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

# Run inside each checkout: the scene rendered as in a lesson, every frame written raw.
DRAW = r"""
import json
import sys
sys.path.insert(0, ".")
import numpy as np
from manim import tempconfig
from manim.renderer.cairo_renderer import CairoRenderer
import importlib
from scenes.catalog import get_spec
spec = get_spec(sys.argv[1])
out = open(sys.argv[2], "wb")
add_frame = CairoRenderer.add_frame
def keep(self, frame, num_frames=1):
    out.write(np.ascontiguousarray(frame).tobytes())
    return add_frame(self, frame, num_frames)
CairoRenderer.add_frame = keep
with tempconfig({"quality": sys.argv[3], "write_to_movie": False, "disable_caching": True,
                 "progress_bar": "none", "verbosity": "ERROR", "media_dir": sys.argv[4], **json.loads(sys.argv[5])}):
    scene = getattr(importlib.import_module(spec.module), spec.name)(params=None, check_layout=False)
    scene.render()
    print(*scene.camera.pixel_array.shape)
"""

sys.path.insert(0, str(ROOT))
from engine.quality import QUALITIES as _QUALITIES  # noqa: E402

QUALITIES = {q.letter: q.manim_name for q in _QUALITIES.values()}


def draw(
    checkout: Path, scene: str, raw: Path, quality: str, media: Path, plain: bool = False, settings: dict | None = None
) -> tuple[int, ...]:
    """Every frame of `scene` drawn by `checkout` into `raw`; the frame's shape. `plain`: with
    LESSON_PLAIN_MANIM=1; `settings`: more of manim's config (a smaller frame, fewer frames)."""
    python = checkout / ".venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "LESSON_PLAIN_MANIM"}
    if plain:
        env["LESSON_PLAIN_MANIM"] = "1"
    result = subprocess.run(
        [
            str(python if python.exists() else sys.executable),
            "-c",
            DRAW,
            scene,
            str(raw),
            quality,
            str(media),
            json.dumps(settings or {}),
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        sys.exit(f"{checkout}: {scene} failed:\n{result.stderr[-2000:]}")
    return tuple(int(x) for x in result.stdout.split()[-3:])


def compare(a, b) -> tuple[int, int, int, list[list[int]]]:
    """Frames `a` and `b` (as many of each): how many differ, the largest difference in levels
    of 255, the pixels that differ over all, and the runs of differing frames ([first, last,
    worst frame, its worst difference])."""
    differ = worst = pixels = 0
    runs: list[list[int]] = []
    for k, (x, y) in enumerate(zip(a, b)):
        d = np.abs(x.astype(np.int16) - y.astype(np.int16)).max(axis=2)
        if d.any():
            differ += 1
            worst = max(worst, int(d.max()))
            pixels += int(np.count_nonzero(d))
            if runs and runs[-1][1] == k - 1:
                runs[-1][1] = k
                if d.max() > runs[-1][3]:
                    runs[-1][2:] = [k, int(d.max())]
            else:
                runs.append([k, k, k, int(d.max())])
    return differ, worst, pixels, runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    other = ap.add_mutually_exclusive_group(required=True)
    other.add_argument("--against", type=Path, help="the other checkout (with its .venv)")
    other.add_argument("--plain", action="store_true", help="the other side: this checkout with LESSON_PLAIN_MANIM=1")
    ap.add_argument("-q", "--quality", choices=sorted(QUALITIES), default="l")
    ap.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the worst frame of each run of differing frames there, this checkout's above the other's",
    )
    ap.add_argument("scenes", nargs="+")
    args = ap.parse_args()
    print(f"{'scene':28} {'frames':>7} {'differ':>7} {'worst':>6} {'pixels differing':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for scene in args.scenes:
            ours, theirs = Path(tmp) / "ours.raw", Path(tmp) / "theirs.raw"
            shape = draw(ROOT, scene, ours, QUALITIES[args.quality], Path(tmp) / "media-ours")
            against = ROOT if args.plain else args.against.resolve()
            if (
                draw(against, scene, theirs, QUALITIES[args.quality], Path(tmp) / "media-theirs", plain=args.plain)
                != shape
            ):
                sys.exit(f"{scene}: the two checkouts draw frames of different sizes")
            a = np.memmap(ours, np.uint8, "r").reshape(-1, *shape)
            b = np.memmap(theirs, np.uint8, "r").reshape(-1, *shape)
            if len(a) != len(b):
                print(f"{scene:28} frame counts differ: {len(a)} here, {len(b)} there")
                continue
            differ, worst, pixels, runs = compare(a, b)
            print(f"{scene:28} {len(a):>7} {differ:>7} {worst:>6} {pixels:>17}")
            if runs:
                print("  differing frames: " + ", ".join(f"{r[0]}-{r[1]}" if r[1] > r[0] else str(r[0]) for r in runs))
            if args.keep:
                from PIL import Image

                args.keep.mkdir(parents=True, exist_ok=True)
                for first, last, k, _ in runs:
                    Image.fromarray(np.vstack([a[k], b[k]])[..., :3]).save(args.keep / f"{scene}-{k:05d}.png")
            del a, b
            ours.unlink()
            theirs.unlink()


if __name__ == "__main__":
    main()
