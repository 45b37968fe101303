"""The speech normaliser over every caption the lessons' scenes really say (a dry run of each
scene of each lesson, as tests/scene_runs.py does), and the beat records it leaves behind."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest

from narration import Speech
from narration.speech import spoken
from scene_runs import dry_run
from scenes.catalog import get_spec

LESSONS = sorted((Path(__file__).resolve().parent.parent / "lessons").glob("*.toml"))
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
            yield pytest.param(entry["scene"], entry.get("params"), id=f"{lesson.stem}-{entry['scene']}")


@pytest.mark.parametrize("scene_name, params", list(_lesson_scenes()))
def test_every_caption_reads_as_words(scene_name, params):
    spec = get_spec(scene_name)
    cls = getattr(importlib.import_module(spec.module), spec.name)
    listener = Listener()
    scene = dry_run(lambda params=None: cls(params=params, narrator=listener), params)
    assert listener.heard, f"{scene_name} said nothing"
    assert [h["index"] for h in listener.heard] == list(range(1, len(listener.heard) + 1))
    for heard, beat in zip(listener.heard, scene.beats):
        words = spoken(heard["text"])
        # nothing left for the engine to guess at: no digits, no symbols, no doubled spaces
        assert SAYABLE.fullmatch(words), f"{scene_name} beat {heard['index']}: {words!r}"
        assert "  " not in words and words == words.strip()
        # every figure in the caption is said, in order, as words
        figures = re.findall(r"\d+(?:\.\d+)?", heard["text"])
        said_figures = [spoken(f) for f in figures]
        at = 0
        for f in said_figures:
            found = words.find(f, at)
            assert found >= 0, f"{scene_name} beat {heard['index']}: {f!r} missing from {words!r}"
            at = found + len(f)
        # saying it again changes nothing: the sheet and the voice agree on the words
        assert spoken(words) == words
        # and the scene's record keeps what was said
        assert beat.spoken == words and beat.speech_seconds == 1.0
