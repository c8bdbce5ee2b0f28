"""``python -m eval.tune``: choose the fusion by measurement on the eval sets.

Prints hit@1 / MRR of every fusion setting on the single-item questions (no
follow-ups) of each set and pooled over all but the confirming set, next to BM25 alone
and dense alone. The default is chosen on the pooled dev sets (cases, holdout, paraphrase);
paraphrase_holdout is kept to confirm the choice.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import logging
from collections.abc import Sequence
from pathlib import Path

from eval.cases import DEFAULT_SET, EvalCase, load_cases
from eval.metrics import CaseResult, summarize
from eval.runner import RETRIEVED_DEPTH
from index.retriever import LEXICAL_SCALES, FusionConfig, HybridRetriever

HOLDOUT_SET = DEFAULT_SET.with_name("holdout.jsonl")
PARAPHRASE_SET = DEFAULT_SET.with_name("paraphrase.jsonl")
PARAPHRASE_HOLDOUT_SET = DEFAULT_SET.with_name("paraphrase_holdout.jsonl")
# Settings are chosen on the dev sets, pooled; the confirming set is only looked at.
DEV_SETS = (DEFAULT_SET, HOLDOUT_SET, PARAPHRASE_SET)
CONFIRM_SET = PARAPHRASE_HOLDOUT_SET


def single_item_cases(path: Path) -> list[EvalCase]:
    """Cases labelled with exactly one item and asked without history."""
    return [c for c in load_cases(path) if len(c.items) == 1 and not c.history]


def measure(
    retriever: HybridRetriever, cases: Sequence[EvalCase], mode: str
) -> tuple[float, float]:
    """hit@1 and MRR of ``mode`` on ``cases`` (as :func:`eval.metrics.summarize` counts them)."""
    results = [
        CaseResult(
            id=case.id,
            question=case.question,
            retrieved=tuple(h.item for h in retriever.search(case.question, RETRIEVED_DEPTH, mode)),
            cited=(),
            answer="",
            answered=True,
            latency_ms=0.0,
        )
        for case in cases
    ]
    summary = summarize(cases, results)
    return summary["hit@1"] or 0.0, summary["mrr"] or 0.0


def pool(cells: Sequence[tuple[tuple[float, float], int]]) -> tuple[float, float]:
    """hit@1 and MRR over several sets together, from each set's figures and size."""
    total = sum(size for _, size in cells)
    if total == 0:
        return 0.0, 0.0
    hits = sum(h * size for (h, _), size in cells)
    reciprocal = sum(m * size for (_, m), size in cells)
    return hits / total, reciprocal / total


def grid() -> list[FusionConfig]:
    """The settings compared: convex scale × dense weight, and RRF k × dense weight."""
    convex = [
        FusionConfig("convex", lexical_weight=1 - w, dense_weight=w, lexical_scale=scale)
        for scale, w in itertools.product(LEXICAL_SCALES, (0.1, 0.2, 0.3, 0.4, 0.5, 0.6))
    ]
    rrf = [
        FusionConfig("rrf", dense_weight=w, rrf_k=k)
        for k, w in itertools.product((5, 10, 30, 60), (0.5, 0.75, 1.0))
    ]
    return convex + rrf


def main(argv: Sequence[str] | None = None) -> int:
    """Run the grid and print one line per setting."""
    parser = argparse.ArgumentParser(prog="python -m eval.tune", description=__doc__)
    parser.add_argument("--backend", help="embedding backend (default: configured)")
    parser.add_argument("--set", type=Path, action="append", help="eval set(s) to measure on")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    from corpus.loading import load_corpus  # lazy: heavy loads happen here only
    from index.loader import load_retriever

    retriever = load_retriever(load_corpus(), backend=args.backend)
    paths = args.set or [*DEV_SETS, CONFIRM_SET]
    sets = {p.name: single_item_cases(p) for p in paths}
    pooled = [p.name for p in paths if p != CONFIRM_SET]
    sizes = [len(c) for c in sets.values()] + [sum(len(sets[n]) for n in pooled)]
    names = [n.removesuffix(".jsonl") for n in sets] + ["pooled"]
    header = (f"{n} ({k})".rjust(26) for n, k in zip(names, sizes, strict=True))
    print("setting".ljust(40) + "".join(header))
    rows: list[tuple[str, str, FusionConfig | None]] = [
        ("bm25 alone", "lexical", None),
        ("dense alone", "dense", None),
    ]
    rows += [(_label(config), "hybrid", config) for config in grid()]
    for label, mode, config in rows:
        if config is not None:
            retriever.config = config
        cells = {name: measure(retriever, cases, mode) for name, cases in sets.items()}
        pooled_cell = pool([(cells[n], len(sets[n])) for n in pooled])
        shown = [*cells.values(), pooled_cell]
        print(label.ljust(40) + "".join(f"{h:.3f} / {m:.3f}".rjust(26) for h, m in shown))
    return 0


def _label(config: FusionConfig) -> str:
    fields = dataclasses.asdict(config)
    if config.method == "convex":
        return f"convex {config.lexical_scale} dense_weight={fields['dense_weight']:.1f}"
    return f"rrf k={config.rrf_k:g} dense_weight={config.dense_weight:g}"


if __name__ == "__main__":
    raise SystemExit(main())
