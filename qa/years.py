"""Years a question names: written any way, or relative to the plan's own year."""

from __future__ import annotations

import re

from corpus.models import YEAR
from corpus.titles import DOCUMENT_TYPES

_SHORT_YEAR = re.compile(r"(?<![\d.])(\d\d)年(?!代|来|内|间)")
_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CHINESE_YEAR = re.compile(r"(二[〇零][一二三四五六七八九〇零][〇零一二三四五六七八九])年")
# "一九年", "二一年": two Chinese digits of 2015-2029; "三五年" is "three to five years".
_CHINESE_SHORT_YEAR = re.compile(
    r"(?<![〇零一二三四五六七八九十百])(一[五六七八九]|二[〇零一二三四五六七八九])年(?!代|来|内|间)"
)
# Years named relative to the plan's own year ("去年完成了多少" asks about the year before).
_RELATIVE_YEARS = {
    "大前年": -3,
    "前年": -2,
    "去年": -1,
    "上一年": -1,
    "上年": -1,
    "明年": 1,
    "后年": 2,
}

# "建成后年处理能力", "目前年均": 后/前 of a time ("after it is built"), then 年 of a yearly
# figure, not the year after next or before last.
_NOT_A_YEAR_AFTER = r"(?<![成之以完建过然最此其目提当])"

# "去年的计划", "今年那个工作要点": a plan named by its year relative to the library's
# newest plan (qa.scope), not a year asked about; a bare 去年 is the latter.
_PLAN_NOUN = rf"[\u4e00-\u9fff]{{0,10}}?(?:{'|'.join(DOCUMENT_TYPES)})"
_LOCATIVE = r"(?:里面|当中|里|中|上)"
# 的 before, or 里/中 after, tells the plan ("去年的计划", "去年计划里") from the verb
# ("今年计划新开工…").
_RELATIVE_PLAN = re.compile(
    rf"({'|'.join(sorted(_RELATIVE_YEARS, key=len, reverse=True))}|今年|本年)度?"
    rf"(?:(?:的|那个|那份|这个|这份){_PLAN_NOUN}{_LOCATIVE}?|{_PLAN_NOUN}{_LOCATIVE})"
)


def years_in(text: str) -> tuple[str, ...]:
    """Years written any way: 2021年, 二〇二一年, 21年, 二一年 (read as 2021)."""
    found = YEAR.findall(text)
    short = (int(m.group(1)) for m in _SHORT_YEAR.finditer(text))
    found += [str(2000 + year) for year in short if 15 <= year <= 35]
    found += [m.group(1).translate(_DIGITS) for m in _CHINESE_YEAR.finditer(text)]
    found += ["20" + m.group(1).translate(_DIGITS) for m in _CHINESE_SHORT_YEAR.finditer(text)]
    return tuple(dict.fromkeys(found))


def relative_years(text: str) -> tuple[int, ...]:
    """Offsets from the plan's year: "去年" -1; "大前年" is not also "前年".

    A relative year that names a plan ("去年的计划里…") is left out: see :func:`plan_offsets`.
    """
    found, rest = [], without_relative_plans(text)
    for word, offset in _RELATIVE_YEARS.items():  # longest first where they overlap
        pattern = _NOT_A_YEAR_AFTER + re.escape(word)
        if re.search(pattern, rest):
            found.append(offset)
            rest = re.sub(pattern, " ", rest)
    return tuple(dict.fromkeys(found))


def plan_offsets(text: str) -> tuple[int, ...]:
    """Plans named by a relative year ("去年的计划" -1, "今年的方案" 0), as offsets."""
    found = (_RELATIVE_YEARS.get(m.group(1), 0) for m in _RELATIVE_PLAN.finditer(text))
    return tuple(dict.fromkeys(found))


def without_relative_plans(text: str) -> str:
    """``text`` without the plans it names by a relative year ("去年的计划里" → " ")."""
    return _RELATIVE_PLAN.sub(" ", text)
