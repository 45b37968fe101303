"""The camera a LessonScene draws with: manim's cairo `Camera` with the camera patches, as a
subclass passed to the renderer (`camera_class`), so manim's own Camera stays as it is.

Upstream: `manim.camera.camera.Camera` (see painted_rows.py, transparent_paint.py,
cairo_paths.py, display_types.py, displayed_members.py and compositing_cache.py for the methods
overridden). `camera_class()` is the class to use: plain `Camera` when the patches are
off (LESSON_PLAIN_MANIM=1).
"""

from __future__ import annotations

from manim.camera.camera import Camera

from manim_patches.cairo_paths import SetsPathsInOnePass
from manim_patches.compositing_cache import CachesStillRuns
from manim_patches.display_types import KnowsDisplayTypes
from manim_patches.displayed_members import ListsDisplayedOnce
from manim_patches.painted_rows import TracksPaintedRows
from manim_patches.transparent_paint import SkipsTransparentPaint


class LessonCamera(
    TracksPaintedRows,
    CachesStillRuns,
    SkipsTransparentPaint,
    SetsPathsInOnePass,
    KnowsDisplayTypes,
    ListsDisplayedOnce,
    Camera,
):
    """Frames started over the rows painted last; still runs composited from a cache; transparent
    fills and strokes not painted; each outline set in one pass; display types known per class;
    the members drawn listed in one pass."""


def camera_class() -> type[Camera]:
    from manim_patches import plain

    return Camera if plain() else LessonCamera
