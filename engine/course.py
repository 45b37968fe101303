"""The lesson videos: every lesson's jobs through the pool, joined into the files a course
site publishes, each lesson's folder published whole.

A lesson's folder holds its video (title card, scenes, closing card; one chapter each;
the narration as one AAC track at -16 LUFS), captions and chapters tracks, transcript,
platform description, poster, scene clips, its page and the snippet a course page embeds,
and its manifest (optionally a constant-frame-rate copy of the video for editors). It is
built in a staging folder and exchanged with the published one in one step.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from engine import captions, site, store as store_mod, transcript, video
from engine.jobs import ROOT, Job, digest_paths, manim_version
from engine.lessons import CARDS, Lesson, lesson_names
from engine.pool import Outcome
from engine.quality import Quality
from engine.session import session
from scenes.catalog import get_spec

MANIFEST = "manifest.json"
ASSEMBLY_SOURCES = [
    *(ROOT / "engine" / n for n in ("course.py", "video.py", "captions.py", "transcript.py", "site.py")),
    *sorted(site.TEMPLATES.glob("*.j2")),
]


@dataclass
class LessonOutcome:
    lesson: str
    state: str  # "up to date", "built", "failed"
    directory: str
    failed_scenes: list[str] = field(default_factory=list)


@dataclass
class Report:
    lessons: list[LessonOutcome]
    scenes: list[Outcome]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(lo.state != "failed" for lo in self.lessons) and all(s.state != "failed" for s in self.scenes)


def lesson_jobs(lesson: Lesson, quality: Quality, theme: str, voice: str) -> list[Job]:
    """The title card, the lesson's scenes in order, and the closing card where there is one."""
    voice = lesson.voice if voice == "lesson" else voice
    cards = {"course": lesson.course, "title": lesson.title}

    def part(spec, params) -> Job:
        # Every part fades to the background at its end: the lesson has no hard cuts.
        return Job(spec, params, quality, theme, voice=voice, ending="fade")

    jobs = [part(get_spec("TitleCard"), cards)] + [part(s.spec, s.params) for s in lesson.scenes]
    if lesson.recap:
        jobs.append(part(get_spec("ClosingCard"), {**cards, "points": list(lesson.recap)}))
    return jobs


def check_video(job: Job, result: dict) -> None:
    """A scene's video has the asked size, frame rate and duration, or it is not stored."""
    q = job.quality
    movie = next(p for n, p in result["files"].items() if n.startswith(job.name + "."))
    video.check(movie, q.width, q.height, q.fps, duration=result["meta"]["duration"])


def build_key(lesson: Lesson, jobs: list[Job], cfr: bool = False) -> str:
    payload = {
        "lesson": lesson.path.read_text(encoding="utf-8"),
        "scenes": [j.key for j in jobs],
        "assembly": digest_paths(ASSEMBLY_SOURCES),
        "cfr": cfr,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]


def read_manifest(lesson_dir: Path) -> dict | None:
    try:
        return json.loads((lesson_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return None


def is_current(lesson_dir: Path, key: str, verify: bool = False) -> bool:
    """The lesson on disk was built from exactly these inputs and every file is there, whole:
    the size its manifest recorded, and with `verify` its sha256 too."""
    manifest = read_manifest(lesson_dir)
    if not manifest or manifest.get("build_key") != key:
        return False
    for f in manifest["files"]:
        path = lesson_dir / f["path"]
        if not path.is_file() or path.stat().st_size != f["size"]:
            return False
        if verify and store_mod.sha256(path) != f["sha256"]:
            return False
    return True


def render_lessons(
    lessons: list[Lesson],
    quality: Quality,
    theme: str,
    output: Path,
    workers: int = 1,
    force: bool = False,
    reporter=None,
    lessons_dir: Path | None = None,
    voice: str = "lesson",
    verify: bool = False,
    executor=None,
    cfr: bool = False,
) -> Report:
    started = time.perf_counter()
    output = Path(output)
    lesson_outcomes: list[LessonOutcome] = []
    with session(output, reporter, workers, force, executor) as run:
        plans = []
        for lesson in lessons:
            jobs = lesson_jobs(lesson, quality, theme, voice)
            key = build_key(lesson, jobs, cfr)
            current = not force and is_current(output / lesson.name, key, verify)
            plans.append((lesson, jobs, key, current))
        todo = [j for (_, jobs, _, current) in plans if not current for j in jobs]
        finished: dict[str, LessonOutcome] = {}

        def finish_ready(outcomes: dict) -> None:
            # A lesson is assembled (its track mixed and encoded, its files published) as soon
            # as its own scenes are done, while the workers render the next lesson's: this
            # takes about 20 s of one core per lesson at -q h.
            for lesson, jobs, key, current in plans:
                if current or lesson.name in finished or not all(j.key in outcomes for j in jobs):
                    continue
                directory = str(output / lesson.name)
                failed = [j.name for j in jobs if outcomes[j.key].state == "failed"]
                if failed:
                    finished[lesson.name] = LessonOutcome(lesson.name, "failed", directory, failed)
                    continue
                parts = [part_of(job, outcomes[job.key]) for job in jobs]
                if parts[0]["scene"] == "TitleCard":
                    # The opening chapter is the lesson's own name, as a player's chapter list
                    # shows it ("The dot product"), not the card's kind ("Title").
                    parts[0]["title"] = lesson.title
                seconds = sum(outcomes[j.key].seconds for j in jobs)
                with store_mod.staging(output, lesson.name) as staged:
                    assemble(lesson, quality, theme, parts, staged, key, seconds, cfr)
                    store_mod.publish(staged, output / lesson.name)
                finished[lesson.name] = LessonOutcome(lesson.name, "built", directory)

        # A failed scene fails its lesson (finish_ready), not the others: the report names it.
        outcomes = run.run(todo, check=check_video, progress=finish_ready, keep_failed=True)
        finish_ready(outcomes)
        for lesson, _, _, current in plans:
            lesson_outcomes.append(
                LessonOutcome(lesson.name, "up to date", str(output / lesson.name))
                if current
                else finished[lesson.name]
            )
        order = lesson_names(lessons_dir) if lessons_dir else [lo.lesson for lo in lesson_outcomes]
        manifests = [m for name in order if (m := read_manifest(output / name))]
        if manifests:
            page = site.render_index(manifests)
            index = output / "index.html"
            if not index.is_file() or index.read_text(encoding="utf-8") != page:
                store_mod.write_text(index, page)
    return Report(lesson_outcomes, list(outcomes.values()), time.perf_counter() - started)


def part_of(job: Job, outcome: Outcome) -> dict:
    entry = outcome.entry
    movie = next(p for n, p in entry.files.items() if n.startswith(job.name + "."))
    return {
        "scene": job.name,
        "title": job.spec.title,
        "params": job.params,
        "video": movie,
        "track": entry.files.get("track.wav"),
        "beats": entry.meta["beats"],
        "duration": entry.meta["duration"],
    }


def assemble(
    lesson: Lesson,
    quality: Quality,
    theme: str,
    parts: list[dict],
    staged: Path,
    key: str,
    render_seconds: float,
    cfr: bool = False,
) -> None:
    """Write every file of `lesson` into `staged`, the manifest last.

    `parts` are the title card, each scene and the closing card, in play order."""
    name = lesson.name
    (staged / "scenes").mkdir(parents=True)
    out_files: list[str] = []
    seen: dict[str, int] = {}
    scenes = [p for p in parts if p["scene"] not in CARDS]
    for part in scenes:
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
        chapters.append(
            {
                "title": part["title"],
                "scene": part["scene"],
                "start": round(offset, 3),
                "end": round(offset + length, 3),
            }
        )
        part["offset"], part["length"] = offset, length
        offset += length

    lesson_video = f"{name}.mp4"
    silent = staged / f".{name}.silent.mp4"
    join_mode = video.concat([Path(p["video"]) for p in parts], silent, chapters)
    voiced = any(p["track"] for p in parts)
    loudness = None
    if voiced:
        loudness = narrate(parts, silent, staged / lesson_video)
        silent.unlink()
    else:
        silent.rename(staged / lesson_video)
    info = video.check(staged / lesson_video, quality.width, quality.height, quality.fps, duration=offset)
    out_files.insert(0, lesson_video)
    cfr_video = None
    if cfr:
        cfr_video = f"{name}-cfr.mp4"
        video.constant_rate(staged / lesson_video, staged / cfr_video, quality.fps)
        video.check(staged / cfr_video, quality.width, quality.height, quality.fps, duration=info.duration)
        out_files.insert(1, cfr_video)

    cues = captions.lesson_cues(parts)
    (staged / f"{name}.srt").write_text(captions.to_srt(cues), encoding="utf-8")
    (staged / f"{name}.vtt").write_text(captions.to_vtt(cues), encoding="utf-8")
    (staged / "chapters.vtt").write_text(captions.chapters_vtt(chapters), encoding="utf-8")
    out_files += [f"{name}.srt", f"{name}.vtt", "chapters.vtt"]

    poster_part = next(p for p in parts if p["scene"] == lesson.poster)
    # The key scene at the end of its last beat: the whole idea on screen, before it fades.
    at = poster_part["offset"] + (poster_part["beats"][-1]["end"] if poster_part["beats"] else poster_part["length"])
    video.save_poster(staged / lesson_video, at - 0.5 / quality.fps, staged / "poster.png", lesson.title)
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
        "audio": loudness,
        "captions": {"srt": f"{name}.srt", "vtt": f"{name}.vtt"},
        "poster": "poster.png",
        "cfr": cfr_video,
        "chapters": chapters,
        "cues": cues,
        "transcript": transcript.transcript(parts, chapters),
        # Every file a course team publishes, by what it is (the lesson's page lists them).
        "published": {
            "video": lesson_video,
            "cfr": cfr_video,
            "captions_vtt": f"{name}.vtt",
            "captions_srt": f"{name}.srt",
            "chapters_vtt": "chapters.vtt",
            "poster": "poster.png",
            "transcript_html": "transcript.html",
            "transcript_txt": "transcript.txt",
            "description": "description.txt",
            "embed": "embed.html",
            "page": "index.html",
        },
        "scenes": [
            {
                "scene": p["scene"],
                "video": p["file"],
                "duration": round(p["duration"], 3),
                "params": p.get("params", {}),
            }
            for p in scenes
        ],
        "join": join_mode,
        "manim_version": manim_version(),
        "render_seconds": round(render_seconds, 2),
        "rendered_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_key": key,
    }
    embed = site.render_embed(manifest)
    pages = {
        "transcript.txt": transcript.to_text(manifest),
        "description.txt": transcript.description(manifest),
        "transcript.html": site.render_transcript_page(manifest),
        "embed.html": embed,
    }
    for rel, text in pages.items():
        (staged / rel).write_text(text, encoding="utf-8")
    out_files += list(pages)
    # The lesson's page last: it gives every other file's size.
    sizes = {rel: (staged / rel).stat().st_size for rel in out_files}
    (staged / "index.html").write_text(site.render_lesson_page(manifest, embed, sizes), encoding="utf-8")
    out_files.append("index.html")
    manifest["files"] = [{"path": rel, **store_mod.file_facts(staged / rel)} for rel in out_files]
    (staged / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")


def narrate(parts: list[dict], silent: Path, out: Path) -> dict:
    """The lesson's one track: each part's narration at its offset (silence where a part has
    none), normalised to -16 LUFS with peaks at most -1 dBTP, muxed beside the video."""
    import numpy as np

    from narration.audio import mux, normalise_measured, read_audio

    rate = 48000
    pieces = []
    for part in parts:
        n = int(round(part["length"] * rate))
        track = read_audio(part["track"], rate) if part["track"] else np.zeros(0, np.float32)
        pieces.append(np.pad(track[:n], (0, max(0, n - len(track)))))
    samples, facts = normalise_measured(np.concatenate(pieces).astype(np.float32), rate)
    mux(silent, samples, rate, out)
    return {
        "codec": "aac",
        "rate": rate,
        "lufs": round(facts["lufs"], 2),
        "true_peak_dbtp": round(facts["true_peak_dbtp"], 2),
    }
