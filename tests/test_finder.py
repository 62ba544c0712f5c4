"""The story finder: its JSON index (plain Python) and the page, filtered in real Chromium."""

from __future__ import annotations

import json
from pathlib import Path

from browser import DESKTOP, chromium, serve
from bs4 import BeautifulSoup
from conftest import TODAY, story_text, write_archive
from voices.core.archive import load_archive
from voices.site.finder import finder_index, finder_json, page_context


def _archive(tmp_path: Path):
    root = write_archive(tmp_path / "a", {
        "stories/alpha.md": story_text("Alpha", principles="[respect]", challenges="[fear]"),
        "stories/beta.md": story_text("Beta", principles="[relationships]"),
        "stories/print-only.md": story_text("Print only", scope="[print]"),
        "stories/gone.md": story_text("Gone", status="withdrawn"),
    })
    loaded = load_archive(root, today=TODAY)
    assert loaded.ok, [p.text() for p in loaded.problems]
    return loaded.archive


def test_index_holds_only_web_stories_compactly_and_deterministically(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    text = finder_json(archive)
    data = json.loads(text)
    assert [s["id"] for s in data["stories"]] == [s.id for s in archive.web]
    assert {s["id"] for s in data["stories"]} == {"alpha", "beta"}  # not print-only, not withdrawn
    alpha = next(s for s in data["stories"] if s["id"] == "alpha")
    # Empty lists (content notes here) are left out: every byte counts at 10,000 stories.
    assert alpha == {"id": "alpha", "p": ["respect"], "c": ["fear"], "v": ["lived-experience"],
                     "l": "leeds", "y": 2024}
    assert ": " not in text and ", " not in text  # compact separators
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False)
    assert finder_json(_archive(tmp_path / "again")) == text  # same input, same bytes
    assert finder_index(archive)["version"] == 1


def test_page_context_counts_and_leaves_out_unused_options(tmp_path: Path) -> None:
    ctx = page_context(_archive(tmp_path))
    assert ctx["counts"]["principle"] == {"respect": 1, "relationships": 1}
    assert ctx["counts"]["year"] == {"2024": 2}
    assert list(ctx["perspectives"]) == ["lived-experience"]
    assert ctx["notes"] == {}
    assert ctx["places"] == {"leeds": "Leeds"}


def test_page_lists_every_story_with_tags_without_javascript(default_site: Path) -> None:
    html = (default_site / "finder" / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    items = soup.select("#voices-finder-results > li[data-id]")
    index = json.loads((default_site / "finder" / "index.json").read_text())
    assert [li["data-id"] for li in items] == [s["id"] for s in index["stories"]]
    assert len(items) == len(list((default_site / "stories").glob("*/index.html")))
    assert all(li.select(".voices-tag") for li in items)
    assert soup.select_one("#voices-finder-form").has_attr("hidden")  # shown by the script only
    assert soup.select_one("#voices-finder-status")["aria-live"] == "polite"
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert any(s.endswith("assets/finder.js") for s in scripts)


def _visible(page) -> list[str]:
    return page.eval_on_selector_all("#voices-finder-results > li:not([hidden])",
                                     "els => els.map(e => e.dataset.id)")


def test_filters_combine_live_in_the_url_and_follow_the_back_button(default_site: Path) -> None:
    index = json.loads((default_site / "finder" / "index.json").read_text())["stories"]
    team = {s["id"] for s in index if "build-a-team" in s.get("p", [])}
    team_not_comm = {s["id"] for s in index
                     if "build-a-team" in s.get("p", []) and "communication" in s.get("c", [])}
    assert 0 < len(team_not_comm) < len(team) < len(index)
    with serve(default_site) as base, chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base + "finder/")
        page.wait_for_selector("#voices-finder-form:not([hidden])")
        status = page.locator("#voices-finder-status")
        assert status.text_content() == f"Showing all {len(index)} stories."
        page.check("#finder-principle-build-a-team")
        assert set(_visible(page)) == team
        assert page.url.endswith("/finder/?principle=build-a-team")
        assert status.text_content() == f"Showing {len(team)} of {len(index)} stories."
        # The count beside a challenge is how many stories it would show with this principle.
        comm = page.locator('.voices-finder-n[data-facet="challenge"][data-value="communication"]')
        assert comm.text_content() == f"({len(team_not_comm)})"
        page.check("#finder-challenge-communication")
        assert set(_visible(page)) == team_not_comm
        assert "principle=build-a-team" in page.url and "challenge=communication" in page.url
        shared = page.url
        page.go_back()
        page.wait_for_function("!document.querySelector('#finder-challenge-communication').checked")
        assert set(_visible(page)) == team
        page.go_back()
        page.wait_for_function("!document.querySelector('#finder-principle-build-a-team').checked")
        assert len(_visible(page)) == len(index)
        # A shared link opens with its choices made.
        page.goto(shared)
        page.wait_for_selector("#voices-finder-form:not([hidden])")
        assert page.is_checked("#finder-challenge-communication")
        assert set(_visible(page)) == team_not_comm
        context.close()


def test_exclusions_place_year_and_the_empty_message(default_site: Path) -> None:
    index = json.loads((default_site / "finder" / "index.json").read_text())["stories"]
    noted = [s for s in index if s.get("n")]
    note = noted[0]["n"][0]
    left = {s["id"] for s in index if note not in s.get("n", [])}
    place = index[0]["l"]
    year = str(index[-1]["y"])
    with serve(default_site) as base, chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base + "finder/?exclude=" + note)
        page.wait_for_selector("#voices-finder-form:not([hidden])")
        assert set(_visible(page)) == left
        page.select_option("#finder-place", place)
        assert set(_visible(page)) == {s["id"] for s in index
                                       if s["id"] in left and s.get("l") == place}
        page.click("#voices-finder-clear")
        assert len(_visible(page)) == len(index) and "?" not in page.url
        page.select_option("#finder-year", year)
        assert set(_visible(page)) == {s["id"] for s in index if str(s["y"]) == year}
        assert page.is_hidden("#voices-finder-empty")
        page.goto(base + f"finder/?year={year}&place=nowhere-at-all")
        page.wait_for_selector("#voices-finder-form:not([hidden])")
        assert page.input_value("#finder-place") == ""  # an unknown place is ignored
        pairs = {(s.get("l"), str(s["y"])) for s in index}
        lone = next((p, y) for p in sorted({s.get("l") for s in index if s.get("l")})
                    for y in sorted({str(s["y"]) for s in index}) if (p, y) not in pairs)
        page.goto(base + f"finder/?place={lone[0]}&year={lone[1]}")
        page.wait_for_selector("#voices-finder-form:not([hidden])")
        assert _visible(page) == [] and page.is_visible("#voices-finder-empty")
        assert page.locator("#voices-finder-status").text_content() == \
            f"Showing 0 of {len(index)} stories."
        context.close()
