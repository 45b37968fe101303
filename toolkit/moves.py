"""How a figure travels from where it was worked out to where it lands.

A total in a written-out line ("= 64") and the cell of C it lands in are the same digits, but
not the same tree: the line's total is a run of glyphs inside one formula, the cell is a
formula of its own, whose one part holds the glyphs. manim's Transform pairs parts level by
level, so the total's first glyph met the cell's whole part ("64") and its second glyph met a
faded copy: mid-flight the 4 shrank into a corner and a "6⁴" crossed the screen. `fly_copy`
pairs glyph with glyph instead, so the digits keep their shapes all the way.
"""

from __future__ import annotations

from manim import Animation, ReplacementTransform, TransformFromCopy, VGroup, VMobject


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
    many glyphs (a number onto the same number elsewhere); otherwise manim's TransformFromCopy.
    Like TransformFromCopy, `source` stays where it is and `target` is on screen at the end."""
    glyphs, slots = _glyphs(source), _glyphs(target)
    if glyphs is None or slots is None or len(glyphs) != len(slots) or not glyphs:
        return TransformFromCopy(source, target, **kwargs)
    return ReplacementTransform(_mirror(target, iter(glyphs)), target, **kwargs)
