#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run every test.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# A real browser: Debian's Chromium, driven by Playwright (never `playwright install`).
# On a machine that has its own Chrome (GitHub's runners), set CHROMIUM_PATH to use it.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The project and its test tools, in a virtual environment of its own.
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"

# The Nu HTML Checker, current release, run with the machine's Java.
if [ -f package.json ]; then
  npm install --no-fund --no-audit --silent >/dev/null
fi

.venv/bin/python -m pytest "$@"
