"""Story Markdown to safe HTML: a plain Markdown parser with no extensions, then an allow-list
sanitiser (nh3) as a second wall behind the checker's refusals."""

from __future__ import annotations

import markdown
import nh3

from voices.core.body import url_scheme

_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5",
         "h6", "hr", "code", "pre", "img"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
# One parser, reset before each text: setting one up costs a tenth of rendering a story.
_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")


def markdown_to_html(text: str, image_prefix: str = "") -> str:
    """Render Markdown with no extensions (nothing that reads files or evaluates templates),
    shift headings below the page title, and keep only an allow-list of tags and attributes."""
    html = _MARKDOWN.reset().convert(text)
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
