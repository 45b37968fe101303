"""Formulas and text parsed from their SVG once: copies share the parsed path, and the parsed
mobject is kept on disk for the next process.

Upstream: `manim.mobject.svg.svg_mobject.VMobjectFromSVGPath.__deepcopy__` (it has none of its
own: Mobject's, pinned) and `SVGMobject.init_svg_mobject` (replaced, a copy of its body extended
with the disk cache), both on the class, by `install()`.

Copies. manim keeps on every glyph (`VMobjectFromSVGPath`) the svgelements `Path` it was
drawn from, and `Mobject.copy` deep-copies it with everything else: a few hundred svgelements
objects (points, Béziers, colours, matrices) per glyph, on every Transform, FadeOut and
Indicate, which copy their mobjects. The path is read once, when the glyph's points are
generated, and never written afterwards, so copies can share it. Profiled on
RowByColumnMatmul with 4x4 matrices, the deep copies of those paths were most of the scene's
construction time.

Parsing. LaTeX's and Pango's SVG files are cached by manim, but every new process parses them
again (svgelements, then a Bézier fit per glyph): 20 formulas and labels took 0.82 s, where
unpickling the same mobjects takes 0.01 s. A preview still or a worker's first scene spent a
third of its construction there. The parsed mobject depends only on the SVG's bytes and the
settings in manim's own cache key (`hash_seed`), so that is the key on disk too, with manim's
version. The bytes are taken in a canonical order first: dvisvgm does not always write a formula's
glyph definitions in the same order (on a fresh machine its first run differed from the next
ones), and the same glyphs in another order are the same mobject. Files are sealed and written whole (toolkit/sealed.py): processes sharing the folder
never read half a file, and a damaged one is named in one line and parsed again.
"""

from __future__ import annotations

import hashlib
import pickle
import xml.etree.ElementTree as ET
from pathlib import Path

import manim
import svgelements as se
from manim import config
from manim.mobject.mobject import Mobject
from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP, SVGMobject, VMobjectFromSVGPath
from manim.mobject.text.text_mobject import MarkupText, Text
from manim.utils.iterables import hash_obj

from manim_patches.originals import manims
from toolkit import sealed

TARGETS = (
    "manim.mobject.svg.svg_mobject:SVGMobject.init_svg_mobject",
    "manim.mobject.svg.svg_mobject:SVGMobject.generate_mobject",
)

FORMAT = 3  # bump when what is pickled or the key changes (2: sealed files, 3: canonical SVG)


def _deepcopy_sharing_path(self, memo):
    path = self.__dict__.get("path_obj")
    if path is not None:
        memo.setdefault(id(path), path)  # the copy points at the same, never-mutated path
    return Mobject.__deepcopy__(self, memo)


def cache_folder() -> Path:
    """Beside manim's own Pango cache: a worker's LaTeX slot, or the folder above the tests'
    Pango caches, which their workers share (files are written whole)."""
    return config.get_dir("text_dir").parent / "svg-mobjects"


def disk_key(mob: SVGMobject) -> str | None:
    """The SVG file's bytes and the rest of manim's cache key; None when there is no file."""
    try:
        svg = mob.get_file_path().read_bytes()
    except (OSError, ValueError):
        return None
    svg = canonical(svg)
    settings = repr(
        (FORMAT, manim.__version__, se.SVGELEMENTS_VERSION, *(v for v in mob.hash_seed if v != mob.file_name))
    )
    return hashlib.sha256(settings.encode() + b"\0" + svg).hexdigest()


def canonical(svg: bytes) -> bytes:
    """The SVG with its definitions sorted by id and without comments (the seal): what a parse
    depends on, whatever order dvisvgm wrote the glyphs in. Bytes that do not parse are kept as
    they are (the parse will fail on them itself)."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return svg
    for defs in root.iter("{http://www.w3.org/2000/svg}defs"):
        defs[:] = sorted(defs, key=lambda child: child.get("id") or "")
    return ET.tostring(root)


def _load(path: Path, mob: SVGMobject) -> SVGMobject | None:
    label = getattr(mob, "tex_string", None) or getattr(mob, "text", None) or mob.file_name
    data = sealed.get(path, f"parsed SVG cache entry for '{sealed.label(str(label))}'", "parsing it again")
    if data is None:
        return None
    try:
        master = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a whole file that no longer unpickles is only a cache miss
        return None
    return master if isinstance(master, SVGMobject) else None


def _save(path: Path, mob: SVGMobject) -> None:
    try:
        sealed.put(path, pickle.dumps(mob, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
        pass  # (a full disk, an object that will not pickle)


def _init_svg_mobject(self, use_svg_cache: bool) -> SVGMobject:
    # manim's in-memory cache first (keyed by file name), then the file on disk (keyed by the
    # SVG's bytes), then parsing. Text asks for no cache, but its SVG's name encodes every
    # setting, so it is cached like a formula. Any other SVG that asks for none may have been
    # rewritten under the same name: only the disk, keyed by its bytes, is asked.
    remember = use_svg_cache or isinstance(self, (Text, MarkupText))
    memory_key = hash_obj(self.hash_seed)
    master = SVG_HASH_TO_MOB_MAP.get(memory_key) if remember else None
    if master is None:
        key = disk_key(self)
        path = cache_folder() / f"{key}.pickle" if key else None
        master = _load(path, self) if path else None
        if master is None:
            self.generate_mobject()
            master = self.copy()
            if path:
                _save(path, master)
            if remember:
                SVG_HASH_TO_MOB_MAP[memory_key] = master
            return self
        if remember:
            SVG_HASH_TO_MOB_MAP[memory_key] = master
    mob = master.copy()
    self.add(*mob)
    self.id_to_vgroup_dict = mob.id_to_vgroup_dict
    return self


manims(SVGMobject, "init_svg_mobject")  # kept, for the tests to compare with


def install() -> None:
    if "__deepcopy__" in vars(VMobjectFromSVGPath) and VMobjectFromSVGPath.__deepcopy__ is not _deepcopy_sharing_path:
        own = vars(VMobjectFromSVGPath)["__deepcopy__"]
        if getattr(own, "__module__", None) != __name__:
            raise RuntimeError(
                "manim's VMobjectFromSVGPath has its own __deepcopy__: manim_patches/svg_parsing.py must wrap it"
            )
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path
    SVGMobject.init_svg_mobject = _init_svg_mobject
