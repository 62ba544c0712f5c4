"""Build into a staging folder beside the real site and swap it in only when the build succeeded,
so that a failed build never leaves a half-written site behind. Renderer-neutral."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_dir(final: Path) -> Path:
    """A new empty folder next to `final` (same file system, so the swap is a rename)."""
    final = Path(final).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a site is served to others
    return staging


def swap_in(staging: Path, final: Path) -> None:
    """Put the finished build in place of the old site, then remove the old one."""
    final = Path(final).resolve()
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        os.rename(final, old / "site")
        os.rename(staging, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, final)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
