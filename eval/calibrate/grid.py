"""The settings a calibration compares: a threshold grid and one-at-a-time weight changes."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence

from qa.numbers import NumberConfig
from qa.policy import AnswerConfig

# Around each default (marked): coverage in steps of 0.05, cosines in steps of 0.01.
POLICY_VALUES: dict[str, tuple[float, ...]] = {
    "min_coverage": (0.3, 0.35, 0.4, 0.45, 0.5),  # 0.4
    "min_dense": (0.85, 0.86, 0.87, 0.88, 0.89),  # 0.87
    "min_coverage_with_dense": (0.0, 0.05, 0.1, 0.15, 0.2),  # 0.1
    "min_dense_alone": (0.87, 0.88, 0.89, 0.9, 0.91),  # 0.89
}
NUMBER_FACTORS = (0.0, 0.5, 2.0)  # each weight at 0, half and double


def policy_grid(
    values: Mapping[str, Sequence[float]] = POLICY_VALUES, base: AnswerConfig | None = None
) -> list[AnswerConfig]:
    """Every combination of ``values``, the other fields as in ``base``.

    Args:
        values: Values to try for some fields of :class:`AnswerConfig`, by field name.
        base: The setting the untried fields come from (default: the defaults).

    Returns:
        The settings, the last field varying fastest.

    Raises:
        ValueError: A name in ``values`` is not a field of :class:`AnswerConfig`.
    """
    base = base or AnswerConfig()
    fields = {f.name for f in dataclasses.fields(AnswerConfig)}
    unknown = sorted(set(values) - fields)
    if unknown:
        raise ValueError(f"not fields of AnswerConfig: {', '.join(unknown)}")
    names = list(values)
    return [
        dataclasses.replace(base, **dict(zip(names, combination, strict=True)))
        for combination in itertools.product(*(values[name] for name in names))
    ]


def number_variants(
    base: NumberConfig | None = None, factors: Sequence[float] = NUMBER_FACTORS
) -> list[tuple[str, float, NumberConfig]]:
    """Each weight of ``base`` times each factor, the others left as they are.

    Args:
        base: The weights changed one at a time (default: the defaults).
        factors: What each weight is multiplied by.

    Returns:
        ``(field name, value, setting)`` for every field and factor, fields in order.
    """
    base = base or NumberConfig()
    variants = []
    for field in dataclasses.fields(NumberConfig):
        for factor in factors:
            value = getattr(base, field.name) * factor
            variants.append((field.name, value, dataclasses.replace(base, **{field.name: value})))
    return variants


def moved(config: AnswerConfig, default: AnswerConfig) -> int:
    """How many thresholds of ``config`` differ from ``default``."""
    return sum(
        getattr(config, f.name) != getattr(default, f.name) for f in dataclasses.fields(config)
    )
