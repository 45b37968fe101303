"""The numeric core: plain numpy, no manim.

Every figure a scene puts on screen is computed here, so scenes, the CLI and the
tests agree by construction.
"""

from mathcore.linalg import (
    PLANE_ENTRY_LIMIT,
    InputError,
    add,
    angle_degrees,
    as_matrix,
    as_plane_matrix,
    as_vector,
    attention_score,
    basis_images,
    check_drawable,
    commute,
    compose,
    cosine_similarity,
    describe_transformation,
    dot,
    matmul,
    norm,
    polar_parts,
    products,
    scale,
    sigmoid,
    straight_path_stays_between,
    transformation_path,
    weighted_sum,
)
from mathcore.rounding import fmt_angle, fmt_fixed, fmt_number, product_reads_true

__all__ = [
    "PLANE_ENTRY_LIMIT",
    "InputError",
    "add",
    "angle_degrees",
    "as_matrix",
    "as_plane_matrix",
    "as_vector",
    "attention_score",
    "basis_images",
    "check_drawable",
    "commute",
    "compose",
    "cosine_similarity",
    "describe_transformation",
    "dot",
    "fmt_angle",
    "fmt_fixed",
    "fmt_number",
    "product_reads_true",
    "matmul",
    "norm",
    "polar_parts",
    "products",
    "scale",
    "sigmoid",
    "straight_path_stays_between",
    "transformation_path",
    "weighted_sum",
]
