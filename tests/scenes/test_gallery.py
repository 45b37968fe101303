"""The widget gallery (engine/gallery.py): every toolkit widget has a runnable example in its
docstring, and the page shows each one's still beside its code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from manim import VGroup

from engine import gallery


def test_every_widget_has_a_gallery_example():
    missing = [w.where for w in gallery.widgets() if w.example is None]
    assert not missing, (
        "a widget without a gallery example; give its docstring a short runnable example "
        "(an indented code block after a blank line, see docs/authoring.md, 'The widget gallery'): "
        + "; ".join(missing)
    )


def test_a_widget_added_without_an_example_is_named(monkeypatch, tmp_path):
    import toolkit.vectors

    class Arrowhead(VGroup):
        """A new widget, no example yet."""

    Arrowhead.__module__ = "toolkit.vectors"
    monkeypatch.setattr(toolkit.vectors, "Arrowhead", Arrowhead, raising=False)
    assert "toolkit/vectors.py, class Arrowhead" in [w.where for w in gallery.widgets() if w.example is None]
    from engine.errors import RenderFailed

    with pytest.raises(RenderFailed, match=r"no gallery example: toolkit/vectors\.py, class Arrowhead"):
        gallery.build_gallery(tmp_path / "page", tmp_path / "cache", tmp_path / "tex")


def test_examples_are_the_first_indented_block_of_a_docstring():
    doc = """One line.

        x = 1
        y = 2

        z = 3
    Text again.

        other = 4
    """
    assert gallery.example_of(doc) == "x = 1\ny = 2\n\nz = 3"
    assert (
        gallery.example_of("""Only the example under it.

        widget = Thing()
    """)
        == "widget = Thing()"
    )
    assert gallery.example_of("No example.") is None


def test_the_gallery_shows_every_widget_with_its_code(tmp_path):
    # Stills cached with the tests' shared caches: drawn once per change of the toolkit.
    shared = Path(os.environ["LESSON_SHARED_CACHE"])
    result = gallery.build_gallery(tmp_path / "gallery", shared / "gallery-tests", shared / "tex")
    page = result.page.read_text(encoding="utf-8")
    names = [w.name for w in result.widgets]
    assert re.findall(r'<figure id="([^"]+)">', page) == names
    assert "PlaneVector" in names and "MatrixGrid" in names
    from PIL import Image

    for name in names:
        image = Image.open(tmp_path / "gallery" / f"{name}.png").convert("RGB")
        assert image.size == (854, 480)
        assert len(image.getcolors(1 << 16) or range(1 << 16)) > 8, f"{name}'s still is blank"
    # The code shown is the code run: the example, with the toolkit imports it needs.
    assert "from toolkit.vectors import PlaneVector" in page
    again = gallery.build_gallery(tmp_path / "again", shared / "gallery-tests", shared / "tex")
    assert again.drawn == 0 and again.cached == len(names)


def test_an_example_that_fails_is_named_with_its_error(monkeypatch, tmp_path):
    import toolkit.vectors
    from engine.errors import RenderFailed

    class Broken(VGroup):
        """A widget whose example does not run.

        For example:

            broken = Broken(nothing)
        """

    Broken.__module__ = "toolkit.vectors"
    monkeypatch.setattr(toolkit.vectors, "Broken", Broken, raising=False)
    shared = Path(os.environ["LESSON_SHARED_CACHE"])
    with pytest.raises(
        RenderFailed,
        match=r"the gallery example of toolkit/vectors\.py, class Broken failed: "
        r"NameError: name 'nothing' is not defined",
    ):
        gallery.build_gallery(tmp_path / "gallery", shared / "gallery-tests", shared / "tex")
