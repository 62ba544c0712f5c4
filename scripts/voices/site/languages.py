"""The languages a story may be written in, as readers see them: each language's name and the
link to a story's translation, both in that language itself ("Cymraeg", "Darllenwch y stori hon
yn Gymraeg"), so a reader finds the link in the language they read. A language not listed here
falls back to its code (a story's `lang`): add a line to each table to name it.

Codes are compared by their first part, so en-GB is English."""

from __future__ import annotations

import re

from markupsafe import escape

_TAG = {name: re.compile(rf"<{name}\b[^>]*>") for name in ("html", "h1", "body")}
_LANG = re.compile(r'\s+lang="[^"]*"')

NAMES = {  # each language's name, in that language
    "en": "English",
    "cy": "Cymraeg",
    "ga": "Gaeilge",
    "gd": "Gàidhlig",
    "pl": "polski",
}
READ_IN = {  # the link from a story to its translation into the language, in that language
    "en": "Read this story in English",
    "cy": "Darllenwch y stori hon yn Gymraeg",
}


def _base(code: str) -> str:
    return code.split("-", 1)[0].lower()


def name(code: str) -> str:
    """The language's name in itself, or its code."""
    return NAMES.get(_base(code), code)


def read_in(code: str) -> str:
    """The words of a link to a story in this language, in that language: 'Read this story in
    <language>', else the language's name, else its code."""
    return READ_IN.get(_base(code)) or name(code)


def mark_page(layout: str, lang: str, site: str) -> str:
    """A generated page's layout, up to its content, for a page in another language than the
    site's (a story's): that language on <html> (the page's title, its description, and what
    browsers and screen readers take the page to be in) and on the theme's heading (the
    story's title), and the site's language on <body>, where the theme's own words (menus,
    labels, footer) stay in it. The story's template marks the rest (templates/story.html)."""
    if not lang or lang == site:
        return layout
    heads = list(_TAG["h1"].finditer(layout))  # the theme's heading: last before the content
    tags = [(_TAG["html"].search(layout), lang), (heads[-1] if heads else None, lang),
            (_TAG["body"].search(layout), site)]
    for tag, code in sorted((t for t in tags if t[0]), key=lambda t: -t[0].start()):
        layout = layout[:tag.start()] + _with_lang(tag.group(), code) + layout[tag.end():]
    return layout


def _with_lang(tag: str, code: str) -> str:
    """An opening tag, its language set to `code`."""
    name = tag.split(None, 1)[0].rstrip(">")  # "<html"
    return f'{name} lang="{escape(code)}"' + _LANG.sub("", tag[len(name):])
