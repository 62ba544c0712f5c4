"""The further reading page: content/resources.md, the books, guides and organisations that the
archive's source documents point to, for readers who want to go further.

As on the support page (support.py), the list is data in the page's front matter
(`resources:`), so keepers add or correct an entry without touching a template, and it is checked
with the rest of the archive (`voices check`, and before every build): every entry says what it
offers and where to find it, at an address a browser opens safely.

site/pages.py renders the list (Renderer.resources), grouped by kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voices.core import page_data
from voices.core.frontmatter import ParsedFile
from voices.core.marks import N_
from voices.core.problems import WARNING, Problem, did_you_mean

RESOURCES_FILE = "content/resources.md"
FIELDS = ("name", "offers", "url", "kind")
# In the order the page shows them; the values are the page's headings for each kind (in the
# catalogue: core/marks.py).
KINDS = {"reading": N_("Books, guides and reports"), "organisation": N_("Organisations")}
# https only: a reader's browser should not be sent to a page anyone on the way can change.
URL_RE = re.compile(r"^https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")
_WHAT = {"name": "what it is called, e.g. 'Co-Production Collective'",
         "offers": "what a reader finds there, in a sentence or two",
         "url": "its web address, starting with https://",
         "kind": "'organisation' or 'reading'"}


@dataclass(frozen=True)
class Resource:
    name: str
    offers: str
    url: str
    kind: str  # a key of KINDS

    @property
    def site(self) -> str:
        """The address as a link's text: its host alone ("scie.org.uk"), which says where the
        link goes without a long address to read out."""
        return self.url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")


def load_resources(root: str | Path) -> tuple[list[Resource], list[Problem]]:
    """The entries of the further reading page, and the problems found in them."""
    return page_data.load(root, RESOURCES_FILE, _resources)


def check_resources(root: str | Path) -> list[Problem]:
    return load_resources(root)[1]


def grouped(resources: list[Resource]) -> list[tuple[str, list[Resource]]]:
    """(heading, entries) for each kind that has entries, in the order of KINDS."""
    return [(heading, [r for r in resources if r.kind == kind])
            for kind, heading in KINDS.items() if any(r.kind == kind for r in resources)]


def _resources(parsed: ParsedFile) -> list[Resource]:
    value = page_data.items(
        parsed, "resources",
        ("The further reading page lists nothing to read or contact.",
         "Add 'resources:' to the front matter, then one '- name: ...' per entry with its "
         "offers, url and kind."),
        ("'resources' must be a list of entries.",
         "Write 'resources:', then one '- name: ...' line per entry, with its other fields "
         "indented under the name."))
    out: list[Resource] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        resource = _resource(parsed, i, item)
        if resource is None:
            continue
        key = " ".join(resource.name.lower().split())
        if key in seen:
            parsed.problem(("resources", i, "name", "="), "duplicate-resource",
                           f"'{resource.name}' is listed twice.",
                           "Remove one of the two entries, or give them different names.",
                           severity=WARNING)
            continue
        seen.add(key)
        out.append(resource)
    return out


def _resource(parsed: ParsedFile, i: int, item: object) -> Resource | None:
    where = ("resources", i)
    if not isinstance(item, dict):
        parsed.problem(where, "bad-resource", f"Entry {i + 1} is not a set of fields.",
                       "Write each entry as '- name: ...' with 'offers:', 'url:' and 'kind:' "
                       "indented under it.")
        return None
    name = item.get("name")
    label = name.strip() if isinstance(name, str) and name.strip() else f"Entry {i + 1}"
    for key in item:
        if key not in FIELDS:
            parsed.problem(where + (key,), "unknown-field",
                           f"{label} has a field '{key}', which an entry does not have.",
                           did_you_mean(str(key), FIELDS) + "Entry fields: "
                           + ", ".join(FIELDS) + ".", severity=WARNING)
    values = {key: _text(parsed, where + (key,), item[key], label)
              for key in FIELDS if key in item and item[key] is not None}
    for key in FIELDS:
        if item.get(key) is None:
            parsed.problem(where if key not in item else where + (key,), f"missing-{key}",
                           f"{label} has no {key}.",
                           f"Add '{key}: ...' to this entry ({_WHAT[key]}).")
    url = values.get("url", "")
    if url and not URL_RE.match(url):
        hint = ("Write the secure address: 'https://' instead of 'http://'."
                if url.startswith("http://") else
                "Write the full address of the page, starting with https://")
        parsed.problem(where + ("url", "="), "bad-url", f"'{url}' is not a web address "
                       "that starts with https://.", hint)
        url = ""
    kind = values.get("kind", "")
    if kind and kind not in KINDS:
        parsed.problem(where + ("kind", "="), "bad-kind",
                       f"'{kind}' is not a kind of entry.",
                       did_you_mean(kind, KINDS) + "Write 'organisation' for a group or a "
                       "charity, or 'reading' for a book, a guide or a report.")
        kind = ""
    if not (values.get("name") and values.get("offers") and url and kind):
        return None
    return Resource(values["name"], values["offers"], url, kind)


def _text(parsed: ParsedFile, where: tuple, value: object, label: str) -> str:
    """A field's text with its spaces tidied, or '' and an error when it is not text."""
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    parsed.problem(where + ("=",), "bad-value", f"{label}: '{where[-1]}' must be some text.",
                   "Write some text, in quotes if YAML reads it as something else (a number, "
                   "a date, yes or no).")
    return ""
