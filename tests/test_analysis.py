"""QuestionAnalyzer without an index: kinds, departments, parts, units, years and cues."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import Corpus, load_corpus
from qa.analysis import QuestionAnalyzer
from qa.models import AnswerKind
from tests.qa_fixtures import Splitter, analyzer


@pytest.fixture(scope="module")
def elderly(elderly_corpus: Corpus, qa_splitter: Splitter) -> QuestionAnalyzer:
    return analyzer(elderly_corpus, qa_splitter)


@pytest.fixture(scope="module")
def county(county_corpus: Corpus, qa_splitter: Splitter) -> QuestionAnalyzer:
    return analyzer(county_corpus, qa_splitter)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("谁负责适老化改造?", AnswerKind.WHO),
        ("助餐点归哪个部门管?", AnswerKind.WHO),
        ("新增养老床位多少张?", AnswerKind.HOW_MUCH),
        ("签约率要达到多少?", AnswerKind.HOW_MUCH),
        ("养老院新楼盖几层?", AnswerKind.HOW_MUCH),  # any classifier of qa.units
        ("一年检查几次?", AnswerKind.HOW_MUCH),
        ("适老化改造有什么要求?", AnswerKind.WHAT),
        # which ones, listed, even beside a figure in a programme's name
        ("工地上的六个百分之百到底是指哪六样", AnswerKind.WHAT),
        ("六个百分之百指哪六样，各要达到多少", AnswerKind.HOW_MUCH),
        ("区民政局负责哪些任务?", AnswerKind.DEPARTMENT),
        # a conjunction is no topic: both roles asked, still a department look-up
        ("区民政局牵头或者参与的事项都有哪些?", AnswerKind.DEPARTMENT),
        ("区民政局牵头以及配合的任务有哪些?", AnswerKind.DEPARTMENT),
        # the plan's own title words say where to look, not a topic narrowing the list
        ("区民政局在2023年养老服务体系建设方案里有哪几项任务?", AnswerKind.DEPARTMENT),
        ("区民政局牵头的活有哪几项", AnswerKind.DEPARTMENT),  # a role right after the office
        ("签约合作哪位领导分管?", AnswerKind.WHO),  # the officials in charge
        ("第二部分有哪些任务?", AnswerKind.PART),
        ("养老护理员", AnswerKind.WHAT),  # no cue and no history: read as "what"
        # a role describing the thing asked about: what it costs is asked, not who leads
        ("区民政局牵头的助餐点建设要投多少钱?", AnswerKind.HOW_MUCH),
        ("区民政局牵头新建的助餐点收费标准是多少", AnswerKind.HOW_MUCH),
        ("区民政局牵头的是哪几项?", AnswerKind.DEPARTMENT),
        ("助餐点谁牵头的?", AnswerKind.WHO),
        ("适老化改造要几天完成?", AnswerKind.HOW_MUCH),  # a duration; 几月 is a date
        # "其中牵头的是哪一项" asks part of the office's list, not a topic
        ("区民政局承担哪些任务?其中牵头的是哪一项?", AnswerKind.DEPARTMENT),
    ],
)
def test_kind_of_question(elderly: QuestionAnalyzer, question: str, kind: AnswerKind) -> None:
    assert elderly.analyze(question).kind == kind


def test_bare_follow_up_has_no_kind_of_its_own(elderly: QuestionAnalyzer) -> None:
    with_history = elderly.analyze("那助餐点呢?", has_history=True)
    assert with_history.kind is None and with_history.looks_followup
    assert with_history.content == ("餐点",)
    assert elderly.analyze("那助餐点呢?").kind == AnswerKind.WHAT
    assert elderly.analyze("那第二条呢?", has_history=True).kind is None


@pytest.mark.parametrize(
    ("question", "canonical"),
    [
        ("区人力资源和社会保障局负责什么?", "区人力资源和社会保障局"),  # full name
        ("区卫健委负责哪些任务?", "区卫生健康委员会"),  # the plan's own short form
        ("区住建局负责什么?", "区住房和城乡建设局"),  # alias file, applied at district level
    ],
)
def test_department_by_name_or_alias(
    elderly: QuestionAnalyzer, question: str, canonical: str
) -> None:
    analysis = elderly.analyze(question)
    assert analysis.departments == (canonical,)
    assert analysis.unknown_departments == ()
    assert analysis.kind == AnswerKind.DEPARTMENT
    assert analysis.content == ()  # the name is no topic


def test_unknown_department_is_reported(elderly: QuestionAnalyzer) -> None:
    analysis = elderly.analyze("市公安局负责什么?")
    assert analysis.departments == ()
    assert analysis.unknown_departments == ("市公安局",)
    assert analysis.kind == AnswerKind.DEPARTMENT


def test_common_noun_with_an_office_suffix_is_no_department(elderly: QuestionAnalyzer) -> None:
    # 中心 ends office names, but 养老服务中心 is a thing the plan builds.
    analysis = elderly.analyze("养老服务中心由谁负责建设?")
    assert analysis.departments == () and analysis.unknown_departments == ()
    assert analysis.kind == AnswerKind.WHO
    assert "服务中心" in analysis.content


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("第二部分有哪些任务?", 2),
        ("第1部分有哪些任务?", 1),
        ("最后一部分讲了什么?", 2),
        ("医养结合这部分有哪些任务?", 2),  # title words: 提升医养结合水平
        ("居家养老这一块都有什么?", 1),  # 完善居家社区养老服务
    ],
)
def test_part_by_ordinal_or_title(elderly: QuestionAnalyzer, question: str, part: int) -> None:
    analysis = elderly.analyze(question)
    assert analysis.part == part
    assert analysis.kind == AnswerKind.PART
    assert analysis.content == ()  # the title's words name the part, not a topic


def test_no_part_without_a_part_word(elderly: QuestionAnalyzer) -> None:
    assert elderly.analyze("医养结合有哪些任务?").part is None
    assert elderly.analyze("第二条是什么?").part is None


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("新增养老床位多少张?", ("张",)),
        ("养老护理员培训多少人次?", ("人次",)),
        ("养老床位补贴多少钱?", ("元",)),  # money, though the plan states no 元
        ("助餐点每个造价多少?", ("元",)),
        ("护理员工资多少?", ("元",)),
        ("签约率要达到多少?", ("%",)),
        ("健康管理率是百分之多少?", ("%",)),
        ("适老化改造怎么做?", ()),
    ],
)
def test_units_asked(elderly: QuestionAnalyzer, question: str, units: tuple[str, ...]) -> None:
    assert elderly.analyze(question).units == units


def test_units_the_county_plan_knows(county: QuestionAnalyzer) -> None:
    assert county.analyze("变电站是多少千伏的?").units == ("千伏",)
    assert county.analyze("农村公路新改建多少公里?").units == ("公里",)
    assert county.analyze("划定几条校车线路?").units == ("条",)
    # 投资超30亿的项目有几个 counts projects: the money word is not next to 几.
    assert county.analyze("总投资超30亿元的龙头项目有几个?").units == ("个",)
    assert county.analyze("每座厕所补助多少钱?").units == ("元",)


def test_years_and_relative_years(elderly: QuestionAnalyzer) -> None:
    dated = elderly.analyze("2023年新增多少床位?")
    assert dated.years == ("2023",) and dated.relative_years == ()
    assert "2023" not in "".join(dated.topic)
    last_year = elderly.analyze("去年新增多少床位?")
    assert last_year.relative_years == (-1,) and last_year.years == ()
    assert elderly.analyze("明年呢").relative_years == (1,)
    assert elderly.analyze("前年和后年").relative_years == (-2, 2)
    assert elderly.analyze("新增多少床位?").relative_years == ()
    # 后 of "建成后" and 年 of a yearly figure: no year after next
    assert elderly.analyze("分拣中心建成后年分拣能力是多少").relative_years == ()


def test_asks_when(elderly: QuestionAnalyzer) -> None:
    assert elderly.analyze("适老化改造什么时候完成?").asks_when
    assert not elderly.analyze("适老化改造有什么要求?").asks_when


def test_measure_is_the_attribute_asked_for(county: QuestionAnalyzer) -> None:
    assert county.analyze("变电站容量多大?").measure == "容量"
    assert county.analyze("多大容量的变电站?").measure == "容量"
    assert county.analyze("每座厕所补助多少钱?").measure == "补助"
    assert county.analyze("谁负责变电站?").measure is None  # no how-much cue


def test_counted_words(county: QuestionAnalyzer) -> None:
    assert county.analyze("新增多少个学位?").counted == ("学位",)
    assert county.analyze("幼儿园建设能提供多少个学位?").counted == ("学位",)
    assert county.analyze("扩建几座变电站?").counted == ("变电站",)
    assert county.analyze("变电站容量多大?").counted == ()  # no count cue
    # what follows the clause break is not what is counted
    assert county.analyze("扩建变电站多少座,农村的幼儿园呢").counted == ()
    assert county.analyze("新建多少个火星基地?").counted == ()  # not the plan's words


@pytest.mark.parametrize(
    ("question", "ordinal"),
    [
        ("第二条是什么?", 1),
        ("第三项呢?", 2),
        ("第2条", 1),
        ("最后一条写了啥?", -1),
        ("最后一项呢", -1),
        ("适老化改造有什么要求?", None),
        ("第二部分有哪些任务?", None),  # a part, not an entry of a list
    ],
)
def test_ordinal(elderly: QuestionAnalyzer, question: str, ordinal: int | None) -> None:
    assert elderly.analyze(question).ordinal == ordinal


def test_looks_followup(elderly: QuestionAnalyzer) -> None:
    assert elderly.analyze("那由谁负责?", has_history=True).looks_followup
    assert elderly.analyze("那由谁负责?", has_history=True).kind == AnswerKind.WHO
    assert not elderly.analyze("那由谁负责?").looks_followup  # nothing to follow
    assert elderly.analyze("助餐点呢?", has_history=True).looks_followup  # 呢
    assert elderly.analyze("还有适老化改造怎么做?", has_history=True).looks_followup
    # A full question of its own is not a follow-up, even in a conversation.
    assert not elderly.analyze("养老护理员培训多少人次?", has_history=True).looks_followup


def test_topic_leaves_out_question_and_task_words(elderly: QuestionAnalyzer) -> None:
    analysis = elderly.analyze("请问养老护理员培训的具体要求是什么?")
    assert "养老" in analysis.content and "护理员" in analysis.content
    assert not {"请问", "具体", "要求", "什么", "是"} & set(analysis.topic)
    # Words the plan never uses stay in the topic but are no content.
    mars = elderly.analyze("火星基地谁负责?")
    assert "火星" in mars.topic and mars.content == ()


def test_content_words_are_the_plans_own(elderly: QuestionAnalyzer) -> None:
    assert elderly.content_words(["助餐点", "火星", "养", "签约率"]) == ("助餐点", "签约率")


def test_a_compound_the_plan_never_writes_whole_gives_the_pieces_it_does(
    elderly: QuestionAnalyzer,
) -> None:
    # the plan writes 适老化改造 and 养老护理员, never "适老化改造养老护理员" as one word
    assert elderly.content_words(["适老化改造养老护理员"]) == ("适老化改造", "养老护理员")
    assert elderly.content_words(["天气预报"]) == ()  # no piece of it is in the plan


def test_a_deposit_is_money(elderly: QuestionAnalyzer) -> None:
    analysis = elderly.analyze("养老院押金要交多少?")
    assert analysis.kind == AnswerKind.HOW_MUCH and "元" in analysis.units


def test_a_follow_up_asking_who_names_an_office_only_as_a_guess(elderly: QuestionAnalyzer) -> None:
    analysis = elderly.analyze("那谁牵头?区财政局是配合吧?", has_history=True)
    assert analysis.kind == AnswerKind.WHO and analysis.departments == ("区财政局",)
    own = elderly.analyze("那区财政局牵头哪些?", has_history=True)  # its own list is asked
    assert own.kind == AnswerKind.DEPARTMENT


def test_an_office_named_by_a_part_of_its_name_only_it_has(
    tmp_path: Path, qa_splitter: Splitter
) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "2025年城市更新工作方案\n一、补短板\n（一）架空线入地。完成线缆入地20公里。"
        "（责任单位：国网清河供电公司、清河水务集团有限公司、市城管局）\n",
        encoding="utf-8",
    )
    found = analyzer(load_corpus(plan), qa_splitter)
    assert found.analyze("供电公司要干哪些事").departments == ("国网清河供电公司",)
    assert found.analyze("水务集团负责啥").departments == ("清河水务集团有限公司",)
    company = found.analyze("有限公司负责啥")  # a suffix alone names no one
    assert company.departments == ()
