"""The one highlight (toolkit/light.py): at its peak a lit thing stands out MORE from what is
behind it than at rest, a box, frame, line or arrow keeps its size, a label does not grow into
its box or onto its edge, everything is back as it was at the end; and no scene or widget calls
manim's Indicate instead."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Line, MathTex, Polygon, Scene, SurroundingRectangle, VGroup, tempconfig

import scene_runs  # noqa: F401 - the tests' LaTeX caches, and the patches installed
from toolkit.light import MAX_PULSE, Light, contrast, light
from toolkit.style import colour

ROOT = Path(__file__).resolve().parents[2]
ROLES = ["highlight", "a", "b", "result", "positive", "negative"]


def _rgb(m, fill=True):
    from manim import ManimColor

    return np.array(ManimColor(m.get_fill_color() if fill else m.get_stroke_color()).to_rgb())


def _over(top, opacity, below):
    return np.asarray(top) * opacity + np.asarray(below) * (1 - opacity)


def _glyphs(mob):
    return [g for g in mob.family_members_with_points() if g.get_fill_opacity() > 0.5 and g.width < 1.5]


def _peak(scene, anim, at=0.5):
    anim._setup_scene(scene)
    anim.begin()
    anim.interpolate(at)


def _dry():
    return tempconfig({"dry_run": True, "progress_bar": "none", "verbosity": "ERROR", **scene_runs.TEX_CACHE})


def _bg():
    return _rgb(VGroup().set_fill(colour("background"), 1))


def test_a_label_on_its_plate_over_a_half_plane_gains_contrast():
    """VectorAlignment's "a·b < 0" on its opaque plate of background, over the grey half-plane:
    Indicate turned the plate white with the label, and the label vanished into it (review, about
    82 s into the dot-product lesson). Lit, each glyph's contrast against the plate under it is
    at least its resting contrast, and the plate keeps its colour."""
    with _dry():
        scene = Scene()
        half = Polygon(LEFT * 6 + DOWN * 3, RIGHT * 2 + DOWN * 3, LEFT * 6 + UP * 3)
        half.set_fill(colour("negative"), opacity=0.12).set_stroke(width=0)
        label = MathTex(r"\mathbf{a}\cdot\mathbf{b} < 0", color=colour("negative"), font_size=60)
        label.move_to(LEFT * 4 + DOWN * 2)
        label.add_background_rectangle(color=colour("background"), opacity=1.0, buff=0.08)
        scene.add(half, label)
        plate = label.background_rectangle

        def seen():
            under = _over(_rgb(half), half.get_fill_opacity(), _bg())
            behind = _over(_rgb(plate), plate.get_fill_opacity(), under)
            return min(contrast(_rgb(g), behind) for g in _glyphs(label) if g is not plate), behind

        rest, rest_behind = seen()
        _peak(scene, light(label, "highlight"))
        lit, lit_behind = seen()
        assert lit >= rest, f"the lit label stands out less than at rest: {lit:.2f} < {rest:.2f}"
        assert np.allclose(lit_behind, rest_behind, atol=0.01), "the label's plate changed colour"


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("role", ROLES)
def test_lit_glyphs_never_lose_contrast_against_the_background(role, theme):
    """In every role and theme, over the bare background, a lit glyph of any of the palette's
    colours stands out at least as much as at rest."""
    from toolkit.style import palette, use_palette
    from toolkit.theme import get_palette

    was = palette()
    use_palette(get_palette(theme))
    try:
        with _dry():
            scene = Scene()
            scene.camera.background_color = colour("background")
            row = VGroup(*(MathTex("x", color=colour(r)) for r in ROLES + ["text", "muted"])).arrange(RIGHT)
            scene.add(row)
            rest = [contrast(_rgb(g), _bg()) for g in _glyphs(row)]
            _peak(scene, light(row, role))
            lit = [contrast(_rgb(g), _bg()) for g in _glyphs(row)]
            assert all(b >= a - 1e-6 for a, b in zip(rest, lit)), list(zip(rest, lit))
    finally:
        use_palette(was)


def test_a_box_keeps_its_size_and_its_label_stays_inside():
    """WeightedSumNeuron's bias: "β = −30" in its box. Lit (the box with it, or the label alone),
    the box's outline stays where it was and the label does not grow toward it: Indicate swelled
    them, and the box's border cut through the label (review, about 245.8 s)."""
    with _dry():
        for lit_box in (True, False):
            scene = Scene()
            label = MathTex(r"\beta", "=", "-30", font_size=60)
            box = SurroundingRectangle(label, buff=0.2, stroke_width=4, corner_radius=0.12)
            scene.add(box, label)
            box_points, label_width = box.points.copy(), label.width
            _peak(scene, light(VGroup(box, label) if lit_box else label, "highlight"))
            assert np.allclose(box.points, box_points), "the box moved or swelled"
            assert label.width == pytest.approx(label_width, rel=1e-6), "the label grew inside its box"


def test_a_weight_on_its_edge_does_not_grow_onto_it():
    """w₂ sits over its edge: Indicate's 1.2 scaled it down over the line, which struck through
    it (review). Lit, it grows at most MAX_PULSE, its bottom stays above the edge, and a halo of
    background colour is behind its glyphs."""
    with _dry():
        scene = Scene()
        edge = Line(LEFT * 3, RIGHT * 1, stroke_width=3)
        w = MathTex(r"w_{\textstyle 2} = -1", font_size=60).next_to(edge, UP, buff=0.06).align_to(edge, LEFT)
        scene.add(edge, w)
        width = w.width
        _peak(scene, light(w, "a"))
        assert w.width <= width * MAX_PULSE + 1e-9
        assert w.get_bottom()[1] > edge.get_center()[1] + edge.stroke_width * 0.01 / 2
        assert all(g.get_stroke_width(background=True) > 0 for g in _glyphs(w)), "no halo behind the lit glyphs"


def test_lines_arrows_and_frames_keep_their_places_and_all_comes_back():
    """An arrow is a vector: lit, its tail and tip stay (Indicate grew it about its middle, its
    tail off the origin); a line and a frame keep their paths. At the end every part is back as
    it was, colours and all."""
    with _dry():
        scene = Scene()
        arrow = Arrow(np.zeros(3), RIGHT * 2 + UP, buff=0, color=colour("a"))
        line = Line(LEFT, RIGHT, color=colour("muted"))
        frame = SurroundingRectangle(MathTex("58"), color=colour("highlight"))
        parts = VGroup(arrow, line, frame)
        scene.add(parts)
        before = [
            (m.points.copy(), m.fill_rgbas.copy(), m.stroke_rgbas.copy(), m.stroke_width) for m in parts.get_family()
        ]
        anim = light(parts, "result", run_time=0.4)
        assert anim.run_time == 0.4
        _peak(scene, anim)
        for m, (points, *_) in zip(parts.get_family(), before):
            assert np.allclose(m.points, points), f"{type(m).__name__} moved"
        assert arrow.stroke_width > before[0][3], "a lit arrow is drawn thicker"
        anim.interpolate(1.0)
        anim.finish()
        for m, (points, fill, stroke, width) in zip(parts.get_family(), before):
            assert np.allclose(m.points, points) and np.allclose(m.fill_rgbas, fill)
            assert np.allclose(m.stroke_rgbas, stroke) and m.stroke_width == width


def test_light_is_an_animation_of_the_time_it_is_given():
    """As Indicate: one second unless told, any rate function, and play's `until=` sets it."""
    label = VGroup()
    assert isinstance(light(label), Light) and light(label).run_time == 1.0
    assert light(label, run_time=0.3).run_time == 0.3


def test_no_scene_or_widget_calls_indicate():
    """One highlight in the codebase: every lit thing goes through toolkit.light, which is why
    its rules (contrast up, no growing boxes) hold everywhere."""
    calls = []
    for path in sorted([*ROOT.glob("scenes/*.py"), *ROOT.glob("toolkit/*.py")]):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(?<![\w.])Indicate\(", line.split("#")[0]):
                calls.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not calls, "call toolkit.light.light instead of manim's Indicate:\n" + "\n".join(calls)


def test_a_label_grown_away_keeps_its_edge_and_its_hue():
    """The neuron's lit input name grows away from its node (GrowAway, a light about an edge):
    its edge stays put, it grows at most MAX_PULSE (Indicate's 1.3 crowded the "· 4" beside a
    lit "1"), and lit in its own colour it stands out more and keeps its hue."""
    from toolkit.neuron import GrowAway

    with _dry():
        scene = Scene()
        scene.camera.background_color = colour("background")
        name = MathTex(r"x_{\textstyle 1} = 4", color=colour("b"), font_size=60)
        scene.add(name)
        left, width, rest = name.get_left().copy(), name.width, _rgb(_glyphs(name)[0])
        _peak(scene, GrowAway(name, edge=LEFT))
        assert np.allclose(name.get_left(), left, atol=1e-6), "the edge it grows away from moved"
        assert width < name.width <= width * MAX_PULSE + 1e-9
        lit = _rgb(_glyphs(name)[0])
        assert contrast(lit, _bg()) > contrast(rest, _bg())
        assert np.argmax(lit) == np.argmax(rest), "lit in its own colour, it changed hue"


def test_a_spot_lights_the_cell_itself_with_nothing_behind_it():
    """The cell being worked on (RowByColumnMatmul's pair, ShapeRule's meeting n's) is lit as
    itself: its own figure, laid over it in the role's colour. Not a pale patch behind it: on the
    22% white patch B's digits fell to 2.3:1 from 4.6:1 (review)."""
    from manim import Rectangle

    from toolkit.matrices import MatrixGrid

    with _dry():
        B = MatrixGrid([[7, 8], [9, 10], [11, 12]], "b", "B")
        for r, c in ((0, 0), (2, 1)):
            cell, mark = B.cell(r, c), B.spot(r, c)
            assert not any(isinstance(m, Rectangle) for m in mark.get_family()), "a patch or frame"
            assert np.allclose(mark.get_all_points(), cell.get_all_points()), "not laid over its figure"
            lit, rest = _rgb(mark), _rgb(cell)
            assert contrast(lit, _bg()) > contrast(rest, _bg())
