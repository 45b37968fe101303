"""The one place jobs are sent to workers.

`run_jobs` takes jobs, looks each one up in the store, sends the missing ones to an
executor (any `concurrent.futures.Executor`: a local process pool by default, a Dask
client for `--cluster`), checks what comes back, and stores it. A failing job does not stop
the others. On Ctrl-C, SIGTERM or SIGHUP the workers are stopped at once and their work
folders removed; nothing they made reaches the store or output/. So too when a worker
finds the disk full (the OSError is raised here, for render.py to say so).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from engine.jobs import Job, check_recordings
from engine.store import Entry, Store


@dataclass
class Outcome:
    scene: str
    key: str
    state: str  # "cached", "rendered", "failed"
    seconds: float = 0.0
    error: str = ""
    log: str = ""
    worker: str = ""
    entry: Entry | None = None


class Stopped(BaseException):
    """SIGTERM or SIGHUP: stop like Ctrl-C, and exit with 128 + the signal's number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Stopped in the main thread, so every `finally` runs."""

    def stop(signum, frame):
        raise Stopped(signum)

    saved = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


class QuietReporter:
    """The reporter interface; this one says nothing (tests, scripts) but its notes (a damaged
    cache entry made again), one line each on stderr."""

    def waiting_for_lock(self) -> None: ...

    def note(self, line: str) -> None:
        print(line, file=sys.stderr)

    def planned(self, jobs: list[Job], cached: set[str]) -> None: ...
    def scene_started(self, job: Job) -> None: ...
    def scene_done(self, job: Job, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


# Workers start here and nowhere else.
def local_executor(workers: int) -> ProcessPoolExecutor:
    from engine.worker import init_worker

    # The resource tracker reports the semaphores of workers we terminated as leaked; they
    # are not (the tracker removes them), so its shutdown warning is only noise after Ctrl-C.
    if "ignore::UserWarning:multiprocessing.resource_tracker" not in sys.warnoptions:
        sys.warnoptions.append("ignore::UserWarning:multiprocessing.resource_tracker")
    # spawn, not fork: each worker starts clean, with its own manim config and caches.
    return ProcessPoolExecutor(
        max_workers=max(1, workers), mp_context=multiprocessing.get_context("spawn"), initializer=init_worker
    )


class InProcess(Executor):
    """Runs each job here and now, in this process. For one preview still, where a worker
    process costs more than the job: a fresh interpreter importing manim again (measured
    0.3-0.4 s of a 2.6 s still). Ctrl-C stops the job itself (run_job lets it through)."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        future.set_result(fn(*args, **kwargs))  # run_job reports its own failures as data
        return future


def in_process(workers: int) -> Executor:
    return InProcess()


ExecutorFactory = Callable[[int], Executor]


@contextlib.contextmanager
def workers_log_to_stderr() -> Iterator[None]:
    """Worker processes started inside inherit stderr as their stdout: manim's console
    messages stay off stdout, which carries only what the command reports."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def run_jobs(
    jobs: list[Job],
    store: Store,
    workers: int = 1,
    force: bool = False,
    reporter=None,
    executor: ExecutorFactory | None = None,
    check: Callable[[Job, dict], None] | None = None,
    task: Callable[[dict], dict] | None = None,
    progress: Callable[[dict[str, Outcome]], None] | None = None,
) -> dict[str, Outcome]:
    """Every job from the store, or rendered (all of them with `force`), `workers` at a time;
    {key: Outcome}. `check(job, result)` raises on a result that must not be stored.
    `progress(outcomes so far)` is called once the jobs are handed out and after each one
    ends, in this process, while the workers go on: what needs only some of the jobs (one
    lesson of several) can be finished then."""
    from engine.worker import run_job

    reporter = reporter or QuietReporter()
    outcomes: dict[str, Outcome] = {}
    unique = list({j.key: j for j in jobs}.values())
    todo = []
    for job in unique:
        entry = None if force else store.get(job.name, job.key)
        if entry is not None:
            outcomes[job.key] = Outcome(job.name, job.key, "cached", entry=entry)
            _remember_beats(store, job, entry.meta)
        else:
            todo.append(job)
    _say_dropped(store, reporter)
    check_recordings({j.name for j in todo if j.voice in ("auto", "recorded")})
    reporter.planned(unique, {k for k, o in outcomes.items() if o.state == "cached"})
    if not todo:
        if progress:
            progress(outcomes)
        return outcomes

    make = executor or local_executor
    pool = make(min(workers, len(todo)))
    plain = {}
    try:
        with workers_log_to_stderr():
            futures = {}
            for job in todo:
                work = store.work_dir(job.name, job.key)
                shutil.rmtree(work, ignore_errors=True)
                plain[job.key] = job.as_plain(work, store.log_path(job.name, job.key), store.tex)
                futures[pool.submit(task or run_job, plain[job.key])] = job
                reporter.scene_started(job)
            if progress:
                progress(outcomes)
            for fut in as_completed(futures):
                job = futures[fut]
                result = fut.result()
                for line in result.get("notes", ()):
                    reporter.note(line)
                if result.get("disk_full"):
                    # The user's disk, not the scene: the run stops here (the except below).
                    full = result["disk_full"]
                    raise OSError(full["errno"], os.strerror(full["errno"]), full["path"])
                outcome = _collect(job, result, store, check)
                shutil.rmtree(store.work_dir(job.name, job.key), ignore_errors=True)
                outcomes[job.key] = outcome
                reporter.scene_done(job, outcome)
                if progress:
                    progress(outcomes)
    except BaseException:
        # Ctrl-C, a signal or a failure here: stop the workers now rather than wait for their
        # scenes. Nothing they wrote is in the store or output/ yet.
        _stop(pool)
        for job in todo:
            shutil.rmtree(store.work_dir(job.name, job.key), ignore_errors=True)
        raise
    else:
        _finish(pool)
    _say_dropped(store, reporter)
    return outcomes


def _say_dropped(store: Store, reporter) -> None:
    for line in store.dropped:
        reporter.note(line)
    store.dropped.clear()


# Seconds a worker has to exit by itself once every result is in; one still running then is stuck.
EXIT_GRACE = 10.0


def _finish(pool: Executor) -> None:
    """Every result is in: let the workers exit, but not wait on one that cannot. A job stopped
    at its time limit can leave manim's encoder thread waiting for frames that never come, and
    a process does not exit while such a thread lives."""
    if not isinstance(pool, ProcessPoolExecutor):
        pool.shutdown(wait=True)  # Dask, or jobs run in this process
        return
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False)
    _wind_down(processes, exit_within=EXIT_GRACE, kill_within=2.0)


def _stop(pool: Executor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    _wind_down(processes, exit_within=0.0, kill_within=5.0)


def _wind_down(processes: list, exit_within: float, kill_within: float) -> None:
    """Give the worker processes `exit_within` s to exit by themselves, then stop (SIGTERM)
    the ones still running and kill (SIGKILL) any still there `kill_within` s later."""
    deadline = time.monotonic() + exit_within
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    stuck = [p for p in processes if p.is_alive()]
    for process in stuck:
        process.terminate()
    deadline = time.monotonic() + kill_within
    for process in stuck:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()


def _collect(job: Job, result: dict, store: Store, check) -> Outcome:
    worker = result.get("worker", "")
    if not result["ok"]:
        return Outcome(job.name, job.key, "failed", result["seconds"], result["error"], result["log"], worker)
    files = {name: Path(path) for name, path in result["files"].items()}
    try:
        check_narration(job, result)
        if check is not None:
            check(job, result)
    except Exception as e:  # noqa: BLE001 - a bad render is reported like a failed one
        return Outcome(
            job.name,
            job.key,
            "failed",
            result["seconds"],
            f"{type(e).__name__}: {e}",
            str(store.log_path(job.name, job.key)),
            worker,
        )
    entry = store.put(
        job.name, job.key, files, {**result["meta"], "render_seconds": round(result["seconds"], 2), "worker": worker}
    )
    _remember_beats(store, job, result["meta"])
    return Outcome(job.name, job.key, "rendered", result["seconds"], worker=worker, entry=entry)


class SilentNarration(Exception):
    pass


def check_narration(job: Job, result: dict) -> None:
    """Silence is never stored by accident: a scene whose narration was asked for has speech in
    its track wherever a beat has words (a cached voice that came back silent, say), or it fails."""
    if job.voice == "none" or job.kind == "still":
        return
    import numpy as np

    from narration.audio import read_audio, unspoken

    track = result["files"].get("track.wav")
    missing = unspoken(read_audio(track) if track else np.zeros(0, np.float32), result["meta"].get("beats") or [])
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise SilentNarration(f"its narration was asked for, but {missing[0]}{more}")


def _remember_beats(store: Store, job: Job, meta: dict) -> None:
    if meta.get("beats") and meta.get("beats_complete", True):
        store.remember_beats(job.name, job.plan_key, meta["beats"])
