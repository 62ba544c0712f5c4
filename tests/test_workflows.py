"""The GitHub workflows: they parse, the daily ones have a valid schedule, and the consent review
keeps one issue that names stories by id only."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, story_text, write_archive
from voices.cli import main

WORKFLOWS = REPO / ".github" / "workflows"
# Ranges of the five cron fields, and the names GitHub also accepts for months and weekdays.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
CRON_FIELDS = [(0, 59, ()), (0, 23, ()), (1, 31, ()), (1, 12, MONTHS), (0, 6, DAYS)]


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    return {on: None} if isinstance(on, str) else {k: None for k in on} if isinstance(
        on, list) else on


def valid_cron(expr: str) -> bool:
    fields = expr.split()
    if len(fields) != 5:
        return False
    for text, (low, high, names) in zip(fields, CRON_FIELDS):
        for part in text.lower().split(","):
            value, _, step = part.partition("/")
            if step and not (step.isdigit() and int(step) > 0):
                return False
            if value == "*":
                continue
            ends = value.split("-")
            if len(ends) > 2:
                return False
            numbers = []
            for end in ends:
                if end in names:
                    numbers.append(names.index(end) + low)
                elif end.isdigit() and low <= int(end) <= high:
                    numbers.append(int(end))
                else:
                    return False
            if numbers != sorted(numbers):
                return False
    return True


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def step(workflow: dict, name: str) -> str:
    return next(s["run"] for s in steps(workflow) if s.get("name") == name)


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.y*ml")), ids=lambda p: p.name)
def test_every_workflow_parses(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict) and workflow["jobs"] and triggers(workflow)


def test_cron_checker():
    assert valid_cron("17 4 * * *") and valid_cron("*/15 0-6 1,15 jan-jun mon-fri")
    for bad in ("17 4 * *", "60 4 * * *", "17 24 * * *", "0 0 0 * *", "0 0 * 13 *",
                "0 0 * * 7-1", "*/0 * * * *", "a b c d e"):
        assert not valid_cron(bad), bad


@pytest.mark.parametrize("name", ["deploy.yml", "consent-review.yml"])
def test_daily_workflows_have_a_valid_schedule(name):
    on = triggers(load(name))
    crons = [entry["cron"] for entry in on["schedule"]]
    assert crons and all(valid_cron(c) for c in crons), crons
    assert "workflow_dispatch" in on


def test_deploy_still_runs_on_push_to_main():
    assert triggers(load("deploy.yml"))["push"]["branches"] == ["main"]


FITS = "Check the site fits GitHub Pages"


@pytest.mark.parametrize(("megabytes", "code", "said"), [
    (0, 0, None),
    (900, 0, "::warning title=Nearly too big for GitHub Pages::The built site is 0.90 GB of "),
    (1100, 1, "::error title=Too big for GitHub Pages::The built site is 1.10 GB, and GitHub "
              "Pages publishes at most 1 GB."),
])
def test_deploy_says_when_the_site_outgrows_github_pages(tmp_path, megabytes, code, said):
    """Before the upload: an error past Pages' 1 GB, a warning past 800 MB, each pointing to
    the object storage workflow. The files are sparse: their size costs no disk."""
    workflow = load("deploy.yml")
    order = [s.get("name") or s.get("uses", "") for s in steps(workflow)]
    assert order.index("Build the site") < order.index(FITS) < order.index(
        "actions/upload-pages-artifact@v3")
    (tmp_path / "site" / "stories").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("<p>Home</p>")
    if megabytes:
        with open(tmp_path / "site" / "stories" / "big.bin", "wb") as f:
            f.truncate(megabytes * 1000 * 1000)
    result = subprocess.run(["bash", "-e", "-c", step(workflow, FITS)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == code, result.stderr
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    if said is None:
        assert annotations == [] and "The built site is 0.00 GB." in result.stdout
    else:
        assert len(annotations) == 1 and annotations[0].startswith(said)
        assert 'deploy-cdn.yml instead: see "Hosting a large archive on object storage and a ' \
               'CDN" in the README.' in annotations[0]
        assert "## Hosting a large archive on object storage and a CDN" in (
            REPO / "README.md").read_text(encoding="utf-8")


def test_the_starters_deploy_checks_the_size_the_same_way():
    ours = step(load("deploy.yml"), FITS)
    starter = REPO / "scripts/voices/cli/starter/dot-github/workflows/deploy.yml"
    assert step(yaml.safe_load(starter.read_text(encoding="utf-8")), FITS) == ours


def test_consent_review_lists_due_stories_and_may_write_issues():
    workflow = load("consent-review.yml")
    runs = " ".join(s.get("run", "") for s in steps(workflow))
    assert re.search(r"\bvoices consent\b[^\n]*--due \d+", runs)
    assert "--format json" in runs
    perms = [workflow.get("permissions", {})]
    perms += [job.get("permissions", {}) for job in workflow["jobs"].values()]
    assert any(p.get("issues") == "write" for p in perms)
    assert all(p.get("contents", "read") == "read" for p in perms)  # nothing else to write
    env = {k: v for job in workflow["jobs"].values() for k, v in job.get("env", {}).items()}
    assert env["GH_TOKEN"] == "${{ github.token }}"


@pytest.fixture
def bin_dir(tmp_path) -> Path:
    """A folder for PATH with `python` (this interpreter) and a fake `gh` that logs its calls
    and answers `issue list` and `issue view` from FAKE_NUMBER and FAKE_BODY."""
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python").symlink_to(sys.executable)
    gh = folder / "gh"
    gh.write_text('#!/bin/bash\necho "$*" >> "$GH_LOG"\n'
                  'case "$1 $2" in\n'
                  '  "issue list") echo "$FAKE_NUMBER" ;;\n'
                  '  "issue view") printf "%s\\n" "$FAKE_BODY" ;;\n'
                  'esac\n')
    gh.chmod(0o755)
    return folder


def run_step(script: str, cwd: Path, bin_dir: Path, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                "GH_LOG": str(cwd / "gh.log"), "LABEL": "consent-review", **env}
    return subprocess.run(["bash", "-e", "-c", script], check=False, cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=60)


def issue_body(tmp_path: Path, bin_dir: Path, capsys) -> str:
    root = write_archive(tmp_path / "archive", {
        "stories/lapsed.md": story_text("Quiet Harbour").replace(
            "  scope: [web, print]\n", "  scope: [web, print]\n  review: 2026-11-01\n"),
        "stories/kept.md": story_text("Long Road"),
    })
    assert main(["--root", str(root), "consent", "--due", "30", "--format", "json",
                 "--today", "2026-11-23"]) == 0
    (tmp_path / "due.json").write_text(capsys.readouterr().out, encoding="utf-8")
    result = run_step(step(load("consent-review.yml"), "Write the issue's text"), tmp_path,
                      bin_dir)
    assert result.returncode == 0, result.stderr
    return (tmp_path / "body.md").read_text(encoding="utf-8")


def test_issue_text_names_ids_dates_and_states_only(tmp_path, bin_dir, capsys):
    body = issue_body(tmp_path, bin_dir, capsys)
    assert "| `lapsed` | 2026-11-01 | expired |" in body
    assert "kept" not in body  # not due
    for detail in ("Quiet Harbour", "Long Road", "Sam", "Leeds", "2024-05-02", "story of"):
        assert detail not in body


def test_issue_text_is_empty_when_nothing_is_due(tmp_path, bin_dir):
    (tmp_path / "due.json").write_text(json.dumps([]))
    script = step(load("consent-review.yml"), "Write the issue's text")
    assert run_step(script, tmp_path, bin_dir).returncode == 0
    assert (tmp_path / "body.md").read_bytes() == b""


BODY = "| story | review by | state |\n|---|---|---|\n| `a` | 2026-12-01 | published |\n"


@pytest.mark.parametrize("number, old_body, new_body, expected", [
    ("", "", BODY, ["issue list", "label create consent-review", "issue create"]),
    ("7", BODY.strip(), BODY, ["issue list", "issue view 7"]),  # unchanged: left alone
    ("7", BODY.strip().replace("\n", "\r\n"), BODY, ["issue list", "issue view 7"]),
    ("7", "an older list", BODY, ["issue list", "issue view 7", "issue edit 7"]),
    ("7", BODY.strip(), "", ["issue list", "issue close 7"]),
    ("", "", "", ["issue list"]),
])
def test_one_issue_is_opened_updated_or_closed(tmp_path, bin_dir, number, old_body, new_body,
                                               expected):
    (tmp_path / "body.md").write_text(new_body, encoding="utf-8")
    script = step(load("consent-review.yml"), "Open, update or close the issue")
    result = run_step(script, tmp_path, bin_dir, FAKE_NUMBER=number, FAKE_BODY=old_body)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert len(calls) == len(expected), calls
    assert all(call.startswith(e) for call, e in zip(calls, expected)), calls
    if "issue create" in calls[-1]:
        assert "--label consent-review" in calls[-1] and "--body-file body.md" in calls[-1]
