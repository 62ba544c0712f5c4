"""Glossary words on a page: the first use of each becomes a link to its meaning in the page's
"Words used here" section (story.html, term.html), and the "Words explained" page lists them all,
A to Z (glossary.html). The glossary itself is loaded and checked in core/glossary.py.

The links are made in the HTML that nh3 has already sanitised, in its text only: never inside a
link, a heading or code, never in an attribute. A real link to a place on the same page, so a
keyboard, a touch and a screen reader all reach it, and it works without JavaScript.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from html.parser import HTMLParser

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


def link_words(html: str, entries: Sequence[GlossaryEntry],
               language: str = "en") -> tuple[str, tuple[str, ...]]:
    """The HTML with the first use of each entry's words linked, and the ids of the entries
    it linked, in the order of their first use. `language`: the site's."""
    if not entries:
        return html, ()
    linker = _Linker(Matcher(entries), language)
    linker.feed(html)
    linker.close()
    return "".join(linker.out), tuple(linker.linked)


class _Linker(HTMLParser):
    """Copies the HTML as it is, tag by tag, and links words in the text between tags.
    Character references are kept as written (convert_charrefs=False), so the only change to
    the HTML is the links."""

    def __init__(self, matcher: Matcher, language: str = "en"):
        super().__init__(convert_charrefs=False)
        self.matcher = matcher
        self.note = translations(language).gettext("(explained below)")
        self.lang = f' lang="{html.escape(language)}"' if language != "en" else ""
        self.out: list[str] = []
        self.linked: list[str] = []
        self.skipping = 0  # how many elements whose text is never linked are open

    def handle_starttag(self, tag: str, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")
        self.skipping += tag in _SKIP

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in _SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.skipping or len(self.linked) == len(self.matcher.entries):
            self.out.append(data)
        else:
            self.out.append(self.matcher.pattern.sub(self._link, data))

    def _link(self, match) -> str:
        entry = self.matcher.entry(match)
        if entry.id in self.linked:
            return match.group(0)
        self.linked.append(entry.id)
        return _LINK.format(words=WORDS_ID, used=USED_ID, id=entry.id, text=match.group(0),
                            lang=self.lang, note=self.note)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")


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
