"""The SPARQL 1.1 Protocol endpoint: query policy, content negotiation, worker pool."""

from __future__ import annotations
