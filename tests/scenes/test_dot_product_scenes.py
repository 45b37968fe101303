"""Lesson 1 scenes: the figures they show (against numpy and the lesson text), their input
errors (their last frames: frames/test_dot_product_frames.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mathcore import InputError
from scenes.catalog import (
    AttentionScoreParams,
    CosineRelationParams,
    DotProductDefinitionParams,
    VectorAlignmentParams,
    WeightedSumNeuronParams,
)
from scenes.dot_product import (
    AttentionScore,
    CosineRelation,
    DotProductDefinition,
    VectorAlignment,
    WeightedSumNeuron,
)
from toolkit.params import build

from scene_runs import same_worker, checked_run, dry_run

pytestmark = same_worker("scenes.dot_product")


@pytest.fixture(scope="module")
def shown():
    """Each scene rendered once with its defaults: (scene, everything it showed as one string)."""
    out = {}
    for cls in (DotProductDefinition, VectorAlignment, CosineRelation, WeightedSumNeuron, AttentionScore):
        scene = checked_run(cls)
        out[cls.__name__] = (scene, " | ".join(scene.shown_strings()))
    return out


def beat_readouts(scene, name):
    return next(b for b in scene.beats if b.name == name).readouts


def test_every_scene_has_captioned_beats_of_readable_length(shown):
    for name, (scene, _) in shown.items():
        assert 4 <= len(scene.beats) <= 8, name
        assert all(b.caption.strip() for b in scene.beats), name
        assert 20 <= scene.beats[-1].end <= 90, (name, scene.beats[-1].end)


def test_definition_figures(shown):
    scene, s = shown["DotProductDefinition"]
    a, b = np.array([1, 2, 3]), np.array([4, 5, 6])
    assert list(a * b) == [4, 10, 18] and int(a @ b) == 32
    assert "4 + 10 + 18 = 32" in s  # the lesson: 4 + 10 + 18 = 32
    a2, b2 = np.array([2, -1, 3]), np.array([1, 4, 2])
    assert list(a2 * b2) == [2, -4, 6] and int(a2 @ b2) == 4
    assert "2 - 4 + 6 = 4" in s  # the lesson: 2 - 4 + 6 = 4
    # Each pair written out as it is multiplied, a negative factor in brackets.
    assert "1 \\cdot 4 + 2 \\cdot 5 + 3 \\cdot 6 =" in s
    assert "(-1) \\cdot 4" in s and "Two vectors in, one number out." in s
    # The running total steps +2, -4, +6 and ends on 4, marked; no live readout is left behind.
    assert ["+2", "-4", "+6"] == [t for t in s.split(" | ") if t in ("+2", "-4", "+6")][:3]
    assert beat_readouts(scene, "trade-off") == ()
    assert scene.beats[-1].caption == "Two vectors in, one number out."


def test_definition_links_the_formulas_n_to_the_example(shown):
    """Σ to n, and the example's three terms: "n = 3" under the written-out terms, said as such."""
    scene, s = shown["DotProductDefinition"]
    n = len(DotProductDefinitionParams().a2)
    assert n == 3 == len(np.array([2, -1, 3]) * np.array([1, 4, 2]))
    beat = next(b for b in scene.beats if b.name == "n terms")
    assert beat.caption.startswith(f"Here n is {n}: the sum has {n} terms")
    assert f"n = {n}" in s.split(" | ")


def test_definition_follows_other_inputs():
    scene = dry_run(DotProductDefinition, {"a": [1.5, -2, 0.5, 3], "b": [2, 1, -4, 1], "a2": [1, 1], "b2": [-3, 1]})
    s = " | ".join(scene.shown_strings())
    assert "3 - 2 - 2 + 3 = 2" in s
    assert "-3 + 1 = -2" in s
    assert "n = 2" in s.split(" | ") and "Here n is 2" in scene.beats[-2].caption


def test_alignment_figures(shown):
    scene, s = shown["VectorAlignment"]
    a, b = np.array([1.8, 1.2]), np.array([0.8, 1.8])
    angle = math.degrees(math.acos(a @ b / np.linalg.norm(a) / np.linalg.norm(b)))
    assert f"{a @ b:.2f}" == "3.60" and f"{angle:.1f}" == "32.3"
    assert beat_readouts(scene, "alignment") == ("1.80", "1.20", "0.80", "1.80", "3.60", "32.3")
    # The sweep stops at perpendicular (0.00, 90.0) and at opposite (-|a||b|, 180.0).
    assert beat_readouts(scene, "90 degrees")[-2:] == ("0.00", "90.0")
    assert beat_readouts(scene, "180 degrees")[-2:] == (f"{-np.linalg.norm(a) * np.linalg.norm(b):.2f}", "180.0")
    # The summary names high positive, near zero, negative, in that order, and ends where it
    # ends its words: b opposite a.
    assert beat_readouts(scene, "full turn")[-2:] == (f"{-np.linalg.norm(a) * np.linalg.norm(b):.2f}", "180.0")
    summary = scene.beats[-1]
    assert [m for m, _ in summary.marks][:5:2] == ["pos", "zero", "neg"]
    assert summary.caption.index("positive") < summary.caption.index("zero") < summary.caption.index("negative")
    for verdict in ("similar directions", "perpendicular", "opposite directions"):
        assert verdict in s
    # The caption says what the viewer sees: b turning, not a widget to drag.
    assert "Drag" not in scene.beats[0].caption and "turns" in scene.beats[0].caption
    # ...and the angle it names is on screen from that first beat (b is back where it began).
    assert "angle" in scene.beats[0].caption and beat_readouts(scene, "widget") == beat_readouts(scene, "alignment")


def test_alignment_figures_add_up_as_shown(shown):
    # Where b stands, a viewer can work a·b from the coordinates on screen and get the figure
    # beside them: at 90° b = [−1.09, 1.64] gave 0.006 beside "0.00" (review).
    scene, _ = shown["VectorAlignment"]
    for beat in scene.beats:
        ax, ay, bx, by, ab, _ = (float(r.replace("\u2212", "-")) for r in beat.readouts)
        assert f"{ax * bx + ay * by:.2f}".replace("-0.00", "0.00") == f"{ab:.2f}", beat.name


def test_alignment_turns_b_counter_clockwise_from_stop_to_stop():
    # b's angle where each beat ends never goes back: after its turn once round, b went 300°
    # clockwise, through a and opposite, to "a quarter turn from a" (review, dp 90-92 s).
    ends = []

    class Recorded(VectorAlignment):
        def beat_ended(self):
            super().beat_ended()
            ends.append(self.phi.get_value())

    scene = dry_run(Recorded)
    assert len(ends) == len(scene.beats)
    assert all(b >= a - 1e-9 for a, b in zip(ends, ends[1:])), np.degrees(ends)


def test_alignment_follows_other_inputs():
    scene = dry_run(VectorAlignment, {"a": [2, 0], "b": [-1, 1]})
    assert scene.beats[1].readouts[-2:] == ("-2.00", "135.0")
    assert "negative" in scene.beats[1].caption
    names = [b.name for b in scene.beats]
    assert names[3:6] == ["180 degrees", "270 degrees", "90 degrees"]


def test_cosine_figures(shown):
    scene, s = shown["CosineRelation"]
    u, v = np.array([1, 2, 3]), np.array([4, 5, 6])
    cos_uv = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    assert f"{cos_uv:.4f}" == "0.9746" and "0.9746" in s
    left, right = beat_readouts(scene, "identity")[:2]
    assert left == right == "3.60"
    # The right side multiplied out from the figures as shown: 2.16 × 1.97 × 0.84 is 3.57, so ≈.
    a1, b1 = np.array([1.8, 1.2]), np.array([0.8, 1.8])
    la, lb = np.linalg.norm(a1), np.linalg.norm(b1)
    cos1 = a1 @ b1 / (la * lb)
    # Written to two decimals the factors give 3.57, not the 3.60 beside them (a review called it
    # wrong even with ≈): written to three they give 3.60, checked here with numpy's own product.
    assert f"{round(la, 2) * round(lb, 2) * round(cos1, 2):.2f}" == "3.57"
    assert f"{round(la, 3) * round(lb, 3) * round(cos1, 3):.2f}" == f"{a1 @ b1:.2f}" == "3.60"
    assert f"{la:.3f} \\cdot {lb:.3f} \\cdot {cos1:.3f} = {a1 @ b1:.2f}" in s
    assert "2.163 \\cdot 1.970 \\cdot 0.845 = 3.60" in s
    # The lesson's code is on screen, its printed figure computed.
    assert "cos_sim = np.dot(a, b) / (" in s and "np.linalg.norm(a)" in s and f"# \u2192 {cos_uv:.4f}" in s
    # ...the figure it prints as a comment on the print line itself, on that line's baseline.
    assert f'print(f"cos similarity: {{cos_sim:.4f}}")   # \u2192 {cos_uv:.4f}' in s.split(" | ")
    # The lengths and cos θ read out to the places the product lines write them (review: "‖a‖ = 2.16"
    # beside "2.163 · 1.970 · 0.845" showed two figures for one length).
    assert beat_readouts(scene, "identity")[2:] == (f"{la:.3f}", f"{lb:.3f}", "32.3", f"{cos1:.3f}")
    assert beat_readouts(scene, "identity")[2:] == ("2.163", "1.970", "32.3", "0.845")
    assert beat_readouts(scene, "theta 0")[4:6] == ("0.0", "1.000")
    assert beat_readouts(scene, "theta 90")[4:6] == ("90.0", "0.000")
    assert beat_readouts(scene, "theta 180")[4:6] == ("180.0", "-1.000")
    # a.a = |a|^2 = 4.68; scaling b by 2 doubles a.b, leaves cos theta.
    assert "= 4.68 =" in s
    # The shadow of b on a (1.66) times the length of a (2.16) is a.b (3.60), written out: to two
    # decimals the figures multiply to 3.59, so the line writes them to three.
    a2, b2 = np.array([1.8, 1.2]), np.array([0.8, 1.8])
    shadow, length = a2 @ b2 / np.linalg.norm(a2), np.linalg.norm(a2)
    assert f"{round(shadow, 2) * round(length, 2):.2f}" != f"{a2 @ b2:.2f}"
    assert f"{round(shadow, 3) * round(length, 3):.2f}" == f"{a2 @ b2:.2f}"
    assert f"{shadow:.3f} \\cdot {length:.3f} = {a2 @ b2:.2f}" in s
    assert f"{shadow:.3f}" in s.split(" | ")  # the shadow's own label, as the line writes it
    assert "1.664 \\cdot 2.163 = 3.60" in s
    before, after = beat_readouts(scene, "self dot"), beat_readouts(scene, "direction only")
    # Stretching b doubles a·b and leaves θ and cos θ as they were (readouts in any order).
    assert after.count(f"{2 * (a2 @ b2):.2f}") == 2 and after.count(f"{a2 @ b2:.2f}") == 0, after
    # While a is dotted with itself only a's length stays up: every readout involving b steps out.
    assert before == (f"{length:.3f}",), before
    assert {"32.3", f"{cos1:.3f}"} <= set(beat_readouts(scene, "identity")) & set(after), after
    assert f"{2 * np.linalg.norm(b2):.3f}" in after  # b stretched, to the same places


class CosineWatched(CosineRelation):
    """CosineRelation, noting at each beat's end how a and b are drawn and what formulas stand."""

    def beat_ended(self) -> None:
        from manim import SingleStringMathTex, Text

        self.ends = getattr(self, "ends", {})
        grid, origin = self.grid, self.grid.c2p(0, 0)
        formulas = [
            m.get_tex_string()
            for top in self.mobjects
            for m in top.get_family()
            if isinstance(m, SingleStringMathTex)
            and any(g.get_fill_opacity() > 0.1 for g in m.family_members_with_points())
        ]
        texts = [
            m.text
            for top in self.mobjects
            for m in top.get_family()
            if isinstance(m, Text) and any(g.get_fill_opacity() > 0.1 for g in m.family_members_with_points())
        ]
        ox, oy, unit, left, right, bottom, top = grid.view()
        lines = [(line.get_start(), line.get_end()) for line in grid.base.background_lines if line.get_stroke_opacity()]
        self.ends[self.beats[-1].name] = dict(
            widths=(self.arrow_a.arrow.get_stroke_width(), self.arrow_b.arrow.get_stroke_width()),
            over=self.arrow_b.arrow.z_index > self.arrow_a.arrow.z_index,
            formulas=formulas,
            texts=texts,
            tips=[grid.c2p(*v) - origin for v in (self.a, self.b())],
            box=(left, right, bottom, top),
            lines=lines,
            unit=unit,
        )


def test_cosine_draws_what_it_says():
    """Review: at θ = 0 both vectors are seen (b thin over a, a wide under it); the identity about b
    leaves with b; the plane is re-framed so that a and b fill it, the stretched b too."""
    scene = dry_run(CosineWatched)
    ends = scene.ends
    width_a, width_b = ends["theta 0"]["widths"]
    assert ends["theta 0"]["over"] and width_b * 3 < width_a, ends["theta 0"]
    assert ends["theta 90"]["widths"][0] == ends["theta 90"]["widths"][1] and not ends["theta 90"]["over"]
    # While a is dotted with itself, b is off the plane and no formula on screen names it: the
    # identity says a·a = ‖a‖²; it comes back with b.
    assert not any("mathbf{b}" in f for f in ends["self dot"]["formulas"]), ends["self dot"]["formulas"]
    header = "\\mathbf{a} \\cdot \\mathbf{a} = \\|\\mathbf{a}\\|^"
    assert any(f.startswith(header) for f in ends["self dot"]["formulas"]), ends["self dot"]["formulas"]
    assert any("\\|\\mathbf{b}\\|" in f and "\\cos" in f for f in ends["direction only"]["formulas"])
    # "Cosine similarity is direction only": the name is written over its formula, not only heard (review).
    # (manim's Text keeps its string without the spaces.)
    assert "Cosinesimilarity" in ends["direction only"]["texts"], ends["direction only"]["texts"]
    # a and b (stretched) fill the plane: the plane was handed over 6 units tall, a 2.16 units long.
    rest = scene.grid.rest_unit
    for name in ("identity", "projection", "direction only"):
        end = ends[name]
        left, right, bottom, top = end["box"]
        tips = np.array([[0, 0, 0], *end["tips"]])
        span = max(np.ptp(tips[:, 0]) / (right - left), np.ptp(tips[:, 1]) / (top - bottom))
        assert span > 0.5, (name, span)  # (in the plane as handed over: 0.30, 0.30 and 0.39)
        assert end["unit"] > rest, name
    # The plane's lines stay inside its box, whatever the view.
    for name, end in ends.items():
        if name == "cosine similarity":
            continue
        left, right, bottom, top = end["box"]
        for start, stop in end["lines"]:
            for x, y, _ in (start, stop):
                assert left - 1e-6 <= x <= right + 1e-6 and bottom - 1e-6 <= y <= top + 1e-6, name


def test_neuron_figures(shown):
    scene, s = shown["WeightedSumNeuron"]
    w, x, bias = np.array([1, 2, 3]), np.array([4, 5, 6]), -30
    z = w @ x + bias
    assert int(w @ x) == 32 and z == 2
    assert "4 + 10 + 18 = 32" in s and "32 - 30 = 2" in s
    assert f"{1 / (1 + math.exp(-z)):.2f}" == "0.88" and "0.88" in s
    # Inputs are x, the bias is beta (b is vector b) and is drawn in the diagram.
    assert "x_{\\textstyle 1} = 4" in s and "\\beta = -30" in s and "+ \\beta" in s
    signs = np.array([0.5, -1, 0]) * x
    assert [f"{t:+g}" for t in signs] == ["+2", "-5", "+0"] and "+2" in s and "-5" in s and "+0" in s
    assert str(int(signs.sum())) in s.split(" | ")  # the total marked on the chart
    # The sum the chart adds up, written over it term by term: w·x = 2 - 5 + 0 = -3.
    assert f"\\mathbf{{w}}\\cdot\\mathbf{{x}} = 2 - 5 + 0 = {int(signs.sum())}" in s
    assert "ignored" in s and "\\hat{y} = 2" in s
    # The bias glossed where it first stands, tied once to the lesson's letter for it (b, a
    # letter this course gives vector b); the chart's total said as it is marked.
    assert "bias" in s.split(" | ") and "(the lesson's b)" in s.split(" | ")
    # The output h (a is a vector here) tied the same way to the lesson's a = σ(z).
    assert "(the lesson's a)" in s.split(" | ")
    # The chart has a scale: a tick at every level from the lowest to the highest the total
    # reaches (0, +2, then -3), each with its figure.
    levels = np.concatenate([[0], np.cumsum(signs)])
    ticks = [str(int(t)) for t in range(int(levels.min()), int(levels.max()) + 1)]
    shown_figures = s.split(" | ")
    assert all(t in shown_figures for t in ticks), ticks
    assert scene.beats[-1].caption.endswith(f"w dot x = {int(signs.sum())}.".replace("-", "\u2212"))


def test_neuron_follows_other_inputs():
    scene = dry_run(
        WeightedSumNeuron, {"w": [0.5, -0.25], "x": [2, 4], "bias": 1.5, "activation": "relu", "w_signs": [-1, 1]}
    )
    s = " | ".join(scene.shown_strings())
    assert "0 + 1.50 = 1.50" in s and "ReLU" in s
    assert "1 - 1 = 0" in s


def test_attention_figures(shown):
    scene, s = shown["AttentionScore"]
    q, k = np.array([0.5, 0.3, -0.2]), np.array([0.4, 0.8, 0.1])
    assert f"{q @ k:.2f}" == "0.42" and f"{q @ k / np.sqrt(3):.4f}" == "0.2425"
    assert "= 0.42" in s and "0.2425" in s and "\\sqrt{3}" in s
    keys = np.array(AttentionScoreParams().keys)
    for score in keys @ q / np.sqrt(3):
        assert f"{score:+.4f}".lstrip("+") in s
    # Each key's q·kᵢ is worked out under it as its score grows: numpy's, to two decimals.
    assert [f"{v:.2f}" for v in keys @ q] == ["0.42", "0.10", "-0.24", "-0.14"]
    for v in keys @ q:
        assert f"{v:.2f}" in scene.shown_strings()
    for i in range(len(keys)):
        assert any(f"\\mathbf{{k}}_{{\\textstyle {i + 1}}}" in t for t in scene.shown_strings())
    assert '"bank"' in scene.beats[-1].caption
    # The query has a word; "shore" is nearest "bank" and "river", farthest from "money".
    assert '"shore"' in s and '"shore"' in scene.beats[0].caption
    assert scene.beats[0].caption.endswith(f"q dot k is {q @ k:.2f}.")  # said as it is shown
    order = np.argsort(-(keys @ q))
    assert [AttentionScoreParams().words[i] for i in order[:2]] == ["bank", "river"]
    assert AttentionScoreParams().words[order[-1]] == "money"


def test_attention_follows_other_inputs():
    scene = dry_run(AttentionScore, {"q": [1, 0], "keys": [[0.2, 1], [-1, 0], [0.9, 0.1]], "words": ["a", "b", "c"]})
    s = " | ".join(scene.shown_strings())
    assert "-0.7071" in s and '"c"' in scene.beats[-1].caption
    assert scene.beats[0].caption.endswith(f"q dot k is {np.dot([1, 0], [0.2, 1]):.2f}.")


@pytest.mark.parametrize(
    ("cls", "overrides", "message"),
    [
        (DotProductDefinitionParams, {"a": [1, 2, 3], "b": [1, 2]}, "vectors must have the same length: 3 != 2"),
        (DotProductDefinitionParams, {"a": [1]}, "a must have 2 to 6 entries, got 1"),
        (DotProductDefinitionParams, {"a2": [1, 2, 3, 4, 5, 6, 7]}, "a2 must have 2 to 6 entries, got 7"),
        (VectorAlignmentParams, {"b": [0, 0]}, "the angle is undefined: b is the zero vector"),
        (VectorAlignmentParams, {"a": [1, 2, 3]}, "a must have 2 entries, got 3"),
        (CosineRelationParams, {"scale": -1}, "scale must be positive"),
        (CosineRelationParams, {"u": [0, 0, 0]}, "cosine similarity is undefined: u is the zero vector"),
        (WeightedSumNeuronParams, {"w": [1, 2]}, "vectors must have the same length: 2 != 3"),
        (
            WeightedSumNeuronParams,
            {"activation": "tanh"},
            "activation must be one of sigmoid, relu or identity, got 'tanh'",
        ),
        (WeightedSumNeuronParams, {"bias": "high"}, "bias must be a number"),
        (
            AttentionScoreParams,
            {"keys": [[1, 2], [3, 4]], "words": ["a", "b"]},
            "vectors must have the same length: 3 != 2",
        ),
        (AttentionScoreParams, {"words": ["a"]}, "words must name every key: 1 words for 4 keys"),
        (AttentionScoreParams, {"keys": [[1, 2, 3]], "words": ["a"]}, "keys must hold 2 to 6 keys, got 1"),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_message(cls, overrides, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build(cls, overrides, owner="X")


def test_scene_refuses_bad_params_before_rendering():
    with pytest.raises(InputError, match="DotProductDefinition: vectors must have the same length"):
        DotProductDefinition(params={"a": [1, 2], "b": [1, 2, 3]})


def test_the_tests_of_one_scene_module_share_a_worker(request):
    """make test runs `--dist loadgroup` so that the tests reading one scene module's dry runs
    run in one worker and make each run once (scene_runs.checked_run). pytest-xdist marks a
    test's group in its node id; pytest 9.2 ignores that, and the groups scatter silently
    (pytest-xdist#1386), so pyproject.toml keeps pytest below 9.2."""
    if not request.config.getvalue("loadgroup"):
        pytest.skip("the tests were not spread with --dist loadgroup")
    assert request.node.nodeid.endswith("@scenes.dot_product"), request.node.nodeid


def test_the_outputs_note_stands_clear_under_its_whole_line():
    """ "(the lesson's a)" under "h = σ(z) = 0.88": set under h alone, it stood 3-5 px under σ(z)'s
    brackets, which reach lower than h (review)."""
    seen = {}

    class Noted(WeightedSumNeuron):
        def activation_beat(self, neuron, z_line, h_line, graph, forward):
            seen["gap"] = h_line.get_bottom()[1] - h_line.note.get_top()[1]
            return super().activation_beat(neuron, z_line, h_line, graph, forward)

    dry_run(Noted)
    assert seen["gap"] >= 0.1, seen  # (0.1 scene units: 13.5 px at 1080p)
