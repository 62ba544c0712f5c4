"""`voices print`: every guide's full packs for facilitators, in print/ and never in the site.

The site publishes each guide's web edition (no story shared for print only). A group that meets
in person is handed the full edition: the same print page and PDFs, with those stories in, and
with the stories of the keepers' private folder (outside the repository) when one is named.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from voices.core.archive import load_archive
from voices.core.problems import errors, render
from voices.core.settings import read_settings

EXIT_OK, EXIT_ERRORS = 0, 1
OUT_DIR = "print"


def add_command(sub) -> None:
    cmd = sub.add_parser(
        "print", help="write every guide's full packs (print-only stories included) into print/",
        description="Write each guide's print page and PDFs, with the stories shared for print "
        "only, into a folder that is never part of the site.")
    cmd.add_argument("--out", default=OUT_DIR, metavar="DIR",
                     help="the folder to write into, relative to the archive (default: print)")
    cmd.add_argument("--private", metavar="DIR",
                     help="a folder of stories kept outside the repository, shared for print "
                     "only (default: the plugin's private_stories setting in mkdocs.yml)")
    cmd.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    cmd.set_defaults(run=run_print)


def run_print(args: argparse.Namespace, root: Path) -> int:
    settings = read_settings(root)
    private = args.private or settings.plugin.get("private_stories")
    private = (root / private) if private else None
    loaded = load_archive(root, args.today, private=private)
    if errors(loaded.problems):
        print(render(errors(loaded.problems), "text", loaded.files_checked), file=sys.stderr)
        print("voices: no packs were written; fix the errors above first.", file=sys.stderr)
        return EXIT_ERRORS
    out = (root / args.out).resolve()
    from voices.printing.guides import MARKER, write_packs  # Jinja, WeasyPrint: only here

    if out.exists() and not (out / MARKER).is_file():
        print(f"voices: error: {out} exists and was not written by 'voices print'\n"
              "  hint: choose a new folder with --out, or remove that one first.", file=sys.stderr)
        return EXIT_ERRORS
    written = write_packs(root, loaded.archive, out, settings.site_name, settings.site_url,
                          args.today, private, settings.language)
    print(f"{len(written)} PDFs and their print pages written to {out}/. They hold stories "
          "shared for print only: hand them to groups, never publish them.")
    return EXIT_OK
