"""What a course team publishes, from a real render (at -ql, short pauses, under umask 027):
the files' modes, the video and its constant-frame-rate copy as a probe sees them, the
captions, chapters and transcript read back, and the course site played in headless Chromium
from disk and from a web server: the lesson page plays and seeks, axe-core finds no serious
or critical violation, a keyboard alone can use it, and the embed pasted into a course's own
page works there and leaves the page's styles alone."""

from __future__ import annotations

import functools
import html
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import av
import numpy as np
import pytest
import srt
import webvtt

from browser import WebDriver, wait_for
from engine import video

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("course_site")]
UMASK = 0o027
# A title with '<' and '&': the title card says it, so it is in the captions, the chapters
# and every page, where it must stay text.
MINI = """
title = "Mini lesson: a < b & c"
course = "Test course"
summary = "Pair up, multiply & sum."
poster = "DotProductDefinition"
recap = ["Pair up, multiply, sum."]

[[scenes]]
scene = "DotProductDefinition"
"""
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAB, ENTER = "\ue004", "\ue007"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    lessons, out = root / "lessons", root / "output"
    lessons.mkdir()
    (lessons / "mini.toml").write_text(MINI)
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "render.py"),
            "lesson",
            "mini",
            "-q",
            "l",
            "-j",
            "2",
            "--cfr",
            "--output-dir",
            str(out),
            "--lessons",
            str(lessons),
        ],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "LESSON_PACE": "0.25"},
        preexec_fn=lambda: os.umask(UMASK),
    )
    assert proc.returncode == 0, proc.stderr
    lesson = out / "mini"
    return {"root": root, "out": out, "lesson": lesson, "m": json.loads((lesson / "manifest.json").read_text())}


def test_every_published_file_has_the_mode_the_umask_gives(site):
    published = [p for p in site["out"].rglob("*") if ".cache" not in p.relative_to(site["out"]).parts]
    modes = {str(p.relative_to(site["out"])): p.stat().st_mode & 0o777 for p in published}
    expected = {name: (0o777 if (site["out"] / name).is_dir() else 0o666) & ~UMASK for name in modes}
    assert modes == expected
    listed = {f["path"] for f in site["m"]["files"]}
    assert {
        "mini.mp4",
        "mini-cfr.mp4",
        "mini.vtt",
        "mini.srt",
        "chapters.vtt",
        "transcript.html",
        "transcript.txt",
        "description.txt",
        "embed.html",
        "index.html",
        "poster.png",
    } <= listed


def probe(path: Path) -> dict:
    """The file as a probe sees it (PyAV reads the headers ffprobe would): codecs, frame
    rates, duration, frames, chapters, and the sound's packets."""
    info = video.probe(path)
    with av.open(str(path)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        facts = {
            "video": v.codec_context.name,
            "audio": a.codec_context.name,
            "sample_rate": a.rate,
            "nominal_fps": v.base_rate,
            "average_fps": v.average_rate,
            "container_seconds": c.duration / av.time_base,
        }
        facts["sound"] = [bytes(p) for p in c.demux(a) if p.size]
    return {**facts, "duration": info.duration, "frames": info.frames, "chapters": video.chapters_of(path)}


def test_the_video_and_its_constant_frame_rate_copy(site):
    m = site["m"]
    vfr, cfr = probe(site["lesson"] / "mini.mp4"), probe(site["lesson"] / "mini-cfr.mp4")
    for p in (vfr, cfr):
        assert (p["video"], p["audio"], p["sample_rate"], p["nominal_fps"]) == ("h264", "aac", 48000, 15)
        assert p["duration"] == pytest.approx(m["duration"], abs=1 / 15)
        assert p["container_seconds"] == pytest.approx(m["duration"], abs=1 / 15)
        assert [(c["title"], round(c["start"], 2)) for c in p["chapters"]] == [
            (c["title"], round(c["start"], 2)) for c in m["chapters"]
        ]
    # The lesson's own file codes a hold once: fewer frames than ticks, and a frame shown for
    # a hold's time (coded per tick, none is shown longer than 1/15 s). Voiced beats move through
    # most of their speech, so how many frames the holds save is no measure.
    assert vfr["frames"] < m["duration"] * 15 and vfr["average_fps"] < 15
    assert video.probe(site["lesson"] / "mini.mp4").longest_frame >= 0.5
    # The copy has a frame on every tick.
    assert cfr["average_fps"] == 15 and cfr["frames"] == round(m["duration"] * 15)
    assert cfr["sound"] == vfr["sound"] and len(vfr["sound"]) > 100  # the same sound, packet for packet

    # The same picture: at a few times, in holds and in motion, the copy shows the frame the lesson
    # shows, not the one a tick before or after it. A pixel differs when a channel is 24 levels
    # off (coding noise is well below that; a moving line is well above). A frame in the middle of
    # a fade can take a few such pixels from coding (17 of 410 thousand, seen), against two
    # thousand and more for the frame a tick away.
    def picture(name: str, at: float) -> np.ndarray:
        return np.asarray(video.frame_at(site["lesson"] / name, at).convert("RGB"), dtype=int)

    def differing(a: np.ndarray, b: np.ndarray) -> float:
        return float((np.abs(a - b).max(axis=2) > 24).mean())

    times = [c["start"] + k / 15 for c in m["chapters"] for k in (2, 5, 8)] + [c["start"] + 0.3 for c in m["cues"]]
    moving = 0
    for at in times + [m["duration"] - 0.1]:
        shown, copy = picture("mini.mp4", at), picture("mini-cfr.mp4", at)
        assert differing(shown, copy) < 1e-4, at
        for tick in (at - 1 / 15, at + 1 / 15):
            if differing(picture("mini.mp4", tick), shown) > 5e-5:
                moving += 1
                assert differing(picture("mini-cfr.mp4", at), picture("mini.mp4", tick)) > 5e-5, at
    assert moving >= 5  # and many of those times were in motion


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    def secs(stamp: str) -> float:
        # Whole milliseconds, as the file writes them: 60 + 7.067 is 67.06700000000001 in floats.
        h, mi, s = stamp.split(":")
        return round(int(h) * 3600 + int(mi) * 60 + float(s), 3)

    return [(secs(c.start), secs(c.end), html.unescape(c.raw_text)) for c in webvtt.read(str(path)).captions]


def test_captions_and_chapters_read_back_as_the_manifest_says(site):
    m, lesson = site["m"], site["lesson"]
    expected = [(round(c["start"], 3), round(c["end"], 3), c["text"]) for c in m["cues"]]
    assert expected[0][2] == "Test course. Mini lesson: a < b & c."
    assert vtt_cues(lesson / "mini.vtt") == expected
    subs = list(srt.parse((lesson / "mini.srt").read_text()))
    assert [(s.start.total_seconds(), s.end.total_seconds(), s.content) for s in subs] == expected
    assert vtt_cues(lesson / "chapters.vtt") == [(c["start"], c["end"], c["title"]) for c in m["chapters"]]


def test_transcript_reads_the_captions_in_order_under_chapters(site):
    m, lesson = site["m"], site["lesson"]
    words = " ".join(" ".join(c["text"].split()) for c in m["cues"])
    text = (lesson / "transcript.txt").read_text()
    paragraphs = re.findall(r"^\[(\d+:\d\d)\] (.+)$", text, re.M)
    assert " ".join(p for _, p in paragraphs) == words
    headings = re.findall(r"^\d+:\d\d  (.+)\n-+$", text, re.M)
    assert headings == [c["title"] for c in m["chapters"]]
    import lxml.html

    doc = lxml.html.fromstring((lesson / "transcript.html").read_bytes())
    assert [h.text_content() for h in doc.xpath("//h2")] == headings
    said = [re.sub(r"^\d+:\d\d ", "", p.text_content()) for p in doc.xpath("//main/p[a[@class='t']]")]
    assert " ".join(said) == words


# --- in Chromium ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(site):
    """The course site behind a plain web server, as a course team's would serve it."""
    handler = functools.partial(QuietHandler, directory=str(site["out"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Python's file server, with byte ranges as every web server answers them (a browser
    seeks a video by asking for a range; without them it cannot seek at all)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not wanted or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        start, end = int(wanted[1]), min(int(wanted[2] or size - 1), size - 1)
        with path.open("rb") as f:
            f.seek(start)
            body = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    if not shutil.which("chromedriver"):
        pytest.skip("chromedriver is not installed: run `scripts/setup.sh test` (Debian chromium chromium-driver)")
    driver = WebDriver(tmp_path_factory.mktemp("profile"), local_server=True)
    yield driver
    driver.close()


@pytest.fixture(scope="module")
def host_page(site):
    """The course's own lesson page with embed.html pasted where it said "Video coming soon",
    in the lesson's folder (the snippet's links are relative to it)."""
    page = (Path(__file__).resolve().parents[1] / "course_host_page.html").read_text()
    placeholder = '<p class="video-placeholder">Video coming soon</p>'
    assert placeholder in page
    (site["lesson"] / "host.html").write_text(page.replace(placeholder, (site["lesson"] / "embed.html").read_text()))
    (site["lesson"] / "host-before.html").write_text(page)
    return "mini/host.html"


def url_of(site, server, where: str, path: str) -> str:
    return f"{server}/{path}" if where == "server" else (site["out"] / path).as_uri()


def open_page(driver: WebDriver, url: str) -> None:
    driver.log("browser")  # what the pages before said
    driver("POST", "/url", {"url": url})
    wait_for(driver, "return document.readyState === 'complete'")


TRACKS = """
const video = document.querySelector('.lv-embed video');
const read = kind => [...video.textTracks].filter(t => t.kind === kind && t.cues && t.cues.length)
  .map(t => [...t.cues].map(c => [c.startTime, c.endTime, c.getCueAsHTML().textContent]))[0];
const captions = read('captions'), chapters = read('chapters');
return captions && chapters && {captions, chapters, showing: [...video.textTracks].filter(t => t.mode === 'showing').map(t => t.kind)};
"""
PLAYER = """const v = document.querySelector('.lv-embed video');
return {time: v.currentTime, paused: v.paused, error: v.error && v.error.code};"""


@pytest.mark.parametrize("where", ["server", "disk"])
@pytest.mark.parametrize("page", ["lesson", "host"])
def test_the_lesson_plays_loads_its_tracks_and_seeks(site, server, browser, host_page, where, page):
    m = site["m"]
    open_page(browser, url_of(site, server, where, {"lesson": "mini/index.html", "host": host_page}[page]))
    tracks = wait_for(browser, TRACKS)
    assert [(round(a, 3), round(b, 3), t) for a, b, t in tracks["captions"]] == [
        (round(c["start"], 3), round(c["end"], 3), c["text"]) for c in m["cues"]
    ]
    assert [t for *_, t in tracks["chapters"]] == [c["title"] for c in m["chapters"]]
    assert [round(a, 3) for a, *_ in tracks["chapters"]] == [c["start"] for c in m["chapters"]]
    assert tracks["showing"] == ["captions"]

    third = m["chapters"][2]
    browser.click(browser.find(".lv-embed ol.lv-chapters li:nth-child(3) button"))
    state = wait_for(
        browser, PLAYER.replace("return", f"return !v.paused && v.currentTime > {third['start']} + 0.3 &&")
    )
    assert state["error"] is None and state["time"] < third["start"] + 5
    browser.click(browser.find(".lv-embed details:nth-of-type(2) > summary"))  # the transcript opens
    line = m["transcript"][1]["paragraphs"][1]
    browser.click(browser.find(f'.lv-embed .lv-transcript button[data-start="{line["start"]}"]'))
    state = browser.js(PLAYER)
    assert line["start"] <= state["time"] < line["start"] + 1
    console = [e for e in browser.log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert console == []


def run_axe(driver: WebDriver) -> list[dict]:
    driver.js(AXE.read_text(encoding="utf-8"))
    return driver.js_async("""const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))), e => done([{id: 'axe failed', impact: 'critical', nodes: [String(e)]}]));""")


@pytest.mark.parametrize("path", ["index.html", "mini/index.html", "mini/transcript.html", "host"])
def test_axe_finds_no_serious_violation(site, server, browser, host_page, path):
    open_page(browser, url_of(site, server, "server", host_page if path == "host" else path))
    found = run_axe(browser)
    assert [v for v in found if v["impact"] in ("serious", "critical")] == []


FOCUSED = """const e = document.activeElement;
return {tag: e.tagName, text: e.textContent.trim().slice(0, 60), start: e.getAttribute('data-start'),
        inEmbed: !!e.closest('.lv-embed'), summary: e.tagName === 'SUMMARY', open: e.parentElement.open};"""


def tab_to(driver: WebDriver, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        driver.press(TAB)
        focused = driver.js(FOCUSED)
        if wanted(focused):
            return focused
    raise AssertionError("Tab never reached it")


@pytest.mark.parametrize("page", ["lesson", "host"])
def test_a_keyboard_alone_plays_and_seeks(site, server, browser, host_page, page):
    m = site["m"]
    open_page(browser, url_of(site, server, "server", {"lesson": "mini/index.html", "host": host_page}[page]))
    wait_for(browser, TRACKS)
    tab_to(browser, lambda f: f["tag"] == "VIDEO")
    browser.press(ENTER)
    wait_for(browser, PLAYER.replace("return", "return !v.paused && v.currentTime > 0.3 &&"))
    third = m["chapters"][2]
    tab_to(browser, lambda f: f["start"] == str(third["start"]))
    browser.press(ENTER)
    assert third["start"] <= browser.js(PLAYER)["time"] < third["start"] + 1
    summary = tab_to(browser, lambda f: f["summary"] and "Transcript" in f["text"])
    assert not summary["open"]
    browser.press(ENTER)
    assert browser.js(FOCUSED)["open"]
    first = m["transcript"][0]["paragraphs"][0]
    line = m["transcript"][1]["paragraphs"][0]
    tab_to(browser, lambda f: f["start"] == str(first["start"]) and f["inEmbed"])
    tab_to(browser, lambda f: f["start"] == str(line["start"]) and f["inEmbed"])
    browser.press(ENTER)
    assert line["start"] <= browser.js(PLAYER)["time"] < line["start"] + 1


STYLES = """const [embed, props] = arguments;
return [...document.querySelectorAll('body *')]
  .filter(e => !!e.closest('.lv-embed') === embed && e.className !== 'video-placeholder'
               && !['STYLE', 'SCRIPT'].includes(e.tagName) && !e.parentElement.closest('video'))
  .map(e => [e.tagName + '.' + e.className, props.map(p => getComputedStyle(e).getPropertyValue(p))]);"""
PROPS = [
    "font-family",
    "font-size",
    "line-height",
    "font-weight",
    "font-style",
    "color",
    "background-color",
    "text-transform",
    "letter-spacing",
    "border-top-style",
    "border-top-width",
    "border-left-style",
    "padding-left",
    "padding-top",
    "margin-top",
    "margin-bottom",
    "box-sizing",
]


def test_the_embed_and_the_host_page_keep_their_own_styles(site, server, browser, host_page):
    open_page(browser, url_of(site, server, "server", "mini/host-before.html"))
    before = browser.js(STYLES, False, PROPS)
    open_page(browser, url_of(site, server, "server", host_page))
    after, embed_in_host = browser.js(STYLES, False, PROPS), browser.js(STYLES, True, PROPS)
    assert after == before and len(after) > 15
    # ...and the page's rules for bare elements (video, details, summary, h3, p, button) do not
    # reach into the embed: it looks as it does on the lesson's own page.
    open_page(browser, url_of(site, server, "server", "mini/index.html"))
    assert embed_in_host == browser.js(STYLES, True, PROPS) and len(embed_in_host) > 20
