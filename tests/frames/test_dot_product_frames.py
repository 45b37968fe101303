"""Lesson 1's scenes: last frames against the committed control data (control_data/dot_product/)."""

from __future__ import annotations

from manim.utils.testing.frames_comparison import frames_comparison

from scenes.dot_product import DotProductDefinition, VectorAlignment, CosineRelation, WeightedSumNeuron, AttentionScore

from scene_runs import TEX_CACHE, drawn_whole

__module_test__ = "dot_product"


@frames_comparison(base_scene=drawn_whole(DotProductDefinition), **TEX_CACHE)
def test_definition_last_frame(scene):
    DotProductDefinition.construct(scene)


@frames_comparison(base_scene=drawn_whole(VectorAlignment), **TEX_CACHE)
def test_alignment_last_frame(scene):
    VectorAlignment.construct(scene)


@frames_comparison(base_scene=drawn_whole(CosineRelation), **TEX_CACHE)
def test_cosine_last_frame(scene):
    CosineRelation.construct(scene)


@frames_comparison(base_scene=drawn_whole(WeightedSumNeuron), **TEX_CACHE)
def test_neuron_last_frame(scene):
    WeightedSumNeuron.construct(scene)


@frames_comparison(base_scene=drawn_whole(AttentionScore), **TEX_CACHE)
def test_attention_last_frame(scene):
    AttentionScore.construct(scene)
