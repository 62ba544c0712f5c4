"""What readers call the two sets of terms. The content model calls them principles and
challenges (folders principles/ and challenges/, story fields of the same names); an archive
built on another framework names them in mkdocs.yml, and every page, list and PDF follows:

    plugins:
      - voices:
          names:
            principle: [value, values]
            challenge: barrier          # a single word: its plural adds "s"
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from voices.core.problems import VoicesError


@dataclass(frozen=True)
class Names:
    principle: str = "principle"
    principles: str = "principles"
    challenge: str = "challenge"
    challenges: str = "challenges"

    def __str__(self) -> str:  # as `voices init --names` takes them
        return f"{self.principle}/{self.principles},{self.challenge}/{self.challenges}"

    @property
    def own(self) -> bool:
        """True when they are not the content model's principles and challenges."""
        return self != Names()

    def one(self, kind: str) -> str:
        """'principle' or 'challenge' as readers see it, in lower case."""
        return getattr(self, kind)

    def many(self, kind: str) -> str:
        return getattr(self, kind + "s")


def default_names(language: str = "en") -> Names:
    """The names in the site's language, when mkdocs.yml gives none (in lower case)."""
    from voices.site.i18n import translations  # Babel: not for `voices check`, which needs Names

    t = translations(language)
    # Translators: what readers call the two sets of terms, in lower case; pages say "By
    # principle", "Stories about this principle", "These principles help..." with these words.
    return Names(t.gettext("principle"), t.gettext("principles"), t.gettext("challenge"),
                 t.gettext("challenges"))


def names_from(option: object, language: str = "en") -> Names:
    """The `names` option of mkdocs.yml as Names; VoicesError with a hint when malformed. A
    kind it does not name keeps its name in the site's language."""
    if not option:
        return default_names(language)
    if not isinstance(option, dict) or not set(option) <= {"principle", "challenge"}:
        raise VoicesError("The option 'names' must name 'principle' and/or 'challenge'.",
                          "For example: names: {principle: [value, values], "
                          "challenge: [barrier, barriers]}")
    words = {}
    for kind, value in option.items():
        pair = [value, f"{value}s"] if isinstance(value, str) else value
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(w, str) and w.strip() for w in pair)):
            raise VoicesError(f"names.{kind} must be a word, or a list of two: [one, many].",
                              f"For example: {kind}: [value, values]")
        words[kind], words[kind + "s"] = (w.strip().lower() for w in pair)
    return dataclasses.replace(default_names(language), **words)
