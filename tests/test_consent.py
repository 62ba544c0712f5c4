"""Consent the build enforces: web and print scopes, review dates that expire, and the checker's
notice 30 days before a review is due."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
from conftest import mkdocs_build, story_text, write_archive
from voices.core import index
from voices.core.archive import load_archive
from voices.cli import main

TODAY = dt.date(2026, 11, 23)


def with_review(title: str, review: str, scope: str = "[web, print]") -> str:
    return story_text(title, scope=scope).replace(
        f"  scope: {scope}\n", f"  scope: {scope}\n  review: {review}\n")


def test_consented_follows_scope_status_and_review(tmp_path):
    root = write_archive(tmp_path, {
        "stories/web-only.md": story_text("Web only", scope="[web]"),
        "stories/print-only.md": story_text("Print only", scope="[print]"),
        "stories/both.md": story_text("Both"),
        "stories/due-today.md": with_review("Due today", TODAY.isoformat()),
        "stories/expired.md": with_review("Expired", (TODAY - dt.timedelta(days=1)).isoformat()),
    })
    a = load_archive(root, TODAY).archive
    assert sorted(s.id for s in a.web) == ["both", "due-today", "web-only"]
    assert sorted(s.id for s in a.print) == ["both", "due-today", "print-only"]
    expired = a.stories["expired"]
    assert not index.consented(expired, "web", TODAY)
    assert index.consented(expired, "web", TODAY - dt.timedelta(days=1))
    # Stories that are not consented for the web are in no cross-index either.
    listed = {s.id for stories in a.by_principle.values() for s in stories}
    listed |= {s.id for stories in a.matrix.values() for s in stories}
    assert "print-only" not in listed and "expired" not in listed


def _check(root, today: dt.date, capsys) -> str:
    main(["--root", str(root), "check", "--today", today.isoformat()])
    return capsys.readouterr().out


def test_checker_warns_thirty_days_before_review(tmp_path, capsys):
    root = write_archive(tmp_path, {"stories/soon.md": with_review("Soon", "2026-12-23")})
    assert "[consent-review-soon]" not in _check(root, dt.date(2026, 11, 22), capsys)  # 31 days
    out = _check(root, dt.date(2026, 11, 23), capsys)  # 30 days
    assert "stories/soon.md:" in out and "notice" in out and "[consent-review-soon]" in out
    assert "2026-12-23" in out
    out = _check(root, dt.date(2026, 12, 23), capsys)  # due today: still published, warned
    assert "[consent-review-soon]" in out
    out = _check(root, dt.date(2026, 12, 24), capsys)  # past: left out, a notice, not an error
    assert "stories/soon.md:" in out and "[consent-expired]" in out
    assert "0 errors and 0 warnings" not in out and "No problems" in out and "1 notice" in out
    assert main(["--root", str(root), "check", "--today", "2026-12-24"]) == 0


SECRET = "Lanternfish"  # a word that appears only in the stories that must not be published


def _site_texts(site: Path):
    """Every file of a built site as text, as a reader could get it: gzip files (the sitemap,
    Pagefind's index) decompressed, PDFs as their extracted text."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        yield path, _as_text(path.name, data)


def _as_text(name: str, data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data.startswith(b"%PDF"):
        return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(_as_text(n, z.read(n)) for n in z.namelist())
    return data.decode("utf-8", errors="replace")


def _traces(folder: Path) -> list[str]:
    return [str(path.relative_to(folder)) for path, text in _site_texts(folder)
            if SECRET.lower() in text.lower() or "paper-only" in text]


def _archive_with_a_print_only_story(tmp_path: Path) -> Path:
    paper = story_text(f"{SECRET} paper", scope="[print]").replace(
        "It has a few", f"It speaks of the {SECRET} and has a few")
    return write_archive(tmp_path, {
        "stories/open-door.md": story_text("Open door"),
        "stories/paper-only.md": paper,
        "content/guides/pack.md": "---\ntitle: Session pack\nlayout: pack\n"
                                  "stories: [open-door, paper-only]\n---\nA pack.\n",
    }, site=True)


def test_a_print_only_story_named_in_a_guide_leaves_no_trace_in_the_site(tmp_path):
    root = _archive_with_a_print_only_story(tmp_path)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert _traces(site) == []
    # The guide is published without it, and says that a printed edition holds one more story.
    page = (site / "guides/pack/index.html").read_text(encoding="utf-8")
    assert "Open door" in page and "printed edition of this guide holds 1 more story" in page
    pdf = _as_text("x.pdf", (site / "guides/pack/pack-a4.pdf").read_bytes())
    assert "Open door" in pdf and "printed edition" in pdf
    # `voices print` writes the full packs into print/, outside the site.
    assert main(["--root", str(root), "print"]) == 0
    full = _as_text("x.pdf", (root / "print/guides/pack/pack-a4.pdf").read_bytes())
    assert SECRET in full and "Open door" in full and "printed edition" not in full
    page = (root / "print/guides/pack/print/index.html").read_text(encoding="utf-8")
    assert SECRET in page and "Back to the guide page" not in page
    assert sorted(p.name for p in (root / "print/guides/pack").glob("*.pdf")) == sorted(
        p.name for p in (site / "guides/pack").glob("*.pdf"))  # the same formats as the site
    assert _traces(site) == []  # printing added nothing to the site
    assert _traces(root / "print")  # where the same search does find the story


def test_a_print_only_story_leaves_no_trace_in_the_offline_copy(tmp_path):
    root = _archive_with_a_print_only_story(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - voices\n",
                                                 "  - voices:\n      offline: true\n"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    copy = root / "voices-offline.zip"
    assert copy.is_file()
    with zipfile.ZipFile(copy) as z:
        assert any(n.endswith("guides/pack/pack-a4.pdf") for n in z.namelist())
    assert SECRET.lower() not in _as_text(copy.name, copy.read_bytes()).lower()


def test_private_folder_stories_reach_only_the_printed_packs(tmp_path, capsys):
    root = write_archive(tmp_path / "archive", {
        "stories/open-door.md": story_text("Open door"),
        "content/guides/pack.md": "---\ntitle: Session pack\nstories: [open-door]\n"
                                  "private_stories: [kept-apart]\n---\nA pack.\n",
    }, site=True)
    private = tmp_path / "private-stories"
    private.mkdir()
    # Even a private story that says web is never published: the site cannot see its folder.
    (private / "kept-apart.md").write_text(story_text(f"{SECRET} kept apart"), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - voices\n", "  - voices:\n      private_stories: ../private-stories\n"))
    assert main(["--root", str(root), "check"]) == 0
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    assert _traces(root / "site") == []
    assert "holds 1 more story" in (root / "site/guides/pack/index.html").read_text()
    capsys.readouterr()
    assert main(["--root", str(root), "consent", "--format", "json"]) == 0  # the register too
    rows = {r["id"]: r["state"] for r in json.loads(capsys.readouterr().out)}
    assert rows == {"open-door": "published", "kept-apart": "print only"}
    assert main(["--root", str(root), "print"]) == 0  # the folder named in mkdocs.yml
    assert SECRET in _as_text("x.pdf", (root / "print/guides/pack/pack-a4.pdf").read_bytes())
    # An id the private folder does not hold is an error when printing, with its line.
    (root / "content/guides/pack.md").write_text(
        "---\ntitle: Session pack\nprivate_stories: [kept-apert]\n---\nA pack.\n")
    assert main(["--root", str(root), "print", "--private", str(private)]) == 1


def test_print_never_empties_a_folder_it_did_not_write(tmp_path, capsys):
    root = _archive_with_a_print_only_story(tmp_path)
    (root / "mine").mkdir()
    (root / "mine" / "notes.txt").write_text("keep me")
    assert main(["--root", str(root), "print", "--out", "mine"]) == 1
    assert (root / "mine" / "notes.txt").read_text() == "keep me"
    assert "was not written by 'voices print'" in capsys.readouterr().err


def test_consent_lapses_without_failing_a_strict_build(tmp_path):
    soon = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    lapsed = with_review("Lapsed", (dt.date.today() - dt.timedelta(days=1)).isoformat())
    root = write_archive(tmp_path, {
        "stories/lapsed.md": lapsed.replace("This is the story", f"{SECRET}. This is the story"),
        "stories/due-soon.md": with_review("Due soon", soon),
        "stories/web-only.md": story_text("Web only", scope="[web]"),
    }, site=True)
    result = mkdocs_build(root)  # --strict: the notices do not count as warnings
    assert result.returncode == 0, result.stderr
    assert "consent-expired" in result.stderr and "consent-review-soon" in result.stderr
    site = root / "site"
    assert (site / "stories/due-soon/index.html").is_file()
    assert not (site / "stories/lapsed").exists() and _traces(site) == []
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    check = subprocess.run([sys.executable, "-m", "voices", "--root", str(root), "check"],
                           capture_output=True, text=True, env=env, timeout=120)
    assert check.returncode == 0 and "notice" in check.stdout
