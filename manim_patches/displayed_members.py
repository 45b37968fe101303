"""The members a frame draws, read off a list that already holds every family.

Upstream: `manim.camera.camera.Camera.get_mobjects_to_display` (overridden in a Camera subclass,
`ListsDisplayedOnce`, part of `manim_patches.camera.LessonCamera`; manim's own Camera is
untouched), which lists `extract_mobject_family_members(..., only_those_with_points=True)`: the
chain of `Mobject.family_members_with_points` of each mobject given, with repeats removed by
`remove_list_redundancies` (each member's last occurrence kept), sorted by z-index (all pinned).

On every frame of a play the renderer hands the camera the play's moving mobjects, which manim
has already listed family by family: a parent, then its members. manim lists each one's family
again, so a member is listed once per ancestor, and asks each for its points: on VectorAlignment,
about 200 families a frame, 4% of the busy samples at -q h (py-spy). Where each submobject of a
mobject given comes after it in the list (and no class lists its family its own way), a member's
last place in manim's chain is where its own family starts, so the chain without repeats is the
list without repeats: the same members in the same order, found in one pass. A subtree hung on a
member since the list was made (a live number's new glyphs) goes where manim's chain has it last,
in its parent's family. Any other list (a scene's top-level mobjects, a family sorted by z-index
with a member before its parent) goes to manim's method.

Guard: a property test against manim's own method (`Camera.get_mobjects_to_display`, which the
patch's class calls for any other list) on random trees with shared members, repeats, subtrees
hung since, z-indices and a class with its own family; the upstream bodies pinned.
"""

from __future__ import annotations

from manim.camera.camera import Camera
from manim.mobject.mobject import Mobject
from manim.utils.iterables import remove_list_redundancies

from manim_patches.families import _family

TARGETS = (
    "manim.camera.camera:Camera.get_mobjects_to_display",
    "manim.utils.family:extract_mobject_family_members",
    "manim.mobject.mobject:Mobject.family_members_with_points",
    "manim.utils.iterables:remove_list_redundancies",
)

_with_points = Mobject.family_members_with_points


def listed_once(mobjects: list) -> list | None:
    """manim's chain of the families of `mobjects` without repeats, when each submobject of a
    mobject in `mobjects` comes after it there or is not there at all (a live number's glyphs,
    made again since the play listed its mobjects); else None."""
    last = {m: i for i, m in enumerate(mobjects)}
    grown: dict[int, list] = {}  # a list index -> the members of the subtrees hung there since
    for m, i in last.items():
        kind = type(m)
        if kind.get_family is not _family or kind.family_members_with_points is not _with_points:
            return None  # a class with its own family, or the families patch off
        for sub in m.submobjects:
            j = last.get(sub)
            if j is None:
                grown.setdefault(i, []).extend(sub.get_family())
            elif j <= i:
                return None
    if not grown and len(last) == len(mobjects):
        return mobjects
    # Each member at its last place in manim's chain: a listed one where its own family starts, a
    # new one in its parent's family. One that is in two of these places (hung in two, or listed
    # and hung under a new one) is at the later, as in the chain.
    found = []
    for i, m in enumerate(mobjects):
        if last[m] == i:
            found.append(m)
            found.extend(grown.get(i, ()))
    return remove_list_redundancies(found) if grown else found


class ListsDisplayedOnce(Camera):
    def get_mobjects_to_display(
        self, mobjects, include_submobjects: bool = True, excluded_mobjects: list | None = None
    ) -> list[Mobject]:
        mobjects = list(mobjects)
        members = listed_once(mobjects) if include_submobjects and not excluded_mobjects else None
        if members is None:
            return super().get_mobjects_to_display(mobjects, include_submobjects, excluded_mobjects)
        members = [m for m in members if m.get_num_points() > 0]
        if self.use_z_index:
            return sorted(members, key=lambda m: m.z_index)
        return members
