"""The spaCy pipeline: ``spacy.blank("zh")`` (character tokens) + the project's components.

* ``fk_tagger``     — runs the configured statistical tagger (``TAGGERS``, default ``lac``)
  over the sentences in one batch; the words go to ``doc.user_data["fk_tokens"]``.
* ``fk_recognizer`` — lexicon/gazetteer/rule recognition around the tagger; candidates go
  to ``doc.user_data["fk_cands"]``, typed spans to ``doc.spans["fk"]`` and ``doc.ents``.

Character tokens make every span of the rules align with spaCy tokens; the tagger's own
segmentation is kept beside them.
"""
from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.gazetteer import load_gazetteer
from kg.extract.lexicons import load_lexicons
from kg.extract.recognize import Resources, Token, make_resources, recognize, split_sentences
from kg.extract.taggers import TAGGERS, Tagger

SENTENCES = "fk_sentences"   # list[(start, end)] set by the caller, else split here
HOME = "fk_home"             # gazetteer code of the home division, set by the caller
TOKENS = "fk_tokens"
TEXT = "fk_text"             # the text itself: Doc.text rebuilds it from the tokens on every access
CANDS = "fk_cands"
_ENT_LABELS = {"PERSON", "ORG", "PLACE"}


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
        cands = recognize(text, doc.user_data.get(TOKENS, []), self.resources, doc.user_data.get(HOME))
        doc.user_data[CANDS] = cands
        spans = []
        for c in cands:
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["fk"] = spans
        doc.set_ents(filter_spans([s for s in spans if s.label_ in _ENT_LABELS]), default="unmodified")
        return doc


@Language.factory("fk_tagger", default_config={"tagger": "lac"})
def make_tagger(nlp: Language, name: str, tagger: str) -> TaggerComponent:
    return TaggerComponent(TAGGERS.get(tagger)())


@Language.factory("fk_recognizer")
def make_recognizer(nlp: Language, name: str) -> RecognizerComponent:
    return RecognizerComponent(make_resources(load_lexicons(), load_gazetteer()))


def build_pipeline(*, tagger: str = "lac") -> Language:
    """``spacy.blank("zh")`` with character segmentation plus the two components."""
    TAGGERS.get(tagger)   # fail early, listing the known taggers
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("fk_tagger", config={"tagger": tagger})
    nlp.add_pipe("fk_recognizer")
    return nlp


def resources_of(nlp: Language) -> Resources:
    return nlp.get_pipe("fk_recognizer").resources  # type: ignore[no-any-return,attr-defined]


def spans_for(doc: Doc) -> list[Span]:
    return list(doc.spans.get("fk", []))
