"""Slides for a talk: scenes (or a lesson's scenes, in order) as manim-slides decks, where
every teaching beat is one slide, converted to an offline HTML deck or a PPTX.

Each scene is rendered once per key as a manim-slides Slide in a spawned worker (its own
media folder and slides folder), kept in output/.cache/slides/, and the converters of
manim-slides turn the cached slides into a deck. The HTML deck carries reveal.js from
node_modules/ (installed by scripts/setup.sh from package-lock.json): no CDN, no network.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from engine import files
from engine.lessons import LESSONS_DIR, lesson_names, load
from engine.plan import ROOT, SceneJob, _digest_paths
from engine.quality import get_quality
from toolkit.theme import parse_colour
from engine.talks import THEMES, TalkError, default_name, scene_params
from mathcore import InputError
from scenes.catalog import SCENES, SceneSpec, get_spec

REVEAL_DIR = ROOT / "node_modules" / "reveal.js"
TARGETS = ("html", "pptx")
# Folder, inside a deck's assets folder, that holds the reveal.js files the deck uses.
REVEAL_IN_DECK = "reveal.js"


@dataclass(frozen=True)
class DeckScene:
    spec: SceneSpec
    params: dict


@dataclass(frozen=True)
class Deck:
    name: str  # the default file name
    title: str
    scenes: tuple[DeckScene, ...]


@dataclass(frozen=True)
class DeckResult:
    path: Path
    to: str
    slides: int
    beats: int
    scenes: list[str]
    rendered: int
    cached: int
    seconds: float


def plan_deck(names: list[str], overrides: dict | None, lessons_dir: Path = LESSONS_DIR) -> Deck:
    """What the deck shows, from the names on the command line; InputError before any render."""
    if not names:
        raise InputError("name a lesson or a scene, e.g. `render.py slides dot-product` or `render.py slides VectorAlignment`")
    lessons = set(lesson_names(lessons_dir))
    scenes, titles, parts = [], [], []
    for name in names:
        if name in lessons:
            if overrides:
                raise InputError(f"--set changes one scene's numbers; {name!r} is a lesson (edit lessons/{name}.toml, "
                                 "or name the scene instead)")
            lesson = load(name, lessons_dir)
            title_params = {"course": lesson.course, "title": lesson.title}
            scenes.append(DeckScene(get_spec("TitleCard"), scene_params("TitleCard", title_params)[1]))
            scenes.extend(DeckScene(s.spec, s.params) for s in lesson.scenes)
            titles.append(lesson.title)
            parts.append(name)
        elif name in SCENES:
            spec, params = scene_params(name, overrides)
            scenes.append(DeckScene(spec, params))
            titles.append(spec.title)
            parts.append(default_name(spec, params, "dark", False))
        else:
            known = sorted(lessons) + [s for s in SCENES if s != "TitleCard"]
            hint = difflib.get_close_matches(name, known, n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else f"; lessons: {', '.join(sorted(lessons))}; scenes: see `render.py list`"
            raise InputError(f"{name!r} is neither a lesson nor a scene{also}")
    return Deck(name="-".join(parts), title=" · ".join(titles), scenes=tuple(scenes))


# --- rendering the scenes as slides ----------------------------------------------------------


def slide_key(job: SceneJob) -> str:
    from importlib.metadata import version

    payload = [job.key, _digest_paths([Path(__file__)]), version("manim-slides")]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()[:20]


class SlideCache:
    """output/.cache/slides/<Scene>-<key>/: the scene's manim-slides JSON and its slide videos."""

    def __init__(self, root: Path):
        self.root = root / "slides"
        self.work = root / "work"
        self.logs = root / "logs"

    def entry(self, job: SceneJob) -> Path:
        return self.root / f"{job.name}-{slide_key(job)}"

    def get(self, job: SceneJob):
        """The scene's PresentationConfig, its files in the cache entry; None when absent."""
        from manim_slides.config import PresentationConfig

        entry = self.entry(job)
        meta = entry / f"{job.name}.json"
        if not meta.is_file():
            return None
        data = json.loads(meta.read_text())
        folder = entry / "files" / job.name
        for slide in data["slides"]:
            for k in ("file", "rev_file"):
                slide[k] = str(folder / Path(slide[k]).name)
            if not Path(slide["file"]).is_file():
                return None
        return PresentationConfig.model_validate(data)

    def beats(self, job: SceneJob) -> list[dict]:
        return json.loads((self.entry(job) / "beats.json").read_text())

    def work_dir(self, job: SceneJob) -> Path:
        return self.work / f"slides-{job.name}-{slide_key(job)}-{os.getpid()}"

    def log_path(self, job: SceneJob) -> Path:
        return self.logs / f"slides-{job.name}-{slide_key(job)[:8]}.log"

    def put(self, job: SceneJob, slides_folder: Path) -> None:
        entry = self.entry(job)
        shutil.rmtree(entry, ignore_errors=True)
        entry.parent.mkdir(parents=True, exist_ok=True)
        os.replace(slides_folder, entry)


def render_slide_scene(job: dict) -> dict:
    """In a worker process: render the scene as a manim-slides Slide, one slide per beat.

    A beat's end is a slide break. What a scene plays between two beats (a fade, a reset)
    opens the next slide, what it plays before its first beat opens the first one, and
    what follows its last beat is left out, so the deck has exactly one slide per beat
    (a scene without beats, like the title card, is one slide). Each slide's speaker
    notes are its beat's caption."""
    from engine.worker import in_worker

    return in_worker(job, _render_slides, loggers=("manim", "manim-slides", "manim_slides"))


def _render_slides(job: dict) -> dict:
    import logging

    from manim import ManimColor, Scene, tempconfig
    from manim_slides import Slide

    from engine.worker import manim_dirs, scene_class

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
    settings = {"quality": job["manim_quality"], **manim_dirs(job), "disable_caching": True,
                "format": "mp4", "progress_bar": "none", "verbosity": "WARNING", "preview": False}
    with tempconfig(settings):
        scene = slide_cls(params=job["params"], theme=job["theme"], pace=job["pace"],
                          background=job.get("background"), output_folder=Path(job["slides_dir"]))
        scene.render()
    data = json.loads((Path(job["slides_dir"]) / f"{job['scene']}.json").read_text())
    return {"slides": len(data["slides"]), "beats": scene.beats_as_data()}


def render_slides(jobs: list[SceneJob], cache: SlideCache, workers: int, force: bool, reporter) -> dict:
    """Render the jobs the slide cache lacks, `workers` at a time; {key: SceneOutcome}."""
    from engine.run import SceneOutcome, render_jobs

    def job_args(job: SceneJob, work: Path) -> dict:
        return {**job.as_job(work / "media", cache.log_path(job), cache.work.parent / "tex"),
                "slides_dir": str(work / "slides")}

    def collect(job: SceneJob, result: dict) -> SceneOutcome:
        slides = cache.work_dir(job) / "slides"
        (slides / "beats.json").write_text(json.dumps(result["beats"], indent=1))
        cache.put(job, slides)
        return SceneOutcome(job.name, job.key, "rendered", result["seconds"])

    return render_jobs(jobs, cache, workers, force, reporter, task=render_slide_scene, job_args=job_args,
                       collect=collect)


# --- the deck ----------------------------------------------------------------------------------


def deck_path(deck: Deck, to: str, out_path: Path | None, output_dir: Path) -> Path:
    ext = f".{to}"
    if out_path is None:
        folder = output_dir / "slides"
        return folder / deck.name / f"{deck.name}.html" if to == "html" else folder / f"{deck.name}.pptx"
    out_path = Path(out_path)
    if out_path.suffix:
        if out_path.suffix.lower() != ext:
            raise InputError(f"-o {out_path} ends in {out_path.suffix} but the deck is {to} (--to {to})")
        return out_path
    return out_path / f"{deck.name}{ext}"  # a folder


def reveal_version() -> str:
    package = REVEAL_DIR / "package.json"
    if not package.is_file():
        raise TalkError(f"reveal.js is not installed in {REVEAL_DIR.parent}: run scripts/setup.sh "
                        "(it runs `npm ci` with the project's package-lock.json)")
    return json.loads(package.read_text())["version"]


def build_deck(names: list[str], to: str, overrides: dict | None = None, quality: str = "h", theme: str = "dark",
               out_path: Path | None = None, output_dir: Path = ROOT / "output", workers: int = 1,
               force: bool = False, lessons_dir: Path = LESSONS_DIR, reporter=None, background: str | None = None) -> DeckResult:
    """Render `names` (lessons and scenes) as slides and write the deck; see render.py slides."""
    from engine.run import QuietReporter

    if to not in TARGETS:
        raise InputError(f"--to takes html or pptx, got {to!r}")
    if theme not in THEMES:
        raise InputError(f"unknown theme {theme!r}: choose dark or light")
    q = get_quality(quality)
    deck = plan_deck(list(names), overrides, lessons_dir)
    dest = deck_path(deck, to, out_path, Path(output_dir))
    if to == "html":
        reveal_version()  # fail now, not after rendering
    reporter = reporter or QuietReporter()
    started = time.perf_counter()
    output_dir = Path(output_dir)
    cache = SlideCache(output_dir / ".cache")
    background = parse_colour(background) if background is not None else None
    jobs = [SceneJob(s.spec, s.params, q, theme, background=background) for s in deck.scenes]
    with files.locked(output_dir / ".cache" / "lock", on_wait=reporter.waiting_for_lock):
        outcomes = render_slides(jobs, cache, workers, force, reporter)
        reporter.close()
        failed = [o for o in outcomes.values() if o.state == "failed"]
        if failed:
            raise TalkError("; ".join(f"{o.scene} failed: {o.error} (log: {o.log})" for o in failed))
        configs = [cache.get(job) for job in jobs]
        if to == "html":
            write_html(configs, dest, deck.title, theme)
        else:
            write_pptx(configs, dest, q)
    beats = sum(len(cache.beats(job)) for job in jobs)
    return DeckResult(dest, to, sum(len(c.slides) for c in configs), beats, [j.name for j in jobs],
                      sum(o.state == "rendered" for o in outcomes.values()),
                      sum(o.state == "cached" for o in outcomes.values()), time.perf_counter() - started)


def write_pptx(configs: list, dest: Path, q) -> None:
    """One slide per beat, each a full-slide video that plays when the slide opens, the
    beat's caption in the speaker notes."""
    from manim_slides.convert import PowerPoint

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part.pptx")
    os.close(fd)
    try:
        # The slide is 1280x720 units of 9525 EMU (13.33 x 7.5 in, PowerPoint's 16:9); the video fills it.
        with contextlib.redirect_stderr(io.StringIO()):  # its tqdm bar, not ours
            PowerPoint(presentation_configs=configs, width=1280, height=720).convert_to(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_html(configs: list, dest: Path, title: str, theme: str) -> None:
    """dest (the deck's page) and, beside it, <stem>_assets/ with the slide videos and the
    reveal.js files the page uses: a folder that plays from disk with no network."""
    from manim_slides.convert import RevealJS

    version = reveal_version()
    assets_name = f"{dest.stem}_assets"
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.stem}.staging-"))
    try:
        page = stage / dest.name
        RevealJS(presentation_configs=configs, assets_dir=assets_name, cdn_url=f"{assets_name}/{REVEAL_IN_DECK}",
                 reveal_version=version, title=title, reveal_theme="white" if theme == "light" else "black",
                 background_color=configs[0].background_color, progress="true", slide_number="c/t",
                 hash="true").convert_to(page)
        _copy_reveal_files(page.read_text(encoding="utf-8"), stage / assets_name, f"{assets_name}/{REVEAL_IN_DECK}/")
        # Publish: the assets folder by rename, then the page, which names them, last.
        final_assets = dest.parent / assets_name
        old = None
        if final_assets.exists():
            old = dest.parent / f".{assets_name}.old-{os.getpid()}"
            os.replace(final_assets, old)
        os.replace(stage / assets_name, final_assets)
        os.chmod(page, 0o644)
        os.replace(page, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _copy_reveal_files(html: str, assets: Path, prefix: str) -> None:
    """Copy every reveal.js file the page links to (and nothing else) into the deck."""
    used = sorted(set(re.findall(r'(?:src|href)="' + re.escape(prefix) + r'([^"]+)"', html)))
    if not used:
        raise TalkError("the deck's page links no reveal.js file: the manim-slides template changed")
    for rel in used:
        src = REVEAL_DIR / rel
        if not src.is_file():
            raise TalkError(f"reveal.js {reveal_version()} in node_modules has no {rel}, which the deck's page needs")
        target = assets / REVEAL_IN_DECK / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    shutil.copyfile(REVEAL_DIR / "LICENSE", assets / REVEAL_IN_DECK / "LICENSE")
