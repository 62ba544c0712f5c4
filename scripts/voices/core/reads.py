"""Stories read by an earlier load, so that a save under `mkdocs serve` reads and checks again
only the file that changed, and so do the next `voices check` and the next build (kept in
.cache/voices/). Speed only: the result is the same as reading them all.

A story's result depends on its file, on what its check reads beside it (images, recordings,
captions in its folder), on the vocabularies and terms it is checked against, and on the day
(review dates, dates in the future). Files are compared by their content, not their times, so
that what a fresh checkout kept in a restored .cache/ (a scheduled deploy) is reused. A result
is reused only on the days it holds for (ParsedFile.days): a review date passed since reads the
story again. Anything else that changes reads every story again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import yaml

Job = tuple  # (root, path, vocabularies, today, bodies, private, words): archive._load_stories
Result = tuple[list, Any, tuple[int, int]]  # problems, story or None, the days it holds for


def signature(path: str | Path) -> tuple[int, bytes] | None:
    """A file's size and a digest of its bytes; None if it cannot be read."""
    try:
        with open(path, "rb") as file:
            digest = hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=16))
            return os.fstat(file.fileno()).st_size, digest.digest()
    except OSError:
        return None


def beside(folder: Path) -> tuple:
    """Every file under a stories folder but the stories themselves: what their checks read."""
    found = []
    for path, dirs, names in os.walk(folder):
        dirs.sort()
        top = path == str(folder)
        found += [(os.path.relpath(path, folder), name, signature(os.path.join(path, name)))
                  for name in sorted(names) if not (top and name.endswith(".md"))]
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
        keys = [(os.path.relpath(job[1], job[0]), job[5]) for job in jobs]  # any checkout
        signatures = [signature(job[1]) for job in jobs]
        todo = [i for i, (key, sig) in enumerate(zip(keys, signatures, strict=True))
                if sig is None or not self._holds(key, sig, jobs[i][3].toordinal())]
        fresh = dict(zip(todo, load([jobs[i] for i in todo]), strict=True))
        results = [fresh[i] if i in fresh else self._kept[key][1] for i, key in enumerate(keys)]
        self.changed = bool(fresh) or len(keys) != len(self._kept)
        self._kept = {key: (sig, result)
                      for key, sig, result in zip(keys, signatures, results, strict=True)}
        return results

    def _holds(self, key: tuple[str, bool], sig: tuple, today: int) -> bool:
        """Whether the result kept for key came from the same file and holds today."""
        kept_sig, result = self._kept.get(key, (None, None))
        return kept_sig == sig and result[2][0] <= today <= result[2][1]


# --- kept on disk between runs of `voices check` and builds ------------------------------------

def _code() -> tuple:
    """The checker's own code, by content, and what it reads YAML with: results kept by another
    version of either (a restored cache on an updated machine) are not reused."""
    here = Path(__file__).parent
    return (sys.version, yaml.__version__,
            *((p.name, signature(p)) for p in sorted(here.glob("*.py"))))


def load(path: Path) -> Reads:
    """The reads kept at path by save(), or none if there are none (or they cannot be read,
    or come from other code: a cache never decides a result)."""
    try:
        with open(path, "rb") as file:  # streamed: no copy of a file of hundreds of MB
            kept = pickle.load(file)
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
    part = path.with_name(path.name + f".{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(part, "wb") as file:
            pickle.dump(reads, file, pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
    except OSError:
        with contextlib.suppress(OSError):  # a full disk leaves no half-written file behind
            part.unlink(missing_ok=True)
