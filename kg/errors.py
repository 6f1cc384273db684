"""One error hierarchy for the whole package.

Stages raise these; only the edges (CLI, HTTP API) translate them into exit
codes or status codes. Messages say what was expected and what was found.
"""
from __future__ import annotations

from collections.abc import Iterable


class KGError(Exception):
    """Base class of every error Frontline KG raises on purpose."""


class ConfigError(KGError):
    """A setting or option has a value the program cannot use."""


class UnknownPluginError(KGError, LookupError):
    """A registry was asked for a name it does not hold."""

    def __init__(self, kind: str, name: str, known: Iterable[str]):
        self.kind, self.name, self.known = kind, name, sorted(known)
        super().__init__(f"unknown {kind} {name!r}; known {kind}s: {', '.join(self.known) or '(none)'}")


class ReadError(KGError):
    """An input could not be read as an article. Names the source and the reason."""

    def __init__(self, source: str, reason: str):
        self.source, self.reason = source, reason
        super().__init__(f"{source}: {reason}")


class ArticleTooLong(ReadError):
    """An article is longer than the limit (``KG_MAX_ARTICLE_CHARS``): refused before any work is done."""

    def __init__(self, source: str, size: int, limit: int, unit: str = "characters"):
        self.size, self.limit = size, limit
        super().__init__(source, f"article too long: {size:,} {unit}, the limit is {limit:,} characters "
                                 "(KG_MAX_ARTICLE_CHARS); split it into articles")


class IdentityCollision(KGError):
    """Two different contents claim one article identity (id); the later one is refused, never written over."""


class ExtractionError(KGError):
    """Extraction failed on an article."""


class GraphBuildError(KGError):
    """An extraction could not be turned into RDF (a fact names an entity the extraction lacks ...)."""


class CurationError(KGError):
    """A curation file is malformed or names something it cannot apply to."""


class StoreError(KGError):
    """A store could not be opened, read or written."""


class QueryError(StoreError):
    """A SPARQL query is malformed or not allowed."""


class QueryRefused(QueryError):
    """A query was refused by policy (update on a read-only endpoint, SERVICE, LOAD, remote FROM)."""


class NotAcceptable(QueryError):
    """A query result cannot be serialised in any of the media types asked for (HTTP 406)."""

    def __init__(self, asked: str, offered: Iterable[str]):
        self.asked, self.offered = asked, sorted(offered)
        super().__init__(f"cannot produce {asked!r} for this result; available: {', '.join(self.offered)}")


class QueryTimeout(QueryError):
    """A query ran past its time limit and was stopped."""


class ExportError(KGError):
    """A graph could not be exported in the requested format."""


class AnalysisError(KGError):
    """A view, measure or filter was asked for something the graph cannot answer (unknown entity, bad window)."""


class CorpusError(KGError):
    """The annotated corpus (manifest, fragments, split) is missing or inconsistent."""


class EvaluationError(KGError):
    """A gold file is malformed or does not fit the graph."""
