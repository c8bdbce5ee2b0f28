"""Fit the answer decision: a logistic model over the signals of every top hit.

Each dev question is asked once with the default settings; at the decision to answer,
the :class:`qa.policy.Signals` of each of its top hits are recorded with a label: 1 when
the question is answerable and the hit is an item that answers it, else 0. The model is
fitted by iteratively reweighted least squares with a small ridge (no library beyond
numpy), so the same data always gives the same weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corpus.loading import Corpus
from eval.calibrate.pooling import PooledCase
from index.models import Hit
from index.retriever import HybridRetriever
from qa.analysis import Analysis
from qa.assistant import Assistant
from qa.policy import DecisionModel, Signals, Support

RIDGE = 1e-2  # keeps the weights finite when a signal separates the labels outright
STEPS = 50


@dataclass(frozen=True)
class Sample:
    """The signals of one hit at a decision, and whether that hit answers the question."""

    signals: Signals
    answers: bool


def collect(
    corpus: Corpus, retriever: HybridRetriever, pooled: Sequence[PooledCase]
) -> list[Sample]:
    """The labelled signals of every hit at each pooled question's last decision."""
    assistant = Assistant(corpus, retriever)
    policy = assistant.policy
    decisions: list[list[tuple[Signals, Hit]]] = []
    decide = policy.supported

    def recording(analysis: Analysis, hits: list[Hit]) -> Support | None:
        decisions.append([(policy.signals(analysis, h, i == 0), h) for i, h in enumerate(hits)])
        return decide(analysis, hits)

    # Observe the decision without changing it: the same method, its inputs recorded.
    setattr(policy, "supported", recording)  # noqa: B010 (mypy forbids assigning a method)
    samples = []
    for pooled_case in pooled:
        case = pooled_case.case
        decisions.clear()
        assistant.ask(case.question, case.history)
        if decisions:
            samples += [
                Sample(signals, not case.unanswerable and hit.item in case.items)
                for signals, hit in decisions[-1]
            ]
    return samples


def fit(samples: Sequence[Sample]) -> DecisionModel:
    """The logistic model of ``answers`` given the signals (IRLS, ridge :data:`RIDGE`)."""
    if not samples:
        raise ValueError("no decisions recorded: the sets hold no question that reached one")
    features = np.array([s.signals.vector() for s in samples], dtype=float)
    design = np.hstack([features, np.ones((len(samples), 1))])
    labels = np.array([float(s.answers) for s in samples])
    weights = np.zeros(design.shape[1])
    ridge = RIDGE * np.eye(design.shape[1])
    for _ in range(STEPS):
        probability = 1.0 / (1.0 + np.exp(-design @ weights))
        curvature = design.T @ (design * (probability * (1 - probability))[:, None]) + ridge
        gradient = design.T @ (labels - probability) - RIDGE * weights
        weights = weights + np.linalg.solve(curvature, gradient)
    *signal_weights, bias = (round(float(w), 3) for w in weights)
    return DecisionModel(tuple(signal_weights), bias)


def log_loss(model: DecisionModel, samples: Sequence[Sample]) -> float:
    """Mean negative log-likelihood of the labels under ``model`` (lower is better)."""
    total = 0.0
    for sample in samples:
        p = min(max(model.probability(sample.signals), 1e-9), 1 - 1e-9)
        total -= np.log(p) if sample.answers else np.log(1 - p)
    return float(total / max(len(samples), 1))
