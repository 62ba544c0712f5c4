"""core/reads.py: under serve, a load reads again only the stories whose inputs changed, and its
result is the same as reading them all."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from conftest import story_text, write_archive

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


def test_a_new_day_or_a_removed_story_is_seen(tmp_path: Path, monkeypatch) -> None:
    root = write_archive(tmp_path, {"stories/kept.md": story_text("Kept"),
                                    "stories/gone.md": story_text("Gone")})
    seen, kept = _counting(monkeypatch), Reads()
    load_archive(root, TODAY, kept=kept)
    seen.clear()
    load_archive(root, TODAY + dt.timedelta(days=1), kept=kept)  # review dates depend on it
    assert sorted(seen) == ["gone.md", "kept.md"]
    seen.clear()
    os.remove(root / "stories" / "gone.md")
    again = load_archive(root, TODAY + dt.timedelta(days=1), kept=kept)
    assert seen == [] and list(again.archive.stories) == ["kept"]


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
    monkeypatch.setattr(reads, "_code", lambda: ("another version of the checker",))
    assert main(["--root", str(root), "check"]) == 0 and seen == ["one.md"]
