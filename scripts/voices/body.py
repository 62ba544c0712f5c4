"""Checks on a story's Markdown body: what must never be published, and what to confirm first.

Stories are plain CommonMark. Raw HTML, extension syntax and unsafe links are refused here;
the renderer sanitises again as a second wall (render.py).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from pathlib import Path

from .problems import ERROR, WARNING, Problem

PLACEHOLDER = "Replace this paragraph with the story, in the storyteller's own words."
_TEMPLATE_TEXT = "Write the story here, in the storyteller's own words."

_RULES: list[tuple[re.Pattern[str], str, str, str, str]] = [
    # pattern, severity, rule, message, hint
    (re.compile(r"<!--"), ERROR, "html-comment",
     "HTML comments are not allowed: their text would still be published in the page.",
     "Delete the comment, or write the note as normal text."),
    (re.compile(r"<\s*/?\s*[A-Za-z][^>\n]*>?|<\s*[!?][^\n]*"), ERROR, "raw-html",
     "HTML is not allowed in a story.",
     "Write plain text: Markdown like *emphasis* or a blank line between paragraphs does the job."),
    (re.compile(r"\{\s*:[^}\n]*\}?|\{\s*[#.][\w-][^}\n]*\}|\{[^}\n]*\bon\w+\s*=[^}\n]*\}"), ERROR,
     "attribute-list", "Attribute lists such as '{: ... }' or '{#id .class}' are not allowed.",
     "Remove the part in curly brackets."),
    (re.compile(r"(?m)--8<--|^\s*!!!|^\s*\?\?\?\+?\s|\{%|\{\{"), ERROR, "extension-syntax",
     "This looks like extension or template syntax, which stories may not use.",
     "Stories are plain Markdown: remove it, or write it as normal text."),
]
# Link and image destinations: inline [text](url), images ![alt](url), and [ref]: url definitions.
_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]\n]+\]:\s*<?(\S*?)>?(?:\s|$)",
                   re.MULTILINE)
_SAFE_SCHEMES = {"http", "https", "mailto"}
_PRIVATE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "an e-mail address"),
    (re.compile(r"(?<!\d)(?:\+44\s?|0)(?:\d\s?){9,10}(?!\d)"), "a phone number"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"), "a UK postcode"),
    (re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)"), "an NHS number"),
]


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
    # A fast path: plain prose has none of the characters these rules look for.
    if any(c in body for c in "<{!?"):
        for pattern, severity, rule, message, hint in _RULES:
            for m in pattern.finditer(body):
                add(m.start(), severity, rule, message, hint)
                break  # one report per rule is enough to act on
    if "](" in body or "]:" in body:
        for m in _LINK.finditer(body):
            is_image, url = bool(m.group(1)), m.group(2) if m.group(2) is not None else m.group(3)
            _check_url(add, m.start(), url or "", is_image, story_dir)
    for pattern, what in _PRIVATE:
        m = pattern.search(body)
        if m:
            add(m.start(), WARNING, "private-detail", f"This looks like {what}: '{m.group(0)}'.",
                "Check the storyteller is happy for this to be public; remove it if not.")
    return problems


def url_scheme(url: str) -> str:
    """The scheme a browser would see, after undoing entity and percent encoding tricks."""
    seen = url
    for _ in range(3):
        seen = urllib.parse.unquote(html.unescape(seen))
    seen = re.sub(r"[\x00-\x20\x7f]+", "", seen).lower()
    m = re.match(r"^([a-z][a-z0-9+.-]*):", seen)
    return m.group(1) if m else ""


def _check_url(add, offset: int, url: str, is_image: bool, story_dir: Path | None) -> None:
    scheme = url_scheme(url)
    if scheme and scheme not in _SAFE_SCHEMES:
        add(offset, "error", "unsafe-link", f"Links starting with '{scheme}:' are not allowed.",
            "Use a web address starting with https://.")
        return
    if not is_image:
        return
    if scheme or url.startswith("//"):
        add(offset, "error", "external-image",
            "Images must be stored in the repository, not loaded from another website.",
            "Save the image in stories/images/ and link to it as images/<name>.")
    elif story_dir is not None:
        target = (story_dir / urllib.parse.unquote(url.split("#")[0].split("?")[0])).resolve()
        images = (story_dir / "images").resolve()
        if not target.is_relative_to(images) or not target.is_file() or target.suffix == ".svg":
            add(offset, "error", "missing-image", f"The image '{url}' is not in stories/images/.",
                "Save the image in stories/images/ and link to it as images/<name>.")
