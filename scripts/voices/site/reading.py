"""Reading level in plain words, from the Flesch reading-ease score.

Syllables are estimated with a small rule of thumb rather than a pronunciation dictionary, so
nothing is downloaded at build time (textstat from 0.7.9 fetches one at run time, which fails
offline). The estimate is rough, which is why readers see a band in words, never a number.
Flesch's formula is for English, so other languages get no level rather than a wrong one.
"""

from __future__ import annotations

import functools
import re

from voices.site.i18n import N_

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n\s*\n")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
# (lowest score, words shown to readers), highest band first.
# In the catalogue (site/i18n.py): a page shows a band's words translated, _(level) in story.html.
BANDS = (
    (90.0, N_("Very easy to read")),
    (80.0, N_("Easy to read")),
    (65.0, N_("Fairly easy to read")),
    (50.0, N_("Needs some concentration")),
    (30.0, N_("Hard to read in places")),
    (float("-inf"), N_("Hard to read")),
)


@functools.lru_cache(maxsize=1 << 16)  # speed only: a story's words are mostly everyday ones
def syllables(word: str) -> int:
    """Vowel groups, less a silent final e, at least one: right for most everyday words."""
    w = word.lower().replace("'", "")
    count = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def _plain(markdown: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)  # images say nothing to read aloud
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # keep a link's words, not its address
    return re.sub(r"^\s*(?:[-*+>]|\d+\.|#+)\s*", "", text, flags=re.M)


def flesch_reading_ease(text: str) -> float | None:
    """The Flesch score of some Markdown, or None when there are no words to score."""
    plain = _plain(text)
    words = _WORD.findall(plain)
    if not words:
        return None
    sentences = max(1, len([s for s in _SENTENCE_END.split(plain) if _WORD.search(s)]))
    total = sum(map(syllables, words))  # cached: each distinct word is counted once
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (total / len(words))


def reading_level(text: str, lang: str = "en") -> str:
    """"Easy to read" and the like, or "" when no honest answer can be given."""
    if not (lang == "en" or lang.startswith("en-")):
        return ""
    score = flesch_reading_ease(text)
    if score is None:
        return ""
    return next(words for floor, words in BANDS if score >= floor)
