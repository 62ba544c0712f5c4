"""A tiny page at each old address of a renamed story (its `aliases`), sending readers on.

The redirect is a <meta http-equiv="refresh"> with a canonical link and a plain link to follow
by hand: no script, since the site's Content-Security-Policy forbids inline scripts. Only stories
in `archive.web` get redirects, so a withdrawn story's old addresses lead nowhere.
"""

from __future__ import annotations

from markupsafe import escape

from voices.core.model import Story
from voices.site.i18n import translations
from voices.site.urls import relative, story_src, url_of


def alias_src(old: str) -> str:
    return f"stories/{old}.md"


def redirect_pages(stories: list[Story], directory_urls: bool = True,
                   language: str = "en") -> dict[str, str]:
    """Site path -> redirect page, for every alias of the given (web) stories, in the site's
    language."""
    out = {}
    for story in stories:
        target_url = url_of(story_src(story), directory_urls)
        for old in story.aliases:
            here = url_of(alias_src(old), directory_urls)
            path = here + "index.html" if here.endswith("/") else here
            out[path] = redirect_html(relative(here, target_url), story.title, language)
    return out


def redirect_html(href: str, title: str, language: str = "en") -> str:
    moved = translations(language).gettext(
        'This story has moved to a new address: <a href="%(href)s">%(title)s</a>.')
    href, title = escape(href), escape(title)
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{href}">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        "</head>\n<body>\n"
        f"<p>{moved % {'href': href, 'title': title}}</p>\n"
        "</body>\n</html>\n"
    )
