"""A lesson's words as text to read beside its video: the transcript (WCAG 1.2.1 and 1.2.3
ask for a text alternative to recorded media) and a video platform's description.

The transcript is the captions' text, not what the narrator was handed: figures stand as the
screen shows them (a·b = 3.60), not as "a dot b equals three point six zero". One paragraph
a beat, under a heading a chapter, each with the time it starts."""

from __future__ import annotations

import math

from engine import captions

# What video platforms take as chapters in a description (YouTube's rules): the first at
# 0:00, at least three, each at least ten seconds long. Fewer, and none are shown.
SHORTEST_CHAPTER = 10.0
FEWEST_CHAPTERS = 3


def clock(seconds: float) -> str:
    """m:ss, or h:mm:ss from an hour on; cut down to the second, as a platform reads a
    timestamp (a chapter that starts at 45.5 s is at 0:45, not 0:46)."""
    h, rest = divmod(max(0, math.floor(seconds + 1e-6)), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def transcript(parts: list[dict], chapters: list[dict]) -> list[dict]:
    """Each chapter (one per part, in play order) with its paragraphs in lesson time."""
    out = []
    for chapter, part in zip(chapters, parts, strict=True):
        paragraphs = []
        for beat in part["beats"]:
            cues = captions.beat_cues(beat)
            # A cue's line break is where a caption was cut to fit the screen, not a pause in the text.
            text = " ".join(" ".join(c["text"].split()) for c in cues)
            paragraphs.append({"start": round(part["offset"] + cues[0]["start"], 3), "text": text})
        out.append({"title": chapter["title"], "start": chapter["start"], "paragraphs": paragraphs})
    return out


def to_text(manifest: dict) -> str:
    """transcript.txt: the title, then each chapter's heading and its paragraphs, each
    paragraph on one line (a reader's program wraps it) after its time."""
    lines = [
        manifest["title"],
        manifest["course"],
        f"Transcript of the lesson video ({clock(manifest['duration'])}).",
        "",
    ]
    for chapter in manifest["transcript"]:
        heading = f"{clock(chapter['start'])}  {chapter['title']}"
        lines += [heading, "-" * len(heading), ""]
        lines += [f"[{clock(p['start'])}] {p['text']}\n" for p in chapter["paragraphs"]]
    return "\n".join(lines).rstrip("\n") + "\n"


def platform_chapters(chapters: list[dict], duration: float) -> list[dict]:
    """The chapters as a video platform accepts them: the title card opens the first
    scene's chapter at 0:00, a chapter shorter than ten seconds joins the one before it
    (the first takes in the one after it), and fewer than three give no chapters at all."""
    marks = [{"title": c["title"], "start": math.floor(c["start"] + 1e-6)} for c in chapters]
    if len(marks) > 1:
        marks = [{"title": marks[1]["title"], "start": 0}] + marks[2:]

    def length(i: int) -> float:
        return (marks[i + 1]["start"] if i + 1 < len(marks) else duration) - marks[i]["start"]

    while len(marks) > 1:
        short = next((i for i in range(len(marks)) if length(i) < SHORTEST_CHAPTER), None)
        if short is None:
            break
        del marks[max(short, 1)]
    return marks if len(marks) >= FEWEST_CHAPTERS else []


def description(manifest: dict) -> str:
    """description.txt: what a course team pastes under the video on a platform."""
    lines = [manifest["title"], ""]
    if manifest.get("summary"):
        lines += [manifest["summary"], ""]
    marks = platform_chapters(manifest["chapters"], manifest["duration"])
    if marks:
        lines += ["Chapters:"] + [f"{clock(m['start'])} {m['title']}" for m in marks] + [""]
    lines.append(f'From the course "{manifest["course"]}". Captions and a transcript come with the video.')
    return "\n".join(lines) + "\n"
