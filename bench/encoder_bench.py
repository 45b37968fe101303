"""x264 settings for the scene videos: encode time, PSNR against the raw frames, and size.

Run by hand: .venv/bin/python bench/encoder_bench.py
A 3 s 1080p60 scene (a plane, a turning arrow, a live number, a formula) is drawn once;
its raw frames are encoded with each setting and decoded again to measure what was lost.
"wall" is the encode's elapsed time; "cpu" is the CPU time of all the encoder's threads,
which is what counts when every core already runs a worker.
"""

import resource, sys, time, numpy as np, av

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
from manim import *
import manim_patches

manim_patches.install()


class S(Scene):
    def construct(self):
        t = ValueTracker(0)
        plane = NumberPlane()
        arrow = always_redraw(
            lambda: Arrow(ORIGIN, [2 * np.cos(t.get_value()), 2 * np.sin(t.get_value()), 0], buff=0, color=BLUE)
        )
        num = DecimalNumber(0, num_decimal_places=2).to_corner(UL)
        num.add_updater(lambda m: m.set_value(t.get_value()))
        tex = MathTex(r"\mathbf{a}\cdot\mathbf{b} = \|a\|\|b\|\cos\theta").to_edge(DOWN)
        self.add(plane, arrow, num, tex)
        self.play(t.animate.set_value(6.28), run_time=3)


frames = []


class Cap(S):
    def update_to_time(self, t):
        super().update_to_time(t)
        self.renderer.update_frame(self)
        frames.append(np.array(self.renderer.get_frame())[:, :, :3].copy())


with tempconfig(
    {"quality": "high_quality", "dry_run": True, "disable_caching": True, "progress_bar": "none", "verbosity": "ERROR"}
):
    Cap().render()
print("frames", len(frames))


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def encode(opts, path, threads=0, interpolation=None):
    t, cpu = time.perf_counter(), cpu_seconds()
    with av.open(path, "w") as c:
        s = c.add_stream("libx264", rate=60, options=opts)
        s.codec_context.thread_count = threads
        s.pix_fmt = "yuv420p"
        s.width = 1920
        s.height = 1080
        for f in frames:
            frame = av.VideoFrame.from_ndarray(f, format="rgb24")
            if interpolation:  # converted to YUV here, as the lessons' encoder does
                frame = frame.reformat(format="yuv420p", interpolation=interpolation)
            for p in s.encode(frame):
                c.mux(p)
        for p in s.encode():
            c.mux(p)
    dt, cpu = time.perf_counter() - t, cpu_seconds() - cpu
    with av.open(path) as c:
        dec = [fr.to_ndarray(format="rgb24") for fr in c.decode(video=0)]
    mse = np.mean([np.mean((a.astype(float) - b.astype(float)) ** 2) for a, b in zip(frames, dec)])
    import os

    return dt, cpu, 10 * np.log10(255**2 / mse), os.path.getsize(path)


LESSON = {"crf": "20", "preset": "veryfast", "bf": "0"}
for name, opts, threads, *conversion in [
    ("medium crf23 (manim)", {"crf": "23"}, 0),
    ("veryfast crf23", {"crf": "23", "preset": "veryfast"}, 0),
    ("veryfast crf20", {"crf": "20", "preset": "veryfast"}, 0),
    ("faster crf21", {"crf": "21", "preset": "faster"}, 0),
    ("veryfast crf20 bf0", LESSON, 0),
    ("  ... 1 thread", LESSON, 1),
    ("  ... me=dia subme=1", {**LESSON, "x264-params": "me=dia:subme=1"}, 0),
    ("  ... both", {**LESSON, "x264-params": "me=dia:subme=1"}, 1),
    ("  ... + POINT", {**LESSON, "x264-params": "me=dia:subme=1"}, 1, "POINT"),
    ("  ... + AREA", {**LESSON, "x264-params": "me=dia:subme=1"}, 1, "AREA"),
    ("  ... subme=0 (lessons)", {**LESSON, "x264-params": "me=dia:subme=0"}, 1, "AREA"),
    ("superfast crf20 bf0", {"crf": "20", "preset": "superfast", "bf": "0"}, 0),
    ("ultrafast crf18 bf0", {"crf": "18", "preset": "ultrafast", "bf": "0"}, 0),
    ("superfast crf20", {"crf": "20", "preset": "superfast"}, 0),
]:
    dt, cpu, psnr, size = encode(opts, f"/tmp/encoder-bench-{abs(hash(name))}.mp4", threads, *conversion)
    print(f"{name:24} wall {dt:6.2f}s  cpu {cpu:6.2f}s  PSNR {psnr:6.2f} dB  size {size / 1e6:6.2f} MB")
