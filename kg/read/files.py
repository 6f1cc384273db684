"""Reading files and directories: ``read_file`` (one file, all or nothing) and ``read_paths`` (a batch)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import ReadError
from kg.read.readers import known_extensions, pick_reader
from kg.read.resources import ReadResources, default_resources
from kg.records import Article, ReadFailure

# documentation beside the articles in a corpus directory, not articles
_NOT_ARTICLES = re.compile(
    r"^(?:readme|sources|licen[cs]e|notice|changelog|copying)(?:\.\w+)?$|\.gold\.json$", re.IGNORECASE
)


def _read_records(path: Path, resources: ReadResources) -> Iterator[Article | ReadFailure]:
    source = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ReadError(source, "is a directory (use read_paths to read directories)") from None
    except FileNotFoundError:
        raise ReadError(source, "no such file") from None
    except OSError as exc:
        raise ReadError(source, f"cannot open: {exc.strerror or exc}") from None
    reader = pick_reader(path, data)
    yield from reader.read(data, source, resources)


def read_file(path: str | Path, *, resources: ReadResources | None = None) -> list[Article]:
    """Every article of one file (a text/HTML file holds one; JSONL/CSV may hold many).

    Raises ReadError naming the file (and record) when anything in it cannot be read.
    """
    res = resources or default_resources()
    articles: list[Article] = []
    failures: list[ReadFailure] = []
    for item in _read_records(Path(path), res):
        (failures if isinstance(item, ReadFailure) else articles).append(item)  # type: ignore[arg-type]
    if failures:
        first = failures[0]
        more = f" (and {len(failures) - 1} more bad records)" if len(failures) > 1 else ""
        raise ReadError(first.source, first.reason + more)
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
    skipped; a file of an unknown type there is reported as a failure, not silently ignored.
    """
    res = resources or default_resources()
    exts = known_extensions()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                yield ReadFailure(str(path), "directory holds no files to read")
            for f in files:
                if f.suffix and f.suffix.lower() not in exts:
                    yield ReadFailure(
                        str(f), f"unsupported file type {f.suffix!r} (known: {', '.join(sorted(exts))})"
                    )
                    continue
                yield from _safe(f, res)
        elif not path.exists():
            yield ReadFailure(str(path), "no such file or directory")
        else:
            yield from _safe(path, res)


def _safe(path: Path, res: ReadResources) -> Iterator[Article | ReadFailure]:
    try:
        yield from _read_records(path, res)
    except ReadError as exc:
        yield ReadFailure(exc.source, exc.reason)
    except Exception as exc:  # noqa: BLE001 - reported, not swallowed: one bad file must not stop a batch
        # a reader (built-in or third-party) or a library under it failed in a way it did not foresee
        yield ReadFailure(str(path), f"unexpected {type(exc).__name__} while reading: {exc}")
