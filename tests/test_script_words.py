"""The theme's scripts speak the site's language: "My pack" (pack.js) and the "Share your story"
form (share-form.js) get their words from the catalogue, in a script the build writes for every
page to share (site/script_words.py, i18n.script_words_js). Every word a script asks for is
there; and on a Welsh site, in real Chromium, what they show (the form's checks, the pack's
buttons and announcements) is Welsh."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect
from browser import DESKTOP, chromium, serve
from conftest import REPO, mkdocs_build, write_archive
from test_i18n import FILES, WELSH, _english

from voices.core import body
from voices.core.schema import SCOPES
from voices.site import i18n, script_words
from voices.site.exports import _body_rules

ASSETS = REPO / "scripts" / "voices" / "adapter" / "theme" / "assets"
MAIN = REPO / "scripts" / "voices" / "adapter" / "theme" / "main.html"
# What a Welsh archive calls its form's fields (data-name on the form page: its own words).
FIELD_NAMES = {"the title": "y teitl", "the summary": "y crynodeb", "your story": "eich stori",
               "the storyteller": "yr adroddwr", "the place": "y lle",
               "the date the story was told": "y dyddiad y cafodd y stori ei hadrodd",
               "the date you agreed": "y dyddiad y gwnaethoch gytuno",
               "the language": "yr iaith"}
# A Welsh archive's "make your own pack" page (the repository's, in its own words, shortened).
MY_PACK = """\
---
title: Gwneud eich pecyn eich hun
---

<div class="voices-pack-nojs" markdown>
Mae angen JavaScript ar y dudalen hon.
</div>

<div id="voices-pack" class="voices-pack" hidden markdown>
<p id="voices-pack-status" class="voices-pack-status" role="status"></p>

<div class="voices-pack-actions">
<button type="button" id="voices-pack-print"
class="voices-pack-button voices-pack-button--main">Argraffu fy mhecyn</button>
<button type="button" id="voices-pack-clear" class="voices-pack-button">Clirio fy mhecyn</button>
</div>

<div id="voices-pack-empty" class="voices-pack-empty" tabindex="-1" hidden markdown>
Mae’ch pecyn yn wag.
</div>

<ol id="voices-pack-list" class="voices-pack-list"></ol>
</div>
"""


def _words(script: str, language: str) -> dict:
    return i18n.script_words_for(language, script)


def _asked_for(script: str) -> tuple[set[str], set[str]]:
    """The keys a script's source asks msg() for, and the other words it reads (WORDS.name)."""
    source = "".join((ASSETS / name).read_text(encoding="utf-8")  # with the shared reader
                     for name in (f"{script}.js", "words.js"))
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)  # comments name no words
    source = re.sub(r"(^|\s)//.*$", "", source, flags=re.MULTILINE)
    calls = re.findall(r"\bmsg\(([^,)]*)", source)
    # A key is always written out, so that this test sees it: never msg(a ? "x" : "y").
    assert [c for c in calls if not re.fullmatch(r'"\w+"', c)] == ["key"], calls  # the function
    return ({c.strip('"') for c in calls if c != "key"},
            set(re.findall(r"\bWORDS\.(\w+)", source)))


def _no_english(texts: list[str], *archive_words: str) -> dict[str, list[str]]:
    """Each text that still holds English words of the catalogue's messages, with them; the
    archive's own words (a title, a question) taken out first."""
    with WELSH.open("rb") as f:
        english = _english(read_po(f, locale="cy"))
    found = {}
    for text in texts:
        rest = text
        for words in archive_words:
            rest = rest.replace(words, " ")
        left = sorted({part for part, pattern in english if pattern.search(rest)})
        if left:
            found[text] = left
    return found


# --- the words, without a browser -----------------------------------------------------------


@pytest.mark.parametrize("script", sorted(script_words.SCRIPTS))
def test_every_word_a_script_asks_for_is_there_and_used(script: str) -> None:
    """A key misspelt in the script, or a message nothing shows any more, fails here."""
    keys, read = _asked_for(script)
    for language in ("en", "cy"):
        words = _words(script, language)
        assert sorted(keys - words.keys()) == [], f"{script}.js asks for words that are not there"
        assert sorted(read - words.keys()) == [], f"{script}.js reads words that are not there"
        assert sorted(words.keys() - keys - read) == [], f"words {script}.js never uses"
        for key, text in words.items():  # a plural message: a text for each plural category
            if isinstance(text, dict) and key not in ("rules", "details", "scopes"):
                assert set(text) == i18n.locale(language).plural_form.tags | {"other"}, key
    # The script reads them from the file the build writes, which the theme loads before it.
    code = (ASSETS / f"{script}.js").read_text(encoding="utf-8")
    assert f'window.VOICES_WORDS["{script}"]' in code or f"window.VOICES_WORDS.{script}" in code
    theme = MAIN.read_text()
    assert theme.index("assets/voices-words.js") < theme.index(f"assets/{script}.js")


def test_the_form_has_words_for_every_rule_detail_and_scope_of_the_export() -> None:
    words = _words("share-form", "cy")
    rules = _body_rules()
    assert {r["rule"] for r in rules["rules"] + rules["text_rules"]} == set(words["rules"])
    assert {p["what"] for p in rules["private"]} == set(words["details"])
    assert set(SCOPES) == set(words["scopes"])
    # The checker itself still speaks English (`voices check` is for contributors).
    assert body._RAW_HTML[3] == "HTML is not allowed here."
    assert words["rules"]["raw-html"].startswith("Chewch chi ddim defnyddio HTML yma.")
    assert _words("share-form", "en")["rules"]["raw-html"] == " ".join(body._RAW_HTML[3:])


@pytest.mark.parametrize("script", sorted(script_words.SCRIPTS))
def test_no_english_is_left_in_a_scripts_welsh_words(script: str) -> None:
    def texts(value) -> list[str]:
        if isinstance(value, dict):
            return [t for v in value.values() for t in texts(v)]
        return [re.sub(r"\{\w+\}", " ", value)]  # placeholders, for the script to fill in

    words = _words(script, "cy")
    assert words["lang"] == "cy"
    assert _no_english([t for k, v in words.items() if k != "lang" for t in texts(v)]) == {}


def test_the_words_file_is_a_script_of_every_scripts_words() -> None:
    text = i18n.script_words_js("cy")
    prefix = "window.VOICES_WORDS = "
    assert text.startswith(prefix) and text.endswith(";\n")
    words = json.loads(text[len(prefix):-2])
    assert words == {script: _words(script, "cy") for script in script_words.SCRIPTS}
    assert "'5 < 6'" in _words("share-form", "en")["rules"]["raw-html"]  # as written, unescaped


# --- a Welsh site, in Chromium --------------------------------------------------------------


@pytest.fixture(scope="module")
def welsh(tmp_path_factory):
    form = (REPO / "content" / "share-form.md").read_text(encoding="utf-8")
    for english, welsh in FIELD_NAMES.items():
        form = form.replace(f'data-name="{english}"', f'data-name="{welsh}"')
    files = {**FILES, "content/share-form.md": form, "content/guides/my-pack.md": MY_PACK}
    root = write_archive(tmp_path_factory.mktemp("cy-scripts") / "archive", files, site=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("custom_dir: theme", "custom_dir: theme\n"
                                                 "  language: cy")
                      + "markdown_extensions: [attr_list, md_in_html]\n"
                      + "extra:\n  voices:\n    contact_email: straeon@example.org\n")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as base, chromium() as browser:
        yield base, browser


def _submit(page) -> list[str]:
    page.click("#sf-submit")
    page.locator("#share-errors").wait_for(state="visible")
    return page.locator("#share-errors li").all_inner_texts()


def test_the_welsh_share_form_checks_in_welsh(welsh) -> None:
    base, browser = welsh
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page.goto(base + "share-form/")
    page.wait_for_selector("#share-form:not([hidden])")
    shown = []
    # The labels it writes: the parts of a date, and Voices' own scopes (the archive's
    # vocabularies are its own words, as written).
    assert page.locator("label[for='sf-told-day']").inner_text() == "Diwrnod"
    assert page.locator("label[for='sf-told-year']").inner_text() == "Blwyddyn"
    assert page.locator("label[for='sf-scope-web']").inner_text() == "Yn cael ei dangos ar y wefan"

    errors = _submit(page)  # nothing filled in
    assert errors == ["Rhowch y teitl.", "Rhowch y crynodeb.", "Ysgrifennwch eich stori.",
                      "Dewiswch o ble rydych chi’n siarad: o leiaf un.",
                      "Rhowch y dyddiad y cafodd y stori ei hadrodd.",
                      "Dewiswch o leiaf un egwyddor neu un her.",
                      "Ticiwch y blwch i ddweud bod yr adroddwr yn cytuno i rannu’r stori."]
    assert page.text_content("#sf-title-error").strip() == "Gwall: Rhowch y teitl."
    shown += errors

    # The checker's own rules, each in Welsh, and the form's other checks.
    page.fill("#sf-title", "Y <b>cyfarfod</b>")
    page.fill("#sf-summary", "Hir " * 100)
    page.fill("#sf-body", "Helo.\n\n[dolen](javascript:alert(1))\n\n![llun](https://example.org/a.png)"
              "\n\n{% raw %}")
    for part, value in (("day", "3"), ("month", "2"), ("year", "3024")):
        page.fill(f"#sf-told-{part}", value)
    page.fill("#sf-consent_date-day", "32")
    page.fill("#sf-lang", "Cymraeg")
    errors = _submit(page)
    assert errors[:2] == [
        "Y teitl: Chewch chi ddim defnyddio HTML yma. Ysgrifennwch destun plaen: mae Markdown fel "
        "*pwyslais* neu linell wag rhwng paragraffau yn gwneud y tro. I ysgrifennu arwydd llai "
        "na, rhowch fwlch ar ei ôl: ‘5 < 6’.",
        "Y crynodeb: mae’n 399 nod o hyd; 300 yw’r uchafswm. Byrhewch y testun."]
    for expected in ("Chewch chi ddim defnyddio cystrawen templed fel ‘{{ ... }}’ neu ‘{% ... %}’. "
                     "Testun plaen yw straeon: tynnwch y cromfachau cyrliog allan.",
                     "Chewch chi ddim defnyddio dolenni sy’n dechrau â ‘javascript:’. Defnyddiwch "
                     "gyfeiriad gwe sy’n dechrau â https://.",
                     "Chewch chi ddim defnyddio lluniau o wefannau eraill, a does dim modd i’r "
                     "ffurflen hon ychwanegu lluniau. Tynnwch allan y rhan sy’n dechrau â ‘![’. "
                     "Gallwch chi anfon lluniau aton ni drwy e-bost.",
                     "Y dyddiad y cafodd y stori ei hadrodd: mae’r dyddiad yn y dyfodol. Gwiriwch "
                     "y flwyddyn a’r mis.",
                     "Y dyddiad y gwnaethoch gytuno: rhowch ddyddiad go iawn, er enghraifft "
                     "27 3 2024.",
                     "Rhowch god iaith fel en neu cy."):
        assert expected in errors, expected
    shown += errors

    # A story the form accepts, with details to check before sending, then the file.
    page.fill("#sf-title", "Y cyfarfod cyntaf")  # a story of the archive already has it
    assert _submit(page)[0] == ("Mae gan stori arall y teitl hwn yn barod. Rhowch deitl gwahanol "
                                "i’ch un chi.")
    page.fill("#sf-title", "Cyfarfod yn y capel")
    assert page.inner_text("#sf-filename") == "Enw’r ffeil fydd stories/cyfarfod-yn-y-capel.md."
    page.fill("#sf-summary", "Stori fer.")
    page.fill("#sf-body", "Ffoniwch fi ar 07700 900123.")
    page.fill("#sf-place", "Aberystwyth SY23 3DD")
    page.fill("#sf-told-year", "2024")
    page.fill("#sf-consent_date-day", "1")
    page.fill("#sf-lang", "cy")
    for box in ("#sf-perspective-lived-experience", "#sf-principles-respect", "#sf-agree"):
        page.check(box)
    page.click("#sf-submit")
    page.wait_for_selector("#share-result:not([hidden])")
    warnings = page.locator("#share-warnings li").all_inner_texts()
    assert warnings == [
        "Y lle: mae rhywbeth sy’n edrych fel cod post yn y DU yma: ‘SY23 3DD’. Tynnwch ef allan "
        "oni bai eich bod yn hapus i bawb ei weld.",
        "Eich stori: mae rhywbeth sy’n edrych fel rhif ffôn yma: ‘07700 900123’. Tynnwch ef allan "
        "oni bai eich bod yn hapus i bawb ei weld."]
    notes = [page.inner_text("#share-email-note"), page.inner_text("#share-github-note")]
    assert notes == ["Y cyfeiriad yw straeon@example.org.",
                     "Does dim prosiect GitHub wedi’i osod ar gyfer y wefan hon."]
    mail = parse_qs(urlsplit(page.get_attribute("#share-email", "href")).query)
    assert mail["subject"] == ["Fy stori ar gyfer yr archif: Cyfarfod yn y capel"]
    assert mail["body"][0].startswith("Helo. Dyma fy stori ar gyfer yr archif, fel ffeil stori.")
    # The file itself is in no language: its keys are the content model's.
    assert page.input_value("#share-output").startswith('---\ntitle: "Cyfarfod yn y capel"\n')
    with page.expect_download():
        page.click("#share-download")
    status = "Wedi lawrlwytho cyfarfod-yn-y-capel.md. Cadwch hi rywle diogel."
    expect(page.locator("#share-status")).to_have_text(status)  # said after a moment
    shown += warnings + notes + mail["subject"] + [mail["body"][0].split("\n")[0], status]
    context.close()
    assert _no_english(shown, "Cyfarfod yn y capel", "javascript", "cyfarfod-yn-y-capel.md") == {}


def test_the_welsh_pack_speaks_welsh(welsh) -> None:
    base, browser = welsh
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    shown = []
    page.goto(base + "stories/y-cyfarfod-cyntaf/")
    toggle = page.locator(".voices-pack-toggle")
    toggle.wait_for(state="visible")
    assert toggle.inner_text() == "Ychwanegu at fy mhecyn"
    assert page.inner_text(".voices-pack-open") == "Agor fy mhecyn"
    toggle.click()
    status = page.locator(".md-content [role=status]")
    assert toggle.inner_text() == "Yn fy mhecyn ✓"
    assert status.inner_text() == ("Mae ‘Y cyfarfod cyntaf’ yn eich pecyn nawr. Mae 1 eitem yn "
                                   "eich pecyn (1 stori, 0 cwestiwn).")
    assert page.inner_text(".voices-pack-open") == "Agor fy mhecyn (1 eitem)"
    shown += [status.inner_text(), page.inner_text(".voices-pack-open")]

    page.goto(base + "principles/respect/")
    second = page.locator(".voices-pack-toggle").nth(1)
    assert second.text_content() == "Ychwanegu at fy mhecyn, cwestiwn 2"  # hidden words too
    second.click()
    assert page.inner_text(".md-content [role=status]") == (
        "Mae’r cwestiwn hwn yn eich pecyn nawr. Mae 2 eitem yn eich pecyn (1 stori, 1 cwestiwn).")
    second.click()
    assert page.inner_text(".md-content [role=status]").startswith(
        "Dydy’r cwestiwn hwn ddim yn eich pecyn mwyach.")
    second.click()
    shown.append(page.inner_text(".md-content [role=status]"))

    page.goto(base + "guides/my-pack/")
    page.wait_for_selector(".voices-pack-story article.voices-story")
    question = page.locator(".voices-pack-item--question")
    assert question.locator(".voices-pack-from").inner_text() == (
        "Cwestiwn i fyfyrio arno, o’r dudalen Respect")
    buttons = question.locator("button").all_text_contents()
    assert buttons == ["Symud i fyny cwestiwn: When did you last see it?",
                       "Symud i lawr cwestiwn: When did you last see it?",
                       "Tynnu allan cwestiwn: When did you last see it?"]
    assert question.locator("[role=group]").get_attribute("aria-label") == "Cwestiwn"
    pack_status = page.locator("#voices-pack-status")
    assert pack_status.inner_text() == "Mae 2 eitem yn eich pecyn (1 stori, 1 cwestiwn)."
    question.locator("[data-pack-action=up]").click()
    assert pack_status.inner_text() == ("Mae’r cwestiwn yn rhif 1 o 2 nawr. Mae 2 eitem yn eich "
                                        "pecyn (1 stori, 1 cwestiwn).")
    page.locator(".voices-pack-item--story [data-pack-action=remove]").click()
    assert pack_status.inner_text() == ("Wedi tynnu ‘Y cyfarfod cyntaf’ allan. Mae 1 eitem yn "
                                        "eich pecyn (0 stori, 1 cwestiwn).")
    shown += [pack_status.inner_text(), *buttons]
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.accept()))
    page.click("#voices-pack-clear")
    assert asked == ["Tynnu popeth allan o’ch pecyn?"]
    assert pack_status.inner_text() == "Mae’ch pecyn yn wag."
    # A story no longer on the site.
    page.evaluate("localStorage.setItem('voices-pack', JSON.stringify({version: 1, items: "
                  "[{kind: 'story', id: 'wedi-mynd', title: 'Wedi mynd'}]}))")
    page.reload()
    gone = page.locator(".voices-pack-missing")
    gone.wait_for()
    assert gone.inner_text().startswith("Dydy’r stori hon ddim ar y wefan bellach")
    shown += [*asked, pack_status.inner_text(), gone.inner_text()]
    context.close()
    assert _no_english(shown, "Y cyfarfod cyntaf", "Respect", "When did you last see it?") == {}
