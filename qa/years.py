"""Years a question names: written any way, or relative to the plan's own year."""

from __future__ import annotations

import re

YEAR = re.compile(r"((?:19|20)\d\d)年")
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


def years_in(text: str) -> tuple[str, ...]:
    """Years written any way: 2021年, 二〇二一年, 21年, 二一年 (read as 2021)."""
    found = YEAR.findall(text)
    short = (int(m.group(1)) for m in _SHORT_YEAR.finditer(text))
    found += [str(2000 + year) for year in short if 15 <= year <= 35]
    found += [m.group(1).translate(_DIGITS) for m in _CHINESE_YEAR.finditer(text)]
    found += ["20" + m.group(1).translate(_DIGITS) for m in _CHINESE_SHORT_YEAR.finditer(text)]
    return tuple(dict.fromkeys(found))


def relative_years(text: str) -> tuple[int, ...]:
    """Offsets from the plan's year: "去年" -1; "大前年" is not also "前年"."""
    found, rest = [], text
    for word, offset in _RELATIVE_YEARS.items():  # longest first where they overlap
        if word in rest:
            found.append(offset)
            rest = rest.replace(word, " ")
    return tuple(dict.fromkeys(found))
