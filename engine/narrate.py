"""The course author's side of narration: the recording sheet of a lesson.

Each beat of each scene (title and closing cards included) with the file to record, the
words to say and whether a recording is present, missing or stale. The beats come from a
still job per scene through the pool and the store (cached like any render).
"""

from __future__ import annotations

from pathlib import Path

from engine import store as store_mod
from engine.errors import check_writable_with_target
from engine.jobs import ROOT, Job
from engine.lessons import LESSONS_DIR, load
from engine.quality import get_quality
from engine.session import session


def lesson_beats(name: str, output_dir: Path, lessons_dir: Path = LESSONS_DIR) -> list[tuple[str, list[dict]]]:
    """[(scene, its beats)] in play order, from a still of each scene."""
    from engine.course import lesson_jobs

    lesson = load(name, lessons_dir)
    jobs = [
        Job(j.spec, j.params, get_quality("l"), "dark", kind="still", format="png")
        for j in lesson_jobs(lesson, get_quality("l"), "dark", "none")
    ]
    with session(output_dir) as run:
        outcomes = run.run(jobs)
    return [(j.name, outcomes[j.key].entry.meta["beats"]) for j in jobs]


def write_script(name: str, out_path: Path | None, output_dir: Path, lessons_dir: Path = LESSONS_DIR):
    from narration.script import recording_sheet
    from narration.speech import spoken
    from narration.voices import recording_path, recording_status

    load(name, lessons_dir)  # the name and the lesson file checked before anything touches the disk
    output_dir = Path(output_dir)
    md_path = Path(out_path) if out_path else output_dir / "scripts" / f"{name}.md"
    if md_path.suffix.lower() != ".md":
        md_path = md_path / f"{name}.md"
    check_writable_with_target(output_dir, md_path.parent)
    rows = []
    for scene, beats in lesson_beats(name, output_dir, lessons_dir):
        for beat in beats:
            words = spoken(beat.get("spoken") or beat["caption"])
            path = recording_path(scene, beat["index"], beat["name"])
            rows.append(
                {
                    "lesson": name,
                    "scene": scene,
                    "index": beat["index"],
                    "name": beat["name"],
                    "file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
                    "words": words,
                    "marked": beat.get("marked") or words,
                    "status": recording_status(scene, beat["index"], beat["name"], words),
                }
            )
    markdown, csv_text = recording_sheet(rows)
    store_mod.write_text(md_path.with_suffix(".csv"), csv_text)
    store_mod.write_text(md_path, markdown)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return md_path, counts
