"""Rules a plan states once for all its tasks about who leads.

Plans that list only 责任单位 often say who among them leads, in their preamble or their
保障措施: "排在第一位的为牵头单位" / "由所列第一家责任单位牵头" (the first unit listed leads),
or "无牵头单位的，责任单位即为牵头单位" (where no lead is named, the units responsible are
the leads). A task that names its lead itself keeps it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from enum import StrEnum

from corpus.models import Item, Role

_UNIT = r"(?:责任)?(?:单位|部门)"
_FIRST_LEADS = re.compile(
    rf"(?:排在|列在|排列在|位列|列于)(?:第一位|首位|第一)的?{_UNIT}?(?:为|是)牵头{_UNIT}"
    rf"|(?:由|以)(?:所列)?(?:第一|首)(?:家|个|位)?{_UNIT}牵头"
    rf"|{_UNIT}有多个的?，?(?:排在|列在)?(?:第一位|首位)的?(?:为|是)牵头"
)
_RESPONSIBLE_LEAD = re.compile(
    rf"(?:无|没有|未明确|未列明|未标明|未注明)牵头{_UNIT}的?[，,]?(?:其)?责任{_UNIT}即?(?:为|是)牵头"
)


class RoleRule(StrEnum):
    """Who leads a task that names no lead, as the plan states it."""

    NONE = "none"
    FIRST_LISTED = "first_listed"  # the first unit listed leads
    ALL_RESPONSIBLE = "all_responsible"  # every unit responsible leads


def role_rule(text: str) -> RoleRule:
    """The rule ``text`` states (the first-listed rule wins where a plan states both)."""
    if _FIRST_LEADS.search(text):
        return RoleRule.FIRST_LISTED
    if _RESPONSIBLE_LEAD.search(text):
        return RoleRule.ALL_RESPONSIBLE
    return RoleRule.NONE


def with_role_rule(items: Sequence[Item], rule: RoleRule) -> list[Item]:
    """The items with the rule applied to every task that names no lead of its own."""
    if rule == RoleRule.NONE:
        return list(items)
    return [_applied(item, rule) for item in items]


def _applied(item: Item, rule: RoleRule) -> Item:
    if not item.units or any(unit.role == Role.LEAD for unit in item.units):
        return item
    responsible = [i for i, unit in enumerate(item.units) if unit.role == Role.RESPONSIBLE]
    if not responsible:
        return item
    leads = set(responsible[:1] if rule == RoleRule.FIRST_LISTED else responsible)
    units = tuple(
        dataclasses.replace(unit, role=Role.LEAD) if index in leads else unit
        for index, unit in enumerate(item.units)
    )
    return dataclasses.replace(item, units=units)
