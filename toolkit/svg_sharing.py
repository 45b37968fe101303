"""Copies of formulas that share their parsed SVG path instead of duplicating it.

manim keeps on every glyph (`VMobjectFromSVGPath`) the svgelements `Path` it was drawn from,
and `Mobject.copy` deep-copies it with everything else: a few hundred svgelements objects
(points, Béziers, colours, matrices) per glyph, on every Transform, FadeOut and Indicate, which
copy their mobjects. The path is read once, when the glyph's points are generated, and never
written afterwards, so copies can share it. Profiled on RowByColumnMatmul with 4x4 matrices,
the deep copies of those paths were most of the scene's construction time.
"""

from __future__ import annotations

from manim.mobject.mobject import Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath


def _deepcopy_sharing_path(self, memo):
    path = self.__dict__.get("path_obj")
    if path is not None:
        memo.setdefault(id(path), path)  # the copy points at the same, never-mutated path
    return Mobject.__deepcopy__(self, memo)


VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path
