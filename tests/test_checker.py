"""Each checker rule: a file that breaks it (reported with the right rule, file and line) and a
near-identical file that passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TODAY, story_text, write_archive
from voices.cli import main

S = "stories/s.md"
GOOD = story_text("Good story")


def swap(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


# rule -> (bad files, good files, line of the problem in the bad file or 0 for the whole file)
CASES: dict[str, tuple[dict, dict, int]] = {
    "no-front-matter": ({S: "Just a story.\n"}, {S: GOOD}, 1),
    "unclosed-front-matter": ({S: "---\ntitle: x\n"}, {S: GOOD}, 1),
    "yaml-syntax": ({S: swap("place: Leeds", "place: [Leeds")}, {S: GOOD}, 10),
    "yaml-anchor": ({S: swap("storyteller: Sam", "storyteller: &a Sam")}, {S: GOOD}, 4),
    "yaml-tag": ({S: swap("storyteller: Sam", "storyteller: !!python/name:os.system Sam")},
                 {S: GOOD}, 4),
    "duplicate-field": ({S: swap("place: Leeds", "place: Leeds\nplace: York")}, {S: GOOD}, 10),
    "unknown-field": ({S: swap("place: Leeds", "plaice: Leeds")}, {S: GOOD}, 9),
    "missing-field": ({S: swap("storyteller: Sam\n", "")}, {S: GOOD}, 1),
    "wrong-type": ({S: swap("illustrative: true", "illustrative: maybe")}, {S: GOOD}, 14),
    "too-long": ({S: swap("summary: A story about Good story.", "summary: " + "x" * 301)},
                 {S: swap("summary: A story about Good story.", "summary: " + "x" * 300)}, 3),
    "bad-date": ({S: swap("told: 2024-05-01", "told: 2024-13-01")}, {S: GOOD}, 8),
    "future-date": ({S: swap("told: 2024-05-01", "told: 2027-05-01")}, {S: GOOD}, 8),
    "bad-lang": ({S: swap("illustrative: true", "illustrative: true\nlang: english please")},
                 {S: swap("illustrative: true", "illustrative: true\nlang: cy")}, 15),
    "unknown-value": ({S: swap("status: published", "status: draft")}, {S: GOOD}, 13),
    "unknown-principle": ({S: story_text(principles="[respekt]")}, {S: GOOD}, 6),
    "unknown-challenge": ({S: story_text(challenges="[comms]")}, {S: GOOD}, 7),
    "unknown-perspective": ({S: swap("[lived-experience]", "[lived-experiance]")}, {S: GOOD}, 5),
    "unknown-content-note": ({S: swap("place: Leeds", "place: Leeds\ncontent_notes: [grief]")},
                             {S: swap("place: Leeds", "place: Leeds\ncontent_notes: "
                                                      "[bereavement]")}, 10),
    "unknown-scope": ({S: story_text(scope="[web, radio]")}, {S: GOOD}, 12),
    "no-tags": ({S: story_text(principles="[]", challenges="[]")}, {S: GOOD}, 1),
    "empty-body": ({S: GOOD.split("---\n")[0] + "---\n" + GOOD.split("---\n")[1] + "---\n\n"},
                   {S: GOOD}, 16),
    "placeholder-body": ({S: GOOD + "\nReplace this paragraph with the story, in the "
                          "storyteller's own words.\n"}, {S: GOOD}, 18),
    "raw-html": ({S: GOOD + "\n<b>bold</b>\n"}, {S: GOOD + "\n**bold**\n"}, 18),
    "html-comment": ({S: GOOD + "\n<!-- hidden -->\n"}, {S: GOOD}, 18),
    "attribute-list": ({S: GOOD + "\nA paragraph.\n{: onclick=\"x\" }\n"},
                       {S: GOOD + "\nA paragraph.\n"}, 19),
    "extension-syntax": ({S: GOOD + '\n--8<-- "secret.txt"\n'}, {S: GOOD}, 18),
    "unsafe-link": ({S: GOOD + "\n[click](javascript:alert(1))\n"},
                    {S: GOOD + "\n[click](https://example.org)\n"}, 18),
    "external-image": ({S: GOOD + "\n![a](https://example.org/a.png)\n"}, {S: GOOD}, 18),
    "missing-image": ({S: GOOD + "\n![a](images/none.png)\n"},
                      {S: GOOD + "\n![a](images/a.png)\n", "stories/images/a.png": b"\x89PNG"},
                      18),
    "private-detail": ({S: GOOD + "\nWrite to me at sam@example.org.\n"}, {S: GOOD}, 18),
    "consent-expired": ({S: swap("scope: [web, print]",
                                 "scope: [web, print]\n  review: 2026-01-01")},
                        {S: swap("scope: [web, print]",
                                 "scope: [web, print]\n  review: 2028-01-01")},
                        13),
    "consent-review-soon": ({S: swap("scope: [web, print]", "scope: [web, print]\n"
                                                            "  review: 2026-12-01")},
                            {S: GOOD}, 13),
    "withdrawn-has-text": ({S: "---\nstatus: withdrawn\nwithdrawn: 2026-01-01\n---\nOld text.\n"},
                           {S: "---\nstatus: withdrawn\nwithdrawn: 2026-01-01\n---\n"}, 2),
    "bad-file-name": ({"stories/My Story.md": GOOD}, {"stories/my-story.md": GOOD}, 0),
    "duplicate-title": ({S: GOOD, "stories/t.md": GOOD}, {S: GOOD, "stories/t.md": story_text("T")},
                        2),
    "not-utf8": ({S: GOOD.encode("utf-8") + "caf\u00e9\n".encode("latin-1")},
                 {S: GOOD.encode("utf-8") + "caf\u00e9\n".encode("utf-8")}, 17),
    "file-too-large": ({S: GOOD + "word " * 50_000}, {S: GOOD + "word " * 30_000}, 0),
    "question-count": ({"principles/respect.md": "---\ntitle: Respect\norder: 1\nsummary: s\n"
                        "questions:\n  - Only one?\n---\nText.\n"}, {}, 5),
}


def check(root: Path, *args: str, capsys) -> tuple[int, dict]:
    code = main(["--root", str(root), "check", "--format", "json", "--today", TODAY.isoformat(),
                 *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails_on_bad_file(rule, tmp_path, capsys):
    bad, _, line = CASES[rule]
    root = write_archive(tmp_path, bad)
    code, report = check(root, capsys=capsys)
    found = [p for p in report["problems"] if p["rule"] == rule]
    assert found, report["problems"]
    expected_path = next(iter(bad)) if rule != "duplicate-title" else "stories/t.md"
    assert found[0]["path"] == expected_path
    assert found[0]["line"] == line
    assert found[0]["message"] and found[0]["hint"]
    assert code == (1 if found[0]["severity"] == "error" else 0)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_passes_on_good_file(rule, tmp_path, capsys):
    _, good, _ = CASES[rule]
    root = write_archive(tmp_path, good)
    code, report = check(root, capsys=capsys)
    assert [p for p in report["problems"] if p["rule"] == rule] == []
    assert code == 0, report["problems"]


def test_symlinked_story_is_refused(tmp_path, capsys):
    root = write_archive(tmp_path, {"elsewhere.md": GOOD})
    (root / "stories" / "linked.md").symlink_to(root / "elsewhere.md")
    code, report = check(root, capsys=capsys)
    assert code == 1
    assert [(p["path"], p["rule"]) for p in report["problems"]] == [("stories/linked.md",
                                                                      "symlink")]


def test_missing_vocabularies_is_an_error(tmp_path, capsys):
    root = write_archive(tmp_path)
    (root / "stories" / "_vocabularies.yml").unlink()
    code, report = check(root, capsys=capsys)
    assert code == 1
    assert "missing-vocabularies" in {p["rule"] for p in report["problems"]}


def test_every_problem_is_reported_in_one_run(tmp_path, capsys):
    text = story_text(principles="[respekt]", challenges="[comms]") + "\n<script>x</script>\n"
    root = write_archive(tmp_path, {S: text.replace("told: 2024-05-01", "told: 2099-01-01"),
                                    "stories/Bad Name.md": GOOD})
    code, report = check(root, capsys=capsys)
    rules = {p["rule"] for p in report["problems"]}
    assert {"unknown-principle", "unknown-challenge", "raw-html", "future-date",
            "bad-file-name"} <= rules
    assert code == 1


def test_text_output_matches_golden_file(tmp_path, capsys):
    root = write_archive(tmp_path, {S: story_text(principles="[respekt, relationship]")})
    code = main(["--root", str(root), "check", "--today", TODAY.isoformat()])
    golden = Path(__file__).parent / "fixtures" / "golden" / "misspelled-principles.txt"
    assert capsys.readouterr().out == golden.read_text(encoding="utf-8")
    assert code == 1


def test_default_archive_is_clean(capsys):
    code = main(["--root", str(Path(__file__).resolve().parent.parent), "check"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "error" not in out


def test_check_named_files_only_reports_those(tmp_path, capsys, monkeypatch):
    root = write_archive(tmp_path, {S: story_text(principles="[respekt]"), "stories/ok.md":
                                    story_text("Fine")})
    monkeypatch.chdir(root)
    code, report = check(root, "stories/ok.md", capsys=capsys)
    assert code == 0 and report["problems"] == []
    code, report = check(root, S, capsys=capsys)
    assert code == 1 and {p["path"] for p in report["problems"]} == {S}


@pytest.mark.parametrize("argv", [["check", "--format", "xml"], ["frobnicate"], [],
                                  ["check", "no/such/file.md"]])
def test_usage_errors_exit_2(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(write_archive(tmp_path))
    assert main(argv) == 2


@pytest.mark.parametrize("text, rule", [
    ("perspectives:\n  ../escape:\n    label: Out\ncontent_notes: {}\n", "bad-vocabulary-id"),
    ("perspectives: &p\n  a: {label: A}\ncontent_notes: *p\n", "yaml-anchor"),
    ("perspectives:\n  a: {label: <b>A</b>}\ncontent_notes: {}\n", "raw-html"),
    ("perspectives: [a, b]\ncontent_notes: {}\n", "bad-vocabulary"),
    ("perspectives:\n  a: {label: [A\n", "yaml-syntax"),
])
def test_vocabularies_file_is_checked_like_a_story(text, rule, tmp_path, capsys):
    root = write_archive(tmp_path)
    (root / "stories" / "_vocabularies.yml").write_text(text, encoding="utf-8")
    code, report = check(root, capsys=capsys)
    assert code == 1
    found = [p for p in report["problems"] if p["rule"] == rule]
    assert found and found[0]["path"] == "stories/_vocabularies.yml" and found[0]["line"] >= 1
