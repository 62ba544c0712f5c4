"""The benchmark corpus generator writes archives the checker accepts (no timings here)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import REPO

from voices.archive import load_archive
from voices.cli import main

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402  (benchmarks/corpus.py)


def test_generator_writes_n_valid_stories_of_realistic_length(tmp_path: Path, capsys) -> None:
    out = corpus.write_corpus(20, tmp_path / "n20", today=None)
    samples = {p.name for p in (REPO / "stories").glob("*.md") if not p.name.startswith("_")}
    generated = [p for p in (out / "stories").glob("*.md")
                 if not p.name.startswith("_") and p.name not in samples]
    assert len(generated) == 20
    for path in generated:
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert 600 <= len(body.split()) <= 1500, path.name
    assert main(["--root", str(out), "check"]) == 0, capsys.readouterr().out
    loaded = load_archive(out)
    assert not loaded.problems, [p.text() for p in loaded.problems]
    stories = [loaded.archive.stories[p.stem] for p in generated]
    # Realistic tag mixes: several distinct principles, challenges and perspectives in use.
    assert len({p for s in stories for p in s.principles}) >= 3
    assert len({c for s in stories for c in s.challenges}) >= 3
    assert len({v for s in stories for v in s.perspective}) >= 2
    assert any(len(s.principles) + len(s.challenges) >= 3 for s in stories)


def test_generator_is_seeded_and_plain_site_mirrors_the_archive(tmp_path: Path) -> None:
    a = corpus.write_corpus(5, tmp_path / "a", seed=3)
    b = corpus.write_corpus(5, tmp_path / "b", seed=3)
    names = sorted(p.name for p in (a / "stories").glob("*.md"))
    assert names == sorted(p.name for p in (b / "stories").glob("*.md"))
    plain = corpus.write_plain(a, tmp_path / "a-plain")
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    assert "voices" not in re.findall(r"(?m)^plugins:\n((?:  - .*\n)+)", config)[0]
    copied = {p.name for p in (plain / "docs" / "stories").glob("*.md")} - {"index.md"}
    assert copied == {n for n in names if not n.startswith("_")}
    # The generated archive's config keeps the repository's plugins but not its 'watch:' list.
    site_config = (a / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- voices" in site_config and "watch:" not in site_config


def test_parallel_load_gives_the_same_archive_as_one_process(tmp_path: Path, monkeypatch) -> None:
    from voices import parallel

    out = corpus.write_corpus(30, tmp_path / "n30", seed=5)
    serial = load_archive(out)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # force the worker processes at this size
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    forked = load_archive(out)
    assert list(forked.archive.stories) == list(serial.archive.stories)
    assert forked.archive.stories == serial.archive.stories
    assert [p.text() for p in forked.problems] == [p.text() for p in serial.problems]
