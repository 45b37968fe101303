"""The cards that open and close every lesson video: the course's title card, with the lesson's
own objects as its emblem, and a closing card that recaps by picture. Both are spoken beats like
any scene's, their pictures moving as the words are said."""

from __future__ import annotations

from manim import Create, FadeIn, Write

from scenes.catalog import ClosingCardParams, TitleCardParams
from toolkit.card_pictures import CellsEmblem, VectorsEmblem, is_matmul, lesson_inputs, params_of
from toolkit.cards import CourseEmblem, RecapColumns, TitleBlock
from toolkit.lesson_scene import LessonScene

# The voice says about this many words a second (Piper's joe-medium: 150-170 a minute).
WORDS_PER_SECOND = 2.7


def cue_marks(point: str, cues: tuple[str, ...]) -> str | None:
    """`point` with a mark <cue0>, <cue1>, ... before the first word, in order, that begins with
    each of `cues` ("multiply," for "multiply"); None when the point does not say them all, in
    that order (an author's own words: the picture then plays over the whole point)."""
    if not cues:
        return None
    words, at = point.split(" "), 0
    for k, cue in enumerate(cues):
        found = next((j for j in range(at, len(words)) if words[j].lower().startswith(cue.lower())), None)
        if found is None:
            return None
        words[found], at = f"<cue{k}>{words[found]}", found + 1
    return " ".join(words)


class TitleCard(LessonScene):
    Params = TitleCardParams

    def construct(self) -> None:
        p = self.params
        inputs = lesson_inputs(p.title)
        block = TitleBlock(p.course, p.title)
        if is_matmul(inputs):
            rb = params_of(inputs, "RowByColumnMatmul")
            emblem = CellsEmblem(rb["A"], rb["B"])
        else:
            va = params_of(inputs, "VectorAlignment")
            emblem = VectorsEmblem(va["a"], va["b"])
        CourseEmblem.lay_out(emblem, block)
        words = p.title.split()
        # The title's first word, and its last, marked: the emblem moves while the title is said.
        said = f"<t>{words[0]}" + (
            " " + " ".join(words[1:-1]) + (" " if len(words) > 2 else "") + f"<e>{words[-1]}" if len(words) > 1 else ""
        )
        with self.beat(f"{p.course}. {said}.", name="title"):
            self.play(FadeIn(block.course), Create(block.rule), emblem.appear(), until="t")
            if isinstance(emblem, VectorsEmblem):
                self.add(emblem.b, emblem.arc)
                self.play(
                    Write(block.title),
                    emblem.open_angle(),
                    until="e" if len(words) > 1 else None,
                    **({} if len(words) > 1 else {"run_time": 1.2}),
                )
                self.play(Create(emblem.arc.copy()), run_time=0.5)
            else:
                cells = [(i, j) for i in range(emblem.m) for j in range(emblem.p)]
                self.play(
                    Write(block.title),
                    emblem.fill(*cells[0]),
                    until="e" if len(words) > 1 else None,
                    **({} if len(words) > 1 else {"run_time": 1.2}),
                )
                for i, j in cells[1:]:
                    self.play(emblem.fill(i, j), run_time=0.5)
                self.play(emblem.done(), run_time=0.4)


class ClosingCard(LessonScene):
    Params = ClosingCardParams

    def construct(self) -> None:
        p = self.params
        recap = RecapColumns(p.title, p.points, lesson_inputs(p.title))
        # (The title, then the words: "Scaling dot products: matrix multiplication: what we learned"
        # read with two colons: review.)
        said = f"{p.title}. What we learned."
        with self.beat(said, name="recap"):
            # Written at about the length of its words: a beat without marks spreads it over them.
            self.play(recap.appear(), run_time=0.8 * len(said.split()) / WORDS_PER_SECOND)
        for i, point in enumerate(p.points):
            picture = recap.pictures[i]
            marked = cue_marks(point, getattr(picture, "CUES", ()))
            if marked is not None:
                # Each part of the picture is played from the word that names it to the next one
                # (the last for a second).
                with self.beat(marked, name=f"point {i + 1}") as beat:
                    self.play(recap.show(i), run_time=0.5)
                    parts = picture.cued()
                    for k, part in enumerate(parts):
                        beat.until(f"cue{k}")
                        if k + 1 < len(parts):
                            self.play(part, until=f"cue{k + 1}")
                        else:
                            self.play(part, run_time=1.0)
                continue
            # The picture moves for about as long as the point is said (a beat without marks spreads
            # its motion over its speech, up to twice as slow).
            seconds = max(2.0, 0.8 * len(point.split()) / WORDS_PER_SECOND)
            with self.beat(point, name=f"point {i + 1}"):
                self.play(recap.show(i), run_time=0.5)
                self.play(picture.live(), run_time=seconds)
