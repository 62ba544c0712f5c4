"""The search page and what Pagefind indexes: the story pages, each written (write_document) as
Pagefind reads it. Running Pagefind is the build's work (build/indexing.py).

Only elements marked `data-pagefind-body` (the story text, in templates/story.html) are indexed,
with the page's title, so navigation chrome never matches and the index stays small.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import escape

from voices.core.model import Archive
from voices.site.urls import story_src, url_of

PAGE_SRC = "search.md"
TITLE = "Search the stories"
DESCRIPTION = "Search the words of every story."
# The story pages' Pagefind filters (templates/story.html); the last holds the content notes a
# story does not have, so ticking one leaves out the stories that have it.
FILTERS = ("principle", "challenge", "perspective", "leave out stories about")


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


