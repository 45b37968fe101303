"""Every frame composed: the layout check (toolkit/layout_check.py) over every scene of both
lessons, with the storyboard's inputs (fast tier) and at least three other input sets each
(slow tier: long numbers, negative entries, 4x4 matrices, vectors near the axes, long words).

A failure names the beat, the moment, the mobjects (by their text) and the overlap in % of the
frame height. Exceptions are declared in the scene (`self.layout_allows(..., reason=...)`).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from manim import Arrow, Circle, DashedLine, Line, MathTex, Rectangle, Scene, Text, tempconfig

from scenes.catalog import SCENES
from toolkit import layout
from toolkit.layout_check import check_frame
from toolkit.lesson_scene import LessonScene

from scene_inputs import OTHER_INPUTS
from scene_runs import checked_run, same_worker


def scene_class(name: str):
    spec = SCENES[name]
    return getattr(importlib.import_module(spec.module), name)


def cases(fast: bool):
    out = []
    for name in SCENES:
        group = same_worker(SCENES[name].module)
        if fast:
            out.append(pytest.param(name, "storyboard", None, marks=[group], id=f"{name}-storyboard"))
        else:
            for label, overrides in OTHER_INPUTS.get(name, {}).items():
                out.append(
                    pytest.param(
                        name, label, overrides, marks=[group, pytest.mark.slow], id=f"{name}-{label.replace(' ', '_')}"
                    )
                )
    return out


def assert_composed(name: str, label: str, overrides: dict | None) -> None:
    try:
        cls = scene_class(name)
    except (ImportError, AttributeError) as e:
        pytest.fail(f"{name} cannot be imported: {e}")
    assert issubclass(cls, LessonScene)
    scene = checked_run(cls, overrides)
    findings = scene.layout_findings
    assert not findings, f"{name} ({label} inputs): {len(findings)} layout findings\n" + "\n".join(
        str(f) for f in findings
    )


@pytest.mark.parametrize("name, label, overrides", cases(fast=True))
def test_storyboard_inputs_are_composed(name, label, overrides):
    assert_composed(name, label, overrides)


@pytest.mark.parametrize("name, label, overrides", cases(fast=False))
def test_other_inputs_are_composed(name, label, overrides):
    assert_composed(name, label, overrides)


def test_every_scene_has_three_other_input_sets():
    short = {name: len(OTHER_INPUTS.get(name, {})) for name in SCENES if len(OTHER_INPUTS.get(name, {})) < 3}
    assert not short, "; ".join(
        f"{name} has {n} other input set{'s' * (n != 1)}: give it at least 3 in "
        f"examples= of its @scene in scenes/catalog.py"
        for name, n in short.items()
    )


# --- the check itself: it finds what it must, and only that ----------------------------------


def kinds(mobjects, **kwargs) -> list[str]:
    return sorted(f.kind for f in check_frame(mobjects, beat="test", **kwargs))


def big_math(s: str) -> MathTex:
    return MathTex(s, font_size=48)


def test_a_clean_frame_has_no_findings():
    formula = big_math(r"a \cdot b = 32").move_to(layout.TOP.center)
    arrow = Arrow(layout.MAIN.center + 2 * np.array([-1, 0, 0]), layout.MAIN.center, buff=0)
    label = big_math("a").next_to(arrow, np.array([0, 1, 0]), buff=0.15)
    assert kinds([formula, arrow, label]) == []


def test_text_in_the_caption_band_and_outside_the_safe_area():
    low = big_math("32").move_to([0, -layout.FRAME_H / 2 + 0.3, 0])
    wide = big_math("7").move_to([layout.FRAME_W / 2 - 0.1, 0, 0])
    found = check_frame([low, wide], beat="b")
    assert {f.kind for f in found} == {"caption band", "outside safe"}
    band = next(f for f in found if f.kind == "caption band")
    # The 32 sits 0.3 above the frame's bottom; the band is 12% of the frame: so deep in it.
    expected = 100 * (layout.SAFE.bottom - low.get_bottom()[1]) / layout.FRAME_H
    assert band.overlap == pytest.approx(expected, abs=0.05)
    assert band.first == "32" and band.beat == "b"


def test_overlapping_texts_are_named_with_their_overlap():
    a = big_math("1.66").move_to([0, 1, 0])
    b = big_math("2.16").move_to(a.get_center() + np.array([0.3, 0.1, 0]))
    found = check_frame([a, b], beat="shadow")
    assert [f.kind for f in found] == ["text overlap"]
    assert {found[0].first, found[0].second} == {"1.66", "2.16"}
    assert found[0].overlap > 1.0  # well over 1% of the frame height


def test_parts_of_one_formula_never_collide_with_each_other():
    assert kinds([MathTex("a", r"\cdot", "b", "=", "3.60", font_size=48)]) == []


def test_a_line_through_text_is_found_and_one_beside_it_is_not():
    word = Text("dog", font_size=40).move_to([1, 1, 0])
    through = Line(word.get_left() + np.array([-1, 0, 0]), word.get_right() + np.array([1, 0, 0]))
    beside = DashedLine(
        word.get_corner([-1, -1, 0]) + np.array([0, -0.2, 0]), word.get_corner([1, -1, 0]) + np.array([0, -0.2, 0])
    )
    found = check_frame([word, through, beside], beat="b")
    assert [(f.kind, f.first) for f in found] == [("text on line", "dog")]
    assert "Line" in found[0].second


def test_a_line_only_touching_a_box_corner_is_not_a_crossing():
    word = big_math("8").move_to(layout.MAIN.center)
    corner = word.get_corner([1, 1, 0])
    diagonal = Line(corner + np.array([0.005, 0.005, 0]), corner + np.array([1, 1, 0]))
    assert kinds([word, diagonal]) == []


def test_a_box_around_its_text_does_not_cross_it():
    from manim import SurroundingRectangle

    total = big_math("32").move_to(layout.MAIN.center)
    assert kinds([total, SurroundingRectangle(total, buff=0.1)]) == []


def test_small_text_is_measured_by_its_digits_not_its_minus_sign():
    assert kinds([MathTex("-", font_size=48).move_to(layout.MAIN.center)]) == []
    tiny = MathTex("0.87", font_size=20).move_to(layout.MAIN.center)
    assert kinds([tiny]) == ["small text"]
    # Scaling after building counts: a body-size formula shrunk to fit is small.
    shrunk = MathTex("0.87", font_size=48).scale(0.5).move_to(layout.MAIN.center)
    assert kinds([shrunk]) == ["small text"]


def test_an_empty_stage_is_found_at_the_end():
    dot = Circle(radius=0.3).move_to(layout.STAGE.center)
    assert kinds([dot], region=layout.STAGE) == ["empty stage"]
    filling = (
        Circle(radius=0.3)
        .stretch_to_fit_width(layout.STAGE.width)
        .stretch_to_fit_height(layout.STAGE.height)
        .move_to(layout.STAGE.center)
    )
    assert kinds([filling], region=layout.STAGE) == []


def test_faded_out_text_is_not_checked():
    ghost = big_math("32").move_to([0, -layout.FRAME_H / 2 + 0.3, 0]).set_opacity(0)
    assert kinds([ghost]) == []


class _Allowing(LessonScene):
    def construct(self) -> None:
        label = MathTex(r"\mathbf{b}", font_size=48).move_to(layout.MAIN.center)
        arrow = Line(label.get_left() + np.array([-1, 0, 0]), label.get_right() + np.array([1, 0, 0]))
        other = Line(label.get_bottom() + np.array([0, -1, 0]), label.get_top() + np.array([0, 1, 0]))
        # Something that fills the stage, drawn without an outline.
        big = Rectangle(
            width=0.9 * layout.SAFE.width, height=0.9 * layout.SAFE.height, stroke_width=0, fill_opacity=0.2
        ).move_to(layout.SAFE.center)
        self.layout_allows(label, arrow, reason="the label sits on its own arrow")
        with self.beat("A label on its own line, crossed by another.", name="allowed"):
            self.add(big, label, arrow, other)


def test_exceptions_are_declared_in_the_scene_with_a_reason():
    with tempconfig({"dry_run": True, "frame_rate": 1, "progress_bar": "none", "verbosity": "ERROR"}):
        scene = _Allowing(check_layout=True)
        scene.render()
    found = scene.layout_findings
    # The declared pair is allowed; the vertical line that crosses the same label is not.
    assert [(f.kind, f.first, f.beat) for f in found] == [("text on line", r"\mathbf{b}", "allowed")]
    with pytest.raises(ValueError, match="needs a reason"):
        _Allowing().layout_allows(Circle(), reason=" ")


def test_checking_is_off_in_a_normal_render():
    scene = _Allowing()
    assert scene.layout_checker is None and scene.layout_findings == []
    assert isinstance(scene, Scene)


def test_an_unknown_colour_role_lists_the_roles():
    from toolkit.style import colour

    with pytest.raises(
        ValueError,
        match=r"^no colour role 'purple': the palette's roles are background, text, muted, "
        r"grid, a, b, result, positive, negative, highlight \(toolkit/theme.py\)$",
    ):
        colour("purple")
