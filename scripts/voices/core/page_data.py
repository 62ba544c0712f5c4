"""A site page whose front matter holds a list as data (the support page's services, the further
reading page's entries): read under the same safe rules as a story, checked with the archive,
and rendered by site/pages.py. The pages differ only in what one entry is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from voices.core.frontmatter import ParsedFile, parse_file
from voices.core.problems import ERROR, Problem

T = TypeVar("T")


def load(root: str | Path, relpath: str,
         read: Callable[[ParsedFile], list[T]]) -> tuple[list[T], list[Problem]]:
    """The entries `read` finds in the page at relpath, and the problems found. No entry is
    shown while any is wrong; a site without the page has nothing to check."""
    root = Path(root)
    path = root / relpath
    if not path.exists() and not path.is_symlink():
        return [], []
    parsed = parse_file(root, path)  # safe YAML, refuses links, markup and huge files
    if parsed.problems:
        return [], parsed.problems
    entries = read(parsed)
    if any(p.severity == ERROR for p in parsed.problems):
        entries = []
    return entries, parsed.problems


def items(parsed: ParsedFile, key: str, missing: tuple[str, str],
          not_a_list: tuple[str, str]) -> list:
    """The list under `key`, or [] with a problem when it is missing or not a list; each pair
    is the message and the hint."""
    value = parsed.data.get(key)
    if value is None or value == []:
        parsed.problem((key,), f"missing-{key}", *missing)
        return []
    if not isinstance(value, list):
        parsed.problem((key, "="), "not-a-list", *not_a_list)
        return []
    return value
