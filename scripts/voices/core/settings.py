"""The archive's settings as `voices` commands see them: read from mkdocs.yml without MkDocs.

The site's build reads mkdocs.yml through MkDocs; the command line needs only a few values (the
site's name and address, the plugin's options), so it reads the file as plain YAML and ignores
MkDocs' own tags such as !ENV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

CONFIG_FILE = "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    pass


# !ENV [NAME, default] and any other tag: their default value (or nothing); never run anything.
_Loader.add_multi_constructor("", lambda loader, suffix, node: (
    loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None))


@dataclass(frozen=True)
class Settings:
    site_name: str = "Voices"
    site_url: str = ""
    plugin: dict = field(default_factory=dict)  # the voices plugin's options


def read_settings(root: Path) -> Settings:
    """The settings in root/mkdocs.yml; defaults when it is missing or unreadable (a bare
    archive of stories can still be checked and printed)."""
    path = Path(root) / CONFIG_FILE
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    plugin: dict = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("voices"), dict):
            plugin = entry["voices"]
    return Settings(str(data.get("site_name") or "Voices"), str(data.get("site_url") or ""),
                    plugin)
