"""Guides: checking their references, and real WeasyPrint PDFs read back with pypdf."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TODAY, mkdocs_build, story_text, write_archive
from pdfs import render_page, render_pages, text_runs
from pypdf import PdfReader
from voices.core.archive import load_archive
from voices.printing.guides import GuideSet, print_html

ARTIFACTS = REPO / "tests" / "artifacts"
VOICES = Path(sys.executable).parent / "voices"  # the installed command
A4, LETTER = (595, 842), (612, 792)

CARDS = """\
---
title: Test cards
summary: Every card.
layout: cards
principles: all
challenges: all
---
Cut them out.
"""

PACK = """\
---
title: Test pack
layout: pack
notes: |
  Arrive **early**.
stories:
  - id: open-door
    questions:
      - Who opened the door first?
      - What stopped them?
  - long-table
questions:
  - What will you take away today?
---
Read [the home page](../index.md) before the day.
"""


def _flat(text: str) -> str:
    """PDF text with line breaks and hyphen splits undone, for 'does it contain' checks."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def _text(pdf: Path) -> str:
    return _flat(" ".join(page.extract_text() or "" for page in PdfReader(pdf).pages))


def _sizes(pdf: Path) -> set[tuple[int, int]]:
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in PdfReader(pdf).pages}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, GuideSet]:
    root = write_archive(tmp_path_factory.mktemp("guides") / "archive", {
        "stories/open-door.md": story_text("Open door"),
        "stories/long-table.md": story_text("Long table", principles="[relationships]"),
        "content/guides/cards.md": CARDS,
        "content/guides/pack.md": PACK,
    })
    loaded = load_archive(root, TODAY)
    assert loaded.ok, [p.text() for p in loaded.problems]
    guides = GuideSet(root, loaded.archive, "Test archive", "https://example.org/site/", TODAY)
    site = root / "site"
    guides.write(site)
    return root, site, guides


def test_guides_cards_pdf_holds_every_principle_challenge_and_question(built):
    _, site, guides = built
    archive = guides.archive
    for name in ("cards-a4.pdf", "cards-letter.pdf", "cards-large-print-a4.pdf"):
        text = _text(site / "guides" / "cards" / name)
        for term in [*archive.principles.values(), *archive.challenges.values()]:
            assert term.title in text and term.summary in text, (name, term.id)
            for question in term.questions:
                assert question in text, (name, question)


def test_guides_page_sizes_counts_and_metadata(built):
    _, site, _ = built
    out = site / "guides" / "cards"
    assert _sizes(out / "cards-a4.pdf") == {A4}
    assert _sizes(out / "cards-letter.pdf") == {LETTER}
    # An introduction page, then the four cards on one sheet; large print holds fewer per page.
    assert len(PdfReader(out / "cards-a4.pdf").pages) == 2
    assert len(PdfReader(out / "cards-large-print-a4.pdf").pages) > 2
    reader = PdfReader(out / "cards-a4.pdf")
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Test cards"
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # a tagged PDF
    # Running title and page numbers on every page after the first.
    second = _flat(reader.pages[1].extract_text())
    assert "Test cards" in second and "Page 2 of 2" in second


def test_guides_pack_prints_stories_questions_notes_and_link_urls(built):
    _, site, _ = built
    pdf = site / "guides" / "pack" / "pack-a4.pdf"
    text = _text(pdf)
    for wanted in ("Open door", "This is the story of Open door", "Long table",
                   "Who opened the door first?", "What stopped them?",
                   "What will you take away today?", "Notes for the facilitator", "Arrive early",
                   # a link's address is printed after it, made absolute from the guide's file
                   "the home page (https://example.org/site/)"):
        assert wanted in text, wanted
    # A story named without questions gets the first question of each of its terms.
    assert "What does Relationships mean to you?" in text
    # Each story starts a page of its own: intro, story 1, story 2.
    pages = [_flat(p.extract_text()) for p in PdfReader(pdf).pages]
    assert len(pages) == 3
    assert "story 1 of 2" in pages[1].lower() and "story 2 of 2" in pages[2].lower()


def test_guides_large_print_is_at_least_16pt(built):
    _, site, _ = built
    # Text boxes are the font's full height (ascent - descent): about 1.16 em for DejaVu.
    for name in ("cards/cards-large-print-a4.pdf", "pack/pack-large-print-a4.pdf"):
        heights = [run.height for run in text_runs(site / "guides" / name)]
        assert heights and min(heights) >= 16 * 1.15, (name, min(heights))


def test_guides_output_is_deterministic(built, tmp_path, monkeypatch):
    _, site, guides = built
    again = tmp_path / "again"
    guides.write(again)
    first = (site / "guides" / "pack" / "pack-a4.pdf").read_bytes()
    assert (again / "guides" / "pack" / "pack-a4.pdf").read_bytes() == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = tmp_path / "dated"
    guides.write(dated)
    meta = PdfReader(dated / "guides" / "pack" / "pack-a4.pdf").metadata
    assert meta["/CreationDate"].startswith("D:20231114")


def test_guides_web_pages_and_print_page(built):
    _, site, guides = built
    block = guides.page_html("guides/pack.md", "<p>The guide's own text.</p>")
    # The print links come first, then the page's own text, then the guide's contents.
    assert block.index('href="print/"') < block.index("own text") < block.index("Who opened")
    assert 'href="pack-a4.pdf"' in block and 'href="pack-letter.pdf"' in block
    assert 'href="pack-large-print-a4.pdf"' in block and 'href="print/"' in block
    assert 'href="../../stories/open-door/"' in block
    listing = guides.page_html("guides/index.md")
    assert 'href="cards/"' in listing and 'href="pack/pack-a4.pdf"' in listing
    assert guides.page_html("about.md") is None
    page = (site / "guides" / "pack" / "print" / "index.html").read_text()
    assert "This is the story of Open door" in page
    assert 'href="../../guide-print.css"' in page and "<script" not in page
    assert 'href="../../../"' in page  # the guide's link to the home page, relative to here


def test_guides_print_only_story_stays_off_the_web(tmp_path):
    root = write_archive(tmp_path, {
        "stories/paper-only.md": story_text("Paper only", scope="[print]"),
        "content/guides/pack.md": "---\ntitle: Pack\nstories: [paper-only]\n---\n",
    })
    loaded = load_archive(root, TODAY)
    assert loaded.ok, [p.text() for p in loaded.problems]
    guides = GuideSet(root, loaded.archive, "Test", "", TODAY)  # the site's web edition
    guide = guides.guides[0]
    assert guide.print_only == 1 and guide.part("stories") is None
    web = print_html(guide, loaded.archive, site_name="Test", web=True)
    assert "Paper only" not in web and "holds 1 more story" in web
    assert "Paper only" not in guides.page_html("guides/pack.md")
    guides.write(tmp_path / "site")
    assert "Paper only" not in _text(tmp_path / "site/guides/pack/pack-a4.pdf")
    full = GuideSet(root, loaded.archive, "Test", "", TODAY, full=True)  # voices print
    full.write(tmp_path / "print")
    assert "This is the story of Paper only" in _text(tmp_path / "print/guides/pack/pack-a4.pdf")


BAD_GUIDE = """\
---
title: Bad guide
principles: [respect, respekt]
stories:
  - open-door
  - gone-away
  - web-only
  - id: lapsed
  - open-dor
layuot: cards
---
"""


def test_guides_checker_reports_bad_references_at_their_line(tmp_path):
    root = write_archive(tmp_path, {
        "stories/open-door.md": story_text("Open door"),
        "stories/gone-away.md": "---\ntitle: Gone\nstatus: withdrawn\nwithdrawn: 2025-01-01\n---\n",
        "stories/web-only.md": story_text("Web only", scope="[web]"),
        "stories/lapsed.md": story_text("Lapsed").replace(
            "  scope: [web, print]", "  scope: [web, print]\n  review: 2025-01-01"),
        "content/guides/bad.md": BAD_GUIDE,
    })
    loaded = load_archive(root, TODAY)
    found = {(p.line, p.rule): p for p in loaded.problems if p.path == "content/guides/bad.md"}
    assert set(found) == {(3, "unknown-principle"), (6, "story-withdrawn"),
                          (7, "story-not-for-print"), (8, "consent-expired"),
                          (9, "unknown-story"), (10, "unknown-field")}, sorted(found)
    assert "did you mean 'respect'?" in found[(3, "unknown-principle")].hint
    assert "did you mean 'open-door'?" in found[(9, "unknown-story")].hint
    assert "did you mean 'layout'?" in found[(10, "unknown-field")].hint
    assert found[(6, "story-withdrawn")].severity == "error"
    assert found[(6, "story-withdrawn")].text().startswith("content/guides/bad.md:6:5: error:")
    assert not loaded.ok


def test_guides_default_site_writes_three_guides(default_site):
    out = default_site / "guides"
    for gid in ("cards", "safe-space-session-pack", "starting-out"):
        for name in (f"{gid}-a4.pdf", f"{gid}-letter.pdf", f"{gid}-large-print-a4.pdf"):
            assert (out / gid / name).stat().st_size > 10_000, name
        assert (out / gid / "print" / "index.html").is_file()
        assert f'href="{gid}-a4.pdf"' in (out / gid / "index.html").read_text()
    assert '<a href="my-pack/">make your own pack</a>' in (out / "index.html").read_text()
    cards = out / "cards" / "cards-a4.pdf"
    text = _text(cards)
    loaded = load_archive(REPO)
    for term in [*loaded.archive.principles.values(), *loaded.archive.challenges.values()]:
        assert term.title in text and all(q in text for q in term.questions), term.id
    assert len(PdfReader(cards).pages) == 4  # a page of instructions, then 12 cards, 4 a sheet
    pack = out / "safe-space-session-pack" / "safe-space-session-pack-a4.pdf"
    text = _text(pack)
    assert "Ground rules" in text and "Running order" in text and "story 3 of 3" in text.lower()
    ARTIFACTS.mkdir(exist_ok=True)
    for pdf in (cards, pack):
        render_pages(pdf, ARTIFACTS / pdf.stem, dpi=60)
    assert len(list(ARTIFACTS.glob("cards-a4-*.png"))) == 4


def _dark_runs(values: list[int]) -> list[int]:
    """The middle of each run of neighbouring positions."""
    runs: list[list[int]] = []
    for v in values:
        if runs and v - runs[-1][-1] <= 2:
            runs[-1].append(v)
        else:
            runs.append([v])
    return [sum(r) // len(r) for r in runs]


def test_guides_cards_sit_two_a_row_of_equal_height_with_shared_cut_lines(default_site):
    # Read off the rendered sheet, at 72 dpi (1 px = 1 pt): the dashed cut lines of four cards.
    page = render_page(default_site / "guides" / "cards" / "cards-a4.pdf", 2).convert("L")
    width, height = page.size
    px = page.load()
    # A cut line down the page is dark for much of its height; text never is.
    down = _dark_runs([x for x in range(width)
                       if sum(px[x, y] < 200 for y in range(height)) > 0.3 * height])
    assert len(down) == 3, down  # left edge, the line the two cards share, right edge
    assert abs(down[1] - width / 2) <= 3 and down[0] < 40 and down[2] > width - 40
    # Across the page: look only inside the left card's padding, where no text is.
    strip = range(down[0] + 3, down[0] + 15)
    across = _dark_runs([y for y in range(height) if sum(px[x, y] < 200 for x in strip) >= 4])
    assert len(across) == 3, across  # top, the line the two rows share, bottom
    top, middle, bottom = across
    mm = 72 / 25.4
    assert middle - top >= 134 * mm - 2 and abs((bottom - middle) - (middle - top)) <= 3


LAPSED_GUIDE = """\
---
title: Pack with a lapsed story
stories:
  - fresh
  - id: lapsed
    questions:
      - What did they ask for?
---
"""


def test_guides_naming_a_story_whose_consent_expired_go_on_without_it(tmp_path):
    """Issue 11: consent lapses with time, not with a push. A guide that still names a story
    whose review date has passed is built without it, with a notice at the guide's line for the
    keepers, from `voices check` and from a strict build alike."""
    root = write_archive(tmp_path / "archive", {
        "stories/fresh.md": story_text("Fresh"),
        "stories/lapsed.md": story_text("Lapsed").replace(
            "  scope: [web, print]", "  scope: [web, print]\n  review: 2025-01-01"),
        "content/guides/pack.md": LAPSED_GUIDE,
    }, site=True)
    line = LAPSED_GUIDE.splitlines().index("  - id: lapsed") + 1  # at its 'id', column 5
    expected = (f"content/guides/pack.md:{line}:5: notice: Consent for the story 'lapsed' has "
                "expired (it had to be renewed by 2025-01-01); the guide leaves it out. "
                "[consent-expired]")

    def check(today: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(VOICES), "--root", str(root), "check", "--today", today],
                              capture_output=True, text=True, timeout=60, check=False)

    before = check("2024-06-01")  # the day before the review date passes, all is well
    assert before.returncode == 0, before.stdout
    assert "consent-expired" not in before.stdout
    after = check(TODAY.isoformat())
    assert after.returncode == 0, after.stdout
    assert expected in after.stdout.splitlines(), after.stdout
    assert any(ln.startswith("stories/lapsed.md:") and "notice: Consent had to be renewed" in ln
               for ln in after.stdout.splitlines()), after.stdout
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert expected in result.stderr, result.stderr
    page = (root / "site/guides/pack/index.html").read_text(encoding="utf-8")
    assert "Fresh" in page and "Lapsed" not in page
    assert "Lapsed" not in _text(root / "site/guides/pack/pack-a4.pdf")


def test_guides_links_in_file_style_for_the_offline_copy(tmp_path):
    """The offline copy names files ("a/b.html"), as pages.url_of makes them: the guide pages,
    the list of guides and the print pages link to files that are there, never to folders."""
    root = write_archive(tmp_path / "archive", {
        "stories/open-door.md": story_text("Open door"),
        "stories/long-table.md": story_text("Long table", principles="[relationships]"),
        "content/guides/cards.md": CARDS,
        "content/guides/pack.md": PACK,
    })
    loaded = load_archive(root, TODAY)
    guides = GuideSet(root, loaded.archive, "Test archive", "", TODAY, directory_urls=False)
    block = guides.page_html("guides/pack.md", "")
    for href in ("pack/print/index.html", "pack/pack-a4.pdf", "pack/pack-letter.pdf",
                 "pack/pack-large-print-a4.pdf", "../stories/open-door.html"):
        assert f'href="{href}"' in block, href
    assert 'href="../principles/respect.html"' in guides.page_html("guides/cards.md", "")
    listing = guides.page_html("guides/index.md", "")
    assert 'href="cards.html"' in listing and 'href="pack/pack-a4.pdf"' in listing
    site = tmp_path / "site"
    guides.write_pages(site)
    page = site / "guides" / "pack" / "print" / "index.html"
    html = page.read_text()
    for href in ("../../pack.html", "../pack-a4.pdf", "../../guide-print.css",
                 "../../../index.html"):  # back to the guide, a PDF, the style, the home page
        assert f'href="{href}"' in html, href
    assert (page.parent / "../../guide-print.css").resolve().is_file()
    assert not re.search(r'href="[^"#:]*/"', block + listing + html)  # no link to a folder
