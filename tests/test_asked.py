"""Answer only what was asked: details plans rarely state, years in any form, guessed offices."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import load_corpus
from index.chunks import make_chunks
from index.store import load_or_build
from qa import Assistant
from qa.details import asked_detail, unstated
from qa.evidence import TopicEvidence
from qa.models import AnswerKind, Certainty
from qa.policy import NOT_CHINESE, AnswerConfig, AnswerPolicy
from qa.quoting import Quoter
from qa.topical import NO_OFFICIALS, TopicalAnswers
from qa.years import relative_years, years_in
from tests.conftest import FIXTURES
from tests.fakes import FAKE_ANSWERING, FakeEncoder
from tests.qa_fixtures import analyzer, hits, jieba_splitter


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        ("美丽庭院评选咋报名,找谁报", "联系方式或具体负责人"),
        ("安置房咋申请,要交啥材料", "办理流程或申请条件"),
        ("处置中心建在哪个村", "具体地点"),
        ("大喇叭每天几点开始播", "具体时刻"),
        ("PPP项目是哪家公司中的标", "承建或中标单位"),
        ("优先在哪些村子搞", None),
        ("村里喝水难怎么办", None),
        ("这个证去哪办", "办理流程或申请条件"),
        ("谁负责厕所革命", None),
        ("老旧小区改造啥时候开始报名", "办理流程或申请条件"),
        ("中心医院的院长是谁", "联系方式或具体负责人"),
        ("这事归哪个部门管,局长叫什么", "联系方式或具体负责人"),
        ("一楼住户要不要掏钱", "费用或收费标准"),
        ("停车收不收费", "费用或收费标准"),
        ("新增的停车泊位怎么收费", "费用或收费标准"),
        ("第一书记一般干几年", "期限或时长"),
        ("改造要多长时间", "期限或时长"),
        ("寄宿学校要建几所", None),
        ("今年要投多少钱", None),  # a number question: qa.numbers takes money amounts
        ("文化中心在哪条街上", "具体地点"),
        ("项目选在哪个县", "具体地点"),
        ("卫生县城创建是哪几个县", None),  # a plan names its counties
        ("旱厕改造的施工队是谁家的", "承建或中标单位"),
        ("买房有啥优惠", "奖励、优惠或补助标准"),
        ("创建验收标准是啥", "考核或验收办法"),
        ("一年考核几次", "考核或验收办法"),
        ("高龄津贴申领要交哪些材料、到哪个窗口办", "办理流程或申请条件"),
        ("信用修复要准备哪些文件", "所需材料"),
        ("那30项具体是哪些?有完整清单吗", "具体名单"),
        ("落实市场准入负面清单有哪些要求", None),  # a topic's name, not a request for a list
        ("收取押金超过12倍的将受到何种处罚", "处罚或追责办法"),
        ("排名靠后的乡镇怎么追责", "处罚或追责办法"),
        ("第三小学扩建工程何时开工", "开工或启动时间"),
        ("扩建工程什么时候完成", None),  # a deadline: the 完成时限 answers
    ],
)
def test_details_a_question_asks_for(question: str, detail: str | None) -> None:
    found = asked_detail(question)
    assert (found.name if found else None) == detail


def test_a_detail_the_text_states_is_answered() -> None:
    assert unstated("咋申请补助", "符合条件的农户可向乡镇申请补助") is None
    assert unstated("咋申请补助", "对农户给予补助") is not None
    # how often is a period a plan states: "每季度召开1次" answers "多久开一次"
    assert unstated("企业家座谈会多久开一次", "每季度召开1次企业家座谈会") is None
    assert unstated("企业家座谈会多久开一次", "召开企业家座谈会") is not None
    # a place is stated after 在 as a named town, not as "在各乡镇"
    assert unstated("集配中心建在哪几个地方", "在龙泉镇（茶叶）、青峰镇各建设1个集配中心") is None
    assert unstated("集配中心建在哪几个地方", "在各乡镇建设集配中心") is not None


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("二〇二一年老旧小区改了多少", ("2021",)),
        ("二零二零年建成多少", ("2020",)),
        ("21年改了多少个", ("2021",)),
        ("2019年的情况", ("2019",)),
        ("近10年来变化", ()),
        ("一九年卫生厕所改了多少座", ("2019",)),
        ("二一年到二二年", ("2021", "2022")),
        ("三五年内建成", ()),  # three to five years
        ("每一年都要检查", ()),
    ],
)
def test_years_in_any_form(question: str, years: tuple[str, ...]) -> None:
    assert years_in(question) == years


def test_relative_years_do_not_double_count() -> None:
    assert relative_years("大前年完成了多少") == (-3,)
    assert relative_years("上一年度的比例") == (-1,)


@pytest.fixture(scope="module")
def elderly(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    corpus = load_corpus(FIXTURES / "plan-elderly.txt")
    folder: Path = tmp_path_factory.mktemp("asked")
    return Assistant(corpus, load_or_build(corpus, FakeEncoder(), folder), FAKE_ANSWERING)


def test_a_guessed_office_does_not_stop_the_answer(elderly: Assistant) -> None:
    answer = elderly.ask("适老化改造是公安局在管吗?到底谁负责")
    assert answer.answered and answer.cited == (2,)


def test_an_office_asked_about_is_declined_by_name(elderly: Assistant) -> None:
    answer = elderly.ask("物业公司要负责什么?")
    assert not answer.answered and "物业公司" in answer.direct


def test_an_earlier_year_in_words_is_declined(elderly: Assistant) -> None:
    answer = elderly.ask("二〇二一年新增了多少张养老床位?")
    assert not answer.answered and "2021" in answer.direct


def test_a_duration_the_text_states_is_answered() -> None:
    assert unstated("要多长时间", "力争用3年时间完成改造") is None
    assert unstated("要多长时间", "完成改造1200户") is not None
    # a time limit, also in traditional characters
    assert unstated("抵押登记多久能办完", "抵押登記業務1個工作日內辦結") is None
    # "协同办理" is a procedure, not the papers it needs
    assert unstated("信用修复要准备哪些文件", "推行信用修复一口受理、协同办理") is not None


def test_an_office_asked_for_a_detail_it_is_not_given_is_declined(elderly: Assistant) -> None:
    listed = elderly.ask("区民政局负责哪些任务?")
    assert listed.answered and listed.kind == AnswerKind.DEPARTMENT
    phone = elderly.ask("区民政局的电话是多少?")
    assert not phone.answered and phone.direct == "计划中没有给出联系方式或具体负责人。"
    assert phone.related and phone.related[0].item in listed.cited


@pytest.mark.parametrize(
    ("question", "name"),
    # Without a particle the name starts at a word: 村民/小组 gives 小组.
    [("村里的红白理事会在这里头负责啥", "红白理事会"), ("村民小组要干些啥", "小组")],
)
def test_a_body_asked_about_after_a_particle_is_declined_by_name(
    elderly: Assistant, question: str, name: str
) -> None:
    answer = elderly.ask(question)
    assert not answer.answered and answer.direct == f"计划中没有给“{name}”分配任务。"


def test_a_follow_up_naming_an_office_still_asks_about_the_task(elderly: Assistant) -> None:
    history = ["适老化改造要完成多少户?"]
    answer = elderly.ask("这个事由哪些部门负责,民政局有份吗", history)
    assert answer.answered and answer.kind == AnswerKind.WHO and answer.cited == (2,)
    assert "区民政局" in answer.direct
    listed = elderly.ask("民政局负责哪些任务", history)  # no pointing back: the office's list
    assert listed.kind == AnswerKind.DEPARTMENT and len(listed.cited) > 1


def test_who_beside_a_missing_detail_answers_and_says_what_is_missing(
    elderly: Assistant,
) -> None:
    answer = elderly.ask("那这个谁负责,要多长时间", ["适老化改造要完成多少户?"])
    assert answer.answered and answer.kind == AnswerKind.WHO and answer.cited == (2,)
    assert answer.notes[-1] == "计划中没有给出期限或时长。"
    person = elderly.ask("适老化改造的负责人是谁")  # a person instead of the units: declined
    assert not person.answered and person.direct == "计划中没有给出联系方式或具体负责人。"


def test_a_number_in_another_unit_does_not_answer(elderly: Assistant) -> None:
    answered = elderly.ask("养老床位要新增多少张?")
    assert answered.answered and answered.targets == ("500张以上",)
    other = elderly.ask("养老床位要新增多少亩?")  # the plan states no area
    assert not other.answered and other.kind == AnswerKind.HOW_MUCH


def test_a_dictated_slip_is_read_as_the_plans_word(elderly: Assistant) -> None:
    # 绿 for 率 (a rate is asked: only then does a share answer), 话 for 化
    slip = elderly.ask("签约绿呃要达到多少")
    assert slip.answered and slip.cited == (3,) and slip.targets == ("100%",)
    assert slip.question == "签约绿呃要达到多少"  # the question is shown as typed
    other = elderly.ask("适老话改造要完成多少户")
    assert other.answered and other.cited == (2,) and other.targets == ("1200户",)


def test_a_role_describing_the_thing_asked_about_is_no_who_question(elderly: Assistant) -> None:
    # "牵头的助餐点" says which programme; the question asks what it costs, never stated
    answer = elderly.ask("区民政局牵头的助餐点建设要投多少钱")
    assert answer.kind == AnswerKind.HOW_MUCH and not answer.answered


def test_a_follow_up_asking_who_with_a_guessed_office_answers_the_task(elderly: Assistant) -> None:
    answer = elderly.ask("那谁负责?区财政局是配合吧?", ["新建助餐点多少个?"])
    assert answer.answered and answer.kind == AnswerKind.WHO and answer.cited == (1,)
    assert "区民政局" in answer.direct


def test_an_office_asked_for_its_responsibilities_is_a_department_look_up(
    elderly: Assistant,
) -> None:
    answer = elderly.ask("区民政局有哪些责任")
    assert answer.kind == AnswerKind.DEPARTMENT and answer.answered and len(answer.cited) > 1


def test_a_follow_up_on_a_topic_the_plan_words_otherwise_leaves_the_previous_task(
    elderly: Assistant,
) -> None:
    history = ["适老化改造谁负责?"]
    assert elderly.ask("那由谁牵头?", history).cited == (2,)  # no topic: the same task
    roads = elderly.ask("那修路呢", history)  # a topic of its own, in words the plan lacks
    assert roads.kind == AnswerKind.WHO and 2 not in roads.cited


def test_a_question_in_another_language_is_asked_again_in_chinese(elderly: Assistant) -> None:
    answer = elderly.ask("Who is responsible for roads?", ["适老化改造谁负责?"])
    assert not answer.answered and answer.direct == NOT_CHINESE and not answer.related


def test_a_question_naming_its_own_topic_leaves_the_conversation(elderly: Assistant) -> None:
    history = ["适老化改造要完成多少户?"]
    trained = elderly.ask("另外问下,护理员培训多少人次?", history)
    assert trained.cited == (4,) and trained.targets == ("不少于800人次",)
    # "这项" points at the task it names, not the one just answered
    beds = elderly.ask("那养老床位这项,谁负责?", history)
    assert beds.kind == AnswerKind.WHO and beds.cited == (1,)


def test_how_long_is_never_answered_with_a_count(elderly: Assistant) -> None:
    answer = elderly.ask("养老护理员培训要多长时间")  # the plan states 800人次, no duration
    assert not answer.answered


_WATER_PLAN = """2024年农村污水治理工作方案
为改善农村人居环境，制定本方案。
一、治理目标
（一）明确总体目标。到2024年底，全市农村生活污水治理率达到45%。（责任单位：市生态环境局）
（二）优先治理重点村庄。优先治理乡镇政府驻地、中心村的生活污水，新增完成治理的行政村25个。\
（责任单位：市住建局、市生态环境局）
"""


def test_a_figure_stated_of_something_wider_is_only_the_closest(tmp_path: Path) -> None:
    plan = tmp_path / "plan-water.txt"
    plan.write_text(_WATER_PLAN, encoding="utf-8")
    corpus = load_corpus(plan)
    water = Assistant(corpus, load_or_build(corpus, FakeEncoder(), tmp_path), FAKE_ANSWERING)
    # item 2 names the 乡镇政府驻地 but gives no rate: the county's 45% is the closest figure
    named = water.ask("乡镇政府驻地的生活污水治理率要达到多少")
    assert named.certainty == Certainty.CLOSEST and named.targets == ("45%",)
    whole = water.ask("全市农村生活污水治理率要达到多少")
    assert whole.certainty == Certainty.ANSWERED and whole.targets == ("45%",)


_TECH_PLAN = """2024年科技创新工作方案
为加快科技创新，制定本方案。
一、重点任务
（一）加大研发投入。全社会研发经费投入强度达到2.8%，按季度发布研发投入数据。\
（牵头单位：市科技局；责任单位：市统计局、市财政局）
（二）推进河湖治理。深化河湖长制，整治河湖问题200处。\
（牵头单位：市河长制办公室；配合单位：市水利局）
（三）引进人才团队。引进高层次创新创业人才团队20个。\
（牵头单位：市委组织部；配合单位：市人力资源和社会保障局）
（四）推进一网通办。政务服务事项网上可办率达到98%。\
（牵头单位：市政务服务和数据管理局）
"""


def _assistant_on(text: str, folder: Path, name: str) -> Assistant:
    """An assistant over one plan written from ``text`` (deterministic fake encoder)."""
    plan = folder / f"plan-{name}.txt"
    plan.write_text(text, encoding="utf-8")
    corpus = load_corpus(plan)
    return Assistant(corpus, load_or_build(corpus, FakeEncoder(), folder), FAKE_ANSWERING)


@pytest.fixture(scope="module")
def tech(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _assistant_on(_TECH_PLAN, tmp_path_factory.mktemp("tech"), "tech")


def test_beside_a_lead_the_responsible_units_are_the_ones_taking_part(tech: Assistant) -> None:
    listed = tech.ask("市统计局要配合哪项工作")
    assert listed.kind == AnswerKind.DEPARTMENT and listed.cited == (1,)
    who = tech.ask("研发投入这项的配合单位有哪些")
    assert who.direct.startswith("责任单位:市统计局、市财政局") and "没有列出" not in who.direct


def test_an_office_by_its_role_its_everyday_name_or_its_name_without_level(
    tech: Assistant,
) -> None:
    as_role = tech.ask("市统计局在这张分工表里作为责任单位，涉及哪几项任务")
    assert as_role.kind == AnswerKind.DEPARTMENT and as_role.cited == (1,)
    abbreviated = tech.ask("河长办负责哪些任务")  # 河长制办公室
    assert abbreviated.kind == AnswerKind.DEPARTMENT and abbreviated.cited == (2,)
    initials = tech.ask("政数局牵头的任务有哪几项")  # 政务服务和数据管理局
    assert initials.kind == AnswerKind.DEPARTMENT and initials.cited == (4,)
    over_there = tech.ask("统计那边在这个方案里配合哪几项活")  # 市统计局
    assert over_there.kind == AnswerKind.DEPARTMENT and over_there.cited == (1,)
    # the plan by the asker's own name for it ("这个科技方案里头") narrows nothing
    unlevelled = tech.ask("人力资源和社会保障局在这个科技方案里头配合哪一块")
    assert unlevelled.kind == AnswerKind.DEPARTMENT and unlevelled.cited == (3,)


def test_how_often_is_answered_by_a_period_in_words(tech: Assistant) -> None:
    answer = tech.ask("研发投入数据多长时间发布一次")
    assert answer.answered and answer.cited == (1,) and "按季度发布" in answer.direct


def test_how_long_without_a_duration_is_answered_by_the_deadline(tmp_path: Path) -> None:
    corpus = load_corpus(FIXTURES / "plan-district.txt")
    district = Assistant(corpus, load_or_build(corpus, FakeEncoder(), tmp_path), FAKE_ANSWERING)
    answer = district.ask("老旧小区改造要多长时间完成")
    assert answer.answered and answer.kind == AnswerKind.WHEN and answer.cited == (2,)
    assert answer.direct == "2024年11月底前"


def test_a_numbered_point_is_read_under_its_items_heading(tmp_path: Path) -> None:
    corpus = load_corpus(FIXTURES / "plan-district.txt")
    district = Assistant(corpus, load_or_build(corpus, FakeEncoder(), tmp_path), FAKE_ANSWERING)
    # "（2）加装电梯不少于40部" stands under "加快老旧小区改造"; 老小区 is read as 老旧小区
    answer = district.ask("老小区要装多少部电梯？")
    assert answer.answered and answer.targets == ("不少于40部",)


_SCHOOL_PLAN = """2026年基础教育工作方案
为扩大优质教育资源，制定本方案。
一、重点任务
（一）扩大高中办学容量。第一中学新建教学楼1栋，总投资5200万元；第二中学改扩建后新增6个班。\
（责任单位：县教育局）
（二）落实长期护理保险。参保人员接受居家护理的，按每人每月900元标准支付。\
（牵头单位：县医保局；配合单位：县财政局）
（三）加强教师培训。开展乡村教师培训2000人次。（人社局牵头，县教育局配合）
（四）扶持非遗传承。对国家级、省级代表性传承人分别给予每人每年传习补助2万元、1万元。\
（责任单位：县文化和旅游局）
"""


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _assistant_on(_SCHOOL_PLAN, tmp_path_factory.mktemp("school"), "school")


def test_a_number_of_another_one_of_a_series_does_not_answer(school: Assistant) -> None:
    # 5200万元 is the 第一中学's; the 第二中学's investment is not given
    other = school.ask("第二中学改扩建项目的总投资是多少")
    assert not other.answered
    own = school.ask("第一中学新建教学楼总投资是多少")
    assert own.answered and own.targets == ("5200万元",)


def test_a_number_whose_sentence_leaves_the_topic_to_its_heading_is_the_closest(
    school: Assistant,
) -> None:
    # "按每人每月900元标准支付" names neither 长期 nor 保险: its heading does
    answer = school.ask("长期护理保险如果在家里护理，每个月给付多少钱")
    assert answer.certainty == Certainty.CLOSEST and answer.targets == ("900元",)


def test_an_office_by_the_short_name_said_before_its_role(school: Assistant) -> None:
    answer = school.ask("教育牵头的任务有哪几项")
    assert answer.kind == AnswerKind.DEPARTMENT and answer.cited == (1,)


def test_each_member_of_a_series_takes_its_own_value(school: Assistant) -> None:
    listed = school.ask("省级代表性传承人每人每年传习补助多少")
    assert listed.answered and listed.targets == ("1万元",)
    unlisted = school.ask("县级代表性传承人每人每年传习补助多少")
    assert not unlisted.answered


def test_a_question_asking_two_numbers_gets_both(school: Assistant) -> None:
    answer = school.ask("第一中学新建教学楼几栋 总投资多少")
    assert answer.answered and answer.targets == ("1栋", "5200万元")
    assert answer.cited == (1,) and "5200万元" in answer.direct


_RENEWAL_PLAN = """2026年城市更新工作要点
2026年全区计划实施城市更新项目52个。
一、重点任务
（一）挖潜新增公共停车泊位。全年新增公共停车泊位3200个。（牵头单位：区住建局）
（二）完善回收体系。建成区级可回收物分拣中心1个，年分拣能力达到3万吨。\
（牵头单位：区城管局）
（三）建设集配中心。在龙泉镇、青峰镇各建设1个产地集配中心。集配中心建成后与配送中心\
数据互通。（牵头单位：区农业农村局）
（四）提升寄递服务点。按每个服务点每年3000元的标准给予运营补贴，连续补贴2年。\
（牵头单位：区交通运输局）
（五）实施排水防涝工程。改造雨污管网18.5公里。（牵头单位：区水务局）
附件：重点项目表
项目名称 建设内容 总投资（万元）
排水防涝提升工程 改造雨污管网18.5公里 6350
"""


@pytest.fixture(scope="module")
def renewal(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return _assistant_on(_RENEWAL_PLAN, tmp_path_factory.mktemp("renewal"), "renewal")


def test_a_word_said_without_one_inner_character_is_the_plans(renewal: Assistant) -> None:
    answer = renewal.ask("今年公共停车位能新增多少个")  # the plan writes 停车泊位
    assert answer.answered and answer.targets == ("3200个",)


def test_a_capacity_is_never_answered_with_a_count(renewal: Assistant) -> None:
    answer = renewal.ask("区级可回收物分拣中心年分拣能力是多少")
    assert answer.answered and answer.targets == ("3万吨",)


def test_where_quotes_the_sentence_naming_the_places(renewal: Assistant) -> None:
    answer = renewal.ask("产地集配中心建在哪几个地方")
    assert answer.answered and answer.direct.startswith("在龙泉镇、青峰镇")


def test_an_amount_for_a_year_is_asked_by_its_topic(renewal: Assistant) -> None:
    answer = renewal.ask("寄递服务点一年给多少运营补贴")  # the plan says 每年
    assert answer.answered and answer.targets == ("3000元",)


def test_a_programme_no_plan_names_is_only_the_closest(renewal: Assistant) -> None:
    answer = renewal.ask("城中村改造今年计划实施几个")
    assert answer.certainty == Certainty.CLOSEST


def test_a_figure_restated_in_a_project_list_is_cited_from_its_task(renewal: Assistant) -> None:
    answer = renewal.ask("排水防涝工程要改造多少公里雨污管网")
    assert answer.answered and answer.targets == ("18.5公里",) and answer.cited == (5,)
    listed = renewal.ask("排水防涝提升工程总投资多少")  # only the list states it
    assert listed.answered and listed.cited == (6,)
    assert listed.direct.startswith("总投资（万元）：6350")


def test_a_task_without_a_deadline_answers_when_from_its_dated_sentence(
    tmp_path: Path,
) -> None:
    plan = """2026年高标准农田建设方案
为保障粮食安全，制定本方案。
一、重点任务
（一）完成年度建设任务。新建高标准农田6.2万亩。（1）2026年6月底前开工建设；\
（2）2026年12月底前完成主体工程建设。（县农业农村局牵头）
（二）健全管护机制。落实管护经费。（完成时限：2026年10月底前）
"""
    farmland = _assistant_on(plan, tmp_path, "farmland")
    answer = farmland.ask("农田的主体工程建设须在何时前完工")
    assert answer.answered and answer.kind == AnswerKind.WHEN
    assert answer.direct == "（2）2026年12月底前完成主体工程建设。"


def test_a_count_of_a_noun_is_read_in_a_plan_printed_in_traditional_characters(
    tmp_path: Path,
) -> None:
    plan = """2026年急救能力提升方案
為提升急救能力，制定本方案。
一、重點任務
（一）加強急救車輛配置。新增救護車6輛，全區救護車總數達到22輛。（牽頭單位：區衛生健康局）
"""
    district = _assistant_on(plan, tmp_path, "ambulance")
    answer = district.ask("今年新增几辆救护车")
    assert answer.answered and answer.targets == ("6輛",)


_CULTURE_PLAN = """2026年文旅消费工作方案
为促进文旅消费，制定本方案。
一、重点任务
（一）开发文创产品。开发文创产品50款。（牵头单位：区委宣传部；配合单位：区商务局）
（二）壮大志愿服务队伍。注册志愿者达到5000人。（责任单位：区委文明办）
（三）发放消费券。安排资金1200万元。（牵头单位：区商务局）
（四）加强组织领导。成立文旅消费工作专班，统筹推进各项任务。（牵头单位：区文化和旅游局）
"""


def test_a_committee_department_by_the_name_staff_say(tmp_path: Path) -> None:
    culture = _assistant_on(_CULTURE_PLAN, tmp_path, "culture")
    # the alias file knows 市委宣传部 and 市精神文明建设办公室; the plan's are the 区委's
    publicity = culture.ask("宣传部这次牵头的重点任务有哪几项")
    assert publicity.kind == AnswerKind.DEPARTMENT and publicity.cited == (1,)
    civility = culture.ask("文明办负责啥")
    assert civility.kind == AnswerKind.DEPARTMENT and civility.cited == (2,)


def test_a_leader_the_plan_does_not_name_is_not_answered_by_units(tmp_path: Path) -> None:
    culture = _assistant_on(_CULTURE_PLAN, tmp_path, "culture")
    # the item's 组织领导 is no leader's name: its units do not say which leader
    leader = culture.ask("文旅消费工作专班是哪位区领导牵头")
    assert not leader.answered and leader.direct == NO_OFFICIALS
    assert culture.ask("文旅消费工作专班由哪个单位牵头").answered


_TOURISM_PLAN = """2026年乡村旅游工作方案
为发展乡村旅游，制定本方案。
一、重点任务
（一）鼓励乡村旅游品牌创建。对新评为省级乡村旅游重点村的给予奖励20万元。
（二）培育乡村旅游精品。打造乡村旅游精品线路5条，培育乡村旅游重点村10个。\
（牵头单位：区农业农村局；配合单位：区文化和旅游局）
"""


def test_who_leaves_out_an_item_naming_no_units(tmp_path: Path) -> None:
    plan = tmp_path / "plan-tourism.txt"
    plan.write_text(_TOURISM_PLAN, encoding="utf-8")
    corpus = load_corpus(plan)
    quoter = Quoter(corpus, make_chunks(corpus))
    topical = TopicalAnswers(quoter, AnswerPolicy(corpus, TopicEvidence(corpus), AnswerConfig()))
    question = "乡村旅游这块是哪个部门牵头的"
    analysis = analyzer(corpus, jieba_splitter([corpus])).analyze(question)
    # the search put the item naming no units first, the one that does close behind
    answer = topical.who(question, analysis, hits(corpus.documents[0].doc_id, 1, 2), 1.0, 0.9)
    assert answer.answered and answer.cited == (2,)
    assert answer.direct.startswith("牵头单位:区农业农村局")


def test_who_after_a_question_whose_task_was_found_but_not_its_figure(tmp_path: Path) -> None:
    culture = _assistant_on(_CULTURE_PLAN, tmp_path, "culture")
    earlier = "开发文创产品要花多少钱"
    assert not culture.ask(earlier).answered  # the task states a count, no sum
    answer = culture.ask("那谁牵头", history=[earlier])
    assert answer.answered and answer.cited == (1,) and "区委宣传部" in answer.direct
    # after a question whose task was not found, a question without a topic finds none
    assert not culture.ask("那谁牵头", history=["天气预报明天下雨吗"]).answered
