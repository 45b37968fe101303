"""LessonScene: the base of every scene. It gives a scene its typed inputs, its theme
and its teaching beats.

A beat is one thing the narrator says and the viewer reads:

    with self.beat("Pair up the entries index by index."):
        self.play(...)

On entering, the beat opens a manim section (so `--save_sections` cuts there and a
talk's slide breaks there); on leaving, it holds the frame long enough to read the
caption, and records the caption with its start and end time in `self.beats`, which
the render engine turns into subtitles and chapters.

The picture moves with the words. A caption may mark words (narration/marks.py):

    with self.beat("Multiply each pair: <p1>4, <p2>10, <p3>18.") as beat:
        self.play(light(0), until="p1")   # ends as "4" is said
        self.play(light(1), until="p2")
        beat.until("p3")                   # waits for "18"

A beat without marks spreads its motion over its speech: its animations are slowed (never
past MAX_STRETCH times their written run time) towards the length of the voice, and what
time is left is split, half before the motion and half after it. The written run times
come from a first, silent pass over `construct` (`plan_beats`), since a beat's animations
are only known once it has run. Captions are cut into cues of two lines of 42 characters,
each timed to its own first word.
"""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from typing import Any, ClassVar

from manim import (
    Animation,
    DecimalNumber,
    FadeOut,
    FadeTransform,
    Group,
    Mobject,
    ReplacementTransform,
    Scene,
    SingleStringMathTex,
    Text,
    Transform,
    TransformFromCopy,
    Wait,
    config,
)
from manim.animation.transform_matching_parts import TransformMatchingAbstractBase
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer

from narration import BREATH, SilentNarrator, marks
from narration.speech import spoken
from narration.wordtimes import even_times
import manim_patches
from manim_patches.camera import camera_class
from manim_patches.encoder import file_writer_class
from manim_patches.renderer import draw_only_when_asked
from toolkit import layout, style
from toolkit.layout_check import LayoutChecker, validate_allowance
from toolkit.params import SceneParams, build
from toolkit.theme import get_palette

# manim as the lessons need it: every patch, named in manim_patches/ (none with LESSON_PLAIN_MANIM=1).
manim_patches.install()

# Captions are read at about three words a second; a beat never ends sooner than that
# allows, and always holds its last frame for at least MIN_HOLD seconds.
WORDS_PER_SECOND = 3.0
MIN_HOLD = 1.0
# A lesson's part fades out over this long at its end (half a second: a hand-over, not a pause).
ENDING_FADE = 0.5
# A beat without marks slows its animations towards its speech, up to this many times their
# written run time (slower, motion reads as a stall).
MAX_STRETCH = 2.0
# An animation asked to end on a mark that has (nearly) passed still takes this long.
SHORTEST = 0.1
# A flight (a figure carried from one place to another, a formula changed into another) never
# runs across the moment one caption cue gives way to the next: it starts just after, or ends
# just before, whichever leaves it at least this long. A frame at a cue's end (a viewer who
# pauses as the words change; a reviewer's sample) then shows whole figures, not glyphs in
# flight over other text (seen eleven times in one review).
FLIGHT_SHORTEST = 0.4
FLIGHT_CLEAR = 0.05


def _flies(animation) -> bool:
    """Whether an animation carries figures across the screen or changes one formula into
    another (a flight): manim's transforms between two mobjects, and the toolkit's moves
    (toolkit/moves.py marks its own). Fades, indications and `.animate` are not flights."""
    if getattr(animation, "is_flight", False):
        return True
    if isinstance(animation, (TransformFromCopy, ReplacementTransform, FadeTransform, TransformMatchingAbstractBase)):
        return True
    if type(animation) is Transform:
        return True
    return any(_flies(a) for a in getattr(animation, "animations", ()) or ())


class MarkError(Exception):
    """A beat's marks are wrong: one line naming the scene, the beat and the mark."""


@dataclasses.dataclass(frozen=True)
class Cue:
    start: float  # scene seconds
    end: float
    text: str  # at most two lines of 42 characters, joined by a line break


@dataclasses.dataclass(frozen=True)
class Beat:
    index: int
    name: str
    caption: str
    start: float
    end: float
    # The live readouts on screen when the beat ended, as shown (rounded) figures.
    readouts: tuple[str, ...] = ()
    # What the narrator says (the caption normalised for speech), and the voice that says it.
    spoken: str = ""
    speech_seconds: float = 0.0
    audio: str | None = None  # a WAV laid at `start` in the scene's track; None when silent
    voice: str = "none"  # "recorded", "tts" or "none"
    # The caption as subtitles: cues in scene time, each at its first word.
    cues: tuple[Cue, ...] = ()
    # Each mark's name and scene time (the start of the word it marks).
    marks: tuple[tuple[str, float], ...] = ()
    # Each spoken word with its scene start and end (empty when silent).
    words: tuple[tuple[str, float, float], ...] = ()
    # The spoken words with each mark shown before its word ("[p2]ten"): the recording sheet's view.
    marked: str = ""


def said_index(shown: list[str], said: list[str], k: int) -> int:
    """The index in `said` (the words spoken) of the word that `shown[k]` (the caption's words
    as the voice would say them) is spoken as: the two aligned word by word (difflib), a word
    inside a stretch said differently ("î" as "i hat") placed at its share of that stretch."""
    import difflib

    def plain(words):
        return ["".join(c for c in w.lower() if c.isalnum()) for w in words]

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, plain(shown), plain(said), autojunk=False).get_opcodes():
        if i1 <= k < i2:
            if tag == "equal":
                return j1 + (k - i1)
            return min(j2, j1 + round((k - i1) * (j2 - j1) / (i2 - i1))) if tag == "replace" else j1
    return len(said)


class BeatClock:
    """What a beat's body sees: its marks' times, and waiting for them (`beat.until("b")`)."""

    def __init__(self, scene: "LessonScene", index: int, name: str, start: float, marks_at: dict[str, float]):
        self.scene, self.index, self.name, self.start = scene, index, name, start
        self.marks = marks_at
        self.passed: list[str] = []

    def error(self, mark: str, why: str) -> MarkError:
        return MarkError(f"{type(self.scene).__name__}, beat {self.index} ({self.name!r}): mark <{mark}> {why}")

    def time(self, mark: str) -> float:
        """The scene time of `mark` (the start of its word), without using it up: for spreading
        several steps up to a word."""
        if mark not in self.marks:
            raise self.error(
                mark, f"is not in its words (its marks: {', '.join(f'<{m}>' for m in self.marks) or 'none'})"
            )
        return self.marks[mark]

    def left_until(self, mark: str) -> float:
        """Seconds from now until `mark` is said (0 when it has been)."""
        return max(0.0, self.time(mark) - self.scene.now)

    def at(self, mark: str) -> float:
        """The scene time of `mark`, checking it exists, that its beat is still on, and that it
        comes after the marks already used."""
        when = self.time(mark)
        if self.scene._clock is not self:
            raise self.error(mark, "is used after its beat ended (a `beat` handle kept from an earlier beat?)")
        order = list(self.marks)
        if self.passed and order.index(mark) < order.index(self.passed[-1]):
            raise self.error(mark, f"is used after <{self.passed[-1]}>, which comes later in the words")
        self.passed.append(mark)
        return when

    def until(self, mark: str) -> None:
        """Hold the picture (updaters still run) until the word `mark` is said."""
        from manim import config

        left = self.at(mark) - self.scene.now
        if left >= 1 / config.frame_rate:  # less than a frame is no wait (manim warns of it)
            self.scene.wait(left)


def reading_seconds(caption: str) -> float:
    return len(caption.split()) / WORDS_PER_SECOND


class NoParams(SceneParams):
    """The inputs of a scene that takes none."""


class LessonScene(Scene):
    Params: ClassVar[type[SceneParams]] = NoParams

    def __init__(
        self,
        *args: Any,
        params: Any = None,
        theme: str | None = None,
        pace: float = 1.0,
        background: str | None = None,
        narrator: Any = None,
        check_layout: bool = False,
        ending: str = "hold",
        **kwargs: Any,
    ):
        if params is None or isinstance(params, dict):
            params = build(self.Params, params, owner=type(self).__name__)
        self.params = params
        self.palette = get_palette(theme)
        # A speaker's own slide colour behind the scene; the theme still colours everything else.
        self.custom_background = background
        self.pace = pace
        # "fade": the scene ends by fading to its background (a lesson's parts hand over softly).
        self.ending = ending
        # Who speaks each beat (narration.voices.make_narrator); silent unless the engine says otherwise.
        self.narrator = narrator or SilentNarrator()
        self.beats: list[Beat] = []
        # Every mobject ever added, so tests can read back the figures a scene showed.
        self.seen: list[Mobject] = []
        # The layout check (tests/scenes/test_layout.py) runs after every animation and at every beat's end;
        # None in a normal render, where it costs one attribute test per play.
        self.layout_checker = None
        if check_layout:
            self.layout_checker = LayoutChecker()
        self.padding_to_drop: list = []
        self._beat_name: str | None = None
        self._plays_in_beat = 0
        # Written run time of each beat's motion (beat index -> seconds), from plan_beats.
        self.plan: dict[int, float] | None = None
        self._stretch = 1.0
        self._clock: BeatClock | None = None
        # Scene times inside the current beat where one caption cue gives way to the next, and
        # when each flight ran (start, end): see `play`.
        self._cue_changes: list[float] = []
        self.flown: list[tuple[float, float]] = []
        # In plan_beats' silent pass: each beat's written run time, as it is measured.
        self.written: dict[int, float] = {}
        self._lesson_kwargs = dict(
            params=params, theme=theme, pace=pace, background=background, narrator=self.narrator, ending=ending
        )
        if kwargs.get("renderer") is None and config.renderer == RendererType.CAIRO:
            # The patched camera and encoder (manim_patches/camera.py, encoder.py), or manim's own
            # with LESSON_PLAIN_MANIM=1. manim's Scene passes its camera class to the renderer it
            # makes, but no file writer class: the renderer is made here.
            kwargs["renderer"] = CairoRenderer(
                camera_class=kwargs.setdefault("camera_class", camera_class()),
                file_writer_class=file_writer_class(),
                skip_animations=kwargs.get("skip_animations", False),
            )
        super().__init__(*args, **kwargs)

    def render(self, preview: bool = False):
        # A voiced render spreads each beat's motion over its speech: that needs the beats'
        # written run times first (a still or a dry run keeps them as written).
        from manim import config

        if self.plan is None and self.narrator.voiced and not (config.dry_run or self.renderer.skip_animations):
            self.plan = self.plan_beats()
        return super().render(preview)

    def plan_beats(self) -> dict[int, float]:
        """Run `construct` once more, silently, in a scene of the same class and inputs with
        every animation skipped, and return how long each beat's animations take as written."""
        lesson_class = next(c for c in type(self).__mro__ if "construct" in c.__dict__)
        planner = lesson_class(**self._lesson_kwargs, skip_animations=True)
        planner.planning = True
        # Nobody sees the planner's frames: manim would still draw one or two per play (the
        # still parts behind an animation, a wait's frame), 2% of a course's render (py-spy).
        draw_only_when_asked(planner.renderer)
        planner.setup()
        planner.construct()
        return dict(planner.written)

    def add(self, *mobjects: Mobject):
        self.seen.extend(mobjects)
        return super().add(*mobjects)

    def setup(self) -> None:
        # Builders that patch over fills with the background must use the speaker's, if any.
        background = self.custom_background or self.palette.background
        style.use_palette(dataclasses.replace(self.palette, background=background))
        self.camera.background_color = background

    @property
    def now(self) -> float:
        return float(self.renderer.time)

    planning = False  # True in plan_beats' silent pass

    @contextmanager
    def beat(self, caption: str, name: str | None = None, say: str | None = None):
        """One teaching beat: `caption` is shown and spoken (`say` where speech must differ
        from the text shown; marks then go in `say`). The beat lasts at least as long as its
        voice plus a breath; silent, it holds long enough to read the caption. Yields a
        BeatClock: `beat.until(mark)`; `self.play(..., until=mark)` ends an animation on one."""
        index = len(self.beats) + 1
        name = name or f"beat {index}"
        caption = " ".join(caption.split())
        try:
            shown = marks.parse(caption)
            heard = marks.parse(" ".join(say.split())) if say is not None else shown
        except marks.MarkError as e:
            raise MarkError(f"{type(self).__name__}, beat {index} ({name!r}): {e}") from None
        if say is not None and shown.marks:
            raise MarkError(
                f"{type(self).__name__}, beat {index} ({name!r}): marks go in say=, the words "
                f"spoken, not in the caption: {', '.join(f'<{m}>' for m in shown.marks)}"
            )
        if not self.planning:
            self.next_section(name)
        start = self.now
        self._beat_name, self._plays_in_beat = name, 0
        speech = self.narrator.speak(scene=type(self).__name__, index=index, name=name, text=heard.text)
        said, mark_words = marks.spoken_positions(heard.text, list(heard.marks.values()), spoken)
        tokens = said.split()
        # When each word is said: the voice's own times, or reading speed when silent.
        times = speech.words or even_times(tokens, reading_seconds(shown.text) * self.pace)
        marks_at = {}
        shown_marks = {k: mark for mark, k in zip(heard.marks, mark_words)}
        marked = " ".join(f"[{shown_marks[k]}]{w}" if k in shown_marks else w for k, w in enumerate(tokens))
        for (mark, _), k in zip(heard.marks.items(), mark_words):
            if k >= len(times):
                raise MarkError(
                    f"{type(self).__name__}, beat {index} ({name!r}): mark <{mark}> has no spoken word after it"
                )
            marks_at[mark] = start + times[k].start
        self._clock = BeatClock(self, index, name, start, marks_at)
        # Where the caption's cues change, known before the motion starts (see `play`).
        speaking = speech.seconds or reading_seconds(shown.text) * self.pace
        self._cue_changes = [
            c.start
            for c in self._cues(shown.text, say is None, start, start + speaking, times, speech.seconds, tokens)[1:]
        ]
        # A beat without marks spreads its written motion over its speech (see the module's docstring).
        written = (self.plan or {}).get(index, 0.0)
        stretch = 1.0
        if not marks_at and speech.seconds > 0 and written > 0:
            stretch = min(MAX_STRETCH, max(1.0, speech.seconds / written))
            lead = (speech.seconds - stretch * written) / 2
            if lead > 1 / 30:
                self.wait(lead, frozen_frame=True)
        self._stretch = stretch
        body_start = self.now
        yield self._clock
        self._stretch = 1.0
        self._clock = None
        self._cue_changes = []
        if self.planning:
            self.written[index] = self.now - body_start
        if self.layout_checker is not None:
            self.check_layout(moment="end", whole=True)
        self._beat_name = None
        elapsed = self.now - start
        if speech.seconds > 0:
            hold = max(MIN_HOLD * self.pace, speech.seconds + BREATH - elapsed)
        else:
            hold = max(MIN_HOLD, reading_seconds(shown.text) - elapsed) * self.pace
        # Nothing moves during a hold: one frame drawn, repeated (live readouts sit still too).
        self.wait(hold, frozen_frame=True)
        end = self.now
        cues = self._cues(shown.text, say is None, start, end, times, speech.seconds, tokens)
        self.beats.append(
            Beat(
                index,
                name,
                shown.text,
                start,
                end,
                self.readouts_on_screen(),
                spoken=speech.text,
                speech_seconds=speech.seconds,
                audio=speech.path,
                voice=speech.source,
                cues=cues,
                marks=tuple(marks_at.items()),
                marked=marked,
                words=tuple((w.word, start + w.start, start + w.end) for w in speech.words),
            )
        )
        self.beat_ended()

    @staticmethod
    def _cues(
        caption: str, spoken_from_caption: bool, start: float, end: float, times, seconds: float, said=()
    ) -> tuple[Cue, ...]:
        """The caption's cues, each starting as its first word is said; the last runs to the
        beat's end. When the speech is not the caption's words (`say=`, whose spoken words are
        `said`), each cue's first word is found in them by aligning the two (`said_index`);
        with no word times, a cue starts at its share of the speech by characters."""
        pieces = marks.cues(caption)
        if times and (spoken_from_caption or said):
            shown, first_words = marks.spoken_positions(caption, [at for at, _ in pieces], spoken)
            if not spoken_from_caption:
                first_words = [said_index(shown.split(), list(said), k) for k in first_words]
            starts = [
                start if i == 0 else start + times[min(k, len(times) - 1)].start for i, k in enumerate(first_words)
            ]
        else:
            length = seconds or (end - start)
            starts = [start + length * at / max(1, len(caption)) for at, _ in pieces]
        starts = [min(end, max(a, b)) for a, b in zip(starts, [start] + starts[:-1])]  # in order, in the beat
        ends = starts[1:] + [end]
        return tuple(Cue(a, b, text) for a, b, (_, text) in zip(starts, ends, pieces))

    # --- the layout check ---------------------------------------------------------------

    # The region the scene's content should fill (the layout check's "empty stage").
    layout_region: layout.Region = layout.SAFE

    def play(self, *args: Any, until: str | None = None, **kwargs: Any) -> None:
        """manim's play; `until=mark` sets the run time so the animation ends as the marked
        word is said (at least SHORTEST when the word has already come)."""
        if until is not None:
            if self._clock is None:
                raise MarkError(f"{type(self).__name__}: play(until={until!r}) outside a beat")
            kwargs["run_time"] = max(SHORTEST, self._clock.at(until) - self.now)
        hold_after = 0.0
        flies = any(_flies(a) for a in args)
        if self._cue_changes and not self.planning and flies:
            hold_after = self._clear_of_cue_changes(args, kwargs)
        began = self.now
        super().play(*args, **kwargs)
        if flies:
            self.flown.append((began, self.now))
        if hold_after >= 1 / config.frame_rate:
            self.wait(hold_after / self._stretch)
        # What the play's TransformFromCopy animations padded their mobjects with (manim_patches/copy_padding.py).
        while self.padding_to_drop:
            self.padding_to_drop.pop().drop()
        # A wait (a beat's hold) changes nothing on screen: nothing new to check.
        if self.layout_checker is not None and not all(isinstance(a, Wait) for a in args):
            self._plays_in_beat += 1
            self.check_layout(moment=f"after animation {self._plays_in_beat}")

    def _clear_of_cue_changes(self, args: tuple, kwargs: dict) -> float:
        """A flight that would run across a cue change starts just after it (a hold first) or
        ends just before it (a hold after: returned), the play's end unchanged (FLIGHT_SHORTEST)."""
        written = kwargs.get("run_time")
        if written is None:
            written = max((a.run_time for a in args if isinstance(a, Animation)), default=1.0)
        start, end = self.now, self.now + written * self._stretch
        for change in self._cue_changes:
            if start + FLIGHT_CLEAR < change < end - FLIGHT_CLEAR:
                if end - (change + FLIGHT_CLEAR) >= FLIGHT_SHORTEST:
                    if change + FLIGHT_CLEAR - start >= 1 / config.frame_rate:  # (manim refuses shorter waits)
                        self.wait((change + FLIGHT_CLEAR - start) / self._stretch)  # waits are stretched too
                    kwargs["run_time"] = max(SHORTEST, end - self.now) / self._stretch
                elif change - FLIGHT_CLEAR - start >= FLIGHT_SHORTEST:
                    kwargs["run_time"] = (change - FLIGHT_CLEAR - start) / self._stretch
                    return end - (change - FLIGHT_CLEAR)
                return 0.0
        return 0.0

    def compile_animations(self, *args: Any, **kwargs: Any):
        animations = super().compile_animations(*args, **kwargs)
        if self._stretch != 1.0:
            for animation in animations:
                animation.run_time *= self._stretch
        return animations

    def tear_down(self) -> None:
        super().tear_down()
        # The last frame is checked whole too (a card has no beats).
        if self.layout_checker is not None:
            self.check_layout(moment="last frame", whole=True)
        if self.ending == "fade" and self.mobjects:
            # Live objects would redraw themselves at full opacity: they stop where they are first.
            for m in self.mobjects:
                m.suspend_updating()
            Scene.play(self, FadeOut(Group(*self.mobjects)), run_time=ENDING_FADE)

    def check_layout(self, moment: str, whole: bool = False) -> None:
        """Run the layout check on the frame as it is now (only when checking is on)."""
        beat = self._beat_name or (f"after {self.beats[-1].name!r}" if self.beats else "opening")
        if moment == "last frame" and self.beats:
            beat = self.beats[-1].name  # the same frame as the last beat's end: one finding, not two
        self.layout_checker.check(self.mobjects, beat=beat, moment=moment, region=self.layout_region if whole else None)

    def layout_allows(
        self, first: Mobject, second: Mobject | None = None, *, reason: str, kinds: tuple[str, ...] | None = None
    ) -> None:
        """Declare a layout exception, with its reason: `first` may meet `second` (or, with no
        `second`, anything), for all kinds of finding or only `kinds`."""
        validate_allowance(reason, kinds)
        if self.layout_checker is not None:
            self.layout_checker.allow(first, second, reason, kinds)

    @property
    def layout_findings(self) -> list:
        return self.layout_checker.findings if self.layout_checker is not None else []

    def readouts_on_screen(self) -> tuple[str, ...]:
        return tuple(_number_string(m) for top in self.mobjects for m in _walk(top) if isinstance(m, DecimalNumber))

    def shown_strings(self) -> list[str]:
        """Every formula, label, word and live figure the scene ever put on screen, as text."""
        out: list[str] = []
        for top in self.seen:
            for m in _walk(top):
                if isinstance(m, DecimalNumber):
                    out.append(_number_string(m))
                elif isinstance(m, SingleStringMathTex):
                    # A leading "{}" only gives a binary operator its spacing: nothing is shown for it.
                    out.append(m.get_tex_string().removeprefix("{}"))
                elif isinstance(m, Text):
                    out.append(m.original_text)
        return out

    def settle(self, whole: Mobject, parts=None) -> None:
        """A mobject animated in parts (`parts`, by default its submobjects) becomes one
        mobject on screen again, so a later animation and the scene's record see the whole
        formula or matrix, not loose glyphs."""
        self.remove(*(whole.submobjects if parts is None else parts))
        self.add(whole)

    def beat_ended(self) -> None:
        """Hook: the slides build turns each beat's end into a slide break."""

    def beats_as_data(self) -> list[dict]:
        return [dataclasses.asdict(b) for b in self.beats]


def _walk(m: Mobject):
    """A mobject and its descendants, stopping at DecimalNumbers and LaTeX/Text mobjects,
    whose parts are glyphs, not figures."""
    yield m
    if isinstance(m, (DecimalNumber, SingleStringMathTex, Text)):
        return
    for sub in m.submobjects:
        yield from _walk(sub)


def _number_string(d: DecimalNumber) -> str:
    return d._get_num_string(d.get_value())
