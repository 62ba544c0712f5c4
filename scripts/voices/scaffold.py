"""`voices new` (scaffold a story file) and `voices withdraw` (empty a story, keep the record)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

import yaml

from .archive import load_archive
from .body import PLACEHOLDER
from .problems import did_you_mean
from .schema import ID_RE

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def add_commands(sub) -> None:
    from .cli import run_check

    sub.choices["check"].set_defaults(run=run_check)
    new = sub.add_parser("new", help="start a new story file from its title")
    new.add_argument("--title")
    new.add_argument("--id", help="the file name without .md (default: made from the title)")
    new.add_argument("--storyteller")
    new.add_argument("--perspective", action="append", default=[])
    new.add_argument("--principle", action="append", default=[])
    new.add_argument("--challenge", action="append", default=[])
    new.add_argument("--content-note", action="append", default=[], dest="content_notes")
    new.add_argument("--place", default="")
    new.add_argument("--scope", action="append", default=[], choices=["web", "print"])
    new.add_argument("--no-input", action="store_true", help="never ask; use flags and defaults")
    new.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    new.set_defaults(run=run_new)
    withdraw = sub.add_parser("withdraw", help="withdraw a story: remove its text, keep a record")
    withdraw.add_argument("id", help="the story's id (its file name without .md)")
    withdraw.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    withdraw.set_defaults(run=run_withdraw)


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def _ask(prompt: str, default: str = "") -> str:
    shown = f" [{default}]" if default else ""
    answer = input(f"{prompt}{shown}: ").strip()
    return answer or default


def _ask_ids(name: str, vocab: dict, chosen: list[str], required: bool) -> list[str]:
    print(f"\n{name.capitalize()}:")
    for key, summary in vocab.items():
        print(f"  {key:36} {summary}")
    while True:
        answer = _ask(f"{name} (ids separated by commas{'' if required else ', or leave empty'})",
                      ", ".join(chosen))
        ids = [i.strip() for i in answer.split(",") if i.strip()]
        unknown = [i for i in ids if i not in vocab]
        if not unknown and (ids or not required):
            return ids
        for i in unknown:
            print(f"  '{i}' is not in the list. {did_you_mean(i, vocab)}")
        if not ids and required:
            print("  Please choose at least one.")


def run_new(args: argparse.Namespace, root: Path) -> int:
    loaded = load_archive(root)
    a = loaded.archive
    vocabs = {
        "perspective": {k: v.summary for k, v in a.perspectives.items()},
        "principle": {k: v.summary for k, v in a.principles.items()},
        "challenge": {k: v.summary for k, v in a.challenges.items()},
        "content note": {k: v.summary for k, v in a.content_notes.items()},
    }
    chosen = {"perspective": args.perspective, "principle": args.principle,
              "challenge": args.challenge, "content note": args.content_notes}
    interactive = not args.no_input and sys.stdin.isatty()
    try:
        if interactive:
            args.title = _ask("Title of the story", args.title or "")
            args.storyteller = _ask("Storyteller (a name, a made-up name, or Anonymous)",
                                    args.storyteller or "Anonymous")
            args.place = _ask("Place (optional)", args.place)
            for name in chosen:
                chosen[name] = _ask_ids(name + "s", vocabs[name], chosen[name],
                                        name == "perspective")
    except (EOFError, KeyboardInterrupt):
        print("\nvoices: nothing was written.", file=sys.stderr)
        return EXIT_USAGE
    problems = []
    if not args.title:
        problems.append("a title is needed: add --title \"...\"")
    for name, ids in chosen.items():
        for i in ids:
            if i not in vocabs[name]:
                problems.append(f"the {name} '{i}' does not exist. {did_you_mean(i, vocabs[name])}"
                                f"Known: {', '.join(vocabs[name])}")
    story_id = args.id or slugify(args.title or "")
    if args.title and not ID_RE.match(story_id):
        problems.append(f"'{story_id}' is not a valid id: use lowercase letters, digits, hyphens")
    if problems:
        for p in problems:
            print(f"voices new: error: {p}", file=sys.stderr)
        return EXIT_USAGE
    path = root / "stories" / f"{story_id}.md"
    if path.exists():
        print(f"voices new: error: {path} already exists; nothing was written.\n"
              "  hint: choose another title, or give a different --id.", file=sys.stderr)
        return EXIT_ERRORS
    today = args.today or dt.date.today()
    data = {
        "title": args.title,
        "summary": "One or two sentences that say what the story is about.",
        "storyteller": args.storyteller or "Anonymous",
        "perspective": chosen["perspective"] or ["lived-experience"],
        "principles": chosen["principle"],
        "challenges": chosen["challenge"],
        "told": today,
        "place": args.place or None,
        "content_notes": chosen["content note"],
        "consent": {"date": today, "scope": args.scope or ["web", "print"]},
        "status": "published",
        "illustrative": False,
        "lang": "en",
    }
    data = {k: v for k, v in data.items() if v is not None}
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)
    path.write_text(f"---\n{front}---\n\n{PLACEHOLDER}\n", encoding="utf-8")
    print(f"Wrote {path.as_posix()}.\nNext: replace the placeholder text with the story, write its "
          f"summary, then run 'voices check {path.as_posix()}'.")
    return EXIT_OK


def run_withdraw(args: argparse.Namespace, root: Path) -> int:
    if not ID_RE.match(args.id):
        print(f"voices withdraw: error: '{args.id}' is not a story id.", file=sys.stderr)
        return EXIT_USAGE
    path = root / "stories" / f"{args.id}.md"
    if not path.is_file():
        print(f"voices withdraw: error: there is no story '{args.id}' in {root / 'stories'}.",
              file=sys.stderr)
        return EXIT_ERRORS
    today = args.today or dt.date.today()
    path.write_text(f"---\nstatus: withdrawn\nwithdrawn: {today.isoformat()}\n---\n",
                    encoding="utf-8")
    print(f"Withdrew {args.id}: its text is gone from {path.as_posix()}, and the next build leaves "
          "it out of every page, index and guide.\nIts earlier versions are still in the "
          "repository's history: ask a maintainer to remove them too if the storyteller wants.")
    return EXIT_OK
