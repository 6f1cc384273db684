"""Rules are data: ``kg/extract/patterns/<relation>/*.yaml``.

Every file holds one rule or a list under ``rules:``. A rule names the relation it proposes, the
registered *kind* (a generic proposer in code, ``RULE_KINDS``) that runs it, the kind's parameters
(trigger words, patterns, windows), and examples and counter-examples::

    name: deployedTo.sent-to-place         # unique; recorded as the fact's provenance (fk:rule)
    relation: deployedTo                   # a contract predicate (kg.records.Predicate)
    kind: trigger-clause                   # a key of RULE_KINDS
    params: {triggers: [下沉到, 进驻]}
    examples:                              # the rule must propose each listed triple on the text
      - text: 区卫健局干部张建华下沉到五里墩社区。
        expect: [[张建华, deployedTo, 五里墩社区]]
    counter_examples:                      # the rule must not propose the listed triples
      - text: 张建华从五里墩社区下沉到后宰门街道。
        reject: [[张建华, deployedTo, 五里墩社区]]
      - text: 他在五里墩社区住了二十年。   # no reject list: nothing of the relation at all
        note: residence is not deployment

A rule with ``recall_only: true`` proposes for recall (every typed pair of a window, every member of a
team in focus) for the trained scorer to judge: without the model (``--rules-only``) its candidates
alone never become facts.

Entity rules (``relation: null``, directory ``patterns/entities/``) use ``expect``/``reject`` lists of
``[name, type]`` pairs instead. Names in examples are written for the genre and never taken from an
evaluation article (tests/corpus/test_contamination.py checks the patterns too).

Adding a relation or a trigger is one data file and its examples; the test suite runs every
example through the real pipeline (tests/extract/test_patterns.py).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from kg.errors import ConfigError
from kg.records import Predicate
from kg.registry import Registry

if TYPE_CHECKING:
    from kg.extract.context import Context
    from kg.records import Candidate

ENTITY_TYPES = ("Person", "Organization", "Place")


class RuleError(ConfigError):
    """A pattern file that cannot be used: the message names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    triples: tuple[tuple[str, ...], ...] = ()   # expect (examples) or reject (counter-examples)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    relation: Predicate | None        # None: an entity rule
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    counter_examples: tuple[Example, ...] = ()
    source: str = ""
    description: str = ""
    recall_only: bool = False   # proposes for recall (every pair of a window): alone, never a fact without the model


RuleKind = Callable[["Context", Rule], "list[Candidate]"]
RULE_KINDS: Registry[RuleKind] = Registry("rule_kinds")
KIND_STAGES: dict[str, int] = {}
DEFAULT_STAGE = 100   # kinds registered without a stage run after the sentence-level kinds


def rule_kind(name: str, *, stage: int = DEFAULT_STAGE) -> Callable[[RuleKind], RuleKind]:
    """Register a rule kind that runs at ``stage``: the candidate component runs the rules in stage
    order (then file order), so a kind may read what kinds of earlier stages found."""
    def deco(kind: RuleKind) -> RuleKind:
        RULE_KINDS.register(name)(kind)
        KIND_STAGES[name] = stage
        return kind
    return deco


def stage_of(rule: Rule) -> int:
    return KIND_STAGES.get(rule.kind, DEFAULT_STAGE)


T = TypeVar("T")
_DERIVED: dict[tuple[int, Hashable], tuple[Rule, Any]] = {}


def derived(rule: Rule, what: Hashable, build: Callable[[], T]) -> T:
    """``build()``, a value read from the rule (``what`` names it), computed once per rule object: a rule and
    its params do not change once loaded, and the kinds read them on every article. The rule is held with
    the value, so its id names no other rule meanwhile; a failing ``build`` raises again each time."""
    key = (id(rule), what)
    held = _DERIVED.get(key)
    if held is None or held[0] is not rule:
        held = _DERIVED[key] = (rule, build())
    return held[1]  # type: ignore[no-any-return]


def patterns_root() -> Path:
    """The pattern directory shipped inside the package."""
    return Path(str(resources.files("kg.extract") / "patterns"))


def _examples(raw: Any, where: str, key: str) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RuleError(f"{where}: examples must be a list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise RuleError(f"{where}: example {i} needs a non-empty 'text'")
        triples = item.get(key) or []
        if not isinstance(triples, list) or not all(isinstance(t, list) and 2 <= len(t) <= 3 for t in triples):
            raise RuleError(f"{where}: example {i}: '{key}' must be a list of [subject, relation, object] "
                            "(or [name, type] for entity rules)")
        out.append(Example(item["text"], tuple(tuple(str(x) for x in t) for t in triples), str(item.get("note", ""))))
    return tuple(out)


def parse_rule(raw: Any, source: str) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{source}: a rule must be a mapping")
    name = raw.get("name")
    where = f"{source}: rule {name!r}"
    if not isinstance(name, str) or not name:
        raise RuleError(f"{source}: a rule needs a 'name'")
    relation = raw.get("relation")
    try:
        predicate = Predicate(relation) if relation is not None else None
    except ValueError:
        raise RuleError(f"{where}: unknown relation {relation!r}; known: "
                        f"{', '.join(p.value for p in Predicate)}") from None
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind:
        raise RuleError(f"{where}: needs a 'kind' (a registered rule kind)")
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        raise RuleError(f"{where}: 'params' must be a mapping")
    shared = raw.get("params_from")
    if shared is not None and (not isinstance(shared, str) or not shared):
        raise RuleError(f"{where}: 'params_from' must name another rule")
    if shared is not None:
        params = {_PARAMS_FROM: shared, **params}
    recall_only = raw.get("recall_only", False)
    if not isinstance(recall_only, bool):
        raise RuleError(f"{where}: 'recall_only' is true or false")
    return Rule(name=name, relation=predicate, kind=kind, params=params,
                examples=_examples(raw.get("examples"), where, "expect"),
                counter_examples=_examples(raw.get("counter_examples"), where, "reject"),
                source=source, description=str(raw.get("description", "")), recall_only=recall_only)


def read_rules(paths: Iterable[Path], root: Path | None = None, *, share: bool = True) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(paths):
        source = str(path.relative_to(root)) if root is not None else path.name
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            raise RuleError(f"{source}: not valid YAML: {exc}") from exc
        items = data.get("rules") if isinstance(data, dict) and "rules" in data else [data]
        if not isinstance(items, list):
            raise RuleError(f"{source}: 'rules' must be a list")
        for raw in items:
            rule = parse_rule(raw, source)
            if rule.name in seen:
                raise RuleError(f"{source}: rule {rule.name!r} is also defined in {seen[rule.name]}")
            seen[rule.name] = source
            rules.append(rule)
    return _share_params(rules) if share else tuple(rules)


# libyaml's parser when the wheel carries it (about ten times faster than the pure-Python one)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PARAMS_FROM = "__params_from__"


def _share_params(rules: list[Rule]) -> tuple[Rule, ...]:
    """``params_from: <rule>``: the rule takes the named rule's params (its own keys win), so rules of
    several relations read by one kind keep one list of triggers."""
    by_name = {r.name: r for r in rules}
    out = []
    for r in rules:
        source = r.params.get(_PARAMS_FROM)
        if source is None:
            out.append(r)
            continue
        base = by_name.get(source)
        if base is None or _PARAMS_FROM in base.params:
            raise RuleError(f"{r.source}: rule {r.name!r}: params_from {source!r} must name a rule with its own "
                            "params in the same pattern set")
        if base.kind != r.kind:
            raise RuleError(f"{r.source}: rule {r.name!r}: params_from {source!r} is of kind {base.kind!r}, "
                            f"not {r.kind!r}")
        own = {k: v for k, v in r.params.items() if k != _PARAMS_FROM}
        out.append(replace(r, params={**base.params, **own}))
    return tuple(out)


def load_rules(root: str | None = None) -> tuple[Rule, ...]:
    """Every rule under ``root`` (default: the shipped patterns), in file order.

    ``root`` may name several directories joined by ``os.pathsep`` (the shipped one and one of
    your own: ``f"{patterns_root()}{os.pathsep}my-patterns"``); a rule of one may take its params
    from a rule of another (``params_from``). Read once per process and root (``load_rules()``,
    ``load_rules(None)`` and ``load_rules("")`` are the same root)."""
    return _load_rules(root or None)


@lru_cache(maxsize=4)
def _load_rules(root: str | None) -> tuple[Rule, ...]:
    bases = [Path(p) for p in root.split(os.pathsep) if p] if root else [patterns_root()]
    rules: list[Rule] = []
    for base in bases:
        if not base.is_dir():
            raise RuleError(f"no pattern directory at {base}")
        rules += read_rules(base.rglob("*.yaml"), base, share=False)
    return _share_params(_unique(rules))


def _unique(rules: list[Rule]) -> list[Rule]:
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.name in seen:
            raise RuleError(f"{rule.source}: rule {rule.name!r} is also defined in {seen[rule.name]}")
        seen[rule.name] = rule.source
    return rules


def relation_rules(rules: Sequence[Rule]) -> list[Rule]:
    return [r for r in rules if r.relation is not None]


def entity_rules(rules: Sequence[Rule]) -> list[Rule]:
    return [r for r in rules if r.relation is None]


def check_kinds(rules: Sequence[Rule]) -> None:
    """Every relation rule's kind is registered (fails early, naming the rule and the known kinds); the
    entity rules' kinds are checked where the entity rules are read (``kg.extract.entity_rules``)."""
    for rule in relation_rules(rules):
        if rule.kind not in RULE_KINDS:
            raise RuleError(f"{rule.source}: rule {rule.name!r}: unknown kind {rule.kind!r}; "
                            f"known: {', '.join(RULE_KINDS.names())}")


# --------------------------------------------------------------------------- examples


def proposed_by(doc: Any, rule: Rule) -> set[tuple[str, str, str]]:
    """(subject, relation, object) names of the candidates ``rule`` proposed on a processed doc.

    Names are the entities' canonical names and every alias; a post is its literal; the article is
    ``ARTICLE``.
    """
    from kg.extract.pipeline import CANDIDATES, CONTEXT
    from kg.records import ARTICLE

    ctx = doc.user_data[CONTEXT]
    drafts = ctx.resolution.drafts

    def names(key: str) -> list[str]:
        if key == ARTICLE:
            return [ARTICLE]
        d = drafts.get(key)
        return [d.name, *d.aliases] if d is not None else [key]

    out: set[tuple[str, str, str]] = set()
    for c in doc.user_data[CANDIDATES]:
        if rule.name not in c.rules:
            continue
        f = c.fact
        objects = [f.object] if f.predicate is Predicate.JOB_TITLE else names(f.object)
        out |= {(s, f.predicate.value, o) for s in names(f.subject) for o in objects}
    return out


def example_problems(nlp: Any, rule: Rule) -> list[str]:
    """What is wrong with a relation rule's examples and counter-examples on the real pipeline."""
    from kg.extract import analyse, prepared
    from kg.read import normalize

    def read_text(text: str, source: str) -> Any:
        return prepared(normalize(text, source=source))

    problems: list[str] = []
    for ex in rule.examples:
        got = proposed_by(analyse(read_text(ex.text, source="example"), nlp=nlp), rule)
        for s, p, o in (t for t in ex.triples if len(t) == 3):
            if (s, p, o) not in got:
                problems.append(f"{rule.name}: example {ex.text!r}: expected {s} {p} {o}; proposed {sorted(got)}")
    for ex in rule.counter_examples:
        got = proposed_by(analyse(read_text(ex.text, source="counter-example"), nlp=nlp), rule)
        rejected = [t for t in ex.triples if len(t) == 3]
        if rejected:
            problems += [f"{rule.name}: counter-example {ex.text!r}: proposed {s} {p} {o}"
                         for s, p, o in rejected if (s, p, o) in got]
        elif got:
            problems.append(f"{rule.name}: counter-example {ex.text!r}: proposed {sorted(got)}")
    return problems
