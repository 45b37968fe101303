"""Slides for a talk: scenes (or a lesson's scenes, in order) as manim-slides decks, where
every teaching beat is one slide, converted to an offline HTML deck or a PPTX.

Each scene is a "slides" job through the pool and the store (engine.worker renders it as
a manim-slides Slide); the converters of manim-slides turn the stored slides into a deck.
With a voice, each slide's video carries its own beat's narration. The HTML deck carries
reveal.js from node_modules/ (installed by scripts/setup.sh from package-lock.json): no
CDN, no network. A deck is published whole: its assets folder is exchanged in one step, then
its page, which names them, is put in place (neither is ever seen half written).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from engine import store as store_mod
from engine.clips import check_theme, default_name, scene_params
from engine.errors import InputError, RenderFailed, SetupError, check_writable_with_target
from engine.jobs import ROOT, Job
from engine.lessons import LESSONS_DIR, lesson_names, load
from engine.quality import get_quality
from engine.session import session
from engine.store import Entry
from scenes.catalog import SCENES, SceneSpec, get_spec
from toolkit.theme import parse_colour

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
        raise InputError(
            "name a lesson or a scene, e.g. `render.py slides dot-product` or `render.py slides VectorAlignment`"
        )
    lessons = set(lesson_names(lessons_dir))
    scenes, titles, parts = [], [], []
    for name in names:
        if name in lessons:
            if overrides:
                raise InputError(
                    f"--set changes one scene's numbers; {name!r} is a lesson (edit lessons/{name}.toml, "
                    "or name the scene instead)"
                )
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
            also = (
                f" (did you mean {hint[0]!r}?)"
                if hint
                else f"; lessons: {', '.join(sorted(lessons))}; scenes: see `render.py list`"
            )
            raise InputError(f"{name!r} is neither a lesson nor a scene{also}")
    return Deck(name="-".join(parts), title=" · ".join(titles), scenes=tuple(scenes))


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
        raise SetupError(
            f"reveal.js is not installed in {REVEAL_DIR.parent}: run scripts/setup.sh "
            "(it runs `npm ci` with the project's package-lock.json)"
        )
    return json.loads(package.read_text())["version"]


def build_deck(
    names: list[str],
    to: str,
    overrides: dict | None = None,
    quality: str = "h",
    theme: str = "dark",
    out_path: Path | None = None,
    output_dir: Path = ROOT / "output",
    workers: int = 1,
    force: bool = False,
    lessons_dir: Path = LESSONS_DIR,
    reporter=None,
    background: str | None = None,
    voice: str = "none",
    executor=None,
) -> DeckResult:
    """Render `names` (lessons and scenes) as slides and write the deck; see render.py slides."""
    if to not in TARGETS:
        raise InputError(f"--to takes {' or '.join(TARGETS)}, got {to!r}")
    check_theme(theme)
    q = get_quality(quality)
    background = parse_colour(background) if background is not None else None
    deck = plan_deck(list(names), overrides, lessons_dir)
    output_dir = Path(output_dir)
    dest = deck_path(deck, to, out_path, output_dir)
    if to == "html":
        reveal_version()  # fail now, not after rendering
    check_writable_with_target(output_dir, dest.parent)
    started = time.perf_counter()
    jobs = [Job(s.spec, s.params, q, theme, kind="slides", background=background, voice=voice) for s in deck.scenes]
    with session(output_dir, reporter, workers, force, executor) as run:
        outcomes = run.run(jobs)
        entries = [outcomes[job.key].entry for job in jobs]
        with tempfile.TemporaryDirectory(dir=output_dir / ".cache", prefix=store_mod.STAGING) as voiced:
            configs = [presentation(job, entry, Path(voiced)) for job, entry in zip(jobs, entries)]
            if to == "html":
                write_html(configs, dest, deck.title, theme)
            else:
                write_pptx(configs, dest)
    beats = sum(len(e.meta["beats"]) for e in entries)
    return DeckResult(
        dest,
        to,
        sum(len(c.slides) for c in configs),
        beats,
        [j.name for j in jobs],
        sum(o.state == "rendered" for o in outcomes.values()),
        sum(o.state == "cached" for o in outcomes.values()),
        time.perf_counter() - started,
    )


def presentation(job: Job, entry: Entry, voiced: Path):
    """The scene's PresentationConfig with its files in the store entry; with a narration
    track, each slide's video is a copy carrying its own beat's part of the track."""
    from manim_slides.config import PresentationConfig

    data = json.loads(entry[f"{job.name}.json"].read_text())
    by_name = {Path(rel).name: path for rel, path in entry.files.items()}
    for slide in data["slides"]:
        for k in ("file", "rev_file"):
            slide[k] = str(by_name[Path(slide[k]).name])
    track = entry.files.get("track.wav")
    if track is not None:
        _voice_slides(data["slides"], entry.meta["beats"], track, voiced / job.key)
    return PresentationConfig.model_validate(data)


def _voice_slides(slides: list[dict], beats: list[dict], track: Path, folder: Path) -> None:
    """Slide i plays from the end of beat i-1 to the end of beat i: its track is that span."""
    from narration.audio import mux, normalise, read_audio

    rate = 48000
    samples = normalise(read_audio(track, rate), rate)
    folder.mkdir(parents=True, exist_ok=True)
    start = 0.0
    for slide, beat in zip(slides, beats):
        out = folder / Path(slide["file"]).name
        span = samples[int(round(start * rate)) : int(round(beat["end"] * rate))]
        mux(Path(slide["file"]), span, rate, out)
        slide["file"] = str(out)
        start = beat["end"]


def write_pptx(configs: list, dest: Path) -> None:
    """One slide per beat, each a full-slide video that plays when the slide opens, the
    beat's caption in the speaker notes."""
    from manim_slides.convert import PowerPoint

    with store_mod.staging(dest.parent, dest.name, folder=False) as tmp:
        # The slide is 1280x720 units of 9525 EMU (13.33 x 7.5 in, PowerPoint's 16:9); the video fills it.
        with contextlib.redirect_stderr(io.StringIO()):  # its tqdm bar, not ours
            PowerPoint(presentation_configs=configs, width=1280, height=720).convert_to(tmp)
        store_mod.publish(tmp, dest)


def write_html(configs: list, dest: Path, title: str, theme: str) -> None:
    """dest (the deck's page) and, beside it, <stem>_assets/ with the slide videos and the
    reveal.js files the page uses: a folder that plays from disk with no network."""
    from manim_slides.convert import RevealJS

    version = reveal_version()
    assets_name = f"{dest.stem}_assets"
    with store_mod.staging(dest.parent, dest.stem) as stage:
        page = stage / dest.name
        RevealJS(
            presentation_configs=configs,
            assets_dir=assets_name,
            cdn_url=f"{assets_name}/{REVEAL_IN_DECK}",
            reveal_version=version,
            title=title,
            reveal_theme="white" if theme == "light" else "black",
            background_color=configs[0].background_color,
            progress="true",
            slide_number="c/t",
            hash="true",
        ).convert_to(page)
        _copy_reveal_files(page.read_text(encoding="utf-8"), stage / assets_name, f"{assets_name}/{REVEAL_IN_DECK}/")
        # The assets folder first (exchanged whole), then the page that names them.
        store_mod.publish(stage / assets_name, dest.parent / assets_name)
        store_mod.publish(page, dest)


def _copy_reveal_files(html: str, assets: Path, prefix: str) -> None:
    """Copy every reveal.js file the page links to (and nothing else) into the deck."""
    used = sorted(set(re.findall(r'(?:src|href)="' + re.escape(prefix) + r'([^"]+)"', html)))
    if not used:
        raise RenderFailed("the deck's page links no reveal.js file: the manim-slides template changed")
    for rel in used:
        src = REVEAL_DIR / rel
        if not src.is_file():
            raise RenderFailed(
                f"reveal.js {reveal_version()} in node_modules has no {rel}, which the deck's page needs"
            )
        target = assets / REVEAL_IN_DECK / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    shutil.copyfile(REVEAL_DIR / "LICENSE", assets / REVEAL_IN_DECK / "LICENSE")
