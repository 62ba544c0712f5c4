"""Story Markdown to safe HTML: a plain Markdown parser with no extensions, then an allow-list
sanitiser (nh3) as a second wall behind the checker's refusals. Markdown: a text in a page's
render context, rendered only when the template prints it, with its glossary words linked."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import markdown
import nh3

from voices.core.body import url_scheme
from voices.core.model import GlossaryEntry
from voices.site import glossary

_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5",
         "h6", "hr", "code", "pre", "img"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
# Speed only. Python-Markdown tries each of its inline patterns on every run of text, and most
# stories use no Markdown inside their paragraphs: a pattern cannot match a text that holds none
# of the characters it starts with, so a parser without it gives the same HTML (in 0.55 of the
# time at 1,000 stories). Patterns not named here are always kept.
_NEEDS = {"backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",),
          "image_link": ("[",), "image_reference": ("[",), "short_reference": ("[",),
          "short_image_ref": ("[",), "autolink": ("<",), "automail": ("<",), "html": ("<",),
          "entity": ("&",), "em_strong": ("*", "_"), "linebreak": ("  \n",)}


@functools.lru_cache(maxsize=64)
def _parser(left_out: frozenset[str]) -> markdown.Markdown:
    """A parser without the inline patterns `left_out`; one of each kind, reset before each
    text (setting one up costs a tenth of rendering a story)."""
    parser = markdown.Markdown(extensions=[], output_format="html")
    for name in left_out:
        parser.inlinePatterns.deregister(name)
    return parser


def _convert(text: str) -> str:
    # As Python-Markdown reads it: tabs become spaces (so "\t\n" can make a line break).
    seen = text.replace("\r", "\n").expandtabs(4)
    return _parser(frozenset(name for name, starts in _NEEDS.items()
                             if not any(start in seen for start in starts))).reset().convert(text)


def markdown_to_html(text: str, image_prefix: str = "") -> str:
    """Render Markdown with no extensions (nothing that reads files or evaluates templates),
    shift headings below the page title, and keep only an allow-list of tags and attributes."""
    html = _convert(text)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=lambda tag, attr, value: _image_src(tag, attr, value, image_prefix),
    )


def _image_src(tag: str, attr: str, value: str, prefix: str) -> str | None:
    if attr in ("href", "src") and url_scheme(value) not in ("", "http", "https", "mailto"):
        return None  # decodes (entities, escapes, percent) to javascript:, data: or the like
    if tag == "img" and attr == "src":
        if "://" in value or value.startswith(("/", "\\", "data:")) or url_scheme(value):
            return None  # only images stored beside the stories (the checker says so first)
        return prefix + value
    return value


@dataclass(frozen=True)
class Markdown:
    """Markdown in a render context, turned into HTML only when the template prints it (in the
    worker that renders the page), while the context stays plain data for Draft.key()."""
    text: str
    image_prefix: str = ""
    terms: tuple[GlossaryEntry, ...] = ()  # glossary words it may use: their first use is linked
    language: str = "en"  # the site's, for the words a linked glossary word adds

    def __html__(self) -> str:
        return _html(self)[0]

    def linked(self) -> tuple[str, ...]:
        """The ids of the glossary entries whose first use __html__ links (site/glossary.py)."""
        return _html(self)[1]


@functools.lru_cache(maxsize=4)  # a page asks for its text, then for the words it linked
def _html(md: Markdown) -> tuple[str, tuple[str, ...]]:
    return glossary.link_words(markdown_to_html(md.text, image_prefix=md.image_prefix), md.terms,
                               md.language)
