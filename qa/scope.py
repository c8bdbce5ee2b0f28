"""Which plan a question is about: the one the caller names, or the one the question names.

A library holds many plans, often one per year on the same topics. ``doc`` (an id or a
title) restricts an answer to one plan; without it, a question that names a plan's year
("2023年的工作要点里…") or words only one plan's title holds ("营商环境那个方案…") is
answered from that plan only. With one plan there is nothing to choose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.models import Document
from qa.errors import QuestionError
from qa.years import years_in

# Title words every plan may have: they name no plan ("行动计划", "工作要点"…). Not a
# lone 市: it stands inside words ("城市更新").
_GENERIC = re.compile(
    r"(?:19|20)\d\d年?|年度|工作|要点|行动|计划|方案|实施|意见|通知|关于|印发|的|全市"
)
_SPAN = 4  # characters of a title a question must share to name it


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


def named_plan(question: str, documents: Sequence[Document]) -> str | None:
    """The one plan the question names by its year or its own title words, if any."""
    if len(documents) < 2:
        return None
    dated = set(_by_year(question, documents))
    candidates = [d for d in documents if d.doc_id in dated] or list(documents)
    if len(candidates) > 1:  # title words that tell these candidates apart
        by_title = _by_title(question, candidates)
        candidates = [d for d in candidates if d.doc_id == by_title]
    return candidates[0].doc_id if len(candidates) == 1 else None


def plan_year(doc: Document) -> int | None:
    """The year in a plan's title ("2023年…"), if it has one."""
    found = years_in(doc.title)
    return int(found[0]) if found else None


def _by_year(question: str, documents: Sequence[Document]) -> list[str]:
    years = {int(year) for year in years_in(question)}
    return [d.doc_id for d in documents if years and plan_year(d) in years]


def _by_title(question: str, documents: Sequence[Document]) -> str | None:
    """The plan whose title alone shares a run of :data:`_SPAN` distinctive characters."""
    spans = {doc.doc_id: _spans(doc.title) for doc in documents}
    named = [
        doc_id
        for doc_id, own in spans.items()
        if any(span in question for span in own - _others(spans, doc_id))
    ]
    return named[0] if len(named) == 1 else None


def _spans(title: str) -> set[str]:
    """Every run of :data:`_SPAN` characters of the title's own words."""
    words = _GENERIC.sub(" ", title)
    runs = (words[i : i + _SPAN] for i in range(len(words) - _SPAN + 1))
    return {run for run in runs if " " not in run}


def _others(spans: dict[str, set[str]], doc_id: str) -> set[str]:
    return set().union(*(own for other, own in spans.items() if other != doc_id))
