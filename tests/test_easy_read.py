"""Easy-read companions: a story file that retells another (`easy_read_of`). Each problem with
the name is an error at its line with a hint; both pages link to each other near the top when
both are on the web; the easy-read page is laid out the easy-read way (in real Chromium)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from browser import DESKTOP, PHONE, chromium, serve
from conftest import REPO, TODAY, mkdocs_build, story_text, write_archive
from PIL import Image
from voices.cli import main
from voices.core.archive import load_archive
from voices.site.pages import Renderer

LINE, COL = 15, 15  # where easy_read_of's value starts in easy() below
WITHDRAWN = "---\nstatus: withdrawn\nwithdrawn: 2025-01-01\n---\n"
PICTURE_LINE = ("![A cup of tea](images/cup.png) We meet on Tuesdays.\nThere is tea.\n"
                "Everyone can come.\n")


def easy(title: str, of: str, scope: str = "[web, print]", body: str = "") -> str:
    text = story_text(title, scope=scope).replace(
        "illustrative: true\n", f"illustrative: true\neasy_read_of: {of}\n")
    return text.replace("This is the story of", body + "\nThis is the story of") if body \
        else text


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 120), (29, 77, 91)).save(out, "PNG")
    return out.getvalue()


def _report(root: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "check", "--today", TODAY.isoformat()])
    return code, capsys.readouterr().out


# --- The checker ------------------------------------------------------------------------------

CASES = {  # rule -> files, the file reported, words the message and the hint must hold
    "easy-read-unknown": ({"stories/tea.md": story_text("Tea"),
                           "stories/tea-easy.md": easy("Tea easy", "tae")},
                          "stories/tea-easy.md", "'tae'", "Did you mean 'tea'?"),
    "easy-read-withdrawn": ({"stories/tea.md": WITHDRAWN,
                             "stories/tea-easy.md": easy("Tea easy", "tea")},
                            "stories/tea-easy.md", "withdrawn", "voices withdraw tea-easy"),
    "easy-read-chain": ({"stories/tea.md": story_text("Tea"),
                         "stories/tea-easy.md": easy("Tea easy", "tea"),
                         "stories/tea-easier.md": easy("Tea easier", "tea-easy")},
                        "stories/tea-easier.md", "itself an easy read", "full story"),
    "easy-read-twice": ({"stories/tea.md": story_text("Tea"),
                         "stories/tea-easy.md": easy("Tea easy", "tea"),
                         "stories/tea-plain.md": easy("Tea plain", "tea")},
                        "stories/tea-plain.md", "stories/tea-easy.md", "one easy read"),
    "easy-read-self": ({"stories/tea.md": easy("Tea", "tea")},
                       "stories/tea.md", "its own easy read", "file name"),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_problem_is_an_error_at_the_line_with_a_hint(rule, tmp_path, capsys) -> None:
    files, path, in_message, in_hint = CASES[rule]
    code, out = _report(write_archive(tmp_path, files), capsys)
    assert code == 1, out
    lines = out.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.endswith(f"[{rule}]")]
    assert lines[at].startswith(f"{path}:{LINE}:{COL}: error: "), out
    assert in_message in lines[at]
    assert lines[at + 1].startswith("  hint: ") and in_hint in lines[at + 1], out
    assert sum(": error: " in line for line in lines) == 1, out  # nothing else is wrong


def test_a_pair_is_clean_and_indexed_both_ways(tmp_path, capsys) -> None:
    root = write_archive(tmp_path, {"stories/tea.md": story_text("Tea"),
                                    "stories/tea-easy.md": easy("Tea easy", "tea")})
    code, out = _report(root, capsys)
    assert code == 0, out
    archive = load_archive(root, today=TODAY).archive
    assert archive.easy_read == {"tea": "tea-easy", "tea-easy": "tea"}
    assert archive.stories["tea-easy"].easy_read_of == "tea"
    # Each has a place of its own in the lists; its easy read is not one of a story's "related".
    assert "tea-easy" not in [s.id for s in archive.related["tea"]]


def test_nothing_is_inherited_each_file_has_its_own_consent(tmp_path) -> None:
    root = write_archive(tmp_path, {
        "stories/tea.md": story_text("Tea", scope="[print]"),
        "stories/tea-easy.md": easy("Tea easy", "tea", scope="[web]"),
        "stories/cake.md": story_text("Cake"),
        "stories/cake-easy.md": easy("Cake easy", "cake", scope="[print]"),
    })
    loaded = load_archive(root, today=TODAY)
    assert loaded.ok, loaded.problems
    archive = loaded.archive
    assert {s.id for s in archive.web} == {"tea-easy", "cake"}
    assert {s.id for s in archive.print} == {"tea", "cake", "cake-easy"}
    assert archive.easy_read == {}  # a pair is linked only when both are on the web


def test_the_page_draft_carries_the_companions_card(tmp_path) -> None:
    files = {"stories/tea.md": story_text("Tea"), "stories/tea-easy.md": easy("Tea easy", "tea")}
    archive = load_archive(write_archive(tmp_path / "a", files), today=TODAY).archive
    draft = Renderer(archive).story_draft(archive.stories["tea"])
    assert (draft.context["companion"].id, draft.context["companion"].title) == \
        ("tea-easy", "Tea easy")
    assert draft.context["companion"].body == ""  # the card, not the whole story
    # Renaming the easy read changes the full story's page: Draft.key sees it.
    files["stories/tea-easy.md"] = files["stories/tea-easy.md"].replace(
        "title: Tea easy", "title: Tea made easy")
    renamed = load_archive(write_archive(tmp_path / "b", files), today=TODAY).archive
    again = Renderer(renamed).story_draft(renamed.stories["tea"])
    assert again.key() != draft.key()


# --- A real build -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("easy-read"), {
        "stories/tea.md": story_text("Tea"),
        "stories/tea-easy.md": easy("Tea easy", "tea", body=PICTURE_LINE),
        "stories/cake.md": story_text("Cake", scope="[print]"),
        "stories/cake-easy.md": easy("Cake easy", "cake"),
        "stories/images/cup.png": _png(),
    }, site=True)
    shutil.copytree(REPO / "theme", root / "theme", dirs_exist_ok=True)  # the site's own CSS
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _page(site: Path, story: str) -> BeautifulSoup:
    return BeautifulSoup((site / "stories" / story / "index.html").read_text(), "html.parser")


def test_both_pages_link_to_each_other_near_the_top(built) -> None:
    for story, other, words in (("tea", "tea-easy", "Read this in easy read"),
                                ("tea-easy", "tea", "Read the full story")):
        content = _page(built, story).select_one(".md-content")
        link = content.select_one(".voices-easy-read-link a")
        assert link.get_text(strip=True) == words
        assert link["href"] == f"../{other}/"
        # Near the top: before the story's details and its text.
        html = str(content)
        assert html.index(words) < html.index('class="voices-meta"') < html.index("story-text")


def test_no_link_when_the_other_is_not_on_the_web(built) -> None:
    assert not (built / "stories" / "cake").exists()
    page = _page(built, "cake-easy")
    assert page.select(".voices-easy-read-link") == []
    assert "stories/cake" not in str(page.select_one(".md-content"))
    assert page.select_one("article.voices-story--easy-read") is not None  # still an easy read


def test_the_easy_read_page_has_its_class_and_the_picture_in_its_paragraph(built) -> None:
    assert _page(built, "tea").select_one("article.voices-story--easy-read") is None
    article = _page(built, "tea-easy").select_one("article.voices-story--easy-read")
    img = article.select_one("p > img")
    assert img["alt"] == "A cup of tea" and img is img.parent.contents[0]
    assert (built / "stories" / "images" / "cup.png").is_file()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_picture_beside_its_text_larger_type_one_idea_a_line(built, viewport) -> None:
    with serve(built) as base, chromium() as browser:
        page = browser.new_context(viewport=viewport).new_page()
        page.goto(base + "stories/tea/")
        plain = page.evaluate("parseFloat(getComputedStyle("
                              "document.querySelector('article.voices-story')).fontSize)")
        page.goto(base + "stories/tea-easy/")
        found = page.evaluate("""() => {
            const article = document.querySelector('article.voices-story--easy-read');
            const img = article.querySelector('p > img'), p = img.parentElement;
            const range = document.createRange();
            range.selectNodeContents(p);
            range.setStartAfter(img);
            const lines = [...range.getClientRects()].filter(r => r.width > 1);
            const style = getComputedStyle(article);
            return {img: img.getBoundingClientRect().toJSON(), lines: lines.map(r => r.toJSON()),
                    size: parseFloat(style.fontSize), height: parseFloat(style.lineHeight),
                    width: article.getBoundingClientRect().width,
                    scroll: [document.documentElement.scrollWidth, innerWidth]};
        }""")
    img, first = found["img"], found["lines"][0]
    assert first["left"] >= img["right"] - 1  # the text starts to the right of the picture
    assert first["top"] < img["bottom"] and first["bottom"] > img["top"]  # on the same level
    assert found["size"] > plain * 1.1  # larger type than the full story
    assert found["height"] >= 1.7 * found["size"]  # generous line spacing
    assert found["width"] <= 34 * found["size"]  # short lines
    # One idea a line: the three lines of the file are three lines on the page.
    assert len({round(r["top"]) for r in found["lines"]}) >= 3
    assert found["scroll"][0] <= found["scroll"][1]


def test_the_samples_are_illustrative_companions_with_pictures() -> None:
    archive = load_archive(REPO, today=TODAY).archive
    companions = [s for s in archive.stories.values() if s.easy_read_of]
    assert len(companions) >= 2
    for story in companions:
        assert story.illustrative and story.consent.scope
        assert archive.easy_read[story.id] == story.easy_read_of
        assert "](images/" in story.body
        lines = [line for line in story.body.splitlines() if line.strip()]
        assert max(len(line.split()) for line in lines) <= 20, story.id  # short lines
