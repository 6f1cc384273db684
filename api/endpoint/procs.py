"""Child processes of the server that die with it: started from one long-lived thread, tied to the parent.

Every worker process (SPARQL/REST workers, the extraction worker) calls ``tie_to_parent``
first thing: like the batch extraction workers (``kg.batch.die_with_parent``) it asks the kernel
to SIGKILL it when its parent goes (``PR_SET_PDEATHSIG``) and watches ``getppid()``. A
``kill -9`` of the server therefore leaves no worker behind.

``PR_SET_PDEATHSIG`` fires when the *thread* that forked the child ends, not the process:
so every child is started from one thread that lives as long as the server
(``start_process``), never from a short-lived helper thread.

Workers ignore SIGINT: a Ctrl-C in a terminal reaches the whole process group, and the
server (uvicorn) handles it by shutting down and killing the workers itself; a worker that
also took the signal would print a ``KeyboardInterrupt`` traceback.
"""

from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kg.batch import die_with_parent

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


def tie_to_parent(parent: int | None = None) -> None:
    """Make this (child) process die with its parent (``kg.batch.die_with_parent``: PDEATHSIG and a
    getppid watchdog), with SIGINT ignored.

    ``parent`` is the pid the child expects as its parent (default: the current one; a child
    forked by multiprocessing's fork server has the fork server as parent, which exits
    when the server does).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = parent if parent is not None else os.getppid()
    if parent == 1:  # already orphaned before it could tie itself
        os._exit(0)
    die_with_parent(parent)
