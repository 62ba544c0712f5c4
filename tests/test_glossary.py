"""The glossary (stories/_glossary.yml): checked as data with a line and a hint for each mistake,
shown A to Z on "Words explained", linked from the first use of each word on story and term
pages (real builds, real Chromium), and explained at the end of each guide's PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, chromium, serve
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import REPO, TODAY, mkdocs_build, story_text, write_archive
from pdfs import pdf_text
from test_build_safety import with_theme
from voices.cli import main
from voices.core.archive import load_archive
from voices.core.glossary import GLOSSARY_FILE, MAX_MEANING, Matcher, load_glossary
from voices.core.model import GlossaryEntry
from voices.site.glossary import by_letter, link_words
from voices.site.pages import Renderer

GLOSSARY = """\
mdt:
  term: MDT
  also: [multi-disciplinary team]
  meaning: Workers from different jobs who plan one person's care together.
stakeholder:
  term: Stakeholder
  meaning: Anyone with an interest in a decision.
tender:
  term: Tender
  meaning: A formal invitation to bid to run a service.
terms-of-reference:
  term: Terms of reference
  also: [ToR]
  meaning: A note of what a group is for and how it works.
zebra:
  term: Zebra crossing
  meaning: A place to cross the road.
"""

MEETING = story_text("The meeting") + """
## A stakeholder heading

The [stakeholder map](https://example.org/stakeholder) came first. Then I was called a
STAKEHOLDER, and later a stakeholder again.

Nobody said what the `ToR` were. The ToR came later, and ToR once more.

The multi-disciplinary team met; the MDT said nothing. Tenderness is not a tender.
"""

RESPECT = """\
---
title: Respect
order: 1
summary: Every stakeholder is heard.
questions:
  - What does Respect mean to you?
  - When did you last see it?
---
Respect starts before the tender is written, with every stakeholder in the room.
"""

PACK = """\
---
title: Meeting pack
layout: pack
stories:
  - the-meeting
---
For a session about meetings.
"""

CARDS = """\
---
title: Cards
layout: cards
principles: all
---
Cut them out.
"""


def _problems(tmp_path: Path, text: str, capsys) -> list[str]:
    root = write_archive(tmp_path / "archive", {GLOSSARY_FILE: text})
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    return [line for line in out.splitlines() if line.startswith(GLOSSARY_FILE)] + [out]


@pytest.mark.parametrize("text, where, rule, words", [
    ("mdt:\n  term: MDT\n  meaning: Short for: a team\n", ":3:", "yaml-syntax",
     "put quotes around a value that contains a colon"),
    ("mdt:\n  term: MDT\n", ":1:1", "missing-meaning", "one or two short sentences"),
    ("mdt:\n  term: MDT\n  meaning:\n", ":3:", "missing-meaning", "Add 'meaning: ...'"),
    ("mdt:\n  also: [multi-disciplinary team]\n  meaning: A team.\n", ":1:1", "missing-term",
     "Add 'term: ...'"),
    ("mdt:\n  term: MDT\n  meaning: One. Two. Three.\n", ":3:22", "meaning-too-long",
     "one or two short sentences"),
    ("mdt:\n  term: MDT\n  meaning: " + "a" * (MAX_MEANING + 5) + "\n", f":3:{12 + MAX_MEANING}",
     "meaning-too-long", "shorter, everyday words"),
    ("mdt:\n  term: MDT\n  meaning: A team.\nteam:\n  term: Team\n  also: [mdt]\n"
     "  meaning: People.\n", ":6:10", "duplicate-glossary-word", "explained once only"),
    ("mdt:\n  term: MDT\n  meaning: A team.\nmdts:\n  term: MDTs\n  meaning: Teams.\n",
     ":5:9", "duplicate-glossary-word", "remove it from one of the two entries"),
    ("mdt:\n  term: MDT\n  meanin: A team.\n", ":3:3", "unknown-field",
     "did you mean 'meaning'?"),
    ("Big Team:\n  term: MDT\n  meaning: A team.\n", ":1:1", "bad-glossary-id",
     "lowercase letters, digits and hyphens"),
    ("mdt:\n  term: no\n  meaning: A team.\n", ":2:9", "bad-value", "put the word in quotes"),
    ("mdt:\n  term: MDT\n  also: 12\n  meaning: A team.\n", ":3:9", "bad-value",
     "put it in quotes"),
    ("mdt: A team.\n", ":1:1", "bad-glossary-entry", "Indent 'term: ...'"),
    ("mdt:\n  term: <b>MDT</b>\n  meaning: A team.\n", ":2:9", "raw-html", "Write plain text"),
])
def test_each_mistake_is_an_error_at_its_line_with_a_hint(tmp_path, capsys, text, where, rule,
                                                         words):
    *lines, out = _problems(tmp_path, text, capsys)
    found = [line for line in lines if f"[{rule}]" in line]
    assert found, out
    assert found[0].startswith(GLOSSARY_FILE + where) and ": error: " in found[0], found
    hint = out.split(found[0], 1)[1].splitlines()[1]
    assert hint.startswith("  hint: ") and words in hint, out


def test_a_long_meaning_is_pointed_at_where_it_runs_over(tmp_path):
    meaning = "\n".join(["    " + " ".join(["word"] * 10)] * 8)  # 8 lines of 49 characters
    root = write_archive(tmp_path, {GLOSSARY_FILE: f"long:\n  term: Long\n  meaning: >\n"
                                                   f"{meaning}\n"})
    problems: list = []
    assert load_glossary(root, problems) == {}
    [problem] = problems
    # Folded, each line is 49 characters and a space: character 300 is on the 7th line (file
    # line 10), its 1st character, in column 5.
    assert (problem.rule, problem.line, problem.col) == ("meaning-too-long", 10, 5)


def test_the_archive_glossary_explains_the_fields_jargon_plainly():
    problems: list = []
    glossary = load_glossary(REPO, problems)
    assert problems == []
    assert len(glossary) >= 30
    words = {w.lower() for e in glossary.values() for w in e.words}
    for wanted in ("commissioning", "commissioner", "co-production", "cocreation",
                   "lived experience", "stakeholder", "outcomes framework", "mdt", "tor",
                   "service user", "provider", "tender", "procurement", "kpi", "safeguarding",
                   "peer support", "steering group", "evaluation", "needs assessment", "pathway",
                   "caseload", "key worker", "engagement", "capacity", "easy read", "advocacy",
                   "consultation", "evidence base", "service specification", "funder", "vcse",
                   "icb"):
        assert wanted in words, wanted
    # Abbreviations are spelled out in their meaning or their other forms.
    assert "multi-disciplinary team" in glossary["mdt"].also
    assert glossary["icb"].meaning.startswith("Integrated care board")
    # The checker holds the meanings short: the archive's own are well inside it.
    assert max(len(e.meaning) for e in glossary.values()) <= MAX_MEANING
    assert list(glossary) == sorted(glossary, key=lambda i: glossary[i].term.lower())


def test_an_archive_without_a_glossary_has_no_page_and_no_links(tmp_path):
    root = write_archive(tmp_path, {"stories/one.md": story_text("One")})
    loaded = load_archive(root, TODAY)
    assert loaded.ok and loaded.archive.glossary == {}
    renderer = Renderer(loaded.archive)
    assert "glossary.md" not in {d.src for d in renderer.drafts(loaded.archive.web)}
    assert "voices-word" not in renderer.story(loaded.archive.stories["one"]).html


ENTRIES = [GlossaryEntry("mdt", "MDT", "A team.", ("multi-disciplinary team",)),
           GlossaryEntry("tender", "Tender", "A bid.", ("invitation to tender",)),
           GlossaryEntry("provider", "Provider", "Who runs it.", ("service provider",))]


def test_words_are_found_whole_in_any_case_with_a_plural_and_longest_form_first():
    matcher = Matcher(ENTRIES)
    assert matcher.used("Tenderness, non-providers and MDTx.") == ()
    assert [e.id for e in matcher.used("two providers' MDTs")] == ["mdt", "provider"]
    assert [e.id for e in matcher.used("an invitation\nto TENDER")] == ["tender"]
    html, linked = link_words("<p>Our service provider, then a provider.</p>", ENTRIES)
    assert linked == ("provider",)
    assert '<a class="voices-word" href="#words-provider" id="used-provider">service provider' \
        in html and html.count("<a ") == 1


def _pattern_reference(matcher: Matcher) -> re.Pattern:
    """What Matcher.find does, as the one pattern it once was (slower to compile than to search):
    any form as a whole word, any case, white space between its words, a plural "s", the
    longest form first."""
    forms = sorted(matcher._words, key=lambda w: (-len(w), w))
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in forms)
    return re.compile(rf"(?<![\w-])({alternatives})s?(?![\w-])", re.IGNORECASE)


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(["service", "Provider", "providers", "s", "-", "_", " ", "\n",
                                 "\u00a0", "MDT", "mdts", "multi-disciplinary", "Team", "x",
                                 "invitation", "\u0130nvitation", "to", "TENDERS", "\u0130",
                                 "é", "1", ".", "'"]),
                max_size=16))
def test_words_are_found_where_the_pattern_they_replace_finds_them(pieces):
    matcher = Matcher(ENTRIES)
    text = "".join(pieces)
    def key(form: str) -> str:  # the pattern reads "İ" as "i", as find() does
        return " ".join("".join(c.lower()[0] for c in form).split())


    expected = [(m.start(), m.end(), matcher._by_word[key(m.group(1))].id)
                for m in _pattern_reference(matcher).finditer(text)]
    assert [(start, end, entry.id) for start, end, entry in matcher.find(text)] == expected


def test_only_the_first_use_in_text_is_linked_never_in_links_headings_code_or_attributes():
    html = ('<h2>The MDT</h2><p><img src="a.png" alt="the MDT"> <a href="/mdt" title="MDT">'
            'MDT</a> <code>MDT</code> and &amp; the <em>MDT</em> met. The MDT again.</p>'
            '<pre>a tender</pre><p>Tender&nbsp;it.</p>')
    out, linked = link_words(html, ENTRIES)
    assert linked == ("mdt", "tender")
    soup = BeautifulSoup(out, "html.parser")
    words = soup.select("a.voices-word")
    assert [a["href"] for a in words] == ["#words-mdt", "#words-tender"]
    assert words[0].parent.name == "em"  # the first use in text: in the emphasis
    # Its name says where it goes, to a screen reader; the search index leaves that out.
    assert words[0].get_text() == "MDT (explained below)"
    assert words[0].span.has_attr("data-pagefind-ignore")
    # Everything else is exactly as it was, character references included.
    assert re.sub(r'<a class="voices-word"[^>]*>(\w+)<span[^>]*>[^<]*</span></a>', r"\1",
                  out) == html


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = with_theme(write_archive(tmp_path_factory.mktemp("glossary") / "archive", {
        GLOSSARY_FILE: GLOSSARY, "stories/the-meeting.md": MEETING,
        "stories/plain.md": story_text("Plain", principles="[relationships]"),
        "principles/respect.md": RESPECT, "content/guides/pack.md": PACK,
        "content/guides/cards.md": CARDS}, site=True))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_words_explained_page_is_a_to_z_with_an_anchor_for_each_word(site):
    soup = _soup(site / "site" / "glossary" / "index.html")
    assert soup.find("h1").get_text(strip=True) == "Words explained"
    content = soup.select_one("article")
    headings = [h.get_text(strip=True) for h in content.find_all("h2")]
    assert headings == ["M", "S", "T", "Z"]
    assert [a["href"] for a in content.select("nav.voices-az a")] == \
        ["#letter-m", "#letter-s", "#letter-t", "#letter-z"]
    assert all(content.find(id=a["href"][1:]) for a in content.select("nav.voices-az a"))
    t_section = content.find(id="letter-t").find_parent("section")
    assert [dt.get_text(strip=True) for dt in t_section.find_all("dt")] == \
        ["Tender", "Terms of reference"]
    tor = content.find(id="terms-of-reference")
    assert tor.dt.get_text() == "Terms of reference"
    assert tor.dd.get_text(" ", strip=True) == \
        "A note of what a group is for and how it works. Also written as: ToR"


def test_story_links_the_first_use_of_each_word_to_its_meaning_at_the_end(site):
    soup = _soup(site / "site" / "stories" / "the-meeting" / "index.html")
    story = soup.select_one("article.voices-story")
    words = story.select("a.voices-word")
    assert [(a["href"], a.contents[0]) for a in words] == [
        ("#words-stakeholder", "STAKEHOLDER"), ("#words-terms-of-reference", "ToR"),
        ("#words-mdt", "multi-disciplinary team"), ("#words-tender", "tender")]
    assert story.find("h2").get_text() == "A stakeholder heading"  # never in a heading
    assert story.find("a", href="https://example.org/stakeholder").get_text() == "stakeholder map"
    assert story.find("code").get_text() == "ToR"
    section = soup.select_one("section.voices-words")
    assert section.find_next_sibling() is None  # the last part of the page's content
    assert section.find("h2").get_text() == "Words used here"
    for a in words:  # each link has its meaning, which links back and on to the glossary
        target = section.find(id=a["href"][1:])
        assert target is not None and target["tabindex"] == "-1"
        back, more = target.find_all("a")
        assert back["href"] == "#" + a["id"]
        page, anchor = more["href"].split("#")
        assert page == "../../glossary/"
        assert _soup(site / "site" / "glossary" / "index.html").find(id=anchor)
    assert "Zebra" not in section.get_text()  # only the words the story uses
    assert "Workers from different jobs" in section.get_text()


def test_term_pages_link_their_words_and_pages_without_any_do_not(site):
    soup = _soup(site / "site" / "principles" / "respect" / "index.html")
    assert [a.get_text(" ", strip=True) for a in soup.select("a.voices-word")] == \
        ["tender (explained below)", "stakeholder (explained below)"]
    assert [dt.get_text(strip=True) for dt in soup.select("section.voices-words dt")] == \
        ["Stakeholder", "Tender"]
    plain = _soup(site / "site" / "stories" / "plain" / "index.html")
    assert not plain.select("a.voices-word") and not plain.select("section.voices-words")


def test_a_page_is_rendered_again_only_when_a_word_it_uses_changes(site, tmp_path):
    def keys(root: Path) -> dict[str, bytes]:
        renderer = Renderer(load_archive(root, TODAY).archive)
        return {d.src: d.key() for d in renderer.drafts(renderer.a.web)}

    first = keys(site)
    path = site / GLOSSARY_FILE
    text = path.read_text()
    try:
        path.write_text(text.replace("A place to cross the road.", "Stripes on a road."))
        second = keys(site)
        assert {src for src in first if first[src] != second[src]} == {"glossary.md"}
        path.write_text(text.replace("Anyone with an interest", "Anybody with an interest"))
        third = keys(site)
        assert {src for src in first if first[src] != third[src]} == \
            {"glossary.md", "stories/the-meeting.md", "principles/respect.md"}
    finally:
        path.write_text(text)


def test_the_offline_copy_links_the_glossary_as_files(site):
    archive = load_archive(site, TODAY).archive
    html = Renderer(archive, directory_urls=False).story(archive.stories["the-meeting"]).html
    assert 'href="../glossary.html#mdt"' in html


def test_keyboard_reaches_a_word_and_enter_moves_focus_to_its_meaning(site):
    with serve(site / "site") as base, chromium() as browser:
        for viewport in (DESKTOP, PHONE):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            page.goto(base + "stories/the-meeting/")
            for _ in range(80):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.classList.contains('voices-word')"):
                    break
            else:
                pytest.fail("Tab never reached a glossary word")
            assert page.evaluate("document.activeElement.id") == "used-stakeholder"
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement.id === 'words-stakeholder'")
            assert page.url.endswith("#words-stakeholder")
            box = page.evaluate("(() => { const r = document.activeElement"
                                ".getBoundingClientRect(); return [r.top, r.bottom]; })()")
            header = page.evaluate("document.querySelector('.md-header').offsetHeight")
            assert header <= box[0] and box[1] <= viewport["height"], box  # in view, not hidden
            # The meaning is lit up (:target), and Tab then Enter goes back to the text.
            assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") \
                != "rgba(0, 0, 0, 0)"
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent") == "Back to the text"
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement.id === 'used-stakeholder'")
            context.close()


def test_guide_pdf_ends_with_the_meanings_of_the_words_it_uses(site):
    text = pdf_text(site / "site" / "guides" / "pack" / "pack-a4.pdf").replace("\u00ad", "")
    text = re.sub(r"\s+", " ", text)
    story_at = text.index("Tenderness is not a tender")
    words_at = text.index("Words explained")
    assert story_at < words_at  # after the stories
    end = text[words_at:]
    for term, meaning in (("MDT", "Workers from different jobs"),
                          ("Stakeholder", "Anyone with an interest"),
                          ("Tender", "A formal invitation to bid"),
                          ("Terms of reference", "A note of what a group is for")):
        assert term in end and meaning in end, term
    assert end.index("MDT") < end.index("Stakeholder") < end.index("Terms of reference")
    assert "Zebra" not in text  # a word the guide does not use


def test_card_sets_explain_their_words_on_the_first_page_and_end_with_cards(site):
    pages = pdf_text(site / "site" / "guides" / "cards" / "cards-a4.pdf").split("\f")
    assert "Words explained" in pages[0] and "Anyone with an interest" in pages[0]
    assert "Tender" not in pages[0]  # on a card, only in Respect's description, not printed
    assert "Every stakeholder is heard." in pages[-1] and "Words explained" not in pages[-1]


def test_letters_group_words_a_to_z_with_others_last():
    entries = [GlossaryEntry("e", "Évaluation", "x"), GlossaryEntry("n", "24/7 line", "x"),
               GlossaryEntry("a", "apple", "x"), GlossaryEntry("b", "Easy read", "x")]
    assert [(letter, [e.id for e in group]) for letter, group in by_letter(entries)] == \
        [("A", ["a"]), ("E", ["b", "e"]), ("#", ["n"])]
