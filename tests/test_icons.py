"""The logo and repository icons come from one shared file (adapter/icons.py), not inline on
every page: each page points at a symbol that exists, the browser draws it as it drew the inline
icon, and the offline copy, read from file://, keeps its icons inline."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from browser import DESKTOP, chromium, serve
from conftest import mkdocs_build, story_text, write_archive
from PIL import Image, ImageChops

SVG = "{http://www.w3.org/2000/svg}"
USE = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([^"]+)"><use '
                 r'href="([^"#]*)#([a-z]+)"/></svg>')


def _symbols(sprite: Path) -> dict[str, str]:
    root = ET.parse(sprite).getroot()
    return {s.get("id"): s.get("viewBox") for s in root.iter(SVG + "symbol")}


def test_every_page_points_at_icons_the_shared_file_has(default_site: Path) -> None:
    symbols = _symbols(default_site / "assets" / "voices-icons.svg")
    assert set(symbols) == {"logo", "repo"}
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(default_site.rglob("*.html"))}
    # Material's pages (not the print pages of the guides, nor the redirects of old addresses)
    laid_out = {p: html for p, html in pages.items() if 'class="md-header"' in html}
    assert len(laid_out) > 40
    for page, html in laid_out.items():
        uses = USE.findall(html)
        assert "Font Awesome" not in html, page  # the repository icon's licence comment
        # Logo and repository icon, each in the header and in the drawer.
        assert sorted(name for _, _, name in uses) == ["logo", "logo", "repo", "repo"], page
        for box, href, name in uses:
            assert symbols[name] == box  # drawn to the same proportions as the symbol
            target = (default_site / "assets" / "voices-icons.svg" if href.startswith("/")
                      else (page.parent / href).resolve())
            assert target == (default_site / "assets" / "voices-icons.svg").resolve(), page


def test_the_licence_of_an_icon_goes_with_it_into_the_shared_file(default_site: Path) -> None:
    sprite = (default_site / "assets" / "voices-icons.svg").read_text(encoding="utf-8")
    assert sprite.count("Font Awesome Free") == 1 and "License" in sprite


def test_the_browser_draws_the_shared_icons_as_it_drew_them_inline(default_site: Path,
                                                                    tmp_path: Path) -> None:
    """The header's icons, drawn from the shared file, against the same page with the icons
    written inline (Material's own markup): the same pixels, and not an empty box."""
    page = default_site / "stories" / "eighteen-months-a-biscuit-tin-and-no-plan-for-the-ending"
    html = (page / "index.html").read_text(encoding="utf-8")
    symbols = (default_site / "assets" / "voices-icons.svg").read_text(encoding="utf-8")
    inline = USE.sub(lambda m: _inline(symbols, m.group(3)), html)
    assert inline != html
    (page / "inline.html").write_text(inline, encoding="utf-8")
    try:
        shots = {}
        with serve(default_site) as url, chromium() as browser:
            tab = browser.new_page(viewport=DESKTOP)
            for name in ("index.html", "inline.html"):
                tab.goto(f"{url}stories/{page.name}/{name}")
                tab.wait_for_load_state("networkidle")
                for part in (".md-header .md-logo svg", ".md-header .md-source__icon svg"):
                    box = tab.locator(part).bounding_box()
                    assert box and box["width"] > 10 and box["height"] > 10, part
                    shot = tmp_path / f"{name}-{part.split()[-2]}.png"
                    tab.locator(part).screenshot(path=str(shot))
                    shots[name, part] = Image.open(shot).convert("RGB")
        for part in (".md-header .md-logo svg", ".md-header .md-source__icon svg"):
            drawn, inline_drawn = shots["index.html", part], shots["inline.html", part]
            colours = {drawn.getpixel((x, y)) for x in range(drawn.width)
                       for y in range(drawn.height)}
            assert len(colours) > 2, part  # an icon, not a flat box of the header's colour
            diff = ImageChops.difference(drawn, inline_drawn).convert("L")
            assert max(diff.histogram()[40:]) == 0, part  # at most edge smoothing differs
    finally:
        (page / "inline.html").unlink()


def _inline(sprite: str, name: str) -> str:
    m = re.search(rf'<symbol id="{name}" viewBox="([^"]+)">(.*?)</symbol>', sprite, re.S)
    assert m is not None
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{m.group(1)}">{m.group(2)}</svg>'


def test_an_icon_the_site_chooses_goes_into_the_shared_file(tmp_path: Path) -> None:
    """theme.icon.repo picks another icon, as Material allows; a theme folder's own .icons may
    hold it."""
    root = write_archive(tmp_path, {"stories/a.md": story_text("A")}, site=True)
    (root / "theme" / ".icons" / "ours").mkdir(parents=True)
    (root / "theme" / ".icons" / "ours" / "door.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20"><path d="M0 0h10v20z"/>'
        "</svg>", encoding="utf-8")
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(
        "repo_url: https://example.org/archive\n" + config.replace(
            "  custom_dir: theme\n", "  custom_dir: theme\n  icon:\n    repo: ours/door\n"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert _symbols(site / "assets" / "voices-icons.svg") == {"logo": "0 0 24 24",
                                                             "repo": "0 0 10 20"}
    assert 'viewBox="0 0 10 20"><use href="../../assets/voices-icons.svg#repo"/>' in (
        site / "stories" / "a" / "index.html").read_text(encoding="utf-8")


def test_an_icon_file_that_is_no_drawing_stays_inline_and_the_build_goes_on(tmp_path: Path):
    """A site's own icon that is not well-formed SVG is not put in the shared file: Material
    includes it as written, as it would without Voices."""
    root = write_archive(tmp_path, {"stories/a.md": story_text("A")}, site=True)
    (root / "theme" / ".icons" / "ours").mkdir(parents=True)
    (root / "theme" / ".icons" / "ours" / "broken.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><path d="M0 0h9z">',
        encoding="utf-8")
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace(
        "  custom_dir: theme\n", "  custom_dir: theme\n  icon:\n    logo: ours/broken\n"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert _symbols(site / "assets" / "voices-icons.svg") == {"repo": "0 0 448 512"}
    page = (site / "stories" / "a" / "index.html").read_text(encoding="utf-8")
    assert page.count('viewBox="0 0 9 9"><path d="M0 0h9z">') == 2 and "#logo" not in page
