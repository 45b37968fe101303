"""pytest options of manim's own graphical test suite, and shared fixtures."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--set_test",
        action="store_true",
        default=False,
        help="Write the control data of the graphical tests instead of comparing against it.",
    )
    parser.addoption(
        "--show_diff",
        action="store_true",
        default=False,
        help="On a mismatching frame, show the generated, expected and differing pixels (needs matplotlib).",
    )


@pytest.fixture(params=["dark", "light"])
def theme(request) -> str:
    return request.param


def pytest_configure(config: pytest.Config) -> None:
    import manim.utils.testing.frames_comparison as frames_comparison

    # manim skips graphical tests below cairo 1.18 because its own control data was drawn
    # with 1.18. Ours is drawn on this project's machines (Debian 12 ships cairo 1.16), so
    # the comparison is like for like and must run, not skip.
    frames_comparison.MIN_CAIRO_VERSION = 0
