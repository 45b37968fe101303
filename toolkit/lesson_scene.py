"""LessonScene: the base of every scene. It gives a scene its typed inputs, its theme
and its teaching beats.

A beat is one thing the narrator says and the viewer reads:

    with self.beat("Pair up the entries index by index."):
        self.play(...)

On entering, the beat opens a manim section (so `--save_sections` cuts there and a
talk's slide breaks there); on leaving, it holds the frame long enough to read the
caption, and records the caption with its start and end time in `self.beats`, which
the render engine turns into subtitles and chapters.
"""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from typing import Any, ClassVar

from manim import DecimalNumber, FadeOut, Group, Mobject, Scene, SingleStringMathTex, Text, Wait

from narration import BREATH, SilentNarrator
from toolkit import copying, drawing, layers, layout, live, style, tex_cache
from toolkit.layout_check import LayoutChecker, validate_allowance
from toolkit.params import build
from toolkit.theme import get_palette

# Live readouts copy their glyphs cheaply (see toolkit/live.py): half a worker's time otherwise.
live.install()
# Fully transparent fills and strokes are not painted (see toolkit/drawing.py).
drawing.install()
# What looks as it did in the last frame is painted once, as a layer (see toolkit/layers.py).
layers.install()
# Mobjects are copied without a deepcopy call per number and array (see toolkit/copying.py).
copying.install()
# Formulas are compiled into a LaTeX cache that processes share (see toolkit/tex_cache.py).
tex_cache.install()

# Captions are read at about three words a second; a beat never ends sooner than that
# allows, and always holds its last frame for at least MIN_HOLD seconds.
WORDS_PER_SECOND = 3.0
MIN_HOLD = 1.0
# A lesson's part fades out over this long at its end (half a second: a hand-over, not a pause).
ENDING_FADE = 0.5


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


def reading_seconds(caption: str) -> float:
    return len(caption.split()) / WORDS_PER_SECOND


@dataclasses.dataclass(frozen=True)
class NoParams:
    def validate(self) -> None:
        pass


class LessonScene(Scene):
    Params: ClassVar[type] = NoParams

    def __init__(self, *args: Any, params: Any = None, theme: str | None = None, pace: float = 1.0,
                 background: str | None = None, narrator: Any = None, check_layout: bool = False,
                 ending: str = "hold", **kwargs: Any):
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
        # The layout check (tests/test_layout.py) runs after every animation and at every beat's end;
        # None in a normal render, where it costs one attribute test per play.
        self.layout_checker = None
        if check_layout:
            self.layout_checker = LayoutChecker()
        self.padding_to_drop: list = []
        self._beat_name: str | None = None
        self._plays_in_beat = 0
        super().__init__(*args, **kwargs)

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

    @contextmanager
    def beat(self, caption: str, name: str | None = None, say: str | None = None):
        """One teaching beat: `caption` is shown and spoken (`say` where speech must differ
        from the text shown). The beat lasts at least as long as its voice plus a breath;
        silent, it holds long enough to read the caption. The animations inside keep their
        run times; the final hold absorbs the difference."""
        index = len(self.beats) + 1
        name = name or f"beat {index}"
        self.next_section(name)
        start = self.now
        self._beat_name, self._plays_in_beat = name, 0
        speech = self.narrator.speak(scene=type(self).__name__, index=index, name=name, text=say or caption)
        yield
        if self.layout_checker is not None:
            self.check_layout(moment="end", whole=True)
        self._beat_name = None
        elapsed = self.now - start
        if speech.seconds > 0:
            hold = max(MIN_HOLD * self.pace, speech.seconds + BREATH - elapsed)
        else:
            hold = max(MIN_HOLD, reading_seconds(caption) - elapsed) * self.pace
        # Nothing moves during a hold: one frame drawn, repeated (live readouts sit still too).
        self.wait(hold, frozen_frame=True)
        self.beats.append(Beat(index, name, caption, start, self.now, self.readouts_on_screen(), spoken=speech.text,
                               speech_seconds=speech.seconds, audio=speech.path, voice=speech.source))
        self.beat_ended()

    # --- the layout check ---------------------------------------------------------------

    # The region the scene's content should fill (the layout check's "empty stage").
    layout_region: layout.Region = layout.SAFE

    def play(self, *args: Any, **kwargs: Any) -> None:
        super().play(*args, **kwargs)
        # What the play's TransformFromCopy animations padded their mobjects with (drawing.Padding).
        while self.padding_to_drop:
            self.padding_to_drop.pop().drop()
        # A wait (a beat's hold) changes nothing on screen: nothing new to check.
        if self.layout_checker is not None and not all(isinstance(a, Wait) for a in args):
            self._plays_in_beat += 1
            self.check_layout(moment=f"after animation {self._plays_in_beat}")

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
        self.layout_checker.check(self.mobjects, beat=beat, moment=moment,
                                  region=self.layout_region if whole else None)

    def layout_allows(self, first: Mobject, second: Mobject | None = None, *, reason: str,
                      kinds: tuple[str, ...] | None = None) -> None:
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
