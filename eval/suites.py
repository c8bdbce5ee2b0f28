"""Eval sets paired with the plans they ask about, and the systems answering from each plan.

The shipped sets ask about the shipped plan; ``eval/fixtures/manifest.json`` pairs each
fixture plan (other formats, in ``tests/fixtures``) with its set, ``eval/heldout/
manifest.json`` the held-out plans with theirs (only ever totalled).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eval.cases import DEFAULT_SET
from eval.runner import System
from eval.systems import build_systems

ROOT = DEFAULT_SET.parent.parent
FIXTURE_MANIFEST = DEFAULT_SET.parent / "fixtures" / "manifest.json"
HELDOUT_MANIFEST = DEFAULT_SET.parent / "heldout" / "manifest.json"


@dataclass(frozen=True)
class Suite:
    """An eval set and the plan it asks about (``None``: the shipped plan)."""

    set_path: Path
    corpus: Path | None = None
    group: str = ""  # "fixtures", "heldout": the manifest it comes from

    @property
    def name(self) -> str:
        """``cases`` for a shipped set, ``fixtures-pdf`` for a fixture plan's set."""
        return f"{self.group}-{self.set_path.stem}" if self.group else self.set_path.stem


def shipped_sets() -> list[Path]:
    """Every eval set shipped in ``eval/``, in name order."""
    return sorted(DEFAULT_SET.parent.glob("*.jsonl"))


def manifest_suites(manifest: Path, group: str) -> list[Suite]:
    """The (set, plan) pairs a manifest names; keys starting with ``_`` are notes."""
    pairs = json.loads(manifest.read_text(encoding="utf-8"))
    return [
        Suite(manifest.parent / name, ROOT / plan, group)
        for name, plan in sorted(pairs.items())
        if not name.startswith("_")
    ]


def suites() -> list[Suite]:
    """The shipped sets on the shipped plan, then each fixture plan's set."""
    shipped = [Suite(path) for path in shipped_sets()]
    return [*shipped, *manifest_suites(FIXTURE_MANIFEST, "fixtures")]


class SystemsByCorpus:
    """The systems of each plan, built once, each index in its own folder under ``root``."""

    def __init__(self, root: Path, backend: str | None) -> None:
        self.root = root
        self.backend = backend
        self._built: dict[Path | None, list[System]] = {}

    def __call__(self, corpus: Path | None) -> list[System]:
        """The pipeline and both baselines answering from ``corpus``."""
        if corpus not in self._built:
            folder = self.root / f"index-{len(self._built)}"
            self._built[corpus] = build_systems(self.backend, folder, corpus)
        return self._built[corpus]
