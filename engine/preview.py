"""Preview while authoring: a still, a beat's still, a contact sheet or a draft of one
scene, rendered in this process, and again on every save in watch mode.

Stills skip every animation (as `manim -s` does) and draw only the frames asked for.
Watch mode keeps manim imported and reloads only the project's own modules.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import textwrap
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.plan import ROOT, SHARED_SOURCES
from mathcore import InputError

if TYPE_CHECKING:
    from PIL import Image

PROJECT_PACKAGES = ("mathcore", "toolkit", "scenes")
# Engine modules that hold on to scene classes or the catalog, so they are reloaded with them.
RELOADED_ENGINE_MODULES = ("engine.lessons", "engine.worker")


@dataclass(frozen=True)
class PreviewRequest:
    scene: str
    overrides: dict
    theme: str
    output: Path
    beat: str | None = None  # a number (1-based) or a beat's name
    beats: bool = False  # contact sheet
    draft: bool = False  # low-quality video
    lesson: str | None = None  # take the scene's parameters from this lesson


class StopAtBeat(Exception):
    """Raised from a beat's end once the asked frame is captured: the rest need not run."""


def _params_for(req: PreviewRequest) -> tuple[object, dict]:
    from scenes.catalog import get_spec
    from toolkit.params import as_plain, build

    spec = get_spec(req.scene)
    overrides = {}
    if req.lesson:
        from engine.lessons import load

        lesson = load(req.lesson)
        match = [s for s in lesson.scenes if s.spec.name == spec.name]
        if not match:
            raise InputError(f"lesson {req.lesson!r} has no scene {spec.name}")
        overrides = dict(match[0].params)
    overrides.update(req.overrides)
    return spec, as_plain(build(spec.params, overrides, owner=spec.name))


def target_path(req: PreviewRequest) -> Path:
    folder = req.output / "preview"
    if req.draft:
        return folder / f"{req.scene}.mp4"
    if req.beats:
        return folder / f"{req.scene}-beats.png"
    if req.beat is not None:
        return folder / f"{req.scene}-beat-{req.beat}.png".replace(" ", "_")
    return folder / f"{req.scene}.png"


def render_preview(req: PreviewRequest) -> Path:
    """Render what `req` asks for and return the file's path. Raises InputError for bad
    input; anything the scene itself raises passes through."""
    spec, params = _params_for(req)
    target = target_path(req)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = req.output / ".cache" / "preview"
    if req.draft:
        return _draft(spec, params, req, target, work)

    from manim import tempconfig

    from engine.worker import frame_now

    module = importlib.import_module(spec.module)
    scene_cls = getattr(module, spec.name)
    frames: list[tuple[object, Image.Image]] = []
    wanted = req.beat

    class Capturing(scene_cls):  # type: ignore[misc, valid-type]
        def beat_ended(self) -> None:
            super().beat_ended()
            beat = self.beats[-1]
            if req.beats or (wanted is not None and wanted in (str(beat.index), beat.name)):
                frames.append((beat, frame_now(self)))
                if not req.beats:
                    raise StopAtBeat

    Capturing.__name__ = spec.name
    settings = {"quality": "low_quality", "dry_run": True, "disable_caching": True, "media_dir": str(work / "media"),
                "tex_dir": str(work / "tex"), "text_dir": str(work / "texts"), "progress_bar": "none",
                "verbosity": "WARNING"}
    with tempconfig(settings):
        scene = Capturing(params=params, theme=req.theme, skip_animations=True)
        try:
            scene.render()
        except StopAtBeat:
            pass
        if wanted is not None and not frames:
            names = ", ".join(f"{b.index} ({b.name})" for b in scene.beats)
            raise InputError(f"{spec.name} has no beat {wanted!r}; its beats: {names}")
        if req.beats:
            image = contact_sheet(spec.name, frames)
        elif frames:
            image = frames[0][1]
        else:
            image = frame_now(scene)
    _save_png(image, target)
    return target


def _save_png(image, target: Path) -> None:
    part = target.with_name(f".{target.name}.part")
    image.save(part, format="PNG")
    part.replace(target)


THUMB = (426, 240)
CAPTION_H, PAD, HEADER = 92, 16, 44


def sheet_layout(n: int) -> tuple[int, int, tuple[int, int], tuple[int, int]]:
    """Columns, rows, the step from one tile to the next, and the first tile's corner."""
    columns = 3 if n > 4 else 2
    return columns, -(-n // columns), (THUMB[0] + PAD, THUMB[1] + CAPTION_H + PAD), (PAD, HEADER)


def contact_sheet(title: str, frames: list) -> "Image.Image":
    """One PNG: a labelled thumbnail of every beat's end, its caption underneath."""
    from PIL import Image, ImageDraw

    columns, rows, (step_x, step_y), (x0, y0) = sheet_layout(len(frames))
    sheet = Image.new("RGB", (x0 + columns * step_x, y0 + rows * step_y + x0), "#0E1015")
    draw = ImageDraw.Draw(sheet)
    font, bold = _font(15), _font(22)
    draw.text((PAD, 12), f"{title}: {len(frames)} beats", fill="#ECEFF4", font=bold)
    for i, (beat, image) in enumerate(frames):
        x, y = x0 + (i % columns) * step_x, y0 + (i // columns) * step_y
        sheet.paste(image.resize(THUMB, Image.LANCZOS), (x, y))
        label = f"{beat.index}. {beat.name}  ({beat.start:.1f}-{beat.end:.1f} s)"
        draw.text((x, y + THUMB[1] + 4), label, fill="#FFB000", font=font)
        for j, line in enumerate(textwrap.wrap(beat.caption, 52)[:4]):
            draw.text((x, y + THUMB[1] + 24 + j * 17), line, fill="#ECEFF4", font=font)
    return sheet


def _font(size: int):
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _draft(spec, params, req: PreviewRequest, target: Path, work: Path) -> Path:
    from engine.worker import render_scene

    media = work / "draft"
    shutil.rmtree(media, ignore_errors=True)
    result = render_scene({"scene": spec.name, "module": spec.module, "params": params, "theme": req.theme,
                           "manim_quality": "low_quality", "media_dir": str(media), "log": str(work / "draft.log")})
    if not result["ok"]:
        raise RuntimeError(f"{result['error']} (log: {result['log']})")
    part = target.with_name(f".{target.name}.part")
    shutil.copyfile(result["video"], part)
    part.replace(target)
    return target


# --- watch mode ----------------------------------------------------------------------------


def watched_files(req: PreviewRequest) -> list[Path]:
    files = []
    for entry in ("scenes", *SHARED_SOURCES):
        p = ROOT / entry
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    files.extend(sorted((ROOT / "lessons").glob("*.toml")))
    return sorted(set(files))


def _stamps(files: list[Path]) -> dict[Path, int]:
    out = {}
    for f in files:
        try:
            out[f] = f.stat().st_mtime_ns
        except FileNotFoundError:
            out[f] = -1
    return out


def forget_project_modules() -> None:
    """Drop the project's modules so the next import reads the saved files; manim stays."""
    for name in list(sys.modules):
        if name.split(".")[0] in PROJECT_PACKAGES or name in RELOADED_ENGINE_MODULES:
            del sys.modules[name]
    importlib.invalidate_caches()


def short_error(e: BaseException) -> str:
    """One or two lines an author can act on: what went wrong and where in their files."""
    if isinstance(e, SyntaxError):
        return f"SyntaxError: {e.msg} ({Path(e.filename or '?').name}, line {e.lineno})"
    if type(e).__name__ == "InputError":  # by name: a reload makes a new InputError class
        return f"error: {e}"
    where = ""
    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        if frame.filename.startswith(str(ROOT)) and "/engine/" not in frame.filename:
            where = f" ({Path(frame.filename).relative_to(ROOT)}, line {frame.lineno})"
            break
    message = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {message}{where}"


def watch(req: PreviewRequest, say: Callable[[str], None], poll: float = 0.25,
          stop: Callable[[], bool] = lambda: False) -> None:
    """Render, then render again after every save, until `stop()` or Ctrl-C."""
    import manim  # noqa: F401 - imported once, here, so every re-render skips it

    def once() -> None:
        started = time.perf_counter()
        try:
            path = render_preview(req)
            say(f"rendered {path} in {time.perf_counter() - started:.2f}s")
        except Exception as e:  # noqa: BLE001 - the watcher reports and waits for the next save
            say(short_error(e))

    once()
    stamps = _stamps(watched_files(req))
    say(f"watching {len(stamps)} files; Ctrl-C to stop")
    while not stop():
        time.sleep(poll)
        now = _stamps(watched_files(req))
        if now != stamps:
            changed = sorted(str(p.relative_to(ROOT)) for p in set(now) | set(stamps) if now.get(p) != stamps.get(p))
            stamps = now
            say(f"saved: {', '.join(changed)}")
            forget_project_modules()
            once()
