"""What the plugin says through MkDocs' log, and what of MkDocs' own messages it silences."""

from __future__ import annotations

import logging
from collections.abc import Callable

from voices.core.problems import ERROR, NOTICE

log = logging.getLogger("mkdocs.plugins.voices")
_LOG = {ERROR: log.error, NOTICE: log.info}  # notices (consent reviews) never fail --strict


def report(severity: str, text: str) -> None:
    """A problem or note from the build: errors and warnings as such, notices as information."""
    _LOG.get(severity, log.warning)(text)


def quiet(laid_out: Callable[[str], bool], dirty_serve: bool) -> None:
    """MkDocs' messages about what Voices does itself: "Page skipped" for each page the build
    lays out (adapter/layout.py), and under `serve --dirty` its warning of stale pages on every
    save (the build decides what is stale: build/incremental.py)."""
    skipped = "Page skipped: '"

    def keep(record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(skipped):
            return not laid_out(message[len(skipped):].split("'")[0])
        return not (dirty_serve and message.startswith("A 'dirty' build is being"))

    logging.getLogger("mkdocs.commands.build").addFilter(keep)
