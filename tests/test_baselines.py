"""The golden eval figures: every shipped set still scores what its baseline file says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval import baselines
from eval.runner import System

SAVED = {
    "set": "tiny.jsonl",
    "tolerance_cases": 1,
    "figures": {"pipeline": {"overall": {"cases": 20, "hit@1": 0.9, "set_exact": None}}},
}


def _measured(hit: float, set_exact: float | None = None) -> baselines.Figures:
    return {"pipeline": {"overall": {"cases": 20, "hit@1": hit, "set_exact": set_exact}}}


def test_unchanged_figures_show_no_drift() -> None:
    assert baselines.compare(SAVED, _measured(0.9)) == []


def test_one_case_of_twenty_is_within_tolerance() -> None:
    [drift] = baselines.compare(SAVED, _measured(0.95))
    assert drift.within_tolerance and drift.figure == "hit@1"


def test_two_cases_of_twenty_moved() -> None:
    [drift] = baselines.compare(SAVED, _measured(0.8))
    assert not drift.within_tolerance
    assert "hit@1: saved 0.9, now 0.8 (MOVED)" in str(drift)


def test_a_figure_that_appears_or_vanishes_moved() -> None:
    [drift] = baselines.compare(SAVED, _measured(0.9, set_exact=1.0))
    assert drift.figure == "set_exact" and not drift.within_tolerance


def test_every_shipped_set_has_a_baseline() -> None:
    for set_path in baselines.shipped_sets():
        data = json.loads(baselines.baseline_path(set_path).read_text(encoding="utf-8"))
        assert data["set"] == set_path.name and data["backend"] == baselines.BACKEND
        assert {"pipeline", "bm25", "dense"} <= set(data["figures"])


@pytest.fixture(scope="module")
def systems(tmp_path_factory: pytest.TempPathFactory) -> list[System]:
    return baselines.build_systems(tmp_path_factory.mktemp("baseline-index"))


@pytest.mark.slow
@pytest.mark.parametrize("set_path", baselines.shipped_sets(), ids=lambda p: p.stem)
def test_eval_figures_match_their_baseline(systems: list[System], set_path: Path) -> None:
    saved = json.loads(baselines.baseline_path(set_path).read_text(encoding="utf-8"))
    drifts = baselines.compare(saved, baselines.measure(systems, set_path))
    moved = [str(drift) for drift in drifts if not drift.within_tolerance]
    assert not moved, "eval figures moved (regenerate with python -m eval.baselines --write "
    "only if the change is meant to move them):\n" + "\n".join(moved)
