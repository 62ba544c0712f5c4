"""`voices check`: every problem in the archive, as text, JSON or GitHub annotations."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from voices.core import reads
from voices.core.archive import load_archive
from voices.core.problems import errors, render, sort_problems
from voices.core.settings import check_settings

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
CACHE = Path(".cache") / "voices" / "check.pickle"  # beside the guides' PDFs (printing/pdf.py)


def add_command(sub) -> None:
    check = sub.add_parser("check", help="check stories, principles and challenges",
                           description="Check the archive and print every problem with its "
                           "file, line and a hint; exit 1 if there is an error.")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="files to report on (default: the whole archive)")
    check.add_argument("--format", choices=["text", "json", "github"], default="text",
                       help="text (default), json, or github (annotations in a pull request)")
    check.add_argument("--no-cache", dest="cache", action="store_false",
                       help=f"read every file again, without the results kept in {CACHE}")
    check.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace, root: Path) -> int:
    # The last run's results for the files unchanged since (core/reads.py).
    kept = reads.load(root / CACHE) if args.cache else None
    loaded = load_archive(root, args.today, bodies=False, kept=kept)
    if kept is not None:
        reads.save(kept, root / CACHE)
    problems = sort_problems(loaded.problems + check_settings(root))
    if args.paths:
        wanted, missing = _wanted(root, args.paths)
        if missing:
            for path in missing:
                print(f"voices: error: no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
        problems = [p for p in problems if p.path in wanted or p.path.startswith("stories/_voc")]
    print(render(problems, args.format, loaded.files_checked))
    return EXIT_ERRORS if errors(problems) else EXIT_OK


def _wanted(root: Path, paths: list[str]) -> tuple[set[str], list[str]]:
    """Archive-relative forms of the paths given on the command line, and those that don't exist."""
    wanted, missing = set(), []
    base = root.resolve()
    for raw in paths:
        full = Path(raw).resolve()
        if not full.exists():
            missing.append(raw)
        elif full.is_relative_to(base):
            wanted.add(full.relative_to(base).as_posix())
    return wanted, missing
