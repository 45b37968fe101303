"""The encoder's side of a scene video (manim_patches/encoder.py, renderer.py): frames converted to
YUV as swscale would, faster; frames handed over without a copy, a hold coded once."""

from __future__ import annotations

import numpy as np
import pytest


# A small scene drawn at 30 fps and handed over frame by frame, never written to a file.
SMALL_UNWRITTEN = {
    "quality": "low_quality",
    "frame_rate": 30,
    "write_to_movie": False,
    "disable_caching": True,
    "progress_bar": "none",
    "verbosity": "ERROR",
    "pixel_width": 320,
    "pixel_height": 180,
}


class Job:
    """What _encode_held_frame_once uses of manim's _PartialMovieEncodeJob: an x264 stream at the
    lessons' settings, 30 fps."""

    def __init__(self, path, width: int, height: int):
        from fractions import Fraction

        import av

        from manim_patches.encoder import X264

        self.container = av.open(str(path), "w")
        self.stream = self.container.add_stream("libx264", rate=30, options=X264)
        self.stream.width, self.stream.height, self.stream.pix_fmt = width, height, "yuv420p"
        self.stream.codec_context.time_base = Fraction(1, 30)

    def close(self) -> list[np.ndarray]:
        """Flush and close; the coded frames decoded again."""
        import av

        for packet in self.stream.encode():
            self.container.mux(packet)
        self.container.close()
        with av.open(self.container.name) as video:
            return [f.to_ndarray(format="yuv420p") for f in video.decode(video=0)]


def frames(width: int, height: int, count: int, seed: int) -> list[np.ndarray]:
    """A noisy first frame, then frames that each change a few random bands of rows (a moving
    shape, a live figure), now and then the whole frame or nothing."""
    rng = np.random.default_rng(seed)
    frame = rng.integers(0, 256, (height, width, 4), dtype=np.uint8)
    frame[..., 3] = 255
    out = [frame]
    for k in range(count - 1):
        frame = frame.copy()
        if k % 7 == 3:
            frame[..., :3] = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
        elif k % 7 != 5:
            for _ in range(int(rng.integers(1, 4))):
                top = int(rng.integers(0, height))
                rows = slice(top, min(height, top + int(rng.integers(1, height // 4))))
                cols = slice(int(rng.integers(0, width // 2)), width)
                frame[rows, cols, :3] = rng.integers(0, 256, frame[rows, cols, :3].shape, dtype=np.uint8)
        out.append(frame)
    return out


def planes(frame) -> list[np.ndarray]:
    """A VideoFrame's planes as (rows, width) arrays (rows are padded to line_size)."""
    return [
        np.frombuffer(memoryview(p), np.uint8).reshape(-1, p.line_size)[: p.height, : p.width].astype(int)
        for p in frame.planes
    ]


def swscale_area(rgba):
    import av

    return av.VideoFrame.from_numpy_buffer(rgba, format="rgba").reformat(format="yuv420p", interpolation="AREA")


@pytest.mark.parametrize("width, height, seed", [(854, 480, 1), (640, 360, 2), (321, 240, 3), (320, 181, 4)])
def test_frames_convert_as_swscales_area_does(width, height, seed):
    """libyuv's planes (or swscale's own, at odd sizes) against swscale's box average: on noise,
    the worst case, they round differently (a level on average in half the chroma, two at most;
    on a lesson's frames, a level at most)."""
    from manim_patches.encoder import to_yuv420

    for frame in frames(width, height, 6, seed):
        for k, (got, want) in enumerate(zip(planes(to_yuv420(frame)), planes(swscale_area(frame)))):
            off = np.abs(got - want)
            assert off.max() <= 2 and off.mean() <= 0.5, f"plane {k} differs"


def test_chroma_is_the_average_of_its_four_pixels():
    """Red and blue in alternate columns, and in alternate rows: every chroma sample is their
    mix, not one pixel's colour (point sampling loses coloured edges). And libyuv does it: it is
    set up with the project (scripts/setup.sh), four times faster than swscale."""
    from manim_patches.encoder import _libyuv, to_yuv420

    assert _libyuv() is not None, "libyuv is missing (Debian's libyuv0): frames convert 4x slower"
    red, blue = np.array([255, 0, 0, 255], np.uint8), np.array([0, 0, 255, 255], np.uint8)
    columns = np.empty((64, 96, 4), np.uint8)
    columns[:, ::2], columns[:, 1::2] = red, blue
    rows = np.ascontiguousarray(columns.transpose(1, 0, 2))
    mixed = planes(swscale_area(np.full((64, 96, 4), (128, 0, 128, 255), np.uint8)))
    for frame in (columns, rows):
        _, u, v = planes(to_yuv420(frame))
        assert np.abs(u - mixed[1][0, 0]).max() <= 1 and np.abs(v - mixed[2][0, 0]).max() <= 1


def test_handed_over_frames_are_the_frames_manim_copies():
    """hand_over_frames gives the encoder the drawn buffers themselves: every frame is the one
    manim's copying get_frame gives, AUTO line caps carried over from the frame before included
    (a thick line with AUTO caps first, a round-capped one last, both moving)."""
    from manim import RIGHT, UP, CapStyleType, Line, Scene, Square, tempconfig

    import manim_patches
    from manim_patches.camera import LessonCamera
    from manim_patches.renderer import hand_over_frames

    manim_patches.install()  # as in a render

    class Caps(Scene):
        def construct(self):
            auto = Line(-2 * RIGHT, 2 * RIGHT, stroke_width=40)
            round_ = Line(-2 * RIGHT + UP, 2 * RIGHT + UP, stroke_width=40).set_cap_style(CapStyleType.ROUND)
            self.add(auto, Square(1).shift(2 * UP), round_)
            self.play(auto.animate.shift(UP * 0.5).rotate(0.3), round_.animate.shift(-UP * 2), run_time=0.2)
            self.wait(0.1)

    def frames(hand_over: bool) -> list[np.ndarray]:
        got = []
        with tempconfig(SMALL_UNWRITTEN):
            scene = Caps(camera_class=LessonCamera)  # the camera a LessonScene draws with
            if hand_over:
                hand_over_frames(scene.renderer)
            scene.renderer.add_frame = lambda frame, num_frames=1: got.append(np.array(frame))
            scene.render()
        return got

    handed, copied = frames(True), frames(False)
    assert len(handed) == len(copied) >= 6
    for k, (a, b) in enumerate(zip(handed, copied)):
        assert np.array_equal(a, b), f"frame {k} differs"


def test_frames_started_over_their_painted_rows_are_the_frames_manim_copies(tmp_path):
    """Buffers come back from the encoder (painted_rows.py) and a frame started in one copies back
    only the rows it painted. Every frame is still the one manim's copying renderer gives, and the
    coded video the same as one coded from copies (which are converted to YUV whole, where a frame
    handed over has only the rows converted that it or the frame before painted). The movers reach past their points: a thick stroke's
    sharp corner (a miter join), a live number, text sliding over text, a square leaping down the
    frame; a wait between plays."""

    from manim import DOWN, LEFT, RIGHT, UP, DecimalNumber, Polygon, Scene, Square, Text, ValueTracker, tempconfig

    import manim_patches
    from manim_patches.camera import LessonCamera
    from manim_patches.encoder import _encode_held_frame_once
    from manim_patches.renderer import hand_over_frames

    manim_patches.install()  # as in a render

    class Movers(Scene):
        def construct(self):
            spike = Polygon(LEFT, RIGHT * 0.2 + UP * 0.2, LEFT + UP * 0.4, stroke_width=30).shift(UP * 1.5)
            tracker = ValueTracker(0)
            number = DecimalNumber(0, num_decimal_places=2).shift(DOWN * 2 + LEFT * 3)
            number.add_updater(lambda m: m.set_value(tracker.get_value()))
            words = Text("over", font_size=36).shift(LEFT * 4 + DOWN * 0.5)
            self.add(Square(0.5).shift(UP * 3.2), Text("still", font_size=30).shift(DOWN * 0.5), spike, number, words)
            self.play(spike.animate.rotate(2.5).shift(DOWN * 2.5), tracker.animate.set_value(9.87), run_time=0.5)
            self.wait(0.1)
            self.play(words.animate.shift(RIGHT * 6), spike.animate.shift(UP * 1.5), run_time=0.4)
            dot = Square(0.2, fill_opacity=1).shift(UP * 3 + RIGHT * 5)
            self.add(dot)
            self.play(dot.animate.shift(DOWN * 6), run_time=0.2)  # leaps: the rows it leaves change too

    def frames(hand_over: bool) -> tuple[list[np.ndarray], list[np.ndarray]]:
        got, job = [], Job(tmp_path / f"{hand_over}.mp4", 320, 180)
        with tempconfig(SMALL_UNWRITTEN):
            scene = Movers(camera_class=LessonCamera)  # the camera a LessonScene draws with

            def add_frame(frame, num_frames=1):
                got.append(np.array(frame))
                # The buffer itself when handed over (it goes back once coded), else a copy.
                _encode_held_frame_once(job, frame if hand_over else np.array(frame), num_frames)

            if hand_over:
                hand_over_frames(scene.renderer)
            scene.renderer.add_frame = add_frame
            scene.render()
        return got, job.close()

    (handed, coded), (copied, coded_from_copies) = frames(True), frames(False)
    assert len(handed) == len(copied) >= 20
    for k, (a, b) in enumerate(zip(handed, copied)):
        assert np.array_equal(a, b), f"frame {k} differs"
    assert len(coded) == len(coded_from_copies) >= 20
    for k, (a, b) in enumerate(zip(coded, coded_from_copies)):
        assert np.array_equal(a, b), f"coded frame {k} differs"


def test_a_wait_shorter_than_a_frame_codes_nothing(tmp_path):
    """manim freezes a frame for int(duration * fps) frames, 0 for a wait under one frame: nothing
    is coded for it, and the frames after keep their place on the timeline."""
    from fractions import Fraction

    import av

    from manim_patches.encoder import X264, _encode_held_frame_once

    class Job:  # what _encode_held_frame_once uses of manim's _PartialMovieEncodeJob
        pass

    job = Job()
    job.container = av.open(str(tmp_path / "hold.mp4"), "w")
    job.stream = job.container.add_stream("libx264", rate=30, options=X264)
    job.stream.width, job.stream.height, job.stream.pix_fmt = 64, 48, "yuv420p"
    job.stream.codec_context.time_base = Fraction(1, 30)
    frame = np.zeros((48, 64, 4), np.uint8)
    for k, count in enumerate((1, 0, 3)):
        frame = frame.copy()
        frame[..., k] = 200
        _encode_held_frame_once(job, frame, count)
    for packet in job.stream.encode():
        job.container.mux(packet)
    job.container.close()
    with av.open(str(tmp_path / "hold.mp4")) as video:
        decoded = [(round(f.time * 30), f.to_ndarray(format="rgb24")[0, 0]) for f in video.decode(video=0)]
    # The first frame, then the hold of three as its first and last copies (frames 1 and 3).
    assert [t for t, _ in decoded] == [0, 1, 3]
    assert decoded[0][1][0] > 150 and decoded[0][1][1] < 50  # red only
    assert all(pixel.min() > 150 for _, pixel in decoded[1:])  # the held frame, red, green and blue


PLAYS = 6  # and a wait after every second one


def test_a_video_draws_in_a_few_buffers_however_far_drawing_runs_ahead(tmp_path, monkeypatch):
    """manim's frame queue for one encoder has no bound: where the encoder is slower than the
    drawing, every frame drawn ahead was a new buffer. Here the encoder takes 20 ms a frame, far
    slower than drawing these small frames: the video's plays (a line drawn in over several
    of them, still parts changing between them, waits) are drawn in a few buffers beside one
    still image per play (never drawn into again: frames started from it know it by identity),
    and the coded video is the one coded from manim's copies."""
    import time

    import av
    from manim import DOWN, LEFT, RIGHT, UP, Create, DashedLine, Scene, Square, tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    import manim_patches
    from manim_patches import encoder
    from manim_patches.camera import LessonCamera
    from manim_patches.painted_rows import PaintedFrame
    from manim_patches.renderer import hand_over_frames

    manim_patches.install()  # as in a render
    coded = encoder._encode_held_frame_once

    def slow(job, frame, num_frames):
        time.sleep(0.02)
        coded(job, frame, num_frames)

    monkeypatch.setattr(encoder, "_encode_held_frame_once", slow)
    made = []
    blank = PaintedFrame.blank.__func__
    monkeypatch.setattr(PaintedFrame, "blank", classmethod(lambda cls, like: made.append(1) or blank(cls, like)))

    class Plays(Scene):
        def construct(self):
            square = Square(1)
            line = DashedLine(LEFT * 3 + UP * 2, RIGHT * 3 + DOWN * 2)
            self.add(Square(2), square)
            for k in range(PLAYS):
                self.add(Square(0.3, fill_opacity=1).shift(LEFT * 5 + RIGHT * k + UP * 3))
                self.play(
                    square.animate.shift(RIGHT * 0.3),
                    Create(line, rate_func=lambda t, k=k: (k + t) / PLAYS),
                    run_time=0.4,
                )
                if k % 2:
                    self.wait(0.2)

    def video(hand_over: bool) -> list[np.ndarray]:
        config = {
            **SMALL_UNWRITTEN,
            "write_to_movie": True,
            "media_dir": str(tmp_path / str(hand_over)),
            "output_file": "plays",
        }
        with tempconfig(config):
            renderer = CairoRenderer(camera_class=LessonCamera, file_writer_class=encoder.LessonFileWriter)
            scene = Plays(renderer=renderer)
            if hand_over:
                hand_over_frames(scene.renderer)
            scene.render()
            with av.open(str(scene.renderer.file_writer.movie_file_path)) as movie:
                return [f.to_ndarray(format="yuv420p") for f in movie.decode(video=0)]

    handed = video(True)
    plays = PLAYS + PLAYS // 2
    assert 1 <= len(made) <= encoder.FRAMES_AHEAD + 4 + plays
    copied = video(False)
    assert len(handed) == len(copied) >= PLAYS * 12
    for k, (a, b) in enumerate(zip(handed, copied)):
        assert np.array_equal(a, b), f"coded frame {k} differs"


def test_a_buffer_goes_back_while_the_drawing_thread_takes_from_the_pool(tmp_path):
    """The encoder puts a converted buffer back in the pool while the drawing thread takes buffers
    from it. Looking through the pool for the buffer then raised "deque mutated during iteration"
    and failed a render: each buffer goes back once, without reading the pool."""
    import sys
    import threading
    from collections import deque
    from queue import Queue

    from manim_patches.encoder import _encode_held_frame_once
    from manim_patches.painted_rows import PaintedFrame

    job, pool, queue = Job(tmp_path / "pool.mp4", 64, 32), deque(maxlen=12), Queue(maxsize=4)
    made = []

    def drawing_thread():  # what hand_over_frames does: a buffer from the pool, or a new one
        for _ in range(3000):
            frame = pool.pop() if pool else None
            if frame is None:
                frame = PaintedFrame.blank(np.zeros((32, 64, 4), np.uint8))
                made.append(frame)
            frame.pool = pool
            queue.put(frame)
        queue.put(None)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    drawer = threading.Thread(target=drawing_thread)
    drawer.start()
    try:
        while (frame := queue.get()) is not None:
            _encode_held_frame_once(job, frame, 1)
    finally:
        sys.setswitchinterval(interval)
        while drawer.is_alive():  # should the encoder fail, the drawing thread must not wait on a full queue
            while not queue.empty():
                queue.get_nowait()
            drawer.join(0.01)
    assert len({id(b) for b in pool}) == len(pool) <= len(made) <= 4 + 2
