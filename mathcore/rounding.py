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


def product_reads_true(factors, result: float, places: int = 2) -> bool:
    """Whether the factors, as shown, multiply to the result as shown. A viewer checks
    "1.66 × 2.16 = 3.60" with the figures on screen (3.59): where rounding breaks the
    equality, the scene writes ≈ instead."""
    shown = math.prod(float(fmt_number(f, places).replace("\u2212", "-")) for f in factors)
    return fmt_number(shown, places) == fmt_number(result, places)
