"""A synthetic corpus of any size, made by recombining clauses of the shipped plan.

Plans are written as ``.txt`` in the format the parser reads (title, preamble, numbered
parts and items, 责任单位), so the benchmark can build and search them like the real one.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eval.bench.common import BenchError

if TYPE_CHECKING:
    from corpus.loading import Corpus

DEFAULT_ITEMS_PER_DOC = 50
ITEMS_PER_PART = 10
MAX_HEADING_NUMBER = 99  # item numerals run 一 … 九十九 within a document
SYNTHETIC_PREAMBLE = "本计划由基准测试重组真实条目的分句生成，仅用于测量性能。"
# Its own splitter for now, not the corpus's: the splitters are to be unified separately.
_CLAUSE_LENGTH = (4, 30)


@functools.cache
def _unsafe_clause() -> re.Pattern[str]:
    """Text that could read as a heading, a 责任单位 clause, a banner or unbalanced quotes."""
    from corpus.numerals import CHINESE_NUMERAL_CHARS
    from corpus.textnorm import CLOSE, OPEN

    return re.compile(
        rf"[{OPEN}{CLOSE}“”\"‘’《》]|[0-9{CHINESE_NUMERAL_CHARS}]、"
        r"|责任单位|牵头单位|责任部门|搜索|下载|在线阅读|会员分享"
    )


def recombinable_clauses(sentence: str) -> list[str]:
    """The clauses of ``sentence`` that are safe to recombine, without their punctuation."""
    from corpus.clauses import split_clauses

    low, high = _CLAUSE_LENGTH
    clauses = split_clauses(sentence)
    return [c for c in clauses if low <= len(c) <= high and not _unsafe_clause().search(c)]


@dataclass(frozen=True)
class Pools:
    """What synthetic plans are made of: real clauses, part titles and departments."""

    clauses: tuple[str, ...]
    part_titles: tuple[str, ...]
    departments: tuple[str, ...]

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Pools:
        """Collect the pools from a loaded corpus (in corpus order, so deterministic).

        Raises:
            BenchError: The corpus has too few clauses, part titles or departments.
        """
        sentences = (s.text for item in corpus.items() if item.number for s in item.sentences)
        clauses = dict.fromkeys(c for s in sentences for c in recombinable_clauses(s))
        parts = dict.fromkeys(
            p.title for doc in corpus.documents for p in doc.parts if _safe_name(p.title)
        )
        departments = [d.canonical for d in corpus.registry.departments if _safe_name(d.canonical)]
        if len(clauses) < 3 or not parts or not departments:
            raise BenchError(
                f"the source corpus gives {len(clauses)} clauses, {len(parts)} part titles and "
                f"{len(departments)} departments; need at least 3, 1 and 1"
            )
        return cls(tuple(clauses), tuple(parts), tuple(departments))


def _safe_name(name: str) -> bool:
    return (
        bool(name) and not re.search(r"[、,，;；:：\s]", name) and not _unsafe_clause().search(name)
    )


@dataclass(frozen=True)
class SyntheticItem:
    """A generated task item: its sentences (each ending in 。) and its departments."""

    number: int
    sentences: tuple[str, ...]
    departments: tuple[str, ...]


@dataclass(frozen=True)
class SyntheticPlan:
    """A generated plan document, written as ``<stem>.txt``.

    Attributes:
        stem: The file name, without ``.txt``.
        title: The plan's title, its first line.
        part_titles: ``part_titles[i]`` heads items ``i*items_per_part+1`` to
            ``(i+1)*items_per_part``.
        items: The task items, numbered from 1.
        items_per_part: Items under each part heading.
    """

    stem: str
    title: str
    part_titles: tuple[str, ...]
    items: tuple[SyntheticItem, ...]
    items_per_part: int = ITEMS_PER_PART


def make_synthetic_plans(
    n_items: int,
    pools: Pools,
    *,
    seed: int = 0,
    items_per_doc: int = DEFAULT_ITEMS_PER_DOC,
    items_per_part: int = ITEMS_PER_PART,
) -> list[SyntheticPlan]:
    """Generate ``n_items`` task items spread over plans of ``items_per_doc`` items.

    Each item has 1-3 sentences of 1-2 real clauses and 1-3 departments; the same
    ``seed`` and pools always give the same plans.

    Raises:
        ValueError: ``n_items`` < 1, or a document or part size the numbering cannot hold.
    """
    if n_items < 1:
        raise ValueError(f"need at least one item, got {n_items}")
    for name, size in (("items_per_doc", items_per_doc), ("items_per_part", items_per_part)):
        if not 1 <= size <= MAX_HEADING_NUMBER:
            raise ValueError(f"{name} must be 1-{MAX_HEADING_NUMBER} (numerals), got {size}")
    rng = random.Random(seed)
    plans = []
    for index, first in enumerate(range(0, n_items, items_per_doc), start=1):
        count = min(items_per_doc, n_items - first)
        items = tuple(_synthetic_item(rng, pools, number) for number in range(1, count + 1))
        parts = tuple(rng.choice(pools.part_titles) for _ in range(-(-count // items_per_part)))
        title = f"城乡融合发展合成行动计划第{index}号"
        plans.append(SyntheticPlan(f"synthetic-{index:05d}", title, parts, items, items_per_part))
    return plans


def _synthetic_item(rng: random.Random, pools: Pools, number: int) -> SyntheticItem:
    count = rng.choices((1, 2, 3), weights=(5, 3, 2))[0]
    sentences = tuple(_synthetic_sentence(rng, pools) for _ in range(count))
    departments = rng.sample(pools.departments, rng.randint(1, min(3, len(pools.departments))))
    return SyntheticItem(number, sentences, tuple(departments))


def _synthetic_sentence(rng: random.Random, pools: Pools) -> str:
    count = rng.choices((1, 2), weights=(2, 3))[0]
    return "，".join(rng.sample(pools.clauses, count)) + "。"


def render_plan(plan: SyntheticPlan) -> str:
    """The plan as text in the format the parser reads: title, preamble, parts, items."""
    from corpus.numerals import int_to_chinese

    lines = [plan.title, SYNTHETIC_PREAMBLE]
    for index, item in enumerate(plan.items):
        if index % plan.items_per_part == 0:
            part = index // plan.items_per_part
            lines.append(f"{int_to_chinese(part + 1)}、{plan.part_titles[part]}")
        body = "".join(item.sentences)
        lines.append(
            f"（{int_to_chinese(item.number)}）{body}（责任单位：{'、'.join(item.departments)}）"
        )
    return "\n".join(lines) + "\n"


def write_synthetic_corpus(folder: Path, plans: Sequence[SyntheticPlan]) -> list[Path]:
    """Write each plan as ``<stem>.txt`` (UTF-8) into ``folder``; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for plan in plans:
        path = folder / f"{plan.stem}.txt"
        path.write_text(render_plan(plan), encoding="utf-8")
        paths.append(path)
    return paths


def generate_corpus(folder: Path, n_items: int, seed: int, items_per_doc: int) -> int:
    """Write a synthetic corpus made from the shipped plan; returns the document count."""
    from corpus import load_corpus

    plans = make_synthetic_plans(
        n_items, Pools.from_corpus(load_corpus()), seed=seed, items_per_doc=items_per_doc
    )
    return len(write_synthetic_corpus(folder, plans))
