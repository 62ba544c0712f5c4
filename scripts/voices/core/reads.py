"""Stories read by an earlier load, so that a save under `mkdocs serve` reads and checks again
only the file that changed, and so does the next `voices check` (kept in .cache/voices/). Speed
only: the result is the same as reading them all.

A story's result depends on its file, on what its check reads beside it (images, recordings,
captions in its folder), on the vocabularies and terms it is checked against, and on the day (review
dates). The file is compared by size, modification time and inode; anything else that changes
reads every story again.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

Job = tuple  # (root, path, vocabularies, today, bodies, private, words): archive._load_stories
Result = Any  # (problems, story or None)


def signature(path: str | Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


def beside(folder: Path) -> tuple:
    """Every file under a stories folder but the stories themselves: what their checks read."""
    found = []
    for path, dirs, names in os.walk(folder):
        dirs.sort()
        top = path == str(folder)
        found += [(path, name, signature(os.path.join(path, name))) for name in sorted(names)
                  if not (top and name.endswith(".md"))]
    return tuple(found)


class Reads:
    """The results of the last load, by file; `read` reuses those whose inputs are unchanged."""

    def __init__(self) -> None:
        self.code: tuple = ()  # the code that made them (see save)
        self.changed = True  # whether the last read() read any file or lost one
        self._context: Hashable = None
        self._kept: dict[tuple[str, bool], tuple[tuple | None, Result]] = {}

    def read(self, jobs: Sequence[Job], context: object,
             load: Callable[[Sequence[Job]], list[Result]]) -> list[Result]:
        """load(jobs) for the jobs whose file changed since the last call with an equal context;
        the kept results for the others. Results in the order of jobs."""
        if context != self._context:
            self._kept, self._context = {}, context
        keys = [(str(job[1]), job[5]) for job in jobs]
        signatures = [signature(job[1]) for job in jobs]
        todo = [i for i, (key, sig) in enumerate(zip(keys, signatures, strict=True))
                if sig is None or self._kept.get(key, (None,))[0] != sig]
        fresh = dict(zip(todo, load([jobs[i] for i in todo]), strict=True))
        results = [fresh[i] if i in fresh else self._kept[key][1] for i, key in enumerate(keys)]
        self.changed = bool(fresh) or len(keys) != len(self._kept)
        self._kept = {key: (sig, result)
                      for key, sig, result in zip(keys, signatures, results, strict=True)}
        return results


# --- kept on disk between runs of `voices check` ----------------------------------------------

def _code() -> tuple:
    """The checker's own code: results kept by another version of it are not reused."""
    here = Path(__file__).parent
    return tuple((p.name, signature(p)) for p in sorted(here.glob("*.py")))


def load(path: Path) -> Reads:
    """The reads kept at path by save(), or none if there are none (or they cannot be read,
    or come from other code: a cache never decides a result)."""
    try:
        kept = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001  (missing, truncated, from another Python: start afresh)
        return Reads()
    if not isinstance(kept, Reads) or getattr(kept, "code", None) != _code():
        return Reads()
    return kept


def save(reads: Reads, path: Path) -> None:
    """Keep the reads for the next run, if they changed; a folder that cannot be written is
    no error."""
    if not reads.changed and path.is_file():
        return
    reads.code = _code()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + f".{os.getpid()}.part")
        part.write_bytes(pickle.dumps(reads, pickle.HIGHEST_PROTOCOL))
        os.replace(part, path)
    except OSError:
        pass
