"""Withdrawal leaves no trace: build a site holding a story, withdraw it with `voices withdraw`,
rebuild, then read every byte of the output (decompressing what is compressed and extracting
the text of PDFs) looking for the story's id, title, names and sentences."""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path

import pytest
from conftest import mkdocs_build, story_text, write_archive
from pypdf import PdfReader
from voices.cli import main

SID = "lantern-on-mossgiel-lane"
STORY = """\
---
title: The lantern on Mossgiel Lane
summary: Thistlewood's lantern and the quartermaster who never rang back.
storyteller: Perpetua Vance
perspective: [lived-experience]
principles: [respect]
challenges: [communication]
told: 2024-05-01
place: Quarrendon
consent:
  date: 2024-05-02
  scope: [web, print]
status: published
illustrative: true
---
Marigold counted the blue herons twice before noon.

Our quartermaster never answered the brass telephone, so we wrote to Thistlewood instead.
"""
# Words and phrases only this story holds (lowercase; the search indexes lowercase words).
TRACES = ["mossgiel", SID, "thistlewood", "quarrendon", "perpetua", "marigold", "herons",
          "quartermaster", "brass telephone"]
GUIDE = """\
---
title: A pack for a session
summary: Two stories to read aloud.
layout: pack
stories: [{stories}]
---
Read the stories aloud, then talk.
"""


def texts(site: Path) -> dict[str, str]:
    """Every output file as lowercase text: gzip and zlib streams inflated, PDFs as their text,
    everything else decoded as UTF-8 (undecodable bytes kept as escapes, so nothing is skipped)."""
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        rel = path.relative_to(site).as_posix()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        elif raw[:1] == b"\x78" and path.suffix not in (".html", ".js", ".css", ".json", ".xml"):
            try:
                raw = zlib.decompress(raw)
            except zlib.error:
                pass
        if raw[:5] == b"%PDF-":
            reader = PdfReader(io.BytesIO(raw))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
            meta = " ".join(str(v) for v in (reader.metadata or {}).values())
            out[rel] = (text + "\n" + meta).lower()
        else:
            out[rel] = raw.decode("utf-8", "backslashreplace").lower()
    return out


def found(site: Path) -> dict[str, list[str]]:
    """For each trace, the output files that hold it."""
    all_text = texts(site)
    return {t: [rel for rel, text in all_text.items() if t in " ".join(text.split())]
            for t in TRACES}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = write_archive(tmp_path_factory.mktemp("withdrawal"), {
        f"stories/{SID}.md": STORY,
        "stories/keep-me.md": story_text("A story that stays", "[respect]", "[communication]"),
        "content/guides/index.md": "---\ntitle: Guides\n---\nGuides to print.\n",
        "content/guides/pack.md": GUIDE.format(stories=f"keep-me, {SID}"),
    }, site=True)
    with (root / "mkdocs.yml").open("a") as config:
        config.write("site_url: https://voices.example.org/\n")  # so the sitemap lists URLs
    return root


@pytest.fixture(scope="module")
def before(archive) -> dict[str, list[str]]:
    result = mkdocs_build(archive)
    assert result.returncode == 0, result.stderr
    return found(archive / "site")


def test_before_withdrawal_the_scan_finds_the_story_everywhere(before, archive):
    # Proves the scanner reads each channel a trace could hide in; otherwise "no trace" is empty.
    files = set().union(*before.values())
    assert f"stories/{SID}/index.html" in files
    assert "sitemap.xml" in files and "sitemap.xml.gz" in files
    assert any(f.endswith(".pdf") for f in before["marigold"]), before["marigold"]
    assert any(f.startswith("pagefind/") for f in before["quartermaster"])
    assert any(f.startswith("search/") for f in before["thistlewood"])
    assert "feed.xml" in files
    assert all(before.values()), {t: f for t, f in before.items() if not f}


def test_withdrawal_leaves_no_byte_of_the_story_in_the_site(before, archive):
    site_before = {p: p.read_bytes() for p in (archive / "site").rglob("*") if p.is_file()}
    assert main(["--root", str(archive), "withdraw", SID]) == 0
    assert "herons" not in (archive / "stories" / f"{SID}.md").read_text()
    # A guide still naming the story stops the build, naming both, and leaves the old site as
    # it was (the build is staged and swapped in only on success).
    result = mkdocs_build(archive)
    assert result.returncode != 0
    assert "content/guides/pack.md" in result.stderr and SID in result.stderr
    assert {p: p.read_bytes() for p in (archive / "site").rglob("*") if p.is_file()} \
        == site_before
    # Once the guide no longer names it, the site builds and holds no trace of it.
    (archive / "content/guides/pack.md").write_text(GUIDE.format(stories="keep-me"))
    result = mkdocs_build(archive)
    assert result.returncode == 0, result.stderr
    after = found(archive / "site")
    assert after == {t: [] for t in TRACES}, after
    # The rest of the site is still there: the other story, its guide and its PDFs.
    assert (archive / "site/stories/keep-me/index.html").is_file()
    assert list((archive / "site").rglob("*.pdf"))
    assert not (archive / "site" / "stories" / SID).exists()
