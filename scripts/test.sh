#!/usr/bin/env bash
# The project's test command: lint, type-check, then the whole pytest suite
# (browser tests drive /usr/bin/chromium; cluster tests start a real local Dask cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/mypy
.venv/bin/lint-imports --no-logo --no-cache  # the layers and contracts in pyproject.toml [tool.importlinter]
# pytest exits 5 when it collects nothing; set -e turns that (and any failure) into a red run.
.venv/bin/pytest "$@"
