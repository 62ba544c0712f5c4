"""ParsedFile: what reading a content file gives (its data, where each key and value is in the
file, its body and its problems), and how to find a character of a text value in the file.

Kept apart from the reading itself (frontmatter.py, safe_yaml.py) so the checks that only point
at positions need nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator

from voices.core.problems import ERROR, Problem

Position = tuple[int, int]  # file line and column, 1-based

@dataclass
class ParsedFile:
    path: str
    data: dict = field(default_factory=dict)
    positions: dict[tuple, Position] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    source: str = ""  # the YAML text: its line i (from 0) is the file's line i + 1
    # The days (as ordinals, first and last) on which every check of this file that depends on
    # the day (review dates, dates in the future) gives what it gave: see reached().
    days: tuple[int, int] = (dt.date.min.toordinal(), dt.date.max.toordinal())

    def reached(self, today: dt.date, day: int) -> bool:
        """Whether today is on or after the day with ordinal `day` (an int: no date arithmetic
        to overflow at year 1 or 9999), narrowing `days` to the days with the same answer: a
        result kept from an earlier run is reused only on those (core/reads.py)."""
        first, last = self.days
        if today.toordinal() >= day:
            self.days = (max(first, day), last)
            return True
        self.days = (first, min(last, day - 1))
        return False

    def at(self, *key: object) -> Position:
        """Best position for a key path, falling back to its parent, then the file's first line."""
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return (1, 1)

    def value_at(self, key: tuple, offset: int) -> Position:
        """Where the character at `offset` of the text value at key is in the file. YAML may fold
        lines, drop indentation and undo escapes, so the value is read again from the source as
        YAML reads it; anything unforeseen gives the value's own start."""
        start = self.positions.get(key + ("=",))
        if start is None:
            return self.at(*key)
        # A block scalar's indentation indicator counts from its mapping's column, the key's.
        parent = self.positions[key][1] - 1 if isinstance(key[-1], str) else None
        for i, at in enumerate(_scalar_chars(self.source.split("\n"), start, parent)):
            if i == offset:
                return at
        return start

    def problem(self, key: tuple, rule: str, message: str, hint: str = "", severity=ERROR) -> None:
        line, col = self.at(*key)
        self.problems.append(Problem(self.path, line, col, severity, rule, message, hint))


_ESCAPE_LENGTH = {"x": 4, "u": 6, "U": 10}  # a backslash escape, in source characters
_BLOCK_HEADER = re.compile(r"[|>][+-]?([1-9]?)")
_TAG = re.compile(r"![^ \t]*[ \t]+")  # '!!str 123' is allowed, and the node starts at the tag


def _scalar_chars(lines: list[str], start: Position, parent: int | None) -> Iterator[Position]:
    """The file position of each character of the scalar value starting at `start`, in order."""
    row, col = start[0] - 1, start[1] - 1
    if row >= len(lines):
        return
    tag = _TAG.match(lines[row], col)
    col = tag.end() if tag else col
    first = lines[row][col:col + 1]
    if first in ("|", ">"):
        yield from _block_chars(lines, row, col, parent)
    else:
        yield from _flow_chars(lines, row, col, first if first in ("'", '"') else "")


def _flow_chars(lines: list[str], row: int, col: int, quote: str) -> Iterator[Position]:
    """A plain or quoted scalar. A line break becomes one space, or, when empty lines follow it,
    one newline for each of them; white space around a break is dropped."""
    i = col + len(quote)
    while row < len(lines):
        text = lines[row]
        end = len(text.rstrip(" \t"))
        escaped_break = False
        while i < end:
            c, step = text[i], 1
            if c == quote:
                if quote == '"' or text[i + 1:i + 2] != "'":
                    return  # the closing quote
                step = 2  # '' is one quote
            elif c == "\\" and quote == '"':
                if i + 1 == len(text):
                    escaped_break = True  # a backslash at the end joins the lines with nothing
                    break
                step = _ESCAPE_LENGTH.get(text[i + 1], 2)
            yield row + 1, i + 1
            i += step
        blank = 0
        while row + 1 + blank < len(lines) and not lines[row + 1 + blank].strip(" \t"):
            blank += 1
        for n in range(blank if escaped_break else blank or 1):
            yield row + 1 + n, end + 1 if n == 0 else 1
        row += 1 + blank
        if row < len(lines):
            i = len(lines[row]) - len(lines[row].lstrip(" \t"))


def _block_chars(lines: list[str], row: int, col: int, parent: int | None) -> Iterator[Position]:
    """A literal (|) or folded (>) block scalar: its lines below the header, less their common
    indentation. Folding turns a lone break between two lines that do not start with white
    space into a space, and drops it before empty lines; a literal block keeps every break."""
    header = _BLOCK_HEADER.match(lines[row], col)
    folded = lines[row][col] == ">"
    if header and header.group(1) and parent is not None:
        indent = parent + int(header.group(1))
    else:  # the first line with text sets the indentation
        indent = next((len(t) - len(t.lstrip(" ")) for t in lines[row + 1:] if t.strip()), 0)
    breaks: list[Position] = []  # the breaks since the last line with text: its own and empties
    last_plain = None  # whether that line started without white space (None: no line yet)
    for r in range(row + 1, len(lines)):
        text = lines[r]
        if not text.strip():
            breaks.append((r + 1, 1))
            continue
        if len(text) - len(text.lstrip(" ")) < indent:
            return  # less indented: the block has ended
        plain = text[indent] not in " \t"
        yield from breaks[1:] or breaks if folded and last_plain and plain else breaks
        for c in range(indent, len(text)):
            yield r + 1, c + 1
        breaks, last_plain = [(r + 1, len(text) + 1)], plain
