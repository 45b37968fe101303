"""The one way to light a thing on screen while it is said: `light(mob, role)`.

    self.play(light(panel[2], "result"), until="sign")     # ends as "sign" is said
    self.play(light(neuron.bias_label), run_time=0.8)       # "highlight" by default

A there-and-back emphasis, like manim's Indicate in timing (run_time 1 unless told; `until=`
and `run_time=` set it as for any animation), but drawn so that the lit thing GAINS contrast
and never grows into its neighbours:

- Its colour is tinted toward the role's colour and then, if that alone does not raise its
  luminance contrast, pushed toward the extreme away from what is behind it (white on the dark
  theme, black on the light one) until its contrast against the backdrop is at least GAIN times
  its resting contrast (or the most the backdrop allows). The backdrop is measured, not assumed:
  the scene's background with every filled panel drawn under the thing's middle composited over
  it, and a label's own opaque plate (BackgroundRectangle) when it has one. A plate itself is
  never tinted: Indicate turned the "a·b < 0" label's dark plate white, and the white label on it
  vanished (VectorAlignment, review).
- Glyphs (TeX and text) also take a stroke of their lit colour (a little bolder) and a halo of
  the background colour behind them, so a line or grid passing under a lit label cannot strike
  through it (the neuron's edge under w₂, review).
- Boxes, frames and circles (closed outlines) keep their size: a box that swells cuts into what
  it holds (the bias box through "β = −30", review) and reaches its neighbours (a matrix row's
  frame into the bracket). Lines, arcs and arrows keep their length (an arrow is a vector: a
  longer one is another vector). Each is drawn thicker about its own path instead, which reads
  as a pulse and moves neither an edge nor a tip. Translucent patches keep their fill (a brighter
  patch behind a cell lowers the cell's contrast); their outline is lit.
- Only bare glyphs (text, dots, nothing else in the group) may pulse, by at most MAX_PULSE about
  their middle: a small pulse reads well on a symbol, and at 6% it does not reach a neighbour.
  `pulse=False` keeps them still (inside a tight formula row).

Everything returns exactly to how it was when the animation ends.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import (
    Animation,
    Arrow,
    BackgroundRectangle,
    ManimColor,
    Mobject,
    SVGMobject,
    VMobject,
    there_and_back,
)

from toolkit.style import colour, palette

# At its peak a lit thing's luminance contrast against its backdrop is at least GAIN times its
# resting contrast, or the most that backdrop allows (white or black on it).
GAIN = 1.25
# How far a part's own colour is tinted toward the role's colour: its hue stays recognisable (a
# lit blue "a" stays blue while it brightens).
TINT = 0.6
# At most this far toward white (or black): a lit part keeps its hue (a lit î stays green; pushed
# all the way it turned white and lost the colour that names it).
MAX_PUSH = 0.5
# The largest pulse, for bare glyphs only (text, dots): 6%.
MAX_PULSE = 1.06
# A lit glyph's own stroke (a shade bolder) and its halo of background colour, in manim stroke
# widths (1 is about 1.35 px at 1080p). At 2 a lit readout read as switching to a bolder typeface
# (review): the colour and its contrast do the lighting, the stroke only firms the glyph up.
GLYPH_STROKE = 1.0
HALO = 5.0
# Outlines, lines, arcs and arrows are drawn this much thicker at the peak, about their own path.
THICKER = 1.5
# A closed outline around a lit glyph group, at most this many times its area, frames it: no pulse.
FRAMED = 6.0
# A filled shape without outline smaller than this (a dot, a marker) is lit as a glyph.
SMALL = 0.4
# A filled shape fainter than this is a patch (behind something): its fill is left alone.
PATCH_OPACITY = 0.6


def relative_luminance(rgb: np.ndarray) -> float:
    """WCAG 2's relative luminance of an sRGB colour given as floats 0..1."""
    rgb = np.asarray(rgb, float)[:3]
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(c1: np.ndarray, c2: np.ndarray) -> float:
    """WCAG 2's contrast ratio of two colours (1 to 21)."""
    l1, l2 = sorted((relative_luminance(c1), relative_luminance(c2)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def _rgb(c: Any) -> np.ndarray:
    return np.array(ManimColor(c).to_rgb(), float)


def lit_colour(rest: np.ndarray, role: np.ndarray, backdrop: np.ndarray, gain: float = GAIN) -> np.ndarray:
    """The colour a part of colour `rest` takes at the peak of a light in `role`'s colour, over
    `backdrop`: tinted toward the role, then pushed toward white or black (whichever stands out
    more from the backdrop) until its contrast is at least `gain` times the resting one, or as
    far as that goes (MAX_PUSH: its hue kept). Never less contrast than at rest: tinted toward a
    darker role over a dark backdrop, the push brings it back up."""
    rest, role, backdrop = (np.asarray(c, float)[:3] for c in (rest, role, backdrop))
    white, black = np.ones(3), np.zeros(3)
    extreme = white if contrast(white, backdrop) >= contrast(black, backdrop) else black
    goal = min(contrast(rest, backdrop) * gain, contrast(extreme, backdrop))
    tinted = rest + (role - rest) * TINT

    def pushed(p: float) -> np.ndarray:
        return tinted + (extreme - tinted) * p

    def least(lo: float, hi: float, floor: float) -> float | None:
        """The least push in [lo, hi] whose contrast reaches `floor` (None if none does)."""
        if contrast(pushed(hi), backdrop) < floor:
            return None
        if contrast(pushed(lo), backdrop) >= floor:
            return lo
        for _ in range(20):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if contrast(pushed(mid), backdrop) >= floor else (mid, hi)
        return hi

    # The goal within the hue's reach; else at least the resting contrast, whatever it costs the hue.
    p = least(0.0, MAX_PUSH, goal)
    if p is None:
        p = least(MAX_PUSH, 1.0, contrast(rest, backdrop))
    return pushed(1.0 if p is None else p)


def _inside(point: np.ndarray, shape: VMobject) -> bool:
    """Whether `point` lies inside the filled `shape` (its bounding box, then its outline by the
    even-odd rule, so a half-plane's diagonal edge counts)."""
    lo, hi = shape.get_critical_point(np.array([-1, -1, 0])), shape.get_critical_point(np.array([1, 1, 0]))
    x, y = point[0], point[1]
    if not (lo[0] <= x <= hi[0] and lo[1] <= y <= hi[1]):
        return False
    inside = False
    for path in shape.get_subpaths():
        pts = path[::4] if len(path) >= 4 else path  # the anchors of its cubic pieces
        pts = np.vstack([pts, path[-1:]])
        for (x1, y1), (x2, y2) in zip(pts[:-1, :2], pts[1:, :2]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _over(top: np.ndarray, opacity: float, below: np.ndarray) -> np.ndarray:
    return top * opacity + below * (1 - opacity)


class Light(Animation):
    """A there-and-back light in `role`'s colour that raises the lit thing's contrast and never
    grows a box, frame or line (see the module's docstring for why).

    For example:

        label = MathTex(r"\\mathbf{a}\\cdot\\mathbf{b} < 0", font_size=60)
        label.add_background_rectangle(color=colour("background"), opacity=1.0)
        self.add(label)
        self.play(Light(label, "result"))
    """

    def __init__(
        self,
        mobject: Mobject,
        role: str = "highlight",
        pulse: bool = True,
        run_time: float = 1.0,
        rate_func=there_and_back,
        about_edge: np.ndarray | None = None,
        **kwargs: Any,
    ):
        # A role's name ("a", "result", "highlight"), a colour a scene computed from one, or None:
        # each part lit in its own colour (brightened).
        self.role_colour = None if role is None else _rgb(colour(role) if role in palette().roles() else role)
        self.pulse = pulse
        # The pulse grows about the middle, or about this edge (kept where it stands: a label
        # beside a shape grows away from it).
        self.about_edge = about_edge
        self.scene = None
        super().__init__(mobject, run_time=run_time, rate_func=rate_func, **kwargs)

    # --- manim's hooks ----------------------------------------------------------------------

    def _setup_scene(self, scene) -> None:
        super()._setup_scene(scene)
        self.scene = scene

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # nothing is interpolated from a copy: each part keeps its own rest

    def begin(self) -> None:
        self.originals: list[tuple[VMobject, dict]] = []  # each part's style as it was, set back at the end
        self.parts = self._plan()
        self.grows = (
            self.pulse and bool(self.parts) and all(kind == "glyph" for kind, *_ in self.parts) and not self._framed()
        )
        self.applied = 1.0
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = float(self.rate_func(alpha))
        for _, part, rest, lit in self.parts:
            for name, a in rest.items():
                b = lit[name]
                setattr(part, name, a + (b - a) * t)
        if self.grows:
            scale = 1 + (MAX_PULSE - 1) * t
            self.mobject.scale(scale / self.applied, about_point=self._pivot())
            self.applied = scale

    def _pivot(self) -> np.ndarray:
        if self.about_edge is None:
            return self.mobject.get_center()
        return self.mobject.get_critical_point(self.about_edge)

    def finish(self) -> None:
        super().finish()
        for part, style in self.originals:
            for name, value in style.items():
                setattr(part, name, value.copy() if isinstance(value, np.ndarray) else value)
        if self.grows and self.applied != 1.0:
            self.mobject.scale(1 / self.applied, about_point=self._pivot())
            self.applied = 1.0

    # --- what is lit, and how -----------------------------------------------------------------

    def background(self) -> np.ndarray:
        camera = getattr(getattr(self.scene, "renderer", None), "camera", None)
        if camera is not None and getattr(camera, "background_opacity", 1) > 0:
            return _rgb(camera.background_color)
        return _rgb(colour("background"))

    def _panels(self) -> list[VMobject]:
        """Filled shapes drawn before (under) the lit mobject: what it may stand on."""
        if self.scene is None:
            return []
        panels = []
        own = set(map(id, self.mobject.get_family()))
        for m in self.scene.get_mobject_family_members():
            if id(m) in own:
                break
            if (
                isinstance(m, VMobject)
                and not isinstance(m, SVGMobject)
                and m.has_points()
                and m.get_fill_opacity() > 0.01
                and m.width * m.height > 0.05
            ):
                panels.append(m)
        return panels

    def _framed(self) -> bool:
        """Whether a box or frame drawn around the mobject holds it (its outline closed, not much
        larger): a glyph that pulses inside it would reach its border."""
        if self.scene is None:
            return False
        own = set(map(id, self.mobject.get_family()))
        lo, hi = self.mobject.get_corner(np.array([-1, -1, 0])), self.mobject.get_corner(np.array([1, 1, 0]))
        area = max((hi[0] - lo[0]) * (hi[1] - lo[1]), 1e-6)
        for m in self.scene.get_mobject_family_members():
            if id(m) in own or not isinstance(m, VMobject) or isinstance(m, SVGMobject) or not m.has_points():
                continue
            if m.stroke_width <= 0 or not m.is_closed():
                continue
            blo, bhi = m.get_corner(np.array([-1, -1, 0])), m.get_corner(np.array([1, 1, 0]))
            holds = blo[0] <= lo[0] and blo[1] <= lo[1] and bhi[0] >= hi[0] and bhi[1] >= hi[1]
            if holds and (bhi[0] - blo[0]) * (bhi[1] - blo[1]) <= FRAMED * area:
                return True
        return False

    def _plan(self) -> list[tuple[str, VMobject, dict, dict]]:
        """Each drawn part: its kind, its resting style and its style at the peak."""
        background = self.background()
        panels = self._panels()
        plates = [m for m in self.mobject.get_family() if isinstance(m, BackgroundRectangle)]

        def backdrop(point: np.ndarray) -> np.ndarray:
            behind = background
            for p in panels + plates:
                if _inside(point, p):
                    behind = _over(_rgb(p.get_fill_color()), p.get_fill_opacity(), behind)
            return behind

        out = []

        def walk(m: Mobject, in_text: bool, in_arrow: bool) -> None:
            if isinstance(m, BackgroundRectangle):
                return
            in_text = in_text or isinstance(m, SVGMobject)
            in_arrow = in_arrow or isinstance(m, Arrow)
            if isinstance(m, VMobject) and m.has_points():
                out.append(self._part(m, in_text, in_arrow, backdrop(m.get_center()), background))
            for s in m.submobjects:
                walk(s, in_text, in_arrow)

        walk(self.mobject, False, False)
        return [p for p in out if p is not None]

    def _part(self, m: VMobject, in_text: bool, in_arrow: bool, behind: np.ndarray, background: np.ndarray):
        fill, stroke = m.fill_rgbas.copy(), m.stroke_rgbas.copy()
        filled = float(np.max(fill[:, 3])) > 0.01
        stroked = m.stroke_width > 0 and float(np.max(stroke[:, 3])) > 0.01
        if not (filled or stroked):
            return None
        rest = {"fill_rgbas": fill, "stroke_rgbas": stroke, "stroke_width": float(m.stroke_width)}
        lit = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in rest.items()}

        def lift(rgbas: np.ndarray) -> np.ndarray:
            out = rgbas.copy()
            for row in out:  # (drawn at its own opacity, as it was)
                role = row[:3] if self.role_colour is None else self.role_colour
                row[:3] = lit_colour(row[:3], role, behind)
            return out

        small = max(m.width, m.height) < SMALL
        if in_text or (filled and not stroked and not in_arrow and small):
            kind = "glyph"
            if filled:
                lit["fill_rgbas"] = lift(fill)
                # A little bolder: a stroke of its lit colour, from nothing (so the rest state
                # takes the lit colour at width 0: nothing shows at either end).
                lit["stroke_rgbas"] = stroke.copy()
                lit["stroke_rgbas"][:, :3] = lit["fill_rgbas"][0, :3]
                lit["stroke_rgbas"][:, 3] = float(np.max(fill[:, 3]))
                lit["stroke_width"] = max(float(m.stroke_width), GLYPH_STROKE)
                if float(m.stroke_width) == 0:
                    rest["stroke_rgbas"] = lit["stroke_rgbas"].copy()
            else:
                lit["stroke_rgbas"] = lift(stroke)
            # A halo of the background behind it: a line or grid under the glyph stops short of it.
            alpha = float(np.max(fill[:, 3])) if filled else float(np.max(stroke[:, 3]))
            halo = np.tile(np.append(background, alpha), (len(m.background_stroke_rgbas), 1))
            width = float(m.background_stroke_width)
            rest["background_stroke_rgbas"] = halo if width == 0 else m.background_stroke_rgbas.copy()
            rest["background_stroke_width"] = width
            lit["background_stroke_rgbas"] = rest["background_stroke_rgbas"].copy()
            lit["background_stroke_width"] = max(width, HALO)
        elif in_arrow or not filled:
            closed = not in_arrow and m.is_closed() and len(m.get_subpaths()) >= 1
            kind = "outline" if closed else "line"
            lit["stroke_rgbas"] = lift(stroke) if stroked else stroke
            if filled:  # an arrow's tip
                lit["fill_rgbas"] = lift(fill)
            # Thicker about its own path: a box's outline stays where it is (its size kept).
            lit["stroke_width"] = float(m.stroke_width) * THICKER
        else:
            # A filled shape with an outline: opaque ones (bars, dots) are lit whole; a translucent
            # patch keeps its fill and has its outline lit.
            kind = "shape"
            if float(np.max(fill[:, 3])) >= PATCH_OPACITY:
                lit["fill_rgbas"] = lift(fill)
            lit["stroke_rgbas"] = lift(stroke)
        names = (*rest, "background_stroke_rgbas", "background_stroke_width")
        self.originals.append((m, {k: getattr(m, k) for k in names}))
        return kind, m, rest, lit


def light(mobject: Mobject, role: str = "highlight", pulse: bool = True, **kwargs: Any) -> Light:
    """Light `mobject` in `role`'s colour (a palette role, or a colour computed from one) while
    it is said: see `Light`. `run_time`, `rate_func` and `until=` (on play) as for any animation."""
    return Light(mobject, role, pulse=pulse, **kwargs)
