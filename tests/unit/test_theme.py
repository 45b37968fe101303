"""The palette: roles stay apart for colour-blind viewers and read on their background.

How: each colour is passed through the Machado et al. (2009) simulation of protanopia,
deuteranopia and tritanopia (full severity, linear sRGB), converted to CIELAB, and the
distance between roles is measured (CIE76 delta E; about 2.3 is a just-noticeable
difference, 20 is clearly different at a glance)."""

from __future__ import annotations

import itertools

import pytest
from colour_vision import contrast_ratio, delta_e

from mathcore import InputError
from toolkit.theme import SIZES, THEMES, get_palette

VISION = [None, "protanopia", "deuteranopia", "tritanopia"]


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize("vision", VISION)
def test_the_three_roles_stay_apart(name, vision):
    p = THEMES[name]
    for x, y in itertools.combinations(("a", "b", "result"), 2):
        assert delta_e(getattr(p, x), getattr(p, y), vision) >= 20, (name, vision, x, y)
    for role in ("a", "b", "result"):
        assert delta_e(getattr(p, role), p.text, vision) >= 20, (name, vision, role)


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize("vision", VISION)
def test_positive_and_negative_differ_beyond_their_sign(name, vision):
    # Signs and shapes carry the difference too; the fills must still not merge.
    p = THEMES[name]
    assert delta_e(p.positive, p.negative, vision) >= 12
    # A negative product sits beside the results: they must not merge either.
    assert delta_e(p.negative, p.result, vision) >= 15


@pytest.mark.parametrize("name", THEMES)
def test_everything_reads_on_its_background(name):
    p = THEMES[name]
    assert contrast_ratio(p.text, p.background) >= 7
    assert contrast_ratio(p.muted, p.background) >= 4.5
    for role in ("a", "b", "result", "positive", "negative", "highlight"):
        assert contrast_ratio(getattr(p, role), p.background) >= 3, role


def test_unknown_theme_is_refused():
    with pytest.raises(InputError, match="unknown theme 'sepia': choose one of dark, light"):
        get_palette("sepia")


def test_theme_from_environment(monkeypatch):
    monkeypatch.setenv("LESSON_THEME", "light")
    assert get_palette().name == "light"


def test_sizes_never_below_minimum():
    assert min(SIZES.title, SIZES.heading, SIZES.body, SIZES.label, SIZES.small) >= SIZES.MIN
