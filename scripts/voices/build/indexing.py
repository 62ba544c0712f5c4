"""Search with Pagefind: index the story pages into site/pagefind/ (during a build, from copies
of the pages written by the workers that render them, so Pagefind runs while MkDocs writes the
site; under `mkdocs serve`, from the served pages, after each rebuild).

Only elements marked `data-pagefind-body` (the story text, in templates/story.html) are indexed,
with the page's title, so navigation chrome never matches and the index stays small; a query
fetches only the index chunks it needs rather than the whole index at once.

Pagefind holds every word it indexes in memory until it writes the index: about 350 bytes a word
(Pagefind 1.5: 3.5 GB for 10,000 stories of about 1,050 words; benchmarks/run). So a large
archive is indexed in parts, one Pagefind run after another, each over a folder that holds
only that part's story pages (hard links, so nothing is copied). The first part is the
bundle in pagefind/, the others go into pagefind/part-2/, part-3/...; PARTS_FILE lists them and
the search page merges them into one search (Pagefind's mergeIndex). Each extra part costs a
query one more index chunk (tens of KB); an archive under WORDS_PER_PART words has one part.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from voices.build import pagefind_order
from voices.core.problems import VoicesError

BUNDLE = "pagefind"
PARTS_FILE = "voices-parts.json"  # in the bundle: the other parts' folders, for search.js
WORDS_PER_PART = 3_000_000  # about 1 GB for Pagefind (see above)
# What a merged part needs (it uses the first part's code and WebAssembly).
_PART_KEEPS = ("pagefind-entry.json", "index", "filter", "fragment")


class SearchError(VoicesError):
    def __init__(self, message: str):
        super().__init__(message, "Pagefind comes with the pagefind[extended] package: "
                         "reinstall Voices, or look at the message above.")


def plan(pages: Sequence[tuple[str, int]], budget: int | None = None) -> list[list[str]]:
    """The pages in parts of at most about `budget` words, as even as whole pages allow, in the
    order given (the archive's, which is the same from build to build, and so are the parts and
    their files): a part can be indexed as soon as its pages are rendered."""
    ordered = list(pages)
    total = sum(max(words, 1) for _, words in ordered)
    count = max(1, -(-total // max(budget or WORDS_PER_PART, 1)))
    parts: list[list[str]] = [[] for _ in range(count)]
    before = 0
    for path, words in ordered:
        parts[min(count - 1, before * count // total)].append(path)
        before += max(words, 1)
    return [part for part in parts if part]


def part_dir(number: int) -> str:
    """The folder of part `number` (from 1) inside the bundle; the first part is the bundle."""
    return "" if number == 1 else f"part-{number}/"


def build_index(site_dir: str | Path, pages: Sequence[tuple[str, int]],
                budget: int | None = None, timeout: int = 900, language: str = "en") -> str:
    """Index `pages` (story_pages) of a built site with the Pagefind binary shipped in the
    `pagefind[extended]` package and return its log. Raises SearchError with Pagefind's own
    message when it fails."""
    return Indexing(site_dir, pages, budget, timeout, language=language).finish()


class Indexing:
    """Pagefind indexing a site in its own process, so the build can do other work meanwhile:
    finish() waits for it, cancel() stops it. The first part starts at once, or with
    start=False at the first advance() that finds its pages ready; advance() and finish() start
    the others one after another, so only one part is ever in memory.

    Everything is written into a work folder inside the site and swapped in for pagefind/ once
    every part is done: no file of an earlier index (a withdrawn story's text) is left behind,
    and under `mkdocs serve` the old index answers until the new one is complete."""

    def __init__(self, site_dir: str | Path, pages: Sequence[tuple[str, int]],
                 budget: int | None = None, timeout: int = 900, start: bool = True,
                 language: str = "en"):
        """Pagefind reads the pages from the site; with start=False it reads them from the
        folder `documents` instead, where the caller writes each page (write_document) without
        waiting for MkDocs to write the site, and starts when advance() or finish() says.

        language: the site's, for every story whatever its page's <html lang> (a story's own):
        the search page, in the site's language, searches one index."""
        self.site, self.timeout, self.language = Path(site_dir), timeout, language
        self.parts = plan(pages, budget)
        self.proc: subprocess.Popen | None = None
        self._stopped = threading.Event()
        self._logs: list[str] = []
        self._work: Path | None = None
        self._done = 0  # parts finished
        self._error: SearchError | None = None  # from advance(), raised by finish()
        self.documents: Path | None = None
        self.notes: list[str] = []  # for the build to report
        if not self.parts:  # no story on the web, no index (Pagefind fails on an empty site)
            return
        try:
            self.site.mkdir(parents=True, exist_ok=True)
            self._work = Path(tempfile.mkdtemp(prefix=".voices-pagefind-", dir=self.site))
        except OSError as exc:
            raise SearchError(f"Pagefind could not run: {exc}") from exc
        if start:
            self._start(1)
        else:
            self.documents = self._work / "documents"

    def _start(self, number: int) -> None:
        """Run Pagefind on part `number` (from 1), over a folder of its pages only."""
        assert self._work is not None
        tree = self._work / "pages"
        try:
            shutil.rmtree(tree, ignore_errors=True)
            for page in self.parts[number - 1]:
                source, copy = (self.documents or self.site) / page, tree / page
                copy.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, copy)  # a hard link: nothing is copied
                except OSError:  # a file system without hard links: a copy does the same
                    shutil.copyfile(source, copy)
        except OSError as exc:
            self._discard()
            raise SearchError(f"Pagefind could not run: {exc}") from exc
        cmd = [sys.executable, "-m", "pagefind", "--site", str(tree),
               "--output-path", str(self._work / BUNDLE / part_dir(number)),
               "--force-language", self.language]
        # Files, not pipes: nobody reads a pipe while Pagefind runs, and a full one would stall it.
        self.out, self.err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=self.err,
                                         stdin=subprocess.DEVNULL)
            if self._stopped.is_set():  # stop() came while this part was being set up
                self.proc.kill()
        except OSError as exc:
            self._close()
            self._discard()
            raise SearchError(f"Pagefind could not run: {exc}") from exc

    def advance(self, ready: Callable[[int], bool]) -> None:
        """Without waiting: if no part is running, start the next one once ready(n) says the
        first n pages are there to read (in the order they were given). The build calls it as
        it writes pages, so the parts run one after another meanwhile."""
        if self._work is None or self._error is not None or self._stopped.is_set():
            return
        try:
            if self.proc is not None:
                if self.proc.poll() is None:
                    return
                self._wait()
            following = self._done + 1
            if following <= len(self.parts) and ready(sum(map(len, self.parts[:following]))):
                self._start(following)
        except SearchError as exc:  # for finish() to raise: the build is writing pages
            self._error = exc

    def finish(self) -> str:
        """Wait for every part; return Pagefind's log. The site's index is complete after it."""
        if self._error is not None:
            raise self._error
        if self._work is None:
            return ""
        while self._done < len(self.parts):
            if self.proc is None:
                if self._stopped.is_set():
                    self._discard()
                    raise SearchError("Pagefind was stopped.")
                self._start(self._done + 1)
            self._wait()
        if self._stopped.is_set():  # stopped as the last part ended: an old site's index
            self._discard()
            raise SearchError("Pagefind was stopped.")
        work, bundle = self._work, self.site / BUNDLE
        (work / BUNDLE / PARTS_FILE).write_text(json.dumps(
            {"parts": [part_dir(n) for n in range(2, len(self.parts) + 1)]}), encoding="utf-8")
        if bundle.exists():
            bundle.rename(work / "old")
        (work / BUNDLE).rename(bundle)
        self._discard()
        return "".join(self._logs)

    def _wait(self) -> None:
        """Wait for the running part, then check and tidy what it wrote."""
        proc = self.proc
        assert proc is not None and self._work is not None, "finish() or cancel() came first"
        try:
            returncode = proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired as exc:
            self.cancel()
            raise SearchError(f"Pagefind could not run: {exc}") from exc
        self.proc = None
        stdout, stderr = self._read(self.out), self._read(self.err)
        self._close()
        self._logs.append(stdout)
        self._done += 1
        out = self._work / BUNDLE / part_dir(self._done)
        if returncode != 0 or not (out / "pagefind-entry.json").is_file():
            self._discard()
            raise SearchError("Pagefind failed to index the site:\n" + (stderr or stdout))
        if not pagefind_order.sort_filters(out):  # same site, same bytes: or say why not
            self.notes.append("The search index's filters are in Pagefind's own order (its "
                              "files are laid out as this Voices does not know): two builds "
                              "of the same archive may differ in those files.")
        if self._done > 1:
            for path in out.iterdir():
                if path.name not in _PART_KEEPS and not path.name.endswith(".pf_meta"):
                    shutil.rmtree(path) if path.is_dir() else path.unlink()

    def stop(self) -> None:
        """Stop from another thread: the running part is killed and no other part starts."""
        self._stopped.set()
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.kill()

    def cancel(self) -> None:
        self._stopped.set()
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            self._close()
        self._discard()

    def _discard(self) -> None:
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

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
