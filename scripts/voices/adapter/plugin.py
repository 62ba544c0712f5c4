"""The MkDocs adapter: MkDocs' events, translated into calls on one Build (build/build.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from voices.adapter import icons, layout, messages, watching
from voices.adapter.config import add_theme, build_settings, data_folders
from voices.adapter.files import add_outputs
from voices.build.build import Build, Memory
from voices.core.problems import VoicesError
from voices.site import compact, compiled, i18n


class VoicesPlugin(BasePlugin):
    from voices.adapter.config import VoicesConfig as config_class  # noqa: N811 (MkDocs' name)

    build: Build | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty, self.memory, self.laid_out = command, dirty, Memory(), set()
        messages.quiet(lambda src: src in self.laid_out, command == "serve" and dirty)

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
        self.build = self._call(Build, settings, messages.report, self.memory)
        config.site_dir = str(self.build.site_dir)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        outputs = self._call(self.build.plan, {f.src_uri for f in files})
        # Generated pages laid out by the build's workers, unless another plugin takes part.
        self.laid_out = set(outputs.pages) if layout.possible(config, self) else set()
        add_outputs(files, config, outputs)
        self.icons = icons.add_sprite(files, config, self.config.offline)
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav = nav  # for the layout of the generated pages
        return nav

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        env.bytecode_cache = compiled.COMPILED  # compiled once, not in every process
        # No indentation repeated on every page; the site's own overrides as they are written.
        env.loader = compact.CompactLoader(env.loader, keep=config.theme.custom_dir)
        env.globals.update(voices_nav_page=layout.nav_page, voices_icons=self.icons)
        i18n.install(env, self.build.settings.language)  # the theme's words in the site's language
        self._call(self.build.start, layout.lay_out(config, files, self.nav, env, self.command
                                                    == "serve") if self.laid_out else None)
        return env

    def on_serve(self, server, config: MkDocsConfig, builder, **kwargs):
        root = self.build.settings.root if self.build else Path(config.config_file_path).parent
        folders = data_folders(root)
        watching.look_sooner(server, folders + [Path(config.docs_dir)],  # MkDocs' own watches:
                             [config.docs_dir, config.config_file_path, *config.theme.dirs])
        for folder in folders:  # watched even without a 'watch:' list
            server.watch(str(folder))
        return server

    def on_page_markdown(self, markdown: str, page: Page, **kwargs) -> str:
        ours = self.build.outputs.pages.get(page.file.src_uri)
        if ours is not None:  # Material prints these unescaped (<title>, meta description)
            page.meta["title"] = escape(ours.title)
            if page.file.src_uri in self.laid_out:
                page.meta["template"] = layout.SKIP  # MkDocs' loop writes nothing for it
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
