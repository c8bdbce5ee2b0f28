"""Every question costs about the same: work grows linearly with a question's length, and
a conversation's earlier turns are answered once, not again with every new question.

Work is counted, not timed: the lines of ``qa/`` and ``index/`` run (a trace), the same on
every machine. A step that rescans the question for each name it finds grows with the
square of the length; 4 times the length must cost at most 5 times the work.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from corpus import Corpus
from eval.stress.question_cost import hostile_shapes, judge, measure
from index.retriever import HybridRetriever
from index.store import load_or_build
from index.tokenizer import Tokenizer, splits_remembered
from qa import Assistant
from qa.analysis import Analysis, QuestionAnalyzer
from qa.question import MAX_QUESTION_CHARS
from qa.scope import without_plan_names
from tests.fakes import FAKE_ANSWERING, FakeEncoder
from tests.qa_fixtures import Splitter, analyzer

ROOT = Path(__file__).resolve().parent.parent
COUNTED = (str(ROOT / "qa"), str(ROOT / "index"))
SHORT, LONG = MAX_QUESTION_CHARS // 4, MAX_QUESTION_CHARS
LINEAR = 5.0  # work(LONG) / work(SHORT) at most: 4 if linear, about 10 to 15 if quadratic
QUESTION = "谁负责建设社区养老服务中心?"


def work(call: Callable[[], object]) -> int:
    """Lines of ``qa/`` and ``index/`` run by ``call()``: a deterministic count of work."""
    lines = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal lines
        lines += event == "line"
        return local

    def enter(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(COUNTED) else None

    previous = sys.gettrace()
    sys.settrace(enter)
    try:
        call()
    finally:
        sys.settrace(previous)
    return lines


def repeated(unit: str, length: int) -> str:
    return (unit * length)[:length]


def random_cjk(length: int) -> str:
    rng = random.Random(3)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length))


def growth(make: Callable[[int], str], run: Callable[[str], object]) -> float:
    """How much more work a question of LONG characters takes than one of SHORT."""
    return work(lambda: run(make(LONG))) / work(lambda: run(make(SHORT)))


SHAPES: dict[str, Callable[[int], str]] = {
    "局": lambda n: repeated("局", n),  # a department-like name at every other character
    "公安局": lambda n: repeated("公安局", n),  # an office the plan does not name, repeated
    "的年市局": lambda n: repeated("的年市局", n),
    "年": lambda n: repeated("年", n),
    "方案": lambda n: repeated("方案", n),  # a document noun after a title's own words
    "random": random_cjk,
}


@pytest.fixture(scope="module")
def elderly(elderly_corpus: Corpus, qa_splitter: Splitter) -> QuestionAnalyzer:
    return analyzer(elderly_corpus, qa_splitter)


@pytest.fixture(scope="module")
def retriever(
    elderly_corpus: Corpus, qa_splitter: Splitter, tmp_path_factory: pytest.TempPathFactory
) -> HybridRetriever:
    """An index of its own: the measurement drops its caches and wraps its encoder."""
    folder = tmp_path_factory.mktemp("question-cost-index")
    return load_or_build(elderly_corpus, FakeEncoder(), folder, splitter=qa_splitter)


@pytest.fixture
def assistant(elderly_corpus: Corpus, retriever: HybridRetriever) -> Assistant:
    return Assistant(elderly_corpus, retriever, FAKE_ANSWERING)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_analysis_work_grows_linearly_with_length(elderly: QuestionAnalyzer, shape: str) -> None:
    # Each unknown office was placed among all the question's words: "局"×500 did 12
    # times the work of "局"×125.
    assert growth(SHAPES[shape], lambda q: elderly.analyze(q, True)) <= LINEAR


@pytest.mark.parametrize("unit", ["方案", "计划", "实施方案里", "去年的计划里"])
def test_taking_out_plan_names_grows_linearly(elderly_corpus: Corpus, unit: str) -> None:
    # Each document noun re-read the text before it and all its years: "方案"×500 did
    # 15 times the work of "方案"×125.
    plan = elderly_corpus.documents[0]
    titles = ("关于推进2023年养老服务体系建设的实施方案", "城乡融合发展行动计划")
    documents = [dataclasses.replace(plan, title=title) for title in titles]
    assert growth(lambda n: repeated(unit, n), lambda q: without_plan_names(q, documents)) <= 5


def test_a_swallowed_document_noun_leaves_the_rest_of_the_question(
    elderly_corpus: Corpus,
) -> None:
    # The title's run before 方案 takes in an earlier 计划: the words after stay.
    plan = dataclasses.replace(elderly_corpus.documents[0], title="城乡融合发展行动计划分工方案")
    kept = without_plan_names("城乡融合发展行动计划分工方案里谁负责发展", [plan])
    assert kept == " 谁负责发展"


@pytest.mark.parametrize("shape", list(SHAPES))
def test_answering_work_grows_linearly_with_length(assistant: Assistant, shape: str) -> None:
    assert growth(SHAPES[shape], assistant.ask) <= LINEAR


def test_a_turn_is_analysed_once_for_the_same_text(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    analysed: Counter[str] = Counter()
    analyze = assistant.analyzer.analyze

    def counted(question: str, has_history: bool = False) -> Analysis:
        analysed[question] += 1
        return analyze(question, has_history)

    monkeypatch.setattr(assistant.analyzer, "analyze", counted)
    turns = ["区民政局负责哪些任务?", random_cjk(LONG), "养老护理员培训多少人?"]
    read = [assistant.homophones.repair(turn) for turn in turns]  # what analysis is given
    assistant.ask(QUESTION, turns)
    first = {turn: analysed[turn] for turn in read}
    assert all(count == 1 for count in first.values())
    for question in ("谁负责适老化改造?", "新建多少个助餐点?", QUESTION):
        assistant.ask(question, turns)
    assert {turn: analysed[turn] for turn in read} == first  # not again, whatever is asked
    assistant.ask(QUESTION, turns[1:])  # the window moved: one text without history now
    assert analysed[read[1]] == 2 and analysed[read[2]] == 1


def test_twenty_long_turns_seen_before_cost_about_a_plain_question(
    assistant: Assistant,
) -> None:
    turns = [random_cjk(LONG + turn)[turn:] for turn in range(20)]
    assistant.ask("谁负责适老化改造?", turns)  # the conversation so far
    plain = work(lambda: assistant.ask(QUESTION))
    after_turns = work(lambda: assistant.ask(QUESTION, turns))
    assert after_turns <= 1.5 * plain
    assistant.forget()  # never seen: each of the last turns is answered again
    assert work(lambda: assistant.ask(QUESTION, turns)) > 10 * plain


def test_a_tokenizer_splits_a_text_once_within_a_block(qa_splitter: Splitter) -> None:
    split: list[str] = []

    def counted(text: str) -> list[str]:
        split.append(text)
        return qa_splitter(text)

    tokenizer = Tokenizer(splitter=counted)
    text = random_cjk(LONG)
    with splits_remembered():
        words = tokenizer.words(text)
        assert tokenizer.tokenize(text)[: len(words)] == words
        assert tokenizer.words(text) == words
    assert len(split) == 1
    tokenizer.words(text)  # outside a block nothing is kept
    assert len(split) == 2


def test_answering_splits_each_text_once(
    assistant: Assistant, qa_splitter: Splitter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Analysis, the BM25 ceiling, the synonyms and the search each read the question:
    # jieba ran five times over the same 500 characters.
    split: Counter[str] = Counter()

    def counted(text: str) -> list[str]:
        split[text] += 1
        return qa_splitter(text)

    monkeypatch.setattr(assistant.retriever.lexical.tokenizer, "_splitter", counted)
    assistant.ask(random_cjk(LONG), ["养老护理员培训多少人?"])
    assert split and max(split.values()) == 1


def test_the_measurement_times_every_shape_against_a_plain_question(
    assistant: Assistant,
) -> None:
    encoder = assistant.retriever.dense.encoder
    costs = measure(assistant, runs=1)
    assert [c.shape for c in costs] == ["plain", *(s.name for s in hostile_shapes())]
    assert costs[0].ratio == costs[0].rest_ratio == 1.0
    assert all(c.ms > 0 and 0 <= c.encode_ms <= c.ms for c in costs)
    assert assistant.retriever.dense.encoder is encoder  # unwrapped again
    assert judge(costs, budget=float("inf")).ok
    row = judge(costs, budget=0.5)  # the plain question itself is 1×
    assert not row.ok and all(c.shape in row.observed for c in costs)
    assert len(hostile_shapes()[0].question) == MAX_QUESTION_CHARS
