"""Cross-indexes over the stories that consent allows: by term, by perspective, the
principle x challenge matrix, easy-read companions, translations and related stories. Every
step is linear in the number of stories (related stories work on distinct tag sets, of which
there are few, not on pairs of stories)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from voices.core.model import PUBLISHED, Archive, Story
from voices.core.problems import Problem

RELATED = 3


def consented(story: Story, scope: str, today: dt.date) -> bool:
    review = story.consent.review
    return (story.status == PUBLISHED and scope in story.consent.scope
            and not (story.private and scope == "web")
            and (review is None or review >= today))


def build(archive: Archive, today: dt.date, related: bool = True) -> list[Problem]:
    """The cross-indexes; `related`: also each story's related stories, which only its page
    shows (a check needs none of them)."""
    newest_first = sorted(archive.stories.values(), key=lambda s: (s.told, s.id), reverse=True)
    archive.web = [s for s in newest_first if consented(s, "web", today)]
    archive.print = [s for s in newest_first if consented(s, "print", today)]
    archive.by_principle = {t: [] for t in archive.principles}
    archive.by_challenge = {t: [] for t in archive.challenges}
    archive.by_perspective = {t: [] for t in archive.perspectives}
    archive.matrix = {(p, c): [] for p in archive.principles for c in archive.challenges}
    for story in archive.web:
        for p in story.principles:
            archive.by_principle[p].append(story)
        for c in story.challenges:
            archive.by_challenge[c].append(story)
            for p in story.principles:
                archive.matrix[(p, c)].append(story)
        for v in story.perspective:
            archive.by_perspective[v].append(story)
    archive.easy_read = easy_read_pairs(archive.web)
    archive.translations = translation_families(archive.web)
    # A story's easy read and translations are linked at the top of its page: "related" offers
    # others.
    if not related:
        return []
    most = 1 + max(map(len, archive.translations.values()), default=0)
    related = related_stories(archive.web, RELATED + most)
    archive.related = {sid: [r for r in picks if r.id not in companions(archive, sid)][:RELATED]
                       for sid, picks in related.items()}
    return []


def companions(archive: Archive, sid: str) -> set[str]:
    """The ids of a story's easy read (or the story it retells) and its translations' on the
    web: the same story, told another way."""
    return {archive.easy_read.get(sid, "")} | {t for _, t in archive.translations.get(sid, ())}


def easy_read_pairs(stories: list[Story]) -> dict[str, str]:
    """Each easy read on the web and the story it retells, when that is on the web too: both
    ways (original id -> companion id, companion id -> original id). The checker refuses chains
    and second companions (companions.py); should one slip through, the first by path wins."""
    on_web = {s.id: s for s in stories}
    pairs: dict[str, str] = {}
    for story in sorted(stories, key=lambda s: s.path):
        original = on_web.get(story.easy_read_of)
        if (original is not None and not original.easy_read_of and original.id not in pairs
                and story.id not in pairs):
            pairs[original.id], pairs[story.id] = story.id, original.id
    return pairs


def translation_families(stories: list[Story]) -> dict[str, list[tuple[str, str]]]:
    """Each story on the web that has translations on the web, or is one: its id -> the
    (lang, id) of the others of its family (the story first written, then its translations by
    language), so each page links to the others both ways. The checker refuses chains, and two
    translations of a story into one language (companions.py); should one slip through, the
    first by path wins."""
    on_web = {s.id: s for s in stories}
    families: dict[str, dict[str, Story]] = {}  # the original's id -> lang -> story
    for story in sorted(stories, key=lambda s: s.path):
        original = on_web.get(story.translation_of)
        if original is None or original.translation_of or original.lang == story.lang:
            continue
        family = families.setdefault(original.id, {original.lang: original})
        family.setdefault(story.lang, story)
    out: dict[str, list[tuple[str, str]]] = {}
    for oid, family in families.items():
        members = sorted(family.values(), key=lambda s: (s.id != oid, s.lang))
        for story in members:
            out[story.id] = [(s.lang, s.id) for s in members if s is not story]
    return out


def co_occurrence(stories: list[Story], attr: str) -> list[tuple[str, int]]:
    """How often each principle (or challenge) appears among these stories, most first."""
    counts: dict[str, int] = defaultdict(int)
    for story in stories:
        for tag in getattr(story, attr):
            counts[tag] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def related_stories(stories: list[Story], k: int = RELATED) -> dict[str, list[Story]]:
    """For each story, the k stories sharing most tags with it (newest first among equals).

    Stories are grouped by their exact tag set; scores are computed between groups, so the cost
    grows with the number of distinct tag sets squared, which stays small whatever the archive.
    """
    groups: dict[frozenset[str], list[Story]] = defaultdict(list)
    for story in stories:  # already newest first
        groups[frozenset(story.tags)].append(story)
    keys = sorted(groups, key=lambda g: sorted(g))
    # Speed only: each tag set as bits, so a score is one AND and a bit count, and the groups of
    # one score are found in order by list.index (in C) instead of sorting every group each time.
    bit = {tag: 1 << i for i, tag in enumerate(sorted({t for key in keys for t in key}))}
    masks = [sum(bit[t] for t in key) for key in keys]
    members = [groups[key] for key in keys]
    result: dict[str, list[Story]] = {}
    for key, mask in zip(keys, masks):
        scores = [(mask & m).bit_count() for m in masks]
        for story in groups[key]:
            picks: list[Story] = []
            for score in range(len(key), 0, -1):  # most shared tags first, then in keys order
                j = -1
                while len(picks) < k:
                    try:
                        j = scores.index(score, j + 1)
                    except ValueError:
                        break
                    for candidate in members[j]:
                        if candidate is not story:
                            picks.append(candidate)
                            if len(picks) == k:
                                break
                if len(picks) == k:
                    break
            result[story.id] = picks
    return result
