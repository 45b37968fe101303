"""Joins a lesson's rendered scenes into the files a course site publishes."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from engine import captions, files, video
from engine.quality import Quality

MANIFEST = "manifest.json"


def assemble(lesson, quality: Quality, theme: str, parts: list[dict], staged: Path, build_key: str,
             manim_version: str, render_seconds: float) -> list[str]:
    """Write every file of `lesson` into `staged`; return their relative paths, manifest last.

    `parts` are the title card then each scene, in play order, as cache results
    ({"scene", "title", "video", "beats", "duration"})."""
    name = lesson.name
    (staged / "scenes").mkdir(parents=True)
    out_files: list[str] = []

    seen: dict[str, int] = {}
    for part in parts[1:]:
        seen[part["scene"]] = seen.get(part["scene"], 0) + 1
        # A scene used twice in one lesson (with other numbers) gets a numbered file.
        suffix = f"-{seen[part['scene']]}" if seen[part["scene"]] > 1 else ""
        part["file"] = rel = f"scenes/{part['scene']}{suffix}.mp4"
        shutil.copyfile(part["video"], staged / rel)
        out_files.append(rel)

    offset = 0.0
    chapters = []
    for part in parts:
        length = video.probe(part["video"]).duration
        chapters.append({"title": part["title"], "scene": part["scene"], "start": round(offset, 3),
                         "end": round(offset + length, 3)})
        part["offset"] = offset
        offset += length

    lesson_video = f"{name}.mp4"
    join_mode = video.concat([Path(p["video"]) for p in parts], staged / lesson_video, chapters)
    info = video.check(staged / lesson_video, quality.width, quality.height, quality.fps, duration=offset)
    out_files.insert(0, lesson_video)

    cues = captions.lesson_cues(parts)
    (staged / f"{name}.srt").write_text(captions.to_srt(cues), encoding="utf-8")
    (staged / f"{name}.vtt").write_text(captions.to_vtt(cues), encoding="utf-8")
    out_files += [f"{name}.srt", f"{name}.vtt"]

    poster_chapter = next(c for c in chapters if c["scene"] == lesson.poster)
    # The poster scene's last frame: the whole idea on screen, every label in place.
    video.save_frame(staged / lesson_video, max(poster_chapter["start"], poster_chapter["end"] - 0.35), staged / "poster.png")
    out_files.append("poster.png")

    manifest = {
        "lesson": name,
        "title": lesson.title,
        "course": lesson.course,
        "summary": lesson.summary,
        "quality": quality.letter,
        "theme": theme,
        "width": info.width,
        "height": info.height,
        "fps": round(info.fps, 2),
        "duration": round(info.duration, 3),
        "video": lesson_video,
        "captions": {"srt": f"{name}.srt", "vtt": f"{name}.vtt"},
        "poster": "poster.png",
        "chapters": chapters,
        "cues": cues,
        "scenes": [{"scene": p["scene"], "video": p["file"], "duration": round(p["duration"], 3),
                    "params": p.get("params", {})} for p in parts[1:]],
        "files": [{"path": rel, "size": (staged / rel).stat().st_size, "sha256": files.sha256(staged / rel)}
                  for rel in out_files],
        "join": join_mode,
        "manim_version": manim_version,
        "render_seconds": round(render_seconds, 2),
        "rendered_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_key": build_key,
    }
    (staged / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    out_files.append(MANIFEST)
    return out_files


def read_manifest(lesson_dir: Path) -> dict | None:
    path = lesson_dir / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def is_current(lesson_dir: Path, build_key: str) -> bool:
    """The lesson on disk was built from exactly these inputs, and every file is there, whole."""
    manifest = read_manifest(lesson_dir)
    if not manifest or manifest.get("build_key") != build_key:
        return False
    return all((lesson_dir / f["path"]).is_file() and (lesson_dir / f["path"]).stat().st_size == f["size"]
               for f in manifest["files"])
