"""Search with Pagefind: index the story pages into site/pagefind/ (during a build, from copies
of the pages written by the workers that render them, so Pagefind runs while MkDocs writes the
site; under `mkdocs serve`, from the served pages, after each rebuild).

Only elements marked `data-pagefind-body` (the story text, in templates/story.html) are indexed,
with the page's title, so navigation chrome never matches and the index stays small; a query
fetches only the index chunks it needs rather than the whole index at once.

Pagefind holds every word it indexes in memory until it writes the index: about 350 bytes a word
(Pagefind 1.5: 3.5 GB for 10,000 stories of about 1,050 words; benchmarks/run). So a large
archive is indexed in parts, each a Pagefind run over a folder that holds only that part's
story pages (hard links, so nothing is copied): one after another while the workers render
pages, two side by side once they are done. The first part is the
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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from voices.build import pagefind_order
from voices.core.problems import VoicesError

BUNDLE = "pagefind"
PARTS_FILE = "voices-parts.json"  # in the bundle: the other parts' folders, for search.js
WORDS_PER_PART = 3_000_000  # about 1 GB for Pagefind (see above)
AT_ONCE = 2  # parts side by side once the pages are rendered: 2 GB, and the cores are free
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


@dataclass
class _Run:
    """One part's Pagefind process, writing to files: nobody reads a pipe while Pagefind runs,
    and a full one would stall it."""
    proc: subprocess.Popen
    out: IO[bytes]
    err: IO[bytes]
    deadline: float

    def close(self) -> None:
        self.out.close()
        self.err.close()

    def outputs(self) -> tuple[str, str]:
        """What it wrote to its output and to its errors, once it has ended; the files closed."""
        texts = []
        for handle in (self.out, self.err):
            handle.seek(0)
            texts.append(handle.read().decode("utf-8", "replace"))
        self.close()
        return texts[0], texts[1]


class Indexing:
    """Pagefind indexing a site in its own processes, so the build can do other work meanwhile:
    finish() waits for it, cancel() stops it. The first part starts at once, or with
    start=False at the first advance() that finds its pages ready; advance() starts the others
    one after another while the pages are rendered, so only one part is in memory beside the
    workers. finish() comes when every page is rendered and the workers have ended: it runs
    AT_ONCE parts side by side on the cores they leave free (Pagefind keeps about one busy).

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
        self.running: dict[int, _Run] = {}  # by part number, from 1
        self._stopped = threading.Event()
        self._logs: dict[int, str] = {}
        self._work: Path | None = None
        self._started = 0  # parts started
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
            self._start()
        else:
            self.documents = self._work / "documents"

    def _start(self) -> None:
        """Run Pagefind on the next part, over a folder of its pages only."""
        assert self._work is not None
        number = self._started = self._started + 1
        tree = self._work / f"pages-{number}"
        try:
            for page in self.parts[number - 1]:
                source, copy = (self.documents or self.site) / page, tree / page
                copy.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, copy)  # a hard link: nothing is copied
                except OSError:  # a file system without hard links: a copy does the same
                    shutil.copyfile(source, copy)
        except OSError as exc:
            self.cancel()
            raise SearchError(f"Pagefind could not run: {exc}") from exc
        cmd = [sys.executable, "-m", "pagefind", "--site", str(tree),
               "--output-path", str(self._work / BUNDLE / part_dir(number)),
               "--force-language", self.language]
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        try:
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        except OSError as exc:
            out.close()
            err.close()
            self.cancel()
            raise SearchError(f"Pagefind could not run: {exc}") from exc
        self.running[number] = _Run(proc, out, err, time.monotonic() + self.timeout)
        if self._stopped.is_set():  # stop() came while this part was being set up
            proc.kill()

    def advance(self, ready: Callable[[int], bool]) -> None:
        """Without waiting: if no part is running, start the next one once ready(n) says the
        first n pages are there to read (in the order they were given). The build calls it as
        it writes pages, so the parts run one after another meanwhile."""
        if self._work is None or self._error is not None or self._stopped.is_set():
            return
        try:
            self._collect()
            following = self._started + 1
            if (not self.running and following <= len(self.parts)
                    and ready(sum(map(len, self.parts[:following])))):
                self._start()
        except SearchError as exc:  # for finish() to raise: the build is writing pages
            self._error = exc

    def finish(self) -> str:
        """Wait for every part, AT_ONCE at a time; return Pagefind's log. The site's index is
        complete after it."""
        if self._error is not None:
            raise self._error
        if self._work is None:
            return ""
        while self.running or self._started < len(self.parts):
            if self._stopped.is_set():
                self.cancel()
                raise SearchError("Pagefind was stopped.")
            while len(self.running) < AT_ONCE and self._started < len(self.parts):
                self._start()
            if not self._collect():
                time.sleep(0.02)
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
        return "".join(self._logs[n] for n in sorted(self._logs))

    def _collect(self) -> bool:
        """Without waiting: check and tidy what each part that has ended wrote. Whether any had."""
        ended = [n for n, run in self.running.items() if run.proc.poll() is not None]
        late = [n for n, run in self.running.items() if time.monotonic() > run.deadline]
        if late and not ended:
            self.cancel()
            raise SearchError(f"Pagefind could not run: part {late[0]} took more than "
                              f"{self.timeout} seconds.")
        for number in ended:
            self._check(number, self.running.pop(number))
        return bool(ended)

    def _check(self, number: int, run: _Run) -> None:
        assert self._work is not None, "cancel() came first"
        stdout, stderr = run.outputs()
        self._logs[number] = stdout
        out = self._work / BUNDLE / part_dir(number)
        if run.proc.returncode != 0 or not (out / "pagefind-entry.json").is_file():
            self.cancel()
            raise SearchError("Pagefind failed to index the site:\n" + (stderr or stdout))
        shutil.rmtree(self._work / f"pages-{number}", ignore_errors=True)
        if not pagefind_order.sort_filters(out):  # same site, same bytes: or say why not
            self.notes.append("The search index's filters are in Pagefind's own order (its "
                              "files are laid out as this Voices does not know): two builds "
                              "of the same archive may differ in those files.")
        if number > 1:
            for path in out.iterdir():
                if path.name not in _PART_KEEPS and not path.name.endswith(".pf_meta"):
                    shutil.rmtree(path) if path.is_dir() else path.unlink()

    def stop(self) -> None:
        """Stop from another thread: the running parts are killed and no other part starts."""
        self._stopped.set()
        for run in list(self.running.values()):
            if run.proc.poll() is None:
                run.proc.kill()

    def cancel(self) -> None:
        self._stopped.set()
        for run in self.running.values():
            run.proc.kill()
            run.proc.wait()
            run.close()
        self.running = {}
        self._discard()

    def _discard(self) -> None:
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None
