"""The principle x challenge matrix as a heat map: a real table whose cells darken with their
count, every shade readable (4.5:1, measured from computed styles in Chromium), and nothing cut
off at 1280 or 390 px."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, chromium, serve
from bs4 import BeautifulSoup
from test_search import until


def _rgb(text: str) -> tuple[float, ...]:
    parts = [float(x) for x in re.findall(r"[\d.]+", text)]
    assert len(parts) == 3 or (len(parts) == 4 and parts[3] == 1), text  # opaque colours only
    return tuple(parts[:3])


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_is_computed_the_wcag_way() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)"), 2) == 4.54


def test_matrix_is_a_table_with_headers_and_levels(default_site: Path) -> None:
    soup = BeautifulSoup((default_site / "matrix" / "index.html").read_text(), "html.parser")
    table = soup.select_one("table.voices-matrix")
    assert table.caption.get_text(strip=True) == "Stories by principle and challenge"
    assert len(table.select('thead th[scope="col"]')) == 6
    assert len(table.select('tbody th[scope="row"]')) == 6
    cells = table.select("tbody td")
    assert len(cells) == 36
    counts = [int(td.get_text(strip=True)) for td in cells]
    levels = [int(next(c for c in td["class"] if c.startswith("voices-heat-"))[-1])
              for td in cells]
    most = max(counts)
    for n, level in zip(counts, levels):  # a quarter of the biggest count per step
        assert level == (0 if n == 0 else -(-4 * n // most)), (n, level)
    assert levels[counts.index(most)] == 4 and len(set(levels)) >= 3
    wrap = soup.select_one(".voices-matrix-wrap")
    assert wrap["role"] == "region" and wrap["tabindex"] == "0" and wrap["aria-label"]
    # The key names each shade's counts, and covers every count from 1 to the biggest.
    key = [li.get_text(strip=True) for li in soup.select(".voices-matrix-key li")]
    assert key[0] == "0"
    covered = set()
    for text in key[1:]:
        low, _, high = text.partition("–")
        covered |= set(range(int(low), int(high or low) + 1))
    assert covered == set(range(1, most + 1))


@pytest.fixture(scope="module")
def site(default_site: Path):
    with serve(default_site) as base, chromium() as browser:
        yield base, browser


MEASURE = """() => {
  const wrap = document.querySelector('.voices-matrix-wrap');
  const box = wrap.getBoundingClientRect();
  const cells = [...wrap.querySelectorAll('th, td')].map(c => c.getBoundingClientRect());
  const heads = [...wrap.querySelectorAll('th')];
  return {
    page: [document.documentElement.scrollWidth, window.innerWidth],
    wrap: [wrap.scrollWidth, wrap.clientWidth],
    right: Math.max(...cells.map(r => r.right)), wrapRight: box.right,
    cue: getComputedStyle(document.querySelector('.voices-matrix-cue')).display,
    headFont: Math.min(...heads.map(h => parseFloat(getComputedStyle(h).fontSize))),
    // Headings wrap between words, never inside one: each word sits on a single line.
    brokenWords: heads.flatMap(h => {
      const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
      const broken = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of node.data.matchAll(/\\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          if (range.getClientRects().length > 1) broken.push(m[0]);
        }
      }
      return broken;
    }),
    sticky: getComputedStyle(wrap.querySelector('tbody th')).position,
  };
}"""


def test_nothing_overflows_at_1280(site) -> None:
    base, browser = site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "matrix/")
    m = page.evaluate(MEASURE)
    context.close()
    assert m["page"][0] <= m["page"][1], m
    assert m["wrap"][0] <= m["wrap"][1], m  # the table fits its box: no column cut off
    assert m["right"] <= m["wrapRight"] + 0.5, m
    assert m["cue"] == "none"  # no talk of sliding where nothing slides
    assert m["brokenWords"] == [], m
    assert m["headFont"] >= 12


def test_readable_at_390(site) -> None:
    base, browser = site
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base + "matrix/")
    m = page.evaluate(MEASURE)
    assert m["page"][0] <= m["page"][1], m  # the page itself never scrolls sideways
    assert m["headFont"] >= 12 and m["brokenWords"] == [], m
    if m["wrap"][0] > m["wrap"][1]:  # the table slides inside its box: then say so, and
        assert m["cue"] != "none"  # keep the principles in view while it slides
        assert m["sticky"] == "sticky"
        wrap = page.locator(".voices-matrix-wrap")
        wrap.focus()  # reachable by keyboard, and the arrow keys move it
        page.keyboard.press("ArrowRight")
        until(page, "document.querySelector('.voices-matrix-wrap').scrollLeft > 0")
        last = page.locator("thead th").last
        last.scroll_into_view_if_needed()
        assert last.is_visible()
        box = last.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_shade_meets_4_5_to_1_with_its_text(site, viewport) -> None:
    base, browser = site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base + "matrix/")
    pairs = page.evaluate("""() => [...document.querySelectorAll(
        '.voices-matrix td > *, .voices-matrix-key li')].map(e => {
          const cell = e.closest('td') || e;
          return [cell.className, getComputedStyle(cell).backgroundColor,
                  getComputedStyle(e).color, e.textContent.trim()];
        })""")
    context.close()
    shades = {}
    for level, background, colour, text in pairs:
        ratio = contrast(background, colour)
        assert ratio >= 4.5, (level, background, colour, text, round(ratio, 2))
        shades.setdefault(level, set()).add(background)
    assert all(len(found) == 1 for found in shades.values()), shades  # one shade per level
    darkness = [_luminance(_rgb(next(iter(shades[f"voices-heat-{n}"])))) for n in range(5)
                if f"voices-heat-{n}" in shades]
    assert len(darkness) >= 4 and darkness == sorted(darkness, reverse=True)  # more is darker
