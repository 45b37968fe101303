"""The speech normaliser over every caption the lessons' scenes really say (a dry run of each
scene of each lesson, as tests/scene_runs.py does), and the beat records it leaves behind."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest

from narration import BREATH, Speech
from narration.speech import spoken
from scene_runs import checked_run, dry_run, same_worker
from scenes.catalog import get_spec

LESSONS = sorted((Path(__file__).resolve().parents[2] / "lessons").glob("*.toml"))
# What a speech engine should be handed: words and the punctuation it pauses on.
SAYABLE = re.compile(r"[A-Za-z ,.;:'?!-]+")


class Listener:
    """A narrator that says nothing but notes what it was asked to say (and says 1 s per beat,
    so the scene takes its voiced path)."""

    voiced = True

    def __init__(self):
        self.heard: list[dict] = []

    def speak(self, scene, index, name, text):
        self.heard.append({"scene": scene, "index": index, "name": name, "text": text})
        return Speech(text=spoken(text), seconds=1.0, path=None, source="tts")


def _lesson_scenes():
    for lesson in LESSONS:
        for entry in tomllib.loads(lesson.read_text())["scenes"]:
            yield pytest.param(
                entry["scene"],
                entry.get("params"),
                id=f"{lesson.stem}-{entry['scene']}",
                marks=same_worker(get_spec(entry["scene"]).module),
            )


def scene_class(scene_name):
    spec = get_spec(scene_name)
    return getattr(importlib.import_module(spec.module), spec.name)


@pytest.mark.parametrize("scene_name, params", list(_lesson_scenes()))
def test_every_caption_reads_as_words(scene_name, params):
    # The session's one run of the scene (shared with the figure and layout tests) is silent,
    # and a silent narrator's record keeps the text it was handed: the caption, or `say`.
    scene = checked_run(scene_class(scene_name), params)
    assert scene.beats, f"{scene_name} said nothing"
    for beat in scene.beats:
        words = spoken(beat.spoken)
        # nothing left for the engine to guess at: no digits, no symbols, no doubled spaces
        assert SAYABLE.fullmatch(words), f"{scene_name} beat {beat.index}: {words!r}"
        assert "  " not in words and words == words.strip()
        # every figure in the caption is said, in order, as words
        figures = re.findall(r"\d+(?:\.\d+)?", beat.spoken)
        at = 0
        for f in (spoken(f) for f in figures):
            found = words.find(f, at)
            assert found >= 0, f"{scene_name} beat {beat.index}: {f!r} missing from {words!r}"
            at = found + len(f)
        # saying it again changes nothing: the sheet and the voice agree on the words
        assert spoken(words) == words


def test_a_voiced_scene_records_what_was_said_and_waits_for_it():
    listener = Listener()
    scene = dry_run(
        lambda params=None, check_layout=False: scene_class("ClosingCard")(
            params=params, narrator=listener, check_layout=check_layout
        )
    )
    assert (
        [h["index"] for h in listener.heard] == [b.index for b in scene.beats] == list(range(1, len(scene.beats) + 1))
    )
    for heard, beat in zip(listener.heard, scene.beats):
        assert beat.spoken == spoken(heard["text"]) and beat.speech_seconds == 1.0 and beat.voice == "tts"
        assert beat.end - beat.start >= 1.0 + BREATH


@pytest.mark.parametrize("scene_name, params", list(_lesson_scenes()))
def test_every_caption_is_cut_into_cues_of_two_lines_of_42_in_its_beat(scene_name, params):
    """Broadcast practice: at most two lines of 42 characters a cue; cues in order, inside
    their beat, and together the whole caption."""
    scene = checked_run(scene_class(scene_name), params)
    for beat in scene.beats:
        assert beat.cues, f"{scene_name} beat {beat.index} has no cues"
        assert " ".join(c.text.replace("\n", " ") for c in beat.cues) == beat.caption
        assert "<" not in beat.caption or not re.search(r"<[A-Za-z][\w-]*>", beat.caption)  # no mark left
        for cue in beat.cues:
            lines = cue.text.split("\n")
            assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), f"{scene_name}: {cue.text!r}"
        times = [t for c in beat.cues for t in (c.start, c.end)]
        assert times == sorted(times) and beat.start <= times[0] and times[-1] <= beat.end + 1e-9


def test_subtitles_of_cues_parse_with_a_real_parser():
    import srt

    from engine.captions import lesson_cues, to_srt, to_vtt

    scene = checked_run(scene_class("DotProductDefinition"), None)
    parts = [{"offset": 5.0, "beats": scene.beats_as_data()}]
    cues = lesson_cues(parts)
    assert len(cues) > len(scene.beats)  # long captions are cut
    parsed = list(srt.parse(to_srt(cues)))
    assert [p.content for p in parsed] == [c["text"] for c in cues]
    assert all(abs(p.start.total_seconds() - c["start"]) < 0.001 for p, c in zip(parsed, cues))
    assert to_vtt(cues).startswith("WEBVTT\n\n")


def test_every_word_piper_says_is_reviewed():
    """No word of any beat is left unreviewed to espeak's letter-to-sound rules: every word the
    lessons say is in narration/piper_words.tsv with the phonemes Piper gives it now (why this
    and not a dictionary check: narration/pronounce.py's docstring)."""
    from narration import neural, pronounce

    words = set()
    for lesson in LESSONS:
        for entry in tomllib.loads(lesson.read_text())["scenes"]:
            scene = checked_run(scene_class(entry["scene"]), entry.get("params"))
            for beat in scene.beats:
                words |= set(pronounce.said_words(pronounce.piper_text(spoken(beat.spoken))))
    table = pronounce.reviewed()
    new = sorted(words - set(table))
    if neural.piper_missing() is not None:
        assert not new, f"words not yet reviewed in narration/piper_words.tsv: {new}"
        return
    now = pronounce.review_table(sorted(words))
    changed = [line for line in now.splitlines() if table.get(line.split("\t")[0]) != line.split("\t")[1]]
    assert not changed, (
        "review these words' phonemes (new, or said differently by this Piper), then put them in "
        "narration/piper_words.tsv:\n" + "\n".join(changed)
    )


@pytest.mark.parametrize("scene_name, params", list(_lesson_scenes()))
def test_one_notation(scene_name, params):
    """What toolkit/notation.py forbids appears in no string a lesson scene shows."""
    from toolkit.notation import FORBIDDEN

    scene = checked_run(scene_class(scene_name), params)
    shown = scene.shown_strings() + [b.caption for b in scene.beats]
    found = [f"{bad!r} in {s!r}: {why}" for s in shown for bad, why in FORBIDDEN.items() if bad in s]
    assert not found, f"{scene_name}: " + "; ".join(found)
