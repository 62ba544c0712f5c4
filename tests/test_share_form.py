"""The "Share your story" form in headless Chromium, on the real default site: driven by keyboard,
it makes a file that `voices check` accepts; missing fields are announced; axe finds nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, PHONE, chromium, serve
from conftest import REPO, write_archive
from voices.core.archive import load_archive

VOICES = str(Path(sys.executable).parent / "voices")
TITLE = 'Yes: the "drop-in" #1 & more'
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def browser_site(default_site):
    with serve(default_site) as base, chromium() as browser:
        yield base, browser


@pytest.fixture
def form(browser_site):
    base, browser = browser_site
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r))
    page.goto(base + "share-form/")
    page.wait_for_selector("#share-form:not([hidden])")
    yield page
    context.close()


def type_into(page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def tick(page, selector: str) -> None:
    page.focus(selector)
    page.keyboard.press("Space")
    assert page.is_checked(selector)


def fill_all(page, skip: str = "") -> None:
    """Fill the form with the keyboard only: focus, type, Space to tick."""
    fields = {
        "#sf-title": TITLE,
        "#sf-summary": "Why we stopped: a short summary.",
        "#sf-body": "We met on Thursdays.\n\nOne day they listened. See https://example.org/x.",
        "#sf-storyteller": "no",
        "#sf-place": "1.10",
        "#sf-told-day": "3", "#sf-told-month": "2", "#sf-told-year": "2024",
    }
    for selector, text in fields.items():
        if selector != skip:
            type_into(page, selector, text)
    for box in ("#sf-perspective-peer-supporter", "#sf-principles-give-each-other-respect",
                "#sf-challenges-communication", "#sf-content_notes-bereavement", "#sf-agree"):
        if box != skip:
            tick(page, box)


def submit(page) -> None:
    page.focus("#sf-submit")
    page.keyboard.press("Enter")


def test_keyboard_user_makes_a_file_that_voices_check_accepts(form, tmp_path):
    page = form
    # Tab order follows the page: title, then summary, then the story.
    page.focus("#sf-title")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sf-summary"
    fill_all(page)
    assert "stories/yes-the-drop-in-1-more.md" in page.inner_text("#sf-filename")
    submit(page)
    page.wait_for_selector("#share-result:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "share-result-title"
    text = page.input_value("#share-output")
    with page.expect_download() as download:
        page.focus("#share-download")
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "yes-the-drop-in-1-more.md"
    assert Path(download.value.path()).read_text(encoding="utf-8") == text

    # The downloaded file goes into a fresh archive with the default principles and challenges.
    terms = {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8")
             for folder in ("principles", "challenges") for p in (REPO / folder).glob("*.md")}
    root = write_archive(tmp_path / "a", {**terms, "stories/yes-the-drop-in-1-more.md": text})
    result = subprocess.run([VOICES, "--root", str(root), "check"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout + text
    assert "no problems found" in result.stdout
    story = load_archive(root).archive.stories["yes-the-drop-in-1-more"]
    assert (story.title, story.storyteller, story.place) == (TITLE, "no", "1.10")
    assert story.perspective == ("peer-supporter",)
    assert story.content_notes == ("bereavement",) and story.consent.scope == ("web", "print")
    assert story.told.isoformat() == "2024-02-03"
    assert story.body.strip().startswith("We met on Thursdays.\n\nOne day")

    # GitHub's new-file page, pre-filled, for the repository named in mkdocs.yml.
    github = urlsplit(page.get_attribute("#share-github", "href"))
    assert (github.scheme, github.netloc, github.path) == (
        "https", "github.com", "/voices-archive/voices/new/main")
    query = parse_qs(github.query)
    assert query["filename"] == ["stories/yes-the-drop-in-1-more.md"]
    assert query["value"] == [text]
    # The private route: an e-mail to the address set in mkdocs.yml, with the file in it.
    mail = urlsplit(page.get_attribute("#share-email", "href"))
    assert (mail.scheme, mail.path) == ("mailto", "stories@voices.example.org")
    assert text in parse_qs(mail.query)["body"][0]
    assert "public" in page.inner_text("#share-result") and "forks" in page.inner_text(
        "#share-result")
    # Nothing left the page: every request went to this site, and none was a POST.
    base = page.url.split("share-form/")[0]
    assert all(r.url.startswith((base, "blob:", "data:")) for r in page.requests), [
        r.url for r in page.requests]
    assert all(r.method == "GET" for r in page.requests)


def test_missing_field_is_announced_and_marked(form):
    page = form
    fill_all(page, skip="#sf-title")
    submit(page)
    summary = page.locator("#share-errors")
    summary.wait_for(state="visible")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.id") == "share-errors"
    assert summary.locator("li").all_inner_texts() == ["Enter the title."]
    title = page.locator("#sf-title")
    assert title.get_attribute("aria-invalid") == "true"
    described = title.get_attribute("aria-describedby").split()
    assert "sf-title-error" in described and "sf-title-hint" in described
    assert page.text_content("#sf-title-error").strip() == "Error: Enter the title."
    assert page.is_hidden("#share-result")
    # The link in the summary takes keyboard users to the field.
    page.focus("#share-errors a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "sf-title"
    # Fixing it clears the error and makes the file.
    type_into(page, "#sf-title", "A title at last")
    submit(page)
    page.wait_for_selector("#share-result:not([hidden])")
    assert page.is_hidden("#share-errors")
    assert page.get_attribute("#sf-title", "aria-invalid") is None
    assert "sf-title-error" not in page.get_attribute("#sf-title", "aria-describedby")


def test_form_uses_the_exported_rules(form, default_site):
    page = form
    exported = json.loads((default_site / "assets" / "voices-schema.json").read_text())
    archive = load_archive(REPO).archive
    # The tick-boxes are the archive's vocabularies, in its order, from the export.
    for field, vocab in (("principles", archive.principles), ("challenges", archive.challenges),
                         ("perspective", archive.perspectives)):
        values = page.eval_on_selector_all(f"input[name='{field}']", "els => els.map(e => e.value)")
        assert values == list(vocab), field
    assert page.inner_text("[data-max-len='summary']") == str(exported["fields"]["summary"][
        "max_len"])
    # A story that breaks the checker's rules is refused with the checker's own words.
    fill_all(page)
    type_into(page, "#sf-body", "Hello <b>there</b>.\n\n[x](javascript:alert(1))")
    type_into(page, "#sf-title", "Forty quid in supermarket vouchers")  # taken by a sample story
    type_into(page, "#sf-told-year", "3024")
    submit(page)
    page.locator("#share-errors").wait_for(state="visible")
    errors = " | ".join(page.locator("#share-errors li").all_inner_texts())
    assert "HTML is not allowed" in errors
    assert "Links starting with 'javascript:' are not allowed." in errors
    assert "Another story already has this title." in errors
    assert "in the future" in errors
    # Every exported pattern is valid JavaScript.
    count = page.evaluate("""async () => {
        const s = await (await fetch('../assets/voices-schema.json')).json();
        const all = [...s.body.rules.map(r => r.pattern), ...s.body.text_rules.map(r => r.pattern),
                     ...s.body.private.map(r => r.pattern), s.body.link, s.patterns.id,
                     s.patterns.lang];
        all.forEach(p => new RegExp(p.source, p.flags));
        return all.length; }""")
    assert count >= 10


def test_private_details_are_flagged_before_sending(form):
    # In the story and in the other free-text fields alike (test_private_details has them all).
    page = form
    fill_all(page)
    type_into(page, "#sf-body", "Ring me on 07700 900123 any time.")
    type_into(page, "#sf-place", "Leeds LS6 2QW")
    submit(page)
    page.wait_for_selector("#share-result:not([hidden])")
    assert page.locator("#share-warnings li").all_inner_texts() == [
        "The place has what looks like a UK postcode: 'LS6 2QW'. Take it out unless you are "
        "happy for everyone to see it.",
        "Your story has what looks like a phone number: '07700 900123'. Take it out unless you "
        "are happy for everyone to see it."]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_form_page_passes_axe(browser_site, viewport):
    base, browser = browser_site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base + "share-form/")
    page.wait_for_selector("#share-form:not([hidden])")
    axe = Axe()
    options = {"runOnly": AXE_TAGS}
    scope = {"include": [[".md-content"]]}  # the page's own content, not the theme's header
    found = axe.run(page, context=scope, options=options).response["violations"]
    assert found == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in found]
    submit(page)  # with every error showing
    page.locator("#share-errors").wait_for(state="visible")
    found = axe.run(page, context=scope, options=options).response["violations"]
    assert found == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in found]
    context.close()


def test_export_leaves_out_stories_not_on_the_web(tmp_path):
    from conftest import story_text
    from voices.site.exports import github_repo, write_schema

    root = write_archive(tmp_path / "a", {
        "stories/on-web.md": story_text("On the web"),
        "stories/paper.md": story_text("Paper only secret", scope="[print]"),
        "stories/gone.md": "---\nstatus: withdrawn\nwithdrawn: 2025-01-01\n---\n"})
    archive = load_archive(root).archive
    first = write_schema(tmp_path / "s1", archive, repo_url="https://github.com/o/r.git")
    second = write_schema(tmp_path / "s2", archive, repo_url="https://github.com/o/r.git")
    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8")  # same archive, same bytes
    data = json.loads(text)
    assert data["taken_ids"] == ["on-web"] and data["taken_titles"] == ["on the web"]
    assert "paper" not in text.lower() and "gone" not in text
    assert data["site"]["repo"] == "o/r"
    assert [v["id"] for v in data["vocabularies"]["principles"]] == ["respect", "relationships"]
    assert github_repo("https://gitlab.com/o/r") == "" and github_repo(None) == ""
