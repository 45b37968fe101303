"""Copies of mobjects for less, the same copies.

Upstream: `manim.mobject.mobject.Mobject.__deepcopy__` (replaced on the class) and `copy.deepcopy`'s
dispatch table, `copy._deepcopy_dispatch[ManimColor]` (a private table of the standard library:
a ManimColor met inside any deepcopy is copied by `_copy_colour`).

Every Transform, FadeIn and FadeOut copies its mobjects when it begins, also while a preview
skips to a beat, and manim copies a mobject by deep-copying each entry of its `__dict__`
through `copy.deepcopy`: about forty calls per mobject for numbers, strings, colour arrays and
colours. Profiled on a preview still and on the dot-product scenes' dry runs, the copies were a
quarter to a third of the time. Here the common entries are copied directly, with what
`copy.deepcopy` would make of them: an immutable value is kept, a numeric array is copied in
its own memory order, a `ManimColor` gets a copy of its value, a list (a family's submobjects)
a list of copies, a mobject in it its own copy; shared values stay shared (the memo), and
everything else still goes through `copy.deepcopy`. An immutable entry is kept without a call of
its own: the copied `__dict__` starts as the original's and only the other entries are replaced.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
from manim.mobject.mobject import Mobject
from manim.utils.color.core import ManimColor

from manim_patches.originals import manims

_ATOMS = frozenset({int, float, bool, str, bytes, complex, type(None)})
_NUMERIC = frozenset("biufc")
_MISSING = object()

TARGETS = (
    "manim.mobject.mobject:Mobject.__deepcopy__",
    "manim.mobject.mobject:Mobject.copy",
    "manim.utils.color.core:ManimColor.__init__",
)


def _copied(value: Any, memo: dict) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    done = memo.get(id(value), _MISSING)
    if done is not _MISSING:
        return done  # shared in the original, shared in the copy
    # The originals met here are parts of the mobject being copied, alive until the copy is
    # made, so unlike copy.deepcopy this keeps no reference to them in the memo: their ids
    # cannot be taken by a new object meanwhile.
    if kind is np.ndarray and value.dtype.kind in _NUMERIC:
        done = memo[id(value)] = value.copy(order="K")  # what ndarray.__deepcopy__ makes of a numeric array
        return done
    if kind is list:  # a family's submobjects, a mobject's updaters: what _deepcopy_list makes
        done = memo[id(value)] = []
        done.extend([_copied(v, memo) for v in value])
        return done
    if kind is ManimColor:
        return _copy_colour(value, memo)  # records itself in the memo
    if isinstance(value, Mobject):
        return kind.__deepcopy__(value, memo)  # likewise
    return copy.deepcopy(value, memo)


def _copy_state(state: dict, memo: dict) -> dict:
    """A copy of an object's __dict__: its values copied as deepcopy would, the immutable ones
    (most of them) kept without a call each."""
    state = state.copy()
    for key, value in state.items():
        if type(value) not in _ATOMS:
            state[key] = _copied(value, memo)  # a value replaced, no key added: iteration goes on
    return state


def _copy_mobject(self: Mobject, memo: dict) -> Mobject:
    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    # Straight into the new __dict__, as setattr would put them: a Mobject has no __setattr__,
    # and no instance entry shares its name with a property (a property's value lives elsewhere).
    result.__dict__.update(_copy_state(self.__dict__, memo))
    result.original_id = str(id(self))
    return result


def _copy_colour(colour: ManimColor, memo: dict) -> ManimColor:
    result = ManimColor.__new__(ManimColor)
    memo[id(colour)] = result
    result.__dict__.update(_copy_state(colour.__dict__, memo))
    return result  # in the memo already; copy.deepcopy, when it is the caller, also keeps `colour` alive


_deepcopy_mobject = manims(Mobject, "__deepcopy__")


def install() -> None:
    Mobject.__deepcopy__ = _copy_mobject
    copy._deepcopy_dispatch[ManimColor] = _copy_colour  # type: ignore[attr-defined]
