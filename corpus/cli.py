"""``python -m corpus show [PATH] [--json] [--cleaning]``: print the parsed plan."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from corpus.cleaning import clean_text, cleaning_report
from corpus.errors import CorpusError
from corpus.fence import load_document_fenced
from corpus.loading import DEFAULT_CORPUS_DIR, find_documents, load_corpus, read_source
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
    output.add_argument(
        "--cleaning",
        action="store_true",
        help="print the cleaning report (reads and cleans only: works before parsing does)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    if not args.path.exists():
        print(f"error: {args.path}: no such file or folder", file=sys.stderr)
        return 2
    if args.cleaning:
        return _show_cleaning(args.path)
    # each file read in a child with memory and time limits: no file takes this shell down
    corpus = load_corpus(args.path, load=load_document_fenced)
    if args.json:
        print(json.dumps(corpus_to_dict(corpus), ensure_ascii=False, indent=2))
    else:
        print(render_corpus(corpus))
    return 1 if corpus.failures and not corpus.documents else 0


def _show_cleaning(source: Path) -> int:
    """Print each file's cleaning report; a file that cannot be read is reported on stderr."""
    reports, failed = [], 0
    for path in find_documents(source):
        try:
            read = read_source(path)  # a scan is read with OCR: its slips are repaired
            clean = clean_text(read.text, ocr=read.ocr, tables=read.tables)
            reports.append(cleaning_report(path.name, clean))
        except CorpusError as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
    print("\n\n".join(reports))
    return 1 if failed and not reports else 0
