"""Reading stage: decode inputs, repair scraped Chinese text, normalise, segment, read credits.

``normalize`` is the pure core (decoded text -> Article); ``read_file`` and
``read_paths`` read files and directories through the ``READERS`` registry.
"""

from __future__ import annotations

from kg.read.files import read_file, read_paths
from kg.read.normalize import normalize
from kg.read.readers import READERS, Reader, decode_bytes
from kg.read.resources import ReadResources, build_resources, default_resources

__all__ = [
    "READERS",
    "ReadResources",
    "Reader",
    "build_resources",
    "decode_bytes",
    "default_resources",
    "normalize",
    "read_file",
    "read_paths",
]
