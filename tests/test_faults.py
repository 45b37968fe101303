"""Faults injected into every cache kept between runs (issue 36): compiled formulas, Pango's
texts, parsed SVGs, beat records and the store, each emptied, cut short, with a
byte flipped, or holding other content of the same size. The next run names each damaged entry
in one line, makes it again, and publishes what an undamaged run does; the run after it finds
nothing to say."""

from __future__ import annotations

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
from toolkit import sealed

ROOT = Path(__file__).resolve().parent.parent
# The module's warm cache is made once: on one xdist worker, not on each worker that gets a test.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("faults")]
MINI = ('title = "Mini"\ncourse = "Test course"\n[[scenes]]\nscene = "DotProductDefinition"\n'
        'params = { a = [1, 2], b = [3, 4], a2 = [1, -1], b2 = [2, 2] }\n')
STILL = ("scene", "DotProductDefinition", "--format", "png", "-q", "l")  # formulas and texts, in seconds
CLIP = ("scene", "TitleCard", "-q", "l", "--voice", "tts")  # one spoken sentence


def render_py(*args, shared: Path | None, out: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "LESSON_PACE": "0.25", "LESSON_RECORDINGS": str(out.parent / "no-recordings"), **(env or {})}
    if shared is None:
        env.pop("LESSON_SHARED_CACHE", None)
    else:
        env["LESSON_SHARED_CACHE"] = str(shared)
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *map(str, args), "--output-dir", str(out)],
                          capture_output=True, text=True, env=env, timeout=600)


def damaged_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if "was damaged" in line]


# --- the damage ----------------------------------------------------------------------------


def flipped(data: bytes) -> bytes:
    at = len(data) // 2
    return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:]


def same_size(data: bytes, other: bytes) -> bytes:
    """Other content, as long as `data`: another entry's bytes, repeated or cut to fit."""
    return (other * (len(data) // max(1, len(other)) + 1))[:len(data)]


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
    assert lines[0].startswith("beat record of TitleCard was damaged (") and lines[0].endswith("finding its beats again")
    assert lines[1] == "error: TitleCard has no beat '99'; its beats: 1 (title)"
    assert not records[0].exists()
    # The scene's next whole run (here from the store) records its beats again; nothing more is said.
    assert render_py("preview", "TitleCard", shared=shared, out=out).returncode == 0
    assert json.loads(sealed.unsealed(records[0].read_bytes())) == [{"index": 1, "name": "title"}]
    refused = render_py("preview", "TitleCard", "--beat", "99", shared=shared, out=out)
    assert refused.returncode == 2 and refused.stderr.strip().splitlines() == [
        "error: TitleCard has no beat '99'; its beats: 1 (title)"]


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
