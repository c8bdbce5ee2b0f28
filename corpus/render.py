"""The parsed corpus for people (aligned tables) and for machines (JSON-ready data)."""

from __future__ import annotations

import dataclasses
from typing import Any

from corpus.loading import Corpus
from corpus.models import Document, Item, ItemKind, Role, Unit
from corpus.tables import text_table

_TITLE_WIDTH = 30
_ROLE_MARKS = {Role.LEAD: "(牵头)", Role.SUPPORT: "(配合)"}


def render_corpus(corpus: Corpus) -> str:
    """Render every document as a readable table, then the load failures."""
    blocks = [render_document(doc) for doc in corpus.documents]
    blocks += [f"无法载入 {f.path}: {f.message}" for f in corpus.failures]
    return "\n\n".join(blocks)


def render_document(doc: Document) -> str:
    """Title, parts, then one row per item: number, label, part, title, units, deadline."""
    tasks = sum(item.kind == ItemKind.TASK for item in doc.items)
    lines = [f"《{doc.title}》 ({doc.path})", f"{len(doc.parts)} 部分, {tasks} 条任务"]
    lines += [f"  {p.label}{p.title}" for p in doc.parts]
    rows = [_row(doc, item) for item in doc.items]
    headers = ("#", "条目", "部分", "标题", "责任单位(牵头/配合)", "完成时限", "指标")
    lines += ["", *text_table(headers, rows, "rllllll")]
    lines += [f"注意: {warning}" for warning in doc.warnings]
    return "\n".join(lines)


def _row(doc: Document, item: Item) -> tuple[str, ...]:
    part = (doc.part(item.part).label or str(item.part)) if item.part else "-"
    title = item.title if len(item.title) <= _TITLE_WIDTH else item.title[: _TITLE_WIDTH - 1] + "…"
    if item.truncated:
        departments = "(原文截断, 无责任单位)"
    else:
        departments = "、".join(_unit(unit) for unit in item.units) or "-"
    label = item.label or "前言"
    if item.kind == ItemKind.GROUP:
        label += " (组)"
    deadline = item.deadline.text if item.deadline else "-"
    return str(item.number), label, part, title, departments, deadline, str(len(item.targets))


def _unit(unit: Unit) -> str:
    return unit.name + _ROLE_MARKS.get(unit.role, "")


def corpus_to_dict(corpus: Corpus) -> dict[str, Any]:
    """The parsed corpus as JSON-ready data (the raw-offset map is left out)."""
    return {
        "documents": [document_to_dict(doc) for doc in corpus.documents],
        "departments": [dataclasses.asdict(d) for d in corpus.registry.departments],
        "failures": [dataclasses.asdict(f) for f in corpus.failures],
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    """One document as JSON-ready data."""
    return {
        "doc_id": doc.doc_id,
        "path": doc.path,
        "title": doc.title,
        "parts": [dataclasses.asdict(p) for p in doc.parts],
        "items": [item_to_dict(item) for item in doc.items],
        "cleaning": [dataclasses.asdict(e) for e in doc.clean.edits],
        "warnings": list(doc.warnings),
    }


def item_to_dict(item: Item) -> dict[str, Any]:
    """One item as JSON-ready data, with its departments (canonical and as written)."""
    return {
        **dataclasses.asdict(item),
        "departments": list(item.departments),
        "department_mentions": list(item.department_mentions),
    }
