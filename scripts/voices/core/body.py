"""Checks on a story's Markdown body: what must never be published, and what to confirm first.

Stories are plain CommonMark. Raw HTML, character references, extension syntax and unsafe links
are refused here; the renderer sanitises again as a second wall (render.py). The same text rules
apply to front-matter values (see unsafe_text), which reach HTML attributes and <title>. The
warnings about identifying details cover the body and every free-text field (check_text_fields).
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from pathlib import Path

from voices.core.marks import N_
from voices.core.problems import ERROR, WARNING, Problem

from voices.core.parsed import ParsedFile

PLACEHOLDER = "Replace this paragraph with the story, in the storyteller's own words."
_TEMPLATE_TEXT = "Write the story here, in the storyteller's own words."

Rule = tuple[re.Pattern[str], str, str, str, str]  # pattern, severity, rule, message, hint

_COMMENT: Rule = (
    re.compile(r"<!--"), ERROR, "html-comment",
    N_("HTML comments are not allowed: their text would still be published in the page."),
    N_("Delete the comment, or write the note as normal text."))
# A tag starts with '<' then a letter, '/', '!' or '?' (that is what browsers and Markdown treat as
# markup). '<' followed by a space or a digit is prose: "5 < 6", "I was <3 happy".
_RAW_HTML: Rule = (
    re.compile(r"<[/!?]?[A-Za-z!?/]"), ERROR, "raw-html",
    N_("HTML is not allowed here."),
    N_("Write plain text: Markdown like *emphasis* or a blank line between paragraphs does the "
       "job. To write a less-than sign, put a space after it: '5 < 6'."))
# Character references decode to '<', quotes or 'javascript:' only after checking, so refuse them:
# plain text never needs them, because the renderer escapes '&' and '<' itself.
_ENTITY: Rule = (
    re.compile(r"&#[0-9]+;?|&#[xX][0-9a-fA-F]+;?|&[A-Za-z][A-Za-z0-9]{1,31};"), ERROR,
    "html-entity", N_("HTML character codes such as '&lt;' or '&#106;' are not allowed."),
    N_("Type the character itself; '&' and '<' are shown as written."))
_TEMPLATE: Rule = (
    re.compile(r"\{\{|\{%"), ERROR, "template-syntax",
    N_("Template syntax such as '{{ ... }}' or '{% ... %}' is not allowed."),
    N_("Stories are plain text: remove the curly brackets."))
_RULES: list[Rule] = [
    _COMMENT, _RAW_HTML, _ENTITY, _TEMPLATE,
    (re.compile(r"\{\s*:[^}\n]*\}?|\{\s*[#.][\w-][^}\n]*\}|\{[^}\n]*\bon\w+\s*=[^}\n]*\}"), ERROR,
     "attribute-list", N_("Attribute lists such as '{: ... }' or '{#id .class}' are not allowed."),
     N_("Remove the part in curly brackets.")),
    (re.compile(r"(?m)--8<--|;--8<--|^\s*!!!|^\s*\?\?\?\+?\s|^\s*:::|^\s*\[TOC\]"), ERROR,
     "extension-syntax",
     N_("This looks like extension syntax (snippets, admonitions, blocks), which stories may not "
        "use."), N_("Stories are plain Markdown: remove it, or write it as normal text.")),
]
# Front-matter values are plain text: no Markdown there, so only the rules about markup apply.
_TEXT_RULES: list[Rule] = [_COMMENT, _RAW_HTML, _ENTITY, _TEMPLATE]
_TRIGGERS = "<{&!?:["  # plain prose without any of these needs no rule at all

# Link and image destinations: anything after '](' (whatever the link text holds, since Markdown
# allows nested brackets there), and reference definitions '[ref]: url'.
_INLINE = re.compile(r"\]\(\s*<?([^)>]*)")  # the whole destination: browsers drop tabs
_DEFINITION = re.compile(r"^\s{0,3}\[([^\]\n]+)\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
_REF_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\s?\[([^\]\n]*)\])?")
_SAFE_SCHEMES = {"http", "https", "mailto"}
# url_scheme's steps and the image test as data: the share form follows them (exports.py).
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # Markdown unescapes 'javascript\:'
_DECODE_ROUNDS = 3  # an encoding inside an encoding: undone up to three deep
_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these from an address
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_OTHER_HOST = ("//", "\\\\", "/\\", "\\/")  # how an address can reach another website
_PRIVATE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), N_("an e-mail address")),
    (re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){9,10}(?!\d)"), N_("a phone number")),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"), N_("a UK postcode")),
    (re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)"), N_("an NHS number")),
]
PRIVATE_HINT = "Check the storyteller is happy for this to be public; remove it if not."
# Speed only: each detail above needs an '@' or a digit, and most stories' titles, summaries and
# names have neither. One search over all of them costs less than the guards below on each (a
# new kind of detail that needs neither must come off this shortcut in check_text_fields).
_AT_OR_DIGIT = re.compile(r"[@\d]")
# The story's free text besides the body: anything a storyteller writes in their own words, so
# anything that may hold a phone number or an address. A dotted path reaches a nested field and
# '*' every item of a list ("updates.*.text"). The share form reads this list from the export.
FREE_TEXT_FIELDS = ("title", "summary", "storyteller", "place", "updates.*.text")


# Speed only: these patterns have no fixed text for the regex engine to look for, so on plain
# prose they try every position (most of `voices check`'s time at 10,000 stories). Each needs
# something cheap to find first; a pattern not listed here (or changed) is always run.
_TEN_DIGITS = re.compile(r"[0-9](?:[\s-]?[0-9]){9}")


def _digits_run(text: str) -> bool:
    """Whether text may hold ten digits in a row (spaces or hyphens between): a phone or NHS
    number needs them."""
    if not _ascii_digits_only(text):
        return True
    return any(d in text for d in "0123456789") and _TEN_DIGITS.search(text) is not None


def _letter_digit(text: str) -> bool:
    if not _ascii_digits_only(text):
        return True
    return any(d in text for d in "0123456789") and _LETTER_DIGIT.search(text) is not None


@functools.lru_cache(maxsize=4)  # asked up to three times about the same body in a row
def _ascii_digits_only(text: str) -> bool:
    """No digits but 0-9 (\\d also matches other scripts' digits, which [0-9] would miss)."""
    return text.isascii() or not any(c.isdecimal() and not c.isascii() for c in set(text))


_LETTER_DIGIT = re.compile(r"[A-Z][0-9]")
_NEEDS = {
    r"[\w.+-]+@[\w-]+\.[\w.-]+": lambda t: "@" in t,
    r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){9,10}(?!\d)": _digits_run,
    r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)": _digits_run,
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b": _letter_digit,
    r"(?m)--8<--|;--8<--|^\s*!!!|^\s*\?\?\?\+?\s|^\s*:::|^\s*\[TOC\]":
        lambda t: any(s in t for s in ("--8<--", "!!!", "???", ":::", "[TOC]")),
}


def _may_match(pattern: re.Pattern[str], text: str) -> bool:
    need = _NEEDS.get(pattern.pattern)
    return need is None or need(text)


def unsafe_text(text: str, rules: list[Rule] | None = None) -> list[tuple[int, Rule]]:
    """The first match of each rule in text, as (offset, rule). Used for bodies and for
    front-matter values alike."""
    if not any(c in text for c in _TRIGGERS):
        return []
    found = []
    for rule in _TEXT_RULES if rules is None else rules:
        m = rule[0].search(text) if _may_match(rule[0], text) else None
        if m:
            found.append((m.start(), rule))
    return found


def check_body(path: str, body: str, first_line: int, story_dir: Path | None) -> list[Problem]:
    problems: list[Problem] = []

    def add(offset: int, severity: str, rule: str, message: str, hint: str) -> None:
        line = first_line + body.count("\n", 0, offset)
        col = offset - body.rfind("\n", 0, offset)
        problems.append(Problem(path, line, col, severity, rule, message, hint))

    if not body.strip():
        add(0, ERROR, "empty-body", "The story has no text.",
            "Write the story below the closing '---' line.")
        return problems
    for marker in (PLACEHOLDER, _TEMPLATE_TEXT):
        if marker in body:
            add(body.index(marker), ERROR, "placeholder-body",
                "The story still has the placeholder text from the template.",
                "Replace the placeholder paragraph with the story itself.")
    _check_markdown(add, body, story_dir)
    for offset, message in private_details(body):
        add(offset, WARNING, "private-detail", message, PRIVATE_HINT)
    return problems


def check_markdown_field(parsed: ParsedFile, key: tuple, text: str,
                         story_dir: Path | None) -> list[Problem]:
    """A front-matter value shown as Markdown (an update's text): the body's rules on markup
    and links, each problem at its place in the file. Identifying details: FREE_TEXT_FIELDS."""
    problems: list[Problem] = []
    _check_markdown(lambda offset, *rest: problems.append(
        Problem(parsed.path, *parsed.value_at(key, offset), *rest)), text, story_dir)
    return problems


def _check_markdown(add, text: str, story_dir: Path | None) -> None:
    for offset, (_, severity, rule, message, hint) in unsafe_text(text, _RULES):
        add(offset, severity, rule, message, hint)
    if "]" in text:
        _check_links(add, text, story_dir)


def private_details(text: str) -> list[tuple[int, str]]:
    """The first match of each kind of identifying detail in text, as (offset, message)."""
    found = []
    for pattern, what in _PRIVATE:
        m = pattern.search(text) if _may_match(pattern, text) else None
        if m:  # the phone pattern may take a space after the last digit: not worth showing
            found.append((m.start(), f"This looks like {what}: '{m.group(0).strip()}'."))
    return found


def check_text_fields(parsed: ParsedFile) -> list[Problem]:
    """The body's warnings about identifying details, for the free-text fields of the front
    matter, each pointing at the detail's own line and column in the file."""
    texts = [kt for name in FREE_TEXT_FIELDS for kt in _texts(parsed.data, name.split("."))]
    if not _AT_OR_DIGIT.search("\n".join(text for _, text in texts)):
        return []
    problems = []
    for key, text in texts:
        for offset, message in private_details(text):
            line, col = parsed.value_at(key, offset)
            problems.append(Problem(parsed.path, line, col, WARNING, "private-detail", message,
                                    PRIVATE_HINT))
    return problems


def _texts(value: object, path: list[str], key: tuple = ()) -> list[tuple[tuple, str]]:
    """The text values at a field path, with the key of each (list items by their index)."""
    if not path:
        return [(key, value)] if isinstance(value, str) else []
    if path[0] == "*" and isinstance(value, list):
        return [kt for i, item in enumerate(value) for kt in _texts(item, path[1:], key + (i,))]
    if isinstance(value, dict) and path[0] in value:
        return _texts(value[path[0]], path[1:], key + (path[0],))
    return []


def _check_links(add, body: str, story_dir: Path | None) -> None:
    definitions: dict[str, tuple[int, str]] = {}
    for m in _DEFINITION.finditer(body):
        definitions.setdefault(_ref_key(m.group(1)), (m.start(), m.group(2)))
        _check_url(add, m.start(), m.group(2), False, story_dir)
    for m in _INLINE.finditer(body):
        _check_url(add, m.start(), m.group(1), _is_image(body, m.start()), story_dir)
    # Reference-style images: ![alt][ref], ![alt][] and ![ref] take their URL from a definition.
    for m in _REF_IMAGE.finditer(body):
        if body.startswith("(", m.end()):
            continue  # an inline image, checked above
        ref = m.group(2) if m.group(2) else m.group(1)
        if _ref_key(ref) in definitions:
            _check_url(add, m.start(), definitions[_ref_key(ref)][1], True, story_dir)


def _ref_key(label: str) -> str:
    return " ".join(label.lower().split())


def _is_image(body: str, close: int) -> bool:
    """Whether the ']' at `close` ends an image's text: find its matching '[' (link text may
    hold nested brackets) and look for '!' before it."""
    depth = 0
    for i in range(close, -1, -1):
        c = body[i]
        if c == "]":
            depth += 1
        elif c == "[":
            depth -= 1
            if depth == 0:
                return i > 0 and body[i - 1] == "!"
    return False


def url_scheme(url: str) -> str:
    """The scheme a browser would see, after undoing entity and percent encoding tricks."""
    seen = _MD_ESCAPE.sub(r"\1", url)
    for _ in range(_DECODE_ROUNDS):
        seen = urllib.parse.unquote(html.unescape(seen))
    seen = _CONTROLS.sub("", seen).lower()
    m = _SCHEME.match(seen)
    return m.group(1) if m else ""


def _check_url(add, offset: int, url: str, is_image: bool, story_dir: Path | None) -> None:
    scheme = url_scheme(url or "")
    url = (url or "").split()[0] if (url or "").split() else ""  # without a "title" after it
    if scheme and scheme not in _SAFE_SCHEMES:
        add(offset, ERROR, "unsafe-link", f"Links starting with '{scheme}:' are not allowed.",
            "Use a web address starting with https://.")
        return
    if not is_image:
        return
    if scheme or url.startswith(_OTHER_HOST):
        add(offset, ERROR, "external-image",
            "Images must be stored in the repository, not loaded from another website.",
            "Save the image in stories/images/ and link to it as images/<name>.")
    elif story_dir is not None:
        path = urllib.parse.unquote(url.split("#")[0].split("?")[0])
        if not file_inside(story_dir, "images", path) or path.lower().endswith(".svg"):
            add(offset, ERROR, "missing-image", f"The image '{url}' is not in stories/images/.",
                "Save the image in stories/images/ and link to it as images/<name>.")


def file_inside(base: Path, folder: str, relpath: str) -> bool:
    """Whether base/relpath is a real file inside base/folder (no link out of it). Any path a
    contributor writes is asked about, so one the system cannot even look up (a NUL byte, a
    name too long) is simply not there."""
    try:
        target = (base / relpath).resolve()
        return (target.is_relative_to((base / folder).resolve()) and target.is_file()
                and not (base / relpath).is_symlink())
    except (OSError, ValueError):
        return False
