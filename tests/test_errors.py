"""One error path: whatever fails, the command line and the MkDocs adapter say so in one line
with a hint and an exit code, never with a traceback (which would mean a bug in Voices)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import story_text, write_archive

VOICES = Path(sys.executable).parent / "voices"


def _run(*args: str, cwd: Path | None = None, shell: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args[0] if shell else args, cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300, shell=shell)


def test_check_into_a_closed_pipe_ends_quietly(tmp_path):
    files = {f"stories/s{i}.md": story_text(f"Story {i}").replace("told: 2024", "told: 2999")
             for i in range(40)}  # a problem each: far more output than `head -1` reads
    root = write_archive(tmp_path, files)
    done = _run(f"'{VOICES}' --root '{root}' check | head -1", shell=True)
    assert done.stdout.count("\n") == 1 and "future-date" in done.stdout
    assert done.stderr == ""


def test_print_into_a_place_that_cannot_be_written_is_one_line(tmp_path):
    root = write_archive(tmp_path, {
        "stories/open.md": story_text("Open"),
        "content/guides/pack.md": "---\ntitle: Pack\nstories: [open]\n---\n"})
    (root / "blocked").write_text("a file where a folder should be")
    done = _run(str(VOICES), "--root", str(root), "print", "--out", "blocked/packs")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("voices: error:") and "hint:" in done.stderr


def test_a_site_folder_that_cannot_be_made_is_one_line(tmp_path):
    root = write_archive(tmp_path / "archive", {"stories/open.md": story_text("Open")},
                         site=True)
    (tmp_path / "blocked").write_text("a file where a folder should be")
    done = _run(sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                str(root / "mkdocs.yml"), "--site-dir", str(tmp_path / "blocked" / "site"))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = [ln for ln in done.stderr.splitlines() if "voices:" in ln]
    assert lines and "could not be written" in lines[0], done.stderr
