"""Articles as plain JSON-ready dicts (for ``kg read --json``, ``kg normalize --json`` and the API)."""

from __future__ import annotations

from typing import Any

from kg.records import Article, ReadFailure


def article_to_dict(article: Article, *, offsets: bool = True) -> dict[str, Any]:
    """The whole record; dates as ISO strings, enums as their values, spans as ``[start, end]``."""
    out: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "site": article.site,
        "encoding": article.encoding,
        "sha256": article.sha256,
        "text": article.text,
        "text_traditional": article.text_traditional,
        "raw": article.raw,
        "credits": [
            {"role": c.role.value, "name": c.name, "title": c.title, "start": c.start, "end": c.end}
            for c in article.credits
        ],
        "paragraphs": [[s.start, s.end] for s in article.paragraphs],
        "sentences": [[s.start, s.end] for s in article.sentences],
        "flags": [
            {"kind": f.kind, "message": f.message, "start": f.start, "end": f.end} for f in article.flags
        ],
        "metadata": {
            k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in article.metadata.items()
        },
    }
    if offsets:
        out["offsets"] = {"starts": list(article.offsets.starts), "ends": list(article.offsets.ends)}
    return out


def failure_to_dict(failure: ReadFailure) -> dict[str, Any]:
    return {"error": "read", "source": failure.source, "reason": failure.reason}
