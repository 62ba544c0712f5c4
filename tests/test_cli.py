"""The contributor commands: `voices new` (flags and a real terminal), `voices withdraw`, and
`voices check --format github` annotations on the right lines."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import PRINCIPLE, REPO, TODAY, story_text, write_archive
from voices.cli import main

VOICES = str(Path(sys.executable).parent / "voices")
RESPECT = {"principles/give-each-other-respect.md":
           PRINCIPLE.format(title="Give each other respect", order=3)}
# One workflow command: ::error file=...,line=N,col=N,title=...::message (GitHub's syntax).
GITHUB_LINE = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),"
                         r"title=([^,:]+)::(.+)$")


def run(root: Path, *argv: str, capsys) -> tuple[int, str, str]:
    code = main(["--root", str(root), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def replace_body(path: Path, body: str, summary: str) -> None:
    text = path.read_text(encoding="utf-8")
    front, _ = text.rsplit("---\n", 1)
    front = front.replace("summary: ''", f"summary: {summary}")
    path.write_text(front + "---\n\n" + body + "\n", encoding="utf-8")


def test_new_then_check_refuses_placeholder_then_accepts_story(tmp_path, capsys):
    root = write_archive(tmp_path / "a", RESPECT)
    code, out, _ = run(root, "new", "--no-input", "--title", "No: we said yes!",
                       "--storyteller", "no", "--perspective", "commissioner",
                       "--principle", "give-each-other-respect", "--challenge", "fear",
                       "--place", "1.10", "--told", "2024-05-01", "--today", TODAY.isoformat(),
                       capsys=capsys)
    assert code == 0, out
    path = root / "stories" / "no-we-said-yes.md"
    assert "Wrote stories/no-we-said-yes.md" in out
    code, out, _ = run(root, "check", "--today", TODAY.isoformat(), str(path), capsys=capsys)
    assert code == 1
    assert "[placeholder-body]" in out and "[missing-field]" in out  # empty summary too
    replace_body(path, "We said yes, and this time they listened.", "Being heard at last.")
    code, out, _ = run(root, "check", "--today", TODAY.isoformat(), str(path), capsys=capsys)
    assert code == 0, out
    assert "All good" in out
    # Values YAML would misread (no, 1.10, a colon) were written so that they stay text.
    from voices.core.archive import load_archive

    story = load_archive(root, TODAY).archive.stories["no-we-said-yes"]
    assert (story.title, story.storyteller, story.place) == ("No: we said yes!", "no", "1.10")
    assert story.told.isoformat() == "2024-05-01" and story.consent.date == TODAY


def test_new_never_overwrites(tmp_path, capsys):
    root = write_archive(tmp_path / "a", {"stories/taken.md": story_text("Taken")})
    before = (root / "stories" / "taken.md").read_bytes()
    code, _, err = run(root, "new", "--no-input", "--title", "Taken", "--principle", "respect",
                       capsys=capsys)
    assert code == 1
    assert "already exists; nothing was written" in err
    assert (root / "stories" / "taken.md").read_bytes() == before


def test_new_refuses_unknown_values_in_plain_words(tmp_path, capsys):
    root = write_archive(tmp_path / "a", RESPECT)
    code, _, err = run(root, "new", "--no-input", "--title", "T",
                       "--principle", "give-each-other-respekt", capsys=capsys)
    assert code == 2
    assert "the principle 'give-each-other-respekt' does not exist." in err
    assert "Did you mean 'give-each-other-respect'?" in err
    assert not list((root / "stories").glob("t.md"))
    code, _, err = run(root, "new", "--no-input", capsys=capsys)
    assert code == 2 and "a title is needed" in err


def test_new_asks_in_a_terminal(tmp_path):
    root = write_archive(tmp_path / "a", RESPECT)
    child = pexpect.spawn(VOICES, ["--root", str(root), "new"], encoding="utf-8", timeout=20,
                          dimensions=(50, 200))
    child.expect(r"Title of the story: ")
    child.sendline("Tea in the drop-in kitchen")
    child.expect(r"Summary.*: ")
    child.sendline("How a cup of tea started a conversation.")
    child.expect(r"Storyteller .*\[Anonymous\]: ")  # the default is shown
    child.sendline("")
    child.expect(r"Place.*: ")
    child.sendline("Hull")
    child.expect(r"Date the story was told \(YYYY-MM-DD\) \[\d{4}-\d\d-\d\d\]: ")
    child.sendline("3024-01-01")
    child.expect("in the future")
    child.sendline("2024-02-03")
    # Each vocabulary is listed with its one-line summary before the question.
    child.expect(r"Perspectives to choose from:")
    child.expect(r"commissioner\s+Someone who decides what services are paid for")
    child.expect(r"Perspectives \(ids separated by commas, at least one\): ")
    child.sendline("peer-suporter")
    child.expect(r"'peer-suporter' is not in the list. Did you mean 'peer-supporter'\?")
    child.sendline("peer-supporter, volunteer")
    child.expect(r"give-each-other-respect\s+A short summary of Give each other respect.")
    child.expect(r"Principles \(ids .*\): ")
    child.sendline("give-each-other-respect")
    child.expect(r"Challenges \(ids .*or leave empty\): ")
    child.sendline("")
    child.expect(r"bereavement\s+Mentions of death and grief.")
    child.expect(r"Content notes \(ids .*\): ")
    child.sendline("")
    child.expect(r"Where may it appear.*\[web, print\]: ")
    child.sendline("web")
    child.expect("Wrote stories/tea-in-the-drop-in-kitchen.md")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (root / "stories" / "tea-in-the-drop-in-kitchen.md").read_text(encoding="utf-8")
    assert "perspective: [peer-supporter, volunteer]\n" in text
    assert "told: 2024-02-03\n" in text and "place: Hull\n" in text
    assert "  scope: [web]\n" in text and "storyteller: Anonymous\n" in text
    assert "summary: How a cup of tea started a conversation.\n" in text


def test_new_stops_cleanly_on_ctrl_d(tmp_path):
    root = write_archive(tmp_path / "a")
    child = pexpect.spawn(VOICES, ["--root", str(root), "new"], encoding="utf-8", timeout=20)
    child.expect("Title of the story: ")
    child.sendeof()
    child.expect("nothing was written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert [p.name for p in (root / "stories").glob("*.md")] == []


MISTAKES = story_text("Mistakes", principles="[give-each-other-respekt]").replace(
    "place: Leeds", "place: Leeds\nsummery: oops")


def test_check_github_format_annotates_the_right_lines(tmp_path, capsys):
    root = write_archive(tmp_path / "a", {**RESPECT, "stories/mistakes.md": MISTAKES})
    lines = MISTAKES.splitlines()
    code, out, _ = run(root, "check", "--format", "github", "--today", TODAY.isoformat(),
                       capsys=capsys)
    assert code == 1
    annotations = [GITHUB_LINE.match(line) for line in out.splitlines()[:-1]]
    assert annotations and all(annotations), out
    by_rule = {m.group(5): m for m in annotations}
    principle = by_rule["unknown-principle"]
    assert principle.group(2) == "stories/mistakes.md"
    line, col = int(principle.group(3)), int(principle.group(4))
    assert lines[line - 1][col - 1:].startswith("give-each-other-respekt")
    assert principle.group(6) == ("The principle 'give-each-other-respekt' does not exist."
                                  "%0ADid you mean 'give-each-other-respect'? Known: "
                                  "give-each-other-respect, relationships, respect.")
    unknown = by_rule["unknown-field"]
    assert lines[int(unknown.group(3)) - 1].startswith("summery:")
    assert out.splitlines()[-1].startswith("2 errors")


def test_check_github_format_escapes_workflow_command_characters(tmp_path, capsys):
    # A file name with a comma and a message with a newline must not break GitHub's syntax.
    bad = "stories/a,b.md"
    root = write_archive(tmp_path / "a", {bad: "no front matter\n"})
    code, out, _ = run(root, "check", "--format", "github", capsys=capsys)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=stories/a%2Cb.md,title=bad-file-name::")
    assert "\n" not in first and "%0A" in first


def test_check_json_format(tmp_path, capsys):
    root = write_archive(tmp_path / "a", {**RESPECT, "stories/mistakes.md": MISTAKES})
    code, out, _ = run(root, "check", "--format", "json", "--today", TODAY.isoformat(),
                       capsys=capsys)
    data = json.loads(out)
    assert code == 1 and data["files_checked"] == 7
    assert {p["rule"] for p in data["problems"]} == {"unknown-principle", "unknown-field"}


def test_withdraw_keeps_only_a_dated_record(tmp_path, capsys):
    root = write_archive(tmp_path / "a", {"stories/going.md": story_text("Going")})
    code, out, _ = run(root, "withdraw", "going", "--today", "2026-01-02", capsys=capsys)
    assert code == 0 and "history" in out
    text = (root / "stories" / "going.md").read_text(encoding="utf-8")
    assert text == "---\nstatus: withdrawn\nwithdrawn: 2026-01-02\n---\n"
    code, out, _ = run(root, "check", capsys=capsys)
    assert code == 0, out
    # Asking again changes nothing, not even the date.
    code, out, _ = run(root, "withdraw", "going", "--today", "2026-03-03", capsys=capsys)
    assert code == 0 and "already withdrawn on 2026-01-02" in out
    assert "2026-01-02" in (root / "stories" / "going.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("story_id, code, words", [
    ("gone", 1, "Did you mean 'going'?"),
    ("../etc", 2, "is not a story id"),
])
def test_withdraw_refuses_what_is_not_a_story(tmp_path, capsys, story_id, code, words):
    root = write_archive(tmp_path / "a", {"stories/going.md": story_text("Going")})
    got, _, err = run(root, "withdraw", story_id, capsys=capsys)
    assert got == code and words in err


def test_default_archive_passes_check(capsys):
    code, out, _ = run(REPO, "check", capsys=capsys)
    assert code == 0, out
