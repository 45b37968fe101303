"""One product's run over an output folder: what every product (a course, a clip, a deck, a
preview, a recording sheet) does around its jobs, written once.

    with session(output_dir, reporter, workers=2, force=force) as s:
        outcomes = s.run(jobs)              # raises RenderFailed naming each failed scene
        ...                                 # publish from s.store's entries, under the lock

`session` takes the folder's lock (a second render of the same folder waits, and says so
through the reporter), sweeps what an interrupted run left there, and gives the `Store`; `run`
hands the jobs to `engine.pool.run_jobs` (the store, the workers or an executor, the check),
stops the progress display and turns failed scenes into the one failure line. No manim here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from engine import pool, store as store_mod
from engine.errors import InputError, RenderFailed
from engine.jobs import Job
from engine.pool import Outcome, QuietReporter


def failure_line(failed: list[Outcome]) -> str:
    """Each failed scene, its error and its log, in one line."""
    return "; ".join(f"{o.scene} failed: {o.error} (log: {o.log})" for o in failed)


@dataclasses.dataclass
class Session:
    output: Path
    store: store_mod.Store
    reporter: object
    workers: int = 1
    force: bool = False
    executor: object = None

    def run(
        self,
        jobs: list[Job],
        check: Callable[[Job, dict], None] | None = None,
        progress: Callable[[dict[str, Outcome]], None] | None = None,
        keep_failed: bool = False,
        input_errors: bool = False,
    ) -> dict[str, Outcome]:
        """Every job from the store or rendered; {key: Outcome}. A failed scene raises
        RenderFailed (its InputError as such with `input_errors`: a preview's bad beat), unless
        `keep_failed` leaves the failures to the caller (a course reports them per lesson)."""
        outcomes = pool.run_jobs(
            jobs,
            self.store,
            self.workers,
            self.force,
            self.reporter,
            executor=self.executor,
            check=check,
            progress=progress,
        )
        self.reporter.close()
        failed = [o for o in outcomes.values() if o.state == "failed"]
        if failed and not keep_failed:
            said = [o.error.removeprefix("InputError: ") for o in failed if o.error.startswith("InputError: ")]
            if input_errors and len(said) == len(failed):
                raise InputError("; ".join(said))
            raise RenderFailed(failure_line(failed))
        return outcomes


@contextmanager
def session(
    output: Path,
    reporter=None,
    workers: int = 1,
    force: bool = False,
    executor=None,
    store: store_mod.Store | None = None,
) -> Iterator[Session]:
    """The folder's lock held, its leftovers swept, its store open: see the module's docstring.
    `store`: the folder's Store when the product has read it already (a preview's known beats),
    so what it found damaged is said with the run's notes."""
    output = Path(output)
    reporter = reporter or QuietReporter()
    store = store or store_mod.Store(output / ".cache")
    with store_mod.locked(output / ".cache" / "lock", on_wait=getattr(reporter, "waiting_for_lock", None)):
        store.sweep()
        yield Session(output, store, reporter, workers, force, executor)
