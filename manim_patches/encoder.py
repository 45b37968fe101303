"""The partial-movie encoder a LessonScene's videos are coded with: manim's `SceneFileWriter`
with our settings and a hold coded once, as a subclass passed to the renderer
(`file_writer_class`), so manim's own writer stays as it is.

Upstream: `manim.scene.scene_file_writer.SceneFileWriter.open_partial_movie_stream` (overridden:
manim's, then the codec's options) and `_PartialMovieEncodeJob._encode_and_write_frame` (replaced
on each job this writer opens, as an instance attribute; the class is untouched). A hold's
timestamps, and the conversion to YUV, are ours (`_encode_held_frame_once`, `to_yuv420`).
`file_writer_class()` is the class to use: plain `SceneFileWriter` when the patches are off.

Guard: tests/patches/test_encoding.py (the conversion against swscale's, a hold's frames and
timestamps); the upstream bodies pinned.
"""

from __future__ import annotations

import functools
import types
from fractions import Fraction

from manim.scene.scene_file_writer import SceneFileWriter

TARGETS = (
    "manim.scene.scene_file_writer:SceneFileWriter.open_partial_movie_stream",
    "manim.scene.scene_file_writer:_PartialMovieEncodeJob._encode_and_write_frame",
    "manim.scene.scene_file_writer:_PartialMovieEncodeJob._listen_and_write",
)

# x264 as manim runs it is preset medium, CRF 23. Measured on a 1080p plane scene against its
# raw frames (bench/encoder_bench.py): veryfast at CRF 20 encodes 2.5x faster for the same
# PSNR (35.88 dB against 35.96) and 25% more bytes, so the encoder no longer competes with
# drawing for the cores. No B-frames: a hold is coded once and carried by timestamps
# (_encode_held_frame_once), and with reordered frames the MP4's track would end at the
# last decode time, before the last frame is shown. A diamond motion search at whole pixels
# (me=dia, subme=0): a lesson's motion is a few thin shapes over a still background, and on
# the lessons' own frames (bench/encoder_frames.py, 240 1080p frames each) sub-pixel
# refinement (subme=1) cost 18-33% more of x264's time for no PSNR (39.67 dB both on
# MatrixAsTransformation, 39.50 against 39.52 on VectorAlignment) and 6-13% fewer bytes.
# Constant QP (stop 47): CRF estimates each frame's complexity on half-size copies of the frames
# (x264's lookahead), a full-frame cost whatever little moved, as are the macroblock tree, scene
# cut detection and weighted prediction built on those copies. At a constant QP with none of them
# x264 makes no half-size frames. On 240 of VectorAlignment's 1080p frames
# (bench/encoder_frames.py VectorAlignment --first 1500): 5.53 ms a frame against 7.44, the same
# 0.21 MB, 40.30 dB against 39.72 (QP 24). A keyframe every 250 frames (x264's default) still.
# Hinting x264 which macroblocks did not change (its mb_info, through FFmpeg's video hint) saved
# only 0.4 ms more on MatrixAsTransformation's frames, where 99% of them did not: x264's floor
# is per macroblock, skipped or not, and finding them costs as much.
X264 = {
    "preset": "veryfast",
    "qp": "24",
    "bf": "0",
    "x264-params": "me=dia:subme=0:weightp=0:scenecut=0:rc-lookahead=0:mbtree=0",
}

# VP9 (a transparent WebM clip) as manim runs it is libvpx's "good" deadline at its default
# speed: 30 s of CPU for the 3.2 s title card at 1080p60, against 3.6 s for the whole render
# of its QuickTime twin. libvpx's real-time mode at speed 6, against the drawn frames
# (bench/vp9_bench.py, colour as composited, RGB x alpha): VectorAlignment's first 240 frames
# take 6.9 s of CPU instead of 46.6, at 46.90 dB instead of 46.95 (alpha 60.44 against 61.30)
# and 27% more bytes; the title card 3.3 s instead of 36.3, 50.41 dB against 50.53.
VP9 = {"deadline": "realtime", "cpu-used": "6", "row-mt": "1"}

# One encoder thread per worker. A render keeps every core busy with workers, each drawing in one
# thread while its encoder codes in another; x264's own threads (1.5 per core by default) only
# add work there: a quarter more CPU time per frame (bench/encoder_bench.py). And one thread
# codes the same bytes on every machine, whatever its cores (a cluster's render equals a
# local one).
ENCODER_THREADS = 1

# Frames drawn ahead of the encoder, at most. With one encoder in flight (manim's default,
# max_inflight_encoders 1) manim's frame queue has no bound: where drawing outpaces coding, every
# frame drawn ahead is a buffer of its own (8 MB at 1080p, 33 MB at 4K), made, copied whole from
# the background and dropped once coded. VectorAlignment made 48 such buffers at -q l and 110 at
# -q h, and memory grows with however far the drawing gets ahead. With the queue bounded, the
# drawing thread waits for the encoder instead, and the buffers the encoder returns
# (manim_patches/renderer.py) are reused: 4 made at -q l. (The CPU time did not change measurably:
# VectorAlignment -q h on one core, 107 and 117 s against 114 and 115 s.) manim bounds the queue
# the same way when it encodes in parallel (its encoder_queue_size, 8); its encoder drains the
# queue even after a failure, so the wait always ends.
FRAMES_AHEAD = 4


# RGBA to x264's YUV 4:2:0, BT.601 limited range as swscale converts by default, each chroma sample
# the average of its 2x2 pixels (a box, what halving the chroma is; point sampling loses 0.9 dB at
# coloured edges, bench/encoder_bench.py). swscale's AREA does that in 5.1 ms a 1080p frame on this
# machine; libyuv's ABGRToI420 (its "ABGR" is R, G, B, A in memory, manim's pixel order) in 1.3 ms,
# within one level of swscale's planes (bench/encoder_frames.py; tests/patches/test_encoding.py).
# That is less than comparing a frame with the one before (1.6 ms), so every drawn frame is
# converted whole. In one thread, as x264 is: the workers already fill the cores.
YUV_CONVERSION = ("yuv420p", "AREA")


@functools.cache
def _libyuv():
    """libyuv's ABGRToI420, or None where the library is missing (Debian's libyuv0, set up by
    scripts/setup.sh): then swscale converts, slower, to the same planes within a level."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("yuv")
    try:
        function = ctypes.CDLL(name or "libyuv.so.0").ABGRToI420
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_void_p, ctypes.c_int] * 4 + [ctypes.c_int, ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def to_yuv420(rgba, interpolation: str = YUV_CONVERSION[1], into=None, rows=None):
    """`rgba` (H, W, 4), C-contiguous, as a new `av.VideoFrame` in yuv420p; or, given `into` (a
    yuv420p frame of the same size) and `rows` ((top, bottom) runs, each of even rows), only those
    rows converted into `into`, the rest of it left as it is."""
    import av

    convert = _libyuv()  # loaded once per process, on the first frame
    H, W = rgba.shape[:2]
    if convert is None or H % 2 or W % 2 or not rgba.flags.c_contiguous:
        return av.VideoFrame.from_numpy_buffer(rgba, format="rgba").reformat(
            format=YUV_CONVERSION[0], interpolation=interpolation, threads=1
        )
    out = av.VideoFrame(W, H, YUV_CONVERSION[0]) if into is None else into
    y, u, v = out.planes
    for top, bottom in [(0, H)] if into is None or rows is None else rows:
        # Row pairs are independent: a chroma sample averages the 2x2 pixels of its pair alone.
        failed = convert(
            rgba.ctypes.data + top * 4 * W,
            4 * W,
            y.buffer_ptr + top * y.line_size,
            y.line_size,
            u.buffer_ptr + top // 2 * u.line_size,
            u.line_size,
            v.buffer_ptr + top // 2 * v.line_size,
            v.line_size,
            W,
            bottom - top,
        )
        if failed:
            raise RuntimeError(f"libyuv ABGRToI420 failed ({failed}) on a {W}x{H} frame")
    return out


def _rows_that_changed(job, frame) -> list[tuple[int, int]] | None:
    """The runs of rows, in even pairs, where `frame` can differ from the frame this job converted
    last; None when that is not known (then every row is converted).

    A drawn frame is its background with some rows painted over it (`PaintedFrame`, in
    painted_rows.py), and so was the frame before: where they share the background, they differ
    at most in the rows either painted. On VectorAlignment at -q h that is 55% of the rows."""
    from manim_patches.painted_rows import PaintedFrame, merged

    last = getattr(job, "_last_converted", None)
    if last is None or not isinstance(frame, PaintedFrame) or frame.rows is None:
        return None
    background, rows = last
    if frame.background is None or frame.background is not background or rows is None:
        return None
    H = frame.shape[0]
    return merged([(top - top % 2, min(H, bottom + bottom % 2)) for top, bottom in [*frame.rows, *rows]])


def _encode_held_frame_once(self, frame, num_frames: int) -> None:
    """Write `num_frames` copies of `frame` as two coded frames, the hold's first and its last.

    A hold (a frozen wait, a beat's closing pause) repeats one picture, and manim encoded
    every copy: at 1080p60 x264 spends about as long on a copied frame as on a drawn one.
    Timestamps carry the hold instead, every frame still on the 1/fps grid, so players
    show the same picture for the same time (variable frame rate, as screen recorders
    write)."""
    import av

    import numpy as np

    if num_frames < 1:
        return  # a wait shorter than a frame: manim writes nothing for it either
    pts = getattr(self, "_next_pts", 0)
    time_base = 1 / Fraction(self.stream.codec_context.framerate)
    context = self.stream.codec_context
    # The conversion to YUV reads the drawn pixels where they are: from_ndarray first copied the
    # 8 MB of a 1080p frame, 6.1 ms a frame against 0.01 ms (PyAV 18, measured on this machine).
    pixels = np.ascontiguousarray(frame)
    if context.pix_fmt == YUV_CONVERSION[0]:
        # Into the frame converted last, where only some rows changed: x264 has copied its
        # pixels by the time encode() returns (one thread, no B-frames, no lookahead), and so
        # has FFmpeg, which holds no reference to a frame once it is coded.
        rows = _rows_that_changed(self, frame)
        av_frame = to_yuv420(pixels, into=self._last_yuv if rows is not None else None, rows=rows)
        self._last_yuv = av_frame
        # (A PaintedFrame's rows; a plain array, or a copy of one, has none.)
        painted = getattr(frame, "rows", None)
        self._last_converted = (frame.background, list(painted)) if painted is not None else None
        # Converted: the drawn buffer goes back to the renderer to draw a later frame in
        # (manim_patches/painted_rows.py). Once only, should the same buffer come twice: the
        # buffer forgets its pool as it goes back (the renderer sets it on each hand-over). Not
        # by looking through the pool: the drawing thread takes from it meanwhile, and a deque
        # changed while read raises ("deque mutated during iteration", a render failed so).
        pool = getattr(frame, "pool", None)
        if pool is not None:
            frame.pool = None
            pool.append(frame)
    else:  # PyAV converts inside encode() (a transparent clip's format)
        av_frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
    for offset in (0, num_frames - 1) if num_frames > 1 else (0,):
        # One frame sent twice: the codec takes its own reference and timestamp at each send.
        av_frame.pts, av_frame.time_base, av_frame.duration = pts + offset, time_base, 1
        for packet in self.stream.encode(av_frame):
            self.container.mux(packet)
    self._next_pts = pts + num_frames


class LessonFileWriter(SceneFileWriter):
    """manim's partial-movie writer with our encoder settings (X264, VP9, one thread) and a hold
    coded once (_encode_held_frame_once)."""

    def open_partial_movie_stream(self, *args, **kwargs) -> None:
        super().open_partial_movie_stream(*args, **kwargs)
        job = self._current_encode_job
        context = job.stream.codec_context
        tuned = {"libx264": X264, "libvpx-vp9": VP9}.get(context.name)
        if tuned is not None:
            context.options = {**context.options, **tuned}
            context.thread_count = ENCODER_THREADS
        if job.queue.maxsize == 0:
            # No frame is queued yet: Queue.put reads the bound on every call.
            job.queue.maxsize = FRAMES_AHEAD
        # No frame is queued before this returns: the job's thread has none to code yet.
        job._encode_and_write_frame = types.MethodType(_encode_held_frame_once, job)


def file_writer_class() -> type[SceneFileWriter]:
    from manim_patches import plain

    return SceneFileWriter if plain() else LessonFileWriter
