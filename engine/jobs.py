"""A job: one scene to render into one kind of output. Plain data; no manim import.

A job's key covers everything that can change what it renders: the scene module's source
(the scene's own class, not its neighbours), the toolkit, numeric core and narration it
draws and speaks with, its parameters, quality, theme, background, output kind and format,
the voice, and the manim version. Same key, same output: it comes from the store.

`Job.as_plain()` is what crosses to a worker process or a cluster machine, and
`manim_settings()` is the one place manim's configuration for a job is decided.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib.metadata import version
from pathlib import Path

import manim_patches
from engine.quality import Quality
from scenes.catalog import SceneSpec

ROOT = Path(__file__).resolve().parent.parent
# The code every scene's frames and voice depend on, beside the scene's own module.
SHARED_SOURCES = (
    "toolkit",
    "manim_patches",
    "mathcore",
    "narration",
    "scenes/catalog.py",
    "engine/worker.py",
    "engine/jobs.py",
)
RECORDINGS = Path(os.environ.get("LESSON_RECORDINGS") or ROOT / "assets" / "narration")
KINDS = ("video", "slides", "still")
# A job that runs longer than this is stopped and reported (LESSON_JOB_TIMEOUT overrides).
DEFAULT_TIMEOUT = 3600.0


# Scenes whose picture depends on the lesson files, not only on their own params.
READS_LESSON_FILES = {"TitleCard", "ClosingCard"}
LESSON_FILES = ROOT / "lessons"


@lru_cache(maxsize=None)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def digest_paths(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        st = p.stat()
        h.update(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p).encode())
        h.update(_file_digest(p, st.st_mtime_ns, st.st_size).encode())
    return h.hexdigest()


@lru_cache(maxsize=None)
def _module_parts(path: Path, mtime_ns: int) -> tuple[tuple[str | None, str], ...]:
    """A module's top-level statements as (class name or None, source text), parsed once."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    parts = []
    for node in ast.parse(text, filename=str(path)).body:
        decorators = getattr(node, "decorator_list", None)
        first = (decorators[0].lineno if decorators else node.lineno) - 1
        parts.append((node.name if isinstance(node, ast.ClassDef) else None, "".join(lines[first : node.end_lineno])))
    return tuple(parts)


@lru_cache(maxsize=None)
def _scene_source(path: Path, mtime_ns: int, class_name: str, other_scenes: frozenset[str]) -> str:
    """The part of a scene module that can change this scene: everything but the other
    scenes' classes. Editing one scene of a module then re-renders only that scene."""
    kept = [source for name, source in _module_parts(path, mtime_ns) if name not in other_scenes]
    return hashlib.sha256("".join(kept).encode()).hexdigest()


def shared_files() -> list[Path]:
    files = []
    for entry in SHARED_SOURCES:
        p = ROOT / entry
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    return files


def scene_source_digest(spec: SceneSpec) -> str:
    from scenes.catalog import SCENES

    path = ROOT / spec.path
    others = frozenset(n for n, s in SCENES.items() if s.module == spec.module and n != spec.name)
    own = _scene_source(path, path.stat().st_mtime_ns, spec.name, others)
    return hashlib.sha256((own + digest_paths(shared_files())).encode()).hexdigest()


def project_digest() -> str:
    """What a worker must share with the client to render the same frames: every scene
    module and the shared code. A cluster worker with another digest is refused."""
    from scenes.catalog import SCENES

    modules = {ROOT / s.path for s in SCENES.values()}
    return digest_paths([*modules, *shared_files()])[:16]


@lru_cache(maxsize=1)
def manim_version() -> str:
    return version("manim")


def voice_key(voice: str, scene: str) -> str:
    """What the narration of `scene` depends on beyond the spoken text (which the source
    digest covers): the voice and the author's recordings for the scene."""
    if voice == "none":
        return "none"
    recordings = (
        sorted(p for p in (RECORDINGS / scene).glob("*") if p.is_file()) if (RECORDINGS / scene).is_dir() else []
    )
    try:
        from narration.voices import voice_fingerprint

        fingerprint = voice_fingerprint(voice)
    except ImportError:
        fingerprint = voice
    return hashlib.sha256(
        json.dumps([fingerprint, digest_paths(recordings) if recordings else ""]).encode()
    ).hexdigest()


def check_recordings(scenes: set[str]) -> None:
    """Every recording the author left for these scenes decodes and holds sound, or an
    InputError naming the file, before anything renders."""
    from narration.audio import read_audio
    from narration.voices import EXTENSIONS

    for scene in sorted(scenes):
        folder = RECORDINGS / scene
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.suffix.lower() in EXTENSIONS:
                samples = read_audio(path)
                if len(samples) == 0 or float(abs(samples).max()) < 1e-4:
                    from mathcore import InputError

                    raise InputError(f"{path}: the recording is empty (no sound in it); record it again or remove it")


def no_such_beat(scene: str, wanted: str, beats: list[dict]):
    """The InputError for a beat the scene does not have, naming the ones it has."""
    from mathcore import InputError

    names = ", ".join(f"{b['index']} ({b['name']})" for b in beats)
    return InputError(f"{scene} has no beat {wanted!r}; its beats: {names}")


def job_timeout() -> float:
    """The time limit of one job in seconds: LESSON_JOB_TIMEOUT, or DEFAULT_TIMEOUT. Like
    --timeout, a finite number of at least 1 (NaN would compare as no limit at all)."""
    import math

    from mathcore import InputError

    raw = os.environ.get("LESSON_JOB_TIMEOUT")
    if raw is None:
        return float(DEFAULT_TIMEOUT)
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 1:
        raise InputError(
            f"LESSON_JOB_TIMEOUT must be a finite number of seconds, at least 1, got {raw!r}; "
            "set it to one (e.g. 1800) or unset it"
        )
    return seconds


@dataclass(frozen=True)
class Job:
    spec: SceneSpec
    params: dict
    quality: Quality
    theme: str
    kind: str = "video"  # "video", "slides" or "still"
    format: str = "mp4"  # the video container (video), or "png" (still)
    transparent: bool = False
    background: str | None = None
    voice: str = "none"
    # A still: the end of this beat (number or name), every beat's end, or the last frame.
    beat: str | None = None
    every_beat: bool = False
    # How a video ends: "hold" on its last frame (clips, slides), or "fade" to the background
    # (a lesson's scenes, so one scene hands over to the next without a hard cut).
    ending: str = "hold"
    # Scales every beat's reading pause: below 1 for quick drafts and tests.
    pace: float = field(default_factory=lambda: float(os.environ.get("LESSON_PACE", "1")))

    @property
    def name(self) -> str:
        return self.spec.name

    def but(self, **changes) -> Job:
        return replace(self, **changes)

    @cached_property
    def key(self) -> str:
        payload = {
            "scene": self.spec.name,
            "module": self.spec.module,
            "source": scene_source_digest(self.spec),
            "params": self.params,
            "quality": self.quality.letter,
            "theme": self.theme,
            "kind": self.kind,
            "format": self.format,
            "transparent": self.transparent,
            "background": self.background,
            "voice": voice_key(self.voice, self.spec.name),
            "beat": self.beat,
            "every_beat": self.every_beat,
            "ending": self.ending,
            "pace": self.pace,
            "manim": manim_version(),
        }
        if manim_patches.plain():  # drawn and coded by manim as it is (LESSON_PLAIN_MANIM=1): other bytes
            payload["plain_manim"] = True
        if self.kind == "slides":
            payload["manim_slides"] = version("manim-slides")
        if self.spec.name in READS_LESSON_FILES:
            # The cards draw small live pictures with their lesson's own inputs, read from the lesson
            # files (toolkit/card_pictures.py): a changed lesson changes the cards.
            payload["lesson_files"] = digest_paths(list(LESSON_FILES.glob("*.toml")))
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]

    @cached_property
    def plan_key(self) -> str:
        """What the scene's beats (their number, names and captions) depend on: the scene's
        source and its inputs, not how it is drawn."""
        payload = {
            "scene": self.spec.name,
            "module": self.spec.module,
            "source": scene_source_digest(self.spec),
            "params": self.params,
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]

    def as_plain(self, work: Path, log: Path, tex_root: Path) -> dict:
        """Everything a worker process needs, as JSON-ready data."""
        return {
            "scene": self.spec.name,
            "module": self.spec.module,
            "params": self.params,
            "theme": self.theme,
            "kind": self.kind,
            "format": self.format,
            "transparent": self.transparent,
            "background": self.background,
            "voice": self.voice,
            "beat": self.beat,
            "every_beat": self.every_beat,
            "ending": self.ending,
            "pace": self.pace,
            "quality": self.quality.letter,
            "manim_quality": self.quality.manim_name,
            "key": self.key,
            # Drawn as the key says: a worker whose LESSON_PLAIN_MANIM differs refuses the job.
            "plain_manim": manim_patches.plain(),
            "work": str(work),
            "log": str(log),
            # The LaTeX cache every worker shares, each worker's slot of texts (engine.worker.tex_slot),
            # and the synthetic voice's cache.
            "tex_root": str(tex_root),
            "voice_cache": str(tex_root.parent / "voice"),
            "timeout": job_timeout(),
            "project": project_digest(),
        }


def manim_settings(job: dict, tex_dir: str, text_dir: str) -> dict:
    """manim's configuration for a job (plain data, as `Job.as_plain` gives it)."""
    settings = {
        "quality": job["manim_quality"],
        "media_dir": str(Path(job["work"]) / "media"),
        "tex_dir": tex_dir,
        "text_dir": text_dir,
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "preview": False,
        "transparent": job["transparent"],
    }
    if job["kind"] == "video":
        settings.update(write_to_movie=True, format=job["format"], output_file=job["scene"])
    elif job["kind"] == "slides":
        settings.update(format="mp4")
    elif job["kind"] == "still":
        # Every animation skipped, as `manim -s`: only the frames asked for are drawn.
        settings.update(dry_run=True)
    return settings
