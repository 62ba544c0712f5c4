"""The search page and what Pagefind indexes: the story pages, each written (write_document) as
Pagefind reads it. Running Pagefind is the build's work (build/indexing.py).

Only elements marked `data-pagefind-body` (the story text, in templates/story.html) are indexed,
with the page's title, so navigation chrome never matches and the index stays small.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from voices.core.model import Archive
from voices.site.i18n import N_, translations
from voices.site.urls import story_src, url_of

PAGE_SRC = "search.md"
# In the catalogue: translations(language).gettext(TITLE)
TITLE = N_("Search the stories")
DESCRIPTION = N_("Search the words of every story.")
# The story pages' Pagefind filters (templates/story.html), as an English site names them; the
# last holds the content notes a story does not have, so ticking one leaves out the stories that
# have it. Pagefind's search box shows these names: another language's are filter_names().
FILTERS = (N_("principle"), N_("challenge"), N_("perspective"), N_("leave out stories about"))


def filter_names(language: str = "en") -> dict[str, str]:
    """The Pagefind filters by the search address's names for them (search.js), in the site's
    language: story.html writes them, search.html tells search.js."""
    t = translations(language)
    return dict(zip(("principle", "challenge", "perspective", "exclude"),
                    (t.gettext(name) for name in FILTERS), strict=True))


def script_strings(language: str = "en") -> dict[str, str]:
    """Pagefind's own words in its search box (its `translations` option, set by search.js from
    templates/search.html), as Pagefind says them in English, and ours: Pagefind knows no
    Welsh, for one."""
    t = translations(language)
    return {
        "placeholder": t.gettext("Search the stories"),
        "label": t.gettext("Search the stories"),
        "clear_search": t.gettext("Clear"),
        "load_more": t.gettext("Load more results"),
        "search_label": t.gettext("Search the stories"),
        "filters_label": t.gettext("Filters"),
        "zero_results": t.gettext("No results for [SEARCH_TERM]"),
        "many_results": t.gettext("[COUNT] results for [SEARCH_TERM]"),
        "one_result": t.gettext("[COUNT] result for [SEARCH_TERM]"),
        "total_zero_results": t.gettext("No results"),
        "total_one_result": t.gettext("[COUNT] result"),
        "total_many_results": t.gettext("[COUNT] results"),
        "alt_search": t.gettext("No results for [SEARCH_TERM]. Showing results for "
                                "[DIFFERENT_TERM] instead"),
        "search_suggestion": t.gettext("No results for [SEARCH_TERM]. Try one of the following "
                                       "searches:"),
        "searching": t.gettext("Searching for [SEARCH_TERM]..."),
        "results_label": t.gettext("Search results"),
        "error_search": t.gettext("Search failed"),
    }


def story_pages(archive: Archive) -> list[tuple[str, int]]:
    """The pages to index, as (file under the site, number of words): the web stories'."""
    return [(page_file(story_src(s)), s.word_count) for s in archive.web]


def page_file(src: str) -> str:
    """The file of a generated page in the built site (Pagefind runs only on directory URLs)."""
    return url_of(src) + "index.html"


def write_document(folder: Path, src: str, lang: str, title: str, html: str) -> None:
    """A story page as Pagefind reads it, into `folder` (Indexing.documents), made from the
    plugin's own parts so that indexing can start before MkDocs writes the page: the page's
    language, its heading (Pagefind's title) and its content, where the story's text and
    filters are. Pagefind uses nothing else on the page; tests/test_search_parts.py checks the
    index is byte for byte the one made from the written pages."""
    path = folder / page_file(src)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
                    f"</head><body><h1>{escape(title)}</h1>\n{html}\n</body></html>\n",
                    encoding="utf-8")


