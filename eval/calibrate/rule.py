"""What a setting scores on the pooled sets, and the rule that chooses among settings.

The rule, coded in :func:`choose`: among the settings that decline every out-of-scope
question of cases and holdout (the guarded ones), the one that answers the most pooled
cases right; ties go to the most out-of-scope questions declined, then the fewest
mislabelled answers (:func:`mislabelled`: a wrong answer given outright counts as
:data:`OUTRIGHT_ERROR_COST` right answers needlessly labelled as the closest clause), then
the fewest answerable ones declined, then the fewest settings moved from the default (so
the default stays unless a setting does better).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eval.calibrate.grid import moved
from eval.calibrate.pooling import PooledCase
from eval.metrics import CaseResult, answer_correct, direct_correct
from qa.policy import AnswerConfig

# A confident wrong answer costs staff more than a right one they are told to check.
OUTRIGHT_ERROR_COST = 3
RULE = (
    "among the settings that decline every out-of-scope question of cases+holdout, "
    "the most answered right; ties: most out-of-scope declined, then fewest mislabelled "
    f"({OUTRIGHT_ERROR_COST} x wrong answers given outright + right answers labelled closest), "
    "then fewest answerable declined, then fewest settings moved"
)


@dataclass(frozen=True)
class Tally:
    """Counts of one setting's results on the pooled cases."""

    cases: int
    right: int  # answer_correct: an out-of-scope question is right when declined
    out_of_scope: int
    declined: int  # out-of-scope questions declined
    guarded: int  # out-of-scope questions of the guarded sets (cases, holdout)
    guarded_declined: int
    answerable: int
    wrongly_declined: int  # answerable questions declined
    wrong_outright: int = 0  # answered wrongly, not labelled as the closest clause
    closest: int = 0  # answered as the closest clause found
    closest_right: int = 0  # ... and right all the same

    @property
    def declines_guarded(self) -> bool:
        """Every guarded out-of-scope question declined: the rule's condition."""
        return self.guarded_declined == self.guarded


def tally(pooled: Sequence[PooledCase], results: Sequence[CaseResult]) -> Tally:
    """Count the right answers and the declines of ``results``, one per pooled case.

    Args:
        pooled: The cases asked, in order.
        results: What the system returned for each.

    Returns:
        The counts.
    """
    pairs = list(zip(pooled, results, strict=True))
    unanswerable = [(p, r) for p, r in pairs if p.case.unanswerable]
    answerable = [r for p, r in pairs if not p.case.unanswerable]
    guarded = [r for p, r in unanswerable if p.guarded]
    return Tally(
        cases=len(pairs),
        right=sum(answer_correct(p.case, r) for p, r in pairs),
        out_of_scope=len(unanswerable),
        declined=sum(not r.answered for _, r in unanswerable),
        guarded=len(guarded),
        guarded_declined=sum(not r.answered for r in guarded),
        answerable=len(answerable),
        wrongly_declined=sum(not r.answered for r in answerable),
        wrong_outright=sum(
            r.answered and not r.closest and not answer_correct(p.case, r) for p, r in pairs
        ),
        closest=sum(r.closest for _, r in pairs),
        closest_right=sum(r.closest and answer_correct(p.case, r) for p, r in pairs),
    )


def mislabelled(t: Tally) -> int:
    """Wrong answers given outright (at their cost) and right ones labelled closest."""
    return OUTRIGHT_ERROR_COST * t.wrong_outright + t.closest_right


@dataclass(frozen=True)
class NumberTally:
    """How-much answers right, and direct answers right, of one weight setting."""

    cases: int
    right: int  # answer_correct
    direct_cases: int  # cases with expected strings
    direct: int  # direct_correct: the expected strings in the first paragraph


def number_tally(pooled: Sequence[PooledCase], results: Sequence[CaseResult]) -> NumberTally:
    """Count answer and direct-answer accuracy of ``results``, one per pooled case."""
    pairs = list(zip(pooled, results, strict=True))
    with_strings = [(p, r) for p, r in pairs if p.case.answer_contains]
    return NumberTally(
        cases=len(pairs),
        right=sum(answer_correct(p.case, r) for p, r in pairs),
        direct_cases=len(with_strings),
        direct=sum(direct_correct(p.case, r) for p, r in with_strings),
    )


@dataclass(frozen=True)
class Row:
    """One setting of the answer decision and what it scored."""

    config: AnswerConfig
    tally: Tally


def rank_key(row: Row, default: AnswerConfig) -> tuple[int, int, int, int, int]:
    """Larger is better: right, out-of-scope declined, fewer mislabelled answers, fewer wrong
    declines, fewer moves."""
    t = row.tally
    return t.right, t.declined, -mislabelled(t), -t.wrongly_declined, -moved(row.config, default)


def ranked(rows: Sequence[Row], default: AnswerConfig, eligible_only: bool) -> list[Row]:
    """``rows`` best first by :func:`rank_key`; grid order breaks the remaining ties.

    Args:
        rows: The settings measured.
        default: The default setting (fewer settings moved from it ranks higher).
        eligible_only: Keep only the settings that decline every guarded question.

    Returns:
        The rows, best first.
    """
    kept = [r for r in rows if r.tally.declines_guarded or not eligible_only]
    return sorted(kept, key=lambda r: rank_key(r, default), reverse=True)


def choose(rows: Sequence[Row], default: AnswerConfig) -> Row | None:
    """The setting the rule (:data:`RULE`) chooses, or ``None`` if none is eligible."""
    best = ranked(rows, default, eligible_only=True)
    return best[0] if best else None
