"""Render eval results as a readable report and as comparable JSON."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from corpus.tables import text_table
from eval.cases import EvalCase
from eval.metrics import CaseResult, answer_correct, hit_at, summarize_by_doc

Summary = dict[str, dict[str, Any]]

_ROWS = (
    ("hit@1", "hit@1"),
    ("hit@3", "hit@3"),
    ("MRR", "mrr"),
    ("answer accuracy", "answer_accuracy"),
    ("direct answer accuracy", "direct_accuracy"),
    ("multi-item set precision", "set_precision"),
    ("multi-item set recall", "set_recall"),
    ("multi-item set exact", "set_exact"),
    ("out-of-scope declined", "declined_out_of_scope"),
    ("answerable wrongly declined", "wrongly_declined"),
    ("confidently wrong", "confidently_wrong"),
    ("near misses hedged or declined", "near_misses_hedged"),
    ("closest tier right", "closest_right"),
    ("latency p50 ms", "latency_p50_ms"),
    ("latency p95 ms", "latency_p95_ms"),
)
_ANSWER_PREVIEW = 70


def render_report(
    set_name: str,
    cases: Sequence[EvalCase],
    summaries: Mapping[str, Summary],
    results: Sequence[CaseResult],
) -> str:
    """Overall table (systems side by side), per-kind table, then the pipeline's failures."""
    names = list(summaries)
    lines = [f"eval set: {set_name} ({len(cases)} cases); systems: {', '.join(names)}", ""]
    lines += text_table(
        ["overall", *names],
        [[label, *(_fmt(summaries[n]["overall"][key]) for n in names)] for label, key in _ROWS],
    )
    overall = summaries[names[0]]["overall"]
    lines.append(
        f"(multi-item cases: {overall['multi_item_cases']}, "
        f"out-of-scope cases: {overall['unanswerable_cases']})"
    )
    lines += ["", *_kind_table(names, summaries), ""]
    if len({case.doc for case in cases}) > 1:
        lines += [*_doc_table(names[0], summarize_by_doc(cases, results)), ""]
    lines += render_failures(names[0], cases, results)
    return "\n".join(lines)


def _kind_table(names: Sequence[str], summaries: Mapping[str, Summary]) -> list[str]:
    main, kinds = names[0], [k for k in summaries[names[0]] if k != "overall"]
    header = [
        "kind",
        "n",
        "hit@1",
        "hit@3",
        "MRR",
        "answer",
        "direct",
        *(f"{n} hit@1" for n in names[1:]),
    ]
    rows = []
    for kind in [*kinds, "overall"]:
        row = summaries[main][kind]
        rows.append(
            [
                kind,
                str(row["cases"]),
                *(_fmt(row[k]) for k in ("hit@1", "hit@3", "mrr")),
                _fmt(row["answer_accuracy"]),
                _fmt(row["direct_accuracy"]),
                *(_fmt(summaries[n][kind]["hit@1"]) for n in names[1:]),
            ]
        )
    return [f"by kind ({main})", *text_table(header, rows)]


def _doc_table(main: str, by_doc: Summary) -> list[str]:
    rows = [
        [doc, str(row["cases"]), _fmt(row["hit@1"]), _fmt(row["answer_accuracy"])]
        for doc, row in by_doc.items()
    ]
    return [f"by document ({main})", *text_table(["document", "n", "hit@1", "answer"], rows)]


def render_failures(
    system: str, cases: Sequence[EvalCase], results: Sequence[CaseResult]
) -> list[str]:
    """Cases whose answer is wrong or whose top item is not a labelled one."""
    failed = [
        (c, r)
        for c, r in zip(cases, results, strict=True)
        if not answer_correct(c, r) or (c.items and not hit_at(c, r, 1))
    ]
    lines = [f"failures ({system}): {len(failed)} of {len(cases)}"]
    for case, result in failed:
        expected = "decline" if case.unanswerable else f"items {list(case.items)}"
        missing = [s for s in case.answer_contains if s not in result.answer]
        got = "declined" if not result.answered else f"cited {list(result.cited)}"
        preview = result.answer.replace("\n", " ")[:_ANSWER_PREVIEW]
        lines += [
            f"  {case.id} [{case.kind}] {case.question}"
            + (f"  (after: {' / '.join(case.history)})" if case.history else ""),
            f"    expected {expected}"
            + (f", missing {missing}" if missing else "")
            + f"; got {got}, retrieved {list(result.retrieved[:5])}",
            f"    answer: {preview}",
        ]
    return lines


def to_json(
    set_name: str, summaries: Mapping[str, Summary], results: Mapping[str, Sequence[CaseResult]]
) -> dict[str, Any]:
    """``{"summary": …, "cases": […]}`` for the pipeline; baselines under ``baselines``."""
    names = list(summaries)
    main = names[0]
    return {
        "summary": {
            "set": set_name,
            "system": main,
            **summaries[main]["overall"],
            "by_kind": summaries[main],
        },
        "cases": [dataclasses.asdict(r) for r in results[main]],
        "baselines": {
            name: {
                "summary": summaries[name],
                "cases": [dataclasses.asdict(r) for r in results[name]],
            }
            for name in names[1:]
        },
    }


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1 else f"{value:.1f}"
    return str(value)
