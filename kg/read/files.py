"""Reading files and directories: ``read_file`` (one file, all or nothing) and ``read_paths`` (a batch).

Sources are named relative to their *ingest root*: the directory given (``a/report.txt`` for
``kg ingest corpus`` reading ``corpus/a/report.txt``), or the folder of a file given by itself
(``report.txt``). No absolute path reaches an article. An article's identity (its ``id``, hence its
IRI) comes from that relative path without the extension, from the record id or URL of a JSONL/CSV
record, else from its content digest. Each article also carries ``metadata["root"]``, a digest of
its root's absolute location, so that two folders' ``report.txt`` can be told apart without naming
either folder. Within one batch, two different contents claiming one identity are a collision: the
later one is reported as a failure, never silently dropped or written over the first.

Inputs are sniffed by content (``kg.read.sniff``), not trusted by extension: PDF, images, archives
and other binaries are refused with a message naming the detected kind.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import zstandard

from kg.errors import ReadError
from kg.read.normalize import slugify
from kg.read.readers import READERS, known_extensions, pick_reader
from kg.read.resources import ReadResources, default_resources
from kg.read.sniff import HEAD, binary_kind, check_article_bytes
from kg.records import Article, ReadFailure

# documentation beside the articles in a corpus directory, not articles
_NOT_ARTICLES = re.compile(
    r"^(?:readme|sources|licen[cs]e|notice|changelog|copying)(?:\.\w+)?$|\.gold\.json$", re.IGNORECASE
)


def root_key(root: Path) -> str:
    """A digest of the ingest root's absolute location (recorded, never the path itself)."""
    return hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]


def source_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, with ``/`` separators (the file name when it is not under it)."""
    try:
        return PurePosixPath(*path.resolve().relative_to(root.resolve()).parts).as_posix()
    except ValueError:
        return path.name


COMPRESSION_SUFFIXES = (".gz", ".zst")
_GZIP_MAGIC, _ZSTD_MAGIC = b"\x1f\x8b", b"\x28\xb5\x2f\xfd"


def file_identity(name: str) -> str:
    """The id of the one article of a file: its relative path without the extension (``a/report.txt`` ->
    ``a-report``; a ``.gz`` or ``.zst`` suffix goes first)."""
    pure = PurePosixPath(name)
    if pure.suffix.lower() in COMPRESSION_SUFFIXES:
        pure = pure.with_suffix("")
    return slugify(str(pure.with_suffix("")) if pure.suffix else str(pure))


def _plain_name(source: str) -> Path:
    """The name a file's format is told from: without its compression suffix."""
    lower = source.lower()
    return Path(source[:source.rfind(".")]) if lower.endswith(COMPRESSION_SUFFIXES) else Path(source)


def open_decompressed(path: Path) -> BinaryIO:
    """``path`` opened for reading, decompressed on the fly when it is gzip or zstd (by its first bytes)."""
    fh = path.open("rb")
    magic = fh.read(4)
    fh.seek(0)
    if magic.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    if magic == _ZSTD_MAGIC:
        return zstandard.ZstdDecompressor().stream_reader(fh, closefd=True)  # type: ignore[return-value]
    return fh


def _streamed(path: Path, source: str, resources: ReadResources) -> Iterator[Article | ReadFailure] | None:
    """The records of a corpus file read as a stream (JSONL, CSV; compressed or not), or None when its
    format reads whole files (one article a file, or a JSON array)."""
    name = _plain_name(source)
    reader = next((READERS.get(n) for n in READERS.names() if name.suffix.lower() in READERS.get(n).extensions), None)
    if reader is None or reader.stream is None or name.suffix.lower() == ".json":
        return None
    stream = reader.stream

    def records() -> Iterator[Article | ReadFailure]:
        try:
            fh = open_decompressed(path)
        except OSError as exc:
            raise ReadError(source, f"cannot open: {exc.strerror or exc}") from None
        with fh:
            head = fh.read(HEAD)
            kind = binary_kind(head) if head else None
            if kind is not None:
                raise ReadError(source, f"{kind}, not an article: expected text, HTML, JSONL or CSV")
            try:
                yield from stream(_Prefixed(head, fh), source, resources)  # type: ignore[arg-type]
            except (OSError, EOFError, zlib.error, zstandard.ZstdError) as exc:
                raise ReadError(source, f"a damaged compressed file ({exc}); the rest is not read") from None

    return records()


class _Prefixed:
    """A binary stream whose first bytes were read already (to sniff them): gives them back first."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size < 0:
            out, self._head = self._head + self._rest.read(), b""
            return out
        out, self._head = self._head[:size], self._head[size:]
        return out + self._rest.read(size - len(out)) if len(out) < size else out


def _read_records(path: Path, resources: ReadResources, *, root: Path | None = None
                  ) -> Iterator[Article | ReadFailure]:
    root = root if root is not None else path.parent
    source = source_name(path, root)
    key = root_key(root)
    if path.is_file():
        streamed = _streamed(path, source, resources)
        if streamed is not None:
            for item in streamed:
                if isinstance(item, Article):
                    item = dataclasses.replace(item, metadata={**item.metadata, "root": key})
                yield item
            return
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ReadError(source, "is a directory (use read_paths to read directories)") from None
    except FileNotFoundError:
        raise ReadError(source, "no such file") from None
    except OSError as exc:
        raise ReadError(source, f"cannot open: {exc.strerror or exc}") from None
    data, compressed = check_article_bytes(data, source)
    reader_path = _plain_name(source) if compressed else Path(source)
    reader = pick_reader(reader_path, data)
    default_id = slugify(Path(source).stem)
    for item in reader.read(data, source, resources):
        if isinstance(item, Article):
            # a reader that set no id of its own (one article per file) gets the relative path's
            ident = file_identity(source) if item.id == default_id else item.id
            item = dataclasses.replace(item, id=ident, metadata={**item.metadata, "root": key})
        yield item


def _as_given(source: str, path: Path) -> str:
    """A failure's source (``name`` or ``name:record``) with the file named as the caller gave it."""
    return str(path) + source[len(path.name):] if source.startswith(path.name) else source


def read_file(path: str | Path, *, resources: ReadResources | None = None) -> list[Article]:
    """Every article of one file (a text/HTML file holds one; JSONL/CSV may hold many).

    The articles' sources are the file's name (its folder is the root). Raises ReadError naming the
    file as given (and the record) when anything in it cannot be read.
    """
    res = resources or default_resources()
    path = Path(path)
    articles: list[Article] = []
    failures: list[ReadFailure] = []
    try:
        for item in _read_records(path, res):
            (failures if isinstance(item, ReadFailure) else articles).append(item)  # type: ignore[arg-type]
    except ReadError as exc:
        raise ReadError(_as_given(exc.source, path), exc.reason) from None
    if failures:
        first = failures[0]
        more = f" (and {len(failures) - 1} more bad records)" if len(failures) > 1 else ""
        raise ReadError(_as_given(first.source, path), first.reason + more)
    return articles


def _walk(directory: Path) -> Iterator[Path]:
    for p in sorted(directory.rglob("*")):
        rel = p.relative_to(directory)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue
        if _NOT_ARTICLES.search(p.name):
            continue
        yield p


def read_paths(
    paths: Iterable[str | Path], *, resources: ReadResources | None = None
) -> Iterator[Article | ReadFailure]:
    """Articles of every file and directory (recursively) given; a ReadFailure per bad input, never stopping.

    In directories, hidden files, documentation (README, SOURCES, LICENSE) and ``*.gold.json`` are
    skipped; a file of an unknown type there is reported as a failure (naming what its content is
    when it is a known binary), not silently ignored. An article whose identity an earlier article
    of the batch already holds with other content is a failure too (the same content twice is read once).
    """
    res = resources or default_resources()
    exts = known_extensions()
    claimed: dict[str, tuple[str, str | None]] = {}   # id -> (source, sha256) of the first article
    for item in _read_all(paths, res, exts):
        if isinstance(item, Article):
            first = claimed.get(item.id)
            if first is not None:
                if first[1] is not None and first[1] == item.sha256:
                    continue   # the same content again (a file given twice): one article
                holder = f"another {first[0]}" if first[0] == item.source else first[0]
                yield ReadFailure(item.source, f"identity collision: article id {item.id!r} is already taken in "
                                               f"this batch by {holder} with other content; not read "
                                               "(rename one of them, or give them distinct record ids)")
                continue
            claimed[item.id] = (item.source, item.sha256)
        yield item


def _read_all(paths: Iterable[str | Path], res: ReadResources, exts: set[str]) -> Iterator[Article | ReadFailure]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                yield ReadFailure(path.name or str(path), "directory holds no files to read")
            for f in files:
                if f.suffix and f.suffix.lower() not in exts and f.suffix.lower() not in COMPRESSION_SUFFIXES:
                    yield ReadFailure(source_name(f, path), _unknown_type(f, exts))
                    continue
                yield from _safe(f, res, path)
        elif not path.exists():
            yield ReadFailure(path.name or str(path), "no such file or directory")
        else:
            yield from _safe(path, res, path.parent)


def _unknown_type(path: Path, exts: set[str]) -> str:
    known = f"known: {', '.join(sorted(exts))}"
    try:
        with path.open("rb") as fh:
            kind = binary_kind(fh.read(HEAD))
    except OSError:
        kind = None
    if kind is not None:
        return f"{kind}, not an article: unsupported file type {path.suffix!r} ({known})"
    return f"unsupported file type {path.suffix!r} ({known})"


def _safe(path: Path, res: ReadResources, root: Path) -> Iterator[Article | ReadFailure]:
    try:
        yield from _read_records(path, res, root=root)
    except ReadError as exc:
        yield ReadFailure(exc.source, exc.reason)
    except Exception as exc:  # noqa: BLE001 - reported, not swallowed: one bad file must not stop a batch
        # a reader (built-in or third-party) or a library under it failed in a way it did not foresee
        yield ReadFailure(source_name(path, root), f"unexpected {type(exc).__name__} while reading: {exc}")


def count_records(paths: Iterable[str | Path]) -> int:
    """How many articles the inputs hold, about (for a progress bar's total, not for identities): a line of
    JSONL, a row of CSV, one a file otherwise. Reads through record files once, without parsing records."""
    import csv

    from kg.read.readers import open_text

    total = 0
    for given in paths:
        path = Path(given)
        files = list(_walk(path)) if path.is_dir() else [path] if path.is_file() else []
        for f in files:
            suffix = _plain_name(f.name).suffix.lower()
            if suffix not in (".jsonl", ".ndjson", ".csv", ".tsv"):
                total += 1
                continue
            try:
                with open_decompressed(f) as fh:
                    if suffix in (".jsonl", ".ndjson"):
                        total += sum(1 for line in fh if line.strip())
                    else:
                        _, text, _ = open_text(fh, f.name)
                        csv.field_size_limit(1 << 27)
                        total += max(0, sum(1 for _ in csv.reader(text)) - 1)
            except (OSError, EOFError, zlib.error, zstandard.ZstdError, ReadError, UnicodeDecodeError, csv.Error):
                total += 1
    return total
