"""The story finder's data: one compact JSON index of the stories published on the web.

Only `archive.web` is read, so withdrawn stories and stories without web consent can never
appear. Keys are sorted and separators compact, so the same archive gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from voices.core.model import Archive, Story
from voices.site.i18n import N_, plural_forms, translations
from voices.site.names import Names
from voices.site.urls import cell_src, term_src

INDEX_SRC = "finder/index.json"  # beside the finder page, so the page links "index.json"
FACETS = ("principle", "challenge", "perspective", "exclude", "place", "year")


def place_key(place: str) -> str:
    """A stable key for a place, so "Leeds" and "leeds " count as one place."""
    return " ".join(place.lower().split())


def _story_entry(s: Story) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": s.id, "y": s.told.year}
    # Empty lists are left out: at 10,000 stories every byte is paid for on each visit.
    for key, values in (("p", s.principles), ("c", s.challenges), ("v", s.perspective),
                        ("n", s.content_notes)):
        if values:
            entry[key] = list(values)
    if s.place:
        entry["l"] = place_key(s.place)
    return entry


def places(archive: Archive) -> dict[str, str]:
    """Place key -> the label first written for it, sorted by label for the select box."""
    out: dict[str, str] = {}
    for s in sorted(archive.web, key=lambda s: s.id):
        if s.place:
            out.setdefault(place_key(s.place), s.place)
    return dict(sorted(out.items(), key=lambda kv: (kv[1].lower(), kv[0])))


def years(archive: Archive) -> list[int]:
    return sorted({s.told.year for s in archive.web}, reverse=True)


def finder_index(archive: Archive) -> dict[str, Any]:
    """One short entry per story, in the archive's web order. Labels are left out: the page
    already holds them, and the page's list of stories is what the script shows or hides."""
    return {"stories": [_story_entry(s) for s in archive.web], "version": 1}


def finder_json(archive: Archive) -> str:
    return json.dumps(finder_index(archive), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


EMBEDDED_SRC = "finder/index.js"  # the offline copy's index, as a script


def finder_script(archive: Archive) -> str:
    """The index as a script setting window.VOICES_FINDER_INDEX, for a copy read from file://."""
    return "window.VOICES_FINDER_INDEX = " + finder_json(archive) + ";\n"


def counts(archive: Archive) -> dict[str, dict[str, int]]:
    """How many web stories carry each option, for the list shown before any filter is set."""
    out: dict[str, dict[str, int]] = {f: {} for f in FACETS}
    for s in archive.web:
        for facet, values in (("principle", s.principles), ("challenge", s.challenges),
                              ("perspective", s.perspective), ("exclude", s.content_notes),
                              ("place", (place_key(s.place),) if s.place else ()),
                              ("year", (str(s.told.year),))):
            for v in values:
                out[facet][v] = out[facet].get(v, 0) + 1
    return out


PAGE_SRC = "finder.md"  # not under stories/, where a story called "finder" would clash
TITLE = N_("Find a story")  # in the catalogue: translations(language).gettext(TITLE)


def description(names: Names, language: str = "en") -> str:
    return translations(language).gettext(
        "Filter the stories by %(principle)s, %(challenge)s, who is telling them, place and "
        "year.") % {"principle": names.principle, "challenge": names.challenge}


def script_strings(language: str = "en") -> dict[str, Any]:
    """What finder.js says, in the site's language (templates/finder.html, data-strings): a
    plural message as its text for each plural category of the language (i18n.plural_forms),
    "{n}" where the number goes."""
    t = translations(language)

    def forms(message: Callable[[int], str], **names: str) -> dict[str, str]:
        return plural_forms(language, lambda n: message(n) % {"num": "{n}", **names})

    return {
        "all": forms(lambda n: t.ngettext("Showing the %(num)s story.",
                                          "Showing all %(num)s stories.", n)),
        "some": forms(lambda n: t.ngettext("Showing %(shown)s of %(num)s story.",
                                           "Showing %(shown)s of %(num)s stories.", n),
                      shown="{shown}"),
        "count": forms(lambda n: t.ngettext("%(num)s story", "%(num)s stories", n)),
        "show": forms(lambda n: t.ngettext("Show %(num)s story", "Show %(num)s stories", n)),
        "none": t.gettext("Show the stories"),
        "chosen": t.gettext("Chosen: %(choices)s.") % {"choices": "{choices}"},
        "failed": t.gettext("The filters could not be loaded, so every story is listed below."),
    }



Link = tuple[str, str, int]  # a page's source path, its name, how many stories it lists


def ways_in(archive: Archive) -> dict[str, Any]:
    """The pages that each list the stories about one thing, for a reader whose browser runs no
    script (the filters need one): every principle, challenge and perspective, and each
    principle-and-challenge cell of the matrix that has stories, grouped by principle."""
    def term_links(terms, by) -> list[Link]:
        return [(term_src(t), t.title, len(by[t.id])) for t in terms.values()]

    cells = []
    for p in archive.principles.values():
        row = [(cell_src(p.id, c.id), c.title, len(archive.matrix[(p.id, c.id)]))
               for c in archive.challenges.values() if archive.matrix.get((p.id, c.id))]
        if row:
            cells.append((p.title, row))
    return {
        "principles": term_links(archive.principles, archive.by_principle),
        "challenges": term_links(archive.challenges, archive.by_challenge),
        "perspectives": [(f"perspectives/{v}.md", e.label, len(archive.by_perspective[v]))
                         for v, e in archive.perspectives.items()],
        "cells": cells,
    }


def page_context(archive: Archive) -> dict[str, Any]:
    """What templates/finder.html needs. Options no web story uses are left out, except the
    principles and challenges, which are the archive's fixed frame."""
    n = counts(archive)
    return {
        "ways": ways_in(archive),
        "stories": archive.web,
        "counts": n,
        "principles": {t.id: t.title for t in archive.principles.values()},
        "challenges": {t.id: t.title for t in archive.challenges.values()},
        "perspectives": {v.id: v.label for v in archive.perspectives.values()
                         if v.id in n["perspective"]},
        "notes": {v.id: v.label for v in archive.content_notes.values() if v.id in n["exclude"]},
        "places": places(archive),
        "years": years(archive),
    }
