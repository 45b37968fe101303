"""A bounding box's points gathered at once.

Upstream: `manim.mobject.types.vectorized_mobject.VMobject.get_points_defining_boundary` and
`manim.mobject.mobject.Mobject.get_critical_point` (replaced on the classes: every `next_to`,
`move_to`, `align_to`, edge and corner of every mobject asks them), which rely on
`VMobject.get_anchors` and `Mobject.get_extremum_along_dim` (pinned too).

manim gathers a VMobject's boundary as a Python list of one-point rows per family member
(`get_anchors` zips start and end anchors point by point), chained into a tuple and made an
array again; then reads each of the three dimensions' extremes with its own numpy calls.
Profiled on VectorAlignment at -q h, `get_critical_point` was 16% of the busy samples (a live
readout re-spaced and re-pinned on every frame its figures change). Here each member's anchors
are one slice of its points (start and end of every curve, in manim's order) and the extremes
of all dimensions one min and one max: the same array and the same point. A class with its own
anchors or extremes keeps manim's methods; so does a member whose point count manim would
refuse (not whole curves).

Guard: property tests against manim's own methods (kept by `originals.manims`) on random
families; the upstream bodies pinned.
"""

from __future__ import annotations

import numpy as np
from manim.mobject.mobject import Mobject
from manim.mobject.types.vectorized_mobject import VMobject

from manim_patches.originals import manims

TARGETS = (
    "manim.mobject.types.vectorized_mobject:VMobject.get_points_defining_boundary",
    "manim.mobject.types.vectorized_mobject:VMobject.get_anchors",
    "manim.mobject.mobject:Mobject.get_critical_point",
    "manim.mobject.mobject:Mobject.get_extremum_along_dim",
)

_points_defining_boundary = manims(VMobject, "get_points_defining_boundary")
_critical_point = manims(Mobject, "get_critical_point")
_get_anchors = VMobject.get_anchors
_get_extremum_along_dim = Mobject.get_extremum_along_dim


def _boundary(self: VMobject) -> np.ndarray:
    parts = []
    for m in self.get_family():
        points = m.points
        n = len(points)
        if getattr(type(m), "get_anchors", None) is not _get_anchors or (n > 1 and n % 4):
            return _points_defining_boundary(self)
        if n == 1:
            parts.append(points)
        elif n:
            parts.append(points.reshape(-1, 4, points.shape[1])[:, ::3].reshape(-1, points.shape[1]))
    if not parts:
        return np.array(())
    return np.concatenate(parts)


def _critical(self: Mobject, direction) -> np.ndarray:
    if type(self).get_extremum_along_dim is not _get_extremum_along_dim:
        return _critical_point(self, direction)
    result = np.zeros(self.dim)
    points = self.get_points_defining_boundary()
    if len(points) == 0:
        return result
    lowest, highest = points.min(axis=0), points.max(axis=0)
    for dim in range(self.dim):
        key = direction[dim]
        if key < 0:
            result[dim] = lowest[dim]
        elif key == 0:
            result[dim] = (lowest[dim] + highest[dim]) / 2
        else:
            result[dim] = highest[dim]
    return result


def install() -> None:
    VMobject.get_points_defining_boundary = _boundary
    Mobject.get_critical_point = _critical
