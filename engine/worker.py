"""Renders one scene in a worker process. The only module of the engine that imports manim.

Each job gets its own manim media dir: manim sweeps its Tex folder and partial-movie
folders per process, so two processes must never share them.
"""

from __future__ import annotations

import fcntl
import importlib
import itertools
import logging
import os
import time
import traceback
from collections.abc import Callable
from pathlib import Path

# Names scenes that must fail, so tests can watch the engine carry on without them.
FAIL_ENV = "LESSON_RENDER_FAIL"

_slot: tuple[Path, object] | None = None


def tex_slot(root: Path) -> Path:
    """This worker's own LaTeX and text cache, kept across its jobs and across runs.

    manim sweeps its Tex folder as it pleases, so no two processes may share one; each
    worker holds the lock of the first free slot for its whole life, and the next worker
    (or the next run) takes up a slot's compiled formulas where the last one left them."""
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


def in_worker(job: dict, body: Callable[[dict], dict], loggers: tuple[str, ...] = ("manim",)) -> dict:
    """Run `body(job)` in a worker process with the named loggers writing to the job's log
    file. Whatever goes wrong comes back as {"ok": False, "error": one line, "log": path},
    never as an exception into the pool; the full traceback is in the log."""
    log_path = Path(job["log"])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    started = time.perf_counter()
    attached = [logging.getLogger(name) for name in loggers]
    for logger in attached:
        logger.addHandler(handler)
    try:
        if job["scene"] in os.environ.get(FAIL_ENV, "").split(","):
            raise RuntimeError(f"failure injected by {FAIL_ENV} for testing")
        return {"ok": True, **body(job), "seconds": time.perf_counter() - started}
    except Exception as e:  # noqa: BLE001 - any failure of a scene is reported, never raised into the pool
        with log_path.open("a", encoding="utf-8") as f:
            traceback.print_exc(file=f)
        first_line = str(e).strip().splitlines()[0] if str(e).strip() else ""
        return {"ok": False, "error": f"{type(e).__name__}: {first_line}".rstrip(": "), "log": str(log_path),
                "seconds": time.perf_counter() - started}
    finally:
        for logger in attached:
            logger.removeHandler(handler)
        handler.close()


def manim_dirs(job: dict) -> dict:
    """The job's own media dir, and this worker's LaTeX and text caches."""
    slot = tex_slot(Path(job.get("tex_root") or Path(job["media_dir"]).parent / "tex"))
    return {"media_dir": job["media_dir"], "tex_dir": str(slot / "Tex"), "text_dir": str(slot / "texts")}


def frame_now(scene, transparent: bool = False):
    """The frame on screen now, drawn even when the scene skips its animations, as a PIL
    image (RGBA when transparent)."""
    from PIL import Image

    scene.renderer.update_frame(scene)
    image = Image.fromarray(scene.renderer.get_frame())
    return image if transparent else image.convert("RGB")


def scene_class(job: dict):
    return getattr(importlib.import_module(job["module"]), job["scene"])


def render_scene(job: dict) -> dict:
    """Render `job` (plain data, see engine.plan.SceneJob.as_job) and return what came out:
    {"ok", "video", "beats", "duration", "seconds"} or {"ok": False, "error", "log"}."""
    return in_worker(job, _render_video)


def _render_video(job: dict) -> dict:
    from manim import tempconfig

    settings = {
        "quality": job["manim_quality"],
        **manim_dirs(job),
        "disable_caching": True,
        "write_to_movie": True,
        "format": job.get("format", "mp4"),
        "transparent": job.get("transparent", False),
        "output_file": job["scene"],
        "progress_bar": "none",
        "verbosity": "WARNING",
        "preview": False,
    }
    with tempconfig(settings):
        scene = scene_class(job)(params=job["params"], theme=job["theme"], pace=job.get("pace", 1.0),
                                 background=job.get("background"))
        scene.render()
        return {
            "video": str(Path(scene.renderer.file_writer.movie_file_path)),
            "beats": scene.beats_as_data(),
            "duration": float(scene.renderer.time),
        }
