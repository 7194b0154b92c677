#!/usr/bin/env bash
# Make a fresh machine ready: a virtualenv with claimledger and its test tools,
# and Debian's chromium for the browser tests. Safe to run again.
#
# Quiet on purpose: pip's and apt's own output (progress, warnings such as
# "running pip as root") goes to .venv/setup.log; on failure one line names
# the step and the log, and the exit status is non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
LOG=.venv/setup.log
fail() {
  echo "setup: $1 failed; see $(pwd)/$LOG" >&2
  exit 1
}
mkdir -p .venv
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv >>"$LOG" 2>&1 || fail "creating the virtualenv with $PY"
fi
if ! .venv/bin/python -c "import claimledger, pytest, playwright, hypothesis" 2>/dev/null \
   || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input -e '.[test]' \
    >>"$LOG" 2>&1 || fail "pip install"
  touch .venv/.installed
fi
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
      >>"$LOG" 2>&1 || fail "installing chromium with apt-get"
  else
    echo "setup: /usr/bin/chromium is missing; install Debian's chromium (sudo apt-get install chromium) for browser tests" >&2
  fi
fi
