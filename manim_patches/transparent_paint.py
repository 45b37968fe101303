"""Paint that cannot be seen is not painted.

Upstream: `manim.camera.camera.Camera.apply_fill` and `Camera.apply_stroke` (overridden in a
Camera subclass, `SkipsTransparentPaint`, part of `manim_patches.camera.LessonCamera`; manim's
own Camera is untouched).

manim's cairo camera fills every VMobject and strokes it, even where the colour is fully
transparent: a line's or an arrow shaft's fill (fill opacity 0), a grid line faded out. Painting
with alpha 0 over the frame changes no pixel, so those calls are skipped; the line join and cap a
skipped stroke would have left on the cairo context are still set, for the next mobject that
leaves them to the context (AUTO).

Guard: frames equal to manim's own (tests/patches/test_manim_patches.py), and the upstream bodies pinned.
"""

from __future__ import annotations

from manim.camera.camera import CAP_STYLE_MAP, LINE_JOIN_MAP, Camera
from manim.constants import CapStyleType, LineJointType

TARGETS = ("manim.camera.camera:Camera.apply_fill", "manim.camera.camera:Camera.apply_stroke")


class SkipsTransparentPaint(Camera):
    def apply_fill(self, ctx, vmobject):
        if not self.get_fill_rgbas(vmobject)[:, 3].any():
            return self
        return super().apply_fill(ctx, vmobject)

    def apply_stroke(self, ctx, vmobject, background: bool = False):
        if vmobject.get_stroke_width(background) != 0 and not self.get_stroke_rgbas(vmobject, background)[:, 3].any():
            # Nothing painted, but the join and cap it would have set stay on the context for the
            # next mobject that leaves them to the context (AUTO), as they would have.
            if vmobject.joint_type != LineJointType.AUTO:
                ctx.set_line_join(LINE_JOIN_MAP[vmobject.joint_type])
            if vmobject.cap_style != CapStyleType.AUTO:
                ctx.set_line_cap(CAP_STYLE_MAP[vmobject.cap_style])
            return self
        return super().apply_stroke(ctx, vmobject, background)
