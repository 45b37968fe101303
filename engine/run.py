"""Renders lessons: plan, render what the cache lacks in parallel, assemble, publish."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from engine import assemble, files, site, video
from engine.cache import SceneCache
from engine.lessons import Lesson, lesson_names
from engine.plan import ROOT, SceneJob, _digest_paths, manim_version
from engine.quality import Quality
from engine.worker import render_scene
from scenes.catalog import get_spec

ASSEMBLY_SOURCES = [ROOT / "engine" / n for n in ("assemble.py", "video.py", "captions.py")]


@dataclass
class SceneOutcome:
    scene: str
    key: str
    state: str  # "cached", "rendered", "failed"
    seconds: float = 0.0
    error: str = ""
    log: str = ""


@dataclass
class LessonOutcome:
    lesson: str
    state: str  # "up to date", "built", "failed"
    directory: str
    failed_scenes: list[str] = field(default_factory=list)


@dataclass
class Report:
    lessons: list[LessonOutcome]
    scenes: list[SceneOutcome]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(lo.state != "failed" for lo in self.lessons) and all(s.state != "failed" for s in self.scenes)


class QuietReporter:
    """The reporter interface; this one says nothing (tests, scripts)."""

    def waiting_for_lock(self) -> None: ...
    def planned(self, jobs: list[SceneJob], cached: set[str]) -> None: ...
    def scene_started(self, job: SceneJob) -> None: ...
    def scene_done(self, job: SceneJob, outcome: SceneOutcome) -> None: ...
    def lesson_done(self, outcome: LessonOutcome) -> None: ...
    def close(self) -> None: ...


def title_job(lesson: Lesson, quality: Quality, theme: str) -> SceneJob:
    return SceneJob(get_spec("TitleCard"), {"course": lesson.course, "title": lesson.title}, quality, theme)


def lesson_jobs(lesson: Lesson, quality: Quality, theme: str) -> list[SceneJob]:
    return [title_job(lesson, quality, theme)] + [SceneJob(s.spec, s.params, quality, theme) for s in lesson.scenes]


def build_key(lesson: Lesson, jobs: list[SceneJob]) -> str:
    payload = {"lesson": lesson.path.read_text(encoding="utf-8"), "scenes": [j.key for j in jobs],
               "assembly": _digest_paths(ASSEMBLY_SOURCES)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:20]


def render_jobs(jobs: list[SceneJob], cache, workers: int, force: bool, reporter, task=render_scene,
                job_args=None, collect=None) -> dict[str, SceneOutcome]:
    """Render every job the cache lacks (all of them with `force`), `workers` at a time, and
    return {key: SceneOutcome}. A failing scene is reported and does not stop the others.

    `task` runs in a worker process on `job_args(job, work_dir)`; `collect(job, result)` checks
    and stores its result in the cache. The defaults render a scene's video."""
    job_args = job_args or (lambda job, work: job.as_job(work / "media", cache.log_path(job), cache.root / "tex"))
    collect = collect or (lambda job, result: _collect(job, result, cache))
    outcomes: dict[str, SceneOutcome] = {}
    unique = list({j.key: j for j in jobs}.values())
    todo = []
    for job in unique:
        if not force and cache.get(job) is not None:
            outcomes[job.key] = SceneOutcome(job.name, job.key, "cached")
        else:
            todo.append(job)
    reporter.planned(unique, {k for k, o in outcomes.items() if o.state == "cached"})
    if not todo:
        return outcomes

    # spawn, not fork: each worker starts clean, with its own manim config and caches.
    context = multiprocessing.get_context("spawn")
    with workers_log_to_stderr(), ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo))),
                                                      mp_context=context) as pool:
        futures = {}
        for job in todo:
            work = cache.work_dir(job)
            shutil.rmtree(work, ignore_errors=True)
            futures[pool.submit(task, job_args(job, work))] = job
            reporter.scene_started(job)
        try:
            for fut in as_completed(futures):
                job = futures[fut]
                result = fut.result()
                if result["ok"]:
                    outcome = collect(job, result)
                else:
                    outcome = SceneOutcome(job.name, job.key, "failed", result["seconds"], result["error"], result["log"])
                shutil.rmtree(cache.work_dir(job), ignore_errors=True)
                outcomes[job.key] = outcome
                reporter.scene_done(job, outcome)
        except BaseException:
            # Ctrl-C or a failure here: stop the workers now rather than wait for their scenes.
            # Nothing they wrote is in output/ yet (the cache takes only checked, complete entries).
            workers_alive = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in workers_alive:
                process.terminate()
            for job in todo:
                shutil.rmtree(cache.work_dir(job), ignore_errors=True)
            raise
    return outcomes


@contextlib.contextmanager
def workers_log_to_stderr():
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


def _collect(job: SceneJob, result: dict, cache: SceneCache) -> SceneOutcome:
    try:
        q = job.quality
        video.check(result["video"], q.width, q.height, q.fps, duration=result["duration"])
    except video.VideoCheckError as e:
        return SceneOutcome(job.name, job.key, "failed", result["seconds"], f"VideoCheckError: {e}", str(cache.log_path(job)))
    cache.put(job, Path(result["video"]), result)
    return SceneOutcome(job.name, job.key, "rendered", result["seconds"])


def render_lessons(lessons: list[Lesson], quality: Quality, theme: str, output: Path, workers: int = 1,
                   force: bool = False, reporter=None, lessons_dir: Path | None = None) -> Report:
    reporter = reporter or QuietReporter()
    started = time.perf_counter()
    output = Path(output)
    cache = SceneCache(output / ".cache")
    lesson_outcomes: list[LessonOutcome] = []
    with files.locked(output / ".cache" / "lock", on_wait=reporter.waiting_for_lock):
        cache.sweep()
        plans = []
        for lesson in lessons:
            jobs = lesson_jobs(lesson, quality, theme)
            key = build_key(lesson, jobs)
            current = not force and assemble.is_current(output / lesson.name, key)
            plans.append((lesson, jobs, key, current))
        all_jobs = [j for (_, jobs, _, current) in plans if not current for j in jobs]
        outcomes = render_jobs(all_jobs, cache, workers, force, reporter)

        for lesson, jobs, key, current in plans:
            directory = str(output / lesson.name)
            if current:
                outcome = LessonOutcome(lesson.name, "up to date", directory)
            else:
                failed = [j.name for j in jobs if outcomes[j.key].state == "failed"]
                if failed:
                    outcome = LessonOutcome(lesson.name, "failed", directory, failed)
                else:
                    parts = []
                    for job in jobs:
                        result = cache.get(job)
                        parts.append({**result, "scene": job.name, "title": job.spec.title, "params": job.params})
                    seconds = sum(outcomes[j.key].seconds for j in jobs)
                    with files.staging(output / ".cache", lesson.name) as staged:
                        written = assemble.assemble(lesson, quality, theme, parts, staged, key, manim_version(), seconds)
                        files.publish(staged, output / lesson.name, written)
                    outcome = LessonOutcome(lesson.name, "built", directory)
            lesson_outcomes.append(outcome)
            reporter.lesson_done(outcome)

        order = lesson_names(lessons_dir) if lessons_dir else [lo.lesson for lo in lesson_outcomes]
        manifests = site.lesson_manifests(output, order)
        index = output / "index.html"
        page = site.render_index(manifests) if manifests else None
        if page and (not index.is_file() or index.read_text(encoding="utf-8") != page):
            files.write_text_atomic(index, page)
    reporter.close()
    return Report(lesson_outcomes, list(outcomes.values()), time.perf_counter() - started)
