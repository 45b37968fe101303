"""One palette and one set of sizes for every scene. No manim import.

Colours are roles, not hues: a scene asks for `palette.a` (vector a, weights,
query, rows of A), `palette.b` (vector b, inputs, keys, columns of B) or
`palette.result` (products and results), so a theme can change every video at
once. The hues come from the Okabe-Ito set, chosen to stay apart under the
common colour-vision deficiencies (tests/unit/test_theme.py simulates them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from mathcore import InputError

THEME_ENV = "LESSON_THEME"


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    text: str
    muted: str  # axes, brackets, secondary words
    grid: str  # background grid lines, faint fills
    a: str
    b: str
    result: str
    positive: str
    negative: str
    highlight: str  # the box around the index pair being worked on

    def roles(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "name"}


THEMES: dict[str, Palette] = {
    "dark": Palette(
        name="dark",
        background="#14171F",
        text="#ECEFF4",
        muted="#9AA3B5",
        grid="#2C3444",
        a="#56B4E9",  # sky blue
        b="#D55E00",  # vermillion
        result="#FFB000",  # amber
        positive="#009E73",  # bluish green
        negative="#CC79A7",  # reddish purple
        highlight="#FFFFFF",
    ),
    "light": Palette(
        name="light",
        background="#FBFAF5",
        text="#1B1E24",
        muted="#59606B",
        grid="#DADDE3",
        a="#0072B2",  # blue
        b="#D55E00",  # vermillion
        result="#8E3B6E",  # plum: amber does not read on white
        positive="#007A5A",  # bluish green
        negative="#7A5C00",  # dark gold: apart from the plum results, whatever the colour vision
        highlight="#000000",
    ),
}

DEFAULT_THEME = "dark"


def get_palette(name: str | None = None) -> Palette:
    """The named theme; with no name, $LESSON_THEME or the dark default."""
    name = name or os.environ.get(THEME_ENV) or DEFAULT_THEME
    try:
        return THEMES[name]
    except KeyError:
        raise InputError(f"unknown theme {name!r}: choose one of {', '.join(THEMES)}") from None


def parse_colour(text: str) -> str:
    """A colour a speaker types (#RGB or #RRGGBB, the # optional) as #RRGGBB, or an InputError."""
    digits = text.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise InputError(f"colour {text!r} is not a hex colour like #1E2A44 or #FFF")
    return "#" + digits.upper()


@dataclass(frozen=True)
class Sizes:
    """Font sizes in manim's units. At 854x480, 24 is about the body text of a phone page,
    so nothing is drawn smaller than MIN."""

    title: int = 52
    heading: int = 40
    body: int = 34
    label: int = 32
    small: int = 28
    MIN: int = 24
    stroke: float = 6.0
    buff: float = 0.25


SIZES = Sizes()
