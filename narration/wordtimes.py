"""When each spoken word is said: word times from a voice's own timings, or found in a recording.

Every `Speech` carries one `WordTime` per word of its text (`text.split()`), in seconds from the
start of its WAV: monotone, inside the audio. The scene waits for a word (`beat.until`) or ends an
animation on it (`self.play(..., until=)`), and captions are cut at words. Where the times come from:

- **Piper** reports how many samples each phoneme took. Phonemes come in space-separated groups,
  but espeak sometimes says two words as one group ("of a" -> "əvə"), so groups are matched to
  words by `match_groups`: a monotone alignment whose cost is the difference between each word's
  phoneme count (said alone) and the group's, and a group of several words is shared out by those
  counts.
- **Festival** names its words and times them (its Word relation): matched by `match_names`.
- **A recording** has no timings. `align_recording` finds them by dynamic time warping against the
  offline voice saying the same words: both become MFCC-like frames (log mel spectra, cepstra,
  10 ms hop), a warping path with slopes between 1/2 and 2 maps every template frame to a
  recording frame, and each word's start and end are carried over that path. Measured by feeding
  one voice's audio in as a recording and comparing with that voice's own times
  (tests/unit/test_narration_wordtimes.py; median error in the docstring of `align_recording`).

No manim; numpy only.
"""

from __future__ import annotations

import numpy as np

from narration import WordTime

PUNCTUATION = ",.;:!?"


def bare(word: str) -> str:
    return word.strip(PUNCTUATION + "'\"()").lower()


def even_times(words: list[str], seconds: float, start: float = 0.0) -> tuple[WordTime, ...]:
    """Times shared out by the words' lengths over [start, seconds]: the fallback where a voice
    reports none (Festival's text2wave, a failed alignment) and silent beats at reading speed."""
    if not words:
        return ()
    weights = np.array([len(bare(w)) + 2 for w in words], dtype=float)
    edges = start + np.concatenate([[0.0], np.cumsum(weights)]) / weights.sum() * (seconds - start)
    return tuple(WordTime(w, float(a), float(b)) for w, a, b in zip(words, edges[:-1], edges[1:]))


def match_groups(
    words: list[str], estimates: list[float], groups: list[tuple[float, float, float]]
) -> tuple[WordTime, ...]:
    """Words to Piper's phoneme groups (start, end, phoneme count), in order. One group may hold up
    to three words and one word span up to three groups; the alignment keeps each word's share of
    phonemes close to its estimate (its phoneme count said alone)."""
    n, m = len(words), len(groups)
    if n == 0:
        return ()
    if m == 0:
        raise ValueError("no phoneme groups")
    inf = float("inf")
    cost = np.full((n + 1, m + 1), inf)
    step = np.zeros((n + 1, m + 1, 2), dtype=int)
    cost[0, 0] = 0.0
    est = np.concatenate([[0.0], np.cumsum(estimates)])
    got = np.concatenate([[0.0], np.cumsum([g[2] for g in groups])])
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i, j] == inf:
                continue
            for di, dj in ((1, 1), (2, 1), (3, 1), (1, 2), (1, 3)):
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                c = cost[i, j] + abs(np.log((est[a] - est[i] + 1) / (got[b] - got[j] + 1))) + 0.3 * (di + dj - 2)
                if c < cost[a, b]:
                    cost[a, b], step[a, b] = c, (di, dj)
    if cost[n, m] == inf:
        raise ValueError(f"{n} words cannot be matched to {m} phoneme groups")
    out: list[WordTime] = []
    i, j = n, m
    spans = []
    while i or j:
        di, dj = step[i, j]
        spans.append((i - di, i, j - dj, j))
        i, j = i - di, j - dj
    for w0, w1, g0, g1 in reversed(spans):
        start, end = groups[g0][0], groups[g1 - 1][1]
        share = np.array(estimates[w0:w1], dtype=float) + 0.5
        edges = start + np.concatenate([[0.0], np.cumsum(share)]) / share.sum() * (end - start)
        out.extend(WordTime(words[k], float(edges[k - w0]), float(edges[k - w0 + 1])) for k in range(w0, w1))
    return tuple(out)


def match_names(words: list[str], named: list[tuple[str, float, float]], seconds: float) -> tuple[WordTime, ...]:
    """Words to a voice's own named and timed words (Festival's Word relation). Equal counts pair
    up in order. Otherwise words pair with the names they equal (an edit alignment), and each run
    of words left between two pairs shares out the time of the names left between them
    (Festival says "thirty-two" as "thirty" "two")."""
    if len(named) == len(words):
        return tuple(WordTime(w, s, e) for w, (_, s, e) in zip(words, named))
    n, m = len(words), len(named)
    same = [[bare(words[i]) == bare(named[j][0]) for j in range(m)] for i in range(n)]
    cost = np.zeros((n + 1, m + 1))
    cost[:, 0] = np.arange(n + 1)
    cost[0, :] = np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i, j] = min(
                cost[i - 1, j - 1] + (0 if same[i - 1][j - 1] else 2), cost[i - 1, j] + 1, cost[i, j - 1] + 1
            )
    anchors = [(-1, -1)]
    i, j = n, m
    while i and j:
        if same[i - 1][j - 1] and cost[i, j] == cost[i - 1, j - 1]:
            anchors.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i, j] == cost[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    anchors = sorted(anchors) + [(n, m)]
    out: list[WordTime] = []
    for (i0, j0), (i1, j1) in zip(anchors, anchors[1:]):
        if i0 >= 0:
            out.append(WordTime(words[i0], named[j0][1], named[j0][2]))
        run = words[i0 + 1 : i1]
        if run:
            left = named[j0][2] if j0 >= 0 else 0.0
            right = named[j1][1] if j1 < m else seconds
            inside = named[j0 + 1 : j1]
            a, b = (inside[0][1], inside[-1][2]) if inside else (left, right)
            out.extend(even_times(run, b, start=a))
    return monotone(out, seconds)


def monotone(words, seconds: float) -> tuple[WordTime, ...]:
    """Clamp times into [0, seconds] and make starts and ends non-decreasing, each word ending
    no sooner than it starts."""
    out: list[WordTime] = []
    last = 0.0
    for w in words:
        s = min(max(w.start, last), seconds)
        e = min(max(w.end, s), seconds)
        out.append(WordTime(w.word, float(s), float(e)))
        last = s
    return tuple(out)


def shifted(words, by: float, seconds: float) -> tuple[WordTime, ...]:
    return monotone([WordTime(w.word, w.start + by, w.end + by) for w in words], seconds)


def insert_pauses(
    samples: np.ndarray, rate: int, words: tuple[WordTime, ...], pauses: dict[int, float]
) -> tuple[np.ndarray, tuple[WordTime, ...]]:
    """Silence of `pauses[k]` seconds added before word k, in the gap before it (where the voice
    already breathes), and every later word moved on by as much."""
    if not pauses:
        return samples, words
    pieces, out, cut, added = [], [], 0, 0.0
    for k, w in enumerate(words):
        if k in pauses and k > 0:
            at = (words[k - 1].end + w.start) / 2
            index = int(round(at * rate))
            pieces.append(samples[cut:index])
            pieces.append(np.zeros(int(round(pauses[k] * rate)), dtype=samples.dtype))
            cut = index
            added += len(pieces[-1]) / rate
        out.append(WordTime(w.word, w.start + added, w.end + added))
    pieces.append(samples[cut:])
    joined = np.concatenate(pieces)
    return joined, monotone(out, len(joined) / rate)


# --- a recording's words, by dynamic time warping against the offline voice ---------------


def features(
    samples: np.ndarray, rate: int, hop: float = 0.01, window: float = 0.025, bands: int = 32, keep: int = 13
) -> np.ndarray:
    """Cepstra of log mel spectra, one row per `hop`, each coefficient normalised over the
    utterance (so two voices' timbres matter less than what they say), plus the frame's level."""
    from scipy.fft import dct

    hop_n, win_n = int(hop * rate), int(window * rate)
    n_fft = 1 << (win_n - 1).bit_length()
    x = np.asarray(samples, dtype=np.float64)
    if len(x) < win_n:
        x = np.pad(x, (0, win_n - len(x)))
    frames = 1 + (len(x) - win_n) // hop_n
    idx = np.arange(win_n)[None, :] + hop_n * np.arange(frames)[:, None]
    spec = np.abs(np.fft.rfft(x[idx] * np.hanning(win_n), n_fft)) ** 2
    freqs = np.fft.rfftfreq(n_fft, 1 / rate)
    mel = 2595 * np.log10(1 + freqs / 700)
    edges = np.linspace(mel[1], 2595 * np.log10(1 + min(8000, rate / 2) / 700), bands + 2)
    fb = np.maximum(
        0,
        np.minimum(
            (mel[None, :] - edges[:-2, None]) / (edges[1:-1, None] - edges[:-2, None]),
            (edges[2:, None] - mel[None, :]) / (edges[2:, None] - edges[1:-1, None]),
        ),
    )
    logmel = np.log(spec @ fb.T + 1e-10)
    cep = dct(logmel, type=2, norm="ortho", axis=1)[:, 1:keep]
    level = logmel.mean(axis=1, keepdims=True)
    f = np.hstack([cep, level])
    return (f - f.mean(axis=0)) / (f.std(axis=0) + 1e-9)


def warp(template: np.ndarray, query: np.ndarray) -> np.ndarray:
    """For each template frame, the query frame it lines up with: DTW with steps (1,1), (1,2) and
    (2,1), so each row of the cost table depends on earlier rows only and is computed at once;
    the slopes allow one to be spoken up to twice as fast as the other."""
    n, m = len(template), len(query)
    cost = np.sqrt(((template[:, None, :] - query[None, :, :]) ** 2).sum(axis=2))
    inf = np.inf
    acc = np.full((n, m), inf)
    move = np.zeros((n, m), dtype=np.int8)
    acc[0, 0] = cost[0, 0]
    for i in range(1, n):
        diag = np.full(m, inf)
        diag[1:] = acc[i - 1, :-1]
        wide = np.full(m, inf)  # from (i-1, j-2): the query runs faster here
        wide[2:] = acc[i - 1, :-2] + cost[i, 1:-1]
        tall = np.full(m, inf)  # from (i-2, j-1): the template runs faster here
        if i >= 2:
            tall[1:] = acc[i - 2, :-1] + cost[i - 1, 1:]
        best = np.minimum(np.minimum(diag, wide), tall)
        move[i] = np.where(best == diag, 0, np.where(best == wide, 1, 2))
        acc[i] = best + cost[i]
    # The path ends at the last template frame, anywhere in the last tenth of the query (a take
    # may trail off); then back to (0, 0).
    tail = max(1, m // 10)
    j = m - tail + int(np.argmin(acc[n - 1, m - tail :] / np.arange(n + m - tail, n + m)))
    if not np.isfinite(acc[n - 1, j]):
        raise ValueError("the recording and the words cannot be lined up")
    mapped = np.zeros(n, dtype=int)
    i = n - 1
    while i >= 0:
        mapped[i] = j
        if i == 0:
            break
        step = move[i, j]
        if step == 0:
            i, j = i - 1, j - 1
        elif step == 1:
            i, j = i - 1, j - 2
        else:
            mapped[i - 1] = j
            i, j = i - 2, j - 1
    return mapped


def align_recording(
    recording: np.ndarray, template: np.ndarray, template_words: tuple[WordTime, ...], rate: int, hop: float = 0.01
) -> tuple[WordTime, ...]:
    """The words of `template` (the offline voice saying the recording's words, with its own
    times) found in `recording`: each word boundary carried over the warping path."""
    seconds = len(recording) / rate
    if not template_words:
        return ()
    path = warp(features(template, rate, hop), features(recording, rate, hop))

    def carry(t: float) -> float:
        i = min(len(path) - 1, max(0, int(round(t / hop))))
        return float(path[i]) * hop

    return monotone([WordTime(w.word, carry(w.start), carry(w.end)) for w in template_words], seconds)
