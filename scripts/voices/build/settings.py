"""What a build needs to know, from the renderer's configuration (adapter/config.py makes it
from mkdocs.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voices.site.names import Names

CACHE = Path(".cache") / "voices"  # beside mkdocs.yml: what a build keeps for the next one


@dataclass(frozen=True)
class Settings:
    """Everything a build needs to know, from the renderer's configuration."""

    root: Path  # the archive: stories/, principles/, challenges/, content/
    site_dir: Path  # where the finished site goes
    site_name: str = "Voices"
    site_url: str = ""
    repo_url: str = ""
    contact_email: str = ""
    language: str = "en"
    directory_urls: bool = True  # False in the offline copy: "a/b.html" links
    offline: bool = False  # the offline copy: no Pagefind, a zip at the end
    offline_zip: Path | None = None
    offline_copy: Path | None = None  # a zip made before, published as offline.ZIP_NAME
    cache: Path | None = None  # CACHE, if kept: the PDFs, compiled templates, stories as read
    serving: bool = False  # a local preview: the search index follows after the pages
    dirty: bool = False  # render again only the pages whose key changed (with serving)
    staged: bool = False  # build beside the site and swap it in on success
    watched: tuple[Path, ...] = ()  # files whose change renders every page (config, theme)
    names: Names = Names()  # what readers call the two sets of terms
