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

from . import atomic, csp, media, offline, search
from .archive import Loaded, load_archive
from .extras import static_files
from .pages import Page, Renderer
from .pdf import GuideSet, PendingPdfs
from .problems import ERROR, errors

log = logging.getLogger("mkdocs.plugins.voices")


class VoicesPlugin(BasePlugin):
    from .config import VoicesConfig as config_class  # noqa: N811 - MkDocs looks for this name

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Only a clean 'mkdocs build' is staged; 'serve' keeps its own folder, dirty builds reuse.
        self.staged = command in ("build", "gh-deploy") and not dirty

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
        # Loaded on every build, so 'mkdocs serve' picks up edits to stories.
        self.loaded: Loaded = load_archive(self.root)
        for problem in self.loaded.problems:
            (log.error if problem.severity == ERROR else log.warning)(problem.text())
        if errors(self.loaded.problems):
            raise PluginError(f"voices: {len(errors(self.loaded.problems))} error(s) in the "
                              "archive; the site was not built. Run 'voices check' for details.")
        self.renderer = Renderer(self.loaded.archive, config.use_directory_urls,
                                 self.config.offline)
        self.guides = GuideSet(self.root, self.loaded.archive, config.site_name,
                               config.site_url or "", directory_urls=config.use_directory_urls)
        self.generated: dict[str, Page] = {}
        self.pdfs: PendingPdfs | None = None  # started once the images are in the site

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        for page in self.renderer.pages():
            if files.get_file_from_path(page.src) is not None:
                raise PluginError(f"voices: content/{page.src} clashes with a generated page.")
            self.generated[page.src] = page
            # Generated pages are reached through index pages, never listed one by one in the nav.
            files.append(File.generated(config, page.src, content="",
                                        inclusion=InclusionLevel.NOT_IN_NAV))
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
        return files

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
        return html

    def on_page_context(self, context: dict, page: MkPage, **kwargs) -> dict:
        ours = self.generated.get(page.file.src_uri)
        context["voices_lang"] = ours.lang if ours is not None else ""
        context["voices_offline"] = self.config.offline  # main.html: no Pagefind offline
        return context

    def on_post_page(self, output: str, page: MkPage, config: MkDocsConfig) -> str:
        self._start_pdfs(config)
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
        from .exports import write_schema

        extra = (config.extra or {}).get("voices") or {}
        write_schema(config.site_dir, self.loaded.archive, repo_url=config.repo_url,
                     contact_email=str(extra.get("contact_email") or ""))
        try:  # the story search index, from the built pages (issue 6); it cannot run offline
            # Pagefind runs in its own process while the guides' PDFs render here (speed only);
            # the print pages come after it, as before, so it never indexes them.
            indexing = None if self.config.offline else search.Indexing(config.site_dir)
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

    def on_build_error(self, error: Exception) -> None:
        if getattr(self, "pdfs", None) is not None:
            self.pdfs.cancel()  # nothing more may be written into the site
        if getattr(self, "staging", None) is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            atomic.discard(self.staging)  # the old site stays as it was
            self.staging = None


def _is_image(path: Path) -> bool:
    kind = mimetypes.guess_type(path.name)[0] or ""
    return kind.startswith("image/") and kind != "image/svg+xml"  # SVG can carry script
