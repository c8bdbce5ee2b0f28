"""``python -m corpus show [PATH] [--json] [--cleaning]``: print the parsed plan."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from corpus.cleaning import cleaning_report
from corpus.loading import DEFAULT_CORPUS_DIR, load_corpus
from corpus.render import corpus_to_dict, render_corpus


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="print the parsed plan(s)")
    show.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS_DIR,
        help="a plan file or a folder of them (default: the shipped corpus)",
    )
    output = show.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable output")
    output.add_argument("--cleaning", action="store_true", help="print the cleaning report")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    if not args.path.exists():
        print(f"error: {args.path}: no such file or folder", file=sys.stderr)
        return 2
    corpus = load_corpus(args.path)
    if args.json:
        print(json.dumps(corpus_to_dict(corpus), ensure_ascii=False, indent=2))
    elif args.cleaning:
        print("\n\n".join(cleaning_report(Path(d.path).name, d.clean) for d in corpus.documents))
    else:
        print(render_corpus(corpus))
    return 1 if corpus.failures and not corpus.documents else 0
