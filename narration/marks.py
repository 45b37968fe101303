"""Marks in a beat's words, and a caption cut into cues. Text only: no manim, no voice.

A mark names a word, so that the picture can move on it:

    with self.beat("Multiply each pair: <p1>4, <p2>10, <p3>18.") as beat:
        self.play(light(0), until="p2")   # ends as "10" is said
        beat.until("p3")                   # waits until "18" is said

The syntax is `<name>` written against the word it marks: short, visible in a script, the shape
of an SSML bookmark (`<mark name="..."/>`), and it cannot be meant as text: the lessons write
"a·b < 0" with spaces around the sign, and a name is letters, digits, "_" or "-" only. Marks are
taken out before the caption is shown, spoken, recorded or written to subtitles.

Where a mark falls in the speech is found by normalising the caption with a marker character in
place of each mark (`spoken_positions`): "<c>18" -> "\ue000eighteen" -> word 7. The same is done
for the first word of each cue, so cues are timed to their own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARK = re.compile(r"<([A-Za-z][\w-]*)>")
# Private-use characters: no normalising rule matches them, and no caption contains them.
SENTINEL = "\ue000"

LINE = 42  # characters per caption line (broadcast and streaming practice)
LINES = 2


class MarkError(ValueError):
    """A mark the words do not hold, or used out of order."""


@dataclass(frozen=True)
class Marked:
    text: str  # the words without their marks
    marks: dict[str, int]  # mark name -> the character position in `text` of the word it marks


def parse(text: str) -> Marked:
    """Take the marks out of `text`, remembering where each stood. A repeated name, or a mark
    with no word after it, is a MarkError."""
    out, marks, last = [], {}, 0
    for m in MARK.finditer(text):
        out.append(text[last : m.start()])
        name = m.group(1)
        if name in marks:
            raise MarkError(f"mark <{name}> appears twice")
        at = sum(len(p) for p in out)
        rest = text[m.end() :]
        if not rest.strip() or MARK.match(rest.lstrip()):
            raise MarkError(f"mark <{name}> has no word after it")
        marks[name] = at
        last = m.end()
    out.append(text[last:])
    return Marked("".join(out), marks)


def strip(text: str) -> str:
    return MARK.sub("", text)


def spoken_positions(text: str, positions: list[int], normalise) -> tuple[str, list[int]]:
    """`normalise(text)` and, for each character position, the index of the spoken word that
    the text from there begins with. Positions past the last word get the word count."""
    order = sorted(set(positions))
    pieces, last = [], 0
    for k, at in enumerate(order):
        pieces.append(text[last:at])
        pieces.append(chr(ord(SENTINEL) + k))
        last = at
    pieces.append(text[last:])
    said = normalise("".join(pieces))
    found: dict[int, int] = {}
    words: list[str] = []
    for token in said.split():
        clean = "".join(c for c in token if not _is_sentinel(c))
        for c in token:
            if _is_sentinel(c):
                found[ord(c) - ord(SENTINEL)] = len(words)
        if clean and clean not in ",.;:!?":
            words.append(clean)
        elif clean and words:
            words[-1] += clean
    index = {at: found.get(k, len(words)) for k, at in enumerate(order)}
    plain = normalise(text)
    return plain, [min(index[p], len(plain.split())) for p in positions]


def _is_sentinel(c: str) -> bool:
    return ord(SENTINEL) <= ord(c) < ord(SENTINEL) + 256


# --- cues ---------------------------------------------------------------------------------


def wrap(text: str, width: int = LINE) -> list[str] | None:
    """`text` in at most LINES lines of at most `width` characters, the lines as even as the
    words allow (a short second line reads badly); None when it does not fit."""
    words = text.split()
    if len(" ".join(words)) <= width:
        return [" ".join(words)]
    best = None
    for k in range(1, len(words)):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        if len(a) <= width and len(b) <= width:
            score = abs(len(a) - len(b))
            if best is None or score < best[0]:
                best = (score, [a, b])
    return best[1] if best else None


def _pieces(text: str, pattern: str) -> list[tuple[int, str]]:
    """`text` cut after each match of `pattern` (the separator stays with the piece before it),
    as (start, piece) pairs."""
    out, last = [], 0
    for m in re.finditer(pattern, text):
        out.append((last, text[last : m.end()]))
        last = m.end()
    out.append((last, text[last:]))
    return [(s + len(p) - len(p.lstrip()), p.strip()) for s, p in out if p.strip()]


SENTENCE = r"(?<=[.!?])\s+(?=\S)"
CLAUSE = r"(?<=[,;:—–])\s+(?=\S)|\s+(?=(?:and|but|so|then|while|which|where|because)\s)"


def cues(text: str, width: int = LINE) -> list[tuple[int, str]]:
    """A caption cut into cues of at most LINES lines of `width` characters: (start character,
    cue text with its line break). Whole sentences are kept together where they fit, then
    clauses, then words, packing as much into each cue as fits."""

    def fits(s: str) -> bool:
        return wrap(s, width) is not None

    def split(start: int, s: str, level: int) -> list[tuple[int, str]]:
        if fits(s):
            return [(start, s)]
        if level == 0:
            parts = _pieces(s, SENTENCE)
        elif level == 1:
            parts = _pieces(s, CLAUSE)
        else:
            # Words: two pieces as even as the words allow, or, when no cut leaves both
            # fitting, the longest head that fits and the rest.
            words = list(re.finditer(r"\S+", s))
            if len(words) < 2:
                return [(start, s)]
            cuts = [
                (abs(len(s[: w.end()]) - len(s[n.start() :])), w.end(), n.start())
                for w, n in zip(words, words[1:])
                if fits(s[: w.end()]) and fits(s[n.start() :])
            ]
            if cuts:
                _, head_end, tail_at = min(cuts)
                return [(start, s[:head_end]), (start + tail_at, s[tail_at:])]
            k = max((i for i in range(1, len(words)) if fits(s[: words[i - 1].end()])), default=1)
            head_end, tail_at = words[k - 1].end(), words[k].start()
            return [(start, s[:head_end])] + split(start + tail_at, s[tail_at:], 0)
        if len(parts) == 1:
            return split(start, s, level + 1)
        # Pieces too long on their own are cut further; then consecutive pieces are packed into
        # as few cues as possible, as even in length as possible (a DP over the pieces).
        flat: list[tuple[int, str]] = []
        for at, piece in parts:
            flat.extend([(start + at, piece)] if fits(piece) else split(start + at, piece, level + 1))
        n = len(flat)
        best: list[tuple[int, int, int] | None] = [(0, 0, 0)] + [None] * n  # (cues, sum of squares, cut)
        for j in range(1, n + 1):
            for i in range(j):
                if best[i] is None:
                    continue
                joined = " ".join(piece for _, piece in flat[i:j])
                if i + 1 < j and not fits(joined):
                    continue
                score = (best[i][0] + 1, best[i][1] + len(joined) ** 2, i)
                if best[j] is None or score[:2] < best[j][:2]:
                    best[j] = score
        out: list[tuple[int, str]] = []
        j = n
        while j:
            i = best[j][2]
            out.append((flat[i][0], " ".join(piece for _, piece in flat[i:j])))
            j = i
        return out[::-1]

    text = text.strip()
    # A vector or a bracket's contents is never cut: its spaces are glued (same length, so the
    # start characters hold), unless that leaves a line too long (a vector wider than a line).
    for source in (_glued(text), text):
        out = [(at, "\n".join(wrap(piece, width) or [piece])) for at, piece in split(0, source, 0)]
        if all(len(line) <= width for _, t in out for line in t.split("\n")):
            break
    return [(at, t.replace(GLUE, " ")) for at, t in out]


# Stands for a space inside brackets while a caption is cut: not whitespace to split() or \s.
GLUE = "\u2063"


def _glued(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        depth += (ch in "[(") - (ch in "])" and depth > 0)
        out.append(GLUE if ch == " " and depth else ch)
    return "".join(out)
