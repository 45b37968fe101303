"""Typed scene parameters: frozen dataclasses whose fields carry the storyboard's defaults.

Overrides arrive as plain data (from a lesson's TOML or `--set KEY=VALUE`) and are
coerced field by field against the dataclass's annotations; anything that does not
fit is an InputError naming the scene, the field and what was wrong. No manim import:
the CLI validates before anything renders.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import typing
from typing import Any

from mathcore import InputError

# What a scene can draw: figures of at most four digits before the point (their products
# and sums stay legible when laid out) and, unless zero, at least 0.001 (two decimals are
# shown, and a vector must not vanish to a point or underflow its norm); a word or title
# of one line; a list no longer than a frame can hold.
MAX_MAGNITUDE = 1000.0
MIN_MAGNITUDE = 0.001
MAX_TEXT = 80
MAX_ITEMS = 16


def _describe(tp: Any) -> str:
    if tp is float:
        return "a number"
    if tp is int:
        return "a whole number"
    if tp is str:
        return "text"
    if tp is bool:
        return "true or false"
    origin = typing.get_origin(tp)
    if origin is tuple:
        inner = typing.get_args(tp)[0]
        if typing.get_origin(inner) is tuple:
            return "a list of rows of numbers, like [[1, 2], [3, 4]]"
        if inner is str:
            return 'a list of words, like ["dog", "cat"]'
        return "a list of numbers, like [1, 2, 3]"
    return str(tp)


def _coerce(tp: Any, value: Any, where: str) -> Any:
    def fail() -> typing.NoReturn:
        raise InputError(f"{where} must be {_describe(tp)}, got {value!r}")

    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail()
        if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
            _drawable(value, where)  # as the int it is: float() could overflow
        if not math.isfinite(value):
            raise InputError(f"{where} must be a finite number, got {value!r}")
        return float(_drawable(value, where))
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(_drawable(value, where))
            fail()
        return int(_drawable(value, where))
    if tp is str:
        if not isinstance(value, str):
            fail()
        if len(value) > MAX_TEXT or not value.isprintable():
            raise InputError(
                f"{where} must be one line of at most {MAX_TEXT} printable characters, got {len(value)} characters"
            )
        return value
    if tp is bool:
        if not isinstance(value, bool):
            fail()
        return value
    if typing.get_origin(tp) is tuple:
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            fail()
        if len(value) > MAX_ITEMS:
            raise InputError(f"{where} has {len(value)} entries: a scene lays out at most {MAX_ITEMS}")
        inner = typing.get_args(tp)[0]
        return tuple(_coerce(inner, v, f"{where}[{i}]") for i, v in enumerate(value))
    raise TypeError(f"unsupported parameter type {tp!r} at {where}")


def _drawable(value: float, where: str) -> float:
    if abs(value) > MAX_MAGNITUDE:
        # The value as given: an int stays whole however long (float() could overflow).
        shown = (
            (str(value) if len(str(value)) <= 24 else f"{str(value)[:12]}… ({len(str(abs(value)))} digits)")
            if isinstance(value, int)
            else f"{value:g}"
            if math.isfinite(value)
            else "a number that large"
        )
        raise InputError(
            f"{where} = {shown} is too large to draw: numbers must be between -{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g}"
        )
    if value != 0 and abs(value) < MIN_MAGNITUDE:
        raise InputError(
            f"{where} = {value:g} is too small to draw: use 0, or a number of at least {MIN_MAGNITUDE:g} in size"
        )
    return value


def field_types(params_cls: type) -> dict[str, Any]:
    return typing.get_type_hints(params_cls)


def build(params_cls: type, overrides: dict[str, Any] | None = None, owner: str = "scene"):
    """An instance of `params_cls` with `overrides` coerced and validated, or an InputError."""
    overrides = dict(overrides or {})
    names = [f.name for f in dataclasses.fields(params_cls)]
    types = field_types(params_cls)
    kwargs = {}
    for key, value in overrides.items():
        if key not in names:
            hint = difflib.get_close_matches(key, names, n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else f"; it takes {', '.join(names) or 'none'}"
            raise InputError(f"{owner} has no parameter {key!r}{also}")
        kwargs[key] = _coerce(types[key], value, f"{owner}.{key}")
    params = params_cls(**kwargs)
    validate = getattr(params, "validate", None)
    if validate is not None:
        try:
            validate()
        except InputError as e:
            raise InputError(f"{owner}: {e}") from None
    return params


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


def as_plain(params: Any) -> dict[str, Any]:
    """The parameters as JSON-ready data (tuples become lists)."""
    return json.loads(json.dumps(dataclasses.asdict(params)))
