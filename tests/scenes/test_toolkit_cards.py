"""The closing card's recap pictures (review): the turning picture's a has an arrowhead that shows,
a·b's readout is a result (its sign written, not told by the positive/negative colours), and the
recap's words stand clear of the caption band in both lessons."""

from __future__ import annotations

import numpy as np
import pytest
from manim import tempconfig

from scene_runs import TEX_CACHE


@pytest.fixture(scope="module")
def dry():
    with tempconfig({"dry_run": True, "verbosity": "ERROR", **TEX_CACHE}):
        yield


def test_a_has_an_arrowhead_and_the_readout_is_a_result(dry):
    from toolkit.card_pictures import TurningPicture
    from toolkit.style import colour

    picture = TurningPicture((1.8, 1.2), (0.8, 1.8), height=2.4)
    picture.scale(1.3)  # as RecapColumns grows it to its box
    picture.update()
    a = picture.emblem.a
    assert a.has_tip()
    # The tip stands wider than the shaft's stroke covers (a stroke of w points is w/100 units wide).
    assert a.tip.width > 1.5 * a.get_stroke_width() / 100
    for turn in (0.0, np.pi):  # a·b positive, then negative: the same colour, the sign written
        picture.emblem.turn.set_value(turn)
        picture.readout.update()
        assert picture.readout.get_color().to_hex().upper() == colour("result").upper()
        assert picture.readout.get_color().to_hex().upper() not in (
            colour("positive").upper(),
            colour("negative").upper(),
        )


def test_the_turning_b_stays_on_its_grid_all_the_way_round(dry):
    # b turning once round left the picture's patch of grid and crossed the text beside it (review).
    from toolkit.card_pictures import TurningPicture

    picture = TurningPicture((1.8, 1.2), (0.8, 1.8), height=2.4)
    grid = picture.emblem.grid
    lo, hi = grid.get_corner(np.array([-1, -1, 0])), grid.get_corner(np.array([1, 1, 0]))
    for turn in np.linspace(0, 2 * np.pi, 25):
        picture.emblem.turn.set_value(turn)
        picture.update()
        tip = picture.emblem.b.get_end()
        assert lo[0] <= tip[0] <= hi[0] and lo[1] <= tip[1] <= hi[1], np.degrees(turn)


@pytest.mark.parametrize("title", ["The dot product", "Scaling dot products: matrix multiplication"])
def test_the_recap_stands_clear_of_the_caption_band(dry, title):
    from toolkit.card_pictures import lesson_inputs
    from toolkit.cards import CLEAR_OF_BAND, RecapColumns
    from toolkit.layout import SAFE

    points = {
        "The dot product": (
            "Pair up, multiply, sum: two vectors in, one number out.",
            "a·b = ‖a‖‖b‖ cos θ: the dot product measures alignment.",
            "Every neuron's weighted sum and every attention score is a dot product.",
        ),
    }.get(
        title,
        (
            "Matrix multiplication is many dot products: every row meets every column.",
            "A matrix moves the plane; B then A is the same move as AB, and AB ≠ BA.",
            "(m×n)(n×p) = m×p: the inner sizes must match, the outer give the shape.",
        ),
    )
    recap = RecapColumns(title, points, lesson_inputs(title))
    assert recap.get_bottom()[1] >= SAFE.bottom + CLEAR_OF_BAND - 1e-6


@pytest.mark.parametrize("title", ["The dot product", "Scaling dot products: matrix multiplication"])
def test_a_picture_dimmed_then_lit_is_drawn_as_it_was(dry, title):
    """Every recap picture, dimmed as the card opens and lit as its point is said, ends with each
    part's own stroke and fill (the neuron's output arrow lost its tip: a part's fill set with its
    family blanked its tip's before the tip's own was read)."""
    from toolkit.card_pictures import dim, lesson_inputs, recap_picture, shown
    from toolkit.cards import DIMMED

    points = {
        "The dot product": (
            "Pair up, multiply, sum.",
            "a·b = ‖a‖‖b‖ cos θ: alignment.",
            "Every neuron's weighted sum.",
        ),
    }.get(title, ("Every row meets every column.", "A matrix moves the plane.", "(m×n)(n×p) = m×p: the shape."))
    for point in points:
        picture = recap_picture(point, lesson_inputs(title))
        parts = shown(picture).family_members_with_points()
        before = [(m.get_stroke_opacity(), m.get_fill_opacity()) for m in parts]
        dim(picture, DIMMED)
        dim(picture, 1.0)
        assert [(m.get_stroke_opacity(), m.get_fill_opacity()) for m in parts] == pytest.approx(before), point


def test_the_pair_pictures_parts_are_cued_on_the_words_that_name_them():
    """The point "Pair up, multiply, sum": the products come on "multiply" and the total on "sum"
    (spread over the whole point, the total came 1 to 2.5 s after "sum": review). A point that does not say
    the cues, or not in their order, plays the picture over all of it."""
    from narration.marks import parse
    from scenes.cards import cue_marks

    point = "Pair up, multiply, sum: two vectors in, one number out."
    marked = parse(cue_marks(point, ("multiply", "sum")))
    assert marked.text == point
    assert {name: point[at:].split()[0] for name, at in marked.marks.items()} == {"cue0": "multiply,", "cue1": "sum:"}
    assert cue_marks("Sum the products, then multiply.", ("multiply", "sum")) is None
    assert cue_marks("Pair up and add.", ("multiply", "sum")) is None
    assert cue_marks(point, ()) is None


def test_the_pair_picture_frames_no_pair_before_its_turn(dry):
    """Each pair is lit as its product comes; nothing is added to frame a pair ahead of its turn
    (boxes in a Succession were all added at its start, every pair framed before its turn)."""
    from manim import Scene

    from toolkit.card_pictures import PairPicture

    picture = PairPicture([1, 2, 3], [4, 5, 6])
    scene = Scene()
    scene.add(picture)
    parts = picture.cued()
    assert len(parts) == len(picture.CUES)
    for animation in parts:
        animation._setup_scene(scene)
    drawn = {id(part) for m in scene.mobjects for part in m.family_members_with_points()}
    assert drawn <= {id(part) for part in picture.get_family()}, "something not of the picture is drawn"


def test_the_attention_point_draws_its_scores_as_it_names_them(dry):
    """The point "Every neuron's weighted sum and every attention score is a dot product": the card
    named attention and drew only a neuron (review). The picture grows one bar per key of the lesson's
    AttentionScore, as tall as its score q·k/√d_k (numpy), up when positive and down when not,
    under their name q·kᵢ, on the word "attention"; the sum's name w·x and q·kᵢ are lit on "dot
    (product)"."""
    from narration.marks import parse
    from scenes.cards import cue_marks
    from toolkit.card_pictures import NeuronPicture, lesson_inputs, params_of, recap_picture, shown
    from manim import VGroup

    from toolkit.style import colour

    point = "Every neuron's weighted sum and every attention score is a dot product."
    inputs = lesson_inputs("The dot product")
    picture = recap_picture(point, inputs)
    assert isinstance(picture, NeuronPicture)
    attention = params_of(inputs, "AttentionScore")
    q, keys = np.asarray(attention["q"], float), np.asarray(attention["keys"], float)
    scores = keys @ q / np.sqrt(q.size)
    assert len(picture.bars) == len(keys)
    heights = np.array([bar.height for bar in picture.bars])
    assert heights / heights.max() == pytest.approx(np.abs(scores) / np.abs(scores).max(), rel=1e-6)
    base = picture.baseline.get_y()
    for bar, s in zip(picture.bars, scores):
        assert (bar.get_bottom()[1] == pytest.approx(base)) if s >= 0 else (bar.get_top()[1] == pytest.approx(base))
        assert bar.get_fill_color().to_hex().upper() == colour("positive" if s >= 0 else "negative").upper()
    # Named under the bars, and not shown before their word: they grow on "attention", from their
    # baseline. The neuron's sum is named too, over its Σ, and shown with the neuron.
    assert picture.score_label.get_top()[1] < min(bar.get_bottom()[1] for bar in picture.bars)
    assert picture.sum_label.get_bottom()[1] > picture.body.get_top()[1] - 1e-6
    assert set(map(id, picture.sum_label.get_family())) <= set(map(id, shown(picture).get_family()))
    later = VGroup(picture.baseline, picture.bars, picture.score_label).get_family()
    assert not set(map(id, later)) & set(map(id, shown(picture).get_family()))
    marked = parse(cue_marks(point, picture.CUES))
    said = {name: point[at:].split()[0] for name, at in marked.marks.items()}
    assert said == {"cue0": "neuron's", "cue1": "attention", "cue2": "dot"}
    assert len(picture.cued()) == len(picture.CUES)
    # A point about neurons alone keeps its picture as it was: no bars, played over the whole point.
    assert getattr(recap_picture("Every neuron's weighted sum.", inputs), "CUES", ()) == ()


def test_the_neuron_pulse_lights_its_sum_whole():
    """The pulse's middle lights the neuron's circle with its Σ: the Σ alone, lit white over amber,
    read faintly (reviews)."""
    from toolkit.card_pictures import NeuronPicture

    picture = NeuronPicture()
    light = picture.pulse().animations[1]
    parts = [picture.body, *picture.sigma.family_members_with_points()]
    rest = {id(m): np.concatenate([m.get_stroke_rgbas(), m.get_fill_rgbas()]).copy() for m in parts}

    def lit(m) -> bool:
        now = np.concatenate([m.get_stroke_rgbas(), m.get_fill_rgbas()])
        return now.shape != rest[id(m)].shape or not np.allclose(now, rest[id(m)])

    light.begin()
    light.interpolate(0.5)
    assert lit(picture.body), "the circle is not lit"
    assert any(lit(m) for m in picture.sigma.family_members_with_points()), "the Σ is not lit"
    light.finish()
    assert not any(lit(m) for m in parts), "the light left its colour behind"


def test_the_composition_point_moves_the_plane_by_b_then_a_onto_ab_not_ba():
    """The point "A matrix moves the plane; B then A is the same move as AB, and AB ≠ BA": the card
    moved the plane by A alone (review: the picture did not show what was said). The plane is
    moved by the lesson's B, then by its A, onto the square AB sends it to (numpy's A @ B), drawn
    and named AB on "same"; BA's square (B @ A) drawn and named on "≠", elsewhere."""
    from manim import ApplyMatrix

    from narration.marks import parse
    from scenes.cards import cue_marks
    from toolkit.card_pictures import ComposedPlanePicture, lesson_inputs, params_of, recap_picture, shown

    point = "A matrix moves the plane; B then A is the same move as AB, and AB ≠ BA."
    inputs = lesson_inputs("Scaling dot products: matrix multiplication")
    picture = recap_picture(point, inputs)
    assert isinstance(picture, ComposedPlanePicture)
    mt = params_of(inputs, "MatrixAsTransformation")
    A, B = np.asarray(mt["A"], float), np.asarray(mt["B"], float)
    plane = picture.plane

    def on_edges(points: np.ndarray, square: np.ndarray) -> np.ndarray:
        """Each point's distance to the nearest edge of the parallelogram `square` (its corners)."""
        out = []
        for q in points:
            d = []
            for a, b in zip(square, np.roll(square, -1, axis=0)):
                t = np.clip(np.dot(q - a, b - a) / np.dot(b - a, b - a), 0, 1)
                d.append(np.linalg.norm(q - (a + t * (b - a))))
            out.append(min(d))
        return np.array(out)

    for outline, M in ((picture.ab_outline, A @ B), (picture.ba_outline, B @ A)):
        square = np.array([M @ c for c in ((0, 0), (1, 0), (1, 1), (0, 1))])
        # The dashes' points, in the plane's coordinates: all on M's square's edges, and all round it.
        points = np.array([plane.p2c(p)[:2] for dash in outline for p in dash.points])
        assert on_edges(points, square).max() < 1e-6, M
        assert points.min(axis=0) == pytest.approx(square.min(axis=0), abs=0.1)
        assert points.max(axis=0) == pytest.approx(square.max(axis=0), abs=0.1)
        assert not np.allclose(A @ B, B @ A)  # the lesson's matrices do not commute: two squares
    # The moves: B first, then A, each played to its end, carry the unit square onto B's, then AB's.
    o = plane.c2p(0, 0)
    basis = np.array([plane.c2p(1, 0) - o, plane.c2p(0, 1) - o])[:, :2].T

    def square_now() -> np.ndarray:
        return np.array([np.linalg.solve(basis, (v - o)[:2]) for v in picture.square.get_vertices()])

    for move, M in zip(picture.cued()[:2], (B, A @ B)):
        assert isinstance(move, ApplyMatrix)
        move.begin()
        move.interpolate(1.0)
        move.finish()
        assert square_now() == pytest.approx(np.array([M @ c for c in ((0, 0), (1, 0), (1, 1), (0, 1))]), abs=1e-6)
    # Neither square nor its name is shown before its word.
    later = {
        id(m)
        for part in (picture.ab_outline, picture.ba_outline, picture.ab_key, picture.ba_key)
        for m in part.get_family()
    }
    assert not later & {id(m) for m in shown(picture).get_family()}
    marked = parse(cue_marks(point, picture.CUES))
    said = {name: point[at:].split()[0] for name, at in marked.marks.items()}
    assert said == {"cue0": "moves", "cue1": "then", "cue2": "same", "cue3": "≠"}
    assert len(picture.cued()) == len(picture.CUES)
