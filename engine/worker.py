"""Runs one job in a worker process. The only module of the engine that imports manim.

`run_job(job)` takes a job as plain data (engine.jobs.Job.as_plain) and returns plain data:
{"ok": True, "files": {name: path}, "meta": {...}, "seconds"} or {"ok": False, "error": one
line, "log": path}. Whatever goes wrong comes back that way, never as an exception into the
pool; the traceback is in the job's log. Each job renders in its own work folder, so two
processes never share manim's media folders; compiled formulas are one cache every worker shares
(manim_patches/tex_cache.py), Pango's texts one per worker (`tex_slot`). manim's patches are
installed here (`manim_patches.install()`) before a scene is imported.
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
from pathlib import Path

import manim_patches
from engine.errors import disk_full, no_room
from manim_patches.renderer import clock_in_frames, draw_only_when_asked, hand_over_frames

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
        if job.get("plain_manim", False) != manim_patches.plain():
            said = {True: "without manim_patches (LESSON_PLAIN_MANIM=1)", False: "with manim_patches"}
            raise RuntimeError(
                f"the job was planned {said[job.get('plain_manim', False)]} but this worker renders "
                f"{said[manim_patches.plain()]}: set LESSON_PLAIN_MANIM alike on the client and the workers"
            )
        if job.get("reload"):
            forget_project_modules()
        Path(job["work"]).mkdir(parents=True, exist_ok=True)
        body = {"video": _video, "slides": _slides, "still": _still}[job["kind"]]
        files, meta = body(job)
        # This process's high-water mark so far (ru_maxrss is in KiB on Linux): the benchmark's memory figure.
        meta["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        return {
            "ok": True,
            "files": {k: str(v) for k, v in files.items()},
            "meta": meta,
            "seconds": time.perf_counter() - started,
            "worker": worker_name(),
            "notes": notes.lines,
        }
    except (Exception, SystemExit) as e:  # noqa: BLE001 - any failure of a scene is reported, never raised into the pool
        # Ctrl-C and SIGTERM (KeyboardInterrupt, pool.Stopped) go on up: a worker process ignores
        # them (its parent stops it), and a job run in the parent's own process must stop with it.
        with log_path.open("a", encoding="utf-8") as f:
            traceback.print_exc(file=f)
        if isinstance(e, JobTimeout):
            error = (
                f"stopped after {job['timeout']:.0f} s, its time limit (LESSON_JOB_TIMEOUT or --timeout); "
                "check its parameters"
            )
        else:
            first_line = str(e).strip().splitlines()[0] if str(e).strip() else ""
            error = f"{type(e).__name__}: {first_line}".rstrip(": ")
        failed = {
            "ok": False,
            "error": error,
            "log": str(log_path),
            "seconds": time.perf_counter() - started,
            "worker": worker_name(),
            "notes": notes.lines,
        }
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
    """manim's LaTeX folder, shared by every worker (manim_patches/tex_cache.py makes that safe),
    and its Pango folder, this worker's slot's (manim writes a text's SVG in place). With the
    patches off (LESSON_PLAIN_MANIM=1) manim's own LaTeX writer is not safe to share: each slot
    then has a LaTeX folder of its own."""
    slot = tex_slot(Path(job["tex_root"]))
    tex = slot / "Tex" if manim_patches.plain() else Path(job["tex_root"]) / "Tex"
    return str(tex), str(slot / "texts")


def scene_class(job: dict):
    return getattr(importlib.import_module(job["module"]), job["scene"])


def narrator_for(job: dict):
    if job.get("voice", "none") == "none":
        return None
    from narration.voices import make_narrator

    return make_narrator(job["voice"], Path(job["voice_cache"]))


def _scene_kwargs(job: dict) -> dict:
    return {
        "params": job["params"],
        "theme": job["theme"],
        "pace": job["pace"],
        "background": job.get("background"),
        "narrator": narrator_for(job),
        "ending": job.get("ending", "hold"),
    }


def frame_now(scene, transparent: bool = False):
    """The frame on screen now, drawn even when the scene skips its animations, as a PIL
    image (RGBA when transparent)."""
    from PIL import Image

    renderer = scene.renderer
    type(renderer).update_frame(renderer, scene)  # the class's: a still's renderer draws nothing else
    image = Image.fromarray(renderer.get_frame())
    return image if transparent else image.convert("RGB")


def _video(job: dict) -> tuple[dict, dict]:
    from manim import tempconfig

    from engine.jobs import manim_settings

    manim_patches.install()
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

    manim_patches.install()
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
            clock_in_frames(scene)
        draw_only_when_asked(scene.renderer)
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
    meta = {
        "beats": scene.beats_as_data(),
        "beats_complete": not stopped_early,
        "shown": scene.shown_strings(),
        "readouts": list(scene.readouts_on_screen()),
    }
    return frames, meta


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

    job = {
        "manim_quality": QUALITIES[quality].manim_name,
        "work": str(work),
        "transparent": False,
        "kind": "still",
        "tex_root": str(tex_root),
    }
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
            named = [
                v
                for k, v in namespace.items()
                if isinstance(v, Mobject) and k != "self" and not k.startswith("_") and k not in vars(manim)
            ]
            on_screen = {id(p) for m in self.mobjects for p in m.get_family()}
            parts = {id(p) for m in named for p in m.get_family()[1:]}
            self.add(*[m for m in named if id(m) not in parts and not any(id(p) in on_screen for p in m.get_family())])

    with tempconfig(manim_settings(job, *manim_dirs(job))):
        scene = Example(theme=theme, skip_animations=True)
        draw_only_when_asked(scene.renderer)
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
    from manim import tempconfig
    from manim_slides import Slide

    from engine.jobs import manim_settings
    from manim_patches.slides import BeatSlides

    for name in ("manim-slides", "manim_slides"):
        logging.getLogger(name).setLevel(logging.WARNING)

    scene_cls = scene_class(job)
    slide_cls = type(job["scene"], (BeatSlides, scene_cls, Slide), {"__module__": scene_cls.__module__})
    folder = Path(job["work"]) / "slides"
    manim_patches.install()  # a slide's clips are coded as a scene's video is (LessonScene's file writer)
    with tempconfig(manim_settings(job, *manim_dirs(job))):
        scene = slide_cls(**_scene_kwargs(job), output_folder=folder)
        hand_over_frames(scene.renderer)
        scene.render()
    data = json.loads((folder / f"{job['scene']}.json").read_text())
    files = {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()}
    beats, duration = scene.beats_as_data(), float(scene.renderer.time)
    return {**files, **_track(job, beats, duration)}, {
        "beats": beats,
        "slides": len(data["slides"]),
        "duration": duration,
    }
