"""Which number answers a how-much question, and when to decline, with hand-made hits."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus import Corpus, load_corpus
from index.models import Hit
from qa.analysis import QuestionAnalyzer
from qa.evidence import TopicEvidence
from qa.models import AnswerKind
from qa.numbers import NO_NUMBER, NumberAnswers, NumberConfig
from qa.policy import NO_TOPIC, AnswerConfig, AnswerPolicy, DecisionModel, Signals
from qa.targets import contexts
from tests.qa_fixtures import Splitter, analyzer, hits, jieba_splitter, number_answers

COUNTY = "plan-county"


@pytest.fixture(scope="module")
def county(county_corpus: Corpus, qa_splitter: Splitter) -> QuestionAnalyzer:
    return analyzer(county_corpus, qa_splitter)


@pytest.fixture(scope="module")
def numbers(county_corpus: Corpus) -> NumberAnswers:
    return number_answers(county_corpus)


@pytest.fixture(scope="module")
def policy(county_corpus: Corpus) -> AnswerPolicy:
    return AnswerPolicy(county_corpus, TopicEvidence(county_corpus), AnswerConfig())


def best(
    numbers: NumberAnswers, county: QuestionAnalyzer, question: str, *items: int
) -> str | None:
    """The text of the target chosen for ``question`` from hits on ``items``."""
    found = numbers.best_target(county.analyze(question), hits(COUNTY, *items))
    return found[1].target.text if found else None


# NumberAnswers


@pytest.mark.parametrize(
    ("question", "items", "chosen"),
    [
        ("新增多少个学位?", (3,), "2000个"),
        ("新建多少个幼儿园?", (3,), "12个"),
        ("划定几条校车线路?", (3,), "三条"),
        ("变电站容量多大?", (1,), "2万千伏安"),  # the measure asked for
        ("扩建几座变电站?", (1,), "一座"),  # not the attribute 35千伏
        ("绿化覆盖率达到多少?", (4,), "38.9%以上"),
        ("农村公路新改建多少公里?", (4, 1), "40公里"),  # a lower item describes it
    ],
)
def test_best_target_is_the_number_the_question_describes(
    numbers: NumberAnswers,
    county: QuestionAnalyzer,
    question: str,
    items: tuple[int, ...],
    chosen: str,
) -> None:
    assert best(numbers, county, question, *items) == chosen


def test_the_asked_unit_decides(county_corpus: Corpus, county: QuestionAnalyzer) -> None:
    question = "变电站是多少千伏的?"  # 变电站一座 is described as well as 35千伏变电站
    assert best(number_answers(county_corpus), county, question, 1) == "35千伏"
    # 千伏 measures: a count never answers it, whatever the unit bonus
    no_bonus = number_answers(county_corpus, NumberConfig(unit_bonus=0.0))
    assert best(no_bonus, county, question, 1) == "35千伏"
    assert best(no_bonus, county, "变电站建几座?", 1) == "一座"


def test_numbers_the_question_states_are_skipped(
    numbers: NumberAnswers, county_corpus: Corpus, county: QuestionAnalyzer
) -> None:
    analysis = county.analyze("总投资超30亿元的龙头项目有几个?")
    item = county_corpus.document(COUNTY).item(2)
    score = {c.target.text: numbers.description_score(c, analysis) for c in contexts(item.targets)}
    assert score["30亿元"] > score["3个"]  # the stated amount is the best described
    found = numbers.best_target(analysis, hits(COUNTY, 2))
    assert found is not None and found[1].target.text == "3个"
    # Read without the unit bonus and the count asked, only the skip keeps the amount out.
    uncounted = dataclasses.replace(analysis, units=(), asked_unit=None)
    found = numbers.best_target(uncounted, hits(COUNTY, 2))
    assert found is not None and found[1].target.text != "30亿元"
    unstated = dataclasses.replace(uncounted, text="总投资超多少的龙头项目有几个?")
    found = numbers.best_target(unstated, hits(COUNTY, 2))
    assert found is not None and found[1].target.text == "30亿元"


def test_money_questions_only_take_amounts_of_money(
    numbers: NumberAnswers, county: QuestionAnalyzer
) -> None:
    assert best(numbers, county, "每座厕所补助多少钱?", 4) == "1000元"
    assert best(numbers, county, "厕所改造补助多少钱?", 4, 1) == "1000元"
    # The grid item states no amount: no count of substations answers "how much money".
    analysis = county.analyze("电网改造投资多少钱?")
    assert numbers.best_target(analysis, hits(COUNTY, 1)) is None
    answer = numbers.answer("电网改造投资多少钱?", analysis, hits(COUNTY, 1), 0.7)
    assert not answer.answered and answer.direct == NO_NUMBER
    assert answer.kind == AnswerKind.HOW_MUCH and answer.related[0].item == 1
    counting = dataclasses.replace(analysis, units=())
    assert numbers.best_target(counting, hits(COUNTY, 1)) is not None


def test_a_counted_thing_filters_the_numbers(
    numbers: NumberAnswers, county: QuestionAnalyzer
) -> None:
    analysis = county.analyze("新建幼儿园能有多少个学位?")
    assert analysis.counted == ("学位",)
    found = numbers.best_target(analysis, hits(COUNTY, 3))
    assert found is not None and found[1].target.text == "2000个"
    # Without the filter the kindergartens' count is the better described number.
    uncounted = dataclasses.replace(analysis, counted=())
    found = numbers.best_target(uncounted, hits(COUNTY, 3))
    assert found is not None and found[1].target.text == "12个"
    # Nothing in the grid item counts 学位.
    assert numbers.best_target(analysis, hits(COUNTY, 1)) is None
    # The counted noun ends its phrase: 农村 of "新改建农村公路40公里" counts no 厕所.
    toilets = county.analyze("新改建多少个农村厕所?")
    assert toilets.counted == ("农村", "厕所")
    assert numbers.best_target(toilets, hits(COUNTY, 1)) is None


def test_how_much_answer_quotes_the_clause_verbatim(
    numbers: NumberAnswers, county_corpus: Corpus, county: QuestionAnalyzer
) -> None:
    question = "绿化覆盖率达到多少?"
    answer = numbers.answer(question, county.analyze(question), hits(COUNTY, 4), 0.7)
    assert answer.answered and answer.kind == AnswerKind.HOW_MUCH
    assert answer.direct == "38.9%以上(原文:“村庄绿化覆盖率达到38.9%以上”)"
    assert answer.targets == ("38.9%以上",)
    assert answer.departments == ("县农业农村局", "县财政局")
    assert answer.confidence == 0.7
    (quote,) = answer.quotes
    assert quote.item == 4 and len(quote.sentences) == 1
    assert "村庄绿化覆盖率达到38.9%以上" in quote.sentences[0]
    assert quote.sentences[0] in county_corpus.document(COUNTY).text


def test_how_much_answer_shows_a_qualifier_written_before_the_number(
    county: QuestionAnalyzer, numbers: NumberAnswers
) -> None:
    question = "龙头项目总投资多少钱?"
    answer = numbers.answer(question, county.analyze(question), hits(COUNTY, 2), 0.7)
    assert answer.answered and answer.targets == ("超30亿元",)
    assert answer.direct.startswith("超30亿元(原文:“谋划建设3个总投资超30亿元的龙头项目、")


def test_decline_when_the_numbers_sentence_lacks_the_topic(
    numbers: NumberAnswers, county: QuestionAnalyzer
) -> None:
    question = "变电站容量多大?"
    analysis = county.analyze(question)
    assert numbers.best_target(analysis, hits(COUNTY, 4)) is not None  # some number...
    answer = numbers.answer(question, analysis, hits(COUNTY, 4), 0.7)
    assert not answer.answered and answer.direct == NO_NUMBER  # ...that is not about it
    assert [quote.item for quote in answer.related] == [4]


# AnswerPolicy


def refused(policy: AnswerPolicy, county: QuestionAnalyzer, question: str) -> str | None:
    answer = policy.refusal(question, AnswerKind.WHAT, county.analyze(question), going_on=False)
    assert answer is None or not answer.answered
    return answer.direct if answer else None


def test_refusal_for_years_the_plan_does_not_mention(
    policy: AnswerPolicy, county: QuestionAnalyzer
) -> None:
    assert refused(policy, county, "2030年新建多少个幼儿园?") == "计划中没有关于2030年的内容。"
    assert refused(policy, county, "2025年新建多少个幼儿园?") is None  # in the preamble
    assert refused(policy, county, "2024年新建多少个幼儿园?") is None  # the plan's year
    # Relative years count from the year in the plan's title (2024).
    assert refused(policy, county, "去年新建多少个幼儿园?") == "计划中没有关于2023年的内容。"
    assert refused(policy, county, "明年新建多少个幼儿园?") is None


def test_refusal_for_an_unknown_department(policy: AnswerPolicy, county: QuestionAnalyzer) -> None:
    question = "县公安局负责什么?"
    answer = policy.refusal(question, AnswerKind.WHAT, county.analyze(question), False)
    assert answer is not None and not answer.answered
    assert answer.kind == AnswerKind.DEPARTMENT
    assert answer.direct == "计划中没有给“县公安局”分配任务。"
    assert refused(policy, county, "县教育局负责什么?") is None


def test_refusal_for_a_question_without_topic(
    policy: AnswerPolicy, county: QuestionAnalyzer
) -> None:
    assert refused(policy, county, "在吗") == NO_TOPIC
    assert refused(policy, county, "请问一下") == NO_TOPIC
    analysis = county.analyze("在吗")
    assert policy.refusal("在吗", AnswerKind.WHAT, analysis, going_on=True) is None
    assert refused(policy, county, "第二部分有哪些任务?") is None  # a part is named


def dense_hit(item: int, dense: float) -> Hit:
    return Hit(COUNTY, item, 0.5, lexical_score=0.3, dense_score=dense, chunk=-1)


def test_supported_when_topic_and_meaning_agree(
    policy: AnswerPolicy, county: QuestionAnalyzer
) -> None:
    analysis = county.analyze("变电站容量多大?")
    found = [dense_hit(1, 0.92), dense_hit(4, 0.85)]
    support = policy.supported(analysis, found)
    assert support is not None and support.hits == found and support.coverage == 1.0
    assert not support.closest and support.probability >= policy.config.answer_at


def test_middling_evidence_is_the_closest_clause_and_weak_evidence_declines(
    policy: AnswerPolicy, county: QuestionAnalyzer
) -> None:
    analysis = county.analyze("变电站容量多大?")
    cosines = [0.8 + 0.0025 * step for step in range(61)]  # 0.8 to 0.95
    probabilities = [policy.probability(analysis, dense_hit(1, cosine)) for cosine in cosines]
    assert probabilities == sorted(probabilities)  # grows with the meaning
    config = policy.config
    outcomes = set()
    for cosine, probability in zip(cosines, probabilities, strict=True):
        support = policy.supported(analysis, [dense_hit(1, cosine)])
        if probability < config.closest_at:
            assert support is None
            outcomes.add("declined")
        else:
            assert support is not None
            assert support.closest == (probability < config.answer_at)
            outcomes.add("closest" if support.closest else "answered")
    assert outcomes == {"declined", "closest", "answered"}  # the three levels all occur
    assert policy.supported(analysis, [dense_hit(4, 0.0)]) is None  # no topic, no meaning


def test_a_lower_hit_with_better_evidence_answers_first(
    county_corpus: Corpus, county: QuestionAnalyzer
) -> None:
    # A model that weighs the fused rank lightly (the shipped one weighs it heavily).
    model = DecisionModel((2.0, 5.0, 1.0, 0.5), -6.0)
    policy = AnswerPolicy(county_corpus, TopicEvidence(county_corpus), AnswerConfig(decision=model))
    analysis = county.analyze("变电站容量多大?")
    close = dense_hit(1, 0.95)
    found = [dense_hit(4, 0.8), dense_hit(3, 0.7), close]
    support = policy.supported(analysis, found)
    assert support is not None and support.hits == [close, found[0], found[1]]


def test_decision_model_is_a_logistic_of_the_signals() -> None:
    model = DecisionModel((1.0, 2.0, 0.0, 0.0), -1.5)
    assert model.probability(Signals(0.5, 0.5, 0.9, 1.0)) == pytest.approx(0.5)
    assert model.probability(Signals(1.0, 1.0, 0.0, 0.0)) == pytest.approx(1 / (1 + math.exp(-1.5)))
    with pytest.raises(ValueError):  # a weight per signal, no more, no less
        DecisionModel((1.0,), 0.0).probability(Signals(1.0, 1.0, 1.0, 1.0))


@given(st.floats(0.0, 1.0), st.floats(-1.0, 1.0), st.floats(-1.0, 1.0))
def test_probability_is_bounded_and_grows_with_the_cosine(
    coverage: float, dense: float, other: float
) -> None:
    model = AnswerConfig().decision
    low, high = sorted((dense, other))

    def probability(cosine: float) -> float:
        hit = Hit(COUNTY, 1, 0.5, lexical_score=0.3, dense_score=cosine)
        return model.probability(Signals.of(hit, coverage, first=True))

    assert 0.0 <= probability(low) <= probability(high) <= 1.0


_SUMMED_UP = """2025年养老服务工作方案
到2025年底，完成特殊困难老年人家庭适老化改造1200户。
一、重点任务
（一）实施适老化改造。对特困老年人家庭实施适老化改造1200户，户均补助不超过5000元。\
（牵头单位：县民政局）
"""


def test_a_figure_the_preamble_sums_up_is_cited_from_its_task(tmp_path: Path) -> None:
    plan = tmp_path / "plan-summed.txt"
    plan.write_text(_SUMMED_UP, encoding="utf-8")
    corpus = load_corpus(plan)
    question = "适老化改造一共多少户"
    analysis = analyzer(corpus, jieba_splitter([corpus])).analyze(question)
    # the search ranked the preamble first: the same figure is cited from the task
    answer = number_answers(corpus).answer(question, analysis, hits("plan-summed", 0, 1), 0.7)
    assert answer.targets == ("1200户",) and answer.cited == (1,)
