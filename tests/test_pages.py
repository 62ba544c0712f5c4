"""URLs, relative links and cross-indexes, without MkDocs."""

from __future__ import annotations

import pytest
from conftest import TODAY, story_text, write_archive
from voices.core.archive import load_archive
from voices.core.index import related_stories
from voices.site.pages import Renderer
from voices.site.urls import relative, url_of


@pytest.mark.parametrize("src, url", [("index.md", ""), ("stories/index.md", "stories/"),
                                      ("stories/a.md", "stories/a/"),
                                      ("matrix/p/c.md", "matrix/p/c/")])
def test_url_of(src, url):
    assert url_of(src) == url


@pytest.mark.parametrize("frm, to, link", [("stories/a/", "principles/p/", "../../principles/p/"),
                                           ("", "stories/", "stories/"),
                                           ("stories/", "", "../"),
                                           ("stories/a/", "stories/a/", "./"),
                                           ("matrix/p/c/", "stories/a/", "../../../stories/a/")])
def test_relative(frm, to, link):
    assert relative(frm, to) == link


def test_related_prefers_most_shared_tags(tmp_path):
    files = {
        "stories/a.md": story_text("A", "[respect, relationships]", "[fear]"),
        "stories/b.md": story_text("B", "[respect, relationships]", "[communication]"),
        "stories/c.md": story_text("C", "[respect]", "[communication]"),
        "stories/d.md": story_text("D", "[relationships]", "[]"),
        "stories/e.md": story_text("E", "[]", "[communication]"),
    }
    loaded = load_archive(write_archive(tmp_path, files), TODAY)
    assert loaded.ok, loaded.problems
    related = related_stories(loaded.archive.web, k=2)
    assert [s.id for s in related["a"]][0] == "b"
    assert "a" not in [s.id for s in related["e"]]  # shares nothing with a
    assert all(s.id != sid for sid, picks in related.items() for s in picks)


def test_consent_decides_where_a_story_appears(tmp_path):
    files = {
        "stories/both.md": story_text("Both"),
        "stories/web.md": story_text("Web", scope="[web]"),
        "stories/paper.md": story_text("Paper", scope="[print]"),
        "stories/old.md": story_text("Old").replace("scope: [web, print]",
                                                    "scope: [web, print]\n  review: 2025-01-01"),
    }
    loaded = load_archive(write_archive(tmp_path, files), TODAY)
    assert sorted(s.id for s in loaded.archive.web) == ["both", "web"]
    assert sorted(s.id for s in loaded.archive.print) == ["both", "paper"]


def test_front_matter_is_escaped_in_pages(tmp_path):
    text = story_text("Fish & chips, 5 < 6").replace("storyteller: Sam", 'storyteller: "Sam & Jo"')
    loaded = load_archive(write_archive(tmp_path, {"stories/fish.md": text}), TODAY)
    assert loaded.ok, loaded.problems
    page = Renderer(loaded.archive).story(loaded.archive.stories["fish"])
    assert "Sam &amp; Jo" in page.html and "Fish &amp; chips, 5 &lt; 6" in page.html
    assert page.title == "Fish & chips, 5 < 6"  # MkDocs' templates escape the title themselves
