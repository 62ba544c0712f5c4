"""The offline copy: a zip of the site that works when opened from the file system, with the
finder working from its embedded index and no request to any web address."""

from __future__ import annotations

import urllib.parse
import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from browser import DESKTOP, PHONE, chromium
from conftest import mkdocs_build, story_text, write_archive
from test_accessibility import WCAG
from test_build_safety import with_theme
from test_reach import tiny_wav, with_field
from voices.pages import relative, url_of

STORIES = {
    "stories/alpha.md": story_text("Alpha", principles="[respect]", challenges="[fear]"),
    "stories/beta.md": story_text("Beta", principles="[relationships]"),
    "stories/gamma.md": with_field("aliases: [gamma-old]\nmedia: media/voice.wav", "Gamma",
                                   principles="[respect]"),
    "stories/media/voice.wav": tiny_wav(),
}


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory) -> Path:
    """Build an archive with `offline: true`, unzip the copy, return its folder."""
    root = with_theme(write_archive(tmp_path_factory.mktemp("offline"), STORIES, site=True))
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace("  - voices\n",
                                                    "  - voices:\n      offline: true\n"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    archive = root / "voices-offline.zip"  # beside the site folder
    assert archive.is_file(), result.stderr
    out = root / "unzipped"
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        assert all(n.startswith("voices-offline/") for n in z.namelist())
        z.extractall(out)
    return out / "voices-offline"


def test_zip_holds_a_file_style_site_without_pagefind(offline_copy: Path) -> None:
    assert (offline_copy / "README.txt").read_text().startswith("Voices: the offline copy")
    assert (offline_copy / "index.html").is_file()
    assert (offline_copy / "stories" / "alpha.html").is_file()
    assert (offline_copy / "finder.html").is_file()
    assert (offline_copy / "finder" / "index.js").read_text().startswith(
        "window.VOICES_FINDER_INDEX = {")
    assert (offline_copy / "stories" / "media" / "voice.wav").read_bytes() == tiny_wav()
    assert not (offline_copy / "pagefind").exists()  # it cannot run from file://
    redirect = BeautifulSoup((offline_copy / "stories" / "gamma-old.html").read_text(),
                             "html.parser")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == \
        "0; url=gamma.html"
    search = BeautifulSoup((offline_copy / "search.html").read_text(), "html.parser")
    assert "offline copy" in search.select_one(".voices-notice").get_text()
    assert not [s for s in search.find_all("script") if "pagefind" in s.get("src", "")]


def test_every_link_leads_to_a_file(offline_copy: Path) -> None:
    """From file://, a link to a folder shows a file listing, not a page: every local link and
    asset must name a file that is there."""
    broken = []
    for page in sorted(offline_copy.rglob("*.html")):
        if page.name == "404.html":  # a web server's error page, with addresses from its root
            continue
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                          ("source", "src")):
            for el in doc.find_all(tag):
                url = el.get(attr)
                if not url or url.startswith(("#", "mailto:", "data:")) or "://" in url:
                    continue
                path = urllib.parse.unquote(url.split("#")[0].split("?")[0])
                target = (page.parent / path) if path else page
                if not target.is_file():
                    broken.append(f"{page.relative_to(offline_copy)}: {url}")
    assert broken == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_and_finder_work_from_the_file_system(offline_copy: Path, viewport) -> None:
    web_requests: list[str] = []
    errors: list[str] = []
    with chromium() as browser:
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        tab.on("request", lambda r: web_requests.append(r.url)
               if r.url.startswith(("http:", "https:")) else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        home = (offline_copy / "index.html").as_uri()
        tab.goto(home)
        assert "Test archive" in tab.title()
        # Follow a link from the home page's recent stories to a story page.
        tab.locator('a[href="stories/alpha.html"]').first.click()
        tab.wait_for_url("**/stories/alpha.html")
        assert tab.locator("h1").first.inner_text() == "Alpha"
        # And from the story to its principle.
        tab.locator('a[href="../principles/respect.html"]').first.click()
        tab.wait_for_url("**/principles/respect.html")
        # An old address sends the reader on.
        tab.goto((offline_copy / "stories" / "gamma-old.html").as_uri())
        tab.wait_for_url("**/stories/gamma.html")
        tab.wait_for_function("document.querySelector('audio').readyState >= 1")
        # The finder works from its embedded index: fetch cannot read file:// pages.
        tab.goto((offline_copy / "finder.html").as_uri())
        tab.wait_for_selector("#voices-finder-form:not([hidden])")
        status = tab.locator("#voices-finder-status")
        assert status.text_content() == "Showing all 3 stories."
        tab.check("#finder-principle-respect")
        shown = tab.eval_on_selector_all("#voices-finder-results > li:not([hidden])",
                                         "els => els.map(e => e.dataset.id)")
        assert sorted(shown) == ["alpha", "gamma"]
        assert status.text_content() == "Showing 2 of 3 stories."
        assert tab.url.endswith("finder.html?principle=respect")
        # No preload: axe would fetch the style sheets itself, which file:// refuses.
        violations = Axe().run(tab, options={**WCAG, "preload": False}).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
        tab.locator('#voices-finder-results a[href="stories/gamma.html"]').click()
        tab.wait_for_url("**/stories/gamma.html")
        tab.go_back()
        tab.wait_for_selector("#voices-finder-form:not([hidden])")
        assert tab.is_checked("#finder-principle-respect")
        # "Skip the filters": from the link, the next Tab reaches the first story.
        tab.focus(".voices-finder-skip a")
        tab.keyboard.press("Enter")
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.closest('#voices-finder-results') !== null")
        # The header's search link leads to a page that says what works offline.
        tab.locator("a.voices-search-link").click()
        tab.wait_for_url("**/search.html")
        assert "offline copy" in tab.locator(".voices-notice").inner_text()
        context.close()
    assert web_requests == []
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("src, url", [("index.md", "index.html"),
                                      ("stories/a.md", "stories/a.html"),
                                      ("stories/index.md", "stories/index.html")])
def test_file_style_urls(src, url) -> None:
    assert url_of(src, directory_urls=False) == url
    assert url_of(src) != url  # the default stays directory style


@pytest.mark.parametrize("frm, to, link", [("stories/a.html", "principles/p.html",
                                            "../principles/p.html"),
                                           ("index.html", "stories/a.html", "stories/a.html"),
                                           ("stories/a.html", "index.html", "../index.html"),
                                           ("stories/a.html", "stories/", "./"),
                                           ("finder.html", "finder/index.js", "finder/index.js")])
def test_relative_links_between_files(frm, to, link) -> None:
    assert relative(frm, to) == link
