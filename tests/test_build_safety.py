"""Builds that are safe to publish: staged and swapped in only on success, byte-identical when
repeated, odd-but-legitimate input escaped everywhere, and a Content-Security-Policy that a real
Chromium enforces without a single violation, dialog or request to another host."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import chromium, serve
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, write_archive
from voices.build import atomic
from voices.site import csp
from voices.cli import main

TRICKY = Path(__file__).parent / "fixtures" / "tricky"


def tricky_files() -> dict[str, bytes]:
    return {f"stories/{p.name}": p.read_bytes() for p in sorted(TRICKY.glob("*.md"))}


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def with_theme(root: Path) -> Path:
    """Use the repository's real theme (main.html carries the policy), not an empty one."""
    shutil.rmtree(root / "theme")
    shutil.copytree(REPO / "theme", root / "theme")
    config = (root / "mkdocs.yml").read_text()  # as the real site: no fonts from Google
    (root / "mkdocs.yml").write_text(config.replace("  custom_dir: theme\n",
                                                    "  custom_dir: theme\n  font: false\n"))
    return root


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory) -> Path:
    root = with_theme(write_archive(tmp_path_factory.mktemp("tricky"), tricky_files(), site=True))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- Legitimate odd input ----------------------------------------------------------------------

def test_tricky_fixtures_pass_the_checker(tmp_path, capsys):
    root = write_archive(tmp_path, tricky_files())
    assert main(["--root", str(root), "check", "--today", "2026-11-23"]) == 0
    assert "All good" in capsys.readouterr().out


def test_less_than_and_ampersand_are_shown_as_written(tricky_site):
    raw = (tricky_site / "stories/less-than-and-ampersand/index.html").read_text(encoding="utf-8")
    assert "<title>I was &lt;3 happy &amp; 5 &lt; 6 - Test archive</title>" in raw
    assert 'content="Less-than signs &lt; and ampersands &amp; in prose."' in raw
    doc = page(tricky_site, "stories/less-than-and-ampersand")
    text = doc.get_text(" ")
    assert "I was <3 happy & 5 < 6" in doc.h1.get_text()
    for words in ("5 < 6", "I was <3 happy", "R&D, AT&T, Tom & Jerry", "Leeds & Bradford",
                  "5 < 6 && 7 > 3"):
        assert words in text, words


def test_quotes_in_front_matter_cannot_break_out_of_an_attribute(tricky_site):
    doc = page(tricky_site, "stories/quotes-in-front-matter")
    meta = doc.find("meta", attrs={"name": "description"})
    assert meta["content"].startswith('" onmouseover="alert(1)"')
    assert not any(k.startswith("on") for tag in doc.find_all(True) for k in tag.attrs)
    assert doc.title.get_text().startswith('She said "no" > everything')


def test_bom_crlf_and_other_scripts_come_through_intact(tricky_site):
    assert "Every line ends in CR LF." in page(tricky_site, "stories/bom-and-crlf").get_text()
    welsh = page(tricky_site, "stories/welsh-letters")
    assert "Ŵyn, ŷd a dŵr" in welsh.h1.get_text() and "Siân" in welsh.get_text()
    assert welsh.find("article", attrs={"lang": "cy"}) is not None
    other = page(tricky_site, "stories/other-scripts").get_text()
    for words in ("Ελληνικά", "кириллица", "العربية", "中文", "🌱💬🙂", "שלום",
                  "Zoë Ørsted-Łukasz"):
        assert words in other


def test_front_matter_is_escaped_in_every_output_file(tricky_site):
    # No raw '<3 happy' anywhere a parser would read it as markup; feeds stay well-formed XML;
    # no story's quotes end up closing an HTML attribute.
    import xml.etree.ElementTree as ET

    for path in tricky_site.rglob("*"):
        if path.suffix in (".html", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert "<3 happy" not in text, path
        if path.suffix == ".xml":
            ET.fromstring(text.encode("utf-8"))
        if path.suffix == ".html":
            doc = BeautifulSoup(text, "html.parser")
            assert not [k for tag in doc.find_all(True) for k in tag.attrs
                        if k.startswith("on") or k == "data-x"], path


# --- Atomic, reproducible builds ---------------------------------------------------------------

def test_swap_in_replaces_the_old_site_and_discard_removes_staging(tmp_path):
    final = tmp_path / "site"
    final.mkdir()
    (final / "old.html").write_text("old")
    staging = atomic.staging_dir(final)
    assert staging.parent == final.parent and staging.name.startswith(".site.building-")
    assert staging.stat().st_mode & 0o055 == 0o055 & ~_umask()  # readable by a web server
    (staging / "new.html").write_text("new")
    atomic.swap_in(staging, final)
    assert [p.name for p in final.iterdir()] == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    other = atomic.staging_dir(final)
    atomic.discard(other)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("breakage", ["error", "strict-warning"])
def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, breakage):
    root = write_archive(tmp_path / "a", {"stories/fine.md": TRICKY.joinpath(
        "plain-markdown.md").read_bytes()}, site=True)
    assert mkdocs_build(root).returncode == 0
    before = snapshot(root / "site")
    bad = ("<script>alert(1)</script>\n" if breakage == "error"
           else "Write to someone@example.org about it.\n")  # a warning: fatal with --strict
    text = (root / "stories/fine.md").read_text(encoding="utf-8")
    (root / "stories/fine.md").write_text(text + "\n" + bad, encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "stories/fine.md" in result.stderr
    assert snapshot(root / "site") == before
    # No staging folder left beside the site (.cache/ holds what builds keep: site/compiled.py).
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".cache"]


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path):
    root = with_theme(write_archive(tmp_path / "a", tricky_files(), site=True))
    with (root / "mkdocs.yml").open("a") as config:
        config.write("site_url: https://voices.example.org/\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    sites = []
    for name in ("one", "two"):
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                        str(root / "mkdocs.yml"), "--site-dir", str(tmp_path / name)],
                       check=True, capture_output=True, env=env, timeout=300)
        sites.append(snapshot(tmp_path / name))
    # Pagefind's filter index included: voices/pagefind_order.py sorts what Pagefind leaves in
    # random hash-map order.
    assert sites[0] == sites[1]
    assert len(sites[0]) > 50 and any(k.startswith("pagefind/filter/") for k in sites[0])
    assert "sitemap.xml.gz" in sites[0]
    assert "<lastmod>2023-11-14</lastmod>" in (tmp_path / "one/sitemap.xml").read_text()


# --- Content-Security-Policy -------------------------------------------------------------------

def test_complete_policy_hashes_exactly_the_inline_scripts():
    html = ('<head><meta http-equiv="Content-Security-Policy" content="script-src \'self\'; '
            'style-src \'self\'"><script>a()</script><script src="x.js"></script>'
            '<script id="c" type="application/json">{"a": 1}</script><style>p{}</style></head>')
    out = csp.complete_policy(html)
    policy = re.search(r'content="([^"]*)"', out).group(1)
    assert f"script-src 'self' {csp.digest('a()')};" in policy
    assert csp.digest('{"a": 1}') not in policy
    assert policy.endswith(f"style-src 'self' {csp.digest('p{}')}")
    assert csp.complete_policy("<p>no policy</p>") == "<p>no policy</p>"


def test_every_page_has_a_policy_without_unsafe_inline_script(tricky_site, default_site):
    for site in (tricky_site, default_site):
        for path in site.rglob("*.html"):
            doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            meta = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
            if meta is None:
                assert doc.find("script") is None, path  # print pages and redirects: no script
                continue
            policy = dict(d.strip().split(" ", 1) for d in meta["content"].split(";"))
            assert "'unsafe-inline'" not in policy["script-src"], path
            assert "'unsafe-eval'" not in policy["script-src"].split(), path
            assert policy["object-src"] == "'none'"
            for script in doc.find_all("script", src=False):
                if script.get("type") != "application/json":
                    assert csp.digest(script.string or "") in policy["script-src"], path


def test_chromium_sees_no_dialog_no_error_and_no_other_host(tricky_site):
    pages = sorted(p.relative_to(tricky_site).parent.as_posix() for p in
                   tricky_site.rglob("index.html"))
    assert len(pages) > 15
    problems: list[str] = []
    with serve(tricky_site) as base, chromium() as browser:
        context = browser.new_context()
        tab = context.new_page()
        tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        tab.on("console", lambda m: problems.append(f"{tab.url}: {m.text}")
               if m.type in ("error", "warning") else None)
        tab.on("pageerror", lambda e: problems.append(f"{tab.url}: {e}"))
        tab.on("request", lambda r: None if r.url.startswith((base, "data:"))
               else problems.append(f"request to {r.url}"))
        for url in pages:
            tab.goto(base + ("" if url == "." else url + "/"), wait_until="networkidle")
        # What the reader sees is the text as written, not markup.
        tab.goto(base + "stories/less-than-and-ampersand/", wait_until="networkidle")
        heading = tab.locator("h1").first.inner_text()
        title = tab.title()
        context.close()
    assert problems == []
    assert heading == "I was <3 happy & 5 < 6" and title.startswith("I was <3 happy & 5 < 6")
