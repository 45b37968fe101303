"""Colour-vision deficiency simulation for the palette test (Machado, Oliveira & Fernandes 2009,
severity 1.0, applied in linear sRGB), and CIELAB distances to judge what stays apart."""

from __future__ import annotations

import numpy as np

MACHADO = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}


def hex_to_linear(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    srgb = np.array([int(h[i : i + 2], 16) for i in (0, 2, 4)]) / 255.0
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def simulate(hex_colour: str, deficiency: str | None) -> np.ndarray:
    lin = hex_to_linear(hex_colour)
    if deficiency:
        lin = np.clip(MACHADO[deficiency] @ lin, 0.0, 1.0)
    return lin


def linear_to_lab(lin: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(c1: str, c2: str, deficiency: str | None = None) -> float:
    return float(np.linalg.norm(linear_to_lab(simulate(c1, deficiency)) - linear_to_lab(simulate(c2, deficiency))))


def contrast_ratio(c1: str, c2: str) -> float:
    """WCAG 2 contrast ratio between two colours."""
    lum = [float(np.dot([0.2126, 0.7152, 0.0722], hex_to_linear(c))) for c in (c1, c2)]
    hi, lo = max(lum), min(lum)
    return (hi + 0.05) / (lo + 0.05)
