"""Archive -> generated pages: a title and an HTML fragment for each URL, rendered from Jinja
templates with autoescaping. Renderer-neutral: a renderer (MkDocs, or any layout) only places these
fragments in its theme; build/ decides where and when each page is rendered.

Each page is a Draft: a template and the exact data it is rendered from (its context). What a page
is made from is therefore known before it is rendered, and Draft.key() is a digest of it: a
dirty rebuild renders a page again only when its key changed, and cannot miss an input, because a
template sees nothing but its context. So a story page's context holds the terms and vocabularies
(Vocabulary), not the whole archive, and the list pages see the stories without their text
(cards): an edit to one story's text renders that story's page alone.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from voices.core import index, media
from voices.core.glossary import matcher
from voices.core.model import Archive, Story, Term, VocabEntry
from voices.core.resources import Resource, grouped
from voices.core.schema import STORY_FIELDS, TERM_FIELDS
from voices.core.support import Service
from voices.site import finder, glossary, i18n, languages, reading, search
from voices.site.cards import card_of, cards_archive
from voices.site.compiled import COMPILED
from voices.site.digests import digest
from voices.site.names import Names
from voices.site.render import Markdown
from voices.site.urls import (cell_src, link_helpers, long_date, relative, story_src, term_src,
                              url_of)

RECENT = 6
TEMPLATES = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=None)
def environment(language: str = "en") -> jinja2.Environment:
    """The templates, with the words Voices adds in the site's language (site/i18n.py): one
    environment per language, so a page never depends on which language was set last."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             bytecode_cache=COMPILED)
    i18n.install(env, language)
    env.globals.update(reading_level=reading.reading_level, media=media,  # a recording's kind
                       letter_id=glossary.letter_id,  # a letter's anchor on "Words explained"
                       pagefind_filters=search.filter_names(language))  # story, search pages
    return env


@dataclass(frozen=True)
class Page:
    src: str  # a path as if in the docs folder, e.g. "stories/river-crossing.md"
    title: str
    html: str
    description: str = ""
    lang: str = ""


LATER = "<!-- voices: this page's content, put in once rendered -->"


@dataclass(frozen=True)
class Vocabulary:
    """What a story page may show of the archive besides the stories it names: the terms and
    the vocabularies, with the same names the Archive gives them."""
    principles: dict[str, Term]
    challenges: dict[str, Term]
    perspectives: dict[str, VocabEntry]
    content_notes: dict[str, VocabEntry]

    def terms(self, kind: str) -> dict[str, Term]:
        return self.principles if kind == "principle" else self.challenges


@dataclass(frozen=True)
class Draft:
    """A generated page before it is rendered: what a renderer needs of it first (shell()), and
    its template and context, rendered by page(), possibly in another process."""
    src: str
    title: str
    description: str
    lang: str
    indexed: bool  # a story page: Pagefind indexes it
    template: str
    context: dict[str, Any]
    renderer: Renderer

    def shell(self) -> Page:
        """The page while it is being rendered: its HTML is LATER."""
        return Page(self.src, self.title, LATER, self.description, self.lang)

    def page(self) -> Page:
        lang = self.renderer.language
        html = environment(lang).get_template(self.template).render(
            **link_helpers(self.src, self.renderer.directory_urls), names=self.renderer.names,
            long_date=functools.partial(long_date, language=lang), card=self.renderer.card,
            **self.context)
        return Page(self.src, self.title, html, self.description, self.lang)

    def key(self) -> bytes:
        """A digest of everything the page is made from, but the template files themselves
        (the caller compares those as a whole: build/incremental.py)."""
        r = self.renderer
        return digest((self.src, self.title, self.description, self.lang, self.template,
                       r.directory_urls, r.names, r.language, sorted(self.context.items())),
                      r.shared)


Kept = dict[int, tuple[Story, Story, bytes, bytes]]  # id(story): story, card and their digests
CARDS_KEPT = 100_000  # list entries kept in a process (Renderer.card): about 70 MB at most


class Renderer:
    def __init__(self, archive: Archive, directory_urls: bool = True, offline: bool = False,
                 names: Names = Names(), language: str = "en", kept: Kept | None = None):
        """kept: Renderer.kept of the build before (under `mkdocs serve`), whose stories that
        are the same objects (unchanged files: core/reads.py) need no new card or digest."""
        self.a, self.names, self.language = archive, names, language  # language: the site's
        self.directory_urls = directory_urls
        self.offline = offline  # a copy read from the file system: no fetch, no Pagefind
        self.vocabulary = Vocabulary(archive.principles, archive.challenges,
                                     archive.perspectives, archive.content_notes)
        before = kept or {}
        self.kept: Kept = {}
        for story in archive.stories.values():
            old = before.get(id(story))
            # An old story is kept alive in `before`, so its id is no other story's.
            self.kept[id(story)] = old or (story, card_of(story), b"", b"")
        self.cards = cards_archive(
            archive, {sid: self.kept[id(s)][1] for sid, s in archive.stories.items()})
        self.words = matcher(tuple(archive.glossary.values()))
        self._position = {p: {s.id: i for i, s in enumerate(stories)}
                          for p, stories in archive.by_principle.items()}
        self.cards_html: dict[tuple[int, str, str], tuple[Story, str]] = {}

    def card(self, story: Story, href: str, item: jinja2.runtime.Macro) -> str:
        """A story's entry in a list (a macro of _macros.html or finder.html), made once for each
        address it links to: an entry differs from one page to another only by that (11,000
        cards rendered at 1,000 stories, 1,700 different ones)."""
        key = (id(story), href, item.name)
        made = self.cards_html.get(key)  # holds the story: its id is no other's meanwhile
        if made is None:
            if len(self.cards_html) >= CARDS_KEPT:  # a large archive: memory before speed
                self.cards_html.clear()
            made = self.cards_html[key] = (story, item(story))
        return made[1]

    def reuse_cards(self, before: tuple, templates: bytes) -> tuple:
        """Under serve: the entries the build before made (`before`, what it returned) for
        the stories whose card is the same object (unchanged since), if the templates (their
        fingerprint) and the vocabulary are the same. Returns what the next build reuses."""
        stamp = (templates, self.shared[id(self.vocabulary)])
        if before and before[0] == stamp:
            live = {id(card): card for _, card, _, _ in self.kept.values()}
            self.cards_html.update({k: v for k, v in before[1].items()
                                    if live.get(k[0]) is v[0]})
        return stamp, self.cards_html

    @functools.cached_property
    def shared(self) -> dict[int, bytes]:
        """The values many pages' contexts hold, by identity: their digest (see Draft.key).
        Each story and its card count once, and only once in a serve session while unchanged
        (a tenth of a rebuild at 1,000 stories)."""
        shared = {}
        for key, (story, card, card_digest, story_digest) in self.kept.items():
            if not story_digest:
                card_digest, story_digest = digest(card, {}), digest(story, {})
                self.kept[key] = (story, card, card_digest, story_digest)
            shared[id(card)], shared[id(story)] = card_digest, story_digest
        for entry in self.a.glossary.values():  # a story page holds those its text uses, twice
            shared[id(entry)] = digest(entry, {})
        for value in (self.vocabulary, self.cards):  # the cards' digests stand in for them
            shared[id(value)] = digest(value, shared)
        return shared

    def draft(self, src: str, title: str, template: str, description: str = "", lang: str = "",
              indexed: bool = False, **context) -> Draft:
        """A page whose template sees the archive's cards as `a`, unless its context says."""
        context.setdefault("a", self.cards)
        context.setdefault("site_lang", self.language)  # a story in another language is marked
        return Draft(src, title, description, lang, indexed, template, context, self)

    def drafts(self, stories: Sequence[Story], others: bool = True) -> list[Draft]:
        """The given stories' pages and, with others, every other generated page."""
        return [self.story_draft(s) for s in stories] + (self.other_drafts() if others else [])

    def pages(self) -> list[Page]:
        """Every generated page, rendered here: the web stories' pages first, then the rest."""
        return [draft.page() for draft in self.drafts(self.a.web)]

    def story(self, story: Story) -> Page:
        return self.story_draft(story).page()

    def other_drafts(self) -> list[Draft]:
        """The generated pages that are not story pages: indexes, terms, matrix, perspectives."""
        a, out, t = self.cards, [], i18n.translations(self.language)
        for kind in ("principle", "challenge"):
            out += [self.term_draft(term) for term in a.terms(kind).values()]
            out.append(self.draft(f"{kind}s/index.md", self.names.many(kind).capitalize(),
                                  "terms.html", kind=kind))
        out.append(self.draft("stories/index.md", t.gettext("Stories"), "stories.html"))
        out.append(self.draft(finder.PAGE_SRC, t.gettext(finder.TITLE), "finder.html",
                              finder.description(self.names, self.language),
                              embed_index=self.offline,
                              strings=finder.script_strings(self.language),
                              **finder.page_context(a)))
        out.append(self.draft(search.PAGE_SRC, t.gettext(search.TITLE), "search.html",
                              t.gettext(search.DESCRIPTION), offline=self.offline,
                              pagefind_strings=search.script_strings(self.language)))
        out.append(self.draft("matrix/index.md", t.gettext("%(principles)s and %(challenges)s") % {
            "principles": self.names.principles.capitalize(), "challenges": self.names.challenges},
            "matrix.html"))
        for (p, c), stories in a.matrix.items():
            if stories:
                both = {"principle": a.principles[p].title, "challenge": a.challenges[c].title}
                out.append(self.draft(cell_src(p, c), "%(principle)s × %(challenge)s" % both,
                                      "list.html", stories=stories, intro=t.gettext(
                    "Stories about both “%(principle)s” and “%(challenge)s”.") % both))
        out.append(self.draft("perspectives/index.md", t.gettext("Perspectives"),
                              "perspectives.html"))
        for pid, entry in a.perspectives.items():
            out.append(self.draft(f"perspectives/{pid}.md", entry.label, "list.html",
                                  stories=a.by_perspective[pid], intro=entry.summary))
        out.append(self.draft("content-model.md", t.gettext("The content model"),
                              "content_model.html", a=self.vocabulary, story_fields=STORY_FIELDS,
                              term_fields=TERM_FIELDS))
        if self.a.glossary:  # "Words explained", A to Z
            out.append(self.draft(glossary.PAGE_SRC, t.gettext(glossary.TITLE), "glossary.html",
                                  t.gettext(glossary.DESCRIPTION),
                                  glossary=glossary.by_letter(self.a.glossary)))
        return out

    def story_draft(self, story: Story) -> Draft:
        src = story_src(story)
        # Images are written as images/<name>, relative to the story's Markdown file.
        prefix = relative(url_of(src, self.directory_urls), "stories/").removeprefix("./")
        cards = self.cards
        words = tuple(self.a.glossary[i] for i in story.glossary_words)  # those its text uses
        companion = self.a.easy_read.get(story.id)  # its easy read, or the story it retells
        return self.draft(src, story.title, "story.html", story.summary, story.lang, True,
                          a=self.vocabulary, s=story,
                          body=Markdown(story.body, prefix, words, self.language),
                          glossary=words,
                          updates=[(u, Markdown(u.text, prefix)) for u in story.updates],
                          companion=cards.stories[companion] if companion else None,
                          translations=[(cards.stories[tid], languages.read_in(lang))  # in it
                                        for lang, tid in self.a.translations.get(story.id, [])],
                          next_by_principle={p: cards.stories[n.id]
                                             for p, n in self._next(story).items()},
                          related=[cards.stories[r.id] for r in self.a.related.get(story.id, [])])

    def _next(self, story: Story) -> dict[str, Story]:
        """The next story about each of its principles, in archive order: not this story in easy
        read or in another language (linked at the top of its page)."""
        same, nxt = index.companions(self.a, story.id) | {story.id}, {}
        for p in story.principles:
            peers, at = self.a.by_principle[p], self._position[p][story.id]
            others = (peers[(at + i) % len(peers)] for i in range(1, len(peers)))
            if (found := next((s for s in others if s.id not in same), None)) is not None:
                nxt[p] = found
        return nxt

    def term_draft(self, term: Term) -> Draft:
        stories = self.cards.stories_for(term)
        other = "challenges" if term.kind == "principle" else "principles"
        shared = [(self.a.terms(other[:-1])[t], n) for t, n in index.co_occurrence(stories, other)]
        # The glossary's words its text may use, as this archive's entries (the Matcher's may be
        # equal ones from an earlier build under serve: Renderer.shared knows these).
        words = tuple(self.a.glossary[e.id] for e in self.words.used(term.body))
        return self.draft(term_src(term), term.title, "term.html", term.summary, t=term,
                          body=Markdown(term.body, terms=words, language=self.language),
                          glossary=words, stories=stories, shared=shared, other=other)

    def support(self, services: Sequence[Service]) -> str:
        """The services to contact, below the support page's own text (core/support.py)."""
        env = environment(self.language)
        return env.get_template("support.html").render(services=services) if services else ""

    def resources(self, entries: Sequence[Resource]) -> str:
        """The further reading, by kind, below the resources page's own text (core/resources.py)."""
        groups = grouped(list(entries))
        env = environment(self.language)
        return env.get_template("resources.html").render(groups=groups) if groups else ""


    def home(self, src: str = "index.md") -> str:
        """Cards and recent stories, placed below the home page's own text."""
        return self.draft(src, "", "home.html", recent=self.cards.web[:RECENT]).page().html
