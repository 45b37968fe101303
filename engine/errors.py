"""The three ways a command ends badly, mapped to exit codes in one place (render.py's group).

- InputError (mathcore): the person's input is wrong; one line, exit 2, before any work.
- SetupError: the machine or its folders are not as rendering needs (a folder that cannot
  be written, a missing program); one line saying what to do, exit 2, before any work.
- RenderFailed: a render of ours failed; one line naming its log, exit 1.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from mathcore import InputError

__all__ = ["InputError", "SetupError", "RenderFailed", "EXIT", "check_writable", "check_writable_with_target"]


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
        reason = {errno.EACCES: "permission denied", errno.EPERM: "permission denied",
                  errno.EROFS: "the filesystem is read-only", errno.ENOSPC: "the disk is full"}.get(e.errno, e.strerror)
        raise SetupError(f"cannot write to the {what} {folder}: {reason}; choose another with --output-dir or -o, "
                         "or make it writable") from None


def check_writable_with_target(output_dir: Path, target_folder: Path) -> None:
    """The output folder and the folder of the file asked for; an -o outside output/ is checked
    first, so a refused target leaves no output folder made for nothing."""
    output_dir, target_folder = Path(output_dir), Path(target_folder)
    if not target_folder.resolve().is_relative_to(output_dir.resolve()):
        check_writable(target_folder, "folder of -o")
    check_writable(output_dir)
    check_writable(target_folder, "folder of -o")
