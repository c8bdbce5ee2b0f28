"""One of a series a question names: 第二中学, 三类区域, 县级传承人, 5A级景区, 三等奖,
城镇 (not 乡村), 大专 (not 本科).

A number stated of another member of the series does not answer for the one asked
("第一中学…总投资5200万元" for 第二中学, "一类区域…2100元" for 三类区域); in "国家级、
省级传承人分别给予…2万元、1万元" each member listed before 分别 takes its own value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.models import Target
from corpus.traditional import simplified_chars

_MEMBER = re.compile(
    r"第[一二三四五六七八九十百\d]+"
    r"|[一二三四五六七八九十\d]+(?:类|档|星级|等奖|A级?)|A{2,5}级"
    r"|(?:国家|省|市|县|区|乡镇|乡|镇|村|[甲乙丙丁])级"
    r"|城镇|城市|城区|城里|乡村|农村"
    r"|博士|硕士|本科|大专|专科|中专|中职|高职"
)
# Members said in other words: town and country, a college's two names.
_SAME = {"城市": "城镇", "城区": "城镇", "城里": "城镇", "农村": "乡村", "专科": "大专"}
_RESPECTIVELY = "分别"
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")


def members(text: str) -> list[str]:
    """The members of a series ``text`` names, in order, each once ("3a" read as 3A级;
    a plan printed in traditional characters, "省級", as 省级)."""
    found = (_canonical(m) for m in _MEMBER.findall(simplified_chars(text).upper()))
    return list(dict.fromkeys(found))


def of_another_member(question: str, sentence: str) -> bool:
    """Whether the question names members of a series and the sentence only others."""
    asked, stated = set(members(question)), set(members(sentence))
    return bool(asked) and bool(stated) and not asked & stated


def stated_of(target: Target) -> str:
    """The clause a number is stated of, up to the number: its own, or the nearest before
    it in its sentence that names a member ("第一中学新建教学楼1栋，总投资5200万元" →
    第一中学…; in "区级财政按每部15万元给予补助，市级补助按照市有关规定执行" the 15万元
    is the 区级's alone)."""
    sentence = target.sentence[: target.span.end - target.sentence_span.start]
    clauses = _CLAUSE_BREAK.split(sentence)
    return next((c for c in reversed(clauses) if members(c)), clauses[-1])


def paired_with_another(question: str, target: Target, targets: Sequence[Target]) -> bool:
    """Whether ``target`` is the value "分别" gives another member than the one asked.

    "对国家级、省级传承人分别给予2万元、1万元": 省级 takes 1万元, the second value. A
    sentence whose members and values in one unit do not pair one to one pairs nothing.
    """
    sentence, base = simplified_chars(target.sentence), target.sentence_span.start
    at = sentence.find(_RESPECTIVELY)
    if at < 0 or target.span.start - base < at:
        return False
    listed = members(sentence[:at])
    asked = [m for m in members(question) if m in listed]
    after = (t for t in targets if t.sentence_span == target.sentence_span)
    # the values listed in the unit of this one ("…800元、1500元、3000元，最长发放3年")
    listed_values = (t for t in after if t.span.start - base > at and t.unit == target.unit)
    values = sorted(listed_values, key=lambda t: t.span.start)
    if not asked or len(values) != len(listed):
        return False
    return values.index(target) != listed.index(asked[0])


def _canonical(member: str) -> str:
    """3A级, written "3A" or "AAA级"; 城镇 for 城区 or 城里, 乡村 for 农村."""
    if member in _SAME:
        return _SAME[member]
    if member.startswith("AA"):
        return f"{len(member) - 1}A级"
    return member + "级" if member.endswith("A") else member
