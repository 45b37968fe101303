"""The layout check: is a frame composed? Read from the mobjects themselves, no pixels.

What it finds (each a `Finding` naming the beat, the moment, the mobjects by their text and how
far they overlap, in % of the frame height):

- "outside safe": text beyond the title-safe margins (layout.SAFE);
- "caption band": anything (text, line, shape) in the bottom band where players draw captions;
- "text overlap": two texts whose glyphs overlap (parts of one formula are one text);
- "text on line": a line, arrow, curve or box edge crossing a text it does not label (the line's
  path, sampled, against the text's box shrunk by a hair); a MathTex is tested part by part;
- "small text": readable text whose digits/capitals are under layout.MIN_TEXT_HEIGHT (measured
  as the height of a digit of its font size, so a minus sign or a subscript does not count);
- "empty stage": at a beat's end, the content's bounding box covers under half the region the
  scene places into (`LessonScene.layout_region`).

A scene declares its exceptions, each with a reason:

    self.layout_allows(label, arrow, reason="the label sits on its own arrow")
    self.layout_allows(ticks, kinds={"small text"}, reason="tick numbers are not read")

LessonScene runs the check (when built with `check_layout=True`, as tests/scenes/test_layout.py does)
after every animation and at the end of every beat; otherwise it costs nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from manim import (
    BackgroundRectangle,
    DecimalNumber,
    Mobject,
    NumberPlane,
    SingleStringMathTex,
    Text,
    VMobject,
    config,
)
from manim.constants import SCALE_FACTOR_PER_FONT_POINT

from toolkit import layout

KINDS = ("outside safe", "caption band", "text overlap", "text on line", "small text", "empty stage")
# A box is shrunk by a hair before lines and other boxes are tested against it: touching is not crossing.
HAIR = 0.015
# Of the region the scene places into, the content's bounding box covers at least this much.
MIN_FILL = 0.5
TEXT_TYPES = (Text, SingleStringMathTex, DecimalNumber)
_SAMPLES = 8  # points per Bézier curve when a path is sampled
# The cubic Bernstein weights at those points, (samples, 4): a path is sampled as one product.
_t = np.linspace(0, 1, _SAMPLES)
_BERNSTEIN = np.stack([(1 - _t) ** 3, 3 * (1 - _t) ** 2 * _t, 3 * (1 - _t) * _t**2, _t**3], axis=1)
del _t


@dataclasses.dataclass(frozen=True)
class Finding:
    beat: str
    moment: str
    kind: str
    first: str
    second: str = ""
    overlap: float = 0.0  # % of the frame height
    detail: str = ""

    def __str__(self) -> str:
        where = f"[{self.beat} | {self.moment}] {self.kind}: "
        if self.kind == "empty stage":
            return where + f"region {self.first!r}: {self.detail}"
        pair = repr(self.first) + (f" x {self.second!r}" if self.second else "")
        extra = f" ({self.detail})" if self.detail else ""
        return where + f"{pair} by {self.overlap:.1f}% of frame height{extra}"


@dataclasses.dataclass(frozen=True)
class Allowance:
    first: Mobject
    second: Mobject | None
    reason: str
    kinds: frozenset[str] | None = None

    def covers(self, kind: str, chain_a: frozenset[int], chain_b: frozenset[int]) -> bool:
        if self.kinds is not None and kind not in self.kinds:
            return False
        a, b = id(self.first), id(self.second) if self.second is not None else None
        if b is None:
            return a in chain_a or a in chain_b
        return (a in chain_a and b in chain_b) or (b in chain_a and a in chain_b)


# --- what is on screen ---------------------------------------------------------------------


@dataclasses.dataclass
class _Text:
    mob: Mobject
    name: str
    chain: frozenset[int]
    box: np.ndarray  # x0, y0, x1, y1 of its glyphs
    glyphs: np.ndarray  # (n, 4) boxes
    parts: np.ndarray  # (m, 4) boxes tested against lines (a MathTex's parts)
    digit_height: float


@dataclasses.dataclass
class _Shape:
    path: list[Mobject]  # the shape and the groups it is in, outermost first
    chain: frozenset[int]
    segments: np.ndarray  # (n, 2, 2): the sampled path as straight pieces
    box: np.ndarray

    @property
    def name(self) -> str:
        # Named only when a finding reports it, still within the frame's check: a name places
        # the shape by its centre, and the centres of every outline of every frame checked were
        # a third of a checked dry run of MatrixAsTransformation (cProfile).
        return _shape_name(self.path)


def _box(points: np.ndarray) -> np.ndarray:
    xy = points[:, :2]
    return np.concatenate([xy.min(axis=0), xy.max(axis=0)])


def _visible(m: VMobject) -> tuple[bool, bool]:
    """(fill seen, stroke seen) for one leaf."""
    if not isinstance(m, VMobject):
        return False, False  # a ValueTracker, an image: nothing to test
    fill = m.get_fill_opacity() > 0.05
    stroke = m.get_stroke_width() > 0 and m.get_stroke_opacity() > 0.05
    return fill, stroke


def _readable(name: str) -> bool:
    """Does the text hold something to read (a letter or a digit)? Brackets, "·", "=" alone do not."""
    if name.startswith(r"\left") or name.startswith(r"\right"):
        return False
    return bool(re.search(r"[A-Za-z0-9]", re.sub(r"\\[A-Za-z]+", "", name)))


def text_name(m: Mobject) -> str:
    if isinstance(m, DecimalNumber):
        return m._get_num_string(m.get_value())
    if isinstance(m, SingleStringMathTex):
        return m.tex_string
    if isinstance(m, Text):
        return m.original_text
    return type(m).__name__


@lru_cache(maxsize=None)
def _digit_height_per_point(kind: str) -> float:
    """The height of a digit per font point, measured once: LaTeX's and the house font's."""
    from toolkit.style import FONT

    probe = Text("0", font=FONT, font_size=100) if kind == "text" else SingleStringMathTex("0", font_size=100)
    return probe.height / 100


def _glyph_leaves(m: Mobject) -> list[VMobject]:
    out = []
    for leaf in m.family_members_with_points():
        if isinstance(leaf, BackgroundRectangle):
            continue
        fill, stroke = _visible(leaf)
        if fill or stroke:
            out.append(leaf)
    return out


def _font_size(m: Mobject, glyph_height: float) -> float:
    """The font size the text is drawn at now (after any scaling), from its glyphs' height
    (manim's own font_size counts a background rectangle added later as text)."""
    initial = getattr(m, "initial_height", 0) or 0
    if initial <= 0:
        return 0.0
    ratio = glyph_height / initial
    if isinstance(m, DecimalNumber):
        return ratio * m._font_size
    if isinstance(m, SingleStringMathTex):
        return ratio / SCALE_FACTOR_PER_FONT_POINT
    # Text: manim's formula, with the glyphs' height for its own.
    from manim.constants import DEFAULT_FONT_SIZE
    from manim.mobject.text.text_mobject import TEXT_MOB_SCALE_FACTOR

    return ratio / TEXT_MOB_SCALE_FACTOR * 2.4 * m._font_size / DEFAULT_FONT_SIZE


def _sample(m: VMobject) -> np.ndarray:
    """The path of a VMobject as straight pieces: (n, 2, 2)."""
    pts = m.points
    nppc = m.n_points_per_cubic_curve
    usable = len(pts) // nppc * nppc
    if usable == 0:
        return np.zeros((0, 2, 2))
    curves = pts[:usable, :2].reshape(-1, nppc, 2)
    # Cubic Bézier in Bernstein form, evaluated for every curve at once: (curves, samples, 2).
    samples = _BERNSTEIN @ curves
    segments = np.empty((len(curves), _SAMPLES - 1, 2, 2))
    segments[:, :, 0], segments[:, :, 1] = samples[:, :-1], samples[:, 1:]
    return segments.reshape(-1, 2, 2)


def _shape_name(chain: list[Mobject]) -> str:
    generic = {"VMobject", "VGroup", "Group", "Mobject", "VDict"}
    for k in range(len(chain) - 1, -1, -1):
        cls = type(chain[k]).__name__
        if cls not in generic and "Tip" not in cls:
            # A dash of a dashed line is named by its whole line.
            while k > 0 and type(chain[k - 1]).__name__ == cls:
                k -= 1
            centre = chain[k].get_center()
            return f"{cls} at ({centre[0]:.1f}, {centre[1]:.1f})"
    return type(chain[-1]).__name__


def collect(mobjects: Iterable[Mobject]) -> tuple[list[_Text], list[_Shape], list[np.ndarray]]:
    """Every visible text unit and every drawn outline, and every visible leaf's box."""
    texts: list[_Text] = []
    shapes: list[_Shape] = []
    boxes: list[np.ndarray] = []

    def visit(m: Mobject, chain: list[Mobject]) -> None:
        chain = chain + [m]
        if isinstance(m, TEXT_TYPES):
            leaves = _glyph_leaves(m)
            if not leaves or max(leaf.get_fill_opacity() for leaf in leaves) < 0.1:
                return
            glyphs = np.array([_box(leaf.points) for leaf in leaves])
            box = np.array([glyphs[:, 0].min(), glyphs[:, 1].min(), glyphs[:, 2].max(), glyphs[:, 3].max()])
            if isinstance(m, SingleStringMathTex) and len(m.submobjects) > 1:
                parts = [
                    np.array([*_box(np.vstack([g.points for g in _glyph_leaves(p)]))])
                    for p in m.submobjects
                    if _glyph_leaves(p)
                ]
                parts = np.array(parts)
            else:
                parts = box[None]
            kind = "text" if isinstance(m, Text) else "math"
            digit = _font_size(m, box[3] - box[1]) * _digit_height_per_point(kind)
            texts.append(_Text(m, text_name(m), frozenset(id(c) for c in chain), box, glyphs, parts, digit))
            boxes.append(box)
            return
        if isinstance(m, NumberPlane):
            # The faint background grid is the ground the picture stands on, not a line that crosses text.
            skip = {id(x) for x in (m.background_lines, m.faded_lines)}
            for sub in m.submobjects:
                if id(sub) not in skip:
                    visit(sub, chain)
            boxes.append(_box(m.get_all_points()) if m.has_points() or m.submobjects else np.zeros(4))
            return
        if m.has_points() and not isinstance(m, BackgroundRectangle):
            fill, stroke = _visible(m)
            opaque_fill = fill and m.get_fill_opacity() >= 0.5
            if stroke or opaque_fill:
                segments = _sample(m)
                if len(segments):
                    shapes.append(
                        _Shape(chain, frozenset(id(c) for c in chain), segments, _box(segments.reshape(-1, 2)))
                    )
            if fill or stroke:
                boxes.append(_box(m.points))
        for sub in m.submobjects:
            visit(sub, chain)

    for top in mobjects:
        visit(top, [])
    return texts, shapes, boxes


# --- geometry -----------------------------------------------------------------------------


def _shrink(boxes: np.ndarray, by: float = HAIR) -> np.ndarray:
    """A box (4,) or boxes (n, 4) shrunk by `by` on every side."""
    return boxes + np.array([by, by, -by, -by])


def _overlap_depths(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How far each box of `a` (n, 4) overlaps each box of `b` (m, 4), as an (n, m) array: the
    smaller of the overlap's width and height, 0 where they are apart."""
    dx = np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0])
    dy = np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1])
    return np.maximum(0.0, np.minimum(dx, dy))


def _line_depth(segments: np.ndarray, box: np.ndarray) -> float:
    """How deep the path's pieces reach into `box` (0 if none enters it): Liang-Barsky clipping."""
    if len(segments) == 0:
        return 0.0
    p0, p1 = segments[:, 0], segments[:, 1]
    lo = np.minimum(p0, p1)
    hi = np.maximum(p0, p1)
    near = (hi[:, 0] >= box[0]) & (lo[:, 0] <= box[2]) & (hi[:, 1] >= box[1]) & (lo[:, 1] <= box[3])
    if not near.any():
        return 0.0
    p0, d = p0[near], (p1 - p0)[near]
    # The four edges at once, (pieces, 4): left, right, bottom, top. A piece parallel to an
    # edge and outside it misses the box; otherwise it enters where it crosses the last edge
    # it comes in through (p < 0) and leaves at the first it goes out through (p > 0).
    p = np.stack([-d[:, 0], d[:, 0], -d[:, 1], d[:, 1]], axis=1)
    q = np.stack([p0[:, 0] - box[0], box[2] - p0[:, 0], p0[:, 1] - box[1], box[3] - p0[:, 1]], axis=1)
    parallel = np.abs(p) < 1e-12
    r = q / np.where(parallel, 1.0, p)
    t0 = np.maximum(np.where(~parallel & (p < 0), r, -np.inf).max(axis=1), 0.0)
    t1 = np.minimum(np.where(~parallel & (p > 0), r, np.inf).min(axis=1), 1.0)
    inside = (t0 <= t1) & ~(parallel & (q < 0)).any(axis=1)
    if not inside.any():
        return 0.0
    t0, t1, p0, d = t0[inside], t1[inside], p0[inside], d[inside]
    # Its depth: how far inside the box its entry, exit and midpoint are, the deepest of them.
    pts = p0 + np.stack([t0, t1, (t0 + t1) / 2])[..., None] * d  # (3, pieces, 2)
    dist = np.minimum(
        np.minimum(pts[..., 0] - box[0], box[2] - pts[..., 0]), np.minimum(pts[..., 1] - box[1], box[3] - pts[..., 1])
    )
    return float(dist.max())


def _pct(units: float) -> float:
    return 100.0 * units / config.frame_height


# --- the check ----------------------------------------------------------------------------


def check_frame(
    mobjects: Iterable[Mobject],
    *,
    beat: str = "",
    moment: str = "end",
    region: layout.Region | None = None,
    allowances: Iterable[Allowance] = (),
) -> list[Finding]:
    """Every layout finding for one frame made of `mobjects` (a scene's `self.mobjects`).
    `region`: the region the content should fill (checked only when given)."""
    allowances = list(allowances)
    texts, shapes, boxes = collect(mobjects)
    findings: list[Finding] = []

    def report(kind: str, a_chain, b_chain, first, second, depth_units: float, detail: str = ""):
        """`first` and `second` are names, or what has a `name`: a shape is named (placed by
        its centre) only when its finding is not allowed, which most of a scene's are."""
        if any(al.covers(kind, a_chain, b_chain or frozenset()) for al in allowances):
            return
        first, second = (x if isinstance(x, str) else x.name for x in (first, second))
        findings.append(Finding(beat, moment, kind, first, second, round(_pct(depth_units), 2), detail))

    safe = layout.SAFE
    for t in texts:
        x0, y0, x1, y1 = t.box
        out = max(safe.left - x0, x1 - safe.right, y1 - safe.top, 0.0)
        if out > HAIR:
            report("outside safe", t.chain, None, t.name, "", out)
        if y0 < safe.bottom - HAIR:
            report("caption band", t.chain, None, t.name, "", safe.bottom - y0)
        if 0 < t.digit_height < layout.MIN_TEXT_HEIGHT * 0.995 and _readable(t.name):
            report(
                "small text",
                t.chain,
                None,
                t.name,
                "",
                layout.MIN_TEXT_HEIGHT - t.digit_height,
                f"digits {_pct(t.digit_height):.2f}% tall, minimum {_pct(layout.MIN_TEXT_HEIGHT):.0f}%",
            )

    for s in shapes:
        if s.box[1] < safe.bottom - HAIR:
            report("caption band", s.chain, None, s, "", safe.bottom - s.box[1])

    if len(texts) > 1:
        # Which texts' boxes overlap, all pairs at once; then, for those, their glyphs' boxes.
        shrunk = _shrink(np.array([t.box for t in texts]))
        for i, j in zip(*np.nonzero(np.triu(_overlap_depths(shrunk, shrunk) > 0, k=1))):
            a, b = texts[i], texts[j]
            if a.name == b.name and np.allclose(a.box, b.box, atol=0.02):
                continue  # the same text drawn twice in one place reads as one
            depth = float(_overlap_depths(_shrink(a.glyphs), _shrink(b.glyphs)).max(initial=0.0))
            if depth > 0:
                report("text overlap", a.chain, b.chain, a.name, b.name, depth)

    if texts and shapes:
        # Which outlines' boxes meet which texts' (a line's box may have no width or height),
        # all at once: the pairs are texts x shapes, hundreds of thousands in a checked run.
        tb = np.array([t.box for t in texts])
        sb = np.array([s.box for s in shapes])
        meets = (
            (sb[None, :, 0] <= tb[:, None, 2])
            & (tb[:, None, 0] <= sb[None, :, 2])
            & (sb[None, :, 1] <= tb[:, None, 3])
            & (tb[:, None, 1] <= sb[None, :, 3])
        )
        for i, j in zip(*np.nonzero(meets)):
            t, s = texts[i], shapes[j]
            x0, y0, x1, y1 = s.box
            # Only the parts the outline's box meets can be crossed.
            depth = max(
                (
                    _line_depth(s.segments, box)
                    for box in _shrink(t.parts)
                    if x0 <= box[2] and box[0] <= x1 and y0 <= box[3] and box[1] <= y1
                ),
                default=0.0,
            )
            if depth > 0:
                report("text on line", t.chain, s.chain, t.name, s, depth)

    if region is not None and boxes:
        allb = np.array(boxes)
        content = np.array([allb[:, 0].min(), allb[:, 1].min(), allb[:, 2].max(), allb[:, 3].max()])
        cw = max(0.0, min(content[2], region.right) - max(content[0], region.left))
        ch = max(0.0, min(content[3], region.top) - max(content[1], region.bottom))
        fill = cw * ch / (region.width * region.height)
        if fill < MIN_FILL:
            findings.append(
                Finding(
                    beat,
                    moment,
                    "empty stage",
                    region.name,
                    "",
                    round(100 * (1 - fill), 1),
                    f"content fills {100 * fill:.0f}% of the region",
                )
            )
    return findings


class LayoutChecker:
    """Collects the findings of one scene run, one per (beat, kind, mobjects), keeping the worst."""

    def __init__(self) -> None:
        self.allowances: list[Allowance] = []
        self._worst: dict[tuple, Finding] = {}

    def allow(self, first: Mobject, second: Mobject | None, reason: str, kinds: Iterable[str] | None) -> None:
        self.allowances.append(Allowance(first, second, reason, frozenset(kinds) if kinds is not None else None))

    def check(self, mobjects, *, beat: str, moment: str, region: layout.Region | None) -> list[Finding]:
        found = check_frame(mobjects, beat=beat, moment=moment, region=region, allowances=self.allowances)
        for f in found:
            key = (f.beat, f.kind, f.first, f.second)
            if key not in self._worst or f.overlap > self._worst[key].overlap:
                self._worst[key] = f
        return found

    @property
    def findings(self) -> list[Finding]:
        return list(self._worst.values())


def validate_allowance(reason: str, kinds: Iterable[str] | None) -> None:
    if not reason or not reason.strip():
        raise ValueError("a layout exception needs a reason")
    for kind in kinds or ():
        if kind not in KINDS:
            raise ValueError(f"unknown layout finding {kind!r}: one of {', '.join(KINDS)}")
