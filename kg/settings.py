"""Settings, declared in one table with defaults and help.

Every field can be set from the environment with the ``KG_`` prefix
(``KG_STORE_KIND=sparql``, ``KG_SPARQL_URL=http://127.0.0.1:7878``) or a
``.env`` file. ``tests/test_settings.py`` fails when a field is undocumented
in the README.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from kg.vocab import DEFAULT_BASE


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore")

    # graph
    base_iri: str = Field(DEFAULT_BASE, description="Base IRI of instance IRIs (people, units, places, articles).")
    # stores
    store_kind: str = Field("oxigraph", description="Store kind: oxigraph (embedded, default), memory, sparql.")
    store_path: Path = Field(Path("var/store"), description="Directory of the embedded store.")
    sparql_url: str | None = Field(None, description="Base URL of a remote SPARQL 1.1 server (store kind sparql).")
    sparql_query_url: str | None = Field(None, description="Query endpoint; default <sparql_url>/query.")
    sparql_update_url: str | None = Field(None, description="Update endpoint; default <sparql_url>/update.")
    sparql_gsp_url: str | None = Field(None, description="Graph Store Protocol endpoint; default <sparql_url>/store.")
    curation_file: Path | None = Field(
        None, description="Curation file applied on every build (default data/curation.yaml if present).")
    # extraction
    tagger: str = Field("lac", description="Statistical tagger behind recognition (registry name).")
    tagger_threads: int = Field(
        1, ge=0, description="ONNX Runtime threads of one tagger (1: worker processes carry the parallelism; "
        "0: the runtime's default, every core).")
    jobs: int = Field(0, description="Worker processes extracting many files (0: one per core; small batches use one).")
    max_article_chars: int = Field(
        300_000, ge=1, description="Longest article text read, in characters; a longer one is refused before any work.")
    article_timeout: float = Field(
        30.0, ge=0, description="Seconds one article may take to read and extract (kg extract/ingest/run and "
        "POST /articles) before its worker is stopped (0: no limit; HTTP 422 for an upload).")
    # serving
    host: str = Field("127.0.0.1", description="Interface `kg serve` / `kg run` bind (loopback by default).")
    port: int = Field(8000, description="TCP port `kg serve` / `kg run` listen on (`make run PORT=...`).")
    query_timeout: float = Field(
        10.0, description="Seconds a SPARQL query or REST request may run before it is stopped (HTTP 503).")
    analysis_timeout: float = Field(
        120.0, description="Seconds a view, export or measure of the whole graph may take (viewer, /graph, /analysis; "
        "HTTP 503 past it).")
    max_rows: int = Field(10000, description="Row cap of SPARQL SELECT results served over HTTP.")
    page_size: int = Field(50, description="Default page size of REST listings.")
    max_page_size: int = Field(500, description="Largest page size a REST client may ask for.")
    max_body_bytes: int = Field(5_000_000, description="Largest request body accepted (413 above).")
    write_token: str | None = Field(
        None, description="Bearer token enabling POST /articles; writing is off without it.")
    query_workers: int = Field(
        4, description="Worker processes answering SPARQL queries and REST requests (more than slow_query_slots).")
    slow_query_slots: int = Field(
        2, description="Queries that may run past slow_query_after at once; one more is stopped (HTTP 503).")
    slow_query_after: float = Field(
        1.0, description="Seconds after which a running query counts as slow (it takes a slow slot).")
    slow_query_chars: int = Field(
        10_000, description="Queries longer than this count as slow from the start (wait for a slow slot).")
    max_query_chars: int = Field(
        100_000, description="Longest SPARQL query accepted, in characters (HTTP 413 above), checked before parsing.")
    max_query_depth: int = Field(
        100, description="Deepest nesting of {} () [] accepted in a SPARQL query (HTTP 400 above).")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings()
