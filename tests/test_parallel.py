"""parallel.Pending: work in forked processes that the caller collects item by item."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from voices.core import parallel


def _square_with_pid(chunk):
    return [(n * n, os.getpid()) for n in chunk]


def _fail_on_seven(chunk):
    if 7 in chunk:
        raise ValueError("seven is not allowed")
    return list(chunk)


@pytest.fixture
def forced(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert threading.active_count() == 1  # else Pending would not fork, and test nothing


def test_results_come_from_workers_in_the_order_of_the_items(forced) -> None:
    pending = parallel.Pending(_square_with_pid, list(range(50)))
    folder = pending._folder
    assert folder is not None and folder.is_dir()
    assert pending.get(49)[0] == 49 * 49  # one item, before the others
    got = pending.results()
    assert [n for n, _ in got] == [n * n for n in range(50)]
    assert 1 <= len({pid for _, pid in got}) <= 2 and os.getpid() not in {pid for _, pid in got}
    assert pending.ready() and not Path(folder).exists()  # its files are gone


def _slow_first_chunk(chunk):
    if 0 in chunk:
        time.sleep(1.5)
    return [(n, os.getpid()) for n in chunk]


def test_a_free_worker_takes_the_next_chunk_so_a_slow_one_holds_nothing_back(forced) -> None:
    pending = parallel.Pending(_slow_first_chunk, list(range(80)))
    first = pending._starts[1]  # the slow chunk: items 0 to first - 1
    started = time.monotonic()
    rest = [pending.get(i) for i in range(first, 80)]  # all done by the other worker meanwhile
    assert time.monotonic() - started < 1.2
    assert not pending.ready(1) and pending.ready(0)
    slow = pending.get(0)[1]
    assert {pid for _, pid in rest} == {pid for _, pid in rest} - {slow}
    assert pending.ready()


def test_items_chunked_apart_at_the_start_are_ready_on_their_own(forced) -> None:
    pending = parallel.Pending(_slow_first_chunk, list(range(1, 41)) + [0], first=40)
    assert all(chunk[-1] < 41 for chunk in pending._chunks if 0 not in chunk)
    assert [n for n in pending._chunks[-1]] == [0]  # the slow item is in a chunk of its own
    while not pending.ready(40):
        time.sleep(0.01)
    assert not pending.ready()
    assert [n for n, _ in pending.results()] == [*range(1, 41), 0]


def test_a_failing_worker_raises_with_its_traceback_and_stops_the_others(forced) -> None:
    pending = parallel.Pending(_fail_on_seven, list(range(50)))
    with pytest.raises(RuntimeError, match="(?s)worker process failed.*seven is not allowed"):
        pending.results()
    assert not pending._procs and pending._folder is None


def test_few_items_are_done_at_once_in_this_process() -> None:
    pending = parallel.Pending(_square_with_pid, [1, 2, 3])
    assert pending._folder is None and pending.ready()
    assert pending.results() == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]
