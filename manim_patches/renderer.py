"""What a renderer hands over and draws, set on one renderer instance (manim's CairoRenderer
class is untouched).

Upstream: `manim.renderer.cairo_renderer.CairoRenderer.get_frame` (replaced on a video's
renderer by `hand_over_frames`), `CairoRenderer.update_frame` and
`CairoRenderer.save_static_frame_data` (replaced on a still's renderer by
`draw_only_when_asked`), `CairoRenderer.play` (wrapped on a voiced still's renderer by
`clock_in_frames`, which copies the frame counting of `Scene.get_time_progression` and
`Scene.is_current_animation_frozen_frame`); the camera's `pixel_array_to_cairo_context` and `get_cairo_context`,
whose cache `hand_over_frames` keeps in step, are pinned too.

Guard: tests/patches/test_encoding.py (every frame handed over is the frame drawn) and the still tests.
"""

from __future__ import annotations

TARGETS = (
    "manim.renderer.cairo_renderer:CairoRenderer.get_frame",
    "manim.renderer.cairo_renderer:CairoRenderer.update_frame",
    "manim.renderer.cairo_renderer:CairoRenderer.save_static_frame_data",
    "manim.camera.camera:Camera.get_cairo_context",
    "manim.renderer.cairo_renderer:CairoRenderer.play",
    "manim.scene.scene:Scene.get_time_progression",
    "manim.scene.scene:Scene.is_current_animation_frozen_frame",
)


def hand_over_frames(renderer) -> None:
    """The renderer's `get_frame` hands the encoder the buffer the camera drew into, and the camera
    draws the next frame into a new buffer, instead of copying every drawn frame (8 MB at 1080p).

    The next frame starts by copying the background (or the still image) into the new buffer, as
    it did into the old one, so no pixel is left from before. The new buffer gets its own cairo
    context, and the line cap and join the old context ended with (manim leaves AUTO caps to the
    context: they carry from one mobject, and one frame, to the next). The old context's cache
    entry goes, so a later array at the same address never finds it. Only for videos: the camera's
    pixel array is not the last frame between a `get_frame` and the next drawing.

    WeightedSumNeuron -q h --voice none, five runs each, alternating with the copying renderer:
    211.3 s of CPU (user + sys) against 225.5 s, lower in four of the five pairs; the video is
    byte-identical (-q m). Nothing when the patches are off (LESSON_PLAIN_MANIM=1)."""
    from collections import deque

    from manim_patches import plain
    from manim_patches.encoder import FRAMES_AHEAD
    from manim_patches.painted_rows import PaintedFrame

    if plain():
        return
    # Buffers the encoder has finished with (manim_patches/painted_rows.py): a frame started in
    # one copies back only the rows it painted. The encoder's queue holds FRAMES_AHEAD frames at
    # most, so that many and the few being drawn and coded are all the buffers a video needs:
    # every one that comes back is kept. A play's still image never comes back (the encoder
    # never sees it), and must not: frames started from it know it by identity, so it is never
    # drawn into again. (Reusing it once the next play had its own gave frames of stale pixels.)
    returned: deque = deque(maxlen=FRAMES_AHEAD + 4)

    def get_frame():
        camera = renderer.camera  # asked each time: a scene may give its renderer another camera
        frame = camera.pixel_array
        drew = camera.pixel_array_to_cairo_context.pop(id(frame), None)
        if isinstance(frame, PaintedFrame):
            frame.pool = returned
        new = returned.pop() if returned else None
        if new is None or new.shape != frame.shape:
            new = PaintedFrame.blank(frame)
        camera.pixel_array = new
        if drew is not None:
            ctx = camera.get_cairo_context(camera.pixel_array)
            ctx.set_line_cap(drew.get_line_cap())
            ctx.set_line_join(drew.get_line_join())
        return frame

    renderer.get_frame = get_frame


def draw_only_when_asked(renderer) -> None:
    """While every animation is skipped, manim still draws one or two frames per play that
    nobody sees (the background of the animation's still parts, a wait's frame): a fifth of a
    watch render. A still draws only the frames it keeps (`frame_now`), each mobject once; with
    no background image kept, a still part is no longer drawn a second time over itself. Nothing
    when the patches are off (LESSON_PLAIN_MANIM=1)."""
    from manim_patches import plain

    if plain():
        return
    renderer.update_frame = lambda *args, **kwargs: None

    def no_background(scene, static_mobjects):
        renderer.static_image = None

    renderer.save_static_frame_data = no_background


def clock_in_frames(scene) -> None:
    """A skipped play moves manim's clock on by its exact run time; a rendered one by the frames
    drawn for it: ceil(run time x fps) for an animation, floor for a frozen wait (manim's
    `get_time_progression` and `freeze_current_frame`). At 15 fps that is up to a frame more or
    less a play, seconds over a scene: a still timed to the voice takes the video's clock, so
    its beats' times are the draft's. Set on the one renderer; with the patches off
    (LESSON_PLAIN_MANIM=1) the still keeps manim's clock."""
    import numpy as np
    from manim import config

    from manim_patches import plain

    if plain():
        return

    renderer, fps = scene.renderer, config.frame_rate
    play = renderer.play

    def play_in_frames(scene_, *args, **kwargs):
        before = renderer.time
        play(scene_, *args, **kwargs)
        if renderer.skip_animations and scene_.duration > 0:
            frozen = scene_.animations is not None and scene_.is_current_animation_frozen_frame()
            frames = int(scene_.duration * fps) if frozen else len(np.arange(0, scene_.duration, 1 / fps))
            renderer.time = before + frames / fps

    renderer.play = play_in_frames
