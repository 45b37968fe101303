"""render.py --cluster: scenes rendered on Dask workers come back whole and the same.

The fast tests take the pieces apart (the address, the bytes' round trip, the worker's
version guard); the slow ones render a one-scene lesson (at -q l, short pauses) through a
local cluster of worker processes, killing a worker in the middle of a scene, and compare it
with the local render, and refuse a worker started from a checkout with one file changed.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import time
from itertools import zip_longest
from pathlib import Path

import numpy as np
import pytest

from engine import cluster, video
from engine.errors import InputError
from engine.jobs import manim_version, project_digest
from engine.store import SHARED_CACHE_ENV, STAGING

# One worker runs them all, one after another: local clusters share a scratch folder per user
# and ports, and a killed-worker test must not race another cluster for the two cores.
pytestmark = pytest.mark.xdist_group("cluster")

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DASK = str(Path(PY).with_name("dask"))

ONE_SCENE = """
title = "Mini lesson"
course = "Test course"
poster = "DotProductDefinition"

[[scenes]]
scene = "DotProductDefinition"
"""


# --- fast: the address, the round trip, the guard ---------------------------------------------


@pytest.mark.parametrize(
    "spec, parsed",
    [
        ("local:2", ("local", 2)),
        ("tcp://render-1:8786", ("remote", "tcp://render-1:8786")),
        ("tcp://10.0.0.5", ("remote", "tcp://10.0.0.5:8786")),
        (" tcp://[::1]:9000 ", ("remote", "tcp://[::1]:9000")),
    ],
)
def test_cluster_addresses(spec, parsed):
    assert cluster.parse_spec(spec) == parsed


@pytest.mark.parametrize(
    "spec",
    ["local:0", "local:65", "local:two", "render-1:8786", "http://render-1:8786", "tcp://render-1:99999", "tcp://", ""],
)
def test_malformed_cluster_address_is_input_error(spec):
    with pytest.raises(InputError, match="--cluster"):
        cluster.parse_spec(spec)


def _client_job(tmp: Path) -> dict:
    return {
        "scene": "DotProductDefinition",
        "key": "0123456789abcdef0123",
        "work": str(tmp / "client" / "work"),
        "log": str(tmp / "client" / "logs" / "DotProductDefinition.log"),
        "project": project_digest(),
        "timeout": 60.0,
    }


def test_rendered_files_travel_as_bytes_and_land_in_the_client_work_folder(tmp_path):
    # What engine.worker.run_job returns on the worker: paths on that machine.
    there = tmp_path / "worker"
    (there / "slides" / "files").mkdir(parents=True)
    video = there / "DotProductDefinition.mp4"
    video.write_bytes(os.urandom(100_000))
    track = there / "track.wav"
    track.write_bytes(os.urandom(3_000))
    nested = there / "slides" / "files" / "a.mp4"
    nested.write_bytes(b"slide")
    worker_result = {
        "ok": True,
        "files": {"DotProductDefinition.mp4": str(video), "track.wav": str(track), "slides/files/a.mp4": str(nested)},
        "meta": {"beats": [{"index": 1}], "duration": 2.5},
        "seconds": 1.25,
        "worker": "vm:123",
    }
    packed = cluster.pack(worker_result, "tcp://10.0.0.7:40000", there / "job.log", 1.5)
    # Nothing of the worker's filesystem travels: only bytes and data.
    assert str(there) not in repr({k: v for k, v in packed.items() if k != "files"})
    assert all(isinstance(v, bytes) for v in packed["files"].values())
    shutil.rmtree(there)  # the worker removes its work folder before the result arrives

    job = _client_job(tmp_path)
    landed = cluster.land(job, pickle.loads(pickle.dumps(packed)))
    work = Path(job["work"])
    assert landed["ok"] and landed["worker"] == "tcp://10.0.0.7:40000"
    assert landed["meta"] == worker_result["meta"] and landed["seconds"] == 1.25
    assert set(landed["files"]) == set(worker_result["files"])
    for name, path in landed["files"].items():
        assert Path(path) == work / name
        assert Path(path).read_bytes() == packed["files"][name]
    assert Path(landed["files"]["slides/files/a.mp4"]).read_bytes() == b"slide"


def test_a_failed_render_brings_its_log_back(tmp_path):
    log = tmp_path / "job.log"
    log.write_text("Traceback ...\nValueError: b has 3 entries, a has 2\n")
    packed = cluster.pack(
        {"ok": False, "error": "ValueError: b has 3 entries, a has 2", "log": str(log)},
        "tcp://10.0.0.7:40000",
        log,
        0.5,
    )
    job = _client_job(tmp_path)
    landed = cluster.land(job, pickle.loads(pickle.dumps(packed)))
    assert not landed["ok"] and landed["error"] == "ValueError: b has 3 entries, a has 2"
    assert landed["log"] == job["log"]
    text = Path(job["log"]).read_text()
    assert "tcp://10.0.0.7:40000" in text and "b has 3 entries, a has 2" in text
    assert not Path(job["work"]).exists()


def test_a_file_cannot_land_outside_the_work_folder(tmp_path):
    remote = {"ok": True, "files": {"../../escaped.mp4": b"x"}, "meta": {}, "seconds": 0.1, "worker": "w"}
    with pytest.raises(ValueError, match="outside"):
        cluster.land(_client_job(tmp_path), remote)
    assert not (tmp_path / "escaped.mp4").exists() and not (tmp_path / "client" / "escaped.mp4").exists()


@pytest.mark.parametrize("what", ["project", "manim"])
def test_a_worker_of_another_version_renders_nothing(tmp_path, monkeypatch, what):
    # The client sent a job made from another checkout (or expects another manim): the task
    # refuses before it makes a work folder or starts a render process.
    monkeypatch.setenv(cluster.ROOT_ENV, str(tmp_path / "machine"))
    job = _client_job(tmp_path)
    manim = manim_version()
    if what == "project":
        job["project"] = "0" * 16
    else:
        manim = "0.17.3"

    def must_not_run(job):
        raise AssertionError("rendered on a worker of another version")

    result = cluster.render_here(job, must_not_run, manim, "tcp://10.0.0.7:40000")
    assert not result["ok"]
    line = result["error"]
    assert "\n" not in line and "tcp://10.0.0.7:40000" in line
    assert project_digest() in line and job["project"] in line and f"manim {manim}" in line
    assert not (tmp_path / "machine").exists()


@pytest.mark.parametrize("shared", [False, True])
def test_a_worker_keeps_its_caches_where_the_machine_keeps_them(tmp_path, monkeypatch, shared):
    # Formulas and voice in the machine's LESSON_SHARED_CACHE when it sets one, as its local
    # renders keep them; else in the worker's machine root.
    monkeypatch.setenv(cluster.ROOT_ENV, str(tmp_path / "machine"))
    if shared:
        monkeypatch.setenv(SHARED_CACHE_ENV, str(tmp_path / "shared"))
    else:
        monkeypatch.delenv(SHARED_CACHE_ENV, raising=False)
    seen = {}

    def in_render_process(job, fn, project, gone):
        seen.update(job)
        return {"ok": False, "error": "not rendered here", "log": job["log"]}

    monkeypatch.setattr(cluster, "_in_render_process", in_render_process)
    result = cluster.render_here(_client_job(tmp_path), None, manim_version(), "tcp://10.0.0.7:40000")
    assert result["error"] == "not rendered here"
    caches = tmp_path / ("shared" if shared else "machine")
    assert (seen["tex_root"], seen["voice_cache"]) == (str(caches / "tex"), str(caches / "voice"))
    assert seen["work"].startswith(str(tmp_path / "machine" / "work"))


# --- through render.py --------------------------------------------------------------------------


SOURCES = ("engine", "scenes", "toolkit", "manim_patches", "mathcore", "narration", "assets")


def copy_checkout(dest: Path) -> Path:
    """The project's code as it is now, in `dest`: a render started there imports it from
    there (render.py's folder comes first on sys.path), whatever is edited here meanwhile."""
    for part in SOURCES:
        shutil.copytree(ROOT / part, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "render.py", dest / "render.py")
    return dest


@pytest.fixture(scope="module")
def lessons(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lessons")
    (folder / "mini.toml").write_text(ONE_SCENE)
    return folder


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """One snapshot for every render compared here: the same source, so the same job keys."""
    return copy_checkout(tmp_path_factory.mktemp("checkout"))


def render_command(checkout: Path, lessons: Path, out: Path, *args) -> list[str]:
    return [
        PY,
        str(checkout / "render.py"),
        "lesson",
        "mini",
        "-q",
        "l",
        *args,
        "--output-dir",
        str(out),
        "--lessons",
        str(lessons),
    ]


def render(lessons: Path, out: Path, *args, checkout: Path = ROOT, env_extra=None, timeout=900):
    env = {**os.environ, "LESSON_PACE": "0.25", **(env_extra or {})}
    return subprocess.run(
        render_command(checkout, lessons, out, *args),
        capture_output=True,
        text=True,
        env=env,
        cwd=checkout,
        timeout=timeout,
    )


def frames(path: Path):
    # The picture at every tick of the lessons' 15 fps (-q l): a hold is coded once.
    return video.frames_on_grid(path, 15)


def same_frames(a: Path, b: Path) -> int:
    """How many frames the two videos have, asserting every decoded frame is equal."""
    n = 0
    for fa, fb in zip_longest(frames(a), frames(b)):
        assert fa is not None and fb is not None, f"{a.name}: frame counts differ at frame {n}"
        assert np.array_equal(fa, fb), f"{a.name}: frame {n} differs"
        n += 1
    return n


def nothing_half_made(out: Path) -> None:
    work = out / ".cache" / "work"
    assert not work.exists() or not any(work.iterdir())
    assert not list(out.rglob(f"{STAGING}*"))


@pytest.fixture(scope="module")
def local_render(lessons, checkout, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("local") / "output"
    result = render(lessons, out, "-j", "2", "--voice", "none", checkout=checkout)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.slow
def test_a_lesson_rendered_on_a_local_cluster_matches_the_local_render_though_a_worker_is_killed_mid_scene(
    lessons, checkout, local_render, tmp_path
):
    # One cluster render for both promises (each costs a whole local:2 render of the lesson):
    # what comes back from the workers equals the local render, and a worker killed in the
    # middle of a scene costs the scene a second render elsewhere, not the lesson.
    out = tmp_path / "output"
    machine = tmp_path / "machine"  # the workers' caches and work folders (LESSON_CLUSTER_ROOT)
    env = {**os.environ, "LESSON_PACE": "0.25", cluster.ROOT_ENV: str(machine)}
    proc = subprocess.Popen(
        render_command(checkout, lessons, out, "--voice", "none", "--cluster", "local:2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=checkout,
    )
    try:
        # A task's work folder is named <Scene>-<key>.<host>.<pid of its Dask worker>.<random>;
        # once manim has written a part of the scene into it, the scene is half rendered.
        victim = None
        deadline = time.monotonic() + 600
        while victim is None:
            assert proc.poll() is None, "the render ended before a worker could be killed"
            assert time.monotonic() < deadline, "no worker started the scene"
            for folder in (machine / "work").glob("DotProductDefinition-*"):
                if any(folder.rglob("partial_movie_files/*/*.mp4")):
                    victim = int(folder.name.split(".")[-2])
                    break
            time.sleep(0.2)
        os.kill(victim, signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=900)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    assert "2 scenes rendered, 0 from cache, 0 failed" in stdout
    # Progress says which Dask worker rendered each scene.
    assert "on tcp://127.0.0.1:" in stderr

    mine = json.loads((out / "mini" / "manifest.json").read_text())
    theirs = json.loads((local_render / "mini" / "manifest.json").read_text())
    for field in ("chapters", "duration", "width", "height", "fps", "cues"):
        assert mine[field] == theirs[field], field
    assert {f["path"]: f["size"] for f in mine["files"]} == {f["path"]: f["size"] for f in theirs["files"]}
    assert [c["scene"] for c in mine["chapters"]] == ["TitleCard", "DotProductDefinition"]
    # The scene was rendered again, whole, elsewhere: the same frames as the local render, the
    # scene's own video and the joined lesson.
    n = same_frames(
        out / "mini" / "scenes" / "DotProductDefinition.mp4",
        local_render / "mini" / "scenes" / "DotProductDefinition.mp4",
    )
    assert n == pytest.approx((mine["chapters"][1]["end"] - mine["chapters"][1]["start"]) * 15, abs=1)
    assert same_frames(out / "mini" / "mini.mp4", local_render / "mini" / "mini.mp4") == round(mine["duration"] * 15)
    # The store records the worker that rendered each scene (a Dask worker's address), and
    # the scene once: the killed attempt left nothing behind.
    entries = [json.loads(p.read_text()) for p in (out / ".cache" / "store").glob("*/entry.json")]
    assert len(entries) == 2 and all(e["meta"]["worker"].startswith("tcp://127.0.0.1:") for e in entries)
    assert len(list((out / ".cache" / "store").glob("DotProductDefinition-*"))) == 1
    nothing_half_made(out)


def test_a_wrong_address_fails_fast_with_one_line(lessons, tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "output"
    # The subprocess timeout is the guard against a hang, not a measurement.
    result = render(lessons, out, "--cluster", f"tcp://127.0.0.1:{port}", timeout=30)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"tcp://127.0.0.1:{port}" in lines[0] and "dask scheduler" in lines[0]
    assert "connection refused" in lines[0]  # known at once, not after Dask's connect timeout
    assert not (out / "mini").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the scheduler exited"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("the scheduler did not start")


def test_a_worker_from_another_checkout_is_refused(lessons, tmp_path):
    # A second checkout, the same but for one line of one scene module, as a render machine
    # left behind by a commit would be; its worker runs Dask's own `dask worker` from there.
    this = copy_checkout(tmp_path / "this-checkout")
    other = copy_checkout(tmp_path / "other-checkout")
    with (other / "scenes" / "cards.py").open("a") as f:
        f.write("\n# a change only this machine has\n")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = []
    try:
        procs.append(
            subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=tmp_path,
            )
        )
        # The worker starts meanwhile (it keeps trying to reach the scheduler); the render starts
        # once the scheduler answers.
        procs.append(
            subprocess.Popen(
                [DASK, "worker", address, "--nthreads", "1", "--no-dashboard", "--no-nanny"],
                cwd=other,
                env={**os.environ, "PYTHONPATH": str(other)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait_for_port(port, procs[0])
        out = tmp_path / "output"
        result = render(lessons, out, "--cluster", address, checkout=this, timeout=120)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    ours = subprocess.run(
        [PY, "-c", "from engine.jobs import project_digest; print(project_digest())"],
        cwd=this,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "runs another version of the project" in lines[0] and f"this checkout's {ours}" in lines[0]
    theirs = lines[0].split("its digest ")[1].split()[0]
    assert theirs != ours and len(theirs) == 16
    assert "worker tcp://127.0.0.1:" in lines[0]
    assert not (out / "mini").exists() and not (out / ".cache" / "store").exists()
