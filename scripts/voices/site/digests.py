"""What a generated page is made from, as one digest (pages.Draft.key): equal values give
equal digests, so a rebuild under `mkdocs serve` renders again exactly the pages whose render
context changed."""

from __future__ import annotations

import hashlib
import io
import pickle


def digest(value: object, shared: dict[int, bytes]) -> bytes:
    """A digest of a value that pages are rendered from: equal values, equal digests. Each
    value in `shared` (by identity) counts as its digest there: the stories, their cards and the
    glossary's entries are in many contexts, and digested once (Renderer.shared). Every object
    of such a kind that a context can hold must be in it, or equal values could be written
    differently."""
    out = io.BytesIO()
    _Digests(out, shared).dump(value)
    return hashlib.blake2b(out.getbuffer(), digest_size=16).digest()


class _Digests(pickle.Pickler):
    def __init__(self, file: io.BytesIO, shared: dict[int, bytes]):
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.shared = shared
        # No memo: a value met twice is written twice, so that the bytes depend on the values
        # only, not on which of them happen to be one object (they differ between a story read
        # in a worker and one read here). The values have no cycles.
        self.fast = True

    def persistent_id(self, obj: object) -> bytes | None:
        return self.shared.get(id(obj))
