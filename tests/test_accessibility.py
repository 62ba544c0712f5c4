"""WCAG 2.2 AA, tested in real Chromium: axe-core on the main kinds of page at two widths, the
finder by keyboard alone, 200% text and reduced motion."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, PHONE, chromium, serve

PAGES = ["", "stories/welsh-first-in-the-chapel-vestry/", "principles/build-a-team/",
         "challenges/communication/", "matrix/", "finder/", "search/", "share-your-story/",
         "support/", "groups/", "resources/",
         "stories/no-signal-no-survey-still-here-on-thursdays/",  # a recording with captions
         "stories/forty-quid-in-supermarket-vouchers-easy-read/",  # easy read, with pictures
         "stories/forty-quid-in-supermarket-vouchers/",  # "What happened next", easy-read link
         "glossary/",  # Words explained, A to Z (test_glossary.py)
         "stories/im-not-a-stakeholder-im-his-mam/"]  # jargon linked to "Words used here"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                               "wcag22aa", "best-practice"]}}


@pytest.fixture(scope="module")
def site(default_site: Path):
    with serve(default_site) as base, chromium() as browser:
        yield base, browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violations(site, viewport) -> None:
    base, browser = site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    axe = Axe()
    found = {}
    for path in PAGES:
        page.goto(base + path)
        if path == "finder/":
            page.wait_for_selector("#voices-finder.voices-finder--js", state="attached")
        if path == "search/":
            page.fill(".pagefind-ui__search-input", "tea")
            page.wait_for_selector(".pagefind-ui__result")
        results = axe.run(page, options=WCAG)
        violations = results.response["violations"]
        if path == "finder/" and viewport == PHONE:  # and with its panel of filters open
            page.click("#voices-finder-toggle")
            page.wait_for_selector("#voices-finder-form", state="visible")
            violations += axe.run(page, options=WCAG).response["violations"]
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert found == {}


def test_finder_works_by_keyboard_alone(site) -> None:
    base, browser = site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "finder/")
    page.wait_for_selector("#voices-finder-form:not([hidden])")
    controls = page.eval_on_selector_all(
        "#voices-finder-form input, #voices-finder-form select, #voices-finder-form button",
        "els => els.map(e => e.id)")
    assert len(controls) > 20
    reached = []
    for _ in range(400):  # Tab through the whole page, operating each control as it comes
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        if focused in reached or focused not in controls:
            if reached and focused == "voices-finder-clear":
                break
            continue
        reached.append(focused)
        kind = page.evaluate("document.activeElement.type")
        if kind == "checkbox":
            page.keyboard.press("Space")
            assert page.evaluate("document.activeElement.checked")
            page.keyboard.press("Space")  # and untick, so the next box has stories to count
            assert not page.evaluate("document.activeElement.checked")
        elif kind == "select-one":
            page.keyboard.press("ArrowDown")
            assert page.evaluate("document.activeElement.selectedIndex") == 1
            assert "=" in page.url  # the choice is in the address
            page.keyboard.press("Home")
        elif focused == "voices-finder-clear":
            break
    assert set(reached) == set(controls)
    # The clear button works from the keyboard too.
    page.focus("#finder-year")
    page.keyboard.press("ArrowDown")
    assert "year=" in page.url
    page.focus("#voices-finder-clear")
    page.keyboard.press("Enter")
    assert "?" not in page.url
    assert page.locator("#voices-finder-status").text_content().startswith("Showing all")
    # Focus is always visible on the checkboxes (an outline wider than zero).
    page.focus("#finder-principle-build-a-team")
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    context.close()


@pytest.mark.parametrize("path", ["finder/", "stories/welsh-first-in-the-chapel-vestry/", "",
                                  "stories/forty-quid-in-supermarket-vouchers-easy-read/"])
def test_200_percent_text_needs_no_sideways_scrolling(site, path) -> None:
    base, browser = site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + path)
    # Through the CSSOM: the site's Content-Security-Policy rightly refuses an injected <style>.
    size = "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)"
    before = page.evaluate(size)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate(size) > 1.5 * before
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
    context.close()


def test_reduced_motion_turns_off_animation(site) -> None:
    base, browser = site
    context = browser.new_context(viewport=DESKTOP, reduced_motion="reduce")
    page = context.new_page()
    page.goto(base + "finder/")
    durations = page.evaluate("""[...document.querySelectorAll('*')].map(e => {
        const s = getComputedStyle(e); return [s.transitionDuration, s.animationName]; })""")
    assert all(a == "none" for _, a in durations)
    # Material animates its header, drawer and tabs; voices.css stops all of it on request.
    assert all(float(x.rstrip("s")) == 0 for t, _ in durations for x in t.split(", ")), \
        {t for t, _ in durations}
    context.close()
