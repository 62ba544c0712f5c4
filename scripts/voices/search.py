"""Search with Pagefind: after the site is built, index the story pages into site/pagefind/.

Only elements marked `data-pagefind-body` (the story text, in templates/story.html) are indexed,
with the page's title, so navigation chrome never matches and the index stays small; a query
fetches only the index chunks it needs rather than the whole index at once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PAGE_SRC = "search.md"
TITLE = "Search the stories"
DESCRIPTION = "Search the words of every story."
FILTERS = ("principle", "challenge", "perspective")


class SearchError(RuntimeError):
    pass


def build_index(site_dir: str | Path, timeout: int = 900) -> str:
    """Run the Pagefind binary shipped in the `pagefind[extended]` package on a built site and
    return its log. Raises SearchError with Pagefind's own message when it fails."""
    site = Path(site_dir)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(f"Pagefind could not run: {exc}") from exc
    if done.returncode != 0 or not (site / "pagefind" / "pagefind.js").is_file():
        raise SearchError("Pagefind failed to index the site:\n" + (done.stderr or done.stdout))
    return done.stdout
