#!/usr/bin/env bash
# Set up with the test extras, then lint (ruff), type-check (mypy --strict) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
.venv/bin/ruff check src flows tests benchmarks
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
