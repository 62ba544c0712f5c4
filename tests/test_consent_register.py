"""`voices consent`: the keeper's register of consent, review dates and what the site shows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from conftest import story_text, write_archive
from voices.cli import main

TODAY = dt.date(2026, 11, 23)


def with_review(title: str, review: dt.date, scope: str = "[web, print]") -> str:
    return story_text(title, scope=scope).replace(
        f"  scope: {scope}\n", f"  scope: {scope}\n  review: {review.isoformat()}\n")


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def root(tmp_path):
    root = write_archive(tmp_path / "archive", {
        "stories/open-door.md": story_text("Open door"),  # no review: listed last
        "stories/on-paper.md": with_review("On paper", days(10), scope="[print]"),
        "stories/lapsed.md": with_review("Lapsed", days(-3)),
        "stories/far-off.md": with_review("Far off", days(400), scope="[web]"),
        "stories/due-today.md": with_review("Due today", TODAY),
        "stories/gone.md": story_text("Gone"),
    })
    # A withdrawn story, made the way keepers make one: only its record stays.
    assert main(["--root", str(root), "withdraw", "gone", "--today", "2026-01-05"]) == 0
    return root


def run(root, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "consent", "--today", TODAY.isoformat(), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(root, capsys, *args: str) -> list[dict]:
    code, out, err = run(root, capsys, "--format", "json", *args)
    assert code == 0 and err == ""
    return json.loads(out)


def test_each_state_and_its_row(root, capsys):
    by_id = {r["id"]: r for r in rows(root, capsys)}
    assert by_id["open-door"] == {
        "id": "open-door", "scope": ["web", "print"], "consent_date": "2024-05-02",
        "review_date": None, "days_left": None, "state": "published", "withdrawn_date": None}
    assert by_id["on-paper"]["state"] == "print only"
    assert by_id["on-paper"]["scope"] == ["print"] and by_id["on-paper"]["days_left"] == 10
    assert by_id["lapsed"]["state"] == "expired" and by_id["lapsed"]["days_left"] == -3
    # Consent holds through its review day, as the build has it (index.consented).
    assert by_id["due-today"]["state"] == "published" and by_id["due-today"]["days_left"] == 0
    assert by_id["far-off"]["state"] == "published" and by_id["far-off"]["days_left"] == 400
    assert by_id["gone"] == {
        "id": "gone", "scope": [], "consent_date": None, "review_date": None,
        "days_left": None, "state": "withdrawn", "withdrawn_date": "2026-01-05"}


def test_sorted_by_review_date_then_id_with_no_review_last(root, capsys):
    assert [r["id"] for r in rows(root, capsys)] == [
        "lapsed", "due-today", "on-paper", "far-off", "gone", "open-door"]


def test_withdrawn_record_that_kept_its_consent_shows_no_review(tmp_path, capsys):
    root = write_archive(tmp_path, {"stories/kept.md": with_review("Kept", days(-40)).replace(
        "status: published", "status: withdrawn\nwithdrawn: 2026-02-01")})
    [row] = rows(root, capsys)
    assert row["state"] == "withdrawn" and row["consent_date"] == "2024-05-02"
    assert row["review_date"] is None and row["days_left"] is None
    assert rows(root, capsys, "--due", "365") == []


@pytest.mark.parametrize("due, expected", [
    ("0", ["lapsed", "due-today"]),
    ("10", ["lapsed", "due-today", "on-paper"]),
    ("399", ["lapsed", "due-today", "on-paper"]),
    ("400", ["lapsed", "due-today", "on-paper", "far-off"]),
])
def test_due_keeps_expired_and_soon_never_withdrawn_or_without_review(root, capsys, due, expected):
    assert [r["id"] for r in rows(root, capsys, "--due", due)] == expected


def test_text_is_an_aligned_table_with_a_summary(root, capsys):
    code, out, err = run(root, capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["id", "scope", "consent", "review", "days", "left", "state",
                                "withdrawn"]
    assert len(lines) == 1 + 6 + 1
    starts = {line.index(" 2024-05-02") for line in lines[1:-1] if "2024-05-02" in line}
    assert len(starts) == 1  # the consent column starts at one place in every row
    assert lines[-1] == ("6 stories: 3 published, 1 print only, 1 expired, 1 withdrawn; "
                         "2 due within 30 days")
    code, out, _ = run(root, capsys, "--due", "10")
    assert out.splitlines()[-1] == ("3 stories: 1 published, 1 print only, 1 expired; "
                                    "2 due within 10 days")


def test_csv_has_a_header_and_one_row_per_story(root, capsys):
    code, out, _ = run(root, capsys, "--format", "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == ["id", "scope", "consent_date", "review_date", "days_left", "state",
                        "withdrawn_date"]
    assert table[1] == ["lapsed", "web print", "2024-05-02", days(-3).isoformat(), "-3",
                        "expired", ""]
    assert len(table) == 7 and {r[5] for r in table[1:]} == {
        "published", "print only", "expired", "withdrawn"}


def test_json_keys_are_sorted(root, capsys):
    _, out, _ = run(root, capsys, "--format", "json")
    for obj in json.loads(out):
        assert list(obj) == sorted(obj)


def test_an_unreadable_file_is_skipped_and_named_on_stderr(root, capsys):
    (root / "stories" / "broken.md").write_text("---\ntitle: [never closed\n---\nText.\n")
    (root / "stories" / "_template.md").write_text("---\ntitle: nothing here\n---\n")
    code, out, err = run(root, capsys)
    assert code == 0
    assert err.strip().count("\n") == 0 and "stories/broken.md" in err and "voices check" in err
    assert "broken" not in out and "_template" not in out
    assert out.splitlines()[-1].endswith("(1 file skipped)")


def test_a_story_with_other_errors_is_still_listed(tmp_path, capsys):
    # The title is missing and a principle is unknown: the check fails, the consent still shows.
    text = with_review("Half done", days(5)).replace("title: Half done\n", "")
    root = write_archive(tmp_path, {"stories/half-done.md": text.replace("[respect]", "[nope]")})
    assert main(["--root", str(root), "check", "--today", TODAY.isoformat()]) == 1
    capsys.readouterr()
    [row] = rows(root, capsys)
    assert row["id"] == "half-done" and row["days_left"] == 5 and row["state"] == "published"


def test_no_stories(tmp_path, capsys):
    root = write_archive(tmp_path)
    code, out, _ = run(root, capsys)
    assert code == 0 and out == "0 stories: 0 due within 30 days\n"
    assert rows(root, capsys) == []


@pytest.mark.parametrize("args", [["--due", "-1"], ["--due", "soon"], ["--format", "xml"],
                                  ["--today", "tomorrow"], ["--bogus"]])
def test_usage_errors_exit_2(root, capsys, args):
    assert main(["--root", str(root), "consent", *args]) == 2
    assert "voices: error:" in capsys.readouterr().err


def test_missing_archive_folder_exits_2(tmp_path, capsys):
    assert main(["--root", str(tmp_path / "nowhere"), "consent"]) == 2


def test_register_reads_front_matter_without_the_site_renderer():
    # The register must answer quickly and on a machine set up only to check stories.
    code = ("import sys, voices.cli.consent; "
            "print(sorted(m for m in ('jinja2', 'markdown', 'mkdocs') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "[]"
