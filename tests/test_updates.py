"""What happened next: a story's dated `updates`. Each problem at its item's line with a hint; the
story page lists them newest first under "What happened next"; each is an entry in the Atom
feed; story lists show the date of the newest."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, TODAY, mkdocs_build, story_text, write_archive
from voices.cli import main
from voices.core.archive import load_archive
from voices.site.feeds import atom_feed
from voices.site.pages import Renderer

S = "stories/s.md"
NS = {"a": "http://www.w3.org/2005/Atom"}
ITEM, TEXT, VALUE = 16, 17, 11  # an update's first line, its text's line, where values start


def with_updates(block: str, title: str = "Tea", scope: str = "[web, print]") -> str:
    """A story with `block` (the lines below 'updates:') after its line 14."""
    return story_text(title, scope=scope).replace(
        "illustrative: true\n", "illustrative: true\nupdates:" + block, 1)


def one(date: str = "2025-01-02", text: str = "We met again.") -> str:
    return f"\n  - date: {date}\n    text: {text}\n"


# rule -> (the updates, line, column of the problem)
CASES = {
    "update-before-told": (one(date="2024-04-30"), ITEM, VALUE),
    "future-date": (one(date="2026-12-01"), ITEM, VALUE),
    "bad-date": (one(date="2025-02-30"), ITEM, VALUE),
    "missing-field": ("\n  - date: 2025-01-02\n", ITEM, 5),
    "unknown-field": ("\n  - date: 2025-01-02\n    txet: Hello.\n", TEXT, 5),
    "wrong-type": ("\n  - We met again.\n", ITEM, 5),
    "too-long": (one(text="x" * 1501), TEXT, VALUE),
    "unsafe-link": (one(text="See [this](javascript:alert(1))."), TEXT, VALUE + 9),
    "missing-image": (one(text="Look ![a](images/none.png)"), TEXT, VALUE + 8),  # at '](', as
    "attribute-list": (one(text="'Nice {: .big}'"), TEXT, VALUE + 6),  # in a body
    "raw-html": (one(text="We <b>won</b>."), TEXT, VALUE),  # the front matter's own rule
    "private-detail": (one(text="Ring 07700 900123 to join."), TEXT, VALUE + 5),
}


def _check(root: Path, capsys, fmt: str = "json"):
    code = main(["--root", str(root), "check", "--format", fmt, "--today", TODAY.isoformat()])
    out = capsys.readouterr().out
    return code, (json.loads(out)["problems"] if fmt == "json" else out)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_problem_is_at_its_items_line_with_a_hint(rule, tmp_path, capsys) -> None:
    block, line, col = CASES[rule]
    code, problems = _check(write_archive(tmp_path, {S: with_updates(block)}), capsys)
    found = [p for p in problems if p["rule"] == rule]
    assert len(found) == 1, problems
    assert (found[0]["path"], found[0]["line"], found[0]["col"]) == (S, line, col), found
    assert found[0]["message"] and found[0]["hint"]
    assert code == (0 if rule == "private-detail" else 1)


def test_good_updates_pass_and_the_hints_say_what_to_do(tmp_path, capsys) -> None:
    root = write_archive(tmp_path, {S: with_updates(one(date="2024-05-01") + one())})
    assert _check(root, capsys) == (0, [])
    root = write_archive(tmp_path / "b", {S: with_updates(
        "\n  - date: 2024-04-01\n    txet: Hello.\n")})
    code, out = _check(root, capsys, "text")
    assert code == 1
    assert f"{S}:{ITEM}:{VALUE}: error: The update of 2024-04-01 is dated before the story " \
        "was told (2024-05-01). [update-before-told]" in out
    assert "  hint: did you mean 'text'? Known fields: date, text." in out
    assert "  hint: Add a line 'text: ...'." in out


def test_updates_are_kept_newest_first(tmp_path) -> None:
    root = write_archive(tmp_path, {S: with_updates(one("2024-06-01", "First.") +
                                                    one("2026-03-03", "Third.") +
                                                    one("2025-01-01", "Second."))})
    story = load_archive(root, today=TODAY).archive.stories["s"]
    assert [u.text for u in story.updates] == ["Third.", "Second.", "First."]
    assert story.last_updated.isoformat() == "2026-03-03"


# --- Pages, lists and the feed ----------------------------------------------------------------

TEA = with_updates(one("2025-03-03", "The group *met* again.") +
                   one("2026-03-03", "We got [a grant](https://example.org)."))
FILES = {
    "stories/tea.md": TEA,
    "stories/cake.md": story_text("Cake"),
    "stories/secret.md": with_updates(one("2026-01-01", "Only on paper."), "Secret", "[print]"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("updates"), FILES, site=True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _content(site: Path, path: str):
    return BeautifulSoup((site / path / "index.html").read_text(), "html.parser") \
        .select_one(".md-content")


def test_the_page_shows_updates_newest_first_before_the_next_stories(built) -> None:
    content = _content(built, "stories/tea")
    section = content.select_one("section.voices-updates")
    assert section.select_one("h2#what-happened-next").get_text() == "What happened next"
    items = section.select("li.voices-update")
    assert [i.select_one("time")["datetime"] for i in items] == ["2026-03-03", "2025-03-03"]
    assert items[0].select_one("h3").get_text(strip=True) == "3 March 2026"
    assert items[0].select_one("a")["href"] == "https://example.org"  # Markdown, rendered
    assert items[1].select_one("em").get_text() == "met"
    html = str(content)
    assert html.index('id="story-text"') < html.index("what-happened-next") \
        < html.index("Related stories")
    assert _content(built, "stories/cake").select_one(".voices-updates") is None


def test_lists_show_when_a_story_was_last_updated(built) -> None:
    for path in ("stories", "principles/respect", ""):
        items = {li.select_one(".voices-story-title").get_text(): li
                 for li in _content(built, path).select("li.voices-story-item")}
        assert items["Tea"].select_one(".voices-updated").get_text(" ", strip=True) == \
            "Updated 3 March 2026", path
        assert items["Cake"].select_one(".voices-updated") is None


def test_each_update_is_an_entry_in_the_feed(built, tmp_path) -> None:
    feed = ET.fromstring((built / "feed.xml").read_bytes())
    titles = [e.find("a:title", NS).text for e in feed.findall("a:entry", NS)]
    # Newest first: the updates by their dates, the stories by the date they were shared.
    assert titles == ["Update: Tea", "Update: Tea", "Tea", "Cake"]
    assert feed.find("a:updated", NS).text == "2026-03-03T00:00:00Z"
    archive = load_archive(write_archive(tmp_path, FILES), today=TODAY).archive
    absolute = ET.fromstring(atom_feed(archive, "Archive", "https://example.org/voices/"))
    newest, older = absolute.findall("a:entry", NS)[:2]
    link = "https://example.org/voices/stories/tea/#what-happened-next"
    assert newest.find("a:link", NS).get("href") == link
    assert newest.find("a:updated", NS).text == "2026-03-03T00:00:00Z"
    assert newest.find("a:id", NS).text == "https://example.org/voices/stories/tea/#update-" \
        "2026-03-03"
    assert older.find("a:id", NS).text.endswith("#update-2025-03-03")
    assert "<em>met</em>" in older.find("a:content", NS).text
    assert older.find("a:content", NS).get("type") == "html"
    assert "Secret" not in atom_feed(archive, "A")
    assert "Only on paper" not in atom_feed(archive, "A")  # nor a print-only story's updates


def test_two_updates_on_one_day_have_ids_of_their_own(tmp_path) -> None:
    root = write_archive(tmp_path, {S: with_updates(one("2025-01-01", "Morning.") +
                                                    one("2025-01-01", "Evening."))})
    feed = ET.fromstring(atom_feed(load_archive(root, today=TODAY).archive, "A"))
    ids = [e.find("a:id", NS).text for e in feed.findall("a:entry", NS)][:2]
    assert sorted(ids) == ["urn:voices:story:s:update:2025-01-01",
                           "urn:voices:story:s:update:2025-01-01-2"]


def test_a_list_page_changes_only_with_the_newest_updates_date(tmp_path) -> None:
    def drafts(text: str):  # the same folder each time: the archive's root is in the key
        files = {**FILES, "stories/tea.md": text}
        archive = load_archive(write_archive(tmp_path, files), today=TODAY).archive
        renderer = Renderer(archive)
        stories = next(d for d in renderer.other_drafts() if d.src == "stories/index.md")
        return stories.key(), renderer.story_draft(archive.stories["tea"]).key()

    listed, page = drafts(TEA)
    reworded = drafts(TEA.replace("a grant", "some money"))
    assert reworded[0] == listed and reworded[1] != page
    assert drafts(TEA.replace("2026-03-03", "2026-03-04"))[0] != listed


def test_the_samples_have_updates() -> None:
    archive = load_archive(REPO, today=TODAY).archive
    updated = [s for s in archive.web if s.updates]
    assert len(updated) >= 3
    assert all(s.illustrative for s in updated)


def test_a_guide_prints_what_happened_next_with_the_story(tmp_path) -> None:
    from pdfs import pdf_text
    from voices.printing.guides import GuideSet

    root = write_archive(tmp_path, {
        "stories/tea.md": with_updates("\n  - date: 2025-03-03\n    text: The *kettle* stayed.\n"),
        "content/guides/pack.md": "---\ntitle: Pack\nlayout: pack\nstories: [tea]\n---\n"})
    loaded = load_archive(root, TODAY)
    assert loaded.ok, [p.text() for p in loaded.problems]
    written = GuideSet(root, loaded.archive, "Test", "", TODAY).write(tmp_path / "site")
    text = pdf_text(next(p for p in written if p.name == "pack-a4.pdf"))
    assert "What happened next" in text and "3 March 2025" in text
    assert "The kettle stayed." in text  # its Markdown rendered, not printed as written
