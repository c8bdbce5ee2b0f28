"""Run systems over an eval set, timing each answer."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from eval.cases import EvalCase
from eval.metrics import CaseResult

RETRIEVED_DEPTH = 10


@dataclass(frozen=True)
class Reply:
    """A system's reply to one question, reduced to what the metrics need."""

    retrieved: tuple[int, ...]
    cited: tuple[int, ...]
    answer: str
    answered: bool
    latency_ms: float | None = None  # the system's own timing, without eval bookkeeping
    closest: bool = False  # answered with the closest clause found, said to be such
    # In a library: the other plans the reply cites besides the case's own, and whether
    # it names (by title) every plan it cites; None where there is one plan.
    other_plans: tuple[str, ...] = ()
    names_its_plans: bool | None = None


class System(Protocol):
    """Anything that answers a question in a conversation."""

    name: str

    def reset(self) -> None:
        """Drop caches so that the run's latencies are cold ones."""
        ...

    def reply(self, question: str, history: Sequence[str], doc: str | None) -> Reply:
        """Answer ``question`` after the earlier questions ``history``."""
        ...


def run_system(system: System, cases: Sequence[EvalCase]) -> list[CaseResult]:
    """Ask every case's question, in order, and record the reply and its latency."""
    system.reset()
    results = []
    for case in cases:
        started = time.perf_counter()
        reply = system.reply(case.question, case.history, case.doc)
        latency_ms = (time.perf_counter() - started) * 1000
        if reply.latency_ms is not None:
            latency_ms = reply.latency_ms
        results.append(
            CaseResult(
                id=case.id,
                question=case.question,
                retrieved=reply.retrieved,
                cited=reply.cited,
                answer=reply.answer,
                answered=reply.answered,
                latency_ms=round(latency_ms, 3),
                closest=reply.closest,
                other_plans=reply.other_plans,
                names_its_plans=reply.names_its_plans,
            )
        )
    return results
