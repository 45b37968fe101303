"""One LaTeX cache that any number of processes share, each formula compiled once.

manim compiles a formula in its `tex_dir` itself: it writes `<hash>.tex` there, runs LaTeX and
dvisvgm there, and then deletes every file of the folder that is not a .tex or an .svg. Two
processes on one folder delete each other's DVI half way and read each other's half-written
SVG, so each render worker had a folder of its own (engine.worker.tex_slot) and each test
worker too, and every folder compiled the same formulas again: after the test suite had run a
few times, its render slots held 77 formulas 290 times over.

Here a formula is compiled in a folder of its own inside `tex_dir` and its SVG renamed into
`tex_dir` when it is whole (a rename within one file system is atomic): a process finds the
SVG complete or not at all. Two processes that need a new formula at the same moment both
compile it, and the second rename replaces the first with the same bytes.

Parsing. manim's SVGMobject parses an SVG through a modified copy that it writes beside it,
`<hash>_.svg`, and deletes afterwards: two processes parsing the same formula at the same moment
overwrote and deleted each other's copy, and one of them failed on a missing file (seen in the
suite's test of processes compiling the same new formulas at once). The modified copy is parsed
from memory instead.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import svgelements as se
from manim import RIGHT, config
from manim.mobject.svg.svg_mobject import SVGMobject
from manim.mobject.text import tex_mobject
from manim.utils import tex_file_writing as manims_writer
from manim.utils.tex import TexTemplate

from toolkit.manims import manims

manims(SVGMobject, "generate_mobject")  # kept, for the tests to compare with


def tex_to_svg_file(expression: str, environment: str | None = None,
                    tex_template: TexTemplate | None = None) -> Path:
    """manim's `tex_to_svg_file`, the same SVG under the same name, safe to share."""
    if tex_template is None:
        tex_template = config["tex_template"]
    if environment is not None:
        code = tex_template.get_texcode_for_expression_in_env(expression, environment)
    else:
        code = tex_template.get_texcode_for_expression(expression)
    folder = config.get_dir("tex_dir")
    name = manims_writer.tex_hash(code)
    svg = folder / f"{name}.svg"
    if svg.exists():
        return svg
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=folder))
    try:
        tex = work / f"{name}.tex"
        tex.write_text(code, encoding="utf-8")
        fmt = tex_template.output_format
        compilers = tex_template.tex_compiler
        for compiler in [compilers] if isinstance(compilers, str) else compilers:
            command = manims_writer.make_tex_compilation_command(compiler, fmt, tex, work)
            if subprocess.run(command, stdout=subprocess.DEVNULL).returncode != 0:
                log = tex.with_suffix(".log")
                manims_writer.print_all_tex_errors(log, compiler, tex)
                raise ValueError(f"{compiler} error converting to {fmt[1:]}: {expression!r}. See the log output above.")
        made = manims_writer.convert_to_svg(tex.with_suffix(fmt), fmt)
        os.replace(made, svg)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return svg


def generate_mobject(self: SVGMobject) -> SVGMobject:
    """manim's `SVGMobject.generate_mobject`, its modified SVG parsed from memory, not from a
    file beside the original that another process may be writing or deleting."""
    new_tree = self.modify_xml_tree(ET.parse(self.get_file_path()))
    modified = io.BytesIO()
    new_tree.write(modified)
    modified.seek(0)
    mobjects, mobject_dict = self.get_mobjects_from(se.SVG.parse(modified))
    self.add(*mobjects)
    self.id_to_vgroup_dict = mobject_dict
    self.flip(RIGHT)  # Flip y
    return self


def install() -> None:
    """Every MathTex and Tex compiles through the shared cache, and every SVG is parsed without
    a file of its own beside it."""
    SVGMobject.generate_mobject = generate_mobject
    tex_mobject.tex_to_svg_file = tex_to_svg_file
    manims_writer.tex_to_svg_file = tex_to_svg_file
