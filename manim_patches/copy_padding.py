"""A TransformFromCopy's faded padding dropped once its play is over.

Upstream: `manim.animation.transform.Transform.begin` and `Transform.clean_up_from_scene`,
wrapped for `TransformFromCopy` only (which has none of its own in manim 0.21: `install` refuses
to run if a later manim gives it some). The scene's side is `LessonScene.play`, which drops what
the play's copies left in `padding_to_drop`; a scene without that list keeps manim's behaviour.

A Transform pads the smaller side with copies faded to nothing (`add_n_more_submobjects`) so
that both have as many parts. A TransformFromCopy ends where its mobject began, and the faded
copies stayed in it: by the end of RowByColumnMatmul's 4x4 dry run, 445 of its 487 drawn
members, walked, sorted and copied with every later play and frame, and split into mobjects of
their own when the scene removed the parts they were in (`LessonScene.settle`). A LessonScene now
drops, after each play, the members each TransformFromCopy of the play added and nobody can see.

Frames before the encoder (bench/frames_diff.py) were the same in every scene but for 8 frames
of RowByColumnMatmul, mid-flight, where a total without its padding morphs into C a little
differently. The one patch whose frames are not plain manim's: against LESSON_PLAIN_MANIM=1 at
320x180 and 5 fps (`frames_diff.py --plain`), RowByColumnMatmul's flying totals differ in 105
of 253 frames (up to 207 levels, about 20 pixels a frame): with the padding a total's digits
squeeze into one another in flight, without it each digit keeps its shape.

Guard: a test that nothing seen is dropped and another animation of the same play ends as in
manim's Scene; the upstream bodies pinned.
"""

from __future__ import annotations

from manim.animation.transform import Transform, TransformFromCopy
from manim.mobject.mobject import Mobject
from manim.mobject.types.vectorized_mobject import VMobject

from manim_patches.originals import manims

TARGETS = (
    "manim.animation.transform:Transform.begin",
    "manim.animation.transform:Transform.clean_up_from_scene",
    "manim.mobject.mobject:Mobject.add_n_more_submobjects",
)

# TransformFromCopy has these from Transform.
_begin_from_copy = manims(Transform, "begin")
_clean_up_from_copy = manims(Transform, "clean_up_from_scene")


def unseen(m: Mobject) -> bool:
    """Nothing of `m` can be seen as it is, and nothing in it changes by itself: every member
    with points is a VMobject whose fill, stroke and background stroke are fully transparent (or
    not drawn), and no member has an updater."""
    for x in m.family_members_with_points():
        if not isinstance(x, VMobject) or x.fill_rgbas[:, 3].any():
            return False
        if x.stroke_width and x.stroke_rgbas[:, 3].any():
            return False
        if x.background_stroke_width and x.background_stroke_rgbas[:, 3].any():
            return False
    return not any(x.updaters for x in m.get_family())


class Padding:
    """What a TransformFromCopy's alignment added to its mobject, to drop once the play is over."""

    def __init__(self, mobject: Mobject):
        self.mobject = mobject
        family = mobject.get_family()
        self.before = {id(m) for m in family}
        self.had_points = {id(m) for m in family if m.has_points()}

    def drop(self) -> None:
        """The mobject without the members added since `begin` that cannot be seen (faded copies:
        the animation ends on the mobject's own look, where they are transparent). A member that
        had points and has none now moved them into its first new member
        (`push_self_into_submobjects`): that one stays, seen or not (a transparent target is
        still a shape)."""
        for m in self.mobject.get_family():
            added = [sub for sub in m.submobjects if id(sub) not in self.before]
            if not added:
                continue
            moved_into = added[0] if id(m) in self.had_points and not m.has_points() else None
            m.submobjects = [
                sub for sub in m.submobjects if id(sub) in self.before or sub is moved_into or not unseen(sub)
            ]


def _begin_from_copy_noting_members(self: TransformFromCopy) -> None:
    self._padding = Padding(self.mobject)
    _begin_from_copy(self)


def _clean_up_from_copy_leaving_padding(self: TransformFromCopy, scene) -> None:
    """manim's clean-up; the padding is left to the scene to drop when the whole play is over
    (`padding_to_drop`, a list a LessonScene keeps): the other animations of the play finish
    after this one cleans up, and one on the same mobject (an Indicate, a second copy landing)
    expects the family it began with. A scene without the list keeps manim's behaviour."""
    _clean_up_from_copy(self, scene)
    pending = getattr(scene, "padding_to_drop", None)
    padding = getattr(self, "_padding", None)
    if pending is not None and padding is not None:
        pending.append(padding)


def install() -> None:
    # TransformFromCopy has no begin or clean-up of its own (manim 0.21): if a later manim
    # gives it some, these would replace them, so say so.
    for name in ("begin", "clean_up_from_scene"):
        own = vars(TransformFromCopy).get(name)
        if own is not None and getattr(own, "__module__", None) != __name__:
            raise RuntimeError(
                f"manim's TransformFromCopy has its own {name}: manim_patches/copy_padding.py must wrap it"
            )
    TransformFromCopy.begin = _begin_from_copy_noting_members
    TransformFromCopy.clean_up_from_scene = _clean_up_from_copy_leaving_padding
