"""Archive -> generated pages: a title and an HTML fragment for each URL, rendered from Jinja
templates with autoescaping. Renderer-neutral: MkDocs only places these fragments in its theme."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import index
from .model import Archive, Story, Term
from .render import markdown_to_html
from .schema import STORY_FIELDS, TERM_FIELDS

RECENT = 6
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Page:
    src: str  # a path as if in the docs folder, e.g. "stories/river-crossing.md"
    title: str
    html: str
    description: str = ""
    lang: str = ""


def url_of(src: str) -> str:
    """The directory-style URL of a source path: "a/b.md" -> "a/b/", "a/index.md" -> "a/"."""
    stem = src[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """A link from one page URL to another, relative so the site works under any base path."""
    path = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    if to_url.endswith("/") or to_url == "":
        return "./" if path == "." else path + "/"
    return path


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def story_src(story: Story) -> str:
    return f"stories/{story.id}.md"


def term_src(term: Term) -> str:
    return f"{term.section}/{term.id}.md"


def cell_src(principle: str, challenge: str) -> str:
    return f"matrix/{principle}/{challenge}.md"


class Renderer:
    def __init__(self, archive: Archive):
        self.a = archive
        self._position = {p: {s.id: i for i, s in enumerate(stories)}
                          for p, stories in archive.by_principle.items()}

    def _render(self, template: str, src: str, **context) -> str:
        here = url_of(src)
        return _ENV.get_template(template).render(
            a=self.a, link=lambda to_src: relative(here, url_of(to_src)), story_src=story_src,
            term_src=term_src, cell_src=cell_src, long_date=long_date, **context)

    def pages(self) -> list[Page]:
        a = self.a
        out = [self.story(s) for s in a.web]
        for kind in ("principle", "challenge"):
            out += [self.term(t) for t in a.terms(kind).values()]
            out.append(Page(f"{kind}s/index.md", kind.capitalize() + "s",
                            self._render("terms.html", f"{kind}s/index.md", kind=kind)))
        out.append(Page("stories/index.md", "Stories", self._render("stories.html",
                        "stories/index.md")))
        out.append(Page("matrix/index.md", "Principles and challenges", self._render(
            "matrix.html", "matrix/index.md")))
        for (p, c), stories in a.matrix.items():
            if stories:
                src = cell_src(p, c)
                title = f"{a.principles[p].title} × {a.challenges[c].title}"
                out.append(Page(src, title, self._render("list.html", src, stories=stories,
                           intro=f"Stories about both “{a.principles[p].title}” and "
                                 f"“{a.challenges[c].title}”.")))
        out.append(Page("perspectives/index.md", "Perspectives",
                        self._render("perspectives.html", "perspectives/index.md")))
        for pid, entry in a.perspectives.items():
            src = f"perspectives/{pid}.md"
            out.append(Page(src, entry.label, self._render("list.html", src,
                            stories=a.by_perspective[pid], intro=entry.summary)))
        out.append(Page("content-model.md", "The content model", self._render(
            "content_model.html", "content-model.md", story_fields=STORY_FIELDS,
            term_fields=TERM_FIELDS)))
        return out

    def story(self, story: Story) -> Page:
        src = story_src(story)
        depth = src.count("/") + 1  # the story page is a folder below stories/
        body = markdown_to_html(story.body, image_prefix="../" * (depth - 1))
        nxt = {}
        for p in story.principles:  # "next story about this principle", in archive order
            peers = self.a.by_principle[p]
            if len(peers) > 1:
                nxt[p] = peers[(self._position[p][story.id] + 1) % len(peers)]
        html = self._render("story.html", src, s=story, body=body, next_by_principle=nxt,
                            related=self.a.related.get(story.id, []))
        return Page(src, story.title, html, story.summary, story.lang)

    def term(self, term: Term) -> Page:
        src = term_src(term)
        stories = self.a.stories_for(term)
        other = "challenges" if term.kind == "principle" else "principles"
        shared = [(self.a.terms(other[:-1])[t], n) for t, n in index.co_occurrence(stories, other)]
        html = self._render("term.html", src, t=term, body=markdown_to_html(term.body),
                            stories=stories, shared=shared, other=other)
        return Page(src, term.title, html, term.summary)

    def home(self, src: str = "index.md") -> str:
        """Cards and recent stories, placed below the home page's own text."""
        return self._render("home.html", src, recent=self.a.web[:RECENT])
