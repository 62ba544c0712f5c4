"""Easy-read companions: a story file may retell another story in easy read, naming it in
`easy_read_of`. This module checks those names once every story is loaded (archive.py);
index.py pairs the companions that are on the web, and both story pages link to each other.
Nothing is inherited: each file has its own consent, storyteller and status."""

from __future__ import annotations

from pathlib import Path

from voices.core.frontmatter import parse_file
from voices.core.model import WITHDRAWN, Story
from voices.core.problems import Problem, did_you_mean

_NAME_IT = "Name the full story: its file name in stories/, without .md."


def check(root: Path, private: Path | None, stories: dict[str, Story],
          files: dict[str, Path]) -> list[Problem]:
    """The story an easy read retells must exist, not be withdrawn, not be an easy read itself
    and have no other easy read (the second file, in path order, is the one reported). A story
    with a problem here is an error like any other: it is taken out of `stories`. Problems are
    rare: only then is a file read again, to point at its line."""
    problems: list[Problem] = []
    refused: list[str] = []
    taken: dict[str, Story] = {}
    for story in sorted(stories.values(), key=lambda s: (s.private, s.path)):
        of = story.easy_read_of
        original, path = stories.get(of), files.get(of)
        if not of:
            continue
        if of == story.id:
            found = ("easy-read-self", "A story cannot be its own easy read.", _NAME_IT)
        elif original is None and path is not None:
            if parse_file(root, path).data.get("status") != WITHDRAWN:
                continue  # the original has problems of its own, reported at its file
            found = ("easy-read-withdrawn", f"The story '{of}' that this easy read retells has "
                     "been withdrawn, so its easy read cannot be published either.",
                     f"Withdraw this one too: voices withdraw {story.id}.")
        elif original is None:
            close = did_you_mean(of, set(stories) - {story.id})
            found = ("easy-read-unknown", f"The story '{of}' that this easy read retells does "
                     "not exist.", close[:1].upper() + close[1:] + _NAME_IT)
        elif original.easy_read_of:
            found = ("easy-read-chain", f"The story '{of}' is itself an easy read (of "
                     f"'{original.easy_read_of}').", "Name the full story it retells instead.")
        elif of in taken:
            found = ("easy-read-twice", f"The story '{of}' already has an easy read: "
                     f"{taken[of].path}.", "Keep one easy read for each story: remove "
                     "easy_read_of from one of the two, or join them.")
        else:
            taken[of] = story
            continue
        base = private.parent if story.private and private else root
        parsed = parse_file(base, base / story.path)
        parsed.problem(("easy_read_of", "="), *found)
        problems += parsed.problems
        refused.append(story.id)
    for sid in refused:
        del stories[sid]
    return problems
