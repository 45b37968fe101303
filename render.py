#!/usr/bin/env python3
"""Render the course's lesson videos. Run with no command to render every lesson.

This file only parses the command line and delegates to the `engine` package. Each option
is declared once below and reused by the commands that take it; how a command ends badly
is decided in one place, `Group.invoke`.
"""

from __future__ import annotations

import json
import math
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

import click

from engine.errors import EXIT, InputError, RenderFailed, SetupError, disk_full
from engine.lessons import LESSONS_DIR
from engine.deck import TARGETS as DECK_TARGETS
from engine.formats import FORMATS
from engine.formats import help_text as formats_help
from engine.quality import DEFAULT_QUALITY, PREVIEW_QUALITY, QUALITIES
from toolkit.theme import DEFAULT_THEME, THEMES

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"


class Group(click.Group):
    """Bad input and an unusable machine: one line, exit 2. A failed render: one line naming
    its log, exit 1. Ctrl-C, SIGTERM, SIGHUP: workers stopped, output/ as it was, 130/143/129.
    A bug of ours: one line, the traceback in a log file of this run."""

    def invoke(self, ctx: click.Context):
        from engine.pool import Stopped, stop_on_signals

        try:
            with stop_on_signals():
                return super().invoke(ctx)
        except (InputError, SetupError, RenderFailed) as e:
            fail(str(e), next(code for cls, code in EXIT.items() if isinstance(e, cls)))
        except KeyboardInterrupt:
            click.echo("interrupted: output/ keeps its previous files", err=True)
            sys.exit(130)
        except Stopped as e:
            click.echo(f"stopped by signal {e.signum}: output/ keeps its previous files", err=True)
            sys.exit(128 + e.signum)
        except click.BadParameter as e:  # a value the option cannot take: one line, like all bad input
            fail(e.format_message(), 2)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:
            # The reader went away (`render.py list | head`): nothing to say, and no one to say it to.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(128 + signal.SIGPIPE)
        except PermissionError as e:  # the user's folders, not our code
            fail(f"cannot write {e.filename}: permission denied; make it writable or choose another --output-dir", 2)
        except Exception as e:  # noqa: BLE001 - a bug of ours: one line here, the traceback in a file
            full = disk_full(e)
            if full is not None:  # the user's disk, not our code
                from engine.space import full_disk_line

                fail(
                    full_disk_line(
                        full, ctx.meta.get("output_dir", OUTPUT), ctx.meta.get("quality"), ctx.meta.get("scenes")
                    ),
                    2,
                )
            log = error_log(ctx)
            fail(f"internal error: {type(e).__name__}: {e} (traceback in {log})", 1)


def fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def error_log(ctx: click.Context) -> Path:
    """A traceback file of this run: under output/.cache/logs/, else a fresh temporary file."""
    text = traceback.format_exc()
    out = ctx.meta.get("output_dir", OUTPUT) if ctx else OUTPUT
    stamp = f"render-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    try:
        folder = Path(out) / ".cache" / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stamp}.log"
        path.write_text(text, encoding="utf-8")
        return path
    except OSError:
        fd, name = tempfile.mkstemp(prefix=f"{stamp}-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        return Path(name)


# --- every option, declared once -------------------------------------------------------------


class FiniteFloat(click.FloatRange):
    """A float option's value: a finite number in its range (click's FloatRange lets nan and inf
    through: nan compares false with any bound)."""

    name = "finite float range"

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


def _remember(key: str):
    def remember(ctx: click.Context, param, value):
        ctx.meta[key] = value  # shared with the group, which says how much room a render needs
        return value

    return remember


def quality_option_defaulting_to(default: str):
    """-q, declared once: its default is the command's (a render's is 1080p60, a still's 854x480)."""
    return click.option(
        "-q",
        "--quality",
        type=click.Choice(list(QUALITIES)),
        default=default,
        show_default=True,
        callback=_remember("quality"),
        help=", ".join(f"{q.letter} {q.width}x{q.height}@{q.fps}" for q in QUALITIES.values()) + ".",
    )


quality_option = quality_option_defaulting_to(DEFAULT_QUALITY)
theme_option = click.option(
    "--theme",
    type=click.Choice(list(THEMES)),
    default=DEFAULT_THEME,
    show_default=True,
    help="The palette: dark, or light for light slides and print.",
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=os.cpu_count() or 1,
    show_default="cores",
    help="Scenes rendered at once, each in its own process.",
)
force_option = click.option("--force", is_flag=True, help="Render again, ignoring the cache.")
set_option = click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a parameter; VALUE is data, never code: 2.5, [1, 2], [[1, 2], [3, 4]], dog.",
)
background_option = click.option(
    "--background", metavar="COLOUR", help="Your slide's background colour behind the scene, e.g. #1E2A44."
)
voice_option = click.option(
    "--voice",
    metavar="VOICE",
    default=None,
    help="Who narrates: auto (the author's recording where there is one, else the offline voice, Piper's "
    "en_US-joe-medium), recorded, tts (the offline voice), festival (Festival's HTS voice), none (silent), "
    "or piper:MODEL.onnx.  [default: auto; for a lesson, its file's voice]",
)


def _remember_output_dir(ctx: click.Context, param, value):
    ctx.meta["output_dir"] = value  # shared with the group, which writes its error logs there
    return value


output_dir_option = click.option(
    "--output-dir",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=OUTPUT,
    show_default="output/",
    callback=_remember_output_dir,
    help="The folder for finished files (and its .cache/).",
)
output_file_option = click.option(
    "-o",
    "--output",
    "out_path",
    type=click.Path(path_type=Path),
    help="The file to write (its extension picks the format), or a folder for it.",
)
lessons_option = click.option(
    "--lessons",
    "lessons_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=LESSONS_DIR,
    show_default="lessons/",
    help="Where the lesson files are.",
    hidden=True,
)
lesson_name_option = click.option(
    "--lesson",
    "lesson_name",
    metavar="LESSON",
    help="A lesson by name: preview takes the scene's parameters from it; new adds the scene to it (at its end).",
)
cluster_option = click.option(
    "--cluster",
    metavar="ADDRESS",
    help="Render on a Dask cluster: tcp://HOST:8786, or local:N for N local worker processes.",
)
timeout_option = click.option(
    "--timeout",
    type=FiniteFloat(1),
    metavar="SECONDS",
    help="Stop a scene that renders longer than this.  [default: 3600]",
)


def sizing(scenes: int, quality: str | None = None) -> None:
    """What the render is, for the line said if the disk fills up under it (engine/space.py)."""
    meta = click.get_current_context().meta
    meta["scenes"] = scenes
    if quality:
        meta["quality"] = quality


def parse_set(assignments: tuple[str, ...]) -> dict:
    from toolkit.params import parse_assignments

    return parse_assignments(assignments)


def executor_for(cluster: str | None, timeout: float | None):
    """The executor factory the pool runs jobs on: local processes, or a Dask cluster."""
    if timeout:
        os.environ["LESSON_JOB_TIMEOUT"] = str(timeout)
    if not cluster:
        return None
    from engine.cluster import cluster_executor

    return cluster_executor(cluster)


def check_voice(voice: str | None) -> str | None:
    if voice is None or voice == "none":
        return voice
    from narration.voices import check_voice as check

    check(voice)
    return voice


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Render the lessons of "Math Foundation · Vectors & Matrices" into finished, narrated videos.

    With no command, renders every lesson (the `lesson` command with its defaults: 1080p60,
    every core) into output/.

    \b
    Examples:
      python render.py                      # every lesson, 1080p60
      python render.py lesson dot-product -q l
      python render.py list
    """
    from engine.jobs import job_timeout

    job_timeout()  # a bad LESSON_JOB_TIMEOUT is refused before any work, like a bad --timeout
    if ctx.invoked_subcommand is None:
        ctx.invoke(lesson)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the listing as JSON.")
@lessons_option
def list_(as_json: bool, lessons_dir: Path) -> None:
    """List the lessons, their scenes in order, and each scene's parameters.

    \b
    Example:
      python render.py list --json
    """
    from engine.lessons import catalog_listing

    listing = catalog_listing(lessons_dir)
    if as_json:
        click.echo(json.dumps(listing, indent=1, ensure_ascii=False))
        return
    for lesson_ in listing:
        click.echo(f"{lesson_['lesson']}: {lesson_['title']}")
        for s in lesson_["scenes"]:
            click.echo(f"  {s['scene']}: {s['summary']}")
            for k, v in s["params"].items():
                about = f"  # {s['about'][k]}" if s["about"].get(k) else ""
                click.echo(f"      {k} = {json.dumps(v, ensure_ascii=False)}{about}")


@cli.command()
@click.argument("names", nargs=-1)
@quality_option
@jobs_option
@force_option
@theme_option
@voice_option
@click.option(
    "--verify", is_flag=True, help="Check every published file's sha256 against its manifest, not only its size."
)
@click.option(
    "--cfr", is_flag=True, help="Also write <lesson>-cfr.mp4: the video at a constant frame rate, for video editors."
)
@output_dir_option
@lessons_option
@cluster_option
@timeout_option
def lesson(
    names: tuple[str, ...],
    quality: str,
    jobs: int,
    force: bool,
    theme: str,
    voice: str | None,
    verify: bool,
    cfr: bool,
    output_dir: Path,
    lessons_dir: Path,
    cluster: str | None,
    timeout: float | None,
) -> None:
    """Render the named lessons (all of them when none is named).

    \b
    Examples:
      python render.py lesson dot-product matmul -q l -j 2
      python render.py lesson matmul --force --theme light --voice none
      python render.py lesson dot-product --cluster local:2
      python render.py lesson dot-product --cfr
    """
    from engine.course import render_lessons
    from engine.errors import check_writable
    from engine.lessons import load_all
    from engine.progress import RichReporter
    from engine.quality import get_quality

    lessons = load_all(list(names), lessons_dir)
    sizing(sum(len(lo.scenes) + 1 + bool(lo.recap) for lo in lessons))
    check_voice(voice)
    for lo in lessons:
        check_voice(voice or lo.voice)
    check_writable(output_dir)
    report = render_lessons(
        lessons,
        get_quality(quality),
        theme,
        output_dir,
        workers=jobs,
        force=force,
        reporter=RichReporter(),
        lessons_dir=lessons_dir,
        voice=voice or "lesson",
        verify=verify,
        executor=executor_for(cluster, timeout),
        cfr=cfr,
    )
    for lo in report.lessons:
        click.echo(f"{lo.lesson}: {lo.state} -> {lo.directory}")
    failed = [s for s in report.scenes if s.state == "failed"]
    for s in failed:
        click.echo(f"failed: {s.scene}: {s.error} (log: {s.log})", err=True)
    rendered = sum(s.state == "rendered" for s in report.scenes)
    cached = sum(s.state == "cached" for s in report.scenes)
    click.echo(f"{rendered} scenes rendered, {cached} from cache, {len(failed)} failed in {report.seconds:.1f}s")
    if (output_dir / "index.html").is_file():
        click.echo(f"course site: {output_dir / 'index.html'}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.argument("scene")
@set_option
@lesson_name_option
@theme_option
@click.option("--beat", help="The still at the end of this beat (its number or name) instead of the last frame.")
@click.option("--beats", "contact", is_flag=True, help="A contact sheet: every beat's end with its caption.")
@click.option("--draft", is_flag=True, help="A low-quality video (854x480, 15 fps) instead of a still.")
@quality_option_defaulting_to(PREVIEW_QUALITY)
@voice_option
@click.option(
    "--watch", is_flag=True, help="Stay running and render again whenever a scene, the toolkit or a lesson is saved."
)
@output_file_option
@output_dir_option
def preview(
    scene: str,
    assignments: tuple[str, ...],
    lesson_name: str | None,
    theme: str,
    beat: str | None,
    contact: bool,
    draft: bool,
    quality: str,
    voice: str | None,
    watch: bool,
    out_path: Path | None,
    output_dir: Path,
) -> None:
    """Preview one scene while authoring it: a still of its last frame, in seconds.

    Files go to OUTPUT_DIR/preview/, named as `scene` names its files (the scene, and a tag of
    its inputs when they are not the storyboard's), or to -o. A still is timed at reading speed
    (it has no voice), a draft to the voice; the frame at a beat's end is the same either way.
    With --voice, a still or contact sheet is timed to that voice too, as the video is (its
    beats' times then match the draft's; the voice is synthesised, once, first).

    \b
    Examples:
      python render.py preview VectorAlignment
      python render.py preview VectorAlignment --set b=[-1,0.5] --beat 3
      python render.py preview RowByColumnMatmul --beats --theme light
      python render.py preview VectorAlignment --beats --voice tts
      python render.py preview WeightedSumNeuron --beat 3 -q h   # 1920x1080: measure glyphs
      python render.py preview CosineRelation --watch
    """
    from engine.preview import PreviewRequest, check_request, render_preview
    from engine.preview import watch as watch_loop

    # A draft is narrated (by default as a lesson is); a still is timed to a voice only when asked.
    voice = check_voice(voice or "auto") if draft else check_voice(voice) if voice else "none"
    req = PreviewRequest(
        scene=scene,
        overrides=parse_set(assignments),
        theme=theme,
        output=output_dir,
        beat=beat,
        beats=contact,
        draft=draft,
        lesson=lesson_name,
        voice=voice,
        out_path=out_path,
        quality=quality,
    )
    check_request(req)  # bad input fails now, before anything renders or the watcher starts
    sizing(1, quality)
    if watch:
        try:
            watch_loop(req, say=lambda line: click.echo(line, err=not line.startswith("rendered")))
        except KeyboardInterrupt:
            click.echo("stopped watching", err=True)
        return
    started = time.perf_counter()
    path = render_preview(req)
    click.echo(str(path))
    click.echo(f"in {time.perf_counter() - started:.2f}s", err=True)


@cli.command()
@click.argument("scene")
@set_option
@quality_option
@theme_option
@click.option(
    "--transparent",
    is_flag=True,
    help="No background: a video with an alpha channel to lay over a slide (mov or webm; png for a still).",
)
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), help=formats_help())
@output_file_option
@background_option
@voice_option
@force_option
@output_dir_option
@cluster_option
@timeout_option
def scene(
    scene: str,
    assignments: tuple[str, ...],
    quality: str,
    theme: str,
    transparent: bool,
    fmt: str | None,
    out_path: Path | None,
    background: str | None,
    voice: str | None,
    force: bool,
    output_dir: Path,
    cluster: str | None,
    timeout: float | None,
) -> None:
    """Render one scene with your own numbers, for a talk: a clip, an overlay or a still.

    The numbers are checked against the scene's parameters before anything renders. The
    file is written whole or not at all, and the render is cached: asking again is instant.
    Without -o the file goes to OUTPUT_DIR/scenes/<Scene>[-<8 hex>].<format>.

    \b
    Examples:
      python render.py scene VectorAlignment --set a=[2,0] --set b=[0,1]
      python render.py scene RowByColumnMatmul --set "A=[[1,0],[0,1]]" --set "B=[[2,3],[4,5]]" -q m
      python render.py scene CosineRelation --transparent --format webm -o talk/cosine.webm
      python render.py scene AttentionScore --format png --theme light -o talk/attention.png
      python render.py scene ShapeRule --background "#1E2A44" -q m --voice none
    """
    from engine.clips import render_scene_clip
    from engine.progress import RichReporter

    sizing(1)
    result = render_scene_clip(
        scene,
        parse_set(assignments),
        quality=quality,
        theme=theme,
        transparent=transparent,
        fmt=fmt,
        out_path=out_path,
        output_dir=output_dir,
        force=force,
        reporter=RichReporter(),
        background=background,
        voice=check_voice(voice or "auto"),
        executor=executor_for(cluster, timeout),
    )
    click.echo(str(result.path))
    click.echo(f"{result.scene}: {result.state} in {result.seconds:.1f}s", err=True)


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--to",
    "to",
    type=click.Choice(list(DECK_TARGETS)),
    required=True,
    help="html: a reveal.js deck (a page and its _assets folder) that plays from disk, offline; "
    "pptx: PowerPoint, also opens in LibreOffice Impress.",
)
@set_option
@quality_option
@theme_option
@jobs_option
@output_file_option
@background_option
@voice_option
@force_option
@output_dir_option
@lessons_option
@cluster_option
@timeout_option
def slides(
    names: tuple[str, ...],
    to: str,
    assignments: tuple[str, ...],
    quality: str,
    theme: str,
    jobs: int,
    out_path: Path | None,
    background: str | None,
    voice: str | None,
    force: bool,
    output_dir: Path,
    lessons_dir: Path,
    cluster: str | None,
    timeout: float | None,
) -> None:
    """Turn lessons or scenes into slides: every teaching beat is one slide.

    NAME is a lesson (its scenes in order, after its title card) or a scene (with --set for
    your own numbers). Each slide plays its beat and stops on the beat's last frame; the
    next key press plays the next beat. The beat's caption is the slide's speaker note.
    Without -o the deck goes to OUTPUT_DIR/slides/.

    \b
    Examples:
      python render.py slides VectorAlignment --set a=[2,0] --set b=[0,1] --to html
      python render.py slides dot-product --to pptx -o talk/dot-product.pptx
      python render.py slides VectorAlignment CosineRelation --to html -o talk/
    """
    from engine.deck import build_deck
    from engine.lessons import lesson_names, load
    from engine.progress import RichReporter

    known = lesson_names(lessons_dir)
    sizing(sum(len(load(n, lessons_dir).scenes) + 1 if n in known else 1 for n in names))
    result = build_deck(
        list(names),
        to,
        parse_set(assignments),
        quality=quality,
        theme=theme,
        out_path=out_path,
        output_dir=output_dir,
        workers=jobs,
        force=force,
        lessons_dir=lessons_dir,
        reporter=RichReporter(),
        background=background,
        voice=check_voice(voice or "auto"),
        executor=executor_for(cluster, timeout),
    )
    click.echo(str(result.path))
    click.echo(
        f"{result.slides} slides ({result.beats} beats) from {len(result.scenes)} scenes: {result.rendered} "
        f"rendered, {result.cached} from cache, in {result.seconds:.1f}s",
        err=True,
    )


@cli.command()
@click.argument("name")
@output_file_option
@output_dir_option
@lessons_option
def script(name: str, out_path: Path | None, output_dir: Path, lessons_dir: Path) -> None:
    """Write a lesson's recording sheet: every beat with the file to record and its words.

    The sheet (Markdown and CSV) says which recordings in assets/narration/ are present,
    missing or stale. Record, drop the files there, render again: only the scenes whose
    narration changed are redone. Without -o the sheet goes to OUTPUT_DIR/scripts/NAME.md.

    \b
    Example:
      python render.py script dot-product
    """
    from engine.narrate import write_script

    md, counts = write_script(name, out_path, output_dir, lessons_dir)
    click.echo(str(md))
    click.echo(", ".join(f"{n} {state}" for state, n in counts.items()), err=True)


@cli.command()
@click.argument("name")
@lesson_name_option
def new(name: str, lesson_name: str | None) -> None:
    """Start a new scene: a working stub, its registration and its place in a lesson.

    Writes scenes/<name>.py (two beats, one parameter), registers it in scenes/catalog.py with
    its Params model (types, defaults, descriptions, checks) and other input sets, adds it to
    lessons/LESSON.toml and lessons/lesson.schema.json, and prints the command that previews
    it. The guide: docs/authoring.md.

    \b
    Example:
      python render.py new VectorAddition --lesson dot-product
    """
    from engine.authoring import new_scene

    if not lesson_name:
        raise InputError("new needs --lesson LESSON: the lesson the new scene joins")
    for path in new_scene(name, lesson_name):
        click.echo(f"wrote {path.relative_to(ROOT)}")
    click.echo(f"preview it: .venv/bin/python render.py preview {name} --beats")
    click.echo(f"test it:    .venv/bin/python -m pytest -k {name}")


@cli.command()
@output_file_option
def schema(out_path: Path | None) -> None:
    """Write the JSON Schema of lesson files, lessons/lesson.schema.json, from the models.

    Editors read it to complete and check lesson files (Even Better TOML / taplo: the
    `#:schema ./lesson.schema.json` line at the top of each). Run it after changing a scene's
    parameters in scenes/catalog.py or the lesson model; a test fails while the file is stale.

    \b
    Example:
      python render.py schema
    """
    from engine.lessons import SCHEMA_PATH, write_schema

    path = out_path or SCHEMA_PATH
    if path.is_dir():
        path = path / SCHEMA_PATH.name
    click.echo(str(write_schema(path)))


@cli.command()
@output_file_option
@theme_option
@force_option
@output_dir_option
def gallery(out_path: Path | None, theme: str, force: bool, output_dir: Path) -> None:
    """Write the widget gallery: a page with a still of every toolkit widget and the code
    that made it (its docstring's example, run as written), so you can see what exists.

    -o names the folder for the page (index.html) and its stills; without it they go to
    OUTPUT_DIR/gallery/. Stills are drawn at -q l and cached: a second run with nothing
    changed is instant.

    \b
    Example:
      python render.py gallery -o docs/gallery
    """
    from engine.errors import check_writable
    from engine.gallery import build_gallery
    from engine.store import Store

    out_dir = out_path or output_dir / "gallery"
    check_writable(out_dir, "gallery folder")
    store = Store(output_dir / ".cache")
    result = build_gallery(out_dir, store.root, store.tex, theme=theme, force=force)
    click.echo(str(result.page))
    click.echo(
        f"{len(result.widgets)} widgets: {result.drawn} drawn, {result.cached} from cache, in {result.seconds:.1f}s",
        err=True,
    )


@cli.command()
def doctor() -> None:
    """Check this machine for what rendering needs, and say how to get what is missing.

    \b
    Example:
      python render.py doctor
    """
    from engine.doctor import run_checks

    problems = 0
    for check in run_checks():
        mark = "ok  " if check.ok else "MISSING"
        click.echo(f"{mark:8}{check.name}: {check.detail}")
        if not check.ok:
            problems += 1
            click.echo(f"        fix: {check.fix}")
    if problems:
        sys.exit(1)


if __name__ == "__main__":
    cli()
