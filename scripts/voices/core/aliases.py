"""Old addresses of renamed stories: a story's `aliases` lists the ids it had before. This module
checks them (site/redirects.py writes the page at each old address)."""

from __future__ import annotations

from pathlib import Path

from voices.core.frontmatter import parse_file
from voices.core.model import Story
from voices.core.problems import ERROR, Problem
from voices.core.schema import ID_RE

# Folders and pages under stories/ that an old id must never stand in for.
RESERVED = frozenset({"index", "images", "media"})


def check_clashes(root: Path, stories: dict[str, Story], file_ids: set[str]) -> list[Problem]:
    """Aliases must not be the id of any story file (published or withdrawn: a withdrawn story's
    address must not come back to life as a redirect) nor another story's alias."""
    problems: list[Problem] = []
    owner: dict[str, Story] = {}
    for story in sorted(stories.values(), key=lambda s: s.path):
        for i, old in enumerate(story.aliases):
            if old in file_ids:
                message = (f"The alias '{old}' is the id of the story file stories/{old}.md, so "
                           "it cannot also be an old address of this story.")
                hint = "Remove the alias, or rename one of the stories."
            elif old in owner:
                message = (f"The alias '{old}' is already an alias of {owner[old].path}; an old "
                           "address can lead to one story only.")
                hint = "Keep the alias in one of the two stories only."
            else:
                owner[old] = story
                continue
            line, col = _position(root, story, i)
            problems.append(Problem(story.path, line, col, ERROR, "alias-clash", message, hint))
    return problems


def check_syntax(parsed, aliases: tuple[str, ...], story_id: str) -> None:
    """Each alias must be a valid story id, not the story's own, not reserved."""
    for i, old in enumerate(aliases):
        where = ("aliases", i)
        if not ID_RE.match(old):
            parsed.problem(where, "bad-alias", f"The alias '{old}' is not a valid story id.",
                           "An alias is the story's old file name without '.md': lowercase "
                           "letters, digits and hyphens, e.g. 'my-old-title'.")
        elif old == story_id:
            parsed.problem(where, "bad-alias", f"The alias '{old}' is this story's own id.",
                           "List only the ids the story had before it was renamed.")
        elif old in RESERVED:
            parsed.problem(where, "bad-alias", f"The alias '{old}' is reserved for the site.",
                           "Remove it: stories/" + old + "/ is not a story address.")


def _position(root: Path, story: Story, i: int) -> tuple[int, int]:
    # Clashes are rare: read the file again for the item's line rather than keep every position.
    parsed = parse_file(root, root / story.path)
    return parsed.at("aliases", i)
