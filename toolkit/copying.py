"""Copies of mobjects for less, the same copies.

Every Transform, FadeIn and FadeOut copies its mobjects when it begins, also while a preview
skips to a beat, and manim copies a mobject by deep-copying each entry of its `__dict__`
through `copy.deepcopy`: about forty calls per mobject for numbers, strings, colour arrays and
colours. Profiled on a preview still and on the dot-product scenes' dry runs, the copies were a
quarter to a third of the time. Here the common entries are copied directly, with what
`copy.deepcopy` would make of them: an immutable value is kept, a numeric array is copied in
its own memory order, a `ManimColor` gets a copy of its value; shared arrays stay shared
(the memo), and everything else still goes through `copy.deepcopy`.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from manim.mobject.mobject import Mobject
from manim.utils.color.core import ManimColor

from toolkit.manims import manims

_ATOMS = frozenset({int, float, bool, str, bytes, complex, type(None)})
_NUMERIC = frozenset("biufc")
_MISSING = object()


def _copied(value: Any, memo: dict) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is np.ndarray and value.dtype.kind in _NUMERIC:
        done = memo.get(id(value), _MISSING)
        if done is _MISSING:
            done = value.copy(order="K")  # what ndarray.__deepcopy__ makes of a numeric array
            memo[id(value)] = done
            copy._keep_alive(value, memo)  # type: ignore[attr-defined]
        return done
    return copy.deepcopy(value, memo)


def _copy_mobject(self: Mobject, memo: dict) -> Mobject:
    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    # Straight into the new __dict__, as setattr would put them: a Mobject has no __setattr__,
    # and no instance entry shares its name with a property (a property's value lives elsewhere).
    result.__dict__.update({key: _copied(value, memo) for key, value in self.__dict__.items()})
    result.original_id = str(id(self))
    return result


def _copy_colour(colour: ManimColor, memo: dict) -> ManimColor:
    result = ManimColor.__new__(ManimColor)
    memo[id(colour)] = result
    result.__dict__.update({key: _copied(value, memo) for key, value in colour.__dict__.items()})
    return result  # copy.deepcopy records it in the memo and keeps `colour` alive


_deepcopy_mobject = manims(Mobject, "__deepcopy__")


def install() -> None:
    Mobject.__deepcopy__ = _copy_mobject
    copy._deepcopy_dispatch[ManimColor] = _copy_colour  # type: ignore[attr-defined]
