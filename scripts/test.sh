#!/usr/bin/env bash
# Install everything the tests need, then lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests drive Debian's Chromium (never `playwright install`) and need a CJK font;
# the .doc/.wps tests need LibreOffice. One `apt-get update` for whichever is missing.
need_browser="" need_soffice=""
if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    need_browser=1
fi
if ! command -v soffice >/dev/null && ! command -v libreoffice >/dev/null; then
    need_soffice=1
fi
if [ -n "$need_browser$need_soffice" ]; then
    echo "installing${need_browser:+ Chromium and a CJK font}${need_soffice:+ LibreOffice}" \
        "for the tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    if [ -n "$need_browser" ]; then
        apt-get install -y chromium chromium-driver fonts-wqy-microhei
    fi
    if [ -n "$need_soffice" ]; then
        apt-get install -y --no-install-recommends libreoffice-writer-nogui
    fi
fi
# The .doc/.wps tests fail, never skip, without soffice (tests/test_legacy.py).
export POLICY_QA_REQUIRE_SOFFICE=1
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
