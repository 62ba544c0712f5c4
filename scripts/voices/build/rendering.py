"""Generated pages rendered by forked worker processes while the renderer (MkDocs) goes on with
its own work: story pages are most of a build's own time. Speed only: the pages are the same as
Draft.page() gives in this process (tests/test_benchmarks.py compares the sites byte for byte)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from voices.core import parallel
from voices.site import search
from voices.site.pages import Draft, Page

# The forked workers find the drafts here (set just before they start).
_DRAFTS: Sequence[Draft] = ()
_DOCUMENTS: tuple[Path | None, str] = (None, "")


def pending(drafts: Sequence[Draft], documents: Path | None = None,
            lang: str = "") -> parallel.Pending[int, Page]:
    """The drafts rendered by workers: .get(i) waits for the page of drafts[i]. With
    `documents`, each story page is also written there as the search indexer reads it
    (search.write_document), in the site's language."""
    global _DRAFTS, _DOCUMENTS
    _DRAFTS, _DOCUMENTS = drafts, (documents, lang)
    try:
        return parallel.Pending(_render, range(len(drafts)))
    finally:
        _DRAFTS, _DOCUMENTS = (), (None, "")


def _render(numbers: Sequence[int]) -> list[Page]:
    pages = [_DRAFTS[i].page() for i in numbers]
    folder, lang = _DOCUMENTS
    if folder is not None:
        for i, page in zip(numbers, pages, strict=True):
            if _DRAFTS[i].indexed:
                search.write_document(folder, page.src, lang, page.title, page.html)
    return pages
