"""The files a scene can be rendered into for a talk (`render.py scene --format`): one registry,
read by the command line (its choices and help), engine.clips (the job and the checks) and the
tests (README documents every choice).

A new format is one entry here, and in engine.clips what makes its file from the job's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # the --format value and the file's extension
    what: str  # what it is, for --format's help and the error lines
    alpha: bool  # can carry transparency (--transparent)
    job_format: str  # what the worker renders: a video container, or "png" for a still
    voiced: bool = True  # carries the narration
    no_alpha_because: str = ""  # said when --transparent asks for it

    @property
    def still(self) -> bool:
        return self.job_format == "png"


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("mp4", "H.264", alpha=False, job_format="mp4", no_alpha_because="H.264 MP4 has no alpha channel"),
        Format("webm", "VP9, for browsers", alpha=True, job_format="webm"),
        Format("mov", "QuickTime Animation, for Keynote, PowerPoint and video editors", alpha=True, job_format="mov"),
        Format(
            "gif",
            "at most 25 fps, silent",
            alpha=False,
            job_format="mp4",
            voiced=False,
            no_alpha_because="GIF has no partial transparency",
        ),
        Format("png", "a still of the last frame", alpha=True, job_format="png", voiced=False),
    )
}

DEFAULT_FORMAT, DEFAULT_ALPHA_FORMAT = "mp4", "mov"


def help_text() -> str:
    """--format's help: every format and what it is."""
    return (
        "; ".join(f"{f.name} ({f.what})" for f in FORMATS.values())
        + f".  [default: {DEFAULT_FORMAT}, or {DEFAULT_ALPHA_FORMAT} with --transparent, or the extension of -o]"
    )


def alpha_choices() -> str:
    """The formats --transparent can use, for its error line."""
    named = [f"{f.name} ({f.what})" for f in FORMATS.values() if f.alpha]
    return ", ".join(named[:-1]) + f" or {named[-1]}"
