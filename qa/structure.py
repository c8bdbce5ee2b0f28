"""Answers read from the plan's structure, not searched: a department's tasks, a part's."""

from __future__ import annotations

from collections.abc import Sequence

from corpus.loading import Corpus
from corpus.models import Item, Role
from qa.models import Answer, AnswerKind, Quote
from qa.quoting import Quoter
from qa.roles import ROLE_VERBS, as_listed, asked_first

# A plain 责任单位 list shares the lead: "X牵头哪些任务" lists those items too, labelled.
_ALSO_WITH = {Role.LEAD: (Role.RESPONSIBLE,)}


class StructuralAnswers:
    """Exact lists from the parsed 责任单位 and parts of one corpus."""

    def __init__(self, corpus: Corpus, quoter: Quoter) -> None:
        self.corpus = corpus
        self.quoter = quoter

    def department(
        self, question: str, departments: tuple[str, ...], roles: Sequence[Role] = ()
    ) -> Answer:
        """Every task naming each department (canonical names), grouped by its role there.

        ``roles`` narrows the list to the roles asked about ("X牵头哪些任务": lead, and
        the plain 责任单位 lists that name X; "X配合哪些工作": support only).
        """
        lines: list[str] = []
        quotes: list[Quote] = []
        for canonical in departments:
            items = self.corpus.items_for_department(canonical) or ()
            found = False
            for plan, in_plan in self._by_plan(items):
                for verb, listed in _by_role(in_plan, canonical, roles):
                    found = True
                    lines.append(f"{plan}{canonical}{verb}{len(listed)}项任务:{_titles(listed)}")
                    quotes += self._quotes(listed)
            if not found:
                lines.append(_nothing_for(canonical, roles))
        return _listing(question, AnswerKind.DEPARTMENT, lines, quotes, departments)

    def _by_plan(self, items: Sequence[Item]) -> list[tuple[str, list[Item]]]:
        """Items grouped by plan, newest plan first, each group named ("《…》中,") when
        the corpus holds several plans; one unnamed group otherwise."""
        if len(self.corpus.documents) < 2:
            return [("", list(items))]
        groups: dict[str, list[Item]] = {}
        for item in items:
            groups.setdefault(item.doc_id, []).append(item)
        named = [doc for doc in self.corpus.documents if doc.doc_id in groups]
        named.sort(key=lambda doc: -(doc.year or 0))  # stable: a year's plans keep their order
        return [(f"《{doc.title}》中,", groups[doc.doc_id]) for doc in named]

    def part(self, question: str, number: int) -> Answer:
        """Every task of the part with this number, in each plan that has one."""
        lines: list[str] = []
        quotes: list[Quote] = []
        for doc in self.corpus.documents:
            for part in doc.parts:
                if part.number == number:
                    items = [doc.item(n) for n in part.items]
                    lines.append(
                        f"{part.label}{part.title} 包括{len(items)}项任务:{_titles(items)}"
                    )
                    quotes += self._quotes(items)
        if not quotes:
            return Answer.declined(question, AnswerKind.PART, f"计划中没有第{number}部分。")
        return _listing(question, AnswerKind.PART, lines, quotes)

    def _quotes(self, items: Sequence[Item]) -> list[Quote]:
        return [self.quoter.quote(self.corpus.document(item.doc_id), item) for item in items]


def _by_role(
    items: Sequence[Item], canonical: str, asked: Sequence[Role]
) -> list[tuple[str, list[Item]]]:
    """The items grouped by the department's role in them, as (verb, items), roles asked first.

    Plans that name no roles give one group, "负责".
    """
    if not any(item.has_roles for item in items):
        return [("负责", list(items))] if items else []
    wanted = asked_first(asked) if not asked else (*asked, *_ALSO_WITH.get(asked[0], ()))
    groups = []
    for role in wanted:
        listed = [item for item in items if item.role_of(canonical) in _named(item, role, asked)]
        if listed:
            groups.append((ROLE_VERBS[role], listed))
    return groups


def _named(item: Item, role: Role, asked: Sequence[Role]) -> tuple[Role, ...]:
    """The roles in ``item`` that stand for ``role``: a role asked about as the item names it
    ("配合" beside a 牵头单位: its 责任单位), any other as it is."""
    return as_listed(item, (role,)) if role in asked else (role,)


def _nothing_for(canonical: str, asked: Sequence[Role]) -> str:
    if asked:
        return f"计划中没有由“{canonical}”{ROLE_VERBS[asked[0]]}的任务。"
    return f"计划中没有给“{canonical}”分配任务。"


def _titles(items: Sequence[Item]) -> str:
    return "；".join(f"{item.label}{item.title}" for item in items)


def _listing(
    question: str,
    kind: AnswerKind,
    lines: Sequence[str],
    quotes: Sequence[Quote],
    departments: tuple[str, ...] = (),
) -> Answer:
    """A list answer: one line per department or part, every listed item quoted."""
    return Answer(
        question,
        kind,
        answered=bool(quotes),
        direct="\n".join(lines),
        departments=departments,
        quotes=tuple(quotes),
        confidence=1.0 if quotes else 0.0,
    )
