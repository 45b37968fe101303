"""Scenes rendered on a Dask cluster: `render.py lesson|scene|slides --cluster ADDRESS`.

`cluster_executor(spec)` connects (at once, so a wrong address fails before any work) and
returns the executor factory `engine.pool.run_jobs` takes; everything else in the engine
(the store, the checks, publishing, the manifest) is as with local worker processes.

- What crosses: the job goes out as plain data (`Job.as_plain`); the rendered files come back
  as bytes in the task's result, and the client writes them into the job's work folder,
  where `run_jobs` checks and stores them as it does a local worker's. Bytes, not a path on
  shared storage: a render machine then needs no filesystem in common with the client (no
  NFS to set up, no paths that differ between machines, nothing half-written on a share),
  and a scene's video at 1080p60 is a few MB, small beside the minutes it takes to render.
- On the worker the job's client-side paths are replaced by the worker machine's own: a
  private work folder per task (removed when the task ends), and a LaTeX cache and voice
  cache that last across jobs and runs, in LESSON_CLUSTER_ROOT (default: a folder in the
  machine's temporary directory).
- Time limit: Dask runs tasks in threads, where SIGALRM cannot reach them, so each task runs
  its job in a render process of its own on the worker (one per worker thread, kept across
  jobs, so manim is imported once). That process runs `engine.worker.run_job` in its main
  thread, where the job's SIGALRM limit works as locally; if it still has not answered a
  grace period after the limit, or the task is cancelled (Ctrl-C on the client), the task
  kills it. A render process dies with its worker (PR_SET_PDEATHSIG).
- Versions: every worker's project digest (`engine.jobs.project_digest`: the scenes and the
  code they draw with) and manim version must equal the client's. All workers are checked
  when connecting (one line naming the worker and both digests, exit 2), and each task checks
  again before rendering, for a worker that joined later: it then fails that scene with the
  same line and renders nothing.
- A worker that dies mid-scene loses only its task: Dask runs it again on another worker,
  and nothing reaches the client's store until a whole result has arrived and been checked.
"""

from __future__ import annotations

import atexit
import collections
import concurrent.futures as cf
import contextlib
import logging
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from engine.errors import InputError, SetupError
from engine.store import SHARED_CACHE_ENV

# Where a worker machine keeps its caches and its tasks' work folders.
ROOT_ENV = "LESSON_CLUSTER_ROOT"
CONNECT_TIMEOUT = 5.0  # seconds to reach a scheduler before saying it cannot be reached
WORKERS_TIMEOUT = 10.0  # seconds to wait for a scheduler with no workers to get one
# A local cluster shares the machine's cores with its own renders: its processes look in on
# themselves (event-loop ticks, memory and system monitors) less often than Dask's defaults,
# made for tasks of milliseconds, since ours take minutes.
LOCAL_CLUSTER_CONFIG = {
    "distributed.admin.tick.interval": "200ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}
# Beyond the job's own limit (which the render process enforces itself with SIGALRM), how
# long a task waits before it kills a render process that no longer answers.
KILL_GRACE = 30.0
DEFAULT_PORT = 8786
START_HINT = (
    "start it with `dask scheduler` on that machine and `dask worker tcp://HOST:8786` on each render "
    "machine (from a checkout set up with `make setup`), or check the address"
)


def parse_spec(spec: str) -> tuple[str, int | str]:
    """("local", N) or ("remote", "tcp://host:port"); InputError for anything else."""
    text = spec.strip()
    if m := re.fullmatch(r"local:(\d+)", text):
        n = int(m.group(1))
        if not 1 <= n <= 64:
            raise InputError(f"--cluster {spec}: a local cluster has 1 to 64 workers")
        return "local", n
    if m := re.fullmatch(r"(tcp|tls)://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])(?::(\d+))?/?", text):
        port = int(m.group(3) or DEFAULT_PORT)
        if not 0 < port < 65536:
            raise InputError(f"--cluster {spec}: {port} is not a port number")
        return "remote", f"{m.group(1)}://{m.group(2)}:{port}"
    raise InputError(
        f"--cluster {spec!r}: expected tcp://HOST:PORT (a running `dask scheduler`, port "
        f"{DEFAULT_PORT} by default) or local:N (N worker processes on this machine)"
    )


def own_facts() -> dict:
    """What must match between the client and a worker for the same frames."""
    from engine.jobs import manim_version, project_digest

    return {"project": project_digest(), "manim": manim_version()}


def worker_facts() -> dict:
    return {**own_facts(), "host": os.uname().nodename}


def refusal(worker: str, theirs: dict, ours: dict) -> str | None:
    """The one line that refuses a worker of another project version, or None."""
    if theirs["project"] == ours["project"] and theirs["manim"] == ours["manim"]:
        return None
    return (
        f"worker {worker} runs another version of the project: its digest {theirs['project']} "
        f"(manim {theirs['manim']}), this checkout's {ours['project']} (manim {ours['manim']}); bring its "
        "checkout to the same commit, run `make setup` there and restart `dask worker`"
    )


# --- the client side ---------------------------------------------------------------------------


class Connection:
    """A Dask client, and the local cluster under it for local:N (started and closed by us)."""

    def __init__(self, spec: str):
        self.spec = spec
        self.kind, self.target = parse_spec(spec)
        self.client = None
        self.cluster = None
        self.facts: dict = {}
        atexit.register(self.close)

    def open(self) -> Connection:
        if self.client is not None:
            return self
        from engine.pool import workers_log_to_stderr

        # Dask's own log lines (a worker lost, a connection retried) are not for the author;
        # what matters reaches them through the progress and the summary.
        logging.getLogger("distributed").setLevel(logging.ERROR)
        import dask
        from distributed import Client, LocalCluster

        self.facts = own_facts()
        try:
            if self.kind == "local":
                # As for the local pool (engine.pool.local_executor): render processes stopped
                # with their workers leave semaphores the resource tracker reports, then removes.
                if "ignore::UserWarning:multiprocessing.resource_tracker" not in sys.warnoptions:
                    sys.warnoptions.append("ignore::UserWarning:multiprocessing.resource_tracker")
                # Worker processes inherit stderr as their stdout, as local pool workers do.
                with workers_log_to_stderr(), dask.config.set(LOCAL_CLUSTER_CONFIG):
                    self.cluster = LocalCluster(
                        n_workers=self.target,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self.client = Client(self.cluster, timeout=CONNECT_TIMEOUT)
            else:
                _nobody_listening(self.target)
                self.client = Client(self.target, timeout=CONNECT_TIMEOUT)
        except Exception as e:  # noqa: BLE001 - whatever stops the connection, the same one line
            self.close()
            if self.kind == "local":
                raise SetupError(
                    f"could not start a local Dask cluster of {self.target} workers: {_reason(e)}"
                ) from None
            # Something that is not a Dask scheduler may answer on that port, with bytes
            # that make no sense to Dask's handshake (an absurd message length, say).
            why = _reason(e) if isinstance(e, (OSError, TimeoutError)) else "what answers there is not a Dask scheduler"
            raise SetupError(f"cannot reach the Dask scheduler at {self.target} ({why}); {START_HINT}") from None
        try:
            self._check_workers()
        except BaseException:
            self.close()
            raise
        return self

    def _check_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
        except (TimeoutError, OSError):
            raise SetupError(
                f"the Dask scheduler at {self.target} has no workers after {WORKERS_TIMEOUT:.0f} s; "
                f"start one on each render machine with `dask worker {self.target}`"
            ) from None
        for address, theirs in sorted(self.client.run(worker_facts).items()):
            line = refusal(address, theirs, self.facts)
            if line:
                raise SetupError(line)

    def close(self) -> None:
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        with contextlib.suppress(Exception):
            if client is not None:
                client.close(timeout=5)
        with contextlib.suppress(Exception):
            if cluster is not None:
                cluster.close(timeout=10)


def _nobody_listening(target: str) -> None:
    """ConnectionRefusedError at once when nothing listens at the address (Dask's client tries
    again until its timeout, CONNECT_TIMEOUT, before saying so), TimeoutError when nothing
    answers within that time. Whatever does answer is left to Dask to judge."""
    import socket

    host, port = target.split("://", 1)[1].rsplit(":", 1)
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT).close()
    except ConnectionRefusedError:
        raise ConnectionRefusedError("connection refused: nothing listens on that port") from None
    except TimeoutError:
        raise TimeoutError(f"no answer within {CONNECT_TIMEOUT:.0f} s") from None  # Dask would wait as long again
    except OSError:
        pass


def _reason(e: BaseException) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text.rstrip(".:")


def cluster_executor(spec: str):
    """The executor factory for `--cluster spec`, connected now: a malformed spec is
    InputError, a scheduler that cannot be reached or a worker of another version SetupError."""
    connection = Connection(spec).open()

    def factory(workers: int) -> DaskExecutor:
        # How many scenes run at once is the cluster's to decide: one per worker thread.
        return DaskExecutor(connection.open())

    factory.connection = connection
    return factory


class DaskExecutor(cf.Executor):
    """A concurrent.futures.Executor over a Dask client. `submit(run_job, job)` sends the job
    to a worker; the returned future completes once the rendered files are written into the
    job's work folder on this machine, with a result shaped as `engine.worker.run_job`'s.

    Jobs go to the scheduler only as worker threads come free, as the local pool hands them
    out: each scene is its own task group to Dask, so it would send them all at once, placed by
    guessed durations, and commit two long scenes to one worker while the other sits idle
    (measured: one worker busy 82 s, the other 35 s, of one lesson)."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.client = connection.client
        self._lock = threading.Lock()
        self._pending: dict[cf.Future, object] = {}  # ours -> Dask's, sent to the scheduler
        self._waiting: collections.deque = collections.deque()  # (job, fn, ours), not sent yet
        self._closed = False

    def submit(self, fn, /, *args, **kwargs) -> cf.Future:
        if kwargs or len(args) != 1:
            raise TypeError("DaskExecutor.submit takes a job function and one job (plain data)")
        (job,) = args
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot submit after shutdown")
            ours: cf.Future = cf.Future()
            self._waiting.append((job, fn, ours))
        self._send()
        return ours

    def _threads(self) -> int:
        """Worker threads on the cluster now (at least one: Dask holds a task until a worker comes)."""
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:  # noqa: BLE001 - the scheduler lost: what is sent fails in _finish
            return 1

    def _send(self) -> None:
        threads = self._threads()
        while True:
            with self._lock:
                if self._closed or not self._waiting or len(self._pending) >= threads:
                    return
                job, fn, ours = self._waiting.popleft()
                if ours.cancelled():
                    continue
                theirs = self.client.submit(
                    render_remote,
                    job,
                    fn,
                    self.connection.facts["manim"],
                    pure=False,
                    key=f"render-{job['scene']}-{job['key'][:8]}-{uuid.uuid4().hex[:8]}",
                )
                self._pending[ours] = theirs
            theirs.add_done_callback(lambda f, job=job, ours=ours: self._finish(job, f, ours))

    def _finish(self, job: dict, theirs, ours: cf.Future) -> None:
        # Dask calls this in its callback thread once the task has ended, one way or another.
        with self._lock:
            self._pending.pop(ours, None)
            dropped = self._closed or not ours.set_running_or_notify_cancel()
        if dropped:
            self._send()
            return
        try:
            if theirs.status == "finished":
                result = land(job, theirs.result())
            elif theirs.status == "cancelled":
                result = failed_here(job, "cancelled on the cluster, or the scheduler was lost")
            else:
                e = theirs.exception()
                result = failed_here(job, f"{type(e).__name__}: {_reason(e)}")
        except BaseException as e:  # noqa: BLE001 - reported as the scene's failure, like a worker's own
            result = failed_here(job, f"{type(e).__name__}: {_reason(e)}")
        ours.set_result(result)
        self._send()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            with self._lock:
                self._closed = True
                pending = list(self._pending.items())
                self._pending.clear()
                waiting = [ours for _, _, ours in self._waiting]
                self._waiting.clear()
            for ours in [*waiting, *(ours for ours, _ in pending)]:
                ours.cancel()
            with contextlib.suppress(Exception):
                # Running tasks see the cancellation and kill their render processes.
                self.client.cancel([theirs for _, theirs in pending], force=True)
        elif wait:
            while True:
                with self._lock:
                    left = [*self._pending, *(ours for _, _, ours in self._waiting)]
                if not left:
                    break
                cf.wait(left)
        self._closed = True
        self.connection.close()


def land(job: dict, remote: dict) -> dict:
    """A task's result on this machine: the files written into the job's work folder and named
    by their paths there, or on failure the worker's log written to the job's log path."""
    if not remote["ok"]:
        log = Path(job["log"])
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(f"rendered on {remote['worker']}\n{remote.get('log_text', '')}", encoding="utf-8")
        return {
            "ok": False,
            "error": remote["error"],
            "log": str(log),
            "seconds": remote["seconds"],
            "worker": remote["worker"],
            "notes": remote.get("notes", []),
        }
    work = Path(job["work"])
    files = {}
    for name, data in remote["files"].items():
        path = work / name
        if not path.resolve().is_relative_to(work.resolve()):
            raise ValueError(f"a file named {name!r} would land outside the job's work folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files[name] = str(path)
    return {
        "ok": True,
        "files": files,
        "meta": remote["meta"],
        "seconds": remote["seconds"],
        "worker": remote["worker"],
        "notes": remote.get("notes", []),
    }


def failed_here(job: dict, error: str) -> dict:
    """A scene the cluster could not render at all (its workers died, it was cancelled)."""
    log = Path(job["log"])
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(f"{error}\n", encoding="utf-8")
    return {"ok": False, "error": error, "log": str(log), "seconds": 0.0, "worker": ""}


# --- the worker side ---------------------------------------------------------------------------

_local = threading.local()  # this worker thread's render process


def machine_root() -> Path:
    return Path(os.environ.get(ROOT_ENV) or Path(tempfile.gettempdir()) / f"lesson-cluster-{os.getuid()}")


def shared_caches() -> Path | None:
    """The machine's LESSON_SHARED_CACHE, as a local render reads it (engine.store): a worker on
    a machine that also renders locally, or a second cluster on one machine, compiles and speaks
    nothing the other has. Else the worker's caches live in its machine root."""
    shared = os.environ.get(SHARED_CACHE_ENV)
    return Path(shared).expanduser() if shared else None


def render_remote(job: dict, fn, manim: str) -> dict:
    """The Dask task: the job rendered on this worker, its files as bytes."""
    from distributed import get_worker

    worker = get_worker()
    return render_here(job, fn, manim, worker.address, lambda: _task_gone(worker))


def _task_gone(worker) -> bool:
    """The client cancelled this task, or the worker let go of it."""
    with contextlib.suppress(Exception):
        ts = worker.state.tasks.get(worker.get_current_task())
        return ts is None or ts.state not in ("executing", "long-running")
    return False


def render_here(job: dict, fn, manim: str, name: str, gone=lambda: False) -> dict:
    started = time.perf_counter()
    theirs = worker_facts()
    line = refusal(name, theirs, {"project": job["project"], "manim": manim})
    if line:
        return {"ok": False, "error": line, "log_text": "", "seconds": 0.0, "worker": name}
    root = machine_root()
    (root / "work").mkdir(parents=True, exist_ok=True)
    _sweep(root / "work")
    # <Scene>-<key>.<host>.<pid>.<random>: the pid says, after a crash, whose folder it was.
    work = Path(tempfile.mkdtemp(dir=root / "work", prefix=f"{job['scene']}-{job['key'][:8]}.{_host()}.{os.getpid()}."))
    try:
        caches = shared_caches() or root
        here = {
            **job,
            "work": str(work / "job"),
            "log": str(work / "job.log"),
            "tex_root": str(caches / "tex"),
            "voice_cache": str(caches / "voice"),
        }
        result = _in_render_process(here, fn, theirs["project"], gone)
        return pack(result, name, work / "job.log", time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def pack(result: dict, name: str, log: Path, seconds: float) -> dict:
    """run_job's result made to travel: each file's bytes instead of its path here, the log's
    text instead of its path; the Dask worker's address as the worker's name."""
    if not result["ok"]:
        text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
        return {
            "ok": False,
            "error": result["error"],
            "log_text": text,
            "seconds": seconds,
            "worker": name,
            "notes": result.get("notes", []),
        }
    files = {rel: Path(path).read_bytes() for rel, path in result["files"].items()}
    return {
        "ok": True,
        "files": files,
        "meta": result["meta"],
        "seconds": result["seconds"],
        "worker": name,
        "notes": result.get("notes", []),
    }


def _host() -> str:
    # In the name of a work folder, whose parts are separated by dots.
    return os.uname().nodename.replace(".", "-")


def _sweep(work_root: Path) -> None:
    """Work folders of this machine's workers that died mid-task (killed, out of memory)."""
    host = _host()
    for folder in work_root.iterdir():
        parts = folder.name.split(".")
        if len(parts) >= 4 and parts[-3] == host and parts[-2].isdigit() and not _alive(int(parts[-2])):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _render_pool() -> cf.ProcessPoolExecutor:
    from engine.worker import init_worker

    pool = getattr(_local, "pool", None)
    if pool is None:
        # Dask starts its workers as daemonic processes, and multiprocessing refuses children
        # to those lest they outlive them; ours cannot (init_worker: PR_SET_PDEATHSIG, and
        # this thread, which starts it, lives as long as the worker).
        multiprocessing.current_process()._config["daemon"] = False
        pool = cf.ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=init_worker
        )
        _local.pool, _local.project = pool, None
    return pool


def _drop_render_pool() -> None:
    from engine.pool import _stop

    pool = getattr(_local, "pool", None)
    _local.pool = None
    if pool is not None:
        _stop(pool)


def _in_render_process(job: dict, fn, project: str, gone) -> dict:
    pool = _render_pool()
    # The render process keeps the project's modules it imported; when the files on this
    # machine have changed since (the digest says so), it reads them again.
    job = {**job, "reload": bool(job.get("reload")) or (_local.project not in (None, project))}
    _local.project = project
    limit = float(job.get("timeout") or 0)
    deadline = time.monotonic() + limit + KILL_GRACE if limit else None
    try:
        future = pool.submit(fn, job)
    except cf.process.BrokenProcessPool:
        _drop_render_pool()
        pool = _render_pool()
        future = pool.submit(fn, job)
    while True:
        try:
            return future.result(timeout=1.0)
        except cf.TimeoutError:
            pass
        except cf.process.BrokenProcessPool:
            _drop_render_pool()
            return {
                "ok": False,
                "error": "the render process died (out of memory or killed); see the log",
                "log": job["log"],
            }
        if gone():
            _drop_render_pool()
            return {"ok": False, "error": "cancelled", "log": job["log"]}
        if deadline is not None and time.monotonic() > deadline:
            _drop_render_pool()
            return {
                "ok": False,
                "error": f"stopped after {limit:.0f} s, its time limit (LESSON_JOB_TIMEOUT or "
                "--timeout); check its parameters",
                "log": job["log"],
            }
