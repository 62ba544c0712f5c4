"""Spread per-file work over the machine's cores: reading and checking a story does not depend on
any other story, and at thousands of stories it is most of `voices check`'s time.

Small archives stay in one process (starting workers costs more than it saves). Workers are
forked (instant, nothing re-imported) when this is the process's only thread; otherwise, as under
`mkdocs serve`, they come from a fork server, because forking a threaded process can deadlock.
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, one process is quicker
CHUNKS_PER_WORKER = 4  # a few chunks each, so a slow chunk does not leave a core idle


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def map_chunks(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """fn over items in chunks, in parallel when it pays, results in the order of items.
    fn must be a module-level function (it is sent to the workers by name)."""
    n = min(workers(), 8)
    if n < 2 or len(items) < MIN_ITEMS:
        return fn(items)
    chunks = _chunks(items, n)
    if threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([fn.__module__])
    with ProcessPoolExecutor(max_workers=n, mp_context=context) as pool:
        return [r for part in pool.map(fn, chunks) for r in part]


def _chunks(items: Sequence[T], n: int) -> list[Sequence[T]]:
    size = -(-len(items) // (n * CHUNKS_PER_WORKER))
    return [items[i:i + size] for i in range(0, len(items), size)]


class Pending(Generic[T, R]):
    """fn over items in chunks, in forked workers that run while this process goes on with
    other work; get(i) waits only for the chunk that holds item i. fn may read state this
    process set up before (a forked worker has it). Where forking does not pay or is not safe
    (few items, one core, other threads running), everything is done here and now.

    The workers write each chunk's results to a file and send only its number: a pipe full of
    results would stall a worker until this process, busy elsewhere, read it."""

    def __init__(self, fn: Callable[[Sequence[T]], list[R]], items: Sequence[T],
                 first: int = 0):
        """first: the number of items at the start chunked apart from the others, so that
        ready(first) can be true before any of the others is done."""
        n = min(workers(), 8)
        self._chunks = [c for part in (items[:first], items[first:]) if part
                        for c in _chunks(part, n)]
        self._starts = list(itertools.accumulate((len(c) for c in self._chunks), initial=0))
        self._loaded: dict[int, list[R]] = {}
        self._reported: set[int] = set()
        self._procs: list = []
        self._conns: list[Connection] = []
        self._folder: Path | None = None
        if n < 2 or len(items) < MIN_ITEMS or threading.active_count() > 1:
            self._loaded = {i: fn(chunk) for i, chunk in enumerate(self._chunks)}
            return
        self._folder = Path(tempfile.mkdtemp(prefix="voices-pending-"))
        context = multiprocessing.get_context("fork")
        # The number of the next chunk to render: a worker takes it when it is free, so the
        # chunks are done about in order, and a slow one does not hold back those after it.
        following = context.Value("i", 0)
        for _ in range(n):
            receive, send = context.Pipe(duplex=False)
            proc = context.Process(target=_work, daemon=True, args=(
                fn, self._chunks, following, self._folder, send))
            proc.start()
            send.close()
            self._procs.append(proc)
            self._conns.append(receive)

    def get(self, index: int) -> R:
        chunk = bisect.bisect_right(self._starts, index) - 1
        while chunk not in self._loaded:
            if chunk in self._reported:
                assert self._folder is not None
                path = self._folder / f"{chunk}.pickle"
                self._loaded[chunk] = pickle.loads(path.read_bytes())
                path.unlink()
            else:
                self._receive(block=True)
        if len(self._loaded) == len(self._chunks):
            self._end()
        return self._loaded[chunk][index - self._starts[chunk]]

    def ready(self, count: int | None = None) -> bool:
        """Without waiting: is every item done, or the first `count` items?"""
        if self._conns:
            self._receive(block=False)
        needed = len(self._chunks) if count is None else bisect.bisect_left(self._starts, count)
        done = self._reported | set(self._loaded)
        return all(chunk in done for chunk in range(needed))

    def results(self) -> list[R]:
        return [self.get(i) for i in range(sum(map(len, self._chunks)))]

    def cancel(self) -> None:
        for proc in self._procs:
            proc.kill()
        self._end()

    def _receive(self, block: bool) -> None:
        for conn in wait(self._conns, timeout=None if block else 0):
            try:
                message = conn.recv()
            except EOFError:  # that worker has finished (or died: then its chunks are missing)
                conn.close()
                self._conns.remove(conn)
                if not self._conns and len(self._reported | set(self._loaded)) < len(
                        self._chunks):
                    self.cancel()
                    raise RuntimeError("a worker process ended before its work was done")
                continue
            if isinstance(message, str):  # the worker's traceback
                self.cancel()
                raise RuntimeError(f"A worker process failed:\n{message}")
            self._reported.add(message)

    def _end(self) -> None:
        for conn in self._conns:
            conn.close()
        for proc in self._procs:
            proc.join()
        self._conns, self._procs = [], []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _work(fn: Callable, chunks: Sequence, following, folder: Path, send: Connection) -> None:
    """In a forked worker: the next chunk nobody has taken, its results into a file, its number
    sent; until there is none left."""
    try:
        while True:
            with following.get_lock():
                i = following.value
                following.value += 1
            if i >= len(chunks):
                break
            path = folder / f"{i}.pickle"
            (folder / f"{i}.part").write_bytes(pickle.dumps(fn(chunks[i]), pickle.HIGHEST_PROTOCOL))
            os.replace(folder / f"{i}.part", path)
            send.send(i)
    except BaseException:  # noqa: BLE001  (sent to the parent, which raises it)
        send.send(traceback.format_exc())
    finally:
        send.close()
