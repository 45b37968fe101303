"""Progress on the terminal with rich: an overall bar with ETA and every scene's state."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

STATE_STYLE = {"cached": "dim", "queued": "dim", "rendering": "yellow", "rendered": "green", "failed": "bold red"}


class RichReporter:
    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description:<28}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TextColumn("[{task.fields[style]}]{task.fields[state]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self.overall = None
        self.rows: dict[str, int] = {}
        self.started = False

    def waiting_for_lock(self) -> None:
        self.console.print("another render is writing to this output folder; waiting for it to finish")

    def note(self, line: str) -> None:
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)  # one line, however long

    def planned(self, jobs, cached) -> None:
        if not jobs:
            return
        self.progress.start()
        self.started = True
        self.overall = self.progress.add_task("all scenes", total=len(jobs), state="", style="")
        for job in jobs:
            state = "cached" if job.key in cached else "queued"
            self.rows[job.key] = self.progress.add_task(
                f"  {job.name}", total=1, state=state, style=STATE_STYLE[state], completed=1 if state == "cached" else 0
            )
            if state == "cached":
                self.progress.advance(self.overall)

    def scene_started(self, job) -> None:
        self._set(job.key, "rendering")

    def scene_done(self, job, outcome) -> None:
        text = outcome.state if outcome.state != "rendered" else f"rendered in {outcome.seconds:.1f}s"
        if outcome.worker and outcome.state != "cached":
            text += f" on {outcome.worker}"
        self._set(outcome.key, text, STATE_STYLE[outcome.state], completed=1)
        self.progress.advance(self.overall)

    def _set(self, key: str, state: str, style: str | None = None, completed: int | None = None) -> None:
        if key in self.rows:
            kwargs = {"state": state, "style": style or STATE_STYLE.get(state, "")}
            if completed is not None:
                kwargs["completed"] = completed
            self.progress.update(self.rows[key], **kwargs)

    def close(self) -> None:
        if self.started:
            self.progress.stop()
