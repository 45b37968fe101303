"""An updater's signature asked once.

Upstream: `manim.mobject.mobject.Mobject.update` (replaced on the class by a copy of its body
that asks `takes_dt`).

`Mobject.update` asks `inspect.signature` of every updater, on every frame, whether it takes
`dt`: 2% of MatrixAsTransformation's drawing thread at -q h (py-spy). An updater's parameters do
not change, so the answer is kept per updater (weakly; an updater that cannot be weakly
referred to is asked each time, as manim does).

Guard: the copied body pinned (a change upstream must be copied again); frames equal.
"""

from __future__ import annotations

import inspect
import weakref

from manim.mobject.mobject import Mobject

from manim_patches.originals import manims

TARGETS = ("manim.mobject.mobject:Mobject.update",)

manims(Mobject, "update")  # kept, for the tests to compare with

_TAKES_DT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def takes_dt(updater) -> bool:
    """Whether `updater` is called with the frame's dt, as manim decides it (a parameter named dt)."""
    try:
        return _TAKES_DT[updater]
    except KeyError:
        answer = _TAKES_DT[updater] = "dt" in inspect.signature(updater).parameters
        return answer
    except TypeError:  # not weakly referable: asked each time, as manim does
        return "dt" in inspect.signature(updater).parameters


def _update(self: Mobject, dt: float = 0, recursive: bool = True) -> Mobject:
    """manim's `Mobject.update`, with `takes_dt` for its signature check."""
    if self.updating_suspended:
        return self
    for updater in self.updaters:
        if takes_dt(updater):
            updater(self, dt)
        else:
            updater(self)
    if recursive:
        for submob in self.submobjects:
            submob.update(dt, recursive=recursive)
    return self


def install() -> None:
    Mobject.update = _update
