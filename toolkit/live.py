"""Live numbers at the cost of their glyphs, not of deep copies.

manim's DecimalNumber rebuilds its characters on every `set_value` by copying a cached
glyph per character with `Mobject.copy()`, a `deepcopy` of each glyph's whole SVG/TeX
state. Profiled on VectorAlignment, that copy was half of a worker's time: every frame of
every live readout. A glyph needs only its own points and colour arrays to be drawn and
moved, so `glyph_copy` copies those and shares the rest (the TeX source, the SVG settings),
which nothing mutates after the glyph is made. The frames are the same (frame tests).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import DecimalNumber, SingleStringMathTex, VMobject
from manim.mobject.text import numbers


def glyph_copy(m: VMobject) -> VMobject:
    new = m.__class__.__new__(m.__class__)
    state = m.__dict__.copy()
    for key, value in state.items():
        if isinstance(value, np.ndarray):
            state[key] = value.copy()
        elif isinstance(value, list) and key != "submobjects":
            state[key] = list(value)
    new.__dict__ = state
    new.submobjects = [glyph_copy(s) for s in m.submobjects]
    new.original_id = str(id(m))
    return new


def _string_to_mob(self: DecimalNumber, string: str, mob_class: type[SingleStringMathTex] | None = None,
                   **kwargs: Any) -> VMobject:
    if mob_class is None:
        mob_class = self.mob_class
    if string not in numbers.string_to_mob_map:
        numbers.string_to_mob_map[string] = mob_class(string, **kwargs)
    mob = glyph_copy(numbers.string_to_mob_map[string])
    mob.font_size = self._font_size
    return mob


def install() -> None:
    """Every DecimalNumber (ours and manim's own readouts) copies glyphs the cheap way."""
    DecimalNumber._string_to_mob = _string_to_mob
