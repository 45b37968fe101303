"""Sealed files: how the toolkit's caches (compiled formulas, Pango's texts, parsed mobjects)
write an entry and check it when they read it again. No manim import.

put: the entry's bytes, then one seal line with its name, size and sha256
(`<!-- lesson-cache name=... size=... sha256=... -->`, an XML comment, so a sealed SVG is still
an SVG), written whole: a temporary name in the same folder, then a rename.
get: the bytes before the seal, if the seal is there and matches the name, size and digest.
An entry that is empty, cut short, changed or another entry's is named in one line on the
"lesson.cache" log (the worker hands those lines to the run's summary) and made again by the
caller, whose `put` replaces it in one rename: it is never removed first, since another process
may have just been handed its path. A crash or a full disk during a write leaves a temporary
file (swept with the run's leftovers), never a half entry under its name.

An SVG written before seals existed has none: `get(..., legacy=check)` accepts it as it is when
`check(bytes)` finds it whole (it parses) and no seal stands anywhere in it; cut short, or
holding a seal that is not at its end, it is damaged.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

# The engine's worker collects this log's lines into the run's notes (engine/worker.py).
log = logging.getLogger("lesson.cache")
MARK = b"<!-- lesson-cache "
SEAL = re.compile(rb"\n<!-- lesson-cache name=(\S+) size=(\d+) sha256=([0-9a-f]{64}) -->\n\Z")


def seal(name: str, data: bytes) -> bytes:
    digest = hashlib.sha256(data).hexdigest()
    return data + f"\n<!-- lesson-cache name={name} size={len(data)} sha256={digest} -->\n".encode()


def why_damaged(name: str, sealed: bytes, legacy: Callable[[bytes], bool] | None = None) -> str | None:
    """None when `sealed` is whole and `name`'s; else what is wrong with it, in a few words."""
    if not sealed:
        return "empty"
    m = SEAL.search(sealed[-200:])
    if m is None:
        if legacy is not None and MARK not in sealed and legacy(sealed):
            return None
        return "cut short or overwritten (no seal at its end)"
    data = sealed[: len(sealed) - len(m.group(0))]
    if m.group(1).decode() != name:
        return f"it holds {m.group(1).decode()}"
    if len(data) != int(m.group(2)):
        return f"{len(data)} bytes, sealed as {int(m.group(2))}"
    if hashlib.sha256(data).hexdigest() != m.group(3).decode():
        return "changed since it was written"
    return None


def unsealed(sealed: bytes) -> bytes:
    m = SEAL.search(sealed[-200:])
    return sealed[: len(sealed) - len(m.group(0))] if m else sealed


def get(
    path: Path,
    what: str,
    again: str,
    legacy: Callable[[bytes], bool] | None = None,
    note: Callable[[str], None] = log.warning,
    remove: bool = False,
) -> bytes | None:
    """The entry's bytes (seal removed), or None when it is missing or damaged (then noted:
    "<what> was damaged (<why>); <again>", and the caller puts it again; with `remove`, where
    the caller may not, the damaged file is removed)."""
    try:
        sealed = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    why = why_damaged(path.name, sealed, legacy)
    if why is None:
        return unsealed(sealed)
    note(f"{what} was damaged ({why}); {again}")
    if remove:
        path.unlink(missing_ok=True)
    return None


def label(text: str, most: int = 60) -> str:
    """What a note calls an entry, in one line: a formula without manim's colour specials,
    spaces folded, long ones cut."""
    text = " ".join(re.sub(r"\\special\{dvisvgm:raw[^}]*\}", "", text).split())
    return text if len(text) <= most else text[: most - 1] + "…"


def put(path: Path, data: bytes) -> None:
    """Write `data` sealed at `path`, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(seal(path.name, data))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
