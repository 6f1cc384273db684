"""``normalize``: decoded text in, :class:`Article` out (repair, conversion, segmentation, credits).

Pure: no I/O; the converters and lexicons come in as ``resources`` (built once
per process by :func:`kg.read.resources.default_resources` when not given).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from kg.errors import ArticleTooLong
from kg.read import repair
from kg.read.credits import read_text_metadata
from kg.read.edits import Tracked
from kg.read.resources import ReadResources, default_resources
from kg.read.segment import paragraphs, sentences
from kg.records import Article, Flag, Span

# share of Traditional-only Han characters above which a text counts as Traditional (real
# Traditional text has 20-40%; a Simplified text quoting a Traditional name stays far below)
TRADITIONAL_SHARE = 0.04
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SLUG_DROP = re.compile(r"[^\w\u3400-\u9fff-]+")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def max_article_chars() -> int:
    """The longest article text read (``KG_MAX_ARTICLE_CHARS``)."""
    from kg.settings import get_settings

    return get_settings().max_article_chars


def slugify(value: str) -> str:
    """A stable id from a file stem or record id: lower case, runs of other characters -> ``-``."""
    value = unicodedata.normalize("NFKC", value).strip().lower()
    slug = _SLUG_DROP.sub("-", value).strip("-")
    return slug or "article"


def parse_date(value: object) -> date | None:
    """A date from a ``date``/``datetime``/ISO or Chinese date string; None when there is none."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _ISO_DATE.search(str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def to_simplified(text: str, res: ReadResources) -> str:
    """OpenCC tw2s, character for character (same length), so the offset map stays valid; the variant forms
    that OpenCC leaves (陜, 毉: ``variants.tsv``) are read as their standard form first."""
    text = text.translate(res.variants)
    out = res.t2s.convert(text)
    if len(out) == len(text):
        return out
    # a phrase rule changed the length somewhere: convert line by line, then char by char
    lines = text.split("\n")
    fixed = []
    for line in lines:
        conv = res.t2s.convert(line)
        if len(conv) != len(line):
            conv = "".join(c if len(c := res.t2s.convert(ch)) == 1 else ch for ch in line)
        fixed.append(conv)
    return "\n".join(fixed)


def _traditional_share(text: str, res: ReadResources, *, sample: int = 20000) -> float:
    """Share of Han characters that are Traditional-only (tw2s changes them, GB2312 lacks them).

    Characters in both scripts (著, 乾, 干 ...) are no evidence: tw2s rewrites some of them in
    context. Measured on a leading sample; an article is written in one script.
    """
    head = text[:sample]
    han = len(_HAN_RE.findall(head))
    return len(res.traditional_re.findall(head)) / han if han else 0.0


_PROSE = re.compile(r"[。！？]|[，,].{20,}")
_DATE_LINE = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}|(?<![\u4e00-\u9fff])(?:来源|作者|编辑|责编|发布时间|发布日期)\s*[:：]"
)


def guess_title(text: str, paras: list[Span]) -> str | None:
    """The headline of a plain-text article, among the short lines before the first prose paragraph:
    the longest one standing right above the page-info line (date, source, author) or the prose."""
    lines = []
    for span in paras[:10]:
        line = text[span.start : span.end]
        prose = bool(_PROSE.search(line)) or len(line) > 60
        lines.append((line, prose, bool(_DATE_LINE.search(line))))
        if prose:
            break
    best = None
    for (line, prose, info), (_, next_prose, next_info) in zip(lines, lines[1:], strict=False):
        if prose or info or len(line) < 4 or line.endswith("讯"):
            continue
        if (next_prose or next_info) and (best is None or len(line) > len(best)):
            best = line
    return best


def normalize(
    raw: str,
    *,
    source: str,
    id: str | None = None,
    title: str | None = None,
    published: date | str | None = None,
    site: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    encoding: str | None = None,
    sha256: str | None = None,
    resources: ReadResources | None = None,
    max_chars: int | None = None,
) -> Article:
    """Repair, convert to Simplified, segment and read credits of one decoded article text.

    ``raw`` is kept as the original; ``Article.text`` is the repaired Simplified body,
    with ``Article.offsets`` mapping each of its characters back into ``raw``.
    Given ``title``/``published``/``site`` (from HTML or corpus metadata) win over
    what the text itself says. A text longer than ``max_chars`` (default: the settings'
    ``max_article_chars``) raises :class:`~kg.errors.ArticleTooLong` before any work.
    """
    limit = max_chars if max_chars is not None else max_article_chars()
    if len(raw) > limit:
        raise ArticleTooLong(source, len(raw), limit)
    res = resources or default_resources()
    t = Tracked(raw)
    flags: list[Flag] = []
    flags += repair.fix_layout(t)
    # glosses first: they sit inside mojibake runs (``鐓^(qū)``) and would break the byte arithmetic
    flags += repair.remove_pinyin_glosses(t, res)
    lost = frozenset(f.start for f in flags if f.kind == "broken-gloss-removed")
    flags += repair.repair_gbk_shift(t, res, lost_chars=lost)
    flags += repair.repair_utf8_as_gbk(t, res)
    repair.fix_punctuation(t)
    repair.tidy_whitespace(t)

    traditional: Tracked | None = None
    if _traditional_share(t.text, res) >= TRADITIONAL_SHARE:
        # only a Traditional text is converted: on Simplified text tw2s would rewrite 显著 -> 显着
        traditional = Tracked(t.text, t.starts, t.ends)
        t.replace_same_length(to_simplified(t.text, res))
    # site and page date may sit on a line that is chrome (``2021-11-06 09:01 智能朗读``): read them first
    before_chrome = read_text_metadata(t.text, credits=False)
    flags += repair.remove_chrome(t, res, also=traditional)
    flags += repair.flag_unrepaired_mojibake(t, res)

    text = t.text
    paras = paragraphs(text)
    sents = sentences(text, paras)
    # a Traditional credit left in a Simplified text (张三／攝影): the name is given Simplified
    meta = read_text_metadata(text, simplify=lambda s: to_simplified(s, res) if res.traditional_re.search(s) else s)

    extra: dict[str, Any] = dict(metadata or {})
    if meta.dateline:
        extra.setdefault("dateline", meta.dateline)
    if title and traditional is not None:
        extra.setdefault("title_traditional", title)
        title = to_simplified(title, res)
    if site:
        site = to_simplified(site, res)
    page = meta if meta.published else before_chrome
    if page.published_time and not published:
        extra.setdefault("published_time", page.published_time)
    pub = parse_date(published)
    if published and pub is None:
        flags.append(Flag("date-unparsed", f"publication date {published!r} is not a date"))
    return Article(
        id=id if id else slugify(PurePath(source).stem if source else "article"),
        source=source,
        raw=raw,
        text=text,
        offsets=t.offset_map(),
        text_traditional=traditional.text if traditional is not None else None,
        title=title.strip() if title else guess_title(text, paras),
        published=pub or meta.published or before_chrome.published,
        site=site or meta.site or before_chrome.site,
        credits=tuple(meta.credits),
        paragraphs=tuple(paras),
        sentences=tuple(sents),
        flags=tuple(flags),
        encoding=encoding,
        sha256=sha256,
        metadata=extra,
    )
