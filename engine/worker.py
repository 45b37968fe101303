"""Runs one job in a worker process. The only module of the engine that imports manim.

`run_job(job)` takes a job as plain data (engine.jobs.Job.as_plain) and returns plain data:
{"ok": True, "files": {name: path}, "meta": {...}, "seconds"} or {"ok": False, "error": one
line, "log": path}. Whatever goes wrong comes back that way, never as an exception into the
pool; the traceback is in the job's log. Each job renders in its own work folder, so two
processes never share manim's media folders; LaTeX is cached per worker (`tex_slot`).
"""

from __future__ import annotations

import ctypes
import fcntl
import importlib
import itertools
import json
import logging
import os
import resource
import signal
import sys
import threading
import time
import traceback
from fractions import Fraction
from pathlib import Path

from engine.errors import disk_full, no_room

# The log on which the caches name a damaged entry (toolkit/sealed.py, narration/audio.py).
CACHE_LOG = "lesson.cache"
# Names scenes that must fail, so tests can watch the engine carry on without them.
FAIL_ENV = "LESSON_RENDER_FAIL"
# Scenes (comma-separated) whose render never ends, for testing the time limit: a real scene's
# time depends on the machine and its load, and the title card came within 0.2 s of a 2 s limit.
HANG_ENV = "LESSON_RENDER_HANG"
PROJECT_PACKAGES = ("mathcore", "toolkit", "scenes", "narration")
_PR_SET_PDEATHSIG = 1

_slot: tuple[Path, object] | None = None


class JobTimeout(Exception):
    pass


def init_worker() -> None:
    """Pool initializer: a worker dies with its parent (even one killed with -9), and leaves
    Ctrl-C to the parent, which stops the workers itself and cleans up after them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)


def tex_slot(root: Path) -> Path:
    """This worker's own text cache, kept across its jobs and across runs.

    manim writes a text's SVG where other processes could read it half written, so no two
    processes may share one; each worker holds the lock of the first free slot for its whole
    life, and the next worker (or the next run) takes up a slot's texts where the last one
    left them. (Formulas are shared by all: see manim_dirs.)"""
    global _slot
    if _slot is None:
        root.mkdir(parents=True, exist_ok=True)
        for n in itertools.count():
            lock = (root / f"slot-{n}.lock").open("a")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            _slot = (root / f"slot-{n}", lock)
            break
    return _slot[0]


def forget_project_modules() -> None:
    """Drop the project's modules so the next import reads the saved files; manim stays."""
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES:
            del sys.modules[name]
    importlib.invalidate_caches()


def run_job(job: dict) -> dict:
    log_path = Path(job["log"])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    # The caches' one-line notes (a damaged entry made again) go to the log and back to the run.
    notes = _Notes()
    loggers = [logging.getLogger(n) for n in ("manim", "manim-slides", "manim_slides", CACHE_LOG)]
    for logger in loggers:
        logger.addHandler(handler)
    cache_log = logging.getLogger(CACHE_LOG)
    cache_log.addHandler(notes)
    cache_log.propagate = False  # said once, in the run's summary, not again by manim's console
    started = time.perf_counter()
    alarm = _arm_timeout(job.get("timeout"))
    try:
        if job["scene"] in os.environ.get(FAIL_ENV, "").split(","):
            raise RuntimeError(f"failure injected by {FAIL_ENV} for testing")
        if job["scene"] in os.environ.get(HANG_ENV, "").split(","):
            time.sleep(24 * 3600)  # until the job's time limit stops it
        if job.get("reload"):
            forget_project_modules()
        Path(job["work"]).mkdir(parents=True, exist_ok=True)
        body = {"video": _video, "slides": _slides, "still": _still}[job["kind"]]
        files, meta = body(job)
        # This process's high-water mark so far (ru_maxrss is in KiB on Linux): the benchmark's memory figure.
        meta["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        return {"ok": True, "files": {k: str(v) for k, v in files.items()}, "meta": meta,
                "seconds": time.perf_counter() - started, "worker": worker_name(), "notes": notes.lines}
    except (Exception, SystemExit) as e:  # noqa: BLE001 - any failure of a scene is reported, never raised into the pool
        # Ctrl-C and SIGTERM (KeyboardInterrupt, pool.Stopped) go on up: a worker process ignores
        # them (its parent stops it), and a job run in the parent's own process must stop with it.
        with log_path.open("a", encoding="utf-8") as f:
            traceback.print_exc(file=f)
        if isinstance(e, JobTimeout):
            error = (f"stopped after {job['timeout']:.0f} s, its time limit (LESSON_JOB_TIMEOUT or --timeout); "
                     "check its parameters")
        else:
            first_line = str(e).strip().splitlines()[0] if str(e).strip() else ""
            error = f"{type(e).__name__}: {first_line}".rstrip(": ")
        failed = {"ok": False, "error": error, "log": str(log_path), "seconds": time.perf_counter() - started,
                  "worker": worker_name(), "notes": notes.lines}
        # A full disk, said as such, or behind a tool that failed without saying why.
        written = [Path(job[k]) for k in ("work", "tex_root", "voice_cache") if job.get(k) and Path(job[k]).is_dir()]
        full = disk_full(e) or no_room(written)
        if full is not None:  # the user's disk, not the scene: the run stops and says so (engine.pool)
            failed["disk_full"] = {"errno": full.errno, "path": str(full.filename or job["work"])}
        return failed
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        for logger in loggers:
            logger.removeHandler(handler)
        cache_log.removeHandler(notes)
        cache_log.propagate = True
        handler.close()


class _Notes(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def worker_name() -> str:
    return os.environ.get("LESSON_WORKER_NAME") or f"{os.uname().nodename}:{os.getpid()}"


def _arm_timeout(seconds: float | None) -> bool:
    """SIGALRM stops a job that runs past its limit (a scene copying a 300-digit number glyph
    by glyph, say). Only the main thread can take signals; elsewhere the pool's own limit holds."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        return False

    def expire(signum, frame):
        raise JobTimeout()

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    return True


# --- building and running a scene -----------------------------------------------------------


def manim_dirs(job: dict) -> tuple[str, str]:
    """manim's LaTeX folder, shared by every worker (toolkit/tex_cache.py makes that safe), and
    its Pango folder, this worker's slot's (manim writes a text's SVG in place)."""
    slot = tex_slot(Path(job["tex_root"]))
    return str(Path(job["tex_root"]) / "Tex"), str(slot / "texts")


def scene_class(job: dict):
    return getattr(importlib.import_module(job["module"]), job["scene"])


def narrator_for(job: dict):
    if job.get("voice", "none") == "none":
        return None
    from narration.voices import make_narrator

    return make_narrator(job["voice"], Path(job["voice_cache"]))


def _scene_kwargs(job: dict) -> dict:
    return {"params": job["params"], "theme": job["theme"], "pace": job["pace"], "background": job.get("background"),
            "narrator": narrator_for(job), "ending": job.get("ending", "hold")}


def frame_now(scene, transparent: bool = False):
    """The frame on screen now, drawn even when the scene skips its animations, as a PIL
    image (RGBA when transparent)."""
    from PIL import Image

    renderer = scene.renderer
    type(renderer).update_frame(renderer, scene)  # the class's: a still's renderer draws nothing else
    image = Image.fromarray(renderer.get_frame())
    return image if transparent else image.convert("RGB")


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


def _tune_encoders() -> None:
    """manim's partial-movie writer with our encoder settings (X264, VP9, one thread) and a hold
    coded once (_encode_held_frame_once); installed once per process."""
    from manim.scene.scene_file_writer import SceneFileWriter, _PartialMovieEncodeJob

    if getattr(SceneFileWriter, "_encoders_tuned", False):
        return
    opened = SceneFileWriter.open_partial_movie_stream

    def open_partial_movie_stream(self, *args, **kwargs):
        opened(self, *args, **kwargs)
        context = self._current_encode_job.stream.codec_context
        tuned = {"libx264": X264, "libvpx-vp9": VP9}.get(context.name)
        if tuned is not None:
            context.options = {**context.options, **tuned}
            context.thread_count = ENCODER_THREADS

    SceneFileWriter.open_partial_movie_stream = open_partial_movie_stream
    SceneFileWriter._encoders_tuned = True
    _PartialMovieEncodeJob._encode_and_write_frame = _encode_held_frame_once


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
    margin the rows kept are those the whole frame's conversion gives (tests/test_encoding.py
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
            format=self.fmt, interpolation=self.interpolation, threads=1)

    def convert(self, rgba):
        """`rgba` (H, W, 4), C-contiguous, as an `av.VideoFrame` in yuv420p. Keeps a reference to
        `rgba`, which must not be changed afterwards (manim hands each frame over as a copy)."""
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
            # Into a kept buffer, and the row's max over its bytes rather than any(): 1.6 ms a
            # 1080p frame against 1.9 (the comparison is most of the converter's fixed cost).
            moved = np.flatnonzero(np.not_equal(a, b, out=self._unequal).view(np.uint8).max(axis=1))
            # Runs of changed rows: a gap wider than two margins starts a new band (a moving
            # plane and a live figure across the frame are two bands, not one tall one).
            cuts = np.flatnonzero(np.diff(moved) > 2 * (self.MARGIN + self.ALIGN)) + 1
            bands = [(int(run[0]) // 2 * 2, min(H, (int(run[-1]) + 2) // 2 * 2))
                     for run in np.split(moved, cuts) if len(run)]
            # What the bands cost is the rows converted, margins included (many thin bands can
            # cost more than the whole frame).
            if sum(bottom - top for top, bottom in (self._padded(lo, hi, H) for lo, hi in bands)) > self.WHOLE_ABOVE * H:
                out = self._whole(rgba)
            else:
                out = self._patched(rgba, bands)
        self.rgba, self.yuv = rgba, out
        return out

    def _padded(self, lo: int, hi: int, H: int) -> tuple[int, int]:
        """The rows converted for the band lo..hi: MARGIN more each side, ends on multiples of ALIGN."""
        return max(0, (lo - self.MARGIN) // self.ALIGN * self.ALIGN), min(H, -(-(hi + self.MARGIN) // self.ALIGN) * self.ALIGN)

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
                _rows(mine)[lo // step:hi // step] = _rows(theirs)[(lo - top) // step:(hi - top) // step]
        return out


def _rows(plane):
    """A plane's pixels as a writable (rows, width) array over its buffer (rows are padded to line_size)."""
    import numpy as np

    return np.frombuffer(memoryview(plane), np.uint8).reshape(-1, plane.line_size)[:plane.height, :plane.width]


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
            self._rows_converter = RowsConverter()
        av_frame = self._rows_converter.convert(pixels)
    else:  # PyAV converts inside encode() (a transparent clip's format)
        av_frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
    for offset in ((0, num_frames - 1) if num_frames > 1 else (0,)):
        # One frame sent twice: the codec takes its own reference and timestamp at each send.
        av_frame.pts, av_frame.time_base, av_frame.duration = pts + offset, time_base, 1
        for packet in self.stream.encode(av_frame):
            self.container.mux(packet)
    self._next_pts = pts + num_frames


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
    byte-identical (-q m)."""
    import numpy as np

    def get_frame():
        camera = renderer.camera  # asked each time: a scene may give its renderer another camera
        frame = camera.pixel_array
        drew = camera.pixel_array_to_cairo_context.pop(id(frame), None)
        camera.pixel_array = np.empty_like(frame)
        if drew is not None:
            ctx = camera.get_cairo_context(camera.pixel_array)
            ctx.set_line_cap(drew.get_line_cap())
            ctx.set_line_join(drew.get_line_join())
        return frame

    renderer.get_frame = get_frame


def _video(job: dict) -> tuple[dict, dict]:
    from manim import tempconfig

    from engine.jobs import manim_settings

    _tune_encoders()
    with tempconfig(manim_settings(job, *manim_dirs(job))):
        scene = scene_class(job)(**_scene_kwargs(job))
        hand_over_frames(scene.renderer)
        scene.render()
        video = Path(scene.renderer.file_writer.movie_file_path)
        duration = float(scene.renderer.time)
    beats = scene.beats_as_data()
    files = {f"{job['scene']}.{job['format']}": video, **_track(job, beats, duration)}
    return files, {"beats": beats, "duration": duration}


def _track(job: dict, beats: list[dict], duration: float) -> dict:
    """The scene's narration: each beat's speech laid at the beat's start (none when silent)."""
    if not any(b.get("audio") for b in beats):
        return {}
    from narration.audio import scene_track, write_wav

    track = Path(job["work"]) / "track.wav"
    write_wav(track, scene_track(beats, duration), 48000)
    return {"track.wav": track}


class StopAtBeat(Exception):
    """Raised from a beat's end once the asked frame is captured: the rest need not run."""


def _still(job: dict) -> tuple[dict, dict]:
    """The last frame, the end of one beat, or the end of every beat, as PNGs; every
    animation skipped (as `manim -s`). RGBA when transparent."""
    from manim import tempconfig

    from engine.jobs import manim_settings

    cls = scene_class(job)
    work = Path(job["work"])
    frames: dict[str, Path] = {}
    wanted = job.get("beat")

    class Capturing(cls):  # type: ignore[misc, valid-type]
        def beat_ended(self) -> None:
            super().beat_ended()
            beat = self.beats[-1]
            if job.get("every_beat") or (wanted is not None and wanted in (str(beat.index), beat.name)):
                path = work / f"beat-{beat.index:02d}.png"
                frame_now(self, job["transparent"]).save(path, format="PNG")
                frames[path.name] = path
                if not job.get("every_beat"):
                    raise StopAtBeat

    Capturing.__name__ = cls.__name__
    with tempconfig(manim_settings(job, *manim_dirs(job))):
        scene = Capturing(**_scene_kwargs(job), skip_animations=True)
        if scene.narrator.voiced:
            # Timed to the voice as the video is: each beat's motion spread over its speech, and
            # the clock advanced as the video's frames advance it.
            scene.plan = scene.plan_beats()
            _clock_in_frames(scene)
        _draw_only_when_asked(scene.renderer)
        stopped_early = False
        try:
            scene.render()
        except StopAtBeat:
            stopped_early = True
        if wanted is None and not job.get("every_beat"):
            path = work / "still.png"
            frame_now(scene, job["transparent"]).save(path, format="PNG")
            frames[path.name] = path
    if wanted is not None and not frames:
        from engine.jobs import no_such_beat

        raise no_such_beat(job["scene"], wanted, [{"index": b.index, "name": b.name} for b in scene.beats])
    # A still of one beat stops there: its list of beats is the scene's only when it ran to the end.
    meta = {"beats": scene.beats_as_data(), "beats_complete": not stopped_early, "shown": scene.shown_strings(),
            "readouts": list(scene.readouts_on_screen())}
    return frames, meta


def _clock_in_frames(scene) -> None:
    """A skipped play moves manim's clock on by its exact run time; a rendered one by the frames
    drawn for it: ceil(run time x fps) for an animation, floor for a frozen wait (manim's
    `get_time_progression` and `freeze_current_frame`). At 15 fps that is up to a frame more or
    less a play, seconds over a scene: a still timed to the voice takes the video's clock, so
    its beats' times are the draft's."""
    import numpy as np
    from manim import config

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


def _draw_only_when_asked(renderer) -> None:
    """While every animation is skipped, manim still draws one or two frames per play that
    nobody sees (the background of the animation's still parts, a wait's frame): a fifth of a
    watch render. A still draws only the frames it keeps (`frame_now`), each mobject once; with
    no background image kept, a still part is no longer drawn a second time over itself."""
    renderer.update_frame = lambda *args, **kwargs: None

    def no_background(scene, static_mobjects):
        renderer.static_image = None

    renderer.save_static_frame_data = no_background


class ExampleFailed(Exception):
    pass


def gallery_still(name: str, code: str, theme: str, quality: str, tex_root: Path, work: Path):
    """A widget's gallery still (engine/gallery.py): `code` run in a LessonScene's construct, its
    animations skipped as a still's are, and the frame it ends on (a PIL image). Shown: what the
    code added, and every mobject it named that is neither on screen in part nor part of another."""
    import manim
    import numpy as np
    from manim import Mobject, tempconfig

    from engine.jobs import manim_settings
    from engine.quality import QUALITIES
    from toolkit.lesson_scene import LessonScene

    job = {"manim_quality": QUALITIES[quality].manim_name, "work": str(work), "transparent": False, "kind": "still",
           "tex_root": str(tex_root)}
    failure: list[BaseException] = []

    class Example(LessonScene):
        def construct(self):
            namespace = {k: v for k, v in vars(manim).items() if not k.startswith("_")}
            namespace.update(np=np, self=self)
            try:
                exec(compile(code, f"<{name} example>", "exec"), namespace)
            except Exception as e:  # noqa: BLE001 - reported with the widget's name
                failure.append(e)
                return
            named = [v for k, v in namespace.items() if isinstance(v, Mobject) and k != "self"
                     and not k.startswith("_") and k not in vars(manim)]
            on_screen = {id(p) for m in self.mobjects for p in m.get_family()}
            parts = {id(p) for m in named for p in m.get_family()[1:]}
            self.add(*[m for m in named if id(m) not in parts
                       and not any(id(p) in on_screen for p in m.get_family())])

    with tempconfig(manim_settings(job, *manim_dirs(job))):
        scene = Example(theme=theme, skip_animations=True)
        _draw_only_when_asked(scene.renderer)
        scene.render()
        if failure:
            raise ExampleFailed(f"{type(failure[0]).__name__}: {failure[0]}")
        if not scene.mobjects:
            raise ExampleFailed("it built nothing to show")
        scene.update_mobjects(0)
        return frame_now(scene)


def _slides(job: dict) -> tuple[dict, dict]:
    """The scene as a manim-slides Slide, one slide per beat.

    A beat's end is a slide break. What a scene plays between two beats (a fade, a reset)
    opens the next slide, what it plays before its first beat opens the first one, and
    what follows its last beat is left out, so the deck has exactly one slide per beat
    (a scene without beats, like the title card, is one slide). Each slide's speaker
    notes are its beat's caption."""
    from manim import ManimColor, Scene, tempconfig
    from manim_slides import Slide

    from engine.jobs import manim_settings

    for name in ("manim-slides", "manim_slides"):
        logging.getLogger(name).setLevel(logging.WARNING)

    class BeatSlides:
        skip_reversing = True  # reversed clips serve only `manim-slides present`

        def next_section(self, *args, **kwargs):
            # A beat opens a manim section; for slides, the break comes at the beat's end.
            Scene.next_section(self, *args, **kwargs)

        def beat_ended(self) -> None:
            super().beat_ended()
            caption = self.beats[-1].caption
            self._base_slide_config = self._base_slide_config.model_copy(update={"notes": caption})
            self.next_slide()

        def _add_last_slide(self) -> None:
            if not self.beats:
                super()._add_last_slide()

        @property
        def _background_color(self) -> str:
            # LessonScene sets the camera's background as a hex string, not a ManimColor.
            return ManimColor(self.renderer.camera.background_color).to_hex()

    scene_cls = scene_class(job)
    slide_cls = type(job["scene"], (BeatSlides, scene_cls, Slide), {"__module__": scene_cls.__module__})
    folder = Path(job["work"]) / "slides"
    _tune_encoders()  # a slide's clips are coded as a scene's video is
    with tempconfig(manim_settings(job, *manim_dirs(job))):
        scene = slide_cls(**_scene_kwargs(job), output_folder=folder)
        hand_over_frames(scene.renderer)
        scene.render()
    data = json.loads((folder / f"{job['scene']}.json").read_text())
    files = {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()}
    beats, duration = scene.beats_as_data(), float(scene.renderer.time)
    return {**files, **_track(job, beats, duration)}, {"beats": beats, "slides": len(data["slides"]),
                                                       "duration": duration}
