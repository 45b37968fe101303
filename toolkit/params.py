"""Typed scene parameters: each scene's Params is a frozen pydantic model (a `SceneParams`)
whose fields carry the storyboard's defaults and a description.

Overrides arrive as plain data (from a lesson's TOML or `--set KEY=VALUE`) and are validated
field by field against the model; anything that does not fit is an InputError of one line
naming the scene, the field, the value and what to do. The shared constraints are the
annotated types below (`Number`, `Positive`, `Text`, `Line`, `Word`, `Vector`, `Matrix`,
`Words`, `Lines`, `Entries`): each checks a value with the project's own message and describes itself in the
JSON Schema of lesson files (engine/lessons.py), so validation, messages, defaults and the
schema have one source. No manim import: the CLI validates before anything renders.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError, core_schema

from mathcore import InputError

# What a scene can draw: figures of at most four digits before the point (their products
# and sums stay legible when laid out) and, unless zero, at least 0.001 (two decimals are
# shown, and a vector must not vanish to a point or underflow its norm); a word or title
# of one line; a list no longer than a frame can hold.
MAX_MAGNITUDE = 1000.0
MIN_MAGNITUDE = 0.001
MAX_TEXT = 80
MAX_ITEMS = 16
# A word typeset in LaTeX and labelled on a picture: plain and short.
WORD = r"^[A-Za-z][A-Za-z' -]{0,13}$"


# The kind of every error the constraints below raise: "lesson:too_large", ...
OURS = "lesson:"


def _refuse(kind: str, message: str) -> typing.NoReturn:
    """A value refused: `message` follows the value's path ("VectorAlignment.a[0] " + message).
    The message is passed whole (no template fields), so braces in a value are kept."""
    raise PydanticCustomError(OURS + kind, message)


# --- the shared constraints, as annotated types ----------------------------------------------


def _drawable(value: float) -> float:
    if abs(value) > MAX_MAGNITUDE:
        # The value as given: an int stays whole however long (float() could overflow).
        shown = (
            (str(value) if len(str(value)) <= 24 else f"{str(value)[:12]}… ({len(str(abs(value)))} digits)")
            if isinstance(value, int)
            else f"{value:g}"
            if math.isfinite(value)
            else "a number that large"
        )
        _refuse(
            "too_large",
            f"= {shown} is too large to draw: numbers must be between -{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g}",
        )
    if value != 0 and abs(value) < MIN_MAGNITUDE:
        _refuse(
            "too_small", f"= {value:g} is too small to draw: use 0, or a number of at least {MIN_MAGNITUDE:g} in size"
        )
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _refuse("number_type", f"must be a number, got {value!r}")
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        _drawable(value)  # as the int it is: float() could overflow
    if not math.isfinite(value):
        _refuse("finite_number", f"must be a finite number, got {value!r}")
    return float(_drawable(value))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        _refuse("text_type", f"must be text, got {value!r}")
    if len(value) > MAX_TEXT or not value.isprintable():
        _refuse(
            "text_line", f"must be one line of at most {MAX_TEXT} printable characters, got {len(value)} characters"
        )
    return value


def _prose(value: Any) -> str:
    if not isinstance(value, str):
        _refuse("text_type", f"must be text, got {value!r}")
    return value


def _line(value: Any) -> str:
    if not _text(value).strip():
        _refuse("text_empty", f"must not be empty, got {value!r}")
    return value


def _word(value: Any) -> str:
    if not isinstance(value, str):
        _refuse("text_type", f"must be a word, got {value!r}")
    if not re.fullmatch(WORD, value):
        _refuse(
            "word",
            f"must be plain letters (spaces, hyphens, apostrophes allowed), at most 14 characters, got {value!r}",
        )
    return value


def _listing(what: str):
    def check(value: Any) -> Any:
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            _refuse("list_type", f"must be {what}, got {value!r}")
        if len(value) > MAX_ITEMS:
            _refuse("too_many", f"has {len(value)} entries: a scene lays out at most {MAX_ITEMS}")
        return value

    return BeforeValidator(check)


@dataclass(frozen=True)
class Shown:
    """JSON Schema keywords for what a type's validator checks (`minimum`, `maxItems`, ...): how
    an editor sees the constraint. The validator before it does the checking, with our message."""

    keywords: tuple[tuple[str, Any], ...]

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        out = handler(schema)
        out.update(self.keywords)
        return out


def shown(**keywords: Any) -> Shown:
    return Shown(tuple(keywords.items()))


# A figure the scene draws: a finite number in [-1000, 1000], 0 or at least 0.001 in size.
Number = Annotated[float, BeforeValidator(_number), shown(minimum=-MAX_MAGNITUDE, maximum=MAX_MAGNITUDE)]
# One line of text, at most 80 printable characters.
Text = Annotated[str, BeforeValidator(_text), shown(maxLength=MAX_TEXT)]
# Text of any length (a summary).
Prose = Annotated[str, BeforeValidator(_prose)]
# One line of text that is not blank.
Line = Annotated[str, BeforeValidator(_line), shown(maxLength=MAX_TEXT, pattern=r"\S")]
# A word typeset on a picture: letters (spaces, hyphens, apostrophes), at most 14 characters.
Word = Annotated[str, BeforeValidator(_word), shown(pattern=WORD)]
Vector = Annotated[tuple[Number, ...], _listing("a list of numbers, like [1, 2, 3]"), shown(maxItems=MAX_ITEMS)]
Matrix = Annotated[
    tuple[Vector, ...], _listing("a list of rows of numbers, like [[1, 2], [3, 4]]"), shown(maxItems=MAX_ITEMS)
]
Words = Annotated[tuple[Text, ...], _listing('a list of words, like ["dog", "cat"]'), shown(maxItems=MAX_ITEMS)]
PlainWords = Annotated[tuple[Word, ...], _listing('a list of words, like ["dog", "cat"]'), shown(maxItems=MAX_ITEMS)]
Lines = Annotated[
    tuple[Line, ...], _listing('a list of lines of text, like ["One.", "Two."]'), shown(maxItems=MAX_ITEMS)
]


@dataclass(frozen=True)
class Entries:
    """`Annotated[Vector, Entries(2, 6)]`: a list of `lo` to `hi` entries (minItems and maxItems
    in the schema); checked after the entries themselves."""

    lo: int
    hi: int
    what: str = "entries"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        out = handler(schema)
        out.update(minItems=self.lo, maxItems=self.hi)
        return out

    def _check(self, value: Any) -> Any:
        if not self.lo <= len(value) <= self.hi:
            span = (
                f"{self.lo}"
                if self.lo == self.hi
                else f"at most {self.hi}"
                if self.lo == 0
                else f"{self.lo} to {self.hi}"
            )
            _refuse("entries", f"must have {span} {self.what}, got {len(value)}")
        return value


@dataclass(frozen=True)
class Positive:
    """`Annotated[Number, Positive("why")]`: more than 0 (exclusiveMinimum 0 in the schema)."""

    why: str = ""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        out = handler(schema)
        out.update(exclusiveMinimum=0)
        return out

    def _check(self, value: float) -> float:
        if value <= 0:
            why = f" ({self.why})" if self.why else ""
            _refuse("positive", f"must be positive{why}, got {value}")
        return value


# --- the model every scene's Params derives from ----------------------------------------------


class SceneParams(BaseModel):
    """A scene's inputs: `field: Type = Field(default, description=...)` for each, and `check()`
    for what relates fields to one another (raising InputError with a line a person can act on).
    Frozen: a scene reads `self.params.a` and never changes it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    def check(self) -> None:
        """What the fields' types cannot say alone (two vectors of one length, matrices that fit)."""

    @model_validator(mode="after")
    def _checked(self) -> SceneParams:
        self.check()
        return self


def field_names(params_cls: type[BaseModel]) -> list[str]:
    return list(params_cls.model_fields)


def path(owner: str, loc: typing.Sequence[str | int]) -> str:
    """`owner.a[0][1]` for the location (a, 0, 1)."""
    return owner + "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in loc)


def one_of(choices: typing.Sequence[str]) -> str:
    """'a, b or c'."""
    return ", ".join(choices[:-1]) + f" or {choices[-1]}" if len(choices) > 1 else "".join(choices)


def did_you_mean(word: Any, choices: typing.Iterable[str]) -> str:
    hint = difflib.get_close_matches(str(word), list(choices), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def explain(error: dict, owner: str, names: typing.Sequence[str] = ()) -> str:
    """One of pydantic's errors as one line: the value's path under `owner`, the value, what to do.
    `names`: the fields `owner` takes (for an unknown one)."""
    loc, kind = tuple(error["loc"]), error["type"]
    where = path(owner, loc)
    if kind == "extra_forbidden" and len(loc) == 1:
        key = loc[0]
        also = did_you_mean(key, names) or f"; it takes {', '.join(names) or 'none'}"
        return f"{owner} has no parameter {key!r}{also}"
    if kind == "value_error" and isinstance((error.get("ctx") or {}).get("error"), InputError):
        return f"{where}: {error['ctx']['error']}"  # a check across fields: check()
    if kind == "literal_error":
        choices = [c.strip("'") for c in re.findall(r"'[^']*'", error["ctx"]["expected"])]
        return (
            f"{where} must be one of {one_of(choices)}, got {error['input']!r}{did_you_mean(error['input'], choices)}"
        )
    if kind == "missing":
        return f"{where} is missing"
    if kind.startswith(OURS):
        return f"{where} {error['msg']}"
    return f"{where}: {error['msg'].lower()}, got {error.get('input')!r}"


def first_error(e: ValidationError) -> dict:
    """The error to report first: an unknown name, else the first in the fields' order."""
    errors = e.errors()
    return next((x for x in errors if x["type"] == "extra_forbidden"), errors[0])


def build(params_cls: type[BaseModel], overrides: dict[str, Any] | None = None, owner: str = "scene"):
    """An instance of `params_cls` with `overrides` validated (and the checks across fields
    run), or an InputError of one line."""
    try:
        return params_cls.model_validate(dict(overrides or {}))
    except ValidationError as e:
        raise InputError(explain(first_error(e), owner, field_names(params_cls))) from None


def defaults(params_cls: type[BaseModel]) -> dict[str, Any]:
    """The storyboard's inputs, as written in the model."""
    return {name: f.get_default(call_default_factory=True) for name, f in params_cls.model_fields.items()}


def parse_value(text: str) -> Any:
    """A `--set` value as data: JSON (numbers, lists, true/false, quoted text); anything
    that is not JSON is taken as a bare word. Never evaluated as code."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def parse_assignments(items: typing.Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--set takes KEY=VALUE, got {item!r}")
        out[key.strip()] = parse_value(raw.strip())
    return out


def as_plain(params: BaseModel) -> dict[str, Any]:
    """The parameters as JSON-ready data (tuples become lists; figures as written or validated)."""
    return json.loads(json.dumps({name: getattr(params, name) for name in type(params).model_fields}))
