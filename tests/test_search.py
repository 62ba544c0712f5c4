"""Pagefind search: only story text is indexed, and a query in real Chromium finds a story while
fetching well under 500 KB."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from browser import DESKTOP, chromium, serve
from bs4 import BeautifulSoup

STORY = "welsh-first-in-the-chapel-vestry"
WORD = "brith"  # only in that story's body ("bara brith"), never in its title or summary
BUDGET = 500 * 1024


def _fragments(site: Path) -> list[dict]:
    out = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[raw.index(b"{"):]))
    return out


def test_search_index_holds_only_stories_with_their_filters(default_site: Path) -> None:
    fragments = _fragments(default_site)
    urls = {f["url"] for f in fragments}
    stories = {p.parent.name for p in (default_site / "stories").glob("*/index.html")}
    assert urls == {f"/stories/{s}/" for s in stories}
    vestry = next(f for f in fragments if f["url"] == f"/stories/{STORY}/")
    assert vestry["meta"]["title"] == "Welsh first in the chapel vestry"
    assert vestry["filters"]["perspective"] == ["Volunteer"]
    assert "Build a team to do the job" in vestry["filters"]["principle"]
    assert "Communication" in vestry["filters"]["challenge"]
    # Navigation, metadata and filter labels are not part of the indexed text.
    assert "Told by" not in vestry["content"] and "Build a team" not in vestry["content"]
    assert vestry["content"].startswith("I drive for the community car scheme")


def test_material_search_is_replaced(default_site: Path) -> None:
    home = BeautifulSoup((default_site / "index.html").read_text(), "html.parser")
    assert home.select_one(".md-search") is None  # no broken Material dialog
    link = home.select_one("a.voices-search-link")
    assert link is not None and link["href"] == "search/"
    assert not (default_site / "search" / "search_index.json").exists()
    page = BeautifulSoup((default_site / "search" / "index.html").read_text(), "html.parser")
    srcs = [s.get("src", "") for s in page.find_all("script")]
    assert any(s.endswith("pagefind/pagefind-ui.js") for s in srcs)
    assert any(s.endswith("assets/search.js") for s in srcs)
    # Our code is never inline (a Content-Security-Policy may forbid it); Material's own small
    # inline scripts are its business.
    assert not [s for s in page.find_all("script", src=False) if "Pagefind" in (s.string or "")]


def test_query_finds_story_and_fetches_under_budget(default_site: Path) -> None:
    with serve(default_site) as base, chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        sizes: dict[str, int] = {}  # everything Pagefind fetches, its own code included
        page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body()))
                if "/pagefind/" in r.url else None)
        page.goto(base + "search/")
        page.wait_for_selector(".pagefind-ui__search-input")
        page.fill(".pagefind-ui__search-input", WORD)
        result = page.wait_for_selector(".pagefind-ui__result-link")
        page.wait_for_load_state("networkidle")
        href = result.get_attribute("href")
        assert href is not None and href.rstrip("/").endswith(STORY)
        assert page.locator(".pagefind-ui__result").count() == 1
        fetched = sum(sizes.values())
        print(f"one query fetched {fetched} bytes in {len(sizes)} responses")
        assert any("/pagefind/fragment/" in u for u in sizes)  # the query really went out
        assert 0 < fetched < BUDGET
        # The header's search link, from another page, leads to a page that runs ?q= queries.
        page.goto(base + "about/")
        page.click("a.voices-search-link")
        page.wait_for_url("**/search/")
        page.goto(base + "search/?q=" + WORD)
        assert page.wait_for_selector(".pagefind-ui__result-link").get_attribute("href")
        context.close()
