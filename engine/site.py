"""output/index.html: every lesson's video with its poster, captions and chapter list,
for an author to review the course from disk, with no server and no network."""

from __future__ import annotations

import html
import json
from pathlib import Path

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{course} · lesson videos</title>
<style>
  body {{ font-family: system-ui, "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 980px; padding: 24px;
         background: #14171F; color: #ECEFF4; }}
  h1 {{ font-size: 1.4rem; color: #9AA3B5; font-weight: normal; }}
  section {{ margin: 32px 0 48px; }}
  h2 {{ margin: 0 0 4px; }}
  p.meta {{ color: #9AA3B5; margin: 0 0 12px; font-size: .9rem; }}
  video {{ width: 100%; background: #000; border-radius: 6px; }}
  ol.chapters {{ padding-left: 1.4em; }}
  ol.chapters button {{ background: none; border: 0; color: #56B4E9; cursor: pointer; font: inherit; padding: 2px 0;
                         text-align: left; }}
  ol.chapters button:hover {{ text-decoration: underline; }}
  ol.chapters .t {{ color: #9AA3B5; font-variant-numeric: tabular-nums; margin-left: .5em; }}
  a {{ color: #56B4E9; }}
</style>
</head>
<body>
<h1>{course}</h1>
{sections}
<script>
// Cues are added from the page itself: a <track src> read from file:// is blocked by browsers.
const LESSONS = {lessons_json};
for (const lesson of LESSONS) {{
  const video = document.getElementById("video-" + lesson.lesson);
  const track = video.addTextTrack("captions", "English", "en");
  for (const c of lesson.cues) track.addCue(new VTTCue(c.start, c.end, c.text));
  track.mode = "showing";
  for (const button of document.querySelectorAll("#chapters-" + lesson.lesson + " button")) {{
    button.addEventListener("click", () => {{ video.currentTime = Number(button.dataset.start); video.play(); }});
  }}
}}
</script>
</body>
</html>
"""

SECTION = """<section id="{lesson}">
  <h2>{title}</h2>
  <p class="meta">{duration} · {width}×{height} at {fps:g} fps · {n} chapters ·
    <a href="{lesson}/{srt}">captions (SRT)</a> · <a href="{lesson}/{vtt}">captions (VTT)</a> ·
    <a href="{lesson}/manifest.json">manifest</a></p>
  <video id="video-{lesson}" controls preload="metadata" poster="{lesson}/{poster}" src="{lesson}/{video}"></video>
  <ol class="chapters" id="chapters-{lesson}">
{chapters}
  </ol>
</section>"""


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def render_index(manifests: list[dict]) -> str:
    sections = []
    for m in manifests:
        chapters = "\n".join(
            f'    <li><button data-start="{c["start"]}">{html.escape(c["title"])}</button>'
            f'<span class="t">{_clock(c["start"])}</span></li>'
            for c in m["chapters"]
        )
        sections.append(SECTION.format(
            lesson=html.escape(m["lesson"]), title=html.escape(m["title"]), duration=_clock(m["duration"]),
            width=m["width"], height=m["height"], fps=m["fps"], n=len(m["chapters"]),
            srt=m["captions"]["srt"], vtt=m["captions"]["vtt"], poster=m["poster"], video=m["video"],
            chapters=chapters,
        ))
    course = manifests[0]["course"] if manifests else "Lessons"
    data = [{"lesson": m["lesson"], "cues": m["cues"]} for m in manifests]
    # "</" must not end the script element early, whatever a caption says.
    lessons_json = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return PAGE.format(course=html.escape(course), sections="\n".join(sections), lessons_json=lessons_json)


def lesson_manifests(output: Path, order: list[str]) -> list[dict]:
    from engine.assemble import read_manifest

    found = [m for name in order if (m := read_manifest(output / name))]
    return found
