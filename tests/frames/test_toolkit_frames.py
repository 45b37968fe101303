"""Graphical tests of the toolkit's builders, in both themes (control data committed: control_data/toolkit/)."""

from __future__ import annotations


import pytest
from manim import DOWN, LEFT, RIGHT, UP
from manim.utils.testing.frames_comparison import frames_comparison

import scene_runs  # noqa: F401 - lets manim's graphical tests run on this machine's cairo

from toolkit import builders as tb
from toolkit.lesson_scene import LessonScene
from toolkit.theme import get_palette


__module_test__ = "toolkit"

THEMES = pytest.mark.parametrize("theme", ["dark", "light"])


def use_theme(scene: LessonScene, theme: str) -> None:
    scene.palette = get_palette(theme)
    scene.setup()


@THEMES
@frames_comparison(base_scene=LessonScene, **scene_runs.TEX_CACHE)
def test_plane_vectors_angle_halfplanes(scene, theme):
    use_theme(scene, theme)
    p = tb.plane(2.5, height=6.4)
    a, b = (1.8, 1.2), (0.8, 1.8)
    scene.add(
        p,
        tb.half_planes(p, a, 2.5),
        tb.projection(p, lambda: a, lambda: b),
        tb.vector_arrow(p, a, "a", "a"),
        tb.vector_arrow(p, lambda: b, "b", "b"),
        tb.angle_arc(p, lambda: a, lambda: b),
    )


@THEMES
@frames_comparison(base_scene=LessonScene, **scene_runs.TEX_CACHE)
def test_entry_columns_and_readouts(scene, theme):
    use_theme(scene, theme)
    a = tb.entry_column([1, 2, 3], "a", "a").shift(LEFT * 4)
    b = tb.entry_column([2, -1, 3], "b", "b").next_to(a, RIGHT, buff=0.6)
    dot = tb.readout(r"\mathbf{a}\cdot\mathbf{b} =", lambda: 3.6).next_to(b, RIGHT, buff=0.8).shift(UP * 0.5)
    angle = tb.angle_readout(lambda: 32.347).next_to(dot, DOWN, aligned_edge=LEFT)
    scene.add(a, b, a.highlight(1), b.highlight(1), dot, angle)


@THEMES
@frames_comparison(base_scene=LessonScene, **scene_runs.TEX_CACHE)
def test_matrix_with_row_and_column(scene, theme):
    use_theme(scene, theme)
    A = tb.matrix_grid([[1, 2, 3], [4, 5, 6]], "a", "A").shift(LEFT * 3.5)
    B = tb.matrix_grid([[7, 8], [9, 10], [11, 12]], "b", "B").shift(RIGHT * 3)
    scene.add(A, B, A.row_box(0), B.col_box(0), A.cell_box(1, 2))


@THEMES
@frames_comparison(base_scene=LessonScene, **scene_runs.TEX_CACHE)
def test_neuron_and_title(scene, theme):
    use_theme(scene, theme)
    scene.add(tb.neuron_diagram([4, 5, 6], [1, -2, 0]).shift(DOWN * 1.2))
    scene.add(tb.title_card("Math Foundation · Vectors & Matrices", "The dot product").scale(0.7).to_edge(UP))
