"""The MkDocs adapter: MkDocs' events, translated into calls on one Build (build/build.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from voices.adapter.config import add_theme, build_settings
from voices.build.build import Build, Memory
from voices.core.problems import ERROR, NOTICE, VoicesError
from voices.site import i18n

log = logging.getLogger("mkdocs.plugins.voices")
_LOG = {ERROR: log.error, NOTICE: log.info}  # notices (consent reviews) never fail --strict


class VoicesPlugin(BasePlugin):
    from voices.adapter.config import VoicesConfig as config_class  # noqa: N811 (MkDocs' name)

    build: Build | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty, self.memory = command, dirty, Memory()
        if command == "serve" and dirty:  # its warning of stale pages on every save: ours
            logging.getLogger("mkdocs.commands.build").addFilter(
                lambda record: not record.getMessage().startswith("A 'dirty' build is being"))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.offline:  # read from file://, where a folder does not open index.html
            config.use_directory_urls = False
        elif not config.use_directory_urls:
            raise PluginError("voices: the archive needs 'use_directory_urls: true'.")
        add_theme(config)  # the Voices theme, from the package
        self.final_site = Path(config.site_dir)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.warnings = CountHandler()  # strict mode fails after on_post_build: count too
        self.warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        settings = self._call(build_settings, self.config, config, self.final_site, self.command,
                              self.dirty)
        report = lambda severity, text: _LOG.get(severity, log.warning)(text)  # noqa: E731
        self.build = self._call(Build, settings, report, self.memory)
        config.site_dir = str(self.build.site_dir)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        theirs = {f.src_uri for f in files}
        outputs = self._call(self.build.plan, theirs)
        if outputs.own_stale:  # the site's own pages list stories: write them (--dirty too)
            for file in files.documentation_pages():
                file.is_modified = lambda: True
        for src in outputs.pages:  # reached through index pages, never listed in the nav
            file = File.generated(config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            if src not in outputs.fresh:  # unchanged since the last build: --dirty skips it
                file.is_modified = lambda: False
            files.append(file)
        for src, path in outputs.copies.items():
            files.append(File.generated(config, src, abs_src_path=str(path)))
        for src, text in outputs.texts.items():
            files.append(File.generated(config, src, content=text))
        self._call(self.build.start)
        return files

    def on_env(self, env, **kwargs):  # the theme's own words, in the site's language (i18n.py)
        return i18n.install(env, self.build.settings.language) or env

    def on_serve(self, server, config: MkDocsConfig, builder, **kwargs):
        root = self.build.settings.root if self.build else Path(config.config_file_path).parent
        for folder in ("stories", "principles", "challenges"):  # even without a 'watch:' list
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_page_markdown(self, markdown: str, page: Page, **kwargs) -> str:
        ours = self.build.outputs.pages.get(page.file.src_uri)
        if ours is not None:  # Material prints these unescaped (<title>, meta description)
            page.meta["title"] = escape(ours.title)
            if ours.description:
                page.meta["description"] = escape(ours.description)
        return markdown

    def on_page_content(self, html: str, page: Page, **kwargs) -> str:
        return self._call(self.build.content, page.file.src_uri, html, page.is_homepage)

    def on_page_context(self, context: dict, page: Page, **kwargs) -> dict:
        ours = self.build.outputs.pages.get(page.file.src_uri)
        context["voices_lang"] = ours.lang if ours is not None else ""
        context["voices_offline"] = self.config.offline  # main.html: no Pagefind offline
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return self._call(self.build.written, page.file.src_uri, output)

    def on_post_template(self, output_content: str, template_name: str,
                         config: MkDocsConfig) -> str:
        return self._call(self.build.written, None, output_content)  # 404.html and others

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, config: MkDocsConfig) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        publish = not (config.strict and self.warnings.get_counts())
        self._call(self.build.finish, publish)
        config.site_dir = str(self.build.site_dir)

    def on_build_error(self, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.build is not None:
            self.build.abort()  # the old site stays as it was

    def on_shutdown(self) -> None:
        self.memory.close()  # MkDocs deletes the served folder next

    def _call(self, method, *args):
        """One error path: a VoicesError (or the disk failing) becomes one line for MkDocs."""
        try:
            return method(*args)
        except VoicesError as exc:
            raise PluginError(f"voices: {exc.text()}") from None
        except OSError as exc:
            raise PluginError(f"voices: the site could not be written: {exc}") from None
