"""Companion stories: a story file may retell another in easy read (`easy_read_of`) or translate
it (`translation_of`), naming the other story's id. This module checks both kinds of name, with
the same rules, once every story is loaded (archive.py); index.py links the companions that are
on the web, and their pages link to each other. Nothing is inherited: each file has its own
consent, storyteller and status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from voices.core.frontmatter import parse_file
from voices.core.model import WITHDRAWN, Story
from voices.core.problems import Problem, did_you_mean

Found = tuple[str, str, str]  # rule, message, hint


@dataclass(frozen=True)
class Link:
    """One kind of name a story gives another, and the words its problems are reported in."""

    field: str  # the front-matter field, e.g. "easy_read_of"
    rule: str  # the problems' rule prefix, e.g. "easy-read"
    noun: str  # "an easy read": what the naming story is
    does: str  # "retells": what it does to the story it names
    name_it: str  # the hint when the name is wrong
    chain_hint: str  # when the named story names another in turn ({root}: that one)
    # One original may have one companion per slot: the slot's words ("" or " into 'cy'")...
    slot: Callable[[Story], str]
    twice_hint: str  # ...and the hint when a slot is taken twice
    # Anything else wrong between a companion and its original, or None.
    pair: Callable[[Story, Story], Found | None] = lambda story, original: None

    @property
    def bare(self) -> str:  # "easy read", without its article
        return self.noun.split(" ", 1)[1]


def _same_language(story: Story, original: Story) -> Found | None:
    if story.lang != original.lang:
        return None
    return ("translation-same-lang", f"This translation and the story '{original.id}' it "
            f"translates are both in the language '{story.lang}'.", "Set this file's lang to "
            "the language it is written in (e.g. lang: cy), or remove translation_of.")


EASY_READ = Link(
    "easy_read_of", "easy-read", "an easy read", "retells",
    "Name the full story: its file name in stories/, without .md.",
    "Name the full story it retells instead.",
    lambda story: "", "Keep one easy read for each story: remove easy_read_of from one of the "
    "two, or join them.")
TRANSLATION = Link(
    "translation_of", "translation", "a translation", "translates",
    "Name the story it translates: its file name in stories/, without .md.",
    "Name the story it was first written as instead: translation_of: {root}.",
    lambda story: f" into '{story.lang}'", "Keep one translation into each language: remove "
    "translation_of from one of the two, or join them.", _same_language)
LINKS = (EASY_READ, TRANSLATION)


def check(root: Path, private: Path | None, stories: dict[str, Story],
          files: dict[str, Path]) -> list[Problem]:
    """Each kind of link in turn (link_problems): the stories refused by one are gone for the
    next."""
    return [p for link in LINKS for p in link_problems(link, root, private, stories, files)]


def link_problems(link: Link, root: Path, private: Path | None, stories: dict[str, Story],
                  files: dict[str, Path]) -> list[Problem]:
    """The story a companion names must exist, not be withdrawn, not be a companion of the same
    kind itself, and have no other companion in the same slot (the second file, in path order,
    is the one reported), nor anything else wrong with the pair (Link.pair). A story with a
    problem here is an error like any other: it is taken out of `stories`. Problems are rare:
    only then is a file read again, to point at its line."""
    problems: list[Problem] = []
    refused: list[str] = []
    taken: dict[tuple[str, str], Story] = {}
    for story in sorted(stories.values(), key=lambda s: (s.private, s.path)):
        of = getattr(story, link.field)
        if not of:
            continue
        original, path = stories.get(of), files.get(of)
        slot = (of, link.slot(story))
        if of == story.id:
            found = (f"{link.rule}-self", f"A story cannot be its own {link.bare}.",
                     link.name_it)
        elif original is None and path is not None:
            if parse_file(root, path).data.get("status") != WITHDRAWN:
                continue  # the original has problems of its own, reported at its file
            found = (f"{link.rule}-withdrawn", f"The story '{of}' that this {link.bare} "
                     f"{link.does} has been withdrawn, so its {link.bare} cannot be published "
                     "either.", f"Withdraw this one too: voices withdraw {story.id}.")
        elif original is None:
            close = did_you_mean(of, set(stories) - {story.id})
            found = (f"{link.rule}-unknown", f"The story '{of}' that this {link.bare} "
                     f"{link.does} does not exist.", close[:1].upper() + close[1:] + link.name_it)
        elif root_of := getattr(original, link.field):
            found = (f"{link.rule}-chain", f"The story '{of}' is itself {link.noun} (of "
                     f"'{root_of}').", link.chain_hint.format(root=root_of))
        elif slot in taken:
            found = (f"{link.rule}-twice", f"The story '{of}' already has {link.noun}"
                     f"{slot[1]}: {taken[slot].path}.", link.twice_hint)
        elif (paired := link.pair(story, original)) is not None:
            found = paired
        else:
            taken[slot] = story
            continue
        base = private.parent if story.private and private else root
        parsed = parse_file(base, base / story.path)
        parsed.problem((link.field, "="), *found)
        problems += parsed.problems
        refused.append(story.id)
    for sid in refused:
        del stories[sid]
    return problems
