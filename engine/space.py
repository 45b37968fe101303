"""How much room a render needs, and the one line said when the disk fills up under it.

A full disk (ENOSPC) or a used-up quota (EDQUOT) is the user's environment, not a bug of ours:
the command stops with exit 2 and a line naming the folder whose filesystem is full, what is
free there, and about how much a render of that size needs. What the failed run had half
written is already gone by then (every cache and every published file is written aside and
renamed into place; work folders are removed when the run stops).

The estimate goes by scenes at the quality asked: the mean size of a scene video in the
manifests of the lessons already in the output folder at that quality, else this project's own
figure (SCENE_MB). A render keeps each scene in the store and publishes it in the lesson's
folder twice (the scene's file, and inside the lesson's video): about COPIES times its scenes.
"""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

# MB of one scene's video of 40 s (a lesson's scene) at each quality. Measured here: a test lesson's
# DotProductDefinition, 34 kB a second of video at -q m and 56 kB at -q h (manifests, short
# pauses: a lesson's longer holds, coded once, cost less); -q l, p and k scaled from those by
# the square root of their pixel rate (-q h is 1.65 times -q m for 4.5 times the pixels). Rough.
SCENE_MB = {"l": 0.6, "m": 1.4, "h": 2.2, "p": 3.0, "k": 4.5}
COPIES = 3
MB = 1e6


def scene_mb(output_dir: Path, quality: str) -> tuple[float, str]:
    """The MB of one scene's video at `quality`, and where that figure comes from."""
    sizes = []
    for path in Path(output_dir).glob("*/manifest.json"):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if manifest.get("quality") != quality:
                continue
            files = {f["path"]: f["size"] for f in manifest["files"]}
            sizes += [files[s["video"]] for s in manifest["scenes"] if s["video"] in files]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    if sizes:
        return sum(sizes) / len(sizes) / MB, f"as the scenes of this folder's lessons at -q {quality}"
    return SCENE_MB[quality], "a typical scene's"


def _existing(path: Path) -> Path:
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def full_disk_line(e: OSError, output_dir: Path, quality: str | None = None, scenes: int | None = None) -> str:
    """One line for a full disk met while writing `e.filename` (else somewhere under `output_dir`)."""
    where = _existing(Path(e.filename).parent if e.filename else Path(output_dir))
    if e.filename and Path(e.filename).is_dir():
        where = Path(e.filename)
    what = "the disk quota is used up" if e.errno == errno.EDQUOT else "the disk is full"
    try:
        usage = shutil.disk_usage(where)
        free = f" ({usage.free / MB:.1f} MB free of {usage.total / MB:.0f} MB)"
    except OSError:
        free = ""
    line = f"{what} at {where}{free}"
    if quality in SCENE_MB and scenes:
        per_scene, source = scene_mb(Path(output_dir), quality)
        need = max(1, round(COPIES * scenes * per_scene))
        line += (
            f"; a render of {scenes} scene{'s' if scenes > 1 else ''} at -q {quality} needs about {need} MB "
            f"({COPIES} copies of {per_scene:.1f} MB a scene, {source})"
        )
    return line + "; free some space there, or choose another --output-dir"
