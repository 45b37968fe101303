"""The three ways a command ends badly, mapped to exit codes in one place (render.py's group).

- InputError (mathcore): the person's input is wrong; one line, exit 2, before any work.
- SetupError: the machine or its folders are not as rendering needs (a folder that cannot
  be written, a missing program); one line saying what to do, exit 2, before any work.
- RenderFailed: a render of ours failed; one line naming its log, exit 1.
- A full disk or quota (ENOSPC, EDQUOT), wherever it is met: the user's environment, so one
  line naming the full folder and the room a render needs (engine/space.py), exit 2.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from mathcore import InputError

__all__ = [
    "InputError",
    "SetupError",
    "RenderFailed",
    "EXIT",
    "check_writable",
    "check_writable_with_target",
    "disk_full",
    "no_room",
]


class SetupError(Exception):
    pass


class RenderFailed(Exception):
    pass


EXIT = {InputError: 2, SetupError: 2, RenderFailed: 1}


def check_writable(folder: Path, what: str = "output folder") -> None:
    """`folder` exists (made if need be) and a file can be created in it, or SetupError."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        reason = {
            errno.EACCES: "permission denied",
            errno.EPERM: "permission denied",
            errno.EROFS: "the filesystem is read-only",
            errno.ENOSPC: "the disk is full",
        }.get(e.errno, e.strerror)
        raise SetupError(
            f"cannot write to the {what} {folder}: {reason}; choose another with --output-dir or -o, "
            "or make it writable"
        ) from None


def check_writable_with_target(output_dir: Path, target_folder: Path) -> None:
    """The output folder and the folder of the file asked for; an -o outside output/ is checked
    first, so a refused target leaves no output folder made for nothing."""
    output_dir, target_folder = Path(output_dir), Path(target_folder)
    if not target_folder.resolve().is_relative_to(output_dir.resolve()):
        check_writable(target_folder, "folder of -o")
    check_writable(output_dir)
    check_writable(target_folder, "folder of -o")


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full(e: BaseException | None) -> OSError | None:
    """The "no space left" or "quota exceeded" error that `e` is or was raised from, if any."""
    seen = set()
    while e is not None and id(e) not in seen:
        if isinstance(e, OSError) and e.errno in DISK_FULL:
            return e
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    return None


def no_room(folders: list[Path], probe: int = 1 << 20) -> OSError | None:
    """The full-disk error for the first of `folders` that cannot take `probe` more bytes, if
    any. For a tool that fails without saying why (LaTeX, dvisvgm, Festival on a full disk)."""
    for folder in folders:
        try:
            fd, name = tempfile.mkstemp(dir=folder, prefix=".room-")
        except OSError as e:
            if e.errno in DISK_FULL:
                return OSError(e.errno, e.strerror, str(folder))
            continue
        try:
            os.write(fd, bytes(probe))
        except OSError as e:
            if e.errno in DISK_FULL:
                return OSError(e.errno, e.strerror, str(folder))
        finally:
            os.close(fd)
            os.unlink(name)
    return None
