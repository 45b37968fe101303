"""How a figure travels from where it was worked out to where it lands.

A total in a written-out line ("= 64") and the cell of C it lands in are the same digits, but
not the same tree: the line's total is a run of glyphs inside one formula, the cell is a
formula of its own, whose one part holds the glyphs. manim's Transform pairs parts level by
level, so the total's first glyph met the cell's whole part ("64") and its second glyph met a
faded copy: mid-flight the 4 shrank into a corner and a "6⁴" crossed the screen. `fly_copy`
pairs glyph with glyph instead, so the digits keep their shapes all the way.

A worked-out part and its result are different glyphs ("3·6" and "18", "7 + 18 + 33" and "58"),
and a Transform between them bends one set of glyphs into the other: every frame in between is
garble, and a still taken mid-way (a cue's last frame, a viewer's pause) shows it. `becomes`
never bends a glyph: a copy of the part flies to the result's place fading out, and the result
fades in there as the copy arrives, so every frame shows readable text.
"""

from __future__ import annotations

from manim import UP, Animation, AnimationGroup, FadeIn, FadeOut, ReplacementTransform, VGroup, VMobject, rush_from

# The result starts to appear when the copy has travelled this share of its way.
ARRIVES_AT = 0.6


def _glyphs(m: VMobject) -> list[VMobject] | None:
    """The drawn leaves of `m` in drawing order, or None if a part that holds others is drawn too."""
    family = m.family_members_with_points()
    if any(part.submobjects for part in family):
        return None
    return family


def _mirror(node: VMobject, glyphs) -> VMobject:
    """A copy of `glyphs` shaped like `node`'s tree, so a Transform pairs them one to one."""
    if not node.submobjects:
        return next(glyphs).copy() if node.has_points() else VMobject()
    return VGroup(*(_mirror(child, glyphs) for child in node.submobjects))


def fly_copy(source: VMobject, target: VMobject, **kwargs) -> Animation:
    """A copy of `source` flies onto `target` and becomes it, glyph onto glyph when both have as
    many glyphs (a number onto the same number elsewhere); otherwise it `becomes` the target.
    Like TransformFromCopy, `source` stays where it is and `target` is on screen at the end."""
    glyphs, slots = _glyphs(source), _glyphs(target)
    if glyphs is None or slots is None or len(glyphs) != len(slots) or not glyphs:
        return becomes(source, target, **kwargs)
    move = ReplacementTransform(_mirror(target, iter(glyphs)), target, **kwargs)
    move.is_flight = True  # LessonScene.play keeps flights clear of a caption's cue changes
    return move


def fly_off(source: VMobject, target: VMobject) -> Animation:
    """fly_copy, rushing off its source, the copy drawn in from nothing as it leaves, so no frame
    shows it over (and a hair beside) its source: eased out at full strength, a copy stood over its
    entry for the first frames of the flight, "1" and "7" drawn twice (review). fly_copy keeps its
    own easing: the scenes that fly figures where this is not seen keep their frames."""
    move = fly_copy(source, target, rate_func=rush_from)
    if isinstance(move, ReplacementTransform):
        move.mobject.set_opacity(0)
    return move


def becomes(source: VMobject, target: VMobject, **kwargs) -> Animation:
    """A copy of `source` flies onto `target`'s place, fading (and sized to it), and `target`
    fades in there as the copy arrives: no glyph bends into another. `source` stays; `target` is
    on screen at the end."""
    ghost = source.copy()
    size = target.height / ghost.height if ghost.height > 1e-6 and target.height > 1e-6 else 1
    if ghost.width * size > 1.5 * target.width > 0:  # a long sum lands in a short total
        size = 1.5 * target.width / ghost.width
    move = AnimationGroup(
        FadeOut(ghost, target_position=target, scale=size), FadeIn(target), lag_ratio=ARRIVES_AT, **kwargs
    )
    move.is_flight = True
    return move


def swap(old: VMobject, new: VMobject, **kwargs) -> Animation:
    """`old` gives way to `new` in its place (a label that changes what it says): `old` rises
    and fades, `new` rises into place after it, without one glyph bent into another. Like
    ReplacementTransform, `old` leaves the scene and `new` is on screen at the end."""
    lift = UP * 0.3 * max(old.height, new.height, 0.1)
    move = AnimationGroup(FadeOut(old, shift=lift), FadeIn(new, shift=lift), lag_ratio=0.45, **kwargs)
    move.is_flight = True
    return move


def hand_over(leaving, *coming: Animation, **kwargs) -> Animation:
    """What was on screen (`leaving`) fades as what comes next is drawn (`coming`), the second
    starting when the first is past half way: faded out first, the frame stood black between them
    (review); at the same time, two layouts stood over each other at half strength."""
    return AnimationGroup(FadeOut(leaving), AnimationGroup(*coming), lag_ratio=0.6, **kwargs)


def done_within(animation: Animation, share: float) -> Animation:
    """`animation` done in the first `share` of its run, then standing (its own easing kept): a
    frame drawn so is whole while the phrase that names it is still being said."""
    ease, share = animation.rate_func, max(share, 1e-6)
    animation.rate_func = lambda t: ease(min(1.0, t / share))
    return animation
