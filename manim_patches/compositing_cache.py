"""A compositing cache: a run of mobjects that did not change since the last frame is painted
once into a cairo surface, which later frames composite in the run's place.

Upstream: `manim.camera.camera.Camera.display_multiple_non_background_colored_vmobjects` and
`Camera.capture_mobjects` (overridden in a Camera subclass, `CachesStillRuns`, part of
`manim_patches.camera.LessonCamera`; manim's own Camera is untouched). What a mobject looks like
is read from what `Camera.display_vectorized` paints it from (pinned too).

manim's cairo camera keeps a still image of the mobjects below the first one that moves, and
paints every mobject above it again on every frame: a still label over a moving vector must be
painted over it again. In a lesson the first mover comes early (a plane's vector, a live
readout), so titles, panels and formulas were painted again 60 times a second: about three
quarters of the camera's work on CosineRelation went to mobjects that looked exactly as in
the frame before.

A run of consecutive mobjects, each looking exactly as it did in the previous frame, is painted
once into a transparent layer; from then on the layer is laid over the frame in the run's place.
Both go through cairo's OVER in the same order, so the frame is the same: where two translucent
members of one run overlap, the layer rounds once more (at most one level of 255; manim's frame
tests allow one). "Looks the same" is decided from everything the camera paints from: points,
colours, widths, joints and caps, and the line join and cap the context carries into the run.
"""

from __future__ import annotations

import cairo
import numpy as np
from manim.camera.camera import Camera

from manim_patches.painted_rows import merged

TARGETS = (
    "manim.camera.camera:Camera.display_multiple_non_background_colored_vmobjects",
    "manim.camera.camera:Camera.capture_mobjects",
    "manim.camera.camera:Camera.display_vectorized",
)

# A run shorter than this is painted directly: laying a layer over the frame costs about as
# much as painting one or two mobjects.
MIN_RUN = 2


def _look(camera: Camera, vm) -> tuple:
    """Everything `Camera.display_vectorized` paints `vm` from."""
    fill, stroke = camera.get_fill_rgbas(vm), camera.get_stroke_rgbas(vm)
    background = camera.get_stroke_rgbas(vm, background=True)
    # A gradient runs between points taken from the whole family's box, not only vm's points.
    gradient = (
        np.asarray(vm.get_gradient_start_and_end_points()).tobytes()
        if max(len(fill), len(stroke), len(background)) > 1
        else None
    )
    return (
        vm.points.tobytes(),
        fill.tobytes(),
        stroke.tobytes(),
        background.tobytes(),
        gradient,
        vm.get_stroke_width(),
        vm.get_stroke_width(True),
        vm.joint_type,
        vm.cap_style,
        vm.tolerance_for_point_equality,
    )


# A layer is laid only where it painted something, in boxes of whole tiles of this many pixels.
# A run's box spans its members (a title at the top and a panel at the side make one box of most
# of the frame), and cairo's OVER reads every pixel of the box: on MatrixAsTransformation's 1080p
# layers 3.6% of the pixels laid were painted. Where the layer is empty the frame is left as it
# is, which is what OVER with a blank pixel gives (exactly: x * 255 / 255 rounds back to x), so
# laying fewer pixels changes none. Laying, in seconds of one -q h render, whole and in boxes
# (bench/layers_bench.py): MatrixAsTransformation 14.2 and 9.8, CosineRelation 9.1 and 5.7,
# VectorAlignment 3.7 and 2.1. A grid's lines cross every row of tiles, so its boxes still cover
# a quarter of its layer; finer tiles or wider joins measured the same.
TILE = 16
# Tiles painted in one row, this many empty tiles apart, are laid as one box (fewer boxes).
TILE_GAP = 2
# A layer whose painted tiles cover this much of it is laid whole.
BOXED_BELOW = 0.6


class _Surface:
    __slots__ = ("surface", "x", "y", "cap", "join", "boxes", "rows")

    def __init__(self, surface, x, y, cap, join, boxes=None, rows=()):
        self.surface, self.x, self.y, self.cap, self.join = surface, x, y, cap, join
        self.boxes = boxes  # a cairo path of the boxes to lay, in the frame's pixels, or None: all
        self.rows = rows  # the runs of the frame's rows (top, bottom) the layer paints in


def painted_boxes(pixels: np.ndarray, tile: int = TILE, gap: int = TILE_GAP) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) boxes, in whole tiles (cut at the edges), that hold every pixel of
    `pixels` (H, W) that is not 0. A row of tiles gives a box for each run of painted tiles, runs
    at most `gap` empty tiles apart joined; rows with the same runs one under the other make one
    box. No two boxes overlap."""
    H, W = pixels.shape
    painted = pixels != 0
    rows = np.logical_or.reduceat(painted, np.arange(0, H, tile), axis=0)
    grid = np.logical_or.reduceat(rows, np.arange(0, W, tile), axis=1)
    boxes: list[list[int]] = []
    above: dict[tuple[int, int], list[int]] = {}
    for r, row in enumerate(grid):
        runs: list[list[int]] = []
        for c in np.flatnonzero(row).tolist():
            if runs and c - runs[-1][1] <= gap:
                runs[-1][1] = c + 1
            else:
                runs.append([c, c + 1])
        here = {}
        for a, b in runs:
            box = above.get((a, b))
            if box is not None and box[1] + box[3] == r * tile:
                box[3] += tile
            else:
                box = [a * tile, r * tile, (b - a) * tile, tile]
                boxes.append(box)
            here[(a, b)] = box
        above = here
    return [(x, y, min(w, W - x), min(h, H - y)) for x, y, w, h in boxes]


def _boxes_path(boxes, x0: int, y0: int):
    """The boxes, moved by (x0, y0), as one cairo path: filled, whole-pixel rectangles are laid
    as they are (no edge is antialiased)."""
    scratch = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1))
    for x, y, w, h in boxes:
        scratch.rectangle(x0 + x, y0 + y, w, h)
    return scratch.copy_path()


class _StillRuns:
    """One camera's memory: how each mobject looked when last painted, and the layers in use.

    A play paints its still mobjects once, in a capture of their own, between the last frame of
    the play before and its own first frame; so "the frame before" is any of the last few
    captures, not only the last one."""

    REMEMBERED = 3  # captures

    def __init__(self):
        self.capture = 0
        self.looked: dict[int, tuple[tuple, int]] = {}  # id(mobject) -> (look, capture painted in)
        self.layers: dict[tuple, tuple[_Surface, int]] = {}  # key -> (layer, capture last laid in)

    def next_frame(self) -> None:
        self.capture += 1
        oldest = self.capture - self.REMEMBERED
        self.looked = {k: v for k, v in self.looked.items() if v[1] >= oldest}
        self.layers = {k: v for k, v in self.layers.items() if v[1] >= oldest}

    def steady(self, vm, look: tuple) -> bool:
        """Whether `vm` looks as it did when painted last, and records how it looks now."""
        before = self.looked.get(id(vm))
        self.looked[id(vm)] = (look, self.capture)
        return before is not None and before[0] == look and before[1] < self.capture


def _layers(camera: Camera) -> _StillRuns:
    state = camera.__dict__.get("_still_runs")
    if state is None:
        state = camera._still_runs = _StillRuns()
    return state


def _painted_box(camera: Camera, ctx, vmobjects) -> tuple[int, int, int, int]:
    """Where in the frame the run can paint, in pixels (x0, y0, x1, y1): its points' box in
    device space, widened by what a stroke can reach past its points (half its width, up to
    cairo's miter limit, 10, times that at a sharp corner)."""
    points = [vm.points[:, :2] for vm in vmobjects if len(vm.points)]
    if not points:
        return 0, 0, 0, 0
    lows = np.min([p.min(axis=0) for p in points], axis=0)
    highs = np.max([p.max(axis=0) for p in points], axis=0)
    target = ctx.get_target()
    if not (np.isfinite(lows).all() and np.isfinite(highs).all()):
        return 0, 0, target.get_width(), target.get_height()  # manim paints such points at 0
    corners = [ctx.user_to_device(x, y) for x in (lows[0], highs[0]) for y in (lows[1], highs[1])]
    widest = max(max(vm.get_stroke_width(), vm.get_stroke_width(True)) for vm in vmobjects)
    reach = ctx.user_to_device_distance(widest * camera.cairo_line_width_multiple, 0)[0]
    margin = 2 + 0.5 * abs(reach) * ctx.get_miter_limit()
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return (
        max(0, int(np.floor(min(xs) - margin))),
        max(0, int(np.floor(min(ys) - margin))),
        min(target.get_width(), int(np.ceil(max(xs) + margin))),
        min(target.get_height(), int(np.ceil(max(ys) + margin))),
    )


def _paint_layer(camera: Camera, ctx, vmobjects) -> _Surface:
    x0, y0, x1, y1 = _painted_box(camera, ctx, vmobjects)
    cap, join = ctx.get_line_cap(), ctx.get_line_join()
    if x1 <= x0 or y1 <= y0:
        return _Surface(None, 0, 0, *_painted_state(camera, ctx, vmobjects))
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, x1 - x0, y1 - y0)
    layer_ctx = cairo.Context(surface)
    xx, yx, xy, yy, tx, ty = ctx.get_matrix()
    layer_ctx.set_matrix(cairo.Matrix(xx, yx, xy, yy, tx - x0, ty - y0))  # the same, shifted by whole pixels
    layer_ctx.set_line_cap(cap)
    layer_ctx.set_line_join(join)
    for vm in vmobjects:
        camera.display_vectorized(vm, layer_ctx)
    cap, join = layer_ctx.get_line_cap(), layer_ctx.get_line_join()
    surface.flush()
    pixels = np.ndarray((y1 - y0, surface.get_stride() // 4), np.uint32, surface.get_data())[:, : x1 - x0]
    if not pixels.any():
        return _Surface(None, 0, 0, cap, join)
    boxes = painted_boxes(pixels)
    rows = merged([(y0 + y, y0 + y + h) for _, y, _, h in boxes])
    if sum(w * h for *_, w, h in boxes) >= BOXED_BELOW * pixels.size:
        return _Surface(surface, x0, y0, cap, join, rows=rows)
    return _Surface(surface, x0, y0, cap, join, _boxes_path(boxes, x0, y0), rows)


def _painted_state(camera: Camera, ctx, vmobjects) -> tuple:
    """The line cap and join the run leaves on the context when it paints nothing."""
    scratch = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1))
    scratch.set_line_cap(ctx.get_line_cap())
    scratch.set_line_join(ctx.get_line_join())
    scratch.set_matrix(ctx.get_matrix())
    for vm in vmobjects:
        camera.display_vectorized(vm, scratch)
    return scratch.get_line_cap(), scratch.get_line_join()


def _lay(ctx, layer: _Surface) -> None:
    if layer.surface is not None:
        ctx.save()
        ctx.identity_matrix()
        ctx.set_source_surface(layer.surface, layer.x, layer.y)
        if layer.boxes is not None:
            ctx.new_path()
            ctx.append_path(layer.boxes)
            ctx.fill()
        else:
            ctx.paint()
        ctx.restore()
    ctx.set_line_cap(layer.cap)
    ctx.set_line_join(layer.join)


class CachesStillRuns(Camera):
    def display_multiple_non_background_colored_vmobjects(
        self, vmobjects, pixel_array
    ) -> tuple[list, list[tuple[int, int]]] | None:
        if type(self).transform_points_pre_display is not Camera.transform_points_pre_display:
            # A camera that moves points as it paints them (ThreeDCamera projects them): how a
            # mobject looks on screen is not in its points alone, so nothing is kept.
            return super().display_multiple_non_background_colored_vmobjects(vmobjects, pixel_array)
        vmobjects = list(vmobjects)
        state = _layers(self)
        ctx = self.get_cairo_context(pixel_array)
        # What this call painted, returned for painted_rows: the mobjects painted directly, and
        # the rows of the layers laid (the rows of the tiles each layer painted, found once).
        direct: list = []
        laid: list[tuple[int, int]] = []
        looks = [_look(self, vm) for vm in vmobjects]
        steady = [state.steady(vm, look) for vm, look in zip(vmobjects, looks)]
        start, n = 0, len(vmobjects)
        while start < n:
            end = start + 1
            while end < n and steady[end] == steady[start]:
                end += 1
            if not steady[start] or end - start < MIN_RUN:
                direct += vmobjects[start:end]
                for vm in vmobjects[start:end]:
                    self.display_vectorized(vm, ctx)
            else:
                key = (
                    tuple(ctx.get_matrix()),
                    self.cairo_line_width_multiple,
                    ctx.get_line_cap(),
                    ctx.get_line_join(),
                    *looks[start:end],
                )
                layer = state.layers[key][0] if key in state.layers else _paint_layer(self, ctx, vmobjects[start:end])
                state.layers[key] = (layer, state.capture)
                _lay(ctx, layer)
                laid += layer.rows
            start = end
        return direct, laid

    def capture_mobjects(self, mobjects, **kwargs) -> None:
        _layers(self).next_frame()
        super().capture_mobjects(mobjects, **kwargs)
