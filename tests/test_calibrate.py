"""The calibration command's pure parts: grids, pooling, counting and the choosing rule."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from corpus import Corpus
from eval.calibrate import cli
from eval.calibrate.fitting import Sample, collect, fit, log_loss
from eval.calibrate.grid import POLICY_VALUES, moved, number_variants, policy_grid
from eval.calibrate.pooling import (
    HOW_MUCH,
    PooledCase,
    confirming,
    of_kind,
    pool,
    set_names,
)
from eval.calibrate.report import numbers_report, policy_report
from eval.calibrate.rule import NumberTally, Row, Tally, choose, number_tally, ranked, tally
from eval.calibrate.running import CachedRetriever, run
from eval.cases import EvalCase
from eval.metrics import CaseResult
from index.store import load_or_build
from qa.numbers import NumberConfig
from qa.policy import AnswerConfig, DecisionModel, Signals
from tests.fakes import FAKE_ANSWERING, FakeEncoder

DEFAULT = AnswerConfig()


def _case(
    id: str, unanswerable: bool = False, kind: str = "what", answer_contains: tuple[str, ...] = ()
) -> EvalCase:
    items = () if unanswerable else (1,)
    question = f"问题{id}"
    return EvalCase(id, question, items, answer_contains, unanswerable=unanswerable, kind=kind)


def _result(
    case: EvalCase, answered: bool, answer: str = "", cited: tuple[int, ...] = ()
) -> CaseResult:
    return CaseResult(case.id, case.question, cited, cited, answer, answered, 1.0)


def _tally(right: int, declined: int, guarded_declined: int, wrongly: int) -> Tally:
    return Tally(100, right, 10, declined, 3, guarded_declined, 90, wrongly)


# -- grids ---------------------------------------------------------------------------------


def test_policy_grid_is_the_product_of_ordered_cutoffs_and_holds_the_default() -> None:
    grid = policy_grid()
    size = len(POLICY_VALUES["answer_at"])
    assert len(POLICY_VALUES["closest_at"]) == size
    assert len(grid) == size * (size + 1) // 2  # pairs with closest_at <= answer_at
    assert all(c.closest_at <= c.answer_at for c in grid)
    assert len(set(grid)) == len(grid)
    assert DEFAULT in grid
    # the thresholds not in the grid keep their defaults
    assert {c.multi_item_ratio for c in grid} == {DEFAULT.multi_item_ratio}


def test_policy_grid_takes_other_fields_from_base_and_rejects_unknown_names() -> None:
    base = AnswerConfig(strong_coverage=0.5, closest_at=0.3)
    grid = policy_grid({"answer_at": (0.2, 0.4, 0.6)}, base)
    assert grid == [  # 0.2 would put the closest band's bottom above its top
        dataclasses.replace(base, answer_at=0.4),
        dataclasses.replace(base, answer_at=0.6),
    ]
    with pytest.raises(ValueError, match="min_cosine"):
        policy_grid({"min_cosine": (0.8,)})


def test_number_variants_change_one_weight_at_a_time() -> None:
    base = NumberConfig()
    variants = number_variants(base)
    names = [f.name for f in dataclasses.fields(NumberConfig)]
    assert [name for name, _, _ in variants] == [n for n in names for _ in range(3)]
    for name, value, config in variants:
        changed = [n for n in names if getattr(config, n) != getattr(base, n)]
        assert changed == [name]
        assert value == getattr(config, name)
    assert [v for n, v, _ in variants if n == "unit_bonus"] == [0.0, 0.75, 3.0]


def test_moved_counts_changed_thresholds() -> None:
    assert moved(DEFAULT, DEFAULT) == 0
    assert moved(AnswerConfig(answer_at=0.9, closest_at=0.1), DEFAULT) == 2
    refitted = AnswerConfig(decision=DecisionModel((1.0, 1.0, 1.0, 1.0), 0.0))
    assert moved(refitted, DEFAULT) == 1


# -- pooling and counting ------------------------------------------------------------------


def test_pool_leaves_out_the_confirming_set_and_marks_guarded_questions() -> None:
    sets = {
        "cases.jsonl": [_case("a"), _case("b", unanswerable=True)],
        "out_of_scope.jsonl": [_case("c", unanswerable=True)],
        "paraphrase_holdout.jsonl": [_case("d")],
    }
    pooled = pool(sets)
    assert [(p.set_name, p.case.id) for p in pooled] == [
        ("cases.jsonl", "a"),
        ("cases.jsonl", "b"),
        ("out_of_scope.jsonl", "c"),
    ]
    assert [p.guarded for p in pooled] == [False, True, False]
    assert [p.case.id for p in confirming(sets)] == ["d"]
    assert confirming({"cases.jsonl": [_case("a")]}) == []


def test_of_kind_and_duplicate_set_names() -> None:
    pooled = [PooledCase("cases.jsonl", _case("a", kind=HOW_MUCH)), PooledCase("x", _case("b"))]
    assert [p.case.id for p in of_kind(pooled, HOW_MUCH)] == ["a"]
    assert set_names([Path("a/cases.jsonl"), Path("b.jsonl")]) == ["cases.jsonl", "b.jsonl"]
    with pytest.raises(ValueError, match="share a file name"):
        set_names([Path("a/cases.jsonl"), Path("b/cases.jsonl")])


def test_tally_counts_right_answers_and_declines() -> None:
    right = _case("a", answer_contains=("172个",))
    declined = _case("b")
    guarded_answered = _case("c", unanswerable=True)
    other_declined = _case("d", unanswerable=True)
    pooled = [
        PooledCase("cases.jsonl", right),
        PooledCase("paraphrase.jsonl", declined),
        PooledCase("holdout.jsonl", guarded_answered),
        PooledCase("out_of_scope.jsonl", other_declined),
    ]
    results = [
        _result(right, True, "开工172个"),
        _result(declined, False),
        dataclasses.replace(_result(guarded_answered, True, "something"), closest=True),
        _result(other_declined, False),
    ]
    t = tally(pooled, results)
    assert t == Tally(4, 2, 2, 1, 1, 0, 2, 1, wrong_outright=0, closest=1)
    results[2] = _result(guarded_answered, True, "something")  # the same, given outright
    assert tally(pooled, results).wrong_outright == 1
    assert not t.declines_guarded


def test_number_tally_counts_direct_answers_in_the_first_paragraph() -> None:
    a = _case("a", kind=HOW_MUCH, answer_contains=("172个",))
    b = _case("b", kind=HOW_MUCH, answer_contains=("6万亩",))
    pooled = [PooledCase("cases.jsonl", a), PooledCase("cases.jsonl", b)]
    results = [_result(a, True, "172个"), _result(b, True, "1900亩\n\n原文:6万亩")]
    assert number_tally(pooled, results) == NumberTally(2, 2, 2, 1)


# -- the rule ------------------------------------------------------------------------------


def test_choose_rejects_a_setting_that_answers_a_guarded_question() -> None:
    rows = [
        Row(DEFAULT, _tally(80, 8, 3, 5)),
        Row(AnswerConfig(closest_at=0.3), _tally(85, 7, 2, 3)),
        Row(AnswerConfig(answer_at=0.5), _tally(81, 8, 3, 4)),
    ]
    assert choose(rows, DEFAULT) == rows[2]
    assert ranked(rows, DEFAULT, eligible_only=False)[0] == rows[1]


def test_choose_breaks_ties_by_declines_then_outright_errors_then_moves() -> None:
    far = AnswerConfig(answer_at=0.6, closest_at=0.3)
    near = AnswerConfig(answer_at=0.6)
    fewer_declined = Row(AnswerConfig(closest_at=0.2), _tally(80, 7, 3, 5))
    more_wrong = Row(AnswerConfig(closest_at=0.25), _tally(80, 8, 3, 6))
    outright = dataclasses.replace(_tally(80, 8, 3, 5), wrong_outright=4)
    rows = [
        fewer_declined,
        more_wrong,
        Row(AnswerConfig(closest_at=0.35), outright),
        Row(far, _tally(80, 8, 3, 5)),
        Row(near, _tally(80, 8, 3, 5)),
    ]
    assert choose(rows, DEFAULT) == rows[4]
    rows.append(Row(DEFAULT, _tally(80, 8, 3, 5)))
    assert choose(rows, DEFAULT) == rows[5]  # the default stays when nothing beats it


def test_choose_without_an_eligible_setting() -> None:
    assert choose([Row(DEFAULT, _tally(90, 5, 2, 1))], DEFAULT) is None


# -- reports -------------------------------------------------------------------------------


def test_policy_report_shows_default_chosen_and_rejected_rows() -> None:
    better = AnswerConfig(answer_at=0.6)
    rejected = AnswerConfig(closest_at=0.3)
    rows = [
        Row(DEFAULT, _tally(80, 8, 3, 5)),
        Row(better, _tally(81, 8, 3, 4)),
        Row(rejected, _tally(85, 7, 2, 3)),
    ]
    lines = policy_report(rows, DEFAULT, choose(rows, DEFAULT), ["cases", "holdout"])
    text = "\n".join(lines)
    assert "eligible: 2 of 3 settings" in text
    default_line = next(line for line in lines if line.startswith("default"))
    assert "80/100" in default_line and "3/3" in default_line
    chosen_line = next(line for line in lines if line.startswith("chosen "))
    assert chosen_line.split()[1] == "0.6"
    rejected_line = next(line for line in lines if line.startswith("rejected #1"))
    assert "85/100" in rejected_line and "2/3" in rejected_line
    assert "NOT the default" in text


def test_numbers_report_marks_changes_from_the_default() -> None:
    default = NumberTally(10, 8, 10, 7)
    variants = [("lead_weight", 0.0, NumberTally(10, 6, 10, 6))]
    variants += [("lead_weight", v, default) for v in (0.5, 2.0)]
    lines = numbers_report(default, variants, ["cases"])
    row = next(line for line in lines if line.startswith("lead_weight"))
    assert "0: 6/6 (-2/-1)" in row
    assert "2: 8/7" in row and "(+0/+0)" not in row


# -- running without re-running the model --------------------------------------------------


@pytest.fixture()
def cached(elderly_corpus: Corpus, tmp_path: Path) -> tuple[CachedRetriever, FakeEncoder]:
    encoder = FakeEncoder()
    retriever = CachedRetriever(load_or_build(elderly_corpus, encoder, tmp_path))
    return retriever, encoder


def test_cached_retriever_searches_once_and_hands_out_copies(
    cached: tuple[CachedRetriever, FakeEncoder],
) -> None:
    retriever, encoder = cached
    first = retriever.search("养老床位要新增多少张?", 5)
    calls = encoder.calls
    retriever.dense.clear_query_cache()
    first.reverse()
    again = retriever.search("养老床位要新增多少张?", 5)
    assert encoder.calls == calls
    assert again == list(reversed(first)) and again
    assert (retriever.searches, retriever.queries) == (1, 1)
    retriever.search("养老床位要新增多少张?", 3)
    assert (retriever.searches, retriever.queries) == (2, 1)


def test_a_second_setting_runs_no_new_search(
    elderly_corpus: Corpus, cached: tuple[CachedRetriever, FakeEncoder]
) -> None:
    retriever, encoder = cached
    cases = [
        EvalCase("a", "养老床位要新增多少张?", (1,), ("500张以上",), kind=HOW_MUCH),
        EvalCase("b", "那要改造多少户?", (1,), history=("谁负责适老化改造?",)),
    ]
    pooled = [PooledCase("cases.jsonl", c) for c in cases]
    assert run(elderly_corpus, retriever, pooled, FAKE_ANSWERING)[0].answered
    searches, calls = retriever.searches, encoder.calls
    strict = dataclasses.replace(FAKE_ANSWERING, answer_at=1.0, closest_at=1.0)
    results = run(elderly_corpus, retriever, pooled, strict)
    assert (retriever.searches, encoder.calls) == (searches, calls)
    assert not results[0].answered  # nothing is supported any more


def test_cli_prints_the_report(
    elderly_corpus: Corpus,
    cached: tuple[CachedRetriever, FakeEncoder],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = [
        {"id": "a", "question": "养老床位要新增多少张?", "items": [1], "kind": HOW_MUCH},
        {"id": "b", "question": "今年5G基站要建多少个?", "items": [], "unanswerable": True},
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    monkeypatch.setattr(cli, "load", lambda backend: (elderly_corpus, cached[0]))
    monkeypatch.setattr(
        cli, "policy_grid", lambda base: [DEFAULT, dataclasses.replace(base, answer_at=0.6)]
    )
    assert cli.main(["policy", "--set", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 settings" in out and "rule:" in out and "grid: 2 settings" in out
    assert "decision model: logistic over coverage, cosine, lexical, first" in out
    assert "in the code" in out and "fitted now" in out
    assert next(line for line in out.splitlines() if line.startswith("default"))
    assert cli.main(["numbers", "--set", str(path)]) == 0
    assert "lead_weight" in capsys.readouterr().out


# -- fitting the decision model ------------------------------------------------------------


def _samples(rule: Callable[[Signals], bool], count: int = 600) -> list[Sample]:
    values = np.random.default_rng(0).random((count, 4))
    signals = [Signals(float(a), float(b), float(c), float(d > 0.5)) for a, b, c, d in values]
    return [Sample(s, rule(s)) for s in signals]


def test_fit_recovers_which_signals_decide() -> None:
    samples = _samples(lambda s: s.coverage + s.cosine > 1.0)
    model = fit(samples)
    coverage, cosine, lexical, first = model.weights
    assert coverage > 3 and cosine > 3  # the two signals the labels depend on
    assert abs(lexical) < 1 and abs(first) < 1  # and the two they do not
    assert log_loss(model, samples) < log_loss(DecisionModel((0.0,) * 4, 0.0), samples) / 3
    assert fit(samples) == model  # deterministic: same data, same weights
    with pytest.raises(ValueError, match="no decisions recorded"):
        fit([])


def test_collect_labels_each_hit_by_whether_it_answers(
    elderly_corpus: Corpus, cached: tuple[CachedRetriever, FakeEncoder]
) -> None:
    cases = [
        EvalCase("a", "养老床位要新增多少张?", (1,), kind=HOW_MUCH),
        EvalCase("b", "今年5G基站要建多少个?", (), unanswerable=True),
    ]
    samples = collect(elderly_corpus, cached[0], [PooledCase("cases.jsonl", c) for c in cases])
    assert 2 <= len(samples) <= 10  # one per hit of each decision (5 hits at most)
    assert sum(s.answers for s in samples) == 1  # item 1 for the first question only
    answering = next(s for s in samples if s.answers)
    assert answering.signals.coverage == 1.0
