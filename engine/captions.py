"""Beat captions as SubRip and WebVTT subtitles."""

from __future__ import annotations


def _stamp(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: list[dict]) -> str:
    blocks = [
        f"{i}\n{_stamp(c['start'], ',')} --> {_stamp(c['end'], ',')}\n{c['text']}\n"
        for i, c in enumerate(cues, 1)
    ]
    return "\n".join(blocks)


def to_vtt(cues: list[dict]) -> str:
    blocks = [f"{_stamp(c['start'], '.')} --> {_stamp(c['end'], '.')}\n{c['text']}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def lesson_cues(parts: list[dict]) -> list[dict]:
    """Cues in lesson time from each part's beats: parts are {"offset", "beats"} in play order.
    A beat's caption comes as its cues (at most two lines of 42 characters each, timed to their
    words: toolkit/lesson_scene.py), or whole where a beat has none (an older record)."""
    cues = []
    for part in parts:
        for beat in part["beats"]:
            for cue in beat.get("cues") or [{"start": beat["start"], "end": beat["end"], "text": beat["caption"]}]:
                cues.append({
                    "start": part["offset"] + cue["start"],
                    "end": part["offset"] + cue["end"],
                    "text": cue["text"],
                })
    return cues
