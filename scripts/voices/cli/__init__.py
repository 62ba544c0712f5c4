"""The `voices` command: check, new, withdraw, consent, print, init. main(argv) returns an exit
code and is testable; every failure Voices can explain is one line and a hint (VoicesError)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import voices
from voices.cli import check, consent, init, packs, scaffold
from voices.core.problems import VoicesError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: exit 2 with a hint, never a traceback
        self.print_usage(sys.stderr)
        print(f"voices: error: {message}\n  hint: run 'voices {self.prog.split()[-1]} --help'"
              if " " in self.prog else f"voices: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class _Version(argparse.Action):  # argparse's own wants the version before it is asked for
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0,
                         help="show program's version number and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"voices {voices.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="voices", description="Check and manage a Voices story archive.")
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--root", default=".", help="the archive folder (default: here)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in (check, scaffold, consent, packs, init):
        command.add_command(sub)
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
    try:
        return args.run(args, root)
    except VoicesError as exc:
        print(f"voices: error: {exc.text()}", file=sys.stderr)
    except BrokenPipeError:  # `voices check | head -1`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 141  # as a shell reports a program ended by a closed pipe
    except OSError as exc:  # the disk, permissions: the system's own words say which
        print(f"voices: error: {exc.strerror or exc}: {exc.filename or ''}\n"
              "  hint: check the folder exists, has room and can be written to.",
              file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return EXIT_ERRORS


def entry_point() -> None:
    sys.exit(main())
