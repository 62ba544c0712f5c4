"""Guides' print documents -> PDFs with WeasyPrint, cached by what they are made from, and
rendered by a forked process while the site's pages are written.

The PDFs come from our own small templates (templates/), never from the site's theme: WeasyPrint
renders plain HTML well and a full Material page badly.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import multiprocessing
import os
import pickle
import re
import tempfile
import threading
import traceback
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from voices.core.problems import VoicesError
from voices.site.i18n import N_, translations


class GuideSet(Protocol):  # printing/guides.py: what the PDF renderer needs of it
    guides: list

    def write_pdfs(self, site_dir: Path) -> list[Path]: ...

TEMPLATES = Path(__file__).parent / "templates"
PAPERS = {"a4": (N_("A4"), "210mm 297mm"), "letter": (N_("US Letter"), "8.5in 11in")}
LARGE_PT = 16
_FILE_URL = re.compile(r'src="(file://[^"]*)"')
# Rendering a PDF takes a second or so; 'mkdocs serve' rebuilds often, so keep recent results.
_CACHE: dict[str, bytes] = {}
_CACHE_MAX = 64
# ... and between builds, as mkdocs-material's own plugins do, in the project's .cache/ folder
# (the plugin's `cache` option): a PDF is rendered again only when something it is made from
# changes. Its name is a hash of all of that: see pdf_key(). The folder: settings.CACHE / "pdf".


@dataclass(frozen=True)
class Variant:
    paper: str  # a key of PAPERS
    large: bool = False

    def name(self, guide_id: str) -> str:
        return f"{guide_id}{'-large-print' if self.large else ''}-{self.paper}.pdf"

    @property
    def label(self) -> str:
        return self.label_in("en")

    def label_in(self, language: str) -> str:
        """'PDF (A4)', 'Large print PDF (A4)', in the site's language."""
        t = translations(language)
        label = t.gettext("Large print PDF (%(paper)s)") if self.large else t.gettext(
            "PDF (%(paper)s)")
        return label % {"paper": t.gettext(PAPERS[self.paper][0])}


VARIANTS = (Variant("a4"), Variant("letter"), Variant("a4", large=True))


def page_css(variant: Variant) -> str:
    size = PAPERS[variant.paper][1]
    css = f"@page {{ size: {size}; }}\n"
    if variant.large:
        # Large print means large everywhere, the running title and page numbers included.
        css += (f"@page {{ @top-center {{ font-size: {LARGE_PT}pt; }} "
                f"@bottom-center {{ font-size: {LARGE_PT}pt; }} }}\n")
    return css


def pdf_key(html: str, variant: Variant) -> str:
    """What a PDF is made from, as a hash: its HTML, both style sheets, the bytes of every file
    it embeds (the story images, by file URL), WeasyPrint's version and this module's code."""
    digest = hashlib.sha256()
    for part in (html, page_css(variant), importlib.metadata.version("weasyprint")):
        digest.update(part.encode() + b"\0")
    for path in (TEMPLATES / "guide.css", Path(__file__)):
        digest.update(path.read_bytes() + b"\0")
    for url in sorted(set(_FILE_URL.findall(html))):
        path = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).path))
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        digest.update(b"\0")
    return digest.hexdigest()


def write_pdf(html: str, variant: Variant, target: Path, base_dir: Path,
              cache_dir: Path | None = None) -> str:
    """Render html to the PDF `target` (or copy it from a cache); return its key."""
    key = pdf_key(html, variant)
    cached = cache_dir / f"{key}.pdf" if cache_dir is not None else None
    if key not in _CACHE and cached is not None and cached.is_file():
        with contextlib.suppress(OSError):  # only a cache: render instead
            _CACHE[key] = cached.read_bytes()
    if key not in _CACHE:
        import weasyprint  # imported here: only builds that write guides pay its start-up cost

        styles = [weasyprint.CSS(filename=str(TEMPLATES / "guide.css")),
                  weasyprint.CSS(string=page_css(variant))]
        try:
            doc = weasyprint.HTML(string=html, base_url=str(base_dir),
                                  url_fetcher=_local_only(base_dir))
            data = doc.write_pdf(stylesheets=styles, pdf_tags=True, uncompressed_pdf=False,
                                 pdf_identifier=key[:32].encode())
        except Exception as exc:  # noqa: BLE001  WeasyPrint's own failures, in one line
            raise VoicesError(f"The PDF {target.name} could not be made: {exc}",
                              "Look for an image or a link in the guide's stories that "
                              "WeasyPrint cannot read.") from exc
        if cached is not None:
            _store(cached, data)
        _CACHE[key] = data
    while len(_CACHE) > _CACHE_MAX:
        _CACHE.pop(next(iter(_CACHE)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_CACHE[key])
    return key


def _store(path: Path, data: bytes) -> None:
    """Into the cache, whole or not at all (another build may read it meanwhile); a cache that
    cannot be written (a read-only checkout) is no error."""
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(data)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _local_only(base_dir: Path):
    """A URL fetcher that reads only files inside the built site: a guide never fetches from the
    network, whatever a story's Markdown says."""
    import weasyprint

    root = base_dir.resolve()

    def allowed(url: str) -> None:
        if not (url.startswith("file://")
                and Path(url[len("file://"):]).resolve().is_relative_to(root)):
            raise ValueError(f"guides may only use files from the built site, not {url}")

    if hasattr(weasyprint, "URLFetcher"):  # newer WeasyPrint (70 here): a fetcher is an object
        class LocalOnly(weasyprint.URLFetcher):
            def fetch(self, url, headers=None):
                allowed(url)
                return super().fetch(url, headers)
        return LocalOnly()

    def fetch(url: str, *args, **kwargs):  # earlier versions: a function
        allowed(url)
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    return fetch


class PendingPdfs:
    """The guides' PDFs, rendered by a forked copy of this process while MkDocs writes the site's
    pages (speed only: WeasyPrint takes seconds whatever the size of the archive).

    Start it only once the site's images are in site_dir (the PDFs embed them). Forking a process
    that runs other threads can deadlock, so then nothing is forked and join() renders the PDFs
    itself, as GuideSet.write_pdfs does."""

    def __init__(self, guides: GuideSet, site_dir: Path):
        self.guides, self.site_dir = guides, Path(site_dir)
        self.proc = None
        if not guides.guides or threading.active_count() > 1:
            return
        # What the process made comes back in a file, not a pipe: the PDFs would fill a pipe,
        # and the process would wait until the end of the build for someone to read it, holding
        # a copy of all the memory this process has changed since the fork (0.5 GB at 50,000
        # stories). With a file it ends as soon as it is done.
        handle, name = tempfile.mkstemp(prefix="voices-pdfs-", suffix=".pickle")
        os.close(handle)
        self.result = Path(name)
        context = multiprocessing.get_context("fork")
        self.proc = context.Process(target=_render_pdfs, args=(guides, self.site_dir,
                                                                self.result), daemon=True)
        self.proc.start()

    def join(self) -> list[Path]:
        """Wait for the PDFs; a VoicesError says why when they could not be made."""
        if self.proc is None:
            return self.guides.write_pdfs(self.site_dir)
        self.proc.join()
        self.proc = None
        try:
            ok, written, rendered = pickle.loads(self.result.read_bytes())
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):  # ended before the end
            ok, rendered = False, {}
            written = ("The process making the guides' PDFs ended before it finished.",
                       "Build again; if it happens again, free some memory first.")
        finally:
            self.result.unlink(missing_ok=True)
        _CACHE.update(rendered)  # so 'mkdocs serve' and later builds reuse them
        while len(_CACHE) > _CACHE_MAX:
            _CACHE.pop(next(iter(_CACHE)))
        if not ok:
            raise VoicesError(*written)
        return written

    def cancel(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join()
            self.result.unlink(missing_ok=True)
            self.proc = None


def _render_pdfs(guides: GuideSet, site_dir: Path, result: Path) -> None:
    """In the forked process: render, then write what was written and the new PDFs to `result`
    (PendingPdfs.join reads it)."""
    before = set(_CACHE)
    try:
        written = guides.write_pdfs(site_dir)
        message = (True, written, {k: v for k, v in _CACHE.items() if k not in before})
    except VoicesError as exc:
        message = (False, (exc.message, exc.hint), {})
    except BaseException as exc:  # noqa: BLE001  (reported by the parent, which fails the build)
        last = traceback.format_exception_only(exc)[-1].strip()
        message = (False, (f"The guides' PDFs could not be made: {last}",
                           "If the archive checks clean, this is a bug in Voices: please "
                           "report it with this message."), {})
    result.write_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
