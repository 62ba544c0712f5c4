"""Guides -> their print pages and the extra block on each guide's web page; GuideSet is what a
build needs of the guides (web edition), and `voices print` of them (full packs).

Everything here works without MkDocs. The guides themselves are loaded and checked in
core/guides.py; their PDFs are made in printing/pdf.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from voices.core.glossary import Matcher
from voices.core.guides import LAYOUTS, Guide, load_guides
from voices.core.model import Archive
from voices.printing.pdf import TEMPLATES, VARIANTS, write_pdf
from voices.site import i18n
from voices.site.compiled import COMPILED
from voices.site.names import Names, default_names
from voices.site.render import markdown_to_html
from voices.site.urls import link_helpers, long_date, relative, url_of

CSS_NAME = "guide-print.css"  # copied to site/guides/, used by the print pages in a browser


@functools.lru_cache(maxsize=None)
def environment(language: str = "en") -> jinja2.Environment:
    """The print templates, with the words Voices adds in the site's language (site/i18n.py)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                             bytecode_cache=COMPILED)
    i18n.install(env, language)
    return env


_ENV = environment("en")
_HREF = re.compile(r'(href|src)="([^"]*)"')
NAMES = Names()  # principles and challenges, unless the archive names them otherwise
MARKER = ".voices-print"  # `voices print` empties only a folder that holds this


@dataclass(frozen=True)
class OutFile:
    name: str
    label: str
    url: str  # from the site's root, e.g. "guides/cards/cards-a4.pdf": link with relative()


def out_files(guide: Guide, language: str = "en") -> list[OutFile]:
    return [OutFile(v.name(guide.id), v.label_in(language), f"guides/{guide.id}/{v.name(guide.id)}")
            for v in VARIANTS]


def print_src(guide: Guide) -> str:
    """The print page's path as if in the docs folder, so url_of() gives its URL in either style:
    "guides/<id>/print/" on the web, "guides/<id>/print/index.html" in the offline copy. Both
    are the same file."""
    return f"guides/{guide.id}/print/index.md"


def web_ids(archive: Archive) -> set[str]:
    """The ids of the stories on the web, as a set: asking a list about each story of a guide
    searches it end to end every time (quadratic over a large archive)."""
    return {s.id for s in archive.web}


def build_date() -> str:
    """The PDFs' creation date: SOURCE_DATE_EPOCH when set (reproducible builds), else none, so
    that the same input always gives byte-identical files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return ""
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def print_html(guide: Guide, archive: Archive, *, site_name: str, site_url: str = "",
               web: bool = False, large: bool = False, site_dir: Path | None = None,
               directory_urls: bool = True, nav: bool = True, names: Names = NAMES,
               language: str = "en") -> str:
    """The standalone print document of a guide, holding every story the guide holds (the site
    passes the guide's web edition: Guide.web_edition).

    web=True: the print page (print_src), with relative links in the site's URL style
    (directory_urls); nav=False leaves out its links back to the site (a facilitator's full pack
    in print/, which has no site around it). web=False: the document for a PDF, with absolute
    links to the website (their addresses are printed) and images read from site_dir.
    `language`: the site's, for the words Voices adds.
    """
    here = url_of(print_src(guide), directory_urls) if web else ""
    if web:
        image_prefix = relative(here, "stories/") if here else ""
    else:
        image_prefix = (site_dir / "stories").resolve().as_uri() + "/" if site_dir else ""
    bodies = {gs.story.id: markdown_to_html(gs.story.body, image_prefix=image_prefix)
              for gs in guide.part("stories") or ()}

    def fix(html: str) -> str:
        return _links(html, guide.src, here if web else None, site_url, directory_urls)

    per_row = 1 if large else 2
    # On card sheets, principles and challenges share one grid, so no sheet is left half empty.
    term_parts = [(n, v) for n, v in guide.parts if n in ("principles", "challenges")]
    card_terms = [t for _, terms in term_parts for t in terms]
    return environment(language).get_template("guide.html").render(
        g=guide, a=archive, names=names, site_name=site_name, site_url=site_url, web=web,
        large=large,
        intro=fix(markdown_to_html(guide.intro)) if guide.intro.strip() else "",
        notes=fix(markdown_to_html(guide.part("notes") or "")), bodies=bodies, nav=web and nav,
        update_html=markdown_to_html,  # a story's "what happened next", as on its page
        per_row=per_row, card_terms=card_terms,
        first_terms=term_parts[0][0] if term_parts else "", date=build_date(),
        long_date=functools.partial(long_date, language=language),
        css_href=relative(here, "guides/" + CSS_NAME) if web else "",
        back_href=relative(here, url_of(guide.src, directory_urls)) if web else "",
        files=out_files(guide, language), file_link=lambda path: relative(here, path),
        page_numbers=page_numbers(language),
        words=Matcher(archive.glossary.values()).used("\n".join(_printed_texts(guide))))


def page_numbers(language: str = "en") -> Markup:
    """The CSS `content` of a printed page's number, "Page 1 of 2" in the site's language
    (guide.html puts it in the page's footer: @page @bottom-center)."""
    text = i18n.translations(language).gettext("Page %(page)s of %(pages)s")
    parts = re.split(r"%\((pages?)\)s", text)  # words, counter, words, counter, words
    return Markup(" ".join(f"counter({part})" if i % 2 else json.dumps(part, ensure_ascii=False)
                           for i, part in enumerate(parts) if part))


def _printed_texts(guide: Guide) -> list[str]:
    """The texts a guide prints (its intro, notes, cards, stories and questions), whose glossary
    words its "Words explained" explains at the end."""
    texts = [guide.intro, guide.part("notes") or "", *(guide.part("questions") or ())]
    for name in ("principles", "challenges"):
        texts += [text for t in guide.part(name) or () for text in (t.title, t.summary,
                                                                   *t.questions)]
    for gs in guide.part("stories") or ():
        texts += [gs.story.title, gs.story.body, *gs.questions]
    return texts


def _links(html: str, src: str, here: str | None, site_url: str,
           directory_urls: bool = True) -> str:
    """Point links written in a guide (relative to its Markdown file, e.g. '../safe-spaces.md')
    at the built pages: relative from the print page (in the site's URL style), or absolute for
    a PDF (the website's own addresses, whatever copy the PDF sits in)."""
    def fix(m: re.Match) -> str:
        attr, href = m.group(1), m.group(2)
        if "://" in href or href.startswith(("mailto:", "#", "/")):
            return m.group(0)
        path, _, anchor = href.partition("#")
        target = os.path.normpath(os.path.join(os.path.dirname(src), path)).replace("\\", "/")
        page = target.endswith(".md")  # a page has a URL; any other file keeps its path
        if here is not None:
            new = relative(here, url_of(target, directory_urls) if page else target)
        elif site_url:
            new = site_url.rstrip("/") + "/" + (url_of(target) if page else target)
        else:
            return m.group(0)
        return f'{attr}="{new}{"#" + anchor if anchor else ""}"'
    return _HREF.sub(fix, html)


class GuideSet:
    """The guides of one build: what the plugin needs, and nothing that imports MkDocs."""

    def __init__(self, root: Path, archive: Archive, site_name: str, site_url: str = "",
                 today: dt.date | None = None, directory_urls: bool = True,
                 cache_dir: Path | None = None, full: bool = False, names: Names = NAMES,
                 offline_copy: str = "", language: str = "en"):
        self.archive, self.cache_dir, self.names = archive, cache_dir, names
        self.language = language  # the site's: the words Voices adds to the guides
        self.offline_copy = offline_copy  # the site's zip of itself, for groups without internet
        self.site_name, self.site_url = site_name, site_url
        # False in the offline copy: links name files ("a/b.html"), as url_of() makes them.
        self.directory_urls = directory_urls
        # The site publishes each guide's web edition; full=True (`voices print`, into print/,
        # never into the site) keeps the stories shared for print only.
        self.full = full
        self.guides, self.problems = load_guides(root, archive, today)
        if not full:
            on_web = web_ids(archive)
            self.guides = [g.web_edition(on_web) for g in self.guides]
        self.by_src = {g.src: g for g in self.guides}

    def page_html(self, src: str, html: str = "") -> str | None:
        """A guide's page (or guides/index.md): its own `html` with the print links first and the
        guide's contents after; None for any other page."""
        links = link_helpers(src, self.directory_urls)
        if src == "guides/index.md":
            return html + environment(self.language).get_template("index.html").render(
                guides=self.guides, files=functools.partial(out_files, language=self.language),
                layouts=LAYOUTS,
                offline_copy=self.offline_copy, **links)
        guide = self.by_src.get(src)
        if guide is None:
            return None
        return environment(self.language).get_template("web.html").render(
            body=html, g=guide, a=self.archive, names=self.names,
            print_src=print_src(guide), files=out_files(guide, self.language),
            notes=markdown_to_html(guide.part("notes") or ""), **links)

    def write(self, site_dir: Path) -> list[Path]:
        """Write each guide's print page and PDFs into the built site; return the PDFs."""
        written = self.write_pdfs(site_dir)
        self.write_pages(site_dir)
        return written

    def write_pdfs(self, site_dir: Path) -> list[Path]:
        """Each guide's PDFs (the slow part: the plugin runs it while Pagefind indexes)."""
        site_dir = Path(site_dir)
        written, keys = [], set()
        common = {"site_name": self.site_name, "site_url": self.site_url, "names": self.names,
                  "language": self.language}
        for guide in self.guides:
            out = site_dir / "guides" / guide.id
            for variant in VARIANTS:
                html = print_html(guide, self.archive, large=variant.large, site_dir=site_dir,
                                  **common)
                keys.add(write_pdf(html, variant, out / variant.name(guide.id), site_dir,
                                   self.cache_dir))
                written.append(out / variant.name(guide.id))
        if self.cache_dir is not None and self.cache_dir.is_dir():  # keep only what is used
            for old in self.cache_dir.glob("*.pdf"):
                if old.stem not in keys:
                    with contextlib.suppress(OSError):  # only a cache
                        old.unlink(missing_ok=True)
        return written

    def write_pages(self, site_dir: Path) -> None:
        """Each guide's print page and their style sheet."""
        site_dir = Path(site_dir)
        if self.guides:
            (site_dir / "guides").mkdir(parents=True, exist_ok=True)
            (site_dir / "guides" / CSS_NAME).write_bytes((TEMPLATES / "guide.css").read_bytes())
        common = {"site_name": self.site_name, "site_url": self.site_url, "names": self.names,
                  "directory_urls": self.directory_urls, "nav": not self.full,
                  "language": self.language}
        for guide in self.guides:
            # The same file in either URL style: file style names it in full.
            page = site_dir / url_of(print_src(guide), directory_urls=False)
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(print_html(guide, self.archive, web=True, **common), encoding="utf-8")


def write_packs(root: Path, archive, out: Path, site_name: str, site_url: str = "",
                today: dt.date | None = None, private: Path | None = None,
                language: str = "en") -> list[Path]:
    guides = GuideSet(root, archive, site_name, site_url, today, full=True, language=language,
                      names=default_names(language))
    if (out / MARKER).is_file():
        shutil.rmtree(out)  # a story taken out of a guide must not linger in an old pack
    for folder in (root / "stories" / "images", private and private / "images"):
        if folder and folder.is_dir():  # the PDFs and pages embed them from here
            shutil.copytree(folder, out / "stories" / "images", dirs_exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by 'voices print': the next run replaces this folder.\n")
    return guides.write(out)
