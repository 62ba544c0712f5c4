"""Generated pages rendered by forked worker processes while the renderer (MkDocs) goes on with
its own work: story pages are most of a build's own time. Given a `write` function, the workers
also lay out and write each page (Build.start with a layout). Speed only: the pages are the same
as Draft.page() gives in this process (tests/test_benchmarks.py compares the sites byte for
byte)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from voices.core import parallel
from voices.site import search
from voices.site.pages import Draft, Page

# The forked workers find their work here (set just before they start).
_DRAFTS: Sequence[Draft] = ()
_DOCUMENTS: tuple[Path | None, str] = (None, "")
_WRITE: Callable[[int, Page], None] | None = None


def pending(drafts: Sequence[Draft], documents: Path | None = None, lang: str = "",
            write: Callable[[int, Page], None] | None = None) -> parallel.Pending[int, Page]:
    """The drafts rendered by workers: .get(i) waits for the page of drafts[i]. With
    `documents`, each story page is also written there as the search indexer reads it
    (search.write_document), in the site's language. With `write`, write(i, page) puts each page
    in the site, and .get(i) gives it without its HTML (nothing left to send back)."""
    global _DRAFTS, _DOCUMENTS, _WRITE
    _DRAFTS, _DOCUMENTS, _WRITE = drafts, (documents, lang), write
    # The story pages come first (Renderer.drafts): in chunks of their own, so that the search
    # index can start on them while the workers go on with the other pages.
    stories = next((i for i, draft in enumerate(drafts) if not draft.indexed), len(drafts))
    try:
        return parallel.Pending(_render, range(len(drafts)), first=stories)
    finally:
        _DRAFTS, _DOCUMENTS, _WRITE = (), (None, ""), None


def _render(numbers: Sequence[int]) -> list[Page]:
    pages = [_DRAFTS[i].page() for i in numbers]
    folder, lang = _DOCUMENTS
    for i, page in zip(numbers, pages, strict=True):
        if folder is not None and _DRAFTS[i].indexed:
            search.write_document(folder, page.src, lang, page.title, page.html)
        if _WRITE is not None:
            _WRITE(i, page)
    return pages if _WRITE is None else [dataclasses.replace(p, html="") for p in pages]
