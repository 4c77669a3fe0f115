#!/usr/bin/env bash
# The README's test command: install the locked dependencies (checked by hash) into .venv, then lint and
# run the tests. requirements-test.lock holds the runtime and the web, scale and test extras.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k report`).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q --require-hashes -r requirements-test.lock
.venv/bin/python -m pip install -q --no-deps -e .
# The browser tests drive Debian's Chromium (never a browser download). Install it where we can;
# elsewhere those tests skip (and fail under CI=true).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "could not install chromium" >&2
fi
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/python -m pytest -q "$@"
