"""The unit a how-much question names, and the numbers that can answer it."""

from __future__ import annotations

import pytest

from corpus.models import Sentence, Span
from corpus.targets import extract_targets
from qa.units import (
    HOW_LONG,
    asked_unit,
    fits,
    measured_in_units,
    money_fits,
    per_one_fits,
    rate_fits,
)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("生猪存栏要稳定在多少头", "头"),
        ("疾控中心新楼盖几层", "层"),
        ("标准厂房要盖多少平米", "平米"),
        ("变压器要建改多少万千伏安", "千伏安"),
        ("农村公路修多少公里", "公里"),
        ("哪几条国道要改道", None),  # which ones, not how many
        ("多少个学位", "个"),  # 个 counts anything, but counts
        ("今年投多少钱", None),
        ("重大隐患多少天内得改完", "天"),
        ("上岗前要培训多少学时", "学时"),
        ("要围绕建党多少周年", "周年"),
        ("抵押登记多久能办完", HOW_LONG),
        ("座谈会多长时间开一回", HOW_LONG),
    ],
)
def test_asked_unit(question: str, unit: str | None) -> None:
    assert asked_unit(question) == unit


def test_a_measure_takes_the_same_measure_and_a_count_takes_no_measure() -> None:
    assert fits("亩", "亩") and not fits("亩", "个") and not fits("亩", "公顷")
    assert fits("平米", "平方米") and fits("千米", "公里")
    assert fits("头", "个") and fits("所", "所") and not fits("头", "亩")
    assert fits("人", "人次") and fits("层", "级")
    assert fits(None, "亩")


def test_levels_written_in_chinese_numerals_are_counts_a_layers_question_takes() -> None:
    text = "构建五级架构,健全四级医疗卫生体系,推进省级创建"
    found = extract_targets([Sentence(text, Span(0, len(text)))], item=1)
    assert [(t.text, t.value, t.unit) for t in found] == [("五级", 5.0, "级"), ("四级", 4.0, "级")]
    assert all(fits(asked_unit("党组织分几层"), t.unit) for t in found)


def test_working_days_months_and_kinds_are_units_of_their_own() -> None:
    text = "企业开办压缩至0.5个工作日以内,3个月内新增电子证照120类,办结时限5个工作日"
    found = extract_targets([Sentence(text, Span(0, len(text)))], item=1)
    assert [t.text for t in found] == ["0.5个工作日以内", "3个月", "120类", "5个工作日"]
    assert [t.unit for t in found] == ["个工作日", "个月", "类", "个工作日"]


def test_how_long_takes_a_duration_or_a_frequency_never_a_count_or_share() -> None:
    assert fits(HOW_LONG, "个工作日") and fits(HOW_LONG, "分钟") and fits(HOW_LONG, "次")
    assert not fits(HOW_LONG, "人次") and not fits(HOW_LONG, "%") and not fits(HOW_LONG, "个")


def test_a_duration_takes_the_same_duration_and_a_count_takes_no_duration_or_share() -> None:
    assert fits("天", "个工作日") and fits("学时", "课时") and fits("周年", "周年")
    assert not fits("天", "%") and not fits("天", "个") and not fits("个月", "年")
    assert not fits("座", "%") and not fits("座", "天") and fits("座", "个")


@pytest.mark.parametrize(
    ("question", "takes_a_share"),
    [
        ("餐饮燃气报警装置安装率要达到多少", True),
        ("事故起数要降多少", True),
        ("软件行业营收今年得涨多少", True),
        ("未装报警装置的餐饮店罚多少", False),
        ("基金里市财政出资多少", False),
    ],
)
def test_a_share_answers_only_a_question_about_a_rate_or_a_change(
    question: str, takes_a_share: bool
) -> None:
    assert rate_fits(question, "%") is takes_a_share
    # an amount is never refused for want of a rate word; a rate asked takes only a rate
    assert rate_fits(question, "个") is ("率" not in question)


def test_a_question_asking_for_a_share_takes_only_a_share() -> None:
    assert not rate_fits("文旅贷的利率是多少", "亿元") and rate_fits("文旅贷的利率是多少", "%")
    assert rate_fits("研发投入强度要达到多少", "%")
    assert rate_fits("市里和县区各出多少比例", "%")
    assert not rate_fits("市里和县区各出多少比例", "元")
    assert not rate_fits("基金里市财政出资占多少", "元")


def test_minutes_are_a_duration_a_minutes_question_takes() -> None:
    text = "新购置负压救护车12辆,城区急救平均反应时间缩短至12分钟以内"
    found = extract_targets([Sentence(text, Span(0, len(text)))], item=1)
    assert [(t.text, t.unit) for t in found] == [("12辆", "辆"), ("12分钟以内", "分钟")]
    asked = asked_unit("反应时间要缩短到多少分钟")
    assert [t.text for t in found if fits(asked, t.unit)] == ["12分钟以内"]


@pytest.mark.parametrize(
    ("question", "lead", "fits_it"),
    [
        ("创业担保贷款一个人能贷多少", "发放创业担保贷款", False),  # a total, not one's
        ("危房改造一户能补多少钱", "每户补助不超过", True),
        ("高龄津贴每人每月多少", "90至99周岁每人每月", True),
        ("人均住房面积多少", "城镇人均住房面积达到", True),
        ("今年发放贷款多少", "发放创业担保贷款", True),  # no "each" asked
        ("每户每月交多少管护费", "市财政每年安排管护资金不少于", False),  # 每年: a period
        ("粪污处理点每个乡镇建几个", "每个乡镇至少建成", True),
        ("救生衣每个村能分几件", "市级储备编织袋50万条、救生衣", False),
        ("引导基金投单个项目最多投多少", "设立规模", False),
        ("新增监测站点我们乡分几个", "新增自动监测站点", False),
        ("家庭养老床位一张床给补多少钱", "市级财政安排家庭养老床位建设运营专项资金", False),
        ("淘汰老旧货车一辆车能补多少", "每辆车补助", True),
        ("建一座污水厂要多少钱", "总投资", True),  # the cost of one plant, not a subsidy
    ],
)
def test_an_amount_for_each_one_is_answered_only_by_a_number_stated_per_one(
    question: str, lead: str, fits_it: bool
) -> None:
    assert per_one_fits(question, lead) is fits_it


def test_money_never_counts_things_and_points_are_a_measure() -> None:
    assert asked_unit("普惠的私立幼儿园一共有几家") == "家"
    assert not fits("家", "元") and fits("家", "所")
    assert asked_unit("职称评聘给乡村老师加几分") == "分"
    assert not fits("分", "个") and fits("分", "分")


def test_a_count_asked_in_个_is_no_duration_share_or_area() -> None:
    assert asked_unit("俺们村能分到几个乡村公益岗") == "个"
    assert not fits(asked_unit("几个乡村公益岗") or "", "元")
    for question in ("要几个小时办完", "提高几个点", "多少个平方", "几个季度"):
        assert asked_unit(question) != "个"


def test_a_share_asked_takes_no_multiple() -> None:
    assert not rate_fits("贷款的利率是多少", "倍")
    assert rate_fits("贷款的利率是多少", "%")
    assert rate_fits("贷款规模放大多少倍", "倍")


def test_an_attribute_measured_in_units_is_never_a_count() -> None:
    assert measured_in_units("分拣能力") and measured_in_units("容量")
    assert not measured_in_units("扩建")


def test_a_subsidy_for_one_lift_is_asked_per_one() -> None:
    assert not per_one_fits("政府一部电梯给补多少钱", "加装电梯30部")
    assert per_one_fits("一部分资金给哪些项目", "安排资金")


def test_a_sum_of_one_kind_does_not_answer_a_question_about_another() -> None:
    subsidy = "市级财政对完成改造的农户按每户3500元标准给予设备购置补助"
    assert not money_fits("煤改电以后一度电多少钱", subsidy)
    assert not money_fits("烧秸秆被查到会罚多少钱", "市级安排秸秆综合利用补助资金800万元")
    assert not money_fits("助餐点一份饭的餐标是多少钱", "对低保老年人就餐给予每餐4元补贴")
    assert money_fits("一户给补多少钱", subsidy)
    # a sum or a question naming no kind fits any; 费用 is a cost or a price
    assert money_fits("一户给多少钱", subsidy)
    assert money_fits("罚多少钱", "安排资金800万元")
    assert money_fits("改造费用要多少", "项目总投资2800万元")


def test_a_prefix_qualifier_is_read_whole() -> None:
    text = "户均补助标准不超过5000元，力争超过30家，至少新建12个"
    found = extract_targets([Sentence(text, Span(0, len(text)))], item=1)
    assert [t.qualifier for t in found] == ["不超过", "超过", "至少"]


def test_how_many_kuai_asks_money_not_a_count() -> None:
    assert asked_unit("吃一顿饭县里补几块钱") is None
    assert asked_unit("要铺多少块地砖") == "块"
