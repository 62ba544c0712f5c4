"""'Make your own pack': readers add stories and questions while they browse
(adapter/theme/assets/pack.js), then print them from guides/my-pack/. Tested in real Chromium
against the default site: by keyboard alone, printed to PDF, with axe-core, and without
JavaScript."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, PHONE, chromium, serve
from conftest import REPO
from pypdf import PdfReader

FIRST = "eighteen-months-a-biscuit-tin-and-no-plan-for-the-ending"  # has content notes
SECOND = "welsh-first-in-the-chapel-vestry"
TERM = "principles/build-a-team/"
PACK = "guides/my-pack/"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                               "wcag22aa", "best-practice"]}}


def _words(story_id: str, start: int, n: int = 8) -> str:
    """Some words of a story's text, as a reader sees them (emphasis marks dropped)."""
    body = (REPO / "stories" / f"{story_id}.md").read_text().split("---", 2)[2]
    words = body.replace("*", "").replace("_", "").split()
    return " ".join(words[start:start + n] if start + n else words[start:])


def _questions(term_md: str) -> list[str]:
    head = (REPO / term_md).read_text().split("---", 2)[1]
    return [q.strip() for q in re.findall(r"^  - (.+)$", head, re.MULTILINE)]


def _pdf_pages(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def site(default_site: Path):
    with serve(default_site) as base, chromium() as browser:
        yield base, browser


def _tab_to(page, selector: str, nth: int = 0, limit: int = 200) -> None:
    """Press Tab until the nth element matching selector has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("([s, n]) => document.activeElement === document.querySelectorAll(s)[n]",
                         [selector, nth]):
            return
    raise AssertionError(f"Tab never reached {selector} #{nth}")


def _fill_pack(page, base: str) -> None:
    """Two stories and two questions, all by keyboard; checks each button as it goes."""
    for story, key in ((FIRST, "Enter"), (SECOND, "Space")):
        page.goto(f"{base}stories/{story}/")
        _tab_to(page, ".voices-pack-toggle")
        assert page.get_attribute(".voices-pack-toggle", "aria-pressed") == "false"
        page.keyboard.press(key)
        assert page.get_attribute(".voices-pack-toggle", "aria-pressed") == "true"
        assert "In my pack" in page.inner_text(".voices-pack-toggle")
    assert "2 items" in page.inner_text(".md-content [role=status]")
    page.goto(base + TERM)
    for nth in (0, 2):
        _tab_to(page, ".voices-pack-toggle", nth)
        page.keyboard.press("Space")
    pressed = page.eval_on_selector_all(".voices-pack-toggle",
                                        "bs => bs.map(b => b.getAttribute('aria-pressed'))")
    assert pressed[:3] == ["true", "false", "true"]
    assert "4 items" in page.inner_text(".md-content [role=status]")
    assert "4 items" in page.inner_text(".voices-pack-open")


def _open_pack(page, base: str, stories: int) -> None:
    page.goto(base + PACK)
    page.wait_for_function(
        "n => document.querySelectorAll('.voices-pack-story article.voices-story').length === n",
        arg=stories)


def _order(page) -> list[str]:
    return page.eval_on_selector_all(
        "#voices-pack-list > li", "lis => lis.map(li => (li.querySelector('h2') "
        "|| li.querySelector('.voices-pack-question')).textContent.trim())")


def test_pack_by_keyboard_then_print(site, tmp_path) -> None:
    base, browser = site
    questions = _questions("principles/build-a-team.md")
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []  # a blocked script or style (the CSP) shows up here
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    _fill_pack(page, base)

    _open_pack(page, base, stories=2)
    assert _order(page) == ["Eighteen months, a biscuit tin and no plan for the ending",
                            "Welsh first in the chapel vestry", questions[0], questions[2]]
    text = page.inner_text("#voices-pack-list")
    assert _words(FIRST, 0) in text and _words(SECOND, 0) in text
    assert "Content notes: Bereavement" in text
    assert "4 items: 2 stories and 2 questions" in page.inner_text("#voices-pack-status")
    assert page.locator("#voices-pack-list [id]").count() == 0  # no duplicate ids from pages

    # Remove the first question by keyboard: the new count is announced and the focus stays put.
    _tab_to(page, "#voices-pack-list [data-pack-action=remove]", 2)
    page.keyboard.press("Enter")
    assert _order(page)[2:] == [questions[2]]
    status = page.inner_text("#voices-pack-status")
    assert "Removed the question" in status and "3 items: 2 stories and 1 question" in status
    assert page.evaluate("document.activeElement.dataset.packAction") == "remove"

    # Move the Welsh story to the top; the order is kept in the browser and survives a reload.
    _tab_to(page, "#voices-pack-list [data-pack-action=up]", 1)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.packAction") == "down"
    _open_pack(page, base, stories=2)
    assert _order(page)[:2] == ["Welsh first in the chapel vestry",
                                "Eighteen months, a biscuit tin and no plan for the ending"]

    page.emulate_media(media="print")
    pages = _pdf_pages(page.pdf(format="A4", print_background=True))
    context.close()
    assert errors == []
    whole = " ".join(pages)
    for kept in (_words(SECOND, 0), _words(FIRST, 0), _words(FIRST, -6, 6), questions[2],
                 "Content notes: Bereavement", "Told by", "Please look after yourself"):
        assert kept in whole, kept
    for gone in ("Skip to content", "What cocreation is", "Made with", "Print my pack", "Move up",
                 "Remove", "Stories belong to their storytellers", questions[0]):
        assert gone not in whole, gone
    # Each story starts a new page: the page where the second one begins holds none of the first.
    second = next(i for i, p in enumerate(pages) if "Eighteen months, a biscuit tin" in p)
    assert second > 0 and "Welsh" not in pages[second]
    assert _words(SECOND, 0) not in pages[second]


def test_pack_page_and_story_button_pass_axe(site) -> None:
    base, browser = site
    found = {}
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _fill_pack(page, base)
        axe = Axe()
        for path, ready in ((f"stories/{FIRST}/", ".voices-pack-toggle:not([hidden])"),
                            (TERM, ".voices-pack-toggle:not([hidden])"),
                            (PACK, ".voices-pack-story article.voices-story")):
            page.goto(base + path)
            page.wait_for_selector(ready)
            page.wait_for_load_state("networkidle")
            violations = axe.run(page, options=WCAG).response["violations"]
            if violations:
                found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                               for v in violations]
            # Targets are at least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8).
            sizes = page.eval_on_selector_all(
                ".voices-pack-toggle, #voices-pack button", "bs => bs.map(b => "
                "b.getBoundingClientRect()).map(r => Math.min(r.width, r.height))")
            assert sizes and min(sizes) >= 24, (path, sizes)
        context.close()
    assert found == {}


def test_without_javascript_nothing_shows_and_the_page_says_why(site) -> None:
    base, browser = site
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}stories/{FIRST}/")
    assert not page.is_visible(".voices-pack-toggle")
    page.goto(base + TERM)
    assert page.locator(".voices-pack-toggle").count() == len(_questions(
        "principles/build-a-team.md"))
    assert not any(page.is_visible(f".voices-pack-toggle >> nth={i}") for i in range(4))
    page.goto(base + PACK)
    assert "needs JavaScript" in page.inner_text(".voices-pack-nojs")
    assert page.is_visible("a[href='../cards/']")
    assert not page.is_visible("#voices-pack")
    context.close()


def test_a_damaged_or_foreign_pack_is_ignored(site) -> None:
    """What is in localStorage is never trusted: only stories of this site, by checked id."""
    base, browser = site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + PACK)
    page.evaluate("""() => localStorage.setItem('voices-pack', JSON.stringify({version: 1, items: [
        {kind: 'story', id: '../../evil', title: 'x'},
        {kind: 'story', id: 'no-such-story', title: 'Gone'},
        {kind: 'question', id: 'principles/build-a-team/1', title: 'Build a team',
         text: '<img src=x onerror=alert(1)>'}]}))""")
    page.reload()
    page.wait_for_selector(".voices-pack-missing")
    assert _order(page) == ["Gone", "<img src=x onerror=alert(1)>"]
    assert page.locator("#voices-pack-list img").count() == 0
    assert "no longer on the site" in page.inner_text(".voices-pack-missing")
    page.evaluate("localStorage.setItem('voices-pack', '{not json')")
    page.reload()
    assert page.is_visible("#voices-pack-empty")
    assert "Your pack is empty" in page.inner_text("#voices-pack-status")
    context.close()


def test_the_pack_page_is_not_a_guide(default_site) -> None:
    """guides/my-pack.md is a page of the site, not a guide: no print page or PDFs of its own."""
    from voices.core.guides import guide_files

    assert "my-pack.md" not in [p.name for p in guide_files(REPO)]
    assert (default_site / "guides" / "my-pack" / "index.html").is_file()
    assert sorted(p.name for p in (default_site / "guides" / "my-pack").iterdir()) == ["index.html"]
    # The buttons are in the HTML but hidden, and add no words to a question's text.
    html = (default_site / "principles" / "build-a-team" / "index.html").read_text()
    question = _questions("principles/build-a-team.md")[0]
    assert f"<li>{question}<button type=\"button\" class=\"voices-pack-toggle\"" in html


def test_print_button_prints_and_clear_empties_the_pack(site) -> None:
    base, browser = site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{base}stories/{SECOND}/")
    page.click(".voices-pack-toggle")
    _open_pack(page, base, stories=1)
    page.evaluate("window.printed = 0; addEventListener('beforeprint', () => window.printed++)")
    page.click("#voices-pack-print")
    page.wait_for_function("window.printed === 1")
    page.once("dialog", lambda d: d.accept())
    page.click("#voices-pack-clear")
    assert page.inner_text("#voices-pack-status") == "Your pack is empty."
    assert page.evaluate("document.activeElement.id") == "voices-pack-empty"
    assert page.is_disabled("#voices-pack-print")
    page.goto(f"{base}stories/{SECOND}/")
    assert page.get_attribute(".voices-pack-toggle", "aria-pressed") == "false"
    context.close()
