"""Every change this project makes to manim, in the open: one module per subject, each module's
docstring naming its upstream target, and one explicit `install()`.

Written for manim 0.21.x and manim-slides 5.7.x; `install()` refuses any other in one line.
`LESSON_PLAIN_MANIM=1` turns every patch off: `install()` does nothing, a LessonScene draws with
manim's own `Camera` and codes with manim's own `SceneFileWriter`, a worker leaves its renderer as
manim made it (and gives each worker a LaTeX folder of its own, manim's writer being unsafe to
share), and the render store keys such renders apart. That is a true plain-manim render, the
baseline of bench/render_bench.py.

| module | upstream target | how | guard |
| --- | --- | --- | --- |
| camera (transparent_paint) | `Camera.apply_fill`, `Camera.apply_stroke` | `LessonCamera`, a Camera subclass (`camera_class`) | frames equal to manim's; bodies pinned |
| camera (display_types) | `Camera.type_or_raise` | `LessonCamera`: the answer kept per class | against manim's own; body pinned |
| camera (cairo_paths) | `Camera.set_cairo_context_path` (cut as `VMobject.get_subpath_split_indices_from_points`, closed as `.consider_points_equals_2d`) | `LessonCamera`: one loop over the points as floats | path and frames equal to manim's; bodies pinned |
| camera (displayed_members) | `Camera.get_mobjects_to_display` (as `extract_mobject_family_members`, `Mobject.family_members_with_points` and `remove_list_redundancies` list them) | `LessonCamera`: a list holding every family read in one pass | property test against manim's own; bodies pinned |
| camera (compositing_cache) | `Camera.display_multiple_non_background_colored_vmobjects`, `Camera.capture_mobjects` (and what `display_vectorized` paints from) | `LessonCamera`: a compositing cache of unchanged runs | frames within two levels of manim's; bodies pinned |
| camera (painted_rows) | `Camera.set_frame_to_background`, `Camera.reset`, the display functions of background-coloured, point-cloud and image mobjects | `LessonCamera`: a frame buffer knows the rows painted over its background; the renderer's returned buffers copy back only those | frames equal to manim's copying renderer, buffers returned; bodies pinned |
| encoder | `SceneFileWriter.open_partial_movie_stream`, `_PartialMovieEncodeJob._encode_and_write_frame` | `LessonFileWriter`, a SceneFileWriter subclass (`file_writer_class`); the job's method per instance; YUV by libyuv | tests/patches/test_encoding.py; bodies pinned |
| renderer | `CairoRenderer.get_frame`, `.update_frame`, `.save_static_frame_data` | on one renderer instance (videos: hand over frames; stills: draw only when asked) | tests/patches/test_encoding.py, still tests; bodies pinned |
| families | `Mobject.get_family` | replaced on the class | property test against manim's own; body pinned |
| boundaries | `VMobject.get_points_defining_boundary`, `Mobject.get_critical_point` (with `VMobject.get_anchors`, `Mobject.get_extremum_along_dim`) | replaced on the classes | property tests against manim's own; bodies pinned |
| coordinates | `NumberLine.number_to_point` (with `TipableVMobject.get_start`, `.get_end`, `.has_tip`, `.has_start_tip`) | replaced on the class | property test against manim's own; bodies pinned |
| updaters | `Mobject.update` | replaced on the class (a copy of its body) | frames equal; body pinned |
| subpaths | `VMobject.get_subpaths_from_points` | replaced on the class | property test against manim's own; body pinned |
| copy_padding | `Transform.begin`, `Transform.clean_up_from_scene` for `TransformFromCopy` | set on TransformFromCopy; refuses if it has its own | what is seen is kept, test; bodies pinned |
| copying | `Mobject.__deepcopy__`, `copy._deepcopy_dispatch[ManimColor]` | replaced on the class; an entry in the standard library's table | a copy equal to deepcopy's, test; body pinned |
| svg_parsing | `VMobjectFromSVGPath.__deepcopy__`, `SVGMobject.init_svg_mobject` | replaced on the class (a copy of the body, with a disk cache) | tests of the cache; bodies pinned |
| tex_cache | `tex_file_writing.tex_to_svg_file`, `SVGMobject.generate_mobject`, `Text._text2svg`, `MarkupText._text2svg`, `PangoUtils.remove_last_M` | replaced where manim looks them up; `_text2svg` wrapped | two processes compiling at once; parse equal to manim's; bodies pinned |
| decimal_numbers | `DecimalNumber._string_to_mob`, `DecimalNumber.set_value` | replaced on the class | frame tests; bodies pinned |
| slides | manim-slides' `Slide.next_section`, `._background_color`, `BaseSlide._add_last_slide`, `._base_slide_config` | `BeatSlides`, a mixin of the class a slides job makes | tests/cli/test_talks.py; bodies pinned |

A new patch: a module here, its docstring naming its upstream target and why, a `TARGETS` tuple
of every upstream function it wraps, replaces or copies, `install()` if it changes a class for
the whole process (then listed in GLOBAL) or a subclass the scene or worker asks for (LOCAL),
its row in the table above, its pins and a test against manim's own behaviour.

Every upstream function wrapped, replaced or copied is pinned by the SHA-256 of its source
(tests/patches/test_manim_patches.py): an upgrade of manim fails there, naming the function and the
module to re-check. Frames with the patches on and off are compared there too.

Worth offering upstream, and why:
- tex_cache: manim compiles a formula inside the shared `tex_dir`, then deletes every file there
  that is not a .tex or an .svg, and parses through a `<hash>_.svg` beside the original that it
  deletes afterwards. Two processes on one folder (parallel renders, pytest-xdist) delete each
  other's DVI, read each other's half-written SVG and fail on a missing file: a real race. The fix
  is small: compile in a folder of one's own, rename the SVG into place, parse from memory.
- renderer.hand_over_frames: the renderer copies every frame (8 MB at 1080p) for the encoder;
  handing over the drawn buffer and drawing into a new one saves the copy, bytes unchanged.
- families, boundaries, coordinates, subpaths, updaters, transparent_paint, cairo_paths: the same results for less
  work (a one-pass family, a boundary sliced not zipped, a line's ends read without asking for tips, manim's own vectorised subpath split, a signature asked once, no paint at alpha
  0, a path's cuts found in the loop that sets it);
  each is local and has a test against manim's own method.
- svg_parsing's shared `path_obj` (copies of glyphs need not deep-copy the svgelements path).
- copy_padding: a TransformFromCopy leaves its faded padding in its mobject for good, which then
  grows with every play; worth an issue first, as dropping it changes a few mid-flight frames.
- decimal_numbers: keeping a number's glyphs when the figure shown does not change.
Not as they are: copying (it edits the standard library's private `copy._deepcopy_dispatch`),
compositing_cache (a cache that rounds a level or two more where translucent members overlap), the encoder's
settings (our trade of bytes for speed; a hold coded once is variable frame rate, a choice a
library should offer, not make), svg_parsing's disk cache (pickles tied to our cache layout).

`slides` is not turned off by the switch: it changes no class of manim's, and a deck needs it.

Nothing here imports manim until `install()` or a module is imported: the engine's parent
process reads `plain()` without loading manim.
"""

from __future__ import annotations

import importlib
import os
from importlib.metadata import PackageNotFoundError, version

# What the patches were written for and checked against (the pins in tests/patches/test_manim_patches.py).
MANIM = "0.21."
MANIM_SLIDES = "5.7."
PLAIN_ENV = "LESSON_PLAIN_MANIM"

# Installed by `install()`: each changes a class of manim's (or a table) for the whole process.
GLOBAL = (
    "decimal_numbers",
    "families",
    "boundaries",
    "coordinates",
    "updaters",
    "subpaths",
    "copy_padding",
    "copying",
    "svg_parsing",
    "tex_cache",
)
# Used where a LessonScene or the worker asks for them: subclasses, or set on one instance.
LOCAL = (
    "transparent_paint",
    "cairo_paths",
    "display_types",
    "displayed_members",
    "compositing_cache",
    "painted_rows",
    "encoder",
    "renderer",
    "slides",
)

_installed = False


def plain() -> bool:
    """Whether the patches are off (LESSON_PLAIN_MANIM set to anything but empty or 0)."""
    return os.environ.get(PLAIN_ENV, "").strip() not in ("", "0")


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def check_versions() -> None:
    """One line, and no patch installed, for a manim or manim-slides the patches were not written for."""
    manim_v, slides_v = _version("manim"), _version("manim-slides")
    if not (manim_v.startswith(MANIM) and slides_v.startswith(MANIM_SLIDES)):
        raise RuntimeError(
            f"manim_patches are written for manim {MANIM}x and manim-slides {MANIM_SLIDES}x, "
            f"found manim {manim_v} and manim-slides {slides_v}: run `make setup` "
            f"(or {PLAIN_ENV}=1 to render with manim as it is)"
        )


def install() -> None:
    """Every process-wide patch, once per process; nothing when the patches are off."""
    global _installed
    if _installed or plain():
        return
    check_versions()
    for name in GLOBAL:
        importlib.import_module(f"{__name__}.{name}").install()
    _installed = True


def upstream(target: str):
    """manim's own function for "module:Qualified.name", as installed (the original a patch
    kept, `originals.manims`, when the patch replaced it in place); a property's getter."""
    module_name, _, qualified = target.partition(":")
    owner = importlib.import_module(module_name)
    *path, name = qualified.split(".")
    for part in path:
        owner = getattr(owner, part)
    kept = f"_manims_{name.strip('_')}"
    found = vars(owner).get(kept) or vars(owner).get(name) or getattr(owner, name)
    if isinstance(found, (staticmethod, classmethod)):
        found = found.__func__
    if isinstance(found, property):
        found = found.fget
    return found


def targets() -> dict[str, str]:
    """Every upstream function a patch wraps, replaces or copies ("module:Qualified.name"), and the
    patch module that does."""
    found: dict[str, str] = {}
    for name in (*GLOBAL, *LOCAL):
        for target in importlib.import_module(f"{__name__}.{name}").TARGETS:
            found.setdefault(target, name)
    return found
