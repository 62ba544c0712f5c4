"""One set of rules for `voices check` and the "Share your story" form. Every case in
fixtures/shared_rules.json (addresses with each trick the checker undoes, safe addresses, text
rules, lengths, language codes, dates, ids) goes through the checker, on a written archive, and
through the real form in headless Chromium on the built default site: both must give the
case's verdict, as the checker's rule ids. The form reads its rules from the export
(site/exports.py), so a rule changed on one side only fails here."""

from __future__ import annotations

import html.entities
import json
import random
import re
from pathlib import Path

import pytest
from browser import DESKTOP, chromium, serve
from conftest import TODAY, story_text, write_archive
from test_private_details import _scalar
from voices.cli.scaffold import slugify
from voices.core.archive import load_archive
from voices.core.body import check_body
from voices.core.schema import title_key

CASES = json.loads((Path(__file__).parent / "fixtures" / "shared_rules.json")
                   .read_text(encoding="utf-8"))
IDS = [f"{i:03}-{case['field']}" for i, case in enumerate(CASES)]
TAKEN = "Forty quid in supermarket vouchers"  # a sample story's title on the default site
UNSAFE = re.compile(r"Links starting with '.*?:' are not allowed\.")
# Each field as the form is left between cases, and as the story file has it otherwise.
DEFAULTS = {"title": None, "summary": "A summary.", "storyteller": "Sam", "place": "Leeds",
            "lang": "en", "body": "Plain words.", "told": "2024-02-03"}


def _path(i: int, case: dict) -> str:
    return f"stories/{case['id']}.md" if "id" in case else f"stories/c{i:03}.md"


def test_cases_cover_every_trick_and_every_rule():
    assert len(CASES) >= 40
    assert len({_path(i, case) for i, case in enumerate(CASES)}) == len(CASES)
    assert {r for case in CASES for r in case["expect"]} >= {
        "unsafe-link", "external-image", "missing-image", "raw-html", "html-comment",
        "html-entity", "template-syntax", "attribute-list", "extension-syntax",
        "placeholder-body", "empty-body", "missing-field", "too-long", "duplicate-title",
        "bad-lang", "bad-date", "future-date"}
    bodies = [case for case in CASES if case["field"] == "body"]
    tricks = {"backslash escape": r"\\:", "numeric reference": r"&#", "named reference": r"&[a-z]",
              "percent": r"%[0-9A-F]{2}", "percent twice": r"%25", "control": r"%0|%09|\t",
              "definition": r"(?m)^ {0,3}\[[^\]]+\]:",
              "reference image": r"!\[[^\]]*\](\[|$|\s)", "another host": r"\]\((//|\\\\|/\\)"}
    for name, trick in tricks.items():  # each trick refused somewhere, allowed elsewhere
        verdicts = {bool({"unsafe-link", "external-image"} & {*case["expect"]})
                    for case in bodies if re.search(trick, case["text"])}
        assert verdicts == {True, False}, name
    assert all(slugify(case["text"]) or "my-story" == case["id"] for case in CASES if "id" in case)


# --- The checker ----------------------------------------------------------------------------

def _story(i: int, case: dict) -> str:
    """A story that breaks nothing but, perhaps, the case's field."""
    head, body = story_text(f"Case {i}").split("\n---\n", 1)
    field, text = case["field"], case["text"]
    if field == "body":
        body = text + "\n"
    elif field == "told":
        head = head.replace("told: 2024-05-01", f"told: {text}")
    elif field == "lang":
        head += f"\nlang: {_scalar(text)}"
    else:
        head = re.sub(rf"(?m)^{field}: .*$", lambda _: f"{field}: {_scalar(text)}", head, count=1)
    return f"{head}\n---\n{body}"


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict[int, list]:
    """Every case as its own story in one archive, checked once: case number -> its errors.
    One more story has a title the default site uses, as the form's list of titles does; its
    file name sorts first, so a case with that title is the one told."""
    files = {_path(i, case): _story(i, case) for i, case in enumerate(CASES)}
    files["stories/0-taken.md"] = story_text(TAKEN)
    root = write_archive(tmp_path_factory.mktemp("shared"), files)
    problems = [p for p in load_archive(root, today=TODAY).problems if p.severity == "error"]
    assert {p.path for p in problems} <= set(files) - {"stories/0-taken.md"}
    return {i: [p for p in problems if p.path == _path(i, case)]
            for i, case in enumerate(CASES)}


@pytest.mark.parametrize("i", range(len(CASES)), ids=IDS)
def test_checker_gives_the_cases_verdict(i, checked):
    assert sorted({p.rule for p in checked[i]}) == CASES[i]["expect"], checked[i]


# --- The share form, in Chromium --------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(default_site):
    with serve(default_site) as base, chromium() as browser:
        yield base, browser


@pytest.fixture(scope="module")
def form(browser, default_site):
    """The share form filled in once with a story that breaks nothing: each case changes one
    field, then puts it back."""
    base, chrome = browser
    context = chrome.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "share-form/")
    page.wait_for_selector("#share-form:not([hidden])")
    for box in ("#sf-perspective-peer-supporter", "#sf-principles-give-each-other-respect",
                "#sf-agree"):
        page.check(box)
    page.exported = json.loads((default_site / "assets" / "voices-schema.json").read_text())
    assert title_key(TAKEN) in page.exported["taken_titles"]
    yield page
    context.close()
    assert errors == []


def _fill(page, field: str, text: str) -> None:
    if field == "told":
        year, month, day = text.split("-")
        for part, value in (("day", day), ("month", month), ("year", year)):
            page.fill(f"#sf-told-{part}", value)
    else:
        page.fill(f"#sf-{field}", text)


def _submit(page, i: int, case: dict) -> list[list[str]]:
    """The case through the form: [rule, message] for each error it shows."""
    for field, text in DEFAULTS.items():
        _fill(page, field, f"Case {i}" if text is None else text)
    _fill(page, case["field"], case["text"])
    page.click("#sf-submit")
    found = page.eval_on_selector_all("#share-errors li",
                                      "els => els.map(e => [e.dataset.rule, e.textContent])")
    assert page.is_hidden("#share-errors") == (found == [])
    return found


@pytest.mark.parametrize("i", range(len(CASES)), ids=IDS)
def test_form_gives_the_checkers_verdict(i, form, checked):
    case = CASES[i]
    found = _submit(form, i, case)
    assert sorted({rule for rule, _ in found}) == case["expect"], found
    # The same schemes named as refused, for each address the checker refuses.
    named = {UNSAFE.match(message).group(0) for rule, message in found if rule == "unsafe-link"}
    assert named == {p.message for p in checked[i] if p.rule == "unsafe-link"}
    if "id" in case:  # the file the form names is the one `voices new` would make
        assert case["id"] not in form.exported["taken_ids"]
        assert form.inner_text("#sf-filename") == f"The file will be called {_path(i, case)}."


# Ways to hide a character of an address, each undone by some step of body.url_scheme (or by
# none, so that it stays): applied at random, on top of each other, to made-up schemes.
def _hide(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text))
    c = text[at]
    ways = [f"%{ord(c):02X}", f"&#{ord(c)};", f"&#x{ord(c):x};", f"&#{ord(c)}"] if c.isascii() \
        else [c]
    if not c.isalnum() and c.isascii():
        ways.append("\\" + c)  # a Markdown escape
    ways += {":": ["&colon;"], "&": ["&amp;"], "\t": ["&Tab;"]}.get(c, [])
    noise = ["\t", "%09", "%00", "&#9;", "&Tab;", "&NewLine;", "&#x7f;", "&#xfdd0;", "&#1;",
             "&#x80;", "%EF%BB%BF", "%C0", "\\", "&#0;", "&#13;", "&ampx", "&notit;"]
    if rng.random() < 0.25:
        return text[:at] + rng.choice(noise) + text[at:]
    return text[:at] + rng.choice(ways) + text[at + 1:]


def test_form_and_checker_agree_on_many_hidden_schemes(form):
    # Each address has its own scheme name, so the refusals the two name are compared link
    # by link: a scheme one of them finds and the other misses shows up in the difference.
    rng = random.Random(20240203)
    lines = []
    for n in range(400):
        address = f"s{n}x:go"
        for _ in range(rng.randrange(1, 6)):
            address = _hide(rng, address)
        if rng.random() < 0.3 and not re.search(r"\s", address):
            lines.append(f"[d{n}]: {address}")
        else:
            lines.append(f"[link {n}]({address})")
    body = "\n\n".join(lines)
    python = {p.message for p in check_body("s.md", body, 1, None) if p.rule == "unsafe-link"}
    found = _submit(form, 0, {"field": "body", "text": body})
    js = {UNSAFE.match(message).group(0) for rule, message in found if rule == "unsafe-link"}
    assert js == python
    assert 100 < len(python) < 400  # many refused, and many hidden past finding


def test_the_browser_decodes_each_named_reference_as_python_does(form):
    # The form hands named references ('&colon;', '&amp') to the browser's own HTML parser:
    # the standard's list, the same as Python's, each name with and without its ';'.
    names = sorted(html.entities.html5)
    decoded = form.evaluate("""(names) => names.map(name => {
        const box = document.createElement("textarea");
        box.innerHTML = "&" + name;
        return box.value; })""", names)
    differ = [(n, d) for n, d in zip(names, decoded) if d != html.unescape("&" + n)]
    assert differ == []
    assert len(names) > 2000
