"""What must be rendered: scene jobs with their cache keys. Plain data; no manim import.

A scene's key covers everything that can change its pixels: its module's source and the
toolkit and numeric core it draws with, its parameters, quality, theme, format and the
manim version. Same key, same video: it is taken from the cache instead of rendered.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib.metadata import version
from pathlib import Path

from engine.quality import Quality
from scenes.catalog import SceneSpec

ROOT = Path(__file__).resolve().parent.parent
# The code every scene's pixels depend on, beside the scene's own module.
SHARED_SOURCES = ("toolkit", "mathcore", "scenes/catalog.py", "engine/worker.py")


@lru_cache(maxsize=None)
def _file_digest(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest_paths(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        st = p.stat()
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(_file_digest(p, st.st_mtime_ns, st.st_size).encode())
    return h.hexdigest()


@lru_cache(maxsize=None)
def _module_parts(path: Path, mtime_ns: int) -> tuple[tuple[str | None, str], ...]:
    """A module's top-level statements as (class name or None, source text), parsed once."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    parts = []
    for node in ast.parse(text).body:
        decorators = getattr(node, "decorator_list", None)
        first = (decorators[0].lineno if decorators else node.lineno) - 1
        parts.append((node.name if isinstance(node, ast.ClassDef) else None, "".join(lines[first:node.end_lineno])))
    return tuple(parts)


@lru_cache(maxsize=None)
def _scene_source(path: Path, mtime_ns: int, class_name: str, other_scenes: frozenset[str]) -> str:
    """The part of a scene module that can change this scene's pixels: everything but the
    other scenes' classes. Editing one scene of a module then re-renders only that scene."""
    kept = [source for name, source in _module_parts(path, mtime_ns) if name not in other_scenes]
    return hashlib.sha256("".join(kept).encode()).hexdigest()


def scene_source_digest(spec: SceneSpec) -> str:
    from scenes.catalog import SCENES

    path = ROOT / spec.path
    others = frozenset(n for n, s in SCENES.items() if s.module == spec.module and n != spec.name)
    own = _scene_source(path, path.stat().st_mtime_ns, spec.name, others)
    return hashlib.sha256((own + _digest_paths(source_files(spec))).encode()).hexdigest()


def source_files(spec: SceneSpec) -> list[Path]:
    """The shared code every scene draws with (its own module is digested apart)."""
    files = []
    for entry in SHARED_SOURCES:
        p = ROOT / entry
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    return files


@lru_cache(maxsize=1)
def manim_version() -> str:
    return version("manim")


@dataclass(frozen=True)
class SceneJob:
    spec: SceneSpec
    params: dict
    quality: Quality
    theme: str
    format: str = "mp4"
    transparent: bool = False
    background: str | None = None
    # Scales every beat's reading pause: below 1 for quick drafts and tests.
    pace: float = field(default_factory=lambda: float(os.environ.get("LESSON_PACE", "1")))

    @property
    def name(self) -> str:
        return self.spec.name

    @cached_property
    def key(self) -> str:
        payload = {
            "scene": self.spec.name,
            "module": self.spec.module,
            "source": scene_source_digest(self.spec),
            "params": self.params,
            "quality": self.quality.letter,
            "theme": self.theme,
            "format": self.format,
            "transparent": self.transparent,
            "background": self.background,
            "pace": self.pace,
            "manim": manim_version(),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]

    def as_job(self, media_dir: Path, log: Path, tex_root: Path | None = None) -> dict:
        """The plain data a worker process needs."""
        return {
            "scene": self.spec.name,
            "module": self.spec.module,
            "params": self.params,
            "theme": self.theme,
            "manim_quality": self.quality.manim_name,
            "format": self.format,
            "transparent": self.transparent,
            "background": self.background,
            "pace": self.pace,
            "media_dir": str(media_dir),
            # Per-worker LaTeX caches live here (engine.worker.tex_slot); by default beside the media.
            "tex_root": str(tex_root or media_dir.parent / "tex"),
            "log": str(log),
        }
