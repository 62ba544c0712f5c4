"""The MkDocs adapter: wires MkDocs events to the archive and its pages, and nothing else."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import CountHandler

from voices.build import atomic, incremental, offline

from voices.site import csp, search

from voices.core import media
from voices.core.archive import Loaded, load_archive
from voices.site.extras import static_files
from voices.site.pages import LATER, TEMPLATES, Page, Renderer, story_src
from voices.printing.pdf import CACHE_DIR, GuideSet, PendingPdfs
from voices.core.problems import ERROR, NOTICE, errors

log = logging.getLogger("mkdocs.plugins.voices")


class VoicesPlugin(BasePlugin):
    from voices.adapter.config import VoicesConfig as config_class  # noqa: N811 - MkDocs looks for this name

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Only a clean 'mkdocs build' is staged; 'serve' keeps its own folder, dirty builds reuse.
        self.staged = command in ("build", "gh-deploy") and not dirty
        # 'mkdocs serve': Pagefind catches up after each rebuild instead of holding it back;
        # with --dirty (make serve), only the story pages an edit changed are written again.
        self.serving, self.incremental = command == "serve", command == "serve" and dirty
        self.tracker, self.background = incremental.Tracker(), search.Background()
        if self.incremental:  # its warning of stale pages on every save: the plugin sees to it
            logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.offline:  # read from file://, where a folder does not open index.html
            config.use_directory_urls = False
        elif not config.use_directory_urls:
            raise PluginError("voices: the archive needs 'use_directory_urls: true'.")
        root = self.config.root or Path(config.config_file_path).parent
        self.root = Path(root).resolve()
        self.final_site, self.staging = Path(config.site_dir), None
        if getattr(self, "staged", False):  # build elsewhere; swap in on success (atomic.py)
            self.staging = atomic.staging_dir(self.final_site)
            config.site_dir = str(self.staging)
            self.warnings = CountHandler()  # strict mode fails after on_post_build: count too
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if getattr(self, "serving", False):
            self.background.stop()  # its pages are about to be written again
        # Loaded on every build, so 'mkdocs serve' picks up edits to stories.
        self.loaded: Loaded = load_archive(self.root)
        for problem in self.loaded.problems:
            # Notices are for the keepers (consent reviews) and never fail a strict build.
            {ERROR: log.error, NOTICE: log.info}.get(problem.severity, log.warning)(
                problem.text())
        if errors(self.loaded.problems):
            raise PluginError(f"voices: {len(errors(self.loaded.problems))} error(s) in the "
                              "archive; the site was not built. Run 'voices check' for details.")
        self.renderer = Renderer(self.loaded.archive, config.use_directory_urls,
                                 self.config.offline)
        cache = Path(config.config_file_path).parent / CACHE_DIR if self.config.cache else None
        self.guides = GuideSet(self.root, self.loaded.archive, config.site_name,
                               config.site_url or "", directory_urls=config.use_directory_urls,
                               cache_dir=cache)
        self.generated: dict[str, Page] = {}
        self.pending: dict[str, int] = {}  # each generated page: its number in self.rendering
        self.pdfs: PendingPdfs | None = None  # started once the images are in the site

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        theirs = {f.src_uri for f in files}
        stories = self.loaded.archive.web
        # Generated pages are reached through index pages, never listed one by one in the nav.
        ours = {src: File.generated(config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
                for src in map(story_src, stories)}
        todo = self._changed_pages(files, ours, config)
        self.rendered = [s for s in stories if story_src(s) in todo]
        # The search index is made from the story pages as the workers render them, while
        # MkDocs writes the site (search.write_document). Under 'mkdocs serve' it is made after
        # the pages are served (_post_serve_build); offline, never.
        self.indexing = None
        if not getattr(self, "serving", False) and not self.config.offline:
            try:
                self.indexing = search.Indexing(config.site_dir, search.story_pages(
                    self.loaded.archive), start=False)
            except search.SearchError as exc:
                raise PluginError(f"voices: {exc}") from exc
        # Worker processes render the pages meanwhile; MkDocs goes on with its own work, and
        # each page gets its content as MkDocs writes it (on_post_page). Speed only.
        drafts = self.renderer.drafts(self.rendered, others=_LISTS in todo)
        self.rendering = self.renderer.pending(
            drafts, self.indexing and self.indexing.documents, config.theme["language"])
        self.pending = {draft.src: i for i, draft in enumerate(drafts)}
        self.generated = {draft.src: draft.shell() for draft in drafts}
        if _LISTS in todo:  # kept for the next dirty build, which may not need them again
            self.other_pages = [self.generated[d.src] for d in drafts[len(self.rendered):]]
        for page in self.other_pages:
            ours[page.src] = File.generated(config, page.src, content="",
                                            inclusion=InclusionLevel.NOT_IN_NAV)
        for src, file in ours.items():
            if src in theirs:
                raise PluginError(f"voices: content/{src} clashes with a generated page.")
            if src not in self.generated:  # unchanged since the last build: --dirty skips it
                file.is_modified = _unchanged
            files.append(file)
        images = self.root / "stories" / "images"
        for path in sorted(images.rglob("*")) if images.is_dir() else []:
            # resolve(): a linked sub-folder must not publish files from elsewhere on the machine
            if path.is_file() and not path.is_symlink() and _is_image(path) \
                    and path.resolve().is_relative_to(images.resolve()):
                src = path.relative_to(self.root).as_posix()
                files.append(File.generated(config, src, abs_src_path=str(path)))
        for src, path in media.site_files(self.root, self.loaded.archive.web).items():
            files.append(File.generated(config, src, abs_src_path=str(path)))  # recordings
        for src, text in static_files(self.loaded.archive, config.site_url or "",
                                       config.site_name, config.use_directory_urls,
                                       self.config.offline).items():
            files.append(File.generated(config, src, content=text))
        self.outputs = [f.abs_dest_path for f in files if f.src_uri not in theirs]
        return files

    def _changed_pages(self, files: Files, ours: dict[str, File],
                       config: MkDocsConfig) -> set[str]:
        """The story pages to render, and _LISTS for all the other pages: everything, but under
        'mkdocs serve --dirty' only what changed since the last good build (incremental.py)."""
        self.story_inputs: dict[str, tuple] = {}
        if not getattr(self, "incremental", False):
            return set(ours) | {_LISTS}
        stories = {story_src(s): s for s in self.loaded.archive.web}
        self.story_inputs = {src: self.renderer.story_inputs(stories[src]) for src in ours}
        self.story_inputs[_LISTS] = self.renderer.listing_inputs()
        theme = [config.theme.custom_dir] if config.theme.custom_dir else []
        self.shared_inputs = (self.renderer.shared_inputs(), incremental.fingerprint(
            [config.config_file_path, config.docs_dir, TEMPLATES, *theme]))
        todo = self.tracker.stale(self.story_inputs, self.shared_inputs) | {
            src for src, file in ours.items() if not Path(file.abs_dest_path).is_file()}
        if not hasattr(self, "other_pages"):
            todo.add(_LISTS)
        # The site's own pages (home, guides) list stories as the other pages do.
        for file in files.documentation_pages():
            file.is_modified = _modified if _LISTS in todo else _unchanged
        return todo

    def on_serve(self, server, config: MkDocsConfig, builder, **kwargs):
        # The archive's own folders, even when mkdocs.yml has no 'watch:' list naming them.
        for folder in ("stories", "principles", "challenges"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server

    def on_page_markdown(self, markdown: str, page: MkPage, **kwargs) -> str:
        ours = self.generated.get(page.file.src_uri)
        if ours is not None:
            # Material prints these unescaped (<title>, meta description, search index).
            page.meta["title"] = escape(ours.title)
            if ours.description:
                page.meta["description"] = escape(ours.description)
        return markdown

    def on_page_content(self, html: str, page: MkPage, **kwargs) -> str:
        ours = self.generated.get(page.file.src_uri)
        if ours is not None:
            return ours.html
        guide_page = self.guides.page_html(page.file.src_uri, html)  # guides: contents, PDFs
        if guide_page is not None:
            return guide_page
        if page.is_homepage:
            return html + self.renderer.home(page.file.src_uri)
        if page.file.src_uri == "support.md":  # the services to contact, from its front matter
            from voices.core.support import load_support

            return html + self.renderer.support(load_support(self.root)[0])
        return html

    def on_page_context(self, context: dict, page: MkPage, **kwargs) -> dict:
        ours = self.generated.get(page.file.src_uri)
        context["voices_lang"] = ours.lang if ours is not None else ""
        context["voices_offline"] = self.config.offline  # main.html: no Pagefind offline
        return context

    def on_post_page(self, output: str, page: MkPage, config: MkDocsConfig) -> str:
        self._start_pdfs(config)
        index = self.pending.get(page.file.src_uri)
        if index is not None:  # a generated page: its content, from the worker that rendered it
            before, later, after = output.partition(LATER)
            if not later:
                raise PluginError(f"voices: the theme left out the content of {page.url}.")
            output = before + self.rendering.get(index).html + after
        if self.indexing is not None:  # the next part of the index, once its pages are there
            self.indexing.advance(self.rendering.ready)
        return csp.complete_policy(output)  # hashes of the theme's own inline scripts

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        self._start_pdfs(config)
        return csp.complete_policy(output_content)  # 404.html and other theme templates

    def _start_pdfs(self, config: MkDocsConfig) -> None:
        # MkDocs has copied the images (which the PDFs embed) before it writes any template or
        # page: the guides' PDFs render from here on, beside the page writing (speed only).
        if self.pdfs is None:
            self.pdfs = PendingPdfs(self.guides, Path(config.site_dir))

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, config: MkDocsConfig) -> None:
        # The story rules as JSON for the "Share your story" form: never copied by hand into JS.
        from voices.site.exports import write_schema

        extra = (config.extra or {}).get("voices") or {}
        write_schema(config.site_dir, self.loaded.archive, repo_url=config.repo_url,
                     contact_email=str(extra.get("contact_email") or ""))
        if getattr(self, "serving", False) and not self.config.offline:
            self._post_serve_build(config)
            return
        try:  # the story search index (issue 6), started in on_files; it cannot run offline
            # Pagefind runs in its own process while the guides' PDFs render (speed only).
            self.rendering.results()  # every page is rendered (and in `documents`)
            indexing, self.indexing = self.indexing, None
            try:
                self._start_pdfs(config)
                self.pdfs.join()
            except BaseException:
                if indexing is not None:
                    indexing.cancel()
                raise
            if indexing is not None:
                indexing.finish()
        except search.SearchError as exc:
            raise PluginError(f"voices: {exc}") from exc
        self.guides.write_pages(Path(config.site_dir))  # print pages of the guides
        if self.staging is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            if config.strict and self.warnings.get_counts():
                return  # MkDocs aborts next; on_build_error throws the staging folder away
            atomic.swap_in(self.staging, self.final_site)
            config.site_dir, self.staging = str(self.final_site), None
        if self.config.offline:
            here = Path(config.config_file_path).parent  # the option is relative to mkdocs.yml
            dest = (here / self.config.offline_zip if self.config.offline_zip
                    else Path(config.site_dir).parent / offline.ZIP_NAME)
            log.info(f"voices: offline copy written to {offline.write_zip(config.site_dir, dest)}")

    def _post_serve_build(self, config: MkDocsConfig) -> None:
        """The end of a build under 'mkdocs serve': as a full build, but Pagefind runs after the
        pages are served, and a dirty build removes the pages it no longer makes."""
        self._start_pdfs(config)
        self.pdfs.join()  # from the in-memory cache unless a guide changed
        self.guides.write_pages(Path(config.site_dir))
        gone = []
        if self.incremental:
            gone = self.tracker.built(self.story_inputs, self.shared_inputs, self.outputs)
            incremental.remove(config.site_dir, gone)
        # The index holds only story pages: it needs no update if none was written or removed.
        if self.rendered or gone or not (Path(config.site_dir) / "pagefind" / "pagefind.js"
                                         ).is_file():
            self.background.start(
                config.site_dir, search.story_pages(self.loaded.archive), lambda message:
                log.error(f"voices: the search index was not brought up to date: {message}"))

    def on_shutdown(self) -> None:
        if getattr(self, "background", None) is not None:
            self.background.stop(wait=True)  # MkDocs deletes the served folder next

    def on_build_error(self, error: Exception) -> None:
        if getattr(self, "tracker", None) is not None:
            self.tracker.reset()  # its pages may be half written: rebuild them all next time
        if getattr(self, "pdfs", None) is not None:
            self.pdfs.cancel()  # nothing more may be written into the site
        if getattr(self, "indexing", None) is not None:
            self.indexing.cancel()
            self.indexing = None
        if getattr(self, "rendering", None) is not None:
            self.rendering.cancel()  # its workers, if any are still rendering
        if getattr(self, "staging", None) is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            atomic.discard(self.staging)  # the old site stays as it was
            self.staging = None


_LISTS = "*lists*"  # the inputs of every generated page but the stories' (incremental.py)


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _unchanged() -> bool:
    return False


def _modified() -> bool:
    return True


def _is_image(path: Path) -> bool:
    kind = mimetypes.guess_type(path.name)[0] or ""
    return kind.startswith("image/") and kind != "image/svg+xml"  # SVG can carry script
