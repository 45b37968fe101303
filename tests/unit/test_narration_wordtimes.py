"""Word times from every voice, marks in a beat's words, and captions cut into cues (issue 33),
and the natural voice's pronunciation and pauses (issue 34). No manim."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narration import WordTime, marks, neural, pronounce
from narration.audio import read_audio
from narration.speech import spoken
from narration.voices import make_narrator
from narration.wordtimes import align_recording, insert_pauses, match_groups, match_names

SENTENCES = [
    "Pair up the elements index by index, and multiply each pair: 4, 10, 18.",
    "‖a‖ ‖b‖ cos θ = 4.68: the length of a times the length of b.",
    "Each neuron computes z = w·x + β, then passes it through σ.",
]
has_piper = pytest.mark.skipif(neural.piper_missing() is not None, reason="Piper is not installed")
has_festival = pytest.mark.skipif(shutil.which("festival") is None, reason="Festival is not installed")


def assert_word_times(speech):
    """One time per spoken word, in order, inside the audio."""
    assert [w.word for w in speech.words] == speech.text.split()
    starts = [w.start for w in speech.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= speech.seconds + 1e-6 for w in speech.words)
    # Each word lasts a little: none squeezed to nothing by a bad alignment.
    assert all(w.end - w.start > 0.03 for w in speech.words), speech.words


@pytest.mark.parametrize("voice", [pytest.param("tts", marks=has_piper), pytest.param("festival", marks=has_festival)])
@pytest.mark.parametrize("text", SENTENCES)
def test_word_times_are_monotone_inside_the_audio_one_per_word(voice, text, tmp_path):
    speech = make_narrator(voice, tmp_path).speak("S", 1, "b", text)
    assert_word_times(speech)
    # The audio really is speech where the words say: loud inside the words, the level
    # between the first word's start and the last word's end carries most of the energy.
    samples = read_audio(speech.path, 48000)
    inside = samples[int(speech.words[0].start * 48000) : int(speech.words[-1].end * 48000)]
    assert np.sum(inside.astype(np.float64) ** 2) > 0.95 * np.sum(samples.astype(np.float64) ** 2)


@has_piper
def test_word_times_come_back_from_the_cache(tmp_path):
    first = make_narrator("tts", tmp_path).speak("S", 1, "b", SENTENCES[0])
    again = make_narrator("tts", tmp_path).speak("S", 1, "b", SENTENCES[0])
    assert again.words == first.words and again.path == first.path


@has_piper
def test_a_word_time_is_where_that_word_is_heard(tmp_path):
    """The words of "four, ten, eighteen" are separated by pauses: each word's start lies just
    after a quiet stretch in the audio, not inside a word."""
    speech = make_narrator("tts", tmp_path).speak("S", 1, "b", "Multiply each pair: 4, 10, 18.")
    samples = read_audio(speech.path, 48000)
    hop = 480
    level = 20 * np.log10(np.sqrt(np.mean(samples[: len(samples) // hop * hop].reshape(-1, hop) ** 2, axis=1)) + 1e-9)
    loud = level.max()
    for word in speech.words[-2:]:  # "ten," and "eighteen." follow list pauses
        before = level[max(0, int(word.start * 100) - 8) : int(word.start * 100) - 1]
        assert before.min() < loud - 30, (word, before.round(1))


@has_piper
@has_festival
def test_a_recording_is_aligned_to_its_words_within_a_tenth_of_a_second(tmp_path):
    """Festival's audio stands in for an author's recording; Piper's saying of the same words
    is the template. The words found in it are compared with Festival's own times."""
    errors = []
    for text in SENTENCES:
        truth = make_narrator("festival", tmp_path).speak("S", 1, "b", text)
        narrator = make_narrator("tts", tmp_path)
        piper = narrator._synthesised(truth.text, paused=False)
        found = align_recording(read_audio(truth.path, 48000), read_audio(piper.path, 48000), piper.words, 48000)
        assert [w.word for w in found] == truth.text.split()
        errors += [abs(a.start - b.start) for a, b in zip(found, truth.words)]
    assert np.median(errors) <= 0.1, np.round(errors, 2)


def test_groups_shared_out_when_the_voice_runs_two_words_together():
    # espeak says "of a" as one group: the group is shared by the words' own phoneme counts.
    words = ["the", "length", "of", "a", "times"]
    groups = [(0.0, 0.1, 2), (0.1, 0.5, 4), (0.5, 0.8, 3), (0.8, 1.2, 5)]
    times = match_groups(words, [2, 4, 2, 2, 5], groups)
    assert [round(t.start, 2) for t in times] == [0.0, 0.1, 0.5, 0.65, 0.8]


def test_festival_names_matched_when_it_splits_a_word():
    named = [("thirty", 0.0, 0.3), ("two", 0.3, 0.6), ("cells", 0.7, 1.0)]
    times = match_names(["thirty-two", "cells"], named, 1.0)
    assert times[1] == WordTime("cells", 0.7, 1.0) and times[0].start == 0.0


def test_pauses_go_between_listed_numbers_and_before_a_result():
    words = spoken("Multiply each pair: 4, 10, 18. Then sum them up: the dot product is 32.").split()
    at = pronounce.pauses(words)
    assert {words[k] for k in at} == {"ten,", "eighteen.", "thirty-two."}
    samples = np.ones(48000, dtype=np.float32)
    times = tuple(WordTime(w, k * 0.05, k * 0.05 + 0.04) for k, w in enumerate(words))
    longer, moved = insert_pauses(samples, 48000, times, at)
    assert len(longer) - len(samples) == round(sum(at.values()) * 48000)
    k = words.index("thirty-two.")
    assert moved[k].start - times[k].start == pytest.approx(sum(at.values()))


@pytest.mark.parametrize(
    "words, handed",
    [
        ("a dot b equals four", "eigh dot b equals four"),
        ("A B is not equal to B A.", "eigh B is not equal to B eigh."),
        ("a negative weight times a positive feature", "a negative weight times a positive feature"),
        ("the length of a, then b", "the length of eigh, then b"),
        ("B turns the plane, then A shears it.", "B turns the plane, then eigh shears it."),
        ("A matrix moves the plane.", "A matrix moves the plane."),
    ],
)
def test_the_letter_a_is_said_as_a_letter_by_every_voice(words, handed):
    assert pronounce.piper_text(words) == handed
    assert pronounce.festival_text(words) == handed


# --- marks ---------------------------------------------------------------------------------


def test_marks_are_taken_out_and_point_at_their_spoken_words():
    m = marks.parse("Multiply each pair: <p1>4, <p2>10, <p3>18, and ‖a‖ is <t>θ.")
    assert m.text == "Multiply each pair: 4, 10, 18, and ‖a‖ is θ."
    said, index = marks.spoken_positions(m.text, list(m.marks.values()), spoken)
    assert [said.split()[k] for k in index] == ["four,", "ten,", "eighteen,", "theta."]


@pytest.mark.parametrize(
    "caption, error",
    [
        ("one <a>two <a>three", "mark <a> appears twice"),
        ("one two <end>", "mark <end> has no word after it"),
    ],
)
def test_bad_marks_are_refused(caption, error):
    with pytest.raises(marks.MarkError, match=re.escape(error)):
        marks.parse(caption)


def test_a_less_than_sign_is_not_a_mark():
    assert marks.parse("a·b < 0 and b > a").text == "a·b < 0 and b > a"


# --- cues ----------------------------------------------------------------------------------

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
punct = st.sampled_from(["", "", "", ",", ".", ":"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(words, punct), min_size=1, max_size=60))
def test_cues_fit_two_lines_of_42_and_keep_every_word_in_order(pieces):
    caption = " ".join(w + p for w, p in pieces)
    cut = marks.cues(caption)
    assert " ".join(" ".join(text.split()) for _, text in cut) == caption
    for at, text in cut:
        lines = text.split("\n")
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), text
        assert caption[at:].startswith(lines[0])


def test_cues_keep_whole_sentences_together_where_they_fit():
    caption = (
        "Given two vectors of the same length, the dot product multiplies corresponding elements "
        "and sums them up. The result is one number."
    )
    texts = [t.replace("\n", " ") for _, t in marks.cues(caption)]
    assert texts[-1] == "The result is one number." or texts[-1].endswith("The result is one number.")
    assert all(len(t) <= 84 for t in texts)


def test_a_vector_is_never_broken_across_lines_or_cues():
    # "[1," ended a line and "4, 2]" began the next (dot-product, the second example's cue).
    caption = (
        "A second example: [2, −1, 3] and [1, 4, 2]. Notice the negative component: a negative "
        "weight times a positive feature subtracts from the total."
    )
    cut = marks.cues(caption)
    for _, text in cut:
        for line in text.split("\n"):
            assert line.count("[") == line.count("]"), text
    assert " ".join(" ".join(t.split()) for _, t in cut) == caption
    # A vector too long for a line is still cut, somewhere: every line fits.
    long = "The key is [" + ", ".join(str(0.125 * k) for k in range(12)) + "] in twelve dimensions."
    assert all(len(line) <= 42 for _, t in marks.cues(long) for line in t.split("\n"))


SPOKEN_ELSEWHERE = """
import sys
import numpy as np
from narration import neural
for text in reversed(sys.argv[2:]):
    np.save(f"{sys.argv[1]}/{sys.argv[2:].index(text)}.npy", neural.synthesise(neural.joe_model(), text, text.split())[0])
"""


@has_piper
def test_a_sentence_sounds_the_same_in_any_process_in_any_order(tmp_path, monkeypatch):
    """Piper's noise is drawn from the words spoken (neural.SeededNoise): another process saying the
    same sentences in the other order gives the same samples, and so does a run whose noise
    buffers were too short and were drawn again, longer."""
    import subprocess
    import sys

    texts = SENTENCES[:2]
    here = [neural.synthesise(neural.joe_model(), t, t.split())[0] for t in texts]
    subprocess.run([sys.executable, "-c", SPOKEN_ELSEWHERE, str(tmp_path), *texts], check=True, timeout=120)
    for k, samples in enumerate(here):
        assert np.array_equal(np.load(tmp_path / f"{k}.npy"), samples), f"sentence {k} differs in another process"
    monkeypatch.setattr(neural, "NOISE_PER_PHONEME", 100)  # the flow needs ~500 a phoneme id
    assert np.array_equal(neural.synthesise(neural.joe_model(), texts[0], texts[0].split())[0], here[0])
    assert len(here[0]) != len(here[1])
