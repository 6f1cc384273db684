"""Input readers: bytes of one file -> articles (or per-record failures).

Built-in readers (``text``, ``html``, ``jsonl``, ``csv``) register in
:data:`READERS` exactly as a third party would (lazy ``"module:attr"`` names or
the ``frontline_kg.reader`` entry-point group). A reader is a :class:`Reader`:
its file extensions, an optional sniffing test on the decoded head of a file,
and a function ``read(data, source, resources)`` yielding :class:`Article` or
:class:`ReadFailure` records, one per article in the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, Any, BinaryIO
from urllib.parse import urlsplit

import charset_normalizer

from kg.errors import ArticleTooLong, ReadError
from kg.read.normalize import max_article_chars, normalize, slugify
from kg.read.resources import ReadResources
from kg.records import Article, ReadFailure
from kg.registry import Registry

ReadFn = Callable[[bytes, str, ReadResources], Iterator[Article | ReadFailure]]
# a reader of a file of many records from a binary stream (already decompressed), record by record
StreamFn = Callable[[BinaryIO, str, ReadResources], Iterator[Article | ReadFailure]]


@dataclass(frozen=True)
class Reader:
    """One input format; ``stream``, when given, reads a file of many records without loading it whole."""

    name: str
    extensions: tuple[str, ...]
    read: ReadFn
    sniff: Callable[[str], bool] | None = None
    stream: StreamFn | None = None


READERS: Registry[Reader] = Registry("reader")

# --------------------------------------------------------------------------- decoding

# GBK and GB2312 text decodes identically (and more completely) as GB18030; Big5 as Big5-HKSCS
_UPGRADE = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
}
# bytes that never occur in text: NUL and most C0 controls
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
# PNG, PDF, ZIP (and DOCX/XLSX), GIF, JPEG, gzip
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b")


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode the bytes of a text file: ``(text, encoding)``.

    UTF-8 (with or without BOM) is validated strictly; anything else is detected
    with charset-normalizer. Raises ReadError for empty, binary or undecodable data.
    """
    if not data.strip():
        raise ReadError(source, "empty file (expected an article text, found no content)")
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf_16"
        except UnicodeDecodeError as exc:
            raise ReadError(
                source, f"undecodable: UTF-16 byte-order mark but invalid data ({exc.reason})"
            ) from None
    # a stray NUL or escape byte does not make a text binary: the repair stage strips and flags it
    controls = len(_BINARY.findall(head))
    if (head.startswith(_BINARY_MAGIC) or controls > max(2, len(head) // 100)
            or head.count(b"\x00") > max(1, len(head) // 1000)):
        raise ReadError(
            source,
            f"binary file (found {controls} control bytes in the first {len(head)} bytes; "
            "expected text, HTML, JSONL or CSV)",
        )
    try:
        return data.decode("utf-8-sig"), "utf_8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError(
            source,
            "undecodable: not UTF-8 and no encoding detected "
            "(tried UTF-8, GB18030/GBK, Big5 and the other charset-normalizer candidates)",
        )
    encoding = best.encoding
    try:
        return data.decode(_UPGRADE.get(encoding, encoding)), encoding
    except (UnicodeDecodeError, LookupError):
        return str(best), encoding


def _check_size(data: bytes, source: str, *, per_char: int) -> None:
    """Refuse a file that cannot hold an article under the length limit (``per_char`` bytes a character
    at most) before decoding it: a 20 MB text is refused at once, not after seconds of work."""
    limit = max_article_chars()
    if len(data) > per_char * limit:
        raise ArticleTooLong(source, len(data), limit, unit="bytes")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- text


def read_text(data: bytes, source: str, res: ReadResources) -> Iterator[Article | ReadFailure]:
    """A plain-text article in UTF-8, GB18030/GBK or Big5."""
    _check_size(data, source, per_char=4)
    text, encoding = decode_bytes(data, source)
    yield normalize(text, source=source, encoding=encoding, sha256=_sha256(data), resources=res)


# --------------------------------------------------------------------------- HTML

_HTML_SNIFF = re.compile(
    # a comment ends at its first -->: with a lazy .*? a run of comments can be cut in exponentially many ways
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*(?:<!doctype\s+html|<html|<head|<body)",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)


def _decode_html(data: bytes, source: str) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        try:
            return data.decode(_UPGRADE.get(declared.replace("-", ""), declared)), declared
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies: fall back to detection
    return decode_bytes(data, source)


def html_main_text(html: str, source: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML document with trafilatura; ReadError when it has none."""
    import trafilatura  # heavy import, only when HTML is read

    doc = trafilatura.bare_extraction(
        html,
        url=source if "://" in source else None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=False,
    )
    meta = {} if doc is None else (doc.as_dict() if hasattr(doc, "as_dict") else dict(doc))
    body = meta.get("text") or ""
    if not body.strip():
        raise ReadError(source, "no main text found in the HTML page")
    return body, meta


_META_KEYS = ("url", "author", "hostname", "description", "categories", "tags", "sitename")


def read_html(data: bytes, source: str, res: ReadResources) -> Iterator[Article | ReadFailure]:
    """An HTML page: main text with trafilatura; title, date, site name from its metadata."""
    _check_size(data, source, per_char=16)  # markup around the text: a page may weigh many times its text
    html, encoding = _decode_html(data, source)
    body, meta = html_main_text(html, source)
    yield normalize(
        body,
        source=source,
        title=meta.get("title"),
        published=meta.get("date"),
        site=meta.get("sitename"),
        metadata={k: meta[k] for k in _META_KEYS if meta.get(k)},
        encoding=encoding,
        sha256=_sha256(data),
        resources=res,
    )


# --------------------------------------------------------------------------- records (JSONL / CSV)

TEXT_FIELDS = ("text", "content", "body", "html")
# a corpus text field that holds a page's markup rather than its text
_MARKUP = re.compile(r"<(?:p|div|br|span|html|body|article|section|h[1-6])\b[^>]*>", re.IGNORECASE)
KNOWN_FIELDS = ("id", "url", "title", "date", "source", *TEXT_FIELDS)


def record_article(
    rec: Mapping[str, Any], *, source: str, where: str, index: int, encoding: str | None, res: ReadResources
) -> Article:
    """One corpus record (``id,url,title,date,source,text``) -> Article; extra fields kept as metadata."""
    text_field = next((f for f in TEXT_FIELDS if f in rec), None)
    if text_field is None:
        raise ReadError(where, f"record has no 'text' field (fields: {', '.join(map(str, rec)) or 'none'})")
    text = rec[text_field]
    if not isinstance(text, str) or not text.strip():
        raise ReadError(where, f"record field {text_field!r} is empty or not a string")
    title, published, site = rec.get("title") or None, rec.get("date") or None, rec.get("source") or None
    raw_digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if text_field == "html" or len(_MARKUP.findall(text[:20000])) >= 3:
        text, meta = html_main_text(text, where)
        title, published = title or meta.get("title"), published or meta.get("date")
        site = site or meta.get("sitename")
    rid = rec.get("id")
    url = rec.get("url") or None
    # identity: the record id, else the URL, else the content (never the line number: records move)
    if rid not in (None, ""):
        art_id = slugify(str(rid))
    elif url:
        art_id = f"{slugify(urlsplit(str(url)).hostname or 'url')}-{hashlib.sha1(str(url).encode()).hexdigest()[:12]}"
    else:
        art_id = f"{slugify(PurePath(source).stem)}-{raw_digest[:12]}"
    metadata = {k: v for k, v in rec.items() if k not in KNOWN_FIELDS and v not in (None, "")}
    metadata["file"] = source
    metadata["record"] = index
    if url:
        metadata["url"] = url
    return normalize(
        text,
        source=str(url) if url else where,
        id=art_id,
        title=title,
        published=published,
        site=site,
        metadata=metadata,
        encoding=encoding,
        sha256=raw_digest,
        resources=res,
    )


def read_jsonl(data: bytes, source: str, res: ReadResources) -> Iterator[Article | ReadFailure]:
    """JSON Lines, one article object per line (a ``.json`` array of objects is accepted too)."""
    text, encoding = decode_bytes(data, source)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadError(source, f"malformed JSON array: {exc.msg} at line {exc.lineno}") from None
        yield from _json_records(enumerate(items, 1), source, encoding, res)
        return
    yield from _jsonl_lines(text.splitlines(), source, encoding, res)


def _jsonl_lines(lines: Iterable[str], source: str, encoding: str | None, res: ReadResources
                 ) -> Iterator[Article | ReadFailure]:
    """The records of JSON lines, one at a time; a malformed line is a failure of its own."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(f"{source}:{lineno}", f"malformed JSON record: {exc.msg} (column {exc.colno})")
            continue
        yield from _json_records(((lineno, rec),), source, encoding, res)


def _json_records(rows: Iterable[tuple[int, Any]], source: str, encoding: str | None, res: ReadResources
                  ) -> Iterator[Article | ReadFailure]:
    for index, rec in rows:
        where = f"{source}:{index}"
        if not isinstance(rec, dict):
            yield ReadFailure(where, f"expected a JSON object per record, found {type(rec).__name__}")
            continue
        try:
            yield record_article(rec, source=source, where=where, index=index, encoding=encoding, res=res)
        except ReadError as exc:
            yield ReadFailure(exc.source, exc.reason)


def stream_jsonl(fh: BinaryIO, source: str, res: ReadResources) -> Iterator[Article | ReadFailure]:
    """JSON Lines from a stream, line by line (a JSON array is read whole, as ``read_jsonl`` does)."""
    head, text, encoding = open_text(fh, source)
    if head.lstrip().startswith("["):
        yield from read_jsonl(text.read().encode("utf-8"), source, res)
        return
    yield from _guarded(_jsonl_lines(text, source, encoding, res), source)


def read_csv(data: bytes, source: str, res: ReadResources) -> Iterator[Article | ReadFailure]:
    """CSV (or TSV) with a header row naming at least a ``text`` column."""
    text, encoding = decode_bytes(data, source)
    yield from _csv_rows(io.StringIO(text, newline=""), text[:4096], source, encoding, res)


def stream_csv(fh: BinaryIO, source: str, res: ReadResources) -> Iterator[Article | ReadFailure]:
    """CSV (or TSV) from a stream, row by row."""
    head, text, encoding = open_text(fh, source)
    yield from _guarded(_csv_rows(text, head[:4096], source, encoding, res), source)


def _csv_rows(text: IO[str], head: str, source: str, encoding: str | None, res: ReadResources
              ) -> Iterator[Article | ReadFailure]:
    try:
        dialect: Any = csv.Sniffer().sniff(head, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    # articles are long fields; the csv module's default limit (128 KiB) would reject big ones
    csv.field_size_limit(1 << 27)
    reader = csv.DictReader(text, dialect=dialect)
    fields = reader.fieldnames or []
    if not any(f in fields for f in TEXT_FIELDS):
        raise ReadError(
            source,
            f"CSV has no 'text' column (expected columns id,url,title,date,source,text; "
            f"found {', '.join(fields) or 'none'})",
        )
    try:
        for index, row in enumerate(reader, 2):  # line 1 is the header
            where = f"{source}:{index}"
            if None in row:
                yield ReadFailure(
                    where,
                    f"malformed CSV row: {len(fields) + len(row[None])} fields "
                    f"where the header has {len(fields)}",
                )
                continue
            try:
                yield record_article(row, source=source, where=where, index=index, encoding=encoding, res=res)
            except ReadError as exc:
                yield ReadFailure(exc.source, exc.reason)
    except csv.Error as exc:
        yield ReadFailure(source, f"malformed CSV: {exc}")


# --------------------------------------------------------------------------- streams

STREAM_HEAD = 1 << 16   # bytes looked at to tell the encoding of a stream


class _Rewound(io.RawIOBase):
    """A binary stream whose first bytes were read already: gives them back, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def open_text(fh: BinaryIO, source: str) -> tuple[str, IO[str], str]:
    """``(head, text stream, encoding)`` of a binary stream: the encoding told from its first lines.

    The head (up to ``STREAM_HEAD`` bytes, cut after its last full line) goes through
    :func:`decode_bytes` (binary and empty data are refused there); the whole stream is then
    decoded with the encoding found, line by line.
    """
    head = b""
    while len(head) < STREAM_HEAD:   # a decompressing stream may give less than asked before its end
        more = fh.read(STREAM_HEAD - len(head))
        if not more:
            break
        head += more
    cut = head.rfind(b"\n") + 1 if len(head) == STREAM_HEAD and b"\n" in head else len(head)
    text, encoding = decode_bytes(head[:cut], source)
    codec = "utf-8-sig" if encoding == "utf_8" else _UPGRADE.get(encoding, encoding)
    stream = io.TextIOWrapper(io.BufferedReader(_Rewound(head, fh), 1 << 16), encoding=codec, newline="")
    return text, stream, encoding


def _guarded(records: Iterator[Article | ReadFailure], source: str) -> Iterator[Article | ReadFailure]:
    """Records of a stream; bytes that stop decoding midway end it with a failure naming the file."""
    try:
        yield from records
    except UnicodeDecodeError as exc:
        yield ReadFailure(source, f"undecodable after the records read so far ({exc.reason}); the rest is not read")


def _sniff_jsonl(head: str) -> bool:
    first = head.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return first.rstrip().endswith("}")


TEXT_READER = Reader("text", (".txt", ".text"), read_text)
HTML_READER = Reader(
    "html", (".html", ".htm", ".xhtml", ".shtml"), read_html, sniff=lambda head: bool(_HTML_SNIFF.match(head))
)
JSONL_READER = Reader("jsonl", (".jsonl", ".ndjson", ".json"), read_jsonl, sniff=_sniff_jsonl, stream=stream_jsonl)
CSV_READER = Reader("csv", (".csv", ".tsv"), read_csv, stream=stream_csv)

READERS.register("text", "kg.read.readers:TEXT_READER")
READERS.register("html", "kg.read.readers:HTML_READER")
READERS.register("jsonl", "kg.read.readers:JSONL_READER")
READERS.register("csv", "kg.read.readers:CSV_READER")


def pick_reader(path: Path, data: bytes) -> Reader:
    """The reader for a file: by extension, else by sniffing its decoded head, else plain text."""
    readers = [READERS.get(name) for name in READERS.names()]
    suffix = path.suffix.lower()
    for r in readers:
        if suffix in r.extensions:
            return r
    head = data[:4096].decode("utf-8", errors="replace")
    for r in readers:
        if r.sniff is not None and r.sniff(head):
            return r
    return READERS.get("text")


def known_extensions() -> set[str]:
    return {ext for name in READERS.names() for ext in READERS.get(name).extensions}
