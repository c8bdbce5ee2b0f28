"""Members of a series a question names, and the numbers stated of other members."""

from __future__ import annotations

from corpus.models import Sentence, Span, Target
from corpus.targets import extract_targets
from qa.series import members, of_another_member, paired_with_another, stated_of


def test_members_of_a_series_in_any_spelling() -> None:
    assert members("桃源花海那个3a景区评上了给多少") == ["3A级"]
    assert members("对新评定的4A级、3A级旅游景区") == ["4A级", "3A级"]
    assert members("国家级、省级代表性传承人和第二中学") == ["国家级", "省级", "第二"]
    assert members("一类区域月最低工资标准") == ["一类"]


def test_a_sentence_of_other_members_only_is_not_the_one_asked() -> None:
    assert of_another_member("第二中学改扩建总投资多少", "第一中学新建教学楼，总投资5200万元")
    assert not of_another_member("第一中学总投资多少", "第一中学新建教学楼，总投资5200万元")
    assert not of_another_member("市级财政安排多少", "争取省级资金，市级财政安排500万元")
    assert not of_another_member("总投资多少", "第一中学新建教学楼，总投资5200万元")


def test_a_plan_in_traditional_characters_names_the_same_members() -> None:
    assert members("對國家級、省級代表性傳承人分別給予") == ["国家级", "省级"]
    assert of_another_member("县级非遗传承人每年的补助是多少", "對國家級、省級代表性傳承人")


def test_a_grade_in_letters_is_the_same_member() -> None:
    assert members("国家AAAA级旅游景区3家") == ["4A级"]
    assert not of_another_member("今年要新增几家4A级景区", "新增国家AAAA级旅游景区3家")


def _targets(sentence: str) -> tuple[Target, ...]:
    return extract_targets([Sentence(sentence, Span(0, len(sentence)))], 1)


def test_a_number_is_stated_of_the_member_of_its_own_clause() -> None:
    subsidy = _targets("区级财政按每部15万元给予补助，市级补助按照市有关规定执行。")[0]
    assert stated_of(subsidy) == "区级财政按每部15万元"  # up to the number
    assert of_another_member("加梯市级补助每部多少", stated_of(subsidy))
    # a clause naming no member goes back to the one before that does
    investment = _targets("第一中学新建教学楼1栋，总投资5200万元；第二中学新增6个班。")[1]
    assert stated_of(investment) == "第一中学新建教学楼1栋"


def test_prizes_town_and_country_and_degrees_are_series() -> None:
    assert members("设一等奖3名，每名奖励10万元，二等奖6名") == ["一等奖", "二等奖"]
    assert of_another_member("创业大赛三等奖给多少钱", "设一等奖3名，每名奖励10万元")
    assert of_another_member("城里的公益岗一个月补多少钱", "乡村公益性岗位按每人每月800元给予补贴")
    assert not of_another_member("农村公益岗补多少", "乡村公益性岗位按每人每月800元给予补贴")
    assert of_another_member("大专毕业生生活补贴多少", "对全日制本科生、硕士研究生、博士研究生")


def test_respective_values_pair_in_their_own_unit() -> None:
    sentence = (
        "对本科生、硕士研究生、博士研究生，分别按每人每月800元、1500元、3000元发放，最长发放3年。"
    )
    targets = _targets(sentence)
    asked = "硕士生活补贴每月多少"
    kept = [t.text for t in targets if not paired_with_another(asked, t, targets)]
    assert kept == ["1500元", "3年"]
