"""Stories first: the home page's first screen on a phone holds ways into the stories and a
story; the essay about the network lives on About."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from browser import DESKTOP, PHONE, chromium, serve


def test_a_phones_first_screen_holds_ways_in_and_a_story(default_site: Path) -> None:
    with serve(default_site) as base, chromium() as browser:
        for viewport in (PHONE, DESKTOP):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            page.goto(base)
            height = viewport["height"]
            ways = page.locator(".voices-ways-in a")
            assert ways.count() == 4
            for i in range(4):
                box = ways.nth(i).bounding_box()
                assert box and box["y"] + box["height"] <= height, (viewport, i)
            story = page.locator(".voices-story-item").first.bounding_box()
            assert story and story["y"] < height - 40, viewport  # its title at least
            context.close()


def test_cards_help_a_reader_choose_and_the_essay_is_on_about(default_site: Path) -> None:
    home = BeautifulSoup((default_site / "index.html").read_text(), "html.parser")
    item = home.select_one(".voices-story-item")
    byline = item.select_one(".voices-byline").get_text(" ", strip=True)
    assert "min read" in byline and "·" in byline  # teller, perspective, reading time
    assert item.select_one(".voices-summary").get_text(strip=True)
    headings = [h.get_text(strip=True) for h in home.select("h2")]
    assert headings[0] == "Stories to start with" and "Who we are" not in headings
    links = {a["href"] for a in home.select(".voices-ways-in a")}
    assert links == {"principles/", "challenges/", "perspectives/", "finder/"}
    about = BeautifulSoup((default_site / "about" / "index.html").read_text(), "html.parser")
    assert "Who we are" in [h.get_text(strip=True) for h in about.select("h2")]
