"""The render store, where the other caches are placed, and the one way into output/.

`Store` keeps every rendered thing (a scene's video, its slides, a still, a track) as an
entry under output/.cache/store/<Scene>-<key>/, with the size and sha256 of each of its
files recorded when it was stored. An entry is verified whenever it is used: a file that
is missing, cut short or changed drops the entry, and the caller renders it again.

It is not the only cache (the README's table lists them all). It places the others' roots:
`tex` (under LESSON_SHARED_CACHE when set) holds the compiled formulas, `Tex/`, and each worker's
slot, `slot-N/` with Pango's `texts/` and the parsed SVGs' `svg-mobjects/` (engine.worker.tex_slot;
manim_patches/tex_cache.py and svg_parsing.py write and check them); `voice/` beside it
(engine.jobs; narration/audio.py); `beats/` here (`remember_beats`). Each checks its own entries
when it reads them (a seal, toolkit/sealed.py), and `sweep` clears what an interrupted run left
in any of them.

`publish(staged, final)` is the only way a finished file or folder reaches its place: a
file by one atomic rename, a folder (a lesson, a deck) by one atomic exchange of folders,
so a reader sees the old set or the new set, never a mix; every file with the mode the
user's umask gives (0644 under 022), however it was staged.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from toolkit import sealed

ENTRY = "entry.json"
STAGING = ".staging-"
# A folder for what does not depend on the output folder (compiled formulas and text, the
# synthesised voice), shared by every output folder that names it; else each keeps its own.
SHARED_CACHE_ENV = "LESSON_SHARED_CACHE"


def _beat_list(data: bytes) -> bool:
    """A beat record from before seals: a whole JSON list of beats."""
    try:
        beats = json.loads(data)
        return isinstance(beats, list) and all(
            isinstance(b["index"], int) and isinstance(b["name"], str) for b in beats
        )
    except (ValueError, TypeError, KeyError):
        return False


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_facts(path: Path) -> dict:
    return {"size": path.stat().st_size, "sha256": sha256(path)}


@dataclass(frozen=True)
class Entry:
    """A verified cache entry: its folder, its files (name -> path) and what the render said."""

    folder: Path
    files: dict[str, Path]
    meta: dict

    def __getitem__(self, name: str) -> Path:
        return self.files[name]


class Store:
    def __init__(self, cache_root: Path):
        self.root = Path(cache_root)
        self.entries = self.root / "store"
        self.work = self.root / "work"
        self.logs = self.root / "logs"
        # Formulas and speech are the same whatever folder the video goes to: with
        # LESSON_SHARED_CACHE, a talk's clips reuse what the course compiled and spoke. The
        # LaTeX slots are locked per process and the voice's files written whole, so runs on
        # several output folders may share them.
        shared = os.environ.get(SHARED_CACHE_ENV)
        self.tex = (Path(shared).expanduser() if shared else self.root) / "tex"
        self.dropped: list[str] = []  # one line per bad entry found this run

    def folder(self, name: str, key: str) -> Path:
        return self.entries / f"{name}-{key}"

    def get(self, name: str, key: str) -> Entry | None:
        """The entry, if present and every file still matches what was stored; else None
        (a damaged entry is removed and noted in `dropped`)."""
        folder = self.folder(name, key)
        try:
            record = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, ValueError):
            return self._drop(folder, name, "its record is unreadable")
        files = {}
        for rel, facts in record["files"].items():
            path = folder / rel
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                return self._drop(folder, name, f"{rel} is missing")
            if size != facts["size"]:
                return self._drop(folder, name, f"{rel} is {size} bytes, stored as {facts['size']}")
            if sha256(path) != facts["sha256"]:
                return self._drop(folder, name, f"{rel} has changed since it was stored")
            files[rel] = path
        return Entry(folder, files, record.get("meta", {}))

    def _drop(self, folder: Path, name: str, why: str) -> None:
        self.dropped.append(f"cache entry of {name} dropped: {why}; rendering it again")
        shutil.rmtree(folder, ignore_errors=True)
        return None

    def put(self, name: str, key: str, files: dict[str, Path], meta: dict) -> Entry:
        """Move `files` (name in the entry -> a file in a work folder) into a new entry with
        their facts recorded; the entry appears whole, by one rename."""
        folder = self.folder(name, key)
        self.entries.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.entries, prefix=f"{STAGING}{name}-"))
        try:
            record = {"files": {}, "meta": meta}
            for rel, src in files.items():
                dest = tmp / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(src), dest)
                record["files"][rel] = file_facts(dest)
            (tmp / ENTRY).write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")
            os.chmod(tmp, 0o755)
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return Entry(folder, {rel: folder / rel for rel in files}, meta)

    # Beat records: a scene's beats (index, name) for its inputs, so a preview can refuse a beat
    # that does not exist before it renders anything. put: sealed JSON (toolkit/sealed.py: its
    # size and sha256 on a last line), written whole, after every render of the scene that ran
    # to its end. get: the beats if the record is whole; a damaged one is removed, noted in
    # `dropped`, and counts as none (the preview runs the scene; its next whole run writes it).

    def remember_beats(self, name: str, plan_key: str, beats: list[dict]) -> None:
        if self.known_beats(name, plan_key) is None:
            sealed.put(
                self._beats(name, plan_key),
                json.dumps([{"index": b["index"], "name": b["name"]} for b in beats]).encode(),
            )

    def known_beats(self, name: str, plan_key: str) -> list[dict] | None:
        data = sealed.get(
            self._beats(name, plan_key),
            f"beat record of {name}",
            "finding its beats again",
            legacy=_beat_list,
            note=self.dropped.append,
            remove=True,
        )
        return json.loads(data) if data is not None else None

    def _beats(self, name: str, plan_key: str) -> Path:
        return self.root / "beats" / f"{name}-{plan_key}.json"

    def work_dir(self, name: str, key: str) -> Path:
        return self.work / f"{name}-{key}"

    def log_path(self, name: str, key: str) -> Path:
        return self.logs / f"{name}-{key[:8]}.log"

    def sweep(self) -> None:
        """What an interrupted run left (we hold the lock, so no live run owns any of it):
        half-made entries, work folders, staged lessons and decks (in output/ and, from older
        versions, in output/.cache/), half-written beat records, and the voice's and LaTeX's
        half-made files when they are this folder's own (a shared cache's may be another run's)."""
        leftovers = [
            *self.entries.glob(f"{STAGING}*"),
            *self.work.glob("*"),
            *self.root.glob(f"{STAGING}*"),
            *self.root.parent.glob(f"{STAGING}*"),
            *(self.root / "voice").glob("synth.*"),
            *(self.root / "voice").glob("*.part"),
            *(self.root / "beats").glob(".tmp-*"),
        ]
        if self.tex.is_relative_to(self.root):
            leftovers += [
                *(self.tex / "Tex").glob(".*"),
                *self.tex.glob("slot-*/svg-mobjects/.tmp-*"),
                *self.tex.glob("slot-*/texts/.tmp-*"),
            ]
        for p in leftovers:
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


# --- publishing ------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(b))


def umask() -> int:
    """This process's umask, read without changing it where Linux says it (os.umask can only
    be read by setting it, which another thread could see)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def open_to_readers(staged: Path) -> None:
    """Modes as a file the user had written: 0666 (folders 0777) less the umask, whatever
    made it (mkstemp and mkdtemp make files 0600 and folders 0700, and a web server running
    as another user would answer 403)."""
    mask = umask()
    paths = [staged, *staged.rglob("*")] if staged.is_dir() else [staged]
    for path in paths:
        if not path.is_symlink():
            os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)


def publish(staged: Path, final: Path) -> None:
    """Put `staged` (a finished file or folder, on the same filesystem) at `final`, replacing
    what was there in one atomic step. Folders are exchanged, then the old one removed."""
    staged, final = Path(staged), Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    open_to_readers(staged)
    if staged.is_dir():
        if final.is_dir() and not final.is_symlink():
            if _exchange(staged, final):
                shutil.rmtree(staged, ignore_errors=True)  # now the old folder
                return
            # No atomic exchange on this filesystem: the briefest gap we can make.
            old = final.with_name(f"{STAGING}old-{final.name}-{os.getpid()}")
            os.replace(final, old)
            os.replace(staged, final)
            shutil.rmtree(old, ignore_errors=True)
            return
    os.replace(staged, final)


@contextlib.contextmanager
def staging(parent: Path, name: str, folder: bool = True) -> Iterator[Path]:
    """A private folder (or file path) beside the final place, so that publishing is a rename;
    removed whatever happens if it was not published."""
    parent.mkdir(parents=True, exist_ok=True)
    if folder:
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f"{STAGING}{name}-"))
    else:
        fd, raw = tempfile.mkstemp(dir=parent, prefix=f"{STAGING}{name}-", suffix=Path(name).suffix)
        os.close(fd)
        tmp = Path(raw)
    try:
        yield tmp
    finally:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    with staging(path.parent, path.name, folder=False) as tmp:
        tmp.write_text(text, encoding="utf-8")
        publish(tmp, path)


def copy_file(src: Path, dest: Path) -> None:
    with staging(dest.parent, dest.name, folder=False) as tmp:
        shutil.copyfile(src, tmp)
        publish(tmp, dest)


@contextlib.contextmanager
def locked(path: Path, on_wait=None) -> Iterator[None]:
    """An exclusive lock on `path` for this process; a second render of the same output
    waits here, then finds the first one's work in the store."""
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
