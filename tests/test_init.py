"""`voices init DIR`: a new archive that checks clean and builds at once, never overwriting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, mkdocs_build
from voices.cli import main
from voices.cli import init as init_cmd
from voices.cli import starter_files as kit

FLAGS = ["--name", "Stories from Riverside", "--url", "https://stories.riverside.example/",
         "--email", "hello@riverside.example", "--repo", "riverside-group/stories", "--no-input"]

EVERY_FILE = {
    "mkdocs.yml", "Makefile", "README.md", "CONTRIBUTING.md", ".gitignore",
    ".github/PULL_REQUEST_TEMPLATE.md", ".github/workflows/check.yml",
    ".github/workflows/deploy.yml", ".github/workflows/consent-review.yml",
    ".github/workflows/deploy-cdn.yml", ".github/scripts/publish-cdn.sh",
    "content/index.md", "content/about.md", "content/purpose.md", "content/share-your-story.md",
    "content/share-form.md", "content/safe-spaces.md", "content/support.md",
    "content/guides/index.md", "content/guides/cards.md",
    "stories/_template.md", "stories/_vocabularies.yml", "stories/_glossary.yml",
    "stories/an-example-story.md",
    *(f"principles/{p.name}" for p in (REPO / "principles").glob("*.md")),
    *(f"challenges/{p.name}" for p in (REPO / "challenges").glob("*.md")),
}
EXAMPLE_TERMS = {"principles/example-principle.md", "challenges/example-challenge.md"}


def init(root: Path, *args: str) -> int:
    return main(["init", str(root), *args])


def files_in(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def workflow(root: Path, name: str) -> dict:
    data = yaml.safe_load((root / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("init") / "riverside"
    assert init(root, *FLAGS) == 0
    return root


def test_writes_every_file_and_nothing_else(archive):
    assert files_in(archive) == EVERY_FILE
    for path in archive.rglob("*"):
        if path.is_file():
            assert "${voices_" not in path.read_text(encoding="utf-8"), path


def test_fills_in_the_settings(archive):
    config = yaml.safe_load((archive / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Stories from Riverside"
    assert config["site_url"] == "https://stories.riverside.example/"
    assert config["repo_url"] == "https://github.com/riverside-group/stories"
    assert config["extra"]["voices"]["contact_email"] == "hello@riverside.example"
    assert config["plugins"] == ["voices"]
    assert config["docs_dir"] == "content" and config["use_directory_urls"] is True
    assert config["theme"]["name"] == "material" and "custom_dir" not in config["theme"]
    assert all((archive / folder).is_dir() for folder in config["watch"])
    nav = yaml.safe_dump(config["nav"])
    for page in ("index.md", "finder.md", "share-form.md", "support.md", "about.md",
                 "guides/cards.md", "principles/index.md"):
        assert page in nav
    assert "hello@riverside.example" in (archive / "content/share-your-story.md").read_text()
    assert "hello@riverside.example" in (archive / "CONTRIBUTING.md").read_text()
    assert "https://stories.riverside.example/share-your-story/" in \
        (archive / ".github/PULL_REQUEST_TEMPLATE.md").read_text()
    assert "# Stories from Riverside" in (archive / "README.md").read_text()
    assert "[REPLACE]" in (archive / "content/about.md").read_text()


def test_example_story_is_marked_illustrative(archive):
    path = archive / "stories/an-example-story.md"
    data = front_matter(path)
    assert data["illustrative"] is True
    assert data["principles"] == ["give-each-other-respect"]
    assert "This is an example story" in path.read_text(encoding="utf-8")


def test_the_check_says_all_good(archive, capsys):
    assert main(["--root", str(archive), "check"]) == 0
    assert capsys.readouterr().out.startswith("All good")


def test_shared_files_are_the_repositorys(archive):
    """The starter's copies of the booklet, vocabularies, glossary, template and share form
    must stay byte-identical to this repository's: change one, and the other must follow."""
    starter = kit.STARTER
    for shared in kit.SHARED:
        ours, theirs = starter / shared, REPO / shared
        if theirs.is_dir():
            assert sorted(p.name for p in ours.iterdir()) == \
                sorted(p.name for p in theirs.glob("*.md")), shared
            pairs = [(ours / p.name, p) for p in theirs.glob("*.md")]
        else:
            pairs = [(ours, theirs)]
        for a, b in pairs:
            assert a.read_bytes() == b.read_bytes(), (
                f"{a.relative_to(REPO)} differs from {b.relative_to(REPO)}: copy one to the other")
            assert (archive / b.relative_to(REPO)).read_bytes() == b.read_bytes()


def test_never_overwrites(tmp_path, capsys):
    root = tmp_path / "archive"
    assert init(root, *FLAGS) == 0
    about = root / "content" / "about.md"
    about.write_text("---\ntitle: About us\n---\nOur own words.\n", encoding="utf-8")
    (root / "content" / "support.md").unlink()
    capsys.readouterr()
    assert init(root, "--name", "Another name", "--no-input") == 0
    out = capsys.readouterr().out
    assert about.read_text(encoding="utf-8").endswith("Our own words.\n")
    assert "Stories from Riverside" in (root / "mkdocs.yml").read_text()  # kept, not rewritten
    assert (root / "content" / "support.md").is_file()  # the missing file is written again
    assert "wrote 1 file." in out and f"Kept {len(EVERY_FILE) - 1} files" in out
    assert "  content/about.md\n" in out and "  mkdocs.yml\n" in out
    assert "  content/support.md\n" not in out


def test_example_terms(tmp_path, capsys):
    root = tmp_path / "archive"
    assert init(root, "--example-terms", *FLAGS) == 0
    written = files_in(root)
    assert {p for p in written if p.startswith(("principles/", "challenges/"))} == EXAMPLE_TERMS
    assert written == {p for p in EVERY_FILE
                       if not p.startswith(("principles/", "challenges/"))} | EXAMPLE_TERMS
    story = front_matter(root / "stories/an-example-story.md")
    assert story["principles"] == ["example-principle"]
    assert story["challenges"] == ["example-challenge"]
    capsys.readouterr()
    assert main(["--root", str(root), "check"]) == 0
    assert capsys.readouterr().out.startswith("All good")


@pytest.mark.parametrize("example_terms", [False, True], ids=["booklet", "example-terms"])
def test_a_strict_build(tmp_path, example_terms):
    root = tmp_path / "archive"
    assert init(root, *(["--example-terms"] if example_terms else []), *FLAGS) == 0
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    principle = "example-principle" if example_terms else "give-each-other-respect"
    for page in ("index.html", "stories/an-example-story/index.html",
                 f"principles/{principle}/index.html", "finder/index.html", "search/index.html",
                 "share-form/index.html", "support/index.html", "guides/cards/index.html"):
        assert (site / page).is_file(), page
    story = (site / "stories/an-example-story/index.html").read_text(encoding="utf-8")
    assert "voices-notice--illustrative" in story
    assert "Stories from Riverside" in (site / "index.html").read_text(encoding="utf-8")


def test_workflows(archive):
    check = workflow(archive, "check.yml")
    deploy = workflow(archive, "deploy.yml")
    review = workflow(archive, "consent-review.yml")
    assert "pull_request" in check["on"] and "pull_request_target" not in check["on"]
    assert deploy["on"]["schedule"] and deploy["on"]["push"]["branches"] == ["main"]
    assert review["on"]["schedule"]
    spec = init_cmd.default_spec()
    for data in (check, deploy, review):
        assert data["env"]["VOICES_SPEC"] == spec
        steps = [step for job in data["jobs"].values() for step in job.get("steps", [])]
        assert any(step.get("run") == 'pip install "$VOICES_SPEC"' for step in steps)
    runs = [step.get("run", "") for step in check["jobs"]["check"]["steps"]]
    assert "voices check --format github" in runs
    assert "mkdocs build --strict --site-dir site" in runs
    assert f"VOICES_SPEC ?= {spec}\n" in (archive / "Makefile").read_text()


def test_the_readme_explains_the_object_storage_workflow(archive):
    """The Pages deploy points a keeper whose site outgrows Pages to this README's section: it
    is there, and names every setting the object storage workflow reads."""
    readme = (archive / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Hosting a large archive on object storage and a CDN", 1)
    assert len(section) == 2
    cdn = (archive / ".github" / "workflows" / "deploy-cdn.yml").read_text(encoding="utf-8")
    names = set(re.findall(r"(?:vars|secrets)\.(VOICES_CDN_\w+)", cdn))
    assert len(names) >= 8
    assert sorted(n for n in names if n not in section[1]) == []
    assert "Hosting a large archive on object storage and a CDN" in _size_check(archive)


def _size_check(archive) -> str:
    data = workflow(archive, "deploy.yml")
    return next(s["run"] for job in data["jobs"].values() for s in job.get("steps", [])
                if s.get("name") == "Check the site fits GitHub Pages")


def test_consent_review_runs_the_repositorys_steps(archive):
    """The steps that write and keep the issue are this repository's, which
    tests/test_workflows.py runs: a change to one must follow in the other."""
    def steps(data: dict) -> dict[str, str]:
        return {s["name"]: s["run"] for s in data["jobs"]["review"]["steps"] if "name" in s}

    ours = steps(workflow(archive, "consent-review.yml"))
    theirs = steps(workflow(REPO, "consent-review.yml"))
    for name in ("List the reviews due", "Write the issue's text",
                 "Open, update or close the issue"):
        assert ours[name] == theirs[name], name
    assert ours["Install Voices"] == 'pip install "$VOICES_SPEC"'


@pytest.mark.skipif(not Path("/usr/bin/make").exists(), reason="needs make")
def test_makefile_has_the_two_commands(archive):
    def dry_run(target: str) -> str:
        return subprocess.run(["make", "-n", target], cwd=archive, capture_output=True,
                              text=True, check=True).stdout

    assert "pip install --quiet --upgrade \"" + init_cmd.default_spec() in dry_run("test")
    assert ".venv/bin/voices check\n" in dry_run("test")
    assert ".venv/bin/mkdocs build --strict" in dry_run("test")
    assert ".venv/bin/mkdocs serve" in dry_run("serve")


def test_a_pinned_spec_reaches_the_makefile_and_workflows(tmp_path):
    root = tmp_path / "archive"
    spec = "git+https://github.com/voices-archive/voices@v0.1.0#egg=voices"
    assert init(root, *FLAGS, "--voices-spec", spec) == 0
    assert "VOICES_SPEC ?= git+https://github.com/voices-archive/voices@v0.1.0\\#egg=voices\n" \
        in (root / "Makefile").read_text()
    if Path("/usr/bin/make").exists():
        out = subprocess.run(["make", "-n", "test"], cwd=root, capture_output=True, text=True,
                             check=True).stdout
        assert f'"{spec}"' in out
    assert workflow(root, "deploy.yml")["env"]["VOICES_SPEC"] == spec


def test_defaults_with_no_input(tmp_path, capsys):
    root = tmp_path / "archive"
    assert init(root, "--no-input") == 0
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == init_cmd.DEFAULT_NAME
    assert config["repo_url"] == f"https://github.com/{init_cmd.DEFAULT_REPO}"
    assert config["site_url"] == "https://our-group.github.io/our-stories/"
    out = capsys.readouterr().out
    assert "These are examples, for you to replace: name, repo, url, email." in out
    assert f"cd {root}" in out and "make serve" in out and "content/about.md" in out
    assert "voices new" in out and "GitHub Actions" in out


@pytest.mark.parametrize("flag, value, message", [
    ("--email", "not-an-address", "is not an e-mail address"),
    ("--url", "riverside.example", "Start it with https://"),
    ("--url", "https://", "is not a web address"),
    ("--repo", "just-a-name", "is not a GitHub repository"),
    ("--repo", "https://gitlab.com/a/b", "run on GitHub"),
    ("--name", "  ", "needs a name"),
])
def test_bad_values_are_refused_before_anything_is_written(tmp_path, capsys, flag, value,
                                                           message):
    root = tmp_path / "archive"
    assert init(root, "--no-input", flag, value) == 2
    err = capsys.readouterr().err
    assert err.startswith("voices init: error: ") and message in err and "hint:" in err
    assert not root.exists()


@pytest.mark.parametrize("given, repo, url", [
    ("Our-Group/Stories", "Our-Group/Stories", "https://our-group.github.io/Stories/"),
    ("https://github.com/our-group/stories.git", "our-group/stories",
     "https://our-group.github.io/stories/"),
    ("github.com/our-group/our-group.github.io/", "our-group/our-group.github.io",
     "https://our-group.github.io/"),
])
def test_repository_forms(given, repo, url):
    assert init_cmd.check_repo(given) == repo
    assert init_cmd.pages_url(repo) == url


def test_refuses_a_file_as_the_folder(tmp_path, capsys):
    (tmp_path / "taken").write_text("a file")
    assert init(tmp_path / "taken", *FLAGS) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def _voices(args: list[str], cwd: Path, stdin: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    return subprocess.run([sys.executable, "-m", "voices", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, env=env, timeout=60)


def test_asks_with_piped_answers(tmp_path):
    # name; repo; url (Enter: the Pages address of that repository); a wrong e-mail, then a good
    # one; the names (Enter: principles and challenges)
    answers = "Hilltop voices\nhilltop/voices\n\nnope\nme@hilltop.example\n\n"
    result = _voices(["init", "hilltop"], tmp_path, answers)
    assert result.returncode == 0, result.stderr
    assert "Address of the site [https://hilltop.github.io/voices/]" in result.stdout
    assert "'nope' is not an e-mail address. Write it like" in result.stdout
    config = yaml.safe_load((tmp_path / "hilltop" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Hilltop voices"
    assert config["site_url"] == "https://hilltop.github.io/voices/"
    assert config["extra"]["voices"]["contact_email"] == "me@hilltop.example"
    assert config["plugins"] == ["voices"]


def test_asks_only_for_what_the_flags_leave_out(tmp_path):
    result = _voices(["init", "hilltop", "--name", "Hilltop", "--repo", "hilltop/voices",
                      "--url", "https://voices.hilltop.example"], tmp_path, "\n\n")
    assert result.returncode == 0, result.stderr
    assert "Name of the archive" not in result.stdout and "E-mail address" in result.stdout
    config = yaml.safe_load((tmp_path / "hilltop" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://voices.hilltop.example/"
    assert config["extra"]["voices"]["contact_email"] == init_cmd.DEFAULT_EMAIL


def test_stops_cleanly_when_the_answers_run_out(tmp_path):
    result = _voices(["init", "hilltop"], tmp_path, "Hilltop\n")
    assert result.returncode == 2
    assert "stopped; nothing was written" in result.stderr and "--no-input" in result.stderr
    assert not (tmp_path / "hilltop").exists()


def test_asks_on_a_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    child = pexpect.spawn(sys.executable, ["-m", "voices", "init", "tty-archive"],
                          cwd=str(tmp_path), env=env, encoding="utf-8", timeout=30)
    child.expect(re.escape("Name of the archive [Our stories]: "))
    child.sendline("Terminal tales")
    child.expect(re.escape("(owner/name) [our-group/our-stories]: "))
    child.sendline("https://github.com/tales/archive")
    child.expect(re.escape("Address of the site [https://tales.github.io/archive/]: "))
    child.sendline("")
    child.expect(re.escape("for stories sent privately [stories@example.org]: "))
    child.sendline("tales@example.net")
    child.expect(re.escape("each as one/many [principle/principles,challenge/challenges]: "))
    child.sendline("value,barrier/barriers")
    child.expect("Next:")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    config = yaml.safe_load((tmp_path / "tty-archive" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["repo_url"] == "https://github.com/tales/archive"
    assert config["extra"]["voices"]["contact_email"] == "tales@example.net"
    assert config["plugins"] == [
        {"voices": {"names": {"principle": ["value", "values"],
                              "challenge": ["barrier", "barriers"]}}}]


def test_starter_files_survive_packaging():
    """pyproject.toml ships cli/starter/**/*; setuptools' globs skip names starting with a dot,
    so none may (dot-github is written as .github)."""
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'voices = \[[^\]]*"cli/starter/\*\*/\*"', pyproject)
    for path in kit.STARTER.rglob("*"):
        assert not path.name.startswith("."), path
    assert ".github/workflows/deploy.yml" in kit.starter_files()


# --- names for the two sets of terms ----------------------------------------------------------

NAMES = ["--names", "value/values,barrier/barriers"]
# The words, whole, in any case and number: what renamed sets must leave in no visible text.
OLD_WORDS = re.compile(r"\b(principle|challenge)s?\b", re.I)


def visible_lines(path: Path) -> list[str]:
    """The lines of a starter page that readers see: no front-matter keys that name fields, no
    links' targets, no code spans, no HTML attributes."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^(principles|challenges): .*$", "", text, flags=re.M)  # the fields
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets: principles/index.md
    text = re.sub(r"`[^`]*`", "", text)  # code: --principle, principles/
    text = re.sub(r"<[^>]*>", "", text)  # tags and their attributes: data-vocab="principles"
    return [line for line in text.splitlines() if OLD_WORDS.search(line)]


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("init-names") / "riverside"
    assert init(root, *FLAGS, *NAMES, "--example-terms") == 0
    return root


def test_names_go_into_the_settings(renamed):
    config = yaml.safe_load((renamed / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [
        {"voices": {"names": {"principle": ["value", "values"],
                              "challenge": ["barrier", "barriers"]}}}]
    labels = {}

    def walk(items):
        for item in items:
            for label, target in item.items():
                labels[label] = target
                if isinstance(target, list):
                    walk(target)

    walk(config["nav"])
    assert labels["Values"] == "principles/index.md"  # folders keep their names
    assert labels["Barriers"] == "challenges/index.md"
    assert labels["Values and barriers"] == "matrix/index.md"
    assert labels["Value and barrier cards"] == "guides/cards.md"
    assert not [label for label in labels if OLD_WORDS.search(label)]
    assert config["site_description"].endswith("organised by values and barriers.")
    assert config["watch"] == ["stories", "principles", "challenges"]


def test_names_in_the_starters_own_text(renamed):
    pages = list((renamed / "content").rglob("*.md")) + [
        renamed / rel for rel in ("principles/example-principle.md", "README.md",
                                  "challenges/example-challenge.md", "stories/an-example-story.md")]
    assert {p: visible_lines(p) for p in pages} == {p: [] for p in pages}
    assert front_matter(renamed / "principles/example-principle.md")["title"] == "An example value"
    assert front_matter(renamed / "challenges/example-challenge.md")["title"] == \
        "An example barrier"
    cards = front_matter(renamed / "content/guides/cards.md")
    assert cards["title"] == "Value and barrier cards"
    assert cards["principles"] == "all" and cards["challenges"] == "all"  # fields keep theirs
    story = front_matter(renamed / "stories/an-example-story.md")
    assert story["principles"] == ["example-principle"]
    assert story["challenges"] == ["example-challenge"]
    purpose = (renamed / "content/purpose.md").read_text(encoding="utf-8")
    assert "## Values and barriers" in purpose and "[values](principles/index.md)" in purpose


def test_names_in_the_share_form_leave_its_ids_alone(renamed):
    form = (renamed / "content/share-form.md").read_text(encoding="utf-8")
    ours = (REPO / "content/share-form.md").read_text(encoding="utf-8")
    assert "<legend>Values</legend>" in form and "<legend>Barriers</legend>" in form
    assert "Choose at least one value or one barrier." in form
    assert "Which values and barriers does it speak to?" in form
    # Every line that changed changed only its words; ids and attributes are the repository's.
    assert len(form.splitlines()) == len(ours.splitlines())
    for mine, theirs in zip(form.splitlines(), ours.splitlines()):
        if mine != theirs:
            assert re.findall(r'"[^"]*"', mine) == re.findall(r'"[^"]*"', theirs), mine
    assert 'data-vocab="principles" data-field="principles"' in form
    assert 'id="field-challenges"' in form


def test_names_keep_a_clean_check(renamed, capsys):
    capsys.readouterr()
    assert main(["--root", str(renamed), "check"]) == 0
    assert capsys.readouterr().out.startswith("All good")


def test_default_names_change_nothing(archive):
    """Without --names, the files are the ones written before names existed: the option is
    left out, and the words are principles and challenges."""
    text = (archive / "mkdocs.yml").read_text(encoding="utf-8")
    assert "names:" not in text and "  - voices\n" in text
    assert "- Principles and challenges: matrix/index.md" in text
    assert "- Principle and challenge cards: guides/cards.md" in text
    assert (archive / "content/share-form.md").read_bytes() == \
        (REPO / "content/share-form.md").read_bytes()


def test_renamed_booklet_terms_are_flagged(tmp_path, capsys):
    root = tmp_path / "archive"
    assert init(root, *FLAGS, "--names", "value,barrier") == 0
    out = capsys.readouterr().out
    assert "booklet's, and their texts speak of principles and challenges" in out
    assert "rewording as values and barriers" in out
    assert files_in(root) == EVERY_FILE  # the booklet's terms, as they are
    assert init(tmp_path / "other", *FLAGS, *NAMES, "--example-terms") == 0
    assert "their texts speak of" not in capsys.readouterr().out
    assert init(tmp_path / "third", *FLAGS) == 0
    assert "their texts speak of" not in capsys.readouterr().out


@pytest.mark.parametrize("given, expected", [
    ("value/values,barrier/barriers", ("value", "values", "barrier", "barriers")),
    ("Value, Barrier", ("value", "values", "barrier", "barriers")),
    ("guiding  idea/guiding ideas,hard-won lesson", (
        "guiding idea", "guiding ideas", "hard-won lesson", "hard-won lessons")),
    ("criterion/criteria,carer's worry", ("criterion", "criteria", "carer's worry",
                                          "carer's worrys")),  # plain: add an s, as the plugin
    ("principle/principles,challenge/challenges", tuple(vars(kit.Names()).values())),
])
def test_names_forms(given, expected):
    names = init_cmd.check_names(given)
    assert (names.principle, names.principles, names.challenge, names.challenges) == expected
    assert names.own == (given != "principle/principles,challenge/challenges")


@pytest.mark.parametrize("value, message", [
    ("value/values", "is not two names"),
    ("a,b,c", "is not two names"),
    ("value/values/valuez,barrier", "is not a name for a set of terms"),
    ("value: x,barrier", "is not a name for a set of terms"),
    ("value/,barrier", "is not a name for a set of terms"),
    (",barrier", "is not a name for a set of terms"),
    ("value#1,barrier", "is not a name for a set of terms"),
    ("theme/themes,theme/topics", "the same name"),
])
def test_bad_names_are_refused_before_anything_is_written(tmp_path, capsys, value, message):
    root = tmp_path / "archive"
    assert init(root, "--no-input", "--names", value) == 2
    err = capsys.readouterr().err
    assert err.startswith("voices init: error: ") and message in err and "hint:" in err
    assert not root.exists()


def test_names_that_yaml_must_quote(tmp_path):
    root = tmp_path / "archive"
    assert init(root, *FLAGS, "--names", "carer's view/carer's views,façade/façades") == 0
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"][0]["voices"]["names"] == {
        "principle": ["carer's view", "carer's views"], "challenge": ["façade", "façades"]}
    labels = yaml.safe_dump(config["nav"], allow_unicode=True)
    assert "Carer's views and façades" in labels


def test_reword_changes_running_text_only():
    names = kit.Names("value", "values", "barrier", "barriers")
    text = ('<legend>Principles</legend> PRINCIPLE, challenge. id="field-principles" '
            'data-vocab="principles" principles/ principles: sf-challenges-hint '
            'challenge.md challenged')
    assert kit.reword(text, names) == (
        '<legend>Values</legend> VALUE, barrier. id="field-principles" '
        'data-vocab="principles" principles/ principles: sf-challenges-hint '
        'challenge.md challenged')
