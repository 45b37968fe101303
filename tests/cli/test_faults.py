"""Faults injected into every cache kept between runs (issue 36): compiled formulas, Pango's
texts, parsed SVGs, the voice, beat records and the store, each emptied, cut short, with a
byte flipped, or holding other content of the same size. The next run names each damaged entry
in one line, makes it again, and publishes what an undamaged run does; the run after it finds
nothing to say. Also: two renders at once over one damaged shared cache, silence never
published, and a disk that fills up under a render (a small tmpfs; needs root, as CI runs)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.store import Store
from narration.audio import check_voice_wav, read_audio, write_wav
from toolkit import sealed

ROOT = Path(__file__).resolve().parents[2]
# The module's warm cache is made once: on one xdist worker, not on each worker that gets a test.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults")]
MINI = (
    'title = "Mini"\ncourse = "Test course"\n[[scenes]]\nscene = "DotProductDefinition"\n'
    "params = { a = [1, 2], b = [3, 4], a2 = [1, -1], b2 = [2, 2] }\n"
)
STILL = ("scene", "DotProductDefinition", "--format", "png", "-q", "l")  # formulas and texts, in seconds
CLIP = ("scene", "TitleCard", "-q", "l", "--voice", "tts")  # one spoken sentence


def render_py(*args, shared: Path | None, out: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "LESSON_PACE": "0.25", "LESSON_RECORDINGS": str(out.parent / "no-recordings"), **(env or {})}
    if shared is None:
        env.pop("LESSON_SHARED_CACHE", None)
    else:
        env["LESSON_SHARED_CACHE"] = str(shared)
    return subprocess.run(
        [sys.executable, str(ROOT / "render.py"), *map(str, args), "--output-dir", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def damaged_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "was damaged" in line]


# --- the damage ----------------------------------------------------------------------------


def flipped(data: bytes) -> bytes:
    at = len(data) // 2
    return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]


def same_size(data: bytes, other: bytes) -> bytes:
    """Other content, as long as `data`: another entry's bytes, repeated or cut to fit."""
    return (other * (len(data) // max(1, len(other)) + 1))[: len(data)]


DAMAGE = {
    "empty": lambda data, other: b"",
    "truncated": lambda data, other: data[: len(data) // 2],
    "flipped": lambda data, other: flipped(data),
    "other content": same_size,
}


def damage(paths: list[Path], how: str) -> None:
    assert paths, "nothing to damage"
    for i, path in enumerate(paths):
        other = paths[(i + 1) % len(paths)] if len(paths) > 1 else path
        other_bytes = other.read_bytes() if other != path else path.read_bytes()[::-1]
        path.write_bytes(DAMAGE[how](path.read_bytes(), other_bytes))


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """Two shared caches: one with what the still uses (formulas, texts, parsed SVGs), one with
    what the clip uses (its texts and the voice's sentence); and the still and clip an undamaged
    run makes, to compare with."""
    root = tmp_path_factory.mktemp("faults")
    still = render_py(*STILL, shared=root / "still", out=root / "out")
    assert still.returncode == 0, still.stderr
    clip = render_py(*CLIP, shared=root / "clip", out=root / "out")
    assert clip.returncode == 0, clip.stderr
    return {"root": root, "still": Path(still.stdout.strip()), "clip": Path(clip.stdout.strip())}


def shared_copy(warm, kind: str, tmp_path: Path) -> Path:
    """This test's own copy of the warm shared cache of the still or the clip, to damage."""
    copy = tmp_path / "shared"
    shutil.copytree(warm["root"] / kind, copy, ignore=shutil.ignore_patterns("*.lock"))
    return copy


def same_picture(a: Path, b: Path) -> bool:
    return np.array_equal(np.asarray(Image.open(a)), np.asarray(Image.open(b)))


# --- the toolkit's caches: formulas, texts, parsed SVGs ---------------------------------------

CACHES = {
    "tex/Tex/*.svg": "LaTeX cache entry for '",
    "tex/slot-*/texts/*.svg": "text cache entry for '",
    "tex/slot-*/svg-mobjects/*.pickle": "parsed SVG cache entry for '",
}


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_formulas_texts_and_parsed_svgs_are_named_and_made_again(warm, tmp_path, how):
    shared = shared_copy(warm, "still", tmp_path)
    entries = {pattern: sorted(shared.glob(pattern)) for pattern in CACHES}
    for paths in entries.values():
        damage(paths, how)
    again = render_py(*STILL, shared=shared, out=tmp_path / "out")
    assert again.returncode == 0, again.stderr
    lines = damaged_lines(again)
    # One line per damaged entry, each naming it, and nothing else said about the caches.
    for pattern, start in CACHES.items():
        named = [line for line in lines if line.startswith(start) and line.endswith(" again")]
        assert len(named) == len(entries[pattern]), again.stderr
    assert len(lines) == sum(map(len, entries.values()))
    assert same_picture(Path(again.stdout.strip()), warm["still"])
    # Made again whole: the next run has nothing to say, and every entry is sealed.
    third = render_py(*STILL, "--force", shared=shared, out=tmp_path / "out")
    assert third.returncode == 0 and damaged_lines(third) == [], third.stderr
    for pattern in CACHES:
        for entry in shared.glob(pattern):
            assert sealed.why_damaged(entry.name, entry.read_bytes()) is None, entry


# --- the voice ----------------------------------------------------------------------------------

VOICE_DAMAGE = {
    **DAMAGE,
    # The case: the header alone (what a crash after the header leaves).
    "header only": lambda data, other: data[:44],
    # Well-formed and of the right size, but other samples: the sentence backwards.
    "other content": lambda data, other: data[:44] + np.frombuffer(data[44:-40], "<i2")[::-1].tobytes() + data[-40:],
}


@pytest.mark.parametrize("how", [*VOICE_DAMAGE, "silent"])
def test_a_damaged_voice_entry_is_spoken_again_never_published_silent(warm, tmp_path, how):
    shared = shared_copy(warm, "clip", tmp_path)
    wavs = sorted((shared / "voice").glob("*.wav"))
    assert len(wavs) == 1
    if how == "silent":  # whole and sealed, but nothing in it
        write_wav(wavs[0], np.zeros(len(read_audio(wavs[0]))))
    else:
        wavs[0].write_bytes(VOICE_DAMAGE[how](wavs[0].read_bytes(), b""))
    again = render_py(*CLIP, "--force", shared=shared, out=tmp_path / "out")
    assert again.returncode == 0, again.stderr
    lines = damaged_lines(again)
    assert len(lines) == 1, again.stderr
    assert lines[0].startswith(
        "voice cache entry for 'Math Foundation: Vectors and Matrices. The dot product.' was damaged ("
    ) and lines[0].endswith("); speaking it again"), lines
    clip, first = read_audio(Path(again.stdout.strip())), read_audio(warm["clip"])
    # Spoken again, the sentence may differ a little in length (Piper's durations are drawn).
    assert np.abs(clip).max() > 0.1 and abs(len(clip) - len(first)) < 0.5 * 48000
    assert check_voice_wav(wavs[0], "Math Foundation: Vectors and Matrices. The dot product.") is None
    third = render_py(*CLIP, "--force", shared=shared, out=tmp_path / "out")
    assert third.returncode == 0 and damaged_lines(third) == [], third.stderr


@pytest.mark.parametrize("how", ["truncated", "other words", "out of the audio"])
def test_damaged_word_times_are_named_and_spoken_again(warm, tmp_path, how):
    """The word times beside a voice's WAV (what the picture moves on) are checked as the WAV
    is: a damaged file is named in one line and the sentence spoken again."""
    import json

    shared = shared_copy(warm, "clip", tmp_path)
    (times,) = sorted((shared / "voice").glob("*.words.json"))
    data = json.loads(times.read_text())
    if how == "truncated":
        times.write_text(times.read_text()[: len(times.read_text()) // 2])
    elif how == "other words":
        times.write_text(json.dumps([["other", s, e] for _, s, e in data]))
    else:
        times.write_text(json.dumps([[w, s + 100, e + 100] for w, s, e in data]))
    again = render_py(*CLIP, "--force", shared=shared, out=tmp_path / "out")
    assert again.returncode == 0, again.stderr
    lines = damaged_lines(again)
    assert len(lines) == 1 and lines[0].startswith(
        "voice cache entry for 'Math Foundation: Vectors and Matrices. The dot product.' was damaged (its word times: "
    ), again.stderr
    assert json.loads(times.read_text()) == data or [w for w, _, _ in json.loads(times.read_text())] == [
        w for w, _, _ in data
    ]


def test_a_scene_whose_narration_is_silent_fails_with_its_reason(tmp_path):
    """The last guard: whatever made it (a voice that returned silence), a voiced scene whose
    track is silent where a beat speaks is a scene failure, never stored or published."""
    from engine.jobs import Job
    from engine.pool import _collect
    from engine.quality import get_quality
    from scenes.catalog import get_spec

    job = Job(get_spec("TitleCard"), {"course": "c", "title": "t"}, get_quality("l"), "dark", voice="tts")
    work = tmp_path / "work"
    work.mkdir()
    (work / "TitleCard.mp4").write_bytes(b"not looked at")
    write_wav(work / "track.wav", np.zeros(48000))
    beats = [
        {
            "index": 1,
            "name": "title",
            "spoken": "t.",
            "start": 0.2,
            "speech_seconds": 0.5,
            "audio": str(work / "speech.wav"),
        }
    ]
    result = {
        "ok": True,
        "files": {"TitleCard.mp4": str(work / "TitleCard.mp4"), "track.wav": str(work / "track.wav")},
        "meta": {"beats": beats, "duration": 1.0},
        "seconds": 1.0,
    }
    store = Store(tmp_path / ".cache")
    outcome = _collect(job, result, store, None)
    assert outcome.state == "failed"
    assert outcome.error == (
        "SilentNarration: its narration was asked for, but beat 1 ('title'): the track is silent where it speaks"
    )
    assert store.get("TitleCard", job.key) is None
    beats[0]["audio"], beats[0]["speech_seconds"] = None, 0.0  # words, but no speech at all
    outcome = _collect(job, {**result, "files": {"TitleCard.mp4": str(work / "TitleCard.mp4")}}, store, None)
    assert outcome.state == "failed" and "beat 1 ('title'): no speech for its words" in outcome.error


# --- beat records and the store ---------------------------------------------------------------


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_beat_record_is_named_and_found_again(warm, tmp_path, how):
    shared, out = shared_copy(warm, "clip", tmp_path), tmp_path / "out"
    first = render_py("preview", "TitleCard", shared=shared, out=out)
    assert first.returncode == 0, first.stderr
    records = sorted((out / ".cache" / "beats").glob("*.json"))
    assert len(records) == 1
    damage(records, how)
    # Not known, so not refused up front: the scene runs and says which beats it has.
    again = render_py("preview", "TitleCard", "--beat", "99", shared=shared, out=out)
    lines = again.stderr.strip().splitlines()
    assert again.returncode == 2 and len(lines) == 2, again.stderr
    assert lines[0].startswith("beat record of TitleCard was damaged (") and lines[0].endswith(
        "finding its beats again"
    )
    assert lines[1] == "error: TitleCard has no beat '99'; its beats: 1 (title)"
    assert not records[0].exists()
    # The scene's next whole run (here from the store) records its beats again; nothing more is said.
    assert render_py("preview", "TitleCard", shared=shared, out=out).returncode == 0
    assert json.loads(sealed.unsealed(records[0].read_bytes())) == [{"index": 1, "name": "title"}]
    refused = render_py("preview", "TitleCard", "--beat", "99", shared=shared, out=out)
    assert refused.returncode == 2 and refused.stderr.strip().splitlines() == [
        "error: TitleCard has no beat '99'; its beats: 1 (title)"
    ]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_store_entry_is_named_and_rendered_again(warm, tmp_path, how):
    shared, out = shared_copy(warm, "still", tmp_path), tmp_path / "out"
    assert render_py(*STILL, shared=shared, out=out).returncode == 0
    stills = sorted((out / ".cache" / "store").glob("DotProductDefinition-*/still.png"))
    damage(stills, how)
    again = render_py(*STILL, shared=shared, out=out)
    assert again.returncode == 0, again.stderr
    lines = [line for line in again.stderr.splitlines() if "cache entry of DotProductDefinition dropped" in line]
    assert len(lines) == 1, again.stderr
    assert same_picture(Path(again.stdout.strip()), warm["still"])


# --- one shared cache, two output folders at once -------------------------------------------


def test_two_renders_at_once_over_one_damaged_shared_cache(warm, tmp_path):
    """Two output folders over one shared cache whose formulas and voice are damaged: the still
    in both at once, then the clip in both at once. Each run is whole; every entry ends whole."""
    shared = tmp_path / "shared"
    for kind in ("still", "clip"):
        shutil.copytree(
            warm["root"] / kind, shared, ignore=shutil.ignore_patterns("*.lock", "slot-*"), dirs_exist_ok=True
        )
    damage(sorted(shared.glob("tex/Tex/*.svg")), "flipped")
    damage(sorted((shared / "voice").glob("*.wav")), "truncated")
    env = {
        **os.environ,
        "LESSON_PACE": "0.25",
        "LESSON_SHARED_CACHE": str(shared),
        "LESSON_RECORDINGS": str(tmp_path / "no-recordings"),
    }
    said = []
    for args in (STILL, CLIP):
        runs = [
            subprocess.Popen(
                [sys.executable, str(ROOT / "render.py"), *args, "--output-dir", str(tmp_path / name)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for name in ("one", "two")
        ]
        for run in runs:
            stdout, stderr = run.communicate(timeout=600)
            assert run.returncode == 0, stderr
            said.append(stderr)
            if args == STILL:
                assert same_picture(Path(stdout.strip()), warm["still"])
            else:
                assert np.abs(read_audio(Path(stdout.strip()))).max() > 0.1
    # Each damaged entry was named by one run or both (both may find it before either made it again).
    assert any("LaTeX cache entry for" in s for s in said[:2]) and any("voice cache entry for" in s for s in said[2:])
    for svg in shared.glob("tex/Tex/*.svg"):
        assert sealed.why_damaged(svg.name, svg.read_bytes()) is None, svg
    for wav in (shared / "voice").glob("*.wav"):
        assert check_voice_wav(wav, None) is None, wav
    assert not list(shared.rglob(".tmp-*")) and not list(shared.rglob("*.part"))


# --- a full disk ----------------------------------------------------------------------------


@pytest.fixture()
def small_disk(tmp_path):
    """A 6 MB tmpfs (CI runs as root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs the tests as root)")
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_is_the_users_environment(small_disk):
    lessons = small_disk / "lessons"
    lessons.mkdir()
    (lessons / "mini.toml").write_text(MINI)
    out = small_disk / "output"
    # All but 512 KB taken: the formulas' cache, the scenes and the lesson cannot all fit.
    ballast = small_disk / "ballast"
    with ballast.open("wb") as f:
        f.write(b"\0" * (shutil.disk_usage(small_disk).free - 512 * 1024))
    args = ("lesson", "mini", "-q", "l", "--voice", "none", "--lessons", lessons)
    full = render_py(*args, shared=None, out=out)
    assert full.returncode == 2, full.stderr
    lines = full.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: the disk is full at {small_disk}") and "internal error" not in full.stderr
    assert "a render of 2 scenes at -q l needs about" in lines[-1] and lines[-1].endswith("choose another --output-dir")
    assert [line for line in lines if line.startswith("error:")] == [lines[-1]]
    # Nothing half made is left: no staged or temporary files, no work, every entry whole.
    assert not [p for p in small_disk.rglob("*") if p.name.startswith((".staging-", ".tmp-")) or p.suffix == ".part"]
    assert not list((out / ".cache" / "work").glob("*"))
    store = Store(out / ".cache")
    for entry in (out / ".cache" / "store").glob("*-*"):
        name, key = entry.name.rsplit("-", 1)
        assert store.get(name, key) is not None, store.dropped
    for path in [*out.glob(".cache/tex/Tex/*.svg"), *out.glob(".cache/tex/slot-*/*/*")]:
        assert sealed.why_damaged(path.name, path.read_bytes()) is None, path
    assert not (out / "mini").exists()
    # Room made: the next run renders the lesson.
    ballast.unlink()
    again = render_py(*args, shared=None, out=out)
    assert again.returncode == 0, again.stderr
    assert damaged_lines(again) == [], again.stderr
    manifest = json.loads((out / "mini" / "manifest.json").read_text())
    assert manifest["quality"] == "l" and (out / "mini" / "mini.mp4").stat().st_size > 0


def test_a_full_disk_line_names_the_quota_too(tmp_path):
    from engine.space import full_disk_line

    line = full_disk_line(OSError(errno.EDQUOT, "Disk quota exceeded", str(tmp_path / "x.mp4")), tmp_path, "h", 7)
    assert line.startswith(f"the disk quota is used up at {tmp_path} (")
    assert "a render of 7 scenes at -q h needs about 46 MB (3 copies of 2.2 MB a scene, a typical scene's)" in line
