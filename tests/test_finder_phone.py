"""The story finder on a phone, without JavaScript and on paper: the stories come first and the
filters wait behind one button; a browser without scripts is told what works and given a page per
topic; printing gives the stories, not the form."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, chromium, serve
from bs4 import BeautifulSoup
from conftest import TODAY, story_text, write_archive
from voices.core.archive import load_archive
from voices.site.finder import page_context, ways_in

TICK = "Tick as many boxes"


def test_ways_in_are_plain_data_with_counts(tmp_path: Path) -> None:
    root = write_archive(tmp_path / "a", {
        "stories/alpha.md": story_text("Alpha", principles="[respect]", challenges="[fear]"),
        "stories/beta.md": story_text("Beta", principles="[respect, relationships]",
                                      challenges="[fear]"),
        "stories/print-only.md": story_text("Print only", scope="[print]"),
    })
    loaded = load_archive(root, today=TODAY)
    assert loaded.ok, [p.text() for p in loaded.problems]
    ways = ways_in(loaded.archive)
    assert ways["principles"] == [("principles/respect.md", "Respect", 2),
                                  ("principles/relationships.md", "Relationships", 1)]
    assert ways["challenges"] == [("challenges/communication.md", "Communication", 0),
                                  ("challenges/fear.md", "Fear", 2)]
    assert ("perspectives/lived-experience.md", "Lived experience", 2) in ways["perspectives"]
    # Only the cells with stories, grouped by principle; the print-only story counts nowhere.
    assert ways["cells"] == [("Respect", [("matrix/respect/fear.md", "Fear", 2)]),
                             ("Relationships", [("matrix/relationships/fear.md", "Fear", 1)])]
    # The page's context is data (Draft.key() digests it): it pickles, and holds no function.
    context = page_context(loaded.archive)
    assert context["ways"] == ways
    assert pickle.loads(pickle.dumps(context["ways"])) == ways


@pytest.fixture(scope="module")
def site(default_site: Path):
    with serve(default_site) as base, chromium() as browser:
        yield base, browser


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_phone_shows_stories_first_and_filters_behind_one_button(site, default_site) -> None:
    index = json.loads((default_site / "finder" / "index.json").read_text())["stories"]
    respect = [s for s in index if "give-each-other-respect" in s.get("p", [])]
    assert 0 < len(respect) < len(index)
    base, browser = site
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + "finder/")
    page.wait_for_selector("#voices-finder.voices-finder--js", state="attached")
    toggle = page.locator("#voices-finder-toggle")
    first_story = page.locator("#voices-finder-results > li").first
    # A story is on the first screen, and no filter is shown before it.
    assert first_story.is_visible() and first_story.bounding_box()["y"] < PHONE["height"]
    assert not page.is_visible("#voices-finder-form")
    assert not page.is_visible("fieldset") and not page.get_by_text(TICK).is_visible()
    assert _top(page, "#voices-finder-toggle") < first_story.bounding_box()["y"]
    assert toggle.text_content().split() == ["Filters", "·", str(len(index)), "stories"]
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "voices-finder-panel"
    # Its name is words only: no dot, no arrow read out.
    name = re.compile(rf"^Filters\s+{len(index)} stories$")
    assert page.get_by_role("button", name=name).count() == 1
    assert page.evaluate("document.getElementById('voices-finder-toggle').tagName") == "BUTTON"
    box = toggle.bounding_box()
    assert box["height"] >= 44 and box["width"] > 300  # easy to tap

    # Open: the form shows; ticking a box counts it on the button.
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.is_visible("#voices-finder-form") and page.get_by_text(TICK).is_visible()
    page.check("#finder-principle-give-each-other-respect")
    assert re.sub(r"\s+", " ", toggle.text_content()).strip() == \
        f"Filters (1) · {len(respect)} {'story' if len(respect) == 1 else 'stories'}"
    assert page.locator("#voices-finder-done").text_content() == f"Show {len(respect)} stories"
    assert "Give each other respect" in page.locator("#voices-finder-choices").text_content()

    # Escape, from a box in the panel, closes it and puts focus back on the button.
    page.focus("#finder-challenge-communication")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("#voices-finder-form")
    assert page.evaluate("document.activeElement.id") == "voices-finder-toggle"
    # What is chosen stays in words while the panel is closed.
    assert page.is_visible("#voices-finder-choices")

    # The keyboard opens it again; "Show ... stories" at its end closes it.
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.click("#voices-finder-done")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "voices-finder-toggle"
    visible = page.eval_on_selector_all("#voices-finder-results > li:not([hidden])",
                                        "els => els.map(e => e.dataset.id)")
    assert set(visible) == {s["id"] for s in respect}
    assert page.evaluate("[document.documentElement.scrollWidth, innerWidth]")[0] <= PHONE["width"]
    context.close()


def test_wide_screen_keeps_the_filters_beside_the_stories(site) -> None:
    base, browser = site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "finder/")
    page.wait_for_selector("#voices-finder-form:not([hidden])")
    assert not page.is_visible("#voices-finder-toggle")
    assert not page.is_visible("#voices-finder-done")
    form = page.locator("#voices-finder-form").bounding_box()
    results = page.locator("#voices-finder-results").bounding_box()
    assert form["x"] + form["width"] <= results["x"]  # side by side, filters first
    assert form["y"] < results["y"] + results["height"] and results["y"] < form["y"] + 400
    assert page.evaluate("[document.documentElement.scrollWidth, innerWidth]")[0] <= 1280
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_without_javascript_the_page_says_what_works(site, default_site, viewport) -> None:
    base, browser = site
    context = browser.new_context(viewport=viewport, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "finder/")
    note = page.locator("#voices-finder-nojs")
    assert note.is_visible()
    assert "listed below" in note.text_content() and "JavaScript" in note.text_content()
    assert not page.get_by_text(TICK).is_visible()
    assert not page.is_visible("#voices-finder-toggle") and not page.is_visible("form")
    first_story = page.locator("#voices-finder-results > li").first
    assert first_story.is_visible()
    # The note's link leads to the pages by topic, after the stories.
    page.click("#voices-finder-nojs a")
    assert page.url.endswith("#voices-finder-ways")
    assert _top(page, "#voices-finder-ways") > _top(page, "#voices-finder-results > li:last-child")
    links = page.eval_on_selector_all("#voices-finder-ways a",
                                      "els => els.map(e => e.getAttribute('href'))")
    context.close()

    # Every principle, challenge and perspective page, and every matrix cell with stories.
    def built(folder: str) -> set[str]:
        pages = (default_site / folder).glob("*/index.html")
        return {f"../{folder}/{p.parent.name}/" for p in pages}

    matrix = BeautifulSoup((default_site / "matrix" / "index.html").read_text(), "html.parser")
    cells = {"../matrix/" + a["href"].removeprefix("./")
             for a in matrix.select("table.voices-matrix td a")}
    assert cells and all(href.count("/") == 4 for href in cells)
    wanted = built("principles") | built("challenges") | built("perspectives") | cells
    assert len(built("principles")) == 6 and len(built("challenges")) == 6
    assert set(links) == wanted and len(links) == len(wanted)


def test_print_gives_the_stories_not_the_form(site) -> None:
    base, browser = site
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base + "finder/?principle=give-each-other-respect")
        page.wait_for_selector("#voices-finder.voices-finder--js", state="attached")
        if viewport is PHONE:  # even with the panel left open
            page.click("#voices-finder-toggle")
        page.emulate_media(media="print")
        for hidden in ("#voices-finder-form", "#voices-finder-toggle", "fieldset",
                       "#voices-finder-ways", "#voices-finder-nojs"):
            assert not page.is_visible(hidden), hidden
        assert page.is_visible("#voices-finder-results > li:not([hidden])")
        assert page.locator("#voices-finder-choices").text_content() == \
            "Chosen: Principles: Give each other respect."
        text = page.locator("article, .md-content").first.inner_text()
        assert TICK not in text and "Showing " in text
        context.close()
