"""Preview while authoring: stills, beat stills, the contact sheet and watch mode."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

import render
from engine.preview import sheet_layout
from signals import sigint_as_at_a_terminal

ROOT = Path(__file__).resolve().parents[2]
SCENE = "DotProductDefinition"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("preview")


def preview(out: Path, *args: str) -> Path:
    result = CliRunner().invoke(render.cli, ["preview", SCENE, "--output-dir", str(out), *args])
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip().splitlines()[0])


def test_still_is_a_png_of_the_asked_size(out):
    path = preview(out)
    assert path == out / "preview" / f"{SCENE}.png"
    with Image.open(path) as im:
        assert im.format == "PNG" and im.size == (854, 480)


def test_a_still_at_1080p_is_drawn_beside_the_quick_one(out):
    """-q h: the still glyph heights are measured on (the 3% rule is in 1080p pixels)."""
    path = preview(out, "--beat", "1", "-q", "h")
    assert path == out / "preview" / f"{SCENE}-beat-1-h.png"
    with Image.open(path) as im:
        assert im.size == (1920, 1080)
    r = CliRunner().invoke(render.cli, ["preview", SCENE, "--draft", "-q", "h", "--output-dir", str(out)])
    assert r.exit_code == 2 and "a --draft is 854x480 at 15 fps" in r.output


def test_a_still_is_drawn_in_the_commands_own_process(tmp_path):
    """A worker process would load manim a second time, more than the still itself costs."""
    import json
    import os

    preview(tmp_path, "--beat", "1")
    [entry] = (tmp_path / ".cache" / "store").glob(f"{SCENE}-*/entry.json")
    assert json.loads(entry.read_text())["meta"]["worker"] == f"{os.uname().nodename}:{os.getpid()}"


def test_beat_still_differs_from_the_last_frame(out):
    last = np.asarray(Image.open(preview(out)))
    first = np.asarray(Image.open(preview(out, "--beat", "1")))
    assert first.shape == last.shape
    assert (first != last).any(axis=2).mean() > 0.01


def test_contact_sheet_has_one_tile_per_beat(out):
    from scenes.dot_product import DotProductDefinition

    beats = len(_beats_of(DotProductDefinition))
    sheet = Image.open(preview(out, "--beats")).convert("RGB")
    columns, rows, tile, origin = sheet_layout(beats)
    assert sheet.size == (origin[0] + columns * tile[0], origin[1] + rows * tile[1] + origin[0])
    background = Image.new("RGB", (1, 1), "#14171F").getpixel((0, 0))  # the dark theme's background
    filled = [
        sheet.getpixel((origin[0] + (i % columns) * tile[0] + 3, origin[1] + (i // columns) * tile[1] + 3))
        for i in range(columns * rows)
    ]
    assert sum(px == background for px in filled) == beats


def _beats_of(scene_cls):
    from manim import tempconfig

    with tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True}):
        scene = scene_cls(skip_animations=True)
        scene.render()
    return scene.beats


def test_bad_preview_input(out):
    r = CliRunner().invoke(render.cli, ["preview", "VectorAlign", "--output-dir", str(out)])
    assert r.exit_code == 2 and "unknown scene 'VectorAlign' (did you mean 'VectorAlignment'?)" in r.output
    r = CliRunner().invoke(render.cli, ["preview", SCENE, "--beat", "99", "--output-dir", str(out)])
    assert r.exit_code == 2 and f"{SCENE} has no beat '99'" in r.output
    r = CliRunner().invoke(render.cli, ["preview", SCENE, "--set", "a=[1,2]", "--output-dir", str(out)])
    assert r.exit_code == 2 and "vectors must have the same length: 2 != 3" in r.output


class Lines:
    """The watcher's output, line by line, read on a thread so the test can wait with a timeout."""

    def __init__(self, proc: subprocess.Popen):
        self.q: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.q.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                line = self.q.get(timeout=0.5)
            except queue.Empty:
                continue
            seen.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no line starting {prefix!r} in {seen}")


# Appended to scenes/cards.py by the test: the title card's last frame gains a large dot.
EDIT = """
from manim import Dot as _Dot

_construct = TitleCard.construct


def _construct_with_a_dot(self):
    _construct(self)
    self.add(_Dot(radius=1.5))


TitleCard.construct = _construct_with_a_dot
"""


def test_watch_rerenders_on_save_and_survives_a_broken_save(tmp_path):
    # A private copy of the project, so the test edits a scene without touching the real one.
    for entry in ("mathcore", "toolkit", "manim_patches", "scenes", "engine", "lessons", "narration", "assets"):
        shutil.copytree(ROOT / entry, tmp_path / entry, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "render.py", tmp_path / "render.py")
    card = tmp_path / "scenes" / "cards.py"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(tmp_path / "render.py"),
            "preview",
            "TitleCard",
            "--watch",
            "--output-dir",
            str(tmp_path / "out"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        preexec_fn=sigint_as_at_a_terminal,
    )
    lines = Lines(proc)
    try:
        first = lines.wait_for("rendered ", timeout=120)
        assert str(tmp_path / "out" / "preview" / "TitleCard.png") in first
        lines.wait_for("watching ")
        before = np.asarray(Image.open(tmp_path / "out" / "preview" / "TitleCard.png"))

        source = card.read_text()
        card.write_text(source + EDIT)
        lines.wait_for("saved: scenes/cards.py")
        lines.wait_for("rendered ")
        after = np.asarray(Image.open(tmp_path / "out" / "preview" / "TitleCard.png"))
        assert (before != after).any()

        # A save under the scene (the palette's text colour, in the toolkit) reaches it: the modules
        # that read the saved file, themselves or through others, are imported again
        # (engine.preview.modules_reading), not the scene's file alone.
        theme = tmp_path / "toolkit" / "theme.py"
        palette = theme.read_text()
        theme.write_text(palette.replace('text="#ECEFF4"', 'text="#F0E000"', 1))
        lines.wait_for("saved: toolkit/theme.py")
        lines.wait_for("rendered ")
        themed = np.asarray(Image.open(tmp_path / "out" / "preview" / "TitleCard.png"))[..., :3]

        def painted(image, hex_colour: str) -> int:
            return int((image[..., :3] == [int(hex_colour[k : k + 2], 16) for k in (1, 3, 5)]).all(-1).sum())

        assert painted(before, "#ECEFF4") > 1000 and painted(themed, "#ECEFF4") == 0
        # Every pixel the text colour painted (the edit's dot covering part of the title) is now
        # painted in the new one.
        assert painted(themed, "#F0E000") == pytest.approx(painted(after, "#ECEFF4"), rel=0.02)
        assert painted(themed, "#F0E000") > 300
        theme.write_text(palette)
        lines.wait_for("saved: toolkit/theme.py")
        lines.wait_for("rendered ")

        card.write_text(source + "\ndef broken(:\n")
        lines.wait_for("saved: scenes/cards.py")
        error = lines.wait_for("SyntaxError")
        assert "cards.py, line" in error
        assert proc.poll() is None  # still watching

        card.write_text(source)
        lines.wait_for("rendered ")
        again = np.asarray(Image.open(tmp_path / "out" / "preview" / "TitleCard.png"))
        assert (again == before).all()  # back to the saved scene (from the store: nothing to redo)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    assert proc.returncode == 0


def test_a_lessons_cards_preview_with_its_title(tmp_path):
    """--lesson takes a part's inputs as the lesson renders it: its title card included."""
    r = CliRunner().invoke(render.cli, ["preview", "TitleCard", "--lesson", "matmul", "--output-dir", str(tmp_path)])
    assert r.exit_code == 0, r.output
    import tomllib

    import json

    title = tomllib.loads((ROOT / "lessons" / "matmul.toml").read_text())["title"]
    # The still's record holds what it said: the lesson's own title, not the card's default.
    [entry] = (tmp_path / ".cache" / "store").glob("TitleCard-*/entry.json")
    assert title in json.loads(entry.read_text())["meta"]["beats"][0]["caption"]
    r = CliRunner().invoke(
        render.cli, ["preview", "ShapeRule", "--lesson", "dot-product", "--output-dir", str(tmp_path)]
    )
    assert r.exit_code == 2 and "lesson 'dot-product' has no scene ShapeRule; its scenes: TitleCard," in r.output


@pytest.mark.slow
def test_a_beats_still_is_the_videos_picture_at_that_beats_end(tmp_path, monkeypatch):
    """A still is drawn as the video is: each mobject once. (Stills drew the still parts of the
    last animation twice, over themselves, so translucent half-planes came out twice as dark.)"""
    import json

    from engine.video import frame_at

    monkeypatch.setenv("LESSON_PACE", "0.25")  # short reading pauses: a beat ends on the same picture
    scene = "VectorAlignment"
    result = CliRunner().invoke(
        render.cli, ["preview", scene, "--draft", "--voice", "none", "--output-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    [entry] = [
        p
        for p in (tmp_path / ".cache" / "store").glob(f"{scene}-*/entry.json")
        if any(n.endswith(".mp4") for n in json.loads(p.read_text())["files"])
    ]
    half_planes = json.loads(entry.read_text())["meta"]["beats"][2]
    video = np.asarray(frame_at(entry.parent / f"{scene}.mp4", half_planes["end"] - 0.05).convert("RGB"), float)
    result = CliRunner().invoke(
        render.cli, ["preview", scene, "--beat", str(half_planes["index"]), "--output-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    still = np.asarray(Image.open(result.stdout.strip().splitlines()[0]).convert("RGB"), float)
    assert still.shape == video.shape
    assert np.abs(still - video).mean() < 2.5  # the video's own coding noise; drawn twice: 5.5


def test_a_save_forgets_the_modules_that_read_it_and_only_those(tmp_path, monkeypatch):
    """engine.preview.modules_reading on a made-up project: what imports a saved module, at its
    top, inside a function, relatively or through another module, is read again; a package read
    again takes its modules along; a module not loaded has nothing to forget."""
    import importlib

    from engine.preview import modules_reading

    files = {
        "pkga/__init__.py": "",
        "pkga/base.py": "CONST = 1\n",
        "pkga/mid.py": "from pkga.base import CONST\n",
        "pkga/rel.py": "from . import mid\n",
        "pkga/lazy.py": "def f():\n    from pkga import base\n    return base.CONST\n",
        "pkga/apart.py": "X = 2\n",
        "pkga/unloaded.py": "Y = 3\n",
        "pkgb/__init__.py": "",
        "pkgb/top.py": "import pkga.rel as r\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        for name in ("pkga.base", "pkga.mid", "pkga.rel", "pkga.lazy", "pkga.apart", "pkgb.top"):
            importlib.import_module(name)

        def reading(*saved):
            return modules_reading(list(saved), root=tmp_path, packages=("pkga", "pkgb"))

        assert reading("pkga/base.py") == {"pkga.base", "pkga.mid", "pkga.rel", "pkga.lazy", "pkgb.top"}
        assert reading("pkga/mid.py") == {"pkga.mid", "pkga.rel", "pkgb.top"}
        assert reading("pkga/apart.py") == {"pkga.apart"}
        assert reading("pkga/unloaded.py") == set() and reading("lessons/x.toml") == set()
        assert reading("pkga/__init__.py") == {
            "pkga",
            "pkga.base",
            "pkga.mid",
            "pkga.rel",
            "pkga.lazy",
            "pkga.apart",
            "pkgb.top",
        }
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] in ("pkga", "pkgb")]:
            del sys.modules[name]


def test_watch_says_an_error_once_per_save(tmp_path, monkeypatch):
    """One save, one render, one error: an editor's save that reaches the disk in two writes
    (a format-on-save writing the same text again while the first render runs) is not a
    second save. (`--watch` printed one error twice for one save.)"""
    from engine import preview as pv

    def failing(req, executor=None):
        time.sleep(0.3)  # a render long enough for the save's second write to come during it
        raise RuntimeError(f"boom {scene.read_text().strip()}")

    monkeypatch.setattr(pv, "render_preview", failing)
    monkeypatch.setattr(pv, "watched_folders", lambda: [tmp_path])
    monkeypatch.setattr(pv, "forget_project_modules", lambda saved=None: None)
    monkeypatch.setattr(pv, "modules_reading", lambda saved: set())
    scene = tmp_path / "scene.py"
    scene.write_text("x = 1\n")
    said: list[str] = []
    done = threading.Event()
    watcher = threading.Thread(target=pv.watch, args=(None, said.append, done.is_set), daemon=True)
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not any(s.startswith("watching") for s in said) and time.monotonic() < deadline:
            time.sleep(0.02)
        scene.write_text("x = 2\n")  # the save ...
        time.sleep(0.15)
        scene.write_text("x = 2\n")  # ... and the same text written again as it renders
        time.sleep(1.2)
        scene.write_text("x = 3\n")  # the next save: its own render
        time.sleep(1.0)
    finally:
        done.set()
        watcher.join(timeout=5)
    errors = [s.split(" (")[0] for s in said if s.startswith("RuntimeError")]
    assert errors == ["RuntimeError: boom x = 1", "RuntimeError: boom x = 2", "RuntimeError: boom x = 3"], said
