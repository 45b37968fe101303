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
