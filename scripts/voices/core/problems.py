"""Problems found in an archive: one shape, one catalogue of messages, three output formats."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass
from pathlib import PurePosixPath
from typing import Iterable

ERROR = "error"
WARNING = "warning"
# For the archive's keepers, never a failed build: a consent review that is near, or one that has
# lapsed (the build already leaves that story out, which is what consent asks for).
NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the archive root, with forward slashes
    line: int  # 1-based; 0 when the problem is about the whole file
    col: int  # 1-based
    severity: str
    rule: str
    message: str
    hint: str = ""

    def text(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        out = f"{where}: {self.severity}: {self.message} [{self.rule}]"
        return out + (f"\n  hint: {self.hint}" if self.hint else "")

    def github(self) -> str:
        # GitHub workflow commands: properties and message escape %, CR, LF (and , : in properties).
        def prop(value: str) -> str:
            return _gh_escape(value).replace(":", "%3A").replace(",", "%2C")

        message = self.message + (f"\n{self.hint}" if self.hint else "")
        parts = [f"file={prop(self.path)}"]
        if self.line:
            parts += [f"line={self.line}", f"col={self.col}"]
        parts.append(f"title={prop(self.rule)}")
        return f"::{self.severity} {','.join(parts)}::{_gh_escape(message)}"


class VoicesError(Exception):
    """A failure Voices can explain (bad input, a missing or failing tool, a full disk): the
    command line and the MkDocs adapter each show it as one line and a hint, never a traceback.
    A traceback means a bug in Voices."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint

    def text(self) -> str:
        return self.message + (f"\n  hint: {self.hint}" if self.hint else "")


def _gh_escape(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A 'did you mean' phrase for the closest choice, or '' when nothing is close."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value.lower(), sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? " if close else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.rule, p.message))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def summary(problems: list[Problem], files_checked: int) -> str:
    n_err = len(errors(problems))
    n_note = sum(p.severity == NOTICE for p in problems)
    n_warn = len(problems) - n_err - n_note
    if not problems:
        return f"All good: {files_checked} files checked, no problems found."
    notes = f" (and {n_note} notice{'s' if n_note != 1 else ''})" if n_note else ""
    if n_err == n_warn == 0:
        return f"No problems in {files_checked} files checked{notes}."
    return (
        f"{n_err} error{'s' if n_err != 1 else ''} and {n_warn} warning{'s' if n_warn != 1 else ''}"
        f" in {files_checked} files checked{notes}."
    )


def render(problems: list[Problem], fmt: str, files_checked: int) -> str:
    """Render problems in the chosen format: 'text', 'json' or 'github'."""
    if fmt == "json":
        return json.dumps(
            {"files_checked": files_checked, "problems": [asdict(p) for p in problems]},
            indent=2,
            ensure_ascii=False,
            sort_keys=True,
        )
    if fmt == "github":
        lines = [p.github() for p in problems]
        return "\n".join(lines + [summary(problems, files_checked)])
    return "\n".join([p.text() for p in problems] + [summary(problems, files_checked)])


def rel(path: str | PurePosixPath) -> str:
    return str(path).replace("\\", "/")
