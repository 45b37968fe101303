"""One LaTeX cache that any number of processes share, each formula compiled once.

Upstream: `manim.utils.tex_file_writing.tex_to_svg_file` (replaced where manim looks it up: in
`tex_file_writing` and in `tex_mobject`), `SVGMobject.generate_mobject` (a copy of its body that
parses from memory), `Text._text2svg` and `MarkupText._text2svg` (wrapped) and
`manimpango.PangoUtils.remove_last_M` (as `text_mobject` sees it).

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

Verified. An SVG is sealed (toolkit/sealed.py: its name, size and sha256 on a last comment line)
and checked whenever a process first uses it: an empty, cut-short or changed SVG (a crash or a
full disk during a write, a damaged disk) is named in one line and compiled again, in place, by
the same rename. An SVG from before seals is used as it is if it parses.

Parsing. manim's SVGMobject parses an SVG through a modified copy that it writes beside it,
`<hash>_.svg`, and deletes afterwards: two processes parsing the same formula at the same moment
overwrote and deleted each other's copy, and one of them failed on a missing file (seen in the
suite's test of processes compiling the same new formulas at once). The modified copy is parsed
from memory instead.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import svgelements as se
from manim import RIGHT, config
from manim.mobject.svg.svg_mobject import SVGMobject
from manim.mobject.text import tex_mobject, text_mobject
from manim.mobject.text.text_mobject import MarkupText, Text
from manimpango import PangoUtils
from manim.utils import tex_file_writing as manims_writer
from manim.utils.tex import TexTemplate

from manim_patches.originals import manims
from toolkit import sealed

TARGETS = (
    "manim.utils.tex_file_writing:tex_to_svg_file",
    "manim.utils.tex_file_writing:compile_tex",
    "manim.mobject.svg.svg_mobject:SVGMobject.generate_mobject",
    "manim.mobject.text.text_mobject:Text._text2svg",
    "manim.mobject.text.text_mobject:MarkupText._text2svg",
    "manimpango:PangoUtils.remove_last_M",
)

# manim's own, kept (for the tests to compare with, and the pins) before install() replaces them.
manims(SVGMobject, "generate_mobject")
manims(manims_writer, "tex_to_svg_file")
for _cls in (Text, MarkupText):
    manims(_cls, "_text2svg")


def tex_to_svg_file(expression: str, environment: str | None = None, tex_template: TexTemplate | None = None) -> Path:
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
    if whole(svg, f"LaTeX cache entry for '{sealed.label(expression)}'", "compiling it again"):
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
        made = Path(manims_writer.convert_to_svg(tex.with_suffix(fmt), fmt)).read_bytes()
        if not _parses(made):  # dvisvgm cut short (a full disk): never sealed, never kept
            raise ValueError(f"dvisvgm wrote an unreadable SVG for {sealed.label(expression)!r}")
        sealed.put(svg, made)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return svg


_checked: set[tuple] = set()  # the SVGs this process has found whole, as they were then


def _parses(data: bytes) -> bool:
    try:
        return ET.fromstring(data).tag.endswith("svg")
    except ET.ParseError:
        return False


def whole(svg: Path, what: str, again: str) -> bool:
    """`svg` is there and whole (checked once per process and version of the file); a damaged
    one is noted, and False sends the caller to make it again."""
    try:
        st = svg.stat()
    except FileNotFoundError:
        return False
    seen = (svg, st.st_ino, st.st_mtime_ns, st.st_size)
    if seen in _checked:
        return True
    if sealed.get(svg, what, again, legacy=_parses) is None:
        return False
    _checked.add(seen)
    return True


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


def _verified_text2svg(text2svg):
    """Text's and MarkupText's `_text2svg`, which reuse a text's SVG in the worker's text folder
    when the file exists: a damaged one is noted and drawn again, and a new one finished (manim's
    `remove_last_M`, which it would otherwise apply in place on every use) and sealed. Pango
    writes it in place, so a crash can leave it half written; no other process reads this folder."""

    def verified(self, color):
        svg = config.get_dir("text_dir") / f"{self._text2hash(color)}.svg"
        made = not whole(svg, f"text cache entry for {self.text!r}", "drawing it again")
        if made:
            svg.unlink(missing_ok=True)
        path = text2svg(self, color)
        if made:
            try:
                PangoUtils.remove_last_M(str(svg))
                data = svg.read_bytes()
                if not _parses(data):  # Pango cut short (a full disk): never sealed, never kept
                    raise ValueError(f"Pango wrote an unreadable SVG for {self.text!r}")
                sealed.put(svg, data)
            except BaseException:
                svg.unlink(missing_ok=True)
                raise
        return path

    return verified


class _LastMRemovedWhenMade(PangoUtils):
    @staticmethod
    def remove_last_M(file_name: str) -> None:
        pass  # done once, before the SVG was sealed (_verified_text2svg)


def install() -> None:
    """Every MathTex and Tex compiles through the shared cache, every text's SVG is checked
    before it is reused, and every SVG is parsed without a file of its own beside it."""
    for cls in (Text, MarkupText):
        if not getattr(cls._text2svg, "verified", False):
            cls._text2svg = _verified_text2svg(cls._text2svg)
            cls._text2svg.verified = True
    text_mobject.PangoUtils = _LastMRemovedWhenMade
    SVGMobject.generate_mobject = generate_mobject
    tex_mobject.tex_to_svg_file = tex_to_svg_file
    manims_writer.tex_to_svg_file = tex_to_svg_file
