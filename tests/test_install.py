"""From a wheel to a working archive, as a new keeper gets there, end to end and for real.

The wheel is built from a copy of this repository and installed with pip into a new virtual
environment outside it, which fetches the dependencies as it would for anyone. Then that
environment's `voices init` writes an archive into an empty folder, and its `mkdocs build
--strict` builds it. Nothing in these builds may come from the repository: a .pth file in the new
environment writes down every module and every entry of sys.path that the build used.

The second half starts an archive that calls its principles values and its challenges barriers,
and looks for the old words in everything readers see.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from browser import DESKTOP, PHONE, chromium, serve, watch_for_trouble
from conftest import REPO
from pdfs import pdf_text

# What the wheel is built from. A copy, because pip builds in the source tree and would leave a
# build/ folder in the repository, whose stale files could even end up in a later wheel.
SOURCE = ("pyproject.toml", "README.md", "scripts")
FLAGS = ["--name", "Stories from Riverside", "--repo", "riverside-group/stories",
         "--url", "https://stories.riverside.example/", "--email", "hello@riverside.example",
         "--no-input"]
NAMES = ["--names", "value/values,barrier/barriers", "--example-terms"]
# The old words, whole, in either case and number.
OLD_WORDS = re.compile(r"\b(principle|challenge)s?\b", re.I)
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                               "wcag22aa", "best-practice"]}}
# Writes down, when VOICES_TEST_MODULES names a file, the modules and the path a run used.
# (site runs the line with exec() in a function: the lambda imports what it needs itself.)
RECORDER = (
    "import os, atexit; "
    "_voices_log = os.environ.get('VOICES_TEST_MODULES'); "
    "_voices_log and atexit.register(lambda p=_voices_log, sys=__import__('sys'), "
    "json=__import__('json'): open(p, 'w').write(json.dumps({"
    "'modules': sorted({str(getattr(m, '__file__', None) or '') for m in list("
    "sys.modules.values())}), 'path': list(sys.path)})))\n")
SECOND_STORY = """\
---
title: Tea after the meeting
summary: A second made-up story, so that the finder has two stories to choose between.
storyteller: Anonymous
perspective: [family-or-carer]
principles: [build-a-team]
challenges: [fear-and-risk]
told: 2025-02-01
place: A town anywhere
consent:
  date: 2025-02-01
  scope: [web, print]
status: published
illustrative: true
lang: en
---

This is a made-up story too. After the meeting we stayed for tea, and the people who ran the
service asked us what we thought of it. Nobody had asked before. We said what we thought.
"""


def run(args: list, cwd: Path, timeout: int = 600, **env: str) -> subprocess.CompletedProcess:
    """A command in the new environment only: no PYTHONPATH, no user site, its bin/ first."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}
    clean.update(PYTHONNOUSERSITE="1", NO_MKDOCS_2_WARNING="1", **env)
    if args and Path(str(args[0])).is_absolute():
        clean["PATH"] = f"{Path(str(args[0])).parent}{os.pathsep}{clean.get('PATH', '')}"
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          env=clean, timeout=timeout)


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result


def inside(path: str | Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A new virtual environment, outside the repository, with the wheel installed by pip."""
    tmp = tmp_path_factory.mktemp("install")
    assert not inside(tmp, REPO)
    source = tmp / "source"
    for name in SOURCE:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    ok(run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", tmp / "wheels",
            source], cwd=tmp))
    wheels = list((tmp / "wheels").glob("voices_archive-*.whl"))
    assert len(wheels) == 1, wheels
    env = tmp / "venv"
    ok(run([sys.executable, "-m", "venv", env], cwd=tmp))
    ok(run([env / "bin/python", "-m", "pip", "install", "--quiet", wheels[0]], cwd=tmp))
    purelib = ok(run([env / "bin/python", "-c", "import sysconfig; "
                      "print(sysconfig.get_paths()['purelib'])"], cwd=tmp)).stdout.strip()
    (Path(purelib) / "zz_voices_test_modules.pth").write_text(RECORDER, encoding="utf-8")
    return env


def start(venv: Path, folder: Path, *flags: str) -> tuple[Path, str]:
    """`voices init` into an empty folder, as the new environment has it; its output."""
    folder.mkdir(parents=True)
    result = ok(run([venv / "bin/voices", "init", "archive", *FLAGS, *flags], cwd=folder))
    return folder / "archive", result.stdout


def build(venv: Path, root: Path) -> tuple[subprocess.CompletedProcess, dict]:
    """`mkdocs build --strict` in the archive's folder; the modules and path it used."""
    log = root.parent / "modules.json"
    result = run([venv / "bin/mkdocs", "build", "--strict"], cwd=root,
                 VOICES_TEST_MODULES=str(log))
    return result, json.loads(log.read_text(encoding="utf-8")) if log.exists() else {}


@pytest.fixture(scope="module")
def archive(venv, tmp_path_factory) -> tuple[Path, dict]:
    """The starter as `voices init` writes it, with one more story, built."""
    root, _ = start(venv, tmp_path_factory.mktemp("keeper") / "empty")
    (root / "stories/tea-after-the-meeting.md").write_text(SECOND_STORY, encoding="utf-8")
    result, used = build(venv, root)
    ok(result)
    return root, used


@pytest.fixture(scope="module")
def renamed(venv, tmp_path_factory) -> tuple[Path, str, subprocess.CompletedProcess]:
    """An archive whose principles are values and whose challenges are barriers, built."""
    root, out = start(venv, tmp_path_factory.mktemp("keeper-names") / "empty", *NAMES)
    result, _ = build(venv, root)
    return root, out, result


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


# --- the installed package ----------------------------------------------------------------------


def test_the_package_is_the_installed_wheel(venv):
    code = ("import importlib.metadata as m, voices, voices.cli.starter_files as i; "
            "print(voices.__file__); print(m.version('voices-archive')); print(i.STARTER)")
    where, version, starter = ok(run([venv / "bin/python", "-c", code], cwd=venv)).stdout.split()
    assert inside(where, venv) and "site-packages" in where
    assert not inside(where, REPO)
    assert version == ok(run([venv / "bin/voices", "--version"], cwd=venv)).stdout.split()[-1]
    assert (Path(starter) / "dot-github/workflows/deploy.yml").is_file()
    assert (Path(where).parent / "adapter/theme/main.html").is_file()


def test_the_build_uses_nothing_from_the_repository(archive, venv):
    root, used = archive
    assert used["modules"], "the build wrote down no modules"
    from_repo = [m for m in used["modules"] if m and inside(m, REPO)]
    assert from_repo == []
    assert [p for p in used["path"] if p and inside(p, REPO)] == []
    ours = [m for m in used["modules"] if "/voices/" in m]
    assert ours and all(inside(m, venv) for m in ours), ours
    assert any(m.endswith("voices/adapter/plugin.py") for m in ours)
    assert not (root / "theme").exists()  # the theme comes with the package


def test_the_site_has_its_pages(archive):
    site = archive[0] / "site"
    for page in ("index.html", "stories/an-example-story/index.html",
                 "stories/tea-after-the-meeting/index.html",
                 "principles/give-each-other-respect/index.html",
                 "challenges/communication/index.html", "finder/index.html",
                 "search/index.html", "pagefind/pagefind.js", "share-form/index.html",
                 "share-your-story/index.html", "guides/cards/index.html"):
        assert (site / page).is_file(), page
    assert list((site / "guides").rglob("*.pdf"))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Stories from Riverside" in home


def local_target(site: Path, page: Path, url: str) -> Path | None:
    """The file in the site that a URL on a page points to; None when it is not local."""
    base = "http://site.invalid/" + page.relative_to(site).as_posix()
    parts = urlsplit(urljoin(base, url))
    if parts.netloc != "site.invalid":
        return None
    path = parts.path.lstrip("/")
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def test_every_script_and_stylesheet_is_in_the_site(archive):
    site = archive[0] / "site"
    missing, seen = {}, 0
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        urls = [s["src"] for s in soup.find_all("script", src=True)]
        urls += [link["href"] for link in soup.find_all("link", href=True)
                 if "stylesheet" in (link.get("rel") or [])]
        for url in urls:
            target = local_target(site, page, url)
            if target is None:
                continue
            seen += 1
            if not target.is_file():
                missing.setdefault(page.relative_to(site).as_posix(), []).append(url)
    assert seen > 100
    assert missing == {}


# --- in Chromium ----------------------------------------------------------------------------


def visible(page) -> list[str]:
    return page.eval_on_selector_all("#voices-finder-results > li:not([hidden])",
                                     "els => els.map(e => e.dataset.id)")


def test_the_finder_works(archive, browser):
    with serve(archive[0] / "site") as base:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        web, errors = watch_for_trouble(page)
        page.goto(base + "finder/")
        page.wait_for_selector("#voices-finder-form:not([hidden])")
        status = page.locator("#voices-finder-status")
        assert status.text_content() == "Showing all 2 stories."
        assert sorted(visible(page)) == ["an-example-story", "tea-after-the-meeting"]
        page.check("#finder-principle-build-a-team")
        assert visible(page) == ["tea-after-the-meeting"]
        assert status.text_content() == "Showing 1 of 2 stories."
        assert page.url.endswith("/finder/?principle=build-a-team")
        page.uncheck("#finder-principle-build-a-team")
        page.check("#finder-challenge-communication")
        assert visible(page) == ["an-example-story"]
        context.close()
    assert errors == [] and web == [u for u in web if u.startswith(base)]


def test_the_share_form_makes_a_story_that_the_check_accepts(archive, browser, venv,
                                                            tmp_path):
    root = archive[0]
    with serve(root / "site") as base:
        context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        page = context.new_page()
        web, errors = watch_for_trouble(page)
        page.goto(base + "share-form/")
        page.wait_for_selector("#share-form:not([hidden])")
        assert page.is_hidden("#share-nojs")
        for selector, text in {
            "#sf-title": "The bus that never came", "#sf-summary": "Why we met online.",
            "#sf-body": "The bus never came, so we met online.\n\nIt worked better.",
            "#sf-told-day": "3", "#sf-told-month": "2", "#sf-told-year": "2024",
        }.items():
            page.fill(selector, text)
        for box in ("#sf-perspective-lived-experience", "#sf-principles-give-each-other-respect",
                    "#sf-challenges-communication", "#sf-agree"):
            page.check(box)
        page.click("#sf-submit")
        page.wait_for_selector("#share-result:not([hidden])")
        with page.expect_download() as download:
            page.click("#share-download")
        assert download.value.suggested_filename == "the-bus-that-never-came.md"
        story = Path(download.value.path()).read_text(encoding="utf-8")
        assert story == page.input_value("#share-output")
        mail = urlsplit(page.get_attribute("#share-email", "href"))
        assert (mail.scheme, mail.path) == ("mailto", "hello@riverside.example")
        context.close()
    assert errors == [] and web == [u for u in web if u.startswith(base)]
    # The file goes into a copy of the archive, and the installed check accepts it.
    copy = tmp_path / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    (copy / "stories/the-bus-that-never-came.md").write_text(story, encoding="utf-8")
    result = ok(run([venv / "bin/voices", "check"], cwd=copy))
    assert result.stdout.startswith("All good")


AXE_PAGES = ["", "stories/an-example-story/", "principles/give-each-other-respect/", "finder/",
             "search/", "share-form/"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violations(archive, browser, viewport):
    found = {}
    with serve(archive[0] / "site") as base:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        axe = Axe()
        for path in AXE_PAGES:
            page.goto(base + path)
            if path == "finder/":
                page.wait_for_selector("#voices-finder-form:not([hidden])", state="attached")
            if path == "share-form/":
                page.wait_for_selector("#share-form:not([hidden])")
            violations = axe.run(page, options=WCAG).response["violations"]
            if violations:
                found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3])
                               for v in violations]
        context.close()
    assert found == {}


# --- other names for the two sets of terms ------------------------------------------------------


def leftovers(text: str) -> list[str]:
    """Each old word in the text, with a little of the text around it."""
    text = " ".join(text.split())
    return [text[max(0, m.start() - 40):m.end() + 40] for m in OLD_WORDS.finditer(text)]


def seen_in_html(html: str) -> str:
    """What readers see of a page, or hear: its title, the text of its body, and the labels and
    alternatives in attributes. Code (folder and field names, which keep their names), scripts
    and styles are left out."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "code", "pre", "kbd", "samp"]):
        tag.decompose()
    parts = [soup.title.get_text() if soup.title else ""]
    body = soup.body or soup
    parts.append(body.get_text(" "))
    for attr in ("aria-label", "alt", "title", "placeholder"):
        parts += [tag[attr] for tag in soup.find_all(attrs={attr: True})]
    return "\n".join(parts)


def test_renamed_build_is_strict_and_clean(renamed):
    root, out, result = renamed
    assert "their texts speak of" not in out  # example terms: nothing of the booklet's to reword
    assert result.returncode == 0, result.stderr


def test_renamed_pages_never_say_principle_or_challenge(renamed):
    root, _, result = renamed
    assert result.returncode == 0, result.stderr
    site = root / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    found = {}
    for page in pages:
        words = leftovers(seen_in_html(page.read_text(encoding="utf-8")))
        if words:
            found[page.relative_to(site).as_posix()] = words
    assert found == {}


def test_renamed_pdfs_never_say_principle_or_challenge(renamed):
    root, _, result = renamed
    assert result.returncode == 0, result.stderr
    pdfs = sorted((root / "site").rglob("*.pdf"))
    assert pdfs
    found = {pdf.name: words for pdf in pdfs if (words := leftovers(pdf_text(pdf)))}
    assert found == {}


def test_renamed_pages_in_the_browser(renamed, browser):
    """Text that scripts write (the finder's counts, the share form's choices and messages)."""
    root, _, result = renamed
    assert result.returncode == 0, result.stderr
    found = {}
    with serve(root / "site") as base:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base + "finder/")
        page.wait_for_selector("#voices-finder-form:not([hidden])")
        page.check("#finder-principle-example-principle")
        found["finder/"] = leftovers(page.inner_text("body"))
        page.goto(base + "share-form/")
        page.wait_for_selector("#share-form:not([hidden])")
        page.click("#sf-submit")  # empty: every message about a missing part shows
        page.wait_for_selector("#share-errors:not([hidden])")
        found["share-form/ (empty, sent)"] = leftovers(page.inner_text("body"))
        context.close()
    assert {k: v for k, v in found.items() if v} == {}
