"""A number line's ends read from its points.

Upstream: `manim.mobject.graphing.number_line.NumberLine.number_to_point` (replaced on the
class: every `Axes.coords_to_point`, `c2p` and `NumberPlane` placement asks it, three times a
point), which reads the line's ends through `TipableVMobject.get_start` and `.get_end` (pinned
too, with `.has_tip` and `.has_start_tip`).

manim finds a line's ends by asking whether it has a tip: `hasattr(self, "tip")` goes through
`Mobject.__getattr__` (which makes a getter's error first) and `tip in self` through the
submobjects. About 7 µs an end on this machine, so 80 µs a `c2p` of a point on a plane: 12% of
MatrixAsTransformation's busy samples at -q h, where labels and arrows are placed from the plane on
every frame. Here a line without tips (no `tip` or `start_tip` attribute: they are set on the
instance by `add_tip`) takes its first and last point, as `VMobject.get_start` does; a line with
a tip, or a class with its own ends, keeps manim's methods. The arithmetic is manim's, step for
step, so the point is the same to the last bit.

Guard: a property test against manim's own method (kept by `originals.manims`) on random lines,
planes and axes (tips, log scales, moved and turned), each accepted shape of input; the upstream
bodies pinned.
"""

from __future__ import annotations

import numpy as np
from manim.mobject.geometry.arc import TipableVMobject
from manim.mobject.graphing.number_line import NumberLine
from manim.utils.bezier import interpolate

from manim_patches.originals import manims

TARGETS = (
    "manim.mobject.graphing.number_line:NumberLine.number_to_point",
    "manim.mobject.geometry.arc:TipableVMobject.get_start",
    "manim.mobject.geometry.arc:TipableVMobject.get_end",
    "manim.mobject.geometry.arc:TipableVMobject.has_tip",
    "manim.mobject.geometry.arc:TipableVMobject.has_start_tip",
)

_number_to_point = manims(NumberLine, "number_to_point")
_get_start, _get_end = TipableVMobject.get_start, TipableVMobject.get_end


def _ends(line: NumberLine) -> tuple[np.ndarray, np.ndarray]:
    """`line.get_start()` and `line.get_end()`."""
    cls, own = type(line), line.__dict__
    if (
        cls.get_start is not _get_start
        or cls.get_end is not _get_end
        or "tip" in own
        or "start_tip" in own
        or not len(line.points)  # manim's error, from manim
    ):
        return line.get_start(), line.get_end()
    points = line.points
    return np.array(points[0]), np.array(points[-1])


def _point(self: NumberLine, number) -> np.ndarray:
    # manim's body (NumberLine.number_to_point), with the ends from _ends.
    number = np.asarray(number)
    scalar = number.ndim == 0
    number = self.scaling.inverse_function(number)
    alphas = (number - self.x_range[0]) / (self.x_range[1] - self.x_range[0])
    alphas = float(alphas) if scalar else np.vstack(alphas)
    start, end = _ends(self)
    return interpolate(start, end, alphas)


def install() -> None:
    # `tip` and `start_tip` live on the instance (add_tip sets them): a class attribute of that
    # name would make manim's hasattr true for every line.
    for name in ("tip", "start_tip"):
        if hasattr(TipableVMobject, name) or hasattr(NumberLine, name):
            raise RuntimeError(f"manim_patches.coordinates: TipableVMobject.{name} is a class attribute in this manim")
    NumberLine.number_to_point = _point
