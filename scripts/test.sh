#!/usr/bin/env bash
# Install everything the tests need, then lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
python3 -m ruff check .
python3 -m mypy .
python3 -m pytest "$@"
