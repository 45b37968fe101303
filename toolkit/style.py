"""The palette in force while a scene is built, and text made in the house style.

A LessonScene activates its palette in `setup`, so builders can colour by role
("a", "b", "result", ...) without every call passing a palette along.
"""

from __future__ import annotations

from manim import MathTex, Tex, Text

from mathcore import fmt_number
from toolkit.theme import SIZES, Palette, get_palette

FONT = "DejaVu Sans"

_active: Palette = get_palette("dark")


def use_palette(palette: Palette) -> None:
    global _active
    _active = palette


def palette() -> Palette:
    return _active


def colour(role: str) -> str:
    """A role's colour in the active palette: 'a', 'b', 'result', 'text', 'muted', ..."""
    return getattr(_active, role)


def _size(size: int | None, default: int) -> int:
    size = default if size is None else size
    # Nothing smaller than a phone page's body text: a smaller size is a layout bug to fix, not to hide.
    if size < SIZES.MIN:
        raise ValueError(f"font size {size} is below the legible minimum {SIZES.MIN}")
    return size


def text(s: str, size: int | None = None, role: str = "text", **kwargs) -> Text:
    return Text(s, font=FONT, font_size=_size(size, SIZES.body), color=colour(role), **kwargs)


def math(*parts: str, size: int | None = None, role: str = "text", **kwargs) -> MathTex:
    return MathTex(*parts, font_size=_size(size, SIZES.body), color=colour(role), **kwargs)


def plain_tex(s: str, size: int | None = None, role: str = "text") -> Tex:
    return Tex(s, font_size=_size(size, SIZES.body), color=colour(role))


def tex_number(x: float, places: int = 2) -> str:
    """A figure rounded as the lessons round it, written for LaTeX (ASCII minus)."""
    return fmt_number(x, places).replace("\u2212", "-")
