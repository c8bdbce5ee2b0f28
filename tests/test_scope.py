"""A library of plans: answers come from the plan the caller or the question names."""

from __future__ import annotations

import dataclasses

import pytest

from corpus import load_corpus
from index.store import load_or_build
from qa import Assistant, QuestionError
from qa.scope import named_plans, resolve, without_plan_names
from tests.fakes import FAKE_ANSWERING, FakeEncoder

PLANS = {
    "care-2023.txt": (
        "2023年养老服务工作要点\n一、居家养老\n"
        "（一）开展适老化改造。为困难老年人家庭实施适老化改造，完成改造800户。"
        "（责任单位：区民政局）\n"
        "（二）建设助餐点。新建老年助餐点20个。（责任单位：区民政局、区财政局）\n"
    ),
    "care-2024.txt": (
        "2024年养老服务工作要点\n一、居家养老\n"
        "（一）开展适老化改造。为困难老年人家庭实施适老化改造，完成改造1200户。"
        "（责任单位：区住房和城乡建设局）\n"
        "（二）建设助餐点。新建老年助餐点35个。（责任单位：区民政局）\n"
    ),
    "business.txt": (
        "2024年优化营商环境行动方案\n一、政务服务\n"
        "（一）推行企业开办一网通办。企业开办时间压缩至1个工作日。（责任单位：区政务服务局）\n"
        "（二）开展涉企收费清理。清理涉企收费项目10项。（责任单位：区市场监管局）\n"
    ),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder = tmp_path_factory.mktemp("library")
    for name, text in PLANS.items():
        (folder / name).write_text(text, "utf-8")
    corpus = load_corpus(folder)
    retriever = load_or_build(corpus, FakeEncoder(), folder / "index")
    return Assistant(corpus, retriever, FAKE_ANSWERING)


def test_a_year_in_the_question_picks_that_plan(library: Assistant) -> None:
    earlier = library.ask("2023年适老化改造要完成多少户?")
    later = library.ask("2024年适老化改造要完成多少户?")
    assert earlier.answered and "800户" in earlier.direct and "1200" not in earlier.direct
    assert later.answered and "1200户" in later.direct
    assert {q.doc_id for q in earlier.quotes} == {"care-2023"}
    assert earlier.quotes[0].doc_title == "2023年养老服务工作要点"  # the answer names its plan


def test_the_caller_names_the_plan(library: Assistant) -> None:
    answer = library.ask("谁负责适老化改造?", doc="2024年养老服务工作要点")
    assert answer.answered and answer.departments == ("区住房和城乡建设局",)
    by_id = library.ask("新建多少个助餐点?", doc="care-2023")
    assert by_id.answered and "20个" in by_id.direct
    with pytest.raises(QuestionError, match="没有找到计划"):
        library.ask("谁负责适老化改造?", doc="2019年的计划")


def test_title_words_only_one_plan_has_pick_it(library: Assistant) -> None:
    documents = library.corpus.documents
    assert named_plans("营商环境那个方案里谁负责涉企收费清理?", documents) == {"business"}
    assert named_plans("养老服务工作要点里谁负责助餐点?", documents) == {"care-2023", "care-2024"}
    assert named_plans("2024年养老服务的助餐点建多少个?", documents) == {"care-2024"}
    assert not named_plans("助餐点建多少个?", documents)
    assert resolve("营商环境", documents) == "business"


def test_a_plan_named_relative_to_the_newest_plan_year_is_picked(library: Assistant) -> None:
    documents = library.corpus.documents  # the newest plans are of 2024
    assert named_plans("去年的工作要点里适老化改造完成多少户?", documents) == {"care-2023"}
    assert named_plans("上一年度养老服务工作要点里谁负责助餐点?", documents) == {"care-2023"}
    assert named_plans("今年的养老服务工作要点里谁负责助餐点?", documents) == {"care-2024"}
    assert not named_plans("去年完成了多少户适老化改造?", documents)  # a year, not a plan
    assert not named_plans("前年的计划里助餐点建多少个?", documents)  # no plan of 2022
    assert not named_plans("后年的方案", documents)
    answer = library.ask("去年的工作要点里适老化改造完成多少户?")
    assert answer.answered and {q.doc_id for q in answer.quotes} == {"care-2023"}


def test_a_follow_up_stays_in_the_plan_an_earlier_question_named(library: Assistant) -> None:
    first = "2023年助餐点建多少个?"
    answer = library.ask("那由谁负责?", history=[first])
    assert answer.answered and {q.doc_id for q in answer.quotes} == {"care-2023"}
    assert answer.departments == ("区民政局", "区财政局")
    named_again = library.ask("2024年助餐点谁负责?", history=[first])
    assert {q.doc_id for q in named_again.quotes} == {"care-2024"}


def test_a_relative_plan_the_library_lacks_is_declined_by_its_year(library: Assistant) -> None:
    answer = library.ask("前年的计划里助餐点建多少个?")
    assert not answer.answered and answer.direct == "计划库中没有2022年的计划。"
    single = library.scoped(frozenset({"care-2023"}))
    alone = single.ask("去年的计划里助餐点建多少个?")
    assert not alone.answered and "2022年" in alone.direct


def test_one_plan_is_never_narrowed(library: Assistant) -> None:
    single = library.scoped(frozenset({"care-2023"}))
    assert not named_plans("2024年适老化改造完成多少户?", single.corpus.documents)
    assert single.ask("新建多少个助餐点?").cited == (2,)


def test_a_department_look_up_is_grouped_by_plan_newest_first(library: Assistant) -> None:
    answer = library.ask("区民政局负责哪些任务?")
    assert answer.answered
    newer = answer.direct.index("《2024年养老服务工作要点》中,区民政局")
    older = answer.direct.index("《2023年养老服务工作要点》中,区民政局")
    assert newer < older
    assert [q.doc_id for q in answer.quotes] == ["care-2024", "care-2023", "care-2023"]


def test_a_title_word_holding_市_still_names_its_plan(library: Assistant) -> None:
    first, second, _ = library.corpus.documents
    documents = [
        dataclasses.replace(first, title="临江区2024年城市更新行动实施方案"),
        dataclasses.replace(second, title="2024年促进消费扩容提质工作方案"),
    ]
    assert named_plans("城市更新方案里老旧小区改造由谁负责?", documents) == {first.doc_id}


def test_the_title_sharing_most_of_the_question_is_the_one_named(library: Assistant) -> None:
    first, second, _ = library.corpus.documents
    documents = [
        dataclasses.replace(first, title="2024年全县农村人居环境整治提升行动实施方案"),
        dataclasses.replace(second, title="关于2024年城市更新和人居环境提升的实施方案"),
    ]
    question = "农村人居环境整治提升方案中，口袋公园要建几个？"
    assert named_plans(question, documents) == {first.doc_id}
    assert named_plans("人居环境方案里谁负责?", documents) == set()  # both: no narrowing
    tasks = [dataclasses.replace(first, title="2024年数字经济重点任务分工方案"), second]
    assert not named_plans("今年有哪些重点任务?", tasks)  # 重点任务 names no plan


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("营商环境那个方案里，开办企业要几天？", " ，开办企业要几天？"),
        ("临江区城市更新行动方案里，区城管局参与了哪些工作？", " ，区城管局参与了哪些工作？"),
        ("2023年营商环境方案里开办企业几天", "2023年 开办企业几天"),  # the year stays
        ("去年的工作要点里适老化改造完成多少户?", " 适老化改造完成多少户?"),
        ("今年计划新开工多少个老旧小区", "今年计划新开工多少个老旧小区"),  # 计划: a verb
        ("老旧小区改造方案是什么", "老旧小区改造方案是什么"),  # no title holds the words
        ("卫生健康的分工表里家庭医生谁牵头?", " 家庭医生谁牵头?"),  # any document type
    ],
)
def test_the_words_naming_a_plan_are_not_part_of_the_question(
    library: Assistant, question: str, asked: str
) -> None:
    titles = [
        "2023年营商环境优化提升行动方案",
        "临江区2024年城市更新行动实施方案",
        "江澜市2024年卫生健康重点工作任务分工表",
    ]
    plan = library.corpus.documents[0]
    documents = [dataclasses.replace(plan, title=title) for title in titles]
    assert without_plan_names(question, documents) == asked


def test_tasks_of_several_plans_are_named_by_plan_newest_first(library: Assistant) -> None:
    answer = library.ask("谁负责建设助餐点?")
    assert answer.answered and [q.doc_id for q in answer.quotes] == ["care-2024", "care-2023"]
    newer, older = answer.direct.splitlines()[:2]
    assert newer.startswith("《2024年养老服务工作要点》（二）建设助餐点:")
    assert older.startswith("《2023年养老服务工作要点》（二）建设助餐点:")


def test_scoped_assistants_are_made_once_each_and_bounded(
    library: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    import qa.assistant

    monkeypatch.setattr(qa.assistant, "MAX_SCOPES", 2)
    ids = [frozenset({d.doc_id}) for d in library.corpus.documents]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(library.scoped, ids * 20))
    assert len(library._scoped) == 2  # the oldest scopes went; no error under threads
    kept = library.scoped(ids[0])
    assert library.scoped(ids[0]) is kept  # a kept scope is the same assistant


def test_a_view_finds_its_plans_items_at_a_small_depth(library: Assistant) -> None:
    shallow = dataclasses.replace(library.retriever.config, candidates=2)
    view = library.retriever.only(["care-2023"])
    view.config = shallow
    for mode in ("hybrid", "lexical", "dense"):
        hits = view.search("新建老年助餐点", 3, mode)
        assert hits and {hit.doc_id for hit in hits} == {"care-2023"}
    assert library.retriever.config is not shallow  # the view's config is its own
