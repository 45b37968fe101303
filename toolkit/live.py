"""Live drawings at the cost of what changed: an updater that draws only when its inputs
changed (`Drawn`, `redrawn`), and arrows built from one made once (`arrow`). (What makes live
numbers cheap, DecimalNumber's glyphs, is a patch of manim's: manim_patches/decimal_numbers.py.)

An arrow that follows a moving tip is drawn again on every frame it moves, and manim's `Arrow`
builds its tip from a regular polygon each time: 2.5 ms an arrow on this machine, two arrows a
frame through MatrixAsTransformation's moves. `arrow` copies one made once for the style and
sets its points: the same points (to 1e-15), colours and widths, for 0.5 ms.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

import numpy as np
from manim import ORIGIN, RIGHT, Arrow, CoordinateSystem, ParsableManimColor, VMobject


def _frozen(values) -> tuple:
    out = []
    for v in values:
        try:
            out.append(np.asarray(v, dtype=float).tobytes())
        except (TypeError, ValueError):
            out.append(repr(v))  # a colour, a name
    return tuple(out)


def _looks(m: VMobject) -> tuple:
    """What a drawn mobject looks like: its points and colours, family and all."""
    return tuple((sm.points.tobytes(), sm.fill_rgbas.tobytes(), sm.stroke_rgbas.tobytes()) for sm in m.get_family())


class Drawn:
    """For an updater that draws a mobject in place from some getters: whether the getters or
    the mobject have changed since it last drew, so it can skip a frame that would come out the
    same.

        def draw(grid):
            ...  # set the lines' points and strokes
        update = Drawn(plane.current).guarding(draw)
        update(grid)  # the first drawing
        grid.add_updater(update)
    """

    def __init__(self, *inputs: Callable[[], Any]):
        self.inputs = inputs
        self.last: tuple | None = None

    def _now(self, m: VMobject) -> tuple:
        return _frozen(f() for f in self.inputs), _looks(m)

    def changed(self, m: VMobject) -> bool:
        return self._now(m) != self.last

    def drawn(self, m: VMobject) -> None:
        self.last = self._now(m)

    def guarding(self, work: Callable[[VMobject], Any]) -> Callable[[VMobject], None]:
        """An updater that does `work` on its mobject only when `changed`, and records what it drew."""

        def update(m: VMobject) -> None:
            if self.changed(m):
                work(m)
                self.drawn(m)

        return update


def _colours(m: VMobject) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(sm.fill_rgbas.copy(), sm.stroke_rgbas.copy()) for sm in m.get_family()]


def _points(m: VMobject) -> tuple:
    return tuple(sm.points.tobytes() for sm in m.get_family())


class Paint:
    """The colours and opacities set on a redrawn mobject from outside (`set_opacity`,
    `set_color`, `.animate.set_opacity(0.3)`), which every later drawing keeps: colour and
    opacity each on their own, so an arrow the scene dimmed still takes a new colour its
    drawing gives it."""

    PARTS = {"rgb": slice(0, 3), "alpha": slice(3, 4)}
    KINDS = ("fill_rgbas", "stroke_rgbas")

    def __init__(self) -> None:
        self.pins: dict[tuple[int, str, str], np.ndarray] = {}  # (family member, kind, part) -> values
        self.members = 0

    def learn(self, drawn: list[tuple[np.ndarray, np.ndarray]], m: VMobject) -> None:
        """Keep from now on whatever was changed on `m` since it was drawn looking like `drawn`."""
        now = _colours(m)
        if len(now) != len(drawn):
            return
        self.members = len(now)
        for i, (was, is_) in enumerate(zip(drawn, now)):
            for kind, a, b in zip(self.KINDS, was, is_):
                for part, cols in self.PARTS.items():
                    if a.shape != b.shape or not np.array_equal(a[:, cols], b[:, cols]):
                        self.pins[(i, kind, part)] = b[:, cols].copy()

    def apply(self, m: VMobject) -> None:
        family = m.get_family()
        for (i, kind, part), values in self.pins.items():
            # A drawing of another make-up (an arc become a square) takes the first member's paint throughout.
            members = [family[i]] if len(family) == self.members else family if i == 0 else []
            for sm in members:
                rgbas = getattr(sm, kind).copy()
                rgbas[:, self.PARTS[part]] = values if values.shape[0] == rgbas.shape[0] else values[0]
                setattr(sm, kind, rgbas)


def redrawn(draw: Callable[[], VMobject], *inputs: Callable[[], Any]) -> VMobject:
    """`always_redraw(draw)`, drawn again only when one of `inputs` (the getters `draw` reads:
    a tip, a tracker, where the plane is) has changed, or something else has moved the mobject
    since it was drawn. An arrow built again on every frame of every hold and every unrelated
    animation was an eighth of a worker's drawing time (VectorAlignment at -q h); unchanged, it
    is the same picture.

    Its looks are the scene's to change, as on any mobject: a colour or opacity set on it
    (`arrow.set_opacity(0.3)`, `self.play(arrow.animate.set_color(RED))`) stays on every
    drawing after.

        tip = ValueTracker(2.0)
        arrow = redrawn(lambda: Arrow(ORIGIN, RIGHT * tip.get_value(), buff=0), tip.get_value)
        self.play(arrow.animate.set_opacity(0.3))   # dimmed ...
        self.play(tip.animate.set_value(3))         # ... and still dim as it grows
    """
    mob = draw()
    state = Drawn(*inputs)
    paint = Paint()
    last = {"colours": _colours(mob), "points": _points(mob)}

    def again(m: VMobject) -> None:
        paint.learn(last["colours"], m)
        if _frozen(f() for f in inputs) != state.last[0] or _points(m) != last["points"]:
            m.become(draw())
            paint.apply(m)
        # else only its paint changed, and it is kept: nothing to draw
        last["colours"], last["points"] = _colours(m), _points(m)

    state.drawn(mob)
    again = state.guarding(again)

    def update(m: VMobject) -> None:
        # A copy (an animation's start or target, a ghost) keeps the picture it was copied with.
        if m is mob:
            again(m)

    mob.add_updater(update)
    return mob


def placed(plane) -> Callable[[], Any]:
    """Where a plane is on screen: an input of whatever is drawn on it. A coordinate system maps
    its numbers through its axes' ends (manim's `number_to_point`), so the ends are asked, not
    three points mapped: three `c2p` calls on each input of each drawing on each frame were a
    third of the c2p calls on MatrixAsTransformation (25 a frame, 54 µs each). An end can move by
    a rounding error (1e-16) where the mapped points do not: that frame is drawn again, the same
    picture within a few levels (84 of MatrixAsTransformation's 999 frames at -q l). Anything
    else: its origin and unit steps."""
    if isinstance(plane, CoordinateSystem):
        return lambda: [end for axis in plane.get_axes() for end in (axis.get_start(), axis.get_end())]
    return lambda: (plane.c2p(0, 0), plane.c2p(1, 0), plane.c2p(0, 1))


@functools.cache
def _arrow_along_x(
    stroke_width: float, max_tip_length_to_length_ratio: float, tip_length: float
) -> tuple[Arrow, float]:
    """An arrow from the origin along x, long enough that its tip has its full length; and its length."""
    length = 2 * tip_length / max_tip_length_to_length_ratio + 10
    return Arrow(
        ORIGIN,
        RIGHT * length,
        buff=0,
        stroke_width=stroke_width,
        max_tip_length_to_length_ratio=max_tip_length_to_length_ratio,
        tip_length=tip_length,
    ), length


def arrow(
    start,
    end,
    color: ParsableManimColor,
    stroke_width: float = 6,
    max_tip_length_to_length_ratio: float = 0.25,
    tip_length: float = 0.35,
) -> Arrow:
    """`Arrow(start, end, buff=0, ...)` for a fifth of the time: the arrow along x in this style,
    copied, its shaft stretched and its tip moved (and shrunk, as manim shrinks a short arrow's
    tip) to this length, turned and placed. An arrow out of the plane or of no length is built
    by manim."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    d = end - start
    length = float(np.linalg.norm(d))
    if length < 1e-9 or abs(d[2]) > 1e-12:
        return Arrow(
            start,
            end,
            buff=0,
            color=color,
            stroke_width=stroke_width,
            max_tip_length_to_length_ratio=max_tip_length_to_length_ratio,
            tip_length=tip_length,
        )
    model, model_length = _arrow_along_x(stroke_width, max_tip_length_to_length_ratio, tip_length)
    model_tip = model.tip.length
    tip = min(tip_length, max_tip_length_to_length_ratio * length)
    u = d / length
    turn = np.array([[u[0], -u[1], 0.0], [u[1], u[0], 0.0], [0.0, 0.0, 1.0]])
    new = copy.deepcopy(model)
    shaft = model.points.copy()
    shaft[:, 0] *= (length - tip) / (model_length - model_tip)
    head = model.tip.points.copy()
    head[:, 0] -= model_length
    head *= tip / model_tip
    head[:, 0] += length
    new.points = shaft @ turn.T + start
    new.tip.points = head @ turn.T + start
    new.start, new.end = start, end
    new.set_color(color)
    new.set_stroke(width=min(new.initial_stroke_width, new.max_stroke_width_to_length_ratio * length), family=False)
    return new
