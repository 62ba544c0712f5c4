"""The build is renderer-neutral: a layout of a few lines, in a process where MkDocs is never
imported, drives it through every generated page of the default archive, the search index, the
guides' PDFs and the schema export: either the renderer writes each page the build completes,
or it gives the build its layout and the build's workers write the pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

# Run as a script, so that nothing this test process imported (MkDocs, by other tests) is there.
LAYOUT = """
import json, shutil, sys
from pathlib import Path
from voices.build.build import Build
from voices.build.settings import Settings
from voices.site.urls import url_of

root, site = Path(sys.argv[1]), Path(sys.argv[2])
reports = []
build = Build(Settings(root=root, site_dir=site, site_name="Plain"),
              lambda severity, text: reports.append((severity, text)))
try:
    outputs = build.plan(set())
    for path, source in outputs.copies.items():  # what a renderer copies first: the images
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, site / path)
    for path, text in outputs.texts.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    def layout(src):  # a title and the content, no theme
        page = outputs.pages[src]
        return (f"<!doctype html><html lang='{page.lang or 'en'}'><head><title>{page.title}"
                f"</title></head><body><main>{build.content(src)}</main></body></html>")

    if sys.argv[3] == "workers":  # the build's workers lay out and write the pages
        build.start(layout)
    else:  # the renderer writes each page the build completes
        build.start()
        for src in outputs.pages:
            target = site / url_of(src) / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(build.written(src, layout(src)), encoding="utf-8")
    build.finish()
except BaseException:
    build.abort()
    raise
print(json.dumps({"pages": sorted(outputs.pages), "reports": reports,
                  "loaded": sorted(m for m in ("mkdocs", "material") if m in sys.modules)}))
"""


@pytest.mark.parametrize("who", ["renderer", "workers"])
def test_every_generated_page_renders_through_the_build_without_mkdocs(tmp_path, default_site,
                                                                        who):
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-c", LAYOUT, str(REPO), str(site), who],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loaded"] == []  # MkDocs and Material were never imported
    assert not [text for severity, text in result["reports"] if severity == "error"]
    # The same generated pages as the MkDocs build of the same archive, each complete.
    pages = result["pages"]
    assert len(pages) > 40 and "stories/index.md" in pages and "finder.md" in pages
    for src in pages:
        stem = src.removesuffix(".md")
        folder = stem.removesuffix("index").rstrip("/")
        assert (default_site / folder / "index.html").is_file(), src
        html = (site / folder / "index.html").read_text(encoding="utf-8")
        assert "<main>" in html and "voices: this page's content" not in html, src
    story = next(src for src in pages if src.startswith("stories/") and src != "stories/index.md")
    text = (site / story.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in text
    # What the build writes beside the pages: the search index, the guides, the form's rules.
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "guides").glob("*/*-a4.pdf")) and (site / "guides" / "cards" / "print"
                                                           / "index.html").is_file()
    assert json.loads((site / "assets" / "voices-schema.json").read_text())["fields"]
    assert not list(tmp_path.glob(".site.building-*"))  # nothing staged was left behind


def test_a_failed_build_stops_what_it_started_and_says_why(tmp_path):
    from conftest import story_text, write_archive
    from voices.build.build import Build
    from voices.build.settings import Settings
    from voices.core.problems import VoicesError

    root = write_archive(tmp_path / "archive", {"stories/bad.md": story_text("Bad").replace(
        "title: Bad\n", "")})
    reports: list[tuple[str, str]] = []
    site = tmp_path / "site"
    build = Build(Settings(root=root, site_dir=site, staged=True),
                  lambda severity, text: reports.append((severity, text)))
    try:
        build.plan(set())
    except VoicesError as exc:
        assert "1 error(s) in the archive" in exc.message and "voices check" in exc.hint
    else:
        raise AssertionError("a build of an archive with an error went on")
    finally:
        build.abort()
    assert any(severity == "error" and "stories/bad.md:1" in text for severity, text in reports)
    assert not site.exists() and list(Path(tmp_path).iterdir()) == [root]  # no staging left
