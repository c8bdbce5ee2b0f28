"""Members of a series a question names, and the numbers stated of other members."""

from __future__ import annotations

from qa.series import members, of_another_member


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
