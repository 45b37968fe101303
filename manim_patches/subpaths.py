"""Subpaths cut at once.

Upstream: `manim.mobject.types.vectorized_mobject.VMobject.get_subpaths_from_points` (replaced on
the class); it relies on `VMobject.get_subpath_split_indices_from_points`, manim's vectorised
equivalent for the camera (also pinned).

`get_subpaths_from_points` (what `align_points` asks whenever a Transform begins) compares each
curve's end with the next curve's start through `np.allclose`, one pair at a time: 2.3 of 18.5 s
of a profiled dry run of RowByColumnMatmul (4x4 inputs, under cProfile). Subpaths are cut from
the split indices instead, shorter ones dropped as before. A class with its own
`consider_points_equals` keeps manim's method.

Guard: a property test against manim's own method on random paths (joined curves, ends a hair
apart, NaN and infinite points, short tails); the upstream bodies pinned.
"""

from __future__ import annotations

from manim.mobject.types.vectorized_mobject import VMobject

from manim_patches.originals import manims

TARGETS = (
    "manim.mobject.types.vectorized_mobject:VMobject.get_subpaths_from_points",
    "manim.mobject.types.vectorized_mobject:VMobject.get_subpath_split_indices_from_points",
)

_get_subpaths_from_points = manims(VMobject, "get_subpaths_from_points")


def _subpaths_from_points(self: VMobject, points) -> list:
    """manim's `get_subpaths_from_points`, its comparisons made at once."""
    if type(self).consider_points_equals is not VMobject.consider_points_equals:
        return _get_subpaths_from_points(self, points)  # a class with its own idea of equal points
    nppcc = self.n_points_per_cubic_curve
    return [points[a:b] for a, b in self.get_subpath_split_indices_from_points(points) if b - a >= nppcc]


def install() -> None:
    VMobject.get_subpaths_from_points = _subpaths_from_points
