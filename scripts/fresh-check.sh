#!/usr/bin/env bash
# Run the README's test command as a newcomer's machine would: a fresh clone of the committed
# main, a new virtual environment with nothing installed (no system site-packages), the
# command run to the end with that environment's python. Uncommitted changes are not checked.
# Usage: bash scripts/fresh-check.sh [pytest arguments]; KEEP=1 keeps the folder afterwards.
set -euo pipefail
source_repo="$(cd "$(dirname "$0")/.." && pwd)"
folder="$(mktemp -d "${TMPDIR:-/tmp}/policy-qa-fresh-XXXXXX")"
finish() {
    status=$?
    if [ "${KEEP:-0}" = 1 ] || [ "$status" != 0 ]; then
        echo "fresh-check: kept $folder" >&2
    else
        rm -rf "$folder"
    fi
    echo "fresh-check: $([ "$status" = 0 ] && echo passed || echo FAILED) in $SECONDS s" >&2
}
trap finish EXIT
trap 'exit 130' INT  # an interrupted check has not passed
trap 'exit 143' TERM
git clone --quiet "$source_repo" "$folder/repo"
python3 -m venv "$folder/venv"
# Nothing of this shell's Python setup may leak in: only the new environment's python3.
unset PYTHONPATH PYTHONHOME PYTHONSTARTUP PYTHONUSERBASE VIRTUAL_ENV
export PYTHONNOUSERSITE=1 PATH="$folder/venv/bin:$PATH" VIRTUAL_ENV="$folder/venv"
echo "fresh-check: $(git -C "$folder/repo" log -1 --format='%h %s') in $folder" >&2
cd "$folder/repo"
bash scripts/test.sh "$@"
