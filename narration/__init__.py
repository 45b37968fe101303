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

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
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


@functools.lru_cache(maxsize=256)
def _file_digest_cached(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """A file's sha256, read once per size and modification time (recordings, voice models)."""
    st = Path(path).stat()
    return _file_digest_cached(str(path), st.st_size, st.st_mtime_ns)
