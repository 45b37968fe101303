#!/usr/bin/env python3
"""The encoder on a lesson's own frames: the YUV conversion and x264 settings, CPU per frame,
PSNR against the drawn frames and size. Run by hand:

    .venv/bin/python bench/encoder_frames.py MatrixAsTransformation --first 900 --count 240

The scene is drawn at -q h as in a lesson (the toolkit installed, no layout check) and frames
first..first+count-1 of those manim hands its encoder are kept in memory (8 MB each at 1080p).
Then, in interleaved rounds (this machine's speed drifts; the median is printed):
- the conversion to yuv420p: swscale's AREA with its threads (PyAV's default) and in one thread,
  and the lessons' `to_yuv420` (libyuv), its planes checked against swscale's;
- x264 in one thread on the converted frames with each setting, decoded again for PSNR.
CPU time is this process's (the conversion and x264 both run in it, one thread each).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import resource
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LESSONS = {"preset": "veryfast", "crf": "20", "bf": "0"}
CQP = "me=dia:subme=0:weightp=0:scenecut=0:rc-lookahead=0:mbtree=0"
SETTINGS = {
    "veryfast me=dia subme=1 (stop 24)": {**LESSONS, "x264-params": "me=dia:subme=1"},
    "veryfast me=dia subme=0 crf 20 (stop 46)": {**LESSONS, "x264-params": "me=dia:subme=0"},
    "veryfast me=dia subme=0 partitions=none": {**LESSONS, "x264-params": "me=dia:subme=0:partitions=none"},
    "ultrafast crf20": {"preset": "ultrafast", "crf": "20", "bf": "0"},
    "ultrafast crf23": {"preset": "ultrafast", "crf": "23", "bf": "0"},
    "ultrafast crf26": {"preset": "ultrafast", "crf": "26", "bf": "0"},
    "superfast crf23": {"preset": "superfast", "crf": "23", "bf": "0"},
    # Without x264's lookahead and macroblock tree: 5% less of x264's time on VectorAlignment's
    # frames, for 67% more bytes (6.43 against 6.76 ms, 0.20 against 0.12 MB; stop 41).
    "lessons + rc-lookahead=0 mbtree=0": {**LESSONS, "x264-params": "me=dia:subme=0:rc-lookahead=0:mbtree=0"},
    "lessons + aq-mode=0": {**LESSONS, "x264-params": "me=dia:subme=0:aq-mode=0"},
    "lessons + no-deblock": {**LESSONS, "x264-params": "me=dia:subme=0:no-deblock=1"},
    "lessons + no-cabac": {**LESSONS, "x264-params": "me=dia:subme=0:cabac=0"},
    "lessons + partitions=none:8x8dct=0": {**LESSONS, "x264-params": "me=dia:subme=0:partitions=none:8x8dct=0"},
    # Constant QP with nothing that needs x264's half-size lookahead frames (CRF needs them for
    # its complexity estimate; so do the macroblock tree, scene cuts and weighted prediction).
    "constant qp 23, no lookahead": {"preset": "veryfast", "qp": "23", "bf": "0", "x264-params": CQP},
    "constant qp 24, no lookahead (lessons)": {"preset": "veryfast", "qp": "24", "bf": "0", "x264-params": CQP},
    "constant qp 26, no lookahead": {"preset": "veryfast", "qp": "26", "bf": "0", "x264-params": CQP},
    "cqp 24 + cabac=0": {"preset": "veryfast", "qp": "24", "bf": "0", "x264-params": CQP + ":cabac=0"},
    "cqp 24 + no-deblock": {"preset": "veryfast", "qp": "24", "bf": "0", "x264-params": CQP + ":no-deblock=1"},
    "cqp 24 + partitions=none:8x8dct=0": {
        "preset": "veryfast",
        "qp": "24",
        "bf": "0",
        "x264-params": CQP + ":partitions=none:8x8dct=0",
    },
    "cqp 24 + aq-mode=0": {"preset": "veryfast", "qp": "24", "bf": "0", "x264-params": CQP + ":aq-mode=0"},
    "ultrafast qp 24": {"preset": "ultrafast", "qp": "24", "bf": "0"},
    "ultrafast qp 22": {"preset": "ultrafast", "qp": "22", "bf": "0"},
    "ultrafast qp 20": {"preset": "ultrafast", "qp": "20", "bf": "0"},
    "lessons + lookahead 0, no mbtree/scenecut/weightp": {
        **LESSONS,
        "x264-params": "me=dia:subme=0:rc-lookahead=0:mbtree=0:scenecut=0:weightp=0",
    },
}


def cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def drawn_frames(scene: str, first: int, count: int) -> list[np.ndarray]:
    from manim import tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    import toolkit.lesson_scene  # noqa: F401  (the toolkit's patches, as in a render)
    from scenes.catalog import get_spec

    kept: list[np.ndarray] = []
    seen = [0]

    class Enough(Exception):
        pass

    def keep(self, frame, num_frames=1):
        if seen[0] >= first:
            kept.append(np.ascontiguousarray(frame).copy())
        seen[0] += 1
        if len(kept) == count:
            raise Enough

    CairoRenderer.add_frame = keep
    spec = get_spec(scene)
    with (
        tempfile.TemporaryDirectory() as media,
        tempconfig(
            {
                "quality": "high_quality",
                "write_to_movie": False,
                "disable_caching": True,
                "progress_bar": "none",
                "verbosity": "ERROR",
                "media_dir": media,
            }
        ),
    ):
        try:
            getattr(importlib.import_module(spec.module), spec.name)(params=None, check_layout=False).render()
        except Enough:
            pass
    return kept


def main() -> None:
    import av

    from manim_patches.encoder import to_yuv420

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scene")
    ap.add_argument("--first", type=int, default=600, help="the first frame kept (default 600)")
    ap.add_argument("--count", type=int, default=240, help="frames kept (default 240)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="", help="only the x264 settings whose names match this regex")
    args = ap.parse_args()
    frames = drawn_frames(args.scene, args.first, args.count)
    H, W = frames[0].shape[:2]
    print(f"{args.scene}: {len(frames)} frames from {args.first}, {W}x{H}")

    def whole(threads):
        return lambda f: av.VideoFrame.from_numpy_buffer(f, format="rgba").reformat(
            format="yuv420p", interpolation="AREA", threads=threads
        )

    def planes(frame):
        return [
            np.frombuffer(memoryview(p), np.uint8).reshape(-1, p.line_size)[: p.height, : p.width].astype(int)
            for p in frame.planes
        ]

    conversions = {
        "swscale AREA, its threads": whole(None),
        "swscale AREA, one thread": whole(1),
        "to_yuv420 (lessons)": to_yuv420,
    }
    spent = {k: [] for k in conversions}
    for _ in range(args.rounds):
        for name, convert in conversions.items():
            t = cpu()
            for f in frames:
                convert(f)
            spent[name].append((cpu() - t) / len(frames))
    off = max(max(np.abs(a - b).max() for a, b in zip(planes(to_yuv420(f)), planes(whole(1)(f)))) for f in frames)
    for name, v in spent.items():
        print(f"  conversion {name:28} {1000 * statistics.median(v):6.2f} ms/frame CPU")
    print(f"  to_yuv420's planes against swscale's: {off} levels at most")

    yuv = [to_yuv420(f) for f in frames]
    settings = {k: v for k, v in SETTINGS.items() if re.search(args.only, k)}
    spent = {k: [] for k in settings}
    with tempfile.TemporaryDirectory() as tmp:

        def encode(name, options):
            path = Path(tmp) / f"{len(spent[name])}-{abs(hash(name))}.mp4"
            t = cpu()
            with av.open(str(path), "w") as container:
                stream = container.add_stream("libx264", rate=60, options=options)
                stream.codec_context.thread_count = 1
                stream.pix_fmt, stream.width, stream.height = "yuv420p", W, H
                for i, frame in enumerate(yuv):
                    frame.pts = i
                    for packet in stream.encode(frame):
                        container.mux(packet)
                for packet in stream.encode():
                    container.mux(packet)
            spent[name].append((cpu() - t) / len(frames))
            return path

        for _ in range(args.rounds):
            paths = {name: encode(name, options) for name, options in settings.items()}
        for name, path in paths.items():
            with av.open(str(path)) as container:
                decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
            mse = np.mean(
                [np.mean((a[..., :3].astype(np.float32) - b.astype(np.float32)) ** 2) for a, b in zip(frames, decoded)]
            )
            print(
                f"  x264 {name:42} {1000 * statistics.median(spent[name]):6.2f} ms/frame CPU  "
                f"PSNR {10 * np.log10(255**2 / mse):6.2f} dB  {os.path.getsize(path) / 1e6:6.2f} MB"
            )


if __name__ == "__main__":
    main()
