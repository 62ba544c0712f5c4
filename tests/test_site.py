"""Real MkDocs builds: a small fixture archive whose HTML is parsed and every cross-link checked,
and the default archive built with --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, story_text, write_archive

STORIES = {
    "stories/alpha.md": story_text("Alpha", "[respect]", "[communication]"),
    "stories/beta.md": story_text("Beta", "[respect, relationships]", "[communication, fear]"),
    "stories/gamma.md": story_text("Gamma", "[relationships]", "[]"),
    "stories/print-only.md": story_text("Print only", "[respect]", "[fear]", scope="[print]"),
    "stories/gone.md": "---\nstatus: withdrawn\nwithdrawn: 2026-01-01\n---\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("site"), STORIES, site=True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return root / "site"


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def story_links(page: BeautifulSoup) -> list[str]:
    """Ids of the stories listed on a page, in order (resolved from relative links)."""
    return [a["href"].rstrip("/").split("/")[-1] for a in page.select("a.voices-story-title")]


def test_a_page_per_published_web_story(site):
    built = sorted(p.name for p in (site / "stories").iterdir() if (p / "index.html").exists())
    assert built == ["alpha", "beta", "gamma"]


def test_term_pages_list_exactly_their_published_stories(site):
    assert sorted(story_links(soup(site, "principles/respect"))) == ["alpha", "beta"]
    assert sorted(story_links(soup(site, "principles/relationships"))) == ["beta", "gamma"]
    assert sorted(story_links(soup(site, "challenges/communication"))) == ["alpha", "beta"]
    assert story_links(soup(site, "challenges/fear")) == ["beta"]
    assert "(2 stories)" in soup(site, "principles/respect").get_text()
    assert "(1 story)" in soup(site, "challenges/fear").get_text()


def test_story_page_links_to_its_terms_and_back(site):
    page = soup(site, "stories/beta")
    hrefs = {a["href"] for a in page.select("a.voices-tag")}
    assert hrefs == {"../../principles/respect/", "../../principles/relationships/",
                     "../../challenges/communication/", "../../challenges/fear/"}
    for href in hrefs:  # every link resolves to a built page
        assert (site / "stories" / "beta" / href / "index.html").resolve().exists()
    assert "Illustrative example" in page.get_text()
    story = page.select_one("article.voices-story").get_text().strip()
    assert story.startswith("This is the story")


def test_term_page_shows_questions_and_co_occurring_terms(site):
    page = soup(site, "principles/respect")
    assert [li.get_text() for li in page.select(".voices-questions li")] == [
        "What does Respect mean to you?", "When did you last see it?"]
    shared = [li.get_text(" ", strip=True) for li in page.select(".voices-shared li")]
    assert shared == ["Communication (2 stories)", "Fear (1 story)"]


def test_matrix_counts_and_cells_lead_to_stories(site):
    page = soup(site, "matrix")
    cells = {a["href"]: a.get_text() for a in page.select("td a")}
    assert cells == {"respect/communication/": "2", "respect/fear/": "1",
                     "relationships/communication/": "1", "relationships/fear/": "1"}
    assert sorted(story_links(soup(site, "matrix/respect/communication"))) == ["alpha", "beta"]


def test_stories_index_and_related(site):
    assert sorted(story_links(soup(site, "stories"))) == ["alpha", "beta", "gamma"]
    related = soup(site, "stories/alpha").select(".voices-related a.voices-story-title")
    assert related and related[0]["href"] == "../beta/"


def test_nothing_of_withdrawn_or_print_only_stories_on_the_web(site):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "print-only" not in text and "Print only" not in text, path


def test_navigation_never_lists_stories(site):
    nav = soup(site, "stories/alpha").select_one("nav.md-nav--primary")
    assert nav is not None and "Alpha" not in nav.get_text() and "Beta" not in nav.get_text()


def test_home_has_cards_and_recent_stories(site):
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = [a.get_text() for a in page.select(".voices-card a")]
    assert cards == ["Respect", "Relationships", "Communication", "Fear"]
    assert sorted(story_links(page)) == ["alpha", "beta", "gamma"]


def test_build_refuses_a_misspelled_principle(tmp_path):
    root = write_archive(tmp_path, {"stories/typo.md": story_text("Typo", "[respekt]")}, site=True)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "stories/typo.md:6:14: error: The principle 'respekt' does not exist." in result.stderr
    assert "Did you mean 'respect'?" in result.stderr
    assert not (root / "site" / "index.html").exists()


def test_default_archive_builds_strict_without_warnings(default_site):
    assert (default_site / "index.html").exists()
    stories = [p for p in (default_site / "stories").iterdir() if (p / "index.html").exists()]
    assert len(stories) >= 24
