"""A VMobject's outline set on cairo in one pass over its points as plain floats.

Upstream: `manim.camera.camera.Camera.set_cairo_context_path` (overridden in a Camera subclass,
`SetsPathsInOnePass`, part of `manim_patches.camera.LessonCamera`; manim's own Camera is
untouched), cutting subpaths as `VMobject.get_subpath_split_indices_from_points` does and
closing them as `VMobject.consider_points_equals_2d` does.

manim first cuts a mobject's curves into subpaths with a dozen numpy calls
(`get_subpath_split_indices_from_points`, 35-45 us a glyph or a circle on this machine, where a
numpy call costs microseconds whatever its size), then calls `ctx.curve_to` per curve with
numpy scalars. Profiled on VectorAlignment at -q h, setting paths was a tenth of the busy
samples. Here the points become one list of floats, and a single loop makes the same cuts, the
same cairo calls in the same order (`new_sub_path` then `move_to` is one `move_to` in cairo's
path) and closes the same subpaths: the same path (a test reads it back from cairo against
manim's own) and the same pixels.
"""

from __future__ import annotations

import functools

from manim.camera.camera import Camera
from manim.mobject.types.vectorized_mobject import VMobject

TARGETS = (
    "manim.camera.camera:Camera.set_cairo_context_path",
    "manim.mobject.types.vectorized_mobject:VMobject.get_subpath_split_indices_from_points",
    "manim.mobject.types.vectorized_mobject:VMobject.consider_points_equals_2d",
)

RTOL = 1.0e-5  # manim's, np.isclose's default


def set_path(ctx, xy: list[float], atol: float) -> None:
    """Curves from `xy` (x0, y0, x1, y1, ... for four points a curve, all finite, as
    manim's camera leaves them) on `ctx`: a subpath ends where a curve's end is not close to the
    next curve's start in x and y (np.isclose's test), and is closed where its last point is close
    to its first."""
    move_to, curve_to, close_path = ctx.move_to, ctx.curve_to, ctx.close_path
    curves = len(xy) // 8
    first = 0  # the index in xy of the current subpath's first point
    for k in range(curves):
        b = 8 * k
        if b == first:
            move_to(xy[b], xy[b + 1])
        ex, ey = xy[b + 6], xy[b + 7]
        curve_to(xy[b + 2], xy[b + 3], xy[b + 4], xy[b + 5], ex, ey)
        if k + 1 < curves:
            sx, sy = xy[b + 8], xy[b + 9]
            if abs(ex - sx) <= atol + RTOL * abs(sx) and abs(ey - sy) <= atol + RTOL * abs(sy):
                continue  # the next curve goes on from here
        x0, y0 = xy[first], xy[first + 1]
        if abs(x0 - ex) <= atol + RTOL * abs(ex) and abs(y0 - ey) <= atol + RTOL * abs(ey):
            close_path()
        first = b + 8


@functools.cache
def _cuts_its_own_way(cls: type) -> bool:
    """A class with its own idea of where a subpath ends or closes keeps manim's method."""
    return any(
        getattr(cls, name) is not getattr(VMobject, name)
        for name in ("get_subpath_split_indices_from_points", "consider_points_equals_2d")
    )


class SetsPathsInOnePass(Camera):
    def set_cairo_context_path(self, ctx, vmobject):
        points = vmobject.points
        if len(points) % 4 != 0 or vmobject.n_points_per_cubic_curve != 4 or _cuts_its_own_way(type(vmobject)):
            return super().set_cairo_context_path(ctx, vmobject)
        points = self.transform_points_pre_display(vmobject, points)
        if len(points) == 0:
            return self
        ctx.new_path()
        set_path(ctx, points[:, :2].ravel().tolist(), vmobject.tolerance_for_point_equality)
        return self
