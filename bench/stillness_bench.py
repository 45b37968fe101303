#!/usr/bin/env python3
"""How much of a lesson's narration plays over a still picture, measured on the rendered video.

Run by hand on rendered lessons (it reads output/, it does not render):
    .venv/bin/python bench/stillness_bench.py [LESSON ...] [--output-dir DIR] [--json FILE] [--threshold T]

The picture: the lesson MP4 decoded with PyAV, the frame on screen at every 0.1 s of
presentation time (the video is variable frame rate: a hold is one long frame), shrunk to
160x90 grey; a tick is "still" when its mean absolute difference to the previous tick's frame is
below --threshold grey levels (of 255). A hold differs by exactly 0 (half the ticks of a lesson).
The default, 0.005, was chosen on the -q l dot-product's own ticks, looked at full size: below it
are scattered specks of a few dozen pixels, in half of those ticks no pixel changing by 32 levels
(the encoder coding an unchanged picture again, the last sub-pixel of an easing): nobody sees
them; from ~0.006 up
are the slowest visible changes (a shadow fading in: 0.006-0.014 a tick, a small label or a digit
of a readout: 0.01 and up). Between 0 and 0.02 the share moves by 4 points, the count of long
stretches and the longest not at all; above 0.05 it climbs fast (dot-product: 0.05 67%, 0.2 87%),
as most of the lessons' motion is thin lines and small shapes, a small mean difference. Each
lesson's share is printed at a few thresholds too.

The voice: the audio track's RMS in 10 ms windows; speech where the level is within 35 dB of the
loud parts (the 95th percentile of the windows' level), gaps under 0.3 s bridged so a pause
between words is still speech; a 0.1 s tick is speech when most of its windows are.

Prints per lesson and per part (the manifest's chapters: title card, scenes, closing card):
speech seconds, speech over a still picture (seconds and share), the still stretches under speech
longer than 3 s, and the longest with its time and the caption spoken then (also for the scenes
alone, without the title and closing cards, which stand still by design); then the worst 10
stretches of the lesson. A stretch is a run of ticks both still and speech. Motion for its own
sake would count as motion here: the figure says when the picture stands still, not whether
its motion teaches.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parent.parent

STEP = 0.1  # seconds between ticks
SIZE = (160, 90)  # the grey picture the ticks compare
THRESHOLD = 0.005  # mean absolute difference, grey levels of 255, under which a tick is still
WINDOW = 0.010  # seconds per RMS window
RANGE_DB = 35.0  # speech: within this many dB of the loud parts
LOUD_PERCENTILE = 95  # the loud parts' level: this percentile of the windows' levels
BRIDGE = 0.3  # gaps in speech shorter than this are speech
LONG = 3.0  # a stretch longer than this is counted
SWEEP = (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2)  # thresholds the share is also given at


# --- the measure (importable: tests/unit/test_stillness.py) ---------------------------------


def frame_diffs(
    video_path: str | Path, step: float = STEP, size: tuple[int, int] = SIZE
) -> tuple[np.ndarray, np.ndarray]:
    """(tick times, mean absolute difference of each tick's picture to the previous tick's).

    Tick k is at k * step seconds of presentation time; its picture is the frame on screen
    then (the last frame whose time is at or before it), in grey at `size`. The first tick's
    difference is 0. A tick stands for the step before it; the last one for the step the last
    frame ends in."""
    width, height = size
    diffs: list[float] = []
    shown = previous = None  # the picture on screen, and the previous tick's

    def ticks_until(t: float) -> None:  # every tick before t shows `shown`
        nonlocal previous
        while len(diffs) * step < t - 1e-9:
            diffs.append(0.0 if previous is None else float(np.abs(shown - previous).mean()))
            previous = shown

    end = 0.0
    with av.open(str(video_path)) as c:
        s = c.streams.video[0]
        tb = s.time_base
        for frame in c.decode(s):
            if frame.pts is None:
                continue
            at = float(frame.pts * tb)
            if shown is not None:
                ticks_until(at)
            shown = frame.reformat(width=width, height=height, format="gray").to_ndarray().astype(np.int16)
            if not diffs:  # a stream that starts late shows its first frame from 0
                ticks_until(at)
            end = max(end, at + float((frame.duration or 0) * tb))
        if shown is not None:
            ticks_until(end + step)  # the last tick covers the step the video ends in
    return np.arange(len(diffs)) * step, np.array(diffs)


def still_ticks(
    video_path: str | Path, step: float = STEP, threshold: float = THRESHOLD
) -> tuple[np.ndarray, np.ndarray]:
    """(tick times, whether the picture at each tick is the previous tick's, within `threshold`)."""
    times, diffs = frame_diffs(video_path, step)
    return times, is_still(diffs, threshold)


def is_still(diffs: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    still = diffs < threshold
    if len(still):
        still[0] = False  # nothing before the first picture to be still against
    return still


def read_mono(audio_path: str | Path) -> tuple[np.ndarray, int]:
    """The first audio stream as float32 mono samples from time 0, and its rate."""
    with av.open(str(audio_path)) as c:
        if not c.streams.audio:
            raise ValueError(f"{audio_path}: no audio")
        s = c.streams.audio[0]
        rate = s.codec_context.sample_rate or 48000
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks, start = [], None
        for frame in c.decode(s):
            if start is None:
                start = float(frame.time or 0.0)
            chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(frame))
        chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(None))
    x = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    shift = int(round((start or 0.0) * rate))
    return (np.pad(x, (shift, 0)) if shift > 0 else x[-shift:]), rate


def speech_windows(
    samples: np.ndarray, rate: int, window: float = WINDOW, range_db: float = RANGE_DB, bridge: float = BRIDGE
) -> np.ndarray:
    """Whether each `window`-second window is speech: within `range_db` of the loud parts' level,
    gaps shorter than `bridge` seconds filled."""
    n = int(round(window * rate))
    count = len(samples) // n
    if count == 0:
        return np.zeros(0, bool)
    frames = samples[: count * n].astype(np.float64).reshape(count, n)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)  # dBFS, floor -120
    audible = level > -90
    if not audible.any():
        return np.zeros(count, bool)
    loud = np.percentile(level[audible], LOUD_PERCENTILE)
    speech = level > loud - range_db
    # Bridge short gaps: a run of non-speech shorter than `bridge` between two speech windows.
    longest_gap = int(round(bridge / window))
    idx = np.flatnonzero(speech)
    if len(idx) > 1:
        gaps = np.diff(idx) - 1
        for i in np.flatnonzero((gaps > 0) & (gaps < longest_gap)):
            speech[idx[i] + 1 : idx[i + 1]] = True
    return speech


def speech_mask(audio_path: str | Path, step: float = STEP, ticks: int | None = None) -> np.ndarray:
    """Whether each tick is speech: tick k (at k * step) covers the step before it, ((k-1)*step,
    k*step], as a still tick does; it is speech when most of its 10 ms windows are. `ticks`: how
    many (default: as many as the audio lasts)."""
    samples, rate = read_mono(audio_path)
    windows = speech_windows(samples, rate)
    per = int(round(step / WINDOW))
    if ticks is None:
        ticks = len(windows) // per + 1
    mask = np.zeros(ticks, bool)
    for k in range(1, ticks):
        part = windows[(k - 1) * per : k * per]
        mask[k] = len(part) > 0 and part.mean() >= 0.5
    return mask


@dataclass
class Stretch:
    start: float  # seconds, lesson time (the start of the first tick's step)
    seconds: float
    part: str = ""
    caption: str = ""


def stretches(times: np.ndarray, both: np.ndarray, step: float = STEP) -> list[Stretch]:
    """Runs of ticks where `both` (still and speech) holds, longest first."""
    out = []
    edges = np.diff(np.concatenate([[0], both.astype(np.int8), [0]]))
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        out.append(Stretch(start=round(float(times[a]) - step, 2), seconds=round(float(b - a) * step, 2)))
    return sorted(out, key=lambda s: -s.seconds)


def speech_over_still(
    video_path: str | Path, audio_path: str | Path | None = None, step: float = STEP, threshold: float = THRESHOLD
) -> dict:
    """The measure of one file: ticks, their differences, still and speech masks, and the totals."""
    times, diffs = frame_diffs(video_path, step)
    still = is_still(diffs, threshold)
    speech = speech_mask(audio_path or video_path, step, ticks=len(times))
    both = still & speech
    return {
        "times": times,
        "diffs": diffs,
        "still": still,
        "speech": speech,
        "both": both,
        "speech_seconds": float(speech.sum() * step),
        "still_seconds": float(both.sum() * step),
        "stretches": stretches(times, both, step),
    }


# --- a lesson's report ---------------------------------------------------------------------


def caption_at(cues: list[dict], start: float, end: float) -> str:
    """The cue spoken most during [start, end] (else the one nearest it)."""
    if not cues:
        return ""
    overlap = [max(0.0, min(end, c["end"]) - max(start, c["start"])) for c in cues]
    best = int(np.argmax(overlap))
    if overlap[best] <= 0:
        mid = (start + end) / 2
        best = min(range(len(cues)), key=lambda i: min(abs(cues[i]["start"] - mid), abs(cues[i]["end"] - mid)))
    return cues[best]["text"]


def summary(times: np.ndarray, speech: np.ndarray, both: np.ndarray, found: list[Stretch], step: float) -> dict:
    talk = float(speech.sum() * step)
    over = float(both.sum() * step)
    long = [s for s in found if s.seconds > LONG]
    return {
        "speech_s": round(talk, 1),
        "still_s": round(over, 1),
        "share": round(over / talk, 3) if talk else 0.0,
        "over_3s": len(long),
        "longest": asdict(found[0]) if found else None,
    }


def measure_lesson(lesson_dir: Path, threshold: float = THRESHOLD, step: float = STEP) -> dict:
    manifest = json.loads((lesson_dir / "manifest.json").read_text(encoding="utf-8"))
    m = speech_over_still(lesson_dir / manifest["video"], step=step, threshold=threshold)
    times, speech, both = m["times"], m["speech"], m["both"]
    cues, chapters = manifest.get("cues", []), manifest["chapters"]
    for s in m["stretches"]:
        mid = s.start + s.seconds / 2
        s.part = next((ch["scene"] for ch in chapters if ch["start"] <= mid < ch["end"]), chapters[-1]["scene"])
        s.caption = caption_at(cues, s.start, s.start + s.seconds)
    parts = []
    # A tick covers the step before it: it belongs to the part its middle falls in.
    middles = times - step / 2
    in_scenes = np.zeros(len(times), bool)
    scene_stretches: list[Stretch] = []
    scene_names = {p["scene"] for p in manifest.get("scenes", [])}  # the parts that are no card
    for ch in chapters:
        inside = (middles >= ch["start"]) & (middles < ch["end"])
        mine = [s for s in m["stretches"] if ch["start"] <= s.start + s.seconds / 2 < ch["end"]]
        parts.append(
            {
                "part": ch["scene"],
                "start": ch["start"],
                "end": ch["end"],
                **summary(times[inside], speech[inside], both[inside], mine, step),
            }
        )
        if ch["scene"] in scene_names:
            in_scenes |= inside
            scene_stretches += mine
    scene_stretches.sort(key=lambda s: -s.seconds)
    scenes_only = summary(times[in_scenes], speech[in_scenes], both[in_scenes], scene_stretches, step)
    # How the share depends on the threshold (the lesson's motion is mostly small: see the docstring).
    talk = max(int(speech.sum()), 1)
    sensitivity = {str(t): round(float((is_still(m["diffs"], t) & speech).sum() / talk), 3) for t in SWEEP}
    return {
        "lesson": manifest["lesson"],
        "quality": manifest.get("quality"),
        "width": manifest.get("width"),
        "height": manifest.get("height"),
        "fps": manifest.get("fps"),
        "duration": manifest.get("duration"),
        "threshold": threshold,
        "step": step,
        **summary(times, speech, both, m["stretches"], step),
        "scenes_only": scenes_only,
        "share_at_threshold": sensitivity,
        "parts": parts,
        "worst": [asdict(s) for s in m["stretches"][:10]],
    }


def clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_lesson(r: dict) -> None:
    print(
        f"{r['lesson']}: -q {r['quality']} {r['width']}x{r['height']} {r['fps']} fps, {r['duration']:.1f} s; "
        f"still below {r['threshold']} grey levels, {r['step']} s ticks"
    )
    print(
        "  (still s: seconds of speech over a still picture; share: of the speech; >3 s: such stretches"
        " longer than 3 s)"
    )
    print(f"  {'part':28} {'speech s':>8} {'still s':>8} {'share':>6} {'>3 s':>5} {'longest':>8}  at      caption")

    def row(name: str, f: dict) -> None:
        lg = f["longest"]
        tail = f"{lg['seconds']:7.1f}s  {clock(lg['start']):7} {short(lg['caption'], 60)!r}" if lg else ""
        print(f"  {name:28} {f['speech_s']:8.1f} {f['still_s']:8.1f} {f['share']:6.0%} {f['over_3s']:5d} {tail}")

    row("whole lesson", r)
    row("scenes (no cards)", r["scenes_only"])
    for p in r["parts"]:
        row(p["part"], p)
    print("  share at other thresholds: " + ", ".join(f"{t} {v:.0%}" for t, v in r["share_at_threshold"].items()))
    print("  worst stretches:")
    for i, s in enumerate(r["worst"], 1):
        print(f"  {i:2}. {s['seconds']:4.1f} s at {clock(s['start']):7} {s['part']:28} {short(s['caption'])!r}")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("lessons", nargs="*", help="default: every lesson in lessons/")
    ap.add_argument("--output-dir", type=Path, default=ROOT / "output")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument(
        "--threshold",
        type=float,
        default=THRESHOLD,
        help=f"still below this mean absolute difference, grey levels of 255 (default {THRESHOLD})",
    )
    args = ap.parse_args()
    names = args.lessons or sorted(p.stem for p in (ROOT / "lessons").glob("*.toml"))
    for name in names:
        folder = args.output_dir / name
        if not (ROOT / "lessons" / f"{name}.toml").is_file():
            print(f"{name}: no such lesson (lessons/{name}.toml)", file=sys.stderr)
            sys.exit(2)
        if not (folder / "manifest.json").is_file():
            print(
                f"{name}: not rendered in {args.output_dir} (no {name}/manifest.json); "
                f"render it first: python render.py lesson {name} -q l",
                file=sys.stderr,
            )
            sys.exit(2)
    reports = []
    for name in names:
        reports.append(measure_lesson(args.output_dir / name, args.threshold))
        print_lesson(reports[-1])
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
