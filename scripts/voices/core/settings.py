"""The archive's settings as `voices` commands see them: read from mkdocs.yml without MkDocs.

The site's build reads mkdocs.yml through MkDocs; the command line needs only a few values (the
site's name and address, the plugin's options), so it reads the file as plain YAML and ignores
MkDocs' own tags such as !ENV.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import voices
from voices import DISTRIBUTION
from voices.core.problems import WARNING, Problem, did_you_mean

CONFIG_FILE = "mkdocs.yml"
# The voices plugin's options, as adapter/config.py declares them to MkDocs (tests/test_layers.py
# checks that the two agree): `voices check` warns about any other name.
OPTIONS = ("enabled", "root", "offline", "offline_zip", "offline_copy", "cache",
           "private_stories", "names")


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
    language: str = "en"  # theme.language: the words Voices adds to the guides are in it


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
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    return Settings(str(data.get("site_name") or "Voices"), str(data.get("site_url") or ""),
                    plugin, str(theme.get("language") or "en"))


def check_settings(root: Path) -> list[Problem]:
    """A warning for each option of the voices plugin in mkdocs.yml that this version does not
    know: a setting written for a newer Voices (or misspelt) would otherwise do nothing."""
    path = Path(root) / CONFIG_FILE
    problems = []
    for name in read_settings(root).plugin:
        if str(name) in OPTIONS:
            continue
        line, col = _position(path, str(name))
        problems.append(Problem(
            CONFIG_FILE, line, col, WARNING, "unknown-option",
            f"The voices plugin has no option '{name}' in this version ({voices.__version__}).",
            did_you_mean(str(name), OPTIONS) + "Its options are: " + ", ".join(OPTIONS)
            + f". If the option is newer, upgrade: pip install --upgrade {DISTRIBUTION}."))
    return problems


def _position(path: Path, name: str) -> tuple[int, int]:
    """The line and column of `name:` in the file (the first such key), or the file's start."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1, 1
    m = re.search(rf"^([ \t-]*){re.escape(name)}\s*:", text, re.MULTILINE)
    if not m:
        return 1, 1
    return text.count("\n", 0, m.start()) + 1, len(m.group(1)) + 1
