"""The unit a how-much question names, and which numbers of a plan can answer it.

"生猪存栏稳定在多少头" names 头: a plan that states only 5000亩 and 1000亩 has no answer,
and answering with an area would be a confident wrong answer. The words are Chinese
measure words, not any plan's: a plan's own targets may use none of them.
"""

from __future__ import annotations

import re

# Units that measure (an area, a length, a mass, a capacity, a concentration, a score)
# rather than count things.
MEASURES = frozenset(
    "亩 公顷 平方米 平米 平方公里 公里 千米 米 吨 立方米 千伏安 千伏 千瓦 兆瓦 "
    "微克/立方米 分".split()
)
# Classifiers of counted things.
COUNTS = frozenset(
    "个 座 所 条 项 家 户 类 大 批 片 处 名 位 人 人次 "
    "张 台 套 间 栋 辆 只 头 层 级 场 部 次 件 艘 块 棵 株 支 份 本 篇 枚 眼 盏 宗 床".split()
)
# Units of time a duration is asked in ("多少天内整改完", "几个月"); "几月" asks a month.
DURATIONS = frozenset("天 日 周 周年 个月 月 年 小时 分钟 秒 个工作日 工作日 学时 课时".split())
# Shares and changes: an answer only to a question about a rate or a change.
_MULTIPLE = "倍"
RATES = frozenset({"%", "‰", "个百分点", _MULTIPLE})
# Money is no count: "几家幼儿园" is never answered with 1200元.
MONEY = "元"
_RATE_ASKED = re.compile(
    r"率|比例|占比|比重|百分|[几多]成|倍|涨|降|增|减|提高|提升|上升|下降|压缩|缩短|多大"
    r"|强度|密度"
)
# A question that asks for a share itself: only a share answers it ("各出多少比例").
# "利率是多少", "覆盖率要达到多少": a rate itself, never an amount.
_SHARE_ASKED = re.compile(
    r"比例|占比|比重|百分之|百分比|几成|占多少"
    r"|率(?:是|为|有|要|能|得|会)?(?:达到|提高到|提到|保持在|稳定在|降到|降至)?(?:多少|几)"
)
# 个 stands for any count ("多少个学位"): a question asking in it names no unit, but asks
# a count: no measure, duration, share or sum of money answers it.
_GENERIC_COUNT = "个"
# "几个小时", "几个点", "多少个平方": a duration, a share, an area, not a count.
_GENERIC_ASKED = re.compile(
    r"(?:多少|几)个(?!百分点|点|亿|万|千|百|小时|钟头|星期|礼拜|周|季度|学期|平方|月)"
)
# Ways of writing the same unit, as a plan may write it.
_SAME = {
    "平米": frozenset({"平方米"}),
    "千米": frozenset({"公里"}),
    "公里": frozenset({"公里", "千米"}),
    "人": frozenset({"人", "人次", "名"}),
    "天": frozenset({"天", "日", "个工作日", "工作日"}),
    "日": frozenset({"天", "日", "个工作日", "工作日"}),
    "工作日": frozenset({"个工作日", "工作日"}),
    "月": frozenset({"个月", "月"}),
    "个月": frozenset({"个月", "月"}),
    "学时": frozenset({"学时", "课时"}),
    "名": frozenset({"名", "人", "人次"}),
    "层": frozenset({"层", "级"}),
}
_UNIT = "|".join(sorted(MEASURES | DURATIONS | COUNTS - {_GENERIC_COUNT}, key=len, reverse=True))
# After 多少/几 and an optional magnitude: "多少万千伏安", "几层", "多少平米"; "哪几条" asks
# which ones, not how many; "几块钱" asks a sum of money.
_ASKED = re.compile(rf"(?:多少|(?<!哪)几)(?:[万千百亿])?({_UNIT})(?!钱)")  # 几块钱: money
# "多久能办结", "多长时间": a duration answers, or how often ("多久开一次": 每季度召开1次);
# a deadline only when neither is stated.
HOW_LONG = "时长"
_HOW_LONG_ASKED = re.compile(r"多久|多长时间")
_FREQUENCY = "次"


def asked_unit(text: str) -> str | None:
    """The measure word the question asks a number in, if it names one (:data:`HOW_LONG`:
    a duration or a frequency)."""
    found = _ASKED.search(text)
    if found:
        return found.group(1)
    if _HOW_LONG_ASKED.search(text):
        return HOW_LONG
    return _GENERIC_COUNT if _GENERIC_ASKED.search(text) else None


def fits(asked: str | None, unit: str) -> bool:
    """Whether a number in ``unit`` can answer a question asking in ``asked``.

    A measure or a duration needs the same one ("多少亩" takes 亩 only, "多少天" 天 or
    个工作日); a counted thing takes any count but no measure, duration or share ("多少头"
    never takes 亩 or %); no unit asked takes any number.
    """
    if asked is None:
        return True
    if asked == HOW_LONG:
        return unit in DURATIONS or unit == _FREQUENCY
    if asked in MEASURES or asked in DURATIONS:
        return unit in _SAME.get(asked, frozenset({asked}))
    return unit not in MEASURES | DURATIONS | RATES | {MONEY}


# Attributes measured in units, never counted: "处理能力多大" takes 3万吨, not 1个.
_MEASURED_ATTRIBUTE = re.compile(r"(?:能力|容量|面积|长度|里程|产能|吞吐量)$")


def measured_in_units(attribute: str) -> bool:
    """Whether the attribute a question asks for (its measure word) is never a count."""
    return bool(_MEASURED_ATTRIBUTE.search(attribute))


def rate_fits(question: str, unit: str) -> bool:
    """Whether a number in ``unit`` can answer ``question`` as far as rates go.

    A share or a change (100%, 3个百分点, 2倍) answers a question about a rate or a
    change ("覆盖率多少", "要降多少"), never one about an amount ("罚多少", "投多少"); a
    question asking for a share ("各出多少比例", "占多少", "利率是多少") takes nothing
    else, nor a multiple unless it says 倍.
    """
    if unit == _MULTIPLE and _SHARE_ASKED.search(question) and _MULTIPLE not in question:
        return False  # "利率是多少" asks a share: "放大10倍" is none
    if unit in RATES:
        return bool(_RATE_ASKED.search(question))
    return not _SHARE_ASKED.search(question)


# "一个人能贷多少", "一户补多少钱", "人均多少": an amount for each one, not a total.
# "每个村分几件", "单个项目最多投多少", "我们乡分几个": one place's or one project's share.
_ONE_OF = r"(?:人|户|家|位|名|村|乡镇|乡|镇|县|区|街道|社区|学校|企业|项目|单位)"
# "一张床给补多少钱", "一辆车能补多少", "一部电梯给补多少": a subsidy for one thing
# counted (not "一部分").
_ONE_THING = r"一(?:张|辆|台|头|只|艘|亩|套|间|床|部(?!分))[\u4e00-\u9fff]{0,3}?[补奖给发领贴]"
_PER_ONE_ASKED = re.compile(
    rf"(?:每|一)个?{_ONE_OF}(?![口员])|人均|户均|单个|(?:我们|咱们?|俺们?)(?:村|乡|镇|县|区|街道|社区)"
    rf"|{_ONE_THING}"
)
# "每户", "每个乡镇", not "每年" or "每季度": a period is no one thing.
_PER_ONE_STATED = re.compile(
    r"每(?!半?年|季|个?月|周|天|日|学期|次)|人均|户均|单户|单人|单个|/人|/户"
)


def per_one_fits(question: str, lead: str) -> bool:
    """Whether a number described by ``lead`` can answer ``question`` as far as "each" goes.

    A question about one person's or one household's amount is not answered by a total
    ("发放创业担保贷款5亿元" for "一个人能贷多少"): the number must be stated per one
    ("每户补助不超过6000元", "人均…").
    """
    return not _PER_ONE_ASKED.search(question) or bool(_PER_ONE_STATED.search(lead))


# What a sum of money is: a question naming one kind is not answered by a sum the plan
# names as another ("一度电多少钱", "罚多少钱" by "每户3500元设备购置补助"). A word may
# name two kinds (费用: a cost or a price); a sum named by none (资金) fits any question.
_MONEY_KINDS = (
    re.compile(r"补贴|补助|奖补|奖励|补(?!齐|短|充|办|种|植|录)|贴息|扶持|资助"),  # paid out
    re.compile(r"投资|预算|经费|费用|造价"),  # spent on a project
    re.compile(r"工资|薪酬|报酬|工钱|薪水|月薪"),  # paid for work
    re.compile(r"罚"),  # a fine
    re.compile(r"价格|价钱|单价|电价|水价|票价|门票|餐标|收费|费用|多少钱一|一度"),  # a price
)


def money_fits(question: str, description: str) -> bool:
    """Whether a sum described by ``description`` (its clause) is of a kind ``question``
    asks for, as far as the two name one."""
    asked = {index for index, kind in enumerate(_MONEY_KINDS) if kind.search(question)}
    stated = {index for index, kind in enumerate(_MONEY_KINDS) if kind.search(description)}
    return not asked or not stated or bool(asked & stated)
