"""The content model: plain frozen dataclasses, shared by the checker, indexes and renderer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PUBLISHED = "published"
WORDS_A_MINUTE = 200  # a slow reading pace, for the reading time a story page shows
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class VocabEntry:
    id: str
    label: str
    summary: str


@dataclass(frozen=True)
class Term:
    """A principle or a challenge."""

    kind: str  # "principle" or "challenge"
    id: str
    title: str
    order: int
    summary: str
    questions: tuple[str, ...]
    body: str  # Markdown
    path: str

    @property
    def section(self) -> str:
        return self.kind + "s"


@dataclass(frozen=True)
class Consent:
    date: dt.date
    scope: tuple[str, ...]
    review: dt.date | None = None


@dataclass(frozen=True)
class Update:
    """What happened next, after the story was told: a dated note below it (Markdown text)."""

    date: dt.date
    text: str


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    summary: str
    storyteller: str
    perspective: tuple[str, ...]
    principles: tuple[str, ...]
    challenges: tuple[str, ...]
    told: dt.date
    consent: Consent
    body: str  # Markdown, exactly as written
    path: str
    body_line: int = 1  # the file line where the body starts
    place: str = ""
    content_notes: tuple[str, ...] = ()
    status: str = PUBLISHED
    illustrative: bool = False
    lang: str = "en"
    word_count: int = 0
    aliases: tuple[str, ...] = ()  # ids the story had before; their addresses redirect here
    media: str = ""  # a recording in stories/media/, e.g. "media/interview.mp3"
    captions: str = ""  # the recording's WebVTT captions in stories/media/ (core/media.py)
    # From the keepers' private folder (`voices print` only): never on the web, whatever its scope.
    private: bool = False
    updates: tuple[Update, ...] = ()  # newest first
    easy_read_of: str = ""  # the id of the story this one retells in easy read
    translation_of: str = ""  # the id of the story this one translates (into `lang`)
    # The glossary entries whose words its text uses (ids, in the glossary's order): found
    # while the file is read, in the reading workers, as word_count is.
    glossary_words: tuple[str, ...] = ()

    @property
    def last_updated(self) -> dt.date | None:
        return self.updates[0].date if self.updates else None

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(f"principle:{p}" for p in self.principles) + tuple(
            f"challenge:{c}" for c in self.challenges
        )

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_A_MINUTE))


@dataclass(frozen=True)
class GlossaryEntry:
    """A word from the field explained in plain words (stories/_glossary.yml, core/glossary.py)."""

    id: str
    term: str  # as usually written, e.g. "Terms of reference"
    meaning: str  # one or two plain sentences
    also: tuple[str, ...] = ()  # other spellings, longer forms and abbreviations, e.g. ("ToR",)

    @property
    def words(self) -> tuple[str, ...]:
        return (self.term, *self.also)


@dataclass
class Archive:
    """Everything loaded from an archive folder, with its cross-indexes."""

    root: str
    principles: dict[str, Term]
    challenges: dict[str, Term]
    perspectives: dict[str, VocabEntry]
    content_notes: dict[str, VocabEntry]
    stories: dict[str, Story]  # every valid story, sorted by id, whatever its status
    web: list[Story] = field(default_factory=list)  # published on the web, newest first
    print: list[Story] = field(default_factory=list)  # may appear in guides and PDFs
    by_principle: dict[str, list[Story]] = field(default_factory=dict)
    by_challenge: dict[str, list[Story]] = field(default_factory=dict)
    by_perspective: dict[str, list[Story]] = field(default_factory=dict)
    matrix: dict[tuple[str, str], list[Story]] = field(default_factory=dict)
    related: dict[str, list[Story]] = field(default_factory=dict)
    # Easy-read companions on the web: an original's id -> its companion's id, and back.
    easy_read: dict[str, str] = field(default_factory=dict)
    # Translations on the web: a story's id -> the (lang, id) of the others in its family (the
    # story it translates, or its translations, and theirs), the original first, then A to Z.
    translations: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    private_root: str = ""  # the keepers' private stories folder, when it was loaded
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)  # by id, A to Z

    def terms(self, kind: str) -> dict[str, Term]:
        return self.principles if kind == "principle" else self.challenges

    def stories_for(self, term: Term) -> list[Story]:
        index = self.by_principle if term.kind == "principle" else self.by_challenge
        return index.get(term.id, [])
