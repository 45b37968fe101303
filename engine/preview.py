"""Preview while authoring: a still, a beat's still, a contact sheet or a draft of one
scene, and again on every save in watch mode.

Every preview is a job through the pool and the store like any render: a "still" job
(every animation skipped, only the asked frames drawn) or a low-quality video. A still, and
everything in watch mode, runs in this process (`pool.in_process`): a worker process would
load manim a second time. Watch mode loads manim once, forgets the project's modules after
each save and imports them again; watchdog tells it when a file is saved.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import textwrap
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine import store as store_mod
from engine.errors import InputError, check_writable
from engine.jobs import ROOT, SHARED_SOURCES
from engine.quality import PREVIEW_QUALITY

if TYPE_CHECKING:
    from PIL import Image

# Packages whose saved files a watcher reads again after a save.
PROJECT_PACKAGES = ("mathcore", "toolkit", "scenes", "narration")
RELOADED_ENGINE_MODULES = ("engine.lessons", "engine.jobs", "engine.clips")
SAVE_EVENTS = {"created", "modified", "moved", "deleted", "closed"}
BEAT = re.compile(r"[0-9]{1,3}|[A-Za-z][A-Za-z0-9 '_-]{0,47}")


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
    voice: str = "none"  # a draft's narrator; a still's beats are timed to it (none: at reading speed)
    out_path: Path | None = None  # -o: the file to write, or a folder for it
    quality: str = PREVIEW_QUALITY  # a still's (a draft is always low quality)


def check_request(req: PreviewRequest):
    """The scene's spec and complete parameters, or InputError, before anything renders."""
    from engine.clips import check_theme
    from scenes.catalog import get_spec
    from toolkit.params import as_plain, build

    if sum([req.beat is not None, req.beats, req.draft]) > 1:
        raise InputError("choose one of --beat, --beats and --draft")
    if req.draft and req.quality != PREVIEW_QUALITY:
        raise InputError(f"a --draft is 854x480 at 15 fps; -q {req.quality} is for stills (or `render.py scene`)")
    if req.beat is not None and not BEAT.fullmatch(req.beat):
        raise InputError(f"--beat takes a beat's number or name, got {req.beat!r}")
    check_theme(req.theme)
    spec = get_spec(req.scene)
    overrides = {}
    if req.lesson:
        from engine.course import lesson_jobs
        from engine.lessons import load
        from engine.quality import get_quality

        # The lesson's parts as it renders them: its title and closing cards included.
        parts = lesson_jobs(load(req.lesson), get_quality(PREVIEW_QUALITY), req.theme, "none")
        match = [j for j in parts if j.spec.name == spec.name]
        if not match:
            names = ", ".join(j.spec.name for j in parts)
            raise InputError(f"lesson {req.lesson!r} has no scene {spec.name}; its scenes: {names}")
        overrides = dict(match[0].params)
    overrides.update(req.overrides)
    return spec, as_plain(build(spec.params, overrides, owner=spec.name))


def target_path(req: PreviewRequest, spec=None, params: dict | None = None) -> Path:
    """OUTPUT/preview/<name>[-beats|-beat-N].(png|mp4), or -o's file (or folder). The name carries
    the inputs as `scene` names its files: the scene's own for its storyboard numbers, with an
    8-hex tag of the parameters and theme otherwise, so a --set run never overwrites another."""
    from engine.clips import default_name

    name = default_name(spec, params, req.theme, False) if spec is not None else req.scene
    suffix = ".mp4" if req.draft else ".png"
    if req.beats:
        name += "-beats"
    elif req.beat is not None:
        name += f"-beat-{req.beat}".replace(" ", "_")
    if req.quality != PREVIEW_QUALITY:
        name += f"-{req.quality}"  # beside the 854x480 still, not over it
    out = req.out_path
    if out is None:
        return req.output / "preview" / (name + suffix)
    if out.suffix == "" or out.is_dir():
        return out / (name + suffix)
    if out.suffix.lower() != suffix:
        raise InputError(f"-o {out}: a {'draft' if req.draft else 'still'} is {suffix[1:]}, not {out.suffix[1:]}")
    return out


def render_preview(req: PreviewRequest, executor=None) -> Path:
    """Render what `req` asks for and return the file's path (InputError for bad input,
    RenderFailed naming the log when the scene itself fails)."""
    from engine.jobs import Job
    from engine.quality import get_quality
    from engine.session import session

    spec, params = check_request(req)
    target = target_path(req, spec, params)
    store = store_mod.Store(req.output / ".cache")
    if req.draft:
        job = Job(spec, params, get_quality(PREVIEW_QUALITY), req.theme, voice=req.voice)
    else:
        job = Job(
            spec,
            params,
            get_quality(req.quality),
            req.theme,
            kind="still",
            format="png",
            beat=req.beat,
            every_beat=req.beats,
            voice=req.voice,
        )
    # Beats are only known by running the scene; once it has run with these inputs they are
    # remembered, and a beat it does not have is refused here, before anything renders.
    known = store.known_beats(spec.name, job.plan_key) if req.beat is not None else None
    if known is not None and not any(req.beat in (str(b["index"]), b["name"]) for b in known):
        from engine.jobs import no_such_beat

        raise no_such_beat(spec.name, req.beat, known)
    check_writable(req.output)
    if executor is None and not req.draft:
        from engine.pool import in_process

        executor = in_process  # a still is quicker drawn here than in a worker that imports manim again
    with session(req.output, executor=executor, store=store) as run:
        entry = run.run([job], input_errors=True)[job.key].entry
        with store_mod.staging(target.parent, target.name, folder=False) as tmp:
            if req.draft and "track.wav" in entry.files:
                from engine.clips import _with_voice

                _with_voice(entry[f"{spec.name}.mp4"], entry["track.wav"], tmp)
            elif req.draft:
                tmp.write_bytes(entry[f"{spec.name}.mp4"].read_bytes())
            elif req.beats:
                contact_sheet(spec.name, entry.meta["beats"], entry.files).save(tmp, format="PNG")
            else:
                tmp.write_bytes(next(p for n, p in entry.files.items() if n.endswith(".png")).read_bytes())
            store_mod.publish(tmp, target)
    return target


THUMB = (426, 240)
CAPTION_H, PAD, HEADER = 92, 16, 44


def sheet_layout(n: int) -> tuple[int, int, tuple[int, int], tuple[int, int]]:
    """Columns, rows, the step from one tile to the next, and the first tile's corner."""
    columns = 3 if n > 4 else 2
    return columns, -(-n // columns), (THUMB[0] + PAD, THUMB[1] + CAPTION_H + PAD), (PAD, HEADER)


def contact_sheet(title: str, beats: list[dict], files: dict[str, Path]) -> "Image.Image":
    """One PNG: a labelled thumbnail of every beat's end, its caption underneath."""
    from PIL import Image, ImageDraw

    columns, rows, (step_x, step_y), (x0, y0) = sheet_layout(len(beats))
    sheet = Image.new("RGB", (x0 + columns * step_x, y0 + rows * step_y + x0), "#0E1015")
    draw = ImageDraw.Draw(sheet)
    font, bold = _font(15), _font(22)
    draw.text((PAD, 12), f"{title}: {len(beats)} beats", fill="#ECEFF4", font=bold)
    for i, beat in enumerate(beats):
        x, y = x0 + (i % columns) * step_x, y0 + (i // columns) * step_y
        with Image.open(files[f"beat-{beat['index']:02d}.png"]) as image:
            sheet.paste(image.convert("RGB").resize(THUMB, Image.LANCZOS), (x, y))
        label = f"{beat['index']}. {beat['name']}  ({beat['start']:.1f}-{beat['end']:.1f} s)"
        draw.text((x, y + THUMB[1] + 4), label, fill="#FFB000", font=font)
        for j, line in enumerate(textwrap.wrap(beat["caption"], 52)[:4]):
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


# --- watch mode ----------------------------------------------------------------------------


def watched_folders() -> list[Path]:
    return sorted(
        {(ROOT / e) if (ROOT / e).is_dir() else (ROOT / e).parent for e in ("scenes", "lessons", *SHARED_SOURCES)}
    )


_IMPORTS: dict[str, tuple[tuple[int, int], frozenset[str]]] = {}


def _project_imports(path: str, package: str, packages: tuple[str, ...] = PROJECT_PACKAGES) -> frozenset[str]:
    """The modules of `packages` a source file imports, anywhere in it (a function's own import
    too); `package` is the file's own package, for relative imports. Parsed once per version of
    the file: parsing every loaded module took 0.3 s a save."""
    import ast
    import importlib.util

    try:
        st = os.stat(path)
    except OSError:
        return frozenset()
    version = (st.st_mtime_ns, st.st_size)
    kept = _IMPORTS.get(path)
    if kept is not None and kept[0] == version:
        return kept[1]
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            try:
                module = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
            except (ImportError, ValueError):
                continue
            # `from toolkit import style` may name a module or a name in the package: both count.
            names.add(module)
            names.update(f"{module}.{a.name}" for a in node.names)
    found = frozenset(n for n in names if n.split(".")[0] in packages)
    _IMPORTS[path] = (version, found)
    return found


def modules_reading(saved: list[str], root: Path = ROOT, packages: tuple[str, ...] = PROJECT_PACKAGES) -> set[str]:
    """The loaded project modules that read one of the `saved` files (paths relative to the
    project), themselves or through a module they import: what must be imported again. A saved
    module not loaded (not imported yet, or its last save did not import) has nothing to forget:
    a module importing it at its top would not be loaded either, and one importing it inside a
    function imports the saved file when it runs. A package read again takes its modules with
    it (a new package object would not have them as attributes)."""
    loaded = {
        name: m for name, m in sys.modules.items() if name.split(".")[0] in packages and getattr(m, "__file__", None)
    }
    by_path = {str(Path(m.__file__).resolve()): name for name, m in loaded.items()}
    stale: set[str] = set()
    for rel in saved:
        if not rel.endswith(".py"):
            continue  # a lesson's TOML: read by the engine's modules, forgotten every time
        name = by_path.get(str((root / rel).resolve()))
        if name is not None:
            stale.add(name)
    importers: dict[str, set[str]] = {}
    for name, m in loaded.items():
        package = name if hasattr(m, "__path__") else name.rpartition(".")[0]
        for dep in _project_imports(m.__file__, package, packages):
            importers.setdefault(dep, set()).add(name)
    todo = list(stale)
    while todo:
        gone = todo.pop()
        inside = [name for name in loaded if name.startswith(gone + ".")] if hasattr(loaded[gone], "__path__") else []
        for name in [*importers.get(gone, ()), *inside]:
            if name not in stale:
                stale.add(name)
                todo.append(name)
    return stale


def forget_project_modules(saved: list[str] | None = None) -> None:
    """Drop the project's modules here so the next import reads the saved files: those that
    read one of the `saved` files (`modules_reading`), or all of them. An edit of a scene
    imports that scene again, not the toolkit under it: 0.02 s instead of 0.07-0.15 s for
    scenes.dot_product (four runs), in a watch re-render of about 0.7 s."""
    stale = modules_reading(saved) if saved is not None else None
    for name in list(sys.modules):
        if name in RELOADED_ENGINE_MODULES or (
            name.split(".")[0] in PROJECT_PACKAGES and (stale is None or name in stale)
        ):
            module = sys.modules.pop(name)
            parent, _, child = name.rpartition(".")
            # A package kept keeps the old module as its attribute, and `from package import
            # child` would take that rather than import the saved file.
            if parent in sys.modules and getattr(sys.modules[parent], child, None) is module:
                delattr(sys.modules[parent], child)
    importlib.invalidate_caches()


def short_error(e: BaseException) -> str:
    """One or two lines an author can act on: what went wrong and where in their files."""
    if isinstance(e, SyntaxError):
        return f"SyntaxError: {e.msg} ({Path(e.filename or '?').name}, line {e.lineno})"
    if type(e).__name__ in ("InputError", "RenderFailed"):  # by name: a reload makes new classes
        return f"error: {e}"
    where = ""
    for frame in reversed(traceback.extract_tb(e.__traceback__)):
        if frame.filename.startswith(str(ROOT)) and "/engine/" not in frame.filename:
            where = f" ({Path(frame.filename).relative_to(ROOT)}, line {frame.lineno})"
            break
    message = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {message}{where}"


def watch(
    req: PreviewRequest, say: Callable[[str], None], stop: Callable[[], bool] = lambda: False, settle: float = 0.05
) -> None:
    """Render, then render again after every save, until `stop()` or Ctrl-C."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    changed: set[str] = set()
    event = threading.Event()

    class OnSave(FileSystemEventHandler):
        def on_any_event(self, ev) -> None:
            # Saves only: watchdog also reports files opened and read, as the render itself does.
            if ev.is_directory or ev.event_type not in SAVE_EVENTS:
                return
            for path in (getattr(ev, "src_path", ""), getattr(ev, "dest_path", "")):
                if path and path.endswith((".py", ".toml")) and "__pycache__" not in path:
                    changed.add(
                        str(Path(path).resolve().relative_to(ROOT))
                        if Path(path).resolve().is_relative_to(ROOT)
                        else path
                    )
                    event.set()

    from engine.pool import in_process

    observer = Observer()
    for folder in watched_folders():
        observer.schedule(OnSave(), str(folder), recursive=True)
    observer.start()

    # What each saved file held when it was last rendered: a save is one render, however many
    # events and writes it takes to reach the disk (an editor's format-on-save writes the same
    # text again while the first render runs; it printed the same error twice).
    rendered: dict[str, bytes | None] = {}

    def content(name: str) -> bytes | None:
        try:
            return (ROOT / name).read_bytes()
        except OSError:
            return None

    def once() -> None:
        started = time.perf_counter()
        try:
            path = render_preview(req, executor=in_process)
            say(f"rendered {path} in {time.perf_counter() - started:.2f}s")
        except Exception as e:  # noqa: BLE001 - the watcher reports and waits for the next save
            say(short_error(e))

    try:
        once()
        modules_reading([])  # each loaded module's imports read now, not at the first save
        say(f"watching {len(watched_folders())} folders; Ctrl-C to stop")
        while not stop():
            if not event.wait(0.2):
                continue
            time.sleep(settle)  # an editor's save is often several events
            event.clear()
            names, _ = sorted(changed), changed.clear()
            now = {name: content(name) for name in names}
            names = [name for name in names if name not in rendered or rendered[name] != now[name]]
            if not names:
                continue  # written again as it was: rendered already
            rendered.update(now)
            say(f"saved: {', '.join(names)}")
            forget_project_modules(names)
            once()
    finally:
        observer.stop()
