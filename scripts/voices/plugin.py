"""The MkDocs adapter: wires MkDocs events to the archive and its pages, and nothing else."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from .archive import Loaded, load_archive
from .pages import Page, Renderer
from .problems import ERROR, errors

log = logging.getLogger("mkdocs.plugins.voices")


class VoicesPlugin(BasePlugin):
    from .config import VoicesConfig as config_class  # noqa: N811 - MkDocs looks for this name

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("voices: the archive needs 'use_directory_urls: true'.")
        root = self.config.root or Path(config.config_file_path).parent
        self.root = Path(root).resolve()
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Loaded on every build, so 'mkdocs serve' picks up edits to stories.
        self.loaded: Loaded = load_archive(self.root)
        for problem in self.loaded.problems:
            (log.error if problem.severity == ERROR else log.warning)(problem.text())
        if errors(self.loaded.problems):
            raise PluginError(f"voices: {len(errors(self.loaded.problems))} error(s) in the "
                              "archive; the site was not built. Run 'voices check' for details.")
        self.renderer = Renderer(self.loaded.archive)
        self.generated: dict[str, Page] = {}

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
            if path.is_file() and not path.is_symlink() and _is_image(path):
                src = path.relative_to(self.root).as_posix()
                files.append(File.generated(config, src, abs_src_path=str(path)))
        return files

    def on_page_markdown(self, markdown: str, page: MkPage, **kwargs) -> str:
        ours = self.generated.get(page.file.src_uri)
        if ours is not None:
            page.meta["title"] = ours.title
            if ours.description:
                page.meta["description"] = ours.description
        return markdown

    def on_page_content(self, html: str, page: MkPage, **kwargs) -> str:
        ours = self.generated.get(page.file.src_uri)
        if ours is not None:
            return ours.html
        if page.is_homepage:
            return html + self.renderer.home(page.file.src_uri)
        return html

    def on_page_context(self, context: dict, page: MkPage, **kwargs) -> dict:
        ours = self.generated.get(page.file.src_uri)
        context["voices_lang"] = ours.lang if ours is not None else ""
        return context


def _is_image(path: Path) -> bool:
    kind = mimetypes.guess_type(path.name)[0] or ""
    return kind.startswith("image/") and kind != "image/svg+xml"  # SVG can carry script
