"""The title card that opens every lesson video."""

from __future__ import annotations

from manim import DOWN, UP, FadeIn, Write

from scenes.catalog import TitleCardParams
from toolkit.builders import title_card
from toolkit.lesson_scene import LessonScene


class TitleCard(LessonScene):
    Params = TitleCardParams

    def construct(self) -> None:
        card = title_card(self.params.course, self.params.title)
        course, rule, title = card
        self.play(FadeIn(course, shift=0.2 * DOWN), Write(rule), run_time=0.8)
        self.play(FadeIn(title, shift=0.2 * UP), run_time=0.8)
        self.wait(1.4)
