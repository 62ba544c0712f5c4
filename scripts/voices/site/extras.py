"""Files the build writes beside the pages: the finder's index, the feed and redirect pages.

Plain Python (no MkDocs): the plugin only copies what `static_files` returns into the site.
"""

from __future__ import annotations



from voices.site import feeds, finder, redirects
from voices.core.model import Archive


def static_files(archive: Archive, site_url: str = "", site_name: str = "Voices",
                 directory_urls: bool = True, offline: bool = False,
                 language: str = "en") -> dict[str, str]:
    """Site path -> text, sorted by path so builds are repeatable. `language`: the site's."""
    out = {finder.INDEX_SRC: finder.finder_json(archive),
           feeds.FEED_SRC: feeds.atom_feed(archive, site_name, site_url, language)}
    if offline:  # fetch cannot read file:// pages; a script can (adapter/theme/assets/finder.js)
        out[finder.EMBEDDED_SRC] = finder.finder_script(archive)
    out.update(redirects.redirect_pages(archive.web, directory_urls, language))
    return dict(sorted(out.items()))
