"""One scene for a talk: a clip, a transparent overlay, a GIF or a still, with the
speaker's own numbers. Plain data in, a finished file out; render.py only parses.

Videos are rendered by the same workers and scene cache as lessons (output/.cache), under
the same output lock, and copied to their place with an atomic rename. A GIF is made from
the cached MP4; a PNG is a still of the last frame, drawn directly (no video needed).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from engine import files, video
from engine.plan import ROOT, SceneJob
from engine.quality import Quality, get_quality
from mathcore import InputError
from scenes.catalog import SceneSpec, defaults, get_spec
from toolkit.params import as_plain, build
from toolkit.theme import parse_colour

FORMATS = ("mp4", "webm", "mov", "gif", "png")
# What each format is for, in the words of `render.py scene --help`.
ALPHA_FORMATS = ("mov", "webm", "png")
THEMES = ("dark", "light")
GIF_MAX_FPS = 25  # GIF delays are hundredths of a second: 25 fps is exact, 60 is not playable


class TalkError(RuntimeError):
    """A render that failed for a reason other than the speaker's input (exit code 1)."""


@dataclass(frozen=True)
class ClipResult:
    path: Path
    scene: str
    format: str
    state: str  # "rendered" or "cached"
    seconds: float
    params: dict
    beats: list = field(default_factory=list)
    shown: list = field(default_factory=list)  # every figure the scene put on screen (png only)
    readouts: list = field(default_factory=list)  # the live figures on screen at the end (png only)


def scene_params(scene: str, overrides: dict | None) -> tuple[SceneSpec, dict]:
    """The scene's spec and its complete, validated parameters, or an InputError."""
    spec = get_spec(scene)
    return spec, as_plain(build(spec.params, overrides or {}, owner=spec.name))


def resolve_format(fmt: str | None, transparent: bool, out_path: Path | None) -> str:
    """The output format: asked for, else the -o file's extension, else mov (transparent) or mp4."""
    suffix = out_path.suffix.lower().lstrip(".") if out_path is not None and out_path.suffix else ""
    if fmt is None:
        if suffix in FORMATS:
            fmt = suffix
        elif suffix:
            raise InputError(f"-o {out_path}: unknown extension .{suffix}; use one of {', '.join(FORMATS)}")
        else:
            fmt = "mov" if transparent else "mp4"
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if suffix and suffix != fmt:
        raise InputError(f"-o {out_path} ends in .{suffix} but the format is {fmt}")
    if transparent and fmt not in ALPHA_FORMATS:
        why = "H.264 MP4 has no alpha channel" if fmt == "mp4" else "GIF has no partial transparency"
        raise InputError(f"--transparent needs a format with an alpha channel ({why}): use --format mov "
                         "(QuickTime Animation, for Keynote, PowerPoint and video editors), webm (VP9, for browsers) "
                         "or png (a still)")
    return fmt


def default_name(spec: SceneSpec, params: dict, theme: str, transparent: bool, background: str | None = None) -> str:
    """<Scene> for the storyboard's own numbers on the dark theme; <Scene>-<8 hex> otherwise,
    so two talks' versions of a scene never overwrite each other."""
    plain = as_plain(build(spec.params, defaults(spec), owner=spec.name))
    if params == plain and theme == "dark" and not transparent and not background:
        return spec.name
    payload = json.dumps({"params": params, "theme": theme, "transparent": transparent, "background": background},
                         sort_keys=True)
    return f"{spec.name}-{hashlib.sha256(payload.encode()).hexdigest()[:8]}"


def target_path(out_path: Path | None, output_dir: Path, name: str, fmt: str) -> Path:
    if out_path is None:
        return output_dir / "scenes" / f"{name}.{fmt}"
    if out_path.suffix:
        return out_path
    return out_path / f"{name}.{fmt}"  # a folder


def copy_atomic(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_scene_clip(scene: str, overrides: dict | None = None, quality: str = "h", theme: str = "dark",
                      transparent: bool = False, fmt: str | None = None, out_path: Path | None = None,
                      output_dir: Path = ROOT / "output", force: bool = False, reporter=None,
                      background: str | None = None) -> ClipResult:
    """Render one scene with `overrides` into a file a speaker can use; see render.py scene."""
    from engine.run import QuietReporter, render_jobs
    from engine.cache import SceneCache

    # Everything the speaker typed is checked before anything renders.
    spec, params = scene_params(scene, overrides)
    q = get_quality(quality)
    if theme not in THEMES:
        raise InputError(f"unknown theme {theme!r}: choose dark or light")
    if background is not None:
        if transparent:
            raise InputError("choose --transparent or --background, not both")
        background = parse_colour(background)
    out_path = Path(out_path) if out_path is not None else None
    fmt = resolve_format(fmt, transparent, out_path)
    output_dir = Path(output_dir)
    target = target_path(out_path, output_dir, default_name(spec, params, theme, transparent, background), fmt)
    reporter = reporter or QuietReporter()
    started = time.perf_counter()

    cache = SceneCache(output_dir / ".cache")
    with files.locked(output_dir / ".cache" / "lock", on_wait=reporter.waiting_for_lock):
        cache.sweep()
        if fmt == "png":
            job = SceneJob(spec, params, q, theme, format="png", transparent=transparent, background=background)
            state, still, seen = _still(job, cache, force)
            copy_atomic(still, target)
            return ClipResult(target, spec.name, fmt, state, time.perf_counter() - started, params, **seen)

        video_format = "mp4" if fmt == "gif" else fmt
        job = SceneJob(spec, params, q, theme, format=video_format, transparent=transparent, background=background)
        outcome = render_jobs([job], cache, workers=1, force=force, reporter=reporter)[job.key]
        if outcome.state == "failed":
            raise TalkError(f"{spec.name} failed: {outcome.error} (log: {outcome.log})")
        entry = cache.get(job)
        source = Path(entry["video"])
        if fmt == "gif":
            source = _gif_of(source, q, entry["duration"], force or outcome.state == "rendered")
        copy_atomic(source, target)
        reporter.close()
    return ClipResult(target, spec.name, fmt, outcome.state, time.perf_counter() - started, params, beats=entry["beats"])


# --- GIF: from the cached MP4 ----------------------------------------------------------------


def gif_fps(q: Quality) -> int:
    return min(q.fps, GIF_MAX_FPS)


def _gif_of(mp4: Path, q: Quality, duration: float, again: bool) -> Path:
    """The GIF beside the cached MP4 (made once): a palette per clip, at most 25 fps."""
    gif = mp4.with_suffix(".gif")
    if gif.is_file() and not again:
        return gif
    part = gif.with_name(f".{gif.name}.part")
    fps = gif_fps(q)
    make_gif(mp4, part, fps)
    video.check(part, q.width, q.height, fps, duration=duration, tolerance=0.25)
    os.replace(part, gif)
    return gif


def make_gif(src: Path, dest: Path, fps: int) -> None:
    """src re-timed to `fps` and quantised with a palette made for it (as manim does)."""
    import av

    with av.open(str(src)) as ic, av.open(str(dest), "w", format="gif") as oc:
        ist = ic.streams.video[0]
        ost = oc.add_stream("gif", rate=fps)
        ost.width, ost.height = ist.codec_context.width, ist.codec_context.height
        ost.pix_fmt = "pal8"
        graph = av.filter.Graph()
        buffer = graph.add_buffer(template=ist)
        rate = graph.add("fps", f"fps={fps}")
        split = graph.add("split")
        palettegen = graph.add("palettegen", "stats_mode=diff")
        paletteuse = graph.add("paletteuse", "dither=bayer:bayer_scale=5:diff_mode=rectangle")
        sink = graph.add("buffersink")
        buffer.link_to(rate)
        rate.link_to(split)
        split.link_to(palettegen, 0, 0)
        split.link_to(paletteuse, 1, 0)
        palettegen.link_to(paletteuse, 0, 1)
        paletteuse.link_to(sink)
        graph.configure()
        for frame in ic.decode(ist):
            graph.push(frame)
        graph.push(None)
        index = 0
        while True:
            try:
                frame = graph.pull()
            except (av.error.EOFError, av.error.BlockingIOError):
                break
            frame.pts, frame.time_base = index, Fraction(1, fps)
            index += 1
            oc.mux(ost.encode(frame))
        oc.mux(ost.encode(None))


# --- PNG: a still of the last frame, drawn directly --------------------------------------------


def _still(job: SceneJob, cache, force: bool) -> tuple[str, Path, dict]:
    folder = cache.root / "stills"
    png = folder / f"{job.name}-{job.key}.png"
    meta = png.with_suffix(".json")
    if not force and png.is_file() and meta.is_file():
        return "cached", png, json.loads(meta.read_text())
    folder.mkdir(parents=True, exist_ok=True)
    part = png.with_name(f".{png.name}.part")
    spec = {**job.as_job(cache.work_dir(job), cache.log_path(job), cache.root / "tex"), "manim_quality": job.quality.manim_name,
            "png": str(part)}
    from engine.run import workers_log_to_stderr

    context = multiprocessing.get_context("spawn")
    with workers_log_to_stderr(), ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result = pool.submit(render_still, spec).result()
    shutil.rmtree(cache.work_dir(job), ignore_errors=True)
    if not result["ok"]:
        raise TalkError(f"{job.name} failed: {result['error']} (log: {result['log']})")
    seen = {"shown": result["shown"], "readouts": result["readouts"], "beats": result["beats"]}
    meta.write_text(json.dumps(seen))
    os.replace(part, png)
    return "rendered", png, seen


def render_still(job: dict) -> dict:
    """In a worker process: the scene's last frame as a PNG at the job's quality, every
    animation skipped (as `manim -s`). RGBA when transparent."""
    from engine.worker import in_worker

    return in_worker(job, _render_still)


def _render_still(job: dict) -> dict:
    from manim import tempconfig

    from engine.worker import frame_now, manim_dirs, scene_class

    settings = {"quality": job["manim_quality"], "dry_run": True, "disable_caching": True, **manim_dirs(job),
                "progress_bar": "none", "verbosity": "WARNING", "transparent": job["transparent"]}
    with tempconfig(settings):
        scene = scene_class(job)(params=job["params"], theme=job["theme"], pace=job["pace"],
                                 background=job.get("background"), skip_animations=True)
        scene.render()
        frame_now(scene, job["transparent"]).save(job["png"], format="PNG")
        return {"shown": scene.shown_strings(), "readouts": list(scene.readouts_on_screen()),
                "beats": scene.beats_as_data()}
