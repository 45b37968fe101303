"""What the camera need not draw: a fill or a stroke with no opacity anywhere.

manim's cairo camera fills every VMobject and strokes it, even where the colour is fully
transparent: a line's or an arrow shaft's fill (fill opacity 0), a grid line faded out.
Painting with alpha 0 over the frame changes no pixel, so those calls are skipped, and the
frames are the same (byte for byte: the lessons' videos were compared before and after).
"""

from __future__ import annotations

from manim.camera.camera import CAP_STYLE_MAP, LINE_JOIN_MAP, Camera
from manim.constants import CapStyleType, LineJointType

_apply_fill = Camera.apply_fill
_apply_stroke = Camera.apply_stroke


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


def install() -> None:
    Camera.apply_fill = _fill
    Camera.apply_stroke = _stroke
