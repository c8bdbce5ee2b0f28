"""The settings a calibration compares: a threshold grid and one-at-a-time weight changes."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from qa.numbers import NumberConfig
from qa.policy import AnswerConfig

# The two cut-offs on the fitted probability, in steps of 0.025 (closest_at <= answer_at).
CUTOFFS = tuple(round(0.2 + 0.025 * step, 3) for step in range(17))  # 0.2 to 0.6
POLICY_VALUES: dict[str, tuple[float, ...]] = {"answer_at": CUTOFFS, "closest_at": CUTOFFS}
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
    combinations: list[dict[str, Any]] = [
        dict(zip(names, combination, strict=True))
        for combination in itertools.product(*(values[name] for name in names))
    ]
    settings = [dataclasses.replace(base, **changes) for changes in combinations]
    # A band whose bottom lies above its top is the same setting as an empty band.
    return [s for s in settings if s.closest_at <= s.answer_at]


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
    """How many settings of ``config`` differ from ``default`` (the model counts as one)."""
    return sum(
        getattr(config, f.name) != getattr(default, f.name) for f in dataclasses.fields(config)
    )
