"""bench/stillness_bench.py's measure on a tiny synthesised lesson: 3 s of a moving square, then
the square held still 3 s (one frame carried by its timestamp, as the engine codes a hold), and a
tone, standing in for the voice, over the last 4 s. The voice speaks over a still picture ~3 s."""

from __future__ import annotations

import importlib.util
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
FPS, RATE, W, H = 15, 48000, 320, 180


def load_bench():
    """bench/stillness_bench.py as a module (bench/ is no package)."""
    if "stillness_bench" not in sys.modules:
        spec = importlib.util.spec_from_file_location("stillness_bench", ROOT / "bench" / "stillness_bench.py")
        module = sys.modules["stillness_bench"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules["stillness_bench"]


def picture(x: int) -> np.ndarray:
    img = np.full((H, W, 3), 20, np.uint8)
    img[70:110, x : x + 40] = (230, 200, 60)
    return img


def make_lesson(path: Path, tone_from: float = 2.0, seconds: float = 6.0) -> None:
    with av.open(str(path), "w") as c:
        v = c.add_stream("libx264", rate=FPS, options={"crf": "20", "preset": "ultrafast", "bf": "0"})
        v.width, v.height, v.pix_fmt = W, H, "yuv420p"
        v.time_base = Fraction(1, FPS)
        a = c.add_stream("aac", rate=RATE, layout="mono")
        # 3 s of motion, then one frame held to the end; a last frame ends the hold.
        frames = [(i, picture(10 + 5 * i)) for i in range(3 * FPS)]
        frames += [(3 * FPS, picture(10 + 5 * 3 * FPS)), (int(seconds * FPS) - 1, picture(10 + 5 * 3 * FPS))]
        for pts, img in frames:
            f = av.VideoFrame.from_ndarray(img, format="rgb24")
            f.pts, f.time_base = pts, Fraction(1, FPS)
            for p in v.encode(f):
                c.mux(p)
        for p in v.encode():
            c.mux(p)
        t = np.arange(int(seconds * RATE)) / RATE
        tone = np.where(t >= tone_from, 0.2 * np.sin(2 * np.pi * 220 * t), 0.0).astype(np.float32)
        for start in range(0, len(tone), 1024):
            chunk = tone[start : start + 1024]
            f = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout="mono")
            f.sample_rate, f.pts, f.time_base = RATE, start, Fraction(1, RATE)
            for p in a.encode(f):
                c.mux(p)
        for p in a.encode():
            c.mux(p)


@pytest.fixture(scope="module")
def lesson(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("stillness") / "lesson.mp4"
    make_lesson(path)
    return path


def test_still_ticks_follow_presentation_time(lesson):
    bench = load_bench()
    times, still = bench.still_ticks(lesson)
    assert times[-1] == pytest.approx(6.0)  # the last tick covers (5.9, 6.0]
    moving = times < 3.0
    assert not still[(times > 0) & moving].any()  # the square moves every tick
    assert still[times > 3.05].all()  # the hold, one frame for 3 s, is still every tick


def test_speech_over_a_still_picture(lesson):
    bench = load_bench()
    m = bench.speech_over_still(lesson)
    assert m["speech_seconds"] == pytest.approx(4.0, abs=0.25)
    assert 2.5 <= m["still_seconds"] <= 3.1
    longest = m["stretches"][0]
    assert longest.start == pytest.approx(3.0, abs=0.15) and 2.5 <= longest.seconds <= 3.1
    assert len(m["stretches"]) == 1


def test_pauses_between_words_are_speech():
    bench = load_bench()
    rate = 1000
    words = np.zeros(3 * rate, np.float32)
    for a, b in [(0.2, 0.8), (1.0, 1.5), (2.2, 2.6)]:  # gaps of 0.2 s (a pause) and 0.7 s (silence)
        words[int(a * rate) : int(b * rate)] = 0.3
    speech = bench.speech_windows(words, rate)
    at = lambda s: speech[int(s / bench.WINDOW)]
    assert at(0.5) and at(0.9) and at(1.2) and not at(1.8) and at(2.4) and not at(0.1)
