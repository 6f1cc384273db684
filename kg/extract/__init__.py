"""Extraction stage: Article -> Extraction (entities, facts with evidence).

    nlp = build_pipeline()            # once per process
    extraction = extract(article, nlp=nlp)
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kg import stages
from kg.errors import ExtractionError
from kg.extract.pipeline import CANDS, HOME, SENTENCES, TEXT, build_pipeline, resources_of
from kg.extract.recognize import split_sentences
from kg.extract.relations import Context, extract_facts
from kg.extract.resolve import find_home, resolve, to_entities
from kg.extract.taggers import TAGGERS
from kg.records import ARTICLE, Article, Extraction, Predicate

_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})

__all__ = ["TAGGERS", "build_pipeline", "extract", "analyse"]

# the pipeline's components as stages (kg.stages), for an article stopped at its time limit
_STAGE_OF = {"fk_tagger": stages.TAG, "fk_recognizer": stages.RECOGNISE}


def analyse(article: Article, *, nlp: Language) -> Doc:
    """Run the pipeline over the article; returns the spaCy Doc (for --html/--explain)."""
    res = resources_of(nlp)
    sentences = [(s.start, s.end) for s in article.sentences] or split_sentences(article.text)
    doc = nlp.make_doc(article.text)
    doc.user_data[SENTENCES] = sentences
    doc.user_data[TEXT] = article.text
    doc.user_data[HOME] = find_home(article, res.gazetteer)
    for name, proc in nlp.pipeline:
        stages.enter(_STAGE_OF.get(name, name))
        doc = proc(doc)
    return doc


def extract(article: Article, *, nlp: Language) -> Extraction:
    """Entities and facts of one article; a pure function of the article and the pipeline."""
    # 「」/『』 (Traditional-script quotes, kept by the conversion) read as “”/‘’: one quote
    # convention for the rules; one character each, so every offset stays valid
    article = replace(article, text=article.text.translate(_QUOTES))
    if len(article.text) > nlp.max_length:
        raise ExtractionError(f"article {article.id!r} is too long to extract: {len(article.text):,} characters, "
                              f"the pipeline takes at most {nlp.max_length:,} (KG_MAX_ARTICLE_CHARS limits reading)")
    try:
        doc = analyse(article, nlp=nlp)
    except (ValueError, IndexError) as exc:
        raise ExtractionError(f"article {article.id!r}: the pipeline failed: {exc}") from exc
    stages.enter(stages.RESOLVE)
    res = resources_of(nlp)
    sentences: list[tuple[int, int]] = doc.user_data[SENTENCES]
    starts = [s for s, _ in sentences]
    cands = doc.user_data[CANDS]
    sentence_of: dict[int, int] = {}
    for c in cands:
        sentence_of[c.start] = max(0, bisect_right(starts, c.start) - 1)
    resolution = resolve(article, cands, res, doc.user_data[HOME], sentence_of)
    ctx = Context(article, article.text, sentences, starts, cands, res, resolution)
    stages.enter(stages.RELATIONS)
    facts = extract_facts(ctx)
    entities = to_entities(article, resolution)
    keys = {e.key for e in entities}
    # every end of a fact is an entity of this extraction (or the article); an origin unit too
    facts = [f if f.origin is None or f.origin in keys else replace(f, origin=None) for f in facts
             if (f.subject in keys or f.subject == ARTICLE)
             and (f.object in keys or f.predicate is Predicate.JOB_TITLE)]
    return Extraction(article=article, entities=entities, facts=tuple(facts), home=resolution.home)
