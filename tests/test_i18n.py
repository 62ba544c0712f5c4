"""The words Voices adds to a site come from a message catalogue (scripts/voices/site/i18n.py):
the template holds every message of the package's templates and code, the Welsh catalogue
translates each one, and a site built with `theme.language: cy` is Welsh throughout, Material's
own words included, while the archive's own words stay as written. Real strict MkDocs builds,
real Chromium (axe) on a Welsh story page and the Welsh finder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import mkdocs_build, story_text, write_archive

from voices.site import i18n

WELSH = i18n.LOCALE_DIR / "cy" / "LC_MESSAGES" / "voices.po"
# What a message holds besides its words: %(name)s placeholders, Pagefind's [TOKENS], HTML tags.
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\[[A-Z_]+\]")
_TAG = re.compile(r"<[^>]+>")


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _shape(text: str) -> tuple[list[str], list[str]]:
    """The placeholders a text uses (as a set) and its HTML tags (in order)."""
    return (sorted({m.group(0).replace(")d", ")s") for m in _PLACEHOLDER.finditer(text)}),
            _TAG.findall(text))


# --- the catalogue --------------------------------------------------------------------------


def test_the_template_holds_every_message_of_the_package() -> None:
    """voices.pot is what `python -m voices.site.i18n extract` writes: the same extraction."""
    extracted = {_key(m): m.id for m in i18n.messages(i18n.extract())}
    with i18n.TEMPLATE.open("rb") as f:
        template = {_key(m): m.id for m in i18n.messages(read_po(f))}
    hint = " (run: python -m voices.site.i18n extract, then ... update, and translate)"
    assert sorted(extracted.keys() - template.keys()) == [], "missing from voices.pot" + hint
    assert sorted(template.keys() - extracted.keys()) == [], "gone from the code" + hint
    assert extracted == template  # plurals too
    assert len(template) > 150


def test_the_welsh_catalogue_translates_every_message() -> None:
    with i18n.TEMPLATE.open("rb") as f:
        template = {_key(m): m for m in i18n.messages(read_po(f))}
    with WELSH.open("rb") as f:
        welsh = read_po(f, locale="cy")
    # Welsh has six plural forms (zero, one, two, few, many, other): Babel's, from CLDR.
    assert welsh.num_plurals == 6
    translated = {_key(m): m for m in i18n.messages(welsh)}
    untranslated = sorted(key for key in template if key not in translated
                          or translated[key].fuzzy
                          or not all(translated[key].string if isinstance(translated[key].string,
                                                                           tuple)
                                     else [translated[key].string]))
    assert untranslated == [], f"{len(untranslated)} untranslated in {WELSH.name}"
    assert sorted(translated.keys() - template.keys()) == [], "translations of no message"
    wrong = []
    for key, message in translated.items():
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        placeholders = sorted({p for i in ids for p in _shape(i)[0]})
        for form in forms:
            used, tags = _shape(form)
            # A singular form may leave out its number; every other must keep each name.
            if not set(used) <= set(placeholders) or (len(forms) == 1 and used != placeholders):
                wrong.append((key, "placeholders", used))
            if sorted(tags) != sorted(_shape(ids[0])[1]):
                wrong.append((key, "HTML", tags))
    assert wrong == []


def test_a_welsh_catalogue_is_read_at_run_time_and_english_is_as_written() -> None:
    welsh, english = i18n.translations("cy"), i18n.translations("en")
    assert welsh.gettext("Told by") == "Adroddwr"
    assert welsh.gettext("Told by") == i18n.translations("cy-GB").gettext("Told by")
    assert english.gettext("Told by") == "Told by" == i18n.translations("xx").gettext("Told by")
    assert [welsh.ngettext("%(num)d story", "%(num)d stories", n) % {"num": n}
            for n in (1, 3)] == ["1 stori", "3 stori"]
    assert english.ngettext("%(num)d story", "%(num)d stories", 3) % {"num": 3} == "3 stories"
    forms = i18n.plural_forms("cy", lambda n: welsh.ngettext("%(num)s story", "%(num)s stories",
                                                             n) % {"num": "{n}"})
    assert set(forms) == {"zero", "one", "two", "few", "many", "other"}


# --- a Welsh site ----------------------------------------------------------------------------

# The archive's own words: mostly Welsh, as a Welsh archive's are, and one story in English.
STORY_CY = story_text("Y cyfarfod cyntaf").replace(
    "summary: A story about Y cyfarfod cyntaf.", "summary: Stori am gyfarfod yn y festri.").replace(
    "This is the story of Y cyfarfod cyntaf. It has a few plain words in it.",
    "Roedd y festri yn oer. Siaradodd pawb am yr MDT.").replace(
    "place: Leeds", "place: Aberystwyth\nlang: cy\ncontent_notes: [bereavement]\n"
    "aliases: [hen-gyfarfod]").replace(
    "illustrative: true\n", "illustrative: true\nupdates:\n  - date: 2025-01-02\n"
    "    text: Cawsom gyfarfod arall.\n", 1)
STORY_EN = story_text("The first meeting", principles="[respect, relationships]")
GUIDE = """\
---
title: Pecyn sesiwn
summary: Popeth sydd ei angen ar gyfer sesiwn.
layout: pack
lang: cy
notes: |
  Darllenwch y straeon yn gyntaf.
principles: [respect]
stories:
  - id: y-cyfarfod-cyntaf
    questions:
      - Beth oedd yn anodd?
questions:
  - Beth nesaf?
---
Canllaw i grwpiau.
"""
SUPPORT = """\
---
title: Cymorth
services:
  - name: Samaritans
    offers: Rhywun i wrando.
    phone: "116 123"
    hours: Bob amser
    url: https://www.samaritans.org/
  - name: Shout
    offers: Cymorth drwy neges destun.
    text: "SHOUT to 85258"
    hours: Bob amser
---
Os ydych chi mewn perygl, ffoniwch 999.
"""
RESOURCES = """\
---
title: Darllen pellach
resources:
  - name: Llyfr da
    offers: Llyfr am gydgynhyrchu.
    url: https://www.example.org/
    kind: reading
  - name: Mudiad
    offers: Mudiad sy'n gwneud y gwaith.
    url: https://www.example.com/
    kind: organisation
---
Rhagor i'w ddarllen.
"""
GLOSSARY = "mdt:\n  term: MDT\n  also: [multi-disciplinary team]\n  meaning: Tîm o weithwyr.\n"
FILES = {
    "stories/y-cyfarfod-cyntaf.md": STORY_CY,
    "stories/the-first-meeting.md": STORY_EN,
    "stories/_glossary.yml": GLOSSARY,
    "content/index.md": "---\ntitle: Hafan\n---\nCroeso i'r archif.\n\n## Amdanom ni\n\nArchif.\n",
    "content/support.md": SUPPORT,
    "content/resources.md": RESOURCES,
    "content/guides/index.md": "---\ntitle: Canllawiau\n---\nCanllawiau i'w hargraffu.\n",
    "content/guides/pecyn.md": GUIDE,
}


@pytest.fixture(scope="module")
def welsh_site(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("cy") / "archive", FILES, site=True)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("custom_dir: theme", "custom_dir: theme\n"
                                                 "  language: cy")
                      + "extra:\n  voices:\n    feedback_email: adborth@example.org\n")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def _archive_words(root: Path) -> list[str]:
    """Every text the archive itself writes (front matter values, Markdown lines, YAML data,
    mkdocs.yml's values), longest first: these stay as written on a Welsh site."""
    words: set[str] = set()

    def leaves(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                leaves(key)
                leaves(item)
        elif isinstance(value, list):
            for item in value:
                leaves(item)
        elif isinstance(value, str | int) and not isinstance(value, bool):
            words.add(str(value))

    for path in root.rglob("*"):
        if "site" in path.relative_to(root).parts or path.suffix not in (".md", ".yml"):
            continue
        text = path.read_text(encoding="utf-8")
        head, body = (text.split("---\n", 2)[1:] if text.startswith("---\n") else ("", text)) \
            if path.suffix == ".md" else (text, "")
        leaves(yaml.safe_load(head) or {})
        for line in body.splitlines():
            words.add(re.sub(r"^\s*(?:[-*>#]+|\d+\.)\s*|[*_`]", "", line).strip())
    # Summaries a page writes in lower case without their full stop ("This story talks
    # about ..."): the content notes' summaries, as story.html shows them.
    words |= {w.lower().replace("mentions of ", "").rstrip(".") for w in set(words)}
    return sorted((w for w in words if w.strip()), key=len, reverse=True)


def _visible(html: str) -> str:
    """A page's text as a reader or a screen reader meets it, attributes that name things
    included; scripts, styles and the story text (the archive's own) left out."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "noscript", "template", "svg"]):
        element.decompose()
    names = [el.get(attr, "") for attr in ("aria-label", "title", "alt", "placeholder", "label")
             for el in soup.find_all(attrs={attr: True})]
    return " ".join([soup.get_text(" "), *names])


def _english(catalogue) -> list[tuple[str, re.Pattern]]:
    """For each message, its English words as patterns: the parts between its placeholders and
    tags that its Welsh translation does not also use (names, "PDF", "GitHub")."""
    out = []
    for message in i18n.messages(catalogue):
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        welsh = " ".join([message.string] if isinstance(message.string, str)
                         else message.string)
        for text in ids:
            for part in re.split(r"%\(\w+\)[sd]|\[[A-Z_]+\]|<[^>]+>", text):
                part = " ".join(part.split()).strip(" .,:;()“”")
                if len(part) < 2 or part in welsh or not re.search(r"[A-Za-z]{2}", part):
                    continue
                out.append((part, re.compile(r"(?<![\w’'])" + re.escape(part) + r"(?![\w’'])")))
    return out


def test_a_welsh_site_is_welsh_throughout(welsh_site: Path) -> None:
    site = welsh_site / "site"
    with WELSH.open("rb") as f:
        english = _english(read_po(f, locale="cy"))
    archive = _archive_words(welsh_site)
    pages = sorted(p for p in site.rglob("*.html")
                   if p.relative_to(site).parts[0] not in ("pagefind", "assets"))
    generated = {"stories/y-cyfarfod-cyntaf/index.html", "finder/index.html",
                 "search/index.html", "matrix/index.html", "principles/respect/index.html",
                 "glossary/index.html", "content-model/index.html", "perspectives/index.html",
                 "guides/pecyn/print/index.html", "support/index.html", "resources/index.html",
                 "stories/hen-gyfarfod/index.html", "404.html"}
    assert generated <= {p.relative_to(site).as_posix() for p in pages}
    found = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        text = " ".join(_visible(html).split())
        for words in archive:  # the archive's own words stay as written: not ours to check
            text = re.sub(r"(?<!\w)" + re.escape(words) + r"(?!\w)", " ", text)
        left = sorted({part for part, pattern in english if pattern.search(text)})
        if left:
            found[page.relative_to(site).as_posix()] = left
        # The site's language, on the page or (a story told in another) on its body, where
        # the theme's words are; a guide's print page takes the guide's (this one's: cy).
        if not re.search(r'<(html|body)[^>]* lang="cy"', html):
            found.setdefault(page.relative_to(site).as_posix(), []).append("lang")
    assert found == {}, found


def test_the_welsh_pages_say_it_in_welsh(welsh_site: Path) -> None:
    site = welsh_site / "site"
    story = (site / "stories" / "y-cyfarfod-cyntaf" / "index.html").read_text()
    text = " ".join(BeautifulSoup(story, "html.parser").get_text(" ").split())
    # Material's own words, from its Welsh language file (its skip link is on a page whose
    # Markdown has headings, as the home page's), and ours.
    assert 'aria-label="Pennawd"' in story and 'aria-label="Llywio"' in story
    assert "Neidio i'r cynnwys" in (site / "index.html").read_text()
    assert 'aria-label="Chwilio drwy’r straeon"' in story
    for words in ("Adroddwr", "Amser darllen", "Tua 1 munud", "Nodiadau cynnwys:",
                  "Beth ddigwyddodd nesaf", "Geiriau a ddefnyddir yma", "1 Mai 2024",
                  "2 Ionawr 2025", "Os yw stori’n codi teimladau anodd"):
        assert words in text, words
    # Pagefind's filters, by their Welsh names, and what search.js tells Pagefind's box.
    assert 'data-pagefind-filter="egwyddor"' in story
    search = (site / "search" / "index.html").read_text()
    assert '"filter": "egwyddor"' in search and "[COUNT] canlyniad ar gyfer [SEARCH_TERM]" in search
    finder = (site / "finder" / "index.html").read_text()
    assert "Yn dangos {shown} o {n} stori." in BeautifulSoup(finder, "html.parser").find(
        id="voices-finder")["data-strings"]
    # The default names in Welsh; the feed's own words; the PDFs' labels.
    home = (site / "index.html").read_text()
    assert "Fesul egwyddor" in home and "Pob stori (2)" in home
    assert "Diweddariad: Y cyfarfod cyntaf" in (site / "feed.xml").read_text()
    guides = (site / "guides" / "index.html").read_text()
    assert "PDF print bras (A4)" in guides and "Llythyr UDA" in guides
    printed = (site / "guides" / "pecyn" / "print" / "index.html").read_text()
    assert "Stori 1 o 1" in printed and "Nodiadau i’r hwylusydd" in printed


def test_a_welsh_guide_pdf_is_welsh(welsh_site: Path) -> None:
    from pypdf import PdfReader

    pdf = PdfReader(welsh_site / "site" / "guides" / "pecyn" / "pecyn-a4.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert "stori 1 o 1" in text.lower() and "Adroddwr: Sam" in text  # the kicker: capitals
    assert "Tudalen 1 o 2" in text  # its page numbers
    assert "story 1 of" not in text.lower() and "Told by" not in text and "Page 1" not in text


@pytest.mark.parametrize("path", ["stories/y-cyfarfod-cyntaf/", "finder/"])
def test_axe_finds_no_violations_on_welsh_pages(welsh_site: Path, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from browser import DESKTOP, PHONE, chromium, serve
    from test_accessibility import WCAG

    found = {}
    with serve(welsh_site / "site") as base, chromium() as browser:
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            page.goto(base + path)
            if path == "finder/":
                page.wait_for_selector("#voices-finder.voices-finder--js", state="attached")
                assert page.locator("#voices-finder-status").text_content() == \
                    "Yn dangos pob un o’r 2 stori."
            violations = Axe().run(page, options=WCAG).response["violations"]
            if violations:
                found[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                               for v in violations]
            context.close()
    assert found == {}, found
