"""A family listed in one pass.

Upstream: `manim.mobject.mobject.Mobject.get_family` (replaced on the class: every mobject,
manim's own included, is asked for its family by the camera, the scene and the updaters).

manim builds a family recursively: a list and a de-duplication per level, 11% of a worker's time
on MatrixAsTransformation at -q h. Listing the tree in one pass and removing repeats once gives
the same list: keeping each member's last occurrence, level by level or all at once, orders the
members by where they last occur. A member whose class has its own `get_family` lists itself.

Guard: a property test against manim's own method (kept by `originals.manims`) on random trees
with shared members; the upstream body pinned.
"""

from __future__ import annotations

from manim.mobject.mobject import Mobject
from manim.utils.iterables import remove_list_redundancies

from manim_patches.originals import manims

TARGETS = ("manim.mobject.mobject:Mobject.get_family",)

_get_family = manims(Mobject, "get_family")


def _family(self: Mobject, recurse: bool = True) -> list[Mobject]:
    members: list[Mobject] = []
    stack = [self]
    while stack:
        m = stack.pop()
        # A member whose class has its own idea of its family lists it itself (`self` has come
        # here from that class's super() call, if any).
        if m is not self and type(m).get_family is not _family:
            members.extend(m.get_family())
            continue
        members.append(m)
        stack.extend(reversed(m.submobjects))
    if len(set(members)) != len(members):  # a member in two places: its last place counts
        return remove_list_redundancies(members)
    return members


def install() -> None:
    Mobject.get_family = _family
