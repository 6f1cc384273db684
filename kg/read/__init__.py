"""Reading stage: decode inputs, repair scraped Chinese text, normalise, segment, read credits."""
from __future__ import annotations

from kg.read.normalize import normalize

__all__ = ["normalize"]
