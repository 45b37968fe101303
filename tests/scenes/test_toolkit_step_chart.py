"""ScaledSteps (toolkit/step_chart.py): the sign chart's scale, and where its figures stand."""

import numpy as np
import pytest

from toolkit.step_chart import ScaledSteps, nice_step


@pytest.mark.parametrize(
    "span, step", [(5, 1), (4, 1), (6, 1), (7, 2), (12, 2), (30, 5), (0.9, 0.2), (100, 20), (3, 0.5)]
)
def test_nice_step_gives_at_most_seven_ticks(span, step):
    assert nice_step(span) == pytest.approx(step)
    assert span / nice_step(span) + 1 <= 7


@pytest.mark.parametrize("named", [True, False], ids=["columns", "packed"])
@pytest.mark.parametrize(
    "terms", [[2, -5, 0], [-2, 4], [0.5, -1.5, 2.25], [30, -12, 0, 7], [6, -5, 0, 3, -2, 0], [-20, 0, 5.25, 2]]
)
def test_the_scale_covers_every_level_and_each_figure_stands_beside_its_arrow(terms, named):
    chart = ScaledSteps(terms, height=3.6, names=[f"w_{i}" for i in range(len(terms))] if named else None)
    levels = np.concatenate([[0], np.cumsum(terms)])
    # Ticks from below the lowest level to above the highest, zero among them, one step apart.
    assert chart.ticks_at[0] <= levels.min() and chart.ticks_at[-1] >= levels.max()
    assert 0.0 in chart.ticks_at and len(chart.ticks_at) <= 7
    assert np.allclose(np.diff(chart.ticks_at), chart.tick)
    for i, t in enumerate(terms):
        label, step = chart.labels[i], chart.steps[i]
        if t == 0:
            assert label.get_bottom()[1] > step.get_top()[1]  # over its flat dash
            continue
        # To the right of its arrow, its middle inside the arrow's span: a size, not a level
        # (at the tip, "-5" read as the level -5: review).
        assert label.get_left()[0] > step.get_start()[0] + 0.1  # clear of the shaft
        low, high = step.get_bottom()[1], step.get_top()[1]
        assert low < label.get_center()[1] < high
    # No tick line runs through a figure.
    for line in chart.grid:
        y = line.get_start()[1]
        for m in [*chart.labels, chart.total_label]:
            if m.get_bottom()[1] < y < m.get_top()[1]:
                assert line.get_end()[0] <= m.get_left()[0] or line.get_start()[0] >= m.get_right()[0]
    # No two figures meet, and no figure meets another step's arrow or dash (packed, a figure
    # may reach over the next step, at another height).
    figures = [*chart.labels, chart.total_label]
    for k, m in enumerate(figures):
        for other in [*figures[k + 1 :], *(s for j, s in enumerate(chart.steps) if j != k)]:
            apart = (
                m.get_right()[0] <= other.get_left()[0]
                or other.get_right()[0] <= m.get_left()[0]
                or m.get_top()[1] <= other.get_bottom()[1]
                or other.get_top()[1] <= m.get_bottom()[1]
            )
            assert apart, (terms, k)
