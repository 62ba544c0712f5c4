"""A story's language, in a real build: a Welsh story's page is a Welsh page (<html lang="cy">,
its heading and summary), while the site's own words around it stay marked English; its
title and summary carry lang="cy" wherever they appear (lists, finder, next and related links,
feed, guides); a story and its translation link to each other near the top, each link in the
other story's language. axe-core finds nothing wrong with either page at two widths."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from browser import DESKTOP, PHONE, chromium, serve
from conftest import mkdocs_build, story_text, write_archive
from voices.build import indexing

WELSH, ENGLISH = "te-a-bara-brith", "tea-and-bara-brith"
TITLE_CY = "Te a bara brith yn y festri"
SUMMARY_CY = "Sut daeth pobl y pentref at ei gilydd i siarad, dros baned."
BODY_CY = "Roedd y festri yn llawn. Roedd pawb yn siarad Cymraeg, a neb ar frys.\n"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                               "wcag22aa", "best-practice"]}}
GUIDE = """\
---
title: Pack
layout: pack
stories:
  - te-a-bara-brith
---
Read it together.
"""


def welsh() -> str:
    text = story_text("Te").replace("title: Te\n", f"title: {TITLE_CY}\n")
    text = text.replace("summary: A story about Te.\n", f"summary: {SUMMARY_CY}\n")
    text = text.replace("illustrative: true\n", "illustrative: true\nlang: cy\n")
    return text.rsplit("---\n", 1)[0] + "---\n" + BODY_CY  # the body in Welsh too


def english() -> str:
    return story_text("Tea and bara brith in the vestry").replace(
        "illustrative: true\n", f"illustrative: true\nlang: en\ntranslation_of: {WELSH}\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("story-lang"), {
        f"stories/{WELSH}.md": welsh(),
        # Newest first: cake, the Welsh story, its translation. So cake's next story is the Welsh
        # one, and the translation's is cake (not the Welsh one: it is linked at the top).
        f"stories/{ENGLISH}.md": english().replace("told: 2024-05-01", "told: 2024-04-01"),
        "stories/cake.md": story_text("Cake").replace("told: 2024-05-01", "told: 2024-06-01"),
        "content/guides/pack.md": GUIDE,
    }, site=True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(), "html.parser")


def test_the_story_language_is_the_page_language_and_the_theme_stays_in_the_sites(built):
    page = _page(built, f"stories/{WELSH}")
    assert page.html["lang"] == "cy"
    assert page.body["lang"] == "en"  # menus, labels and footer: the site's own words
    content = page.select_one(".md-content")
    h1 = content.find("h1")
    assert (h1.get_text(strip=True), h1["lang"]) == (TITLE_CY, "cy")
    assert content.select_one(".voices-summary-lead")["lang"] == "cy"
    assert content.select_one("article.voices-story")["lang"] == "cy"
    assert page.select_one("[data-md-component=header-topic] span")["lang"] == "cy"
    assert page.title.get_text().startswith(TITLE_CY)  # in <head>: in the page's language
    other = _page(built, f"stories/{ENGLISH}")  # a story in the site's language: as before
    assert other.html["lang"] == "en" and not other.body.has_attr("lang")
    assert not other.select_one(".md-content h1").has_attr("lang")
    assert not other.select_one(".voices-summary-lead").has_attr("lang")
    assert _page(built, "stories").html["lang"] == "en"  # every other page: the site's


def test_a_story_and_its_translation_link_to_each_other_near_the_top(built):
    for story, other, words, lang in ((WELSH, ENGLISH, "Read this story in English", "en"),
                                      (ENGLISH, WELSH, "Darllenwch y stori hon yn Gymraeg", "cy")):
        content = _page(built, f"stories/{story}").select_one(".md-content")
        [link] = content.select(".voices-translation-links a")
        assert link.get_text(strip=True) == words
        assert (link["lang"], link["hreflang"], link["href"]) == (lang, lang, f"../{other}/")
        html = str(content)
        assert html.index(words) < html.index('class="voices-meta"') < html.index("story-text")


def test_lists_next_and_related_links_mark_the_welsh_title_and_summary(built):
    for path in ("stories", "perspectives/lived-experience", "finder"):
        page = _page(built, path)
        item = page.find("a", class_="voices-story-title", string=TITLE_CY)
        assert item is not None and item["lang"] == "cy", path
        assert item.find_parent("li").select_one(".voices-summary")["lang"] == "cy"
        plain = page.find("a", class_="voices-story-title", string="Cake")
        assert not plain.has_attr("lang") and not plain.find_next_sibling(
            class_="voices-summary").has_attr("lang")
    cake = _page(built, "stories/cake")
    assert cake.select_one(f".voices-next a[href='../{WELSH}/']")["lang"] == "cy"
    assert cake.select_one(f".voices-related a[href='../{WELSH}/']")["lang"] == "cy"
    translation = _page(built, f"stories/{ENGLISH}")
    assert [a["href"] for a in translation.select(".voices-next a")] == ["../cake/"]
    assert translation.select(f".voices-related a[href='../{WELSH}/']") == []


def test_the_feed_entry_carries_the_story_language(built):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    feed = ET.fromstring((built / "feed.xml").read_bytes())
    entries = {e.find("a:title", ns).text: e for e in feed.findall("a:entry", ns)}
    assert entries[TITLE_CY].find("a:title", ns).get(xml_lang) == "cy"
    assert entries[TITLE_CY].find("a:summary", ns).get(xml_lang) == "cy"
    assert entries["Cake"].find("a:title", ns).get(xml_lang) == "en"


def test_the_guide_pages_mark_the_story_and_their_own_words(built):
    guide = _page(built, "guides/pack")
    link = guide.find("a", href=f"../../stories/{WELSH}/")
    assert link["lang"] == "cy" and link.find_next_sibling("span")["lang"] == "cy"
    printed = _page(built, "guides/pack/print")
    article = printed.select_one("article.story")
    assert article["lang"] == "cy" and article.h2.get_text() == TITLE_CY
    assert article.select_one(".kicker")["lang"] == "en"  # "Story 1 of 1": the guide's words
    assert article.select_one(".byline")["lang"] == "en"


def test_search_keeps_one_index_in_the_sites_language(built, tmp_path):
    """Pagefind takes a page's language from <html lang>: forced to the site's, the Welsh story
    is found from the (English) search page, also when the written pages are indexed (serve)."""
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]
    site = tmp_path / "site"
    shutil.copytree(built, site)
    indexing.build_index(site, [(f"stories/{s}/index.html", 20) for s in (WELSH, ENGLISH)])
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violations_on_either_page(built, viewport):
    found = {}
    with serve(built) as base, chromium() as browser:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for story in (WELSH, ENGLISH):
            page.goto(base + f"stories/{story}/")
            violations = Axe().run(page, options=WCAG).response["violations"]
            if violations:
                found[story] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                                for v in violations]
            width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert width[0] <= width[1], story  # no sideways scrolling
        context.close()
    assert found == {}
