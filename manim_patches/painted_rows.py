"""Frames started over the rows painted in them last time, not copied whole.

Upstream: `manim.camera.camera.Camera.set_frame_to_background` and `Camera.reset` (overridden in a
Camera subclass, `TracksPaintedRows`, part of `manim_patches.camera.LessonCamera`), and the camera's
display functions for vectorized, background-coloured, point-cloud and image mobjects (wrapped:
what they paint is noted, then manim's or the next patch's body runs).

manim's cairo renderer starts every frame of a play by copying the play's still image into the
frame (8 MB at 1080p). Yet a frame differs from the still image only in the rows its moving
mobjects paint, and those rows are known before painting: each mobject's points, widened by what
its stroke can reach (half its width, times cairo's miter limit at a sharp corner, and 2 pixels of
antialiasing; as the compositing cache bounds a layer).

So each frame buffer (a `PaintedFrame`, made by `renderer.hand_over_frames`) carries `background`,
the image it was started from, and `rows`, the (top, bottom) runs painted since. A buffer the
encoder has finished with comes back to the renderer (its `pool`); starting a frame in it from the
same background copies back only the rows it painted last time. Under a LessonCamera the
compositing cache returns which mobjects it painted directly and the rows of the layers it laid, so
only the mobjects that move have their rows found from their points. Anything painted another way
(an image, a point cloud, a background image) makes `rows` None: unknown, the whole frame, as
before. The frames are the same (tests/patches/test_encoding.py).
"""

from __future__ import annotations

import numpy as np
from manim.camera.camera import Camera

TARGETS = (
    "manim.camera.camera:Camera.set_frame_to_background",
    "manim.camera.camera:Camera.reset",
    "manim.camera.camera:Camera.display_multiple_background_colored_vmobjects",
    "manim.camera.camera:Camera.display_multiple_point_cloud_mobjects",
    "manim.camera.camera:Camera.display_multiple_image_mobjects",
)

# Runs of painted rows closer than this are one run: copying a few rows more costs less than a
# loop step in Python.
JOIN_GAP = 16


class PaintedFrame(np.ndarray):
    """A frame buffer that knows what it holds: `background` with `rows` painted over it (None:
    unknown), and the `pool` the encoder returns it to."""

    background: np.ndarray | None
    rows: list[tuple[int, int]] | None
    pool: object | None

    def __array_finalize__(self, obj) -> None:
        # A view or a copy is another buffer: nothing is known of it.
        self.background, self.rows, self.pool = None, None, None

    @classmethod
    def blank(cls, like: np.ndarray) -> PaintedFrame:
        return np.empty(like.shape, like.dtype).view(cls)


def merged(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of rows (top, bottom) sorted and joined where they overlap or nearly meet."""
    out: list[list[int]] = []
    for top, bottom in sorted(runs):
        if out and top <= out[-1][1] + JOIN_GAP:
            out[-1][1] = max(out[-1][1], bottom)
        else:
            out.append([top, bottom])
    return [(a, b) for a, b in out]


def painted_rows(camera: Camera, ctx, vmobjects) -> list[tuple[int, int]] | None:
    """The rows `vmobjects` can paint through `ctx`, as merged runs; None when unknown (points
    not finite, which manim paints at the origin, or a context that is not an axis-aligned scale)."""
    if type(camera).transform_points_pre_display is not Camera.transform_points_pre_display:
        return None  # a camera that moves points as it paints them (ThreeDCamera)
    xx, yx, xy, yy, tx, ty = ctx.get_matrix()
    if yx or xy:
        return None
    drawn = [vm for vm in vmobjects if len(vm.points)]
    if not drawn:
        return []
    ys = np.concatenate([vm.points[:, 1] for vm in drawn])
    if not np.isfinite(ys).all():
        return None
    starts = np.cumsum([0] + [len(vm.points) for vm in drawn[:-1]])
    low, high = np.minimum.reduceat(ys, starts), np.maximum.reduceat(ys, starts)
    widest = np.array([max(vm.get_stroke_width(), vm.get_stroke_width(True)) for vm in drawn], float)
    reach = np.abs(xx) * widest * camera.cairo_line_width_multiple
    margin = 2 + 0.5 * reach * ctx.get_miter_limit()
    ends = np.stack([yy * low + ty, yy * high + ty])
    height = ctx.get_target().get_height()
    tops = np.clip(np.floor(ends.min(axis=0) - margin), 0, height).astype(int)
    bottoms = np.clip(np.ceil(ends.max(axis=0) + margin), 0, height).astype(int)
    return merged([(t, b) for t, b in zip(tops.tolist(), bottoms.tolist()) if b > t])


def _note(pixel_array, runs: list[tuple[int, int]] | None) -> None:
    if isinstance(pixel_array, PaintedFrame) and pixel_array.rows is not None:
        pixel_array.rows = None if runs is None else merged(pixel_array.rows + runs)


class TracksPaintedRows(Camera):
    def _start_from(self, background: np.ndarray) -> None:
        frame = getattr(self, "pixel_array", None)  # none yet while manim's __init__ resets
        if (
            isinstance(frame, PaintedFrame)
            and frame.rows is not None
            and frame.background is background
            and frame.shape == background.shape
        ):
            for top, bottom in frame.rows:  # the rest of the buffer is `background` already
                frame[top:bottom] = background[top:bottom]
        else:
            super().set_frame_to_background(background)
        if isinstance(getattr(self, "pixel_array", None), PaintedFrame):
            self.pixel_array.background, self.pixel_array.rows = background, []

    def set_frame_to_background(self, background) -> None:
        self._start_from(background)

    def reset(self):
        assert self.background is not None
        self._start_from(self.background)
        return self

    def display_multiple_non_background_colored_vmobjects(self, vmobjects, pixel_array) -> None:
        vmobjects = list(vmobjects)
        if not (isinstance(pixel_array, PaintedFrame) and pixel_array.rows is not None):
            return super().display_multiple_non_background_colored_vmobjects(vmobjects, pixel_array)
        # The compositing cache (next in a LessonCamera) returns what it painted directly and the
        # rows of the layers it laid: only the first need their rows found from their points.
        # (Finding them for every mobject was 7% of CosineRelation's CPU, most of them laid.)
        # manim's own display function returns None: then every mobject's rows are found.
        split = super().display_multiple_non_background_colored_vmobjects(vmobjects, pixel_array)
        ctx = self.get_cairo_context(pixel_array)
        if split is None:
            _note(pixel_array, painted_rows(self, ctx, vmobjects))
        else:
            direct, laid = split
            runs = painted_rows(self, ctx, direct)
            _note(pixel_array, None if runs is None else runs + laid)

    def display_multiple_background_colored_vmobjects(self, cvmobjects, pixel_array):
        _note(pixel_array, None)
        return super().display_multiple_background_colored_vmobjects(cvmobjects, pixel_array)

    def display_multiple_point_cloud_mobjects(self, pmobjects, pixel_array) -> None:
        _note(pixel_array, None)
        super().display_multiple_point_cloud_mobjects(pmobjects, pixel_array)

    def display_multiple_image_mobjects(self, image_mobjects, pixel_array) -> None:
        _note(pixel_array, None)
        super().display_multiple_image_mobjects(image_mobjects, pixel_array)
