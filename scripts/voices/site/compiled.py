"""Compiled templates, kept. Jinja turns a template into Python code the first time a process
renders it, and a build renders in several processes (MkDocs', the workers, the PDFs'): each
compiled the same templates again, about 1.5 s of CPU in every build at 1,000 stories. One cache
serves every template environment in the process (Material's, the site's, the guides'): in
memory, for the next rebuild under `mkdocs serve`, and, given a folder (settings.CACHE/templates),
on disk through Jinja's own FileSystemBytecodeCache, for the workers and the next build. Jinja
compares the code's checksum with the template's source, so an edited template is compiled
again. Speed only."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class Compiled(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._disk: jinja2.FileSystemBytecodeCache | None = None

    def keep_in(self, folder: Path | None) -> None:
        """Keep compiled templates in folder as well (None: in memory only)."""
        self._disk = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:  # a read-only checkout builds all the same, compiling as before
                return
            self._disk = jinja2.FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])
        elif self._disk is not None:
            try:  # a stale file leaves bucket.code None
                self._disk.load_bytecode(bucket)
            except Exception:  # a damaged one too: the template is compiled again
                bucket.reset()
            if bucket.code is not None:
                self._code[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            try:  # written to a temporary file and renamed: workers may race, never half-read
                self._disk.dump_bytecode(bucket)
            except OSError:
                pass


COMPILED = Compiled()  # one per process; forked workers start with their parent's
