"""Narrated renders through render.py (issue 12): the lesson's track is there, as long as the
picture, each beat's speech starts at the beat (found in the signal, not our bookkeeping),
at -16 LUFS; an author's recording replaces the offline voice for its beat only and
re-renders only its scene; the recording sheet; bad recordings refused up front."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from narration.audio import onsets, write_wav

ROOT = Path(__file__).resolve().parents[2]
# Its module-scoped renders are made once: on one xdist worker (make test runs --dist loadgroup),
# not once on each worker that gets one of its tests.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("voiced")]
RATE = 48000
MINI = (
    'title = "Voiced"\ncourse = "Test course"\nvoice = "auto"\n[[scenes]]\nscene = "DotProductDefinition"\n'
    "params = { a = [1, 2], b = [3, 4], a2 = [2, -1], b2 = [1, 3] }\n"
)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("voiced")
    (root / "lessons").mkdir()
    (root / "lessons" / "voiced.toml").write_text(MINI)
    env = {**os.environ, "LESSON_PACE": "0.25", "LESSON_RECORDINGS": str(root / "narration")}
    course = {"root": root, "out": root / "output", "env": env}
    first = run(course, "lesson", "voiced", "-q", "l")
    assert first.returncode == 0, first.stderr
    return course


def run(course, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "render.py"),
            *args,
            "--output-dir",
            str(course["out"]),
            "--lessons",
            str(course["root"] / "lessons"),
        ]
        if args[0] in ("lesson", "script")
        else [sys.executable, str(ROOT / "render.py"), *args, "--output-dir", str(course["out"])],
        capture_output=True,
        text=True,
        env=course["env"],
        cwd=course["root"],
    )


def audio_of(path: Path) -> tuple[np.ndarray, dict]:
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        facts = {
            "codec": stream.codec_context.name,
            "rate": stream.codec_context.sample_rate,
            "video": float(c.streams.video[0].duration * c.streams.video[0].time_base),
        }
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        chunks = [f.to_ndarray().reshape(-1) for frame in c.decode(stream) for f in resampler.resample(frame)]
    samples = np.concatenate(chunks)
    facts["audio"] = len(samples) / RATE
    return samples, facts


def test_the_lesson_has_one_track_as_long_as_the_picture(course):
    m = json.loads((course["out"] / "voiced" / "manifest.json").read_text())
    samples, facts = audio_of(course["out"] / "voiced" / "voiced.mp4")
    assert facts["codec"] == "aac" and facts["rate"] == 48000
    assert abs(facts["audio"] - facts["video"]) <= 1 / 15 + 0.03  # one frame (AAC pads to 1024 samples)
    assert m["audio"]["codec"] == "aac" and m["audio"]["true_peak_dbtp"] <= -1.0


def test_loudness_is_the_target(course):
    import pyloudnorm  # here, not at the top: with scipy.signal, a second of every worker's collection

    samples, _ = audio_of(course["out"] / "voiced" / "voiced.mp4")
    lufs = pyloudnorm.Meter(RATE).integrated_loudness(samples.astype(np.float64))
    assert lufs == pytest.approx(-16.0, abs=1.0)


def test_each_beat_is_spoken_from_its_start(course):
    m = json.loads((course["out"] / "voiced" / "manifest.json").read_text())
    samples, _ = audio_of(course["out"] / "voiced" / "voiced.mp4")
    heard = onsets(samples, RATE)
    assert m["cues"], "no beats"
    for cue in m["cues"]:
        nearest = min(heard, key=lambda t: abs(t - cue["start"]))
        assert abs(nearest - cue["start"]) <= 0.1, (cue["text"], cue["start"], nearest)
    # The beat waits for the voice: no speech runs past its beat's end.
    for cue in m["cues"]:
        span = samples[int(cue["end"] * RATE) - int(0.15 * RATE) : int(cue["end"] * RATE)]
        assert np.sqrt(np.mean(span**2)) < 0.02, cue["text"]


def test_a_recording_replaces_the_voice_for_its_beat_only(course):
    sheet = run(course, "script", "voiced")
    assert sheet.returncode == 0, sheet.stderr
    md = Path(sheet.stdout.strip())
    rows = list(__import__("csv").DictReader(md.with_suffix(".csv").open()))
    beat = next(r for r in rows if r["scene"] == "DotProductDefinition" and r["index"] == "2")
    assert beat["status"] == "missing" and beat["words"]
    # The "author" records beat 2 as a 440 Hz tone of 2.5 s, with the words it was recorded from.
    target = course["root"] / "narration" / "DotProductDefinition" / Path(beat["file"]).name
    target.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(2.5 * RATE)) / RATE
    write_wav(target, (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), RATE)
    target.with_suffix(".txt").write_text(beat["words"])
    again = run(course, "lesson", "voiced", "-q", "l")
    assert again.returncode == 0, again.stderr
    assert "1 scenes rendered, 1 from cache" in again.stdout  # the title card came from the cache
    status = run(course, "script", "voiced")
    assert "1 present" in status.stderr

    m = json.loads((course["out"] / "voiced" / "manifest.json").read_text())
    samples, _ = audio_of(course["out"] / "voiced" / "voiced.mp4")
    scene_start = next(ch["start"] for ch in m["chapters"] if ch["scene"] == "DotProductDefinition")

    def tone_share(start: float) -> float:
        piece = samples[int((start + 0.2) * RATE) : int((start + 1.2) * RATE)]
        spectrum = np.abs(np.fft.rfft(piece))
        freqs = np.fft.rfftfreq(len(piece), 1 / RATE)
        return spectrum[(freqs > 430) & (freqs < 450)].sum() / spectrum.sum()

    # Each beat's first cue, in the scene (a caption is cut into cues, each naming its beat).
    dpd = {}
    for c in m["cues"]:
        if c.get("scene") == "DotProductDefinition" and c["start"] >= scene_start - 1e-6:
            dpd.setdefault(c["beat"], {"start": c["start"], "end": c["end"]})["end"] = c["end"]
    assert tone_share(dpd[2]["start"]) > 0.5  # beat 2 is the recording
    assert tone_share(dpd[1]["start"]) < 0.1 and tone_share(dpd[3]["start"]) < 0.1  # the others are the voice
    assert dpd[2]["end"] - dpd[2]["start"] >= 2.5  # the beat waited for the recording


def test_an_empty_recording_is_refused_before_rendering(course):
    folder = course["root"] / "narration" / "TitleCard"
    folder.mkdir(parents=True, exist_ok=True)
    write_wav(folder / "01-title.wav", np.zeros(RATE, np.float32), RATE)
    try:
        out = run(course, "lesson", "voiced", "-q", "l", "--force")
    finally:
        (folder / "01-title.wav").unlink()
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "01-title.wav: the recording is empty" in lines[0]


def test_a_clip_carries_its_narration(course):
    # A speaker's title card, the quickest clip to render (DotProductDefinition took 5 s more).
    out = run(course, "scene", "TitleCard", "--set", "title=Dot products, spoken", "-q", "l", "--voice", "tts")
    assert out.returncode == 0, out.stderr
    samples, facts = audio_of(Path(out.stdout.strip()))
    assert facts["codec"] == "aac" and abs(facts["audio"] - facts["video"]) <= 1 / 15 + 0.03
    assert np.sqrt(np.mean(samples**2)) > 0.01


def test_each_slide_carries_its_beats_narration(course, tmp_path):
    deck = tmp_path / "deck" / "cards.html"
    out = run(course, "slides", "ClosingCard", "--to", "html", "-q", "l", "--voice", "tts", "-o", str(deck))
    assert out.returncode == 0, out.stderr
    slides = sorted(p for p in deck.parent.rglob("*.mp4"))
    # The closing card's beats: the heading and each of its points, one slide each.
    assert len(slides) == 3, slides
    for slide in slides:
        samples, facts = audio_of(slide)
        assert facts["codec"] == "aac" and np.sqrt(np.mean(samples**2)) > 0.01, slide
