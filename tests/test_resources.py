"""The further reading page: its entries checked as data, rendered by kind with safe links; and
the page on joining or starting a safe space group, both in the site's menu."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, TODAY, write_archive
from voices.build.build import PAGE_DATA
from voices.cli import main
from voices.core.archive import load_archive
from voices.core.problems import ERROR, WARNING
from voices.core.resources import KINDS, RESOURCES_FILE, Resource, load_resources
from voices.site.pages import Renderer

ENTRY = ("  - name: A guide\n    offers: Read it.\n    url: https://example.org/\n"
         "    kind: reading\n")


def resources_file(entries: str) -> str:
    return f"---\ntitle: Further reading\nresources:\n{entries}---\nSome text.\n"


def problems_of(tmp_path: Path, text: str) -> list:
    root = write_archive(tmp_path, {RESOURCES_FILE: text})
    return [p for p in load_archive(root, TODAY).problems if p.path == RESOURCES_FILE]


def test_the_repository_lists_its_resources_without_a_problem():
    resources, problems = load_resources(REPO)
    assert problems == []
    names = [r.name for r in resources]
    assert "Co-Production Collective" in names and "Poverty Truth Network" in names
    assert any(name.startswith("No More Throw-Away People") for name in names)
    assert {r.kind for r in resources} == set(KINDS)
    assert all(r.url.startswith("https://") for r in resources)


def test_the_repository_names_only_what_the_seed_documents_name():
    """Each entry holds one of the names the project's source documents give (the list below is
    taken from them): the page is no place for links nobody chose with care."""
    named = ["Co-Pro Stories", "No More Throw-Away People", "Creative Research Methods",
             "SAGE Handbook of Action Research", "Three Approaches to Participative Inquiry",
             "trauma informed co-production guidance", "Becoming a Trauma Informed System",
             "trauma informed language guide", "Co-production and participatory research",
             "Introduction to co-production and participatory research",
             "Co-Production Collective", "People's Voice Media", "Poverty Truth Network",
             "Revolving Doors Agency", "Wandsworth Community Empowerment Network",
             "May Day Trust", "SCIE", "MEAM", "Homeless Link", "Get Yourself Active",
             "The National Lottery Community Fund"]
    for resource in load_resources(REPO)[0]:
        assert any(n.lower() in resource.name.lower() for n in named), resource.name


@pytest.mark.parametrize("entries, rule, line, hint", [
    # Line 4 is the entry's first line: a missing field is a problem of the whole entry.
    ("  - offers: Read.\n    url: https://example.org/\n    kind: reading\n",
     "missing-name", 4, "Add 'name: ...'"),
    ("  - name: A guide\n    offers: Read.\n    kind: reading\n", "missing-url", 4, "https://"),
    ("  - name: A guide\n    offers: Read.\n    url: https://example.org/\n",
     "missing-kind", 4, "'organisation' or 'reading'"),
    ("  - name: A guide\n    offers:\n    url: https://example.org/\n    kind: reading\n",
     "missing-offers", 5, "what a reader finds there"),
    ("  - name: A guide\n    offers: Read.\n    url: http://example.org/\n    kind: reading\n",
     "bad-url", 6, "'https://' instead of 'http://'"),
    ("  - name: A guide\n    offers: Read.\n    url: javascript:alert(1)\n    kind: reading\n",
     "bad-url", 6, "starting with https://"),
    ("  - name: A guide\n    offers: Read.\n    url: https://example.org/\n"
     "    kind: Organization\n", "bad-kind", 7, "did you mean 'organisation'?"),
    ("  - name: 1984\n    offers: Read.\n    url: https://example.org/\n    kind: reading\n",
     "bad-value", 4, "in quotes"),
    ("  - Co-Production Collective\n", "bad-resource", 4, "'- name: ...'"),
])
def test_bad_entries_are_an_error_at_their_line(tmp_path, entries, rule, line, hint):
    problems = problems_of(tmp_path, resources_file(entries))
    assert [(p.rule, p.severity, p.line) for p in problems] == [(rule, ERROR, line)], problems
    assert hint in problems[0].hint
    assert problems[0].text().startswith(f"{RESOURCES_FILE}:{line}:")


def test_an_unknown_field_is_a_warning_with_a_suggestion(tmp_path):
    problems = problems_of(tmp_path, resources_file(ENTRY + "    ofers: More.\n"))
    assert [(p.rule, p.severity, p.line, p.col) for p in problems] == [
        ("unknown-field", WARNING, 8, 5)]
    assert "did you mean 'offers'?" in problems[0].hint


def test_an_entry_listed_twice_is_a_warning_at_the_second(tmp_path):
    problems = problems_of(tmp_path, resources_file(ENTRY + ENTRY.replace("A guide", "a  GUIDE")))
    assert [(p.rule, p.severity, p.line) for p in problems] == [
        ("duplicate-resource", WARNING, 8)]
    assert len(load_resources(tmp_path)[0]) == 1


def test_the_page_must_list_something(tmp_path):
    problems = problems_of(tmp_path, "---\ntitle: Further reading\n---\nText.\n")
    assert [p.rule for p in problems] == ["missing-resources"]
    problems = problems_of(tmp_path, "---\ntitle: Reading\nresources: SCIE\n---\nText.\n")
    assert [(p.rule, p.line, p.col) for p in problems] == [("not-a-list", 3, 12)]


def test_markup_in_an_entry_is_refused_as_in_any_front_matter(tmp_path):
    problems = problems_of(tmp_path, resources_file(ENTRY.replace("Read it.", "<b>Read</b>")))
    assert [(p.rule, p.line) for p in problems] == [("raw-html", 5)]


def test_voices_check_reports_a_bad_entry_with_its_line_and_hint(tmp_path, capsys):
    root = write_archive(tmp_path, {RESOURCES_FILE: resources_file(
        ENTRY.replace("kind: reading", "kind: readin"))})
    assert main(["--root", str(root), "check", "--today", TODAY.isoformat()]) == 1
    out = capsys.readouterr().out
    assert (f"{RESOURCES_FILE}:7:11: error: 'readin' is not a kind of entry. [bad-kind]\n"
            "  hint: did you mean 'reading'? ") in out


def test_an_archive_without_a_resources_page_has_nothing_to_check(tmp_path):
    assert load_resources(write_archive(tmp_path)) == ([], [])


def test_entries_are_escaped_and_grouped_by_kind(tmp_path):
    root = write_archive(tmp_path)
    entries = [Resource("Fish & Chips Trust", "Talk, 5 < 6.", "https://www.example.org/a?b=1&c=2",
                        "organisation"),
               Resource("A book", "Read it.", "https://books.example.org/", "reading")]
    html = Renderer(load_archive(root).archive).resources(entries)
    page = BeautifulSoup(html, "html.parser")
    assert "Fish &amp; Chips Trust" in html and "5 &lt; 6" in html
    # Reading first, then organisations, whatever the order of the list.
    assert [h.get_text() for h in page.select("h2")] == list(KINDS.values())
    sections = page.select("section")
    assert [h.get_text() for h in sections[1].select("h3")] == ["Fish & Chips Trust"]
    assert sections[1]["aria-labelledby"] == sections[1].h2["id"]
    links = {a.get_text(): a["href"] for a in page.select("a")}
    assert links == {"example.org": "https://www.example.org/a?b=1&c=2",
                     "books.example.org": "https://books.example.org/"}
    assert Renderer(load_archive(root).archive).resources([]) == ""


def test_page_data_maps_each_data_page_to_its_loader_and_renderer():
    assert {src: (load.__name__, render.__name__) for src, (load, render) in
            PAGE_DATA.items()} == {"support.md": ("load_support", "support"),
                                   "resources.md": ("load_resources", "resources")}


def test_the_menu_has_both_pages_beside_safe_spaces_and_about():
    class _Env(yaml.SafeLoader):  # mkdocs.yml uses !ENV, which plain YAML does not know
        pass

    _Env.add_constructor("!ENV", lambda loader, node: None)
    nav = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Env)["nav"]
    sections = {next(iter(item)): next(iter(item.values())) for item in nav}
    assert {"Join or start a group": "groups.md"} in sections["Safe spaces"]
    assert {"About safe spaces": "safe-spaces.md"} in sections["Safe spaces"]
    assert {"Further reading": "resources.md"} in sections["About"]


def _content(site: Path, page: str) -> BeautifulSoup:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def test_the_resources_page_shows_its_text_then_the_entries(default_site):
    content = _content(default_site, "resources")
    text = content.get_text(" ", strip=True)
    assert text.index("go further") < text.index("Books, guides and reports") < \
        text.index("Organisations")
    cards = content.select(".voices-resources-list > li")
    assert len(cards) == len(load_resources(REPO)[0])
    links = [a["href"] for a in content.select(".voices-resources a")]
    assert links and all(href.startswith("https://") for href in links)
    assert "Co-Production Collective" in [h.get_text() for h in content.select("h3")]


def test_the_groups_page_says_who_comes_and_how_to_get_in_touch(default_site):
    content = _content(default_site, "groups")
    text = " ".join(content.get_text(" ", strip=True).split())
    assert "15 to 20 people" in text and "Cocreation Anonymous" in text
    for who in ("commissioners", "people who run services or work in them",
                "people who have used services", "people who have lived through tough times"):
        assert who in text
    mail = content.select_one('a[href^="mailto:"]')
    assert mail["href"].startswith("mailto:stories@voices.example.org?subject=")
    hrefs = {a["href"] for a in content.select("a")}
    assert {"../guides/safe-space-session-pack/", "../support/", "../resources/"} <= hrefs
    assert [h.get_text() for h in content.select("h2")] == [
        "The idea behind the groups", "What we can offer", "How to get in touch",
        "What a first meeting needs"]
