"""The frame every scene lays out in: the title-safe area, the caption band, and the named
regions scenes place into. Scenes never spell a coordinate that a region can give.

    frame (16:9, FRAME_W x FRAME_H manim units)
    +-----------------------------------------------------------+
    |  title-safe margin (5% of each side)                      |
    |  +-----------------------------------------------------+  |
    |  | TOP: the formula line                                |  |
    |  +-----------------------------------------------------+  |
    |  | STAGE (= MAIN | SIDE when a scene has a side panel)  |  |
    |  |                                                      |  |
    |  +-----------------------------------------------------+  |
    |  caption band: bottom 12% of the height, no content      |
    +-----------------------------------------------------------+

`Region.place(m)` scales a mobject to fill its region (never past it) and centres it;
`Region.fit(m)` only shrinks. Text a viewer must read is at least MIN_TEXT_FRACTION of the
frame height tall (checked by toolkit.layout_check in the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import Mobject, VMobject, config

FRAME_W, FRAME_H = config.frame_width, config.frame_height
# Title-safe: 5% of the width and height on each side (SMPTE's 90% title-safe area).
SAFE_MARGIN_X, SAFE_MARGIN_Y = 0.05 * FRAME_W, 0.05 * FRAME_H
# The bottom 12% of the frame is where players draw captions: no content enters it.
CAPTION_BAND = 0.12 * FRAME_H
# Anything a viewer must read is at least 3% of the frame height (32 px at 1080p).
MIN_TEXT_FRACTION = 0.03
MIN_TEXT_HEIGHT = MIN_TEXT_FRACTION * FRAME_H
GAP = 0.25  # between regions

# `fit`'s default box: the frame less MARGIN on every side (a widget shrunk to fit the frame;
# what a scene places goes in the regions below, within SAFE).
MARGIN = 0.3
SAFE_W, SAFE_H = FRAME_W - 2 * MARGIN, FRAME_H - 2 * MARGIN


@dataclass(frozen=True)
class Region:
    name: str
    left: float
    right: float
    bottom: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    def fit(self, m: Mobject) -> Mobject:
        """Shrink `m` (never grow it) until it fits the region, and centre it there."""
        fit(m, self.width, self.height)
        return m.move_to(self.center)

    def place(self, m: Mobject, fill: float = 1.0, align: str = "center", max_scale: float | None = None) -> Mobject:
        """Scale `m` up or down so it fills `fill` of the region in its tighter direction (but
        never up by more than `max_scale`), then put it at the region's centre (or its "top",
        "bottom", "left", "right" edge)."""
        if m.width > 0 and m.height > 0:
            factor = fill * min(self.width / m.width, self.height / m.height)
            m.scale(factor if max_scale is None else min(factor, max_scale))
        m.move_to(self.center)
        if align == "top":
            m.shift([0, self.top - m.get_top()[1], 0])
        elif align == "bottom":
            m.shift([0, self.bottom - m.get_bottom()[1], 0])
        elif align == "left":
            m.shift([self.left - m.get_left()[0], 0, 0])
        elif align == "right":
            m.shift([self.right - m.get_right()[0], 0, 0])
        return m

    def split_x(self, fraction: float, gap: float = GAP) -> tuple[Region, Region]:
        """Two regions side by side: the left one `fraction` of the width."""
        mid = self.left + fraction * self.width
        return (
            Region(f"{self.name}.left", self.left, mid - gap / 2, self.bottom, self.top),
            Region(f"{self.name}.right", mid + gap / 2, self.right, self.bottom, self.top),
        )

    def split_y(self, fraction: float, gap: float = GAP) -> tuple[Region, Region]:
        """Two regions one above the other: the upper one `fraction` of the height."""
        mid = self.top - fraction * self.height
        return (
            Region(f"{self.name}.upper", self.left, self.right, mid + gap / 2, self.top),
            Region(f"{self.name}.lower", self.left, self.right, self.bottom, mid - gap / 2),
        )


# Everything a viewer sees lives in SAFE: inside the title-safe margins, above the caption band.
SAFE = Region(
    "safe",
    -FRAME_W / 2 + SAFE_MARGIN_X,
    FRAME_W / 2 - SAFE_MARGIN_X,
    -FRAME_H / 2 + CAPTION_BAND,
    FRAME_H / 2 - SAFE_MARGIN_Y,
)
TOP_H = 1.0  # the formula line: one line of display maths at body size
TOP = Region("top", SAFE.left, SAFE.right, SAFE.top - TOP_H, SAFE.top)
# The stage under the formula line, and the stage split into the main picture and a side panel.
STAGE = Region("stage", SAFE.left, SAFE.right, SAFE.bottom, TOP.bottom - GAP)
MAIN, SIDE = STAGE.split_x(0.56)
MAIN = Region("main", MAIN.left, MAIN.right, MAIN.bottom, MAIN.top)
SIDE = Region("side", SIDE.left, SIDE.right, SIDE.bottom, SIDE.top)
# A full-height main picture (a plane) with its panel, when there is no formula line.
TALL_MAIN, TALL_SIDE = SAFE.split_x(0.5)

REGIONS = {r.name: r for r in (SAFE, TOP, STAGE, MAIN, SIDE)}


def fit(m: VMobject, width: float = SAFE_W, height: float = SAFE_H) -> VMobject:
    """Shrink `m` (never grow it) until it fits the box."""
    if m.width > width:
        m.scale_to_fit_width(width)
    if m.height > height:
        m.scale_to_fit_height(height)
    return m
