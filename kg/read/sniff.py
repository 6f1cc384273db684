"""What a file is, from its first bytes rather than its name: articles come as text, never as binaries.

The ``filetype`` library (MIT, no dependencies) knows the signatures of images, audio, video, fonts,
office documents, PDF, executables and archives. A gzip file is opened (within a size limit) and
its content sniffed in turn: a gzipped text article is read, a gzipped tarball or image is refused.
The same holds for zstd (``.zst``).
"""
from __future__ import annotations

import zlib

import filetype

from kg.errors import ReadError

HEAD = 262                  # bytes filetype looks at
GZIP_LIMIT = 64 << 20       # a gzipped article larger than this once inflated is refused (zip bombs)

# filetype's MIME types -> the words of the message
_KINDS = {
    "application/pdf": "a PDF document",
    "application/zip": "a zip archive",
    "application/x-7z-compressed": "a 7z archive",
    "application/vnd.rar": "a RAR archive",
    "application/x-rar-compressed": "a RAR archive",
    "application/x-tar": "a tar archive",
    "application/gzip": "a gzip archive",
    "application/x-bzip2": "a bzip2 archive",
    "application/x-xz": "an xz archive",
    "application/zstd": "a zstd archive",
    "application/x-msdownload": "a Windows executable",
    "application/x-executable": "an ELF executable",
    "application/epub+zip": "an EPUB book",
    "application/rtf": "an RTF document",
    "application/x-sqlite3": "an SQLite database",
}
_FAMILIES = {"image": "an image", "video": "a video", "audio": "an audio file", "font": "a font file"}


def describe(mime: str, extension: str) -> str:
    """Words for a detected kind: ``a PDF document``, ``an image (image/png)`` ..."""
    if mime in _KINDS:
        return f"{_KINDS[mime]} ({mime})"
    family = mime.split("/", 1)[0]
    if family in _FAMILIES:
        return f"{_FAMILIES[family]} ({mime})"
    if "officedocument" in mime or "msword" in mime or "opendocument" in mime or "ms-excel" in mime:
        return f"an office document ({extension}, {mime})"
    return f"a binary file of type {extension} ({mime})"


def binary_kind(data: bytes) -> str | None:
    """What ``data`` is when its signature says it is not text (``None``: no known binary signature)."""
    kind = filetype.guess(data[:HEAD])
    return None if kind is None else describe(kind.mime, kind.extension)


def gunzip(data: bytes, source: str) -> bytes:
    """The inflated content of gzip ``data``; ReadError when it is damaged or larger than ``GZIP_LIMIT``."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, GZIP_LIMIT + 1)
    except zlib.error as exc:
        raise ReadError(source, f"a damaged gzip archive ({exc})") from None
    if len(out) > GZIP_LIMIT:
        raise ReadError(source, f"a gzip archive inflating to more than {GZIP_LIMIT >> 20} MB; not read")
    return out


def unzstd(data: bytes, source: str) -> bytes:
    """The content of zstd ``data``; ReadError when it is damaged or larger than ``GZIP_LIMIT``."""
    import zstandard

    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            out = reader.read(GZIP_LIMIT + 1)
    except zstandard.ZstdError as exc:
        raise ReadError(source, f"a damaged zstd archive ({exc})") from None
    if len(out) > GZIP_LIMIT:
        raise ReadError(source, f"a zstd archive inflating to more than {GZIP_LIMIT >> 20} MB; not read")
    return out


COMPRESSED = {"application/gzip": ("gzip", gunzip), "application/zstd": ("zstd", unzstd)}


def check_article_bytes(data: bytes, source: str) -> tuple[bytes, bool]:
    """``(bytes to read, was compressed)``; ReadError naming the detected kind for anything not text.

    A gzip or zstd file is inflated and sniffed again: text inside is read, anything else refused.
    """
    kind = filetype.guess(data[:HEAD])
    if kind is None:
        return data, False
    if kind.mime in COMPRESSED:
        name, inflate = COMPRESSED[kind.mime]
        inner = inflate(data, source)
        inner_kind = binary_kind(inner)
        if inner_kind is not None:
            raise ReadError(source, f"a {name} archive of {inner_kind}, not an article: "
                                    f"expected text, HTML, JSONL or CSV ({name}-compressed text is read)")
        return inner, True
    raise ReadError(source, f"{describe(kind.mime, kind.extension)}, not an article: "
                            "expected text, HTML, JSONL or CSV")


__all__ = ["COMPRESSED", "GZIP_LIMIT", "binary_kind", "check_article_bytes", "describe", "gunzip", "unzstd"]
