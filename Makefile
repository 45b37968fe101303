# Two commands, each bringing the machine up to date first (scripts/setup.sh is idempotent).
.PHONY: render test setup setup-test

render: setup
	.venv/bin/python render.py

test: setup-test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python -m pytest -n auto --dist loadgroup

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh test
