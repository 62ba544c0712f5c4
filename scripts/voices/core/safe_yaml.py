"""Front matter YAML, read under rules fit for untrusted files: the safe loader only, no tags,
anchors or aliases, a bounded depth, and the same markup rules as a story's body for every text
value. Every key's and value's position is kept for the checks' messages (ParsedFile.at)."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from voices.core.body import _TRIGGERS, unsafe_text  # unsafe_text finds nothing without a trigger
from voices.core.parsed import ParsedFile, Position
from voices.core.problems import ERROR, Problem

MAX_DEPTH = 4  # a story's deepest field is consent.scope: mapping > mapping > list
# How PyYAML's constructors fail on a value they cannot make, e.g. '!!bool maybe' (KeyError) or
# "!!int ''" (IndexError): each is a problem in the file, never a crash.
_VALUE_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, KeyError, IndexError,
                 AttributeError)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that an impossible date stays text for the schema to report."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError, AttributeError):  # '!!timestamp nope' included
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
# Tags the safe loader resolves by itself; any other tag was written explicitly (e.g. !!python/...).
_IMPLICIT_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}



def load_yaml(parsed: ParsedFile, fm: str) -> None:
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
    except _VALUE_ERRORS as exc:
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
        except _VALUE_ERRORS as exc:
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
