"""Consent the build enforces: web and print scopes, review dates that expire, and the checker's
notice 30 days before a review is due."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from conftest import story_text, write_archive
from voices import index
from voices.archive import load_archive
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
    assert "stories/soon.md:" in out and "warning" in out and "[consent-review-soon]" in out
    assert "2026-12-23" in out
    out = _check(root, dt.date(2026, 12, 23), capsys)  # due today: still published, warned
    assert "[consent-review-soon]" in out
    out = _check(root, dt.date(2026, 12, 24), capsys)  # past: left out, warned, not an error
    assert "stories/soon.md:" in out and "[consent-expired]" in out
    assert main(["--root", str(root), "check", "--today", "2026-12-24"]) == 0


def test_build_leaves_out_what_consent_does_not_cover_and_names_the_expired_story(tmp_path):
    root = write_archive(tmp_path, {
        "stories/web-only.md": story_text("Web only", scope="[web]"),
        "stories/print-only.md": story_text("Print only", scope="[print]"),
        "stories/expired.md": with_review("Expired", "2025-01-01"),
    }, site=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f",
                             str(root / "mkdocs.yml"), "--site-dir", str(root / "site")],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert any("stories/expired.md" in w and "consent-expired" in w for w in warnings), warnings
    site = root / "site"
    assert (site / "stories/web-only/index.html").is_file()
    assert not (site / "stories/print-only").exists() and not (site / "stories/expired").exists()
    html = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))
    assert "Print only" not in html and "Expired" not in html
    # --strict turns the warning into a failed build: a maintainer must act on it.
    strict = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(root / "mkdocs.yml"), "--site-dir", str(root / "strict")],
                            capture_output=True, text=True, env=env, timeout=300)
    assert strict.returncode != 0 and "stories/expired.md" in strict.stderr
