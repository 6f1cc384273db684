"""The faster forms of the extraction's lookups agree with their plain definitions: the same matches, the
same tokens, the same mentions, the same candidates (on the genre's text and on random strings)."""
from __future__ import annotations

import itertools
import math
import random
import re
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language

from kg.extract import analyse, prepared
from kg.extract.candidates import merge, with_rules
from kg.extract.collective import _keep
from kg.extract.context import Context, _labelled, mention_near, restated
from kg.extract.discourse import _OnePerPair
from kg.extract.features import _triggers_by_sentence, feature_parts, features
from kg.extract.lexicons import GRADED_POST
from kg.extract.pipeline import CANDIDATES, CONTEXT, TOKENS, make_doc, resources_of
from kg.extract.recognize import (
    _CONJUNCT_END,
    DATE_RE,
    Token,
    Tokens,
    _date_matches,
    _token_index,
    occurrences,
    split_sentences,
)
from kg.extract.relations import _triggers
from kg.extract.rules import Rule
from kg.extract.scorer import LinearModel, exact_partials, load_model, margin, pool_margins
from kg.read import normalize, read_file
from kg.records import PRECISE, Candidate, Evidence, Fact, PartialDate, Predicate

TEXT = ("2月3日，武侯区卫健局二级主任科员李志刚下沉到玉林街道黄门街社区。次日凌晨1点，他和王小红、张三丰"
        "来到五里墩社区卡口值守，3日下午又前往十二月村。成都市组建的医疗队驰援德阳市，队长陈某某说：“我们"
        "每日都在。”该社区党支部书记赵四海（区人民医院副院长）说，下沉干部已于19日晚抵达。")


GOLD = Path(__file__).resolve().parents[1] / "data" / "gold"


def _gold_texts() -> list[str]:
    """The texts of the gold articles (real articles of the genre), as the pipeline reads them."""
    return [prepared(a).text for f in sorted(GOLD.glob("*.txt")) for a in read_file(f)]


def _random_texts(alphabet: str, count: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40))) for _ in range(count)]


@pytest.fixture(scope="module")
def ctx(nlp: Language) -> Context:
    article = prepared(normalize(TEXT, source="test"))
    return analyse(article, nlp=nlp).user_data[CONTEXT]  # type: ignore[no-any-return]


def test_occurrences_are_the_matches_of_the_escaped_word() -> None:
    for text in [TEXT, "aaaa", "ababab", "", *_random_texts("ab.*", 300, 1)]:
        for word in ("a", "aa", "aba", ".*", "社区", "", "b"):
            assert list(occurrences(text, word)) == [m.span() for m in re.finditer(re.escape(word), text)]


def test_dates_are_tried_where_they_can_open() -> None:
    alphabet = ("0123456789０１〇零一二两三四五六七八九十年月日号第二天次日翌当天晚昨今凌晨点时份初底中旬下午"
                "每多数几，。\n a")
    for text in [TEXT, *_random_texts(alphabet, 3000, 2)]:
        plain = [(m.span(), m.groupdict()) for m in DATE_RE.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _date_matches(text)] == plain


def _searched(tokens: list[Token], pos: int) -> int:
    """The token holding ``pos``, searched by hand (the definition)."""
    return next((k for k, t in enumerate(tokens) if t.start <= pos < t.end), -1)


def test_a_position_finds_its_token_by_bisection() -> None:
    words = [Token(0, 2, "武侯", "LOC"), Token(2, 2, "", "w"), Token(2, 5, "卫健局", "ORG"),
             Token(7, 9, "干部", "n"), Token(9, 10, "李", "PER")]   # an empty word, a gap between sentences
    tokens = Tokens(words)
    assert tokens.starts is not None
    for pos in range(-2, 13):
        assert _token_index(tokens, pos) == _token_index(words, pos) == _searched(words, pos)
    assert Tokens([Token(0, 3, "abc", "n"), Token(1, 2, "b", "n")]).starts is None   # overlapping: by hand


def test_the_post_regex_lookahead_keeps_every_match(nlp: Language) -> None:
    res = resources_of(nlp)
    plain = re.compile(GRADED_POST + "|" + "|".join(map(re.escape, res.lexicons.posts)))
    pieces = [*res.lexicons.posts[:60], "一级科员", "三级主任科员", "四级警长", "二级", "局", "，", "张"]
    rnd = random.Random(3)
    for text in [TEXT] + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(2000)]:
        assert [m.span() for m in res.post_re.finditer(text)] == [m.span() for m in plain.finditer(text)]
        for s in range(0, len(text), 3):
            assert bool(res.post_re.fullmatch(text, s, s + 4)) == bool(plain.fullmatch(text, s, s + 4))


def test_the_conjunct_is_searched_in_its_last_characters() -> None:
    for text in _random_texts("甲乙丙（）()\n 、a", 3000, 4):
        for start in range(1, len(text) + 1):
            found = _CONJUNCT_END.search(text, max(0, start - 14), start - 1)
            plain = re.search(r"([\u4e00-\u9fff（）()]{1,12})$", text[: start - 1])
            assert (found and found.group(1)) == (plain and plain.group(1))


def test_mentions_between_and_at_are_the_filtered_mentions(ctx: Context) -> None:
    n = len(ctx.text)
    assert {"PERSON", "ORG", "PLACE", "POST", "DATE"} <= {c.label for c in ctx.cands}
    assert ctx.labelled("PERSON").starts is not None   # recognition sorts the mentions: bisection
    unsorted = _labelled(list(reversed(ctx.cands)))    # (else each range is filtered)
    assert unsorted["PLACE"].starts is None
    assert unsorted["PLACE"].between(0, n) == [c for c in reversed(ctx.cands) if c.label == "PLACE"]
    for label in ("PERSON", "ORG", "PLACE", "POST", "DATE", "NONE"):
        for lo in range(-1, n + 2, 3):
            for hi in (lo, lo + 1, lo + 7, n + 1):
                assert ctx.between(label, lo, hi) == [c for c in ctx.cands if c.label == label and lo <= c.start < hi]
            first = next((c for c in ctx.cands if c.label == label and c.start == lo), None)
            assert ctx.first_at(label, lo) == first
    for pos in range(n + 1):
        assert list(ctx.ending_at(pos)) == [c for c in ctx.cands if c.end == pos]


def test_the_nearest_mention_is_the_first_of_the_nearest(ctx: Context) -> None:
    for key in ctx.resolution.drafts:
        mentions = ctx.mentions_of(key)
        for pos in range(0, len(ctx.text), 2):
            best = min(mentions, key=lambda c: (ctx.sentence_index(c.start) != ctx.sentence_index(pos),
                                                abs(c.start - pos)), default=None)
            assert mention_near(ctx, key, pos) == (best and (best.start, best.end))


def _plain_triggers(text: str, cues: tuple[str, ...], lo: int, hi: int) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for cue in cues:
        i = text.find(cue, lo, hi)
        while i >= 0:
            if not any(a <= i < b for a, b, _ in found):
                found.append((i, i + len(cue), cue))
            i = text.find(cue, i + 1, hi)
    return sorted(found)


def test_cues_in_a_window_are_the_cues_found_there(ctx: Context) -> None:
    cues = ("下沉到", "下沉", "来到", "抵达", "前往", "社区", "区", "他", "不在文中")
    n = len(ctx.text)
    for lo in range(0, n, 2):
        for hi in (lo, lo + 3, lo + 20, n):
            assert _triggers(ctx, cues, lo, hi) == _plain_triggers(ctx.text, cues, lo, hi)


def test_a_candidate_with_other_rules_keeps_everything_else() -> None:
    ev = Evidence("句。", 0, 2, 0, 2, "到")
    c = Candidate(Fact("person:a", Predicate.DEPLOYED_TO, "place:b", ev, role="干部"), ("r1",), (0, 1), (3, 5),
                  ("s1",), 0.5)
    assert with_rules(c, ("r1", "r2"), ("s1", "s2")) == replace(c, rules=("r1", "r2"), signals=("s1", "s2"))


def test_the_character_doc_is_the_tokenizers(nlp: Language) -> None:
    texts = [*_gold_texts(), TEXT, "", " ", "  ", "a ", " a", "a  b", " \n", *_random_texts("ab甲 　\n\t\r", 3000, 5)]
    for text in texts:
        doc = make_doc(nlp, text)
        assert [(t.text, t.whitespace_) for t in doc] == [(t.text, t.whitespace_) for t in nlp.make_doc(text)]
        assert doc.text == text


def _plain_triggers_in(text: str, verbs: tuple[str, ...]) -> frozenset[str]:
    """The plain per-sentence scan the article-wide one replaced (longest first, an occurrence counted once)."""
    found: set[str] = set()
    taken = [False] * len(text)
    for v in verbs:
        pos = text.find(v)
        while pos >= 0 and v:
            if not any(taken[pos:pos + len(v)]):
                found.add(v)
                for k in range(pos, pos + len(v)):
                    taken[k] = True
            pos = text.find(v, pos + 1)
    return frozenset(found)


def test_the_verbs_of_each_sentence_are_the_plain_scans() -> None:
    verbs = ("下沉到", "下沉", "来到", "抵达", "前往", "沉到", "到", "", "不在文中")
    texts = [*_gold_texts(), TEXT, *_random_texts("下沉到来抵达。", 300, 7)]
    for text in texts:
        spans = split_sentences(text) or [(0, len(text))]
        gaps = [(s + 1, e) for s, e in spans if e > s + 1]          # spans that leave characters out
        for cut in (spans, gaps):
            plain = tuple(_plain_triggers_in(text[s:e], verbs) for s, e in cut)
            assert _triggers_by_sentence(text, cut, verbs) == plain


def test_a_restated_fact_is_the_replaced_fact() -> None:
    """``restated`` names every field of a fact: one added to ``Fact`` must be added there too."""
    assert [f.name for f in fields(Fact)] == ["subject", "predicate", "object", "evidence", "confidence", "date",
                                              "origin", "role", "derived", "rule"]
    ev = Evidence("句。", 0, 2, 0, 2, "到")
    f = Fact("person:a", Predicate.DEPLOYED_TO, "place:b", ev, 0.3, PartialDate(2022, 3), "org:c", "干部", "x", "r0")
    for rule, confidence, origin in (("r1", 0.9, None), (None, 1.0, "org:d"), ("r0", 0.3, "org:c")):
        assert restated(f, rule, confidence, origin) == replace(f, rule=rule, confidence=confidence, origin=origin)


def _plain_pool(margins: np.ndarray, groups: list[list[int]], weight: float) -> np.ndarray:
    """The pooling as first written: numpy's fancy-indexed updates and ``ndarray.mean`` per group."""
    sums = np.zeros(len(margins))
    counts = np.zeros(len(margins))
    for members in groups:
        sums[members] += margins[members].mean()
        counts[members] += 1
    out = np.array(margins, dtype=np.float64)
    held = counts > 0
    out[held] = (1 - weight) * out[held] + weight * sums[held] / counts[held]
    return out


def test_pooled_margins_are_the_fancy_indexed_means_bit_for_bit() -> None:
    rnd = random.Random(11)
    for _ in range(2000):
        n = rnd.randint(1, 40)
        margins = np.array([rnd.gauss(0, 3) for _ in range(n)])
        # groups of any size (numpy sums more than eight pairwise), members written twice, overlapping groups
        groups = [[rnd.randrange(n) for _ in range(rnd.randint(1, 20))] for _ in range(rnd.randint(0, 6))]
        weight = rnd.choice([0.25, 0.5, 1 / 3, 0.9])
        assert pool_margins(margins, groups, weight).tobytes() == _plain_pool(margins, groups, weight).tobytes()


def _proposed(rule: Rule, found: list[Candidate]) -> list[Candidate]:
    """What ``propose`` makes of one rule's candidates: each named by the rule and marked precise unless the
    rule is recall-only, then merged."""
    wrapped = [with_rules(c, c.rules, c.signals if rule.recall_only or PRECISE in c.signals
                          else (*c.signals, PRECISE)) for c in found]
    return merge(wrapped)


def test_one_candidate_per_pair_is_what_propose_merges_of_every_proposal() -> None:
    rnd = random.Random(3)
    ev = Evidence("句。", 0, 2, 0, 2, None)
    for recall_only in (True, False):
        rule = Rule("r", Predicate.DEPLOYED_TO, "inherited-places", recall_only=recall_only)
        for _ in range(300):
            found = []
            for k in range(rnd.randint(0, 30)):
                signals = tuple(dict.fromkeys(rnd.choice(["a", "b", "c", "d", PRECISE]) for _ in range(3)))
                found.append(Candidate(Fact(rnd.choice("pq"), Predicate.DEPLOYED_TO, rnd.choice("xyz"), ev, rule="r"),
                                       ("r",), (k, k + 1), (k + 2, k + 3), signals))
            pairs = _OnePerPair(rule)
            for c in found:
                if not pairs.seen(c.fact.subject, c.fact.object, c.signals):
                    pairs.add(c)
            assert _proposed(rule, pairs.merged()) == _proposed(rule, found)


def test_exact_partials_are_summed_by_fsum_to_the_last_bit() -> None:
    rnd = random.Random(5)
    for _ in range(3000):
        values = [rnd.choice([rnd.gauss(0, 1), rnd.gauss(0, 1e-9), rnd.gauss(0, 1e9), 0, 0.1, -0.1, 1e-300])
                  for _ in range(rnd.randint(0, 30))]
        cuts = sorted(rnd.sample(range(len(values) + 1), min(3, len(values) + 1)))
        blocks = [values[a:b] for a, b in zip([0, *cuts], [*cuts, len(values)], strict=True)]
        bias = rnd.gauss(0, 2)
        summed = math.fsum(itertools.chain(*(exact_partials(b) for b in blocks), (bias,)))
        assert summed.hex() == math.fsum([*values, bias]).hex()


def test_the_scorer_sums_the_features_parts_as_the_features(nlp: Language) -> None:
    """``feature_parts`` holds each candidate's features (``features``), and the margins the scorer sums from
    them (a shared tuple's weights once) are those of the features one by one, to the last bit."""
    model = load_model("default")
    assert isinstance(model, LinearModel)
    for text in _gold_texts():
        doc = analyse(normalize(text, source="test"), nlp=nlp, tokens=False)
        cands, ctx, tokens = doc.user_data[CANDIDATES], doc.user_data[CONTEXT], doc.user_data[TOKENS]
        parts = feature_parts(cands, ctx, tokens)
        flat = features(cands, ctx, tokens)
        for (own, blocks), written in zip(parts, flat, strict=True):
            whole = [*own, *itertools.chain(*blocks)]
            assert sorted(whole) == list(written)          # each feature once, none left out
            summed = math.fsum(itertools.chain(map(model.weights.get, own, itertools.repeat(0)),
                                               *(model.block(b)[0] for b in blocks), (model.bias,)))
            assert summed.hex() == margin(written, model.weights, model.bias).hex()


def test_keeping_the_likeliest_is_sorting_and_cutting() -> None:
    rnd = random.Random(8)
    for _ in range(3000):
        n = rnd.randint(1, 4)
        store: dict[str, list[tuple[float, str]]] = {}
        plain: list[tuple[float, str]] = []
        for _ in range(rnd.randint(0, 12)):
            p, other = rnd.choice([0.0, 0.25, 0.5, 0.9, rnd.random()]), rnd.choice("abcde")
            _keep(store, "k", p, other, n)
            plain = sorted([*plain, (p, other)], key=lambda t: (-t[0], t[1]))[:n]
            assert store["k"] == plain
