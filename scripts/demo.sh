#!/usr/bin/env bash
# The main job: build a ledger from the bundled sample corpus and print the conflicts report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/claimledger demo "$@"
