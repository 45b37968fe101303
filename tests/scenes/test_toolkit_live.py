"""The toolkit's widgets built and animated: angle marks, the dot-product line, live drawing,
figures flying to where they land, charts and readouts (their frames: frames/test_toolkit_frames.py)."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from manim import DOWN, LEFT, RIGHT, UP

import scene_runs  # noqa: F401 - the tests' LaTeX caches, and the patches installed

from toolkit import builders as tb
from toolkit.lesson_scene import LessonScene


def test_a_right_angle_gets_a_square_mark_and_any_other_an_arc():
    from manim import Arc

    from toolkit.vectors import angle_mark

    p = tb.plane(2.5, height=6.4)
    square = angle_mark(p, lambda: (1.0, 0.0), lambda: (0.0, 2.0))
    assert not isinstance(square, Arc) and len(square.get_anchors()) >= 3
    assert isinstance(angle_mark(p, lambda: (1.0, 0.0), lambda: (1.0, 1.0)), Arc)
    assert isinstance(angle_mark(p, lambda: (1.0, 0.0), lambda: (-1.0, 0.05)), Arc)


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


# --- live drawing: redrawn() is always_redraw without the rebuilds, and still animates -------


def _widths_while_growing(make_arrow) -> list[float]:
    """The arrow's width on every frame of a GrowArrow, as a viewer would see it."""
    from manim import GrowArrow, Mobject, Scene, tempconfig

    widths: list[float] = []

    class Growing(Scene):
        def construct(self):
            arrow = make_arrow()
            # Updated after the animation has drawn the frame: what the camera then captures.
            self.add(Mobject().add_updater(lambda m: widths.append(arrow.width)))
            self.play(GrowArrow(arrow), run_time=0.5)

    with tempconfig({"dry_run": True, "frame_rate": 30}):
        Growing().render()
    return widths


def test_a_redrawn_arrow_grows_with_its_animation():
    from manim import ORIGIN, Arrow, ValueTracker, always_redraw

    from toolkit.live import redrawn

    tip = ValueTracker(3.0)
    draw = lambda: Arrow(ORIGIN, RIGHT * tip.get_value(), buff=0)  # noqa: E731
    ours = _widths_while_growing(lambda: redrawn(draw, tip.get_value))
    manims = _widths_while_growing(lambda: always_redraw(draw))
    assert ours[0] < 0.2 * ours[-1], "the arrow was drawn whole before it grew"
    assert ours == pytest.approx(manims)


def test_a_redrawn_arrow_follows_its_inputs_and_nothing_else():
    from manim import ORIGIN, Arrow, ValueTracker

    from toolkit.live import redrawn

    tip, drawn = ValueTracker(2.0), []

    def draw():
        drawn.append(tip.get_value())
        return Arrow(ORIGIN, RIGHT * tip.get_value(), buff=0)

    arrow = redrawn(draw, tip.get_value)
    for _ in range(3):
        arrow.update()
    assert drawn == [2.0]  # nothing changed: not drawn again
    tip.set_value(3.0)
    arrow.update()
    assert drawn == [2.0, 3.0] and arrow.get_end()[0] == pytest.approx(3.0)
    arrow.shift(UP)  # something else moved it: drawn where it belongs again
    arrow.update()
    assert len(drawn) == 3 and arrow.get_end()[1] == pytest.approx(0.0)


def test_a_redrawn_arrow_keeps_the_colour_and_opacity_the_scene_gives_it():
    from manim import ORIGIN, RED, Arrow, ValueTracker, WHITE

    from toolkit.live import redrawn

    tip = ValueTracker(2.0)
    arrow = redrawn(lambda: Arrow(ORIGIN, RIGHT * tip.get_value(), buff=0, color=WHITE), tip.get_value)
    arrow.set_opacity(0.3)
    arrow.update()
    assert [m.get_stroke_opacity() for m in arrow.get_family()] == pytest.approx([0.3, 0.3])
    tip.set_value(3.0)  # drawn again, longer: still dim
    arrow.update()
    assert arrow.get_end()[0] == pytest.approx(3.0)
    assert [m.get_stroke_opacity() for m in arrow.get_family()] == pytest.approx([0.3, 0.3])
    arrow.set_color(RED)
    tip.set_value(2.5)
    arrow.update()
    assert arrow.get_end()[0] == pytest.approx(2.5)
    assert all(m.get_stroke_color().to_hex().upper() == RED.to_hex().upper() for m in arrow.get_family())
    assert arrow.tip.get_fill_opacity() == pytest.approx(0.3)


def test_a_redrawn_arrow_fades_with_an_animation_and_stays_faded_as_it_moves():
    from manim import ORIGIN, Arrow, Mobject, Scene, ValueTracker, tempconfig

    from toolkit.live import redrawn

    seen: list[tuple[float, float]] = []

    class Fading(Scene):
        def construct(self):
            tip = ValueTracker(2.0)
            arrow = redrawn(lambda: Arrow(ORIGIN, RIGHT * tip.get_value(), buff=0), tip.get_value)
            self.add(
                arrow, Mobject().add_updater(lambda m: seen.append((arrow.get_stroke_opacity(), arrow.get_end()[0])))
            )
            self.play(arrow.animate.set_opacity(0.3), run_time=0.5)
            self.play(tip.animate.set_value(4.0), run_time=0.5)

    with tempconfig({"dry_run": True, "frame_rate": 30}):
        Fading().render()
    opacities = [o for o, _ in seen]
    assert opacities[0] > 0.9 and min(opacities) == pytest.approx(0.3, abs=0.01)
    growing = [o for o, x in seen if x > 2.01]
    assert growing and growing == pytest.approx([0.3] * len(growing)), "the fade was undone as the arrow moved"
    assert seen[-1][1] == pytest.approx(4.0)


def test_two_arrows_that_share_a_tip_keep_their_names_apart():
    """A tip-to-tail sum: b (from a's tip) and a + b end at one point. Named by their middles,
    on the sides away from each other, the names stand apart and each by its own arrow."""
    import numpy as np

    from toolkit.vectors import PlaneVector

    a, b = (1.0, 3.0), (3.0, 1.0)
    grid = tb.fitted_plane(a, b, (4.0, 4.0))
    arrow_b = PlaneVector(grid, lambda: b, "b", "b", start=lambda: a, name_at="middle", side=1)
    total = PlaneVector(grid, lambda: (4.0, 4.0), "result", "a+b", name_at="middle", side=-1)
    middle_b, middle_total = (grid.c2p(*a) + grid.c2p(4, 4)) / 2, (grid.c2p(0, 0) + grid.c2p(4, 4)) / 2
    assert np.linalg.norm(arrow_b.label.get_center() - middle_b) < 0.9
    assert np.linalg.norm(total.label.get_center() - middle_total) < 1.2
    apart = np.linalg.norm(arrow_b.label.get_center() - total.label.get_center())
    assert apart > (arrow_b.label.width + total.label.width) / 2
    with pytest.raises(ValueError, match="name_at"):
        PlaneVector(grid, lambda: b, "b", "b", name_at="tail")


def test_a_plane_vector_is_drawn_from_its_start_tip_to_tail():
    from manim import ValueTracker

    from toolkit.vectors import PlaneVector

    grid = tb.fitted_plane((1, 3), (3, 1), (4, 4))
    a = PlaneVector(grid, lambda: (1.0, 3.0), "a", "a")
    assert a.arrow.get_start() == pytest.approx(grid.c2p(0, 0))  # from the origin unless told
    assert a.arrow.get_end() == pytest.approx(grid.c2p(1, 3), abs=0.02)
    along = ValueTracker(1.0)
    b = PlaneVector(grid, lambda: (3.0, 1.0), "b", "b", start=lambda: (along.get_value(), 3.0))
    assert b.arrow.get_start() == pytest.approx(grid.c2p(1, 3))
    assert b.arrow.get_end() == pytest.approx(grid.c2p(4, 4), abs=0.02)
    assert list(b.end()) == [4.0, 4.0]
    assert b.label.get_center()[:2] == pytest.approx(grid.c2p(4, 4)[:2], abs=0.9)  # its name by its tip
    along.set_value(0.0)  # the start moves: the arrow follows, the same vector
    b.update()
    assert b.arrow.get_start() == pytest.approx(grid.c2p(0, 3))
    assert b.arrow.get_end() == pytest.approx(grid.c2p(3, 4), abs=0.02)
    fixed = PlaneVector(grid, lambda: (-1.0, 0.5), "result", "c", start=(2, 1))  # or a fixed point
    assert fixed.arrow.get_start() == pytest.approx(grid.c2p(2, 1))


def test_word_arrows_start_at_the_origin_of_the_plane_they_are_drawn_on():
    from toolkit import layout
    from toolkit.embedding import WordPlane

    space = WordPlane(["dog", "cat", "democracy"], [(2.0, 0.6), (1.6, 1.0), (-0.4, 1.6)], roles=("a", "b", "neutral"))
    space.place_in(layout.TALL_MAIN)  # may build the plane again, bigger
    space.update()
    for i, arrow in enumerate(space.arrows):
        assert arrow.get_start() == pytest.approx(space.plane.c2p(0, 0)), f"arrow {i}"
        assert arrow.get_end() == pytest.approx(space.plane.c2p(*space.tip(i)), abs=0.02), f"arrow {i}"


@settings(max_examples=60, deadline=None)
@given(
    start=st.tuples(st.floats(-5, 5), st.floats(-3, 3)),
    step=st.tuples(st.floats(-6, 6), st.floats(-6, 6)),
    rgb=st.tuples(*[st.integers(0, 255)] * 3),
    style=st.sampled_from([(4, 0.3, 0.25), (4, 0.2, 0.3), (6, 0.25, 0.35)]),
)
def test_a_live_arrow_is_manims_arrow(start, step, rgb, style):
    """live.arrow moves a copy instead of building an Arrow: the same points, colours and widths,
    short arrows (a shrunk tip, a thinner shaft) and arrows of no length included."""
    import numpy as np
    from manim import Arrow, ManimColor

    from toolkit.live import arrow

    a, b = np.array([*start, 0.0]), np.array([start[0] + step[0], start[1] + step[1], 0.0])
    colour = ManimColor.from_rgb(rgb)
    width, ratio, tip = style
    ours = arrow(a, b, colour, stroke_width=width, max_tip_length_to_length_ratio=ratio, tip_length=tip)
    manims = Arrow(a, b, buff=0, color=colour, stroke_width=width, max_tip_length_to_length_ratio=ratio, tip_length=tip)
    for x, y in zip(ours.get_family(), manims.get_family(), strict=True):
        assert x.points.shape == y.points.shape
        assert np.allclose(x.points, y.points, rtol=0, atol=1e-12)
        for rgbas in ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
            assert np.array_equal(getattr(x, rgbas), getattr(y, rgbas))
        assert x.stroke_width == pytest.approx(y.stroke_width, abs=1e-12)
    assert np.allclose(ours.get_start(), a) and np.allclose(ours.get_end(), manims.get_end())


# --- a figure flying to where it lands (toolkit/moves.py) ----------------------------------------


@pytest.mark.parametrize("how", ["multiply", "sum_up"])
def test_a_worked_part_becomes_its_result_without_a_bent_glyph(how):
    """ "3·6" becoming "18", and "4 + 10 + 18" becoming "32": at every moment each drawn glyph is
    one of the line's glyphs moved and scaled, never half one and half another (a still taken
    mid-way, at a cue's end, showed garble). At the end the line is on screen as built."""
    import numpy as np
    from manim import Scene, tempconfig

    from toolkit.formulas import DotProductLine

    def shape(m):
        p = m.points - m.get_center()
        return p / max(m.height, 1e-9)

    with tempconfig({"dry_run": True, "progress_bar": "none", "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        line = DotProductLine([1, 2, 3], [4, 5, 6])
        shapes = [shape(g) for g in line.tex.family_members_with_points()]
        scene = Scene()
        scene.add(*line.pairs)
        if how == "sum_up":
            scene.add(*line.terms)
        anim = line.multiply() if how == "multiply" else line.sum_up(boxed=False)
        anim._setup_scene(scene)
        anim.begin()
        for alpha in (0.2, 0.45, 0.6, 0.8):
            anim.interpolate(alpha)
            for seen in anim.mobject.family_members_with_points():
                if seen.get_fill_opacity() == 0 and seen.get_stroke_opacity() == 0:
                    continue
                assert any(seen.points.shape == s.shape and np.allclose(shape(seen), s, atol=0.02) for s in shapes), (
                    f"a glyph bent out of shape at {alpha}"
                )
        anim.finish()


@pytest.mark.parametrize("total", [64.0, 139.0, -0.5, 7.25])
def test_a_total_flies_into_its_cell_digit_by_digit(total):
    """A dot product's total flying into C keeps each digit's shape all the way: at every moment
    each drawn glyph is the cell's glyph moved and scaled (before, the first digit grew into the
    whole number and the others shrank into a corner). At the end the cell is on screen as built."""
    import numpy as np
    from manim import tempconfig

    from toolkit.formulas import DotProductLine
    from toolkit.matrices import MatrixGrid
    from toolkit.moves import fly_copy

    def shape(m):
        """The glyph's outline with its position and size taken out."""
        p = m.points - m.get_center()
        return p / max(m.height, 1e-9)

    with tempconfig({"dry_run": True, "progress_bar": "none", "verbosity": "ERROR", **scene_runs.TEX_CACHE}):
        line = DotProductLine([1, 2], [3, total], total=total).shift(DOWN * 2)
        grid = MatrixGrid([[1.0, total]], "result").shift(UP * 2)
        cell = grid.cell(0, 1)
        glyphs = cell.family_members_with_points()
        looks = [(g.points.copy(), g.get_fill_rgbas().copy()) for g in glyphs]
        scene = LessonScene()
        anim = fly_copy(line.total, cell, run_time=1)
        scene.add(anim.mobject)  # as Scene.play adds each animation's mobject, then begins it
        anim._setup_scene(scene)
        anim.begin()
        for alpha in (0.1, 0.35, 0.5, 0.8):
            anim.interpolate(alpha)
            flying = anim.mobject.family_members_with_points()
            assert len(flying) == len(glyphs)
            for seen, glyph in zip(flying, glyphs):
                assert seen.points.shape == glyph.points.shape
                assert np.allclose(shape(seen), shape(glyph), atol=0.02), alpha
        anim.finish()
        anim.clean_up_from_scene(scene)
        assert cell in scene.mobjects and line.total not in scene.mobjects
        assert all(
            np.array_equal(g.points, p) and np.array_equal(g.get_fill_rgbas(), c)
            for g, (p, c) in zip(cell.family_members_with_points(), looks)
        )


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
        assert pair.dot_sign.height > 0.4 * digit  # a \cdot at text size is a fifth of a digit


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
