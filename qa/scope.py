"""Which plan a question is about: the one the caller names, or the one the question names.

A library holds many plans, often one per year on the same topics. ``doc`` (an id or a
title) restricts an answer to one plan; without it, a question that names a plan's year
("2023年的工作要点里…", "去年的计划里…") or its title words ("营商环境那个方案…") is
answered from the plans it names only, and so are the follow-ups that name none. With
one plan there is nothing to choose.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from corpus.models import Document
from corpus.titles import DOCUMENT_TYPES
from qa.errors import QuestionError
from qa.years import plan_offsets, without_relative_plans, years_in

# Title words every plan may have: they name no plan ("行动计划", "工作要点"…). Not a
# lone 市: it stands inside words ("城市更新").
_DOCUMENT_TYPE = "|".join(DOCUMENT_TYPES)
_GENERIC = re.compile(
    rf"(?:19|20)\d\d年?|年度|工作|行动|实施|关于|印发|的|全市|重点任务|{_DOCUMENT_TYPE}"
)
_SPAN = 4  # characters of a title a question must share to name it
# "…那个方案里", "…的行动计划中": a document noun after the words that name a plan.
_DOC_NOUN = re.compile(
    rf"(?:那个|这个|那份|这份|的)?(?:{_DOCUMENT_TYPE}|文件)(?:里面|当中|里|中|上)?"
)
_NAME_MIN = 2  # title characters before a document noun that make it a plan's name
_YEAR_SPAN = re.compile(r"(?:(?:19|20)?\d\d|[〇零一二三四五六七八九]{2,4})年度?")


def resolve(reference: str, documents: Sequence[Document]) -> str:
    """The id of the plan ``reference`` names (an id, a title, or part of one)."""
    wanted = reference.strip()
    for doc in documents:
        if wanted in (doc.doc_id, doc.title):
            return doc.doc_id
    partial = [doc.doc_id for doc in documents if wanted and wanted in doc.title]
    if len(partial) == 1:
        return partial[0]
    titles = "、".join(f"《{doc.title}》" for doc in documents[:10])
    raise QuestionError(f"没有找到计划“{reference[:60]}”;可选的计划有:{titles}")


def named_plans(question: str, documents: Sequence[Document]) -> frozenset[str]:
    """The plans the question names by their year or title words; empty if it names none.

    A year narrows first ("2024年…": that year's plans), then title words among what is
    left ("2024年养老服务…": the one on 养老服务; "养老服务工作要点里…": every year's).
    """
    if len(documents) < 2:
        return frozenset()
    dated = set(_by_year(question, documents))
    candidates = [d for d in documents if d.doc_id in dated] or list(documents)
    asked = _spans(question)
    titled = [d for d in candidates if _spans(d.title) & asked]
    if titled:  # the titles sharing the most of the question ("临江区…城市更新行动方案")
        shares = {d.doc_id: _shared(question, d.title) for d in titled}
        titled = [d for d in titled if shares[d.doc_id] == max(shares.values())]
    named = frozenset(d.doc_id for d in titled or candidates)
    return named if len(named) < len(documents) else frozenset()


def conversation_plans(questions: Sequence[str], documents: Sequence[Document]) -> frozenset[str]:
    """The plans named by the latest question that names any: a follow-up stays in them."""
    for question in reversed(questions):
        named = named_plans(question, documents)
        if named:
            return named
    return frozenset()


def missing_plan_year(question: str, documents: Sequence[Document]) -> int | None:
    """The year of a plan named relatively ("去年的计划") when the library has no such plan."""
    years = {year for doc in documents if (year := doc.year) is not None}
    wanted = _relative_plan_years(question, documents)
    return min(wanted - years) if wanted and not wanted & years else None


def _by_year(question: str, documents: Sequence[Document]) -> list[str]:
    years = {int(year) for year in years_in(question)} | _relative_plan_years(question, documents)
    return [d.doc_id for d in documents if years and d.year in years]


def _relative_plan_years(question: str, documents: Sequence[Document]) -> set[int]:
    """Years of plans named relative to the newest plan: "去年的计划" is the one before it.

    The newest plan stands for "this year": a library is read as of its latest plan,
    as one plan's "今年" is that plan's year.
    """
    years = [year for doc in documents if (year := doc.year) is not None]
    if not years:
        return set()
    return {max(years) + offset for offset in plan_offsets(question)}


def _shared(question: str, title: str) -> int:
    """Characters of the question inside a run of two or more it shares with the title."""
    own = _GENERIC.sub(" ", title)
    covered: set[int] = set()
    for start in range(len(question) - 1):
        if question[start : start + 2] in own:
            covered.update((start, start + 1))
    return len(covered)


def _spans(text: str) -> set[str]:
    """Every run of :data:`_SPAN` characters of the text's own words (not generic ones)."""
    words = _GENERIC.sub(" ", text)
    runs = (words[i : i + _SPAN] for i in range(len(words) - _SPAN + 1))
    return {run for run in runs if " " not in run}


def without_plan_names(question: str, documents: Sequence[Document]) -> str:
    """``question`` without the phrases that name a plan ("营商环境那个方案里" → " ").

    Those words say where to look, not what is asked: left in, a plan's own title words
    would count as the topic, and no task clause holds "城乡融合发展行动计划". A year is
    kept: the year checks still read it.

    One pass from the end, linear in the question's length: a phrase only ever removes
    text before the one after it, so the text left of it is read as it stands, its years
    found once; a document noun inside a phrase already removed ("计划计划…") is skipped.
    """
    titles = [doc.title for doc in documents]
    kept = without_relative_plans(question)
    years = [(year.start(), year.end()) for year in _YEAR_SPAN.finditer(kept)]
    pieces, limit = [], len(kept)  # the text from ``limit`` on is final, in ``pieces``
    for noun in reversed(list(_DOC_NOUN.finditer(kept))):
        if noun.end() > limit:
            continue
        start = noun.start()
        while (run := _title_run_before(kept, start, titles, years)) >= _NAME_MIN:
            start -= run  # "临江区" + "城市更新行动" + "方案里": each run is in the title
        if start < noun.start():
            pieces += [kept[noun.end() : limit], " "]
            limit = start
    pieces.append(kept[:limit])
    return "".join(reversed(pieces))


def _title_run_before(
    text: str, end: int, titles: Sequence[str], years: Sequence[tuple[int, int]]
) -> int:
    """Length of the longest run ending at ``end`` that a title holds, up to a year.

    ``years`` are the spans of the years of ``text``, in order: a year is kept whole
    (the year checks read it), so the run stops at the last year starting before ``end``.
    """
    run = 0
    while run < end and any(text[end - run - 1 : end] in title for title in titles):
        run += 1
    last = bisect.bisect_left(years, (end, end)) - 1  # the last year starting before end
    if last >= 0 and years[last][1] > end - run:
        run = max(0, end - years[last][1])
    return run
