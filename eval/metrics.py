"""Metrics as pure functions of case results, so any reader can recompute them."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eval.cases import EvalCase


@dataclass(frozen=True)
class CaseResult:
    """What a system returned for one case (the ``cases`` rows of the JSON report)."""

    id: str
    question: str
    retrieved: tuple[int, ...]
    cited: tuple[int, ...]
    answer: str
    answered: bool
    latency_ms: float
    closest: bool = False  # answered as the closest clause found (qa.Certainty.CLOSEST)
    other_plans: tuple[str, ...] = ()  # plans cited besides the case's own (a library)
    names_its_plans: bool | None = None  # every cited plan named by title; None: one plan


def hit_at(case: EvalCase, result: CaseResult, k: int) -> bool:
    """True when one of the first ``k`` retrieved items is a labelled item."""
    return any(item in case.items for item in result.retrieved[:k])


def reciprocal_rank(case: EvalCase, result: CaseResult) -> float:
    """1 / rank of the first labelled item among the retrieved, 0 if none."""
    for rank, item in enumerate(result.retrieved, start=1):
        if item in case.items:
            return 1.0 / rank
    return 0.0


def answer_correct(case: EvalCase, result: CaseResult) -> bool:
    """Declined when unanswerable; otherwise answered, with every expected string present.

    A case without expected strings also needs its first cited item to be a labelled one.
    """
    if case.unanswerable:
        return not result.answered
    if not result.answered or not all(s in result.answer for s in case.answer_contains):
        return False
    if case.answer_contains:
        return True
    return bool(result.cited) and result.cited[0] in case.items


def confidently_wrong(case: EvalCase, result: CaseResult) -> bool:
    """Answered without a hedge (not the closest tier), and not right."""
    return result.answered and not result.closest and not answer_correct(case, result)


def direct_correct(case: EvalCase, result: CaseResult) -> bool:
    """Every expected string in the reply's first paragraph: the direct answer itself."""
    direct = result.answer.split("\n\n", 1)[0]
    return result.answered and all(s in direct for s in case.answer_contains)


def set_precision_recall(case: EvalCase, result: CaseResult) -> tuple[float, float]:
    """Precision and recall of the cited items against the labelled set."""
    cited, expected = set(result.cited), set(case.items)
    found = len(cited & expected)
    precision = found / len(cited) if cited else 0.0
    recall = found / len(expected) if expected else 0.0
    return precision, recall


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


Pair = tuple[EvalCase, CaseResult]
# The cases each figure averages over: one case moves a figure by at most 1 / their number.
FIGURE_CASES = {
    "hit@1": "answerable",
    "hit@3": "answerable",
    "mrr": "answerable",
    "answer_accuracy": "all",
    "direct_accuracy": "with_strings",
    "set_precision": "multi",
    "set_recall": "multi",
    "set_exact": "multi",
    "declined_out_of_scope": "unanswerable",
    "near_misses_hedged": "unanswerable",
    "wrongly_declined": "answerable",
    "confidently_wrong": "all",
    "closest_right": "closest",
    "other_plan_cited": "in_a_library",
    "plans_named": "naming",
}


def _case_groups(cases: Sequence[EvalCase], results: Sequence[CaseResult]) -> dict[str, list[Pair]]:
    """The cases behind each figure (see ``FIGURE_CASES``), with their results."""
    pairs = list(zip(cases, results, strict=True))
    answerable = [(c, r) for c, r in pairs if not c.unanswerable and c.items]
    return {
        "all": pairs,
        "answerable": answerable,
        "multi": [(c, r) for c, r in answerable if len(c.items) > 1],
        "with_strings": [(c, r) for c, r in answerable if c.answer_contains],
        "unanswerable": [(c, r) for c, r in pairs if c.unanswerable],
        "closest": [(c, r) for c, r in answerable if r.answered and r.closest],
        "in_a_library": [(c, r) for c, r in pairs if c.doc and r.answered],
        "naming": [(c, r) for c, r in pairs if r.answered and r.names_its_plans is not None],
    }


def figure_sizes(cases: Sequence[EvalCase], results: Sequence[CaseResult]) -> dict[str, int]:
    """How many cases each figure of :func:`summarize` averages over."""
    groups = _case_groups(cases, results)
    return {figure: len(groups[group]) for figure, group in FIGURE_CASES.items()}


def summarize(cases: Sequence[EvalCase], results: Sequence[CaseResult]) -> dict[str, Any]:
    """All metrics over the cases given (answerable ones for retrieval and sets)."""
    groups = _case_groups(cases, results)
    answerable, multi = groups["answerable"], groups["multi"]
    set_scores = [set_precision_recall(c, r) for c, r in multi]
    latencies = [r.latency_ms for r in results]
    return {
        "cases": len(groups["all"]),
        "hit@1": _mean([hit_at(c, r, 1) for c, r in answerable]),
        "hit@3": _mean([hit_at(c, r, 3) for c, r in answerable]),
        "mrr": _mean([reciprocal_rank(c, r) for c, r in answerable]),
        "answer_accuracy": _mean([answer_correct(c, r) for c, r in groups["all"]]),
        "direct_accuracy": _mean([direct_correct(c, r) for c, r in groups["with_strings"]]),
        "multi_item_cases": len(multi),
        "set_precision": _mean([p for p, _ in set_scores]),
        "set_recall": _mean([r for _, r in set_scores]),
        "set_exact": _mean([set(r.cited) == set(c.items) for c, r in multi]),
        "unanswerable_cases": len(groups["unanswerable"]),
        "declined_out_of_scope": _mean([not r.answered for _, r in groups["unanswerable"]]),
        "wrongly_declined": _mean([not r.answered for _, r in answerable]),
        # Issue 23's tiers: a confident answer must be right; a near miss may be hedged
        # (the closest clause, said to be such) or declined; a hedge should hold the fact.
        "confidently_wrong": _mean([confidently_wrong(c, r) for c, r in groups["all"]]),
        "near_misses_hedged": _mean(
            [not r.answered or r.closest for _, r in groups["unanswerable"]]
        ),
        "closest_right": _mean([answer_correct(c, r) for c, r in groups["closest"]]),
        "other_plan_cited": _mean([bool(r.other_plans) for _, r in groups["in_a_library"]]),
        "plans_named": _mean([bool(r.names_its_plans) for _, r in groups["naming"]]),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def summarize_by_kind(
    cases: Sequence[EvalCase], results: Sequence[CaseResult]
) -> dict[str, dict[str, Any]]:
    """``summarize`` per kind of question (any label a set uses), plus ``overall``."""
    return summarize_by(cases, results, lambda case: case.kind)


def summarize_by_doc(
    cases: Sequence[EvalCase], results: Sequence[CaseResult]
) -> dict[str, dict[str, Any]]:
    """``summarize`` per document the cases name (``-`` for none), plus ``overall``."""
    return summarize_by(cases, results, lambda case: case.doc or "-")


def summarize_by(
    cases: Sequence[EvalCase],
    results: Sequence[CaseResult],
    key: Callable[[EvalCase], str],
    summary: Callable[[Sequence[EvalCase], Sequence[CaseResult]], dict[str, Any]] = summarize,
) -> dict[str, dict[str, Any]]:
    """``summary`` (``summarize`` or ``figure_sizes``) per group of cases with the same
    ``key``, plus ``overall``."""
    groups = sorted({key(case) for case in cases})
    pairs = list(zip(cases, results, strict=True))
    by_group = {
        group: summary(
            [c for c, _ in pairs if key(c) == group], [r for c, r in pairs if key(c) == group]
        )
        for group in groups
    }
    by_group["overall"] = summary(cases, results)
    return by_group


def _mean(values: Sequence[bool | float]) -> float | None:
    return sum(values) / len(values) if values else None
