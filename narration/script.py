"""The recording sheet: every beat a course author may record, as Markdown and CSV.

Each row is a dict with lesson, scene, index, name, file (the path to record, relative to the
repository), words (what to say: the spoken text), status ("present", "missing" or "stale"), and
optionally marked (the words with the beat's marks shown, "[p2]ten": the Markdown shows them, so
the author sees where the picture moves; the CSV and the .txt keep the plain words).
`render.py script LESSON` builds the rows (a dry run of the lesson's scenes) and writes both.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

COLUMNS = ("lesson", "scene", "index", "name", "file", "words", "status")
STATUS_NOTE = {"present": "recorded", "missing": "to record", "stale": "re-record: the words changed"}


def _cell(value) -> str:
    """A Markdown table cell: pipes escaped, no line breaks."""
    return " ".join(str(value).split()).replace("|", "\\|")


def recording_sheet(rows: list[dict]) -> tuple[str, str]:
    """(markdown, csv) for `rows`, in the order given. The Markdown groups the beats by lesson
    and scene and opens with the count of present, missing and stale recordings."""
    counts = Counter(r["status"] for r in rows)
    md = ["# Narration recording sheet", ""]
    md.append(
        f"{len(rows)} beats: {counts['present']} recorded, {counts['missing']} to record, "
        f"{counts['stale']} stale (words changed since recording)."
    )
    md += [
        "",
        "Record each file as named (wav, flac, ogg or mp3), saying exactly the words given, and save "
        "the words beside it as a `.txt` of the same name. Re-render: only scenes whose narration "
        "changed are redone. A `[name]` before a word marks where the picture moves as that word is said: "
        "do not say it; the picture follows your recording's timing.",
        "",
    ]
    lesson = scene = None
    for r in rows:
        if r["lesson"] != lesson:
            lesson, scene = r["lesson"], None
            md += [f"## {lesson}", ""]
        if r["scene"] != scene:
            if scene is not None:
                md.append("")
            scene = r["scene"]
            md += [f"### {scene}", "", "| # | beat | file | words | status |", "| ---: | --- | --- | --- | --- |"]
        md.append(
            f"| {int(r['index'])} | {_cell(r['name'])} | `{_cell(r['file'])}` | {_cell(r.get('marked') or r['words'])} | "
            f"{STATUS_NOTE.get(r['status'], _cell(r['status']))} |"
        )
    md.append("")

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: r[k] for k in COLUMNS})
    return "\n".join(md), buf.getvalue()


def write_words(rows: list[dict], root: Path) -> list[Path]:
    """Beside every recording still to make, the .txt of its words (`root` / row["file"] with
    .txt), so the author only adds the audio. A .txt beside an existing recording is left alone:
    it is what that recording was made from, and how a stale one is told apart. Returns the
    files written."""
    written = []
    for r in rows:
        if r["status"] != "missing":
            continue
        words = (Path(root) / r["file"]).with_suffix(".txt")
        words.parent.mkdir(parents=True, exist_ok=True)
        if not words.is_file() or words.read_text(encoding="utf-8").strip() != r["words"].strip():
            words.write_text(r["words"].strip() + "\n", encoding="utf-8")
            written.append(words)
    return written
