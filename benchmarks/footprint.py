"""What a built site costs: its size on disk, and what one page's bytes are made of.

Used by benchmarks/run for the table's "per story" rows and the page breakdown printed under it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def disk_usage(path: Path) -> dict:
    """Files, their apparent bytes (the sum of their sizes) and the disk blocks allocated to the
    folder (st_blocks × 512, folders included, each hard-linked file once: what `du` reports,
    and what a host's disk quota counts; many small pages round up to whole blocks)."""
    files = size = blocks = 0
    seen: set[tuple[int, int]] = set()
    todo = [path] if path.exists() else []
    while todo:
        folder = todo.pop()
        st = folder.lstat()
        blocks += st.st_blocks * 512
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append(Path(entry.path))
                    continue
                st = entry.stat(follow_symlinks=False)
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
                files += 1
                size += st.st_size
                blocks += st.st_blocks * 512
    return {"files": files, "bytes": size, "blocks": blocks}


# The parts of a page, in the order bytes are given to them: a byte inside an inline <svg> in a
# <nav> counts as <svg>, whitespace between two tags of the article as whitespace. So the parts
# add up to the page, and "nav" and "article" mean their markup and text without the rest.
PARTS = [
    ("script", "inline `<script>`"),
    ("svg", "inline `<svg>`"),
    ("whitespace", "whitespace-only runs between tags"),
    ("nav", "`<nav>` elements"),
    ("article", "`<article>` content"),
    ("other", "the rest (head, header, footer...)"),
]
_TAG = re.compile(rb"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>", re.S)
_BETWEEN_TAGS = re.compile(rb">(\s+)<")


def page_parts(html: bytes) -> dict[str, int]:
    """How many of a page's bytes are each of PARTS, and the total."""
    code = {name: i for i, (name, _) in enumerate(PARTS)}
    owner = bytearray([code["other"]]) * len(html)  # each byte's part, by index in PARTS

    def claim(start: int, end: int, part: str) -> None:
        # Claimed from the weakest part to the strongest, so a stronger claim overwrites.
        owner[start:end] = bytes([code[part]]) * (end - start)

    spans: dict[str, list[tuple[int, int]]] = {"nav": [], "article": [], "svg": [], "script": []}
    open_at: dict[str, int] = {}
    depth = {name: 0 for name in spans}
    pos = 0
    while (m := _TAG.search(html, pos)) is not None:
        pos = m.end()
        if m.group(2) is None:  # a comment
            continue
        name, closing = m.group(2).lower().decode(), m.group(1) == b"/"
        if name in ("script", "style") and not closing:
            # Raw text up to the closing tag: a "<" in a script is not a tag.
            end = html.lower().find(f"</{name}>".encode(), pos)
            end = len(html) if end < 0 else end + len(name) + 3
            if name == "script" and b"src=" not in m.group(3).lower():  # inline only
                spans["script"].append((m.start(), end))
            pos = end
            continue
        if name not in depth or m.group(3).rstrip().endswith(b"/"):
            continue
        if not closing:
            if depth[name] == 0:
                open_at[name] = m.start()
            depth[name] += 1
        elif depth[name] > 0:
            depth[name] -= 1
            if depth[name] == 0:  # the outermost element closes: one span
                spans[name].append((open_at[name], m.end()))
    for part in ("article", "nav"):
        for start, end in spans[part]:
            claim(start, end, part)
    for m in _BETWEEN_TAGS.finditer(html):
        claim(m.start(1), m.end(1), "whitespace")
    for part in ("svg", "script"):
        for start, end in spans[part]:
            claim(start, end, part)
    counts = {name: owner.count(code[name]) for name, _ in PARTS}
    counts["total"] = len(html)
    return counts
