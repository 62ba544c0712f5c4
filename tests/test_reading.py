"""Reading level in plain words: offline, deterministic, English only, shown on story pages."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from voices.site.reading import BANDS, flesch_reading_ease, reading_level, syllables


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails, as on an offline machine."""
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("word, n", [("cat", 1), ("table", 2), ("made", 1), ("coffee", 2),
                                     ("consultation", 4), ("I", 1), ("don't", 1)])
def test_syllables(word: str, n: int) -> None:
    assert syllables(word) == n


def test_levels_run_from_easy_to_hard_offline(no_network) -> None:
    easy = "I sat down. We had tea. It was good. She came in. We all said hi."
    hard = ("Organisational accountability frameworks necessitate comprehensive consultation "
            "methodologies, incorporating multidimensional evaluative considerations throughout "
            "implementation, notwithstanding institutional administrative complexity.")
    assert flesch_reading_ease(easy) > 90 > flesch_reading_ease(hard)
    assert reading_level(easy) == "Very easy to read"
    assert reading_level(hard) == "Hard to read"
    assert reading_level("We sat in the hall and talked about what went wrong last year, and "
                         "what we would do differently.") in {w for _, w in BANDS}


def test_no_level_without_english_words() -> None:
    assert reading_level("Roedd hi'n braf yn y festri.", lang="cy") == ""
    assert reading_level("   ") == ""
    assert reading_level("Some words here.", lang="en-GB") != ""
    # Link addresses and images are not words a reader reads.
    assert flesch_reading_ease("[Go](https://example.org/a-very-long-address-indeed) now.") == \
        flesch_reading_ease("Go now.")


def test_story_pages_show_level_and_language(default_site: Path) -> None:
    page = default_site / "stories" / "welsh-first-in-the-chapel-vestry" / "index.html"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    terms = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in soup.select(
        ".voices-meta dt")}
    assert terms["Reading level"] in {w for _, w in BANDS}
    assert soup.select_one("article.voices-story")["lang"] == "en"
    notes = default_site / "stories" / "i-drew-the-waiting-room-on-a-paper-napkin" / "index.html"
    details = BeautifulSoup(notes.read_text(), "html.parser").select_one(
        "details.voices-notice--content")
    assert details is not None and details.summary.get_text().startswith("Content notes:")
    # The notice comes before the story text.
    assert notes.read_text().index("voices-notice--content") < notes.read_text().index(
        'id="story-text"')
