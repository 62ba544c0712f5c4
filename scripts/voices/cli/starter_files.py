"""The starter archive `voices init` writes: which files (starter/, shipped with the package), the
${voices_...} placeholders they hold and their values, and writing them without overwriting.

Folders and files whose names start with a dot are stored as dot-<name> (setuptools leaves hidden
files out of a package). Only placeholders are filled in, so the Jinja, MkDocs and GitHub Actions
syntax the files hold stays as it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import voices
from voices.site.names import Names

STARTER = Path(__file__).with_name("starter")
EXAMPLE_TERMS = "example-terms"  # one principle and one challenge, for --example-terms
DOT_PREFIX = "dot-"  # dot-github/ is written as .github/
# Copies of this repository's own files, byte for byte (tests/test_init.py checks that they stay
# so): the booklet's principles and challenges, the vocabularies, the glossary, the story
# template, and the share form, whose HTML the package's share-form.js fills in.
SHARED = ("principles", "challenges", "stories/_vocabularies.yml", "stories/_glossary.yml",
          "stories/_template.md", "content/share-form.md")
EXAMPLE_STORY = "stories/an-example-story.md"
# Shared files whose visible words are changed to the archive's names, when it has its own.
REWORDED = ("content/share-form.md",)
PLACEHOLDER = re.compile(r"\$\{(voices_[A-Za-z_]+)\}")


STORY_TERMS = {False: ("give-each-other-respect", "communication"),
               True: ("example-principle", "example-challenge")}
# A name for a set of terms: letters (any alphabet), with single spaces, hyphens or apostrophes
# between words. Nothing that YAML or Markdown would read as syntax.
# A word of running text, not part of a path, an id or an attribute: what REWORDED files change.
_PROSE = re.compile(r"(?<![\w/=\"'.-])(principle|challenge)(s?)(?![\w/=\"':-]|\.\w)", re.I)


def starter_files(example_terms: bool = False) -> dict[str, Path]:
    """Where each starter file goes in the new archive -> the file in the package."""
    out = {}
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(STARTER).parts)
        if parts[0] == EXAMPLE_TERMS:
            if not example_terms:
                continue
            parts = parts[1:]
        elif example_terms and parts[0] in ("principles", "challenges"):
            continue
        parts = ["." + p.removeprefix(DOT_PREFIX) if p.startswith(DOT_PREFIX) else p
                 for p in parts]
        out["/".join(parts)] = path
    return out


def _yaml(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's too)."""
    return json.dumps(text, ensure_ascii=False)


def names_option(names: Names) -> str:
    """What follows `  - voices` in mkdocs.yml: nothing, or the option `names`."""
    if not names.own:
        return ""

    def pair(one: str, many: str) -> str:
        plain = all(re.fullmatch(r"[a-z]+(?: [a-z]+)*", w) for w in (one, many))
        return f"[{one}, {many}]" if plain else f"[{_yaml(one)}, {_yaml(many)}]"

    return (":\n"
            "      # What readers call the two sets of terms: [one, many]. The folders\n"
            "      # principles/ and challenges/, and the stories' fields, keep their names.\n"
            "      names:\n"
            f"        principle: {pair(names.principle, names.principles)}\n"
            f"        challenge: {pair(names.challenge, names.challenges)}")


def placeholders(a: Answers, spec: str, example_terms: bool) -> dict[str, str]:
    yaml = _yaml
    repo_url = f"https://github.com/{a.repo}"
    feedback = f"{repo_url}/issues/new?labels=feedback&title=Feedback%20on%20the%20stories"
    principle, challenge = STORY_TERMS[example_terms]
    values = {
        "voices_name": a.name, "voices_name_yaml": yaml(a.name),
        "voices_url": a.url, "voices_url_yaml": yaml(a.url),
        "voices_repo": a.repo, "voices_repo_url": repo_url, "voices_repo_url_yaml": yaml(repo_url),
        "voices_email": a.email, "voices_email_yaml": yaml(a.email),
        "voices_feedback_yaml": yaml(feedback),
        "voices_spec_yaml": yaml(spec),
        "voices_spec_make": spec.replace("$", "$$").replace("#", "\\#"),
        "voices_version": voices.__version__,
        "voices_story_principle": principle, "voices_story_challenge": challenge,
        "voices_names_option": names_option(a.names),
    }
    for kind in ("principle", "principles", "challenge", "challenges"):
        word = getattr(a.names, kind)
        values[f"voices_{kind}"] = word
        values[f"voices_{kind.capitalize()}"] = word[:1].upper() + word[1:]
    return values


def render(data: bytes, values: dict[str, str]) -> bytes:
    """The file with its ${voices_...} placeholders filled in; any other byte as it was."""
    if b"${voices_" not in data:
        return data
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], data.decode("utf-8")).encode("utf-8")


def reword(text: str, names: Names) -> str:
    """Running text with the words principle(s) and challenge(s) changed to the archive's
    names, in the same case; paths, ids and attributes (principles/, data-vocab="principles",
    field-principles) stay as they are."""
    def word(m: re.Match) -> str:
        found = m.group(0)
        new = getattr(names, m.group(1).lower() + ("s" if m.group(2) else ""))
        if found.isupper():
            return new.upper()
        return new[:1].upper() + new[1:] if found[:1].isupper() else new

    return _PROSE.sub(word, text)


def write_files(root: Path, files: dict[str, Path], values: dict[str, str],
                names: Names = Names()):
    """Write each file that is not there yet; never replace one. Returns (written, kept)."""
    written, kept = [], []
    for rel, source in files.items():
        dest = root / rel
        if dest.exists() or dest.is_symlink():
            kept.append(rel)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            with dest.open("xb") as out:  # 'x': never overwrite, even in a race
                data = render(source.read_bytes(), values)
                if names.own and rel in REWORDED:
                    data = reword(data.decode("utf-8"), names).encode("utf-8")
                out.write(data)
        except FileExistsError:
            kept.append(rel)
            continue
        written.append(rel)
    return written, kept


# --- the command ------------------------------------------------------------------------------


@dataclass
class Answers:
    name: str
    repo: str
    url: str
    email: str
    defaults: tuple[str, ...]  # the fields left at their example value
    names: Names = Names()
