"""One build of an archive into a site, whatever renders the site's own pages.

A renderer (the MkDocs adapter, or the ten-line layout in tests/test_build.py) drives it:

    build = Build(settings, report)      # report(severity, text) for each problem and note
    outputs = build.plan(their_pages)    # load and check; every page and file it will write
    build.start(layout)                  # workers render pages; the search index starts
    build.content(src, html)             # a page's content when the renderer lays it out
    build.written(src, output)           # the laid-out page, completed (content, CSP)
    build.finish(publish=True)           # PDFs, search index, print pages, swap, offline zip
    build.abort()                        # on any failure: nothing half-written is left

start(layout): given the renderer's layout of a generated page, the workers lay out, complete and
write the generated pages themselves, and written() gives "" for them: the renderer writes only
its own pages. Without one, the renderer lays out every page and written() completes it.

Everything a build starts (worker processes, Pagefind, the PDF renderer) is stopped by abort().
Failures come out as VoicesError: one line and a hint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from voices.build import atomic, background, incremental, indexing, offline, rendering
from voices.build.settings import Settings
from voices.core import media, reads
from voices.core.archive import load_archive
from voices.core.problems import ERROR, NOTICE, VoicesError, errors
from voices.core.resources import load_resources
from voices.core.support import load_support
from voices.printing.guides import GuideSet
from voices.printing.pdf import TEMPLATES as PRINT_TEMPLATES, PendingPdfs
from voices.site import search
from voices.site.compiled import COMPILED
from voices.site.completion import completed, with_content
from voices.site.exports import write_schema
from voices.site.extras import error_banner, static_files
from voices.site.pages import LATER, TEMPLATES, Draft, Kept, Page, Renderer
from voices.site.urls import url_of

Report = Callable[[str, str], None]  # (severity, text): ERROR, WARNING or NOTICE
Layout = Callable[[str], str]  # src -> the renderer's page around LATER, as its own loop makes it
OWN_PAGES = "*the renderer's own pages*"  # their key, beside the generated pages' keys
# The site's own pages whose front matter holds data the archive renders below their text:
# src -> (how the data is loaded and checked, in core; how it is rendered, in site).
PAGE_DATA = {"support.md": (load_support, Renderer.support),  # the services to contact
             "resources.md": (load_resources, Renderer.resources)}  # reading, organisations


@dataclass
class Outputs:
    pages: dict[str, Page]  # generated pages: src -> the page, its content still LATER
    fresh: set[str]  # those rendered by this build (a dirty build leaves the others on disk)
    texts: dict[str, str]  # site path -> text: finder index, feed, redirect pages
    copies: dict[str, Path]  # site path -> a file of the archive: story images, recordings
    own_stale: bool = True  # the renderer's own pages list stories that changed: write them all


@dataclass
class Memory:
    """What a build leaves for the next one under `mkdocs serve` (reads: on disk too)."""

    tracker: incremental.Tracker = field(default_factory=incremental.Tracker)
    reads: reads.Reads = field(default_factory=reads.Reads)  # the stories as read (core/reads)
    background: background.Background = field(default_factory=background.Background)
    kept: Kept = field(default_factory=dict)  # each story's card and digests (site/pages.py)
    cards: tuple = ()  # the lists' entries and what they were made from (Renderer.reuse_cards)

    def close(self) -> None:
        self.background.stop(wait=True)


class Build:
    def __init__(self, settings: Settings, report: Report, memory: Memory | None = None):
        self.settings, self.report = settings, report
        self.memory = memory or Memory()
        self.memory.background.stop()  # its pages are about to be written again
        cache = settings.cache
        COMPILED.keep_in(cache / "templates" if cache else None)
        if cache and not settings.serving:  # serve keeps them in memory from one build on
            self.memory.reads = reads.load(cache / "build.pickle")
        self.staging = atomic.staging_dir(settings.site_dir) if settings.staged else None
        self.site_dir = self.staging or settings.site_dir
        self.banner = ""  # under serve, the archive's errors at the top of every page
        self.drafts: list[Draft] = []
        self.position: dict[str, int] = {}  # rendered pages: their number in self.rendering
        self.rendering = self.indexing = self.pdfs = None
        self.layout: Layout | None = None
        self.keys: dict[str, bytes] = {}
        self.shared: tuple = ()

    # --- before the renderer writes anything ------------------------------------------------

    def plan(self, theirs: set[str]) -> Outputs:
        """Load and check the archive, and say what the build will write. `theirs`: the source
        paths of the renderer's own pages, which no generated page may replace."""
        s = self.settings
        loaded = load_archive(s.root, kept=self.memory.reads)
        for problem in loaded.problems:
            self.report(problem.severity, problem.text())
        wrong = errors(loaded.problems)
        if wrong and not s.serving:
            raise VoicesError(f"{len(wrong)} error(s) in the archive; the site was not built.",
                              "Run 'voices check' for the details of each.")
        if wrong:  # a preview goes on without the broken files, and says so on every page
            self.banner = error_banner(wrong)
        self.archive = archive = loaded.archive
        self.renderer = Renderer(archive, s.directory_urls, s.offline, s.names, s.language,
                                 self.memory.kept)
        self.guides = GuideSet(s.root, archive, s.site_name, s.site_url,
                               directory_urls=s.directory_urls, names=s.names,
                               cache_dir=s.cache / "pdf" if s.cache else None,
                               language=s.language, offline_copy=offline.ZIP_NAME
                               if s.offline_copy and not s.offline else "")
        self.drafts = self.renderer.drafts(archive.web)
        pages = {d.src: d.shell() for d in self.drafts}
        for src in sorted(pages.keys() & theirs):
            raise VoicesError(f"content/{src} clashes with a page the archive generates.",
                              "Rename or move that file.")
        fresh = set(pages) | {OWN_PAGES}
        if s.dirty:
            self.keys = {d.src: d.key() for d in self.drafts}
            # The site's own pages (home, guides) show the stories as the lists do: their cards.
            self.keys[OWN_PAGES] = self.renderer.shared[id(self.renderer.cards)]
            self.memory.kept = self.renderer.kept  # for the next rebuild
            self.shared = incremental.fingerprint([*s.watched, TEMPLATES, PRINT_TEMPLATES])
            self.memory.cards = self.renderer.reuse_cards(self.memory.cards, self.shared)
            fresh = self.memory.tracker.stale(self.keys, self.shared) | {
                src for src in pages if not (self.site_dir / _file_of(src, s)).is_file()}
        self.drafts = [d for d in self.drafts if d.src in fresh]
        texts = static_files(archive, s.site_url, s.site_name, s.directory_urls, s.offline,
                             s.language)
        copies = media.image_files(s.root) | media.site_files(s.root, archive.web)
        if s.offline_copy and not s.offline:
            if not s.offline_copy.is_file():
                raise VoicesError(f"The offline copy {s.offline_copy} does not exist.",
                                  "Build it first with 'make offline', or leave offline_copy "
                                  "out of mkdocs.yml.")
            copies[offline.ZIP_NAME] = s.offline_copy
        self.outputs = Outputs(pages, fresh - {OWN_PAGES}, texts, copies, OWN_PAGES in fresh)
        return self.outputs

    def start(self, layout: Layout | None = None) -> None:
        """Start rendering the generated pages in workers (with a layout: writing them too), and
        the search index beside them (a full build only: under serve it follows the pages;
        offline it cannot run)."""
        s = self.settings
        if not s.serving and not s.offline:
            self.indexing = indexing.Indexing(self.site_dir, search.story_pages(self.archive),
                                              start=False, language=s.language)
        documents = self.indexing.documents if self.indexing else None
        self.position = {draft.src: i for i, draft in enumerate(self.drafts)}
        self.layout = layout
        self.rendering = rendering.pending(self.drafts, documents, s.language,
                                           self._write if layout is not None else None)

    # --- while the renderer writes the site --------------------------------------------------

    def content(self, src: str, html: str = "", home: bool = False) -> str:
        """A page's content: LATER for a generated page (written() puts it in); for the site's
        own pages, their HTML with what the archive adds (guides, home, PAGE_DATA)."""
        if src in self.outputs.pages:
            return LATER
        guide = self.guides.page_html(src, html)
        if guide is not None:
            return guide
        if home:
            return html + self.renderer.home(src)
        if src in PAGE_DATA:
            load, render = PAGE_DATA[src]
            return html + render(self.renderer, load(self.settings.root)[0])
        return html

    def written(self, src: str | None, output: str) -> str:
        """A page as the renderer laid it out (src None for its own templates, such as 404),
        completed: a generated page's content and language, the banner, the scripts' hashes."""
        self._start_pdfs()
        if self.indexing is not None:  # the next part of the index, once its pages are there
            self.indexing.advance(self.rendering.ready)
        number = self.position.get(src) if src is not None else None
        if number is None:
            return completed(output, self.banner)
        return "" if self.layout else self._with_content(number, self._rendered(number).html,
                                                         output)

    def _write(self, number: int, page: Page) -> None:
        """In a worker: lay out a rendered page, complete it and write it into the site."""
        output = self._with_content(number, page.html, self.layout(page.src))
        target = self.site_dir / _file_of(page.src, self.settings)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))  # as MkDocs does

    def _with_content(self, number: int, html: str, output: str) -> str:
        draft = self.drafts[number]
        return with_content(draft.src, output, html, draft.lang, self.settings.language,
                            self.banner)

    # --- at the end ----------------------------------------------------------------------------

    def finish(self, publish: bool = True) -> None:
        """Complete the site. publish=False (a strict renderer counted warnings): leave the
        old site as it was."""
        s = self.settings
        # The story rules as JSON for the "Share your story" form: never copied by hand into JS.
        write_schema(self.site_dir, self.archive, repo_url=s.repo_url,
                     contact_email=s.contact_email, names=s.names)
        for number in range(len(self.drafts)):
            self._rendered(number)  # every page rendered (and its search document written)
            if self.indexing is not None:
                self.indexing.advance(self.rendering.ready)
        self._start_pdfs()
        self.pdfs.join()  # rendered by a forked process while the pages were written
        if self.indexing is not None:
            self.indexing.finish()
            for note in self.indexing.notes:
                self.report(NOTICE, note)
        self.guides.write_pages(self.site_dir)  # print pages of the guides
        if s.cache and not s.serving:  # once the workers and Pagefind are gone: it takes memory
            reads.save(self.memory.reads, s.cache / "build.pickle")
        if s.serving:
            self._after_serve_build()
        elif self.staging is not None:
            if not publish:
                return  # abort() throws the staging folder away; the old site stays
            atomic.swap_in(self.staging, s.site_dir)
            self.staging, self.site_dir = None, s.site_dir
        if s.offline:
            dest = s.offline_zip or s.site_dir.parent / offline.ZIP_NAME
            zipped = offline.write_zip(self.site_dir, dest, s.language)
            self.report(NOTICE, f"Offline copy written to {zipped}")

    def abort(self) -> None:
        """Stop whatever the build started; a staged build leaves no trace."""
        self.memory.tracker.reset()  # its pages may be half written: all again next time
        for part in (self.pdfs, self.indexing, self.rendering):
            if part is not None:
                part.cancel()
        self.pdfs = self.indexing = self.rendering = None
        if self.staging is not None:
            atomic.discard(self.staging)
            self.staging = None

    def _rendered(self, number: int) -> Page:
        try:
            return self.rendering.get(number)
        except RuntimeError as exc:  # a worker that failed or died
            raise VoicesError(f"A page could not be rendered: {str(exc).strip().splitlines()[-1]}",
                              "This is a bug in Voices if the archive checks clean: please "
                              "report it with the output of 'mkdocs build -v'.") from exc

    def _start_pdfs(self) -> None:
        # The renderer copies the images (which the PDFs embed) before it writes any page or
        # template: from the first one on, the PDFs render beside the page writing.
        if self.pdfs is None:
            self.pdfs = PendingPdfs(self.guides, self.site_dir)

    def _after_serve_build(self) -> None:
        """Under serve: remove what a dirty build no longer makes, and bring the search index
        up to date after the pages are served."""
        s = self.settings
        gone: list[str] = []
        if s.dirty:
            made = [str(self.site_dir / _file_of(src, s)) for src in self.outputs.pages]
            made += [str(self.site_dir / path) for path in (*self.outputs.texts,
                                                            *self.outputs.copies)]
            gone = self.memory.tracker.built(self.keys, self.shared, made)
            incremental.remove(self.site_dir, gone)
        if s.offline:
            return
        # The index holds only story pages: no update needed if none was written or removed.
        if self.drafts or gone or not (self.site_dir / "pagefind" / "pagefind.js").is_file():
            self.memory.background.start(
                self.site_dir, search.story_pages(self.archive), lambda message: self.report(
                    ERROR, f"The search index was not brought up to date: {message}"), s.language)


def _file_of(src: str, s: Settings) -> str:
    return url_of(src, s.directory_urls) + ("index.html" if s.directory_urls else "")
