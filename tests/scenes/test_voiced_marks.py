"""The picture moves on the word (issue 33): an animation asked to end on a mark ends on that
word's time in the rendered video's frames, `beat.until` starts the next motion there, a beat
without marks spreads its motion over its speech, and a bad mark fails the dry run in one line."""

from __future__ import annotations

import av
import numpy as np
import pytest
from manim import LEFT, RIGHT, FadeIn, Square, linear, tempconfig

from narration import Speech, WordTime
from narration.speech import spoken
from scene_runs import dry_run
from toolkit.lesson_scene import LessonScene, MarkError

pytestmark = [pytest.mark.slow]
FPS = 15
WORD = 0.5  # the fake voice says a word every half second


class Clockwork:
    """A voice that says each word WORD seconds after the last: known word times, no audio."""

    voiced = True

    def speak(self, scene, index, name, text):
        words = spoken(text).split()
        times = tuple(WordTime(w, k * WORD, k * WORD + 0.4) for k, w in enumerate(words))
        return Speech(text=" ".join(words), seconds=len(words) * WORD, path=None, source="tts", words=times)


class Marked(LessonScene):
    def construct(self):
        moving, late = Square(0.6).move_to(LEFT * 4), Square(0.6).move_to(RIGHT * 4 + 2 * np.array([0, 1, 0]))
        self.add(moving)
        with self.beat("The square moves across and <there>stops, then the other <other>appears.") as beat:
            self.play(moving.animate.move_to(RIGHT * 4), until="there", rate_func=linear)
            beat.until("other")
            self.play(FadeIn(late), run_time=0.3)


class Spread(LessonScene):
    def construct(self):
        moving = Square(0.6).move_to(LEFT * 4)
        self.add(moving)
        with self.beat("One two three four five six seven eight nine ten eleven twelve."):
            self.play(moving.animate.move_to(RIGHT * 4), run_time=1.0, rate_func=linear)


def render(scene_cls, tmp_path):
    with tempconfig(
        {
            "quality": "low_quality",
            "frame_rate": FPS,
            "media_dir": str(tmp_path),
            "progress_bar": "none",
            "verbosity": "ERROR",
            "disable_caching": True,
        }
    ):
        scene = scene_cls(narrator=Clockwork())
        scene.render()
        return scene, scene.renderer.file_writer.movie_file_path


def frames(path):
    """(time, grey frame) for every decoded frame."""
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        return [(float(f.pts * stream.time_base), f.to_ndarray(format="gray").astype(float)) for f in c.decode(stream)]


def column_of_square(frame: np.ndarray, rows: slice) -> float:
    band = frame[rows]
    cols = np.flatnonzero(band.max(axis=0) > 128)
    return float(cols.mean()) if len(cols) else float("nan")


def test_an_animation_ends_on_its_mark_and_until_waits_for_its_word(tmp_path):
    scene, video = render(Marked, tmp_path)
    beat = scene.beats[0]
    there, other = dict(beat.marks)["there"], dict(beat.marks)["other"]
    said = beat.spoken.split()
    assert there == pytest.approx(said.index("stops,") * WORD) and other == pytest.approx(said.index("appears.") * WORD)
    seen = frames(video)
    h = seen[0][1].shape[0]
    middle = slice(int(h * 0.45), int(h * 0.55))  # the moving square's row
    xs = [(t, column_of_square(f, middle)) for t, f in seen]
    final = xs[-1][1]
    arrived = next(t for t, x in xs if abs(x - final) < 1.0)
    assert abs(arrived - there) <= 1 / FPS + 1e-6, (arrived, there)
    top = slice(int(h * 0.12), int(h * 0.38))  # where the second square fades in
    empty = seen[0][1][top].max()
    appeared = next(t for t, f in seen if f[top].max() > empty + 8)  # the fade's first visible frame
    assert abs(appeared - other) <= 1 / FPS + 1e-6, (appeared, other)


def test_a_beat_without_marks_spreads_its_motion_over_its_speech(tmp_path):
    scene, video = render(Spread, tmp_path)
    seen = frames(video)
    h = seen[0][1].shape[0]
    xs = [(t, column_of_square(f, slice(int(h * 0.45), int(h * 0.55)))) for t, f in seen]
    moving = [t for (t, x), (_, x2) in zip(xs, xs[1:]) if abs(x2 - x) > 0.5]
    speech = scene.beats[0].speech_seconds  # 12 words: 6 s of voice
    # Written as 1 s, the motion is slowed to 2 s (the most it may be), and the 4 s left are
    # shared: 2 s of stillness before it, 2 s after it.
    assert moving[-1] - moving[0] == pytest.approx(2.0, abs=2 / FPS)
    assert moving[0] == pytest.approx((speech - 2.0) / 2, abs=2 / FPS)


class Flights(LessonScene):
    """Two flights, each written to run across the moment the caption's first cue gives way to
    its second: one with room after the change (it waits for it), one with room only before."""

    def construct(self):
        from manim import MathTex

        from toolkit.moves import becomes

        self.flights = []
        caption = (
            "A long first sentence that fills one whole caption cue by itself, and then "
            "a second sentence follows in the next <last>cue."  # marked: its motion is not spread
        )
        for lead in (0.5, 2.2):
            source, target = MathTex("3 \\cdot 6").shift(LEFT * 3), MathTex("18").shift(RIGHT * 3)
            self.add(source)
            with self.beat(caption):
                self.wait(self._cue_changes[0] - lead - self.now)
                before = self.now
                self.play(becomes(source, target), run_time=2.5)
                self.flights.append((before, self.now))
            self.remove(source, target)


def test_a_flight_runs_clear_of_the_moment_the_caption_changes(tmp_path):
    scene, _ = render(Flights, tmp_path)
    for beat, (before, after) in zip(scene.beats, scene.flights):
        [change] = [c.start for c in beat.cues[1:]]
        assert after == pytest.approx(before + 2.5, abs=1 / FPS)  # the play's end as written
        lit = [(a, b) for a, b in scene.flown if before - 1e-6 <= a and b <= after + 1e-6]
        assert lit, "the flight was not played"
        for a, b in lit:
            assert not (a + 1e-6 < change < b - 1e-6), (a, change, b)


class WrongMark(LessonScene):
    def construct(self):
        with self.beat("Multiply each pair: <p1>4, <p2>10.", name="multiply") as beat:
            beat.until("p3")


class BackwardsMarks(LessonScene):
    def construct(self):
        with self.beat("Multiply each pair: <p1>4, <p2>10.", name="multiply") as beat:
            beat.until("p2")
            beat.until("p1")


class StaleHandle(LessonScene):
    def construct(self):
        with self.beat("First <p1>one.", name="first") as beat:
            pass
        with self.beat("Then <p2>two.", name="second"):
            beat.until("p1")


@pytest.mark.parametrize(
    "scene_cls, message",
    [
        (
            StaleHandle,
            "StaleHandle, beat 1 ('first'): mark <p1> is used after its beat ended (a `beat` handle kept "
            "from an earlier beat?)",
        ),
        (WrongMark, "WrongMark, beat 1 ('multiply'): mark <p3> is not in its words (its marks: <p1>, <p2>)"),
        (
            BackwardsMarks,
            "BackwardsMarks, beat 1 ('multiply'): mark <p1> is used after <p2>, which comes later in the words",
        ),
    ],
)
def test_a_bad_mark_fails_the_dry_run_in_one_line(scene_cls, message):
    with pytest.raises(MarkError) as failure:
        dry_run(lambda params=None, check_layout=False: scene_cls())
    assert str(failure.value) == message


class OffTheGrid(LessonScene):
    """Run times off the frame grid, a beat that spreads, one with a mark, a wait between."""

    def construct(self):
        moving = Square(0.6).move_to(LEFT * 4)
        self.add(moving)
        with self.beat("One two three four five six seven eight."):
            self.play(moving.animate.shift(RIGHT), run_time=1.03)
            self.play(moving.animate.shift(RIGHT), run_time=0.71)
        self.wait(0.33)
        with self.beat("The square moves <now>again and stops."):
            self.play(moving.animate.shift(RIGHT), until="now")
            self.play(moving.animate.shift(RIGHT), run_time=0.5)


def test_a_still_timed_to_the_voice_has_the_videos_beat_times(tmp_path):
    """`preview --voice`: a still's beats (animations skipped) start and end when the video's
    do, though a skipped play moves manim's clock by its run time and a drawn one by whole frames."""
    from manim_patches.renderer import clock_in_frames

    video, _ = render(OffTheGrid, tmp_path)
    with tempconfig(
        {
            "quality": "low_quality",
            "frame_rate": FPS,
            "media_dir": str(tmp_path),
            "progress_bar": "none",
            "verbosity": "ERROR",
            "disable_caching": True,
            "dry_run": True,
        }
    ):
        still = OffTheGrid(narrator=Clockwork(), skip_animations=True)
        still.plan = still.plan_beats()
        clock_in_frames(still)
        still.render()
    times = lambda scene: [t for b in scene.beats for t in (b.start, b.end)]  # noqa: E731
    assert times(still) == pytest.approx(times(video), abs=1e-6)


class SaidOtherwise(LessonScene):
    """A caption spoken in other words (`say=`): more words before the second sentence than the
    caption has, and a symbol said as two words."""

    CAPTION = (
        "First, î turns by 36.9° and lands on its column of A. The second sentence starts right here and is read out."
    )
    SAY = (
        "First of all, i hat turns by thirty six point nine degrees and lands on its column of A, "
        "as you can see. The second sentence starts right here and is read out."
    )

    def construct(self):
        with self.beat(self.CAPTION, say=self.SAY):
            self.play(FadeIn(Square(0.6)), run_time=0.5)


def test_a_caption_said_otherwise_changes_cue_as_its_own_first_word_is_said():
    """Each cue of a `say=` beat starts as the voice says the cue's first word, found by aligning
    the caption's words with those said (it was placed by its share of the caption's characters:
    1-2 s off where the speech has more words or says symbols at length)."""
    from narration import marks

    scene = dry_run(lambda params=None, check_layout=False: SaidOtherwise(narrator=Clockwork()))
    (beat,) = scene.beats
    pieces = [text for _, text in marks.cues(SaidOtherwise.CAPTION)]
    assert len(beat.cues) == len(pieces) >= 2
    said = spoken(SaidOtherwise.SAY).split()
    at = len(said) - " ".join(said).split("The second")[1].count(" ") - 2  # "The" of "The second"
    assert said[at] == "The"
    second = next(c for c in beat.cues if c.text.split()[0] == "The")
    assert second.start == pytest.approx(beat.start + at * WORD)


def test_the_silent_planning_pass_draws_nothing_and_plans_what_a_drawing_one_would(tmp_path, monkeypatch):
    """plan_beats runs `construct` with every animation skipped only to time the beats: nobody
    sees its frames, so none is drawn, and the plan is the one a pass that drew would make."""
    from manim.camera.camera import Camera

    drawn = []
    capture = Camera.capture_mobjects
    monkeypatch.setattr(Camera, "capture_mobjects", lambda self, *a, **k: drawn.append(1) or capture(self, *a, **k))
    with tempconfig({"quality": "low_quality", "frame_rate": FPS, "media_dir": str(tmp_path), "verbosity": "ERROR"}):
        plan = Marked(narrator=Clockwork()).plan_beats()
        assert plan and not drawn
        monkeypatch.setattr("toolkit.lesson_scene.draw_only_when_asked", lambda r: None)
        assert Marked(narrator=Clockwork()).plan_beats() == plan and drawn
