"""The calibration reports as text lines (tables from :func:`corpus.tables.text_table`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from corpus.tables import text_table
from eval.calibrate.fitting import Sample, log_loss
from eval.calibrate.grid import NUMBER_FACTORS, POLICY_VALUES
from eval.calibrate.rule import RULE, NumberTally, Row, Tally, ranked
from qa.numbers import NumberConfig
from qa.policy import AnswerConfig, DecisionModel, Signals

SIGNAL_NAMES = [f.name for f in dataclasses.fields(Signals)]

POLICY_HEADERS = [
    "setting",
    *POLICY_VALUES,
    "right",
    "out-of-scope declined",
    "of cases+holdout",
    "answerable declined",
    "wrong outright",
    "closest (right)",
]
BEST_ROWS = 10
REJECTED_ROWS = 5


def model_report(
    default: DecisionModel, fitted: DecisionModel, samples: Sequence[Sample]
) -> list[str]:
    """The decision model in the code beside the one fitted now, with their log loss."""
    answering = sum(s.answers for s in samples)
    headers = ["model", *SIGNAL_NAMES, "bias", "log loss"]
    table = [
        [
            name,
            *(f"{w:g}" for w in model.weights),
            f"{model.bias:g}",
            f"{log_loss(model, samples):.4f}",
        ]
        for name, model in (("in the code", default), ("fitted now", fitted))
    ]
    return [
        f"decision model: logistic over {', '.join(SIGNAL_NAMES)}, fitted on "
        f"{len(samples)} hits at the decisions of the pooled questions "
        f"({answering} of them answer their question)",
        *text_table(headers, table),
        "",
    ]


def policy_cells(label: str, row: Row) -> list[str]:
    """One table row: the label, the cut-offs and the counts."""
    t = row.tally
    cutoffs = [f"{getattr(row.config, name):g}" for name in POLICY_VALUES]
    return [
        label,
        *cutoffs,
        f"{t.right}/{t.cases}",
        f"{t.declined}/{t.out_of_scope}",
        f"{t.guarded_declined}/{t.guarded}",
        f"{t.wrongly_declined}/{t.answerable}",
        f"{t.wrong_outright}",
        f"{t.closest} ({t.closest_right})",
    ]


def policy_report(
    rows: Sequence[Row], default: AnswerConfig, chosen: Row | None, sets: Sequence[str]
) -> list[str]:
    """The default's row, the chosen one, the best eligible ones and the best rejected ones.

    Args:
        rows: Every setting measured, in grid order (the default among them).
        default: The default setting.
        chosen: What the rule chose (``None``: no setting was eligible).
        sets: The names of the pooled sets.

    Returns:
        The report's lines.
    """
    default_row = next(r for r in rows if r.config == default)
    t = default_row.tally
    eligible = ranked(rows, default, eligible_only=True)
    lines = [
        f"policy: {len(rows)} settings of the two cut-offs on {', '.join(sets)} pooled: "
        f"{t.cases} cases ({t.answerable} answerable, {t.out_of_scope} out of scope, "
        f"{t.guarded} of them in cases+holdout)",
        f"rule: {RULE}",
        f"eligible: {len(eligible)} of {len(rows)} settings decline every out-of-scope "
        "question of cases+holdout",
        "",
    ]
    table = [policy_cells("default", default_row)]
    if chosen is not None:
        table.append(policy_cells("chosen", chosen))
    table += [policy_cells(f"eligible #{i}", r) for i, r in enumerate(eligible[:BEST_ROWS], 1)]
    floor = chosen.tally.right if chosen else -1
    rejected = [
        r for r in ranked(rows, default, eligible_only=False) if not r.tally.declines_guarded
    ]
    better = [r for r in rejected if r.tally.right > floor][:REJECTED_ROWS]
    table += [policy_cells(f"rejected #{i}", r) for i, r in enumerate(better, 1)]
    lines += text_table(POLICY_HEADERS, table)
    if chosen is not None:
        ties = sum(r.tally == chosen.tally for r in eligible)
        verdict = "the default" if chosen.config == default else "NOT the default"
        lines += ["", f"chosen: {verdict}; {ties} eligible setting(s) score exactly as it does"]
    return lines


def confirm_line(name: str, tally: Tally) -> str:
    """The confirming set's totals at the defaults (shown, never used to choose)."""
    line = (
        f"confirming set {name} (defaults only, not used to choose): {tally.right}/{tally.cases} "
        f"right, {tally.wrongly_declined}/{tally.answerable} answerable declined"
    )
    if tally.out_of_scope:
        line += f", {tally.declined}/{tally.out_of_scope} out-of-scope declined"
    return line


def numbers_report(
    default: NumberTally, variants: Sequence[tuple[str, float, NumberTally]], sets: Sequence[str]
) -> list[str]:
    """One line per weight: right / direct right at the default and at each variant.

    Args:
        default: The how-much figures at the default weights.
        variants: ``(weight, value, figures)`` with each weight changed alone, in order.
        sets: The names of the pooled sets.

    Returns:
        The report's lines.
    """
    lines = [
        f"numbers: the {default.cases} how_much cases of {', '.join(sets)} pooled; each cell "
        f"is answers right / direct answers right (of {default.cases} / "
        f"{default.direct_cases}), the change from the default in brackets",
        f"default weights: {_cell(default, default)}",
        "",
    ]
    by_weight: dict[str, list[str]] = {}
    for name, value, figures in variants:
        by_weight.setdefault(name, []).append(f"{value:g}: {_cell(figures, default)}")
    defaults = NumberConfig()
    table = [[name, f"{getattr(defaults, name):g}", *cells] for name, cells in by_weight.items()]
    headers = ["weight", "default", *(f"×{factor:g}" for factor in NUMBER_FACTORS)]
    lines += text_table(headers, table, "lr" + "l" * len(NUMBER_FACTORS))
    return lines


def number_confirm_line(name: str, tally: NumberTally) -> str:
    """The confirming set's how-much totals at the default weights."""
    return (
        f"confirming set {name} (defaults only, not used to choose): {tally.cases} how_much "
        f"cases, {tally.right} right, {tally.direct}/{tally.direct_cases} direct right"
    )


def _cell(figures: NumberTally, default: NumberTally) -> str:
    text = f"{figures.right}/{figures.direct}"
    if figures == default:
        return text
    return f"{text} ({figures.right - default.right:+d}/{figures.direct - default.direct:+d})"
