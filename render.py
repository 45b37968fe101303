#!/usr/bin/env python3
"""Render the course's lesson videos. Run with no command to render every lesson.

This file only parses the command line; the work is done by the `engine` package.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

import click

from engine.lessons import LESSONS_DIR
from mathcore import InputError

ROOT = Path(__file__).resolve().parent
QUALITY_CHOICE = click.Choice(["l", "m", "h", "p", "k"])


def fail(message: str, code: int = 2) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class Group(click.Group):
    """Turns the engine's InputError into one clear line and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as e:
            fail(str(e))
        except KeyboardInterrupt:
            click.echo("interrupted: output/ keeps its previous files", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as e:  # noqa: BLE001 - a bug of ours: one line here, the traceback in a file
            log = Path(tempfile.gettempdir()) / "render-py-error.log"
            log.write_text(traceback.format_exc(), encoding="utf-8")
            fail(f"internal error: {type(e).__name__}: {e} (traceback in {log})", code=1)


common_output = click.option("--output", "-o", "output", type=click.Path(file_okay=False, path_type=Path),
                             default=ROOT / "output", show_default="output/", help="Where finished files go.")
common_lessons = click.option("--lessons", "lessons_dir", type=click.Path(file_okay=False, path_type=Path),
                              default=LESSONS_DIR, show_default="lessons/", help="Where the lesson files are.", hidden=True)


@click.group(cls=Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Render the lessons of "Math Foundation · Vectors & Matrices" into finished videos.

    With no command, renders every lesson at 1080p60 into output/.

    \b
    Examples:
      python render.py                      # every lesson, 1080p60
      python render.py lesson dot-product -q l
      python render.py list
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(lesson, names=(), quality="h", jobs=os.cpu_count() or 1, force=False, theme="dark",
                   output=ROOT / "output", lessons_dir=LESSONS_DIR)


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the listing as JSON.")
@common_lessons
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
                click.echo(f"      {k} = {json.dumps(v, ensure_ascii=False)}")


@cli.command()
@click.argument("names", nargs=-1)
@click.option("-q", "--quality", type=QUALITY_CHOICE, default="h", show_default=True,
              help="l 854x480@15, m 1280x720@30, h 1920x1080@60, p 2560x1440@60, k 3840x2160@60.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="cores",
              help="Scenes rendered at once, each in its own process.")
@click.option("--force", is_flag=True, help="Render every scene again, ignoring the cache.")
@click.option("--theme", type=click.Choice(["dark", "light"]), default="dark", show_default=True)
@common_output
@common_lessons
def lesson(names: tuple[str, ...], quality: str, jobs: int, force: bool, theme: str, output: Path,
           lessons_dir: Path) -> None:
    """Render the named lessons (all of them when none is named).

    \b
    Examples:
      python render.py lesson dot-product matmul -q l -j 2
      python render.py lesson matmul --force --theme light
    """
    from engine.lessons import load_all
    from engine.progress import RichReporter
    from engine.quality import get_quality
    from engine.run import render_lessons

    lessons = load_all(list(names), lessons_dir)
    report = render_lessons(lessons, get_quality(quality), theme, output, workers=jobs, force=force,
                            reporter=RichReporter(), lessons_dir=lessons_dir)
    for lo in report.lessons:
        click.echo(f"{lo.lesson}: {lo.state} -> {lo.directory}")
    failed = [s for s in report.scenes if s.state == "failed"]
    for s in failed:
        click.echo(f"failed: {s.scene}: {s.error} (log: {s.log})", err=True)
    rendered = sum(s.state == "rendered" for s in report.scenes)
    cached = sum(s.state == "cached" for s in report.scenes)
    click.echo(f"{rendered} scenes rendered, {cached} from cache, {len(failed)} failed in {report.seconds:.1f}s")
    if (output / "index.html").is_file():
        click.echo(f"review page: {output / 'index.html'}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@click.argument("scene")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
              help="Override a parameter; VALUE is data: 2.5, [1, 2], [[1, 2], [3, 4]], dog.")
@click.option("--lesson", "lesson_name", help="Start from this lesson's parameters for the scene.")
@click.option("--theme", type=click.Choice(["dark", "light"]), default="dark", show_default=True)
@click.option("--beat", help="The still at the end of this beat (its number or name) instead of the last frame.")
@click.option("--beats", "contact", is_flag=True, help="A contact sheet: every beat's end with its caption.")
@click.option("--draft", is_flag=True, help="A low-quality video (854x480, 15 fps) instead of a still.")
@click.option("--watch", is_flag=True, help="Stay running and render again whenever a scene, the toolkit or a lesson is saved.")
@common_output
def preview(scene: str, assignments: tuple[str, ...], lesson_name: str | None, theme: str, beat: str | None,
            contact: bool, draft: bool, watch: bool, output: Path) -> None:
    """Preview one scene while authoring it: a still of its last frame, in seconds.

    \b
    Examples:
      python render.py preview VectorAlignment
      python render.py preview VectorAlignment --set b=[-1,0.5] --beat 3
      python render.py preview RowByColumnMatmul --beats --theme light
      python render.py preview CosineRelation --watch
    """
    from engine.preview import PreviewRequest, render_preview
    from engine.preview import watch as watch_loop
    from toolkit.params import parse_assignments

    if sum([beat is not None, contact, draft]) > 1:
        raise InputError("choose one of --beat, --beats and --draft")
    req = PreviewRequest(scene=scene, overrides=parse_assignments(assignments), theme=theme, output=output,
                         beat=beat, beats=contact, draft=draft, lesson=lesson_name)
    if watch:
        from engine.preview import _params_for

        _params_for(req)  # bad input fails now, before the watcher starts
        try:
            watch_loop(req, say=lambda line: click.echo(line, err=not line.startswith("rendered")))
        except KeyboardInterrupt:
            click.echo("stopped watching", err=True)
        return
    started = time.perf_counter()
    path = render_preview(req)
    click.echo(str(path))
    click.echo(f"in {time.perf_counter() - started:.2f}s", err=True)


# --- talks: one scene with a speaker's numbers, as a clip or as slides ------------------------

set_option = click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
                          help="Override a parameter; VALUE is data, never code: 2.5, [1, 2], [[1, 2], [3, 4]], dog.")
background_option = click.option("--background", metavar="COLOUR",
                                 help="Your slide's background colour behind the scene, e.g. #1E2A44.")
output_dir_option = click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=ROOT / "output",
                                 hidden=True, help="The output folder whose .cache/ holds the renders.")


@cli.command()
@click.argument("scene")
@set_option
@click.option("-q", "--quality", type=QUALITY_CHOICE, default="h", show_default=True,
              help="l 854x480@15, m 1280x720@30, h 1920x1080@60, p 2560x1440@60, k 3840x2160@60.")
@click.option("--theme", type=click.Choice(["dark", "light"]), default="dark", show_default=True)
@click.option("--transparent", is_flag=True,
              help="No background: a video with an alpha channel to lay over a slide (mov or webm; png for a still).")
@click.option("--format", "fmt", type=click.Choice(["mp4", "webm", "mov", "gif", "png"]),
              help="mp4 (H.264) by default; mov (QuickTime Animation, with --transparent); webm (VP9); "
                   "gif (at most 25 fps); png: a still of the last frame.  [default: mp4, or mov with --transparent, "
                   "or the extension of -o]")
@click.option("-o", "--output", "out_path", type=click.Path(path_type=Path),
              help="The file to write (or a folder for it).  [default: output/scenes/<Scene>[-<8 hex>].<format>]")
@background_option
@click.option("--force", is_flag=True, help="Render again, ignoring the cache.")
@output_dir_option
def scene(scene: str, assignments: tuple[str, ...], quality: str, theme: str, transparent: bool, fmt: str | None,
          out_path: Path | None, background: str | None, force: bool, output_dir: Path) -> None:
    """Render one scene with your own numbers, for a talk: a clip, an overlay or a still.

    The numbers are checked against the scene's parameters before anything renders. The
    file is written atomically and the render is cached: asking again is instant.

    \b
    Examples:
      python render.py scene VectorAlignment --set a=[2,0] --set b=[0,1]
      python render.py scene RowByColumnMatmul --set "A=[[1,0],[0,1]]" --set "B=[[2,3],[4,5]]" -q m
      python render.py scene CosineRelation --transparent --format webm -o talk/cosine.webm
      python render.py scene AttentionScore --format png --theme light -o talk/attention.png
      python render.py scene ShapeRule --background "#1E2A44" -q m
    """
    from engine.progress import RichReporter
    from engine.talks import TalkError, render_scene_clip
    from toolkit.params import parse_assignments

    try:
        result = render_scene_clip(scene, parse_assignments(assignments), quality=quality, theme=theme,
                                   transparent=transparent, fmt=fmt, out_path=out_path, output_dir=output_dir,
                                   force=force, reporter=RichReporter(), background=background)
    except TalkError as e:
        fail(str(e), code=1)
    click.echo(str(result.path))
    click.echo(f"{result.scene}: {result.state} in {result.seconds:.1f}s", err=True)


@cli.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--to", "to", type=click.Choice(["html", "pptx"]), required=True,
              help="html: a reveal.js deck (a page and its _assets folder) that plays from disk, offline; "
                   "pptx: PowerPoint, also opens in LibreOffice Impress.")
@set_option
@click.option("-q", "--quality", type=QUALITY_CHOICE, default="h", show_default=True,
              help="l 854x480@15, m 1280x720@30, h 1920x1080@60, p 2560x1440@60, k 3840x2160@60.")
@click.option("--theme", type=click.Choice(["dark", "light"]), default="dark", show_default=True)
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="cores",
              help="Scenes rendered at once, each in its own process.")
@click.option("-o", "--output", "out_path", type=click.Path(path_type=Path),
              help="The deck's file (.html or .pptx) or a folder for it.  "
                   "[default: output/slides/<name>/<name>.html or output/slides/<name>.pptx]")
@background_option
@click.option("--force", is_flag=True, help="Render every scene again, ignoring the cache.")
@output_dir_option
@common_lessons
def slides(names: tuple[str, ...], to: str, assignments: tuple[str, ...], quality: str, theme: str, jobs: int,
           out_path: Path | None, background: str | None, force: bool, output_dir: Path, lessons_dir: Path) -> None:
    """Turn lessons or scenes into slides: every teaching beat is one slide.

    NAME is a lesson (its scenes in order, after its title card) or a scene (with --set for
    your own numbers). Each slide plays its beat and stops on the beat's last frame; the
    next key press plays the next beat. The beat's caption is the slide's speaker note.

    \b
    Examples:
      python render.py slides VectorAlignment --set a=[2,0] --set b=[0,1] --to html
      python render.py slides dot-product --to pptx -o talk/dot-product.pptx
      python render.py slides VectorAlignment CosineRelation --to html -o talk/
    """
    from engine.progress import RichReporter
    from engine.slides import build_deck
    from engine.talks import TalkError
    from toolkit.params import parse_assignments

    try:
        result = build_deck(list(names), to, parse_assignments(assignments), quality=quality, theme=theme,
                            out_path=out_path, output_dir=output_dir, workers=jobs, force=force,
                            lessons_dir=lessons_dir, reporter=RichReporter(), background=background)
    except TalkError as e:
        fail(str(e), code=1)
    click.echo(str(result.path))
    click.echo(f"{result.slides} slides ({result.beats} beats) from {len(result.scenes)} scenes: {result.rendered} "
               f"rendered, {result.cached} from cache, in {result.seconds:.1f}s", err=True)


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
