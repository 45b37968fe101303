"""MatrixAsTransformation: last frames against the committed control data (control_data/transform/)."""

from __future__ import annotations

from manim.utils.testing.frames_comparison import frames_comparison

from scenes.transform import MatrixAsTransformation

from scene_runs import TEX_CACHE, drawn_whole

__module_test__ = "transform"


@frames_comparison(base_scene=drawn_whole(MatrixAsTransformation), **TEX_CACHE)
def test_transform_last_frame(scene):
    MatrixAsTransformation.construct(scene)
