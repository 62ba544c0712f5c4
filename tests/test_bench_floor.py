"""benchmarks/floor.py: plain's config without its search, the story pages it hands Pagefind and
the PDFs, and its arithmetic, fed made-up timings (nothing is built or timed here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402  (benchmarks/corpus.py)
import floor  # noqa: E402  (benchmarks/floor.py)


def test_plains_pages_only_config_is_plains_without_its_search_plugin() -> None:
    plain = yaml.safe_load(corpus.PLAIN_CONFIG)
    pages = yaml.safe_load(floor.pages_only(corpus.PLAIN_CONFIG))
    assert plain["plugins"] == ["search"] and pages["plugins"] == []
    assert {k: v for k, v in pages.items() if k != "plugins"} == \
        {k: v for k, v in plain.items() if k != "plugins"}
    with pytest.raises(ValueError, match="SEARCH_PLUGIN"):
        floor.pages_only("site_name: x\nplugins:\n  - offline\n")


def test_story_pages_are_linked_without_the_list_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, text in (("stories/index.html", "list"), ("stories/a/index.html", "a"),
                       ("stories/images/a.png", "png"), ("index.html", "home")):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    out = floor.story_pages(site, tmp_path / "out")
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert made == ["stories/a/index.html", "stories/images/a.png"]
    page = "stories/a/index.html"
    assert (out / page).stat().st_ino == (site / page).stat().st_ino  # linked, not copied
    with pytest.raises(SystemExit, match="run benchmarks/run first"):
        floor.story_pages(tmp_path / "nowhere", tmp_path / "out2")


def _round(plain: float, pages: float, load: float, pagefind: float, pdfs_with_load: float,
           plain_wall: float | None = None) -> dict[str, dict]:
    def t(cpu: float, wall: float | None = None) -> dict:
        return {"cpu": cpu, "seconds": cpu if wall is None else wall, "rc": 0, "peak": 0}
    return {"plain": t(plain, plain_wall), "pages": t(pages), "load": t(load),
            "pagefind": t(pagefind, pagefind / 1.5), "pdfs": t(pdfs_with_load)}


def test_the_floor_is_the_parts_cpu_over_the_cores_against_plains_wall_time() -> None:
    # Round by round: the PDFs' job loads the archive too, so the load's CPU is taken off.
    rounds = [_round(10, 8, 2, 9, 9), _round(20, 16, 4, 18, 18), _round(12, 9, 2, 10, 11)]
    s = floor.summary(rounds, cores=2)
    assert s["pdfs"] == 9 and s["load"] == 2 and s["plain_cpu"] == 12
    assert s["pages_ratio"] == pytest.approx(0.8) and s["pdfs_ratio"] == pytest.approx(0.7)
    # (8 + 2 + 9 + 7) / 10 = 2.6 in the first two rounds; (9 + 2 + 10 + 9) / 12 = 2.5.
    assert s["sum_ratio"] == pytest.approx(2.6)
    assert s["floor"] == pytest.approx(1.3)
    # Plain's wall time is what the floor is measured against, not its CPU.
    slow = floor.summary([_round(10, 8, 2, 9, 9, plain_wall=13)], cores=2)
    assert slow["floor"] == pytest.approx(1.0)
    text = floor.report(1000, 2, 3, s)
    assert "| the parts together | | 2.60 |" in text and "1.30 times" in text
