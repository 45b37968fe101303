"""Checks the machine for what rendering needs."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

APT = "sudo apt-get install"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _run(*cmd: str) -> str | None:
    if not shutil.which(cmd[0]):
        return None
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _pkg(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def run_checks() -> list[Check]:
    checks = []
    for lib, pkg in (("cairo", "libcairo2-dev"), ("pangocairo", "libpango1.0-dev")):
        v = _run("pkg-config", "--modversion", lib)
        checks.append(
            Check(f"{lib} (with headers)", v is not None, v or "not found by pkg-config", f"{APT} pkg-config {pkg}")
        )
    for tool, pkg in (("latex", "texlive-latex-base"), ("dvisvgm", "dvisvgm")):
        path = shutil.which(tool)
        checks.append(Check(tool, path is not None, path or "not on PATH", f"{APT} {pkg}"))
    for sty, pkg in (
        ("standalone.cls", "texlive-latex-extra"),
        ("preview.sty", "texlive-latex-extra"),
        ("amsmath.sty", "texlive-latex-base"),
        ("ptmr8t.tfm", "texlive-fonts-recommended"),
    ):
        found = _run("kpsewhich", sty)
        checks.append(Check(f"LaTeX {sty}", bool(found), found or "not found", f"{APT} {pkg}"))
    font = _run("fc-match", "-f", "%{family}", "DejaVu Sans")
    checks.append(
        Check(
            "font DejaVu Sans",
            bool(font and "DejaVu Sans" in font),
            font or "fc-match not found",
            f"{APT} fonts-dejavu-core",
        )
    )
    manim_v, slides_v = _pkg("manim"), _pkg("manim-slides")
    checks.append(
        Check(
            "manim",
            bool(manim_v and manim_v.startswith("0.21.")),
            manim_v or "not installed",
            "make setup (pins manim 0.21.x: manim-slides 5.7 fails on manim 0.22)",
        )
    )
    checks.append(
        Check("manim-slides", bool(slides_v and slides_v.startswith("5.7")), slides_v or "not installed", "make setup")
    )
    checks.append(Check("PyAV", _pkg("av") is not None, _pkg("av") or "not installed", "make setup"))
    import ctypes.util

    yuv = ctypes.util.find_library("yuv")
    checks.append(
        Check("libyuv (frames to YUV, 4x swscale's speed)", yuv is not None, yuv or "not found", f"{APT} libyuv0")
    )
    from narration.voices import _festival_missing

    missing = _festival_missing()
    checks.append(
        Check(
            "offline voice (Festival, HTS voice cmu_us_slt_arctic_hts)",
            missing is None,
            missing or shutil.which("text2wave"),
            f"{APT} festival festvox-us-slt-hts",
        )
    )
    for pkg in ("num2words", "pyloudnorm", "dask", "distributed"):
        checks.append(Check(pkg, _pkg(pkg) is not None, _pkg(pkg) or "not installed", "make setup"))
    return checks
