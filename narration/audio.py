"""Narration audio with numpy and PyAV (no manim): read and write speech, lay a scene's beats
on one track, bring a track to broadcast loudness, and add it to a video.

Every track here is float32 mono in [-1, 1] at 48 kHz unless a `rate` says otherwise:
AAC and Opus both run at 48 kHz, so nothing is resampled on the way out.

Our WAVs are sealed: after the samples, a chunk `lsha` holds the sha256 of the file's name and
its samples, so a cached voice that is cut short, changed or another sentence's is known when it
is read (`check_voice_wav`); players and decoders skip a chunk they do not know.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
import struct
import tempfile
import wave
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
# pyloudnorm and scipy.signal are imported where they are used: together they take about a second
# to import, which every preview paid before it drew anything (profiled with py-spy).

from mathcore import InputError

RATE = 48000
# What each container carries: AAC where Apple and browsers expect it, Opus in WebM (WebM allows
# only Opus or Vorbis, and this PyAV build has no Vorbis encoder).
AUDIO_CODEC = {".mp4": "aac", ".m4v": "aac", ".mov": "aac", ".webm": "libopus", ".mkv": "libopus"}
CONTAINER = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".webm": "webm", ".mkv": "matroska"}
BITRATE = {"aac": 128_000, "libopus": 96_000}


def read_audio(path: str | Path, rate: int = RATE) -> np.ndarray:
    """Any audio file PyAV can decode (wav, flac, ogg, mp3, ...) as float32 mono at `rate`.
    An unreadable file or one without audio is an InputError naming it."""
    path = Path(path)
    try:
        with av.open(str(path)) as c:
            if not c.streams.audio:
                raise InputError(f"{path}: no audio in this file")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
            chunks = []
            for frame in c.decode(c.streams.audio[0]):
                chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(frame))
            chunks.extend(f.to_ndarray().reshape(-1) for f in resampler.resample(None))
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as e:
        if isinstance(e, InputError):
            raise
        raise InputError(f"{path}: not readable audio ({type(e).__name__}: {e})") from None
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


SEAL_CHUNK = b"lsha"


def _wav_seal(name: str, pcm: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\0" + pcm).digest()


def write_wav(path: str | Path, samples: np.ndarray, rate: int = RATE) -> Path:
    """16-bit PCM mono WAV, sealed (see above), written whole or not at all (a temporary file
    renamed into place)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.round(np.clip(np.asarray(samples, np.float64), -1.0, 1.0) * 32767).astype("<i2").tobytes()
    chunks = (
        b"fmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, rate, 2 * rate, 2, 16)
        + b"data"
        + struct.pack("<I", len(pcm))
        + pcm
        + SEAL_CHUNK
        + struct.pack("<I", 32)
        + _wav_seal(path.name, pcm)
    )
    fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def wav_seconds(path: str | Path) -> float:
    """The length of a WAV from its header (our own cache files; no decoding)."""
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


# --- the voice's cache: checked when read --------------------------------------------------

# Quieter than this everywhere (16-bit PCM: about -60 dBFS) is silence, not speech.
SILENT_BELOW = 0.001
# A voice says 4 to 15 letters of a sentence a second (the offline voice about 13, a one-word
# beat slower); a file far outside that, beyond these bounds, is not that sentence.
LETTERS_PER_SECOND = (2.5, 60.0)


def check_voice_wav(path: str | Path, words: str | None) -> str | None:
    """None when `path` is whole speech of `words` in the form write_wav gives (16-bit mono,
    48 kHz); else why it is not, in a few words: not a WAV, cut short, its seal broken (changed,
    or another entry's), silent, or too long or short for its words (not checked when `words` is
    None: an author's recording is as long as the author made it). A WAV written before seals is
    checked by all but the seal."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        return f"unreadable: {e.strerror}"
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return "empty" if not data else "not a WAV file"
    if struct.unpack_from("<I", data, 4)[0] != len(data) - 8:
        return f"cut short or grown: {len(data)} bytes, its header says {struct.unpack_from('<I', data, 4)[0] + 8}"
    chunks, at = {}, 12
    while at + 8 <= len(data):
        size = struct.unpack_from("<I", data, at + 4)[0]
        chunks[data[at : at + 4]] = data[at + 8 : at + 8 + size]
        at += 8 + size + size % 2
    if at != len(data) or b"fmt " not in chunks or b"data" not in chunks:
        return "its chunks are broken"
    if chunks[b"fmt "][:16] != struct.pack("<HHIIHH", 1, 1, RATE, 2 * RATE, 2, 16):
        return "not 16-bit mono PCM at 48 kHz"
    pcm = chunks[b"data"]
    if SEAL_CHUNK in chunks and chunks[SEAL_CHUNK] != _wav_seal(path.name, pcm):
        return "changed since it was written, or another entry's"
    samples = np.frombuffer(pcm, "<i2")
    if len(samples) == 0:
        return "no samples"
    if np.abs(samples.astype(np.int32)).max() < SILENT_BELOW * 32767:
        return "silent"
    if words is None:
        return None
    seconds, letters = len(samples) / RATE, sum(c.isalnum() for c in words)
    slowest, fastest = LETTERS_PER_SECOND
    if not letters / fastest <= seconds <= 1.0 + letters / slowest:
        return f"{seconds:.2f} s long for {letters} letters"
    return None


def cached_voice(path: str | Path, words: str, again: str = "speaking it again", timed: bool = True) -> bool:
    """True when the voice's cached WAV at `path` is there and whole speech of `words` (its
    length checked against them when `timed`). A damaged one is named in one line on the
    "lesson.cache" log (the engine's summary shows it) and False sends the caller to make it
    again: its write_wav replaces it in one rename."""
    if not Path(path).is_file():
        return False
    why = check_voice_wav(path, words if timed else None)
    if why is None:
        return True
    logging.getLogger("lesson.cache").warning(f"voice cache entry for {words!r} was damaged ({why}); {again}")
    return False


def scene_track(beats: list[dict], duration: float, rate: int = RATE) -> np.ndarray:
    """One scene's narration: each beat's audio (dict keys "start", "audio": a path or None)
    laid at the beat's start, silence elsewhere, exactly `duration` seconds long. Speech that
    would run past the end is cut there; overlapping speech is mixed."""
    track = np.zeros(max(0, round(duration * rate)), np.float32)
    for beat in beats:
        if not beat.get("audio"):
            continue
        at = max(0, round(float(beat["start"]) * rate))
        if at >= len(track):
            continue
        speech = read_audio(beat["audio"], rate)[: len(track) - at]
        track[at : at + len(speech)] += speech
    return track


def unspoken(samples: np.ndarray, beats: list[dict], rate: int = RATE) -> list[str]:
    """The beats of a scene's track (`samples`) that have words to say (dict keys "index",
    "name", "spoken", "start", "speech_seconds", "audio") but no speech there: none given, or
    silence where it should be. Each as "beat N ('name'): why"."""
    out = []
    for beat in beats:
        if not beat.get("spoken"):
            continue  # a beat with nothing to say
        what = f"beat {beat['index']} ({beat['name']!r})"
        if not beat.get("audio") or not beat.get("speech_seconds"):
            out.append(f"{what}: no speech for its words")
            continue
        start = max(0, round(float(beat["start"]) * rate))
        said = samples[start : start + round(float(beat["speech_seconds"]) * rate)]
        if len(said) == 0 or float(np.abs(said).max()) < SILENT_BELOW:
            out.append(f"{what}: the track is silent where it speaks")
    return out


# --- loudness --------------------------------------------------------------------------


def _loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness (ITU-R BS.1770-4, gated) in LUFS; -inf for silence or under 0.4 s.

    pyloudnorm's meter (its K-weighting filters, blocks and gates), with each block's mean square
    worked out from running sums rather than block by block in Python: half of its time on a
    lesson's track, and normalising a lesson measures it five or six times."""
    if len(samples) < int(0.4 * rate) or not np.any(samples):
        return -math.inf
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    weighted = np.asarray(samples, np.float64).reshape(-1)
    for stage in meter._filters.values():
        weighted = stage.apply_filter(weighted)
    # The blocks as pyloudnorm bounds them (the same float expressions, truncated the same way).
    block, step = meter.block_size, 1.0 - meter.overlap
    j = np.arange(int(np.round((len(weighted) / rate - block) / (block * step))) + 1)
    lo = np.minimum((block * (j * step) * rate).astype(np.int64), len(weighted))
    hi = np.minimum((block * (j * step + 1) * rate).astype(np.int64), len(weighted))
    # Sums of squares between consecutive block edges, then a running sum over those few.
    edges = np.unique(np.concatenate(([0], lo, hi)))
    edges = edges[edges < len(weighted)]
    pieces = np.add.reduceat(np.square(weighted), edges)
    running = np.concatenate(([0.0], np.cumsum(pieces)))  # running[k]: the squares before edge k
    ends = np.append(edges, len(weighted))
    z = (running[np.searchsorted(ends, hi)] - running[np.searchsorted(ends, lo)]) / (block * rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        levels = -0.691 + 10.0 * np.log10(z)
    gated = z[levels >= -70.0]  # the absolute gate, then the relative one 10 LU under their mean
    if not len(gated):
        return -math.inf
    relative = -0.691 + 10.0 * np.log10(np.mean(gated)) - 10.0
    kept = z[(levels > relative) & (levels > -70.0)]
    mean = float(np.mean(kept)) if len(kept) else 0.0
    return -0.691 + 10.0 * math.log10(mean) if mean > 0 else -math.inf


# The true-peak meter's 4x oversampling: the interpolating low-pass scipy's resample_poly(x, 4, 1)
# designs (a Kaiser-windowed sinc, ten input samples each side), here by its four phases: output
# 4i + p is phase p dotted with the input samples i - REACH .. i + REACH.
UP, REACH = 4, 10
BLOCK = 1024  # samples: the meter looks at blocks of 21 ms, each near a loud sample or not


@functools.cache
def _phases() -> np.ndarray:
    from scipy.signal import firwin

    h = firwin(2 * UP * REACH + 1, 1 / UP, window=("kaiser", 5.0)) * UP
    phases = np.zeros((UP, 2 * REACH + 1))
    for p in range(UP):
        for c in range(2 * REACH + 1):
            k = UP * (REACH - c) + p + UP * REACH  # the tap meeting input sample i - REACH + c
            if 0 <= k < len(h):
                phases[p, c] = h[k]
    return phases


def _oversampled_peaks(samples: np.ndarray, above: float = 0.0) -> np.ndarray:
    """Per input sample, the largest magnitude of the 4x oversampled signal around it (the
    inter-sample peaks a DAC or a lossy codec will produce: BS.1770's true peak) wherever that
    could exceed `above`; elsewhere the sample's own magnitude, which is at most `above` there.

    An oversampled value is at most the filter's gain (the largest sum of a phase's magnitudes)
    times the largest input magnitude within its reach, so only the blocks of samples near a loud
    one are worked out: the limiter asks above its ceiling, the meter above the largest sample.
    For a lesson's four minutes of speech, oversampling all of it took 2 s, and every lesson is
    measured three or four times."""
    phases = _phases()
    x = np.asarray(samples, np.float64).reshape(-1)
    peaks = np.abs(x)
    n = len(x)
    if not n:
        return peaks
    blocks = -(-n // BLOCK)
    loudest = np.pad(peaks, (0, blocks * BLOCK - n)).reshape(blocks, BLOCK).max(axis=1)
    loud = np.abs(phases).sum(axis=1).max() * loudest > above
    # A block's samples reach REACH (less than a block) into the blocks either side.
    near = loud.copy()
    near[1:] |= loud[:-1]
    near[:-1] |= loud[1:]
    bounds = np.flatnonzero(np.diff(np.concatenate(([False], near, [False])).astype(np.int8)))
    for first, last in zip(bounds[::2] * BLOCK, np.minimum(bounds[1::2] * BLOCK, n)):
        # The samples first..last and REACH either side, silent before and after the signal.
        lo, hi = max(0, first - REACH), min(n, last + REACH)
        reach = np.pad(x[lo:hi], (REACH - (first - lo), REACH - (hi - last)))
        here = peaks[first:last]
        for phase in phases:
            np.maximum(here, np.abs(np.convolve(reach, phase[::-1], "valid")), out=here)
    return peaks


def measure(samples: np.ndarray, rate: int = RATE) -> dict:
    """{"lufs": integrated loudness, "true_peak_dbtp": 4x-oversampled peak in dBTP}."""
    sample_peak = float(np.abs(samples).max()) if len(samples) else 0.0
    peak = float(_oversampled_peaks(samples, above=sample_peak).max()) if len(samples) else 0.0
    return {"lufs": _loudness(samples, rate), "true_peak_dbtp": 20 * math.log10(peak) if peak > 0 else -math.inf}


def _limit(
    x: np.ndarray, rate: int, ceiling: float, window: float = 0.02, peaks: np.ndarray | None = None
) -> np.ndarray:
    """A look-ahead peak limiter: the gain needed at each sample, held as the minimum over a
    window and smoothed over the same window, so it falls before a peak and is never above
    what any sample in reach needs (min-filter then moving average of equal width).

    The filters run only around the samples that need less than unity gain: a window's reach
    further on, the held gain is 1 and so is its average. A lesson's speech needs it in a few
    hundred places; filtering all four minutes took a second a pass. `peaks`: x's oversampled
    peaks wherever they can exceed the ceiling, when known."""
    if peaks is None:
        peaks = _oversampled_peaks(x, above=ceiling)
    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    low = np.flatnonzero(need < 1.0)
    if not len(low):
        return x
    width = max(1, int(window * rate)) | 1
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    gain = np.ones_like(need)
    reach = width  # how far a sample's need moves the gain: half a window each filter
    # Spans of the samples within reach of one that needs gain. Beyond a span every sample needs
    # unity, as "nearest" holds it at the span's ends (and at the track's, as it would), so the
    # filters see there what they would in the whole track.
    breaks = np.flatnonzero(np.diff(low) > 2 * reach + 1)
    for first, last in zip(low[np.concatenate(([0], breaks + 1))], low[np.concatenate((breaks, [len(low) - 1]))]):
        lo, hi = max(0, first - reach), min(len(x), last + reach + 1)
        held = uniform_filter1d(minimum_filter1d(need[lo:hi], width, mode="nearest"), width, mode="nearest")
        gain[lo:hi] = held
    return x * np.minimum(gain, need)


def normalise(samples: np.ndarray, rate: int = RATE, target_lufs: float = -16.0, peak_dbtp: float = -1.0) -> np.ndarray:
    """The track at `target_lufs` integrated loudness with true peaks at most `peak_dbtp`.
    Gain to the target and limit the peaks; limiting lowers the loudness a little, so the gain is
    tried again on the original, each try from the last two (a secant: a lesson needs two or
    three tries, where raising the limited track again and limiting it again took five).
    The limiter aims half a dB under the ceiling: AAC and Opus overshoot peaks slightly on
    decoding. Silence comes back unchanged."""
    return normalise_measured(samples, rate, target_lufs, peak_dbtp)[0]


# How much louder than its first try normalising looks at the original's peaks: a lesson's later
# tries raise the gain by 1-2 dB.
PEAKS_HEADROOM = 10 ** (3 / 20)


def normalise_measured(
    samples: np.ndarray, rate: int = RATE, target_lufs: float = -16.0, peak_dbtp: float = -1.0
) -> tuple[np.ndarray, dict]:
    """`normalise`, and what `measure` gives for its result, from the figures normalising worked
    out: measuring the lesson's track again took a tenth of its assembly."""
    original = np.asarray(samples, np.float64)
    level = _loudness(original, rate)
    if not math.isfinite(level):
        out = original.astype(np.float32)
        return out, measure(out, rate)
    ceiling = 10 ** ((peak_dbtp - 0.5) / 20)
    # Oversampling is linear: the gained track's peaks are the gain times the original's, worked
    # out once for every try (they were worked out again on each, a quarter of the assembly).
    peaks_above, peaks = math.inf, None
    tries: list[tuple[float, float]] = []  # (gain in dB, loudness reached)
    gain = target_lufs - level
    for _ in range(6):
        g = 10 ** (gain / 20)
        if ceiling / g < peaks_above:  # this try asks about quieter samples than any before
            # with room for the tries after, which raise the gain as limiting lowers the level
            peaks_above = ceiling / g / PEAKS_HEADROOM
            peaks = _oversampled_peaks(original, above=peaks_above)
        x = _limit(original * g, rate, ceiling, peaks=peaks * g)
        level = _loudness(x, rate)
        if abs(level - target_lufs) < 0.1:
            break
        tries.append((gain, level))
        slope = 1.0  # dB of loudness a dB of gain: 1 unlimited, less the more is limited
        if len(tries) > 1 and tries[-1][0] != tries[-2][0]:
            (g0, l0), (g1, l1) = tries[-2:]
            slope = min(1.0, max(0.2, (l1 - l0) / (g1 - g0)))
        gain += (target_lufs - level) / slope
    # Whatever the tries left, the ceiling holds. Asked above the loudest sample (at most the
    # ceiling), the meter's answer is also the true peak `measure` reports.
    sample_peak = float(np.abs(x).max())
    peak = float(_oversampled_peaks(x, above=min(ceiling, sample_peak)).max())
    if peak > ceiling:
        x *= ceiling / peak
        level, peak = _loudness(x, rate), ceiling
    return x.astype(np.float32), {"lufs": level, "true_peak_dbtp": 20 * math.log10(peak) if peak > 0 else -math.inf}


# --- speech onsets ---------------------------------------------------------------------


def onsets(
    samples: np.ndarray,
    rate: int = RATE,
    frame: float = 0.005,
    threshold_db: float = -35.0,
    floor_db: float = -60.0,
    min_silence: float = 0.25,
) -> list[float]:
    """Seconds where sound starts after at least `min_silence` of quiet, read from the signal:
    RMS in `frame`-long frames, sound where a frame is within `threshold_db` of the loudest
    frame and above `floor_db` dBFS. The track's start counts if it starts with sound."""
    hop = max(1, int(frame * rate))
    n = len(samples) // hop
    if n == 0:
        return []
    frames = np.asarray(samples[: n * hop], np.float64).reshape(n, hop)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-20)
    loud = level > max(level.max() + threshold_db, floor_db)
    quiet_needed = max(1, round(min_silence / frame))
    out, quiet_run = [], quiet_needed  # the start of the track counts as after silence
    for i, on in enumerate(loud):
        if on:
            if quiet_run >= quiet_needed:
                out.append(i * hop / rate)
            quiet_run = 0
        else:
            quiet_run += 1
    return out


# --- muxing ----------------------------------------------------------------------------


def _video_seconds(path: Path) -> float:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        end = 0
        for pkt in c.demux(s):
            if pkt.pts is not None:
                end = max(end, pkt.pts + (pkt.duration or 0))
        return float(end * s.time_base)


def _encode_audio(samples: np.ndarray, stream) -> list:
    cc = stream.codec_context
    size = cc.frame_size or 1024
    packets = []
    for at in range(0, len(samples), size):
        chunk = np.ascontiguousarray(samples[at : at + size], np.float32)
        frame = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
        frame.sample_rate = RATE
        frame.pts = at
        frame.time_base = Fraction(1, RATE)
        packets.extend(stream.encode(frame))
    packets.extend(stream.encode(None))
    return packets


# The same video and samples give the same bytes (Matroska otherwise writes random UIDs), so a
# cached clip published again is the same file.
BITEXACT = {"fflags": "+bitexact"}


def mux(video_in: str | Path, samples: np.ndarray, rate: int, out_path: str | Path) -> Path:
    """A copy of `video_in` (video packets copied, chapters kept, any old audio dropped) with
    `samples` as its audio: AAC 48 kHz in mp4/mov, Opus 48 kHz in webm. The audio is padded
    with silence or cut to the video's length. Written whole or not at all."""
    video_in, out_path = Path(video_in), Path(out_path)
    suffix = out_path.suffix.lower()
    if suffix not in AUDIO_CODEC:
        raise InputError(f"{out_path.name}: cannot add audio to a {suffix or 'suffix-less'} file (mp4, mov or webm)")
    samples = np.asarray(samples, np.float32).reshape(-1)
    if rate != RATE:
        g = math.gcd(RATE, rate)
        from scipy.signal import resample_poly

        samples = resample_poly(samples, RATE // g, rate // g).astype(np.float32)
    seconds = _video_seconds(video_in)
    n = round(seconds * RATE)
    samples = np.pad(samples[:n], (0, max(0, n - len(samples))))

    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out_path.stem + ".", suffix=".part" + suffix, dir=out_path.parent)
    os.close(fd)
    try:
        with av.open(str(video_in)) as ic, av.open(tmp, "w", format=CONTAINER[suffix], options=BITEXACT) as oc:
            vin = ic.streams.video[0]
            vout = oc.add_stream_from_template(vin)
            if vin.metadata.get("alpha_mode") == "1":
                # A transparent VP9 keeps its alpha beside the picture, announced by Matroska's
                # AlphaMode; the muxer writes that only for a yuva420p stream, and a copied
                # stream reads as yuv420p (as manim does when it joins its partial movies).
                vout.pix_fmt = "yuva420p"
            chapters = ic.chapters()
            if chapters:
                oc.set_chapters(chapters)
            codec = AUDIO_CODEC[suffix]
            aout = oc.add_stream(codec, rate=RATE, layout="mono")
            aout.bit_rate = BITRATE[codec]
            if codec == "aac":
                # FFmpeg's "fast" coder encodes twice as fast as its default "twoloop" (1.7 s
                # against 3.5 s for 250 s); at 128 kb/s for one voice there is bitrate to spare.
                aout.codec_context.options = {**aout.codec_context.options, "aac_coder": "fast"}
            audio = _encode_audio(samples, aout)
            # Interleave by time, so players need not seek back and forth.
            pending = iter(audio)
            nxt = next(pending, None)
            for pkt in ic.demux(vin):
                if pkt.dts is None:
                    continue
                t = pkt.dts * vin.time_base
                while nxt is not None and nxt.pts is not None and nxt.pts * nxt.time_base <= t:
                    oc.mux(nxt)
                    nxt = next(pending, None)
                pkt.stream = vout
                oc.mux(pkt)
            while nxt is not None:
                oc.mux(nxt)
                nxt = next(pending, None)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out_path
