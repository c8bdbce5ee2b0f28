#!/usr/bin/env bash
# Start a local PostgreSQL for the feedback store's tests and print its URL.
# Exits non-zero (printing nothing) when no server can be had; scripts/test.sh then stops.
set -uo pipefail
user="$(id -un)"
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "installing PostgreSQL for the feedback tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y postgresql >/dev/null 2>&1 \
        || { apt-get update >/dev/null 2>&1 && apt-get install -y postgresql >/dev/null 2>&1; } \
        || exit 1
fi
service postgresql start >/dev/null 2>&1 || exit 1
as_postgres() { (cd / && su postgres -c "$1"); }  # postgres may not enter the caller's folder
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"" | grep -q 1; then
    as_postgres "psql -qc 'CREATE ROLE \"$user\" SUPERUSER LOGIN'" >/dev/null || exit 1
fi
as_postgres "createdb -O '$user' policyqa_test" >/dev/null 2>&1 || true
url="postgresql:///policyqa_test?host=/var/run/postgresql"
python3 -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=5).close()" "$url" \
    >/dev/null 2>&1 || exit 1
echo "$url"
