"""Shared test helpers: small archives written into tmp_path, and real MkDocs builds of them."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)  # fixed, so date rules give the same answer every day

PRINCIPLE = """\
---
title: {title}
order: {order}
summary: A short summary of {title}.
questions:
  - What does {title} mean to you?
  - When did you last see it?
---
A description of {title}.
"""

STORY = """\
---
title: {title}
summary: A story about {title}.
storyteller: Sam
perspective: [lived-experience]
principles: {principles}
challenges: {challenges}
told: 2024-05-01
place: Leeds
consent:
  date: 2024-05-02
  scope: {scope}
status: {status}
illustrative: true
---
This is the story of {title}. It has a few plain words in it.
"""


def story_text(title: str = "A story", principles: str = "[respect]",
               challenges: str = "[communication]", scope: str = "[web, print]",
               status: str = "published") -> str:
    return STORY.format(title=title, principles=principles, challenges=challenges, scope=scope,
                        status=status)


def write_archive(root: Path, files: dict[str, str | bytes] | None = None,
                  site: bool = False) -> Path:
    """A small valid archive: principles respect, relationships; challenges communication,
    fear; vocabularies copied from the default site; plus `files` (path -> text or bytes)."""
    (root / "stories").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "stories" / "_vocabularies.yml", root / "stories" / "_vocabularies.yml")
    base = {
        "principles/respect.md": PRINCIPLE.format(title="Respect", order=1),
        "principles/relationships.md": PRINCIPLE.format(title="Relationships", order=2),
        "challenges/communication.md": PRINCIPLE.format(title="Communication", order=1),
        "challenges/fear.md": PRINCIPLE.format(title="Fear", order=2),
    }
    for rel, content in {**base, **(files or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content,
                            encoding="utf-8")
    if site:
        (root / "content").mkdir(exist_ok=True)
        (root / "theme").mkdir(exist_ok=True)
        if not (root / "content" / "index.md").exists():
            (root / "content" / "index.md").write_text("---\ntitle: Home\n---\nWelcome.\n")
        (root / "content" / "share-your-story.md").write_text("---\ntitle: Share\n---\nShare.\n")
        (root / "mkdocs.yml").write_text(textwrap.dedent("""\
            site_name: Test archive
            docs_dir: content
            theme:
              name: material
              custom_dir: theme
            plugins:
              - search
              - voices
            """))
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its path inside it: two builds compared byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` of an archive into root/site."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "--site-dir", str(root / "site"), *extra],
        capture_output=True, text=True, env=env, timeout=300,
    )


# A build in a process of its own that first runs a test's prelude: the prelude wraps what the
# test watches and puts what it sees, as words, in the list SEEN.
_WATCHED_BUILD = """
import sys
from mkdocs.__main__ import cli
SEEN = []
{prelude}
try:
    cli(["build", "--strict", "-q", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
finally:
    print("\\nseen:", *SEEN)
"""


def watched_build(root: Path, site: str, prelude: str) -> list[str]:
    """A real `mkdocs build --strict` of root into root/`site`, after `prelude`: what it saw."""
    result = subprocess.run(
        [sys.executable, "-c", _WATCHED_BUILD.format(prelude=textwrap.dedent(prelude)),
         str(root / "mkdocs.yml"), str(root / site)], capture_output=True, text=True,
        timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\nseen:")[-1].split()


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "archive")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    """The default archive of this repository, built once per test run with --strict."""
    out = tmp_path_factory.mktemp("default-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"),
         "--site-dir", str(out)], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return out
