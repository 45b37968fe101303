"""Narration audio: beats laid on a scene's track, the track brought to -16 LUFS with true peaks
under -1 dBTP, and muxed into mp4, mov and webm; every figure read back by decoding with PyAV."""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mathcore import InputError
from narration.audio import (
    BLOCK,
    _limit,
    _loudness,
    _oversampled_peaks,
    measure,
    mux,
    normalise,
    normalise_measured,
    onsets,
    read_audio,
    scene_track,
    write_wav,
)

RATE = 48000


def syllables(seconds: float, rate: int = RATE, level: float = 0.3) -> np.ndarray:
    """Speech-like sound: a 150 Hz voice with its harmonics, four syllables a second."""
    t = np.arange(int(seconds * rate)) / rate
    envelope = 0.5 * (1 - np.cos(2 * np.pi * 4 * t))
    voice = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 8))
    return (level * envelope * voice).astype(np.float32)


def make_video(path, seconds=4.0, fps=30, codec="libx264", chapters=None):
    """A small test video with PyAV: a grey ramp, `fps` frames a second, optional chapters."""
    with av.open(str(path), "w") as oc:
        s = oc.add_stream(codec, rate=fps)
        s.width, s.height, s.pix_fmt = 64, 48, "yuv420p"
        if chapters:
            oc.set_chapters(
                [
                    {
                        "id": i + 1,
                        "start": round(a * 1000),
                        "end": round(b * 1000),
                        "time_base": Fraction(1, 1000),
                        "metadata": {"title": title},
                    }
                    for i, (a, b, title) in enumerate(chapters)
                ]
            )
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), (i * 3) % 256, np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            oc.mux(s.encode(frame))
        oc.mux(s.encode(None))
    return path


def stream_seconds(path, kind):
    """A stream's length from its packets (not its header)."""
    with av.open(str(path)) as c:
        s = getattr(c.streams, kind)[0]
        start, end = None, 0
        for pkt in c.demux(s):
            if pkt.pts is None:
                continue
            start = pkt.pts if start is None else min(start, pkt.pts)
            end = max(end, pkt.pts + (pkt.duration or 0))
        return float((end - max(start, 0)) * s.time_base)


@pytest.fixture
def two_beats(tmp_path):
    """A 4 s scene whose beats start at 0.3 s and 2.1 s, the second beat's speech quieter."""
    write_wav(tmp_path / "b1.wav", syllables(1.2))
    write_wav(tmp_path / "b2.wav", syllables(1.0, level=0.1))
    beats = [
        {"start": 0.3, "audio": str(tmp_path / "b1.wav")},
        {"start": 2.1, "audio": str(tmp_path / "b2.wav")},
        {"start": 3.4, "audio": None},
    ]
    return beats, 4.0


def test_scene_track_lays_each_beat_at_its_start(two_beats):
    beats, duration = two_beats
    track = scene_track(beats, duration)
    assert track.dtype == np.float32 and len(track) == 4 * RATE
    b1 = read_audio(beats[0]["audio"])
    assert np.allclose(track[int(0.3 * RATE) : int(0.3 * RATE) + len(b1)], b1, atol=1e-4)
    assert not np.any(track[: int(0.3 * RATE)])  # silence before the first beat
    assert not np.any(track[int(1.5 * RATE) + 1 : int(2.1 * RATE)])  # and between the beats
    assert onsets(track) == pytest.approx([0.3, 2.1], abs=0.05)


def test_scene_track_cuts_speech_at_the_end(tmp_path):
    write_wav(tmp_path / "long.wav", syllables(2.0))
    track = scene_track([{"start": 0.5, "audio": str(tmp_path / "long.wav")}], 1.0)
    assert len(track) == RATE and np.any(track[-100:])


def test_read_audio_resamples_and_downmixes(tmp_path):
    path = tmp_path / "stereo.flac"
    tone = np.sin(2 * np.pi * 440 * np.arange(22050) / 22050).astype(np.float32)
    with av.open(str(path), "w") as oc:
        s = oc.add_stream("flac", rate=22050, layout="stereo")
        frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]) * 0.5, format="fltp", layout="stereo")
        frame.sample_rate = 22050
        oc.mux(s.encode(frame))
        oc.mux(s.encode(None))
    samples = read_audio(path, RATE)
    assert abs(len(samples) - RATE) < 64  # one second
    spectrum = np.abs(np.fft.rfft(samples[1000:-1000]))
    assert np.fft.rfftfreq(len(samples) - 2000, 1 / RATE)[spectrum.argmax()] == pytest.approx(440, abs=2)


def test_read_audio_names_a_bad_file(tmp_path):
    bad = tmp_path / "take.mp3"
    bad.write_bytes(b"ID3 but not really")
    with pytest.raises(InputError, match=r"take\.mp3: not readable audio"):
        read_audio(bad)


def test_normalise_reaches_the_target_under_the_ceiling(two_beats):
    beats, duration = two_beats
    track = scene_track(beats, duration)
    # a sharp click the limiter must catch without pulling the whole track down
    track[int(1.0 * RATE)] = 0.99
    out = normalise(track, RATE)
    figures = measure(out, RATE)
    assert figures["lufs"] == pytest.approx(-16.0, abs=0.2)
    assert figures["true_peak_dbtp"] <= -1.0
    assert normalise(np.zeros(RATE, np.float32), RATE).tolist() == [0.0] * RATE


@pytest.mark.parametrize("kind", ["speech", "speech and a click", "a sine peaking between samples"])
def test_normalising_tells_what_measuring_its_result_tells(two_beats, kind):
    """The lesson's manifest takes its loudness and true peak from normalising, not from measuring
    the track again: they must be the figures `measure` gives for the track it returns. A quiet
    sine sampled at its 45° points keeps its true peak far under the ceiling, between samples."""
    beats, duration = two_beats
    track = scene_track(beats, duration)
    if kind == "speech and a click":
        track[int(1.0 * RATE)] = 0.99
    elif kind == "a sine peaking between samples":
        track = (0.05 * np.sin(2 * np.pi * np.arange(2 * RATE) / 4 + np.pi / 4)).astype(np.float32)
    out, figures = normalise_measured(track, RATE)
    assert np.array_equal(out, normalise(track, RATE))
    again = measure(out, RATE)
    assert figures["lufs"] == pytest.approx(again["lufs"], abs=1e-3)
    assert figures["true_peak_dbtp"] == pytest.approx(again["true_peak_dbtp"], abs=1e-3)


@settings(max_examples=40, deadline=None)
@given(
    seconds=st.floats(0.4, 6.0),
    level=st.floats(-90.0, 0.0),
    silences=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 0.5)), max_size=3),
    seed=st.integers(0, 2**16),
)
@example(seconds=0.4, level=-20.0, silences=[], seed=0)  # one block exactly
@example(seconds=3.0, level=-85.0, silences=[], seed=1)  # every block under the absolute gate
def test_loudness_is_pyloudnorms(seconds, level, silences, seed):
    """The meter is pyloudnorm's, its blocks summed another way: the same figure, speech-like
    noise with silent stretches (blocks under the gates) at any level, any length."""
    import pyloudnorm

    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    x = rng.normal(0, 1, n) * np.abs(np.sin(np.arange(n) / RATE * 3.0)) * 10 ** (level / 20)
    for where, length in silences:
        start = int(where * n)
        x[start : start + int(length * RATE)] = 0.0
    expected = pyloudnorm.Meter(RATE).integrated_loudness(x) if np.any(x) else -np.inf
    got = _loudness(x, RATE)
    if np.isfinite(expected):
        assert got == pytest.approx(expected, abs=1e-9)
    else:
        assert got == -np.inf


def test_true_peak_sees_between_samples():
    """A sine at a quarter of the rate sampled at its 45° points: samples at 0.707, peaks at 1."""
    n = np.arange(RATE)
    x = np.sin(2 * np.pi * n / 4 + np.pi / 4)
    assert np.abs(x).max() == pytest.approx(0.7071, abs=1e-3)
    assert measure(x, RATE)["true_peak_dbtp"] == pytest.approx(0.0, abs=0.3)


def reference_peaks(x: np.ndarray) -> np.ndarray:
    """The 4x oversampled signal worked out whole by scipy, as BS.1770 describes: its largest
    magnitude around each input sample."""
    from scipy.signal import resample_poly

    up = resample_poly(np.asarray(x, np.float64), 4, 1)
    return np.abs(up[: 4 * len(x)]).reshape(-1, 4).max(axis=1)


@settings(max_examples=40, deadline=None)
@given(
    length=st.integers(1, 5000),
    block=st.integers(0, 4),
    off=st.integers(-12, 12),
    width=st.integers(1, 300),
    ends=st.booleans(),
    loud=st.floats(0.0, 1.0),
    above=st.floats(0.0, 1.2),
    seed=st.integers(0, 2**16),
)
@example(length=3000, block=1, off=0, width=1, ends=False, loud=1.0, above=0.3, seed=0)  # starts a block
@example(length=3000, block=1, off=0, width=1, ends=True, loud=1.0, above=0.1, seed=0)  # ends one
@example(length=3000, block=0, off=500, width=200, ends=False, loud=0.9, above=0.8, seed=0)  # only between samples
def test_the_true_peak_meter_works_out_only_what_can_exceed_its_threshold(
    length, block, off, width, ends, loud, above, seed
):
    """Quiet noise with one loud stretch, which starts or ends near the edge of one of the meter's
    blocks: a sine at a quarter of the rate sampled at its 45° points, whose peaks lie between its
    samples. Wherever the oversampled signal exceeds the threshold the meter reads it as scipy's
    whole oversampling does, elsewhere it reads at most the threshold, and its peak is the true one."""
    x = np.random.default_rng(seed).standard_normal(length) * 0.01
    edge = max(0, block * BLOCK + off) % length
    start = max(0, edge - width) if ends else edge
    stretch = x[start : start + width]
    stretch[:] = loud * np.sin(2 * np.pi * np.arange(len(stretch)) / 4 + np.pi / 4)
    whole, meter = reference_peaks(x), _oversampled_peaks(x, above=above)
    over = whole > above
    assert meter[over] == pytest.approx(whole[over], abs=1e-12)
    assert np.all(meter[~over] <= above)
    assert np.all(meter >= np.abs(x))
    if over.any():
        assert meter.max() == pytest.approx(whole.max(), abs=1e-12)


@pytest.mark.parametrize(
    "suffix, video_codec, audio_codec",
    [
        (".mp4", "libx264", "aac"),
        (".mov", "libx264", "aac"),
        (".webm", "libvpx-vp9", "opus"),
    ],
)
def test_mux_gives_the_video_its_voice(tmp_path, two_beats, suffix, video_codec, audio_codec):
    beats, duration = two_beats
    fps = 30
    chapters = [(0.0, 2.0, "first"), (2.0, 4.0, "second")]
    video = make_video(tmp_path / f"in{suffix}", duration, fps, video_codec, chapters)
    track = normalise(scene_track(beats, duration), RATE)
    out = mux(video, track, RATE, tmp_path / f"out{suffix}")

    with av.open(str(out)) as c:
        a = c.streams.audio[0]
        assert (a.codec_context.name, a.rate, a.channels) == (audio_codec, 48000, 1)
        kept = [(round(float(ch["start"] * ch["time_base"]), 3), ch["metadata"]["title"]) for ch in c.chapters()]
    assert kept == [(0.0, "first"), (2.0, "second")]
    # the video packets are the input's, byte for byte
    with av.open(str(video)) as a, av.open(str(out)) as b:
        assert [bytes(p) for p in a.demux(video=0) if p.size] == [bytes(p) for p in b.demux(video=0) if p.size]
    # audio and video agree within one frame
    assert abs(stream_seconds(out, "audio") - stream_seconds(out, "video")) <= 1 / fps
    decoded = read_audio(out)
    assert abs(len(decoded) / RATE - duration) <= 1 / fps
    # each beat's speech begins within 0.1 s of its beat's start, read from the decoded signal
    assert onsets(decoded) == pytest.approx([0.3, 2.1], abs=0.1)
    figures = measure(decoded, RATE)
    assert figures["lufs"] == pytest.approx(-16.0, abs=1.0)
    assert figures["true_peak_dbtp"] <= -1.0


def test_mux_pads_short_audio_and_replaces_old_audio(tmp_path):
    video = make_video(tmp_path / "in.mp4", 2.0, 25)
    first = mux(video, syllables(3.0), RATE, tmp_path / "first.mp4")  # longer: cut
    second = mux(first, syllables(0.5, rate=24000), 24000, tmp_path / "second.mp4")  # shorter, another rate: padded
    with av.open(str(second)) as c:
        assert len(c.streams.audio) == 1
    decoded = read_audio(second)
    assert abs(len(decoded) / RATE - 2.0) <= 1 / 25
    assert np.any(decoded[: RATE // 4]) and not np.any(np.abs(decoded[int(0.7 * RATE) :]) > 1e-3)


def test_mux_refuses_a_format_without_audio(tmp_path):
    with pytest.raises(InputError, match=r"out\.gif: cannot add audio"):
        mux(tmp_path / "in.mp4", np.zeros(10, np.float32), RATE, tmp_path / "out.gif")
    assert not list(tmp_path.iterdir())  # nothing half-written


def limited_whole(x: np.ndarray, rate: int, ceiling: float, window: float = 0.02) -> np.ndarray:
    """The limiter with its filters run over the whole track, as it was before they ran only
    where it acts."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    need = np.minimum(1.0, ceiling / np.maximum(_oversampled_peaks(x, above=ceiling), 1e-12))
    width = max(1, int(window * rate)) | 1
    gain = uniform_filter1d(minimum_filter1d(need, width, mode="nearest"), width, mode="nearest")
    return x * np.minimum(gain, need)


@settings(max_examples=40, deadline=None)
@given(
    length=st.integers(1, 6000),
    clicks=st.lists(st.tuples(st.integers(0, 5999), st.floats(0.5, 1.5)), max_size=6),
    seed=st.integers(0, 2**16),
)
@example(length=6000, clicks=[(0, 1.2), (5999, 1.2)], seed=0)  # at both ends
@example(
    length=6000, clicks=[(1000, 1.2), (1000 + 81, 1.2), (3000, 0.9), (3000 + 82, 0.9)], seed=0
)  # spans meet, or not
def test_the_limiter_acts_where_filtering_the_whole_track_would(length, clicks, seed):
    """_limit filters only around the samples that need gain: the track must come out as filtering
    all of it gives (window 0.02 s at 2000 Hz: 41 samples)."""
    rate = 2000
    x = np.random.default_rng(seed).standard_normal(length) * 0.05
    for at, level in clicks:
        x[at % length] = level
    got, expected = _limit(x.copy(), rate, 0.8), limited_whole(x.copy(), rate, 0.8)
    assert got == pytest.approx(expected, abs=1e-12)
