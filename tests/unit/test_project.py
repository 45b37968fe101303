"""Tests about the project itself (in the manner of sqlite-utils' own): the CLI is declared
once and documented with examples, the README's commands and folders exist, choices come
from the code that owns them, and the fast tier never imports manim."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
import pytest

import render

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def option_declarations() -> list[tuple[str, ...]]:
    """The flags of every click.option(...) call written in render.py."""
    tree = ast.parse((ROOT / "render.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "option"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "click"
        ):
            found.append(tuple(a.value for a in node.args if isinstance(a, ast.Constant) and a.value.startswith("-")))
    return found


def test_no_option_is_declared_twice():
    flags = Counter(flag for decl in option_declarations() for flag in decl)
    assert flags, "no options found: the test reads the wrong file"
    assert [f for f, n in flags.items() if n > 1] == []


@pytest.mark.parametrize("name", sorted(render.cli.commands))
def test_every_command_has_help_with_an_example(name):
    command = render.cli.commands[name]
    assert command.help and "Example" in command.help, name
    result = CliRunner().invoke(render.cli, [name, "--help"])
    assert result.exit_code == 0 and "python render.py" in result.output


def test_shared_options_mean_the_same_in_every_command():
    """-o is a file (or a folder for it) wherever it appears; --output-dir is the folder."""
    for name, command in render.cli.commands.items():
        for param in command.params:
            if "-o" in getattr(param, "opts", []):
                assert param.name == "out_path", name
            if "--output-dir" in getattr(param, "opts", []):
                assert param.name == "output_dir", name


def test_choices_come_from_the_code_that_owns_them():
    from engine.quality import QUALITIES
    from toolkit.theme import THEMES

    params = {p.name: p for p in render.cli.commands["lesson"].params}
    assert list(params["quality"].type.choices) == list(QUALITIES)
    assert list(params["theme"].type.choices) == list(THEMES)


def test_every_command_the_readme_shows_exists():
    shown = set(re.findall(r"render\.py (\w+)", README))
    assert shown, "the README shows no command"
    assert shown - set(render.cli.commands) == set()


def test_every_folder_the_readme_lays_out_exists():
    layout = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    folders = re.findall(r"^\| `([\w.]+)/` \|", layout, flags=re.M)
    assert {"scenes", "toolkit", "engine", "tests", "assets"} <= set(folders)
    missing = [f for f in folders if f != "output" and not (ROOT / f).is_dir()]
    assert missing == []


def test_the_fast_tier_never_imports_manim():
    code = (
        "import sys, render, engine.course, engine.clips, engine.deck, engine.preview, engine.pool, "
        "engine.store, engine.narrate, mathcore, narration.speech, narration.script, scenes.catalog;"
        "print('manim' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_only_the_worker_imports_manim_for_rendering():
    importers = [
        p.name
        for p in (ROOT / "engine").glob("*.py")
        if re.search(r"^\s*(from|import) manim\b(?!_slides)", p.read_text(encoding="utf-8"), flags=re.M)
    ]
    assert importers == ["worker.py"]


def test_every_choice_the_command_line_offers_is_documented_in_the_readme():
    """Each choice of every option (a quality, a theme, a format, a deck, a voice) stands in the
    README as `--option choice` (or `-o choice`): the registries feed the command line, and the
    README's table of choices must keep up."""
    import click

    import render
    from narration.voices import VOICES

    spans = set(re.findall(r"`([^`\n]+)`", README))
    offered: dict[tuple[str, ...], set[str]] = {("--voice",): set(VOICES)}

    def walk(command: click.Command) -> None:
        for param in command.params:
            if isinstance(param.type, click.Choice):
                offered.setdefault(tuple(param.opts), set()).update(param.type.choices)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(render.cli)
    assert len(offered) >= 5
    missing = sorted(
        f"{opts[-1]} {choice}"
        for opts, choices in offered.items()
        for choice in choices
        if not any(f"{opt} {choice}" in spans for opt in opts)
    )
    assert missing == [], f"not in the README's table of choices: {', '.join(missing)}"
