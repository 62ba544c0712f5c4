"""Reading and rendering PDFs in tests, in Python only (no poppler tools to install).

pypdf reads text, pages, fonts and images; pypdfium2 renders pages to PIL images.
Every function takes a path (or the PDF's bytes). Page numbers are 1-based, as in a PDF viewer
and in pdftoppm.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

PDF = Path | str | bytes


def _reader(pdf: PDF) -> PdfReader:
    return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)


def pdf_text(pdf: PDF) -> str:
    """The text of every page, pages separated by a form feed (as pdftotext does)."""
    return "\f".join(page.extract_text() or "" for page in _reader(pdf).pages)


def pdf_pages(pdf: PDF) -> int:
    """How many pages the PDF has."""
    return len(_reader(pdf).pages)


def page_sizes(pdf: PDF) -> list[tuple[float, float]]:
    """Each page's (width, height) in points, from its media box (A4 is about 595 x 842)."""
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in _reader(pdf).pages]


@dataclass(frozen=True)
class TextRun:
    """A run of text drawn in one font at one size."""

    page: int  # 1-based
    text: str
    font: str  # the font's /BaseFont, e.g. "ABCDEF+DejaVu-Sans"
    size: float  # the size on the page in points: the Tf size times the text and CTM matrices
    height: float  # the height of its box (size x the font's ascent - descent), as pdftotext -bbox


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]


def _descriptor(font: DictionaryObject | None) -> DictionaryObject:
    if not font:
        return DictionaryObject()
    if "/DescendantFonts" in font:  # Type0 (CID) fonts keep it in their one descendant
        font = font["/DescendantFonts"][0].get_object()
    found = font.get("/FontDescriptor")
    return found.get_object() if found is not None else DictionaryObject()


def _ascent_descent(font: DictionaryObject | None) -> tuple[float, float]:
    """The font's ascent and descent in em, with poppler's defaults and sanity checks."""
    desc = _descriptor(font)
    ascent, descent = 0.95, -0.35
    a = float(desc.get("/Ascent", 0)) / 1000
    d = float(desc.get("/Descent", 0)) / 1000
    if 0 < a < 3:
        ascent = a
    if d != 0 and -3 < d < 3:
        descent = -abs(d)  # some fonts give a positive descent
    return ascent, descent


def text_runs(pdf: PDF) -> list[TextRun]:
    """Every run of visible (non-blank) text, with its font and its size on the page."""
    runs: list[TextRun] = []
    for number, page in enumerate(_reader(pdf).pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            m = _mult(tm, cm)
            on_page = float(size) * (m[2] ** 2 + m[3] ** 2) ** 0.5
            ascent, descent = _ascent_descent(font)
            name = str(font.get("/BaseFont", "")).lstrip("/") if font else ""
            runs.append(TextRun(number, text, name, on_page, on_page * (ascent - descent)))

        page.extract_text(visitor_text=visit)
    return runs


def _xobject_images(resources, seen: set) -> Iterator[tuple[str, DictionaryObject]]:
    xobjects = (resources or {}).get("/XObject")
    if xobjects is None:
        return
    for name, ref in xobjects.get_object().items():
        key = getattr(ref, "idnum", None)
        obj = ref.get_object()
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        if obj.get("/Subtype") == "/Image":
            yield name, obj
        elif obj.get("/Subtype") == "/Form":  # images drawn inside a form XObject
            yield from _xobject_images(obj.get("/Resources"), seen)


def pdf_images(pdf: PDF) -> list[tuple[int, str, int, int]]:
    """The images the pages use, as (page, name, width, height): what pdfimages -list lists,
    once per image object (not once per time it is drawn), soft masks left out."""
    found = []
    for number, page in enumerate(_reader(pdf).pages, start=1):
        seen: set = set()
        for name, obj in _xobject_images(page.get("/Resources"), seen):
            found.append((number, name, int(obj["/Width"]), int(obj["/Height"])))
    return found


def render_page(pdf: PDF, page: int = 1, dpi: float = 72) -> Image.Image:
    """Page `page` (1-based) rendered to an RGB PIL image at `dpi` (72 dpi: 1 pixel a point)."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        if not 1 <= page <= len(doc):
            raise IndexError(f"page {page} of a {len(doc)}-page PDF")
        bitmap = doc[page - 1].render(scale=dpi / 72)
        return bitmap.to_pil().convert("RGB")  # a copy: it outlives the document
    finally:
        doc.close()


def render_pages(pdf: PDF, prefix: Path | str, dpi: float = 72) -> list[Path]:
    """Every page as a PNG named as `pdftoppm -png PDF PREFIX` names them (PREFIX-1.png, or
    PREFIX-01.png from 10 pages on); returns their paths."""
    count = pdf_pages(pdf)
    width = len(str(count))
    paths = []
    for page in range(1, count + 1):
        path = Path(f"{prefix}-{page:0{width}d}.png")
        render_page(pdf, page, dpi).save(path)
        paths.append(path)
    return paths
