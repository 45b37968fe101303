"""The cards that open and close every lesson video: the course's title card and a closing
card that sums up what was learned. Both are spoken beats like any scene's."""

from __future__ import annotations

from manim import Create, FadeIn, GrowArrow, Write

from scenes.catalog import ClosingCardParams, TitleCardParams
from toolkit.cards import CourseEmblem, Recap, TitleBlock
from toolkit.lesson_scene import LessonScene


class TitleCard(LessonScene):
    Params = TitleCardParams

    def construct(self) -> None:
        p = self.params
        emblem, block = CourseEmblem(), TitleBlock(p.course, p.title)
        CourseEmblem.lay_out(emblem, block)
        with self.beat(f"{p.course}. {p.title}.", name="title"):
            self.play(Create(emblem.grid), FadeIn(block.course), Create(block.rule), run_time=0.8)
            self.play(GrowArrow(emblem.a), GrowArrow(emblem.b), Write(block.title), run_time=1.0)
            self.play(Create(emblem.arc), run_time=0.4)


class ClosingCard(LessonScene):
    Params = ClosingCardParams

    def construct(self) -> None:
        p = self.params
        emblem, recap = CourseEmblem(), Recap(p.title, p.points)
        CourseEmblem.lay_out(emblem, recap, max_scale=1.4)
        with self.beat(f"{p.title}: what we learned.", name="recap"):
            self.play(FadeIn(emblem), recap.appear(), run_time=1.2)
        for i, point in enumerate(p.points):
            with self.beat(point, name=f"point {i + 1}"):
                self.play(recap.show(i), run_time=0.8)
