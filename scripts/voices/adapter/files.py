"""The build's outputs as MkDocs files, and what MkDocs' --dirty mode may skip of them."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from voices.build.build import Outputs


def add_outputs(files: Files, config: MkDocsConfig, outputs: Outputs) -> None:
    if outputs.own_stale:  # the site's own pages list stories: write them (--dirty too)
        for file in files.documentation_pages():
            file.is_modified = lambda: True
    for src in outputs.pages:  # reached through index pages, never listed in the nav
        file = File.generated(config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        if src not in outputs.fresh:  # unchanged since the last build: --dirty skips it
            file.is_modified = lambda: False
        _Generated(None, file, config)  # as MkDocs would make it (file.page), but for render()
        files.append(file)
    for src, path in outputs.copies.items():
        files.append(File.generated(config, src, abs_src_path=str(path)))
    for src, text in outputs.texts.items():
        files.append(File.generated(config, src, content=text))


class _Generated(Page):
    """A generated page has no Markdown of its own (the build gives its content): render() sets
    what Page.render sets for an empty text, without making a Markdown parser with every
    extension for each of thousands of pages (a tenth of a millisecond each, before the workers
    can start)."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content, self.toc, self._title_from_render = "", get_toc([]), None
        self.present_anchor_ids, self.links_to_anchors = set(), {}
