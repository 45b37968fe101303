"""manim's quality letters, with the sizes and frame rates they render at."""

from __future__ import annotations

from dataclasses import dataclass

from mathcore import InputError


@dataclass(frozen=True)
class Quality:
    letter: str
    manim_name: str
    width: int
    height: int
    fps: int


QUALITIES: dict[str, Quality] = {
    q.letter: q
    for q in (
        Quality("l", "low_quality", 854, 480, 15),
        Quality("m", "medium_quality", 1280, 720, 30),
        Quality("h", "high_quality", 1920, 1080, 60),
        Quality("p", "production_quality", 2560, 1440, 60),
        Quality("k", "fourk_quality", 3840, 2160, 60),
    )
}

DEFAULT_QUALITY = "h"
# A preview is drawn in seconds at 854x480; -q h gives the 1080p still glyphs are measured on.
PREVIEW_QUALITY = "l"


def get_quality(letter: str) -> Quality:
    try:
        return QUALITIES[letter]
    except KeyError:
        raise InputError(f"unknown quality {letter!r}: choose one of {', '.join(QUALITIES)}") from None
