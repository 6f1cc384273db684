"""Fixtures of the extraction tests: the real pipeline, built once per session."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.language import Language

from kg.extract import build_pipeline, extract
from kg.read import normalize
from kg.records import Article, Extraction


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_pipeline(rules_only=True)   # the rules under test; the model is measured on the corpus


@pytest.fixture(scope="session")
def run(nlp: Language) -> Callable[..., Extraction]:
    """Extract a text through the real reader and the real pipeline."""

    def _run(text: str, *, site: str | None = None, published: date | None = None) -> Extraction:
        article: Article = normalize(text, source="test", site=site, published=published)
        return extract(article, nlp=nlp)

    return _run


def names(ex: Extraction, kind: str | None = None) -> set[str]:
    return {e.name for e in ex.entities if kind is None or e.type.value == kind}


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    """Facts as (subject name, predicate, object name or literal)."""
    by_key = {e.key: e.name for e in ex.entities}
    return {(by_key.get(f.subject, f.subject), f.predicate.value, by_key.get(f.object, f.object))
            for f in ex.facts}
