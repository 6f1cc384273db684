"""The server process does not load what only uploads or entity pages need (pypinyin: about 55 MB)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from importlib import import_module
import api.app
from api.routers import ROUTERS
for spec in ROUTERS:
    import_module(spec.partition(":")[0])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pypinyin", "kg"))))
"""


def test_app_and_routers_leave_pypinyin_and_the_builder_unloaded() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout))
    assert {"kg.store.base", "kg.analysis"} <= loaded  # the probe saw the app's own imports
    assert not {m for m in loaded if m == "pypinyin" or m.startswith("pypinyin.")}
    assert "kg.ingest" not in loaded
    assert "kg.rdf.english" not in loaded


def test_worker_heap_trimmer_gives_freed_heap_back() -> None:
    """Holes freed in the C heap (as a big query leaves them) stay resident until the trimmer runs."""
    import ctypes

    from api.endpoint.pool import _heap_trimmer, _resident_mb

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        pytest.skip("not glibc")
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    block = 64 * 1024  # below the mmap threshold: from the heap
    blocks = [libc.malloc(block) for _ in range(1600)]
    for b in blocks:
        libc.memset(b, 1, block)
    for b in blocks[::2]:  # every other block: holes that glibc's automatic trim (top of heap only) keeps
        libc.free(b)
    holding = _resident_mb()
    _heap_trimmer()()
    trimmed = _resident_mb()
    for b in blocks[1::2]:
        libc.free(b)
    assert holding - trimmed > 25  # about 50 MB of holes given back
