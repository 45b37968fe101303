"""Children that take Ctrl-C as a user's terminal delivers it.

A shell without job control starts background commands with SIGINT ignored, and a Python
started with SIGINT ignored never raises KeyboardInterrupt: run under `cmd &` or nohup,
the tests that press Ctrl-C on render.py would see nothing happen. Their children start
with SIGINT at its default, as under a terminal."""

from __future__ import annotations

import signal


def sigint_as_at_a_terminal() -> None:
    """A Popen preexec_fn."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
