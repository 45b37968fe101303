"""Live numbers at the cost of their glyphs, not of deep copies.

Upstream: `manim.mobject.text.numbers.DecimalNumber._string_to_mob` and
`DecimalNumber.set_value` (replaced on the class; `set_value` falls back to manim's own, kept by
`originals.manims`, for a number with a background image). `_rebuild_painted` is a copy of
`set_value`'s body without its `match_style` pass.

manim's DecimalNumber rebuilds its characters on every `set_value` by copying a cached
glyph per character with `Mobject.copy()`, a `deepcopy` of each glyph's whole SVG/TeX
state. Profiled on VectorAlignment, that copy was half of a worker's time: every frame of
every live readout. A glyph needs only its own points and colour arrays to be drawn and
moved, so `glyph_copy` copies those and shares the rest (the TeX source, the SVG settings),
which nothing mutates after the glyph is made. The frames are the same (frame tests).

A readout's getter is asked on every frame, and through holds and most animations the figure
it shows does not change: `set_value` then keeps the glyphs it has (profiled on VectorAlignment
at -q h, rebuilding unchanged figures was a third of the drawing thread). A figure shown
before at the same size is copied from its kept layout, moved to where the number is pinned,
instead of being laid out again (`_LAYOUTS`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import DecimalNumber, SingleStringMathTex, VMobject
from manim.mobject.text import numbers

from manim_patches.originals import manims

TARGETS = (
    "manim.mobject.text.numbers:DecimalNumber._string_to_mob",
    "manim.mobject.text.numbers:DecimalNumber.set_value",
    "manim.mobject.text.numbers:DecimalNumber._set_submobjects_from_number",
)


manims(DecimalNumber, "_string_to_mob")  # kept, for the pins


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


def _string_to_mob(
    self: DecimalNumber, string: str, mob_class: type[SingleStringMathTex] | None = None, **kwargs: Any
) -> VMobject:
    if mob_class is None:
        mob_class = self.mob_class
    if string not in numbers.string_to_mob_map:
        numbers.string_to_mob_map[string] = mob_class(string, **kwargs)
    mob = glyph_copy(numbers.string_to_mob_map[string])
    mob.font_size = self._font_size
    return mob


_rebuild = manims(DecimalNumber, "set_value")


# A number's glyphs as laid out for one figure at one size, relative to the point it is pinned
# at: (glyphs, initial_height, index of the unit sign). A readout that follows a turning vector
# shows the same few hundred figures again and again; laying one out (arranging the glyphs,
# scaling them to the font size, pinning the edge) was most of a rebuild.
_LAYOUTS: dict[tuple, tuple[list[VMobject], float, int | None]] = {}
# A worker renders scene after scene: the layouts are forgotten when this many are kept (a
# lesson's readouts show a few thousand figures; a layout is a few glyphs' points).
LAYOUTS_KEPT = 20_000


def _layout_key(self: DecimalNumber, number: float, font_size: float) -> tuple | None:
    """Everything `_set_submobjects_from_number` and the resizing read, or None where a layout is
    not kept (a background rectangle, a complex number, a subclass with its own layout)."""
    if (
        self.include_background_rectangle
        or isinstance(number, complex)
        or type(self)._set_submobjects_from_number is not DecimalNumber._set_submobjects_from_number
    ):
        return None
    return (
        type(self),
        self._get_num_string(number),
        round(float(font_size), 6),  # a size read back from the glyphs' height drifts in its last bits
        self._font_size,
        self.mob_class,
        self.unit,
        self.show_ellipsis and str(self.color),
        self.digit_buff_per_font_unit,
        self.unit_buff_per_font_unit,
        tuple(np.asarray(self.edge_to_fix, dtype=float)),
    )


def _rebuild_painted(self: DecimalNumber, number: float) -> DecimalNumber:
    """manim's `set_value` without its `match_style` pass: the `init_colors` at its end paints
    every new glyph over whatever that pass copied from the old ones (a background image
    aside, which `_set_value` leaves to manim). The pass was a quarter of a rebuild's time.
    A figure laid out before at this size is copied from its layout (`_LAYOUTS`), not laid out
    again."""
    old_family = self.get_family()
    old_font_size = self.font_size
    pinned_at = self.get_edge_center(self.edge_to_fix)
    key = _layout_key(self, number, old_font_size)
    kept = _LAYOUTS.get(key) if key is not None else None
    if kept is None:
        self._set_submobjects_from_number(number)
        self.font_size = old_font_size
        self.move_to(pinned_at, self.edge_to_fix)
        if key is not None:
            if len(_LAYOUTS) >= LAYOUTS_KEPT:
                _LAYOUTS.clear()
            glyphs = [glyph_copy(m) for m in self.submobjects]
            for g in glyphs:
                for m in g.get_family():
                    m.points -= pinned_at
            unit = self.submobjects.index(self.unit_sign) if self.unit is not None else None
            _LAYOUTS[key] = (glyphs, self.initial_height, unit)
    else:
        glyphs, initial_height, unit = kept
        self.number = number
        self.submobjects = [glyph_copy(g) for g in glyphs]
        for g in self.submobjects:
            for m in g.get_family():
                m.points += pinned_at
        if unit is not None:
            self.unit_sign = self.submobjects[unit]
        self.initial_height = initial_height
    for m in old_family:
        m.points[:] = 0  # as manim does with cairo: the old glyphs may still be drawn in a group
    self.init_colors()
    return self


def shows(number: DecimalNumber, value: float) -> bool:
    """Whether `number` already shows the figure `value` would: setting it changes no glyph."""
    return (
        bool(number.submobjects)
        and not isinstance(value, complex)
        and not isinstance(number.number, complex)
        and number._get_num_string(value) == number._get_num_string(number.number)
    )


def _set_value(self: DecimalNumber, number: float) -> DecimalNumber:
    if shows(self, number):
        self.number = number  # same figure on screen: keep its glyphs, place and style
        return self
    if any(getattr(m, "background_image", None) is not None for m in self.get_family()):
        return _rebuild(self, number)
    return _rebuild_painted(self, number)


def install() -> None:
    """Every DecimalNumber (ours and manim's own readouts) copies glyphs the cheap way, and
    keeps them while the figure it shows stays the same."""
    DecimalNumber._string_to_mob = _string_to_mob
    DecimalNumber.set_value = _set_value
