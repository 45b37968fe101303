"""render.py as a course author runs it: lessons in, finished files out (at -ql, short pauses)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

import render
from engine import video
from engine.store import sha256
from signals import sigint_as_at_a_terminal

ROOT = Path(__file__).resolve().parents[2]
# Its module-scoped renders are made once: on one xdist worker (make test runs --dist loadgroup),
# not once on each worker that gets one of its tests.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("render_cli")]

MINI = """
title = "Mini lesson"
course = "Test course"
poster = "DotProductDefinition"

[[scenes]]
scene = "DotProductDefinition"

[[scenes]]
scene = "DotProductDefinition"
params = { a = [1, 0], b = [3, 4], a2 = [1, 1], b2 = [2, 2] }
"""


@pytest.fixture(scope="module")
def env():
    """Short reading pauses keep the test renders small; the pipeline is the same."""
    old = os.environ.get("LESSON_PACE")
    os.environ["LESSON_PACE"] = "0.25"
    yield
    if old is None:
        os.environ.pop("LESSON_PACE")
    else:
        os.environ["LESSON_PACE"] = old


@pytest.fixture(scope="module")
def course(tmp_path_factory, env):
    root = tmp_path_factory.mktemp("course")
    lessons = root / "lessons"
    lessons.mkdir()
    (lessons / "mini.toml").write_text(MINI)
    out = root / "output"
    result = CliRunner().invoke(
        render.cli, ["lesson", "mini", "-q", "l", "-j", "2", "--output-dir", str(out), "--lessons", str(lessons)]
    )
    assert result.exit_code == 0, result.output
    return {"root": root, "lessons": lessons, "out": out, "first": result.output}


def run(course, *args, env_extra=None):
    args = [*args, "--output-dir", str(course["out"]), "--lessons", str(course["lessons"])]
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(
        [sys.executable, str(ROOT / "render.py"), *args], capture_output=True, text=True, env=env, cwd=course["root"]
    )


def snapshot(folder: Path) -> dict:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() and ".cache" not in p.parts
    }


def test_manifest_agrees_with_the_files(course):
    lesson = course["out"] / "mini"
    m = json.loads((lesson / "manifest.json").read_text())
    info = video.probe(lesson / m["video"])
    assert (m["width"], m["height"]) == (info.width, info.height) == (854, 480)
    assert m["fps"] == pytest.approx(info.fps, abs=0.01) and m["fps"] == pytest.approx(15, abs=0.01)
    assert m["duration"] == pytest.approx(info.duration, abs=0.01)
    assert m["quality"] == "l" and m["manim_version"].startswith("0.21")
    for f in m["files"]:
        path = lesson / f["path"]
        assert path.stat().st_size == f["size"] and sha256(path) == f["sha256"], f["path"]
    listed = {f["path"] for f in m["files"]}
    assert {
        "mini.mp4",
        "mini.srt",
        "mini.vtt",
        "poster.png",
        "scenes/DotProductDefinition.mp4",
        "scenes/DotProductDefinition-2.mp4",
    } <= listed
    # The lesson is the title card and the scenes, back to back.
    parts = [video.probe(lesson / s["video"]).duration for s in m["scenes"]]
    assert info.duration == pytest.approx(m["chapters"][0]["end"] + sum(parts), abs=0.05)
    assert m["join"] == "copied"


def test_holds_are_coded_once_and_last_their_time(course):
    """A beat's hold is one coded frame shown until the next: fewer frames in the file than
    ticks, every frame on the 15 fps grid, decode order = display order (a reordered decode
    time would end the MP4's track early), and decoded tick by tick the whole running time."""
    import av
    import numpy as np

    path = course["out"] / "mini" / "mini.mp4"
    info = video.probe(path)
    ticks = round(info.duration * 15)
    # Every beat ends on a hold of at least a second, coded once (voiced beats now move through
    # most of their speech, so holds are a smaller share than they were).
    assert info.frames < 0.95 * ticks
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        packets = [(p.pts, p.dts) for p in c.demux(s) if p.pts is not None]
        tb, container_seconds = s.time_base, c.duration / av.time_base
    assert all(pts == dts for pts, dts in packets)
    assert all(abs(float(pts * tb) * 15 - round(float(pts * tb) * 15)) < 0.05 for pts, _ in packets)
    assert container_seconds == pytest.approx(info.duration, abs=1 / 15)
    pictures = list(video.frames_on_grid(path, 15))
    assert len(pictures) == ticks and pictures[-1].shape == (480, 854, 3)
    # A hold is there to see: some half second of ticks shows one picture.
    run = longest = 1
    for before, now in zip(pictures, pictures[1:]):
        run = run + 1 if np.array_equal(before, now) else 1
        longest = max(longest, run)
    assert longest >= 8


def test_chapters_cover_the_video_without_gaps(course):
    lesson = course["out"] / "mini"
    m = json.loads((lesson / "manifest.json").read_text())
    chapters = m["chapters"]
    assert [c["scene"] for c in chapters] == ["TitleCard", "DotProductDefinition", "DotProductDefinition"]
    assert chapters[0]["start"] == 0
    # The opening chapter carries the lesson's name, not the card's kind.
    assert chapters[0]["title"] == "Mini lesson"
    for before, after in zip(chapters, chapters[1:]):
        assert after["start"] == pytest.approx(before["end"], abs=1e-3)
    assert chapters[-1]["end"] == pytest.approx(m["duration"], abs=0.05)
    in_file = video.chapters_of(lesson / "mini.mp4")
    assert [c["title"] for c in in_file] == [c["title"] for c in chapters]
    assert [c["start"] for c in in_file] == pytest.approx([c["start"] for c in chapters], abs=0.01)


def _vtt_cues(text: str) -> list[tuple[float, float, str]]:
    def secs(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    return [(secs(a), secs(b), t) for a, b, t in re.findall(r"([\d:.]+) --> ([\d:.]+)\n(.+)\n", text)]


def test_captions_lie_within_the_video_and_in_order(course):
    lesson = course["out"] / "mini"
    m = json.loads((lesson / "manifest.json").read_text())
    cues = _vtt_cues((lesson / "mini.vtt").read_text())
    assert len(cues) >= 8
    # The title card is spoken too: its one caption lies within its chapter, the scenes' after it.
    assert cues[0][0] < m["chapters"][0]["end"] <= cues[1][0] + 1e-3
    for start, end, text in cues:
        assert 0 <= start < end <= m["duration"] + 1e-3 and text.strip()
    for (_, end, _), (start, _, _) in zip(cues, cues[1:]):
        assert start >= end - 1e-3
    srt = (lesson / "mini.srt").read_text()
    assert srt.count(" --> ") == len(cues) and srt.startswith("1\n")
    assert any("32" in t for _, _, t in cues)  # the lesson's figure, in the narration too


def test_poster_and_course_site(course):
    out = course["out"]
    with Image.open(out / "mini" / "poster.png") as poster:
        assert poster.size == (854, 480)
        low, high = poster.convert("L").getextrema()
        assert high - low > 100  # a real frame, not a blank
    index = (out / "index.html").read_text()
    assert 'href="mini/index.html"' in index and 'src="mini/poster.png"' in index
    assert "What is a dot product?" in index
    page = (out / "mini" / "index.html").read_text()
    assert '<source src="mini.mp4" type="video/mp4">' in page and 'poster="poster.png"' in page
    assert '<track kind="captions" src="data:text/vtt;' in page and '<track kind="chapters" src="data:text/vtt;' in page


def test_second_run_renders_nothing_and_skips_manim(course):
    before = snapshot(course["out"])
    probe = (
        "import atexit, runpy, sys; atexit.register(lambda: print('MANIM', 'manim' in sys.modules));"
        f"sys.argv = ['render.py', 'lesson', 'mini', '-q', 'l', '--output-dir', {str(course['out'])!r},"
        f" '--lessons', {str(course['lessons'])!r}]; runpy.run_path({str(ROOT / 'render.py')!r}, run_name='__main__')"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "mini: up to date" in out.stdout and "0 scenes rendered" in out.stdout
    assert "MANIM False" in out.stdout
    assert snapshot(course["out"]) == {k: v for k, v in before.items()}


@pytest.mark.parametrize(
    "args, lesson_text, message",
    [
        (["lesson", "mnii"], None, "error: unknown lesson 'mnii' (did you mean 'mini'?)"),
        (["lesson", "bad"], '[[scenes]]\nscene = "VectorAlign"\n', "/bad.toml: title must be a non-empty text"),
        (
            ["lesson", "bad"],
            'title = "t"\ncourse = "c"\n[[scenes]]\nscene = "VectorAlign"\n',
            "/bad.toml: scene 1: unknown scene 'VectorAlign' (did you mean 'VectorAlignment'?)",
        ),
        (
            ["lesson", "bad"],
            'title = "t"\ncourse = "c"\n[[scenes]]\nscene = "VectorAlignment"\nparams = { a = "up" }\n',
            "/bad.toml: scene 1: VectorAlignment.a must be a list of numbers",
        ),
        (
            ["lesson", "bad"],
            'title = "t"\ncourse = "c"\n[[scenes]]\nscene = "VectorAlignment"\nparams = { c = 1 }\n',
            "/bad.toml: scene 1: VectorAlignment has no parameter 'c'",
        ),
        (
            ["lesson", "bad"],
            'title = "t"\ncourse = "c"\n\n[[scenes]\nscene = "VectorAlignment"\n',
            "(at line 4, column",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(course, args, lesson_text, message):
    bad = course["lessons"] / "bad.toml"
    if lesson_text is not None:
        bad.write_text(lesson_text)
    before = snapshot(course["out"])
    try:
        out = run(course, *args)
    finally:
        bad.unlink(missing_ok=True)
    assert out.returncode == 2, out.stderr
    assert message in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert snapshot(course["out"]) == before


def test_a_failing_scene_does_not_stop_the_others(course):
    (course["lessons"] / "broken.toml").write_text(
        'title = "Broken lesson"\ncourse = "Test course"\n[[scenes]]\nscene = "DotProductDefinition"\n'
        "params = { a = [5, 6], b = [7, 8], a2 = [1, 2], b2 = [3, 4] }\n"
    )
    before = snapshot(course["out"])
    out = run(course, "lesson", "broken", "mini", "-q", "l", env_extra={"LESSON_RENDER_FAIL": "DotProductDefinition"})
    assert out.returncode == 1
    assert "failed: DotProductDefinition: RuntimeError: failure injected" in out.stderr
    log = re.search(r"\(log: (.+?)\)", out.stderr).group(1)
    assert "Traceback" in Path(log).read_text()
    assert "broken: failed" in out.stdout and "mini: up to date" in out.stdout
    # The title card of the broken lesson rendered, and nothing of it reached output/.
    assert "1 scenes rendered" in out.stdout
    assert not (course["out"] / "broken").exists()
    assert snapshot(course["out"]) == before


def test_two_renders_at_once_both_finish(course):
    # The course's own scene (in the cache) under a title of its own (a card to render): what
    # is tested is the lock, not rendering a scene again.
    (course["lessons"] / "twice.toml").write_text(
        'title = "Twice"\ncourse = "Test course"\n[[scenes]]\nscene = "DotProductDefinition"\n'
    )
    cmd = [
        sys.executable,
        str(ROOT / "render.py"),
        "lesson",
        "twice",
        "-q",
        "l",
        "-j",
        "1",
        "--output-dir",
        str(course["out"]),
        "--lessons",
        str(course["lessons"]),
    ]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    joined = "".join(o for o, _ in outs)
    # One of them rendered; the other waited for the lock and found the lesson done.
    assert joined.count("twice: built") == 1 and joined.count("twice: up to date") == 1
    assert "1 scenes rendered, 1 from cache" in joined
    m = json.loads((course["out"] / "twice" / "manifest.json").read_text())
    assert video.probe(course["out"] / "twice" / "twice.mp4").duration == pytest.approx(m["duration"], abs=0.01)


def test_ctrl_c_leaves_output_as_it_was(course):
    (course["lessons"] / "intr.toml").write_text(
        'title = "Interrupted"\ncourse = "Test course"\n[[scenes]]\nscene = "DotProductDefinition"\n'
        "params = { a = [9, 8], b = [7, 6], a2 = [5, 4], b2 = [3, 2] }\n"
    )
    before = snapshot(course["out"])
    work = course["out"] / ".cache" / "work"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "render.py"),
            "lesson",
            "intr",
            "-q",
            "l",
            "-j",
            "1",
            "--output-dir",
            str(course["out"]),
            "--lessons",
            str(course["lessons"]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=sigint_as_at_a_terminal,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (work.is_dir() and any(work.iterdir())):
        time.sleep(0.1)
    time.sleep(1.5)  # well into the scene's render
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted: output/ keeps its previous files" in err and "Traceback" not in err
    assert snapshot(course["out"]) == before
    assert not (course["out"] / "intr").exists() and not any(work.iterdir())
    assert not list((course["out"] / ".cache").glob(".staging-*"))
