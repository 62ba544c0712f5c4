"""`voices consent`: the keeper's register of every story's consent and when it must be renewed.

It reads only front matter (frontmatter.parse_file, the safe loader) and never runs the full
check, so it still answers when some stories have errors: the keeper needs the register most
when the archive is not in order. Its states follow index.consented(), which decides what the
site and the guides show.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voices.core.frontmatter import parse_file
from voices.core.model import PUBLISHED, WITHDRAWN
from voices.core.problems import ERROR
from voices.core.schema import ID_RE, SCOPES
from voices.core.settings import read_settings

EXIT_OK = 0
DEFAULT_NOTICE_DAYS = 30  # the same notice 'voices check' gives before a review
FIELDS = ("id", "scope", "consent_date", "review_date", "days_left", "state", "withdrawn_date")
HEADINGS = ("id", "scope", "consent", "review", "days left", "state", "withdrawn")
STATES = ("published", "print only", "expired", "withdrawn")


@dataclass(frozen=True)
class Row:
    id: str
    scope: tuple[str, ...]
    consent_date: dt.date | None
    review_date: dt.date | None
    days_left: int | None
    state: str
    withdrawn_date: dt.date | None = None

    def sort_key(self) -> tuple:
        return (self.review_date is None, self.review_date or dt.date.min, self.id)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "scope": list(self.scope), "consent_date": _iso(self.consent_date),
                "review_date": _iso(self.review_date), "days_left": self.days_left,
                "state": self.state, "withdrawn_date": _iso(self.withdrawn_date)}

    def cells(self) -> tuple[str, ...]:
        values = self.as_json()
        values["scope"] = " ".join(self.scope)
        return tuple("" if values[f] is None else str(values[f]) for f in FIELDS)


def add_command(sub) -> None:
    cmd = sub.add_parser("consent", help="list each story's consent, review date and state")
    cmd.add_argument("--due", type=_days, metavar="DAYS",
                     help="only stories whose review falls within DAYS days (expired included)")
    cmd.add_argument("--format", choices=["text", "csv", "json"], default="text")
    cmd.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    cmd.set_defaults(run=run_consent)


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days (0 or more)")
    return days


def run_consent(args: argparse.Namespace, root: Path) -> int:
    today = args.today or dt.date.today()
    private = read_settings(root).plugin.get("private_stories")
    rows, skipped = read_register(root, today, (root / private).resolve() if private else None)
    for relpath, reason in skipped:
        print(f"voices consent: skipped {relpath}: {reason}; run 'voices check {relpath}' "
              "for details", file=sys.stderr)
    if args.due is not None:
        rows = due(rows, args.due)
    if args.format == "json":
        print(json.dumps([r.as_json() for r in rows], indent=2, sort_keys=True))
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        writer.writerows(r.cells() for r in rows)
        print(out.getvalue(), end="")
    else:
        window = DEFAULT_NOTICE_DAYS if args.due is None else args.due
        if rows:
            print(table(rows))
        print(summary(rows, window, len(skipped)))
    return EXIT_OK


def read_register(root: Path, today: dt.date, private: Path | None = None
                  ) -> tuple[list[Row], list[tuple[str, str]]]:
    """Every story file's row, sorted by review date (none last) then id, and the files that
    could not be placed in it, each with the reason."""
    rows, skipped = [], []
    folders = [(root, root / "stories")]
    if private is not None:  # the keepers' private folder: its stories are never on the web
        folders.append((private.parent, private))
    paths = [(base, path, folder != root / "stories") for base, folder in folders
             for path in (sorted(folder.glob("*.md")) if folder.is_dir() else [])]
    for base, path, is_private in paths:
        if path.name.startswith("_"):
            continue
        relpath = path.relative_to(base).as_posix()
        if not ID_RE.match(path.stem):  # the archive refuses such a file, so no story has it
            skipped.append((relpath, "its name is not a valid story id"))
            continue
        parsed = parse_file(base, path)
        if any(p.severity == ERROR for p in parsed.problems):
            skipped.append((relpath, "its front matter cannot be read"))
            continue
        row = story_row(path.stem, parsed.data, today)
        if isinstance(row, str):
            skipped.append((relpath, row))
        else:
            rows.append(dataclasses.replace(row, state="print only")
                        if is_private and row.state == "published" else row)
    return sorted(rows, key=Row.sort_key), skipped


def story_row(story_id: str, data: dict, today: dt.date) -> Row | str:
    """A story's row from its front matter, or why it has none. Only the consent fields and
    the status are read, so an error elsewhere in the file does not hide its consent."""
    status = data.get("status", PUBLISHED)
    consent = data.get("consent")
    consent = consent if isinstance(consent, dict) else {}
    scope = _scope(consent.get("scope"))
    given = _date(consent.get("date"))
    if status == WITHDRAWN:
        # 'voices withdraw' keeps only the status and the date: any consent left is shown, but
        # no review is due for a story that is gone.
        return Row(story_id, scope, given, None, None, "withdrawn",
                   _date(data.get("withdrawn")))
    if status != PUBLISHED:
        return f"its status '{status}' is neither published nor withdrawn"
    if not scope:
        return "its consent has no scope (web, print)"
    review = _date(consent.get("review"))
    if consent.get("review") is not None and review is None:
        return "its consent review is not a date"
    days = None if review is None else (review - today).days
    if days is not None and days < 0:  # index.consented: a review due today still holds
        state = "expired"
    else:
        state = "published" if "web" in scope else "print only"
    return Row(story_id, scope, given, review, days, state)


def due(rows: list[Row], days: int) -> list[Row]:
    """Stories whose review is within `days` days or already past; withdrawn ones never."""
    return [r for r in rows if r.state != "withdrawn" and r.days_left is not None
            and r.days_left <= days]


def table(rows: list[Row]) -> str:
    grid = [HEADINGS] + [r.cells() for r in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(HEADINGS))]
    days_col = FIELDS.index("days_left")
    lines = []
    for line in grid:
        cells = [cell.rjust(w) if i == days_col else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(line, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def summary(rows: list[Row], window: int, skipped: int = 0) -> str:
    counts = [(sum(r.state == s for r in rows), s) for s in STATES]
    parts = [f"{n} {state}" for n, state in counts if n]
    soon = sum(r.state != "expired" and r.days_left is not None and r.days_left <= window
               for r in rows if r.state != "withdrawn")
    text = f"{len(rows)} stor{'ies' if len(rows) != 1 else 'y'}"
    text += (": " + ", ".join(parts) + "; " if parts else ": ")
    text += f"{soon} due within {window} day{'s' if window != 1 else ''}"
    if skipped:
        text += f" ({skipped} file{'s' if skipped != 1 else ''} skipped)"
    return text


def _scope(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(s for s in SCOPES if s in items)  # known scopes only, always web then print


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()
