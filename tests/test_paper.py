"""Ways in without an account or the internet: the share form prints as a blank paper form with
lines to write on and where to send it, and the footer's feedback link needs no account."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, chromium, serve
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, story_text, write_archive
from pypdf import PdfReader
from test_build_safety import with_theme

EMAIL = "stories@voices.example.org"  # extra.voices.contact_email in the repository's mkdocs.yml
LABELS = ["Title of the story", "Your story", "Storyteller",
          "Where may the story appear? Tick one or both.",
          "On this website", "Name or initials, and today's date"]


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() or "" for p in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))  # "ﬁ" -> "fi"


VISIBLE_LINES = """() => [...document.querySelectorAll('.voices-paper-lines > span')].filter(s => {
    const st = getComputedStyle(s), box = s.getBoundingClientRect();
    return box.height > 20 && box.width > 300 && st.borderBottomStyle === 'solid'
        && parseFloat(st.borderBottomWidth) > 0;
  }).length"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_share_form_prints_as_a_paper_form(default_site: Path, viewport) -> None:
    with serve(default_site) as base, chromium() as browser:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base + "share-form/")
        page.wait_for_selector("#share-form:not([hidden])")
        # On screen: the online form, a word about printing, and no paper lines.
        assert page.is_visible(".voices-paper-note")
        assert "Print this page" in page.inner_text(".voices-paper-note")
        assert not page.is_visible(".voices-paper") and page.evaluate(VISIBLE_LINES) == 0
        assert not page.is_visible(".voices-paper-return")
        page.emulate_media(media="print")
        # On paper: labelled lines to write on, tick boxes, and where to send it; no online form.
        assert not page.is_visible("#share-form") and not page.is_visible(".voices-paper-note")
        assert page.is_visible(".voices-paper")
        assert page.evaluate(VISIBLE_LINES) >= 30
        for label in LABELS:
            assert page.locator(".voices-paper").get_by_text(label, exact=True).is_visible(), label
        boxes = page.eval_on_selector_all(".voices-paper-box", """els => els.map(e => {
            const r = e.getBoundingClientRect(); return [r.width, r.height,
            getComputedStyle(e).borderTopStyle]; })""")
        assert len(boxes) == 3 and all(w > 10 and h > 10 and s == "solid" for w, h, s in boxes)
        back = page.locator(".voices-paper-return")
        assert back.is_visible()
        assert EMAIL in back.inner_text() and "group's facilitator" in back.inner_text()
        # Nothing else of the footer comes along.
        assert not page.get_by_text("Material for MkDocs").is_visible()
        assert not page.locator(".voices-feedback").is_visible()
        text = _pdf_text(page.pdf(format="A4"))
        context.close()
    for label in LABELS + [EMAIL, "hand it to your group's facilitator", "When you have finished"]:
        assert label in text, label
    for gone in ("Check my story and make the file", "Made with", "Tell us what you think",
                 "Nothing you type leaves this page", "This form needs JavaScript"):
        assert gone not in text, gone
    assert text.index("Your story") < text.index("When you have finished")  # sent last


def _footer_site(tmp_path: Path, extra: str, share_form: bool = False) -> Path:
    files = {"stories/a.md": story_text("A")}
    root = with_theme(write_archive(tmp_path / "site", files, site=True))
    if share_form:
        shutil.copy(REPO / "content" / "share-form.md", root / "content" / "share-form.md")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  voices:\n" + extra)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _feedback(site: Path, page: str = "index.html") -> tuple[str, list[str]]:
    soup = BeautifulSoup((site / page).read_text(), "html.parser")
    p = soup.select_one(".voices-feedback")
    return " ".join(p.get_text(" ").split()), [a["href"] for a in p.find_all("a")]


GH = "https://github.com/voices-archive/voices/issues/new?labels=feedback"


@pytest.mark.parametrize("extra, words, hrefs", [
    # The repository's own settings: an e-mail first, GitHub as a choice.
    (f"    contact_email: {EMAIL}\n    feedback_github: {GH}\n",
     f"Tell us what you think by e-mail to {EMAIL} , or on GitHub .",
     [f"mailto:{EMAIL}", GH]),
    # A feedback address of its own comes before the contact address.
    (f"    contact_email: {EMAIL}\n    feedback_email: thoughts@example.org\n",
     "Tell us what you think by e-mail to thoughts@example.org .",
     ["mailto:thoughts@example.org"]),
    # The archive's own web form comes first.
    (f"    contact_email: {EMAIL}\n    feedback_url: https://forms.example.org/f\n"
     f"    feedback_github: {GH}\n",
     "Tell us what you think , or on GitHub .", ["https://forms.example.org/f", GH]),
    # An older site's GitHub address in feedback_url: an e-mail is known, so that comes first.
    (f"    contact_email: {EMAIL}\n    feedback_url: {GH}\n",
     f"Tell us what you think by e-mail to {EMAIL} , or on GitHub .",
     [f"mailto:{EMAIL}", GH]),
    # ... and with nothing else known, GitHub stays the way, as it was.
    (f"    feedback_url: {GH}\n", "Tell us what you think on GitHub .", [GH]),
], ids=["default", "feedback-email", "web-form", "old-github-url", "old-github-only"])
def test_feedback_needs_no_account_when_the_site_names_a_way(tmp_path, extra, words, hrefs):
    site = _footer_site(tmp_path, extra)
    text, links = _feedback(site)
    assert text == "What would you like more of, or less of? " + words
    assert links == hrefs


def test_paper_form_without_an_email_names_the_facilitator(tmp_path):
    site = _footer_site(tmp_path, "    feedback_url: https://forms.example.org/f\n",
                        share_form=True)
    soup = BeautifulSoup((site / "share-form" / "index.html").read_text(), "html.parser")
    back = " ".join(soup.select_one(".voices-paper-return").get_text(" ").split())
    assert "Hand the form to your group's facilitator" in back and "@" not in back
    assert soup.select(".voices-paper-lines > span")
    # Only the share form's page has it.
    assert BeautifulSoup((site / "index.html").read_text(),
                         "html.parser").select_one(".voices-paper-return") is None
