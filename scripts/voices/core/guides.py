"""Guides to print: content/guides/<id>.md files whose front matter names what a guide holds.

A guide is content, like a story: this module loads guide files, checks every reference they make
(principles, challenges, stories) and returns plain Guide objects. Rendering them (print HTML,
PDFs, the web page's extra block) lives in pdf.py. A guide only ever holds stories whose consent
covers print, is current and not withdrawn: anything else is an error pointing at the guide's line,
but for consent that has lapsed, which leaves the story out with a notice (it happens with time).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from voices.core.frontmatter import ParsedFile, parse_file
from voices.core.index import consented
from voices.core.model import WITHDRAWN, Archive, Story, Term
from voices.core.problems import ERROR, NOTICE, WARNING, Problem, did_you_mean
from voices.core.schema import ID_RE, LANG_RE

GUIDES_DIR = "content/guides"
LAYOUTS = {
    "cards": "one cut-out card per principle and challenge, several to a page",
    "pack": "a session pack: notes and stories, each story starting on a new page",
    "booklet": "a short booklet that flows from page to page",
}
# The parts a guide can hold; they print in the order the front matter lists them.
PARTS = ("notes", "principles", "challenges", "stories", "questions")
# Stories from the keepers' private folder (`voices print --private`): named apart, because the
# site's build cannot see that folder and must still know the ids are no mistake.
PRIVATE = "private_stories"
FIELDS = ("title", "summary", "layout", "lang") + PARTS + (PRIVATE,)


@dataclass(frozen=True)
class GuideStory:
    story: Story
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    summary: str
    layout: str
    lang: str
    intro: str  # Markdown: the file's body
    parts: tuple[tuple[str, object], ...]  # (part name, value) in the order written
    path: str
    print_only: int = 0  # stories the web edition leaves out: their tellers agreed to print only

    @property
    def src(self) -> str:
        """The page's path inside the docs folder, as MkDocs names it."""
        return f"guides/{self.id}.md"

    def part(self, name: str):
        return dict(self.parts).get(name)

    def web_edition(self, on_web: set[str]) -> Guide:
        """The guide as the site publishes it (its page, print page and PDFs): without the
        stories shared for print only, which are counted so the page can say a printed edition
        holds more. Nothing else about them (not even a title) may reach the site."""
        stories = self.part("stories") or ()
        kept = tuple(gs for gs in stories if gs.story.id in on_web)
        if len(kept) == len(stories):
            return self
        parts = tuple((name, kept if name == "stories" else value) for name, value in self.parts
                      if name != "stories" or kept)
        return dataclasses.replace(self, parts=parts, print_only=len(stories) - len(kept))


def guide_files(root: Path) -> list[Path]:
    base = root / GUIDES_DIR
    if not base.is_dir():
        return []
    # index.md is the page listing the guides, not a guide; _name.md files are drafts;
    # my-pack.md is the page where readers build their own pack in the browser (pack.js).
    return [p for p in sorted(base.glob("*.md"))
            if p.name not in ("index.md", "my-pack.md") and not p.name.startswith("_")
            and not p.is_symlink()]


def load_guides(root: str | Path, archive: Archive,
                today: dt.date | None = None) -> tuple[list[Guide], list[Problem]]:
    root = Path(root)
    today = today or dt.date.today()
    guides, problems = [], []
    for path in guide_files(root):
        parsed = parse_file(root, path)
        guide = _guide(root, parsed, path, archive, today) if not parsed.problems else None
        problems += parsed.problems
        if guide is not None:
            guides.append(guide)
    return guides, problems


def check_guides(root: str | Path, archive: Archive, today: dt.date | None = None) -> list[Problem]:
    return load_guides(root, archive, today)[1]


def _guide(root: Path, parsed: ParsedFile, path: Path, archive: Archive,
           today: dt.date) -> Guide | None:
    data = parsed.data
    if not ID_RE.match(path.stem):
        parsed.problem((), "bad-file-name", f"'{path.name}' is not a valid file name for a guide.",
                       "Use lowercase letters, digits and hyphens.")
    for key in data:
        if key not in FIELDS:
            parsed.problem((key,), "unknown-field", f"A guide has no field '{key}'.",
                           did_you_mean(str(key), FIELDS) + "Guide fields: " + ", ".join(FIELDS)
                           + ".", severity=WARNING)
    title = _text(parsed, "title", required=True)
    summary = _text(parsed, "summary")
    layout = data.get("layout", "booklet")
    if layout not in LAYOUTS:
        parsed.problem(("layout",), "unknown-layout", f"Unknown guide layout '{layout}'.",
                       did_you_mean(layout, LAYOUTS) + "Choose one of: " + ", ".join(LAYOUTS) + ".")
    lang = str(data.get("lang", "en"))
    if not LANG_RE.match(lang):
        parsed.problem(("lang",), "bad-lang", f"'{lang}' is not a language code.",
                       "Use a code such as en or cy.")
    parts: list[tuple[str, object]] = []
    for name in [k for k in data if k in PARTS]:
        value = {"notes": _notes, "principles": _terms, "challenges": _terms,
                 "stories": _stories, "questions": _questions}[name](parsed, name, archive, root,
                                                                      today)
        if value:
            parts.append((name, value))
    unseen = 0
    if PRIVATE in data:
        parts, unseen = _with_private(parsed, parts, archive, root, today)
    if not parts and not unseen and not parsed.body.strip():
        parsed.problem((), "empty-guide", "This guide holds nothing.",
                       "Name some principles, challenges or stories, or write an introduction.")
    if any(p.severity == ERROR for p in parsed.problems):
        return None
    return Guide(path.stem, title, summary, layout, lang, parsed.body, tuple(parts), parsed.path,
                 print_only=unseen)


def _with_private(parsed: ParsedFile, parts: list, archive: Archive, root: Path,
                  today: dt.date) -> tuple[list, int]:
    """The guide's parts with its private stories added to its stories, when the private folder
    was loaded; otherwise the parts as they are and how many private stories the guide names."""
    if not archive.private_root:
        ids = _list(parsed, PRIVATE)
        for i, item in enumerate(ids):
            sid = item.get("id") if isinstance(item, dict) else item
            if not isinstance(sid, str) or not ID_RE.match(sid):
                parsed.problem((PRIVATE, i), "bad-story-id", f"'{sid}' is not a story id.",
                               "Name the file in the private folder without '.md'.")
        return parts, len(ids)
    found = _stories(parsed, PRIVATE, archive, root, today)
    for gs in found:
        if not gs.story.private:
            parsed.problem((PRIVATE,), "not-private",
                           f"The story '{gs.story.id}' is in stories/, not in the private folder.",
                           "List it under 'stories:' instead.")
    named = dict(parts)
    named["stories"] = tuple(named.get("stories") or ()) + found
    if not any(name == "stories" for name, _ in parts):
        parts = parts + [("stories", ())]
    return [(name, named[name]) for name, _ in parts], 0


def _text(parsed: ParsedFile, key: str, required: bool = False) -> str:
    value = parsed.data.get(key)
    if value is None:
        if required:
            parsed.problem((), f"missing-{key}", f"The guide has no {key}.",
                           f"Add a line '{key}: ...' to the front matter.")
        return ""
    if not isinstance(value, str) or not value.strip():
        parsed.problem((key,), "bad-value", f"The guide's {key} must be some text.",
                       "Put the value in quotes if YAML reads it as something else.")
        return ""
    return value.strip()


def _notes(parsed: ParsedFile, key: str, *_) -> str:
    return _text(parsed, key)


def _list(parsed: ParsedFile, key: str) -> list:
    value = parsed.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        parsed.problem((key,), "not-a-list", f"'{key}' must be a list.",
                       f"Write '{key}: [first, second]' or one '- item' per line.")
        return []
    return value


def _terms(parsed: ParsedFile, key: str, archive: Archive, *_) -> tuple[Term, ...]:
    known = archive.principles if key == "principles" else archive.challenges
    if parsed.data.get(key) == "all":
        return tuple(known.values())
    out = []
    for i, item in enumerate(_list(parsed, key)):
        if item in known:
            out.append(known[item])
        else:
            kind = key[:-1]
            parsed.problem((key, i), f"unknown-{kind}", f"Unknown {kind} '{item}'.",
                           did_you_mean(item, known) + f"{key.capitalize()} are the files in "
                           f"{key}/; or write '{key}: all'.")
    return tuple(out)


def _questions(parsed: ParsedFile, key: str, *_) -> tuple[str, ...]:
    out = []
    for i, item in enumerate(_list(parsed, key)):
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
        else:
            parsed.problem((key, i), "bad-question", "Each question must be some text.",
                           "Put the question in quotes if it contains a colon.")
    return tuple(out)


def _stories(parsed: ParsedFile, key: str, archive: Archive, root: Path,
             today: dt.date) -> tuple[GuideStory, ...]:
    out = []
    for i, item in enumerate(_list(parsed, key)):
        where: tuple = (key, i)
        questions: tuple[str, ...] | None = None
        if isinstance(item, dict):  # {id: ..., questions: [...]}
            sid, where = item.get("id"), (key, i, "id")
            if "questions" in item:
                qs = item["questions"]
                questions = tuple(q.strip() for q in qs if isinstance(q, str) and q.strip()) \
                    if isinstance(qs, list) else ()
                if not questions:
                    parsed.problem((key, i, "questions"), "bad-question",
                                   "A story's questions must be a list of text.")
        else:
            sid = item
        story = _printable(parsed, where, sid, archive, root, today)
        if story is not None:
            out.append(GuideStory(story, questions or default_questions(story, archive)))
    return tuple(out)


def default_questions(story: Story, archive: Archive) -> tuple[str, ...]:
    """When a guide names no questions for a story: the first question of each principle and
    challenge it speaks to, so a group always has something to start from."""
    terms = [archive.principles[p] for p in story.principles if p in archive.principles]
    terms += [archive.challenges[c] for c in story.challenges if c in archive.challenges]
    return tuple(t.questions[0] for t in terms if t.questions)


def _printable(parsed: ParsedFile, where: tuple, sid: object, archive: Archive, root: Path,
               today: dt.date) -> Story | None:
    """The story with this id if a guide may print it; otherwise an error at `where`."""
    story = archive.stories.get(sid) if isinstance(sid, str) else None
    if story is None:
        path = root / "stories" / f"{sid}.md"
        if isinstance(sid, str) and ID_RE.match(sid) and path.is_file():
            withdrawn = parse_file(root, path).data.get("status") == WITHDRAWN
            parsed.problem(where, "story-withdrawn" if withdrawn else "story-has-errors",
                           f"The story '{sid}' was withdrawn; a guide may not print it."
                           if withdrawn else f"The story '{sid}' has errors of its own.",
                           "Remove it from the guide's stories." if withdrawn
                           else f"Run 'voices check stories/{sid}.md', or remove it here.")
        else:
            parsed.problem(where, "unknown-story", f"Unknown story '{sid}'.",
                           did_you_mean(sid, archive.stories)
                           + "Stories are the files in stories/, named without '.md'.")
        return None
    if "print" not in story.consent.scope:
        parsed.problem(where, "story-not-for-print",
                       f"The storyteller of '{story.id}' agreed to the web only, not to print.",
                       "Choose another story, or ask the storyteller and add print to "
                       "consent.scope.")
    elif not consented(story, "print", today):
        # Consent lapses with time, not with a push: the guide goes on without the story (and
        # the build with it), and the keepers are told.
        review = story.consent.review
        parsed.problem(where, "consent-expired",
                       f"Consent for the story '{story.id}' has expired (it had to be renewed by "
                       f"{review.isoformat() if review else 'now'}); the guide leaves it out.",
                       "Ask the storyteller again, or choose another story.", severity=NOTICE)
    else:
        return story
    return None
