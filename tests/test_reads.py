"""core/reads.py: under serve, a load reads again only the stories whose inputs changed, and its
result is the same as reading them all."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from conftest import story_text, tree, watched_build, write_archive

from voices.core import archive as archive_module
from voices.core.archive import load_archive
from voices.core.reads import Reads

TODAY = dt.date(2026, 11, 26)


def _counting(monkeypatch) -> list[str]:
    """The stories each load reads from disk (by file name), in order."""
    seen: list[str] = []
    real = archive_module._load_stories

    def spy(jobs):
        seen.extend(Path(job[1]).name for job in jobs)
        return real(jobs)

    monkeypatch.setattr(archive_module, "_load_stories", spy)
    return seen


def _same(a, b) -> None:
    assert a.problems == b.problems
    assert a.archive.stories == b.archive.stories
    assert a.archive.by_principle == b.archive.by_principle


def test_a_second_load_reads_only_the_changed_story(tmp_path: Path, monkeypatch) -> None:
    root = write_archive(tmp_path, {f"stories/story-{i}.md": story_text(f"Story {i}")
                                    for i in range(5)})
    seen, kept = _counting(monkeypatch), Reads()
    load_archive(root, TODAY, kept=kept)
    assert len(seen) == 5
    seen.clear()
    path = root / "stories" / "story-2.md"
    path.write_text(path.read_text().replace("few plain words", "few new words"))
    again = load_archive(root, TODAY, kept=kept)
    assert seen == ["story-2.md"]
    assert "few new words" in again.archive.stories["story-2"].body
    _same(again, load_archive(root, TODAY))


def test_what_a_check_reads_beside_the_stories_reads_them_all_again(tmp_path: Path,
                                                                    monkeypatch) -> None:
    body = story_text("With a picture").replace("plain words in it.",
                                                "plain words.\n\n![A garden](images/garden.png)")
    root = write_archive(tmp_path, {"stories/pictured.md": body, "stories/other.md": story_text()})
    seen, kept = _counting(monkeypatch), Reads()
    first = load_archive(root, TODAY, kept=kept)
    assert any(p.rule == "missing-image" for p in first.problems), first.problems
    seen.clear()
    (root / "stories" / "images").mkdir()
    (root / "stories" / "images" / "garden.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    again = load_archive(root, TODAY, kept=kept)
    assert sorted(seen) == ["other.md", "pictured.md"]  # the image is there now
    assert not any(p.rule == "missing-image" for p in again.problems)
    _same(again, load_archive(root, TODAY))


def _rules(loaded, name: str) -> set[str]:
    return {p.rule for p in loaded.problems if p.path.endswith(name)}


def test_a_kept_read_serves_every_day_it_holds_for_and_no_other(tmp_path: Path,
                                                                 monkeypatch) -> None:
    day = dt.timedelta(days=1)
    review = TODAY + 40 * day  # a notice from 30 days before, left out of the site after it
    reviewed = story_text("Reviewed").replace("  scope:", f"  review: {review}\n  scope:")
    future = story_text("Future").replace("told: 2024-05-01", f"told: {TODAY + 5 * day}")
    root = write_archive(tmp_path, {"stories/reviewed.md": reviewed,
                                    "stories/future.md": future,
                                    "stories/plain.md": story_text("Plain")})
    seen, kept = _counting(monkeypatch), Reads()
    for when, read_again in [
            (TODAY, ["future.md", "plain.md", "reviewed.md"]),
            (TODAY + day, []),  # nothing about any story is different on this day
            (TODAY + 5 * day, ["future.md"]),  # the day it was told is no longer in the future
            (TODAY + 9 * day, []),
            (TODAY + 10 * day, ["reviewed.md"]),  # 30 days before its review
            (review, []),
            (review + day, ["reviewed.md"]),  # consent lapsed: left out
            (TODAY, ["future.md", "reviewed.md"]),  # --today can go back too
    ]:
        seen.clear()
        loaded = load_archive(root, when, kept=kept)
        assert sorted(seen) == read_again, when
        _same(loaded, load_archive(root, when))
    seen.clear()
    assert "future-date" in _rules(load_archive(root, TODAY, kept=kept), "future.md")
    assert "consent-review-soon" in _rules(load_archive(root, TODAY + 10 * day, kept=kept),
                                           "reviewed.md")
    lapsed = load_archive(root, review + day, kept=kept)
    assert "consent-expired" in _rules(lapsed, "reviewed.md")
    assert "reviewed" not in [s.id for s in lapsed.archive.web]


def test_a_removed_story_is_seen(tmp_path: Path, monkeypatch) -> None:
    root = write_archive(tmp_path, {"stories/kept.md": story_text("Kept"),
                                    "stories/gone.md": story_text("Gone")})
    seen, kept = _counting(monkeypatch), Reads()
    load_archive(root, TODAY, kept=kept)
    seen.clear()
    os.remove(root / "stories" / "gone.md")
    again = load_archive(root, TODAY, kept=kept)
    assert seen == [] and list(again.archive.stories) == ["kept"]


def test_reads_are_kept_by_content_in_any_checkout(tmp_path: Path, monkeypatch) -> None:
    # A fresh checkout gives every file a new time; a restored cache still serves it.
    files = {f"stories/story-{i}.md": story_text(f"Story {i}") for i in range(3)}
    first = write_archive(tmp_path / "one", files)
    seen, kept = _counting(monkeypatch), Reads()
    load_archive(first, TODAY, kept=kept)
    seen.clear()
    second = write_archive(tmp_path / "two", files)
    for path in (second / "stories").iterdir():
        os.utime(path, (0, 0))
    again = load_archive(second, TODAY, kept=kept)
    assert seen == []
    _same(again, load_archive(second, TODAY))
    (second / "stories" / "story-1.md").write_text(story_text("Story one, renamed"))
    os.utime(second / "stories" / "story-1.md", (0, 0))  # the same time: the content differs
    seen.clear()
    assert load_archive(second, TODAY, kept=kept).archive.stories["story-1"].title == (
        "Story one, renamed") and seen == ["story-1.md"]


def test_voices_check_keeps_its_reads_between_runs(tmp_path: Path, monkeypatch, capsys) -> None:
    from voices.cli import main
    from voices.cli.check import CACHE

    root = write_archive(tmp_path, {f"stories/story-{i}.md": story_text(f"Story {i}")
                                    for i in range(4)})
    seen = _counting(monkeypatch)
    assert main(["--root", str(root), "check"]) == 0
    assert len(seen) == 4 and (root / CACHE).is_file()
    first = capsys.readouterr().out
    seen.clear()
    assert main(["--root", str(root), "check"]) == 0
    assert seen == [] and capsys.readouterr().out == first  # nothing read, the same report
    broken = root / "stories" / "story-1.md"
    broken.write_text(broken.read_text().replace("principles: [respect]", "principles: [respct]"))
    assert main(["--root", str(root), "check"]) == 1
    assert seen == ["story-1.md"] and "Did you mean 'respect'" in capsys.readouterr().out
    seen.clear()
    assert main(["--root", str(root), "check", "--no-cache"]) == 1  # reads them all
    assert sorted(seen) == [f"story-{i}.md" for i in range(4)]


def test_a_damaged_or_foreign_cache_is_never_trusted(tmp_path: Path, monkeypatch) -> None:
    from voices.cli import main
    from voices.cli.check import CACHE
    from voices.core import reads

    root = write_archive(tmp_path, {"stories/one.md": story_text("One")})
    seen = _counting(monkeypatch)
    (root / CACHE).parent.mkdir(parents=True)
    (root / CACHE).write_bytes(b"not a pickle")
    assert main(["--root", str(root), "check"]) == 0 and seen == ["one.md"]
    seen.clear()
    assert main(["--root", str(root), "check"]) == 0 and seen == []  # trusted: its own
    monkeypatch.setattr(reads.yaml, "__version__", "another PyYAML")  # an updated machine
    assert main(["--root", str(root), "check"]) == 0 and seen == ["one.md"]
    seen.clear()
    monkeypatch.setattr(reads, "_code", lambda: ("another version of the checker",))
    assert main(["--root", str(root), "check"]) == 0 and seen == ["one.md"]


# The stories a build reads (in worker processes: so counted where they are handed out).
_COUNTING = """
from voices.core import parallel
real = parallel.map_chunks
def counting(fn, items):
    if fn.__name__ == "_load_stories":
        SEEN.extend(job[1].name for job in items)
    return real(fn, items)
parallel.map_chunks = counting
"""


def _build(root: Path, site: str) -> list[str]:
    return sorted(watched_build(root, site, _COUNTING))


def test_a_later_build_reads_only_the_stories_that_changed(tmp_path: Path) -> None:
    from voices.build.settings import CACHE

    root = write_archive(tmp_path / "archive", {f"stories/story-{i}.md": story_text(f"Story {i}")
                                                for i in range(3)}, site=True)
    everything = [f"story-{i}.md" for i in range(3)]
    assert _build(root, "site-1") == everything
    assert (root / CACHE / "build.pickle").is_file()
    assert _build(root, "site-2") == []  # every story as the last build read it
    assert tree(root / "site-1") == tree(root / "site-2")
    path = root / "stories" / "story-1.md"
    path.write_text(path.read_text().replace("few plain words", "few new words"))
    assert _build(root, "site-3") == ["story-1.md"]
    assert "few new words" in (root / "site-3" / "stories" / "story-1" / "index.html").read_text()

    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("- voices\n", "- voices:\n      cache: false\n"))
    (root / CACHE / "build.pickle").unlink()
    assert _build(root, "site-4") == everything and _build(root, "site-5") == everything
    assert not (root / CACHE / "build.pickle").exists()  # cache: false keeps nothing
