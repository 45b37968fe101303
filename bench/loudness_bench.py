#!/usr/bin/env python3
"""What bringing a lesson's narration to -16 LUFS costs (engine.course.narrate's maths), and the
true-peak meter against oversampling the whole track (scipy's resample_poly, what it did before).

Run by hand on a rendered lesson:  .venv/bin/python bench/loudness_bench.py output/matmul/matmul.mp4 [--gain 1.6]
The track is read from the file (already at -16 LUFS) and scaled by --gain first, so the
normaliser has work to do. Prints seconds per step, one run each.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("media")
    ap.add_argument("--gain", type=float, default=1.6)
    args = ap.parse_args()

    from scipy.signal import resample_poly

    from narration.audio import RATE, _oversampled_peaks, measure, normalise, read_audio

    x = read_audio(args.media) * args.gain
    _oversampled_peaks(x[:RATE])  # the filter designed, scipy imported

    def timed(label, f):
        start = time.perf_counter()
        out = f()
        print(f"{label:48} {time.perf_counter() - start:6.2f} s", flush=True)
        return out

    print(f"{args.media}: {len(x) / RATE:.1f} s of audio, scaled by {args.gain}")
    whole = timed(
        "whole track oversampled (resample_poly)",
        lambda: np.abs(resample_poly(np.asarray(x, np.float64), 4, 1)[: 4 * len(x)]).reshape(-1, 4).max(axis=1),
    )
    ceiling = 10 ** (-1.5 / 20)
    meter = timed("meter above the limiter's ceiling", lambda: _oversampled_peaks(x, above=ceiling))
    over = whole > ceiling
    print(
        f"{'':48} samples over the ceiling: {int(over.sum())}, largest difference there: "
        f"{float(np.abs(whole - meter)[over].max()) if over.any() else 0.0:.2e}"
    )
    timed("meter above the largest sample", lambda: _oversampled_peaks(x, above=float(np.abs(x).max())))
    y = timed("normalise", lambda: normalise(x))
    figures = timed("measure", lambda: measure(y))
    print(f"{'':48} {figures['lufs']:.2f} LUFS, true peak {figures['true_peak_dbtp']:.2f} dBTP")


if __name__ == "__main__":
    main()
