"""The golden eval figures: every shipped set still scores what its baseline file says."""

from __future__ import annotations

import json

import pytest

from eval import baselines, suites

SAVED = {
    "set": "tiny.jsonl",
    "tolerance_cases": 1,
    "figures": {
        "pipeline": {"overall": {"cases": 24, "hit@1": 0.9, "set_exact": None}},
        "dense": {"overall": {"cases": 24, "hit@1": 0.9, "set_exact": None}},
    },
    # hit@1 averages over the 20 answerable cases of 24; no case has several items
    "sizes": {
        "pipeline": {"overall": {"hit@1": 20, "set_exact": 0}},
        "dense": {"overall": {"hit@1": 20, "set_exact": 0}},
    },
}


def _measured(
    hit: float, set_exact: float | None = None, system: str = "pipeline", cases: int = 24
) -> baselines.Measured:
    unchanged = {"overall": {"cases": 24, "hit@1": 0.9, "set_exact": None}}
    figures: baselines.Figures = {"pipeline": unchanged, "dense": unchanged}
    figures[system] = {"overall": {"cases": cases, "hit@1": hit, "set_exact": set_exact}}
    sizes = {"overall": {"hit@1": 20, "set_exact": 0 if set_exact is None else 2}}
    return baselines.Measured(figures, {name: sizes for name in figures})


def test_unchanged_figures_show_no_drift() -> None:
    assert baselines.compare(SAVED, _measured(0.9)) == []


def test_one_case_of_the_twenty_a_figure_averages_over_is_within_tolerance() -> None:
    # 0.9 → 0.95 is one of the 20 answerable cases: more than 1/24 of the set, still one case
    [drift] = baselines.compare(SAVED, _measured(0.95))
    assert drift.within_tolerance and not drift.fails and drift.figure == "hit@1"


def test_two_cases_moved() -> None:
    [drift] = baselines.compare(SAVED, _measured(0.8))
    assert not drift.within_tolerance and drift.fails
    assert "hit@1: saved 0.9, now 0.8 (MOVED)" in str(drift)


def test_a_figure_that_appears_or_vanishes_moved() -> None:
    [drift] = baselines.compare(SAVED, _measured(0.9, set_exact=1.0))
    assert drift.figure == "set_exact" and drift.fails


def test_a_count_of_cases_never_moves_within_tolerance() -> None:
    [drift] = baselines.compare(SAVED, _measured(0.9, cases=25))
    assert drift.figure == "cases" and drift.fails


def test_a_diagnostic_baseline_that_moved_is_listed_but_does_not_fail() -> None:
    [drift] = baselines.compare(SAVED, _measured(0.7, system="dense"))
    assert drift.system == "dense" and not drift.within_tolerance and not drift.fails
    assert "(moved, diagnostic only)" in str(drift)


def test_every_set_has_a_baseline() -> None:
    for suite in suites.suites():
        data = json.loads(baselines.baseline_path(suite).read_text(encoding="utf-8"))
        assert data["set"] == suite.set_path.name and data["backend"] == baselines.BACKEND
        assert {"pipeline", "bm25", "dense"} <= set(data["figures"]) == set(data["sizes"])


def test_every_fixture_plan_has_its_set() -> None:
    fixtures = [suite for suite in suites.suites() if suite.corpus is not None]
    plans = [suite.corpus for suite in fixtures if suite.corpus and suite.corpus.is_file()]
    libraries = [suite.corpus for suite in fixtures if suite.corpus and suite.corpus.is_dir()]
    assert {plan.suffix for plan in plans} == {".txt", ".md", ".pdf", ".docx", ".xlsx", ".doc"}
    assert len(plans) + len(libraries) == len(fixtures)
    # a library folder's plans are all there: its links resolve
    assert libraries and all(path.is_file() for library in libraries for path in library.iterdir())


@pytest.fixture(scope="module")
def systems(tmp_path_factory: pytest.TempPathFactory) -> suites.SystemsByCorpus:
    return suites.SystemsByCorpus(tmp_path_factory.mktemp("baseline-index"), baselines.BACKEND)


@pytest.mark.slow
@pytest.mark.parametrize("suite", suites.suites(), ids=lambda s: s.name)
def test_eval_figures_match_their_baseline(
    systems: suites.SystemsByCorpus, suite: suites.Suite
) -> None:
    saved = json.loads(baselines.baseline_path(suite).read_text(encoding="utf-8"))
    drifts = baselines.compare(saved, baselines.measure(systems(suite.corpus), suite.set_path))
    moved = [str(drift) for drift in drifts if drift.fails]
    assert not moved, "eval figures moved (regenerate with python -m eval.baselines --write "
    "only if the change is meant to move them):\n" + "\n".join(moved)


def test_only_names_the_sets_to_run() -> None:
    every = suites.suites()
    assert baselines.selected(every, None) == every
    chosen = baselines.selected(every, ["r8m", "r8o"])
    assert [suite.name for suite in chosen] == ["fixtures-r8m", "fixtures-r8o"]
