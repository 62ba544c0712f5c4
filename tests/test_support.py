"""The support page: its list of services checked as data, rendered with links a phone can dial
or text, and linked from every content-notes box and from the footer of every page."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from browser import PHONE, chromium, serve
from bs4 import BeautifulSoup
from conftest import REPO, TODAY, mkdocs_build, story_text, write_archive
from test_build_safety import with_theme
from test_reach import with_field
from voices.core.archive import load_archive
from voices.core.problems import ERROR, WARNING
from voices.core.support import SUPPORT_FILE, load_support
from voices.site.pages import Renderer


def support_file(services: str) -> str:
    return f"---\ntitle: Support\nservices:\n{services}---\nIf you are in danger now, call 999.\n"


def problems_of(tmp_path: Path, text: str) -> list:
    root = write_archive(tmp_path, {SUPPORT_FILE: text})
    return [p for p in load_archive(root, TODAY).problems if p.path == SUPPORT_FILE]


def test_the_repository_lists_its_services_without_a_problem():
    services, problems = load_support(REPO)
    assert problems == []
    names = [s.name for s in services]
    assert "Samaritans" in names and "Shout" in names and "NHS 111" in names
    samaritans = services[names.index("Samaritans")]
    assert samaritans.tel == "tel:116123" and samaritans.hours
    shout = services[names.index("Shout")]
    assert shout.sms == "sms:85258?body=SHOUT" and not shout.phone


@pytest.mark.parametrize("services, rule, line, hint", [
    # Line 4 is the service's first line ("  - offers: ..."): the problem is the whole service.
    ("  - offers: Talk.\n    phone: \"116 123\"\n    hours: Always\n",
     "missing-name", 4, "Add 'name: ...'"),
    ("  - name: Line\n    offers: Talk.\n    hours: Always\n",
     "missing-contact", 4, "'phone: \"116 123\"'"),
    ("  - name: Line\n    offers: Talk.\n    phone: \"116 123\"\n",
     "missing-hours", 4, "when it is open"),
    # YAML reads an unquoted number as a number (and can change one: 0123 is 83).
    ("  - name: Line\n    offers: Talk.\n    phone: 111\n    hours: Always\n",
     "bad-value", 6, "Put the number in quotes"),
    ("  - name: Line\n    offers: Talk.\n    phone: \"0800-LISTEN\"\n    hours: Always\n",
     "bad-phone", 6, "only digits"),
    ("  - name: Line\n    offers: Talk.\n    text: \"Text SHOUT 85258\"\n    hours: Always\n",
     "bad-text", 6, "\"SHOUT to 85258\""),
    ("  - name: Line\n    offers: Talk.\n    phone: \"111\"\n    hours: Always\n"
     "    url: samaritans.org\n", "bad-url", 8, "https://"),
    ("  - Samaritans\n", "bad-service", 4, "'- name: ...'"),
])
def test_bad_service_data_is_an_error_at_its_line(tmp_path, services, rule, line, hint):
    problems = problems_of(tmp_path, support_file(services))
    assert [(p.rule, p.severity, p.line) for p in problems] == [(rule, ERROR, line)], problems
    assert hint in problems[0].hint
    assert problems[0].text().startswith(f"{SUPPORT_FILE}:{line}:")


def test_an_unknown_field_is_a_warning_with_a_suggestion(tmp_path):
    problems = problems_of(tmp_path, support_file(
        "  - name: Line\n    offers: Talk.\n    phnoe: \"116 123\"\n    text: \"85258\"\n"
        "    hours: Always\n"))
    assert [(p.rule, p.severity, p.line, p.col) for p in problems] == [
        ("unknown-field", WARNING, 6, 5)]
    assert "did you mean 'phone'?" in problems[0].hint


def test_a_support_page_must_list_services(tmp_path):
    problems = problems_of(tmp_path, "---\ntitle: Support\n---\nText.\n")
    assert [p.rule for p in problems] == ["missing-services"]
    problems = problems_of(tmp_path, "---\ntitle: Support\nservices: []\n---\nText.\n")
    assert [(p.rule, p.line) for p in problems] == [("missing-services", 3)]
    problems = problems_of(tmp_path, "---\ntitle: Support\nservices: Samaritans\n---\nText.\n")
    assert [(p.rule, p.line, p.col) for p in problems] == [("not-a-list", 3, 11)]


def test_markup_in_a_service_is_refused_as_in_any_front_matter(tmp_path):
    problems = problems_of(tmp_path, support_file(
        "  - name: <b>Line</b>\n    offers: Talk.\n    phone: \"111\"\n    hours: Always\n"))
    assert [(p.rule, p.line) for p in problems] == [("raw-html", 4)]


def test_an_archive_without_a_support_page_has_nothing_to_check(tmp_path):
    assert load_support(write_archive(tmp_path)) == ([], [])


def test_services_are_escaped_and_dial_or_text(tmp_path):
    root = write_archive(tmp_path, {SUPPORT_FILE: support_file(
        "  - name: Fish & Chips line\n    offers: \"Talk, 5 < 6.\"\n    phone: \"+44 116 123\"\n"
        "    text: \"HELLO to 85 258\"\n    hours: Always\n    url: https://example.org/help\n")})
    services = load_support(root)[0]
    html = Renderer(load_archive(root).archive).support(services)
    page = BeautifulSoup(html, "html.parser")
    assert "Fish &amp; Chips line" in html
    assert page.select_one("h3").get_text() == "Fish & Chips line"
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("a")}
    assert links == {"Call +44 116 123": "tel:+44116123", "Text HELLO to 85 258":
                     "sms:85258?body=HELLO", "example.org": "https://example.org/help"}


def _site(tmp_path_factory, offline: bool) -> Path:
    files = {SUPPORT_FILE: (REPO / "content" / "support.md").read_text(encoding="utf-8"),
             "stories/hard.md": with_field("content_notes: [self-harm]", "Hard"),
             "stories/plain.md": story_text("Plain")}
    root = with_theme(write_archive(tmp_path_factory.mktemp("support"), files, site=True))
    if offline:
        config = (root / "mkdocs.yml").read_text()
        (root / "mkdocs.yml").write_text(config.replace(
            "  - voices\n", "  - voices:\n      offline: true\n"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _site(tmp_path_factory, offline=False)


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _target(site: Path, page: str, href: str) -> Path:
    """The file a relative link from `page` leads to (a folder: its index.html)."""
    path = (site / page).parent / urllib.parse.unquote(href.split("#")[0])
    return (path / "index.html" if href.endswith("/") else path).resolve()


def test_support_page_shows_the_services_with_tel_and_sms_links(site):
    page = _page(site, "support/index.html")
    content = page.select_one("article.md-content__inner")
    text = content.get_text(" ", strip=True)
    assert text.index("call 999") < text.index("Stop reading") < text.index("Who you can contact")
    tel = {a["href"]: a.get_text(strip=True) for a in content.select('a[href^="tel:"]')}
    assert tel["tel:116123"] == "Call 116 123" and tel["tel:999"] == "call 999"
    assert tel["tel:0800585858"] == "Call 0800 58 58 58"
    sms = content.select('a[href^="sms:"]')
    assert [(a["href"], a.get_text(strip=True)) for a in sms] == [
        ("sms:85258?body=SHOUT", "Text SHOUT to 85258")]
    assert len(content.select(".voices-support-services > li")) == 6


def test_content_notes_link_to_the_support_page(site):
    story = _page(site, "stories/hard/index.html")
    links = story.select("details.voices-notice--content a")
    support = [a for a in links if "Support if this story" in a.get_text()]
    assert len(support) == 1
    assert _target(site, "stories/hard/index.html", support[0]["href"]) == \
        (site / "support" / "index.html").resolve()
    plain = _page(site, "stories/plain/index.html")  # no content notes: no box
    assert plain.select_one("details.voices-notice--content") is None


@pytest.mark.parametrize("page", ["index.html", "stories/hard/index.html",
                                  "stories/plain/index.html", "principles/respect/index.html",
                                  "support/index.html"])
def test_the_footer_of_every_page_links_to_the_support_page(site, page):
    link = _page(site, page).select_one(".md-footer .voices-support-link a")
    assert link is not None and "find support" in link.get_text()
    assert _target(site, page, link["href"]) == (site / "support" / "index.html").resolve()


def test_the_footer_link_and_the_numbers_are_reached_by_keyboard(site):
    """Tab alone reaches the service buttons and the footer's link, and focus shows on them."""
    with serve(site) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        tab = context.new_page()
        tab.goto(base + "support/")
        wanted = {"tel:116123", "sms:85258?body=SHOUT", "./"}  # "./": the footer, here
        reached = set()
        for _ in range(120):
            tab.keyboard.press("Tab")
            href = tab.evaluate("document.activeElement.getAttribute('href')")
            if href in wanted:
                reached.add(href)
                shown = tab.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
                    return s.outlineStyle !== 'none' || s.backgroundColor !== 'rgba(0, 0, 0, 0)';
                })()""")
                assert shown, href
            if reached == wanted:
                break
        context.close()
    assert reached == wanted


def test_200_percent_text_on_a_phone_needs_no_sideways_scrolling(site):
    with serve(site) as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        tab = context.new_page()
        tab.goto(base + "support/")
        tab.evaluate("document.documentElement.style.fontSize = '200%'")
        widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        context.close()
    assert widths[0] <= widths[1], widths


def test_the_404_page_links_to_support_from_the_site_root(site):
    link = _page(site, "404.html").select_one(".md-footer .voices-support-link a")
    assert link["href"] == "/support/"  # absolute: a server shows this page at any address


def test_offline_links_name_the_support_file(tmp_path_factory):
    site = _site(tmp_path_factory, offline=True)
    for page in ("index.html", "stories/hard.html", "support.html"):
        link = _page(site, page).select_one(".md-footer .voices-support-link a")
        assert _target(site, page, link["href"]) == (site / "support.html").resolve(), page
    notes = _page(site, "stories/hard.html").select("details.voices-notice--content a")
    assert [a["href"] for a in notes if "Support" in a.get_text()] == ["../support.html"]


def test_a_site_without_a_support_page_has_no_dead_footer_link(tmp_path_factory):
    root = with_theme(write_archive(tmp_path_factory.mktemp("nosupport"), site=True))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert _page(root / "site", "index.html").select_one(".voices-support-link") is None
