"""The plugin's options in mkdocs.yml, declared and validated by MkDocs, and the build's
settings made from them and from MkDocs' own configuration."""

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from voices.build.settings import CACHE, Settings
from voices.site.names import names_from


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
    # An offline copy made before (`make offline`) to publish with the website, linked from the
    # guides page; the deploy workflow sets it: offline_copy: !ENV [VOICES_OFFLINE_COPY, ""]
    offline_copy = c.Optional(c.Type(str))
    # Keep in .cache/voices/ beside mkdocs.yml what the next build can use: the guides' PDFs
    # (pdf/: rendered again only when their guide, stories, images or styles changed: pdf.py),
    # the templates compiled (templates/: site/compiled.py) and the stories as read and checked
    # (build.pickle: core/reads.py).
    cache = c.Type(bool, default=True)
    # A folder of stories shared for print only, kept outside the repository (for instance
    # ../private-stories): only `voices print` (make print) reads it; the site never does.
    private_stories = c.Optional(c.Type(str))
    # What readers call the two sets of terms, e.g. {principle: [value, values], challenge:
    # barrier}: pages, the finder, the guides and the PDFs follow (site/names.py).
    names = c.Type(dict, default={})


def build_settings(options: VoicesConfig, config: MkDocsConfig, site_dir: Path, command: str,
                   dirty: bool) -> Settings:
    here = Path(config.config_file_path).parent  # the options' paths are relative to mkdocs.yml
    extra = (config.extra or {}).get("voices") or {}
    serving = command == "serve"
    return Settings(
        root=Path(options.root or here).resolve(), site_dir=site_dir,
        site_name=config.site_name, site_url=config.site_url or "",
        repo_url=config.repo_url or "", contact_email=str(extra.get("contact_email") or ""),
        language=config.theme["language"], directory_urls=config.use_directory_urls,
        offline=options.offline, cache=here / CACHE if options.cache else None,
        offline_zip=here / options.offline_zip if options.offline_zip else None,
        offline_copy=here / options.offline_copy if options.offline_copy else None,
        serving=serving, dirty=serving and dirty,
        names=names_from(options.names, config.theme["language"]),
        # Only a clean 'mkdocs build' is staged; 'serve' keeps its own folder, dirty builds reuse.
        staged=command in ("build", "gh-deploy") and not dirty,
        watched=tuple(Path(p) for p in (config.config_file_path, config.docs_dir,
                                        config.theme.custom_dir) if p))


THEME = Path(__file__).parent / "theme"


def add_theme(config: MkDocsConfig) -> None:
    """The Voices theme (templates, scripts, styles) comes with the package, between the
    archive's own overrides (theme.custom_dir) and Material: upgrading Voices upgrades it."""
    config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))


def data_folders(root: Path) -> list[Path]:
    """The archive's data folders that exist: `mkdocs serve` watches them."""
    return [root / name for name in ("stories", "principles", "challenges")
            if (root / name).is_dir()]
