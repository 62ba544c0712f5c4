"""Which generated pages a dirty rebuild (`make serve`) must write again (speed only).

A full build renders every page. While serving, a save usually changes one story, so the build
compares each page's key (site/pages.py Draft.key: a digest of everything its template is given)
with the last good build's and renders only the pages whose key changed; MkDocs' --dirty mode
leaves the others as they are on disk. What a key cannot see, the template files, the theme and
the settings, is fingerprinted as a whole: any change there renders every page again.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path


def fingerprint(paths: Iterable[str | Path]) -> tuple:
    """Every file at or under the given paths, with its modification time and size: a cheap
    stand-in for their contents (a few milliseconds for a theme and a docs folder)."""
    out = []
    for top in paths:
        top = str(top)
        if os.path.isfile(top):
            stat = os.stat(top)
            out.append((top, stat.st_mtime_ns, stat.st_size))
            continue
        for folder, dirs, names in os.walk(top):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # removed while we looked
                    continue
                out.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


class Tracker:
    """What the last good build wrote, so the next one can leave unchanged pages alone."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget it all (after a failed build, whose pages may be half written)."""
        self._inputs: dict[str, Hashable] = {}
        self._shared: Hashable = None
        self._outputs: set[str] = set()

    def stale(self, inputs: Mapping[str, Hashable], shared: Hashable) -> set[str]:
        """The pages (keys of inputs) whose inputs differ from the last good build's: all of
        them when the shared inputs changed or nothing was built yet."""
        if self._shared is None or shared != self._shared:
            return set(inputs)
        return {src for src, key in inputs.items() if self._inputs.get(src) != key}

    def built(self, inputs: Mapping[str, Hashable], shared: Hashable,
              outputs: Iterable[str]) -> list[str]:
        """Record a good build: its pages' inputs and the files it generated. Returns the files
        the previous build generated and this one did not (a withdrawn story's page, an emptied
        matrix cell), which a dirty build would otherwise leave in the site."""
        outputs = set(outputs)
        gone = sorted(self._outputs - outputs)
        self._inputs, self._shared, self._outputs = dict(inputs), shared, outputs
        return gone


def remove(site_dir: str | Path, paths: Iterable[str]) -> None:
    """Delete files a build no longer makes, and the folders that leaves empty, inside site_dir
    only."""
    site = Path(site_dir).resolve()
    for path in paths:
        target = Path(path).resolve()
        if not target.is_relative_to(site) or target == site:
            continue
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
