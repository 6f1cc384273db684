"""The candidate scorer on the real pipeline: deterministic features, the shipped model loads and gives
calibrated probabilities, rules only takes its confidences from the model's metadata, and no confidence
is written by hand in the extraction code."""
from __future__ import annotations

import ast
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from kg.errors import ConfigError
from kg.extract import analyse, build_pipeline, extract, prepared
from kg.extract.features import Words, features, word
from kg.extract.pipeline import CANDIDATES, CONTEXT, TOKENS
from kg.extract.recognize import Token
from kg.extract.scorer import (
    LinearModel,
    calibrate,
    calibrate_relations,
    load_model,
    model_path,
    pool_margins,
    read_model,
    scored,
)
from kg.read import normalize
from kg.records import Candidate

# invented names, generic divisions
TEXT = ("本报讯 3月5日，区卫健局组建由5名党员组成的突击队，下沉到五里墩社区开展核酸检测。"
        "区财政局一级科员张建国下沉到乙社区，协助开展核酸检测。区委组织部部长李红梅来到五里墩社区检查防控工作。"
        "\n（记者 李文华）")
EXTRACT = Path(__file__).resolve().parents[2] / "kg" / "extract"


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The default pipeline, with the shipped model (the package's conftest gives the rules alone)."""
    return build_pipeline()


@pytest.fixture(scope="module")
def rules_only() -> Language:
    return build_pipeline(rules_only=True)


def _doc(nlp: Language, text: str = TEXT):
    return analyse(prepared(normalize(text, source="test")), nlp=nlp)


def test_features_are_deterministic_sorted_and_cover_the_families(nlp: Language) -> None:
    first, second = _doc(nlp), _doc(nlp)
    f1 = features(first.user_data[CANDIDATES], first.user_data[CONTEXT], first.user_data[TOKENS])
    f2 = features(second.user_data[CANDIDATES], second.user_data[CONTEXT], second.user_data[TOKENS])
    assert f1 == f2 and f1
    for c, f in zip(first.user_data[CANDIDATES], f1, strict=True):
        assert list(f) == sorted(set(f))
        rel = c.fact.predicate.value
        assert f"rel={rel}" in f and all(f"rule={r}" in f for r in c.rules)
    drafts = first.user_data[CONTEXT].resolution.drafts
    pair = {(drafts[c.fact.subject].name, drafts[c.fact.object].name): f
            for c, f in zip(first.user_data[CANDIDATES], f1, strict=True) if c.fact.predicate.value == "deployedTo"}
    f = pair[("张建国", "乙社区")]
    assert "deployedTo|subj=Person" in f and "deployedTo|obj=Place" in f
    assert "deployedTo|order=subj-first" in f and "deployedTo|sents=<=0" in f
    assert "deployedTo|obj.level=community" in f and "deployedTo|btw=下沉" in f
    assert any(x.startswith("deployedTo|words=") for x in f) and any(x.startswith("deployedTo|n-objects=") for x in f)
    # names are read as their class, never as themselves
    assert not any("张建国" in x or "乙社区" in x or "李红梅" in x for feats in f1 for x in feats)


def test_rule_names_that_read_like_features_still_give_each_feature_once(nlp: Language) -> None:
    doc = _doc(nlp)
    c = next(c for c in doc.user_data[CANDIDATES] if c.subject_span and c.object_span
             and "sents=<=0" in "".join(features([c], doc.user_data[CONTEXT], doc.user_data[TOKENS])[0]))
    # "rule=" + "x&sents=<=0" and "rule=x" + "&sents=<=0" are one string
    odd = replace(c, rules=("rule=x", "x&sents=<=0", "deployedTo|x"))
    f = features([odd], doc.user_data[CONTEXT], doc.user_data[TOKENS])[0]
    assert list(f) == sorted(set(f)) and "rule=x&sents=<=0" in f


def test_count_and_team_are_seen_in_the_pair_sentence(nlp: Language) -> None:
    text = "区卫健局5名党员组成突击队，下沉到五里墩社区。区财政局干部张建国下沉到乙社区。\n（记者 李文华）"
    doc = _doc(nlp, text)
    drafts = doc.user_data[CONTEXT].resolution.drafts
    pairs = {}
    for c, f in zip(doc.user_data[CANDIDATES],
                    features(doc.user_data[CANDIDATES], doc.user_data[CONTEXT], doc.user_data[TOKENS]), strict=True):
        if c.fact.predicate.value == "deployedTo":
            pairs[(drafts[c.fact.subject].name, drafts[c.fact.object].name)] = f
    plain = pairs[("张建国", "乙社区")]            # the second sentence: no count, no team
    assert "deployedTo|count-mentioned" not in plain and "deployedTo|team-mentioned" not in plain
    first = [f for (s, o), f in pairs.items() if o == "五里墩社区"]   # the first: 5名, 突击队
    assert first and all("deployedTo|count-mentioned" in f and "deployedTo|team-mentioned" in f for f in first)


def _deployment_features(nlp: Language, text: str) -> dict[tuple[str, str], tuple[str, ...]]:
    doc = _doc(nlp, text)
    drafts = doc.user_data[CONTEXT].resolution.drafts
    out = {}
    for c, f in zip(doc.user_data[CANDIDATES],
                    features(doc.user_data[CANDIDATES], doc.user_data[CONTEXT], doc.user_data[TOKENS]), strict=True):
        if c.fact.predicate.value == "deployedTo" and c.fact.subject in drafts and c.fact.object in drafts:
            out[(drafts[c.fact.subject].name, drafts[c.fact.object].name)] = f
    return out


def test_the_words_around_each_end_and_the_sentence_verbs_are_features(nlp: Language) -> None:
    text = "区财政局干部张建国下沉到乙社区。他每天在卡口值守。\n（记者 李文华）"
    f = _deployment_features(nlp, text)[("张建国", "乙社区")]
    assert "deployedTo|o.l1=到" in f or "deployedTo|o.l1=下沉到" in f   # the verb right before the place
    assert "deployedTo|o.sent-trig=下沉到" in f and "deployedTo|s.sent-trig=下沉到" in f
    assert "deployedTo|o.sent-trigs=<=1" in f
    # counter-example: a sentence without a deployment verb has none ("下沉" inside "下沉到" counts once)
    quiet = _deployment_features(nlp, "区财政局干部张建国和乙社区的居民一起包饺子。\n（记者 李文华）")
    assert all(not any("sent-trig=" in x for x in g) for g in quiet.values())
    assert all("deployedTo|o.sent-trigs=<=0" in g for g in quiet.values())


def test_the_finest_of_a_persons_places_is_marked(nlp: Language) -> None:
    text = "近日，永宁区抽调干部支援城关镇。区财政局干部张建国下沉到乙社区，协助开展核酸检测。\n（记者 李文华）"
    pairs = _deployment_features(nlp, text)
    finest, coarser = pairs[("张建国", "乙社区")], pairs[("张建国", "城关镇")]
    assert "deployedTo|place-finer-rivals=<=0" in finest            # no finer place among his candidates
    assert "deployedTo|place-finer-rivals=<=1" in coarser            # the community is finer than the town
    # counter-example: a person with one place has no rival to be compared with
    alone = _deployment_features(nlp, "区财政局干部张建国下沉到乙社区。\n（记者 李文华）")[("张建国", "乙社区")]
    assert not any("place-finer-rivals" in x or "place-holds-rival" in x for x in alone)


def test_the_clause_ends_between_the_ends_are_counted_by_which_comes_first(nlp: Language) -> None:
    text = "张建国、李文明负责甲村，王志强、赵春华负责乙村。\n（记者 李文华）"
    pairs = _deployment_features(nlp, text)
    own, other = pairs[("王志强", "乙村")], pairs[("王志强", "甲村")]
    assert "deployedTo|clauses=subj-first:<=0" in own      # 王志强负责乙村: one clause
    assert "deployedTo|clauses=obj-first:<=1" in other     # 甲村，王志强: the place closes the clause before
    # counter-example: a list separator (、) ends no clause
    listed = pairs[("张建国", "甲村")]
    assert "deployedTo|clauses=subj-first:<=0" in listed and "deployedTo|seps=<=1" in listed


def test_words_locate_and_slice_the_tagger_words() -> None:
    words = Words.of([Token(4, 6, "社区", "n"), Token(0, 2, "区委", "ORG"), Token(2, 4, "干部", "n")])
    assert [t.text for t in words.tokens] == ["区委", "干部", "社区"]
    assert words.names == tuple(word(t) for t in words.tokens) == ("<ORG>", "干部", "社区")
    assert words.index(3) == 1 and words.index(4) == 2 and words.index(9) == 3
    assert [t.text for t in words.between(2, 6)] == ["干部", "社区"]
    assert [t.text for t in words.between(1, 5)] == ["干部"]


def test_scored_is_replace(nlp: Language) -> None:
    """``scored`` names every field of a candidate: one added to ``Candidate`` must be added there too."""
    assert [f.name for f in fields(Candidate)] == ["fact", "rules", "subject_span", "object_span", "signals", "score"]
    for c in _doc(nlp).user_data[CANDIDATES]:
        assert scored(c, 0.25) == replace(c, score=0.25)


def test_the_shipped_model_loads_with_its_threshold() -> None:
    model = load_model("default")
    assert isinstance(model, LinearModel)
    data = read_model(model_path())
    assert model.threshold == data["threshold"] and model.weights and model.bias == data["bias"]
    assert load_model("none") is None and load_model(None) is None


def test_probabilities_are_in_unit_interval_and_calibration_is_monotone(nlp: Language) -> None:
    doc = _doc(nlp)
    scores = [c.score for c in doc.user_data[CANDIDATES]]
    assert scores and all(s is not None and 0.0 <= s <= 1.0 for s in scores)
    cal = read_model(model_path())["calibration"]
    p = calibrate(cal, np.linspace(-20, 20, 401))
    assert np.all(np.diff(p) >= 0) and p.min() >= 0.0 and p.max() <= 1.0
    assert p[-1] > p[0]


def test_a_relation_with_its_own_calibration_uses_it_and_the_others_the_overall_map() -> None:
    from kg.train import MIN_RELATION_LABELS, fit_calibrations

    rng = np.random.default_rng(0)
    m = rng.normal(size=400)
    rel = np.array(["deployedTo"] * 200 + ["memberOf"] * 190 + ["locatedIn"] * 10)
    # deployments are true far more often than their margin says; memberships as it says
    y = np.where(rel == "deployedTo", rng.random(400) < 0.8, rng.random(400) < 1 / (1 + np.exp(-m))).astype(float)
    overall, per = fit_calibrations("platt", m, y, rel)
    assert set(per) == {"deployedTo", "memberOf"}      # locatedIn: fewer than MIN_RELATION_LABELS of a label
    assert sum(y[rel == "locatedIn"]) < MIN_RELATION_LABELS or sum(1 - y[rel == "locatedIn"]) < MIN_RELATION_LABELS
    p = calibrate_relations(overall, per, m, rel.tolist())
    dep = rel == "deployedTo"
    assert abs(p[dep].mean() - y[dep].mean()) < 0.03               # its own map: calibrated on its own
    assert abs(calibrate(overall, m[dep]).mean() - y[dep].mean()) > 0.05   # the overall map is not
    assert np.array_equal(p[rel == "locatedIn"], calibrate(overall, m[rel == "locatedIn"]))
    assert np.array_equal(p[rel == "memberOf"], calibrate(per["memberOf"], m[rel == "memberOf"]))


def test_pooling_draws_each_list_item_towards_its_lists_mean() -> None:
    m = np.array([2.0, 0.0, -1.0, 5.0])
    pooled = pool_margins(m, [[0, 1, 2]], 0.5)
    assert np.allclose(pooled[:3], [0.5 * 2 + 0.5 * (1 / 3), 0.5 * 0 + 0.5 * (1 / 3), 0.5 * -1 + 0.5 * (1 / 3)])
    assert pooled[3] == 5.0                                   # counter-example: no list, its own margin
    assert np.array_equal(pool_margins(m, [[0, 1, 2]], 0), m)  # no pooling: the margins as they are
    # an item of two lists (a unit sent to three villages, listed with another unit): the mean of both means
    both = pool_margins(np.array([1.0, 3.0, 5.0]), [[0, 1], [1, 2]], 1.0)
    assert np.allclose(both, [2.0, 3.0, 4.0])
    assert np.array_equal(m, [2.0, 0.0, -1.0, 5.0])           # the input is not changed


def test_the_shipped_model_pools_the_items_of_a_list(nlp: Language) -> None:
    data = read_model(model_path())
    assert data["list_pooling"] > 0
    text = "区财政局干部张建国、李文明、王志强和赵春华等4人下沉到乙社区。\n（记者 李文华）"
    doc = _doc(nlp, text)
    ctx, cands = doc.user_data[CONTEXT], doc.user_data[CANDIDATES]
    drafts = ctx.resolution.drafts
    listed = [i for i, c in enumerate(cands) if c.fact.predicate.value == "deployedTo"
              and drafts[c.fact.subject].name in ("张建国", "李文明", "王志强", "赵春华")
              and drafts[c.fact.object].name == "乙社区"]
    assert len(listed) == 4
    pooled = [cands[i].score for i in listed]
    unpooled_model = replace(load_model("default"), list_pooling=0)
    unpooled = unpooled_model.probabilities(cands, ctx, doc.user_data[TOKENS])
    apart = [unpooled[i] for i in listed]
    assert max(pooled) - min(pooled) < max(apart) - min(apart)    # the items' scores drawn together
    # counter-example: a candidate in no list keeps its own score
    alone = [i for i, c in enumerate(cands) if i not in listed and c.fact.predicate.value == "author"]
    assert alone and all(abs(cands[i].score - unpooled[i]) < 1e-12 for i in alone)


def test_facts_keep_the_candidates_at_or_over_the_threshold(nlp: Language) -> None:
    doc = _doc(nlp)
    model = load_model("default")
    assert model is not None
    kept = {c.key for c in doc.user_data[CANDIDATES] if c.score is not None and c.score >= model.threshold}
    dropped = {c.key for c in doc.user_data[CANDIDATES]} - kept
    ex = extract(normalize(TEXT, source="test"), nlp=nlp)
    facts = {(f.subject, f.predicate, f.object) for f in ex.facts}
    assert facts <= kept and not facts & dropped
    assert all(f.confidence >= model.threshold for f in ex.facts)


def test_rules_only_takes_each_rules_train_precision_and_differs_from_the_model(nlp: Language,
                                                                              rules_only: Language) -> None:
    table = read_model(model_path())["rules_only"]
    doc = _doc(rules_only)
    for c in doc.user_data[CANDIDATES]:
        expected = max(table["rules"][r]["precision"] for r in c.rules if r in table["rules"])
        assert c.score == expected
    ex_rules = extract(normalize(TEXT, source="test"), nlp=rules_only)
    ex_model = extract(normalize(TEXT, source="test"), nlp=nlp)
    conf_rules = {(f.subject, f.predicate, f.object): f.confidence for f in ex_rules.facts}
    conf_model = {(f.subject, f.predicate, f.object): f.confidence for f in ex_model.facts}
    shared = set(conf_model) & set(conf_rules)
    assert shared and any(conf_rules[k] != conf_model[k] for k in shared)


def test_a_missing_model_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="kg train"):
        read_model(tmp_path / "scorer.json")
    (tmp_path / "other.json").write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="format"):
        read_model(tmp_path / "other.json")


# --------------------------------------------------------------------------- no hand-set confidence

_CONFIDENCE_NAMES = ("conf", "score", "prob")


def _number(node: ast.AST | None) -> bool:
    """A numeric literal, or an expression made only of numeric literals (``0.9 if x else 0.7``)."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.IfExp):
        return _number(node.body) or _number(node.orelse)
    if isinstance(node, ast.UnaryOp | ast.BinOp):
        return all(_number(n) for n in ast.iter_child_nodes(node) if not isinstance(n, ast.operator | ast.unaryop))
    return False


def hand_set_confidences(source: str, filename: str = "<code>") -> list[str]:
    """Where code sets a confidence or score by hand: a literal as the 5th argument of ``Fact(...)`` (its
    confidence), a ``confidence=``/``score=`` keyword, or a literal assigned to a name about confidence."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "Fact" and len(node.args) >= 5 and _number(node.args[4]):
                found.append(f"{filename}:{node.lineno}: Fact(..., {ast.unparse(node.args[4])})")
            for kw in node.keywords:
                if kw.arg in ("confidence", "score") and _number(kw.value):
                    found.append(f"{filename}:{node.lineno}: {kw.arg}={ast.unparse(kw.value)}")
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                label = t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else ""
                if any(k in label.lower() for k in _CONFIDENCE_NAMES) and _number(node.value):
                    found.append(f"{filename}:{node.lineno}: {label} = {ast.unparse(node.value)}")  # type: ignore[arg-type]
    return found


def test_the_scan_finds_a_hand_set_confidence() -> None:
    code = ("facts.append(Fact(a, p, b, ev, 0.8, derived='x'))\n"
            "conf = 0.9 if posts else 0.7\n"
            "c = replace(c, score=0.5)\n"
            "f = Fact(a, p, b, ev, model_score)\n")
    assert len(hand_set_confidences(code)) == 3


def test_no_confidence_is_set_by_hand_in_the_extraction_code() -> None:
    found = [hit for path in sorted(EXTRACT.rglob("*.py"))
             for hit in hand_set_confidences(path.read_text(encoding="utf-8"), str(path.relative_to(EXTRACT)))]
    assert found == []


@pytest.mark.parametrize("name", ["scorer.py", "features.py"])
def test_the_scorer_and_its_features_hold_no_float_literal(name: str) -> None:
    tree = ast.parse((EXTRACT / name).read_text(encoding="utf-8"))
    floats = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, float)]
    assert floats == []


def test_list_siblings_tell_each_item_what_the_rules_found_for_the_others(nlp: Language) -> None:
    text = "区文旅委抽调志愿者45名赴一线支援青河街道、白沙街道、石岭镇等镇街开展疫情防控工作。\n（记者 李文华）"
    pairs = _deployment_features(nlp, text)
    middle, first = pairs[("区文旅委", "白沙街道")], pairs[("区文旅委", "青河街道")]
    assert "deployedTo|sib-o" in middle and "deployedTo|sib-o" in first
    # the focus rule proposed the first and the last item, not the middle one: the middle one is told so
    assert "deployedTo|sib-o-rule=deployedTo.focus" in middle
    assert not any("sib-o-rule=deployedTo.focus" in x for x in first)
    # counter-example: the same places outside a list are no siblings
    apart = _deployment_features(nlp, "区文旅委抽调志愿者赴一线支援青河街道。白沙街道的居民前来致谢。\n（记者 李文华）")
    assert all(not any("sib-" in x for x in g) for g in apart.values())


def test_the_second_pass_reads_the_first_pass_of_the_neighbours(nlp: Language) -> None:
    """The shipped model scores twice (``collective`` in the model file); a weight of the second pass on a
    collective feature moves exactly the candidates that carry it."""
    data = read_model(model_path())
    assert data["collective"]["weights"], "the shipped model has no second pass"
    assert any("|c-" in f for f in data["collective"]["weights"])
    doc = _doc(nlp)
    cands, ctx, tokens = doc.user_data[CANDIDATES], doc.user_data[CONTEXT], doc.user_data[TOKENS]
    shipped = LinearModel.from_data(data, "shipped")
    base = shipped.probabilities(cands, ctx, tokens)
    bias, weights = shipped.collective
    pushed = replace(shipped, collective=(bias, {**weights, "deployedTo|c-member=none": 3.0}))
    moved = pushed.probabilities(cands, ctx, tokens)
    for c, p, q in zip(cands, base, moved, strict=True):
        if c.fact.predicate.value == "deployedTo" and c.fact.subject.startswith("person:"):
            assert q >= p    # (no membership of the person proposed: the feature is there)
        elif c.fact.predicate.value != "deployedTo":
            assert q == p
    assert any(q > p for p, q in zip(base, moved, strict=True))
    one_pass = replace(shipped, collective=None)
    assert one_pass.probabilities(cands, ctx, tokens) != base
