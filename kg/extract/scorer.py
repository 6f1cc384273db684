"""Scoring: a trained model gives each candidate a calibrated probability (``Candidate.score``).

The model is trained by ``kg train`` on the corpus's train split and calibrated on dev; it ships
inside the package. ``--rules-only`` runs without it. ``MODELS`` holds the loaders by name.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from kg.extract.context import Context
from kg.records import Candidate
from kg.registry import Registry


class Model(Protocol):
    """A candidate scorer: calibrated probabilities, and the threshold a fact must reach."""

    name: str
    threshold: float

    def probabilities(self, candidates: Sequence[Candidate], ctx: Context) -> list[float]: ...


MODELS: Registry[object] = Registry("models")


@MODELS.register("default")
def shipped_model() -> Model | None:
    """The model shipped in the package (None until one is trained: rules only)."""
    return None


def load_model(name: str | None) -> Model | None:
    """The model registered as ``name``; None (or "none") for rules only."""
    if name in (None, "", "none"):
        return None
    loader = MODELS.get(name)
    return loader()  # type: ignore[operator,no-any-return]


# PLACEHOLDER for i-score to replace: in rules-only mode every candidate scores 1.0 until each rule's
# precision measured on the train split ships with the model (no rule sets a confidence any more).
RULES_ONLY_SCORE = 1.0


def score(candidates: Sequence[Candidate], ctx: Context, model: Model | None) -> list[Candidate]:
    """The candidates with ``score`` set."""
    if model is None:
        return [replace(c, score=RULES_ONLY_SCORE) for c in candidates]
    probs = model.probabilities(candidates, ctx)
    return [replace(c, score=p) for c, p in zip(candidates, probs, strict=True)]


def threshold(model: Model | None) -> float:
    return model.threshold if model is not None else 0.0
