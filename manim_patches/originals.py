"""manim's own methods, kept for the patches to wrap and the tests to compare with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def manims(cls: type, name: str) -> Callable[..., Any]:
    """manim's own `cls.name`, kept on the class the first time it is asked for. Watch mode
    imports the project again after every save, and a test may reload a patch module: a patch
    must wrap manim's method, never the previous import's patch (a chain that grew with every save until RecursionError)."""
    kept = f"_manims_{name.strip('_')}"
    if kept not in cls.__dict__:
        setattr(cls, kept, cls.__dict__[name])
    return cls.__dict__[kept]
