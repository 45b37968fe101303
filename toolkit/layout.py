"""The frame every scene lays out in, and the one rule of fitting into it."""

from __future__ import annotations

from manim import VMobject, config

FRAME_W, FRAME_H = config.frame_width, config.frame_height
MARGIN = 0.3
SAFE_W, SAFE_H = FRAME_W - 2 * MARGIN, FRAME_H - 2 * MARGIN


def fit(m: VMobject, width: float = SAFE_W, height: float = SAFE_H) -> VMobject:
    """Shrink `m` (never grow it) until it fits the box."""
    if m.width > width:
        m.scale_to_fit_width(width)
    if m.height > height:
        m.scale_to_fit_height(height)
    return m
