"""The `voices` command: check, new, withdraw. main(argv) returns an exit code and is testable."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from voices import __version__
from voices.core.archive import load_archive
from voices.core.problems import errors, render

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2 with a hint, never a traceback
        self.print_usage(sys.stderr)
        print(f"voices: error: {message}\n  hint: run 'voices {self.prog.split()[-1]} --help'"
              if " " in self.prog else f"voices: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="voices", description="Check and manage a Voices story archive.")
    parser.add_argument("--version", action="version", version=f"voices {__version__}")
    parser.add_argument("--root", default=".", help="the archive folder (default: here)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", help="check stories, principles and challenges")
    check.add_argument("paths", nargs="*", help="files to report on (default: the whole archive)")
    check.add_argument("--format", choices=["text", "json", "github"], default="text")
    check.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    from voices.printing import packs # the new, withdraw and print commands
    from voices.cli import scaffold

    scaffold.add_commands(sub)
    packs.add_command(sub)
    from voices.core import register # the consent command: the keeper's register

    register.add_command(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    root = Path(args.root)
    if not root.is_dir():
        print(f"voices: error: the archive folder '{root}' does not exist", file=sys.stderr)
        return EXIT_USAGE
    return args.run(args, root)


def run_check(args: argparse.Namespace, root: Path) -> int:
    loaded = load_archive(root, args.today, bodies=False)
    problems = loaded.problems
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


def entry_point() -> None:
    sys.exit(main())
