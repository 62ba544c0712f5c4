"""Search with Pagefind: after the site is built, index the story pages into site/pagefind/.

Only elements marked `data-pagefind-body` (the story text, in templates/story.html) are indexed,
with the page's title, so navigation chrome never matches and the index stays small; a query
fetches only the index chunks it needs rather than the whole index at once.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from . import pagefind_order

PAGE_SRC = "search.md"
TITLE = "Search the stories"
DESCRIPTION = "Search the words of every story."
FILTERS = ("principle", "challenge", "perspective")


class SearchError(RuntimeError):
    pass


def build_index(site_dir: str | Path, timeout: int = 900) -> str:
    """Run the Pagefind binary shipped in the `pagefind[extended]` package on a built site and
    return its log. Raises SearchError with Pagefind's own message when it fails."""
    return Indexing(site_dir, timeout).finish()


class Indexing:
    """Pagefind indexing a built site in its own process, so the build can do other work (the
    guides' PDFs) meanwhile: finish() waits for it, cancel() stops it."""

    def __init__(self, site_dir: str | Path, timeout: int = 900):
        self.site, self.timeout = Path(site_dir), timeout
        cmd = [sys.executable, "-m", "pagefind", "--site", str(self.site),
               "--output-subdir", "pagefind"]
        # Files, not pipes: nobody reads a pipe while Pagefind runs, and a full one would stall it.
        self.out, self.err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        try:
            self.proc: subprocess.Popen | None = subprocess.Popen(
                cmd, stdout=self.out, stderr=self.err, stdin=subprocess.DEVNULL)
        except OSError as exc:
            self._close()
            raise SearchError(f"Pagefind could not run: {exc}") from exc

    def finish(self) -> str:
        assert self.proc is not None, "finish() or cancel() was called already"
        try:
            returncode = self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired as exc:
            self.cancel()
            raise SearchError(f"Pagefind could not run: {exc}") from exc
        self.proc = None
        stdout, stderr = self._read(self.out), self._read(self.err)
        self._close()
        if returncode != 0 or not (self.site / "pagefind" / "pagefind.js").is_file():
            raise SearchError("Pagefind failed to index the site:\n" + (stderr or stdout))
        pagefind_order.sort_filters(self.site / "pagefind")  # same site, same bytes
        return stdout

    def cancel(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
        self._close()

    @staticmethod
    def _read(handle) -> str:
        handle.seek(0)
        return handle.read().decode("utf-8", "replace")

    def _close(self) -> None:
        self.out.close()
        self.err.close()


class Background:
    """Pagefind under `mkdocs serve`, where a rebuild should show an edit at once: the index is
    brought up to date a few seconds after the pages are served instead of holding them back.
    start() stops a run still going (its pages are being written again), so only the newest
    site is indexed; stop() ends it when the server stops or the next build begins."""

    def __init__(self) -> None:
        self._job: tuple[Indexing, threading.Thread, threading.Event] | None = None

    def start(self, site_dir: str | Path, report: Callable[[str], None]) -> None:
        """Index site_dir in the background; report(message) if Pagefind fails."""
        self.stop()
        indexing, stopped = Indexing(site_dir), threading.Event()
        thread = threading.Thread(target=self._wait, args=(indexing, stopped, report),
                                  name="voices-pagefind", daemon=True)
        self._job = (indexing, thread, stopped)
        thread.start()

    def running(self) -> bool:
        return self._job is not None and self._job[1].is_alive()

    def wait(self, timeout: float | None = None) -> None:
        if self._job is not None:
            self._job[1].join(timeout)

    def stop(self) -> None:
        if self._job is None:
            return
        indexing, thread, stopped = self._job
        self._job = None
        stopped.set()
        proc = indexing.proc  # finish() in the thread reaps it and cleans up after
        if proc is not None and proc.poll() is None:
            proc.kill()
        thread.join()

    @staticmethod
    def _wait(indexing: Indexing, stopped: threading.Event, report: Callable[[str], None]) -> None:
        try:
            indexing.finish()
        except SearchError as exc:
            if not stopped.is_set():  # a run stopped on purpose fails, and that is fine
                report(str(exc))
