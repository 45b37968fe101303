"""output/index.html: every lesson's video with its poster, captions and chapter list,
for an author to review the course from disk, with no server and no network. The page is
the Jinja2 template assets/templates/index.html.j2 (autoescaped)."""

from __future__ import annotations

import json

from engine.jobs import ROOT

TEMPLATES = ROOT / "assets" / "templates"


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def render_index(manifests: list[dict]) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"]),
                      keep_trailing_newline=True)
    env.filters["clock"] = _clock
    data = [{"lesson": m["lesson"], "cues": m["cues"]} for m in manifests]
    # "</" must not end the script element early, whatever a caption says.
    lessons_json = Markup(json.dumps(data, ensure_ascii=False).replace("</", "<\\/"))
    course = manifests[0]["course"] if manifests else "Lessons"
    return env.get_template("index.html.j2").render(course=course, manifests=manifests, lessons_json=lessons_json)
