"""The palette in force while a scene is built, and text made in the house style.

A LessonScene activates its palette in `setup`, so builders can colour by role
("a", "b", "result", ...) without every call passing a palette along.
"""

from __future__ import annotations

import dataclasses

from manim import MathTex, Text

from mathcore import fmt_fixed, fmt_number
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
    try:
        return getattr(_active, role)
    except AttributeError:
        roles = ", ".join(f.name for f in dataclasses.fields(_active) if f.name != "name")
        raise ValueError(f"no colour role {role!r}: the palette's roles are {roles} (toolkit/theme.py)") from None


def _size(size: int | None, default: int) -> int:
    size = default if size is None else size
    # Nothing smaller than a phone page's body text: a smaller size is a layout bug to fix, not to hide.
    if size < SIZES.MIN:
        raise ValueError(f"font size {size} is below the legible minimum {SIZES.MIN}")
    return size


def text(s: str, size: int | None = None, role: str = "text", **kwargs) -> Text:
    return Text(s, font=FONT, font_size=_size(size, SIZES.body), color=colour(role), **kwargs)


def math(*parts: str, size: int | None = None, role: str = "text", **kwargs) -> MathTex:
    # LaTeX has no glyph set up for the typographic minus the captions use: TeX's own "-" is one.
    parts = tuple(p.replace("\u2212", "-") for p in parts)
    return MathTex(*parts, font_size=_size(size, SIZES.body), color=colour(role), **kwargs)


# A \cdot at text size is a speck (a tenth of a digit); standing between two vectors or matrices
# it is the product being taught, drawn large enough to see, and the same "·" in every scene.
# At 0.45 of a digit (scale 2.8) three reviewers read it as a bullet "•" beside the formulas' "·";
# at 0.28 (1.75) it is as heavy as the strokes of the "=" beside it: a multiplication dot.
PRODUCT_DOT_SCALE = 1.75


def product_dot(size: int | None = None, role: str = "text") -> MathTex:
    """The dot between two vectors or two matrices: their product."""
    return math(r"\cdot", size=size, role=role).scale(PRODUCT_DOT_SCALE)


def tex_number(x: float, places: int = 2) -> str:
    """A figure rounded as the lessons round it, written for LaTeX (ASCII minus)."""
    return fmt_number(x, places).replace("\u2212", "-")


def places_needed(values, places: int = 2) -> int:
    """The fewest decimals (up to `places`) that write every one of `values` as it is: a vector's
    entries share one count, so [0.5, 0.3] reads 0.5, 0.3 and [1.5, 0.75] reads 1.50, 0.75."""
    for p in range(places + 1):
        if all(abs(round(float(v), p) - float(v)) < 1e-9 for v in values):
            return p
    return places


def tex_short(x: float, places: int = 2) -> str:
    """A figure as the lesson writes an input: 0.5, not 0.50 (trailing zeros carry nothing there)."""
    figure = tex_number(x, places)
    return figure.rstrip("0").rstrip(".") if "." in figure else figure


def tex_fixed(x: float, places: int = 2) -> str:
    """A figure with exactly `places` decimals (as the lesson's code prints it), for LaTeX."""
    return fmt_fixed(x, places).replace("\u2212", "-")


# Symbols coloured by role wherever a formula writes them: a / weights / query in "a",
# b / inputs / keys in "b". Bias is β (its own symbol), drawn in the text colour.
SYMBOL_ROLES = {
    r"\mathbf{a}": "a",
    r"\mathbf{w}": "a",
    r"\mathbf{q}": "a",
    r"\mathbf{b}": "b",
    r"\mathbf{x}": "b",
    r"\mathbf{k}": "b",
    "a_i": "a",
    "b_i": "b",
    "w_i": "a",
    "x_i": "b",
}


def role_math(tex: str, roles: dict[str, str] | None = None, size: int | None = None, role: str = "text") -> MathTex:
    """`tex` with each symbol of `roles` (LaTeX: role; by default SYMBOL_ROLES) drawn in its
    role's colour, the rest in `role`'s. Parts may split a \\frac: manim joins them before TeX."""
    import re

    roles = SYMBOL_ROLES if roles is None else roles
    pattern = "(" + "|".join(re.escape(k) for k in sorted(roles, key=len, reverse=True)) + ")"
    parts = [p for p in re.split(pattern, tex) if p.strip()]
    m = math(*parts, size=size, role=role)
    for part, sub in zip(parts, m.submobjects):
        if part in roles:
            sub.set_color(colour(roles[part]))
    return m
