"""How the lessons round what they show: two decimals, angles to a tenth of a degree."""

from __future__ import annotations

import math


def fmt_fixed(x: float, places: int = 2) -> str:
    """`x` with `places` decimals and a true minus sign; never shows "-0.00"."""
    s = f"{float(x):.{places}f}"
    if float(s) == 0.0:
        s = s.lstrip("-")
    return s.replace("-", "\u2212")


def fmt_number(x: float, places: int = 2) -> str:
    """Whole numbers as integers (32, not 32.00), others with `places` decimals."""
    x = float(x)
    if math.isfinite(x) and abs(x - round(x)) < 1e-9:
        return fmt_fixed(round(x), 0)
    return fmt_fixed(x, places)


def fmt_angle(degrees: float) -> str:
    return fmt_fixed(degrees, 1) + "\u00b0"


def product_reads_true(factors, result: float, places: int = 2, factor_places: int | None = None) -> bool:
    """Whether the factors, as shown (to `factor_places` decimals, `places` unless given), multiply
    to the result as shown. A viewer checks "1.66 × 2.16 = 3.60" with the figures on screen
    (3.59): where rounding breaks the equality, the scene writes ≈ instead."""
    shown_places = places if factor_places is None else factor_places
    shown = math.prod(float(fmt_number(f, shown_places).replace("\u2212", "-")) for f in factors)
    return fmt_number(shown, places) == fmt_number(result, places)


def factor_places(factors, result: float, places: int = 2, most: int = 4) -> int:
    """The fewest decimals, from `places` up to `most`, to write `factors` with so that they
    multiply, as written, to `result` as written (to `places`). The panel's 2.16, 1.97 and 0.84
    multiply to 3.57, not the 3.60 beside them, and a viewer checking it is misled (review); written
    2.163 · 1.970 · 0.845 they give 3.600."""
    for p in range(places, most + 1):
        if product_reads_true(factors, result, places, factor_places=p):
            return p
    return most


def as_shown(v, places: int = 2) -> list[float]:
    """Each figure of `v` as a viewer reads it on screen."""
    return [float(fmt_fixed(x, places).replace("\u2212", "-")) for x in v]


def dot_reads_true(a, b, places: int = 2) -> bool:
    """Whether a·b, as shown, is what the shown coordinates of a and b give (as shown)."""
    shown_a, shown_b = (as_shown(v, places) for v in (a, b))
    return fmt_fixed(sum(x * y for x, y in zip(shown_a, shown_b)), places) == fmt_fixed(
        sum(x * y for x, y in zip(a, b)), places
    )


def length_that_reads_true(a, b, places: int = 2, reach: float = 0.015, step: float = 0.0005) -> float:
    """The factor nearest 1 (within ±`reach`) to scale b by so that a·b, as shown, is what b's
    and a's shown coordinates give. b perpendicular to a = [1.8, 1.2] is [−1.0927, 1.6390]: shown
    [−1.09, 1.64] beside a·b = 0.00, a viewer's own sum is 0.006 (review); 0.4% longer it is
    [−1.10, 1.65], and 0.00 is what they give. 1 when no factor within reach does it (a tip moved
    by a pixel or two is not seen; a longer b would be)."""
    for k in range(int(round(reach / step)) + 1):
        for s in (1 + k * step, 1 - k * step):
            if dot_reads_true(a, [x * s for x in b], places):
                return s
    return 1.0
