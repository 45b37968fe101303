"""Who says each beat: the author's recording, the offline voice, or nobody.

    narrator = make_narrator("auto", cache_dir=Path("output/.cache/voice"))
    speech = narrator.speak(scene="VectorAlignment", index=2, name="alignment", text=caption)

Voices (`--voice`):
- "auto" (default): the author's recording where there is a current one, else the offline voice.
- "recorded": recordings only; a missing or stale one is an InputError naming the file to record.
- "tts": the offline voice for every beat.
- "none": silent (SilentNarrator); beats keep their reading-speed holds.
- "piper:PATH.onnx": a Piper neural voice, only where the `piper` package or program is installed.

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
AAC and Opus tracks use, so laying beats on a track needs no resampling. Festival's HTS voice
speaks at 32 kHz; recordings come at any rate. Leading and trailing silence is trimmed to a
20 ms lead-in, so speech starts at the beat's start and `seconds` is the voice, not its pauses.
Files are content-addressed (engine, voice and spoken text; or the recording's bytes) and
written atomically, so parallel workers can share the cache.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from mathcore import InputError
from narration import SilentNarrator, Speech
from narration.speech import spoken

log = logging.getLogger("narration")

VOICES = ("auto", "recorded", "tts", "none")
EXTENSIONS = (".wav", ".flac", ".ogg", ".mp3")
RATE = 48000
FESTIVAL_VOICE = "cmu_us_slt_arctic_hts"
FESTIVAL_VOICE_DIRS = [Path("/usr/share/festival/voices/us") / FESTIVAL_VOICE]
FESTIVAL_INSTALL = "sudo apt-get install festival festvox-us-slt-hts"
# The author's recordings; LESSON_RECORDINGS points elsewhere (the tests' own folder).
RECORDINGS = Path(os.environ.get("LESSON_RECORDINGS") or Path(__file__).resolve().parent.parent / "assets" / "narration")
# Bump when what is done to a voice's output changes (trimming, rate), so cached speech is redone.
PROCESSING = "48k-mono-s16-trim20ms-v1"
LEAD_IN = 0.02
TAIL = 0.05


# --- what Festival is handed -------------------------------------------------------------

# Words of the lessons Festival's lexicon lacks and its letter-to-sound rules get wrong
# ("cosine" came out as "co-zeen", heard as "kerosene"), in its own phone set. And words its
# lexicon has but this voice slurs: with a schwa in "mul-tuh-ply" and "prod-uhct", Whisper heard
# "model to apply" and "dot project" / "dot parodict" in most beats that say them; with "t ih"
# and "d ah k t" it hears "multiply" and "dot product" (bench/narration_bench.py, -v).
FESTIVAL_LEXICON = {
    "cosine": "(((k ow) 1) ((s ay n) 0))",
    "multiplication": "(((m ah l) 0) ((t ih) 0) ((p l ih) 0) ((k ey) 1) ((sh ax n) 0))",
    "multiplied": "(((m ah l) 1) ((t ih) 0) ((p l ay d) 2))",
    "multiplies": "(((m ah l) 1) ((t ih) 0) ((p l ay z) 2))",
    "multiply": "(((m ah l) 1) ((t ih) 0) ((p l ay) 2))",
    "multiplying": "(((m ah l) 1) ((t ih) 0) ((p l ay) 2) ((ih ng) 0))",
    "product": "(((p r aa) 1) ((d ah k t) 0))",
    "products": "(((p r aa) 1) ((d ah k t s) 0))",
    "procedurally": "(((p r ax) 0) ((s iy) 1) ((jh er) 0) ((ax) 0) ((l iy) 0))",
    "relu": "(((r ey) 1) ((l uw) 0))",
}
# Before these words a lone "a" is the vector a, not the article ("a dot b", "a times").
OPERATOR_WORDS = {"equals", "dot", "times", "plus", "minus", "over", "squared", "transpose", "hat"}


def festival_text(words: str) -> str:
    """The spoken text as Festival should get it: the vector "a" respelled "eigh", since
    Festival reduces every "a" to the article's schwa ("a dot b" came out "uh dot b").
    An "a" is the vector when an operator word, a single letter or punctuation follows it
    ("a dot b", "of a,", "a i times", "b dot a."); "a negative weight" and "times a positive
    feature" keep the article."""
    tokens = re.findall(r"[A-Za-z']+|[^A-Za-z'\s]+", words)
    out = []
    for i, tok in enumerate(tokens):
        if tok == "a":
            after = tokens[i + 1] if i + 1 < len(tokens) else "."
            if after in OPERATOR_WORDS or not after[0].isalpha() or len(after) == 1:
                tok = "eigh"
        out.append(tok)
    text = ""
    for tok in out:
        text += tok if (text == "" or not tok[0].isalnum() and tok[0] not in "'") else " " + tok
    # Festival's reader takes the text inside a Scheme string: no quotes or backslashes in it.
    return text.replace('"', "").replace("\\", " ")


def _festival_setup() -> str:
    entries = " ".join(f'(lex.add.entry \'("{w}" nil {phones}))' for w, phones in sorted(FESTIVAL_LEXICON.items()))
    # One expression: text2wave's -eval reads only the first, and dropped the lexicon after the voice.
    return f"(begin (voice_{FESTIVAL_VOICE}) {entries})"


class _FestivalProcess:
    """One Festival kept running for a narrator's beats: loading the HTS voice costs about as
    much as saying a sentence, so text2wave per beat would pay it every time. Commands go to
    its interactive reader; each ends by printing a marker we wait for."""

    def __init__(self):
        self.proc = subprocess.Popen(["festival", "-i"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, bufsize=0)
        self.count = 0
        self._run(_festival_setup())

    def _run(self, command: str, timeout: float = 120.0) -> None:
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
                seen = seen[-4096:] + chunk

    def say(self, text: str, out: Path) -> None:
        self._run(f'(utt.save.wave (SynthText "{text}") "{out}" \'riff)')
        if not out.is_file():
            raise RuntimeError(f"festival wrote nothing for {text!r}")

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
        raise InputError(f"two recordings for {scene} beat {index} ({name!r}): "
                         + " and ".join(str(p) for p in found) + "; keep one")
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


def recording_status(scene: str, index: int, name: str, spoken_text: str,
                     recordings_dir: Path | None = None) -> str:
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


@functools.lru_cache(maxsize=256)
def _file_digest_cached(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    st = path.stat()
    return _file_digest_cached(str(path), st.st_size, st.st_mtime_ns)


# --- the voices ------------------------------------------------------------------------


def _parse(voice: str) -> tuple[str, Path | None]:
    if voice.startswith("piper:"):
        model = voice[len("piper:"):]
        if not model:
            raise InputError("--voice piper: needs a model file, e.g. --voice piper:voices/en_US-amy-medium.onnx")
        return "piper", Path(model)
    if voice not in VOICES:
        raise InputError(f"unknown voice {voice!r}: choose auto, recorded, tts, none or piper:PATH.onnx")
    return voice, None


def _festival_missing() -> str | None:
    if shutil.which("text2wave") is None:
        return f"the offline voice needs Festival: {FESTIVAL_INSTALL}"
    if not any(d.is_dir() for d in FESTIVAL_VOICE_DIRS):
        return f"the offline voice needs Festival's HTS voice {FESTIVAL_VOICE}: {FESTIVAL_INSTALL}"
    return None


def _piper_command() -> list[str] | None:
    if importlib.util.find_spec("piper") is not None:
        return [sys.executable, "-m", "piper"]
    exe = shutil.which("piper")
    return [exe] if exe else None


def check_voice(voice: str) -> None:
    """Nothing when `voice` can speak on this machine; else an InputError in one line with the fix.
    "auto" needs the offline voice too: any beat without a recording falls back to it."""
    kind, model = _parse(voice)
    if kind in ("auto", "tts"):
        missing = _festival_missing()
        if missing:
            raise InputError(missing)
    elif kind == "piper":
        if not model.is_file():
            raise InputError(f"--voice piper: no model file at {model}")
        if _piper_command() is None:
            raise InputError("--voice piper: needs Piper: .venv/bin/pip install piper-tts")


@functools.lru_cache(maxsize=1)
def _festival_version() -> str:
    try:
        out = subprocess.run(["festival", "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "festival unknown"
    return " ".join(out.split())


@functools.lru_cache(maxsize=1)
def _narration_source() -> str:
    """What is said depends on the normaliser and on how audio is processed: both in every key."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for name in ("speech.py", "voices.py", "audio.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def _engine_fingerprint(kind: str, model: Path | None) -> str:
    if kind == "piper":
        return f"piper {_file_digest(model)[:16]}" if model.is_file() else f"piper {model}"
    lexicon = hashlib.sha256(_festival_setup().encode()).hexdigest()[:12]
    return f"{_festival_version()} {FESTIVAL_VOICE} lexicon {lexicon}"


def voice_fingerprint(voice: str) -> str:
    """A string that changes whenever the same captions would be spoken differently by `voice`:
    the mode, the engine and its version, the voice (a Piper model by digest), the normaliser's
    and processing's source. Per scene, a cache key should add `recordings_digest(scene)` for
    "auto" and "recorded" (captions come from the scene's source and parameters, already keyed)."""
    kind, model = _parse(voice)
    if kind == "none":
        return "none"
    parts = [kind, PROCESSING, _narration_source()]
    if kind != "recorded":
        parts.append(_engine_fingerprint(kind, model))
    return "|".join(parts)


def _trim(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Cut leading and trailing quiet (frames 40 dB under the loudest), keeping a 20 ms lead-in
    and a 50 ms tail, with 5 ms fades so the cut edges do not click."""
    hop = int(0.01 * rate)
    n = len(samples) // hop
    if n == 0 or not np.any(samples):
        return samples[:0]
    level = 10 * np.log10(np.mean(samples[: n * hop].astype(np.float64).reshape(n, hop) ** 2, axis=1) + 1e-20)
    loud = np.flatnonzero(level > max(level.max() - 40, -70))
    if len(loud) == 0:
        return samples[:0]
    start = max(0, loud[0] * hop - int(LEAD_IN * rate))
    end = min(len(samples), (loud[-1] + 1) * hop + int(TAIL * rate))
    out = samples[start:end].astype(np.float32).copy()
    fade = min(len(out) // 2, int(0.005 * rate))
    if fade:
        ramp = np.linspace(0.0, 1.0, fade, dtype=np.float32)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out


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
                    raise InputError(f"{scene} beat {index} ({name!r}) has no recording: record {where} "
                                     f"saying: {words}")
                raise InputError(f"{where} is stale: it was recorded from other words than {words!r}; "
                                 f"record it again (and update {where.with_suffix('.txt').name})")
            if status == "stale":
                note = f"{where} is stale (its .txt has other words): the offline voice says this beat"
                self.notes.append(note)
                log.warning(note)
        return self._synthesised(words)

    # Each path ends in a cached 48 kHz WAV named by what went into it.

    def _cached(self, key: str) -> Path:
        return self.cache_dir / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".wav")

    def _recorded(self, recording: Path, words: str) -> Speech:
        from narration.audio import cached_voice, read_audio, wav_seconds, write_wav

        target = self._cached(json.dumps(["recorded", PROCESSING, _file_digest(recording)]))
        if not cached_voice(target, words, again=f"reading {recording.name} again", timed=False):
            samples = _trim(read_audio(recording, RATE))
            if len(samples) == 0:
                raise InputError(f"{recording}: the recording is empty (no sound in it)")
            write_wav(target, samples, RATE)
        return Speech(text=words, seconds=wav_seconds(target), path=str(target), source="recorded")

    def _synthesised(self, words: str) -> Speech:
        from narration.audio import cached_voice, read_audio, wav_seconds, write_wav

        engine = _engine_fingerprint(self.kind, self.model)
        said = words if self.kind == "piper" else festival_text(words)
        target = self._cached(json.dumps([engine, PROCESSING, said]))
        if not cached_voice(target, words):
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(dir=self.cache_dir, prefix="synth.") as work:
                raw = Path(work) / "raw.wav"
                began = time.perf_counter()
                self._synthesise(said, raw)
                self.synthesis_seconds += time.perf_counter() - began
                samples = _trim(read_audio(raw, RATE))
            if len(samples) == 0:
                raise InputError(f"the voice said nothing for: {words!r}")
            write_wav(target, samples, RATE)
        return Speech(text=words, seconds=wav_seconds(target), path=str(target), source="tts")

    def _synthesise(self, words: str, out: Path) -> None:
        """The engine's own output (any rate) for `words` into `out`."""
        if self.kind == "piper":
            command = _piper_command() + ["--model", str(self.model), "--output_file", str(out)]
            stdin = words
        else:
            try:
                if self._festival is None:
                    self._festival = _FestivalProcess()
                self._festival.say(words, out)
                return
            except (OSError, RuntimeError) as e:
                # A Festival that will not stay up still has text2wave, one process per beat.
                log.warning("festival process: %s; using text2wave", e)
                self.close()
            source = out.with_suffix(".txt")
            source.write_text(words + "\n", encoding="utf-8")
            command = ["text2wave", "-eval", _festival_setup(), str(source), "-o", str(out)]
            stdin = None
        try:
            done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)
        except OSError as e:
            raise InputError(f"{command[0]}: cannot run ({e}); {FESTIVAL_INSTALL}") from None
        if done.returncode != 0 or not out.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"{Path(command[0]).name} failed on {words!r}: {last}")


def make_narrator(voice: str, cache_dir: Path, recordings_dir: Path | None = None):
    """The narrator for `voice` (see the module's docstring). Checks the voice can speak here
    first (check_voice), so a missing engine is one clear line before any scene starts."""
    kind, _ = _parse(voice)
    if kind == "none":
        return SilentNarrator()
    check_voice(voice)
    return Narrator(voice, Path(cache_dir), recordings_dir)
