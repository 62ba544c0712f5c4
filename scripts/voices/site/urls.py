"""Addresses of generated pages and links between them, in either URL style: directory URLs on
the web ("a/b/"), file URLs in the offline copy ("a/b.html"). Plain functions, no templates."""

from __future__ import annotations

import datetime as dt
import posixpath

from babel.dates import format_date

from voices.core.model import Story, Term
from voices.site.i18n import locale


def url_of(src: str, directory_urls: bool = True) -> str:
    """The URL of a source path. Directory style (MkDocs' use_directory_urls, the default):
    "a/b.md" -> "a/b/", "a/index.md" -> "a/". File style, for a copy read from the file system
    (where a folder does not open its index.html): "a/b.md" -> "a/b.html"."""
    stem = src[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """A link from one page URL to another, relative so the site works under any base path.
    A URL ending in "/" (or "") is a folder; any other names a file, whose folder links start.
    (posixpath.relpath would do, but it asks the file system for the working folder each time,
    and a build makes hundreds of thousands of links: URLs here have no "." or ".." parts.)"""
    base = from_url.rstrip("/") if from_url.endswith("/") or not from_url \
        else posixpath.dirname(from_url)
    start = [part for part in base.split("/") if part]
    target = [part for part in to_url.rstrip("/").split("/") if part]
    common = 0
    for here, there in zip(start, target):
        if here != there:
            break
        common += 1
    path = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    if to_url.endswith("/") or to_url == "":
        return "./" if path == "." else path + "/"
    return path


def long_date(day: dt.date, language: str = "en") -> str:
    """"1 May 2024", or in the site's language: "1 Mai 2024" in Welsh."""
    return format_date(day, "d MMMM y", locale=locale(language))


def story_src(story: Story) -> str:
    return f"stories/{story.id}.md"


def term_src(term: Term) -> str:
    return f"{term.section}/{term.id}.md"


def cell_src(principle: str, challenge: str) -> str:
    return f"matrix/{principle}/{challenge}.md"


def link_helpers(src: str, directory_urls: bool = True) -> dict:
    """What a template needs to link from the page at `src`: `link` to another source path,
    `file_link` to a file of the site, and the source paths of stories, terms and matrix cells."""
    here = url_of(src, directory_urls)
    return {"link": lambda to_src: relative(here, url_of(to_src, directory_urls)),
            "file_link": lambda path: relative(here, path),
            "story_src": story_src, "term_src": term_src, "cell_src": cell_src}
