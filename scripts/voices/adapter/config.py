"""The plugin's options in mkdocs.yml, declared and validated by MkDocs."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class VoicesConfig(Config):
    enabled = c.Type(bool, default=True)
    # The archive's root folder (holding stories/, principles/, challenges/); by default the
    # folder of mkdocs.yml.
    root = c.Optional(c.Type(str))
    # Build the offline copy: links that work from the file system, the finder's index as a
    # script, no Pagefind, and a zip of the site (offline.py). Usually switched on for one build
    # through mkdocs.yml's  offline: !ENV [VOICES_OFFLINE, false]  (see `make offline`).
    offline = c.Type(bool, default=False)
    # Where the zip goes, relative to mkdocs.yml; by default voices-offline.zip beside the site.
    offline_zip = c.Optional(c.Type(str))
    # Keep the guides' PDFs in .cache/voices/pdf/ beside mkdocs.yml, so that a build renders
    # again only the PDFs whose guide, stories, images or styles changed (pdf.py).
    cache = c.Type(bool, default=True)
    # A folder of stories shared for print only, kept outside the repository (for instance
    # ../private-stories): only `voices print` (make print) reads it; the site never does.
    private_stories = c.Optional(c.Type(str))
