"""Stories as the list pages see them, their cards: what a list shows of a story, and nothing
of what only its own page shows, so an edit there renders no list again."""

from __future__ import annotations

import dataclasses

from voices.core.model import WORDS_A_MINUTE, Archive, Story


def card_of(story: Story) -> Story:
    """A story as the list pages see it: without its text (a list shows titles, tellers and
    summaries), so an edit to a story's text changes none of them (unless it changes the reading
    time). The reading time stays (a list may show it); the exact number of words and the
    glossary words the text uses do not. Of the updates, a list shows the newest one's date."""
    return dataclasses.replace(story, body="", word_count=story.reading_minutes * WORDS_A_MINUTE,
                               glossary_words=(), updates=tuple(dataclasses.replace(u, text="")
                                                                for u in story.updates[:1]))


def cards_archive(archive: Archive, cards: dict[str, Story]) -> Archive:
    """The archive as the list pages see it: every story as its card (card_of)."""

    def each(stories: list[Story]) -> list[Story]:
        return [cards[s.id] for s in stories]

    def every(lists: dict) -> dict:
        return {key: each(stories) for key, stories in lists.items()}

    return dataclasses.replace(
        archive, stories=cards, web=each(archive.web), print=each(archive.print),
        by_principle=every(archive.by_principle), by_challenge=every(archive.by_challenge),
        by_perspective=every(archive.by_perspective), matrix=every(archive.matrix),
        related=every(archive.related),
        glossary={})  # shown by its own page and the pages that use its words: never by a list
