"""How the lessons' words are said, whatever the voice: the one place for pronunciation.

`narration.speech.spoken` has already turned the notation into words ("‖a‖" -> "the length of
a", "θ" -> "theta", "d_k" -> "d k", "√3" -> "root three", "3.60" -> "three point six zero").
What is left is how a voice says some of those words:

- **The letter "a".** Both voices reduce every "a" to the article's schwa ("a dot b" came out
  "uh dot b"), and espeak runs "of a" into one word. The letter (the vector a, the matrix A) is
  respelled "eigh" wherever it is a name: before an operator word, a single letter, punctuation
  or the end ("a dot b", "of a,", "a i times", "B A."), and a capital A anywhere but at a
  sentence's start ("then A turns"). "a negative weight" keeps the article.
- **Festival** gets its own lexicon entries (FESTIVAL_LEXICON), in its phone set, for words its
  lexicon lacks or its HTS voice slurs (measured with Whisper: bench/narration_bench.py).
- **Piper** (espeak-ng phonemes) gets `[[...]]` overrides from PIPER_PHONEMES for words espeak
  says wrongly, each checked by ear's proxy (Whisper base hears the sentence right with it, and
  wrong without). A test that every word is "in the
  voice's dictionary" is not possible: espeak-ng's English dictionary (en_list) holds only the
  exceptions to its letter-to-sound rules, and most words ("sum", "time", "vector") are said by
  those rules by design. What holds instead is a reviewed table, `piper_words.tsv`: every word
  the lessons say, with the phonemes Piper gives it, read through once by a person. A word not in
  it, or whose phonemes changed (a new espeak), fails tests/scenes/test_narration_captions.py with the
  lines to review; `review_table` writes them.
- **Pauses** a listener needs, for every voice (`pauses`): between the items of a list of
  numbers, and before a result ("... the dot product is ... thirty two").
"""

from __future__ import annotations

import re
from pathlib import Path

# Words before which a lone "a" is the letter (the vector a), not the article.
OPERATOR_WORDS = {"equals", "dot", "times", "plus", "minus", "over", "squared", "transpose", "hat", "and", "is"}
LETTER_A = "eigh"

# Festival's lexicon entries (its phone set). "cosine" came out "co-zeen", heard as "kerosene";
# with a schwa in "mul-tuh-ply" and "prod-uhct", Whisper heard "model to apply" and "dot project".
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

# espeak-ng phonemes for words Piper would otherwise guess (see the module's docstring).
PIPER_PHONEMES: dict[str, str] = {
    # espeak's American flap, "bay-da": Whisper heard "plus beta" as "plus spated" or "plus bay".
    # A clear t and an open last vowel: heard right three times in three (measured when Piper's noise
    # was unseeded, so each saying differed), where the flap was heard right once in three.
    "beta": "bˈeɪtʌ",
}

# Extra silence, in seconds, between the items of a list of numbers and before a result.
LIST_PAUSE = 0.15
RESULT_PAUSE = 0.3

NUMBER_WORDS = {
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "point",
    "minus",
}
RESULT_WORDS = {"is", "equals", "gives", "makes"}


def letter_a(words: str) -> str:
    """`words` (spoken text) with the letter "a"/"A" respelled LETTER_A where it is a name; the
    rest of the text untouched."""

    def swap(m: re.Match) -> str:
        after = re.match(r"\s*([A-Za-z']+|\S)", words[m.end() :])
        following = after.group(1) if after else "."
        if following.lower() in OPERATOR_WORDS or not following[0].isalpha() or len(following) == 1:
            return LETTER_A
        # A capital A inside a sentence is a name (the matrix A): the article is capitalised
        # only where a sentence starts ("... then A turns the plane").
        before = words[: m.start()].rstrip()
        if m.group(0) == "A" and before and before[-1] not in ".!?:;":
            return LETTER_A
        return m.group(0)

    return re.sub(r"(?<![A-Za-z'-])[aA](?![A-Za-z'-])", swap, words)


def piper_text(words: str) -> str:
    """What Piper is handed: the letter a respelled, and any PIPER_PHONEMES as raw phonemes
    (one word each, so the word count stays that of `words`)."""
    said = letter_a(words)
    if not PIPER_PHONEMES:
        return said

    def swap(m: re.Match) -> str:
        word = m.group(0)
        phones = PIPER_PHONEMES.get(word.lower())
        return f"[[{phones}]]" if phones else word

    return re.sub(r"[A-Za-z']+", swap, said)


def festival_text(words: str) -> str:
    """What Festival is handed: the letter a respelled; no quotes or backslashes (Festival reads
    the text inside a Scheme string)."""
    return letter_a(words).replace('"', "").replace("\\", " ")


def festival_setup(voice: str) -> str:
    entries = " ".join(f'(lex.add.entry \'("{w}" nil {phones}))' for w, phones in sorted(FESTIVAL_LEXICON.items()))
    # One expression: text2wave's -eval reads only the first, and dropped the lexicon after the voice.
    return f"(begin (voice_{voice}) {entries})"


def pauses(words: list[str]) -> dict[int, float]:
    """Word index -> extra silence before it. A list of numbers ("four, ten, eighteen") gets a
    pause after each comma between numbers; a number that ends a sentence after "is"/"equals"
    ("the dot product is thirty two.") gets a longer one before it."""

    def bare(w: str) -> str:
        return w.strip(",.;:!?").lower()

    def number(w: str) -> bool:
        return all(part in NUMBER_WORDS for part in bare(w).split("-"))

    out: dict[int, float] = {}
    for k in range(1, len(words)):
        prev, word = words[k - 1], words[k]
        if prev.endswith(",") and number(prev) and number(word):
            out[k] = LIST_PAUSE
        if bare(prev) in RESULT_WORDS and number(word):
            # The result runs to the sentence's end: only numbers follow up to the full stop.
            end = next((q for q in range(k, len(words)) if words[q][-1:] in ".;:!?"), len(words) - 1)
            if all(number(words[q]) for q in range(k, end + 1)) and not words[end].endswith(","):
                out[k] = RESULT_PAUSE
    return out


REVIEWED = Path(__file__).with_name("piper_words.tsv")


def said_words(text: str) -> list[str]:
    """The words of text handed to Piper, bare and lower case."""
    # An override ("[[bˈeɪtə]]") is reviewed where it is written, in PIPER_PHONEMES.
    return [
        w
        for w in (t.strip(",.;:!?'\"").lower() for t in text.split())
        if w and any(c.isalpha() for c in w) and not w.startswith("[[")
    ]


def reviewed() -> dict[str, str]:
    rows = (
        line.split("\t")
        for line in REVIEWED.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    return {word: phones for word, phones in rows}


def review_table(words: list[str]) -> str:
    """Lines "word<TAB>phonemes" for `words`, as Piper's joe-medium says them (for piper_words.tsv)."""
    from narration import neural

    voice = neural._load(str(neural.joe_model()))
    return "".join(f"{w}\t{''.join(p for s in voice.phonemize(w) for p in s)}\n" for w in words)


def table_digest() -> str:
    """Everything above that changes how words are said: part of every voice's fingerprint."""
    import hashlib

    parts = [
        LETTER_A,
        sorted(OPERATOR_WORDS),
        sorted(FESTIVAL_LEXICON.items()),
        sorted(PIPER_PHONEMES.items()),
        LIST_PAUSE,
        RESULT_PAUSE,
        sorted(NUMBER_WORDS),
        sorted(RESULT_WORDS),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:12]
