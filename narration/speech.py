"""A caption as the narrator says it: numbers as words, the lessons' notation as English.

    spoken("The dot product is 3.60.")  ->  "The dot product is three point six zero."
    spoken("‖a‖ ‖b‖ cos θ = 4.68")      ->  "the length of a times the length of b times cosine theta equals four point six eight"

Choices, so that a listener hears what the screen shows:
- A decimal is read digit by digit after the point, trailing zeros too ("3.60" -> "three point
  six zero"): the screen shows two places and the voice should not round them away.
- "·" between two numbers is a product ("1·7" -> "one times seven"); anywhere else it is the dot
  product ("a·b" -> "a dot b").
- "2×3" (or "m×n") written tight is a shape ("two by three"); "2 × 3" with spaces is a product
  ("times").
- A spaced "·" between capitalised words separates ("Math Foundation · Vectors" -> "Math
  Foundation: Vectors"); "AB" (two matrices' names) is said "A B".
- Subscripts and indices are said as plain juxtaposition, as the captions already do for
  "a i times b i": "d_k" -> "d k", "C[a,b]" -> "C a b".
- A "-" or "−" before a number is "minus"; a hyphen inside a word ("multiply-accumulate") stays.
- "cos", "sin", "tan" are said in full ("cosine theta"): Festival reads "cos" as a word.
- "‖a‖" and "|a|" are "the length of a" (these lessons only take the norm of vectors).

No manim, no voice: plain text in, plain text out.
"""

from __future__ import annotations

import re
import unicodedata

from num2words import num2words

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "ζ": "zeta",
    "η": "eta",
    "θ": "theta",
    "ι": "iota",
    "κ": "kappa",
    "λ": "lambda",
    "μ": "mu",
    "ν": "nu",
    "ξ": "xi",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "υ": "upsilon",
    "φ": "phi",
    "ϕ": "phi",
    "χ": "chi",
    "ψ": "psi",
    "ω": "omega",
    "Γ": "gamma",
    "Δ": "delta",
    "Θ": "theta",
    "Λ": "lambda",
    "Π": "pi",
    "Φ": "phi",
    "Ψ": "psi",
    "Ω": "omega",
}

DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789aeijklmnoprstuvx")

# Whole words said differently from how a speech engine would read them.
WORDS = {
    "cos": "cosine",
    "sin": "sine",
    "tan": "tangent",
    "tanh": "tan h",
    "relu": "ray loo",
    "ReLU": "ray loo",
    "softmax": "soft max",
    "argmax": "arg max",
    "e.g.": "for example",
    "i.e.": "that is",
    "vs.": "versus",
    "vs": "versus",
    "etc.": "et cetera",
}

# Symbols said as words, applied after numbers and structure are dealt with.
SYMBOLS = [
    ("≈", " is about "),
    ("≠", " is not equal to "),
    ("≤", " is at most "),
    ("≥", " is at least "),
    ("±", " plus or minus "),
    ("×", " times "),
    ("÷", " divided by "),
    ("∈", " in "),
    ("∞", " infinity "),
    ("∑", " the sum of "),
    ("=", " equals "),
    ("+", " plus "),
    ("−", " minus "),
    ("<", " is less than "),
    (">", " is greater than "),
    ("%", " percent"),
    ("&", " and "),
    ("°", " degrees"),
]

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\.\d+|\d+"


def number_words(figure: str) -> str:
    """ "3.60" -> "three point six zero", "1,000" -> "one thousand", ".5" -> "zero point five"."""
    figure = figure.replace(",", "")
    whole, _, frac = figure.partition(".")
    words = num2words(int(whole or "0")).replace(",", "")
    if frac:
        words += " point " + " ".join(DIGIT_WORDS[int(d)] for d in frac)
    return words


def _number(m: re.Match) -> str:
    sign, figure, degree = m.group("sign"), m.group("num"), m.group("deg")
    words = number_words(figure)
    if sign:
        words = "minus " + words
    if degree:
        words += " degree" if figure == "1" and not sign else " degrees"
    return words


def _ordinal(m: re.Match) -> str:
    return num2words(int(m.group(1)), to="ordinal")


def _index_parts(inside: str) -> list[str]:
    """ "a,b" -> [a, b]; "ij" -> [i, j] (short runs of letters are separate indices)."""
    parts = [p.strip() for p in inside.split(",") if p.strip()]
    if len(parts) == 1 and parts[0].isalnum() and len(parts[0]) <= 3 and not parts[0].isdigit():
        return list(parts[0])
    return parts


def _index(m: re.Match) -> str:
    """ "C[a,b]" -> "C a b": an index is said as juxtaposition, like a subscript."""
    return m.group(1) + " " + " ".join(_index_parts(m.group(2)))


def spoken(text: str) -> str:
    """The caption `text` normalised for speech (see the module's docstring)."""
    s = unicodedata.normalize("NFC", text)
    # Spaces of every width become one kind; curly apostrophes inside words stay apostrophes.
    s = re.sub(r"[\u00a0\u2000-\u200b\u202f]", " ", s)
    s = re.sub(r"(?<=\w)[’‘](?=\w)", "'", s)
    s = re.sub(r"[\"“”‘’«»`]", "", s)

    # A letter with a hat: "ŷ" (precomposed) or "y" + combining circumflex.
    s = unicodedata.normalize("NFD", s)
    s = re.sub(r"([A-Za-z])\u0302", r"\1 hat", s)
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"\b([A-Za-z])-hat\b", r"\1 hat", s)

    # Norms, roots, powers, subscripts and indices: structure first, while it is still visible.
    s = re.sub(r"‖\s*([^‖]+?)\s*‖", r" the length of \1 ", s)
    s = re.sub(r"(?<![\w|])\|\s*([A-Za-z][\w]*)\s*\|(?![\w|])", r" the length of \1 ", s)
    s = re.sub(r"(the length of \w+)\s+(?=the length of|cos\b|cosine\b|sin\b)", r"\1 times ", s)
    s = re.sub(r"(?:√|\bsqrt)\s*\(", " the square root of (", s)
    s = re.sub(r"√\s*", " root ", s)
    s = s.replace("²", " squared").replace("³", " cubed").replace("ᵀ", " transpose")
    s = re.sub(r"\^\s*\{?2\}?", " squared", s)
    s = re.sub(r"\^\s*\{?3\}?", " cubed", s)
    s = re.sub(r"\^\s*\{?T\}?", " transpose", s)
    s = re.sub(r"\^\s*\{?([\w.\-]+)\}?", r" to the power \1", s)
    s = re.sub(r"[₀-₉ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ]+", lambda m: " " + " ".join(m.group(0).translate(SUBSCRIPTS)) + " ", s)
    s = re.sub(r"(?:∑|Σ|\bsum)\s*_\{?(\w+)\}?", r" the sum over \1 of ", s)
    s = re.sub(r"_\{([^}]*)\}", lambda m: " " + " ".join(_index_parts(m.group(1))) + " ", s)
    s = re.sub(r"(?<=\w)_(?=\w)", " ", s)
    s = re.sub(r"(?<=\w\])\s+(?=\w\[)", " times ", s)
    s = re.sub(r"(\w)\[([^\[\]]+)\]", _index, s)
    s = re.sub(r"[\[\]{}]", " ", s)

    # Function application: "sigmoid(z)" -> "sigmoid of z"; "cos(θ)" -> "cosine theta".
    s = re.sub(r"\b(cos|sin|tan)\s*\(\s*([^()]*?)\s*\)", r"\1 \2", s)
    s = re.sub(r"(?<![\w])([A-Za-zα-ωΑ-Ω][A-Za-z]*)\((?=[^()]*\))", r"\1 of (", s)
    # Shapes: "2×3" or "2x3" written tight is "two by three", and so is "m×n" (letters only with
    # "×": "axb" is a word); two shapes side by side multiply.
    s = re.sub(r"(?<![\w.])(\d+)[×x](\d+)(?![\w.])", r"\1 by \2", s)
    s = re.sub(r"(?<![\w.])(\w)×(\w)(?![\w.])", r"\1 by \2", s)
    s = re.sub(r"\)\s*\(", ") times (", s)
    s = re.sub(r"\s*(?:→|⟶|⇒|->)\s*", " gives ", s)

    # A spaced dot between two capitalised words is a separator, said as a pause: "Math
    # Foundation · Vectors & Matrices" is a course's name, not a dot product.
    s = re.sub(r"(?<=[A-Za-z]{2})\s+[·•]\s+(?=[A-Z][a-z])", ": ", s)
    # Two matrices' names written together are their product, said letter by letter ("AB" -> "A B").
    s = re.sub(r"\b([ABCW])([ABCW])\b", r"\1 \2", s)
    # The dot: a product between two numbers, the dot product anywhere else.
    s = re.sub(r"(?<=\d)\s*[·⋅∙]\s*(?=[\d.])", " times ", s)
    s = re.sub(r"\s*[·⋅∙]\s*", " dot ", s)
    # A bare slash between operands is "over".
    s = re.sub(r"(?<=[\w)])\s*/\s*(?=[\w(])", " over ", s)

    # Numbers. A sign belongs to a number when it starts a term ("−4", "= -1", "(-2"), and a
    # tight "1,000" is one number while "4, 10, 18" (or "1,2,3") are several.
    s = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", _ordinal, s)
    s = re.sub(rf"(?P<sign>(?<![\w)\]])[-−]\s?)?(?<![\w.])(?P<num>{NUMBER})(?!\d)(?:\s?(?P<deg>°))?", _number, s)
    # A spaced hyphen or dash left over is a pause in the sentence, not a minus.
    s = re.sub(r"\s+[-–—]\s+", ", ", s)

    for symbol, words in SYMBOLS:
        s = s.replace(symbol, words)
    for letter, name in GREEK.items():
        s = s.replace(letter, f" {name} ")
    s = re.sub(r"[A-Za-z][A-Za-z.]*", lambda m: _word(m.group(0)), s)

    # Tidy: parentheses are silent; no space before punctuation, one space between words.
    s = re.sub(r"[()]", " ", s)
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s+([,.;:!?])", r"\1", s)
    s = re.sub(r"([,;:])(?=[^\s\d])", r"\1 ", s)
    s = re.sub(r",\s*,", ",", s)
    return s.strip()


def _word(token: str) -> str:
    if token in WORDS:
        return WORDS[token]
    bare = token.rstrip(".")
    if bare in WORDS:
        return WORDS[bare] + token[len(bare) :]
    return token
