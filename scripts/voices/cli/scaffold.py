"""`voices new` (scaffold a story file) and `voices withdraw` (empty a story, keep the record)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from voices.core.archive import load_archive
from voices.core.body import PLACEHOLDER
from voices.core.problems import did_you_mean
from voices.core.schema import ID_MAX_LEN, ID_RE, SCOPES, STORY_FIELDS

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_command(sub) -> None:
    new = sub.add_parser("new", help="start a new story file from its title",
                         description="Write stories/<id>.md from the template, asking for each "
                         "field (or taking them from the flags with --no-input). Never "
                         "overwrites a file.")
    new.add_argument("--title", metavar="TEXT", help="the story's title")
    new.add_argument("--summary", metavar="TEXT",
                     help="one or two sentences; left empty for you to write")
    new.add_argument("--id", metavar="ID",
                     help="the file name without .md (default: made from the title)")
    new.add_argument("--storyteller", metavar="NAME",
                     help="a name, a made-up name, or Anonymous (the default)")
    new.add_argument("--perspective", action="append", default=[], metavar="ID",
                     help="where the storyteller speaks from, e.g. lived-experience "
                     "(repeat for more; the ids are in stories/_vocabularies.yml)")
    new.add_argument("--principle", action="append", default=[], metavar="ID",
                     help="a principle the story speaks to: a file name in principles/ "
                     "without .md (repeat for more)")
    new.add_argument("--challenge", action="append", default=[], metavar="ID",
                     help="a challenge the story speaks to: a file name in challenges/ "
                     "without .md (repeat for more)")
    new.add_argument("--content-note", action="append", default=[], dest="content_notes",
                     metavar="ID", help="a hard subject readers may want warning of "
                     "(repeat for more; the ids are in stories/_vocabularies.yml)")
    new.add_argument("--place", default="", metavar="TEXT",
                     help="a town or region, if the storyteller wants one")
    new.add_argument("--told", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                     help="the day the story was told (default: today)")
    new.add_argument("--scope", action="append", default=[], choices=list(SCOPES),
                     help="where the storyteller agreed it may appear: web, print "
                     "(repeat for both)")
    new.add_argument("--no-input", action="store_true", help="never ask; use flags and defaults")
    new.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    new.set_defaults(run=run_new)
    withdraw = sub.add_parser("withdraw", help="withdraw a story: remove its text, keep a record")
    withdraw.add_argument("id", help="the story's id (its file name without .md)")
    withdraw.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    withdraw.set_defaults(run=run_withdraw)


def slugify(title: str) -> str:
    """The id made from a title. share-form.js does the same, so both name a file alike."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:ID_MAX_LEN].strip("-")


class _NoAliasDumper(yaml.SafeDumper):
    # The same date used twice (told, consent.date) would otherwise be written as an anchor
    # and an alias, which the checker refuses in front matter.
    def ignore_aliases(self, data: Any) -> bool:
        return True


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter for a story; PyYAML quotes any value it would otherwise misread."""
    return yaml.dump(data, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=None, width=1000)


def _ask(prompt: str, default: str = "") -> str:
    shown = f" [{default}]" if default else ""
    answer = input(f"{prompt}{shown}: ").strip()
    return answer or default


def _ask_date(prompt: str, default: dt.date, today: dt.date) -> dt.date:
    while True:
        answer = _ask(prompt + " (YYYY-MM-DD)", default.isoformat())
        try:
            value = dt.date.fromisoformat(answer)
        except ValueError:
            print(f"  '{answer}' is not a date. Write it like {today.isoformat()}.")
            continue
        if value > today:
            print("  That date is in the future. Check the year and the month.")
            continue
        return value


def _ask_ids(name: str, vocab: dict[str, str], chosen: list[str], required: bool) -> list[str]:
    print(f"\n{name.capitalize()} to choose from:")
    for key, summary in vocab.items():
        print(f"  {key:36} {summary}")
    while True:
        wanted = "at least one" if required else "or leave empty"
        answer = _ask(f"{name.capitalize()} (ids separated by commas, {wanted})",
                      ", ".join(chosen))
        ids = [i.strip() for i in answer.split(",") if i.strip()]
        unknown = [i for i in ids if i not in vocab]
        if not unknown and (ids or not required):
            return ids
        for i in unknown:
            print(f"  '{i}' is not in the list. {_capital(did_you_mean(i, vocab))}")
        if not ids and required:
            print("  Please choose at least one.")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _vocabs(root: Path) -> dict[str, dict[str, str]]:
    a = load_archive(root).archive
    return {
        "perspective": {k: v.summary for k, v in a.perspectives.items()},
        "principle": {k: v.summary for k, v in a.principles.items()},
        "challenge": {k: v.summary for k, v in a.challenges.items()},
        "content note": {k: v.summary for k, v in a.content_notes.items()},
    }


def _interview(args: argparse.Namespace, vocabs: dict, chosen: dict, today: dt.date) -> None:
    """Ask for each field in turn, showing what is already set as the default."""
    print("Starting a new story. Press Enter to keep the value in [brackets].\n")
    while not args.title:
        args.title = _ask("Title of the story", args.title or "")
    args.summary = _ask("Summary: one or two sentences on what it is about (you can add it "
                        "later)", args.summary or "")
    args.storyteller = _ask("Storyteller (a name, a made-up name, or Anonymous)",
                            args.storyteller or "Anonymous")
    args.place = _ask("Place, such as a town or region (optional)", args.place)
    args.told = _ask_date("Date the story was told", args.told or today, today)
    for name in chosen:
        chosen[name] = _ask_ids(name + "s", vocabs[name], chosen[name], name == "perspective")
    scope = _ask("Where may it appear: web, print, or web, print", ", ".join(args.scope)
                 or "web, print")
    args.scope = [s.strip() for s in scope.split(",") if s.strip() in SCOPES] or ["web", "print"]


def run_new(args: argparse.Namespace, root: Path) -> int:
    vocabs = _vocabs(root)
    chosen = {"perspective": args.perspective, "principle": args.principle,
              "challenge": args.challenge, "content note": args.content_notes}
    today = args.today or dt.date.today()
    if not args.no_input and sys.stdin.isatty():
        try:
            _interview(args, vocabs, chosen, today)
        except (EOFError, KeyboardInterrupt):
            print("\nvoices new: stopped; nothing was written.", file=sys.stderr)
            return EXIT_USAGE
    problems = []
    if not args.title:
        problems.append("a title is needed.\n  hint: add --title \"...\"")
    for name, ids in chosen.items():
        for i in ids:
            if i not in vocabs[name]:
                problems.append(f"the {name} '{i}' does not exist.\n  hint: "
                                f"{_capital(did_you_mean(i, vocabs[name]))}"
                                f"Known: {', '.join(vocabs[name])}.")
    story_id = args.id or slugify(args.title or "")
    if args.title and not ID_RE.match(story_id):
        problems.append(f"'{story_id}' cannot be a file name.\n  hint: give --id with lowercase "
                        "letters, digits and hyphens, such as --id my-story.")
    told = args.told or today
    if told > today:
        problems.append(f"the date told, {told.isoformat()}, is in the future.")
    max_len = {name: STORY_FIELDS[name].max_len for name in ("title", "summary", "storyteller")}
    for name, limit in max_len.items():
        value = getattr(args, name) or ""
        if len(value) > limit:
            problems.append(f"the {name} is {len(value)} characters long; the most is {limit}.")
    if problems:
        for p in problems:
            print(f"voices new: error: {p}", file=sys.stderr)
        return EXIT_USAGE
    path = root / "stories" / f"{story_id}.md"
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    if path.exists():
        print(f"voices new: error: {shown} already exists; nothing was written.\n"
              "  hint: choose another title, or give a different --id.", file=sys.stderr)
        return EXIT_ERRORS
    data = {
        "title": args.title,
        # Left empty on purpose: 'voices check' refuses an empty summary until it is written.
        "summary": args.summary or "",
        "storyteller": args.storyteller or "Anonymous",
        "perspective": chosen["perspective"] or ["lived-experience"],
        "principles": chosen["principle"],
        "challenges": chosen["challenge"],
        "told": told,
        "place": args.place or None,
        "content_notes": chosen["content note"],
        "consent": {"date": today, "scope": args.scope or ["web", "print"]},
        "status": "published",
        "illustrative": False,
        "lang": "en",
    }
    data = {k: v for k, v in data.items() if v is not None}
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:  # 'x': never overwrite, even in a race
            out.write(f"---\n{front_matter(data)}---\n\n{PLACEHOLDER}\n")
    except FileExistsError:
        print(f"voices new: error: {shown} already exists; nothing was written.", file=sys.stderr)
        return EXIT_ERRORS
    todo = "replace the placeholder text with the story"
    todo += "" if args.summary else ", write its summary"
    print(f"Wrote {shown}.\nNext: open it, {todo}, then run 'voices check {shown}'.")
    return EXIT_OK


def run_withdraw(args: argparse.Namespace, root: Path) -> int:
    if not ID_RE.match(args.id):
        print(f"voices withdraw: error: '{args.id}' is not a story id.\n  hint: the id is the "
              "file name without .md, such as 'my-story'.", file=sys.stderr)
        return EXIT_USAGE
    path = root / "stories" / f"{args.id}.md"
    if not path.is_file():
        known = sorted(p.stem for p in (root / "stories").glob("*.md") if p.stem[0] != "_")
        hint = _capital(did_you_mean(args.id, known)) or "Check the spelling of the file name."
        print(f"voices withdraw: error: there is no story '{args.id}' in stories/.\n  hint: {hint}",
              file=sys.stderr)
        return EXIT_ERRORS
    text = path.read_text(encoding="utf-8", errors="replace")
    old = re.search(r"(?m)^withdrawn:\s*(\d{4}-\d{2}-\d{2})\s*$", text)
    if old and re.search(r"(?m)^status:\s*withdrawn\s*$", text) and text.count("\n") <= 4:
        print(f"{args.id} was already withdrawn on {old.group(1)}; nothing was changed.")
        return EXIT_OK
    today = args.today or dt.date.today()
    recording = re.search(r"(?m)^media:\s*['\"]?([^'\"\s]+)", text)  # media.py: not published now
    # Nothing but the record stays: not the title, the storyteller or the text.
    path.write_text(f"---\nstatus: withdrawn\nwithdrawn: {today.isoformat()}\n---\n",
                    encoding="utf-8")
    print(f"Withdrew {args.id}: its text is gone from stories/{args.id}.md, and the next build "
          "leaves it out of every page, index and guide.\nIts earlier versions are still in the "
          "repository's history and in any forks: ask a maintainer to remove them too if the "
          "storyteller wants.")
    if recording:
        print(f"Its recording stories/{recording.group(1)} is no longer published; delete it "
              "from the repository too.")
    return EXIT_OK
