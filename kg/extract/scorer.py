"""Scoring: a trained model gives each candidate a calibrated probability (``Candidate.score``).

The model is trained by ``kg train`` on the corpus's train split and calibrated on dev (``kg.train``); it
ships inside the package as JSON (``kg/extract/model/scorer.json``): a logistic regression's weights over
the candidate features of ``kg.extract.features``, a calibration map (isotonic table or Platt
coefficients) and the decision threshold. The subjects listed together and paired with one and the same
object (``kg.extract.siblings``: a list of names is stated as a whole) share part of their margin: each one's margin is
drawn towards its list's mean by the model's ``list_pooling`` weight, before calibration. Applying it is a
sum of weights and ``numpy.interp``: no training library is needed at run time.

``--rules-only`` runs without the model: a fact's confidence is then the precision its rules had on the
train split, as the model's metadata records it (``rules_only``). Nothing here sets a confidence by hand.

``MODELS`` holds the loaders by name (``"default"``: the shipped model).
"""
from __future__ import annotations

import itertools
import json
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kg.errors import ConfigError
from kg.extract.collective import from_margins
from kg.extract.context import Context
from kg.extract.features import feature_parts
from kg.extract.recognize import Token
from kg.extract.siblings import subject_lists
from kg.records import Candidate
from kg.registry import Registry

FORMAT = "frontline-kg/scorer-1"
MODEL_FILE = "scorer.json"


class Model(Protocol):
    """A candidate scorer: calibrated probabilities, and the threshold a fact must reach."""

    @property
    def name(self) -> str: ...

    @property
    def threshold(self) -> float: ...

    def probabilities(self, candidates: Sequence[Candidate], ctx: Context, tokens: Sequence[Token]
                      ) -> list[float]: ...


MODELS: Registry[object] = Registry("models")


def model_path() -> Path:
    """Where the shipped model lives (inside the package)."""
    return Path(str(resources.files("kg.extract") / "model" / MODEL_FILE))


def read_model(path: Path) -> dict[str, Any]:
    """The model file's content, checked for its format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no scorer model at {path}; build it with `kg train --split train`, "
                          f"or extract with --rules-only") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: not a readable scorer model ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f"{path}: not a scorer model of format {FORMAT!r}; rebuild it with `kg train`")
    return data


_ZEROS = itertools.repeat(0)   # weights.get(f, 0): an unknown feature adds nothing


@lru_cache(maxsize=1)
def shipped_data() -> dict[str, Any]:
    return read_model(model_path())


def margin(feats: Iterable[str], weights: Mapping[str, float], bias: float) -> float:
    """The linear model's margin: the bias plus the weights of the features present (unknown ones weigh 0),
    summed exactly (``math.fsum``): the same float in whatever order the features come (scoring reads them
    unsorted, in an order that may follow the hash seed)."""
    return math.fsum(itertools.chain(map(weights.get, feats, _ZEROS), (bias,)))


def exact_partials(values: Iterable[float]) -> tuple[float, ...]:
    """Floats whose exact sum is the exact sum of ``values``: Shewchuk's non-overlapping partials, as
    ``math.fsum`` keeps them before it rounds. ``math.fsum`` over them and other numbers is therefore
    ``math.fsum`` over the values and those numbers, to the last bit (both are the exact sum, rounded once)."""
    partials: list[float] = []
    for x in values:
        i = 0
        for y in partials:
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo:
                partials[i] = lo
                i += 1
            x = hi
        partials[i:] = [x]
    return tuple(partials)


_BLOCKS_KEPT = 100_000   # the summed feature tuples a model keeps (LinearModel.block); then it starts anew


def pool_margins(margins: np.ndarray, groups: Iterable[Sequence[int]], weight: float) -> np.ndarray:
    """Each margin of a group member drawn towards its group's mean: ``(1 - weight) * own + weight * mean``,
    the mean over the member's groups where it is in several (a list of names paired with one place, a
    unit paired with a list of places); members of no group keep their margin."""
    if not weight:
        return margins
    sums: dict[int, float] = {}     # member -> the sum of its groups' means, in the order of the groups
    counts: dict[int, int] = {}
    for group in groups:
        members = list(group)
        if not members:
            continue
        mean = np.add.reduce(margins[members]) / len(members)    # (ndarray.mean, without its checks)
        for i in dict.fromkeys(members):   # (once per group, as a fancy-indexed += adds it)
            sums[i] = sums.get(i, 0) + mean
            counts[i] = counts.get(i, 0) + 1
    out = np.array(margins, dtype=np.float64)
    if sums:
        held = np.fromiter(sums, dtype=np.intp, count=len(sums))
        out[held] = ((1 - weight) * out[held]
                     + weight * np.fromiter(sums.values(), dtype=np.float64, count=len(sums))
                     / np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    return out


def calibrate(calibration: Mapping[str, Any], margins: np.ndarray) -> np.ndarray:
    """Margins -> calibrated probabilities: isotonic (``np.interp`` over the fitted steps, clipped at the
    ends, as scikit-learn's ``IsotonicRegression`` predicts) or Platt (a sigmoid of ``a * m + b``)."""
    method = calibration.get("method")
    if method == "isotonic":
        return np.interp(margins, np.asarray(calibration["x"], float), np.asarray(calibration["y"], float))
    if method == "platt":
        return 1 / (1 + np.exp(-(calibration["a"] * margins + calibration["b"])))
    raise ConfigError(f"unknown calibration {method!r}; expected isotonic or platt")


def calibrate_relations(calibration: Mapping[str, Any], by_relation: Mapping[str, Mapping[str, Any]],
                        margins: np.ndarray, relations: Sequence[str]) -> np.ndarray:
    """Margins -> probabilities with each relation's own calibration map where it has one (fitted on
    enough of its dev candidates), else the map of all relations."""
    probs = np.asarray(calibrate(calibration, margins), dtype=np.float64)
    if by_relation and len(margins):
        rel = np.asarray(relations)
        for name, cal in by_relation.items():
            mask = rel == name
            if mask.any():
                probs[mask] = calibrate(cal, margins[mask])
    return probs


@dataclass(frozen=True)
class LinearModel:
    """The shipped scorer: logistic-regression weights, a calibration map and a threshold."""

    name: str
    threshold: float
    bias: float
    weights: Mapping[str, float]
    calibration: Mapping[str, Any]
    calibration_by_relation: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    list_pooling: float = 0      # how far a list item's margin is drawn towards its list's (pool_margins)
    # the second pass (kg.extract.collective): its bias and weights over the features and the collective ones
    collective: tuple[float, Mapping[str, float]] | None = None
    # each feature tuple's weights summed exactly (``block``), per pass, built as the tuples come
    _blocks: dict[tuple[str, ...], tuple[tuple[float, ...], tuple[float, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], name: str) -> LinearModel:
        try:
            # interned keys: the features' own strings kept for the process are interned (kg.extract.features),
            # and their weights are found by identity
            second = data.get("collective")
            return cls(name, float(data["threshold"]), float(data["bias"]),
                       {sys.intern(k): v for k, v in dict(data["weights"]).items()},
                       dict(data["calibration"]), dict(data.get("calibration_by_relation") or {}),
                       float(data.get("list_pooling", 0)),
                       (float(second["bias"]), {sys.intern(k): v for k, v in dict(second["weights"]).items()})
                       if second else None)
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"scorer model {name!r} lacks {exc}; rebuild it with `kg train`") from exc

    def block(self, feats: tuple[str, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """The weights of a tuple of features that many candidates share (``features.feature_parts``) in the
        first pass and in the second, each summed exactly (``exact_partials``): once per tuple, not once per
        candidate."""
        found = self._blocks.get(feats)
        if found is None:
            if len(self._blocks) >= _BLOCKS_KEPT:
                self._blocks.clear()
            second = self.collective[1] if self.collective is not None else {}
            found = self._blocks[feats] = (exact_partials(map(self.weights.get, feats, _ZEROS)),
                                           exact_partials(map(second.get, feats, _ZEROS)))
        return found

    def probabilities(self, candidates: Sequence[Candidate], ctx: Context, tokens: Sequence[Token]
                      ) -> list[float]:
        if not candidates:
            return []
        # each candidate's own features and its shared tuples, summed as ``margin`` sums them all (exactly: the
        # same float), a tuple's weights looked up once
        parts = [(own, [self.block(b) for b in blocks]) for own, blocks in feature_parts(candidates, ctx, tokens)]
        relations = [c.fact.predicate.value for c in candidates]
        lists = subject_lists(candidates, ctx) if self.list_pooling else []
        margins = np.array([math.fsum(itertools.chain(map(self.weights.get, own, _ZEROS), *(p for p, _ in held),
                                                      (self.bias,)))
                            for own, held in parts], dtype=np.float64)
        if self.list_pooling:
            margins = pool_margins(margins, lists, self.list_pooling)
        if self.collective is not None:
            # the second pass: each candidate's features and what the first pass thinks of its neighbours
            bias, weights = self.collective
            extra = from_margins([(r, c.fact.subject, c.fact.object) for r, c in zip(relations, candidates,
                                                                                     strict=True)], margins)
            margins = np.array([math.fsum(itertools.chain(map(weights.get, own, _ZEROS), *(q for _, q in held),
                                                          map(weights.get, x, _ZEROS), (bias,)))
                                for (own, held), x in zip(parts, extra, strict=True)], dtype=np.float64)
            if self.list_pooling:
                margins = pool_margins(margins, lists, self.list_pooling)
        probs = calibrate_relations(self.calibration, self.calibration_by_relation, margins, relations)
        return [float(p) for p in probs]


@MODELS.register("default")
def shipped_model() -> Model:
    """The model shipped in the package."""
    return LinearModel.from_data(shipped_data(), "default")


def load_model(name: str | None) -> Model | None:
    """The model registered as ``name``; None (or "none") for rules only."""
    if name in (None, "", "none"):
        return None
    loader = MODELS.get(name)
    return loader()  # type: ignore[operator,no-any-return]


@dataclass(frozen=True)
class RulePrecision:
    """Rules only: each rule's precision on the train split (``rules_only`` of the model's metadata)."""

    overall: float
    rules: Mapping[str, float]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RulePrecision:
        try:
            table = data["rules_only"]
            return cls(float(table["overall"]), {r: float(v["precision"]) for r, v in table["rules"].items()})
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"the scorer model has no rule precisions ({exc}); rebuild it with `kg train`") from exc

    def confidence(self, rules: Sequence[str]) -> float:
        """The best train precision among the candidate's rules; a rule trained without, the overall one."""
        known = [self.rules[r] for r in rules if r in self.rules]
        return max(known) if known else self.overall


@lru_cache(maxsize=1)
def rule_precision() -> RulePrecision:
    return RulePrecision.from_data(shipped_data())


def score(candidates: Sequence[Candidate], ctx: Context, model: Model | None,
          tokens: Sequence[Token] = ()) -> list[Candidate]:
    """The candidates with ``score`` set: the model's calibrated probability, or (rules only) the train
    precision of the rules that proposed it."""
    if model is None:
        table = rule_precision()
        return [scored(c, table.confidence(c.rules)) for c in candidates]
    probs = model.probabilities(candidates, ctx, tokens)
    return [scored(c, p) for c, p in zip(candidates, probs, strict=True)]


def scored(c: Candidate, score: float) -> Candidate:
    """``replace(c, score=score)``, field by field: ``dataclasses.replace`` reads the fields anew on every call
    (a cost per candidate); ``test_scored_is_replace`` holds this to every field of ``Candidate``."""
    return Candidate(c.fact, c.rules, c.subject_span, c.object_span, c.signals, score)


def threshold(model: Model | None) -> float:
    """The score a candidate needs to become a fact (rules only: every candidate is kept)."""
    return model.threshold if model is not None else -math.inf
