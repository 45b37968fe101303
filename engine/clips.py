"""One scene for a talk: a clip, a transparent overlay, a GIF or a still, with the
speaker's own numbers. Plain data in, a finished file out; render.py only parses.

Every render goes through the pool and the store like a lesson's: a video job (a GIF is
made from its MP4), or a still job for a PNG (the last frame drawn directly, no video).
The narration, where there is a voice, is muxed into the clip at -16 LUFS.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from engine import store as store_mod, video
from engine.errors import InputError, check_writable_with_target
from engine.formats import DEFAULT_ALPHA_FORMAT, DEFAULT_FORMAT, FORMATS, alpha_choices
from engine.jobs import ROOT, Job
from engine.quality import Quality, get_quality
from engine.session import session
from scenes.catalog import SceneSpec, defaults, get_spec
from toolkit.params import as_plain, build
from toolkit.theme import THEMES, parse_colour

GIF_MAX_FPS = 25  # GIF delays are hundredths of a second: 25 fps is exact, 60 is not playable


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


def check_theme(theme: str) -> str:
    if theme not in THEMES:
        raise InputError(f"unknown theme {theme!r}: choose one of {', '.join(THEMES)}")
    return theme


def resolve_format(fmt: str | None, transparent: bool, out_path: Path | None) -> str:
    """The output format: asked for, else the -o file's extension, else mov (transparent) or mp4."""
    suffix = out_path.suffix.lower().lstrip(".") if out_path is not None and out_path.suffix else ""
    if fmt is None:
        if suffix in FORMATS:
            fmt = suffix
        elif suffix:
            raise InputError(f"-o {out_path}: unknown extension .{suffix}; use one of {', '.join(FORMATS)}")
        else:
            fmt = DEFAULT_ALPHA_FORMAT if transparent else DEFAULT_FORMAT
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if suffix and suffix != fmt:
        raise InputError(f"-o {out_path} ends in .{suffix} but the format is {fmt}")
    if transparent and not FORMATS[fmt].alpha:
        raise InputError(
            f"--transparent needs a format with an alpha channel ({FORMATS[fmt].no_alpha_because}): "
            f"use --format {alpha_choices()}"
        )
    return fmt


def default_name(spec: SceneSpec, params: dict, theme: str, transparent: bool, background: str | None = None) -> str:
    """<Scene> for the storyboard's own numbers on the dark theme; <Scene>-<8 hex> otherwise,
    so two talks' versions of a scene never overwrite each other."""
    plain = as_plain(build(spec.params, defaults(spec), owner=spec.name))
    if params == plain and theme == "dark" and not transparent and not background:
        return spec.name
    payload = json.dumps(
        {"params": params, "theme": theme, "transparent": transparent, "background": background}, sort_keys=True
    )
    return f"{spec.name}-{hashlib.sha256(payload.encode()).hexdigest()[:8]}"


def target_path(out_path: Path | None, output_dir: Path, name: str, fmt: str) -> Path:
    if out_path is None:
        return output_dir / "scenes" / f"{name}.{fmt}"
    if out_path.suffix:
        return out_path
    return out_path / f"{name}.{fmt}"  # a folder


def render_scene_clip(
    scene: str,
    overrides: dict | None = None,
    quality: str = "h",
    theme: str = "dark",
    transparent: bool = False,
    fmt: str | None = None,
    out_path: Path | None = None,
    output_dir: Path = ROOT / "output",
    force: bool = False,
    reporter=None,
    background: str | None = None,
    voice: str = "none",
    executor=None,
) -> ClipResult:
    """Render one scene with `overrides` into a file a speaker can use; see render.py scene."""
    # Everything the speaker typed is checked before anything renders.
    spec, params = scene_params(scene, overrides)
    q = get_quality(quality)
    check_theme(theme)
    if background is not None:
        if transparent:
            raise InputError("choose --transparent or --background, not both")
        background = parse_colour(background)
    out_path = Path(out_path) if out_path is not None else None
    fmt = resolve_format(fmt, transparent, out_path)
    output_dir = Path(output_dir)
    target = target_path(out_path, output_dir, default_name(spec, params, theme, transparent, background), fmt)
    check_writable_with_target(output_dir, target.parent)
    started = time.perf_counter()
    job = Job(
        spec,
        params,
        q,
        theme,
        transparent=transparent,
        background=background,
        kind="still" if FORMATS[fmt].still else "video",
        format=FORMATS[fmt].job_format,
        voice=voice if FORMATS[fmt].voiced else "none",
    )
    with session(output_dir, reporter, force=force, executor=executor) as run:
        outcome = run.run([job], check=None if job.kind == "still" else _check_clip)[job.key]
        entry = outcome.entry
        if fmt == "png":
            store_mod.copy_file(entry["still.png"], target)
            meta = entry.meta
            return ClipResult(
                target,
                spec.name,
                fmt,
                outcome.state,
                time.perf_counter() - started,
                params,
                beats=meta["beats"],
                shown=meta["shown"],
                readouts=meta["readouts"],
            )
        movie = entry[f"{spec.name}.{job.format}"]
        with store_mod.staging(target.parent, target.name, folder=False) as tmp:
            if fmt == "gif":
                make_gif(movie, tmp, gif_fps(q))
                video.check(tmp, q.width, q.height, gif_fps(q), duration=entry.meta["duration"], tolerance=0.25)
            elif "track.wav" in entry.files:
                _with_voice(movie, entry["track.wav"], tmp)
            else:
                tmp.write_bytes(movie.read_bytes())
            store_mod.publish(tmp, target)
    return ClipResult(
        target, spec.name, fmt, outcome.state, time.perf_counter() - started, params, beats=entry.meta["beats"]
    )


def _check_clip(job: Job, result: dict) -> None:
    q = job.quality
    movie = result["files"][f"{job.name}.{job.format}"]
    video.check(movie, q.width, q.height, q.fps, duration=result["meta"]["duration"])


def _with_voice(movie: Path, track: Path, out: Path) -> None:
    from narration.audio import mux, normalise, read_audio

    rate = 48000
    mux(movie, normalise(read_audio(track, rate), rate), rate, out)


# --- GIF: from the MP4 ------------------------------------------------------------------------


def gif_fps(q: Quality) -> int:
    return min(q.fps, GIF_MAX_FPS)


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
