"""The parsed corpus for people (aligned tables) and for machines (JSON-ready data)."""

from __future__ import annotations

import dataclasses
from typing import Any

from corpus.loading import Corpus
from corpus.models import Document, Item
from corpus.tables import text_table

_TITLE_WIDTH = 30


def render_corpus(corpus: Corpus) -> str:
    """Render every document as a readable table, then the load failures."""
    blocks = [render_document(doc) for doc in corpus.documents]
    blocks += [f"无法载入 {f.path}: {f.message}" for f in corpus.failures]
    return "\n\n".join(blocks)


def render_document(doc: Document) -> str:
    """Title, parts, then one row per item: item, part, title, departments, targets."""
    lines = [f"《{doc.title}》 ({doc.path})", f"{len(doc.parts)} 部分, {len(doc.items) - 1} 条任务"]
    lines += [f"  {p.label}{p.title}" for p in doc.parts]
    rows = [_row(doc, item) for item in doc.items]
    lines += ["", *text_table(("条目", "部分", "标题", "责任单位", "指标"), rows, "lllll")]
    lines += [f"注意: {warning}" for warning in doc.warnings]
    return "\n".join(lines)


def _row(doc: Document, item: Item) -> tuple[str, str, str, str, str]:
    part = (doc.part(item.part).label or str(item.part)) if item.part else "-"
    title = item.title if len(item.title) <= _TITLE_WIDTH else item.title[: _TITLE_WIDTH - 1] + "…"
    if item.truncated:
        departments = "(原文截断, 无责任单位)"
    else:
        departments = "、".join(item.department_mentions) or "-"
    return item.label or "前言", part, title, departments, str(len(item.targets))


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
