"""MatrixAsTransformation: the figures it shows (against numpy), its refusals of bad input
before anything renders, and its layout (its last frame: frames/test_transform_frames.py)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mathcore import InputError, transformation_path
from scenes.catalog import MatrixAsTransformationParams
from scenes.transform import BASIS_LABEL_SIZE, BASIS_ROLES, MOST_ASPECT, MatrixAsTransformation
from toolkit.params import build
from toolkit.plane import (
    BASIS_COLOURS,
    MovingPlane,
    OTHER_RESULT,
    clip_polygon_to_square,
    clip_to_square,
    unit_square,
    window_for,
    written_places,
)
from toolkit.style import tex_number

from scene_runs import TEX_CACHE, same_worker, checked_run, dry_run

pytestmark = same_worker("scenes.transform")

A0, B0 = np.array(MatrixAsTransformationParams().A, float), np.array(MatrixAsTransformationParams().B, float)


def places_of(A, B) -> int:
    """The decimals the scene writes its numbers with: the fewest that write A, B, AB and BA exactly."""
    A, B = np.asarray(A, float), np.asarray(B, float)
    return written_places(A, B, A @ B, B @ A)


def live(M, places: int) -> tuple[str, ...]:
    """The live matrix's four numbers as shown, row by row: as the matrices write them (2, not 2.00;
    0.5, not 0.50)."""
    return tuple(tex_number(v, places) for v in np.asarray(M, float).flat)


def working(A, B, r: int, c: int) -> str:
    """Row r of A dotted with column c of B, as the scene writes it: (AB)₁,₁ = ..., the subscript
    as large as the letter, its indices apart (toolkit/notation.py)."""
    AB, places = A @ B, places_of(A, B)
    pairs = " + ".join(f"{_factor(A[r, s], places)} \\cdot {_factor(B[s, c], places)}" for s in range(2))
    return f"(AB)_{{\\textstyle {r + 1}{{,}}{c + 1}}} = {pairs} = {tex_number(AB[r, c], places)}"


def _factor(x: float, places: int) -> str:
    s = tex_number(x, places)
    return f"({s})" if s.startswith("-") else s


@pytest.fixture(scope="module")
def default_run():
    # The layout-checked run that tests/scenes/test_layout.py shares.
    scene = checked_run(MatrixAsTransformation)
    return scene, scene.shown_strings()


# --- figures -------------------------------------------------------------------------------


def test_defaults_are_a_shear_and_a_turn_the_grid_shows(default_run):
    scene, strings = default_run
    AB, BA = A0 @ B0, B0 @ A0
    # B turns by 36.9° (not a quarter turn, which maps the grid onto itself): B then A is visible.
    assert np.allclose(B0, [[0.8, -0.6], [0.6, 0.8]])
    assert np.allclose(AB, [[1.4, 0.2], [0.6, 0.8]]) and np.allclose(BA, [[0.8, 0.2], [0.6, 1.4]])
    assert [b.name for b in scene.beats] == [
        "the plane",
        "A moves the plane",
        "B then A",
        "row by column",
        "AB in one step",
        "order matters",
    ]
    # The live matrix (where î and ĵ are) at each beat's end: A (the grid moved as "it moves the grid"
    # is said), A again (moved afresh, named), AB; then AB itself takes its place (worked out, then
    # acting: one result on screen, not two); BA.
    p = places_of(A0, B0)
    assert p == 1
    assert [b.readouts for b in scene.beats] == [live(A0, p), live(A0, p), live(AB, p), (), (), live(BA, p)]
    assert scene.beats[1].readouts == ("1", "1", "0", "1")  # as A writes them, not 1.00
    assert scene.beats[2].readouts == ("1.4", "0.2", "0.6", "0.8")  # not 1.40
    captions = [b.caption for b in scene.beats]
    assert captions[1].startswith(
        "A shears the plane: î lands on A's first column, (1, 0), and ĵ on its second, (1, 1)"
    )
    assert "first B rotates the plane by 36.9°, then A shears it. î lands at (1.4, 0.6)" in captions[2]
    assert "its first column is (1.4, 0.6), exactly where î landed" in captions[3]
    assert "Its second column, (0.2, 0.8), is where ĵ landed" in captions[3]
    assert "AB ≠ BA" in captions[5]
    assert not any("<" in c for c in captions)  # the marks are the speech's, never shown
    assert "i-hat" in scene.beats[0].spoken and "A B is not equal to B A" in scene.beats[5].spoken
    assert "rotates the plane by 36.9 degrees" in scene.beats[2].spoken
    assert 5 <= len(scene.beats) <= 7 and 25 <= scene.now <= 80


def test_every_beat_moves_on_its_words(default_run):
    scene, _ = default_run
    # Each beat names things mid-sentence and draws them then: its marks, in order, inside the beat.
    for beat in scene.beats:
        assert len(beat.marks) >= 3, beat.name
        times = [t for _, t in beat.marks]
        assert times == sorted(times) and beat.start <= times[0] and times[-1] <= beat.end
    assert [m for m, _ in scene.beats[3].marks] == ["ab", "r", "cb", "c", "p1", "p2", "w", "q", "q1", "q2", "wj"]


def test_the_product_is_worked_row_by_column(default_run):
    scene, strings = default_run
    # Both columns of AB, one line per cell: the row of A dotted with the column of B.
    assert working(A0, B0, 0, 0) == r"(AB)_{\textstyle 1{,}1} = 1 \cdot 0.8 + 1 \cdot 0.6 = 1.4" in strings
    for r, c in ((1, 0), (0, 1), (1, 1)):
        assert working(A0, B0, r, c) in strings
    assert r"(AB)_{\textstyle 1{,}2} = 1 \cdot (-0.6) + 1 \cdot 0.8 = 0.2" in strings
    for M in (A0, B0, A0 @ B0, B0 @ A0):
        for v in M.flat:
            assert tex_number(v, 1) in strings
    assert not any(re.search(r"\d\.\d0\b", s) for s in strings)  # 0.8, never 0.80
    # The names as every other scene writes matrices (italic A, B), BA named beside the live readout.
    assert r"AB \neq BA" in strings and "AB" in strings and "BA =" in strings and "AB =" in strings
    assert not any(r"\mathbf{A" in s or r"\mathbf{B" in s for s in strings)


def test_a_speakers_own_matrices():
    A, B = np.array([[2, 0], [0, 0.5]]), np.array([[1, 0], [1.5, 1]])
    scene = dry_run(MatrixAsTransformation, {"A": A.tolist(), "B": B.tolist()})
    strings = scene.shown_strings()
    AB, BA = A @ B, B @ A
    assert not np.allclose(AB, BA)
    p = places_of(A, B)
    assert p == 2  # 0.75: two decimals carry meaning, so 0.50 beside it
    assert scene.beats[2].readouts == live(AB, p) and scene.beats[-1].readouts == live(BA, p)
    assert working(A, B, 0, 0) in strings and working(A, B, 1, 0) in strings
    assert "(AB)_{\\textstyle 2{,}1} = 0 \\cdot 1 + 0.50 \\cdot 1.50 = 0.75" in strings
    for v in AB.flat:
        assert tex_number(v, p) in strings
    assert "stretches the plane along the axes" in scene.beats[1].caption
    assert "first B shears the plane" in scene.beats[2].caption
    assert (
        "(1, 0)" not in scene.beats[3].caption
        and f"({tex_number(AB[0, 0], p)}, {tex_number(AB[1, 0], p)})" in scene.beats[3].caption
    )


def test_commuting_matrices_say_so():
    turn = [[0, -1], [1, 0]]
    scene = dry_run(MatrixAsTransformation, {"A": [[2, 0], [0, 2]], "B": turn})
    assert "commute" in scene.beats[-1].caption and "AB = BA" in scene.beats[-1].caption
    assert r"AB = BA" in scene.shown_strings()
    assert scene.beats[-1].readouts == scene.beats[2].readouts == live(np.array([[0, -2], [2, 0]]), 0)


def test_a_singular_matrix_squashes_the_plane():
    scene = dry_run(MatrixAsTransformation, {"A": [[1, 2], [0.5, 1]]})
    assert "squashes the plane onto a line" in scene.beats[1].caption
    A = np.array([[1, 2], [0.5, 1]])
    assert scene.beats[-1].readouts == live(B0 @ A, places_of(A, B0))
    assert abs(np.linalg.det(B0 @ A)) < 1e-12


# --- validation: refused before anything renders ----------------------------------------------


@pytest.mark.parametrize(
    "params, message",
    [
        ({"A": [[1, 2, 3], [4, 5, 6]]}, "A must be 2x2 to move the plane, got 2x3"),
        ({"B": [[1], [2]]}, "B must be 2x2 to move the plane, got 2x1"),
        ({"A": [[1, 0], [0, 1], [1, 1]]}, "A must be 2x2 to move the plane, got 3x2"),
        ({"A": [[1, 2], [3]]}, "A rows must have the same length"),
        ({"B": "rotate"}, "must be a list of rows"),
        ({"A": [[6, 0], [0, 1]]}, "A has 6 at row 1, column 1: the plane draws entries from -5 to 5"),
        ({"B": [[1, 0], [0, -5.5]]}, "B has −5.50 at row 2, column 2"),
        # Each is drawable, their product is not: it is drawn too.
        ({"A": [[4, 4], [0, 1]], "B": [[4, 0], [1, 1]]}, "AB has 20 at row 1, column 1"),
        ({"A": [[1, 0], [0, 1]], "C": [[1, 0], [0, 1]]}, "has no parameter 'C'"),
    ],
)
def test_bad_input_is_refused(params, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as built:
        build(MatrixAsTransformationParams, params, owner="MatrixAsTransformation")
    assert "MatrixAsTransformation" in str(built.value) and "\n" not in str(built.value)
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        MatrixAsTransformation(params=params)  # raised while constructing: nothing is ever rendered


# --- the plane's grid clipping -------------------------------------------------------------------

coord = st.floats(-50, 50, allow_nan=False)


@given(coord, coord, coord, coord, st.floats(0.5, 10))
def test_grid_lines_are_clipped_to_the_plane(x0, y0, x1, y1, extent):
    p0, p1 = np.array([x0, y0]), np.array([x1, y1])
    clipped = clip_to_square(p0, p1, extent)
    # Points along the segment, to compare with what the clip kept.
    ts = np.linspace(0, 1, 201)
    inside = [t for t in ts if np.all(np.abs(p0 + t * (p1 - p0)) <= extent - 1e-9)]
    if clipped is None:
        assert not inside
        return
    a, b = clipped
    assert np.all(np.abs(a) <= extent + 1e-9) and np.all(np.abs(b) <= extent + 1e-9)
    # Both ends lie on the original segment.
    for q in (a, b):
        assert abs(_cross(p1 - p0, q - p0)) <= 1e-6 * (1 + np.linalg.norm(p1 - p0) ** 2)
    d = p1 - p0
    if inside and np.dot(d, d) > 0:
        t_a, t_b = (np.dot(a - p0, d) / np.dot(d, d), np.dot(b - p0, d) / np.dot(d, d))
        assert t_a <= min(inside) + 1e-6 and t_b >= max(inside) - 1e-6


def _cross(u, v) -> float:
    return float(u[0] * v[1] - u[1] * v[0])


def _inside_convex(corners, q) -> float:
    """How far q is inside the convex polygon (negative: outside), by its nearest side's line."""
    corners = [p for k, p in enumerate(corners) if np.linalg.norm(p - corners[k - 1]) > 1e-7]  # no empty sides
    n = len(corners)
    turn = np.sign(sum(_cross(corners[k] - corners[k - 1], corners[(k + 1) % n] - corners[k]) for k in range(n)))
    return min(
        turn
        * _cross(corners[(k + 1) % n] - corners[k], q - corners[k])
        / max(np.linalg.norm(corners[(k + 1) % n] - corners[k]), 1e-12)
        for k in range(n)
    )


@given(coord, coord, coord, coord, st.floats(0.5, 10), st.integers(0, 2**32 - 1))
def test_the_unit_square_is_clipped_to_the_plane(a, b, c, d, extent, seed):
    """Where the unit square lands under [[a, b], [c, d]], cut to the plane: a point is in the
    cut polygon exactly when it is in both the landed square and the plane."""
    M = np.array([[a, b], [c, d]])
    if abs(np.linalg.det(M)) < 1e-3:
        return  # squashed flat: nothing to shade
    square = [np.zeros(2), M[:, 0], M[:, 0] + M[:, 1], M[:, 1]]
    cut = clip_polygon_to_square(square, extent)
    assert all(np.all(np.abs(p) <= extent + 1e-9) for p in cut)
    points = np.random.default_rng(seed).uniform(-1.5 * extent, 1.5 * extent, (300, 2))
    margin = 1e-6 * (1 + extent + np.abs(M).max())
    for q in points:
        in_square, in_plane = _inside_convex(square, q), extent - np.abs(q).max()
        if abs(in_square) < margin or abs(in_plane) < margin:
            continue  # on an edge: either answer is right
        expected = in_square > 0 and in_plane > 0
        got = len(cut) >= 3 and _inside_convex(cut, q) > -margin
        assert got == expected, (q, cut)


def test_the_shaded_square_is_where_the_matrix_sends_the_unit_square():
    from manim import tempconfig

    from toolkit.plane import MovingPlane

    with tempconfig({"dry_run": True, "verbosity": "ERROR", **TEX_CACHE}):
        moving = MovingPlane(extent=3)
        for M in (np.eye(2), A0, B0 @ A0, np.array([[1.5, -0.5], [0.5, 1.0]])):
            for t, v in zip(moving.entries, M.flat):
                t.set_value(v)
            moving.square.update()
            drawn = moving.square.get_start_anchors()
            landed = [moving.background.c2p(*(M @ c)) for c in ((0, 0), (1, 0), (1, 1), (0, 1))]
            assert len(drawn) >= 4 and all(any(np.allclose(p, q, atol=1e-6) for p in drawn) for q in landed), M
        for t, v in zip(moving.entries, (1, 2, 0.5, 1)):  # singular: the square is squashed onto a line
            t.set_value(v)
        moving.square.update()
        assert not moving.square.has_points()


# --- the plane: a turn turns, the window holds everything, colours of their own ------------------


def _moving(**kwargs):
    from toolkit.plane import MovingPlane

    return MovingPlane(height=6.0, basis_roles=("positive", "negative"), turning=True, **kwargs)


def test_a_rotation_turns_the_plane_at_full_size():
    from manim import tempconfig

    with tempconfig({"dry_run": True, "verbosity": "ERROR", **TEX_CACHE}):
        moving = _moving(window=window_for(A0, B0, A0 @ B0, B0 @ A0))
        move = moving.move_by(B0, "b")
        move.begin()
        for alpha in np.linspace(0, 1, 21):
            move.interpolate(alpha)
            M = moving.current()
            # Every frame a rotation: î and ĵ one unit long and square to each other (never a squash).
            assert np.allclose(M.T @ M, np.eye(2), atol=1e-9) and np.isclose(np.linalg.det(M), 1), alpha
        move.finish()
        assert np.allclose(moving.current(), B0)
        # A then acts on B's result, a shear's straight path: AB at the end, never shrinking past it.
        move = moving.move_by(A0, "result")
        move.begin()
        sigma = np.linalg.svd(A0, compute_uv=False)
        for alpha in np.linspace(0, 1, 21):
            move.interpolate(alpha)
            s = np.linalg.svd(moving.current(), compute_uv=False)
            assert sigma[-1] - 1e-9 <= s[-1] and s[0] <= sigma[0] + 1e-9
        move.finish()
        assert np.allclose(moving.current(), A0 @ B0)
        # A reset goes back the way it came and ends exactly on the identity.
        move = moving.reset()
        move.begin()
        move.interpolate(1.0)
        assert np.array_equal(moving.current(), np.eye(2))


def test_the_live_figures_show_only_where_the_vectors_are_before_and_after_a_move():
    """Mid-move, no figure of the live matrix is a running value that is no matrix's ("0.4" mid-shear):
    each figure shows where the plane was or where it lands, and one that the move changes is out of
    sight between the two."""
    from manim import tempconfig

    from toolkit.plane import LiveMatrix

    with tempconfig({"dry_run": True, "verbosity": "ERROR", **TEX_CACHE}):
        moving = _moving(window=window_for(A0, B0, A0 @ B0, B0 @ A0))
        readout = LiveMatrix(moving, written=True, places=1)
        for M in (A0, B0):
            start, end = moving.current(), M @ moving.current()
            written = (live(start, 1), live(end, 1))
            move, arrive = moving.move_by(M, "a"), readout.arrive(end)
            for animation in (move, arrive):
                animation.run_time = 2.0
                animation.begin()
            for alpha in np.linspace(0, 1, 41):
                move.interpolate(alpha)
                arrive.interpolate(alpha)
                readout.numbers.update()
                shown = tuple(n._get_num_string(n.get_value()) for n in readout.numbers)
                seen = [n.get_fill_opacity() > 0.01 for n in readout.numbers]
                for k in range(4):
                    assert shown[k] in {w[k] for w in written}, (alpha, shown)
                    if 0.2 < alpha < 0.8 and written[0][k] != written[1][k]:
                        assert not seen[k], (alpha, k)
            move.finish()
            arrive.finish()
            readout.numbers.update()
            assert tuple(n._get_num_string(n.get_value()) for n in readout.numbers) == written[1]
            assert all(n.get_fill_opacity() == 1 for n in readout.numbers)


TALK = {"A": [[2, 0], [0, 0.5]], "B": [[1, 1], [0, 1]]}


@pytest.mark.parametrize(
    "A, B",
    [
        (A0, B0),
        (np.array(TALK["A"]), np.array(TALK["B"])),
        (np.array([[5, 5], [0, 1]]), np.array([[1, 0], [0, -1]])),
        (np.array([[-1.25, 2.5], [1.5, -0.75]]), np.array([[1, 2], [0.5, 1]])),
    ],
)
def test_the_plane_holds_every_unit_square_it_draws(A, B):
    (x0, x1), (y0, y1), step = window_for(A, B, A @ B, B @ A, aspect=1.4)
    assert x0 % step == 0 and y0 % step == 0 and (x1 - x0) % step == 0 and (y1 - y0) % step == 0
    assert x0 <= 0 <= x1 and y0 <= 0 <= y1
    for M in (np.eye(2), A, B, A @ B, B @ A):
        for c in unit_square(M):
            # Inside with room for a label past the tip.
            assert x0 + 0.5 <= c[0] <= x1 - 0.5 and y0 + 0.5 <= c[1] <= y1 - 0.5, (M, c)
    assert (y1 - y0) >= (x1 - x0)


def test_the_basis_and_the_two_products_have_colours_of_their_own():
    from colour_vision import contrast_ratio, delta_e

    from scenes.transform import BA_ROLE, BASIS_ROLES
    from toolkit.theme import THEMES

    assert BA_ROLE == "other" and len(set(BASIS_ROLES)) == 2
    # î and ĵ: colours of their own, not a role's (positive and negative mean a sign elsewhere).
    assert set(BASIS_ROLES) == {"i_hat", "j_hat"}
    for name, p in THEMES.items():
        i_hat, j_hat = BASIS_COLOURS[name]
        scene_colours = [p.a, p.b, p.result, p.text, p.muted, OTHER_RESULT[name]]
        for c in (i_hat, j_hat):
            assert contrast_ratio(c, p.background) >= 4.5
            for other in scene_colours:
                for vision in (None, "protanopia", "deuteranopia", "tritanopia"):
                    assert delta_e(c, other, vision) >= 20, (name, c, other, vision)
            for other in (p.positive, p.negative):
                assert delta_e(c, other) >= 20, (name, c, other)
        assert delta_e(i_hat, j_hat) >= 20
    for name, p in THEMES.items():
        violet = OTHER_RESULT[name]
        assert contrast_ratio(violet, p.background) >= 4.5
        for role in ("a", "b", "result", "positive", "negative", "text", "muted"):
            for vision in (None, "protanopia", "deuteranopia", "tritanopia"):
                assert delta_e(violet, getattr(p, role), vision) >= 25, (name, role, vision)


def test_a_talks_numbers_fit_and_read_as_written():
    scene = checked_run(MatrixAsTransformation, TALK)
    assert scene.layout_findings == [], "\n".join(map(str, scene.layout_findings))
    A, B = np.array(TALK["A"], float), np.array(TALK["B"], float)
    assert scene.beats[1].readouts == ("2", "0", "0", "0.5")  # as A writes them: not 2.00, 0.50
    assert scene.beats[-1].readouts == live(B @ A, 1)


# --- layout (the other input sets are in tests/scenes/test_layout.py) -------------------------------


# Other inputs than the storyboard's are the slow tier's, as in test_layout.
@pytest.mark.parametrize(
    "params",
    [
        None,
        pytest.param({"A": [[1, 2], [0.5, 1]]}, marks=pytest.mark.slow),
        pytest.param({"A": [[2, 1], [1, -2]], "B": [[-1, 2], [1.5, 0.5]]}, marks=pytest.mark.slow),
    ],
)
def test_layout_is_clean(params):
    scene = checked_run(MatrixAsTransformation, params)
    assert scene.layout_findings == [], "\n".join(map(str, scene.layout_findings))


@pytest.mark.parametrize(
    "A, B",
    [
        (A0, B0),
        ([[2, 0], [0, 0.5]], [[1, 1], [0, 1]]),  # a talk's
        ([[0, -1], [1, 0]], [[1, 0.5], [0, 1]]),
    ],
)
def test_the_basis_labels_keep_off_the_dashed_outlines(A, B):
    """While A moves the plane on from B's result, î's and ĵ's labels keep off B's dashed square; while B
    moves it on from A's (BA), off AB's. (A tip inside an outline, near its side, left no clear spot just
    off the tip, and the label sat on the dashes: review, matmul 206.0 s and 240.7-249.6 s.)"""
    A, B = np.asarray(A, float), np.asarray(B, float)
    AB, BA = A @ B, B @ A
    window = window_for(A, B, AB, BA, aspect=MOST_ASPECT)
    plane = MovingPlane(
        height=5.5, window=window, basis_roles=BASIS_ROLES, turning=True, basis_label_size=BASIS_LABEL_SIZE
    )
    for outline, path in ((B, lambda t: transformation_path(A, t) @ B), (AB, lambda t: transformation_path(B, t) @ A)):
        plane.forget()
        plane.avoid(outline)
        corners = np.array(unit_square(outline))
        s = np.linspace(0, 1, 400)[:, None]
        line = np.concatenate([a + s * (b - a) for a, b in zip(corners, np.roll(corners, -1, axis=0))])
        line = np.array([plane.to_scene(p)[:2] for p in line])
        for t in np.linspace(0, 1, 41):
            for tracker, v in zip(plane.entries, path(t).flat):
                tracker.set_value(v)
            for label in (plane.i_label, plane.j_label):
                label.update()
            for name, label in zip("îĵ", (plane.i_label, plane.j_label)):
                c, w, h = label.get_center()[:2], label.width / 2, label.height / 2
                clearance = np.min(np.maximum(np.abs(line[:, 0] - c[0]) - w, np.abs(line[:, 1] - c[1]) - h))
                assert clearance > 0, f"{name}'s label on the outline at t = {t:.3f}"


def test_the_working_writes_each_total_before_its_cell_comes_in_in_place():
    """No figure flies from the working to AB: a total flown as it was written rose from beside the sum
    before the sum had made it, through the other cells, and the second row's crossed the first's
    working (review, matmul 214.7 and 217.7 s). Each total is hidden until its step writes it."""
    from manim import AnimationGroup, Succession

    from toolkit.plane import ColumnWorking, ProductLine

    def parts(a):
        yield a
        if isinstance(a, (AnimationGroup, Succession)):
            for b in a.animations:
                yield from parts(b)

    line = ProductLine(A0, B0, A0 @ B0, ("A", "B", "AB"), ("a", "b", "result"))
    for c in (0, 1):
        steps = ColumnWorking(line, c).steps()
        assert not any(getattr(a, "is_flight", False) for step in steps for a in parts(step))
        # The totals' step: the sum written, then the cell lit in, one after the other.
        for step in (steps[3], steps[6]):
            assert isinstance(step, Succession) and len(step.animations) == 2


def test_a_basis_label_stays_where_it_stood_while_that_spot_stays_clear():
    """A label keeps last frame's spot beside its tip while it stays clear, rather than taking
    whichever clear spot is nearest the preferred one this frame: î jumped into the sheared
    square and back as it was lit (review, matmul 183.8-184.5 s and 189.5-190.0 s)."""
    A, B = np.asarray(A0, float), np.asarray(B0, float)
    window = window_for(A, B, A @ B, B @ A, aspect=MOST_ASPECT)
    plane = MovingPlane(
        height=5.5, window=window, basis_roles=BASIS_ROLES, turning=True, basis_label_size=BASIS_LABEL_SIZE
    )
    label, tip = plane.i_label, plane.tip(0)
    preferred = tip + np.array([1.0, 0.3, 0.0])
    plane._label_spots.clear()  # nothing remembered: this frame's best
    first = plane._clear_spot(label, 0, preferred)
    # Another clear spot, a little along from this frame's best: where the label stood last frame.
    other = first + np.array([0.05, -0.05, 0.0])
    plane._label_spots[0] = (0, (other - tip)[:2])
    kept = plane._clear_spot(label, 0, preferred)
    assert np.allclose(kept, other), "the label left a clear spot for another"
    # Where the spot it stood in is no longer clear (the plane's edge), it moves.
    plane._label_spots[0] = (0, np.array([100.0, 0.0]))
    assert np.allclose(plane._clear_spot(label, 0, preferred), first)
