#!/usr/bin/env bash
# Create .venv and install ingest with pinned dependencies (constraints.txt). Idempotent: reinstalls only
# when pyproject.toml or constraints.txt changed. Usage: scripts/setup.sh [extras, e.g. test,bench]
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
stamp=".venv/.ingest-installed-${extras:-base}"
digest="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "setup: installing dependencies (pinned by constraints.txt)"
  spec="."
  [ -n "$extras" ] && spec=".[$extras]"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e "$spec"
  echo "$digest" > "$stamp"
fi
