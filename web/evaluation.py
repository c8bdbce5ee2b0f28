"""The 评测 tab's work: run a shipped eval set on the live assistant, chart it per kind."""

from __future__ import annotations

import html
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from eval.cases import DEFAULT_SET, FOLLOW_UP, load_cases
from eval.metrics import summarize_by_kind
from eval.report import render_report
from eval.runner import run_system
from eval.systems import AnswerSystem
from qa import AnswerKind, Assistant

logger = logging.getLogger(__name__)

# Eval cases are labelled with the answer kinds, plus kinds of their own.
KIND_LABELS = {
    AnswerKind.WHO: "谁负责",
    AnswerKind.HOW_MUCH: "目标数字",
    AnswerKind.WHAT: "做什么",
    AnswerKind.DEPARTMENT: "部门任务",
    AnswerKind.PART: "部分清单",
    FOLLOW_UP: "追问",
    "out_of_scope": "超出范围",
    "keyword": "关键词",
}


def shipped_sets() -> list[str]:
    """File names of the eval sets shipped in ``eval/``, the default first."""
    others = sorted(p.name for p in DEFAULT_SET.parent.glob("*.jsonl") if p != DEFAULT_SET)
    return [DEFAULT_SET.name, *others]


def shipped_set(name: str) -> Path:
    """The path of a shipped set by file name; a name from elsewhere raises ``ValueError``."""
    if name not in shipped_sets():
        raise ValueError(f"unknown eval set {name!r}; expected one of {', '.join(shipped_sets())}")
    return DEFAULT_SET.with_name(name)


@dataclass(frozen=True)
class KindScore:
    """Answer accuracy of one kind of question."""

    kind: str
    label: str
    cases: int
    accuracy: float


@dataclass(frozen=True)
class EvalOutcome:
    """A finished eval run: the text report and the accuracy per kind (overall last)."""

    report: str
    scores: tuple[KindScore, ...]


def run_eval(assistant: Assistant, path: Path = DEFAULT_SET) -> EvalOutcome:
    """Ask every case of the eval set and summarize the answers by kind."""
    cases = load_cases(path)
    results = run_system(AnswerSystem(assistant), cases)
    summary = summarize_by_kind(cases, results)
    report = render_report(path.name, cases, {"pipeline": summary}, results)
    scores = tuple(
        KindScore(
            kind,
            KIND_LABELS.get(kind, "总体" if kind == "overall" else kind),
            int(row["cases"]),
            float(row["answer_accuracy"] or 0.0),
        )
        for kind, row in summary.items()
    )
    return EvalOutcome(report, scores)


BUSY = "⏳ 已有一次评测在运行(每次只运行一个),请等它结束后再试。"


class EvaluationRunner:
    """Runs one evaluation at a time in the whole process, whatever the clients do.

    The lock is held by the thread doing the work until the work ends: a client that
    cancels or disconnects frees its queue slot, not the lock, so cancelled runs can
    never pile up and run side by side.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()

    @property
    def busy(self) -> bool:
        """Whether an evaluation is running now."""
        return self._lock.locked()

    def run(self, assistant: Assistant, path: Path) -> EvalOutcome | None:
        """The run's outcome, or ``None`` at once when another run holds the lock."""
        if not self._lock.acquire(blocking=False):
            logger.info("evaluation of %s refused: another one is running", path.name)
            return None
        logger.info("evaluation of %s started", path.name)
        try:
            return run_eval(assistant, path)
        finally:
            self._lock.release()
            logger.info("evaluation of %s finished", path.name)


def chart_html(scores: tuple[KindScore, ...]) -> str:
    """A horizontal bar chart (plain HTML/CSS, nothing loaded from outside)."""
    rows = []
    for score in scores:
        percent = round(score.accuracy * 100, 1)
        label = html.escape(f"{score.label}({score.cases}题)")
        rows.append(
            '<div class="qa-bar-row">'
            f'<span class="qa-bar-label">{label}</span>'
            f'<span class="qa-bar-track"><span class="qa-bar" style="width:{percent}%"></span>'
            f'</span><span class="qa-bar-value">{percent}%</span></div>'
        )
    return (
        '<div class="qa-chart" role="img" aria-label="各类问题的回答准确率">'
        '<div class="qa-chart-title">各类问题的回答准确率</div>' + "".join(rows) + "</div>"
    )
