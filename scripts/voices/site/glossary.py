"""Glossary words on a page: the first use of each becomes a link to its meaning in the page's
"Words used here" section (story.html, term.html), and the "Words explained" page lists them all,
A to Z (glossary.html). The glossary itself is loaded and checked in core/glossary.py.

The links are made in the HTML that nh3 has already sanitised, in its text only: never inside a
link, a heading or code, never in an attribute. A real link to a place on the same page, so a
keyboard, a touch and a screen reader all reach it, and it works without JavaScript.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from voices.core.glossary import Matcher
from voices.core.model import GlossaryEntry
from voices.site.i18n import N_, translations

PAGE_SRC = "glossary.md"
# In the catalogue: translations(language).gettext(TITLE)
TITLE = N_("Words explained")
DESCRIPTION = N_("Jargon from services and co-production, said in plain words.")
WORDS_ID = "words-"  # + the entry's id: its meaning in the page's "Words used here"
USED_ID = "used-"  # + the entry's id: its first use in the text, where "Back" returns to
# The elements whose text is never linked: a link inside a link is not allowed, a heading's
# words are its name in the page's outline, code is quoted exactly.
_SKIP = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style"})
# The words after the link, for a screen reader, are the site's: in its language, marked so in a
# story told in another.
_LINK = ('<a class="voices-word" href="#{words}{id}" id="{used}{id}">{text}'
         '<span class="voices-visually-hidden" data-pagefind-ignore{lang}> {note}</span></a>')
# A tag (its attributes quoted: a value may hold ">"), or a character reference.
_PIECES = re.compile(r"""(<(?:"[^"]*"|'[^']*'|[^'">])*>|&#?\w+;)""")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)")


def link_words(html: str, entries: Sequence[GlossaryEntry],
               language: str = "en") -> tuple[str, tuple[str, ...]]:
    """The HTML with the first use of each entry's words linked, and the ids of the entries
    it linked, in the order of their first use. `language`: the site's.

    The HTML is nh3's (render.py), so it is well formed: its text holds no "<" and every "&"
    starts a character reference, which is kept as written, so the only change is the links.
    Cut into tags, references and text by one pattern: a parser (html.parser) took four times
    as long, on every story of every build."""
    if not entries:
        return html, ()
    matcher = Matcher(entries)
    note = translations(language).gettext("(explained below)")
    lang = f' lang="{escape(language)}"' if language != "en" else ""
    linked: list[str] = []

    def link(text: str) -> str:
        out, end = [], 0
        for start, stop, entry in matcher.find(text):
            if entry.id not in linked:
                linked.append(entry.id)
                out += text[end:start], _LINK.format(
                    words=WORDS_ID, used=USED_ID, id=entry.id, text=text[start:stop],
                    lang=lang, note=note)
                end = stop
        return "".join(out) + text[end:] if out else text

    out, skipping = [], 0  # how many elements whose text is never linked are open
    for i, piece in enumerate(_PIECES.split(html)):
        if i % 2:  # a tag or a reference
            tag = _TAG_NAME.match(piece)
            if tag and tag.group(2).lower() in _SKIP and not piece.endswith("/>"):
                skipping = max(0, skipping - 1) if tag.group(1) else skipping + 1
        elif piece and not skipping and len(linked) < len(matcher.entries):
            piece = link(piece)
        out.append(piece)
    return "".join(out), tuple(linked)


def by_letter(glossary: Mapping[str, GlossaryEntry] | Iterable[GlossaryEntry]
              ) -> list[tuple[str, tuple[GlossaryEntry, ...]]]:
    """The entries under their first letters, A to Z ("É" under E), then any that start with a
    digit or a sign, under "#"."""
    entries = glossary.values() if isinstance(glossary, Mapping) else glossary
    groups: dict[str, list[GlossaryEntry]] = {}
    for entry in sorted(entries, key=lambda e: (" ".join(e.term.casefold().split()), e.id)):
        first = unicodedata.normalize("NFKD", entry.term)[:1].upper()
        groups.setdefault(first if "A" <= first <= "Z" else "#", []).append(entry)
    return sorted(((k, tuple(v)) for k, v in groups.items()), key=lambda kv: (kv[0] == "#", kv[0]))


def letter_id(letter: str) -> str:
    """The anchor of a letter's heading on the Words explained page."""
    return "letter-" + (letter.lower() if letter != "#" else "other")
