"""Frontline KG: a knowledge graph of COVID-19 frontline deployments from Chinese news."""
from __future__ import annotations

__version__ = "0.1.0"
