"""The engine tried as a hostile user would (issue 11): a cache it verifies, a publish step
that changes a lesson's files together, signals that stop the workers, and input that can
neither crash a worker nor hang a render."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import render
from engine import store as store_mod
from engine.store import Store, publish
from engine.worker import HANG_ENV
from scenes.catalog import SCENES
from toolkit.params import MAX_MAGNITUDE, MIN_MAGNITUDE
from signals import sigint_as_at_a_terminal

ROOT = Path(__file__).resolve().parents[2]
MINI = (
    'title = "Mini"\ncourse = "Test course"\n[[scenes]]\nscene = "DotProductDefinition"\n'
    "params = { a = [1, 2], b = [3, 4], a2 = [1, -1], b2 = [2, 2] }\n"
)


def cli(*args: str):
    return CliRunner().invoke(render.cli, list(args))


def one_line_exit_2(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def render_py(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "render.py"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LESSON_PACE": "0.25", **(env or {})},
        **kw,
    )


# --- input refused before any work ------------------------------------------------------------


@pytest.mark.parametrize(
    "assignment, message",
    [
        ("a=[1e308,1e308]", "is too large to draw"),
        ("a=[1e-320,0]", "is too small to draw"),
        ("a=[NaN,1]", "must be a finite number"),
        ("b=[[1,2],[3,4]]", "must be a number"),
    ],
)
def test_numbers_a_scene_cannot_draw_are_refused(tmp_path, assignment, message):
    line = one_line_exit_2(cli("scene", "VectorAlignment", "--set", assignment, "--output-dir", str(tmp_path)))
    assert message in line
    assert not (tmp_path / ".cache" / "store").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (("lesson", "--timeout", "nan"), "Invalid value for '--timeout': 'nan' is not a finite number"),
        (("scene", "TitleCard", "--timeout", "inf"), "Invalid value for '--timeout': 'inf' is not a finite number"),
        (("slides", "TitleCard", "--to", "html", "--timeout", "1e999"), "'1e999' is not a finite number"),
        (("lesson", "-j", "nan"), "Invalid value for '-j' / '--jobs': 'nan' is not a valid integer range"),
        (("lesson", "-j", "0"), "Invalid value for '-j' / '--jobs': 0 is not in the range 1<=x<=64"),
    ],
)
def test_number_options_are_finite(tmp_path, args, message):
    """A NaN passes FloatRange(min=1) (it compares false with any bound): it was taken as no limit."""
    line = one_line_exit_2(cli(*args, "--output-dir", str(tmp_path)))
    assert message in line
    assert not tmp_path.joinpath(".cache").exists()


@pytest.mark.parametrize("value", ["nan", "inf", "0", "ten minutes"])
def test_the_time_limit_from_the_environment_is_a_finite_number_too(tmp_path, monkeypatch, value):
    """LESSON_JOB_TIMEOUT is --timeout's other way in: refused before any work, not read as no limit."""
    monkeypatch.setenv("LESSON_JOB_TIMEOUT", value)
    line = one_line_exit_2(cli("scene", "TitleCard", "--output-dir", str(tmp_path)))
    assert f"LESSON_JOB_TIMEOUT must be a finite number of seconds, at least 1, got {value!r}" in line
    assert not tmp_path.joinpath(".cache").exists()


def test_a_301_digit_matrix_is_refused_up_front(tmp_path):
    line = one_line_exit_2(
        cli(
            "scene",
            "RowByColumnMatmul",
            "--set",
            "A=[[1e300,1],[1,1]]",
            "--set",
            "B=[[1e300,0],[0,1]]",
            "--output-dir",
            str(tmp_path),
        )
    )
    assert "RowByColumnMatmul.A[0][0] = 1e+300 is too large to draw" in line


def test_a_lesson_file_that_is_not_utf8_names_its_path(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "latin.toml").write_bytes('title = "café"\ncourse = "c"\n'.encode("latin-1"))
    line = one_line_exit_2(cli("lesson", "latin", "--lessons", str(lessons), "--output-dir", str(tmp_path / "out")))
    assert str(lessons / "latin.toml") in line or "lessons/latin.toml" in line
    assert "not UTF-8" in line


@pytest.mark.parametrize("name", ["../../victim", "/etc/passwd", "Dot-Product", "a b"])
def test_lesson_names_never_become_paths(tmp_path, name):
    outside = tmp_path / "victim.toml"
    outside.write_text(MINI)
    line = one_line_exit_2(
        cli("lesson", name, "--lessons", str(tmp_path / "lessons"), "--output-dir", str(tmp_path / "out"))
    )
    assert "is not a lesson name" in line
    assert not (tmp_path / "out").exists()


def test_a_beat_is_checked_before_it_becomes_a_path(tmp_path):
    line = one_line_exit_2(
        cli("preview", "VectorAlignment", "--beat", "../../x", "--output-dir", str(tmp_path / "out"))
    )
    assert "--beat takes a beat's number or name" in line
    assert not (tmp_path / "out").exists() and not (tmp_path / "x").exists()


def test_a_script_for_a_name_that_is_not_a_lesson_touches_nothing(tmp_path):
    line = one_line_exit_2(cli("script", "../../x", "--output-dir", str(tmp_path / "out")))
    assert "is not a lesson name" in line
    assert not (tmp_path / "out").exists()


def test_a_beat_the_scene_does_not_have_is_refused_without_rendering_once_its_beats_are_known(tmp_path, monkeypatch):
    import engine.pool

    out = tmp_path / "out"
    # Cold, the scene must run to know its beats: the worker refuses, and nothing is published.
    line = one_line_exit_2(cli("preview", "TitleCard", "--beat", "99", "--output-dir", str(out)))
    assert "TitleCard has no beat '99'; its beats: 1 (title)" in line
    assert not (out / "preview").exists()
    # A still of beat 1 stops there, so it cannot tell the scene's beats...
    assert cli("preview", "TitleCard", "--beat", "1", "--output-dir", str(out)).exit_code == 0
    # ...the last frame runs the scene to its end, and from then on no render is needed to refuse.
    assert cli("preview", "TitleCard", "--output-dir", str(out)).exit_code == 0
    renders = []
    real_run_jobs = engine.pool.run_jobs
    monkeypatch.setattr(
        engine.pool, "run_jobs", lambda jobs, *a, **k: renders.append(jobs) or real_run_jobs(jobs, *a, **k)
    )
    line = one_line_exit_2(cli("preview", "TitleCard", "--beat", "99", "--output-dir", str(out)))
    assert "TitleCard has no beat '99'; its beats: 1 (title)" in line and renders == []
    assert cli("preview", "TitleCard", "--beat", "title", "--output-dir", str(out)).exit_code == 0
    assert len(renders) == 1  # a beat it has still renders (from the store: the same job as above)
    # Other inputs, other beats: not refused from what was remembered for the defaults.
    line = one_line_exit_2(
        cli("preview", "TitleCard", "--set", "title=Other", "--beat", "99", "--output-dir", str(out))
    )
    assert len(renders) == 2


def test_a_read_only_output_folder_is_the_users_environment(tmp_path, monkeypatch):
    """A folder we may not write to: one line naming it and the fix, exit 2, nothing changed.
    Root may write anywhere, so the folder is made read-only for this process: creating
    anything in it fails with EACCES, as it does for a user without write permission."""
    import errno

    out = tmp_path / "output"
    (out / ".cache").mkdir(parents=True)
    (out / "kept.txt").write_text("as it was")
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "mini.toml").write_text(MINI)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))

    def refused(real):
        def call(path, *args, **kwargs):
            if Path(os.fsdecode(path)).resolve().is_relative_to(out) and not Path(os.fsdecode(path)).exists():
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "open", refused(os.open))
    monkeypatch.setattr(os, "mkdir", refused(os.mkdir))
    for command in (
        ["lesson", "mini", "--lessons", str(tmp_path / "lessons")],
        ["scene", "VectorAlignment"],
        ["preview", "VectorAlignment"],
        ["script", "mini", "--lessons", str(tmp_path / "lessons")],
    ):
        line = one_line_exit_2(cli(*command, "--output-dir", str(out)))
        assert line == (
            f"error: cannot write to the output folder {out}: permission denied; "
            "choose another with --output-dir or -o, or make it writable"
        ), command
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_an_unwritable_target_is_refused_before_rendering(tmp_path):
    started = time.monotonic()
    line = one_line_exit_2(
        cli(
            "scene",
            "VectorAlignment",
            "-o",
            "/proc/forbidden.mp4",
            "--voice",
            "none",
            "--output-dir",
            str(tmp_path / "out"),
        )
    )
    assert "cannot write to the folder of -o /proc" in line
    assert time.monotonic() - started < 10  # refused, not rendered first
    assert not (tmp_path / "out").exists()  # not even an empty output folder


def test_an_output_folder_that_cannot_be_made_is_the_users_environment(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = one_line_exit_2(cli("lesson", "--output-dir", str(blocker / "output")))
    assert f"cannot write to the output folder {blocker / 'output'}" in line and "internal error" not in line


def test_a_full_disk_wherever_it_is_met_is_the_users_environment(tmp_path, monkeypatch):
    """ENOSPC in this process (joining a lesson, say), even behind another exception: one line
    naming the folder and the room a render needs, exit 2, no traceback log (not a bug)."""
    import errno

    import engine.course

    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "mini.toml").write_text(MINI)

    def full(*args, **kwargs):
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as e:
            raise RuntimeError("could not write the lesson") from e

    monkeypatch.setattr(engine.course, "render_lessons", full)
    out = tmp_path / "out"
    line = one_line_exit_2(
        cli("lesson", "mini", "-q", "m", "--lessons", str(tmp_path / "lessons"), "--output-dir", str(out))
    )
    assert line.startswith(f"error: the disk is full at {out} (") and "MB free of" in line
    assert "a render of 2 scenes at -q m needs about 8 MB (3 copies of 1.4 MB a scene, a typical scene's)" in line
    assert not (out / ".cache" / "logs").exists()


def test_a_bug_of_ours_is_one_line_and_a_log_of_this_run(tmp_path, monkeypatch):
    import engine.clips

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine.clips, "render_scene_clip", broken)
    result = cli("scene", "VectorAlignment", "--output-dir", str(tmp_path))
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("error: internal error: RuntimeError: a bug (traceback in ") and "\n" not in line
    log = Path(line.rsplit("traceback in ", 1)[1].rstrip(")"))
    assert log.is_file() and "RuntimeError: a bug" in log.read_text()
    # Per run, not one fixed file another user might own.
    assert log.name.startswith("render-") and str(os.getpid()) in log.name


# --- fuzz: any --set is refused in one line or reaches the render with drawable numbers ------


def _leaves(value):
    if isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


values = st.recursive(
    st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**400), 10**400),
        st.booleans(),
        st.text(max_size=120),
        st.none(),
    ),
    lambda inner: st.lists(inner, max_size=20),
    max_leaves=40,
)


class WouldRender(Exception):
    pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scene=st.sampled_from(sorted(SCENES)), data=st.data())
def test_fuzzed_set_values_are_refused_or_drawable(tmp_path, monkeypatch, scene, data):
    import engine.pool

    spec = SCENES[scene]
    fields = list(spec.params.model_fields)
    key = data.draw(st.sampled_from(fields))
    value = data.draw(values)

    seen = {}

    def fake_run_jobs(jobs, *args, **kwargs):
        seen["params"] = jobs[0].params
        raise WouldRender()

    monkeypatch.setattr(engine.pool, "run_jobs", fake_run_jobs)  # what every product's session runs
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        render.cli,
        ["scene", scene, "--set", f"{key}={json.dumps(value)}", "--voice", "none", "--output-dir", str(tmp_path)],
    )
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    else:
        # It got past every check to the render itself (which the group reports as ours).
        assert result.exit_code == 1 and "WouldRender" in result.stderr, result.output
        for leaf in _leaves(seen["params"][key]):
            if isinstance(leaf, (int, float)) and not isinstance(leaf, bool):
                assert math.isfinite(leaf) and abs(leaf) <= MAX_MAGNITUDE
                assert leaf == 0 or abs(leaf) >= MIN_MAGNITUDE
            if isinstance(leaf, str):
                assert len(leaf) <= 80


# --- the store and publish ------------------------------------------------------------------------


def test_a_damaged_entry_is_dropped_and_reported(tmp_path):
    store = Store(tmp_path / ".cache")
    work = tmp_path / "w"
    work.mkdir()
    (work / "v.mp4").write_bytes(b"x" * 1000)
    store.put("Scene", "k1", {"v.mp4": work / "v.mp4"}, {"beats": []})
    assert store.get("Scene", "k1") is not None
    entry = store.folder("Scene", "k1") / "v.mp4"
    entry.write_bytes(b"x" * 500)  # cut short
    assert store.get("Scene", "k1") is None
    assert store.dropped == ["cache entry of Scene dropped: v.mp4 is 500 bytes, stored as 1000; rendering it again"]
    assert not store.folder("Scene", "k1").exists()
    (work / "v.mp4").write_bytes(b"y" * 1000)
    store.put("Scene", "k2", {"v.mp4": work / "v.mp4"}, {})
    (store.folder("Scene", "k2") / "v.mp4").write_bytes(b"z" * 1000)  # same size, other bytes
    assert store.get("Scene", "k2") is None and "has changed since it was stored" in store.dropped[-1]


def test_publishing_a_folder_swaps_it_whole(tmp_path):
    final = tmp_path / "lesson"
    final.mkdir()
    (final / "lesson.mp4").write_text("old video")
    (final / "manifest.json").write_text("old manifest")
    with store_mod.staging(tmp_path, "lesson") as staged:
        (staged / "lesson.mp4").write_text("new video")
        (staged / "manifest.json").write_text("new manifest")
        inode = staged.stat().st_ino
        publish(staged, final)
    # One step: the published folder is the staged one, with both new files, and nothing old is left.
    assert final.stat().st_ino == inode
    assert (final / "lesson.mp4").read_text() == "new video" and (final / "manifest.json").read_text() == "new manifest"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson"]


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_published_files_are_as_the_umask_says_however_they_were_staged(tmp_path, mask):
    """0666 less the umask for files and 0777 for folders, as if the user had written them:
    the lesson's video is staged by mkstemp (0600), which a web server running as another
    user could not read."""
    import tempfile

    old = os.umask(mask)
    try:
        with store_mod.staging(tmp_path, "lesson") as staged:
            fd, raw = tempfile.mkstemp(dir=staged, suffix=".mp4")
            os.close(fd)
            os.replace(raw, staged / "lesson.mp4")
            (staged / "scenes").mkdir(mode=0o700)
            (staged / "scenes" / "Scene.mp4").write_bytes(b"clip")
            (staged / "lesson.vtt").write_text("WEBVTT\n")
            publish(staged, tmp_path / "lesson")
        store_mod.write_text(tmp_path / "index.html", "<!doctype html>")
        store_mod.copy_file(tmp_path / "index.html", tmp_path / "copy.html")
    finally:
        os.umask(old)
    modes = {str(p.relative_to(tmp_path)): p.stat().st_mode & 0o777 for p in tmp_path.rglob("*")}
    assert modes == {
        "lesson": 0o777 & ~mask,
        "lesson/scenes": 0o777 & ~mask,
        "lesson/lesson.mp4": 0o666 & ~mask,
        "lesson/scenes/Scene.mp4": 0o666 & ~mask,
        "lesson/lesson.vtt": 0o666 & ~mask,
        "index.html": 0o666 & ~mask,
        "copy.html": 0o666 & ~mask,
    }


def test_what_a_killed_run_left_is_swept(tmp_path):
    store = Store(tmp_path / "output" / ".cache")
    leftovers = (
        store.entries / ".staging-Scene-x",
        store.work / "Scene-k",
        tmp_path / "output" / ".staging-mini-y",
        store.root / ".staging-mini-z",
        store.root / "voice" / "synth.abc123",
    )
    kept = (store.entries / "Scene-k", store.root / "voice" / "0f3a.wav")
    for leftover in leftovers:
        leftover.mkdir(parents=True)
    for keep in kept:
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_bytes(b"x")
    store.sweep()
    assert [p for p in leftovers if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


# --- renders: the cache verified, signals, time limits (short pauses, 854x480) -------------------


@pytest.fixture()
def course(tmp_path):
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "mini.toml").write_text(MINI)
    return {"lessons": lessons, "out": tmp_path / "output", "root": tmp_path}


def lesson(course, *args, env=None, **kw):
    return render_py(
        "lesson",
        "mini",
        "-q",
        "l",
        "--voice",
        "none",
        "--output-dir",
        str(course["out"]),
        "--lessons",
        str(course["lessons"]),
        *args,
        env=env,
        **kw,
    )


@pytest.mark.slow
def test_a_truncated_clip_in_the_cache_is_rendered_again(tmp_path):
    args = (
        "scene",
        "TitleCard",
        "--set",
        "title=Cache test",
        "-q",
        "l",
        "--voice",
        "none",
        "--output-dir",
        str(tmp_path),
    )
    first = render_py(*args)
    assert first.returncode == 0, first.stderr
    entry = next((tmp_path / ".cache" / "store").glob("TitleCard-*"))
    movie = entry / "TitleCard.mp4"
    movie.write_bytes(movie.read_bytes()[: movie.stat().st_size // 2])
    again = render_py(*args)
    assert again.returncode == 0, again.stderr
    assert "cache entry of TitleCard dropped: TitleCard.mp4 is" in again.stderr
    assert "TitleCard: rendered" in again.stderr
    from engine import video

    video.check(Path(again.stdout.strip()), 854, 480, 15)


@pytest.mark.slow
def test_up_to_date_means_the_published_files_still_match(course, monkeypatch):
    assert lesson(course).returncode == 0
    folder = course["out"] / "mini"

    def again(*args: str) -> str:
        # In this process: the scenes come from the cache (no manim), and a process each cost a second more.
        monkeypatch.setenv("LESSON_PACE", "0.25")
        result = cli(
            "lesson",
            "mini",
            "-q",
            "l",
            "--voice",
            "none",
            "--output-dir",
            str(course["out"]),
            "--lessons",
            str(course["lessons"]),
            *args,
        )
        assert result.exit_code == 0, result.output
        assert "0 scenes rendered" in result.stdout
        return result.stdout

    assert "mini: up to date" in again()
    srt = folder / "mini.srt"
    text = srt.read_text()
    srt.write_text(text.replace("dot", "DOT", 1))  # same size, other bytes
    assert "mini: up to date" in again()  # sizes match...
    assert "mini: built" in again("--verify")  # ...the digest does not
    assert srt.read_text() == text
    (folder / "mini.mp4").write_bytes(b"")
    assert "mini: built" in again()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@pytest.mark.slow
@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_stops_the_workers_and_keeps_output(course, signum, code):
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "render.py"),
            "lesson",
            "mini",
            "-q",
            "l",
            "-j",
            "2",
            "--voice",
            "none",
            "--output-dir",
            str(course["out"]),
            "--lessons",
            str(course["lessons"]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "LESSON_PACE": "0.25"},
        preexec_fn=sigint_as_at_a_terminal,
    )
    work = course["out"] / ".cache" / "work"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (work.is_dir() and any(work.iterdir())):
        time.sleep(0.1)
    time.sleep(1.0)
    workers = [c for c in _children(proc.pid)]
    assert workers, "no worker started"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "output/ keeps its previous files" in err and "Traceback" not in err and "leaked" not in err
    time.sleep(0.5)
    assert not [
        w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in Path(f"/proc/{w}/status").read_text()
    ]
    assert not (course["out"] / "mini").exists() and not any(work.iterdir())
    assert not list(course["out"].glob(".staging-*"))


@pytest.mark.slow
def test_a_job_past_its_time_limit_is_stopped_and_reported(course):
    # DotProductDefinition never ends (engine.worker.HANG_ENV); the title card renders in about
    # 2 s, so the limit leaves it room on a loaded machine.
    # (The subprocess's own timeout is the guard against a limit that does not stop it.)
    out = lesson(course, "--timeout", "5", env={HANG_ENV: "DotProductDefinition"}, timeout=120)
    assert out.returncode == 1
    assert "failed: DotProductDefinition: stopped after 5 s, its time limit" in out.stderr
    assert "TitleCard" in out.stderr and "failed: TitleCard" not in out.stderr
    assert not (course["out"] / "mini").exists()


def test_a_reader_that_goes_away_is_not_an_error():
    """`render.py list | true`: the pipe closes before we write; quiet, 141 as for SIGPIPE."""
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "render.py"), "list"], stdout=write, stderr=subprocess.PIPE, text=True, timeout=60
    )
    os.close(write)
    assert proc.returncode == 128 + signal.SIGPIPE and proc.stderr == ""


def _leaves_a_thread_waiting(plain: dict) -> dict:
    """A job that returns while a non-daemon thread of its process waits forever, as manim's
    encoder thread does when a job is stopped at its time limit mid-animation."""
    import queue
    import threading

    threading.Thread(target=queue.Queue().get, name="partial-movie-encoder-test").start()
    return {"ok": False, "seconds": 0.0, "error": "stopped after 2 s, its time limit", "log": plain["log"]}


def test_a_worker_that_cannot_exit_does_not_hang_the_run(tmp_path, monkeypatch):
    import engine.pool
    from engine.jobs import Job
    from engine.pool import run_jobs
    from engine.quality import get_quality
    from scenes.catalog import get_spec

    job = Job(
        get_spec("TitleCard"), {"course": "c", "title": "t"}, get_quality("l"), "dark", kind="still", format="png"
    )
    monkeypatch.setattr(engine.pool, "EXIT_GRACE", 1.0)  # the grace itself is not under test
    started = time.monotonic()
    outcomes = run_jobs([job], Store(tmp_path / ".cache"), task=_leaves_a_thread_waiting)
    assert outcomes[job.key].state == "failed"
    assert time.monotonic() - started < 30  # before: waited forever for the worker to exit
