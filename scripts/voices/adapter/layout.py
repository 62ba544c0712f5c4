"""The generated pages laid out in the build's worker processes, as MkDocs' own loop would lay them
out (mkdocs.commands.build._build_page): the same theme environment, navigation, page context and
plugins. MkDocs' loop then has only the site's own pages to write: for a generated page it
renders SKIP, an empty template, and writes nothing.

Speed only: tests/test_benchmarks.py compares the site with one whose pages MkDocs laid out.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

SKIP = "voices-laid-out.html"  # in adapter/theme: renders nothing
ENABLED = True  # tests switch it off to compare with the pages MkDocs lays out itself
_PAGE_EVENTS = ("page_context", "post_page")  # what _build_page runs besides the template
# Material's partials that a page changes only by being in the navigation (its entry marked
# active, its section kept open), and the block of its settings for the browser (the same on
# every page but for its relative links): for the pages outside the navigation, the same in
# every page of a folder. (template, block), or (template, None) for the whole template.
_SHARED = (("partials/nav.html", None), ("partials/tabs.html", None), ("base.html", "config"))


def nav_page(nav, src: str):
    """The page of the navigation whose source is `src`, or None: for the theme's templates,
    which look up a few pages ("My pack", the support page) on every page they lay out."""
    if not isinstance(nav, Navigation):
        return None
    if nav not in _BY_SRC:
        _BY_SRC[nav] = {page.file.src_uri: page for page in nav.pages}
    return _BY_SRC[nav].get(src)


_BY_SRC: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one per navigation


def possible(config: MkDocsConfig, ours: BasePlugin) -> bool:
    """Whether the pages can be laid out in other processes: not if another plugin takes part in
    laying out a page (what it does there, such as Material's search plugin gathering each page's
    text, would stay in the worker and be lost)."""
    return ENABLED and all(getattr(method, "__self__", None) is ours
                           for event in _PAGE_EVENTS for method in config.plugins.events[event])


def lay_out(config: MkDocsConfig, files: Files, nav: Navigation, env,
            serving: bool) -> Callable[[str], str]:
    """A function from a generated page's source path to its layout, its content still a
    placeholder (the build puts it in, as the plugin's on_post_page does)."""
    _share(env, nav)
    doc_files = files.documentation_pages(
        inclusion=InclusionLevel.is_in_serve if serving else InclusionLevel.is_included)

    def page_layout(src: str) -> str:
        page = files.get_file_from_path(src).page
        config._current_page, page.active = page, True
        try:
            context = get_context(nav, doc_files, config, page)
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            return env.get_template("main.html").render(context)  # generated pages set no other
        finally:
            config._current_page, page.active = None, False

    return page_layout


def _share(env, nav: Navigation) -> None:
    """Render each of _SHARED once per folder for the pages outside the navigation (two fifths
    of a story page's layout time). Their links are relative, so they depend on the folder; a page
    that is in the navigation, or a folder above one of its entries, gets its own."""
    inside = {""}  # the pages in the navigation, and every folder above one of them
    for page in nav.pages:
        inside |= {page.url[:i + 1] for i, char in enumerate(page.url) if char == "/"}
        inside.add(page.url)
    for name, block in _SHARED:
        template = env.get_template(name)
        if block is None:
            template.root_render_func = _once(template.root_render_func, inside)
        elif block in template.blocks:
            template.blocks[block] = _once(template.blocks[block], inside)


def _once(render, inside: set[str]):
    kept: dict[tuple[str, bool], str] = {}

    def shared(context):
        url = getattr(context.get("page"), "url", None)
        if url is None or url in inside:
            yield from render(context)
            return
        folder = url.rstrip("/").rpartition("/")[0], url.endswith("/")
        if folder not in kept:
            kept[folder] = "".join(render(context))
        yield kept[folder]

    return shared
