"""Live drawing (toolkit/live.py): redrawn() is always_redraw without the rebuilds, and still animates;
arrows that keep their names, start and colour while they move."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from manim import RIGHT, UP

import scene_runs  # noqa: F401 - the tests' LaTeX caches, and the patches installed

from toolkit import builders as tb


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


@given(
    st.sampled_from(["plane", "axes with tips"]),
    st.lists(
        st.sampled_from(["none", "shift", "scale", "turn", "stretch", "stretch up", "flip"]), min_size=1, max_size=6
    ),
)
@settings(max_examples=30, deadline=None)
def test_where_a_plane_is_changes_exactly_when_its_points_map_elsewhere(kind, moves):
    """placed(plane) is the input that tells a drawing on a plane to draw again: moved, scaled,
    turned, stretched along either axis or flipped, the plane maps its numbers elsewhere (c2p of its
    origin and unit steps) and the input must change; left alone, it must not."""
    import numpy as np
    from manim import Axes, NumberPlane

    from toolkit.live import _frozen, placed

    plane = NumberPlane(x_range=[-4, 4, 1], y_range=[-3, 3, 1]) if kind == "plane" else Axes(tips=True)
    where = placed(plane)

    def mapped():
        return np.array([plane.c2p(0, 0), plane.c2p(1, 0), plane.c2p(0, 1)])

    for move in moves:
        before, seen = mapped(), _frozen([where()])
        {
            "none": lambda: None,
            "shift": lambda: plane.shift(0.3 * UP + 0.1 * RIGHT),
            "scale": lambda: plane.scale(1.1),
            "turn": lambda: plane.rotate(0.2),
            "stretch": lambda: plane.stretch(1.2, 0),
            "stretch up": lambda: plane.stretch(1.3, 1),
            "flip": lambda: plane.flip(),
        }[move]()
        assert (_frozen([where()]) != seen) == (not np.array_equal(mapped(), before)), move


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


def test_a_live_row_whose_figures_changed_unseen_fades_in():
    # b turned 60° before its row came: the row, built with b = [0.80, 1.80], had one glyph fewer
    # than b = [−1.16, 1.59], and its fade could not be drawn (a render of VectorAlignment failed).
    from manim import Scene, ValueTracker, tempconfig

    from toolkit.readouts import ReadoutPanel, VectorReadout

    x = ValueTracker(0.8)
    drawn: list[str] = []

    class Fading(Scene):
        def construct(self):
            panel = ReadoutPanel(VectorReadout("b", "b", lambda: (x.get_value(), 1.8)))
            x.set_value(-1.16)
            self.play(panel.appear(0), run_time=0.2)
            drawn.append(f"{panel[0].coords[0].get_value():.2f}")

    with tempconfig({"dry_run": True, "frame_rate": 30}):
        Fading().render()
    assert drawn == ["-1.16"]
