#!/usr/bin/env bash
# Quick start: set up, then run the daily job (on the bundled offline mirror when the sites are out of reach).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/ingest run "$@"
