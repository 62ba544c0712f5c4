"""Files the build writes beside the pages: the finder's index, the feed and redirect pages.

Plain Python (no MkDocs): the plugin only copies what `static_files` returns into the site.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from voices.core.model import Archive
from voices.core.problems import Problem
from voices.site import feeds, finder, i18n, redirects


def static_files(archive: Archive, site_url: str = "", site_name: str = "Voices",
                 directory_urls: bool = True, offline: bool = False,
                 language: str = "en") -> dict[str, str]:
    """Site path -> text, sorted by path so builds are repeatable. `language`: the site's."""
    out = {finder.INDEX_SRC: finder.finder_json(archive),
           feeds.FEED_SRC: feeds.atom_feed(archive, site_name, site_url, language),
           i18n.WORDS_FILE: i18n.script_words_js(language)}
    if offline:  # fetch cannot read file:// pages; a script can (adapter/theme/assets/finder.js)
        out[finder.EMBEDDED_SRC] = finder.finder_script(archive)
    out.update(redirects.redirect_pages(archive.web, directory_urls, language))
    return dict(sorted(out.items()))


def error_banner(wrong: Sequence[Problem]) -> str:
    """Under serve: the archive's errors, shown at the top of every page until they are fixed."""
    items = "".join(f"<li><code>{escape(p.path)}:{p.line}</code> {escape(p.message)}"
                    f"{' ' + escape(p.hint) if p.hint else ''}</li>" for p in wrong)
    return (f'<div class="voices-build-errors" role="alert"><p><strong>{len(wrong)} problem(s) '
            f"in the archive</strong>: the files below are left out until they are fixed. This "
            f"page reloads when you save.</p><ul>{items}</ul></div>")
