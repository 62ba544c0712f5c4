"""Translations: a story file that translates another (`translation_of`), checked by the same
rules as easy reads (core/companions.py). Each problem with the name is an error at its line
with a hint; the stories on the web are indexed as a family, both ways; a story page's draft
carries the links to the others, each in its own language (site/languages.py)."""

from __future__ import annotations

import pytest
from conftest import REPO, TODAY, story_text, write_archive
from voices.cli import main
from voices.core.archive import load_archive
from voices.site import languages
from voices.site.pages import Renderer

LINE, COL = 15, 17  # where translation_of's value starts in translated() below
WITHDRAWN = "---\nstatus: withdrawn\nwithdrawn: 2025-01-01\n---\n"


def translated(title: str, of: str, lang: str = "cy", scope: str = "[web, print]",
               extra: str = "") -> str:
    return story_text(title, scope=scope).replace(
        "illustrative: true\n", f"illustrative: true\ntranslation_of: {of}\nlang: {lang}\n{extra}")


def _report(root, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "check", "--today", TODAY.isoformat()])
    return code, capsys.readouterr().out


# --- The checker ------------------------------------------------------------------------------

CASES = {  # rule -> files, the file reported, words the message and the hint must hold
    "translation-unknown": ({"stories/tea.md": story_text("Tea"),
                             "stories/tea-cy.md": translated("Te", "tae")},
                            "stories/tea-cy.md", "'tae'", "Did you mean 'tea'?"),
    "translation-withdrawn": ({"stories/tea.md": WITHDRAWN,
                               "stories/tea-cy.md": translated("Te", "tea")},
                              "stories/tea-cy.md", "withdrawn", "voices withdraw tea-cy"),
    "translation-chain": ({"stories/tea.md": story_text("Tea"),
                           "stories/tea-cy.md": translated("Te", "tea"),
                           "stories/tea-pl.md": translated("Herbata", "tea-cy", "pl")},
                          "stories/tea-pl.md", "itself a translation (of 'tea')",
                          "translation_of: tea"),
    "translation-twice": ({"stories/tea.md": story_text("Tea"),
                           "stories/tea-cy.md": translated("Te", "tea"),
                           "stories/tea-cymraeg.md": translated("Paned", "tea")},
                          "stories/tea-cymraeg.md", "translation into 'cy': stories/tea-cy.md",
                          "one translation into each language"),
    "translation-self": ({"stories/tea-cy.md": translated("Te", "tea-cy")},
                         "stories/tea-cy.md", "its own translation", "file name"),
    "translation-same-lang": ({"stories/tea.md": story_text("Tea"),
                               "stories/tea-again.md": translated("Tea again", "tea", "en")},
                              "stories/tea-again.md", "both in the language 'en'",
                              "Set this file's lang"),
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


def test_a_refused_translation_is_left_out(tmp_path) -> None:
    root = write_archive(tmp_path, CASES["translation-twice"][0])
    archive = load_archive(root, today=TODAY).archive
    assert "tea-cymraeg" not in archive.stories
    assert archive.translations == {"tea": [("cy", "tea-cy")], "tea-cy": [("en", "tea")]}


def test_a_family_is_indexed_both_ways_the_original_first(tmp_path, capsys) -> None:
    root = write_archive(tmp_path, {"stories/tea.md": story_text("Tea"),
                                    "stories/tea-pl.md": translated("Herbata", "tea", "pl"),
                                    "stories/tea-cy.md": translated("Te", "tea")})
    code, out = _report(root, capsys)
    assert code == 0, out
    archive = load_archive(root, today=TODAY).archive
    assert archive.translations == {
        "tea": [("cy", "tea-cy"), ("pl", "tea-pl")],
        "tea-cy": [("en", "tea"), ("pl", "tea-pl")],
        "tea-pl": [("en", "tea"), ("cy", "tea-cy")],
    }
    assert archive.stories["tea-cy"].translation_of == "tea"
    # Each has a place of its own in the lists; its translations are not its "related" stories.
    for sid in ("tea", "tea-cy", "tea-pl"):
        assert not {s.id for s in archive.related[sid]} & {"tea", "tea-cy", "tea-pl"}


def test_only_stories_on_the_web_are_linked(tmp_path) -> None:
    root = write_archive(tmp_path, {
        "stories/tea.md": story_text("Tea", scope="[print]"),
        "stories/tea-cy.md": translated("Te", "tea"),
        "stories/tea-pl.md": translated("Herbata", "tea", "pl"),
        "stories/cake.md": story_text("Cake"),
        "stories/cake-cy.md": translated("Cacen", "cake", scope="[print]"),
    })
    loaded = load_archive(root, today=TODAY)
    assert loaded.ok, loaded.problems
    assert loaded.archive.translations == {}  # each pair needs both on the web


def test_a_story_may_have_an_easy_read_and_translations(tmp_path, capsys) -> None:
    easy = story_text("Tea easy").replace("illustrative: true\n",
                                          "illustrative: true\neasy_read_of: tea\n")
    root = write_archive(tmp_path, {"stories/tea.md": story_text("Tea"),
                                    "stories/tea-easy.md": easy,
                                    "stories/tea-cy.md": translated("Te", "tea"),
                                    "stories/tea-easy-cy.md": translated("Te hawdd", "tea-easy")})
    code, out = _report(root, capsys)
    assert code == 0, out
    archive = load_archive(root, today=TODAY).archive
    assert archive.easy_read == {"tea": "tea-easy", "tea-easy": "tea"}
    assert archive.translations["tea"] == [("cy", "tea-cy")]
    assert archive.translations["tea-easy"] == [("cy", "tea-easy-cy")]  # an easy read's own
    assert not {s.id for s in archive.related["tea"]} & {"tea-easy", "tea-cy"}
    draft = Renderer(archive).story_draft(archive.stories["tea"])
    assert draft.context["companion"].id == "tea-easy"
    assert [(t.id, words) for t, words in draft.context["translations"]] == [
        ("tea-cy", "Darllenwch y stori hon yn Gymraeg")]


def test_the_draft_names_each_language_in_itself_and_knows_the_sites(tmp_path) -> None:
    root = write_archive(tmp_path, {"stories/tea.md": story_text("Tea"),
                                    "stories/tea-cy.md": translated("Te", "tea")})
    archive = load_archive(root, today=TODAY).archive
    draft = Renderer(archive).story_draft(archive.stories["tea-cy"])
    [(card, words)] = draft.context["translations"]
    assert (card.id, card.lang, card.body, words) == ("tea", "en", "", "Read this story in English")
    assert draft.context["site_lang"] == "en" and draft.lang == "cy"
    # The site's language is part of what every page is made from: Draft.key sees it.
    welsh_site = Renderer(archive, language="cy").story_draft(archive.stories["tea-cy"])
    assert welsh_site.context["site_lang"] == "cy" and welsh_site.key() != draft.key()


def test_language_names_fall_back_to_the_code() -> None:
    assert languages.read_in("cy") == "Darllenwch y stori hon yn Gymraeg"
    assert languages.read_in("en-GB") == "Read this story in English"
    assert languages.read_in("gd") == "Gàidhlig"  # named, with no sentence yet
    assert languages.read_in("xx") == "xx" and languages.name("xx") == "xx"


def test_the_samples_are_a_welsh_story_and_its_english_translation() -> None:
    loaded = load_archive(REPO, today=TODAY)
    archive = loaded.archive
    pairs = [s for s in archive.stories.values() if s.translation_of]
    assert pairs, "no sample translation"
    for story in pairs:
        original = archive.stories[story.translation_of]
        assert (original.lang, story.lang) == ("cy", "en")
        assert story.illustrative and original.illustrative
        assert story.consent == original.consent  # the same storyteller, the same consent
        assert archive.translations[story.id] == [("cy", original.id)]
        assert archive.translations[original.id] == [("en", story.id)]
