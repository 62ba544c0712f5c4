"""The theme's logo and repository icons as one shared file, not drawn inline on every page.

mkdocs-material writes each icon's SVG into the page: the repository icon (Font Awesome's, with
its licence comment) and the logo come twice on every page, 2 KB of each story page's 27 KB. A
page now points at them in `assets/voices-icons.svg` with `<use href>`, which the browser
fetches once and draws in the text's colour, as an inline icon is. The offline copy keeps them
inline: browsers refuse another file's icons from a file:// page. partials/voices-icon.html
(adapter/theme) draws an icon either way, for partials/logo.html and partials/source.html.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

SPRITE = "assets/voices-icons.svg"
# Our name for each icon: the theme setting that picks it (theme.icon.*) and Material's default.
ICONS = {"logo": ("logo", "material/library"), "repo": ("repo", "fontawesome/brands/git-alt")}


def add_sprite(files: Files, config: MkDocsConfig, offline: bool) -> dict[str, str]:
    """Add the shared file to the site; give each icon's viewBox by our name for it (what the
    partials need to point at it), or nothing where the icons stay inline."""
    if offline:
        return {}
    chosen = config.theme.get("icon") or {}
    symbols, boxes = [], {}
    for name, (setting, default) in ICONS.items():
        source = _source(config.theme.dirs, chosen.get(setting) or default)
        box = _view_box(source) if source is not None else None
        if box is None:  # left inline, where Material reports an unknown icon itself
            continue
        # The drawing as written, comments (an icon's licence) included: only the <svg> goes.
        inside = source[source.index(">", source.index("<svg")) + 1:source.rindex("</svg>")]
        symbols.append(f'<symbol id="{name}" viewBox="{box}">{inside}</symbol>')
        boxes[name] = box
    if boxes:
        files.append(File.generated(config, SPRITE, content=(
            '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n")))
    return boxes


def _view_box(source: str) -> str | None:
    """The icon's viewBox, or None for a file that is no SVG drawing we can point at."""
    try:
        root = ET.fromstring(source)
    except ET.ParseError:
        return None
    return root.get("viewBox") if root.tag == "{http://www.w3.org/2000/svg}svg" else None


def _source(dirs: list[str], icon: str) -> str | None:
    """An icon's SVG as the theme would include it: the first theme folder that has it."""
    for folder in dirs:
        path = Path(folder, ".icons", icon + ".svg")
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None
