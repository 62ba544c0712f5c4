"""Every site page prints cleanly: a story page printed to PDF by headless Chromium keeps the story,
its metadata and its content notes, and loses the navigation, search and footer."""

from __future__ import annotations

import io
import re

from browser import DESKTOP, chromium, serve
from conftest import REPO
from pypdf import PdfReader

STORY = "eighteen-months-a-biscuit-tin-and-no-plan-for-the-ending"


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))


def test_print_story_page_keeps_content_and_drops_chrome(default_site):
    body = (REPO / "stories" / f"{STORY}.md").read_text().split("---", 2)[2].strip()
    first_words = " ".join(body.split()[:8])
    with serve(default_site) as base, chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(f"{base}stories/{STORY}/")
        # A reader may have closed the content notes: they must print open all the same.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-tabs', '.md-sidebar', '.md-footer',
            '.md-search'].map(s => document.querySelector(s))
            .filter(e => e && getComputedStyle(e).display !== 'none').length""")
        text = _pdf_text(page.pdf(format="A4", print_background=True))
        context.close()
    assert hidden == 0
    assert first_words in text
    for kept in ("Told by", "Perspective", "Content notes", "Please look after yourself"):
        assert kept in text, kept
    for gone in ("Skip to content", "What cocreation is", "Made with", "Material for MkDocs",
                 "Stories belong to their storytellers", "Next story about"):
        assert gone not in text, gone
