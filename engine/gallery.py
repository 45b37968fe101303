"""The widget gallery: a page with a still of every toolkit widget and the code that made it.

A widget is a public class of a `toolkit/` module that is a manim Mobject. Its docstring's
example (its first indented code block) is the code: run as it is written inside a
LessonScene's `construct` (`self` is the scene; manim's names and `np` are there, and the
toolkit and mathcore names it uses are imported for it: the lines shown above it on the page).
What it builds is shown: what it added to the scene, and every mobject it named that is neither
on screen in part nor part of another. A still is drawn at `-q l` (engine/worker.py,
`gallery_still`) and cached by its code, the theme and the source it runs on, so a second run
is instant.

    python render.py gallery                 # output/gallery/index.html
    python render.py gallery -o docs/gallery --theme light
"""

from __future__ import annotations

import ast
import hashlib
import html
import importlib
import inspect
import os
import pkgutil
import re
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLKIT = ROOT / "toolkit"


@dataclass(frozen=True)
class Widget:
    name: str
    module: str  # toolkit.vectors
    summary: str  # the docstring's first sentence or paragraph
    example: str | None  # the docstring's example, dedented; None when it has none

    @property
    def where(self) -> str:
        return f"{self.module.replace('.', '/')}.py, class {self.name}"


def example_of(doc: str | None) -> str | None:
    """The first indented code block of a docstring (after a blank line), dedented. The text's
    own indentation is its other lines' (or the closing quotes' line: a docstring whose only
    other line is its example)."""
    if not doc:
        return None
    lines = doc.expandtabs().splitlines()
    rest = [line for line in lines[1:] if line.strip()]
    if len(lines) > 1 and not lines[-1].strip():
        rest.append(lines[-1] + "x")  # the closing quotes' indentation
    margin = min((len(line) - len(line.lstrip()) for line in rest), default=0)
    block: list[str] = []
    for i, line in enumerate(lines):
        indented = bool(line.strip()) and len(line) - len(line.lstrip()) > margin
        if block:
            if indented or not line.strip():
                block.append(line)
                continue
            break
        if indented and i > 0 and not lines[i - 1].strip():
            block.append(line)
    while block and not block[-1].strip():
        block.pop()
    return textwrap.dedent("\n".join(block)) if block else None


def _summary(doc: str | None) -> str:
    text = inspect.cleandoc(doc or "").split("\n\n")[0]
    return " ".join(text.split())


def toolkit_modules() -> list[str]:
    return sorted(f"toolkit.{m.name}" for m in pkgutil.iter_modules([str(TOOLKIT)]))


def _is_mobject(cls: type) -> bool:
    return any(c.__name__ == "Mobject" and c.__module__.startswith("manim.") for c in cls.__mro__)


def widgets() -> list[Widget]:
    """Every toolkit widget, by module and name (the toolkit imports manim)."""
    found = []
    for module_name in toolkit_modules():
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if (
                name.startswith("_")
                or not inspect.isclass(obj)
                or obj.__module__ != module_name
                or not _is_mobject(obj)
            ):
                continue
            doc = obj.__dict__.get("__doc__")
            found.append(Widget(name, module_name, _summary(doc), example_of(doc)))
    return found


def _toolkit_names() -> dict[str, str]:
    """Every public name defined in a toolkit module -> its module (the first one, by name),
    and the numeric core's."""
    import mathcore

    names: dict[str, str] = dict.fromkeys(mathcore.__all__, "mathcore")
    for module_name in toolkit_modules():
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if not name.startswith("_") and getattr(obj, "__module__", None) == module_name and name not in names:
                names[name] = module_name
    return names


def runnable(widget: Widget) -> str:
    """The example with the toolkit imports it needs: the code the gallery runs and shows."""
    assert widget.example is not None
    tree = ast.parse(widget.example)
    assigned = {
        t.id
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.For, ast.With))
        for t in ast.walk(node)
        if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)
    }
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - assigned
    known = _toolkit_names()
    own = {
        k
        for k, v in vars(importlib.import_module(widget.module)).items()
        if getattr(v, "__module__", None) == widget.module and not k.startswith("_")
    }
    imports: dict[str, list[str]] = {}
    for name in sorted(used):
        module = widget.module if name in own else known.get(name)
        if module is not None:
            imports.setdefault(module, []).append(name)
    lines = [f"from {m} import {', '.join(names)}" for m, names in sorted(imports.items())]
    return "\n".join(lines + ([""] if lines else []) + [widget.example])


def _source_digest() -> str:
    h = hashlib.sha256()
    for path in [
        *sorted(TOOLKIT.glob("*.py")),
        *sorted((ROOT / "mathcore").glob("*.py")),
        Path(__file__),
        ROOT / "engine" / "worker.py",
    ]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def still_key(code: str, theme: str, quality: str, source: str) -> str:
    from importlib.metadata import version

    return hashlib.sha256("\0".join([code, theme, quality, source, version("manim")]).encode()).hexdigest()[:16]


@dataclass
class Gallery:
    page: Path
    widgets: list[Widget]
    drawn: int
    cached: int
    seconds: float


def build_gallery(
    out_dir: Path, cache_root: Path, tex_root: Path, theme: str = "dark", quality: str = "l", force: bool = False
) -> Gallery:
    started = time.perf_counter()
    everything = widgets()
    missing = [w for w in everything if w.example is None]
    if missing:
        from engine.errors import RenderFailed

        raise RenderFailed(
            f"{len(missing)} widget(s) have no gallery example: "
            + "; ".join(w.where for w in missing)
            + " (give each docstring a short runnable example, an indented code block)"
        )
    source = _source_digest()
    stills = cache_root / "gallery"
    stills.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    drawn = cached = 0
    shown = []
    for widget in everything:
        code = runnable(widget)
        cached_png = stills / f"{widget.name}-{still_key(code, theme, quality, source)}.png"
        if force or not cached_png.is_file():
            from engine.worker import ExampleFailed, gallery_still

            try:
                image = gallery_still(widget.name, code, theme, quality, tex_root, cache_root / "work" / "gallery")
            except ExampleFailed as e:
                from engine.errors import RenderFailed

                raise RenderFailed(f"the gallery example of {widget.where} failed: {e}") from e
            part = cached_png.with_suffix(f".{os.getpid()}.part")
            image.save(part, format="PNG")
            os.replace(part, cached_png)
            drawn += 1
        else:
            cached += 1
        target = out_dir / f"{widget.name}.png"
        part = target.with_suffix(".part")
        part.write_bytes(cached_png.read_bytes())
        os.replace(part, target)
        shown.append((widget, code))
    page = out_dir / "index.html"
    part = page.with_suffix(".part")
    part.write_text(page_html(shown, theme), encoding="utf-8")
    os.replace(part, page)
    return Gallery(page, everything, drawn, cached, time.perf_counter() - started)


def _code_spans(escaped: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def page_html(shown: list[tuple[Widget, str]], theme: str) -> str:
    from toolkit.theme import get_palette

    palette = get_palette(theme)
    modules: dict[str, list[tuple[Widget, str]]] = {}
    for widget, code in shown:
        modules.setdefault(widget.module, []).append((widget, code))
    toc = " · ".join(f'<a href="#{html.escape(w.name)}">{html.escape(w.name)}</a>' for w, _ in shown)
    sections = []
    for module, items in modules.items():
        figures = "\n".join(
            f'<figure id="{html.escape(w.name)}">\n<h3>{html.escape(w.name)}</h3>\n'
            f"<p>{_code_spans(html.escape(w.summary))}</p>\n"
            f'<img src="{html.escape(w.name)}.png" alt="A still of {html.escape(w.name)}, from the code below" '
            f'width="854" height="480" loading="lazy">\n'
            f"<pre><code>{html.escape(code)}</code></pre>\n</figure>"
            for w, code in items
        )
        sections.append(f"<section>\n<h2><code>{html.escape(module)}</code></h2>\n{figures}\n</section>")
    body = "\n".join(sections)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Widget gallery</title>
<style>
body {{ font-family: "DejaVu Sans", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
  background: #fafafa; color: #1a1a1a; line-height: 1.45; }}
figure {{ margin: 0 0 3rem; }}
img {{ max-width: 100%; height: auto; display: block; background: {palette.background};
  border: 1px solid #ccc; }}
pre {{ background: #f0f0f0; padding: 0.8rem; overflow-x: auto; border: 1px solid #ddd; }}
code {{ font-family: "DejaVu Sans Mono", monospace; font-size: 0.9rem; }}
nav {{ font-size: 0.9rem; }}
</style>
</head>
<body>
<h1>Widget gallery</h1>
<p>Every widget in <code>toolkit/</code>: a still of its docstring's example, and that example, run as
written inside a <code>LessonScene</code>'s <code>construct</code> (<code>self</code> is the scene; manim's
names and <code>np</code> are there). Made by <code>render.py gallery</code>, {len(shown)} widgets, theme
{html.escape(theme)}.</p>
<nav>{toc}</nav>
{body}
</body>
</html>
"""
