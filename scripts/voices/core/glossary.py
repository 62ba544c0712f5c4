"""The glossary: stories/_glossary.yml, the field's jargon explained in plain words.

Several stories are about words that shut people out (acronyms, service language), so the archive
keeps a list of them as data: an id, then the term, its other forms (`also`) and a short meaning.
It is checked with the rest of the archive (`voices check`, and before every build); the site
shows it on a "Words explained" page and links the first use of each word on story and term
pages to its meaning (site/glossary.py); guides end with the meanings of the words they use.

Matcher finds the words in a text the same way wherever they are looked for: whole words, any
case, a plural "s" allowed, the longest form first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from voices.core.frontmatter import ParsedFile, parse_file
from voices.core.model import GlossaryEntry
from voices.core.problems import ERROR, Problem, did_you_mean
from voices.core.schema import ID_RE

GLOSSARY_FILE = "stories/_glossary.yml"
FIELDS = ("term", "also", "meaning")
MAX_MEANING = 300  # characters: a meaning is read in passing, at the end of a story
MAX_SENTENCES = 2
# A sentence ends at '.', '!' or '?' followed by a space or the end ("e.g." counts once).
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s|$)")
_TYPE_WORDS = {bool: "true or false", int: "a number", float: "a number", list: "a list",
               dict: "a set of fields"}


def load_glossary(root: str | Path, problems: list[Problem]) -> dict[str, GlossaryEntry]:
    """The glossary's entries by id, A to Z by term, adding what is wrong to `problems`. An
    archive without a glossary file has an empty one."""
    root = Path(root)
    path = root / GLOSSARY_FILE
    if not path.exists() and not path.is_symlink():
        return {}
    parsed = parse_file(root, path, data_file=True)  # safe YAML; refuses links and markup
    entries = {} if any(p.severity == ERROR for p in parsed.problems) else _entries(parsed)
    problems += parsed.problems
    return dict(sorted(entries.items(), key=lambda kv: (_key(kv[1].term), kv[0])))


def _entries(parsed: ParsedFile) -> dict[str, GlossaryEntry]:
    entries: dict[str, GlossaryEntry] = {}
    seen: dict[str, tuple[str, int]] = {}  # a word, lowercased -> its entry and line
    for key, value in parsed.data.items():
        if not isinstance(key, str) or not ID_RE.match(key):
            parsed.problem((key,), "bad-glossary-id", f"'{key}' is not a valid glossary id.",
                           "Use lowercase letters, digits and hyphens, e.g. 'service-user:'; "
                           "the id is the word's address on the Words explained page.")
            continue
        if not isinstance(value, dict):
            parsed.problem((key,), "bad-glossary-entry",
                           f"The glossary entry '{key}' has no fields.",
                           "Indent 'term: ...', 'meaning: ...' and, if it has other forms, "
                           "'also: [...]' under the id.")
            continue
        entry = _entry(parsed, key, value, seen)
        if entry is not None:
            entries[key] = entry
    return entries


def _entry(parsed: ParsedFile, key: str, value: dict,
           seen: dict[str, tuple[str, int]]) -> GlossaryEntry | None:
    """One entry, or None when something in it is wrong (and said so)."""
    for name in value:
        if name not in FIELDS:
            parsed.problem((key, name), "unknown-field",
                           f"The glossary entry '{key}' has a field '{name}', which an entry "
                           "does not have.", did_you_mean(str(name), FIELDS)
                           + "An entry's fields are: " + ", ".join(FIELDS) + ".")
    term = _text(parsed, key, "term", value.get("term"))
    meaning = _text(parsed, key, "meaning", value.get("meaning"))
    also = value.get("also")
    if isinstance(also, list):
        items = [(word, (key, "also", i)) for i, word in enumerate(also)]
    elif isinstance(also, dict):
        parsed.problem((key, "also", "="), "bad-value",
                       f"'also' in '{key}' must be a list of words.",
                       "Write it as 'also: [first, second]', or leave it out.")
        items = []
    else:  # one word, written without brackets
        items = [] if also is None else [(also, (key, "also", "="))]
    others = tuple(_text(parsed, key, "also", word, where) for word, where in items)
    fine = bool(term and meaning and all(others))
    if meaning and not _check_meaning(parsed, key, meaning):
        fine = False
    for i, word in enumerate((term, *others)):
        where = (key, "term", "=") if i == 0 else (key, "also", i - 1)
        if word and _duplicate(parsed, seen, key, word, where):
            fine = False
    if not fine:
        return None
    return GlossaryEntry(key, term, meaning, others)


def _text(parsed: ParsedFile, key: str, name: str, value: object,
          where: tuple | None = None) -> str:
    """A field's text with its spaces tidied, or '' after saying what is wrong with it."""
    where = where or (key, name, "=")
    if isinstance(value, str) and re.search(r"\w", value):
        return " ".join(value.split())
    if value is None or value == "":
        if name == "also":
            parsed.problem(where, "bad-value", f"An empty word in 'also' of '{key}'.",
                           "Remove the empty item from the list.")
        elif name == "term":
            parsed.problem(where if name in parsed.data[key] else (key,), "missing-term",
                           f"The glossary entry '{key}' has no term.",
                           "Add 'term: ...': the word as people usually write it.")
        else:
            parsed.problem(where if name in parsed.data[key] else (key,), "missing-meaning",
                           f"The glossary entry '{key}' has no meaning.",
                           "Add 'meaning: ...': one or two short sentences anyone can follow.")
        return ""
    if isinstance(value, str):
        parsed.problem(where, "bad-value", f"'{value}' in '{key}' has no letters or digits.",
                       "Write a word.")
        return ""
    kind = _TYPE_WORDS.get(type(value), type(value).__name__)
    hint = ("YAML reads yes, no, on, off, true and false as true or false: put the word in "
            "quotes." if isinstance(value, bool) else
            f"YAML read this as {kind}, not as text: put it in quotes.")
    parsed.problem(where, "bad-value", f"'{name}' in '{key}' must be some text.", hint)
    return ""


def _check_meaning(parsed: ParsedFile, key: str, meaning: str) -> bool:
    """At most two sentences and 300 characters, or an error where the meaning runs over."""
    ends = list(_SENTENCE_END.finditer(meaning))
    sentences = len(ends) + (0 if ends and ends[-1].end() == len(meaning) else 1)
    if sentences > MAX_SENTENCES:
        start = ends[MAX_SENTENCES - 1].end() + 1  # the next sentence (spaces are tidied)
        _problem_at(parsed, key, start, "meaning-too-long",
                    f"The meaning of '{key}' has {sentences} sentences; at most "
                    f"{MAX_SENTENCES} fit.", "Keep the heart of it in one or two short "
                    "sentences; a longer story about the word belongs elsewhere.")
    elif len(meaning) > MAX_MEANING:
        _problem_at(parsed, key, MAX_MEANING, "meaning-too-long",
                    f"The meaning of '{key}' is {len(meaning)} characters long; at most "
                    f"{MAX_MEANING} fit.", "Use shorter, everyday words, and leave out "
                    "examples that are not needed.")
    else:
        return True
    return False


def _problem_at(parsed: ParsedFile, key: str, offset: int, rule: str, message: str,
                hint: str) -> None:
    """A problem at the character `offset` of the meaning as tidied (runs of spaces and line
    breaks made one space): found in the value as YAML read it, then in the file."""
    raw, tidied, at = parsed.data[key]["meaning"], 0, 0
    for i, char in enumerate(raw.lstrip()):
        if tidied == offset:
            at = i + len(raw) - len(raw.lstrip())
            break
        if not (char.isspace() and raw.lstrip()[i + 1:i + 2].isspace()):
            tidied += 1  # a run of white space is one space once tidied
    line, col = parsed.value_at((key, "meaning"), at)
    parsed.problems.append(Problem(parsed.path, line, col, ERROR, rule, message, hint))


def _duplicate(parsed: ParsedFile, seen: dict[str, tuple[str, int]], key: str, word: str,
               where: tuple) -> bool:
    """Whether the word (or it without or with a plural "s") already belongs to another entry:
    a word can be explained once only, or its links would not know where to go."""
    line = parsed.at(*where)[0]
    found = next((seen[k] for k in _forms(word) if k in seen and seen[k][0] != key), None)
    seen.setdefault(_key(word), (key, line))
    if found is None:
        return False
    other, other_line = found
    parsed.problem(where, "duplicate-glossary-word",
                   f"'{word}' is already a word of the glossary entry '{other}' "
                   f"(line {other_line}).",
                   "A word can be explained once only: remove it from one of the two entries, "
                   "or join them into one.")
    return True


def _key(word: str) -> str:
    return " ".join(word.lower().split())


def _forms(word: str) -> tuple[str, ...]:
    key = _key(word)
    return (key, key + "s", key[:-1]) if key.endswith("s") else (key, key + "s")


_TOKEN = re.compile(r"[\w-]+")  # a whole word: hyphens join


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "_-"  # what [\w-] matches


def _places(text: str, part: str) -> Iterator[int]:
    """Where `part` starts in `text`."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


def _ends(text: str, lowered: str, start: int, words: tuple[str, ...]) -> int | None:
    """Where the form made of `words` ends if it is at `start` (a plural "s" included), else
    None: each word as it is, white space between them, no more of a word after the last."""
    at = start
    for n, word in enumerate(words):
        if n:
            space = at
            while space < len(text) and text[space].isspace():
                space += 1
            if space == at:
                return None
            at = space
        if not lowered.startswith(word, at):
            return None
        at += len(word)
    if at < len(text) and lowered[at] == "s":
        at += 1
    return None if at < len(text) and _in_word(text[at]) else at


class Matcher:
    """Finds glossary words in text: whole words (a hyphen counts as part of a word), any case,
    with a plural "s" allowed, any white space between the words of a longer form, and the
    longest form first ("service provider" before "provider")."""

    def __init__(self, entries: Iterable[GlossaryEntry]):
        self.entries = {e.id: e for e in entries}
        self._by_word = {_key(w): e for e in self.entries.values() for w in e.words}
        self._words = {form: tuple(form.split()) for form in self._by_word}
        # Speed only (both run on every story of every build). find(): the forms in the order
        # they are tried, and the words they start with. used(): a longer form is looked up
        # among the runs of words that start with one of its first words.
        self._ordered = [self._words[f] for f in sorted(self._words, key=lambda f: (-len(f), f))]
        self._starts = {words[0] for words in self._ordered}
        self._firsts = {words[0] for words in self._words.values() if len(words) > 1}
        self._lengths = sorted({len(words) for words in self._words.values() if len(words) > 1})

    def find(self, text: str) -> Iterator[tuple[int, int, GlossaryEntry]]:
        """Where the glossary's words are in the text, first to last: (start, end, entry).
        Found with str.find, not a pattern: compiling one for each story's words took as long
        as searching with it."""
        lowered = text.lower()
        if len(lowered) != len(text):  # "İ": lower() adds a dot, but it is a word's "i"
            lowered = "".join(c.lower()[0] for c in text)
        starts = sorted({i for first in self._starts for i in _places(lowered, first)})
        end = 0
        for start in starts:
            if start < end or (start and _in_word(text[start - 1])):
                continue
            for words in self._ordered:
                stop = _ends(text, lowered, start, words)
                if stop is not None:
                    yield start, stop, self._by_word[" ".join(words)]
                    end = stop
                    break

    def used(self, text: str) -> tuple[GlossaryEntry, ...]:
        return self._used(text)

    @functools.lru_cache(maxsize=50_000)  # noqa: B019  (the matcher() of a glossary lives on)
    def _used(self, text: str) -> tuple[GlossaryEntry, ...]:
        """The entries whose words the text uses, A to Z by term. Cheap enough for every story:
        the set of the text's words first, and a search only for a longer form whose words are
        all there. In raw Markdown it may find a word the page shows only in a link or a
        heading."""
        sequence = _TOKEN.findall(text.lower())
        tokens = set(sequence)
        runs = {tuple(sequence[i:i + n]) for i, token in enumerate(sequence)
                if token in self._firsts for n in self._lengths}
        ids = set()
        for form, words in self._words.items():
            entry = self._by_word[form]
            if entry.id in ids or not (words[-1] in tokens or words[-1] + "s" in tokens):
                continue
            plural = words[:-1] + (words[-1] + "s",)
            if len(words) == 1 or words in runs or plural in runs:
                ids.add(entry.id)
        return tuple(e for e in self.entries.values() if e.id in ids)


@functools.lru_cache(maxsize=4)
def matcher(entries: tuple[GlossaryEntry, ...]) -> Matcher:
    """The Matcher of a glossary, the same object while the glossary is the same: under
    `make serve` each rebuild then finds the words of every unchanged story in its cache."""
    return Matcher(entries)
