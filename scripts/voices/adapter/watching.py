"""How often `mkdocs serve` looks for a saved file.

MkDocs looks every 0.5 s (it polls: file-system events are missed on some shared and network
folders), so a save waits 0.25 s on average before the rebuild starts: a quarter of the second in
which an edit should show. A look costs about 8 µs a file, so a small archive is looked at more
often: every 0.2 s up to 1,000 files, then 0.2 s more for each 1,000, up to MkDocs' 0.5 s: a look
takes about 4% of a core whatever the archive's size.
"""

from __future__ import annotations

import os
from pathlib import Path

from watchdog.observers.polling import PollingObserver

SOONEST, LATEST = 0.2, 0.5  # seconds between looks
PER_FILE = SOONEST / 1000


def interval(files: int) -> float:
    return min(LATEST, max(SOONEST, files * PER_FILE))


def count_files(folders: list[Path]) -> int:
    return sum(len(names) for folder in folders for _, _, names in os.walk(folder))


def look_sooner(server, folders: list[Path], watched: list[str]) -> float:
    """Give the server an observer that looks every interval() for the files in `folders`
    (what it will watch), moving to it those of `watched` it already watches. The interval."""
    every = interval(count_files(folders))
    if every >= server.observer.timeout:
        return server.observer.timeout
    moved = []
    for path in filter(None, watched):
        try:
            server.unwatch(path)  # from the observer MkDocs made, not started yet
        except KeyError:  # not watched (`mkdocs serve --no-livereload`, no --watch-theme)
            continue
        moved.append(path)
    server.observer = PollingObserver(timeout=every)
    for path in moved:
        server.watch(path)
    return every
