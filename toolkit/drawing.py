"""A frame for less work, the same frame: what the camera need not paint, and a family listed
in one pass.

Paint. manim's cairo camera fills every VMobject and strokes it, even where the colour is
fully transparent: a line's or an arrow shaft's fill (fill opacity 0), a grid line faded out.
Painting with alpha 0 over the frame changes no pixel, so those calls are skipped.

Families. `Mobject.get_family` is asked for on every frame, by the camera, the scene and the
updaters, and manim builds it recursively: a list and a de-duplication per level, 11% of a
worker's time on MatrixAsTransformation at -q h. Listing the tree in one pass and removing
repeats once gives the same list: keeping each member's last occurrence, level by level or
all at once, orders the members by where they last occur.

Updaters. `Mobject.update` asks `inspect.signature` of every updater, on every frame, whether it
takes `dt`: 2% of MatrixAsTransformation's drawing thread at -q h (py-spy). An updater's
parameters do not change, so the answer is kept per updater.

Subpaths. `VMobject.get_subpaths_from_points` (what `align_points` asks whenever a Transform
begins) compares each curve's end with the next curve's start through `np.allclose`, one pair
at a time: 2.3 of 18.5 s of a profiled dry run of RowByColumnMatmul (4x4 inputs, under cProfile).
manim has the same comparison vectorised for the camera (`get_subpath_split_indices_from_points`,
documented as its equivalent); subpaths are cut from that, shorter ones dropped as before.

Padding. A Transform pads the smaller side with copies faded to nothing
(`add_n_more_submobjects`) so that both have as many parts. A TransformFromCopy ends where its
mobject began, and the faded copies stayed in it: by the end of RowByColumnMatmul's 4x4 dry
run, 445 of its 487 drawn members, walked, sorted and copied with every later play and frame,
and split into mobjects of their own when the scene removed the parts they were in
(`LessonScene.settle`). A LessonScene now drops, after each play, the members each
TransformFromCopy of the play added and nobody can see.

The lessons' videos were compared byte for byte before and after each, frames before the
encoder for the padding (bench/frames_diff.py): the same in every scene but for 8 frames of
RowByColumnMatmul, mid-flight, where a total without its padding morphs into C a little
differently.
"""

from __future__ import annotations

import inspect
import weakref

from manim.animation.transform import Transform, TransformFromCopy
from manim.camera.camera import CAP_STYLE_MAP, LINE_JOIN_MAP, Camera
from manim.constants import CapStyleType, LineJointType
from manim.mobject.mobject import Mobject
from manim.mobject.types.vectorized_mobject import VMobject
from manim.utils.iterables import remove_list_redundancies

from toolkit.manims import manims

_apply_fill = manims(Camera, "apply_fill")
_apply_stroke = manims(Camera, "apply_stroke")


def _fill(self: Camera, ctx, vmobject):
    if not self.get_fill_rgbas(vmobject)[:, 3].any():
        return self
    return _apply_fill(self, ctx, vmobject)


def _stroke(self: Camera, ctx, vmobject, background: bool = False):
    if vmobject.get_stroke_width(background) != 0 and not self.get_stroke_rgbas(vmobject, background)[:, 3].any():
        # Nothing painted, but the join and cap it would have set stay on the context for the
        # next mobject that leaves them to the context (AUTO), as they would have.
        if vmobject.joint_type != LineJointType.AUTO:
            ctx.set_line_join(LINE_JOIN_MAP[vmobject.joint_type])
        if vmobject.cap_style != CapStyleType.AUTO:
            ctx.set_line_cap(CAP_STYLE_MAP[vmobject.cap_style])
        return self
    return _apply_stroke(self, ctx, vmobject, background)


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


# TransformFromCopy has these from Transform.
_begin_from_copy = manims(Transform, "begin")
_clean_up_from_copy = manims(Transform, "clean_up_from_scene")


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
            m.submobjects = [sub for sub in m.submobjects
                             if id(sub) in self.before or sub is moved_into or not unseen(sub)]


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


_get_subpaths_from_points = manims(VMobject, "get_subpaths_from_points")


def _subpaths_from_points(self: VMobject, points) -> list:
    """manim's `get_subpaths_from_points`, its comparisons made at once."""
    if type(self).consider_points_equals is not VMobject.consider_points_equals:
        return _get_subpaths_from_points(self, points)  # a class with its own idea of equal points
    nppcc = self.n_points_per_cubic_curve
    return [points[a:b] for a, b in self.get_subpath_split_indices_from_points(points) if b - a >= nppcc]


def install() -> None:
    Camera.apply_fill = _fill
    Camera.apply_stroke = _stroke
    Mobject.get_family = _family
    Mobject.update = _update
    VMobject.get_subpaths_from_points = _subpaths_from_points
    # TransformFromCopy has no begin or clean-up of its own (manim 0.21): if a later manim
    # gives it some, these would replace them, so say so.
    for name in ("begin", "clean_up_from_scene"):
        own = vars(TransformFromCopy).get(name)
        if own is not None and getattr(own, "__module__", None) != __name__:
            raise RuntimeError(f"manim's TransformFromCopy has its own {name}: toolkit/drawing.py must wrap it")
    TransformFromCopy.begin = _begin_from_copy_noting_members
    TransformFromCopy.clean_up_from_scene = _clean_up_from_copy_leaving_padding
