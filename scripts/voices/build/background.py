"""The search index brought up to date under `mkdocs serve`, in a thread, after the pages are
served (Pagefind itself: indexing.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from voices.build.indexing import Indexing, SearchError


class Background:
    """Pagefind under `mkdocs serve`, where a rebuild should show an edit at once: the index is
    brought up to date a few seconds after the pages are served instead of holding them back.
    Everything it does, from laying out the pages for Pagefind to cleaning up, happens in its
    own thread. start() stops a run still going (its pages are being written again), so only
    the newest site is indexed; stop() ends it when the server stops or the next build begins,
    without waiting for its clean-up unless asked to."""

    def __init__(self) -> None:
        self._job: tuple[threading.Event, list[Indexing], threading.Thread] | None = None

    def start(self, site_dir: str | Path, pages: Sequence[tuple[str, int]],
              report: Callable[[str], None], language: str = "en") -> None:
        """Index `pages` of site_dir in the background, in the site's `language` (Indexing);
        report(message) if Pagefind fails."""
        self.stop()
        stopped, indexing = threading.Event(), []
        thread = threading.Thread(target=self._run, name="voices-pagefind", daemon=True,
                                  args=(Path(site_dir), list(pages), report, stopped, indexing,
                                        language))
        self._job = (stopped, indexing, thread)
        thread.start()

    def running(self) -> bool:
        return self._job is not None and self._job[2].is_alive()

    def wait(self, timeout: float | None = None) -> None:
        if self._job is not None:
            self._job[2].join(timeout)

    def stop(self, wait: bool = False) -> None:
        if self._job is None:
            return
        stopped, indexing, thread = self._job
        stopped.set()
        for run in indexing:  # a run that has started: its Pagefind is killed at once
            run.stop()
        if wait:
            thread.join()
        else:
            self._job = None

    @staticmethod
    def _run(site_dir: Path, pages: list[tuple[str, int]], report: Callable[[str], None],
             stopped: threading.Event, indexing: list[Indexing], language: str) -> None:
        try:
            run = Indexing(site_dir, pages, language=language)
            indexing.append(run)
            if stopped.is_set():  # stop() came while the run was being set up
                run.stop()
            run.finish()
        except SearchError as exc:
            if not stopped.is_set():  # a run stopped on purpose fails, and that is fine
                report(str(exc))
