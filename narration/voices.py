"""Who says each beat: the author's recording, the offline voice, or nobody.

    narrator = make_narrator("auto", cache_dir=Path("output/.cache/voice"))
    speech = narrator.speak(scene="VectorAlignment", index=2, name="alignment", text=caption)

Voices (`--voice`):
- "auto" (default): the author's recording where there is a current one, else the offline voice.
- "recorded": recordings only; a missing or stale one is an InputError naming the file to record.
- "tts": the offline voice for every beat.
- "festival": Festival's HTS voice for every beat (the offline voice before Piper).
- "none": silent (SilentNarrator); beats keep their reading-speed holds.
- "piper:PATH.onnx": another Piper model (with PATH.onnx.json beside it).

The offline voice is Piper's en_US-joe-medium (narration/neural.py), installed from the package
index by the set-up, its model's SHA-256 checked before first use. Where Piper cannot load
(not installed, model damaged), the offline voice is Festival's HTS voice, with one line saying
so. Every speech carries its word times (narration/wordtimes.py), cached beside its WAV.

Recordings live at `assets/narration/<Scene>/<NN>-<beat-name>.(wav|flac|ogg|mp3)`: NN is the
beat's number in its scene, two digits; the beat name is slugified (lower case, every run of
characters other than a-z and 0-9 becomes one "-", none at either end: "W x + b" -> "w-x-b",
"90 degrees" -> "90-degrees"). Beside it `<same stem>.txt` holds the words it was recorded from.

A recording whose .txt differs from what the beat now says is stale. "auto" does not use a stale
recording: it falls back to the offline voice for that beat and notes it (`narrator.notes`),
because a stale take may say an old figure ("3.60") while the screen shows the new one; a wrong
number spoken is worse than a change of voice. A recording without a .txt is taken as current
(nothing to compare it with).

Every beat's audio reaches the engine as a 48 kHz mono 16-bit WAV in `cache_dir`: the rate the
AAC and Opus tracks use, so laying beats on a track needs no resampling. Piper speaks at 22.05 kHz,
Festival's HTS voice at 32 kHz; recordings come at any rate. Leading and trailing silence is trimmed to a
20 ms lead-in, so speech starts at the beat's start and `seconds` is the voice, not its pauses.
Files are content-addressed (engine, voice and spoken text; or the recording's bytes) and
written atomically, so parallel workers can share the cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from mathcore import InputError
from narration import SilentNarrator, Speech, WordTime, file_digest, neural, pronounce
from narration.pronounce import FESTIVAL_LEXICON, festival_setup, festival_text  # noqa: F401  (re-exported)
from narration.speech import spoken
from narration.wordtimes import align_recording, even_times, insert_pauses, match_names, shifted

log = logging.getLogger("narration")

VOICES = ("auto", "recorded", "tts", "festival", "none")
EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3")
RATE = 48000
FESTIVAL_VOICE = "cmu_us_slt_arctic_hts"
FESTIVAL_VOICE_DIRS = [Path("/usr/share/festival/voices/us") / FESTIVAL_VOICE]
FESTIVAL_INSTALL = "sudo apt-get install festival festvox-us-slt-hts"
# The author's recordings; LESSON_RECORDINGS points elsewhere (the tests' own folder).
RECORDINGS = Path(
    os.environ.get("LESSON_RECORDINGS") or Path(__file__).resolve().parent.parent / "assets" / "narration"
)
# Bump when what is done to a voice's output changes (trimming, rate), so cached speech is redone.
PROCESSING = "48k-mono-s16-trim20ms-words-v2"
LEAD_IN = 0.02
TAIL = 0.05


# --- what Festival is handed (its pronunciation lives in narration/pronounce.py) ------------


def _festival_setup() -> str:
    return festival_setup(FESTIVAL_VOICE)


class _FestivalProcess:
    """One Festival kept running for a narrator's beats: loading the HTS voice costs about as
    much as saying a sentence, so text2wave per beat would pay it every time. Commands go to
    its interactive reader; each ends by printing a marker we wait for."""

    def __init__(self):
        self.proc = subprocess.Popen(
            ["festival", "-i"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0
        )
        self.count = 0
        self._run(_festival_setup())

    def _run(self, command: str, timeout: float = 120.0) -> str:
        """Run `command`; what Festival printed before the marker."""
        import select

        self.count += 1
        marker = f"done-{self.count}-festival"
        self.proc.stdin.write(f'(begin {command} "{marker}")\n'.encode())
        self.proc.stdin.flush()
        seen, end = b"", time.monotonic() + timeout
        while marker.encode() not in seen:
            left = end - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise RuntimeError(f"festival stopped answering: {seen.decode(errors='replace')[-200:]!r}")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    continue
                seen = seen[-(1 << 20) :] + chunk
        return seen.decode(errors="replace")

    def say(self, text: str, out: Path) -> list[tuple[str, float, float]]:
        """Say `text` into `out`; Festival's words with their start and end (its Word relation:
        a word starts where the segment before its first segment ends)."""
        printed = self._run(
            f'(set! lesson_utt (SynthText "{text}")) (utt.save.wave lesson_utt "{out}" \'riff) '
            '(mapcar (lambda (w) (format t "WORD\t%s\t%f\t%f\n" (item.name w) '
            '(item.feat w "R:SylStructure.daughter1.daughter1.R:Segment.p.end") (item.feat w "word_end"))) '
            "(utt.relation.items lesson_utt 'Word))"
        )
        if not out.is_file():
            raise RuntimeError(f"festival wrote nothing for {text!r}")
        words = []
        for line in printed.splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and parts[0].endswith("WORD"):
                words.append((parts[1], float(parts[2]), float(parts[3])))
        return words

    def cpu_seconds(self) -> float:
        """User + system time of the Festival process so far (Linux /proc), for the benchmark."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return 0.0

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()


# --- where recordings go ------------------------------------------------------------------


def slug(name: str) -> str:
    """ "W x + b" -> "w-x-b"; "90 degrees" -> "90-degrees"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "beat"


def recording_stem(index: int, name: str) -> str:
    return f"{index:02d}-{slug(name)}"


def _recordings(recordings_dir: Path | None) -> Path:
    return Path(recordings_dir) if recordings_dir is not None else RECORDINGS


def _present(scene: str, index: int, name: str, recordings_dir: Path | None) -> Path | None:
    folder = _recordings(recordings_dir) / scene
    stem = recording_stem(index, name)
    found = [folder / (stem + ext) for ext in EXTENSIONS if (folder / (stem + ext)).is_file()]
    if len(found) > 1:
        raise InputError(
            f"two recordings for {scene} beat {index} ({name!r}): " + " and ".join(str(p) for p in found) + "; keep one"
        )
    return found[0] if found else None


def recording_path(scene: str, index: int, name: str, recordings_dir: Path | None = None) -> Path:
    """The beat's recording if there is one, else the .wav path to record it to."""
    present = _present(scene, index, name, recordings_dir)
    return present or _recordings(recordings_dir) / scene / (recording_stem(index, name) + ".wav")


def words_path(scene: str, index: int, name: str, recordings_dir: Path | None = None) -> Path:
    """The .txt beside the recording: the words it was recorded from."""
    return _recordings(recordings_dir) / scene / (recording_stem(index, name) + ".txt")


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def recording_status(scene: str, index: int, name: str, spoken_text: str, recordings_dir: Path | None = None) -> str:
    """ "present", "missing" or "stale" (its .txt holds other words than `spoken_text`)."""
    if _present(scene, index, name, recordings_dir) is None:
        return "missing"
    words = words_path(scene, index, name, recordings_dir)
    if words.is_file() and not _same_words(words.read_text(encoding="utf-8"), spoken_text):
        return "stale"
    return "present"


def recordings_digest(scene: str, recordings_dir: Path | None = None) -> str:
    """One digest of everything under assets/narration/<scene>/ (names and bytes), for the
    scene's cache key: re-recording one beat re-renders that scene only."""
    h = hashlib.sha256()
    folder = _recordings(recordings_dir) / scene
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            if p.is_file() and (p.suffix.lower() in EXTENSIONS or p.suffix == ".txt"):
                h.update(p.name.encode() + b"\0" + _file_digest(p).encode() + b"\0")
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    return file_digest(path)


# --- the voices ------------------------------------------------------------------------


def _parse(voice: str) -> tuple[str, Path | None]:
    if voice.startswith("piper:"):
        model = voice[len("piper:") :]
        if not model:
            raise InputError("--voice piper: needs a model file, e.g. --voice piper:voices/en_US-amy-medium.onnx")
        return "piper", Path(model)
    if voice not in VOICES:
        raise InputError(f"unknown voice {voice!r}: choose {', '.join(VOICES)} or piper:PATH.onnx")
    return voice, None


def _festival_missing() -> str | None:
    if shutil.which("text2wave") is None:
        return f"the offline voice needs Festival: {FESTIVAL_INSTALL}"
    if not any(d.is_dir() for d in FESTIVAL_VOICE_DIRS):
        return f"the offline voice needs Festival's HTS voice {FESTIVAL_VOICE}: {FESTIVAL_INSTALL}"
    return None


def _piper_problem(model: Path | None) -> str | None:
    """Why Piper cannot speak with `model` (None: the pinned joe-medium), or None."""
    missing = neural.piper_missing()
    if missing:
        return missing
    try:
        neural.check_model(model or neural.joe_model(), None if model else neural.JOE_SHA256)
    except neural.VoiceUnavailable as e:
        return str(e)
    return None


@functools.lru_cache(maxsize=8)
def offline_engine(kind: str, model: Path | None = None) -> tuple[str, Path | None]:
    """The engine that synthesises for a voice: ("piper", model) or ("festival", None).
    "auto", "tts" and "recorded" (for aligning recordings) use Piper's joe-medium, or Festival
    where Piper cannot load, said once in one line."""
    if kind == "festival":
        return "festival", None
    if kind == "piper":
        return "piper", model
    problem = _piper_problem(None)
    if problem is None:
        return "piper", neural.joe_model()
    log.warning("the offline voice is Festival's HTS voice: Piper cannot load (%s)", problem)
    return "festival", None


def check_voice(voice: str) -> None:
    """Nothing when `voice` can speak on this machine; else an InputError in one line with the fix.
    "auto" needs the offline voice too: any beat without a recording falls back to it."""
    kind, model = _parse(voice)
    if kind in ("auto", "tts"):
        piper, festival = _piper_problem(None), _festival_missing()
        if piper and festival:
            raise InputError(f"no offline voice: {piper}; or {festival}")
    elif kind == "festival":
        missing = _festival_missing()
        if missing:
            raise InputError(missing)
    elif kind == "piper":
        if not model.is_file():
            raise InputError(f"--voice piper: no model file at {model}")
        problem = _piper_problem(model)
        if problem:
            raise InputError(f"--voice {voice}: {problem}")


@functools.lru_cache(maxsize=1)
def _festival_version() -> str:
    try:
        out = subprocess.run(["festival", "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "festival unknown"
    return " ".join(out.split())


@functools.lru_cache(maxsize=1)
def _narration_source() -> str:
    """What is said depends on the normaliser and on how audio is processed: all in every key."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("speech.py", "voices.py", "audio.py", "neural.py", "wordtimes.py", "pronounce.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def _engine_fingerprint(engine: str, model: Path | None) -> str:
    pron = pronounce.table_digest()
    if engine == "piper":
        digest = neural.model_digest(model)[:16] if model is not None and model.is_file() else str(model)
        return f"piper {digest} length {neural.LENGTH_SCALE} gap {neural.SENTENCE_GAP} pronounce {pron}"
    return f"{_festival_version()} {FESTIVAL_VOICE} pronounce {pron}"


def voice_fingerprint(voice: str) -> str:
    """A string that changes whenever the same captions would be spoken differently by `voice`:
    the mode, the engine and its version, the voice (a Piper model by digest), the pronunciation
    table, the normaliser's and processing's source. Per scene, a cache key should add
    `recordings_digest(scene)` for "auto" and "recorded" (captions come from the scene's source
    and parameters, already keyed)."""
    kind, model = _parse(voice)
    if kind == "none":
        return "none"
    parts = [kind, PROCESSING, _narration_source()]
    parts.append(_engine_fingerprint(*offline_engine(kind, model)))
    return "|".join(parts)


def _trim_span(samples: np.ndarray, rate: int = RATE) -> tuple[int, int]:
    """Where the sound is: from 20 ms before the first frame within 40 dB of the loudest to 50 ms
    after the last; (0, 0) when there is none."""
    hop = int(0.01 * rate)
    n = len(samples) // hop
    if n == 0 or not np.any(samples):
        return 0, 0
    level = 10 * np.log10(np.mean(samples[: n * hop].astype(np.float64).reshape(n, hop) ** 2, axis=1) + 1e-20)
    loud = np.flatnonzero(level > max(level.max() - 40, -70))
    if len(loud) == 0:
        return 0, 0
    return max(0, loud[0] * hop - int(LEAD_IN * rate)), min(len(samples), (loud[-1] + 1) * hop + int(TAIL * rate))


def _trim(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Cut leading and trailing quiet (see _trim_span), with 5 ms fades so the cut edges do not click."""
    start, end = _trim_span(samples, rate)
    out = samples[start:end].astype(np.float32).copy()
    fade = min(len(out) // 2, int(0.005 * rate))
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out


def _words_path(wav: Path) -> Path:
    return wav.with_suffix(".words.json")


def _write_words(wav: Path, times) -> None:
    """The word times beside their WAV, written whole (temporary file renamed into place)."""
    target = _words_path(wav)
    fd, tmp = tempfile.mkstemp(prefix=target.stem + ".", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump([list(w) for w in times], f)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_words(wav: Path, words: list[str], seconds: float, said: str) -> tuple[WordTime, ...] | None:
    """The cached word times of `wav`, if they are whole and fit: one per word, in order,
    inside the audio. Anything else is None, named in one line when the file was there but
    damaged, and the entry is made again."""
    path = _words_path(wav)
    if not path.is_file():
        return None
    why = None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        times = tuple(WordTime(str(w), float(s), float(e)) for w, s, e in data)
    except (OSError, ValueError, TypeError) as e:
        why, times = f"unreadable: {type(e).__name__}", ()
    if why is None and [t.word for t in times] != words:
        why = "its words are not these"
    last = 0.0
    for t in times:
        if why is None and not (last - 1e-6 <= t.start <= t.end <= seconds + 1e-6):
            why = f"{t.word!r} is timed outside the audio or out of order"
        last = t.start
    if why is not None:
        logging.getLogger("lesson.cache").warning(
            f"voice cache entry for {said!r} was damaged (its word times: {why}); speaking it again"
        )
        return None
    return times


class Narrator:
    """Speaks beats for one voice (see the module's docstring); `notes` collects warnings
    (stale recordings skipped) for the engine to report."""

    voiced = True

    def __init__(self, voice: str, cache_dir: Path, recordings_dir: Path | None = None):
        self.voice = voice
        self.kind, self.model = _parse(voice)
        self.cache_dir = Path(cache_dir)
        self.recordings_dir = recordings_dir
        self.notes: list[str] = []
        # Seconds spent synthesising (cache misses only): the benchmark's real-time factor.
        self.synthesis_seconds = 0.0
        self._festival: _FestivalProcess | None = None

    @property
    def engine(self) -> tuple[str, Path | None]:
        return offline_engine(self.kind, self.model)

    def close(self) -> None:
        """Stop the Festival process, if one was started (also at exit)."""
        if self._festival is not None:
            self._festival.close()
            self._festival = None

    def __del__(self):
        self.close()

    def festival_cpu_seconds(self) -> float:
        return self._festival.cpu_seconds() if self._festival is not None else 0.0

    def speak(self, scene: str, index: int, name: str, text: str) -> Speech:
        words = spoken(text)
        if not words:
            return Speech(text=words, seconds=0.0)
        if self.kind in ("auto", "recorded"):
            recording = _present(scene, index, name, self.recordings_dir)
            status = recording_status(scene, index, name, words, self.recordings_dir) if recording else "missing"
            if status == "present":
                return self._recorded(recording, words)
            where = recording_path(scene, index, name, self.recordings_dir)
            if self.kind == "recorded":
                if status == "missing":
                    raise InputError(
                        f"{scene} beat {index} ({name!r}) has no recording: record {where} saying: {words}"
                    )
                raise InputError(
                    f"{where} is stale: it was recorded from other words than {words!r}; "
                    f"record it again (and update {where.with_suffix('.txt').name})"
                )
            if status == "stale":
                note = f"{where} is stale (its .txt has other words): the offline voice says this beat"
                self.notes.append(note)
                log.warning(note)
        return self._synthesised(words)

    # Each path ends in a cached 48 kHz WAV named by what went into it, its word times beside it.

    def _cached(self, key: str) -> Path:
        return self.cache_dir / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".wav")

    def _recorded(self, recording: Path, words: str) -> Speech:
        """The author's take, trimmed, its words found by aligning it with the offline voice
        saying the same words (narration/wordtimes.py); evenly spread where no offline voice is
        installed."""
        from narration.audio import cached_voice, read_audio, wav_seconds, write_wav

        tokens = words.split()
        target = self._cached(json.dumps(["recorded", PROCESSING, _file_digest(recording), words]))
        times = None
        if cached_voice(target, words, again=f"reading {recording.name} again", timed=False):
            times = _read_words(target, tokens, wav_seconds(target), words)
        if times is None:
            samples = _trim(read_audio(recording, RATE))
            if len(samples) == 0:
                raise InputError(f"{recording}: the recording is empty (no sound in it)")
            seconds = len(samples) / RATE
            try:
                template = self._synthesised(words, paused=False)
                times = align_recording(samples, read_audio(template.path, RATE), template.words, RATE)
            except (InputError, RuntimeError, ValueError, OSError) as e:
                log.warning("%s: word times spread evenly (%s)", recording, e)
                times = even_times(tokens, seconds)
            write_wav(target, samples, RATE)
            _write_words(target, times)
        return Speech(text=words, seconds=wav_seconds(target), path=str(target), source="recorded", words=times)

    def _synthesised(self, words: str, paused: bool = True) -> Speech:
        from narration.audio import cached_voice, read_audio, wav_seconds, write_wav

        engine, model = self.engine
        said = pronounce.piper_text(words) if engine == "piper" else festival_text(words)
        tokens = words.split()
        target = self._cached(json.dumps([_engine_fingerprint(engine, model), PROCESSING, said, paused]))
        times = None
        if cached_voice(target, words):
            times = _read_words(target, tokens, wav_seconds(target), words)
        if times is None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=self.cache_dir, prefix="synth.") as work:
                raw = Path(work) / "raw.wav"
                began = time.perf_counter()
                raw_times = self._synthesise(engine, model, said, tokens, raw)
                self.synthesis_seconds += time.perf_counter() - began
                samples = read_audio(raw, RATE)
            start, end = _trim_span(samples)
            if end <= start:
                raise InputError(f"the voice said nothing for: {words!r}")
            samples = _trim(samples)
            times = shifted(raw_times, -start / RATE, len(samples) / RATE)
            if paused:
                samples, times = insert_pauses(samples, RATE, times, pronounce.pauses(tokens))
            write_wav(target, samples, RATE)
            _write_words(target, times)
        return Speech(text=words, seconds=wav_seconds(target), path=str(target), source="tts", words=times)

    def _synthesise(self, engine: str, model: Path | None, said: str, tokens: list[str], out: Path):
        """The engine's own output (any rate) for `said` into `out`; one time per token, in the
        raw output's seconds."""
        from narration.audio import wav_seconds, write_wav

        if engine == "piper":
            samples, rate, times = neural.synthesise(model, said, tokens)
            write_wav(out, samples, rate)
            return times
        try:
            if self._festival is None:
                self._festival = _FestivalProcess()
            named = self._festival.say(said, out)
            return match_names(tokens, named, wav_seconds(out))
        except (OSError, RuntimeError) as e:
            # A Festival that will not stay up still has text2wave, one process per beat (no word times).
            log.warning("festival process: %s; using text2wave", e)
            self.close()
        source = out.with_suffix(".txt")
        source.write_text(said + "\n", encoding="utf-8")
        command = ["text2wave", "-eval", _festival_setup(), str(source), "-o", str(out)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except OSError as e:
            raise InputError(f"{command[0]}: cannot run ({e}); {FESTIVAL_INSTALL}") from None
        if done.returncode != 0 or not out.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"{Path(command[0]).name} failed on {said!r}: {last}")
        return even_times(tokens, wav_seconds(out))


def make_narrator(voice: str, cache_dir: Path, recordings_dir: Path | None = None):
    """The narrator for `voice` (see the module's docstring). Checks the voice can speak here
    first (check_voice), so a missing engine is one clear line before any scene starts."""
    kind, _ = _parse(voice)
    if kind == "none":
        return SilentNarrator()
    check_voice(voice)
    return Narrator(voice, Path(cache_dir), recordings_dir)
