"""The eval sets a calibration pools, and which of their questions guard the choice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.cases import DEFAULT_SET, EvalCase
from eval.tune import CONFIRM_SET, HOLDOUT_SET, PARAPHRASE_SET

OUT_OF_SCOPE_SET = DEFAULT_SET.with_name("out_of_scope.jsonl")
COLLOQUIAL_SET = DEFAULT_SET.with_name("colloquial.jsonl")
# Settings are chosen on these, pooled; CONFIRM_SET (paraphrase_holdout) only confirms.
DEV_SETS = (DEFAULT_SET, HOLDOUT_SET, PARAPHRASE_SET, OUT_OF_SCOPE_SET, COLLOQUIAL_SET)
# An accepted setting declines every out-of-scope question of these sets: they are the
# questions staff actually ask, where a confident wrong answer costs more than a decline.
GUARDED_SETS = frozenset({DEFAULT_SET.name, HOLDOUT_SET.name})
HOW_MUCH = "how_much"


@dataclass(frozen=True)
class PooledCase:
    """One case of a pooled set, with the name of the set it came from."""

    set_name: str
    case: EvalCase

    @property
    def guarded(self) -> bool:
        """An out-of-scope question that every accepted setting must decline."""
        return self.case.unanswerable and self.set_name in GUARDED_SETS


def pool(
    sets: Mapping[str, Sequence[EvalCase]], confirm: str = CONFIRM_SET.name
) -> list[PooledCase]:
    """Every case of every set but the confirming one, in the sets' order.

    Args:
        sets: Cases by set file name (``cases.jsonl``...).
        confirm: The name of the confirming set, left out of the pool.

    Returns:
        The pooled cases, each with its set's name.
    """
    return [
        PooledCase(name, case) for name, cases in sets.items() if name != confirm for case in cases
    ]


def confirming(
    sets: Mapping[str, Sequence[EvalCase]], confirm: str = CONFIRM_SET.name
) -> list[PooledCase]:
    """The confirming set's cases, if it is among ``sets`` (else none)."""
    return [PooledCase(confirm, case) for case in sets.get(confirm, ())]


def of_kind(pooled: Sequence[PooledCase], kind: str) -> list[PooledCase]:
    """The pooled cases of one kind (``how_much``...)."""
    return [p for p in pooled if p.case.kind == kind]


def set_names(paths: Sequence[Path]) -> list[str]:
    """The file names of ``paths``, rejecting two sets of one name (they would merge)."""
    names = [path.name for path in paths]
    if len(set(names)) != len(names):
        raise ValueError(f"two eval sets share a file name: {', '.join(names)}")
    return names
