"""`voices init DIR`: start a new archive that builds and serves at once.

The files come from starter/, shipped with the package. A few hold ${voices_...} placeholders (the
archive's name, addresses, e-mail, and the words readers see for the two sets of terms), filled
in here; nothing else in them is touched, so the Jinja, MkDocs and GitHub Actions syntax they hold
stays as it is. Folders and files whose names start with a dot are stored as dot-<name>
(setuptools leaves hidden files out of a package).

The two sets of terms are principles and challenges in the content model: folders principles/
and challenges/, and the stories' fields of the same names. An archive may call them something
else for its readers (--names value/values,barrier/barriers): mkdocs.yml then gets the plugin's
`names` option, and the starter's own text uses those words. Folder and field names never change.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path
from urllib.parse import urlsplit

import voices
from voices import DISTRIBUTION
from voices.cli.starter_files import (EXAMPLE_STORY, Answers, Names, placeholders, starter_files,
                                      write_files)

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
_WORD = re.compile(r"[^\W\d_]+(?:['’ -][^\W\d_]+)*")

DEFAULT_NAME = "Our stories"
DEFAULT_REPO = "our-group/our-stories"
DEFAULT_EMAIL = "stories@example.org"
# The booklet's terms that the example story speaks to; with --example-terms, the examples'.
_EMAIL = re.compile(r"[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:.]+")
_OWNER = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?"
_REPO_NAME = r"[A-Za-z0-9._-]{1,100}"
_REPO = re.compile(rf"(?:(?:https?://)?(?:www\.)?github\.com/)?({_OWNER})/({_REPO_NAME}?)/?")


def default_spec() -> str:
    """What a new archive installs: the version of Voices that wrote its files, so that the two
    agree until a keeper chooses to upgrade."""
    release = re.fullmatch(r"\d+(\.\d+)*", voices.__version__)
    return f"{DISTRIBUTION}=={voices.__version__}" if release else DISTRIBUTION


class Invalid(ValueError):
    """A value that cannot be used: the message says why, the hint how to write it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


def add_command(sub) -> None:
    init = sub.add_parser(
        "init", help="start a new archive in a folder",
        description="Write a new archive into DIR: its settings, its own pages, the principles "
        "and challenges, an example story, and the workflows that check and publish it on "
        "GitHub. Asks for the name, the repository, the site's address, a contact e-mail and "
        "what readers call the principles and challenges, unless they are given as flags. "
        "Never overwrites a file: files already there are kept, and listed.")
    init.add_argument("dir", metavar="DIR", help="the folder for the new archive (made if missing)")
    init.add_argument("--name", metavar="TEXT",
                      help=f"the archive's name (default: {DEFAULT_NAME})")
    init.add_argument("--repo", metavar="OWNER/NAME",
                      help="its repository on GitHub, as owner/name or its address "
                      f"(default: {DEFAULT_REPO})")
    init.add_argument("--url", metavar="URL",
                      help="the site's address (default: its GitHub Pages address, made from "
                      "the repository)")
    init.add_argument("--email", metavar="ADDRESS",
                      help=f"where stories sent privately go (default: {DEFAULT_EMAIL})")
    init.add_argument("--example-terms", action="store_true",
                      help="one example principle and one example challenge to replace, instead "
                      "of the booklet's six principles and six challenges")
    init.add_argument("--names", metavar="ONE/MANY,ONE/MANY",
                      help="what readers call the principles and the challenges, one and many, "
                      f"such as value/values,barrier/barriers (default: {Names()}); the folders "
                      "and the stories' fields keep their names")
    init.add_argument("--voices-spec", metavar="SPEC",
                      help="what the Makefile and the workflows install with pip: a version, "
                      f"such as {DISTRIBUTION}==1.2 (the default: the version running this "
                      "command), or a git address")
    init.add_argument("--no-input", action="store_true",
                      help="never ask; use the flags, and the defaults for the rest")
    init.set_defaults(run=run_init)


# --- the answers ------------------------------------------------------------------------------


def check_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise Invalid("the archive needs a name.", "For example: --name \"Our stories\".")
    if len(name) > 120:
        raise Invalid(f"the name is {len(name)} characters long; the most is 120.",
                      "A short name fits the top of every page.")
    return name


def check_repo(text: str) -> str:
    """owner/name of a GitHub repository, from owner/name or its address."""
    value = text.strip().removesuffix(".git")
    m = _REPO.fullmatch(value)
    if not m or m.group(2) in ("", ".", ".."):
        hint = "Write it as owner/name, such as our-group/stories, or as its address on github.com."
        if "://" in value and "github.com" not in value:
            hint = ("The workflows that check and publish the archive run on GitHub: give a "
                    "repository there, as owner/name.")
        raise Invalid(f"'{text}' is not a GitHub repository.", hint)
    return f"{m.group(1)}/{m.group(2)}"


def pages_url(repo: str) -> str:
    """The address GitHub Pages gives the repository's site."""
    owner, name = repo.split("/")
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def check_url(text: str) -> str:
    value = text.strip()
    example = "https://our-group.github.io/stories/"
    if not value or any(c.isspace() for c in value):
        raise Invalid(f"'{text}' is not a web address.", f"Write it in full, such as {example}.")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise Invalid(f"'{text}' is not a web address.",
                      f"Start it with https://, such as {example}.")
    host = parts.hostname or ""
    if not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+|localhost", host) or \
            parts.query or parts.fragment:
        raise Invalid(f"'{text}' is not a web address.",
                      f"Write the address of the site's home page, such as {example}.")
    return value if value.endswith("/") else value + "/"


def check_email(text: str) -> str:
    value = text.strip().removeprefix("mailto:")
    if not _EMAIL.fullmatch(value):
        raise Invalid(f"'{text}' is not an e-mail address.",
                      f"Write it like {DEFAULT_EMAIL}.")
    return value


def check_names(text: str) -> Names:
    """ONE/MANY,ONE/MANY: the principles', then the challenges'; MANY may be left out (ONE+s)."""
    hint = ("Write the name of a principle, then of a challenge, each as one/many: "
            "value/values,barrier/barriers.")
    parts = text.split(",")
    if len(parts) != 2:
        raise Invalid(f"'{text}' is not two names, one for each set of terms.", hint)
    words = []
    for part in parts:
        pair = [" ".join(w.split()).lower() for w in part.split("/")]
        if len(pair) == 1 and pair[0]:
            pair.append(pair[0] + "s")
        if len(pair) != 2 or not all(_WORD.fullmatch(w) and len(w) <= 40 for w in pair):
            raise Invalid(f"'{part.strip()}' is not a name for a set of terms.",
                          "Use letters, with spaces or hyphens between words, as one/many: "
                          "value/values.")
        words += pair
    names = Names(*words)
    if {names.principle, names.principles} & {names.challenge, names.challenges}:
        raise Invalid(f"'{text}' gives the two sets the same name.",
                      "Readers need a different name for each, such as value/values,"
                      "barrier/barriers.")
    return names


def check_spec(text: str) -> str:
    value = text.strip()
    if not value or any(c in value for c in "\"'\n\r`"):
        raise Invalid(f"'{text}' cannot be installed with pip from the Makefile.",
                      f"Give a package and version, such as {default_spec()}, or a git address.")
    return value


def _ask(prompt: str, default: str, check) -> str:
    while True:
        answer = input(f"{prompt} [{default}]: ").strip() or default
        try:
            return check(answer)
        except Invalid as exc:
            print(f"  {exc.message[:1].upper()}{exc.message[1:]} {exc.hint}")


def answers(args: argparse.Namespace) -> Answers:
    """The flags, checked; then, unless --no-input, a question for each one not given."""
    given = {"name": args.name, "repo": args.repo, "url": args.url, "email": args.email,
             "names": args.names}
    checks = {"name": check_name, "repo": check_repo, "url": check_url, "email": check_email,
              "names": check_names}
    values = {key: checks[key](value) for key, value in given.items() if value is not None}
    ask = not args.no_input and len(values) < len(checks)
    if ask:
        print("Starting a new archive. Press Enter to keep the value in [brackets]; you can change "
              "any of them later in mkdocs.yml.\n")
    questions = {
        "name": ("Name of the archive", lambda: DEFAULT_NAME),
        "repo": ("Repository on GitHub (owner/name)", lambda: DEFAULT_REPO),
        "url": ("Address of the site", lambda: pages_url(values["repo"])),
        "email": ("E-mail address for stories sent privately", lambda: DEFAULT_EMAIL),
        "names": ("What readers call the principles and the challenges, each as one/many",
                  lambda: str(Names())),
    }
    for key, (prompt, default) in questions.items():  # in this order: the url follows the repo
        if key not in values:
            values[key] = _ask(prompt, default(), checks[key]) if ask else checks[key](default())
    examples = {"name": DEFAULT_NAME, "repo": DEFAULT_REPO, "url": pages_url(DEFAULT_REPO),
                "email": DEFAULT_EMAIL}
    return Answers(values["name"], values["repo"], values["url"], values["email"],
                   tuple(key for key, value in examples.items() if values[key] == value),
                   values["names"])


# --- the files --------------------------------------------------------------------------------


def run_init(args: argparse.Namespace, root: Path) -> int:
    target = Path(args.dir)
    try:
        spec = check_spec(default_spec() if args.voices_spec is None else args.voices_spec)
        if target.exists() and not target.is_dir():
            raise Invalid(f"'{args.dir}' is a file, not a folder.",
                          "Give the name of a new folder, or of an existing one.")
        given = answers(args)
    except Invalid as exc:
        print(f"voices init: error: {exc.message}\n  hint: {exc.hint}", file=sys.stderr)
        return EXIT_USAGE
    except (EOFError, KeyboardInterrupt):
        print("\nvoices init: stopped; nothing was written.\n  hint: give --no-input to use "
              "the flags and the defaults without questions.", file=sys.stderr)
        return EXIT_USAGE
    files = starter_files(args.example_terms)
    target.mkdir(parents=True, exist_ok=True)
    written, kept = write_files(target, files, placeholders(given, spec, args.example_terms),
                                given.names)
    shown = target.as_posix()
    if written:
        print(f"\nStarted the archive \"{given.name}\" in {shown}/: wrote {_files(written)}.")
    else:
        print(f"\nEvery file was already in {shown}/: nothing was written.")
    if kept:
        print(f"Kept {_files(kept)} that were already there, unchanged:")
        print("".join(f"  {rel}\n" for rel in kept), end="")
    if given.defaults:
        print(f"These are examples, for you to replace: {', '.join(given.defaults)}. They are in "
              "mkdocs.yml, content/, README.md, CONTRIBUTING.md and .github/; or delete the "
              "folder and run 'voices init' again with --name, --repo, --url and --email.")
    if given.names.own and not args.example_terms:
        n = given.names
        print("The six principles and six challenges in principles/ and challenges/ are the "
              "booklet's, and their texts speak of principles and challenges. Read them through: "
              f"they may need rewording as {n.principles} and {n.challenges}. Or start again "
              "with --example-terms, to write your own.")
    print(f"""
Next:
  cd {shlex.quote(shown)}
  make serve                   set up .venv (the first time), then open http://127.0.0.1:8000
  edit content/about.md, and each place marked [REPLACE] in content/{
      ', principles/ and challenges/' if args.example_terms else ''}
  .venv/bin/voices new         add a story; then delete the example, {EXAMPLE_STORY}
  make test                    check the stories and build the site, as GitHub will
  push to GitHub, and in the repository's Settings > Pages choose "GitHub Actions" as the
  source: the site is then published from main on every push, and once a day.""")
    return EXIT_OK


def _files(paths: list[str]) -> str:
    return "1 file" if len(paths) == 1 else f"{len(paths)} files"
