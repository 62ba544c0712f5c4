"""The offline copy: a zip of the site that works when opened from the file system, with the
finder working from its embedded index and no request to any web address."""

from __future__ import annotations

import urllib.parse
import zipfile
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, PHONE, chromium, watch_for_trouble
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, story_text, write_archive
from test_accessibility import WCAG
from test_build_safety import with_theme
from test_reach import tiny_wav, with_field
from voices.site.urls import relative, url_of

ARTIFACTS = REPO / "tests" / "artifacts"

STORIES = {
    "stories/alpha.md": story_text("Alpha", principles="[respect]", challenges="[fear]"),
    "stories/beta.md": story_text("Beta", principles="[relationships]"),
    "stories/gamma.md": with_field("aliases: [gamma-old]\nmedia: media/voice.wav", "Gamma",
                                   principles="[respect]"),
    "stories/media/voice.wav": tiny_wav(),
}
# The repository's own guide pages (cards, a session pack, a booklet, the list of guides and the
# "make your own pack" page), so that their links are checked as they are written; the pack names
# three stories, given here under its ids.
GUIDE_PAGES = {f"content/guides/{p.name}": p.read_text(encoding="utf-8")
               for p in sorted((REPO / "content" / "guides").glob("*.md"))}
GUIDE_PAGES["content/share-form.md"] = (REPO / "content" / "share-form.md").read_text("utf-8")
PACK_STORIES = {f"stories/{sid}.md": story_text(title, principles="[relationships]",
                                                 challenges="[fear]")
                for sid, title in (("three-minutes-without-my-slide-deck", "Slides"),
                                   ("im-not-a-stakeholder-im-his-mam", "Stakeholder"),
                                   ("four-months-of-chasing-invoices-for-fifteen-pounds-an-hour",
                                    "Invoices"))}


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory) -> Path:
    """Build an archive with `offline: true`, unzip the copy, return its folder."""
    root = with_theme(write_archive(tmp_path_factory.mktemp("offline"),
                                    {**STORIES, **PACK_STORIES, **GUIDE_PAGES}, site=True))
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace(
        "  - voices\n", "  - voices:\n      offline: true\n")
        + "markdown_extensions: [attr_list, md_in_html]\n")  # the share form's page uses them
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
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_and_finder_work_from_the_file_system(offline_copy: Path, viewport) -> None:
    with chromium() as browser:
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        web_requests, errors = watch_for_trouble(tab)
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
        if viewport is PHONE:  # on a phone the filters wait behind one button
            tab.click("#voices-finder-toggle")
        tab.wait_for_selector("#voices-finder-form:not([hidden])")
        status = tab.locator("#voices-finder-status")
        assert status.text_content() == "Showing all 6 stories."
        tab.check("#finder-principle-respect")
        shown = tab.eval_on_selector_all("#voices-finder-results > li:not([hidden])",
                                         "els => els.map(e => e.dataset.id)")
        assert sorted(shown) == ["alpha", "gamma"]
        assert status.text_content() == "Showing 2 of 6 stories."
        assert tab.url.endswith("finder.html?principle=respect")
        # No preload: axe would fetch the style sheets itself, which file:// refuses.
        violations = Axe().run(tab, options={**WCAG, "preload": False}).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
        tab.locator('#voices-finder-results a[href="stories/gamma.html"]').click()
        tab.wait_for_url("**/stories/gamma.html")
        tab.go_back()
        tab.wait_for_selector("#voices-finder-form:not([hidden])", state="attached")
        assert tab.is_checked("#finder-principle-respect")
        # "Skip the filters" (on a phone, the panel's "Show ... stories"): from there, the next
        # Tab reaches the first story.
        if viewport is PHONE and tab.get_attribute("#voices-finder-toggle",
                                                   "aria-expanded") == "false":
            tab.click("#voices-finder-toggle")
        tab.focus("#voices-finder-done" if viewport is PHONE else ".voices-finder-skip a")
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


def test_guides_have_file_style_pages_and_their_pdfs(offline_copy: Path) -> None:
    # So the link check above covers the guides: their pages, print pages and PDFs are there.
    guides = offline_copy / "guides"
    for name in ("index", "my-pack", "cards", "safe-space-session-pack", "starting-out"):
        assert (guides / f"{name}.html").is_file(), name
    for gid in ("cards", "safe-space-session-pack", "starting-out"):
        assert (guides / gid / "print" / "index.html").is_file()
        page = BeautifulSoup((guides / f"{gid}.html").read_text(), "html.parser")
        hrefs = {a["href"] for a in page.select(".voices-guide-files a")}
        assert hrefs == {f"{gid}/print/index.html", f"{gid}/{gid}-a4.pdf",
                         f"{gid}/{gid}-letter.pdf", f"{gid}/{gid}-large-print-a4.pdf"}
        assert all((guides / h).is_file() for h in hrefs)
        assert (guides / gid / f"{gid}-a4.pdf").read_bytes().startswith(b"%PDF-")
    # The list of guides points readers to the page where they make their own pack.
    listing = BeautifulSoup((guides / "index.html").read_text(), "html.parser")
    assert "make your own pack" in listing.select_one(
        'article a[href="my-pack.html"]').get_text().lower()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_guides_work_from_the_file_system(offline_copy: Path, viewport) -> None:
    """A facilitator with the offline copy goes from the list of guides to a guide, its print
    page and its PDFs, and to the stories it names, all from file://."""
    width = "desktop" if viewport == DESKTOP else "phone"
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        web_requests, errors = watch_for_trouble(tab)

        def pdf_behind(link) -> bytes:
            """Follow a PDF link and return the file it led to. From file:// Chromium ignores
            the link's `download` and opens the PDF in its viewer; then come back."""
            came_from = tab.url
            link.click()
            tab.wait_for_url("**/*.pdf")
            path = Path(urllib.parse.unquote(urllib.parse.urlparse(tab.url).path))
            assert path.is_file() and path.is_relative_to(offline_copy), tab.url
            tab.go_back()
            tab.wait_for_url(came_from)
            return path.read_bytes()

        tab.goto((offline_copy / "guides" / "index.html").as_uri())
        # The list of guides: each guide's PDF, then the guide's own page.
        item = tab.locator(".voices-guide-list li", has_text="Safe space session pack")
        assert pdf_behind(item.get_by_role("link", name="PDF (A4)", exact=True)) == \
            (offline_copy / "guides/safe-space-session-pack/safe-space-session-pack-a4.pdf") \
            .read_bytes()
        item.get_by_role("link", name="Safe space session pack").click()
        tab.wait_for_url("**/guides/safe-space-session-pack.html")
        assert tab.locator("h1").first.inner_text() == "Safe space session pack"
        tab.screenshot(path=str(ARTIFACTS / f"offline-guide-{width}.png"), full_page=True)
        files = tab.locator(".voices-guide-files")
        assert pdf_behind(files.get_by_role("link", name="Large print PDF (A4)")) \
            .startswith(b"%PDF-")
        # A story the pack names, and back.
        tab.get_by_role("link", name="Stakeholder").click()
        tab.wait_for_url("**/stories/im-not-a-stakeholder-im-his-mam.html")
        assert tab.locator("h1").first.inner_text() == "Stakeholder"
        tab.go_back()
        tab.wait_for_url("**/guides/safe-space-session-pack.html")
        # The print page, styled by its own style sheet, with its PDFs and a way back.
        files.get_by_role("link", name="Print page").click()
        tab.wait_for_url("**/guides/safe-space-session-pack/print/index.html")
        assert tab.locator("h1").inner_text() == "Safe space session pack"
        assert "This is the story of Slides" in tab.locator("main").inner_text()
        assert tab.evaluate("getComputedStyle(document.body).maxWidth") != "none"
        tab.screenshot(path=str(ARTIFACTS / f"offline-guide-print-{width}.png"))
        nav = tab.get_by_role("navigation", name="Guide")
        assert pdf_behind(nav.get_by_role("link", name="PDF (US Letter)")).startswith(b"%PDF-")
        nav.get_by_role("link", name="Back to the guide page").click()
        tab.wait_for_url("**/guides/safe-space-session-pack.html")
        # A card guide's page links each principle to its page.
        tab.goto((offline_copy / "guides" / "cards.html").as_uri())
        tab.locator(".voices-card").get_by_role("link", name="Respect").click()
        tab.wait_for_url("**/principles/respect.html")
        # Making a pack needs the website: offline the buttons stay hidden and the page says so.
        toggles = tab.locator(".voices-pack-toggle")
        assert toggles.count() > 0 and all(t.is_hidden() for t in toggles.all())
        tab.goto((offline_copy / "guides" / "my-pack.html").as_uri())
        assert "needs the website" in tab.locator("#voices-pack").inner_text()
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


def test_the_share_form_works_from_the_file_system(offline_copy: Path) -> None:
    """The form reads the checker's rules from a script in the offline copy (fetch() cannot
    read file:// pages), checks a story and makes its file, with no web request."""
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        tab = context.new_page()
        web_requests, errors = watch_for_trouble(tab)
        tab.goto((offline_copy / "share-form.html").as_uri())
        tab.wait_for_selector("#share-form:not([hidden])")
        assert "could not load its rules" not in tab.locator("body").inner_text()
        tab.click("#share-form [type=submit]")  # empty: the checker's rules answer
        tab.wait_for_selector("#share-errors:not([hidden])")
        assert tab.locator("#share-errors li").count() > 2
        assert web_requests == [] and errors == []
        context.close()


def test_the_website_publishes_the_offline_copy_and_the_guides_link_it(offline_copy: Path):
    root = offline_copy.parent.parent  # the archive the copy was built from
    config = root / "mkdocs.yml"
    web = config.read_text().replace("      offline: true\n",
                                     "      offline_copy: voices-offline.zip\n")
    (root / "web.yml").write_text(web)
    result = mkdocs_build(root, "-f", str(root / "web.yml"))
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert (site / "voices-offline.zip").read_bytes() == (root / "voices-offline.zip").read_bytes()
    guides = BeautifulSoup((site / "guides" / "index.html").read_text(), "html.parser")
    link = guides.select_one(".voices-offline-copy a[download]")
    assert link is not None and link["href"] == "../voices-offline.zip"


def test_the_zips_readme_is_in_the_sites_language(tmp_path: Path) -> None:
    """README.txt says how to open the copy in the language write_zip is given: the site's."""
    from voices.build.offline import write_zip

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html></html>")
    readmes = {}
    for language in ("en", "cy"):
        with zipfile.ZipFile(write_zip(tmp_path / "site", tmp_path / f"{language}.zip",
                                       language)) as z:
            readmes[language] = z.read("voices-offline/README.txt").decode("utf-8")
    assert readmes["en"].startswith("Voices: the offline copy of the story archive.\n\n")
    assert 'use "Find a story" instead.' in " ".join(readmes["en"].split())
    assert readmes["cy"].startswith("Voices: copi all-lein yr archif straeon.\n\n")
    assert "defnyddiwch “Dod o hyd i stori” yn lle hynny." in " ".join(readmes["cy"].split())
    assert "offline" not in readmes["cy"] and "browser" not in readmes["cy"]
    assert all(len(line) <= 78 for text in readmes.values() for line in text.splitlines())


def test_icons_stay_inline_in_pages_read_from_files(offline_copy: Path) -> None:
    """A file:// page may not draw another file's icons (adapter/icons.py): no shared file."""
    assert not (offline_copy / "assets" / "voices-icons.svg").exists()
    for page in (offline_copy / "index.html", offline_copy / "stories" / "alpha.html"):
        html = page.read_text(encoding="utf-8")
        assert "<use" not in html
        assert html.count('viewBox="0 0 24 24"><path d="M12 8a3 3') == 2  # the logo, twice
