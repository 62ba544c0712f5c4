"""Identifying details (e-mail, phone, postcode, NHS number) in every free-text field and the
body: `voices check` and the share form in headless Chromium run the same shared cases
(fixtures/private_details.json), so the checker and the form cannot drift apart. The checker
must also point at the detail's own line and column, whatever the YAML style of the value."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from browser import DESKTOP, chromium, serve
from conftest import TODAY, story_text, write_archive
from voices.core.archive import load_archive
from voices.core.body import FREE_TEXT_FIELDS
from voices.site.exports import js_regex

CASES = json.loads((Path(__file__).parent / "fixtures" / "private_details.json")
                   .read_text(encoding="utf-8"))
IDS = [f"{i:02}-{case['field']}" for i, case in enumerate(CASES)]
FOUND = re.compile(r"looks like (?:an?) (.+?): '(.*)'\.")  # the kind and the text, both sides


def test_cases_cover_each_kind_in_each_field_and_negatives():
    # The form's boxes; a nested field has none (test_updates.py checks "updates.*.text").
    fields = {*(f for f in FREE_TEXT_FIELDS if "." not in f), "body"}
    kinds = {"e-mail address", "phone number", "UK postcode", "NHS number"}
    covered = {(c["field"], k) for c in CASES for k in c["expect"]}
    assert covered >= {(f, k) for f in fields for k in kinds}
    assert {c["field"] for c in CASES if not c["expect"]} == fields


# --- The checker ----------------------------------------------------------------------------

def _scalar(text: str) -> str:
    """The text as a YAML value: plain where YAML reads it back unchanged, else double-quoted
    (with nothing escaped, so that columns are easy to count)."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    quoted = json.dumps(text, ensure_ascii=False)
    assert quoted[1:-1] == text
    return quoted


def _case_file(i: int, case: dict) -> tuple[str, int, int]:
    """A story with the case's text in its field: the file, and the line and column where the
    text starts in it."""
    head, _ = story_text(f"Case {i}").split("\n---\n", 1)
    if case["field"] == "body":
        return f"{head}\n---\n{case['text']}\n", head.count("\n") + 3, 1
    lines = head.split("\n")
    row = next(n for n, line in enumerate(lines) if line.startswith(case["field"] + ":"))
    value = _scalar(case["text"])
    lines[row] = f"{case['field']}: {value}"
    col = len(case["field"]) + 3 + (value != case["text"])  # after the quote, if any
    return "\n".join(lines) + "\n---\nPlain words.\n", row + 1, col


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[int, list]:
    """Every case as its own story in one archive, checked once: case number -> problems."""
    files = {f"stories/c{i:02}.md": _case_file(i, case)[0] for i, case in enumerate(CASES)}
    root = write_archive(tmp_path_factory.mktemp("private"), files)
    problems = load_archive(root, today=TODAY).problems
    assert [p for p in problems if p.severity == "error"] == []
    return {i: [p for p in problems if p.path == f"stories/c{i:02}.md"]
            for i in range(len(CASES))}


def _python_found(problems: list) -> list[tuple[str, str]]:
    return sorted(FOUND.search(p.message).groups() for p in problems)


@pytest.mark.parametrize("i", range(len(CASES)), ids=IDS)
def test_checker_warns_at_the_detail_itself(i, checked):
    case = CASES[i]
    _, line, col = _case_file(i, case)
    problems = checked[i]
    assert {p.rule for p in problems} <= {"private-detail"}
    assert sorted(kind for kind, _ in _python_found(problems)) == sorted(case["expect"])
    for p in problems:
        kind, text = FOUND.search(p.message).groups()
        offset = case["text"].index(text)
        assert (p.path, p.line, p.col) == (f"stories/c{i:02}.md", line, col + offset), p
        assert p.severity == "warning" and p.message.startswith("This looks like ")
        assert "happy for this to be public" in p.hint


# Each YAML style, with the line the detail is on: its column is where it stands in that line.
# The summary is the story file's line 3.
STYLES = {
    "plain": ("summary: We met at LS1 4AP on Thursdays.", 3, "LS1"),
    "plain-folded": ("summary: We met on Thursdays\n  near the hall, then\n\n  07700 900123",
                     6, "07700"),
    "single-quoted": ("summary: 'It''s at LS1 4AP'", 3, "LS1"),
    "double-quoted": ('summary: "\\"Hi\\" \\u00e9\\t from LS1 4AP"', 3, "LS1"),
    "double-quoted-escaped-break": ('summary: "We met at \\\n    LS1 4AP"', 4, "LS1"),
    "literal": ("summary: |\n  We met on Thursdays.\n  Write to sam@example.org.", 5, "sam@"),
    "folded": ("summary: >-\n  We met on Thursdays\n    and you may\n\n  ring 07700 900123.",
               7, "07700"),
    "indentation-indicator": ("summary: |2\n    Indented first,\n  then 07700 900123", 5,
                              "07700"),
    "keep-and-comment": ("summary: >+ # a comment\n\n   Mail sam@example.org", 5, "sam@"),
}


@pytest.mark.parametrize("style", STYLES)
def test_column_is_right_for_each_yaml_style(style, tmp_path):
    value, line, marker = STYLES[style]
    text = re.sub(r"(?m)^summary: .*$", lambda _: value, story_text("Styled"), count=1)
    root = write_archive(tmp_path, {"stories/styled.md": text})
    problems = [p for p in load_archive(root, today=TODAY).problems
                if p.rule == "private-detail"]
    col = text.split("\n")[line - 1].index(marker) + 1
    assert [(p.line, p.col) for p in problems] == [(line, col)], problems


def test_a_nested_field_and_list_items_can_join_the_list(monkeypatch):
    # Later free-text fields (a recording's caption, the texts of updates) join with one line.
    from voices.core import body, frontmatter

    monkeypatch.setattr(body, "FREE_TEXT_FIELDS", ("updates.*.text",))
    parsed = frontmatter.parse_text("s.md", "---\nupdates:\n  - date: 2024-01-01\n    text: Fine"
                                    "\n  - text: |\n      Now on 07700 900123\n---\nBody.\n")
    [problem] = body.check_text_fields(parsed)
    assert (problem.line, problem.col) == (6, 14)


# --- The share form, in Chromium --------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(default_site):
    with serve(default_site) as base, chromium() as browser:
        yield base, browser


@pytest.fixture(scope="module")
def form(browser):
    """The share form with every field but the free text filled in (and ticked) once."""
    base, chrome = browser
    context = chrome.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "share-form/")
    page.wait_for_selector("#share-form:not([hidden])")
    for box in ("#sf-perspective-peer-supporter", "#sf-principles-give-each-other-respect",
                "#sf-agree"):
        page.check(box)
    for part, value in (("day", "3"), ("month", "2"), ("year", "2024")):
        page.fill(f"#sf-told-{part}", value)
    yield page
    context.close()


def _form_found(page, i: int, case: dict) -> dict[str, list[tuple[str, str]]]:
    """Submit the case through the form; the warnings it shows, by field."""
    values = {"title": f"Case {i}", "summary": "A summary.", "storyteller": "Sam",
              "place": "Leeds", "body": "Plain words.", case["field"]: case["text"]}
    for name, value in values.items():
        page.fill(f"#sf-{name}", value)
    page.click("#sf-submit")
    assert page.is_hidden("#share-errors"), page.inner_text("#share-errors")
    fields = {page.get_attribute(f"#sf-{name}", "data-name").capitalize(): name
              for name in values}
    found: dict[str, list[tuple[str, str]]] = {}
    for warning in page.locator("#share-warnings-list li").all_inner_texts():
        label = warning.split(" has what looks like ")[0]
        found.setdefault(fields[label], []).append(FOUND.search(warning).groups())
    return {name: sorted(pairs) for name, pairs in found.items()}


@pytest.mark.parametrize("i", range(len(CASES)), ids=IDS)
def test_form_gives_the_checkers_warnings(i, form, checked):
    case = CASES[i]
    found = _form_found(form, i, case)
    assert set(found) <= {case["field"]}
    js = found.get(case["field"], [])
    assert sorted(kind for kind, _ in js) == sorted(case["expect"])
    assert js == _python_found(checked[i])  # the same kinds, with the same text quoted


def test_translated_classes_match_python_over_all_of_unicode(browser):
    # \d, \w (and so \b) and \s, as exported, against Python's, for every character that
    # Python's Unicode version knows (a newer one in the browser may know more).
    classes = {name: js_regex(re.compile(name)) for name in (r"\d", r"\w", r"\s")}
    page = browser[1].new_page()
    ranges = page.evaluate("""(classes) => {
        const out = {};
        for (const [name, p] of Object.entries(classes)) {
            const re = new RegExp("^(?:" + p.source + ")$", p.flags), runs = [];
            for (let cp = 0; cp < 0x110000; cp++) {
                if (cp >= 0xd800 && cp < 0xe000) continue;  // lone surrogates: not text
                if (!re.test(String.fromCodePoint(cp))) continue;
                const last = runs[runs.length - 1];
                if (last && last[1] === cp - 1) last[1] = cp; else runs.push([cp, cp]);
            }
            out[name] = runs;
        }
        return out; }""", classes)
    page.close()
    known = [c for c in map(chr, range(0x110000))
             if not 0xd800 <= ord(c) < 0xe000 and unicodedata.category(c) != "Cn"]
    for name, runs in ranges.items():
        in_js = {cp for a, b in runs for cp in range(a, b + 1)}
        pattern = re.compile(name)
        differ = [hex(ord(c)) for c in known if bool(pattern.match(c)) != (ord(c) in in_js)]
        assert differ == [], (name, differ[:20])
