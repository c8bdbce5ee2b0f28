"""The eval runner and metrics, checked against hand-computed values."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from corpus.models import Document
from eval.cases import DEFAULT_SET, EvalCase, EvalSetError, load_cases
from eval.cli import main, totals_row
from eval.metrics import CaseResult, percentile, summarize, summarize_by_doc, summarize_by_kind
from eval.report import render_report, to_json
from eval.runner import Reply, run_system
from eval.tune import pool

TINY_SET = [
    {
        "id": "a",
        "kind": "how_much",
        "question": "老旧小区开工多少个?",
        "items": [2],
        "answer_contains": ["172个"],
    },
    {
        "id": "b",
        "kind": "how_much",
        "question": "改厕多少座?",
        "items": [9],
        "answer_contains": ["1.4万座"],
    },
    {
        "id": "c",
        "kind": "department",
        "question": "发改委负责什么?",
        "items": [3, 6, 7, 15],
        "answer_contains": [],
    },
    {"id": "d", "kind": "out_of_scope", "question": "明天天气?", "items": [], "unanswerable": True},
    {
        "id": "e",
        "kind": "how_much",
        "question": "设施农业多少亩?",
        "items": [5],
        "answer_contains": ["1000亩"],
        "history": ["农业怎么发展?"],
    },
]
REPLIES = {
    "老旧小区开工多少个?": Reply((2, 3, 1), (2,), "年内新开工172个小区", answered=True),
    "改厕多少座?": Reply((8, 9, 1), (8,), "无关的回答", answered=True),
    "发改委负责什么?": Reply((6, 3, 1, 2, 4), (6, 3, 5), "三项任务", answered=True),
    "明天天气?": Reply((1, 2), (), "计划中没有找到", answered=False),
    "设施农业多少亩?": Reply((4, 5), (), "计划中没有找到", answered=False),
}


class ScriptedSystem:
    name = "scripted"

    def __init__(self) -> None:
        self.histories: list[Sequence[str]] = []

    def reset(self) -> None:
        self.histories = []

    def reply(self, question: str, history: Sequence[str], doc: str | None) -> Reply:
        self.histories.append(history)
        return REPLIES[question]


@pytest.fixture
def tiny_set(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in TINY_SET), "utf-8")
    return path


def _run(path: Path) -> tuple[list[EvalCase], list[CaseResult], ScriptedSystem]:
    cases = load_cases(path)
    system = ScriptedSystem()
    return cases, run_system(system, cases), system


def test_metrics_match_hand_computed_values(tiny_set: Path) -> None:
    cases, results, system = _run(tiny_set)
    assert system.histories[-1] == ("农业怎么发展?",)
    summary = summarize(cases, results)
    expected = {
        "cases": 5,
        "hit@1": 2 / 4,  # a and c
        "hit@3": 4 / 4,
        "mrr": (1 + 1 / 2 + 1 + 1 / 2) / 4,
        "answer_accuracy": 3 / 5,  # a, c (first cited item labelled), d (declined)
        "direct_accuracy": 1 / 3,  # a; b wrong, e declined (c expects no string)
        "multi_item_cases": 1,
        "set_precision": 2 / 3,
        "set_recall": 2 / 4,
        "set_exact": 0.0,
        "unanswerable_cases": 1,
        "declined_out_of_scope": 1.0,
        "wrongly_declined": 1 / 4,  # e
    }
    for key, value in expected.items():
        assert summary[key] == pytest.approx(value), key


def test_tier_figures_separate_hedges_from_confident_errors() -> None:
    answerable = EvalCase("a", "多少", (1,), answer_contains=("5个",), kind="how_much")
    near_miss = EvalCase("n", "押金多少", (), unanswerable=True, kind="out_of_scope")
    cases = [answerable, answerable, near_miss, near_miss, near_miss]
    results = [
        CaseResult("a", "多少", (1,), (1,), "建成5个", True, 1.0, closest=True),
        CaseResult("a", "多少", (2,), (2,), "建成8个", True, 1.0),  # confidently wrong
        CaseResult("n", "押金多少", (1,), (1,), "最接近的是", True, 1.0, closest=True),
        CaseResult("n", "押金多少", (1,), (), "没有", False, 1.0),
        CaseResult("n", "押金多少", (1,), (1,), "建成5个", True, 1.0),  # confidently wrong
    ]
    summary = summarize(cases, results)
    assert summary["confidently_wrong"] == pytest.approx(2 / 5)
    assert summary["near_misses_hedged"] == pytest.approx(2 / 3)
    assert summary["closest_right"] == pytest.approx(1.0)
    assert summary["declined_out_of_scope"] == pytest.approx(1 / 3)


def test_per_kind_summary(tiny_set: Path) -> None:
    cases, results, _ = _run(tiny_set)
    by_kind = summarize_by_kind(cases, results)
    assert set(by_kind) == {"how_much", "department", "out_of_scope", "overall"}
    assert by_kind["how_much"]["hit@1"] == pytest.approx(1 / 3)
    assert by_kind["how_much"]["answer_accuracy"] == pytest.approx(1 / 3)
    assert by_kind["out_of_scope"]["hit@1"] is None


def test_percentile() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([], 50) == 0.0


def test_json_cases_recompute_the_summary(tiny_set: Path) -> None:
    cases, results, _ = _run(tiny_set)
    summaries = {"scripted": summarize_by_kind(cases, results)}
    data = json.loads(json.dumps(to_json("tiny", summaries, {"scripted": results})))
    rows = data["cases"]
    assert set(rows[0]) == {
        "id",
        "question",
        "retrieved",
        "cited",
        "answer",
        "answered",
        "latency_ms",
        "closest",
        "other_plans",
        "names_its_plans",
    }
    recomputed = summarize(
        cases,
        [
            CaseResult(
                **{
                    **r,
                    "retrieved": tuple(r["retrieved"]),
                    "cited": tuple(r["cited"]),
                    "other_plans": tuple(r["other_plans"]),
                }
            )
            for r in rows
        ],
    )
    assert recomputed == data["summary"]["by_kind"]["overall"]
    assert data["summary"]["hit@1"] == pytest.approx(0.5)


def test_report_lists_failures(tiny_set: Path) -> None:
    cases, results, _ = _run(tiny_set)
    report = render_report("tiny", cases, {"scripted": summarize_by_kind(cases, results)}, results)
    assert "failures (scripted): 2 of 5" in report
    assert "b [how_much] 改厕多少座?" in report
    assert "missing ['1.4万座']" in report
    assert "e [how_much] 设施农业多少亩?  (after: 农业怎么发展?)" in report


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('{"id": "x", "question": "q"}', "line 2: missing field(s) items"),
        ('{"id": "x", "question": "q", "items": "3"}', "line 2: 'items' must be a list"),
        (
            '{"id": "x", "question": "q", "items": [1], "unanswerable": true}',
            "line 2: an unanswerable case must have empty 'items'",
        ),
        ('{"id": "a", "question": "q", "items": [1]}', "line 2: duplicate id 'a'"),
    ],
)
def test_bad_lines_are_named(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "question": "q", "items": [1]}\n' + line + "\n", "utf-8")
    with pytest.raises(EvalSetError, match=re.escape(f"bad.jsonl: {message}")):
        load_cases(path)


def test_cli_exits_2_on_a_bad_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("[1, 2]\n", "utf-8")
    assert main(["--set", str(path)]) == 2
    assert "bad.jsonl: line 1: expected a JSON object, got list" in capsys.readouterr().err


def test_shipped_sets_are_valid() -> None:
    cases = load_cases()
    assert len(cases) >= 100
    assert {c.kind for c in cases} >= {
        "who",
        "how_much",
        "what",
        "department",
        "part",
        "followup",
        "out_of_scope",
    }
    first_items = {c.items[0] for c in cases if c.items}
    assert first_items >= set(range(1, 20))


@pytest.mark.parametrize("name", ["paraphrase.jsonl", "paraphrase_holdout.jsonl"])
def test_paraphrase_sets_are_labelled_from_the_plan(name: str, real_plan: Document) -> None:
    cases = load_cases(DEFAULT_SET.with_name(name))
    assert {c.items[0] for c in cases} == set(range(1, 20))  # every task item
    for case in cases:
        assert len(case.items) == 1 and not case.history, case.id
        item = real_plan.item(case.items[0])
        for expected in case.answer_contains:
            assert expected in item.text, (case.id, expected)
        # Written to avoid the plan's wording: no four characters in a row from it.
        question = re.sub(r"\W", "", case.question)
        runs = {question[i : i + 4] for i in range(len(question) - 3)}
        assert not any(run in real_plan.text for run in runs), case.id


def test_out_of_scope_set_holds_only_unanswerable_questions() -> None:
    cases = load_cases(DEFAULT_SET.with_name("out_of_scope.jsonl"))
    assert len(cases) >= 50
    assert all(c.unanswerable and not c.items and not c.history for c in cases)


def test_pooled_figures_weigh_each_set_by_its_size() -> None:
    assert pool([((1.0, 1.0), 3), ((0.5, 0.75), 1)]) == (0.875, 0.9375)
    assert pool([]) == (0.0, 0.0)


def test_sets_may_hold_extra_fields_and_any_kind(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    lines = [
        {"id": "a", "kind": "deadline", "question": "何时完成?", "items": [1], "owner": "x"},
        {"id": "b", "kind": "lead", "question": "谁牵头?", "items": [2], "doc": "plan-b"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    cases = load_cases(path)
    results = [
        CaseResult(c.id, c.question, (c.items[0],), (c.items[0],), "", True, 1.0) for c in cases
    ]
    assert set(summarize_by_kind(cases, results)) == {"deadline", "lead", "overall"}
    by_doc = summarize_by_doc(cases, results)
    assert set(by_doc) == {"-", "plan-b", "overall"} and by_doc["plan-b"]["hit@1"] == 1.0
    report = render_report("mine", cases, {"pipeline": summarize_by_kind(cases, results)}, results)
    assert "by document (pipeline)" in report


def test_totals_row_counts_declines_and_closest_answers() -> None:
    cases = [
        EvalCase("a", "改厕多少座?", (9,), ("1.4万座",)),
        EvalCase("b", "谁负责厕所?", (9,)),
        EvalCase("c", "公积金贷多少?", (), unanswerable=True),
    ]
    results = [
        CaseResult("a", "", (9,), (9,), "1.4万座以上", True, 1.0, closest=True),
        CaseResult("b", "", (9,), (), "计划中没有", False, 1.0),
        CaseResult("c", "", (), (), "计划中没有", False, 1.0),
    ]
    row = totals_row("tiny", cases, results)
    shares = ["1.000", "0.667", "0.500", "1.000", "1.000", "0.000", "0.333"]
    assert row == ["tiny", "3", *shares, "-", "-"]


def test_a_library_reply_citing_another_plan_or_not_naming_its_plan_is_counted() -> None:
    cases = [
        EvalCase("a", "2023年改厕多少座?", (9,), doc="plan-2023"),
        EvalCase("b", "2022年谁负责厕所?", (9,), doc="plan-2022"),
        EvalCase("c", "2022年公积金?", (), unanswerable=True, doc="plan-2022"),
    ]
    results = [
        CaseResult("a", "", (9,), (9,), "…", True, 1.0, names_its_plans=True),
        CaseResult(
            "b", "", (9,), (9,), "…", True, 1.0, other_plans=("plan-2023",), names_its_plans=False
        ),
        CaseResult("c", "", (), (), "计划中没有", False, 1.0),
    ]
    summary = summarize(cases, results)
    assert summary["other_plan_cited"] == 0.5 and summary["plans_named"] == 0.5
    assert totals_row("library", cases, results)[-2:] == ["0.500", "0.500"]
