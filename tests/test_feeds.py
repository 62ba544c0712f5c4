"""The Atom feed, social preview metadata and the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import TODAY, story_text, write_archive
from voices.core.archive import load_archive
from voices.site.feeds import atom_feed

NS = {"a": "http://www.w3.org/2005/Atom"}


def test_feed_escapes_and_holds_only_web_stories(tmp_path: Path) -> None:
    root = write_archive(tmp_path, {
        "stories/tea.md": story_text("Tea").replace(
            "title: Tea", """title: 'Tea & "biscuits" < 6'"""),
        "stories/print-only.md": story_text("Print only", scope="[print]"),
        "stories/gone.md": story_text("Gone", status="withdrawn"),
    })
    archive = load_archive(root, today=TODAY).archive
    xml = atom_feed(archive, "Our <archive>", "https://example.org/voices")
    feed = ET.fromstring(xml)  # well-formed despite the markup in the title
    assert feed.find("a:title", NS).text == "Our <archive>: new stories"
    entries = feed.findall("a:entry", NS)
    assert [e.find("a:title", NS).text for e in entries] == ['Tea & "biscuits" < 6']
    assert entries[0].find("a:link", NS).get("href") == "https://example.org/voices/stories/tea/"
    assert entries[0].find("a:published", NS).text == "2024-05-02T00:00:00Z"
    relative = ET.fromstring(atom_feed(archive, "A", ""))
    assert relative.find("a:entry/a:link", NS).get("href") == "stories/tea/"
    assert relative.find("a:id", NS).text == "urn:voices:feed"


def test_default_site_links_feed_sitemap_and_previews(default_site: Path) -> None:
    feed = ET.fromstring((default_site / "feed.xml").read_bytes())
    entries = feed.findall("a:entry", NS)
    assert 0 < len(entries) <= 20
    for entry in entries:  # every entry is a built story page (an update: a place on one)
        slug = entry.find("a:link", NS).get("href").split("#")[0].rstrip("/").rsplit("/", 1)[1]
        assert (default_site / "stories" / slug / "index.html").is_file()
    assert (default_site / "sitemap.xml").is_file()
    assert "/finder/" in (default_site / "sitemap.xml").read_text()
    story = default_site / "stories" / "welsh-first-in-the-chapel-vestry" / "index.html"
    head = BeautifulSoup(story.read_text(), "html.parser").head
    assert head.find("link", rel="feed", type="application/atom+xml")["href"] == \
        "../../feed.xml"
    assert not head.select('link[rel="alternate"]')  # Material would fetch sitemap.xml for it
    meta = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
    assert meta["og:title"] == "Welsh first in the chapel vestry"
    assert meta["og:description"].startswith("A volunteer in the hills of mid Wales")
    assert meta["og:type"] == "article"
    assert meta["og:url"].endswith("/stories/welsh-first-in-the-chapel-vestry/")


def test_feedback_link_on_every_page(default_site: Path) -> None:
    pages = sorted(default_site.rglob("index.html"))
    assert len(pages) > 30
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        if soup.select_one(".md-footer") is None:
            continue  # the guides' own print pages have no site chrome at all
        link = soup.select_one(".voices-feedback a")
        assert link is not None, page
        # The first way needs no account (tests/test_paper.py tests the settings in full).
        assert link["href"] == "mailto:stories@voices.example.org"
