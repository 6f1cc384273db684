"""Decode a PNG screenshot (8-bit RGB/RGBA, non-interlaced, as Chromium writes them) without Pillow."""
from __future__ import annotations

import struct
import zlib
from statistics import pvariance


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, channels, raw pixel bytes) of an 8-bit non-interlaced RGB/RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or color not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG: depth {depth}, colour {color}, interlace {interlace}")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        out += line
        prev = line
    return width, height, channels, bytes(out)


def gray_variance(data: bytes, *, step: int = 7) -> float:
    """Variance of the grey level over a grid of sampled pixels (0 for a blank image)."""
    width, height, channels, pixels = decode_png(data)
    values = []
    for y in range(0, height, step):
        for x in range(0, width, step):
            i = (y * width + x) * channels
            values.append((pixels[i] * 299 + pixels[i + 1] * 587 + pixels[i + 2] * 114) // 1000)
    return float(pvariance(values)) if len(values) > 1 else 0.0


def distinct_colors(data: bytes, *, step: int = 5) -> int:
    """How many different RGB colours appear on a sampled grid."""
    width, height, channels, pixels = decode_png(data)
    seen = set()
    for y in range(0, height, step):
        for x in range(0, width, step):
            i = (y * width + x) * channels
            seen.add(pixels[i:i + 3])
    return len(seen)
