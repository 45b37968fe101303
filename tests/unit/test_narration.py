"""Narration without manim: the speech normaliser, where recordings go and when they are stale,
the voices and their errors, the recording sheet. (Audio and muxing: test_narration_audio.py;
the normaliser over every caption the scenes say: scenes/test_narration_captions.py.)"""

from __future__ import annotations

import csv
import io
import re
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import InputError
from narration import BREATH, SilentNarrator, Speech
from narration.audio import read_audio, write_wav
from narration.script import recording_sheet, write_words
from narration.speech import number_words, spoken
from narration.voices import (
    check_voice,
    make_narrator,
    recording_path,
    recording_status,
    recordings_digest,
    slug,
    voice_fingerprint,
    words_path,
)

HAS_FESTIVAL = (
    shutil.which("text2wave") is not None and Path("/usr/share/festival/voices/us/cmu_us_slt_arctic_hts").is_dir()
)
needs_festival = pytest.mark.skipif(not HAS_FESTIVAL, reason="Festival with festvox-us-slt-hts is not installed")

# --- what is said ----------------------------------------------------------------------

ISSUE_EXAMPLES = {
    "3.60": "three point six zero",
    "32.3°": "thirty-two point three degrees",
    "−4": "minus four",
    "-4": "minus four",
    "4, 10, 18": "four, ten, eighteen",
    "0.2425": "zero point two four two five",
    "a · b": "a dot b",
    "a·b": "a dot b",
    "‖a‖": "the length of a",
    "√3": "root three",
    "d_k": "d k",
    "2 × 3": "two times three",
    "θ": "theta",
    "σ": "sigma",
    "ŷ": "y hat",
    "y\u0302": "y hat",
    "w·x + b": "w dot x plus b",
    "(2×3)": "two by three",
    "C[a,b]": "C a b",
    "x = 1": "x equals one",
}


@pytest.mark.parametrize("text, said", ISSUE_EXAMPLES.items())
def test_issue_examples(text, said):
    assert spoken(text) == said


# One line per pattern the lessons' captions use, as the scenes write them today.
CAPTION_PATTERNS = {
    # a list of products, a total, a signed sum
    "multiply each pair: 4, 10, 18.": "multiply each pair: four, ten, eighteen.",
    "push it down: 2 − 4 + 6 = 4.": "push it down: two minus four plus six equals four.",
    # two places shown, two places said; four places digit by digit
    "alignment: 3.60 is positive": "alignment: three point six zero is positive",
    "0.42 over root 3 is 0.2425.": "zero point four two over root three is zero point two four two five.",
    # cos said in full; degrees; a negative result
    "cos 180 degrees = -1. Maximum": "cosine one hundred and eighty degrees equals minus one. Maximum",
    "cos(θ) = −0.5": "cosine theta equals minus zero point five",
    # a list in brackets is its numbers
    "of [1, 2, 3] and [4, 5, 6] is 0.9746.": "of one, two, three and four, five, six is zero point nine seven four six.",
    # function application
    "a = sigmoid(z) = 0.88.": "a equals sigmoid of z equals zero point eight eight.",
    "a = σ(z)": "a equals sigma of z",
    "score(q, k_i) = q·k_i / √(d_k)": "score of q, k i equals q dot k i over the square root of d k",
    # products between numbers, the dot product between names
    "1·7, 2·9, 3·11 add up to 58.": "one times seven, two times nine, three times eleven add up to fifty-eight.",
    "dog·cat is higher than dog·democracy": "dog dot cat is higher than dog dot democracy",
    "Then W·x + b computes": "Then W dot x plus b computes",
    # norms beside each other multiply
    "‖a‖ ‖b‖ cos θ = 4.68": "the length of a times the length of b times cosine theta equals four point six eight",
    "|a| = 2.16": "the length of a equals two point one six",
    # indices and subscripts
    "C[a,b] = sum_s A[a,s] B[s,b]": "C a b equals the sum over s of A a s times B s b",
    "a₁b₁ + a₂b₂": "a one b one plus a two b two",
    "w_{ij}": "w i j",
    # shapes
    "(2x3)(3x2) -> 2x2": "two by three times three by two gives two by two",
    "the result: 2 by 2.": "the result: two by two.",
    "(m×n)(n×p) = m×p: the inner sizes": "m by n times n by p equals m by p: the inner sizes",
    # a course name's separator is a pause; two matrices' names together are their product
    "Math Foundation · Vectors & Matrices. The dot product.": "Math Foundation: Vectors and Matrices. The dot product.",
    "B then A is the same move as AB.": "B then A is the same move as A B.",
    # powers
    "x² and A^T": "x squared and A transpose",
    # words, quotes, ordinals, thousands, hyphens
    '"bank" scores highest': "bank scores highest",
    "The lesson’s code": "The lesson's code",
    "the 1st and 2nd rows": "the first and second rows",
    "1,000 tokens": "one thousand tokens",
    "1,2,3": "one, two, three",
    "multiply-accumulate operations": "multiply-accumulate operations",
    "2-D stand-ins": "two-D stand-ins",
    "grows 2 times": "grows two times",
    "1°": "one degree",
    "a ≈ b, e.g. 10%": "a is about b, for example ten percent",
}


@pytest.mark.parametrize("text, said", CAPTION_PATTERNS.items())
def test_caption_patterns(text, said):
    assert spoken(text) == said


def test_plain_prose_is_left_alone():
    prose = "Perpendicular again, on the other side: zero once more."
    assert spoken(prose) == prose


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
@settings(max_examples=200, deadline=None)
def test_every_figure_becomes_words_and_reads_back(value):
    """Any figure as a caption shows it becomes words only, and the words give the figure back."""
    figure = f"{value:f}"
    said = spoken(f"the total is {figure}.")
    assert not re.search(r"\d", said)
    words = said.removeprefix("the total is ").removesuffix(".")
    assert _words_to_number(words) == pytest.approx(float(figure))


def _words_to_number(words: str) -> float:
    """Just enough of a reader for number_words' output, to check it from the other side."""
    units = {
        w: i
        for i, w in enumerate(
            "zero one two three four five six seven eight nine ten eleven twelve "
            "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
        )
    }
    tens = {
        w: 10 * i
        for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(), 0)
        if w != "_"
    }
    sign = -1 if words.startswith("minus ") else 1
    words = words.removeprefix("minus ")
    whole, _, frac = words.partition(" point ")
    total, current = 0, 0
    for w in whole.replace("-", " ").split():
        if w in units:
            current += units[w]
        elif w in tens:
            current += tens[w]
        elif w == "hundred":
            current *= 100
        elif w == "thousand":
            total, current = total + current * 1000, 0
        elif w == "million":
            total, current = total + current * 1_000_000, 0
    value = total + current
    if frac:
        digits = "".join(str(units[w]) for w in frac.split())
        value += int(digits) / 10 ** len(digits)
    return sign * value


def test_number_words_keeps_trailing_zeros():
    assert number_words("7.20") == "seven point two zero"
    assert number_words(".5") == "zero point five"


# --- recordings: where, and whether they are current -----------------------------------


def test_slug_and_paths(tmp_path):
    assert slug("W x + b") == "w-x-b"
    assert slug("90 degrees") == "90-degrees"
    assert slug("  Row 1!  ") == "row-1"
    assert recording_path("LayerAsMatmul", 3, "W x + b", tmp_path) == tmp_path / "LayerAsMatmul" / "03-w-x-b.wav"
    assert (
        words_path("VectorAlignment", 12, "half-planes", tmp_path)
        == tmp_path / "VectorAlignment" / "12-half-planes.txt"
    )


def _tone(seconds=0.8, rate=48000, lead=0.3):
    t = np.arange(int(seconds * rate)) / rate
    voice = 0.4 * np.sin(2 * np.pi * 220 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t))
    return np.concatenate([np.zeros(int(lead * rate)), voice, np.zeros(int(0.2 * rate))]).astype(np.float32)


def _record(folder: Path, scene, index, name, words, ext=".wav", rate=44100):
    """An author's take: a tone with a lead-in of silence, at a rate other than ours."""
    path = folder / scene / f"{index:02d}-{slug(name)}{ext}"
    src = path if ext == ".wav" else path.with_name(path.stem + ".source.wav")
    write_wav(src, _tone(rate=rate), rate)
    if ext != ".wav":
        import av

        with av.open(str(src)) as ic, av.open(str(path), "w") as oc:
            out = oc.add_stream(
                {".flac": "flac", ".mp3": "libmp3lame", ".ogg": "libopus"}[ext], rate=48000 if ext == ".ogg" else rate
            )
            for frame in ic.decode(audio=0):
                frame.pts = None
                for f in av.AudioResampler(format=out.format.name, layout="mono", rate=out.rate).resample(frame):
                    oc.mux(out.encode(f))
            oc.mux(out.encode(None))
        src.unlink()
    if words is not None:
        path.with_suffix(".txt").write_text(words + "\n", encoding="utf-8")
    return path


def test_recording_status(tmp_path):
    said = spoken("The dot product measures alignment: 3.60 is positive.")
    assert recording_status("VectorAlignment", 2, "alignment", said, tmp_path) == "missing"
    _record(tmp_path, "VectorAlignment", 2, "alignment", said)
    assert recording_status("VectorAlignment", 2, "alignment", said, tmp_path) == "present"
    # whitespace and case in the .txt do not matter; other words do
    (tmp_path / "VectorAlignment" / "02-alignment.txt").write_text("  " + said.upper() + "\n\n")
    assert recording_status("VectorAlignment", 2, "alignment", said, tmp_path) == "present"
    changed = spoken("The dot product measures alignment: 3.85 is positive.")
    assert recording_status("VectorAlignment", 2, "alignment", changed, tmp_path) == "stale"
    # without its words the recording cannot be told stale
    (tmp_path / "VectorAlignment" / "02-alignment.txt").unlink()
    assert recording_status("VectorAlignment", 2, "alignment", changed, tmp_path) == "present"


def test_two_takes_for_one_beat_are_refused(tmp_path):
    _record(tmp_path, "ShapeRule", 1, "shapes", "x")
    _record(tmp_path, "ShapeRule", 1, "shapes", "x", ext=".flac")
    with pytest.raises(InputError, match=r"two recordings for ShapeRule beat 1.*01-shapes\.wav.*01-shapes\.flac"):
        recording_status("ShapeRule", 1, "shapes", "x", tmp_path)


def test_recordings_digest_changes_with_one_take_only_for_its_scene(tmp_path):
    _record(tmp_path, "ShapeRule", 1, "shapes", "matrix multiplication")
    before = {s: recordings_digest(s, tmp_path) for s in ("ShapeRule", "LayerAsMatmul")}
    _record(tmp_path, "ShapeRule", 2, "inner meet", "the inner dimensions meet")
    after = {s: recordings_digest(s, tmp_path) for s in ("ShapeRule", "LayerAsMatmul")}
    assert before["ShapeRule"] != after["ShapeRule"]
    assert before["LayerAsMatmul"] == after["LayerAsMatmul"]


# --- the voices ------------------------------------------------------------------------


def test_none_is_silent(tmp_path):
    narrator = make_narrator("none", tmp_path)
    assert isinstance(narrator, SilentNarrator) and narrator.voiced is False
    assert narrator.speak("ShapeRule", 1, "shapes", "A 2 by 3.") == Speech(text="A 2 by 3.", seconds=0.0)
    assert voice_fingerprint("none") == "none"
    assert BREATH == pytest.approx(0.4)


@pytest.mark.parametrize(
    "voice, message",
    [
        ("loud", r"unknown voice 'loud': choose auto, recorded, tts, festival, none or piper:PATH\.onnx"),
        ("piper:", r"--voice piper: needs a model file"),
        ("piper:/nowhere/model.onnx", r"--voice piper: no model file at /nowhere/model\.onnx"),
    ],
)
def test_bad_voices_are_one_line(tmp_path, voice, message):
    with pytest.raises(InputError, match=message) as caught:
        make_narrator(voice, tmp_path)
    assert "\n" not in str(caught.value)


def test_missing_festival_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(
        InputError, match=r"^the offline voice needs Festival: sudo apt-get install festival festvox-us-slt-hts$"
    ):
        check_voice("festival")
    check_voice("recorded")  # recordings need no engine
    check_voice("none")


def test_no_offline_voice_at_all_names_both_fixes(monkeypatch):
    from narration import neural

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(neural, "piper_missing", lambda: "Piper needs piper-tts: pip install it")
    for voice in ("tts", "auto"):
        with pytest.raises(
            InputError,
            match=r"^no offline voice: Piper needs piper-tts: pip install it; "
            r"or the offline voice needs Festival: sudo apt-get install",
        ):
            check_voice(voice)


def test_recorded_voice_uses_the_take_trimmed_at_48k(tmp_path):
    said = spoken("Row 1 with column 2 gives the next cell the same way.")
    take = _record(tmp_path / "rec", "RowByColumnMatmul", 6, "next cell", said, ext=".flac")
    narrator = make_narrator("recorded", tmp_path / "cache", tmp_path / "rec")
    speech = narrator.speak(
        "RowByColumnMatmul", 6, "next cell", "Row 1 with column 2 gives the next cell the same way."
    )
    assert speech.source == "recorded" and speech.text == said
    with wave.open(speech.path) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (48000, 1, 2)
    # the 0.3 s lead-in and 0.2 s tail of silence are cut to 20 ms and 50 ms around 0.8 s of voice
    assert speech.seconds == pytest.approx(0.8 + 0.02 + 0.05, abs=0.02)
    samples = read_audio(speech.path)
    assert np.flatnonzero(np.abs(samples) > 0.05)[0] / 48000 < 0.03
    assert take.is_file()  # the author's file is never touched


def test_recorded_voice_names_the_file_to_record(tmp_path):
    narrator = make_narrator("recorded", tmp_path / "cache", tmp_path / "rec")
    with pytest.raises(
        InputError,
        match=r"ShapeRule beat 3 \('outer shape'\) has no recording: record "
        r".*/rec/ShapeRule/03-outer-shape\.wav saying: two by two",
    ):
        narrator.speak("ShapeRule", 3, "outer shape", "2 by 2")


def test_recorded_voice_refuses_a_stale_take(tmp_path):
    _record(tmp_path / "rec", "ShapeRule", 3, "outer shape", "three by three")
    narrator = make_narrator("recorded", tmp_path / "cache", tmp_path / "rec")
    with pytest.raises(InputError, match=r"03-outer-shape\.wav is stale"):
        narrator.speak("ShapeRule", 3, "outer shape", "2 by 2")


@pytest.mark.parametrize(
    "content, message", [(b"", "not readable audio"), (b"RIFF\x00\x00garbage", "not readable audio")]
)
def test_unreadable_recording_is_named(tmp_path, content, message):
    take = tmp_path / "rec" / "ShapeRule" / "01-shapes.wav"
    take.parent.mkdir(parents=True)
    take.write_bytes(content)
    narrator = make_narrator("recorded", tmp_path / "cache", tmp_path / "rec")
    with pytest.raises(InputError, match=re.escape(str(take)) + ": " + message):
        narrator.speak("ShapeRule", 1, "shapes", "Matrix multiplication")


def test_silent_recording_is_empty(tmp_path):
    take = tmp_path / "rec" / "ShapeRule" / "01-shapes.wav"
    write_wav(take, np.zeros(48000, np.float32))
    narrator = make_narrator("recorded", tmp_path / "cache", tmp_path / "rec")
    with pytest.raises(InputError, match=re.escape(str(take)) + ": the recording is empty"):
        narrator.speak("ShapeRule", 1, "shapes", "Matrix multiplication")


@needs_festival
def test_auto_prefers_the_recording_for_its_beat_only(tmp_path):
    rec, cache = tmp_path / "rec", tmp_path / "cache"
    _record(rec, "ShapeRule", 3, "outer shape", spoken("2 by 2."))
    narrator = make_narrator("auto", cache, rec)
    recorded = narrator.speak("ShapeRule", 3, "outer shape", "2 by 2.")
    synthetic = narrator.speak("ShapeRule", 5, "ladder", "One for each cell.")
    assert (recorded.source, synthetic.source) == ("recorded", "tts")
    assert synthetic.seconds > 0.5 and Path(synthetic.path).is_file()
    with wave.open(synthetic.path) as w:
        assert (w.getframerate(), w.getnchannels()) == (48000, 1)
        assert w.getnframes() / 48000 == pytest.approx(synthetic.seconds)
    # the voice starts at once: the first loud 10 ms comes within 0.1 s
    samples = read_audio(synthetic.path)
    level = np.sqrt(np.mean(samples[: len(samples) // 480 * 480].reshape(-1, 480) ** 2, axis=1))
    assert np.argmax(level > 0.1 * level.max()) * 0.01 < 0.1
    # a stale take: auto falls back to the offline voice and says so
    (rec / "ShapeRule" / "03-outer-shape.txt").write_text("three by three")
    again = narrator.speak("ShapeRule", 3, "outer shape", "2 by 2.")
    assert again.source == "tts"
    assert narrator.notes and "03-outer-shape.wav is stale" in narrator.notes[-1]


@needs_festival
def test_synthesis_is_cached_by_content(tmp_path):
    narrator = make_narrator("tts", tmp_path)
    first = narrator.speak("ShapeRule", 5, "ladder", "One for each cell.")
    spent = narrator.synthesis_seconds
    again = make_narrator("tts", tmp_path).speak("AnotherScene", 9, "other", "One  for each cell.")
    assert again.path == first.path  # same engine, voice and words: same file, not synthesised again
    other = narrator.speak("ShapeRule", 5, "ladder", "Two for each cell.")
    assert other.path != first.path and narrator.synthesis_seconds > spent
    # Each WAV with its word times beside it; no temporary files left.
    assert sorted(p.name.split(".", 1)[1] for p in tmp_path.iterdir()) == ["wav", "wav", "words.json", "words.json"]


# --- the recording sheet ---------------------------------------------------------------


ROWS = [
    {
        "lesson": "matmul",
        "scene": "ShapeRule",
        "index": 1,
        "name": "shapes",
        "file": "assets/narration/ShapeRule/01-shapes.wav",
        "words": "Matrix multiplication is only allowed when ...",
        "status": "present",
    },
    {
        "lesson": "matmul",
        "scene": "ShapeRule",
        "index": 3,
        "name": "outer shape",
        "file": "assets/narration/ShapeRule/03-outer-shape.wav",
        "words": "the shape of the result: two by two.",
        "status": "missing",
    },
    {
        "lesson": "matmul",
        "scene": "LayerAsMatmul",
        "index": 3,
        "name": "W x + b",
        "file": "assets/narration/LayerAsMatmul/03-w-x-b.wav",
        "words": "Then W dot x plus b | computes",
        "status": "stale",
    },
]


def test_recording_sheet():
    markdown, text = recording_sheet(ROWS)
    assert "3 beats: 1 recorded, 1 to record, 1 stale" in markdown
    assert markdown.index("### ShapeRule") < markdown.index("### LayerAsMatmul")
    assert (
        "| 3 | outer shape | `assets/narration/ShapeRule/03-outer-shape.wav` | the shape of the result: two by two. | to record |"
        in markdown
    )
    assert "Then W dot x plus b \\| computes" in markdown  # a pipe in the words does not break the table
    table_rows = [
        line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith(("| #", "| ---"))
    ]
    assert len(table_rows) == 3 and all(line.count(" | ") == 4 for line in table_rows)
    back = list(csv.DictReader(io.StringIO(text)))
    assert [dict(r) for r in back] == [{k: str(v) for k, v in r.items()} for r in ROWS]


def test_the_sheet_shows_where_marks_fall_and_the_csv_keeps_plain_words():
    rows = [dict(ROWS[1], words="multiply each pair: four, ten.", marked="multiply each pair: four, [p2]ten.")]
    markdown, text = recording_sheet(rows)
    assert "| multiply each pair: four, [p2]ten. |" in markdown
    assert list(csv.DictReader(io.StringIO(text)))[0]["words"] == "multiply each pair: four, ten."


def test_write_words_only_for_takes_still_to_make(tmp_path):
    written = write_words(ROWS, tmp_path)
    assert written == [tmp_path / "assets/narration/ShapeRule/03-outer-shape.txt"]
    assert written[0].read_text() == "the shape of the result: two by two.\n"
    assert not (tmp_path / "assets/narration/LayerAsMatmul/03-w-x-b.txt").exists()


# --- what Festival is handed -----------------------------------------------------------


@pytest.mark.parametrize(
    "words, handed",
    [
        (
            "a dot b equals the length of a times the length of b",
            "eigh dot b equals the length of eigh times the length of b",
        ),
        ("the shadow of b on a, times the length of a.", "the shadow of b on eigh, times the length of eigh."),
        ("the sum over i of a i times b i", "the sum over i of eigh i times b i"),
        ("a negative weight times a positive feature", "a negative weight times a positive feature"),
        ("a query vector q and a key vector k", "a query vector q and a key vector k"),
        ('the lesson\'s "code"', "the lesson's code"),
    ],
)
def test_festival_text_says_the_vector_a(words, handed):
    from narration.voices import festival_text

    assert festival_text(words) == handed


@needs_festival
def test_festival_falls_back_to_text2wave(tmp_path, monkeypatch):
    import narration.voices as voices

    class Broken:
        def __init__(self):
            raise RuntimeError("festival stopped answering")

    monkeypatch.setattr(voices, "_FestivalProcess", Broken)
    speech = make_narrator("tts", tmp_path).speak("ShapeRule", 5, "ladder", "One for each cell.")
    assert speech.source == "tts" and speech.seconds > 0.5


@needs_festival
def test_the_lexicon_reaches_festival_by_either_road(tmp_path):
    """The lexicon's words come out the same from the kept Festival and from text2wave (whose
    -eval once took only the voice, dropping every entry), and not as the voice says them
    without the entries."""
    import subprocess

    import narration.voices as voices

    words = " ".join(sorted(voices.FESTIVAL_LEXICON))
    kept = voices._FestivalProcess()
    kept.say(words, tmp_path / "kept.wav")
    kept.close()
    source = tmp_path / "words.txt"
    source.write_text(words + "\n")
    for name, setup in (("text2wave", voices._festival_setup()), ("plain", f"(voice_{voices.FESTIVAL_VOICE})")):
        subprocess.run(
            ["text2wave", "-eval", setup, str(source), "-o", str(tmp_path / f"{name}.wav")],
            check=True,
            capture_output=True,
            timeout=120,
        )
    kept, text2wave, plain = (read_audio(str(tmp_path / f"{n}.wav"), 16000) for n in ("kept", "text2wave", "plain"))
    assert len(kept) == len(text2wave) and np.array_equal(kept, text2wave)
    assert len(kept) != len(plain) or not np.array_equal(kept, plain)
