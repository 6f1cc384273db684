"""Running the app under uvicorn, with request lines that may hold raw UTF-8.

``curl '127.0.0.1:8000/deployments?person=张伟'`` sends the Chinese name as raw
UTF-8 bytes, which HTTP/1.1 parsers (h11, llhttp) reject with 400. This
protocol percent-encodes bytes above 0x7F in the request line before h11 reads
it, which is what a browser would have sent; nothing else changes.
"""

from __future__ import annotations

import re
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

_HIGH = re.compile(rb"[\x80-\xff]")


def percent_encode_request_line(data: bytes) -> bytes:
    """``data`` (the start of a request) with bytes above 0x7F in its first line percent-encoded."""
    end = data.find(b"\n")
    line, rest = (data, b"") if end < 0 else (data[:end], data[end:])
    if not _HIGH.search(line):
        return data
    return _HIGH.sub(lambda m: b"%%%02X" % m.group()[0], line) + rest


class Utf8RequestLineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, lenient about raw UTF-8 in the request target."""

    def data_received(self, data: bytes) -> None:
        pending, _ = self.conn.trailing_data
        # still before the end of a request line: a new request, or the rest of a split line
        if self.conn.their_state is h11.IDLE and b"\n" not in pending:
            data = percent_encode_request_line(data)
        super().data_received(data)


# On SIGINT/SIGTERM, requests still running after this many seconds are cancelled (a runaway
# query would otherwise hold the shutdown up to its time limit); then the workers are killed.
GRACEFUL_SHUTDOWN_SECONDS = 5


def run(app: Any, *, host: str, port: int, log_level: str = "info") -> None:
    """Serve ``app`` on ``host``:``port`` until interrupted (SIGINT, SIGTERM: a clean shutdown)."""
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        http=Utf8RequestLineH11Protocol,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
