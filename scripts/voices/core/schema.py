"""Field specs for stories and terms, checked against vocabularies that are data, not code.

`validate` reports every problem it finds (never only the first) and returns cleaned values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from voices.core.frontmatter import ParsedFile
from voices.core.marks import N_
from voices.core.problems import WARNING, did_you_mean

ID_MAX_LEN = 60  # for ids made from a title (voices new, the share form)


def title_key(title: str) -> str:
    """Titles that differ only in case or spacing count as the same title."""
    return " ".join(title.lower().split())


ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
SCOPES = {"web": N_("Shown on the website."), "print": N_("Printed in guides and PDFs.")}
STATUSES = {"published": "Shown wherever consent allows.", "withdrawn": "Removed everywhere."}


@dataclass(frozen=True)
class Field:
    kind: str  # text | ids | slugs | date | bool | int | choice | questions | mapping | items
    required: bool = False
    help: str = ""
    vocab: str = ""  # for ids and choice: the vocabulary name
    max_len: int = 0
    min_items: int = 0
    max_items: int = 0
    not_future: bool = False
    default: Any = None
    fields: Mapping[str, "Field"] = field(default_factory=dict)  # for mapping, and each item


STORY_FIELDS: dict[str, Field] = {
    "title": Field("text", True, N_("The story's title."), max_len=120),
    "summary": Field("text", True, N_("What the story is about, in a sentence or two."),
                     max_len=300),
    "storyteller": Field("text", True, N_("A name, a made-up name, or Anonymous."), max_len=80),
    "perspective": Field("ids", True, N_("Where the storyteller speaks from."), "perspectives",
                         min_items=1),
    "principles": Field("ids", False, N_("Principles the story speaks to."), "principles"),
    "challenges": Field("ids", False, N_("Challenges the story speaks to."), "challenges"),
    "told": Field("date", True, N_("The date the story was told (YYYY-MM-DD)."), not_future=True),
    "place": Field("text", False, N_("A town or region, if the storyteller wants one."), max_len=80,
                   default=""),
    "content_notes": Field("ids", False, N_("Hard subjects a reader may want warning of."),
                           "content_notes", default=()),
    "consent": Field("mapping", True, N_("The storyteller's consent."), fields={
        "date": Field("date", True, N_("When consent was given."), not_future=True),
        "scope": Field("ids", True, N_("Where the story may appear: web, print or both."), "scopes",
                       min_items=1),
        "review": Field("date", False, N_("When consent must be asked for again.")),
    }),
    "status": Field("choice", False, N_("published or withdrawn."), "statuses",
                    default="published"),
    "withdrawn": Field("date", False, N_("When the story was withdrawn (set by voices withdraw).")),
    "illustrative": Field("bool", False, N_("true for made-up example stories."), default=False),
    "lang": Field("text", False, N_("The language code, e.g. en or cy."), default="en", max_len=20),
    "aliases": Field("slugs", False, N_("Ids the story had before it was renamed: its old "
                     "addresses send readers on to it."), default=()),
    "media": Field("text", False, N_("A recording of the story in stories/media/, e.g. "
                   "media/interview.mp3; the story's text is its transcript."), max_len=200,
                   default=""),
    "captions": Field("text", False, N_("Captions for the recording: a WebVTT file in "
                      "stories/media/, e.g. media/interview.vtt."), max_len=200, default=""),
    "easy_read_of": Field("text", False, N_("For an easy-read version: the id of the story it "
                          "retells. The two pages link to each other; each file has its own "
                          "consent."), max_len=80, default=""),
    "translation_of": Field("text", False, N_("For a translation: the id of the story it "
                            "translates; set lang to this file's language. The pages link to "
                            "each other; each file has its own consent."), max_len=80,
                            default=""),
    "updates": Field("items", False, N_("What happened next: a list of dated notes shown below "
                     "the story, newest first."), default=(), fields={
        "date": Field("date", True, N_("When it happened (YYYY-MM-DD), not before 'told'."),
                      not_future=True),
        "text": Field("text", True, N_("What happened, in plain Markdown like the story."),
                      max_len=1500),
    }),
}

TERM_FIELDS: dict[str, Field] = {
    "title": Field("text", True, N_("The name."), max_len=120),
    "order": Field("int", True, N_("Its place in the list, from 1.")),
    "summary": Field("text", True, N_("One sentence."), max_len=300),
    "questions": Field("questions", True, N_("Questions to reflect on."), min_items=2, max_items=6),
}

_TYPE_HINTS = {
    bool: "YAML reads yes, no, on, off, true and false as true/false: put the value in quotes.",
    float: "YAML reads numbers like 1.10 as 1.1: put the value in quotes.",
    int: "YAML reads this as a number: put the value in quotes.",
    dt.date: "YAML reads a bare date as a date: put the value in quotes.",
}


def validate(parsed: ParsedFile, specs: Mapping[str, Field], vocabs: Mapping[str, Mapping],
             today: dt.date, key: tuple = ()) -> dict[str, Any]:
    data = parsed.data if not key else _get(parsed.data, key)
    out: dict[str, Any] = {}
    for name in data:
        if name not in specs:
            hint = did_you_mean(name, specs) or ""
            parsed.problem(key + (name,), "unknown-field", f"The field '{name}' is not known here.",
                           hint + "Known fields: " + ", ".join(specs) + ".")
    for name, spec in specs.items():
        where = key + (name,)
        blank = isinstance(data.get(name), str) and not data[name].strip()  # "" or spaces
        if name not in data or data[name] is None or blank:
            if spec.required:  # at the empty line itself when the field is there
                parsed.problem(where if name in data else key, "missing-field",
                               f"The field '{name}' is missing or empty.",
                               f"Add a line '{name}: ...'. {spec.help}")
            out[name] = spec.default
            continue
        out[name] = _check_value(parsed, where, spec, data[name], vocabs, today)
    return out


def _get(data: Any, key: tuple) -> dict:
    for k in key:
        if isinstance(data, list) and isinstance(k, int) and 0 <= k < len(data):
            data = data[k]  # an item of a list of groups (kind "items")
        else:
            data = data.get(k, {}) if isinstance(data, dict) else {}
    return data if isinstance(data, dict) else {}


def _wrong_type(parsed: ParsedFile, where: tuple, value: Any, wanted: str) -> None:
    name = ".".join(map(str, where))
    hint = next((h for t, h in _TYPE_HINTS.items() if type(value) is t), f"Write {wanted} here.")
    parsed.problem(where + ("=",), "wrong-type",
                   f"The field '{name}' should be {wanted}, not {_describe(value)}.", hint)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a group of fields"
    return f"{type(value).__name__} {value!r}"


def _check_value(parsed: ParsedFile, where: tuple, spec: Field, value: Any,
                 vocabs: Mapping[str, Mapping], today: dt.date) -> Any:
    name = ".".join(map(str, where))
    if spec.kind == "text":
        if not isinstance(value, str):
            _wrong_type(parsed, where, value, "text")
            return None
        value = value.strip()
        if spec.max_len and len(value) > spec.max_len:
            parsed.problem(where + ("=",), "too-long",
                           f"The field '{name}' is {len(value)} characters long; the most is "
                           f"{spec.max_len}.", "Shorten it.")
        if name == "lang" and not LANG_RE.match(value):
            parsed.problem(where + ("=",), "bad-lang", f"'{value}' is not a language code.",
                           "Use a code such as en, cy (Welsh), gd (Scottish Gaelic) or pl.")
        return value
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            _wrong_type(parsed, where, value, "a whole number")
            return None
        return value
    if spec.kind == "bool":
        if not isinstance(value, bool):
            _wrong_type(parsed, where, value, "true or false")
            return spec.default
        return value
    if spec.kind == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            parsed.problem(where + ("=",), "bad-date", f"The field '{name}' is not a real date: "
                           f"{value!r}.", "Write dates as YYYY-MM-DD, for example 2024-03-09.")
            return None
        if spec.not_future and not parsed.reached(today, value.toordinal()):
            parsed.problem(where + ("=",), "future-date",
                           f"The date {value.isoformat()} in '{name}' is in the future.",
                           "Check the year and the month.")
        return value
    if spec.kind == "choice":
        choices = vocabs[spec.vocab]
        if not isinstance(value, str) or value not in choices:  # a list is no choice (unhashable)
            parsed.problem(where + ("=",), "unknown-value",
                           f"'{value}' is not allowed in '{name}'.",
                           did_you_mean(value, choices) + "Allowed: " + ", ".join(choices) + ".")
            return spec.default
        return value
    if spec.kind == "questions":
        if not isinstance(value, list) or not all(isinstance(q, str) and q.strip() for q in value):
            _wrong_type(parsed, where, value, "a list of questions")
            return ()
        if not spec.min_items <= len(value) <= spec.max_items:
            parsed.problem(where, "question-count", f"There are {len(value)} questions; there "
                           f"should be {spec.min_items} to {spec.max_items}.",
                           "Questions to reflect on work best as a short list.")
        return tuple(q.strip() for q in value)
    if spec.kind == "slugs":  # plain text items; archive.py checks what they must be
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            _wrong_type(parsed, where, value, "a list such as [old-id, older-id]")
            return ()
        return tuple(dict.fromkeys(i.strip() for i in items))
    if spec.kind == "items":  # a list of groups of fields; None stands for an unreadable item
        if not isinstance(value, list):
            _wrong_type(parsed, where, value, "a list: each item starts with '- ' on its own line")
            return ()
        items: list[dict | None] = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                first, *_ = spec.fields
                parsed.problem(where + (i,), "wrong-type", f"Item {i + 1} of '{name}' should be "
                               f"a group of fields, not {_describe(item)}.", f"Start it with "
                               f"'- {first}: ...', then put each of its fields ("
                               f"{', '.join(spec.fields)}) on a line of its own, lined up.")
                items.append(None)
            else:
                items.append(validate(parsed, spec.fields, vocabs, today, where + (i,)))
        return tuple(items)
    if spec.kind == "mapping":
        if not isinstance(value, dict):
            _wrong_type(parsed, where, value, "a group of fields (indented lines below it)")
            return None
        return validate(parsed, spec.fields, vocabs, today, where)
    return _check_ids(parsed, where, spec, value, vocabs[spec.vocab])


def _check_ids(parsed: ParsedFile, where: tuple, spec: Field, value: Any,
               vocab: Mapping) -> tuple[str, ...]:
    name = ".".join(map(str, where))
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        _wrong_type(parsed, where, value, "a list such as [one, two]")
        return ()
    ids: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or item not in vocab:
            hint = did_you_mean(item, vocab)
            known = ", ".join(sorted(vocab))
            label = spec.vocab.rstrip("s").replace("_", " ")
            parsed.problem(where + (i,), f"unknown-{label.replace(' ', '-')}",
                           f"The {label} '{item}' does not exist.",
                           (hint[0].upper() + hint[1:] if hint else "") + f"Known: {known}.")
        elif item in ids:
            parsed.problem(where + (i,), "duplicate-value",
                           f"'{item}' is listed twice in '{name}'.",
                           severity=WARNING)
        else:
            ids.append(item)
    if len(items) < spec.min_items:
        parsed.problem(where, "missing-field", f"The field '{name}' needs at least "
                       f"{spec.min_items} value.", f"{spec.help}")
    return tuple(ids)
