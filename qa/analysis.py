"""Question analysis driven by the corpus: departments, parts and units it knows.

Only generic Chinese question words are listed here (谁, 多少, 哪些…); every name the
analysis recognises (departments and their aliases, part titles, target units) comes from
the loaded corpus, so the same code serves any plan of the same shape.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from corpus.clauses import CLAUSE_BREAKS
from corpus.loading import Corpus
from corpus.models import YEAR, Role
from corpus.numerals import chinese_to_int
from corpus.textnorm import normalize
from qa.evidence import holds_word
from qa.models import AnswerKind
from qa.nouns import NAME_MIN, dictionary_nouns, unwritten_attribute
from qa.offices import OfficeFinder, asks_about_any
from qa.units import COUNTS, MEASURES, asked_unit
from qa.years import relative_years, years_in

# Generic cues, by kind of question.
_WHO = re.compile(
    r"谁|哪个部门|哪些部门|哪个单位|哪些单位|哪家|什么部门|什么单位|哪个局|哪些局|牵头|责任单位"
    r"|主管|归哪|由哪|哪.?个?部门|哪几家|(?:牵头|配合|参与|协助|协同)(?:单位|部门)"
    r"|哪位(?:市|区|县)?领导|哪个领导|(?:分管|牵头|责任)领导"  # the officials in charge
)
# Asking for the units themselves, not what a named office does.
_ASKS_WHO = re.compile(r"谁|哪个(?:部门|单位)|哪些(?:部门|单位)|哪家")
# One-character classifiers and measures (qa.units): "几层", "几亩" ask for a number.
_COUNT_CHARS = "".join(sorted(unit for unit in COUNTS if len(unit) == 1))
_MEASURE_CHARS = "".join(sorted({unit[0] for unit in MEASURES}))
_HOW_MUCH = re.compile(
    rf"多少|多大|多长|多高|几[{_COUNT_CHARS}{_MEASURE_CHARS}万千百成倍]|比例|百分之|率"
    r"|几(?:天|日|周|小时|分钟|秒|个月)|(?<![这近前头])几年"  # "几月", "几号" ask a date
)
# "是指哪六样", "包括哪几类": the things themselves, listed.
_WHICH_ONES = re.compile(r"(?:是|指|包括|有)哪[几一二三四五六七八九十两]+[样项个类条种点]")
_COUNT_CUE = re.compile(rf"(?:多少|几)[{_COUNT_CHARS}]")
_WHEN = re.compile(
    r"什么时候|何时|哪年|哪一年|几月|啥时候|多久|哪天|哪一天|几号|哪个月"
    r"|时限|期限|截止|截至|完成时间|时间节点"
)
_FINISH_WORDS = frozenset("完成 建成 完工 弄完 干完 做完 搞完 办完 结束 到位".split())
# The role a question asks about: "谁牵头", "哪些部门配合" (负责 / 参与 ask about both).
_LEAD_CUE = re.compile(r"牵头|主抓|主责|领头|挑头")
_SUPPORT_CUE = re.compile(r"配合|协助|协同|协办")
# A role verb describing the thing asked about ("住建委牵头的棚改…多少钱", "城管局牵头新增的
# 停车泊位收费标准"): the question asks about that thing, not who leads it.
_ROLE_AS_MODIFIER = re.compile(r"(?:牵头|主管|负责)[^,.?!。的]{0,4}的(?!是|有|单位|部门|领导|话)")
_LIST = re.compile(
    r"哪些|哪几|几条|几项|几件|包括|包含|有什么|有啥|干啥|干什么|做什么|讲了|说了|安排|都有|分几"
    r"|哪一?块|哪方面|哪摊"
)
# "在这个文旅方案里头", "这张分工表里": the plan itself, by a name of the asker's; its words
# narrow nothing ("这个改造计划谁负责", without 里, names a task).
_THIS_PLAN = re.compile(
    r"(?:(?:这个|这份|这张|本|该)[^,.?!;]{0,4}?|在)(?:方案|计划|规划|分工表|任务表|文件)"
    r"(?:里头|里面|里边|里|当中|中)"
)
# A word this long the plan never writes whole is read as the pieces it does write.
_MIN_COMPOUND = 4
# A role right after the office named ("应急局牵头的活有哪几项"): its own tasks are asked.
# "市人社局…作为责任单位,涉及哪几项": the office's role, not a question who.
_ROLE_OF_OFFICE = re.compile(
    r"(?:^|\s)(?:牵头|配合|参与|协助|协同)(?:的|了|过)|作为(?:牵头|配合|责任|参与)?(?:单位|部门)"
)
_PART_WORD = re.compile(r"部分|方面|一块|这块|那块|板块|领域|大块|章")
_PART_ORDINAL = re.compile(r"第([一二三四五六七八九十\d]{1,3})(?:部分|方面|块|章|大项)")
_LIST_ORDINAL = re.compile(r"第([一二三四五六七八九十\d]{1,3})(?:条|项|个|点)")
_LAST_ENTRY = re.compile(r"最后一(?:条|项|个|点)")
_LAST_PART = re.compile(r"最后一(?:部分|块|章|个方面)")
_FOLLOWUP_START = re.compile(r"^(?:那|那么|还有|另外|再|这个|这事|这一条|这条|它|其)")
# A question pointing back at what was just answered ("这个事儿的牵头部门是哪个").
_POINTS_BACK = re.compile(r"这项|这个|该项|这件|这事|此项|上述|刚才|那项|那个事|那件|这一项|它的")
_QUESTION_CHAR = re.compile(r"[谁哪啥么几这那咋]|多少")
_MONEY_WORD = (
    r"(?:钱|资金|补贴|补助|投资|投入|经费|预算|费用|费|元|块钱|收费|价格|票价|造价|单价|成本"
    r"|花费|工资|薪水|租金|罚款|罚金|贴息|押金|保证金|利息|奖金|津贴|奖励|补偿|赔偿)"
)
# A money question puts the money word next to the question word ("补贴多少钱", "投资多少"),
# unlike "投资超过30亿的项目有几个", which counts projects.
_MONEY = re.compile(
    rf"(?:多少|几)[^,?。]{{0,3}}{_MONEY_WORD}|{_MONEY_WORD}[^,?。]{{0,3}}(?:多少|几)"
    # "一学期收多少", "补多少", "罚多少", "医保能报多少": a sum of money
    r"|[收补交付花掏摊罚贴报](?:多少|几)"
)
MONEY_UNIT = "元"
REMEMBERED = 256  # analyses of earlier turns kept, by their text
_PERCENT = re.compile(r"率|比例|百分|占比|几成")
# Task vocabulary that names no topic: "负责哪些任务" asks about a department, not a topic.
GENERIC_WORDS = frozenset(
    "负责 任务 事项 事情 工作 措施 承担 牵头 分工 职责 责任 内容 要求 计划 方案 这份 里面 里 "
    "今年 年内 "
    "部门 单位 目标 具体 主要 情况 方面 部分 一块 这块 那块 板块 有关 相关 涉及 参与 干 做 管 事 "
    "活 活儿 事儿 呢 那 那么 还有 由 归 在 啥 是 条 项 几 多少 哪些 哪几 什么 怎么 怎么办 如何 "
    "要 会 需要 应该 准备 打算 安排 包括 包含 都 有 分 到 了 给 让 对 把 个 些 大 多 个人 多大 "
    "谁 负责人 主管 哪 哪个 哪家 哪儿 哪里 问题 一下 请问 的 吗 吧 啊 呀 说 讲 写 "
    "规定 提到 提出 配合 协助 协同 协办 主抓 主责 时限 期限 截止 截至 完成时间 时间节点 "
    "时间 节点 时间点 进度 进展 多久 多长 多长时间 一次 一回 就是 "
    "完成 "
    # the officials in charge are asked for like the units ("哪位领导分管"), not a topic
    "领导 市领导 分管 分管领导 牵头领导 责任领导 哪位 "
    # conjunctions join the words that matter and are never a topic themselves
    "或者 或是 或 以及 及 和 与 还是 并且 而且 "
    # "其中牵头的是哪一项": a part of what was asked, not a topic
    "其中 一项 哪一项 哪项 "
    # "牵头或单独负责哪些任务": how an office is responsible, not a topic
    "单独 独自 每个 如果 一共 总共 "
    # "牵头的重点任务有哪几项": which of the plan's tasks, not a topic
    "重点 "
    # "一年给多少补贴": the period an amount is given for, not a topic (the plan says 每年)
    "一年 每年 一个月 每月 每个月 一天 每天".split()
)


@dataclass(frozen=True)
class Analysis:
    """What a question asks, as far as its own words tell."""

    text: str
    kind: AnswerKind | None  # None when no cue names the kind (a follow-up may supply it)
    departments: tuple[str, ...]
    unknown_departments: tuple[str, ...]
    part: int | None
    units: tuple[str, ...]
    asks_when: bool
    years: tuple[str, ...]
    relative_years: tuple[int, ...]  # 去年 -> -1: offsets from each plan's own year
    topic: tuple[str, ...]
    content: tuple[str, ...]
    measure: str | None  # the attribute a how-much question asks for: 容量 in "容量多大"
    counted: tuple[str, ...]  # the plan's words after "多少个": 学位 in "多少个学位"
    ordinal: int | None  # "第二条" -> 1, "最后一条" -> -1: a place in the previous list
    looks_followup: bool
    roles: tuple[Role, ...] = ()  # the role asked about: (LEAD,) for "谁牵头", () for both
    points_back: bool = False  # "这项/这个/该项…": about what was just answered
    about_office: bool = False  # "X负责啥": the office named is what is asked about
    asked_unit: str | None = None  # the measure word of "多少头", "几层" (qa.units)
    # nouns of three characters or more the plans never write, not even in part: 城中村
    # in "城中村改造实施几个" (a programme the plan does not have)
    foreign: tuple[str, ...] = ()


class QuestionAnalyzer:
    """Recognises departments, parts and units of one corpus in questions.

    Work is linear in the question's length. The earlier questions of a conversation
    are read again on every turn: :meth:`remembered` analyses each text once.
    """

    def __init__(self, corpus: Corpus, split: Callable[[str], list[str]]) -> None:
        self.corpus = corpus
        self._split = split
        self._corpus_text = "".join(normalize(doc.text) for doc in corpus.documents)
        # Words of the plans' titles name where to look ("营商环境分工里"), not a topic a
        # department's task list is narrowed by.
        self._titles = "\n".join(normalize(doc.title) for doc in corpus.documents)
        self._offices = OfficeFinder(corpus.registry, self._corpus_text, split)
        self._parts = [(doc.doc_id, part) for doc in corpus.documents for part in doc.parts]
        self._units = sorted(
            {t.unit for item in corpus.items() for t in item.targets}, key=len, reverse=True
        )
        self._remembered = functools.lru_cache(maxsize=REMEMBERED)(self._analyze_once)
        self._nouns = dictionary_nouns()

    def remembered(self, question: str, has_history: bool = False) -> Analysis:
        """:meth:`analyze`, kept for the last :data:`REMEMBERED` texts (an earlier turn's)."""
        return self._remembered(question, has_history)

    def forget(self) -> None:
        """Drop the remembered analyses (so a measurement pays for each one)."""
        self._remembered.cache_clear()

    def _analyze_once(self, question: str, has_history: bool) -> Analysis:
        return self.analyze(question, has_history)

    def analyze(self, question: str, has_history: bool = False) -> Analysis:
        """Analyse one question on its own (conversation context is applied later)."""
        text = normalize(question)
        part = self._find_part(text)
        departments, unknown, rest = self._offices.find(text, part is not None)
        rest = _THIS_PLAN.sub(" ", rest)
        topic = self._topic(rest, part is not None)
        asks_when = bool(_WHEN.search(text))
        if asks_when:  # "什么时候完成": finishing is what is asked, not the topic
            topic = tuple(word for word in topic if word not in _FINISH_WORDS)
        content = self.content_words(topic)
        if part is not None:  # words of the part's own title name the part, not a topic
            titles = "".join(p.title for _, p in self._parts if p.number == part)
            content = tuple(w for w in content if w not in titles)
        beyond_titles = tuple(w for w in content if w not in self._titles and not w.isdigit())
        kind = self._kind(rest, departments or unknown, part, content, beyond_titles)
        points_back = has_history and bool(_POINTS_BACK.search(text))
        guessed = (points_back or any(len(word) > 1 for word in topic)) and _WHO.search(rest)
        if (
            kind == AnswerKind.DEPARTMENT
            and not _ROLE_OF_OFFICE.search(rest)
            and (guessed or (has_history and _ASKS_WHO.search(rest)))
        ):
            # "这个事由哪些部门负责,环保局有份吗", "私挖滥采谁来管,环保局算一个不", after a
            # question "那谁牵头?水务局是参与吧?": who does that task, the office named a guess
            kind = AnswerKind.WHO
        if kind is None and not has_history:
            kind = AnswerKind.WHAT
        return Analysis(
            text=text,
            kind=kind,
            departments=departments,
            unknown_departments=unknown,
            part=part,
            units=self._question_units(text),
            asks_when=asks_when,
            years=years_in(text),
            relative_years=relative_years(text),
            topic=topic,
            content=content,
            measure=self._measure(rest),
            counted=self._counted(rest),
            ordinal=_ordinal(text),
            roles=_roles_asked(text),
            points_back=points_back,
            about_office=asks_about_any(text, unknown),
            asked_unit=asked_unit(text),
            foreign=self._foreign(topic, content) + self._unwritten_attribute(rest),
            looks_followup=has_history
            and (not content or kind is None or bool(_FOLLOWUP_START.match(text)) or "呢" in text),
        )

    def content_words(self, words: Iterable[str]) -> tuple[str, ...]:
        """Words of two or more characters that the plan itself uses: the real topic.

        A long word the plan never writes whole ("二孩三孩" for "二孩、三孩") gives the
        pieces of it the plan does write, longest first from the left.
        """
        found: list[str] = []
        for word in words:
            if len(word) >= 2 and word in self._corpus_text:
                found.append(word)
            elif len(word) >= _MIN_COMPOUND:  # "多长时间" gives no 时间: a cue, not a topic
                found += (piece for piece in self._pieces(word) if piece not in GENERIC_WORDS)
        return tuple(found)

    def _foreign(self, topic: Iterable[str], content: Sequence[str]) -> tuple[str, ...]:
        """Names (:func:`dictionary_nouns`) of :data:`NAME_MIN` characters or more that
        no plan writes, whole, with one more character inside
        (:func:`qa.evidence.holds_word`) or in pieces: 城中村, 公积金, not 有没有 or 打下手."""
        return tuple(
            word
            for word in topic
            if len(word) >= NAME_MIN
            and word not in GENERIC_WORDS
            and word not in content
            and not holds_word(word, self._corpus_text)
            and not self._pieces(word)
            and f"\n{word}\n" in self._nouns  # last: a millisecond over 2 MB
        )

    def _unwritten_attribute(self, text: str) -> tuple[str, ...]:
        cue = _HOW_MUCH.search(text)
        before = [w for w in self._split(text[: cue.start()]) if w.strip()] if cue else []
        word = unwritten_attribute(before, self._corpus_text, GENERIC_WORDS)
        return (word,) if word else ()

    def _pieces(self, word: str) -> list[str]:
        pieces, start = [], 0
        while start < len(word) - 1:
            end = next(
                (e for e in range(len(word), start + 1, -1) if word[start:e] in self._corpus_text),
                None,
            )
            if end is None:
                start += 1
                continue
            pieces.append(word[start:end])
            start = end
        return pieces

    def _find_part(self, text: str) -> int | None:
        ordinal = _PART_ORDINAL.search(text)
        if ordinal:
            raw = ordinal.group(1)
            return int(raw) if raw.isdigit() else chinese_to_int(raw)
        if _LAST_PART.search(text) and self._parts:
            return max(part.number for _, part in self._parts)
        if not (_PART_WORD.search(text) and _LIST.search(text)):
            return None
        scored = sorted(
            ((_shared_bigrams(text, part.title), part.number) for _, part in self._parts),
            reverse=True,
        )
        if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            return None
        return scored[0][1]

    def _measure(self, text: str) -> str | None:
        """The word right before or after the how-much cue: 容量 in 容量多大 / 多大容量."""
        match = _HOW_MUCH.search(text)
        if match is None:
            return None
        before = [w for w in self._split(text[: match.start()]) if w.strip()]
        after = [w for w in self._split(text[match.end() :]) if w.strip()]
        for word in before[-1:] + after[:1]:
            if len(word) >= 2 and word not in GENERIC_WORDS and word in self._corpus_text:
                return word
        return None

    def _counted(self, text: str) -> tuple[str, ...]:
        """The plan's words after "多少个" / "几所" up to the clause's end: what is counted."""
        match = _COUNT_CUE.search(text)
        if match is None:
            return ()
        rest = text[match.end() :]
        # Only up to the first break: in "多少座,农村的" nothing is named as counted.
        cut = next((i for i, char in enumerate(rest) if char in CLAUSE_BREAKS), len(rest))
        phrase = rest[:cut]
        return self.content_words(w for w in self._split(phrase) if w not in GENERIC_WORDS)

    def _question_units(self, text: str) -> tuple[str, ...]:
        units = [
            unit
            for unit in self._units
            if re.search(f"(?:多少|几)[^,?。]{{0,3}}{re.escape(unit)}", text)
        ]
        if _MONEY.search(text):
            units.append(MONEY_UNIT)
        if _PERCENT.search(text):
            units.append("%")
        return tuple(dict.fromkeys(units))

    def _topic(self, text: str, has_part: bool) -> tuple[str, ...]:
        text = _PART_ORDINAL.sub(" ", YEAR.sub(" ", text)) if has_part else YEAR.sub(" ", text)
        words = [w.strip() for w in self._split(text)]
        return tuple(
            w
            for w in words
            if w
            and re.search(r"[\u4e00-\u9fffA-Za-z0-9]", w)
            and w not in GENERIC_WORDS
            and not _QUESTION_CHAR.search(w)
            and not (has_part and _PART_WORD.fullmatch(w))
        )

    def _kind(
        self,
        text: str,
        departments: Iterable[str],
        part: int | None,
        content: tuple[str, ...],
        beyond_titles: tuple[str, ...],
    ) -> AnswerKind | None:
        """The kind the question's cues name; ``beyond_titles``: content not naming a plan."""
        has_department = bool(tuple(departments))
        if part is not None and not has_department and not content:
            return AnswerKind.PART
        # "市司法局在营商环境分工里有哪几项任务": the plan's title words narrow nothing
        if has_department and (not content or (not beyond_titles and _LIST.search(text))):
            return AnswerKind.DEPARTMENT
        unmodified = _ROLE_AS_MODIFIER.sub(" ", text)
        if _WHO.search(unmodified) or (not has_department and "负责" in unmodified):
            return AnswerKind.WHO
        # "六个百分之百是指哪六样": which ones, listed, not how many
        which_ones = bool(_WHICH_ONES.search(text)) and "多少" not in text
        if not which_ones and (_HOW_MUCH.search(text.replace("哪几", "")) or _MONEY.search(text)):
            return AnswerKind.HOW_MUCH
        if which_ones or _WHEN.search(text) or re.search(r"什么|怎么|如何|哪|啥|是否|有没有", text):
            return AnswerKind.WHAT
        return None


def _roles_asked(text: str) -> tuple[Role, ...]:
    lead, support = bool(_LEAD_CUE.search(text)), bool(_SUPPORT_CUE.search(text))
    if lead == support:
        return ()
    return (Role.LEAD,) if lead else (Role.SUPPORT,)


def _shared_bigrams(text: str, title: str) -> int:
    return sum(1 for i in range(len(title) - 1) if title[i : i + 2] in text)


def _ordinal(text: str) -> int | None:
    """A 0-based place in a previous list ("第二条" -> 1), -1 for "最后一条", else None."""
    if _LAST_ENTRY.search(text):
        return -1
    match = _LIST_ORDINAL.search(text)
    if match is None:
        return None
    raw = match.group(1)
    number = int(raw) if raw.isdigit() else chinese_to_int(raw)
    return number - 1 if number else None
