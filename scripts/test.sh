#!/usr/bin/env bash
# Install everything the tests need, then lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium (never `playwright install`) and need a CJK font.
if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    echo "installing Chromium and a CJK font for the browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y chromium chromium-driver fonts-wqy-microhei
fi
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
python3 -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-data.txt
# A local PostgreSQL for the feedback store's tests: part of the suite, never skipped here.
if [ -z "${POLICY_QA_TEST_POSTGRES_URL:-}" ]; then
    if ! url="$(bash scripts/postgres-for-tests.sh)"; then
        echo "scripts/test.sh: could not install or start PostgreSQL for the feedback tests;" \
            "install it (apt-get install postgresql) or set POLICY_QA_TEST_POSTGRES_URL" >&2
        exit 1
    fi
    export POLICY_QA_TEST_POSTGRES_URL="$url"
fi
python3 -m ruff check .
python3 -m mypy .
python3 -m pytest "$@"
