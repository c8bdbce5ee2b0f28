#!/usr/bin/env bash
# Install the runtime dependencies and start the assistant on the bundled corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements.txt
python3 -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-data.txt
exec python3 app.py "$@"
