"""The partial-movie encoder a LessonScene's videos are coded with: manim's `SceneFileWriter`
with our settings and a hold coded once, as a subclass passed to the renderer
(`file_writer_class`), so manim's own writer stays as it is.

Upstream: `manim.scene.scene_file_writer.SceneFileWriter.open_partial_movie_stream` (overridden:
manim's, then the codec's options) and `_PartialMovieEncodeJob._encode_and_write_frame` (replaced
on each job this writer opens, as an instance attribute; the class is untouched). A hold's
timestamps, and the conversion to YUV, are ours (`_encode_held_frame_once`, `RowsConverter`).
`file_writer_class()` is the class to use: plain `SceneFileWriter` when the patches are off.

Guard: tests/patches/test_encoding.py (the rows converter against whole conversions, a hold's frames and
timestamps); the upstream bodies pinned.
"""

from __future__ import annotations

import types
from fractions import Fraction

from manim.scene.scene_file_writer import SceneFileWriter

from manim_patches.painted_rows import merged

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
X264 = {"preset": "veryfast", "crf": "20", "bf": "0", "x264-params": "me=dia:subme=0"}

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


# RGBA to x264's YUV 4:2:0 with swscale's area interpolation (a box average, what halving the
# chroma is) rather than PyAV's default, bilinear: 0.1 dB closer to the drawn frames
# (bench/encoder_bench.py, "+ AREA"). Point sampling is faster but loses 0.9 dB at
# coloured edges. In one thread, as x264 is: swscale's own threads (one per core by default) would
# run on cores the workers already fill, and they save no CPU (8.6 ms against 8.3 a 1080p frame,
# medians of nine rounds, within this machine's noise) for the same output.
YUV_CONVERSION = ("yuv420p", "AREA")


class RowsConverter:
    """RGBA frames to yuv420p, converting only the bands of rows that changed since the frame
    before and copying the rest from that frame's conversion.

    A lesson's frame changes in bands (a turning arrow, a live figure): a median 15% of the
    rows of MatrixAsTransformation's moving plane, in two bands (120 frames at 1080p). Converting
    a 1080p frame whole costs 7-11 ms of CPU; comparing it with the one before, 1.5-2 ms; the
    bands and the copy, 4.4-5.2 ms in all (bench/encoder_frames.py). Each band is converted
    with a margin of MARGIN rows, its ends on multiples of ALIGN: swscale's chroma rounding
    differs in a band's last chroma row (by one level) when the band is cut tight, and with the
    margin the rows kept are those the whole frame's conversion gives (tests/patches/test_encoding.py
    checks it against whole conversions). Past WHOLE_ABOVE of the height, the frame is converted whole."""

    MARGIN, ALIGN, WHOLE_ABOVE = 16, 8, 0.6

    def __init__(self, fmt: str = YUV_CONVERSION[0], interpolation: str = YUV_CONVERSION[1]):
        self.fmt, self.interpolation = fmt, interpolation
        self.rgba = None
        self.yuv = None
        self._unequal = None

    def _whole(self, rgba):
        import av

        return av.VideoFrame.from_numpy_buffer(rgba, format="rgba").reformat(
            format=self.fmt, interpolation=self.interpolation, threads=1
        )

    def convert(self, rgba, candidates: list[tuple[int, int]] | None = None):
        """`rgba` (H, W, 4), C-contiguous, as an `av.VideoFrame` in yuv420p. Keeps a reference to
        `rgba`, which must not be changed afterwards (manim hands each frame over as a copy).
        `candidates`: runs of rows (top, bottom) outside which `rgba` is known to equal the frame
        before (manim_patches/painted_rows.py); None, the whole frame is compared."""
        import numpy as np

        H, W = rgba.shape[:2]
        last = self.rgba
        if last is None or last.shape != rgba.shape or H % 2:
            out = self._whole(rgba)
        else:
            word = np.uint64 if W % 2 == 0 else np.uint32  # two pixels at a time where rows allow
            a, b = last.reshape(H, -1).view(word), rgba.reshape(H, -1).view(word)
            if self._unequal is None or self._unequal.shape != a.shape:
                self._unequal = np.empty(a.shape, bool)
            moved = np.concatenate(
                [
                    top + self._moved(a[top:bottom], b[top:bottom], self._unequal[top:bottom])
                    for top, bottom in ([(0, H)] if candidates is None else candidates)
                ]
                or [np.empty(0, np.intp)]
            )
            # Runs of changed rows: a gap wider than two margins starts a new band (a moving
            # plane and a live figure across the frame are two bands, not one tall one).
            cuts = np.flatnonzero(np.diff(moved) > 2 * (self.MARGIN + self.ALIGN)) + 1
            bands = [
                (int(run[0]) // 2 * 2, min(H, (int(run[-1]) + 2) // 2 * 2)) for run in np.split(moved, cuts) if len(run)
            ]
            # What the bands cost is the rows converted, margins included (many thin bands can
            # cost more than the whole frame).
            if (
                sum(bottom - top for top, bottom in (self._padded(lo, hi, H) for lo, hi in bands))
                > self.WHOLE_ABOVE * H
            ):
                out = self._whole(rgba)
            else:
                out = self._patched(rgba, bands)
        self.rgba, self.yuv = rgba, out
        return out

    @staticmethod
    def _moved(a, b, unequal):
        """The rows where a and b (rows of words) differ."""
        import numpy as np

        # Into a kept buffer, and the row's max over its bytes rather than any(): 1.6 ms a
        # 1080p frame against 1.9 (the comparison is most of the converter's fixed cost).
        return np.flatnonzero(np.not_equal(a, b, out=unequal).view(np.uint8).max(axis=1))

    def _padded(self, lo: int, hi: int, H: int) -> tuple[int, int]:
        """The rows converted for the band lo..hi: MARGIN more each side, ends on multiples of ALIGN."""
        return max(0, (lo - self.MARGIN) // self.ALIGN * self.ALIGN), min(
            H, -(-(hi + self.MARGIN) // self.ALIGN) * self.ALIGN
        )

    def _patched(self, rgba, bands: list[tuple[int, int]]):
        """The frame before's conversion with each band of rows lo..hi (even) converted from `rgba`."""
        import av

        H, W = rgba.shape[:2]
        out = av.VideoFrame(W, H, self.fmt)
        for mine, theirs in zip(out.planes, self.yuv.planes):
            _rows(mine)[:] = _rows(theirs)
        for lo, hi in bands:
            top, bottom = self._padded(lo, hi, H)
            band = self._whole(rgba[top:bottom])
            for k, (mine, theirs) in enumerate(zip(out.planes, band.planes)):
                step = 1 if k == 0 else 2  # chroma rows are half as many
                _rows(mine)[lo // step : hi // step] = _rows(theirs)[(lo - top) // step : (hi - top) // step]
        return out


def _rows(plane):
    """A plane's pixels as a writable (rows, width) array over its buffer (rows are padded to line_size)."""
    import numpy as np

    return np.frombuffer(memoryview(plane), np.uint8).reshape(-1, plane.line_size)[: plane.height, : plane.width]


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
        if getattr(self, "_rows_converter", None) is None:
            self._rows_converter, self._painted = RowsConverter(), (None, None, None)
        # What the camera painted (manim_patches/painted_rows.py): two frames started from one
        # background differ at most in the rows either painted over it.
        painted = (getattr(frame, "background", None), getattr(frame, "rows", None), frame)
        before, self._painted = self._painted, painted
        same_start = before[0] is not None and before[0] is painted[0] and None not in (before[1], painted[1])
        candidates = merged(before[1] + painted[1]) if same_start else None
        av_frame = self._rows_converter.convert(pixels, candidates)
        # The frame before is converted and compared with: its buffer goes back to the renderer.
        returned = getattr(before[2], "pool", None)
        if returned is not None and before[2] is not frame:
            returned.append(before[2])
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
        # No frame is queued before this returns: the job's thread has none to code yet.
        job._encode_and_write_frame = types.MethodType(_encode_held_frame_once, job)


def file_writer_class() -> type[SceneFileWriter]:
    from manim_patches import plain

    return SceneFileWriter if plain() else LessonFileWriter
