"""Archive -> generated pages: a title and an HTML fragment for each URL, rendered from Jinja
templates with autoescaping. Renderer-neutral: MkDocs only places these fragments in its theme."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from voices.site import finder, reading, search

from voices.core import index, media, parallel
from voices.core.model import Archive, Story, Term
from voices.core.support import Service
from voices.site.render import markdown_to_html
from voices.core.schema import STORY_FIELDS, TERM_FIELDS

RECENT = 6
TEMPLATES = Path(__file__).parent / "templates"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)
_ENV.globals["reading_level"] = reading.reading_level
_ENV.globals["media"] = media  # kind() and mime() of a story's recording


@dataclass(frozen=True)
class Page:
    src: str  # a path as if in the docs folder, e.g. "stories/river-crossing.md"
    title: str
    html: str
    description: str = ""
    lang: str = ""


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
    A URL ending in "/" (or "") is a folder; any other names a file, whose folder links start."""
    base = from_url.rstrip("/") if from_url.endswith("/") or not from_url \
        else posixpath.dirname(from_url)
    path = posixpath.relpath(to_url.rstrip("/") or ".", base or ".")
    if to_url.endswith("/") or to_url == "":
        return "./" if path == "." else path + "/"
    return path


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def story_src(story: Story) -> str:
    return f"stories/{story.id}.md"


LATER = "<!-- voices: this page's content, put in once rendered -->"


@dataclass(frozen=True)
class Draft:
    """A generated page before it is rendered: what MkDocs needs of it first (shell()), and how
    to render the rest, which may happen in another process (Renderer.pending)."""
    src: str
    title: str
    description: str
    lang: str
    indexed: bool  # a story page: Pagefind indexes it
    render: Callable[[], str]

    def shell(self) -> Page:
        """The page while it is being rendered: its HTML is LATER."""
        return Page(self.src, self.title, LATER, self.description, self.lang)

    def page(self) -> Page:
        return Page(self.src, self.title, self.render(), self.description, self.lang)


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


class Renderer:
    def __init__(self, archive: Archive, directory_urls: bool = True, offline: bool = False):
        self.a = archive
        self.directory_urls = directory_urls
        self.offline = offline  # a copy read from the file system: no fetch, no Pagefind
        self._position = {p: {s.id: i for i, s in enumerate(stories)}
                          for p, stories in archive.by_principle.items()}

    def _render(self, template: str, src: str, **context) -> str:
        return _ENV.get_template(template).render(
            a=self.a, **link_helpers(src, self.directory_urls), long_date=long_date, **context)

    def pages(self) -> list[Page]:
        """Every generated page: the web stories' pages first, then the rest."""
        return self.pending(self.drafts(self.a.web)).results()

    def story(self, story: Story) -> Page:
        return self.story_draft(story).page()

    def drafts(self, stories: Sequence[Story], others: bool = True) -> list[Draft]:
        """The given stories' pages and, with others, every other generated page, as drafts."""
        return [self.story_draft(s) for s in stories] + (self.other_drafts() if others else [])

    def pending(self, drafts: Sequence[Draft], documents: Path | None = None,
                lang: str = "") -> parallel.Pending[int, Page]:
        """The drafts rendered by worker processes while the caller goes on with other work:
        .get(i) waits for the page of drafts[i] (parallel.Pending). With `documents`, each
        story page is also written there as the search indexer reads it
        (search.write_document), with the site's language."""
        global _DRAFTS, _DOCUMENTS
        _DRAFTS, _DOCUMENTS = drafts, (documents, lang)  # the forked workers find them here
        try:
            return parallel.Pending(_render_drafts, range(len(drafts)))
        finally:
            _DRAFTS, _DOCUMENTS = (), (None, "")

    def other_drafts(self) -> list[Draft]:
        """The generated pages that are not story pages: indexes, terms, matrix, perspectives."""
        a, out = self.a, []

        def draft(src: str, title: str, template: str, description: str = "", **context) -> None:
            out.append(Draft(src, title, description, "", False, functools.partial(
                self._render, template, src, **context)))

        for kind in ("principle", "challenge"):
            out += [self.term_draft(t) for t in a.terms(kind).values()]
            draft(f"{kind}s/index.md", kind.capitalize() + "s", "terms.html", kind=kind)
        draft("stories/index.md", "Stories", "stories.html")
        draft(finder.PAGE_SRC, finder.TITLE, "finder.html", finder.DESCRIPTION,
              embed_index=self.offline, **finder.page_context(a))
        draft(search.PAGE_SRC, search.TITLE, "search.html", search.DESCRIPTION,
              offline=self.offline)
        draft("matrix/index.md", "Principles and challenges", "matrix.html")
        for (p, c), stories in a.matrix.items():
            if stories:
                draft(cell_src(p, c), f"{a.principles[p].title} × {a.challenges[c].title}",
                      "list.html", stories=stories, intro=f"Stories about both "
                      f"“{a.principles[p].title}” and “{a.challenges[c].title}”.")
        draft("perspectives/index.md", "Perspectives", "perspectives.html")
        for pid, entry in a.perspectives.items():
            draft(f"perspectives/{pid}.md", entry.label, "list.html",
                  stories=a.by_perspective[pid], intro=entry.summary)
        draft("content-model.md", "The content model", "content_model.html",
              story_fields=STORY_FIELDS, term_fields=TERM_FIELDS)
        return out

    def story_draft(self, story: Story) -> Draft:
        return Draft(story_src(story), story.title, story.summary, story.lang, True,
                     functools.partial(self._story_html, story))

    def _story_html(self, story: Story) -> str:
        src = story_src(story)
        # Images are written as images/<name>, relative to the story's Markdown file.
        prefix = relative(url_of(src, self.directory_urls), "stories/").removeprefix("./")
        body = markdown_to_html(story.body, image_prefix=prefix)
        return self._render("story.html", src, s=story, body=body,
                            next_by_principle=self._next(story),
                            related=self.a.related.get(story.id, []))

    def _next(self, story: Story) -> dict[str, Story]:
        nxt = {}
        for p in story.principles:  # "next story about this principle", in archive order
            peers = self.a.by_principle[p]
            if len(peers) > 1:
                nxt[p] = peers[(self._position[p][story.id] + 1) % len(peers)]
        return nxt

    def story_inputs(self, story: Story) -> tuple:
        """What a story's page shows from the archive, apart from the terms and vocabularies
        (see shared_inputs): equal inputs, equal page. `mkdocs serve --dirty` compares them to
        write again only the pages an edit changed, without rendering every page to find out.
        Other stories appear as list items (title, storyteller, summary...), never their text."""
        return (story, tuple((p, _card(n)) for p, n in self._next(story).items()),
                tuple(_card(r) for r in self.a.related.get(story.id, [])))

    def listing_inputs(self) -> tuple:
        """What the other generated pages (and the home and guide pages) show of the stories:
        every story as a list item, in archive order; never a story's text."""
        return (tuple(map(_card, self.a.stories.values())), tuple(s.id for s in self.a.web))

    def shared_inputs(self) -> tuple:
        """What every story page may show of the terms and vocabularies."""
        a = self.a
        return (self.directory_urls, self.offline, *(tuple(d.items()) for d in (
            a.principles, a.challenges, a.perspectives, a.content_notes)))

    def term_draft(self, term: Term) -> Draft:
        return Draft(term_src(term), term.title, term.summary, "", False,
                     functools.partial(self._term_html, term))

    def _term_html(self, term: Term) -> str:
        stories = self.a.stories_for(term)
        other = "challenges" if term.kind == "principle" else "principles"
        shared = [(self.a.terms(other[:-1])[t], n) for t, n in index.co_occurrence(stories, other)]
        return self._render("term.html", term_src(term), t=term, body=markdown_to_html(term.body),
                            stories=stories, shared=shared, other=other)

    def support(self, services: Sequence[Service]) -> str:
        """The services to contact, below the support page's own text (core/support.py)."""
        return _ENV.get_template("support.html").render(services=services) if services else ""

    def home(self, src: str = "index.md") -> str:
        """Cards and recent stories, placed below the home page's own text."""
        return self._render("home.html", src, recent=self.a.web[:RECENT])


# Speed only: generated pages (story pages are most of a build's own work) are rendered by
# forked worker processes, which find the drafts here.
_DRAFTS: Sequence[Draft] = ()
_DOCUMENTS: tuple[Path | None, str] = (None, "")


def _card(story: Story) -> Story:
    """A story as another story's page lists it: everything but its text."""
    return dataclasses.replace(story, body="", body_line=0, word_count=0)


def _render_drafts(numbers: Sequence[int]) -> list[Page]:
    pages = [_DRAFTS[i].page() for i in numbers]
    folder, lang = _DOCUMENTS
    if folder is not None:
        for i, page in zip(numbers, pages, strict=True):
            if _DRAFTS[i].indexed:
                search.write_document(folder, page.src, lang, page.title, page.html)
    return pages
