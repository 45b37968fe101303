"""A LessonScene as a manim-slides deck: one slide per beat, each with its caption as notes.

Upstream: manim-slides' `Slide` (manim_slides/slide/manim.py) and `BaseSlide` (base.py), whose
private members `BeatSlides` overrides or sets: `Slide.next_section` (an alias of `next_slide`:
here manim's own section again), `BaseSlide._add_last_slide` (not added when the beats made the
slides), `Slide._background_color` (LessonScene's background is a hex string) and
`BaseSlide._base_slide_config` (read and replaced in `next_slide`, for the notes). A mixin, put
before the scene and `Slide` in the class made for one job (engine/worker.py `_slides`).

Guard: the deck tests (tests/cli/test_talks.py: one slide per beat, notes, the background); the
upstream bodies pinned.
"""

from __future__ import annotations

from manim import ManimColor, Scene

TARGETS = (
    "manim_slides.slide.manim:Slide.next_section",
    "manim_slides.slide.manim:Slide._background_color",
    "manim_slides.slide.base:BaseSlide._add_last_slide",
    "manim_slides.slide.base:BaseSlide.next_slide",
)


class BeatSlides:
    """A beat's end is a slide break. What a scene plays between two beats (a fade, a reset)
    opens the next slide, what it plays before its first beat opens the first one, and what
    follows its last beat is left out, so the deck has exactly one slide per beat (a scene without
    beats, like the title card, is one slide)."""

    skip_reversing = True  # reversed clips serve only `manim-slides present`

    def next_section(self, *args, **kwargs):
        # A beat opens a manim section; for slides, the break comes at the beat's end.
        Scene.next_section(self, *args, **kwargs)

    def beat_ended(self) -> None:
        super().beat_ended()
        caption = self.beats[-1].caption
        self._base_slide_config = self._base_slide_config.model_copy(update={"notes": caption})
        self.next_slide()

    def _add_last_slide(self) -> None:
        if not self.beats:
            super()._add_last_slide()

    @property
    def _background_color(self) -> str:
        # LessonScene sets the camera's background as a hex string, not a ManimColor.
        return ManimColor(self.renderer.camera.background_color).to_hex()
