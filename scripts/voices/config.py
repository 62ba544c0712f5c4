"""The plugin's options in mkdocs.yml, declared and validated by MkDocs."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class VoicesConfig(Config):
    enabled = c.Type(bool, default=True)
    # The archive's root folder (holding stories/, principles/, challenges/); by default the
    # folder of mkdocs.yml.
    root = c.Optional(c.Type(str))
