"""The spaCy pipeline: ``spacy.blank("zh")`` (character tokens) + the project's components,
each a registered ``Doc -> Doc`` factory, in this order:

* ``fk_tagger``     — the configured statistical tagger (``TAGGERS``, default ``lac``) over the
  sentences in one batch; the words go to ``doc.user_data["fk_tokens"]``.
* ``fk_entities``   — lexicon/gazetteer/rule recognition around the tagger; mentions go to
  ``doc.user_data["fk_cands"]``, typed spans to ``doc.spans["fk"]`` and ``doc.ents``.
* ``fk_resolver``   — the article's entities from the mentions (``kg.extract.resolve``); builds the
  ``Context`` the relation components read. No later component creates or renames an entity.
* ``fk_lists``      — lists and coordinations (``kg.extract.discourse.parse_lists``).
* ``fk_discourse``  — which team, place and time each sentence is about (``discourse.frames``).
* ``fk_candidates`` — every relation rule of ``kg/extract/patterns`` proposes candidates.
* ``fk_scorer``     — the trained model's calibrated probability per candidate (``--rules-only``: none).
* ``fk_facts``      — the facts: candidates at or over the model's threshold, one per triple. Without a
  model, candidates only recall rules proposed (``recall_only: true`` in their data: every pair in a window) are
  left out: they wait for the scorer's judgement.

The article travels in ``doc.user_data["fk_article"]`` (``kg.extract.extract`` sets it).

Character tokens make every span of the rules align with spaCy tokens; the tagger's own
segmentation is kept beside them.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import spacy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import stages
from kg.extract import candidates as candidate_rules
from kg.extract import discourse
from kg.extract import scorer as scoring
from kg.extract.context import Context, restated
from kg.extract.entity_rules import apply_rules
from kg.extract.gazetteer import load_gazetteer
from kg.extract.lexicons import load_lexicons
from kg.extract.recognize import Resources, Token, make_resources, recognize, split_joined_units, split_sentences
from kg.extract.resolve import resolve, unstated_places
from kg.extract.rules import Rule, check_kinds, load_rules, relation_rules
from kg.extract.taggers import TAGGERS, Tagger
from kg.records import ARTICLE, Article, Candidate, Fact, Predicate

SENTENCES = "fk_sentences"   # list[(start, end)] set by the caller, else split here
HOME = "fk_home"             # gazetteer code of the home division, set by the caller
TOKENS = "fk_tokens"
TEXT = "fk_text"             # the text itself: Doc.text rebuilds it from the tokens on every access
CANDS = "fk_cands"
ARTICLE_KEY = "fk_article"   # the Article being extracted
CONTEXT = "fk_context"       # kg.extract.context.Context, from fk_resolver on
CANDIDATES = "fk_candidates"  # list[Candidate], from fk_candidates on (scored by fk_scorer)
FACTS = "fk_facts"           # list[Fact], set by fk_facts
_ENT_LABELS = {"PERSON", "ORG", "PLACE"}


_WHITESPACE = re.compile(r"\s+")


def char_words(text: str) -> tuple[list[str], list[bool]]:
    """The words and spaces of the character segmenter's Doc: each character a word, a single space after
    a character its trailing whitespace, any other run of whitespace one word. spaCy's tokenizer gets them
    from ``util.get_words_and_spaces(list(text), text)``, which slices the rest of the text for every
    character (quadratic in the article's length); here each run of whitespace is found once."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in _WHITESPACE.finditer(text):
        s, e = m.span()
        words.extend(text[pos:s])
        spaces.extend([False] * (s - pos))
        if s > 0 and text[s] == " ":     # (the run is maximal: a character stands before it)
            spaces[-1] = True
            s += 1
        if s < e:
            words.append(text[s:e])
            spaces.append(False)
        pos = e
    words.extend(text[pos:])
    spaces.extend([False] * (len(text) - pos))
    return words, spaces


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, built from ``char_words`` when the tokenizer is the character segmenter
    (``build_pipeline``'s)."""
    tokenizer = nlp.tokenizer
    if (not isinstance(tokenizer, ChineseTokenizer) or tokenizer.segmenter != Segmenter.char
            or len(text) > nlp.max_length):
        return nlp.make_doc(text)
    words, spaces = char_words(text)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def bare_doc(nlp: Language) -> Doc:
    """A Doc without tokens, for a run that reads only ``doc.user_data`` (``kg.extract.extract``): the character
    tokens of ``make_doc``, and the typed spans over them, are built only where they are shown
    (``kg.extract.analyse``: --html, --explain)."""
    return Doc(nlp.vocab)


class TaggerComponent:
    """Runs a registered tagger over the doc's sentences in one batch."""

    def __init__(self, tagger: Tagger):
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get(TEXT) or doc.text
        doc.user_data[TEXT] = text
        sentences = doc.user_data.get(SENTENCES) or split_sentences(text)
        doc.user_data[SENTENCES] = sentences
        tokens: list[Token] = []
        tagged = self.tagger([text[s:e] for s, e in sentences])
        for (s, _e), words in zip(sentences, tagged, strict=True):
            pos = s
            for word, tag in words:
                tokens.append(Token(pos, pos + len(word), word, tag))
                pos += len(word)
        doc.user_data[TOKENS] = tokens
        return doc


class RecognizerComponent:
    """Recognition with the lexicons and the gazetteer, loaded once."""

    def __init__(self, resources: Resources):
        self.resources = resources

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get(TEXT) or doc.text
        tokens = split_joined_units(doc.user_data.get(TOKENS, []), self.resources.lexicons)
        doc.user_data[TOKENS] = tokens
        cands = recognize(text, tokens, self.resources, doc.user_data.get(HOME))
        cands = apply_rules(text, tokens, cands, self.resources, self.resources.entity_rules)   # entity rules
        doc.user_data[CANDS] = cands
        spans = []
        for c in cands if len(doc) else ():    # (a Doc without tokens, ``bare_doc``, holds no spans)
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["fk"] = spans
        doc.set_ents(filter_spans([s for s in spans if s.label_ in _ENT_LABELS]), default="unmodified")
        return doc


class ResolverComponent:
    """The article's entities from the mentions, and the Context the relation components read."""

    def __init__(self, resources: Resources):
        self.resources = resources

    def __call__(self, doc: Doc) -> Doc:
        stages.enter(stages.RESOLVE)
        article: Article = doc.user_data[ARTICLE_KEY]
        text = doc.user_data.get(TEXT) or doc.text
        sentences: list[tuple[int, int]] = doc.user_data[SENTENCES]
        starts = [s for s, _ in sentences]
        cands = doc.user_data[CANDS]
        sentence_of = {c.start: max(0, bisect_right(starts, c.start) - 1) for c in cands}
        resolution = resolve(article, cands, self.resources, doc.user_data.get(HOME), sentence_of)
        doc.user_data[CONTEXT] = Context(article, text, sentences, starts, cands, self.resources, resolution)
        return doc


class ListsComponent:
    def __call__(self, doc: Doc) -> Doc:
        ctx: Context = doc.user_data[CONTEXT]
        ctx.lists = discourse.parse_lists(ctx)
        return doc


class DiscourseComponent:
    def __call__(self, doc: Doc) -> Doc:
        ctx: Context = doc.user_data[CONTEXT]
        ctx.discourse = discourse.frames(ctx)
        return doc


class CandidatesComponent:
    """Runs every relation rule of the pattern data."""

    def __init__(self, rules: tuple[Rule, ...]):
        rules = tuple(relation_rules(rules))   # the entity rules ran in fk_entities
        check_kinds(rules)
        # the recall-only rules run last: a triple a precise rule also proposes keeps that rule's fact first
        self.rules = tuple(sorted(rules, key=lambda r: r.recall_only))

    def __call__(self, doc: Doc) -> Doc:
        stages.enter(stages.RELATIONS)
        doc.user_data[CANDIDATES] = candidate_rules.propose(doc.user_data[CONTEXT], self.rules)
        return doc


class ScorerComponent:
    def __init__(self, model: scoring.Model | None):
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[CANDIDATES] = scoring.score(doc.user_data[CANDIDATES], doc.user_data[CONTEXT], self.model,
                                                  doc.user_data.get(TOKENS, []))
        return doc


class FactsComponent:
    """The facts: scored candidates at or over the threshold whose ends are entities of the article."""

    def __init__(self, threshold: float, recall_only: frozenset[str] = frozenset()):
        self.threshold = threshold
        self.recall_only = recall_only    # rule names whose candidates alone never become facts

    def __call__(self, doc: Doc) -> Doc:
        ctx: Context = doc.user_data[CONTEXT]
        keys = set(ctx.resolution.drafts)
        facts: list[Fact] = []
        for c in doc.user_data[CANDIDATES]:
            f: Fact = c.fact
            if c.score is None or c.score < self.threshold:
                continue
            if self.recall_only and all(r in self.recall_only for r in c.rules):
                continue
            if not ((f.subject in keys or f.subject == ARTICLE)
                    and (f.object in keys or f.predicate is Predicate.JOB_TITLE)):
                continue
            origin = f.origin if f.origin is None or f.origin in keys else None
            facts.append(restated(f, c.rules[0], c.score, origin))
        doc.user_data[FACTS] = facts
        return doc


class UnstatedPlacesComponent:
    """Divisions named only inside a unit's name, in no written chain and in no fact but containment, are
    no entities (``kg.extract.resolve.unstated_places``): their drafts and the containment facts through
    them go."""

    def __call__(self, doc: Doc) -> Doc:
        ctx: Context = doc.user_data[CONTEXT]
        facts: list[Fact] = doc.user_data[FACTS]
        gone = unstated_places(ctx.resolution, ctx.cands, ctx.text, facts)
        if gone:
            doc.user_data[FACTS] = [f for f in facts if f.subject not in gone and f.object not in gone]
            for key in gone:
                del ctx.resolution.drafts[key]
        return doc


@Language.factory("fk_tagger", default_config={"tagger": "lac"})
def make_tagger(nlp: Language, name: str, tagger: str) -> TaggerComponent:
    return TaggerComponent(TAGGERS.get(tagger)())


_RESOURCES: list[Resources] = []


def shared_resources() -> Resources:
    """Lexicons and gazetteer, loaded once per process and shared by the components."""
    if not _RESOURCES:
        _RESOURCES.append(make_resources(load_lexicons(), load_gazetteer()))
    return _RESOURCES[0]


@Language.factory("fk_entities")
def make_entities(nlp: Language, name: str) -> RecognizerComponent:
    return RecognizerComponent(shared_resources())


@Language.factory("fk_resolver")
def make_resolver(nlp: Language, name: str) -> ResolverComponent:
    return ResolverComponent(shared_resources())


@Language.factory("fk_lists")
def make_lists(nlp: Language, name: str) -> ListsComponent:
    return ListsComponent()


@Language.factory("fk_discourse")
def make_discourse(nlp: Language, name: str) -> DiscourseComponent:
    return DiscourseComponent()


@Language.factory("fk_candidates", default_config={"patterns": ""})
def make_candidates(nlp: Language, name: str, patterns: str) -> CandidatesComponent:
    return CandidatesComponent(load_rules(patterns or None))


@Language.factory("fk_scorer", default_config={"model": "default"})
def make_scorer(nlp: Language, name: str, model: str) -> ScorerComponent:
    return ScorerComponent(scoring.load_model(model))


@Language.factory("fk_facts", default_config={"model": "default", "patterns": ""})
def make_facts(nlp: Language, name: str, model: str, patterns: str) -> FactsComponent:
    loaded = scoring.load_model(model)
    recall_only = frozenset() if loaded is not None else frozenset(
        r.name for r in load_rules(patterns or None) if r.recall_only)
    return FactsComponent(scoring.threshold(loaded), recall_only)


@Language.factory("fk_unstated")
def make_unstated(nlp: Language, name: str) -> UnstatedPlacesComponent:
    return UnstatedPlacesComponent()


COMPONENTS = ("fk_tagger", "fk_entities", "fk_resolver", "fk_lists", "fk_discourse", "fk_candidates",
              "fk_scorer", "fk_facts", "fk_unstated")


def build_pipeline(*, tagger: str = "lac", rules_only: bool = False, patterns: str | None = None) -> Language:
    """``spacy.blank("zh")`` with character segmentation plus the project's components (``COMPONENTS``).

    ``rules_only``: no trained model; ``patterns``: another pattern directory (default: the shipped one).
    """
    TAGGERS.get(tagger)   # fail early, listing the known taggers
    model = "none" if rules_only else "default"
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("fk_tagger", config={"tagger": tagger})
    nlp.add_pipe("fk_entities")
    nlp.add_pipe("fk_resolver")
    nlp.add_pipe("fk_lists")
    nlp.add_pipe("fk_discourse")
    nlp.add_pipe("fk_candidates", config={"patterns": patterns or ""})
    nlp.add_pipe("fk_scorer", config={"model": model})
    nlp.add_pipe("fk_facts", config={"model": model, "patterns": patterns or ""})
    nlp.add_pipe("fk_unstated")
    return nlp


def resources_of(nlp: Language) -> Resources:
    return nlp.get_pipe("fk_entities").resources  # type: ignore[no-any-return,attr-defined]


def candidates_of(doc: Doc) -> list[Candidate]:
    """The scored candidates of a processed doc (every proposal, kept or not)."""
    return list(doc.user_data.get(CANDIDATES, []))


def spans_for(doc: Doc) -> list[Span]:
    return list(doc.spans.get("fk", []))
