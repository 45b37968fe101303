"""Which display function draws a mobject, asked once per class.

Upstream: `manim.camera.camera.Camera.type_or_raise` (overridden in a Camera subclass,
`KnowsDisplayTypes`, part of `manim_patches.camera.LessonCamera`; manim's own Camera is
untouched).

manim asks for every mobject on every frame, and each time imports a module, builds a dict of
four bound methods and tries `isinstance` against each: 1.7% of a course's render samples under
py-spy. The answer depends only on the mobject's class (the types asked about are manim's own
classes, none with a registry that could change it), so it is kept per class. A mobject manim
cannot display raises as before and is not kept. Each camera still asks manim once: manim's
method is also what sets the camera's `display_funcs`.

Guard: the kept answer against manim's own for mobjects of every display type (a test); the
upstream body pinned.
"""

from __future__ import annotations

from manim.camera.camera import Camera

TARGETS = ("manim.camera.camera:Camera.type_or_raise",)

_KINDS: dict[type, type] = {}


class KnowsDisplayTypes(Camera):
    def type_or_raise(self, mobject):
        kind = _KINDS.get(type(mobject))
        # manim's method also sets the camera's `display_funcs` (its own bound methods), which
        # `capture_mobjects` then calls: a camera asks manim at least once.
        if kind is None or "display_funcs" not in self.__dict__:
            kind = _KINDS[type(mobject)] = super().type_or_raise(mobject)
        return kind
