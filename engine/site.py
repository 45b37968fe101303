"""The course site, from the lessons' manifests: output/index.html lists the lessons, and
each lesson's folder has its page (index.html: the player, downloads and the snippet to
copy), the snippet itself (embed.html), and its transcript as a page (transcript.html).
Every page opens from disk with no network, and works behind any web server. The pages are
the Jinja2 templates in assets/templates/ (autoescaped)."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from engine import captions
from engine.jobs import ROOT
from engine.transcript import clock

TEMPLATES = ROOT / "assets" / "templates"
# Files a lesson's page offers to download, in this order, with what each is.
DOWNLOADS = [
    ("video", "The video", "MP4, H.264 and AAC"),
    ("cfr", "The video at a constant frame rate, for video editors", "MP4"),
    ("captions_vtt", "Captions", "WebVTT"),
    ("captions_srt", "Captions", "SubRip"),
    ("chapters_vtt", "Chapters", "WebVTT"),
    ("transcript_html", "Transcript", "HTML"),
    ("transcript_txt", "Transcript", "plain text"),
    ("description", "A description for a video platform, with chapters", "plain text"),
    ("poster", "Poster frame", "PNG"),
]


@cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["j2", "html"]),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["clock"] = clock
    env.filters["size"] = lambda n: f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"
    return env


def render_embed(manifest: dict) -> str:
    """embed.html: the player with its caption and chapter tracks, the chapter list and the
    transcript (both seek the video), styles scoped to its root and a script of its own."""
    # The tracks' files as data: URLs (the template says why).
    tracks = {"captions": captions.to_vtt(manifest["cues"]), "chapters": captions.chapters_vtt(manifest["chapters"])}
    urls = {kind: "data:text/vtt;charset=utf-8," + quote(text, safe="") for kind, text in tracks.items()}
    return _environment().get_template("embed.html.j2").render(m=manifest, tracks=urls)


def render_lesson_page(manifest: dict, embed: str, sizes: dict[str, int]) -> str:
    """index.html of a lesson's folder: the embed as it is, the files to download (with their
    sizes) and the embed's text to copy."""
    from markupsafe import Markup

    published = manifest["published"]
    downloads = [
        {"path": published[role], "what": what, "kind": kind, "size": sizes.get(published[role])}
        for role, what, kind in DOWNLOADS
        if published.get(role)
    ]
    return (
        _environment()
        .get_template("lesson.html.j2")
        .render(m=manifest, embed=Markup(embed), snippet=embed, downloads=downloads)
    )


def render_transcript_page(manifest: dict) -> str:
    return _environment().get_template("transcript.html.j2").render(m=manifest)


def render_index(manifests: list[dict]) -> str:
    """output/index.html: every lesson with its poster, length and chapters, linking to its page."""
    course = manifests[0]["course"] if manifests else "Lessons"
    return _environment().get_template("index.html.j2").render(course=course, manifests=manifests)
