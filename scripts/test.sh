#!/usr/bin/env bash
# The README's test command: install (locked) into .venv, then lint and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements.lock
.venv/bin/python -m pip install -q --no-deps -e .
.venv/bin/ruff check src tests benchmarks
.venv/bin/python -m pytest -q "$@"
