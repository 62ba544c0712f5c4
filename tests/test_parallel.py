"""parallel.Pending: work in forked processes that the caller collects item by item."""

from __future__ import annotations

import os
import threading
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
    assert len({pid for _, pid in got}) == 2 and os.getpid() not in {pid for _, pid in got}
    assert pending.ready() and not Path(folder).exists()  # its files are gone


def test_a_failing_worker_raises_with_its_traceback_and_stops_the_others(forced) -> None:
    pending = parallel.Pending(_fail_on_seven, list(range(50)))
    with pytest.raises(RuntimeError, match="(?s)worker process failed.*seven is not allowed"):
        pending.results()
    assert not pending._procs and pending._folder is None


def test_few_items_are_done_at_once_in_this_process() -> None:
    pending = parallel.Pending(_square_with_pid, [1, 2, 3])
    assert pending._folder is None and pending.ready()
    assert pending.results() == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]
