"""Child processes of the server that die with it: started from one long-lived thread, tied to the parent.

Every worker process (SPARQL/REST workers, the extraction worker) calls ``tie_to_parent``
first thing: it asks the kernel to SIGKILL it when its parent goes (``PR_SET_PDEATHSIG``,
Linux, through ``prctl`` from libc), and starts a thread that exits the process as soon as
``getppid()`` changes (other systems, and the window before ``prctl`` took effect). A
``kill -9`` of the server therefore leaves no worker behind.

``PR_SET_PDEATHSIG`` fires when the *thread* that forked the child ends, not the process:
so every child is started from one thread that lives as long as the server
(``start_process``), never from a short-lived helper thread.

Workers ignore SIGINT: a Ctrl-C in a terminal reaches the whole process group, and the
server (uvicorn) handles it by shutting down and killing the workers itself; a worker that
also took the signal would print a ``KeyboardInterrupt`` traceback.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1
WATCH_INTERVAL = 0.5  # seconds between two getppid() checks

_starter: ThreadPoolExecutor | None = None
_starter_lock = threading.Lock()


def start_process(process: Any) -> None:
    """``process.start()`` on the one long-lived starter thread (see the module text)."""
    global _starter
    with _starter_lock:
        if _starter is None:
            _starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-process-starter")
        starter = _starter
    starter.submit(process.start).result()


def _set_pdeathsig(sig: int) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(0)
        time.sleep(WATCH_INTERVAL)


def tie_to_parent(parent: int | None = None) -> None:
    """Make this (child) process die with its parent: PDEATHSIG, a getppid watchdog, SIGINT ignored.

    ``parent`` is the pid the child expects as its parent (default: the current one; a child
    forked by multiprocessing's fork server has the fork server as parent, which exits
    when the server does).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _set_pdeathsig(signal.SIGKILL)
    parent = parent if parent is not None else os.getppid()
    if os.getppid() != parent or parent == 1:  # the parent died before prctl took effect
        os._exit(0)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="kg-parent-watch").start()
