"""Beat captions as SubRip and WebVTT subtitles, and a lesson's chapters as a WebVTT
chapters track."""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n\s*\n")


def _stamp(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _lines(text: str) -> str:
    """A cue's text with no blank line in it: in both formats a blank line ends the cue."""
    return _BLANK_LINES.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def srt_text(text: str) -> str:
    """SubRip has no escapes: its readers take the text as it is (srt, ffmpeg), so only a
    blank line, which would end the cue, is taken out."""
    return _lines(text)


def vtt_text(text: str) -> str:
    """WebVTT cue text is markup: '&' and '<' start entities and tags, and '-->' would read as
    a timing line, so all three are written as character references (a browser's parser, and
    VTTCue.getCueAsHTML(), give back the text)."""
    return _lines(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_srt(cues: list[dict]) -> str:
    blocks = [
        f"{i}\n{_stamp(c['start'], ',')} --> {_stamp(c['end'], ',')}\n{srt_text(c['text'])}\n"
        for i, c in enumerate(cues, 1)
    ]
    return "\n".join(blocks)


def to_vtt(cues: list[dict]) -> str:
    blocks = [f"{_stamp(c['start'], '.')} --> {_stamp(c['end'], '.')}\n{vtt_text(c['text'])}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def chapters_vtt(chapters: list[dict]) -> str:
    """The chapters track (<track kind="chapters">): one cue per chapter, its title the text."""
    return to_vtt([{"start": c["start"], "end": c["end"], "text": c["title"]} for c in chapters])


def beat_cues(beat: dict) -> list[dict]:
    """A beat's cues in scene time: its own ("cues": start, end, text) where it has them,
    else its caption over the whole beat."""
    return beat.get("cues") or [{"start": beat["start"], "end": beat["end"], "text": beat["caption"]}]


def lesson_cues(parts: list[dict]) -> list[dict]:
    """Cues in lesson time from each part's beats: parts are {"offset", "beats"} in play order.
    A beat's caption comes as its cues (at most two lines of 42 characters each, timed to their
    words: toolkit/lesson_scene.py), or whole where a beat has none (an older record). Each cue
    names its beat (the part's scene, where given, and the beat's number): a caption is now
    several cues, and a reader of the manifest can still group them by beat."""
    cues = []
    for part in parts:
        for beat in part["beats"]:
            for cue in beat_cues(beat):
                cues.append(
                    {
                        "start": part["offset"] + cue["start"],
                        "end": part["offset"] + cue["end"],
                        "text": cue["text"],
                        **({"scene": part["scene"]} if "scene" in part else {}),
                        "beat": beat.get("index"),
                    }
                )
    return cues
