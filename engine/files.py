"""Writing into output/ so that nothing half-written ever appears there."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_text_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; these are for publishing
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def staging(parent: Path, name: str) -> Iterator[Path]:
    """A private folder beside the final place (same filesystem, so moves are renames),
    removed whatever happens."""
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".staging-{name}-"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def publish(staged: Path, final: Path, files: list[str]) -> None:
    """Move `files` (relative paths, the manifest last) from `staged` into `final`, each with
    an atomic rename, then drop files of an older build that the new one no longer has."""
    for rel in files:
        dest = final / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged / rel, dest)
    keep = {final / rel for rel in files}
    for p in final.rglob("*"):
        if p.is_file() and p not in keep and not any(part.startswith(".staging-") for part in p.parts):
            p.unlink()


@contextlib.contextmanager
def locked(path: Path, on_wait=None) -> Iterator[None]:
    """An exclusive lock on `path` for this process; a second render of the same output
    waits here, then finds the first one's work in the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
