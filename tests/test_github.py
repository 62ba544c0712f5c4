"""The .github folder and the pre-commit hook: valid YAML, safe for forks, calling the same
commands as the README and Makefile, and forms that match the archive's vocabularies."""

from __future__ import annotations

import fnmatch
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, write_archive
from voices.core.archive import load_archive

GITHUB = REPO / ".github"
VOICES = str(Path(sys.executable).parent / "voices")


def workflow(name: str) -> dict:
    data = yaml.safe_load((GITHUB / "workflows" / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key 'on' as true; GitHub reads it as 'on'.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(data: dict, job: str | None = None) -> list[dict]:
    jobs = [data["jobs"][job]] if job else data["jobs"].values()
    return [step for j in jobs for step in j.get("steps", [])]


def runs(data: dict, job: str | None = None) -> list[str]:
    return [step["run"].strip() for step in steps(data, job) if "run" in step]


def test_every_workflow_is_valid_and_never_uses_pull_request_target():
    files = sorted((GITHUB / "workflows").glob("*.yml"))
    assert {f.name for f in files} >= {"check.yml", "deploy.yml"}
    for path in files:
        code = "\n".join(line.split("#")[0] for line in path.read_text().splitlines())
        assert "pull_request_target" not in code, path.name
        data = workflow(path.name)
        assert "pull_request_target" not in data["on"], path.name
        assert data["name"] and data["on"] and data["jobs"], path.name
        # Least privilege: read only, but for the consent review, which keeps one issue open.
        wanted = {"contents": "read"} | ({"issues": "write"} if path.name ==
                                         "consent-review.yml" else {})
        assert data["permissions"] == wanted, path.name
        for step in steps(data):
            if "uses" in step:  # every action pinned to a major version at least
                assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)?@v\d+", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["persist-credentials"] is False


def test_check_workflow_runs_the_readme_commands_on_pull_requests():
    data = workflow("check.yml")
    assert "pull_request" in data["on"]
    commands = runs(data, "check")
    assert commands == ["pip install -e .", "voices check --format github",
                        "mkdocs build --strict --site-dir site"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "voices check" in readme and "--format github" in readme
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "$(VENV)/bin/mkdocs build --strict --site-dir site" in makefile  # `make site`
    setup = [s for s in steps(data, "check")
             if s.get("uses", "").startswith("actions/setup-python")]
    # The test suite and ruff run on every pull request too.
    assert ".ci/run" in runs(data, "test") and any("ruff check" in r for r in runs(data, "lint"))
    assert setup and float(setup[0]["with"]["python-version"]) >= 3.11


def test_check_workflow_commands_pass_on_this_repository():
    # The step GitHub runs, run here the same way: the default archive must pass.
    command = shlex.split(runs(workflow("check.yml"), "check")[1])
    assert command[0] == "voices"
    result = subprocess.run([VOICES, *command[1:]], cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("All good")


def test_deploy_workflow_builds_main_and_publishes_to_pages():
    data = workflow("deploy.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert "mkdocs build --strict --site-dir site" in runs(data)
    uses = [s.get("uses", "") for s in steps(data)]
    upload = next(s for s in steps(data) if s.get("uses", "").startswith(
        "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    # The guides' PDFs cached between deploys, in the folder the plugin keeps them in.
    from voices.build.settings import CACHE

    order = [s.get("uses", "") or s.get("run", "") for s in steps(data)]
    cache = next(s for s in steps(data) if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == CACHE.parts[0]
    assert order.index(cache["uses"]) < order.index("mkdocs build --strict --site-dir site")
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


@pytest.mark.parametrize("folder", [GITHUB, REPO / "scripts/voices/cli/starter/dot-github"])
def test_pull_requests_are_checked_with_what_the_deploy_kept(folder: Path):
    """A pull request's check starts from the reads, PDFs and templates that the deploy on main
    kept (a story is read again only if it changed), and saves nothing of its own."""
    from voices.build.settings import CACHE

    def load(name: str) -> dict:
        return yaml.safe_load((folder / "workflows" / name).read_text(encoding="utf-8"))

    check, deploy = load("check.yml"), load("deploy.yml")
    order = [s.get("uses", "") or s.get("run", "") for s in steps(check, "check")]
    caches = [u for u in order if u.startswith("actions/cache")]
    assert len(caches) == 1 and caches[0].startswith("actions/cache/restore@")
    restore = next(s for s in steps(check, "check") if s.get("uses") == caches[0])["with"]
    kept = next(s for s in steps(deploy) if s.get("uses", "").startswith("actions/cache@"))
    assert restore["path"] == kept["with"]["path"] == CACHE.parts[0]
    assert restore["restore-keys"] == kept["with"]["restore-keys"]
    assert kept["with"]["key"].startswith(restore["restore-keys"])
    assert order.index(caches[0]) < order.index("voices check --format github")


def _owned(path: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        anchored = pattern.startswith("/")
        pattern = pattern.lstrip("/")
        if pattern.endswith("/"):
            if path.startswith(pattern) or (not anchored and f"/{pattern}" in f"/{path}"):
                return True
        elif fnmatch.fnmatch(path, pattern) or (not anchored and path.endswith("/" + pattern)):
            return True
    return False


def test_codeowners_covers_what_runs_at_build_time():
    lines = [line.split() for line in (GITHUB / "CODEOWNERS").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert all(len(parts) >= 2 and parts[1].startswith("@") for parts in lines)
    patterns = [parts[0] for parts in lines]
    for path in ["mkdocs.yml", "theme/assets/site.css", "scripts/voices/adapter/theme/main.html",
                 "scripts/voices/adapter/plugin.py", ".github/workflows/check.yml",
                 "pyproject.toml", ".cache/voices/templates/__jinja2_0.cache"]:
        assert _owned(path, patterns), path
    assert not _owned("stories/a-story.md", patterns)  # stories need no code review


def test_pull_request_template_has_a_consent_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)", text, re.MULTILINE)
    assert len(boxes) >= 5
    joined = " ".join(boxes)
    for words in ("agreed", "consent.scope", "public", "withdrawn", "phone numbers"):
        assert words in joined, words


def test_issue_form_matches_the_archive():
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "share-my-story.yml").read_text())
    assert form["name"] == "Share my story without GitHub"
    assert form["description"] and form["body"]
    items = {item.get("id"): item for item in form["body"]}
    intro = form["body"][0]["attributes"]["value"]
    assert "public" in intro and "@" in intro  # says it is public, and gives the private route
    for item in form["body"]:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        if item["type"] != "markdown":
            assert item["attributes"]["label"] and re.fullmatch(r"[a-z_]+", item["id"])
    archive = load_archive(REPO).archive
    options = {name: items[name]["attributes"]["options"]
               for name in ("perspective", "principles", "challenges")}
    assert options["principles"] == [t.title for t in archive.principles.values()]
    assert options["challenges"] == [t.title for t in archive.challenges.values()]
    assert options["perspective"] == [v.label for v in archive.perspectives.values()]
    consent = items["consent"]["attributes"]["options"]
    assert all(option["required"] for option in consent)
    for required in ("title", "summary", "story", "storyteller", "told", "perspective"):
        assert items[required]["validations"]["required"] is True, required


@pytest.mark.parametrize("name", [".pre-commit-config.yaml", ".pre-commit-hooks.yaml"])
def test_pre_commit_hook_checks_staged_stories(tmp_path, name):
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    hooks = data if isinstance(data, list) else data["repos"][0]["hooks"]
    hook = next(h for h in hooks if h["id"] == "voices-check")
    assert hook["entry"].endswith("voices check") and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    staged = ["stories/good.md", "stories/bad.md", "stories/images/photo.jpg", "content/index.md",
              "principles/respect.md"]
    chosen = [path for path in staged if files.search(path)]
    assert chosen == ["stories/good.md", "stories/bad.md", "principles/respect.md"]
    # Run the hook's command as pre-commit would: from the archive, with the staged files.
    from conftest import story_text

    root = write_archive(tmp_path / "a", {"stories/good.md": story_text("Good"),
                                          "stories/bad.md": story_text("Bad", principles="[x]")})
    result = subprocess.run([VOICES, "check", *chosen], cwd=root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "stories/bad.md:6:14:" in result.stdout and "good.md" not in result.stdout
    result = subprocess.run([VOICES, "check", "stories/good.md"], cwd=root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout
