"""Extraction stage: Article -> Extraction (entities, facts with evidence).

    nlp = build_pipeline()            # once per process
    extraction = extract(article, nlp=nlp)
"""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kg import stages
from kg.errors import ExtractionError
from kg.extract.pipeline import (
    ARTICLE_KEY,
    CONTEXT,
    FACTS,
    HOME,
    SENTENCES,
    TEXT,
    bare_doc,
    build_pipeline,
    candidates_of,
    make_doc,
    resources_of,
)
from kg.extract.recognize import split_sentences
from kg.extract.resolve import find_home, to_entities
from kg.extract.taggers import TAGGERS
from kg.records import Article, Extraction

_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})

__all__ = ["TAGGERS", "build_pipeline", "extract", "analyse", "candidates_of"]

# the pipeline's components as stages (kg.stages), for an article stopped at its time limit
_STAGE_OF = {"fk_tagger": stages.TAG, "fk_entities": stages.RECOGNISE, "fk_resolver": stages.RESOLVE}


def analyse(article: Article, *, nlp: Language, tokens: bool = True) -> Doc:
    """Run the pipeline over the article; returns the spaCy Doc (for --html/--explain). ``tokens=False``: a Doc
    without tokens or spans (``bare_doc``), everything the components found in its ``user_data`` all the same."""
    res = resources_of(nlp)
    sentences = [(s.start, s.end) for s in article.sentences] or split_sentences(article.text)
    doc = make_doc(nlp, article.text) if tokens else bare_doc(nlp)
    doc.user_data[SENTENCES] = sentences
    doc.user_data[TEXT] = article.text
    doc.user_data[ARTICLE_KEY] = article
    doc.user_data[HOME] = find_home(article, res.gazetteer)
    for name, proc in nlp.pipeline:
        stages.enter(_STAGE_OF.get(name, stages.RELATIONS))
        doc = proc(doc)
    return doc


def prepared(article: Article) -> Article:
    """The article as the rules read it: 「」/『』 (Traditional-script quotes, kept by the conversion)
    read as “”/‘’, one quote convention; one character each, so every offset stays valid."""
    return replace(article, text=article.text.translate(_QUOTES))


def extract(article: Article, *, nlp: Language) -> Extraction:
    """Entities and facts of one article; a pure function of the article and the pipeline."""
    article = prepared(article)
    if len(article.text) > nlp.max_length:
        raise ExtractionError(f"article {article.id!r} is too long to extract: {len(article.text):,} characters, "
                              f"the pipeline takes at most {nlp.max_length:,} (KG_MAX_ARTICLE_CHARS limits reading)")
    try:
        doc = analyse(article, nlp=nlp, tokens=False)   # (the extraction reads no span of the Doc)
    except (ValueError, IndexError) as exc:
        raise ExtractionError(f"article {article.id!r}: the pipeline failed: {exc}") from exc
    ctx = doc.user_data[CONTEXT]
    entities = to_entities(article, ctx.resolution)
    return Extraction(article=article, entities=entities, facts=tuple(doc.user_data[FACTS]),
                      home=ctx.resolution.home)
