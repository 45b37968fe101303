"""render.py scene / slides as a speaker runs them: their own numbers on screen, refusals
before anything renders, an alpha channel that is really there, one PPTX slide per beat,
and an HTML deck that plays from disk in headless Chromium with the network off."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

import render
from browser import WebDriver, wait_for
from engine import video

ROOT = Path(__file__).resolve().parents[2]
# Its module-scoped renders are made once: on one xdist worker (make test runs --dist loadgroup),
# not once on each worker that gets one of its tests.
pytestmark = pytest.mark.xdist_group("talks")
# The speaker's numbers: a along x, b along y, so a.b = 0 and the angle is 90 degrees.
PERPENDICULAR = ["--set", "a=[2,0]", "--set", "b=[0,1]"]


def cli(*args: str, out: Path):
    return CliRunner().invoke(render.cli, [*args, "--output-dir", str(out)])


def one_error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- refusals: one line, exit code 2, nothing rendered -------------------------------------------


@pytest.mark.parametrize(
    "assignments, expected",
    [
        (["bb=[1,2]"], "VectorAlignment has no parameter 'bb' (did you mean 'b'?)"),
        (["a=[1,2,3]"], "VectorAlignment.a must have 2 entries, got 3"),
        (["a=[1,two]"], "VectorAlignment.a must be a list of numbers"),  # not JSON: a bare word
        (['a=["1",2]'], "VectorAlignment.a[0] must be a number, got '1'"),
        (["a=[0,0]"], "a is the zero vector"),
        # Code is never run: it is a word, and a word is not a vector.
        (['a=__import__("os").system("touch pwned")'], "VectorAlignment.a must be a list of numbers"),
        (["a"], "--set takes KEY=VALUE, got 'a'"),
    ],
)
def test_bad_set_is_refused_before_rendering(tmp_path, assignments, expected):
    args = [x for a in assignments for x in ("--set", a)]
    for command in (["scene", "VectorAlignment"], ["slides", "VectorAlignment", "--to", "html"]):
        line = one_error_line(cli(*command, *args, out=tmp_path / "out"))
        assert expected in line
    assert not (tmp_path / "out").exists()  # nothing rendered, not even a lock
    assert not Path("pwned").exists()


@pytest.mark.parametrize(
    "args, expected",
    [
        (["scene", "VectorAlignmnt"], "unknown scene 'VectorAlignmnt' (did you mean 'VectorAlignment'?)"),
        (["scene", "VectorAlignment", "--transparent", "--format", "mp4"], "H.264 MP4 has no alpha channel"),
        (["scene", "VectorAlignment", "--transparent", "--format", "gif"], "GIF has no partial transparency"),
        (["scene", "VectorAlignment", "--format", "webm", "-o", "clip.mov"], "ends in .mov but the format is webm"),
        (["scene", "VectorAlignment", "-o", "clip.avi"], "unknown extension .avi"),
        (["slides", "dot-prodct", "--to", "pptx"], "neither a lesson nor a scene (did you mean 'dot-product'?)"),
        (["slides", "dot-product", "--to", "pptx", "--set", "a=[1,2]"], "'dot-product' is a lesson"),
        (["slides", "VectorAlignment", "--to", "pptx", "-o", "deck.html"], "ends in .html but the deck is pptx"),
        (["scene", "VectorAlignment", "--background", "navy"], "colour 'navy' is not a hex colour like #1E2A44"),
        (
            ["slides", "VectorAlignment", "--to", "pptx", "--background", "#12345"],
            "colour '#12345' is not a hex colour",
        ),
        (["scene", "VectorAlignment", "--background", "#000", "--transparent"], "choose --transparent or --background"),
    ],
)
def test_bad_requests_are_refused(tmp_path, args, expected):
    assert expected in one_error_line(cli(*args, out=tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_formats_follow_the_output_name():
    from engine.clips import resolve_format

    assert resolve_format(None, False, None) == "mp4"
    assert resolve_format(None, True, None) == "mov"
    assert resolve_format(None, True, Path("talk/clip.webm")) == "webm"
    assert resolve_format(None, False, Path("talk/still.png")) == "png"
    assert resolve_format("gif", False, Path("talk/")) == "gif"


# --- renders (short reading pauses, 854x480) -------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    old = os.environ.get("LESSON_PACE")
    os.environ["LESSON_PACE"] = "0.25"
    root = tmp_path_factory.mktemp("talks")
    yield {"root": root, "out": root / "output"}
    if old is None:
        os.environ.pop("LESSON_PACE")
    else:
        os.environ["LESSON_PACE"] = old


def run(work, *args: str) -> subprocess.CompletedProcess:
    """render.py as the speaker types it, in a shell of its own."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "render.py"), *args, "--output-dir", str(work["out"])],
        capture_output=True,
        text=True,
        cwd=work["root"],
        env=os.environ.copy(),
    )
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def stills(work):
    """The last frame of VectorAlignment with the storyboard's numbers and with the speaker's."""
    default = Path(run(work, "scene", "VectorAlignment", "--format", "png", "-q", "l").stdout.strip())
    mine = Path(
        run(
            work,
            "scene",
            "VectorAlignment",
            *PERPENDICULAR,
            "--format",
            "png",
            "-q",
            "l",
            "-o",
            str(work["root"] / "talk" / "perpendicular.png"),
        ).stdout.strip()
    )
    return default, mine


@pytest.mark.slow
def test_set_reaches_the_screen(work, stills):
    from engine.clips import render_scene_clip

    default, mine = stills
    assert default == work["out"] / "scenes" / "VectorAlignment.png"
    assert mine == work["root"] / "talk" / "perpendicular.png"
    a, b = (np.asarray(Image.open(p).convert("RGB"), dtype=int) for p in (default, mine))
    assert a.shape == b.shape == (480, 854, 3)
    assert (np.abs(a - b).max(axis=2) > 40).mean() > 0.005  # the vectors and figures moved
    # The same request again is the cached render: its figures are the speaker's.
    result = render_scene_clip(
        "VectorAlignment",
        {"a": [2, 0], "b": [0, 1]},
        quality="l",
        fmt="png",
        output_dir=work["out"],
        out_path=work["root"] / "again.png",
    )
    assert result.state == "cached"
    assert result.readouts == ["2.00", "0.00", "0.00", "1.00", "0.00", "90.0"]  # a, b, a.b, the angle
    default_figures = render_scene_clip(
        "VectorAlignment", {}, quality="l", fmt="png", output_dir=work["out"], out_path=work["root"] / "default.png"
    ).readouts
    assert default_figures == ["1.80", "1.20", "0.80", "1.80", "3.60", "32.3"]


@pytest.mark.slow
@pytest.mark.parametrize("fmt, codec", [("webm", "vp9"), ("mov", "qtrle")])
def test_transparent_video_has_an_alpha_channel(work, fmt, codec):
    target = work["root"] / "talk" / f"overlay.{fmt}"
    proc = run(work, "scene", "TitleCard", "--transparent", "-q", "l", "-o", str(target))
    assert "TitleCard: rendered" in proc.stderr
    assert Path(proc.stdout.strip()) == target
    info = video.probe(target)
    assert (info.codec, info.width, info.height, info.has_alpha) == (codec, 854, 480, True)
    frames = list(video.decode_rgba(target))
    assert len(frames) == info.frames
    alpha = frames[-1][..., 3]
    assert alpha.min() == 0 and alpha.max() == 255  # see-through background, opaque drawing
    assert 0.5 < (alpha == 0).mean() < 0.99
    # Asked again: the cache answers, and the file is the same (in this process: an answer from
    # the cache imports no manim, and a process of its own cost a second more).
    before = target.read_bytes()
    again = cli("scene", "TitleCard", "--transparent", "-q", "l", "-o", str(target), out=work["out"])
    assert again.exit_code == 0, again.output
    assert "TitleCard: cached" in again.stderr and target.read_bytes() == before


@pytest.mark.slow
def test_speakers_background_is_behind_the_scene(work):
    target = work["root"] / "talk" / "on-my-slide.png"
    run(work, "scene", "VectorAlignment", *PERPENDICULAR, "--background", "#1E2A44", "-o", str(target), "-q", "l")
    image = Image.open(target).convert("RGB")
    assert image.getpixel((3, 3)) == (0x1E, 0x2A, 0x44)
    assert image.getpixel((850, 476)) == (0x1E, 0x2A, 0x44)


@pytest.mark.slow
def test_transparent_still_has_an_alpha_channel(work):
    target = work["root"] / "talk" / "overlay.png"
    run(work, "scene", "VectorAlignment", *PERPENDICULAR, "--transparent", "-o", str(target), "-q", "l")
    image = np.asarray(Image.open(target))
    assert image.shape == (480, 854, 4)
    assert image[..., 3].min() == 0 and image[..., 3].max() == 255


# A deck of the speaker's own numbers: DotProductDefinition, the cheapest scene to render with
# beats enough (a deck of VectorAlignment took 13 s to render, this one 5).
DECK = ["DotProductDefinition", "--set", "a=[2,0,1]", "--set", "b=[0,1,3]"]


@pytest.fixture(scope="module")
def pptx_deck(work):
    target = work["root"] / "talk" / "speaker.pptx"
    proc = run(work, "slides", *DECK, "--to", "pptx", "-q", "l", "-o", str(target))
    assert Path(proc.stdout.strip()) == target
    return target


@pytest.fixture(scope="module")
def beats(work, pptx_deck):
    """The beats of the speaker's scene, as its render recorded them in the cache."""
    [entry] = [
        json.loads(p.read_text()) for p in (work["out"] / ".cache" / "store").glob("DotProductDefinition-*/entry.json")
    ]
    assert len(entry["meta"]["beats"]) >= 4
    return entry["meta"]["beats"]


@pytest.mark.slow
def test_pptx_has_one_slide_per_beat(beats, pptx_deck):
    from pptx import Presentation

    deck = Presentation(str(pptx_deck))
    assert len(deck.slides) == len(beats)
    for slide, beat in zip(deck.slides, beats):
        movies = [s for s in slide.shapes if s.shape_type == 16 or "movie" in type(s).__name__.lower()]
        assert len(movies) == 1
        assert slide.notes_slide.notes_text_frame.text == beat["caption"]
    # Every slide's video is a clip of its beat, embedded in the file.
    media = [
        n
        for n in __import__("zipfile").ZipFile(pptx_deck).namelist()
        if n.startswith("ppt/media/") and n.endswith(".mp4")
    ]
    assert len(media) == len(beats)


# --- the HTML deck in headless Chromium, network off ---------------------------------------------------


ARROW_RIGHT = "\ue014"
VIDEO_STATE = """
const slide = Reveal.getCurrentSlide();
const v = slide.slideBackgroundContentElement && slide.slideBackgroundContentElement.querySelector('video');
return {slide: Reveal.getIndices().h, total: Reveal.getTotalSlides(),
        video: v && {src: v.currentSrc, time: v.currentTime, paused: v.paused, ready: v.readyState,
                     error: v.error && v.error.code, width: v.videoWidth}};
"""


@pytest.mark.slow
def test_html_deck_plays_from_disk_offline(work, beats, pptx_deck, tmp_path):
    if not shutil.which("chromedriver"):
        pytest.skip("chromedriver is not installed: run `scripts/setup.sh test` (Debian chromium chromium-driver)")
    proc = run(work, "slides", *DECK, "--to", "html", "-q", "l")
    page = Path(proc.stdout.strip())
    assert page.parent.parent == work["out"] / "slides" and page.suffix == ".html"
    # The deck is a folder that can be copied anywhere: move it, then play the copy.
    deck = tmp_path / "laptop" / page.parent.name
    shutil.copytree(page.parent, deck)
    shutil.rmtree(page.parent)
    html = (deck / page.name).read_text(encoding="utf-8")
    links = re.findall(r'(?:src|href|data-background-video|data-background-image)="([^"]*)"', html)
    assert len(links) > len(beats) and not [u for u in links if ":" in u or u.startswith("/")], links
    # A slide's clip is coded as a scene's video is: its beat's closing hold is one coded
    # frame shown for the hold's time, not a frame per tick.
    clips = [video.probe(p) for p in deck.rglob("*.mp4")]
    assert len(clips) == len(beats)
    # (Voiced beats move through most of their speech, so how many frames the holds save is no
    # measure: a frame shown for a hold's time is; coded per tick, none is shown over 1/15 s.)
    assert sum(c.frames for c in clips) < sum(round(c.duration * 15) for c in clips)
    assert max(c.longest_frame for c in clips) >= 0.5

    driver = WebDriver(tmp_path / "profile")
    try:
        driver.log("browser"), driver.log("performance")  # what the blank start page did
        url = (deck / page.name).resolve().as_uri()
        driver("POST", "/url", {"url": url})
        wait_for(driver, "return window.Reveal && Reveal.isReady()")
        first = wait_for(driver, "const s = (() => {" + VIDEO_STATE + "})(); return s.video && s.video.time > 0.5 && s")
        driver.screenshot(work["root"] / "deck-slide-1.png")
        assert first["slide"] == 0 and first["total"] == len(beats)
        assert first["video"]["error"] is None and first["video"]["width"] == 854 and not first["video"]["paused"]
        assert first["video"]["src"].startswith(deck.resolve().as_uri())

        driver.press(ARROW_RIGHT)
        second = wait_for(
            driver,
            "const s = (() => {" + VIDEO_STATE + "})(); return s.slide == 1 && s.video && s.video.time > 0.5 && s",
        )
        driver.screenshot(work["root"] / "deck-slide-2.png")
        assert second["video"]["src"] != first["video"]["src"] and not second["video"]["paused"]

        console = [e for e in driver.log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert console == []
        events = [json.loads(e["message"])["message"] for e in driver.log("performance")]
        sent = {e["params"]["requestId"]: e["params"] for e in events if e["method"] == "Network.requestWillBeSent"}
        ours = {rid: p["request"]["url"] for rid, p in sent.items() if p.get("documentURL", "").startswith(url)}
        assert ours, "no request of the deck was seen"
        assert all(u.startswith(("file://", "data:", "blob:")) for u in ours.values()), ours
        failed = [
            (ours.get(e["params"]["requestId"]), e["params"]["errorText"])
            for e in events
            if e["method"] == "Network.loadingFailed" and e["params"]["requestId"] in ours
        ]
        assert failed == []
        assert any(u.endswith("/reveal.js/dist/reveal.js") for u in ours.values())
    finally:
        driver.close()
