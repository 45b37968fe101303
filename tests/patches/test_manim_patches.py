"""manim's patches (manim_patches/): each against manim's own behaviour on the manim installed,
the upstream bodies they wrap, replace or copy pinned, and frames with the patches on and off."""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from manim import DOWN, LEFT, ORIGIN, RIGHT, UP

import scene_runs  # noqa: F401 - the tests' LaTeX caches, and the patches installed

from toolkit.lesson_scene import LessonScene

ROOT = Path(__file__).resolve().parents[2]


# --- parsed SVGs kept and shared (manim_patches/svg_parsing.py) ----------------------------------


def test_a_formula_whose_glyphs_dvisvgm_wrote_in_another_order_is_not_parsed_again(tmp_path, monkeypatch):
    """dvisvgm's first run on a fresh machine wrote a formula's glyph definitions in another order
    than the next runs (seen on CI): the parsed mobject on disk is the same and is used."""
    import re

    from manim import MathTex, tempconfig
    from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP, SVGMobject

    from toolkit import sealed

    with tempconfig({"tex_dir": str(tmp_path / "Tex"), "text_dir": str(tmp_path / "texts")}):
        first = MathTex(r"\sum_{i=1}^{n} a_i b_i")
        [svg] = (tmp_path / "Tex").glob("*.svg")
        text = sealed.get(svg, "formula", "again").decode()
        glyphs = re.findall(r"<path id='g[^']*' d='[^']*'/>", text)
        assert len(glyphs) > 2
        backwards = iter(reversed(glyphs))
        reordered = re.sub(r"<path id='g[^']*' d='[^']*'/>", lambda _: next(backwards), text)
        assert reordered != text
        sealed.put(svg, reordered.encode())
        SVG_HASH_TO_MOB_MAP.clear()  # as in a new process

        def no_parsing(self):
            raise AssertionError("parsed again: the same glyphs in another order made another key")

        monkeypatch.setattr(SVGMobject, "generate_mobject", no_parsing)
        again = MathTex(r"\sum_{i=1}^{n} a_i b_i")
    assert len(again.family_members_with_points()) == len(first.family_members_with_points())


@pytest.mark.parametrize(
    "make",
    [
        lambda: __import__("manim").MathTex(r"\mathbf{a} \cdot \mathbf{b} = \frac{3}{4}"),
        lambda: __import__("manim").Text("cos θ = 0.97", font_size=30),
    ],
    ids=["formula", "text"],
)
def test_parsed_svg_comes_back_from_disk_the_same(tmp_path, monkeypatch, make):
    import numpy as np
    from manim import tempconfig
    from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP, SVGMobject

    from manim_patches.svg_parsing import cache_folder

    def glyphs(mob):
        return [(m.points.copy(), m.get_fill_color().to_hex()) for m in mob.family_members_with_points()]

    with tempconfig({"tex_dir": str(tmp_path / "Tex"), "text_dir": str(tmp_path / "texts")}):
        parsed = glyphs(make())
        [saved] = cache_folder().glob("*.pickle")
        SVG_HASH_TO_MOB_MAP.clear()  # as in a new process

        def no_parsing(self):
            raise AssertionError("parsed again although the parsed mobject is on disk")

        with monkeypatch.context() as m:
            m.setattr(SVGMobject, "generate_mobject", no_parsing)
            from_disk = glyphs(make())
        saved.write_bytes(saved.read_bytes()[:100])  # a damaged file is parsed again, not trusted
        SVG_HASH_TO_MOB_MAP.clear()
        reparsed = glyphs(make())
    assert len(parsed) > 3
    for got in (from_disk, reparsed):
        assert len(got) == len(parsed)
        for (p, c), (q, d) in zip(parsed, got):
            assert c == d and np.array_equal(p, q)


@pytest.mark.parametrize("start, then, unit", [(1.25, -10.5, None), (9.99, 10.0, r"^{\circ}"), (-0.5, 0.75, None)])
def test_a_live_number_shows_what_manims_own_rebuild_would(start, then, unit):
    """decimal_numbers' set_value leaves out manim's match_style pass: the glyphs must come out the same."""
    import numpy as np
    from manim import DecimalNumber

    from manim_patches import decimal_numbers

    def made(set_value):
        n = DecimalNumber(start, num_decimal_places=2, font_size=40, color="#E07A1F", unit=unit).shift(LEFT * 2 + UP)
        n.scale(1.3)
        set_value(n, then)
        return n, [
            (m.points.copy(), m.fill_rgbas.copy(), m.stroke_rgbas.copy(), m.stroke_width)
            for m in n.family_members_with_points()
        ]

    ours, got = made(DecimalNumber.set_value)
    manims, expected = made(decimal_numbers._rebuild)
    assert ours.number == then and len(got) == len(expected) > 2
    for a, b in zip(got, expected):
        for x, y in zip(a, b):
            assert np.allclose(x, y)


@pytest.mark.parametrize("unit", [None, r"^{\circ}"])
def test_a_figure_laid_out_before_comes_back_where_manims_rebuild_would_put_it(unit):
    """decimal_numbers keeps each figure's layout: shown again, moved, resized, recoloured, it
    must be the glyphs manim's own rebuild makes."""
    import numpy as np
    from manim import DecimalNumber

    from manim_patches import decimal_numbers

    def glyphs(n):
        return [(m.points.copy(), m.fill_rgbas.copy(), m.stroke_rgbas.copy()) for m in n.family_members_with_points()]

    decimal_numbers._LAYOUTS.clear()
    ours = DecimalNumber(1.5, num_decimal_places=2, font_size=40, color="#E07A1F", unit=unit)
    manims = DecimalNumber(1.5, num_decimal_places=2, font_size=40, color="#E07A1F", unit=unit)
    steps = [
        lambda n: n.set_value(-2.25),
        lambda n: n.set_value(1.5),  # shown before: from its layout
        lambda n: n.shift(RIGHT * 2 + UP),
        lambda n: n.set_value(-2.25),  # from its layout, somewhere else
        lambda n: n.scale(1.4),
        lambda n: n.set_value(1.5),  # another size: laid out again
        lambda n: n.set_color("#3A7BD5"),
        lambda n: n.set_value(-2.25),
    ]
    for step in steps:
        step(ours)
        if step.__code__.co_names[-1:] == ("set_value",):
            decimal_numbers._rebuild(manims, ours.number)  # manim's own set_value
        else:
            step(manims)
        got, expected = glyphs(ours), glyphs(manims)
        assert ours.number == manims.number and len(got) == len(expected) > 2
        for a, b in zip(got, expected):
            for x, y in zip(a, b):
                assert x.shape == y.shape and np.allclose(x, y)
    assert len(decimal_numbers._LAYOUTS) >= 3


def test_the_kept_layouts_are_forgotten_past_their_bound(monkeypatch):
    from manim import DecimalNumber

    from manim_patches import decimal_numbers

    decimal_numbers._LAYOUTS.clear()
    monkeypatch.setattr(decimal_numbers, "LAYOUTS_KEPT", 3)
    n = DecimalNumber(0.0, num_decimal_places=2)
    for k in range(1, 8):
        n.set_value(k / 100)
        assert 1 <= len(decimal_numbers._LAYOUTS) <= 3
    assert n.get_value() == 0.07 and len(n.submobjects) == 4


def test_a_display_type_kept_per_class_is_manims_answer():
    """display_types keeps `type_or_raise`'s answer per class: it must be manim's own for every
    kind of mobject, asked again, and what manim cannot display still raises."""
    import numpy as np
    from manim import Circle, Dot, Group, ImageMobject, MathTex, Mobject, PMobject, Square, VGroup, tempconfig
    from manim.camera.camera import Camera

    from manim_patches import display_types

    with tempconfig({"quality": "low_quality", "dry_run": True}):
        ours, manims = display_types.KnowsDisplayTypes(), Camera()
        mobjects = [
            Circle(),
            Square(),
            Dot(),
            VGroup(Circle()),
            MathTex("x"),
            PMobject(),
            Mobject(),
            Group(),
            ImageMobject(np.zeros((4, 4, 4), dtype=np.uint8)),
        ]
        display_types._KINDS.clear()
        for m in mobjects + mobjects:
            assert ours.type_or_raise(m) is manims.type_or_raise(m)
        assert len(display_types._KINDS) == len({type(m) for m in mobjects})
        with pytest.raises(TypeError):
            ours.type_or_raise("not a mobject")
        # A scene after the first in one process: its new camera, every class already kept,
        # draws as manim's does.
        again, manims_again = display_types.KnowsDisplayTypes(), Camera()
        again.capture_mobjects([Circle().set_fill("#00FF00", 0.5), Square()])
        manims_again.capture_mobjects([Circle().set_fill("#00FF00", 0.5), Square()])
        assert again.pixel_array.any() and np.array_equal(again.pixel_array, manims_again.pixel_array)


def test_skipping_transparent_paint_changes_no_pixel(monkeypatch):
    """transparent_paint leaves out fills and strokes with no opacity; the frame must be manim's own."""
    import numpy as np
    from manim import Arrow, Circle, Line, Square, tempconfig
    from manim.camera.camera import Camera
    from manim.constants import LineJointType

    from manim_patches.transparent_paint import SkipsTransparentPaint

    def frame(camera_class):
        with tempconfig({"quality": "low_quality", "dry_run": True}):
            camera = camera_class()
            hidden = Square(2).set_stroke(width=8, opacity=0).set_fill("#FF0000", opacity=0)
            hidden.joint_type = LineJointType.BEVEL  # left on the context for the next mobject
            shown = Line(LEFT * 3, RIGHT * 3 + UP, stroke_width=12).set_points_as_corners([LEFT * 3, UP * 2, RIGHT * 3])
            camera.capture_mobjects([hidden, shown, Arrow(DOWN * 2, UP + RIGHT), Circle().set_fill("#00FF00", 0.5)])
            return np.array(camera.pixel_array)

    ours, manims = frame(SkipsTransparentPaint), frame(Camera)
    assert ours.any() and np.array_equal(ours, manims)


def _paths(set_path, mobjects):
    """The path each of `mobjects` leaves on a cairo context through `set_path`, as cairo gives it back."""
    import cairo
    from manim import tempconfig
    from manim.camera.camera import Camera

    with tempconfig({"quality": "low_quality", "dry_run": True}):
        camera = Camera()
        ctx = camera.get_cairo_context(camera.pixel_array)
        out = []
        for m in mobjects:
            set_path(camera, ctx, m)
            out.append([(kind, tuple(points)) for kind, points in ctx.copy_path()])
        ctx.new_path()
        assert isinstance(ctx, cairo.Context)
    return out


def _drawn(camera_base, mobjects):
    import numpy as np
    from manim import tempconfig

    from manim_patches.transparent_paint import SkipsTransparentPaint

    cls = type("Drawing", (SkipsTransparentPaint, camera_base), {})
    with tempconfig({"quality": "low_quality", "dry_run": True}):
        camera = cls()
        camera.capture_mobjects(mobjects)
        return np.array(camera.pixel_array)


def _outlines():
    from manim import Arc, Circle, DashedLine, Line, MathTex, Square, Text, VMobject

    open_path = VMobject().set_points_as_corners([LEFT * 3, UP * 2, RIGHT * 3, DOWN])
    gapped = VMobject()
    gapped.set_points([LEFT * 2, LEFT, LEFT, ORIGIN, ORIGIN, UP, UP, RIGHT, RIGHT + UP * 1.0001, UP, UP, RIGHT * 2])
    return [
        MathTex(r"\mathbf{a}\cdot\mathbf{b} = 8 \cos\theta", font_size=72),
        Text("B8 08", font_size=60),  # glyphs with holes: several closed subpaths each
        DashedLine(LEFT * 4, RIGHT * 4 + UP, dash_length=0.3),
        Arc(angle=2.5, radius=2).set_stroke(width=10),
        Circle().set_fill("#00FF00", 0.5),
        Square(3).set_fill("#FF0000", 0.3),
        Line(DOWN * 3, UP * 3, stroke_width=12),
        open_path.set_stroke(width=8).set_fill("#0000FF", 0.4),
        gapped.set_stroke(width=6),
    ]


def test_an_outline_handed_to_cairo_at_once_is_the_path_manims_calls_make():
    """cairo_paths cuts and sets paths in its own loop: cairo must hold the same path, element by
    element, and the frame must be manim's own pixel for pixel."""
    import numpy as np
    from manim.camera.camera import Camera

    from manim_patches.cairo_paths import SetsPathsInOnePass

    members = [m for mob in _outlines() for m in mob.family_members_with_points()]
    ours = _paths(lambda cam, ctx, m: SetsPathsInOnePass.set_cairo_context_path(cam, ctx, m), members)
    manims = _paths(lambda cam, ctx, m: Camera.set_cairo_context_path(cam, ctx, m), members)
    assert len(members) > 20 and sum(len(p) for p in manims) > 200
    assert any(sum(kind == 3 for kind, _ in p) > 1 for p in manims), "no outline of several closed subpaths"
    assert ours == manims
    drawn, manims_frame = _drawn(SetsPathsInOnePass, _outlines()), _drawn(Camera, _outlines())
    assert drawn.any() and np.array_equal(drawn, manims_frame)


POINT = st.tuples(st.floats(-8, 8), st.floats(-8, 8)) | st.sampled_from([(float("nan"), 0.0), (1e-7, 1e-7)])
APART = st.sampled_from([0.0, 1e-9, 1e-7, 1e-5, 1e-3, None])  # None: anywhere


@given(st.lists(st.tuples(APART, POINT, POINT, POINT, APART), min_size=1, max_size=10))
@settings(max_examples=120, deadline=None)
def test_subpaths_are_cut_and_closed_where_manim_cuts_and_closes_them(curves):
    """Random outlines, curve by curve: each starting where the last one ended, a hair away or
    anywhere, and ending on its subpath's start, a hair away or anywhere; a NaN (the whole path
    then nothing, as manim's camera shows a point it cannot show)."""
    import numpy as np
    from manim import VMobject
    from manim.camera.camera import Camera

    from manim_patches.cairo_paths import SetsPathsInOnePass

    points, subpath_start = [], None
    for start_apart, h1, h2, end, end_apart in curves:
        start = np.array([*h1, 0.0]) * 0.5 if start_apart is None or not points else points[-1] + start_apart
        if start_apart is None or not points:
            subpath_start = start
        last = np.array([*end, 0.0]) if end_apart is None else subpath_start + end_apart
        points += [start, np.array([*h1, 0.0]), np.array([*h2, 0.0]), last]
    m = VMobject()
    m.set_points(np.array(points))
    ours = _paths(lambda cam, ctx, v: SetsPathsInOnePass.set_cairo_context_path(cam, ctx, v), [m])
    manims = _paths(lambda cam, ctx, v: Camera.set_cairo_context_path(cam, ctx, v), [m])
    assert ours == manims


@given(
    st.lists(st.sampled_from([0, 1, 4, 8, 12, 20]), min_size=1, max_size=6),
    st.lists(st.integers(0, 5), max_size=6),
    st.sampled_from([-1.0, 0.0, 1.0, 0.5]),
    st.sampled_from([-1.0, 0.0, 1.0]),
    st.integers(0, 2**32 - 1),
)
@settings(max_examples=80, deadline=None)
def test_a_boundary_and_its_critical_points_are_manims(counts, nesting, dx, dy, seed):
    """boundaries gathers anchors by slicing: the boundary array, and every edge, corner and
    centre read from it, must be manim's own, on families of empty, one-point and curved members."""
    import numpy as np
    from manim import VMobject

    from manim_patches import boundaries

    rng = np.random.default_rng(seed)
    members = []
    for n in counts:
        m = VMobject()
        if n:
            m.set_points(rng.normal(0, 3, (n, 3)))
        members.append(m)
    for i, parent in enumerate(nesting):  # some members inside others
        if parent < i < len(members):
            members[parent].add(members[i])
    root = VMobject().add(*[m for i, m in enumerate(members) if not (i < len(nesting) and nesting[i] < i)])
    for mob in (root, *members):
        got, expected = mob.get_points_defining_boundary(), boundaries._points_defining_boundary(mob)
        assert got.shape == expected.shape and np.array_equal(got, expected)
        direction = np.array([dx, dy, 0.0])
        assert np.array_equal(mob.get_critical_point(direction), boundaries._critical_point(mob, direction))


@functools.cache
def _number_lines() -> dict:
    """One of each kind, built once (a plane takes a while): the tests move copies of them."""
    from manim import Axes, LogBase, NumberLine, NumberPlane

    return {
        "line": NumberLine(x_range=[-6, 6, 1], length=7),
        "tipped line": NumberLine(x_range=[-6, 6, 1], include_tip=True),
        "plane": NumberPlane(x_range=[-7, 7, 1], y_range=[-4, 5, 1]),
        "axes with tips": Axes(x_range=[-1, 6, 1], y_range=[2, 9, 1], tips=True),
        "log axes": Axes(x_range=[0, 3, 1], y_range=[-2, 2, 1], x_axis_config={"scaling": LogBase()}),
    }


@given(
    st.sampled_from(["line", "tipped line", "plane", "axes with tips", "log axes"]),
    st.floats(-5, 5),
    st.floats(-5, 5),
    st.floats(0.2, 3),
    st.floats(-3, 3),
    st.integers(0, 2**32 - 1),
)
@settings(max_examples=40, deadline=None)
def test_a_point_on_a_number_line_or_plane_is_the_point_manim_finds(kind, x, y, scale, turn, seed):
    """coordinates reads a line's ends from its points: every point a line, a plane or axes give
    (one number, several, each accepted shape of coordinates) must be manim's own to the bit, on
    lines with and without tips, moved, scaled and turned."""
    import numpy as np
    from manim import NumberLine

    from manim_patches import coordinates

    mob = _number_lines()[kind].copy()
    mob.scale(scale).rotate(turn).shift(np.random.default_rng(seed).normal(0, 1, 3))
    if kind == "log axes":
        x = abs(x) + 0.01  # a log scale's numbers are positive

    def same(ours, manims):
        """Both give the same array (NaN where manim's gives NaN), or both fail alike."""
        try:
            expected = manims()
        except Exception as e:
            with pytest.raises(type(e)):
                ours()
            return
        got = ours()
        assert got.shape == expected.shape and np.array_equal(got, expected, equal_nan=True)

    lines = [mob] if isinstance(mob, NumberLine) else list(mob.axes)
    for line in lines:
        for number in (x, y, [x, y, 0.5], np.array([[x], [y]])):
            same(lambda: line.number_to_point(number), lambda: coordinates._number_to_point(line, number))
    if not isinstance(mob, NumberLine):
        shapes = {"xy": (x, y), "list": ([x, y],), "columns": ([x, y, 1.0], [y, x, 2.0]), "rows": ([[x, y], [y, x]],)}
        for coords in shapes.values():

            def manims(coords=coords):
                with pytest.MonkeyPatch.context() as patch:
                    patch.setattr(NumberLine, "number_to_point", coordinates._number_to_point)
                    return mob.coords_to_point(*coords)

            same(lambda coords=coords: mob.coords_to_point(*coords), manims)


@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30))
@settings(max_examples=60, deadline=None)
def test_a_family_is_listed_as_manim_lists_it(edges):
    """families lists a family in one pass; the list must be manim's own (the method installed,
    called on groups whose classes use it), repeats included."""
    from manim import VGroup
    from manim.mobject.mobject import Mobject

    from manim_patches import families

    def manims(m):  # manim's own Mobject.get_family, on the manim installed, all the way down
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Mobject, "get_family", families._get_family)
            return m.get_family()

    nodes = [VGroup() for _ in range(12)]
    for parent, child in edges:
        if child > parent:  # a tree with shared members, never a cycle
            nodes[parent].submobjects.append(nodes[child])
    for root in nodes:
        assert families._family(root) == manims(root)


@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30),
    st.lists(st.booleans(), min_size=12, max_size=12),
    st.lists(st.integers(-1, 1), min_size=12, max_size=12),
    st.lists(st.integers(0, 11), max_size=6),
    st.integers(0, 40),
    st.lists(st.integers(0, 11), max_size=20),
    st.booleans(),
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 14)), max_size=6),
)
@settings(max_examples=150, deadline=None)
@example([(0, 1)], [True] * 12, [0] * 12, [], 0, [1, 0], False, False, [])  # a member before its parent
def test_the_members_a_frame_draws_are_the_ones_manim_lists(edges, points, z, roots, tail, other, by_z, own, grown):
    """displayed_members reads the members to draw off a list already holding every family; they
    must be manim's own, in manim's order: for the moving part of a scene's family list (a play's
    frames), and for any other list (repeats, shared members, z-indices, a class with its own family)."""
    import numpy as np
    from manim import VGroup
    from manim.camera.camera import Camera
    from manim.utils.family import extract_mobject_family_members

    from manim_patches import displayed_members
    from manim_patches.camera import LessonCamera

    class Framed(VGroup):  # a class that lists its own family
        def get_family(self, recurse=True):
            return super().get_family(recurse)

    def node(i):
        m = (Framed if own and i == 11 else VGroup)()
        if points[i]:
            m.points = np.array([[i, 0.0, 0.0]] * 4)
        m.z_index = z[i]
        return m

    nodes = [node(i) for i in range(12)]
    for parent, child in edges:
        if child > parent:  # a tree with shared members, never a cycle
            nodes[parent].submobjects.append(nodes[child])
    camera = object.__new__(LessonCamera)  # what get_mobjects_to_display reads: use_z_index
    camera.use_z_index = by_z
    # A play's moving mobjects: the scene's family list from its first mover on, listed again.
    family = extract_mobject_family_members([nodes[r] for r in roots], use_z_index=by_z)
    moving = extract_mobject_family_members(family[tail % (len(family) + 1) :], use_z_index=by_z)
    # Since: members given new submobjects (a live number's glyphs made again), new ones (12-14,
    # one with a member of its own, hung in one place or two) or ones already in the tree.
    new = [node(i % 12) for i in range(12, 15)]
    new[0].submobjects.append(new[1])
    for parent, child in grown:
        if child >= 12 or child > parent:  # never a cycle
            nodes[parent].submobjects.append(new[child - 12] if child >= 12 else nodes[child])
    for listed in (moving, [nodes[i] for i in other], family):
        members = camera.get_mobjects_to_display(listed)
        manims = Camera.get_mobjects_to_display(camera, listed)
        assert len(members) == len(manims) and all(a is b for a, b in zip(members, manims))
    if not by_z and not own and not grown:  # a play's list is read in one pass, not by manim's method
        assert displayed_members.listed_once(moving) is not None


def test_a_copy_is_the_copy_manim_makes(monkeypatch):
    """copying copies common entries directly; the copy must be deepcopy's, sharing included."""
    import copy

    import numpy as np
    from manim import DecimalNumber, ManimColor, MathTex, NumberPlane, VGroup
    from manim.mobject.mobject import Mobject

    from manim_patches import copying

    number = DecimalNumber(3.6, num_decimal_places=2, color="#E07A1F")
    number.alias = number.points  # one array under two names stays one array
    group = VGroup(MathTex(r"\mathbf{a} \cdot \mathbf{b} = 3.60"), NumberPlane(x_range=[-2, 2]), number)

    def entries(mob):
        out = []
        for m in mob.get_family():
            for key, value in sorted(m.__dict__.items()):
                if key in ("original_id", "submobjects"):
                    continue
                if isinstance(value, np.ndarray):
                    out.append((key, value.dtype.str, value.shape, value.tobytes(), value.flags.c_contiguous))
                elif isinstance(value, (int, float, str, bool, type(None), ManimColor, tuple)):
                    out.append((key, repr(value)))
                else:
                    out.append((key, type(value).__name__))
        return out

    assert Mobject.__deepcopy__ is copying._copy_mobject  # installed by manim_patches.install()
    ours = group.copy()
    with monkeypatch.context() as m:
        m.setattr(Mobject, "__deepcopy__", copying._deepcopy_mobject)
        m.delitem(copy._deepcopy_dispatch, ManimColor)
        manims = group.copy()
    assert entries(ours) == entries(manims) and len(entries(ours)) > 500
    copied_number = ours[2]
    assert copied_number.alias is copied_number.points and copied_number.points is not number.points
    colour = number.get_color()
    assert copy.deepcopy(colour) == colour and copy.deepcopy(colour) is not colour


def test_patches_wrap_manims_own_methods_however_often_they_are_imported():
    """A patch module imported again (a test's reload; watch mode, before the patches had a
    package of their own) must wrap manim's own method, never the last import's wrapper (a chain
    that grew with every save until it overflowed the stack), and a family override calling
    super() must not loop."""
    import importlib

    from manim import DecimalNumber, Square, VGroup
    from manim.animation.transform import Transform
    from manim.mobject.mobject import Mobject

    import manim_patches

    for _ in range(3):
        for name in manim_patches.GLOBAL:
            importlib.reload(importlib.import_module(f"manim_patches.{name}")).install()
    families, numbers, copying, padding = (
        importlib.import_module(f"manim_patches.{m}")
        for m in ("families", "decimal_numbers", "copying", "copy_padding")
    )
    for own in (
        families._get_family,
        numbers._rebuild,
        copying._deepcopy_mobject,
        padding._begin_from_copy,
        padding._clean_up_from_copy,
    ):
        assert own.__module__.startswith("manim."), own
    assert Mobject.get_family is families._family and DecimalNumber.set_value is numbers._set_value
    assert Transform.begin.__module__.startswith("manim.")

    class Framed(VGroup):
        def get_family(self, recurse=True):
            return super().get_family(recurse)

    inner = Square()
    framed = Framed(inner)
    group = VGroup(framed)
    assert framed.get_family() == [framed, inner]
    assert group.get_family() == [group, framed, inner]


def test_a_still_run_composited_from_the_cache_is_what_manim_paints():
    """compositing_cache paints runs of unchanged mobjects once and lays them over later frames.
    Over a few frames where a square moves under still labels, a still square is recoloured in
    place, a round-capped line leaves its cap to the next mobject, a gradient's ends follow a
    moving child and a path has a point at infinity, each frame must be manim's own (to a level
    of rounding where translucent members of a run overlap)."""
    import numpy as np
    from manim import Circle, Dot, Line, MathTex, Square, Text, VMobject, tempconfig
    from manim.camera.camera import Camera
    from manim.constants import CapStyleType

    from manim_patches.compositing_cache import CachesStillRuns

    def frames(camera_class):
        with tempconfig({"quality": "low_quality", "dry_run": True}):
            camera = camera_class()
            mover = Square(1.5).set_fill("#3366FF", 0.8)
            recoloured = Square(1.0).shift(RIGHT * 4).set_fill("#FFFFFF", 1.0)
            rounded = Line(LEFT * 5 + UP * 2, RIGHT * 5 + UP * 2, stroke_width=30)
            rounded.cap_style = CapStyleType.ROUND
            open_end = Line(LEFT * 5 + DOWN * 3, RIGHT * 5 + DOWN * 3, stroke_width=30)  # cap: the context's
            squared = Line(LEFT * 5 + DOWN * 2, RIGHT * 5 + DOWN * 2, stroke_width=30)
            squared.cap_style = CapStyleType.SQUARE  # on the context as the still run begins
            graded = Line(LEFT * 6 + DOWN, LEFT * 2 + DOWN, stroke_width=20).set_stroke(["#FF0000", "#0000FF"])
            child = Dot(LEFT * 6 + DOWN)
            graded.add(child)  # the gradient runs across the family's box: the child moves it
            endless = VMobject().set_points_as_corners([[np.inf, 0, 0], [1, 1, 0], [2, -1, 0]])
            still = [
                MathTex(r"\mathbf{a}\cdot\mathbf{b}=3.60").scale(2),
                Text("over the square"),
                Circle(2).set_fill("#FF8800", 0.5),
                endless,
                graded,
                recoloured,
                rounded,
            ]
            shot = []
            for step in range(6):
                mover.move_to(LEFT * 3 + RIGHT * step)
                open_end.shift(UP * 0.1)
                squared.shift(UP * 0.1)
                child.shift(DOWN * 0.4)
                if step == 4:
                    recoloured.set_fill("#00FF00", 1.0)
                camera.reset()
                camera.capture_mobjects([mover, squared, *still, open_end])
                shot.append(np.array(camera.pixel_array))
            return camera, shot

    camera, ours = frames(CachesStillRuns)
    assert camera._still_runs.layers  # the later frames were laid from layers
    _, manims = frames(Camera)
    for a, b in zip(ours, manims):
        assert np.abs(a.astype(int) - b.astype(int)).max() <= 1
    assert not np.array_equal(manims[3], manims[4])  # the recolouring shows


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 90), st.integers(1, 90), st.integers(0, 12), st.integers(1, 9), st.integers(0, 10**6))
def test_a_layer_laid_in_its_painted_boxes_is_the_layer_laid_whole(H, W, strokes, tile, seed):
    """compositing_cache lays a sparse layer only in the boxes of tiles it painted: the boxes
    hold every painted pixel, none overlap, all lie inside the layer, and the frame is the one
    laying the whole layer gives, to the bit."""
    import cairo
    import numpy as np

    from manim_patches.compositing_cache import _boxes_path, _lay, _Surface, painted_boxes

    rng = np.random.default_rng(seed)
    layer = cairo.ImageSurface(cairo.FORMAT_ARGB32, W, H)
    ctx = cairo.Context(layer)
    for _ in range(strokes):  # thin translucent lines and dots, as a lesson's still runs are
        ctx.set_source_rgba(*rng.random(3), rng.choice([0.3, 1.0]))
        ctx.set_line_width(rng.uniform(0.5, 3))
        ctx.move_to(*rng.uniform(0, [W, H]))
        ctx.line_to(*rng.uniform(0, [W, H]))
        ctx.stroke()
    layer.flush()
    pixels = np.ndarray((H, layer.get_stride() // 4), np.uint32, layer.get_data())[:, :W]
    boxes = painted_boxes(pixels, tile, gap=rng.integers(0, 3))
    covered = np.zeros((H, W), int)
    for x, y, w, h in boxes:
        assert 0 <= x < x + w <= W and 0 <= y < y + h <= H
        covered[y : y + h, x : x + w] += 1
    assert covered.max(initial=0) <= 1
    assert not pixels[covered == 0].any()

    x0, y0 = rng.integers(0, 20, 2).tolist()
    background = rng.integers(0, 2**24, (H + 40, W + 40), dtype=np.uint32) | 0xFF000000  # opaque

    def laid(path) -> np.ndarray:
        frame = cairo.ImageSurface.create_for_data(np.array(background), cairo.FORMAT_ARGB32, W + 40, H + 40)
        _lay(cairo.Context(frame), _Surface(layer, x0, y0, cairo.LINE_CAP_BUTT, cairo.LINE_JOIN_MITER, path))
        frame.flush()
        return np.ndarray((H + 40, W + 40), np.uint32, frame.get_data()).copy()

    whole = laid(None)
    assert np.array_equal(laid(_boxes_path(boxes, x0, y0)), whole)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 30), st.integers(0, 3), st.integers(0, 10**6))
def test_subpaths_are_manims(curves, extra, seed):
    """subpaths' get_subpaths_from_points cuts the same subpaths as manim's own, one pair at a
    time with np.allclose: joined curves, ends a hair apart, NaN and infinite points, and a tail
    shorter than a curve."""
    import numpy as np
    from manim import VMobject

    from manim_patches.subpaths import _get_subpaths_from_points

    rng = np.random.default_rng(seed)
    points = rng.normal(size=(curves * 4 + extra, 3))
    for k in range(1, curves):
        if rng.random() < 0.6:
            points[4 * k] = points[4 * k - 1] + rng.choice([0, 1e-9, 1e-7, 1e-5])
    if len(points) and rng.random() < 0.2:
        points[rng.integers(len(points))] = rng.choice([np.nan, np.inf, -np.inf])
    mob = VMobject()
    theirs, ours = _get_subpaths_from_points(mob, points), mob.get_subpaths_from_points(points)
    assert len(ours) == len(theirs)
    assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(ours, theirs))


def test_a_transform_from_copy_leaves_no_faded_padding_behind():
    """TransformFromCopy aligns its mobject to the source: a square meeting a group of three
    squares gains two faded copies of itself, and a LessonScene drops them once the play is over.
    What is seen stays: the square's points and colour; a shape's own points, moved into a member
    of their own when it meets a group (`push_self_into_submobjects`), even when it is transparent;
    and whatever another animation of the same play leaves (as manim leaves it)."""
    import numpy as np
    from manim import BLUE, Dot, Indicate, Scene, Square, TransformFromCopy, VGroup, tempconfig

    from manim_patches.copy_padding import unseen

    def drawn(m):
        """What can be seen of `m`: each visible member's points and colours, in drawing order."""
        return [
            (x.points.tobytes(), x.fill_rgbas.tobytes(), x.stroke_rgbas.tobytes())
            for x in m.family_members_with_points()
            if not unseen(x)
        ]

    with tempconfig({"dry_run": True, "frame_rate": 5, "progress_bar": "none", "verbosity": "ERROR"}):
        scene = LessonScene()
        target = VGroup(Square(0.5).set_fill(BLUE, 1))
        looks = drawn(target)
        for n in (3, 5, 2):
            sources = VGroup(*(Square(0.3).shift(RIGHT * k) for k in range(n)))
            scene.play(TransformFromCopy(sources, target), run_time=0.4)
            assert drawn(target) == looks and len(target.get_family()) == 2  # nothing unseen is left

        # A shape with points of its own, met by a group, keeps them, transparent or not.
        for opacity in (1, 0):
            lone = Square(0.7).set_stroke(opacity=opacity)
            scene.play(TransformFromCopy(VGroup(Square(0.2), Square(0.2).shift(UP)), lone), run_time=0.4)
            [kept] = lone.family_members_with_points()
            assert np.allclose(kept.points, Square(0.7).points)

        # Another animation of the same play on the same mobject finishes after the copy's clean-up:
        # it sees the family it began with, and the end is manim's own.
        def indicated(scene_cls):
            cell = VGroup(Square(0.5).set_fill(BLUE, 1))
            row = VGroup(cell, Dot())
            scene_cls().play(
                TransformFromCopy(VGroup(Square(0.3), Square(0.3).shift(RIGHT)), cell),
                Indicate(cell),
                row.animate.shift(LEFT),
                run_time=0.4,
            )
            return drawn(row)

        assert indicated(LessonScene) == indicated(Scene)


# --- the LaTeX cache that processes share (manim_patches/tex_cache.py) ---------------------------------

_COMPILE = """
import sys
from manim import MathTex, tempconfig
from manim_patches import tex_cache
tex_cache.install()
with tempconfig({"tex_dir": sys.argv[1], "verbosity": "ERROR"}):
    for i in range(4):
        formula = MathTex(rf"\\frac{{{i}}}{{7}} + \\sqrt{{x_{{{i}}}}}")
        assert formula.family_members_with_points(), i
"""


def test_processes_compiling_the_same_new_formulas_at_once_share_one_cache(tmp_path):
    # Two processes (as two render workers, or two test workers) need the same four formulas
    # at the same moment, in one folder: each gets every formula whole, and the folder keeps
    # one SVG per formula and nothing else (manim's own writer keeps each .tex, and sweeps the
    # folder's other files, another process's half-compiled formula among them).
    folder = tmp_path / "Tex"
    procs = [
        subprocess.Popen([sys.executable, "-c", _COMPILE, str(folder)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 4 and all(name.endswith(".svg") for name in kept), kept
    # Whole: sealed (toolkit/sealed.py), its SVG ending where the seal says.
    from toolkit import sealed

    assert all(sealed.why_damaged(name, (folder / name).read_bytes()) is None for name in kept)
    assert all(sealed.unsealed((folder / name).read_bytes()).rstrip().endswith(b"</svg>") for name in kept)


def test_an_svg_is_parsed_as_manim_parses_it_without_a_file_beside_it(tmp_path, monkeypatch):
    # manim parses an SVG through a modified copy, `<name>_.svg`, written beside it and deleted
    # afterwards, which two processes parsing one shared formula overwrote and deleted under each
    # other. Here the copy's name is taken by a folder: a parse that still wrote it would fail.
    import numpy as np
    from manim import SVGMobject, tempconfig

    from manim_patches import tex_cache
    from manim_patches.originals import manims

    def parsed(svg: Path):
        # A folder of its own for parsed mobjects (svg_parsing), so the SVG is really parsed.
        with tempconfig({"text_dir": str(svg.parent / "Texts")}):
            return SVGMobject(str(svg), use_svg_cache=False)

    with tempconfig({"tex_dir": str(tmp_path / "Tex")}):
        svg = Path(tex_cache.tex_to_svg_file(r"\frac{3}{7} + \sqrt{x}", environment="align*"))
    (svg.parent / f"{svg.stem}_.svg").mkdir()
    ours = parsed(svg)
    theirs_svg = tmp_path / "theirs" / svg.name
    theirs_svg.parent.mkdir()
    theirs_svg.write_bytes(svg.read_bytes())
    monkeypatch.setattr(SVGMobject, "generate_mobject", manims(SVGMobject, "generate_mobject"))
    theirs = parsed(theirs_svg)
    assert len(ours.family_members_with_points()) >= 5
    for a, b in zip(ours.family_members_with_points(), theirs.family_members_with_points(), strict=True):
        assert type(a) is type(b) and np.array_equal(a.points, b.points)


# --- the upstream bodies the patches were written against ------------------------------------

# SHA-256 of `inspect.getsource` of every upstream function a patch wraps, replaces or copies
# (manim_patches.targets()), on manim 0.21.0 and manim-slides 5.7.0. A new manim that changes one
# fails here: re-check the patch module named, its tests, and then the pin.
UPSTREAM_SOURCES = {
    "manim.mobject.graphing.number_line:NumberLine.number_to_point": "32c1849884ab85687754a14e6b0ed60b733f14e8ab7c3d5ec160406af03346a2",
    "manim.mobject.geometry.arc:TipableVMobject.get_start": "ca3828fa9caf310c0d1773e9cf022a606dec170a5de7eab3d4dc8d2840db2fef",
    "manim.mobject.geometry.arc:TipableVMobject.get_end": "c28bb1b7f189da418dc1a6ddba669e3bd9038f095e9a505177623d52966d4bcc",
    "manim.mobject.geometry.arc:TipableVMobject.has_tip": "663bf62408ce4c132bd2fa008f46bfc21336a7f01905d2b3c7e56bc9c97bdca2",
    "manim.mobject.geometry.arc:TipableVMobject.has_start_tip": "8d2d30207c3486764dd837efe74ce1c5e7516a6054215c2a76822032013d3ce2",
    "manim.animation.transform:Transform.begin": "b9563496ce8c5e8b1641008f4952fc8ccfa36cb184f4bb8e5d89d3c001713ede",
    "manim.animation.transform:Transform.clean_up_from_scene": "9c000453019af523c2c179666b51f83732bfe085616b0f46e6e1a0c036aea4e1",
    "manim.camera.camera:Camera.apply_fill": "021a92466cd3f4930fb15d40785b9171da1db5b8d2acfd67a6dd1f3558f882bd",
    "manim.camera.camera:Camera.apply_stroke": "2e719d9b5f87b380e173b03de5b4bdcb73f9f322f7cf7221fbe72cb38e4060d7",
    "manim.camera.camera:Camera.capture_mobjects": "958b8f23af48f900a4bca8a6eee38bb39de4aeff7a2e1ee3ba11ee5f370af526",
    "manim.camera.camera:Camera.display_multiple_non_background_colored_vmobjects": "b0521f393123bb6f3c9d25462f8925d0ec17bc2bcb7f9ac75280ddc113d62834",
    "manim.camera.camera:Camera.set_frame_to_background": "5bf85c954726e648f6654ad63180cc48713137ed2cdf173a7469215ccb950e07",
    "manim.camera.camera:Camera.set_cairo_context_path": "0e53e5837e78857d20178931c265487d10db6d8eb57c6784b6dee9feb4375dbf",
    "manim.mobject.types.vectorized_mobject:VMobject.consider_points_equals_2d": "921342a98a9f3dad670caf3e5a5469ede646079a9f9afe12aa77fed1708d7af9",
    "manim.mobject.types.vectorized_mobject:VMobject.get_points_defining_boundary": "13057979b204e9b663c283c3d37e857b9db75500b0d4db15b8335acb55dae0ad",
    "manim.mobject.types.vectorized_mobject:VMobject.get_anchors": "570aac67257a511caf8e9a34e11a649bd4de323f0e5cd1264cbe5fc3ea1a9083",
    "manim.mobject.mobject:Mobject.get_critical_point": "8f92263906777cc315c69ce12206f2859f669bc7b6ba4a131db2cc23ba16be97",
    "manim.mobject.mobject:Mobject.get_extremum_along_dim": "a23835c56ae1fd86b883aed8af3e2faf4879fc57239f9bfbb9150acfab11de40",
    "manim.camera.camera:Camera.type_or_raise": "c22469b70ba6e71991955d5ce07ba21df9b58dcd34e19768282b0afbc89d9493",
    "manim.camera.camera:Camera.reset": "4d3cf5d3ee7a476177e995f448c1ff8f3c4f390e4953edeaaf468151a5ba741c",
    "manim.camera.camera:Camera.display_multiple_background_colored_vmobjects": "793f73ff85c59f9d692b41f674c6df0a4e1577fabd1915f90eb8a56fbe154cc6",
    "manim.camera.camera:Camera.display_multiple_point_cloud_mobjects": "c6f8f9efb62fc63c05a3933cbdad059b4632d4f771f5a3153f7304b1117307f1",
    "manim.camera.camera:Camera.display_multiple_image_mobjects": "6a969cb5f0868b416cfcd95a975a9b331828dbfe0fc64ef7d0f07dbda6fa2a4d",
    "manim.camera.camera:Camera.display_vectorized": "4d9d158f2a424050b8963cd554b5e86b5ad1c251ae7efee4e4aa631eab6a4357",
    "manim.camera.camera:Camera.get_mobjects_to_display": "ef93088d70b3ca3fa42a9f4ba8a96e5253b430407d290572f91eef3f361fadd0",
    "manim.utils.family:extract_mobject_family_members": "90b769a1324ec5df3ed334685034d94e180812aff8d1bca6be89bb06a26c2cfe",
    "manim.mobject.mobject:Mobject.family_members_with_points": "fc69ac2726f2d19db2e5785f72daa86622157cd1efbe74fc91bd25e51dc38c26",
    "manim.utils.iterables:remove_list_redundancies": "6b8d238a3d3cc0b21a1dc621180fdfb253e2179b70c833b434a88617dc8369a2",
    "manim.camera.camera:Camera.get_cairo_context": "52cd4d27b9131e67f3f72fdbe4f57896d4f7ef1649306f84c78f3028ad3648f1",
    "manim.mobject.mobject:Mobject.__deepcopy__": "8a1349b6fc8ab459e17e26106fb1c7595853e3369231f936624170f283ea8ab1",
    "manim.mobject.mobject:Mobject.add_n_more_submobjects": "24032de9fc777929e32fa9216077b21f493ed395e3e689605840cb59a850848c",
    "manim.mobject.mobject:Mobject.copy": "a22dc312aed0c05826bb8075283239e1be2bc7932f4f9089dbfebf46a1dafef0",
    "manim.mobject.mobject:Mobject.get_family": "6335b7e3fc2f5cb8d3edf37261ed9c944614948a915381680d8a19621098e6d7",
    "manim.mobject.mobject:Mobject.update": "52c93cfdbd9877d3aec74379c2e247c6b9e232bfaeaf307a387868cb317a662e",
    "manim.mobject.svg.svg_mobject:SVGMobject.generate_mobject": "9b758944c36bc4620fb619cf0c5f81cb9fe5fe770c6b878c78e07d6f5043a7fc",
    "manim.mobject.svg.svg_mobject:SVGMobject.init_svg_mobject": "00dc4ecfaff4d4df4212da235048dd1960b1b361296ad702596a9c8b5dccd064",
    "manim.mobject.text.numbers:DecimalNumber._set_submobjects_from_number": "70e08296f775e5f7585a3eb28a42717842812b2aafe8268c417584377b345609",
    "manim.mobject.text.numbers:DecimalNumber._string_to_mob": "de9f19042ed13ef8133e80913c0db040d73231e55b676da2fb47953210df1d7b",
    "manim.mobject.text.numbers:DecimalNumber.set_value": "72f121a7571b11c4a848ae06ede64b2ee328b0ca1e439ba18b94c7fb597ebfd0",
    "manim.mobject.text.text_mobject:MarkupText._text2svg": "6efb2b9ae051eec15aa6c10c0ca41f9e1ebbea725cffb8ffc9e232a820a9dca7",
    "manim.mobject.text.text_mobject:Text._text2svg": "309a6b76ea2e332d36cfce0b6b0346dde5609dd8655adb4bea75c80285a82b1a",
    "manim.mobject.types.vectorized_mobject:VMobject.get_subpath_split_indices_from_points": "f6390df4e1903191807df6181bb8e83ec09107d93cbd1962d7bc80b1e9ce8c24",
    "manim.mobject.types.vectorized_mobject:VMobject.get_subpaths_from_points": "b92d6ab26905518bf0e1db2c886835fde798233aa10b460b30969a9cb1891864",
    "manim.renderer.cairo_renderer:CairoRenderer.play": "4cad6da1e0bcec34dacad1b8c35388d3df6a8e787e5a27544e6a0fa6deb4a4b3",
    "manim.scene.scene:Scene.get_time_progression": "9bc9c9d98d6b45b8ca4fd8161802731b98670782d945c7e5dd20c85b8175b240",
    "manim.scene.scene:Scene.is_current_animation_frozen_frame": "8cf611b8cec5a1ce6da072356fde46c554ec7476e48912490e6df8f452eb244e",
    "manim.renderer.cairo_renderer:CairoRenderer.get_frame": "9d5ffa0b9ee9bdb1b6f0250e298cd1d88d3543153052b37f697f56172584f8ca",
    "manim.renderer.cairo_renderer:CairoRenderer.save_static_frame_data": "bd2d2188c2085080b02af4c26103364227b4ebfd9bdb439b9c7f64ec09e5cc30",
    "manim.renderer.cairo_renderer:CairoRenderer.update_frame": "8f79c10a482647be4d6e309d589e322b2d12fed06e1aee8350805fe30affebf9",
    "manim.scene.scene_file_writer:SceneFileWriter.open_partial_movie_stream": "07339a8f2efd0d3461318cee36697b40de53f17c76bc8dbd7cc0e22e02b9f10c",
    "manim.scene.scene_file_writer:_PartialMovieEncodeJob._encode_and_write_frame": "15611832ec2a6b1e8bc77945f820d7845f1e2cd831e37b4f65c9ce5db1b26406",
    "manim.scene.scene_file_writer:_PartialMovieEncodeJob._listen_and_write": "4caae5ea06fca15c0689292ac6dedaeb16622368d0b50b3c7f90203ba1a57d76",
    "manim.utils.color.core:ManimColor.__init__": "3eda25e075202fb58fb262f996b2c657bc1994b2535465de8c779111abaa4312",
    "manim.utils.tex_file_writing:compile_tex": "9677cc066a1d7838bb3f008d010937561b6d857b06a1148d56ede8ee009e673d",
    "manim.utils.tex_file_writing:tex_to_svg_file": "b9bf5e69f268457b79c54d5d85556a11b3926844f2ac150ce2baa8162184190d",
    "manim_slides.slide.base:BaseSlide._add_last_slide": "6aa0a5c921c8d9c703b2911eb240f8451257020b630e8d8e8880455507db048f",
    "manim_slides.slide.base:BaseSlide.next_slide": "bf813d747e51efbf7bbe0d6a1bd20f4264756004ba50ca5ce7f1214c8a9fa263",
    "manim_slides.slide.manim:Slide._background_color": "c890a7556bb3c5d8a8a5b642941c680ed76a2a5d020954e3455d0fb9d0b715a3",
    "manim_slides.slide.manim:Slide.next_section": "a6f32a0ebd9bf53f7d6d7089e6f2a0060eed6a7a16b6d22bef161bec91b5d979",
    "manimpango:PangoUtils.remove_last_M": "d75c7299903cb1f14fc81ba2de0d0cbc169a9135bba854f9e1885d65ea5d189a",
}


def test_every_upstream_body_a_patch_depends_on_is_the_one_it_was_written_against():
    import hashlib
    import inspect

    import manim_patches

    targets = manim_patches.targets()
    assert sorted(targets) == sorted(UPSTREAM_SOURCES), "a patch module's TARGETS and the pins here must list the same"
    changed = []
    for target, module in sorted(targets.items()):
        function = manim_patches.upstream(target)
        assert not function.__module__.startswith("manim_patches"), f"{target}: the patch, not manim's own, was found"
        digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
        if digest != UPSTREAM_SOURCES[target]:
            changed.append(f"{target} changed upstream: re-check manim_patches/{module}.py and its tests, then its pin")
    assert not changed, "\n".join(changed)


def test_the_versions_the_patches_were_written_for_are_checked_in_one_line(monkeypatch):
    import manim_patches

    manim_patches.check_versions()  # the ones installed
    monkeypatch.setattr(manim_patches, "_version", lambda dist: {"manim": "0.22.0"}.get(dist, "5.7.0"))
    with pytest.raises(
        RuntimeError,
        match=r"^manim_patches are written for manim 0\.21\.x and manim-slides 5\.7\.x, "
        r"found manim 0\.22\.0 and manim-slides 5\.7\.0: [^\n]*LESSON_PLAIN_MANIM=1",
    ):
        manim_patches.check_versions()


def test_plain_manim_is_manims_camera_and_file_writer(monkeypatch):
    """LESSON_PLAIN_MANIM=1: a LessonScene draws with manim's own Camera and codes with manim's
    own SceneFileWriter, and install() changes nothing."""
    from manim import tempconfig
    from manim.camera.camera import Camera
    from manim.scene.scene_file_writer import SceneFileWriter

    import manim_patches
    from manim_patches.camera import LessonCamera
    from manim_patches.encoder import LessonFileWriter

    with tempconfig({"dry_run": True, "progress_bar": "none", "verbosity": "ERROR"}):
        assert type(LessonScene().renderer.camera) is LessonCamera
        assert LessonScene().renderer._file_writer_class is LessonFileWriter
        monkeypatch.setenv("LESSON_PLAIN_MANIM", "1")
        scene = LessonScene()
        assert type(scene.renderer.camera) is Camera and scene.renderer._file_writer_class is SceneFileWriter
    assert manim_patches.plain()
    monkeypatch.setattr(manim_patches, "_installed", False)
    monkeypatch.setattr(manim_patches, "check_versions", lambda: pytest.fail("install() ran with the patches off"))
    manim_patches.install()
    monkeypatch.setenv("LESSON_PLAIN_MANIM", "0")
    assert not manim_patches.plain()


# --- frames with the patches on and off ------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("scene", ["TitleCard", "VectorAlignment"])
def test_frames_with_the_patches_are_plain_manims(scene, tmp_path):
    """Every frame a scene hands its encoder, drawn with manim_patches and with LESSON_PLAIN_MANIM=1
    (bench/frames_diff.py, small and at 5 fps): as many frames, and the same pixels to manim's own
    frame-test tolerance: the compositing cache (manim_patches/compositing_cache.py) rounds once more
    where translucent members of a still run overlap, a level of 255, two where three overlap."""
    import numpy as np

    from bench.frames_diff import compare, draw

    settings_ = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 5}
    shape = draw(ROOT, scene, tmp_path / "ours.raw", "low_quality", tmp_path / "ours", settings=settings_)
    assert (
        draw(ROOT, scene, tmp_path / "plain.raw", "low_quality", tmp_path / "plain", plain=True, settings=settings_)
        == shape
    )
    ours = np.fromfile(tmp_path / "ours.raw", np.uint8).reshape(-1, *shape)
    plain = np.fromfile(tmp_path / "plain.raw", np.uint8).reshape(-1, *shape)
    assert len(ours) == len(plain) > 10
    differ, worst, pixels, runs = compare(ours, plain)
    beyond_one = int((np.abs(ours.astype(np.int16) - plain.astype(np.int16)).max(axis=3) > 1).sum())
    assert worst <= 2 and beyond_one <= 1e-4 * ours[..., 0].size, (differ, worst, pixels, beyond_one, runs[:5])
