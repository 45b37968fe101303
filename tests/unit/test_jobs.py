"""Job keys: what changes a scene's output changes its key, and nothing else does."""

from __future__ import annotations

import os

from engine.jobs import Job, _scene_source
from engine.quality import get_quality
from scenes.catalog import get_spec

MODULE = """
def helper():
    return 1


class First:
    def construct(self):
        return helper()


class Second:
    def construct(self):
        return 2
"""


def digests(path, text):
    path.write_text(text)
    stamp = path.stat().st_mtime_ns + 1
    os.utime(path, ns=(stamp, stamp))  # lru_cache keys on mtime: make every edit a new one
    return (
        _scene_source(path, path.stat().st_mtime_ns, "First", frozenset({"Second"})),
        _scene_source(path, path.stat().st_mtime_ns, "Second", frozenset({"First"})),
    )


def test_editing_one_scene_changes_only_its_key(tmp_path):
    module = tmp_path / "m.py"
    first, second = digests(module, MODULE)
    first2, second2 = digests(module, MODULE.replace("return 2", "return 3"))
    assert first2 == first and second2 != second
    first3, second3 = digests(module, MODULE.replace("return 1", "return 5"))
    assert first3 != first and second3 != second  # a shared helper changes both


def test_key_covers_params_quality_theme():
    spec = get_spec("VectorAlignment")
    base = Job(spec, {"a": [1.8, 1.2], "b": [0.8, 1.8]}, get_quality("l"), "dark")
    assert base.key == Job(spec, {"a": [1.8, 1.2], "b": [0.8, 1.8]}, get_quality("l"), "dark").key
    others = [
        Job(spec, {"a": [2.0, 1.2], "b": [0.8, 1.8]}, get_quality("l"), "dark"),
        Job(spec, {"a": [1.8, 1.2], "b": [0.8, 1.8]}, get_quality("m"), "dark"),
        Job(spec, {"a": [1.8, 1.2], "b": [0.8, 1.8]}, get_quality("l"), "light"),
        Job(spec, {"a": [1.8, 1.2], "b": [0.8, 1.8]}, get_quality("l"), "dark", transparent=True),
        base.but(kind="still", format="png"),
        base.but(kind="slides"),
        base.but(voice="tts"),
        base.but(background="#1E2A44"),
    ]
    assert len({base.key, *(j.key for j in others)}) == 1 + len(others)


def test_a_still_timed_to_a_voice_carries_it():
    """`preview --voice` times a still's beats to the voice, as the video is: the worker gets
    the voice, and a voiced still is another entry than a silent one."""
    from pathlib import Path

    spec = get_spec("VectorAlignment")
    silent = Job(spec, {"a": [1.8, 1.2], "b": [0.8, 1.8]}, get_quality("l"), "dark", kind="still", format="png")
    voiced = silent.but(voice="tts")
    assert voiced.as_plain(Path("w"), Path("l"), Path("t"))["voice"] == "tts"
    assert silent.as_plain(Path("w"), Path("l"), Path("t"))["voice"] == "none"
    assert voiced.key != silent.key


def test_the_cards_key_follows_the_lesson_files(tmp_path, monkeypatch):
    """The cards picture their lesson's inputs, read from lessons/*.toml: editing a lesson
    file must render them again, though their own params are unchanged."""
    import engine.jobs as jobs
    from engine.quality import get_quality
    from scenes.catalog import get_spec

    (tmp_path / "lessons").mkdir()
    lesson = tmp_path / "lessons" / "x.toml"
    lesson.write_text('title = "X"\n')
    monkeypatch.setattr(jobs, "LESSON_FILES", tmp_path / "lessons")

    def keys():
        card = jobs.Job(get_spec("TitleCard"), {"course": "C", "title": "X"}, get_quality("l"), "dark")
        scene = jobs.Job(get_spec("VectorAlignment"), {"a": [1, 2], "b": [2, 1]}, get_quality("l"), "dark")
        return card.key, scene.key

    before = keys()
    lesson.write_text('title = "X"\n# an edit\n')
    after = keys()
    assert after[0] != before[0] and after[1] == before[1]


# --- a product's session (engine/session.py) ----------------------------------------------------


def test_a_session_sweeps_what_an_interrupted_run_left_and_says_a_failure_in_one_line(tmp_path, monkeypatch):
    """Every product runs its jobs in a session: the folder's leftovers are swept under its lock
    (the recording sheet's run skipped that before), and a failed scene raises one line naming the
    scene, its error and its log."""
    import pytest

    from engine.errors import RenderFailed
    from engine.pool import in_process
    from engine.session import session
    from engine.worker import FAIL_ENV

    left = tmp_path / ".cache" / "work" / "VectorAlignment-0123"
    left.mkdir(parents=True)
    monkeypatch.setenv(FAIL_ENV, "VectorAlignment")
    job = Job(get_spec("VectorAlignment"), {}, get_quality("l"), "dark", kind="still", format="png")
    with session(tmp_path, executor=in_process) as run:
        assert not left.exists()
        with pytest.raises(
            RenderFailed,
            match=r"^VectorAlignment failed: RuntimeError: failure injected by "
            rf"{FAIL_ENV} for testing \(log: .*\.log\)$",
        ):
            run.run([job])
        assert run.run([job], keep_failed=True)[job.key].state == "failed"


def test_a_worker_refuses_a_job_planned_with_the_patches_switched_the_other_way(tmp_path, monkeypatch):
    """LESSON_PLAIN_MANIM is part of a job's key; a worker (a cluster's, with its own environment)
    that would draw the other way refuses the job in one line rather than store other bytes."""
    from engine.worker import run_job

    job = Job(get_spec("VectorAlignment"), {}, get_quality("l"), "dark", kind="still", format="png")
    plain = job.as_plain(tmp_path / "work", tmp_path / "job.log", tmp_path / "tex")
    assert plain["plain_manim"] is False
    monkeypatch.setenv("LESSON_PLAIN_MANIM", "1")
    result = run_job(plain)
    assert not result["ok"] and "set LESSON_PLAIN_MANIM alike on the client and the workers" in result["error"]
    assert Job(get_spec("VectorAlignment"), {}, get_quality("l"), "dark", kind="still", format="png").key != job.key
