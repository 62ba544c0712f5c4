"""Read one content file: its bytes, its front matter (safe YAML only) and its body.

Untrusted input is expected. Every failure becomes a Problem; nothing here raises on bad input.
Positions of YAML keys and list items are kept so the schema can point at the right line, and
the YAML text itself, so a check can point at a character inside a text value (value_at).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import frontmatter as python_frontmatter
import yaml

from voices.core.body import _TRIGGERS, unsafe_text  # unsafe_text finds nothing without a trigger
from voices.core.problems import ERROR, Problem

MAX_BYTES = 200 * 1024
MAX_DEPTH = 4  # a story's deepest field is consent.scope: mapping > mapping > list
_SPLITTER = python_frontmatter.YAMLHandler()
_CLOSING = re.compile(r"^---[ \t]*$", re.MULTILINE)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that an impossible date stays text for the schema to report."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
# Tags the safe loader resolves by itself; any other tag was written explicitly (e.g. !!python/...).
_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}

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
    _load_yaml(parsed, fm)
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
        _load_yaml(parsed, text)
        return parsed
    return parse_text(relpath, text)


def _load_yaml(parsed: ParsedFile, fm: str) -> None:
    parsed.source = fm
    if not _needs_event_scan(fm) and _load_yaml_once(parsed, fm):
        return
    try:
        _check_events(parsed, fm)
        if parsed.problems:
            return
        node = yaml.compose(fm, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        parsed.problems.append(Problem(parsed.path, line, col, ERROR, "yaml-syntax",
            f"The front matter is not valid YAML: {reason}.",
            "Check this line: each field is 'name: value'; put quotes around a value that "
            "contains a colon ':' or starts with a special character such as '[', '*' or '&'."))
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        parsed.problem((), "front-matter-not-mapping",
            "The front matter must be a list of 'name: value' fields.",
            "Each line should look like 'title: My story'.")
        return
    _collect_positions(parsed, node, ())
    loader = _Loader("")
    try:
        parsed.data = loader.construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        parsed.problem((), "yaml-value", f"A value in the front matter cannot be read: {exc}.")
    finally:
        loader.dispose()
    _check_strings(parsed, parsed.data, ())


# Speed only (reading the front matter was half of `voices check`'s time): an ordinary story is
# read in one YAML pass, composed by the C loader and walked once. The careful path above (a scan
# of the parser's events before composing) is kept for anything that might hold a tag, an anchor or
# an alias, for very deep nesting, and for every error, so what is reported never changes.
#
# How the one pass knows there is no tag, anchor or alias ('!', '&', '*' in the source):
# - an alias gives the same node object twice in the composed tree, so the walk sees it;
# - every other character of a text value comes from its own character of the source, unless a
#   backslash escape made it: so when the values hold as many '!', '&' and '*' as the source does,
#   none of them was spent on a tag or an anchor (a comment holding one sends the file the careful
#   way, which is only slower).
_INDICATORS = "!&*"
# The C composer recurses once per level of nesting and crashes (it does not raise) at tens of
# thousands of levels. A block collection nested in another starts at least one column further
# right every two levels, and a flow collection needs a bracket (two levels with '[a: [b: ...]]'),
# so this bound on the depth is cheap and never too low.
_SAFE_DEPTH = 2000


def _needs_event_scan(fm: str) -> bool:
    if "\\" in fm and any(c in fm for c in _INDICATORS):
        return True
    bound = 2 * max(map(len, fm.split("\n"))) + 2 * (fm.count("[") + fm.count("{")) + 2
    return bound > _SAFE_DEPTH


class _Careful(Exception):
    """Nested too deeply, an alias or a list as a key: the careful path decides and reports."""


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))
_SCALARS = {tag: _Loader.yaml_constructors[tag] for tag in _IMPLICIT_TAGS
            if tag not in (_STR, _SEQ, _MAP)}
_CONSTRUCTOR = _Loader("")  # its scalar constructors keep no state between calls


@dataclass
class _Walk:
    positions: dict[tuple, Position] = field(default_factory=dict)
    duplicates: list[tuple[Position, str, int]] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)  # ids of the nodes met: one met again is an alias
    texts: list[str] = field(default_factory=list)  # every scalar's text, keys too, each once
    slow: bool = False  # a value only PyYAML's own constructor reads right (e.g. a merge key '<<')


def _load_yaml_once(parsed: ParsedFile, fm: str) -> bool:
    """The one-pass read; False (with parsed untouched) when the careful path must decide.
    What it finds and reports is exactly what the careful path would."""
    try:
        node = yaml.compose(fm, Loader=_Loader)
    except yaml.YAMLError:
        return False
    if node is None or not isinstance(node, yaml.MappingNode):
        return False
    w = _Walk()
    try:
        data = _read(node, (), 1, w)
    except _Careful:
        return False
    texts = "\x00".join(w.texts)
    if any(texts.count(c) != fm.count(c) for c in _INDICATORS if c in fm):
        return False  # a tag or an anchor (or a comment) took some: the careful path decides
    parsed.positions = w.positions
    for (line, col), name, first in w.duplicates:
        parsed.problems.append(Problem(parsed.path, line, col, ERROR, "duplicate-field",
            f"The field '{name}' is written twice.",
            f"Keep one '{name}:' line; the first is on line {first}."))
    if w.slow:
        loader = _Loader("")
        try:
            data = loader.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            parsed.problem((), "yaml-value", f"A value in the front matter cannot be read: {exc}.")
            data = {}
        finally:
            loader.dispose()
    parsed.data = data
    if any(c in texts for c in _TRIGGERS):  # every text value is among texts
        _check_strings(parsed, parsed.data, ())
    return True


def _read(node: yaml.Node, key: tuple, depth: int, w: _Walk) -> object:
    """The node's value as SafeConstructor.construct_document gives it, recording positions as
    _collect_positions does; raises _Careful for what only the careful path may judge."""
    if id(node) in w.seen:
        raise _Careful("alias")
    w.seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        w.texts.append(node.value)
        if node.tag == _STR:
            return node.value
        constructor = _SCALARS.get(node.tag)
        if constructor is not None:
            try:
                return constructor(_CONSTRUCTOR, node)
            except Exception:  # noqa: BLE001  (PyYAML's constructor reports it in its words)
                pass
        w.slow = True
        return None
    if depth > MAX_DEPTH:
        raise _Careful("too deep")
    positions = w.positions
    if isinstance(node, yaml.MappingNode):
        w.slow = w.slow or node.tag != _MAP
        data = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise _Careful("a list or a mapping as a key")
            child = key + (k.value,)
            at = (k.start_mark.line + 1, k.start_mark.column + 1)
            if child in positions:
                w.duplicates.append((at, k.value, positions[child][0]))
            positions[child] = at
            positions[child + ("=",)] = (v.start_mark.line + 1, v.start_mark.column + 1)
            name = _read(k, child, depth + 1, w)
            data[name] = _read(v, child, depth + 1, w)
        return data
    w.slow = w.slow or node.tag != _SEQ
    items = []
    for i, item in enumerate(node.value):
        positions[key + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
        items.append(_read(item, key + (i,), depth + 1, w))
    return items


def _check_strings(parsed: ParsedFile, value: object, key: tuple) -> None:
    """Front-matter text reaches HTML attributes, <title> and search indexes: refuse markup,
    character codes and template syntax in every string value, however deep."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_strings(parsed, v, key + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_strings(parsed, v, key + (i,))
    elif isinstance(value, str):
        name = ".".join(map(str, key)) or "front matter"
        for _, (_, severity, rule, message, hint) in unsafe_text(value):
            where = key + ("=",) if key + ("=",) in parsed.positions else key
            parsed.problem(where, rule, f"In '{name}': {message}", hint, severity)


def _check_events(parsed: ParsedFile, fm: str) -> None:
    """Refuse what the safe loader would accept but a story never needs: tags, anchors, aliases."""
    depth = 0
    for event in yaml.parse(fm, Loader=_Loader):
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            parsed.problems.append(Problem(parsed.path, line, col, ERROR, "yaml-anchor",
                "YAML anchors and aliases ('&name', '*name') are not allowed in front matter.",
                "Write each value out in full."))
            return
        tag = getattr(event, "tag", None)
        if tag and tag not in _IMPLICIT_TAGS and tag != "!":
            parsed.problems.append(Problem(parsed.path, line, col, ERROR, "yaml-tag",
                f"YAML tags such as '{tag}' are not allowed in front matter.",
                "Remove the '!' part; write plain values."))
            return
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                parsed.problems.append(Problem(parsed.path, line, col, ERROR, "yaml-too-deep",
                    "The front matter is nested too deeply.",
                    "Fields are at most two levels deep, like 'consent:' then '  date: ...'."))
                return
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _collect_positions(parsed: ParsedFile, node: yaml.Node, key: tuple) -> None:
    def pos(n: yaml.Node) -> Position:
        return (n.start_mark.line + 1, n.start_mark.column + 1)

    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            child = key + (k.value,) if isinstance(k, yaml.ScalarNode) else key
            if child in parsed.positions:
                first = parsed.positions[child][0]
                parsed.positions[child] = pos(k)
                parsed.problem(child, "duplicate-field", f"The field '{k.value}' is written twice.",
                    f"Keep one '{k.value}:' line; the first is on line {first}.")
            parsed.positions[child] = pos(k)
            parsed.positions[child + ("=",)] = pos(v)
            _collect_positions(parsed, v, child)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            parsed.positions[key + (i,)] = pos(item)
            _collect_positions(parsed, item, key + (i,))


# Where each character of a text value comes from, for value_at. Within a line a character stands
# for itself (quotes and escapes aside); what differs between YAML's styles is what a line break
# becomes, and so how many characters of the value lie between two lines of the source.
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
