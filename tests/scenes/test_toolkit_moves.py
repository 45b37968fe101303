"""A figure flying to where it lands (toolkit/moves.py): worked parts become their results, a total
flies into its cell digit by digit."""

from __future__ import annotations


import pytest
from manim import DOWN, UP, Rectangle

import scene_runs  # noqa: F401 - the tests' LaTeX caches, and the patches installed

from toolkit.lesson_scene import LessonScene


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
                if isinstance(seen, Rectangle):
                    continue  # the sum's sweep, a patch of light along the terms: no glyph
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
