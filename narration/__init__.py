"""Narration: what each teaching beat says, and the voice that says it. No manim import.

A scene's `beat()` asks its narrator for the beat's speech before the beat's animations
run, so the beat can last at least as long as the voice:

    speech = narrator.speak(scene="VectorAlignment", index=2, name="sweep", text="...")
    speech.seconds   # how long the voice talks (0.0 when silent)
    speech.path      # a WAV file of exactly that speech, or None when silent

The render engine lays each beat's WAV at the beat's start to make the scene's track.
`make_narrator` (narration.voices) picks the voice: the author's recording where there is
one, else the offline synthetic voice, or silence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

# A short breath after the voice before the next beat may start.
BREATH = 0.4


class WordTime(NamedTuple):
    """One spoken word and when it is said, in seconds from the start of its speech."""

    word: str
    start: float
    end: float


@dataclass(frozen=True)
class Speech:
    text: str  # what is said, normalised for speech
    seconds: float  # 0.0 when silent
    path: str | None = None  # WAV (mono), None when silent
    source: str = "none"  # "recorded", "tts" or "none"
    # One entry per word of `text` (text.split()), in order, inside [0, seconds]; () when silent.
    words: tuple[WordTime, ...] = ()


class SilentNarrator:
    """Says nothing: beats keep their reading-speed holds (plain manim, stills, --voice none)."""

    voiced = False

    def speak(self, scene: str, index: int, name: str, text: str) -> Speech:
        return Speech(text=text, seconds=0.0)
