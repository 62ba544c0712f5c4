"""Read one content file: its bytes, its front matter (safe YAML only: safe_yaml.py) and its body.

Untrusted input is expected. Every failure becomes a Problem; nothing here raises on bad input.
Positions of YAML keys and list items are kept so the schema can point at the right line, and
the YAML text itself, so a check can point at a character inside a text value (value_at).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import frontmatter as python_frontmatter

from voices.core.parsed import ParsedFile
from voices.core.problems import ERROR, Problem
from voices.core.safe_yaml import load_yaml

__all__ = ["ParsedFile", "parse_file", "parse_text", "decode"]

MAX_BYTES = 200 * 1024
_SPLITTER = python_frontmatter.YAMLHandler()
_CLOSING = re.compile(r"^---[ \t]*$", re.MULTILINE)


def decode(path: str, raw: bytes, problems: list[Problem]) -> str | None:
    """Bytes to text: UTF-8 with or without a BOM, any line ending; None when unreadable."""
    if len(raw) > MAX_BYTES:
        problems.append(_too_large(path, len(raw)))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(path, line, 1, ERROR, "not-utf8",
            "This file is not saved as UTF-8 text.",
            "Save it again with the encoding 'UTF-8' (most editors offer it under 'Save as')."))
        return None
    if "\x00" in text:
        problems.append(Problem(path, text[: text.index("\x00")].count("\n") + 1, 1, ERROR,
            "binary-file", "This file contains a NUL byte, so it is not a text file.",
            "Story files must be plain text Markdown."))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _too_large(path: str, size: int) -> Problem:
    return Problem(path, 0, 0, ERROR, "file-too-large",
        f"This file is {size // 1024} KB; a story file can be at most {MAX_BYTES // 1024} KB.",
        "Split a very long story into parts, or leave out pasted material.")


def parse_text(path: str, text: str) -> ParsedFile:
    parsed = ParsedFile(path)
    if not _SPLITTER.detect(text):
        parsed.problem((), "no-front-matter", "The file does not start with a front matter block.",
            "The first line must be '---', then the fields, then another '---' line.")
        parsed.body = text
        return parsed
    opening = re.match(r"---[ \t]*\n", text)
    closing = _CLOSING.search(text, opening.end()) if opening else None
    if closing is None:
        parsed.problem((), "unclosed-front-matter", "The front matter block is never closed.",
            "Add a line with only '---' after the last field.")
        return parsed
    # A leading newline makes YAML's line i (0-based) the file's line i + 1.
    fm = "\n" + text[opening.end():closing.start()]
    parsed.body_line = text.count("\n", 0, closing.start()) + 2
    parsed.body = text[closing.end():].removeprefix("\n")
    load_yaml(parsed, fm)
    return parsed


def parse_file(root: Path, path: Path, data_file: bool = False) -> ParsedFile:
    """A content file (front matter, then a body), or with data_file a plain YAML file, which
    is read under the same rules: both can come from anyone's pull request."""
    relpath = path.relative_to(root).as_posix()
    problems: list[Problem] = []
    try:
        mode = os.lstat(path).st_mode  # one system call, where is_symlink and is_file take two
    except OSError:
        mode = 0
    if not stat.S_ISREG(mode):
        # A link could read any file on the build machine; a folder or a pipe is not a story.
        problems.append(Problem(relpath, 0, 0, ERROR, "not-a-file",
            "This is not a plain file (it is a link, a folder or a device).",
            "Stories must be ordinary text files inside the archive."))
        return ParsedFile(relpath, problems=problems)
    with path.open("rb") as handle:  # never read more than the limit, however big the file is
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return ParsedFile(relpath, problems=[_too_large(relpath, path.stat().st_size)])
    text = decode(relpath, raw, problems)
    if text is None:
        return ParsedFile(relpath, problems=problems)
    if data_file:
        parsed = ParsedFile(relpath)
        load_yaml(parsed, text)
        return parsed
    return parse_text(relpath, text)
