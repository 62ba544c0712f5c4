"""load_archive(root): read every content file once, check it, and build the cross-indexes.

This is where a story is loaded (frontmatter.py), checked (schema.py, body.py) and indexed
(index.py). Renderers and the CLI only ever see the resulting Archive and Problems.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from voices.core import aliases, companions, index, media, parallel, reads
from voices.core.body import check_body, check_markdown_field, check_text_fields
from voices.core.frontmatter import ParsedFile, parse_file
from voices.core.glossary import load_glossary, matcher
from voices.core.guides import check_guides
from voices.core.resources import check_resources
from voices.core.support import check_support
from voices.core.model import WITHDRAWN, Archive, Consent, Story, Term, Update, VocabEntry
from voices.core.problems import ERROR, NOTICE, WARNING, Problem, sort_problems
from voices.core.schema import (
    ID_RE,
    SCOPES,
    STATUSES,
    STORY_FIELDS,
    TERM_FIELDS,
    title_key,
    validate,
)

VOCAB_FILE = "stories/_vocabularies.yml"
REVIEW_NOTICE_DAYS = 30


@dataclass
class Loaded:
    archive: Archive
    problems: list[Problem]
    files_checked: int

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)


def load_archive(root: str | Path, today: dt.date | None = None,
                 bodies: bool = True, private: str | Path | None = None,
                 kept: reads.Reads | None = None) -> Loaded:
    """Load, check and index the archive. bodies=False leaves the stories' text out of the
    result (`voices check` needs only the problems): the worker processes that read the files
    then send back a fraction of the data, which is a tenth of a large archive's check.

    private: the keepers' folder of stories shared for print only, kept outside the repository
    (`voices print` reads it; the site never does). Its stories are never on the web.
    kept: the stories read by the last load in this process (under serve), reused if unchanged."""
    root = Path(root)
    today = today or dt.date.today()
    problems: list[Problem] = []
    perspectives, notes = _load_vocabularies(root, problems)
    principles = _load_terms(root, "principle", problems)
    challenges = _load_terms(root, "challenge", problems)
    vocabs = {"perspectives": perspectives, "content_notes": notes, "principles": principles,
              "challenges": challenges, "scopes": SCOPES, "statuses": STATUSES}
    glossary = load_glossary(root, problems)  # stories/_glossary.yml
    # The words a page links to their meaning: found as each story is read (not by a check).
    words = matcher(tuple(glossary.values())) if bodies and glossary else None
    paths = _content_files(root, "stories", problems)
    jobs = [(root, path, vocabs, today, bodies, False, words) for path in paths]
    if private is not None:
        private = Path(private).resolve()
        if not private.is_dir():
            problems.append(Problem(str(private), 0, 0, ERROR, "missing-private-folder",
                                    "The private stories folder does not exist.",
                                    "Check the private_stories setting, or create the folder."))
        else:
            jobs += [(private.parent, path, vocabs, today, bodies, True, words)
                     for path in _content_files(private.parent, private.name, problems)]
    stories: dict[str, Story] = {}
    if kept is not None:
        folders = [root / "stories", *([private] if private and private.is_dir() else [])]
        context = (vocabs, bodies, tuple(reads.beside(f) for f in folders), glossary)
        results = kept.read(jobs, context, lambda todo: parallel.map_chunks(_load_stories, todo))
    else:
        results = parallel.map_chunks(_load_stories, jobs)
    for file_problems, story, _ in results:
        problems += file_problems
        if story is not None and story.id in stories:
            other = stories[story.id].path
            problems.append(Problem(story.path, 0, 0, ERROR, "duplicate-id",
                                    f"The id '{story.id}' is also the id of {other}.",
                                    "Rename one of the two files."))
        elif story is not None:
            stories[story.id] = story
    problems += _duplicate_titles(list(stories.values()))
    problems += aliases.check_clashes(root, stories, {path.stem for path in paths})
    problems += companions.check(root, private, stories, {path.stem: path for path in paths})
    problems += _duplicate_titles(list(principles.values()) + list(challenges.values()))
    archive = Archive(str(root), principles, challenges, perspectives, notes, stories,
                      private_root=str(private or ""))
    problems += index.build(archive, today, related=bodies)
    problems += check_guides(root, archive, today)  # guides name stories: check after indexing
    problems += check_support(root)  # the services listed on the support page
    archive.glossary = glossary
    problems += check_resources(root)  # the further reading page's entries
    files = len(paths) + len(principles) + len(challenges) + 1
    return Loaded(archive, sort_problems(problems), files)


def _load_stories(jobs) -> list[reads.Result]:
    """Read and check stories one by one: each needs no other story (run in worker processes).
    Each gives its problems, its story (None if it has errors or is withdrawn) and the days on
    which the same file gives the same (ParsedFile.days)."""
    out = []
    for root, path, vocabs, today, bodies, private, words in jobs:
        parsed = parse_file(root, path)
        story = _story(parsed, path, vocabs, today) if not parsed.problems else None
        if story is not None and (private or not bodies or words is not None):
            story = dataclasses.replace(
                story, body=story.body if bodies else "", private=private,
                glossary_words=tuple(e.id for e in words.used(story.body)) if words else ())
        out.append((parsed.problems, story, parsed.days))
    return out


def _load_vocabularies(root: Path, problems: list[Problem]):
    path = root / VOCAB_FILE
    parsed = ParsedFile(VOCAB_FILE)
    if not path.is_file():
        parsed.problem((), "missing-vocabularies", "The vocabularies file is missing.",
                       "It lists the allowed perspectives and content notes.")
    else:
        parsed = parse_file(root, path, data_file=True)
    vocabs = []
    for name in ("perspectives", "content_notes"):
        entries = parsed.data.get(name)
        if not isinstance(entries, dict):
            if not parsed.problems:  # a file that could not be read says so once
                parsed.problem((name,), "bad-vocabulary",
                               f"The vocabulary '{name}' is missing or not a mapping.",
                               f"Write '{name}:' then one indented 'id:' per entry.")
            entries = {}
        vocab = {}
        for key, value in sorted(entries.items(), key=lambda kv: str(kv[0])):
            value = value if isinstance(value, dict) else {}
            if not isinstance(key, str) or not ID_RE.match(key):  # ids become page addresses
                parsed.problem((name, key), "bad-vocabulary-id", f"'{key}' is not a valid id.",
                               "Use lowercase letters, digits and hyphens.")
                continue
            vocab[key] = VocabEntry(key, str(value.get("label", key)),
                                    str(value.get("summary", "")))
        vocabs.append(vocab)
    problems += parsed.problems
    return vocabs[0], vocabs[1]


def _content_files(root: Path, folder: str, problems: list[Problem]) -> list[Path]:
    """The .md files of a data folder that are content (not templates), refusing unsafe ones."""
    found = []
    base = root / folder
    for linked in (base, base / "images"):  # a linked folder could publish any file it reaches
        if linked.is_symlink():
            problems.append(Problem(linked.relative_to(root).as_posix(), 0, 0, ERROR, "symlink",
                                    "This folder is a link to another place; it must be a real "
                                    "folder inside the archive.", "Replace the link with a copy."))
            return []
    names = sorted(e.name for e in os.scandir(base) if e.name.endswith(".md")) \
        if base.is_dir() else []
    for path in (base / name for name in names):
        relpath = path.relative_to(root).as_posix()
        if path.name.startswith("_"):
            continue
        if path.is_symlink():
            problems.append(Problem(relpath, 0, 0, ERROR, "symlink",
                                    "Links to other files are not allowed in the archive.",
                                    "Copy the content into a real file instead."))
        elif not ID_RE.match(path.stem):
            slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-story"
            problems.append(Problem(relpath, 0, 0, ERROR, "bad-file-name",
                                    f"'{path.name}' is not a valid file name for {folder}.",
                                    f"Use lowercase letters, digits and hyphens: rename it to "
                                    f"'{slug}.md'."))
        else:
            found.append(path)
    return found


def _load_terms(root: Path, kind: str, problems: list[Problem]) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for path in _content_files(root, kind + "s", problems):
        parsed = parse_file(root, path)
        if not parsed.problems:
            v = validate(parsed, TERM_FIELDS, {}, dt.date.max)
            if not parsed.body.strip():
                parsed.problem((), "empty-body", f"The {kind} has no description.",
                               "Describe it below the closing '---' line.")
            if not parsed.problems:
                terms[path.stem] = Term(kind, path.stem, v["title"], v["order"], v["summary"],
                                        v["questions"], parsed.body, parsed.path)
        problems += parsed.problems
    return dict(sorted(terms.items(), key=lambda kv: (kv[1].order, kv[0])))


def _story(parsed: ParsedFile, path: Path, vocabs: dict, today: dt.date) -> Story | None:
    if parsed.data.get("status") == WITHDRAWN:
        # A withdrawn story keeps only its record; nothing about it is loaded or published.
        if parsed.body.strip():
            parsed.problem(("status",), "withdrawn-has-text",
                           "This story is withdrawn but the file still holds its text.",
                           f"Run 'voices withdraw {path.stem}' to remove it.", severity=WARNING)
        return None
    v = validate(parsed, STORY_FIELDS, vocabs, today)
    if not parsed.data.get("principles") and not parsed.data.get("challenges"):
        parsed.problem((), "no-tags", "The story has no principles and no challenges.",
                       "Add at least one, e.g. 'principles: [give-each-other-respect]'.")
    parsed.problems += check_body(parsed.path, parsed.body, parsed.body_line, path.parent)
    parsed.problems += check_text_fields(parsed)
    aliases.check_syntax(parsed, v["aliases"] or (), path.stem)
    updates = _updates(parsed, v, path.parent)
    media.check(parsed, v["media"], path.parent)
    consent = v["consent"] or {}
    review = consent.get("review")
    if review and parsed.reached(today, review.toordinal() + 1):
        parsed.problem(("consent", "review"), "consent-expired",
                       f"Consent had to be renewed by {review.isoformat()}; the story is left out "
                       "of the site and guides until it is.",
                       "Ask the storyteller again, then update consent.date and consent.review.",
                       severity=NOTICE)
    elif review and parsed.reached(today, review.toordinal() - REVIEW_NOTICE_DAYS):
        parsed.problem(("consent", "review"), "consent-review-soon",
                       f"Consent must be renewed by {review.isoformat()}.",
                       "Ask the storyteller again before then.", severity=NOTICE)
    if any(p.severity == ERROR for p in parsed.problems):
        return None
    return Story(
        id=path.stem, title=v["title"], summary=v["summary"], storyteller=v["storyteller"],
        perspective=v["perspective"], principles=v["principles"] or (),
        challenges=v["challenges"] or (), told=v["told"],
        consent=Consent(consent["date"], consent["scope"], review), body=parsed.body,
        path=parsed.path, body_line=parsed.body_line, place=v["place"] or "",
        content_notes=v["content_notes"] or (), status=v["status"],
        illustrative=v["illustrative"], lang=v["lang"] or "en",
        word_count=len(parsed.body.split()),
        aliases=v["aliases"] or (), media=v["media"] or "",
        captions=v["captions"] or "",
        updates=updates, easy_read_of=v["easy_read_of"] or "",
        translation_of=v["translation_of"] or "",
    )


def _updates(parsed: ParsedFile, v: dict, story_dir: Path) -> tuple[Update, ...]:
    """What happened next, newest first: each text under the body's rules on markup and links,
    each date on or after the day the story was told."""
    found = []
    for i, item in enumerate(v["updates"] or ()):
        date, text = (item["date"], item["text"]) if item else (None, None)  # None: reported
        if text is not None:  # checked as written, so that problems point into it
            parsed.problems += check_markdown_field(parsed, ("updates", i, "text"),
                                                    parsed.data["updates"][i]["text"], story_dir)
        if date is not None and v["told"] and date < v["told"]:
            parsed.problem(("updates", i, "date", "="), "update-before-told",
                           f"The update of {date.isoformat()} is dated before the story was "
                           f"told ({v['told'].isoformat()}).",
                           "An update says what happened after the story: check its date and "
                           "the story's 'told' date.")
        if date is not None and text is not None:
            found.append(Update(date, text))
    return tuple(sorted(found, key=lambda u: u.date, reverse=True))


def _duplicate_titles(items: list) -> list[Problem]:
    seen: dict[str, object] = {}
    problems = []
    for item in sorted(items, key=lambda i: i.path):
        key = title_key(item.title)
        if key in seen:
            problems.append(Problem(item.path, 2, 1, ERROR, "duplicate-title",
                                    f"The title '{item.title}' is already used by "
                                    f"{seen[key].path}.", "Give each one a different title."))
        else:
            seen[key] = item
    return problems
