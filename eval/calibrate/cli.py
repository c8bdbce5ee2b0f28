"""The command line: ``python -m eval.calibrate policy|numbers [--backend B] [--set PATH ...]``."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import eval.calibrate
from corpus.loading import Corpus
from eval.calibrate.fitting import collect, fit
from eval.calibrate.grid import number_variants, policy_grid
from eval.calibrate.pooling import (
    DEV_SETS,
    HOW_MUCH,
    PooledCase,
    confirming,
    of_kind,
    pool,
    set_names,
)
from eval.calibrate.report import (
    confirm_line,
    model_report,
    number_confirm_line,
    numbers_report,
    policy_report,
)
from eval.calibrate.rule import NumberTally, Row, choose, number_tally, tally
from eval.calibrate.running import CachedRetriever, load, run
from eval.cases import EvalSetError, load_cases
from eval.tune import CONFIRM_SET
from qa.policy import AnswerConfig

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 100  # grid points between progress logs


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, run the chosen calibration and print its report.

    Returns:
        0, or 2 when an eval set cannot be read.
    """
    parser = argparse.ArgumentParser(
        prog="python -m eval.calibrate",
        description=eval.calibrate.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=("policy", "numbers"), help="what to calibrate")
    parser.add_argument("--backend", help="embedding backend (default: configured)")
    parser.add_argument(
        "--set",
        type=Path,
        action="append",
        help="eval set(s); default: the four dev sets, and paraphrase_holdout to confirm",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
    )
    paths = args.set or [*DEV_SETS, CONFIRM_SET]
    try:
        sets = dict(zip(set_names(paths), (load_cases(p) for p in paths), strict=True))
    except (EvalSetError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    corpus, retriever = load(args.backend)
    command = policy if args.command == "policy" else numbers
    names = [name.removesuffix(".jsonl") for name in sets if name != CONFIRM_SET.name]
    context = Run(corpus, retriever, pool(sets), confirming(sets), names)
    for line in command(context):
        print(line)
    total = time.perf_counter() - started
    print(
        f"time: {total:.1f} s in all; {retriever.searches} distinct searches "
        f"({retriever.queries} query texts), each run once"
    )
    return 0


@dataclass(frozen=True)
class Run:
    """What every calibration needs: the plan, the shared retriever and the cases."""

    corpus: Corpus
    retriever: CachedRetriever
    pooled: list[PooledCase]  # the dev sets, to choose on
    confirm: list[PooledCase]  # the confirming set, only to look at
    names: list[str]  # the pooled sets' names


def policy(context: Run) -> list[str]:
    """Fit the decision model, then run the cut-off grid; the report's lines and timing."""
    default = AnswerConfig()
    started = time.perf_counter()
    first = run(context.corpus, context.retriever, context.pooled, default)
    warm = time.perf_counter() - started
    samples = collect(context.corpus, context.retriever, context.pooled)
    fitted = fit(samples)
    lines = model_report(default.decision, fitted, samples)
    rows = []
    grid = policy_grid(base=dataclasses.replace(default, decision=fitted))
    if default not in grid:
        grid.insert(0, default)
    started = time.perf_counter()
    for number, config in enumerate(grid, 1):
        results = (
            first
            if config == default
            else run(context.corpus, context.retriever, context.pooled, config)
        )
        rows.append(Row(config, tally(context.pooled, results)))
        if number % PROGRESS_EVERY == 0:
            logger.info("%d of %d settings", number, len(grid))
    seconds = time.perf_counter() - started
    lines += policy_report(rows, default, choose(rows, default), context.names)
    if context.confirm:
        confirm = run(context.corpus, context.retriever, context.confirm, default)
        lines += ["", confirm_line(CONFIRM_SET.stem, tally(context.confirm, confirm))]
    lines += [
        "",
        f"grid: {len(grid)} settings in {seconds:.1f} s ({1000 * seconds / len(grid):.0f} ms "
        f"each) after a first pass of {warm:.1f} s "
        "(model load and every search)",
    ]
    return lines


def numbers(context: Run) -> list[str]:
    """Change each number weight alone; the report's lines."""
    cases = of_kind(context.pooled, HOW_MUCH)
    if not cases:
        return ["numbers: no how_much cases in the sets given"]
    default = number_tally(cases, run(context.corpus, context.retriever, cases))
    variants: list[tuple[str, float, NumberTally]] = []
    for name, value, config in number_variants():
        results = run(context.corpus, context.retriever, cases, numbers=config)
        variants.append((name, value, number_tally(cases, results)))
    lines = numbers_report(default, variants, context.names)
    confirm = of_kind(context.confirm, HOW_MUCH)
    if confirm:
        figures = number_tally(confirm, run(context.corpus, context.retriever, confirm))
        lines += ["", number_confirm_line(CONFIRM_SET.stem, figures)]
    return lines
