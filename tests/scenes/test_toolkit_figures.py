"""The toolkit's figures as built: angle marks, the dot-product line, the activation graph's point,
score bars, entry pairs, the verdict and the half-planes' labels."""

from __future__ import annotations


import numpy as np
import pytest
from manim import DOWN, LEFT, RIGHT, UP

import scene_runs  # noqa: F401 - the tests' LaTeX caches, and the patches installed

from toolkit import builders as tb


def test_a_right_angle_gets_a_square_mark_and_any_other_an_arc():
    from manim import Arc

    from toolkit.vectors import angle_mark

    p = tb.plane(2.5, height=6.4)
    square = angle_mark(p, lambda: (1.0, 0.0), lambda: (0.0, 2.0))
    assert not isinstance(square, Arc) and len(square.get_anchors()) >= 3
    assert isinstance(angle_mark(p, lambda: (1.0, 0.0), lambda: (1.0, 1.0)), Arc)
    assert isinstance(angle_mark(p, lambda: (1.0, 0.0), lambda: (-1.0, 0.05)), Arc)


def test_a_half_turn_is_marked_on_one_side_whatever_the_rounding():
    """b opposite a, reached from either side (its angle a hair over or under a's + π): one arc,
    counter-clockwise from a (it flipped below the origin on one visit to 180° and not another)."""
    from toolkit.vectors import angle_mark

    p = tb.plane(2.5, height=6.4)
    a = np.array([1.8, 1.2])
    phi = np.arctan2(a[1], a[0])
    centre = p.c2p(0, 0)
    for eps in (1e-9, -1e-9, 1e-5, -1e-5):
        b = 1.97 * np.array([np.cos(phi + np.pi + eps), np.sin(phi + np.pi + eps)])
        arc = angle_mark(p, lambda: a, lambda b=b: b)
        middle = arc.point_from_proportion(0.5) - centre
        # Counter-clockwise from a by a half turn: the arc's middle lies a quarter turn past a.
        assert np.dot(middle[:2], [-a[1], a[0]]) > 0, eps


def test_dot_product_line_parts_and_roles():
    from toolkit.formulas import DotProductLine
    from toolkit.style import colour

    line = DotProductLine([2, -1, 3], [1, 4, 2], names=("a", "b"))
    assert line.tex.get_tex_string().endswith("2 \\cdot 1 + (-1) \\cdot 4 + 3 \\cdot 2 = 2 - 4 + 6 = 4")
    assert [p.get_tex_string() for p in line.xs] == ["2", "(-1)", "3"]
    assert line.total_value == 4 and list(line.product_values) == [2, -4, 6]
    assert all(x.get_color().to_hex().lower() == colour("a").lower() for x in line.xs)
    assert all(y.get_color().to_hex().lower() == colour("b").lower() for y in line.ys)
    assert line.total.get_color().to_hex().lower() == colour("result").lower()
    # The total's box never cuts into its "=".
    assert line.total_box.get_left()[0] > line.equals.get_right()[0]
    wide = DotProductLine([12.75, -3.5, 100.25, 7], [0.04, 7.5, -2.25, 1], names=("a", "b")).wrap(6.0)
    assert wide.first_equals.get_y() < wide.xs[0].get_y() - 0.3  # the products went to a second row


# --- the activation graph reads its point off (toolkit/charts.py) --------------------------------


@pytest.mark.parametrize(
    "activation, z",
    [("sigmoid", 2.0), ("sigmoid", -3.5), ("sigmoid", -44.0), ("relu", 26.62), ("relu", -2.0), ("identity", 5.0)],
)
def test_the_activation_graph_labels_its_point_with_the_computed_figures(activation, z):
    """z under the drop's foot and the activation beside the dot, both as mathcore computes them,
    inside the axes' span, clear of the curve; where there is no room by the dot, no label."""
    import numpy as np
    from manim import tempconfig

    from mathcore.linalg import activate
    from toolkit.charts import ActivationGraph, _crosses
    from toolkit.style import tex_number

    with tempconfig({"dry_run": True, "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        graph = ActivationGraph(activation, z, max_width=5.5)
        assert graph.z_value.tex_string == tex_number(z)
        assert graph.z_value.get_top()[1] < graph.axes.x_axis.get_bottom()[1]
        assert graph.axes.x_axis.get_left()[0] - 1e-6 <= graph.z_value.get_left()[0]
        assert graph.z_value.get_right()[0] <= graph.axes.x_axis.get_right()[0] + 1e-6
        if len(graph.value.submobjects):
            assert graph.value.tex_string == tex_number(activate(z, activation))
            assert np.linalg.norm(graph.value.get_center() - graph.dot.get_center()) < graph.value.width + 0.5
            assert not _crosses(graph.value, graph.curve.points)
        else:
            assert activation == "relu" and z > 0  # the dot in the axes' top corner
    if (activation, z) == ("sigmoid", 2.0):
        assert graph.value.tex_string == "0.88"  # the lesson's figure


def test_score_bars_set_their_words_on_one_baseline():
    """Words with and without descenders ("money", "bank") stand on one line, as text is read."""
    from manim import tempconfig

    from toolkit.charts import ScoreBars, _baseline

    words = ["bank", "river", "money", "maybe"]
    with tempconfig({"dry_run": True, "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        bars = ScoreBars([0.24, 0.06, -0.14, -0.08], words)
        lines = [_baseline(label, word) for label, word in zip(bars.words, words)]
        assert max(lines) - min(lines) < 1e-6
        # ...which is not the labels' middles nor their bottoms: the descending words hang lower.
        bottoms = {w: label.get_bottom()[1] for label, w in zip(bars.words, words)}
        assert bottoms["money"] < bottoms["bank"] - 0.05 and bottoms["maybe"] < bottoms["river"] - 0.05
        assert all(label.get_top()[1] < bars.baseline.get_bottom()[1] for label in bars.words)


def test_score_bars_grow_to_their_figures_and_are_seen_scaled_to_their_scores():
    """Attention's bars stand first at q·kᵢ and come down to q·kᵢ/√d_k on screen (grown straight to
    the scores, they looked scaled before the scaling was said: review)."""
    from manim import Scene, tempconfig

    from toolkit.charts import ScoreBars

    dots = np.array([0.42, 0.10, -0.24, -0.14])
    scores = dots / np.sqrt(3)
    seen: dict[str, list[float]] = {}

    class Scaling(Scene):
        def construct(self):
            bars = ScoreBars(scores, ["bank", "river", "money", "tree"], first=dots)
            self.add(bars.baseline)
            self.play(*(bars.grow(i) for i in range(4)), run_time=0.2)
            seen["grown"] = [b.height for b in bars.bars]
            seen["labels"] = [m.get_tex_string() for m in self.mobjects if m in bars.first_values]
            self.play(bars.scale_all(), run_time=0.2)
            seen["scaled"] = [b.height for b in bars.bars]
            seen["after"] = [m.get_tex_string() for m in self.mobjects if m in bars.values]
            seen["gone"] = [m for m in self.mobjects if m in bars.first_values]
            seen["feet"] = [b.get_bottom()[1] if s >= 0 else b.get_top()[1] for b, s in zip(bars.bars, scores)]
            seen["base"] = [bars.baseline.get_y()]

    with tempconfig({"dry_run": True, "verbosity": "ERROR", "frame_rate": 15, **scene_runs.TEX_CACHE}):
        Scaling().render()
    grown, scaled = np.array(seen["grown"]), np.array(seen["scaled"])
    assert grown / grown[0] == pytest.approx(np.abs(dots) / 0.42, rel=1e-3)
    assert scaled == pytest.approx(grown / np.sqrt(3), rel=1e-3)
    assert seen["labels"] == ["+0.42", "+0.10", "-0.24", "-0.14"]
    assert seen["after"] == ["+0.2425", "+0.0577", "-0.1386", "-0.0808"] and not seen["gone"]
    assert seen["feet"] == pytest.approx(seen["base"] * 4, abs=1e-6)  # still standing on the baseline


def test_a_score_never_stands_over_the_figure_it_replaces():
    """As the bars come down to their scores, each first figure is gone before its score comes:
    faded across each other, "+0.42" and "+0.2425" stood over each other, read as "+0.4225" (review)."""
    from manim import tempconfig

    from toolkit.charts import ScoreBars

    dots = np.array([0.42, 0.10, -0.24, -0.14])
    with tempconfig({"dry_run": True, "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        bars = ScoreBars(dots / np.sqrt(3), ["bank", "river", "money", "tree"], first=dots)
        scaling = bars.scale_all()
        scaling.begin()

        def seen(m) -> float:
            return max(g.get_fill_opacity() for g in m.family_members_with_points())

        both = []
        for alpha in np.linspace(0, 1, 61):
            scaling.interpolate(alpha)
            both += [(alpha, i) for i in range(4) if min(seen(bars.first_values[i]), seen(bars.values[i])) > 0.02]
        scaling.finish()
    assert not both, both
    assert all(seen(v) == pytest.approx(1.0) for v in bars.values)


@pytest.mark.parametrize("names", [("a", "b"), ("w", "x"), ("q", "k")])
def test_an_entry_pair_names_its_columns_over_them_level(names):
    """ "a = [..] · b = [..]" reads as a chain of equalities: each name stands over its column,
    the columns level with each other and the dot between them, drawn large enough to see."""
    from manim import tempconfig

    from toolkit.vectors import EntryPair

    with tempconfig({"dry_run": True, "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        pair = EntryPair([1, 2, 3], [4, 5, 6], names=names)
        for col, name in ((pair.a_col, names[0]), (pair.b_col, names[1])):
            assert col.label.get_tex_string() == rf"\mathbf{{{name}}}"
            assert col.label.get_bottom()[1] > col.matrix.get_top()[1]
            assert abs(col.label.get_x() - col.matrix.get_x()) < 0.05
        assert abs(pair.a_col.matrix.get_y() - pair.b_col.matrix.get_y()) < 1e-6
        assert abs(pair.dot_sign.get_y() - pair.a_col.matrix.get_y()) < 1e-6
        digit = pair.a_col.entry(0).height
        # A multiplication dot: not text size's speck, not a bullet "•" (0.45 of a digit read as one).
        assert 0.2 * digit < pair.dot_sign.height < 0.35 * digit


@pytest.mark.parametrize(
    "degrees, expected",
    [(32.3, 1), (86.8, "near"), (90.0, 0), (95.0, "near"), (120.0, -1), (180.0, -1), (275.0, "near")],
)
def test_the_verdict_calls_a_small_dot_product_near_zero(degrees, expected):
    """As b sweeps past perpendicular, a·b = 0.24 is 'near zero: no signal' (the lesson's words for
    it), not 'positive: similar directions'; exactly perpendicular stays 'zero'."""
    import numpy as np
    from manim import tempconfig

    from mathcore import dot, norm
    from toolkit.readouts import Verdict

    a = np.array([1.8, 1.2])
    turn = np.radians(degrees)
    b = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]]) @ (a / norm(a) * 1.97)
    with tempconfig({"dry_run": True, "verbosity": "ERROR"}):
        verdict = Verdict(lambda: dot(a, b), bound=lambda: norm(a) * norm(b))
        assert verdict.state() == expected
        [shown] = [line for line in verdict.lines.values() if line.get_fill_opacity() > 0]
        assert shown is verdict.lines[expected]
        # Without a bound it has the widget's three verdicts only.
        assert Verdict(lambda: dot(a, b)).state() in (1, 0, -1)


def test_the_verdict_fades_in_from_nothing():
    """FadeIn(verdict) starts from an invisible verdict, as a fade does: the animation updates its
    faded starting copy every frame, and the verdict's updater must not light that copy's line."""
    from manim import FadeIn, tempconfig

    from toolkit.readouts import Verdict

    with tempconfig({"dry_run": True, "verbosity": "ERROR"}):
        verdict = Verdict(lambda: 3.6)
        fade = FadeIn(verdict)
        fade.begin()
        fade.update_mobjects(1 / 60)  # what the scene does on a frame, before drawing it
        fade.interpolate(0.0)
        drawn = [glyph for line in verdict.lines.values() for glyph in line.family_members_with_points()]
        assert max(glyph.get_fill_opacity() for glyph in drawn) == 0.0
        fade.interpolate(1.0)
        assert min(glyph.get_fill_opacity() for glyph in verdict.lines[1].family_members_with_points()) == 1.0


@pytest.mark.parametrize(
    "a, b", [((1.8, 1.2), (0.8, 1.8)), ((2, 0), (-1, 1)), ((-2.5, -1.5), (1.25, -3.75)), ((0.3, 0.1), (0.1, 0.4))]
)
def test_the_half_planes_labels_stand_clear_of_bs_sweep(a, b):
    """b's tip and its name sweep a circle round the origin; the half-planes' labels stand in the
    plane's corners, outside it (at 180° the name ran into 'a·b < 0'), and inside the plane."""
    import numpy as np
    from manim import tempconfig

    from toolkit.builders import half_planes, plane, plane_extent

    length = float(np.linalg.norm(b))
    extent = plane_extent(a, [length, length])
    with tempconfig({"dry_run": True, "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        grid = plane(extent, height=6.0)
        halves = half_planes(grid, np.array(a, float), extent)
        unit = np.linalg.norm(grid.c2p(1, 0) - grid.c2p(0, 0))
        origin = grid.c2p(0, 0)
        for label in halves.labels:
            lo, hi = label.get_corner(DOWN + LEFT), label.get_corner(UP + RIGHT)
            nearest = np.clip(origin, lo, hi)
            assert np.linalg.norm(nearest - origin) > length * unit + 0.35  # the tip, then its name
            assert np.all(lo >= grid.get_corner(DOWN + LEFT) - 1e-6) and np.all(
                hi <= grid.get_corner(UP + RIGHT) + 1e-6
            )


def test_an_index_that_starts_over_is_there_at_once_and_one_that_goes_on_counts_up():
    """RowByColumnMatmul's i after a cell's pairs (i = 3) starts over at 1 for the next pass:
    counted down, "i = 2" stood beside the pair 1·7 being lit (review). Going on, it counts up
    through the pairs it passes (an animation of its tracker)."""
    from manim import tempconfig

    from toolkit.matrices import IndexFormula

    with tempconfig({"dry_run": True, "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        formula = IndexFormula(3)
        i = formula.trackers["i"]
        i.set_value(3)
        assert formula.point_at(i=1) == [] and i.get_value() == 1
        (count_up,) = formula.point_at(i=3)
        assert i.get_value() == 1  # moved by the play, not before it
        anim = count_up.build()
        anim.begin()
        anim.interpolate(1.0)
        assert i.get_value() == 3
