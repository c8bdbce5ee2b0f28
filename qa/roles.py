"""Units by role, as the answers word them: 牵头单位 first, then 责任单位, then 配合单位."""

from __future__ import annotations

import re
from collections.abc import Sequence

from corpus.models import Item, Role

ROLE_LABELS = {Role.LEAD: "牵头单位", Role.SUPPORT: "配合单位", Role.RESPONSIBLE: "责任单位"}
ROLE_VERBS = {Role.LEAD: "牵头", Role.SUPPORT: "配合", Role.RESPONSIBLE: "作为责任单位负责"}
ROLE_ORDER = (Role.LEAD, Role.RESPONSIBLE, Role.SUPPORT)
NO_ROLES_NOTE = "计划未区分牵头和配合单位,所列均为责任单位。"
# A question about the officials in charge ("哪位领导牵头", "分管副市长是谁"), not units.
ASKS_OFFICIAL = re.compile(r"领导|[副]?(?:市|区|县)长|秘书长|书记")
# "哪位区领导牵头": a person the plan must name; its units are no answer (a 领导小组 is a body).
ASKS_LEADER = re.compile(r"领导(?!小组)")


def as_listed(item: Item, asked: Sequence[Role]) -> tuple[Role, ...]:
    """The roles asked, as this item names them: beside a 牵头单位, the 责任单位 are the
    others who take part, so "配合单位有哪些" is answered by them."""
    if (
        tuple(asked) == (Role.SUPPORT,)
        and not item.units_in(Role.SUPPORT)
        and item.units_in(Role.LEAD)
        and item.units_in(Role.RESPONSIBLE)
    ):
        return (Role.RESPONSIBLE,)
    return tuple(asked)


def asked_first(asked: Sequence[Role]) -> tuple[Role, ...]:
    """Every role, the ones asked about first."""
    return (*asked, *(role for role in ROLE_ORDER if role not in asked))


def unit_lines(item: Item, asked: Sequence[Role], officials_first: bool = False) -> list[str]:
    """The item's units as labelled lines ("牵头单位:A"), the roles asked about first.

    A plan that lists its units without roles gives one line, as written. The officials
    in charge (牵头领导) follow on their own line, first when ``officials_first``.
    """
    asked = as_listed(item, asked)
    if not item.has_roles:
        lines = ["、".join(item.department_mentions)] if item.units else []
    else:
        lines = [
            f"{ROLE_LABELS[role]}:{'、'.join(unit.name for unit in item.units_in(role))}"
            for role in asked_first(asked)
            if item.units_in(role)
        ]
        if asked and not item.units_in(*asked):
            lines.insert(0, f"计划中该任务没有列出{ROLE_LABELS[asked[0]]}。")
    if item.officials:
        official = f"{item.officials_label or '牵头领导'}:{'、'.join(item.officials)}"
        lines = [official, *lines] if officials_first else [*lines, official]
    return lines


def departments_by_role(item: Item, asked: Sequence[Role]) -> list[str]:
    """The item's canonical department names, the roles asked about first."""
    if not item.has_roles:
        return list(item.departments)
    asked = as_listed(item, asked)
    ordered = [u.canonical or u.name for role in asked_first(asked) for u in item.units_in(role)]
    return list(dict.fromkeys(ordered))
