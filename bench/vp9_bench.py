"""VP9 settings for transparent WebM clips (`render.py scene X --transparent -o clip.webm`):
encode time, PSNR against the drawn frames, and size.

Run by hand, on a lossless transparent clip of the same scene (QuickTime Animation keeps every
drawn pixel, alpha included):

    .venv/bin/python render.py scene TitleCard --transparent -q h --voice none -o /tmp/tc.mov
    .venv/bin/python bench/vp9_bench.py /tmp/tc.mov [FRAMES]

(FRAMES: only the clip's first FRAMES coded frames.)

Each setting encodes the clip's frames (as the scene's writer sends them, a hold once) and the
result is decoded again with libvpx (the decoder that reads WebM's alpha). PSNR is over the
colour as it is composited (RGB times alpha) and over the alpha itself. "cpu" is the CPU time
of the encoder's threads, what counts when every core already runs a worker.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from engine import video  # noqa: E402
from manim_patches.encoder import VP9  # noqa: E402

# What manim 0.21 passes for a WebM partial movie (scene_file_writer.open_partial_movie_stream).
MANIM = {"an": "1", "crf": "23", "-auto-alt-ref": "1"}
SETTINGS = {
    "manim's": (MANIM, 0),
    "cpu-used 4, row-mt": ({**MANIM, "cpu-used": "4", "row-mt": "1"}, 0),
    "realtime, cpu-used 6": ({**MANIM, "deadline": "realtime", "cpu-used": "6", "row-mt": "1"}, 0),
    "realtime, cpu-used 8": ({**MANIM, "deadline": "realtime", "cpu-used": "8", "row-mt": "1"}, 0),
    "ours (manim_patches.encoder.VP9)": ({**MANIM, **VP9}, 1),
}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def source(path: Path) -> tuple[list[np.ndarray], list[int], float]:
    rate = video.probe(path).fps  # the scene's rate (the stream's average is lower: holds are coded once)
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        tb = s.time_base
        pts = [round(float(f.pts * tb) * rate) for f in c.decode(s)]
    return list(video.decode_rgba(path)), pts, rate


def encode(frames, pts, rate, options: dict, threads: int, out: Path) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    with av.open(str(out), mode="w") as c:
        s = c.add_stream("libvpx-vp9", rate=round(rate), options=options)
        s.pix_fmt = "yuva420p"
        s.width, s.height = frames[0].shape[1], frames[0].shape[0]
        s.codec_context.thread_count = threads
        for rgba, p in zip(frames, pts):
            frame = av.VideoFrame.from_ndarray(rgba, format="rgba")
            frame.pts = p
            for packet in s.encode(frame):
                c.mux(packet)
        for packet in s.encode():
            c.mux(packet)
    return time.perf_counter() - wall, cpu_seconds() - cpu


def psnr(mse: float) -> float:
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


def quality(frames, out: Path) -> tuple[float, float]:
    """PSNR over the whole clip (the mean squared error of every frame pooled: a transparent
    frame has none, and one frame's infinite PSNR would swamp a mean of PSNRs)."""
    decoded = list(video.decode_rgba(out))
    assert len(decoded) == len(frames), (len(decoded), len(frames))
    colour = alpha = 0.0
    for a, b in zip(frames, decoded):
        pa, pb = (x[..., :3] * (x[..., 3:4] / 255.0) for x in (a, b))
        colour += np.mean((pa - pb) ** 2)
        alpha += np.mean((a[..., 3].astype(float) - b[..., 3]) ** 2)
    return psnr(colour / len(frames)), psnr(alpha / len(frames))


def main(path: Path, limit: int | None = None) -> None:
    frames, pts, rate = source(path)
    frames, pts = frames[:limit], pts[:limit]
    print(f"{path.name}: {len(frames)} coded frames, {frames[0].shape[1]}x{frames[0].shape[0]} at {rate:g} fps")
    print(f"{'setting':28s} {'wall s':>7s} {'cpu s':>7s} {'PSNR colour':>12s} {'PSNR alpha':>11s} {'KiB':>7s}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (options, threads) in SETTINGS.items():
            out = Path(tmp) / "clip.webm"
            wall, cpu = encode(frames, pts, rate, options, threads, out)
            colour, alpha = quality(frames, out)
            print(f"{name:28s} {wall:7.2f} {cpu:7.2f} {colour:12.2f} {alpha:11.2f} {out.stat().st_size / 1024:7.0f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else None)
