# Two commands, each bringing the machine up to date first (scripts/setup.sh is idempotent).
.PHONY: render test setup

render: setup
	.venv/bin/python render.py

test: setup
	.venv/bin/python -m pytest

setup:
	@scripts/setup.sh
