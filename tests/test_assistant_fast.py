"""The structural lists and the whole Assistant on the elderly plan, with the fake encoder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import Corpus, load_corpus
from index.chunks import make_chunks
from index.retriever import HybridRetriever
from index.store import load_or_build
from qa import Answer, AnswerKind, Assistant, QuestionError
from qa.numbers import NO_NUMBER
from qa.policy import NO_TOPIC, NOT_ANSWERED
from qa.question import printable
from qa.quoting import Quoter
from qa.structure import StructuralAnswers
from qa.topical import NO_TIME
from tests.fakes import FAKE_ANSWERING, FakeEncoder


@pytest.fixture(scope="module")
def structure(elderly_corpus: Corpus) -> StructuralAnswers:
    return StructuralAnswers(elderly_corpus, Quoter(elderly_corpus, make_chunks(elderly_corpus)))


def test_department_lists_every_task(structure: StructuralAnswers) -> None:
    answer = structure.department("区民政局负责哪些任务?", ("区民政局",))
    assert answer.answered and answer.kind == AnswerKind.DEPARTMENT
    assert answer.direct == (
        "区民政局负责3项任务:（一）建设社区养老服务中心；（二）开展适老化改造；"
        "（三）推动医疗机构与养老机构签约合作"
    )
    assert answer.cited == (1, 2, 3) and answer.confidence == 1.0
    assert all(not quote.sentences for quote in answer.quotes)  # whole items, none marked
    assert answer.quotes[0].departments == ("区民政局", "区财政局")


def test_department_without_tasks(structure: StructuralAnswers) -> None:
    both = structure.department("q", ("区卫生健康委员会", "市教育局"))
    assert both.answered and both.cited == (3, 4)
    assert both.direct.splitlines()[1] == "计划中没有给“市教育局”分配任务。"
    none = structure.department("q", ("市教育局",))
    assert not none.answered and none.confidence == 0.0 and none.quotes == ()


def test_part_lists_every_task(structure: StructuralAnswers) -> None:
    answer = structure.part("第二部分有哪些任务?", 2)
    assert answer.answered and answer.kind == AnswerKind.PART
    assert answer.direct == (
        "二、提升医养结合水平 包括2项任务:（三）推动医疗机构与养老机构签约合作；"
        "（四）加强养老护理队伍建设"
    )
    assert answer.cited == (3, 4)
    assert {quote.part for quote in answer.quotes} == {"二、提升医养结合水平"}
    assert answer.quotes[0].citation == "〔二、（三） 推动医疗机构与养老机构签约合作〕"


def test_missing_part_is_declined(structure: StructuralAnswers) -> None:
    answer = structure.part("第三部分有哪些任务?", 3)
    assert not answer.answered and answer.kind == AnswerKind.PART
    assert answer.direct == "计划中没有第3部分。" and answer.quotes == ()


# The Assistant end to end


@pytest.fixture(scope="module")
def assistant(elderly_corpus: Corpus, elderly_retriever: HybridRetriever) -> Assistant:
    return Assistant(elderly_corpus, elderly_retriever, FAKE_ANSWERING)


def test_who(assistant: Assistant) -> None:
    answer = assistant.ask("谁负责适老化改造?")
    assert answer.answered and answer.kind == AnswerKind.WHO
    assert answer.direct == "区民政局、区住房和城乡建设局、各街道办事处"
    assert answer.cited == (2,)
    assert answer.departments == ("区民政局", "区住房和城乡建设局", "各街道办事处")
    assert answer.quotes[0].sentences == ("为特殊困难老年人家庭实施适老化改造，完成改造1200户。",)
    assert 0.0 < answer.confidence <= 1.0


@pytest.mark.parametrize(
    ("question", "item", "direct"),
    [
        ("新增养老床位多少张?", 1, "500张以上(原文:“全年新增养老床位500张以上”)"),
        ("签约率要达到多少?", 3, "100%(原文:“签约率达到100%”)"),
        ("养老护理员培训多少人次?", 4, "不少于800人次(原文:“年内培训养老护理员不少于800人次”)"),
    ],
)
def test_how_much(assistant: Assistant, question: str, item: int, direct: str) -> None:
    answer = assistant.ask(question)
    assert answer.answered and answer.kind == AnswerKind.HOW_MUCH
    assert (answer.cited, answer.direct) == ((item,), direct)


def test_what(assistant: Assistant) -> None:
    answer = assistant.ask("适老化改造怎么做?")
    assert answer.answered and answer.kind == AnswerKind.WHAT
    assert answer.direct == "为特殊困难老年人家庭实施适老化改造，完成改造1200户。"
    assert answer.cited == (2,)


def test_department(assistant: Assistant) -> None:
    answer = assistant.ask("区卫健委负责哪些任务?")
    assert answer.answered and answer.kind == AnswerKind.DEPARTMENT
    assert answer.departments == ("区卫生健康委员会",)
    assert answer.cited == (3, 4) and answer.confidence == 1.0


def test_part(assistant: Assistant) -> None:
    answer = assistant.ask("医养结合这部分有哪些任务?")
    assert answer.answered and answer.kind == AnswerKind.PART
    assert answer.cited == (3, 4)
    assert answer.direct.startswith("二、提升医养结合水平 包括2项任务")


def test_follow_up_asks_who_about_the_previous_item(assistant: Assistant) -> None:
    answer = assistant.ask("那由谁负责?", ["新增养老床位多少张?"])
    assert answer.answered and answer.kind == AnswerKind.WHO
    assert answer.direct == "区民政局、区财政局" and answer.cited == (1,)
    alone = assistant.ask("那由谁负责?")  # no earlier question: no topic to go on
    assert not alone.answered and alone.direct == NO_TOPIC


def test_follow_up_keeps_the_kind_of_the_previous_question(assistant: Assistant) -> None:
    answer = assistant.ask("那完成多少户?", ["谁负责适老化改造?"])
    assert answer.kind == AnswerKind.HOW_MUCH and answer.cited == (2,)
    assert answer.direct == "1200户(原文:“完成改造1200户”)"


def test_follow_up_points_into_the_previous_list(assistant: Assistant) -> None:
    history = ["区民政局负责哪些任务?"]  # items 1, 2 and 3
    assert assistant.ask("最后一条写了啥?", history).cited == (3,)
    assert assistant.ask("第二条呢?", history).cited == (2,)


def expect_decline(answer: Answer, kind: AnswerKind, message: str) -> None:
    assert not answer.answered and answer.kind == kind
    assert answer.direct == message and answer.quotes == ()
    assert answer.confidence == 0.0


def test_declines(assistant: Assistant) -> None:
    money = assistant.ask("养老床位要花多少钱?")  # the plan states no amount of money
    expect_decline(money, AnswerKind.HOW_MUCH, NO_NUMBER)
    assert money.related and money.related[0].item == 1
    subsidy = assistant.ask("养老床位补贴多少钱?")  # nor any subsidy
    expect_decline(subsidy, AnswerKind.HOW_MUCH, "计划中没有给出奖励、优惠或补助标准。")
    expect_decline(assistant.ask("火星基地建设多少个?"), AnswerKind.HOW_MUCH, NOT_ANSWERED)
    expect_decline(assistant.ask("适老化改造什么时候完成?"), AnswerKind.WHAT, NO_TIME)
    expect_decline(assistant.ask("在吗"), AnswerKind.WHAT, NO_TOPIC)
    dated = assistant.ask("2025年新增多少张养老床位?")
    expect_decline(dated, AnswerKind.HOW_MUCH, "计划中没有关于2025年的内容。")
    office = assistant.ask("市公安局负责什么?")
    expect_decline(office, AnswerKind.DEPARTMENT, "计划中没有给“市公安局”分配任务。")


def test_bad_questions_raise(assistant: Assistant) -> None:
    with pytest.raises(QuestionError):
        assistant.ask("   ")
    with pytest.raises(QuestionError):
        assistant.ask("问" * 501)
    with pytest.raises(QuestionError, match="U\\+D800"):
        assistant.ask("养老\ud800床位")  # a lone surrogate, as a JSON "\ud800" decodes
    # A bad earlier question is skipped, not raised.
    assert assistant.ask("那由谁负责?", ["", "\udfff", "新增养老床位多少张?"]).cited == (1,)


def test_printable_replaces_lone_surrogates() -> None:
    assert printable("养老\ud800床位") == "养老\ufffd床位"
    assert printable("养老床位") == "养老床位"


QUESTIONS = (
    "谁负责适老化改造?",
    "新增养老床位多少张?",
    "那由谁负责?",
    "第二条呢?",
    "区民政局负责哪些任务?",
    "最后一部分讲了什么?",
    "助餐点新建多少个?",
    "养老床位补贴多少钱?",
)
PLAN_CHARS = "养老服务中心床位助餐点适老化改造签约率护理员培训区民政局卫健委街道"
question_text = st.one_of(
    st.sampled_from(QUESTIONS),
    st.text(
        alphabet=PLAN_CHARS + "谁多少哪些什么那呢第二条部分?0123456789", min_size=1, max_size=24
    ),
)


@settings(max_examples=60, deadline=None)
@given(question=question_text, history=st.lists(question_text, max_size=2))
def test_every_quote_is_verbatim(
    assistant: Assistant, elderly_corpus: Corpus, question: str, history: list[str]
) -> None:
    answer = assistant.ask(question, history)
    text = elderly_corpus.documents[0].text
    for quote in answer.quotes + answer.related:
        assert quote.item_text in text
        for sentence, offset in zip(quote.sentences, quote.sentence_offsets, strict=True):
            assert sentence in text
            assert quote.item_text[offset : offset + len(sentence)] == sentence
    assert 0.0 <= answer.confidence <= 1.0
    if not answer.answered:
        assert answer.quotes == ()


def test_a_follow_up_asking_how_much_takes_the_number_of_the_task_asked_about(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "2024年城市更新工作方案\n一、道路\n"
        "（一）畅通道路。打通断头路5条，改造提升背街小巷42条。（责任单位：区城管局）\n"
        "（二）建设停车场。新增公共停车泊位2000个。（责任单位：区交通运输局）\n",
        "utf-8",
    )
    corpus = load_corpus(plan)
    retriever = load_or_build(corpus, FakeEncoder(), tmp_path / "index")
    assistant = Assistant(corpus, retriever, FAKE_ANSWERING)
    answer = assistant.ask("要完成多少?", history=["背街小巷改造由谁牵头?"])
    assert answer.answered and answer.cited == (1,)
    assert answer.targets == ("42条",)  # the sentence's first number, 5条, is of 断头路
