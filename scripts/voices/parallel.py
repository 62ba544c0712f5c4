"""Spread per-file work over the machine's cores: reading and checking a story does not depend on
any other story, and at thousands of stories it is most of `voices check`'s time.

Small archives stay in one process (starting workers costs more than it saves). Workers are
forked (instant, nothing re-imported) when this is the process's only thread; otherwise, as under
`mkdocs serve`, they come from a fork server, because forking a threaded process can deadlock.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, one process is quicker
CHUNKS_PER_WORKER = 4  # a few chunks each, so a slow chunk does not leave a core idle


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_chunks(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T],
               fork_only: bool = False) -> list[R]:
    """fn over items in chunks, in parallel when it pays, results in the order of items.
    fn must be a module-level function (it is sent to the workers by name).
    fork_only: fn reads state this process set up before the call (a forked worker has it, one
    from the fork server does not), so without forking it runs here, in one process."""
    n = min(workers(), 8)
    if n < 2 or len(items) < MIN_ITEMS:
        return fn(items)
    size = -(-len(items) // (n * CHUNKS_PER_WORKER))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    if threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    elif fork_only:
        return fn(items)
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([fn.__module__])
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        return [r for part in pool.map(fn, chunks) for r in part]
