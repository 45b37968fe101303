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

from scene_runs import checked_run

# Other inputs per scene: each set is the storyboard's defaults with these overrides.
OTHER_INPUTS: dict[str, dict[str, dict]] = {
    "DotProductDefinition": {
        "long numbers": dict(a=(12.75, -3.5, 100.25), b=(0.04, 7.5, -2.25), a2=(1.5, -2.25, 0.75, 3),
                             b2=(4, 2.5, -6, 1.25)),
        "negative entries": dict(a=(-1, -2, -3), b=(4, -5, 6), a2=(-2, -1, -3), b2=(1, 4, 2)),
        "six entries": dict(a=(1, 2, 3, 4, 5, 6), b=(6, 5, 4, 3, 2, 1), a2=(2, -1, 3, 0, -2, 1),
                            b2=(1, 4, 2, 5, 3, -1)),
        "two entries, zero total": dict(a=(3, 4), b=(-4, 3), a2=(0.5, -0.5), b2=(2, 2)),
    },
    "VectorAlignment": {
        "near the axes": dict(a=(3, 0.05), b=(0.02, 2)),
        "negative entries": dict(a=(-2.5, -1.5), b=(1.25, -3.75)),
        "short vectors": dict(a=(0.3, 0.1), b=(0.1, 0.4)),
        "long vectors": dict(a=(12, 5), b=(-3, 9)),
    },
    "CosineRelation": {
        "near the axes": dict(a=(3, 0), b=(0, 2), u=(1, 0, 0), v=(0, 1, 0), scale=0.5),
        "long numbers": dict(a=(-1.5, 2.5), b=(2, -0.5), u=(1.25, -2.5, 3.75, -5), v=(-2, 4.5, 0.5, 1), scale=3),
        "negative entries": dict(a=(-0.5, -0.2), b=(-0.4, 0.6), u=(-1, -2), v=(-3, -4), scale=1.5),
    },
    "WeightedSumNeuron": {
        "long numbers": dict(w=(0.25, -1.5, 2.75, -0.5), x=(10, -4, 3.5, 8), bias=12.5, activation="relu",
                             w_signs=(-2, 0, 1.5, 0.25)),
        "two inputs": dict(w=(1, 2), x=(-3, 4), bias=0, activation="identity", w_signs=(1, -1)),
        "six inputs": dict(w=(1, 2, 3, 4, 5, 6), x=(6, 5, 4, 3, 2, 1), bias=-100, w_signs=(1, -1, 0, 1, -1, 0)),
    },
    "AttentionScore": {
        "four dimensions": dict(q=(1.5, -2.25, 0.75, 3), keys=((1, 0.5, -2, 1), (-1.25, 2, 0.5, -3), (0.5, 0.5, 0.5, 0.5),
                                                                (2, -1, 0, 1.75)), words=("bank", "river", "money", "tree")),
        "negative query": dict(q=(-0.5, -0.3, 0.2)),
        "two keys, long words": dict(q=(0.6, -0.8), keys=((0.9, 0.1), (-0.2, 0.95)),
                                     words=("understanding", "photosynthesis")),
        "six keys": dict(keys=((0.4, 0.8, 0.1), (0.3, 0.1, 0.4), (-0.3, 0.1, 0.6), (0.1, -0.5, 0.2), (0.9, 0.9, -0.9),
                               (-0.6, -0.6, 0.1)), words=("bank", "river", "money", "tree", "loan", "shore")),
    },
    "SimilarityInEmbeddingSpace": {
        "near the axes": dict(words=("king", "queen", "banana"), vectors=((0.95, 0.05), (0.9, 0.2), (0.05, -0.98))),
        "negative entries": dict(words=("sun", "moon", "tax"), vectors=((-0.9, -0.3), (-0.8, -0.5), (0.2, -0.9)),
                                 scale=0.5),
        "long words and numbers": dict(words=("photosynthesis", "chlorophyll", "skyscraper"),
                                       vectors=((3.5, 1.25), (2.75, 1.5), (-1.25, 4)), scale=3),
    },
    "LayerAsMatmul": {
        "4x4, long numbers": dict(W=((1.25, -2.5, 0.75, 3), (0.5, 1, -1, 2), (-3.25, 0.5, 2, 1), (2, 2, -0.5, -1.75)),
                                  x=(4.5, -5, 6.25, 1), bias=(-30.5, 2, -10, 0.25)),
        "two neurons, negative": dict(W=((-1, -2), (-0.5, 3)), x=(-4, 5), bias=(1, -2)),
        "4 neurons, 2 inputs": dict(W=((1, 2), (3, 4), (-5, 6), (7, -8)), x=(9, 10), bias=(0, 0, 0, 0)),
    },
    "RowByColumnMatmul": {
        "4x4": dict(A=((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12), (13, 14, 15, 16)),
                    B=((1, 0, 2, -1), (3, 1, 0, 2), (-2, 4, 1, 0), (0, 1, -3, 5))),
        "negative entries": dict(A=((-1, -2), (3, -4)), B=((5, -6), (-7, 8))),
        "long numbers": dict(A=((1.25, -2.5, 10.75),), B=((3.5,), (-4.25,), (0.5,))),
    },
    "ShapeRule": {
        "4x4 by 4x1": dict(A=((1, 2, 3, 4),) * 4, B=((1,), (2,), (3,), (4,)), bad_B=((1, 2, 3),) * 3),
        "1x3 by 3x4": dict(A=((1, -2, 3),), B=((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12)), bad_B=((1, 2), (3, 4))),
        "negative, long": dict(A=((-1.25, 2.5), (3.75, -4)), B=((10.5, -2), (0.25, 7)), bad_B=((1, 2),)),
    },
    "MatrixAsTransformation": {
        "stretch and swap": dict(A=((2, 0), (0, 0.5)), B=((0, 1), (1, 0))),
        "reflection and shear": dict(A=((-1, 0), (0, 1)), B=((1, 0.5), (0, 1))),
        "rotation-like": dict(A=((0.5, -1), (1, 0.5)), B=((1, 0), (1, 1))),
        "singular, two decimals": dict(A=((1, 2), (0.5, 1)), B=((-1.25, 2.5), (1.5, -0.75))),
    },
    "TitleCard": {
        "long title": dict(title="Scaling dot products: matrix multiplication"),
        "short title": dict(title="Vectors"),
        "long course": dict(course="Math Foundation · Vectors, Matrices & Their Many Uses", title="The dot product"),
    },
    "ClosingCard": {
        "one point": dict(points=("Two vectors in, one number out.",)),
        "long points": dict(points=("Matrix multiplication is every row of A dotted with every column of B.",
                                    "The inner dimensions must match and vanish.",
                                    "(m×n)(n×p) = m×p: the outer dimensions give the result's shape.")),
        "long title": dict(title="Scaling dot products: matrix multiplication"),
    },
}

# Scene and input set pairs whose layout still has findings: each one names what is left.
# They are strict: the day one passes, the suite says so and the entry must go.
NOT_YET: dict[tuple[str, str], str] = {
    ("DotProductDefinition", "six entries"): "six-entry columns over the written-out line fall under 3%",
    ("SimilarityInEmbeddingSpace", "long words and numbers"): "three long words at heading size on both sides "
    "of a plane in a region ~5 units wide: WordPlane.place_in has no fixed point (the words overhang more than "
    "the region), the grid shrinks to nothing; the words overlap and the readouts are 2.86% tall",
    ("MatrixAsTransformation", "singular, two decimals"): "A squashes the plane onto a line, so î's and ĵ's "
    "labels (MovingPlane.LABEL_AT moved by the plane's matrix) land on each other; and two-decimal entries make "
    "A · B = AB wider than the panel can hold at body size (live matrix and products 2.85% tall)",
}


def scene_class(name: str):
    spec = SCENES[name]
    return getattr(importlib.import_module(spec.module), name)


def cases(fast: bool):
    out = []
    for name in SCENES:
        def marks(label: str) -> list:
            left = NOT_YET.get((name, label))
            return [pytest.mark.xfail(reason=f"not yet composed (issue 13): {left}", strict=True)] if left else []

        if fast:
            out.append(pytest.param(name, "storyboard", None, marks=marks("storyboard"), id=f"{name}-storyboard"))
        else:
            for label, overrides in OTHER_INPUTS.get(name, {}).items():
                out.append(pytest.param(name, label, overrides, marks=marks(label) + [pytest.mark.slow],
                                        id=f"{name}-{label.replace(' ', '_')}"))
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
        str(f) for f in findings)


@pytest.mark.parametrize("name, label, overrides", cases(fast=True))
def test_storyboard_inputs_are_composed(name, label, overrides):
    assert_composed(name, label, overrides)


@pytest.mark.parametrize("name, label, overrides", cases(fast=False))
def test_other_inputs_are_composed(name, label, overrides):
    assert_composed(name, label, overrides)


def test_every_scene_has_three_other_input_sets():
    for name in SCENES:
        assert len(OTHER_INPUTS.get(name, {})) >= 3, name


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
    beside = DashedLine(word.get_corner([-1, -1, 0]) + np.array([0, -0.2, 0]),
                        word.get_corner([1, -1, 0]) + np.array([0, -0.2, 0]))
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
    filling = Circle(radius=0.3).stretch_to_fit_width(layout.STAGE.width).stretch_to_fit_height(
        layout.STAGE.height).move_to(layout.STAGE.center)
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
        big = Rectangle(width=0.9 * layout.SAFE.width, height=0.9 * layout.SAFE.height, stroke_width=0,
                        fill_opacity=0.2).move_to(layout.SAFE.center)
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
