"""Lesson 2's scenes: last frames against the committed control data (control_data/matmul/)."""

from __future__ import annotations

from manim.utils.testing.frames_comparison import frames_comparison

from scenes.matmul import RowByColumnMatmul, LayerAsMatmul, ShapeRule, SimilarityInEmbeddingSpace

from scene_runs import TEX_CACHE, drawn_whole

__module_test__ = "matmul"


@frames_comparison(base_scene=drawn_whole(RowByColumnMatmul), **TEX_CACHE)
def test_row_by_column_last_frame(scene):
    RowByColumnMatmul.construct(scene)


@frames_comparison(base_scene=drawn_whole(LayerAsMatmul), **TEX_CACHE)
def test_layer_as_matmul_last_frame(scene):
    LayerAsMatmul.construct(scene)


@frames_comparison(base_scene=drawn_whole(ShapeRule), **TEX_CACHE)
def test_shape_rule_last_frame(scene):
    ShapeRule.construct(scene)


@frames_comparison(base_scene=drawn_whole(SimilarityInEmbeddingSpace), **TEX_CACHE)
def test_similarity_last_frame(scene):
    SimilarityInEmbeddingSpace.construct(scene)
