"""`kg` commands of this area (filled in by its stage)."""
from __future__ import annotations
