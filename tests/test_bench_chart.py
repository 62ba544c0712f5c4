"""benchmarks/run's chart and table, fed made-up results (nothing is built or timed here)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from importlib.machinery import SourceFileLoader
from pathlib import Path

from conftest import REPO


def _load_run():
    """benchmarks/run as a module: it has no .py suffix, so through SourceFileLoader. Imported,
    it must not exec itself into the venv (it does that only when run as a script)."""
    loader = SourceFileLoader("bench_run", str(REPO / "benchmarks" / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


run = _load_run()


def _timing(seconds: float, peak_mb: float, rc: int = 0) -> dict:
    return {"seconds": seconds, "cpu": seconds * 1.5, "peak": int(peak_mb * 1e6), "rc": rc}


def _results(baseline: bool = False) -> list[dict]:
    out = []
    for n, scale in ((1000, 1), (10_000, 8), (50_000, 40)):
        r = {
            "n": n, "load_before": 1.0, "load_after": 1.5,
            "check": _timing(0.5 * scale, 50 * scale ** 0.5),
            "build": _timing(10.0 * scale, 500 * scale ** 0.5),
            "build_cached": _timing(8.5 * scale, 460 * scale ** 0.5),
            "plain": _timing(5.4 * scale, 80 * scale ** 0.5),
            "disk": {"files": 1200 * scale, "bytes": 45_000_000 * scale,
                     "blocks": 52_000_000 * scale},
            "plain_disk": {"files": 1100 * scale, "bytes": 27_000_000 * scale,
                           "blocks": 31_000_000 * scale},
            "plain_search": 6_400_000 * scale, "lunr": 0, "pagefind": 5_400_000 * scale,
            "finder": 188_000 * scale, "story": "stories/a-story/",
            "page_parts": {"script": 2000, "svg": 9000, "whitespace": 4000, "nav": 30000,
                           "article": 12000, "other": 8000, "total": 65000},
        }
        if baseline:
            r |= {"base_check": _timing(0.6 * scale, 60 * scale ** 0.5),
                  "base_build": _timing(11.0 * scale, 520 * scale ** 0.5),
                  # A baseline that failed on the new config: no ratio, and no point drawn.
                  "base_build_cached": _timing(1.0, 90, rc=1)}
        out.append(r)
    return out


META = {"date": "2026-11-23", "cores": 2, "cpu": "AMD EPYC", "python": "3.11.7"}


def test_importing_the_script_does_not_exec_it(tmp_path: Path) -> None:
    # Run as a script, benchmarks/run execs the venv that VOICES_VENV names when it is not
    # already running in it. Here that venv does not exist: an exec on import would fail.
    code = ("import importlib.util, sys; from importlib.machinery import SourceFileLoader; "
            "loader = SourceFileLoader('bench_run', sys.argv[1]); "
            "spec = importlib.util.spec_from_loader('bench_run', loader); "
            "loader.exec_module(importlib.util.module_from_spec(spec)); print('imported')")
    env = {**os.environ, "VOICES_VENV": str(tmp_path / "no-such-venv")}
    done = subprocess.run([sys.executable, "-c", code, str(REPO / "benchmarks" / "run")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported"
    assert callable(run.main) and callable(run.table)


def test_the_chart_is_written_deterministically_with_its_three_series(tmp_path: Path) -> None:
    first, again, copy = tmp_path / "a" / "curve.svg", tmp_path / "b.svg", tmp_path / "c.svg"
    run.chart.draw(_results(), [first, copy], META)
    run.chart.draw(_results(), [again], META)
    svg = first.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "</svg>" in svg
    assert first.read_bytes() == again.read_bytes() == copy.read_bytes()
    for label in ("Voices, first build (build)", "Voices, later build (build_cached)",
                  "plain mkdocs-material (plain)"):
        assert label in svg  # as the comment matplotlib writes beside each text it draws
    for panel in ("time", "memory"):
        for key in ("build", "build_cached", "plain"):
            assert f'id="{panel}-{key}"' in svg
    assert "base_build" not in svg  # no baseline given, no dashed lines
    assert "2026-11-23, 2 cores" in svg
    assert "Date" not in svg  # no date in the metadata: the same numbers, the same file


def test_the_chart_adds_the_baselines_builds_and_changes_with_the_numbers(tmp_path: Path) -> None:
    plain, based = tmp_path / "plain.svg", tmp_path / "based.svg"
    run.chart.draw(_results(), [plain], META)
    run.chart.draw(_results(baseline=True), [based], {**META, "baseline": "6a21247"})
    svg = based.read_text(encoding="utf-8")
    assert 'id="time-base_build"' in svg and 'id="memory-base_build_cached"' in svg
    assert "baseline, first build" in svg and "dashed: baseline 6a21247" in svg
    assert plain.read_bytes() != based.read_bytes()


def test_the_table_has_the_this_over_baseline_rows_only_with_a_baseline() -> None:
    without = run.table(_results())
    assert "this / baseline" not in without and "baseline first build" not in without
    text = run.table(_results(baseline=True))
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()}
    time_row = rows["this / baseline, time: check / first build / later build"]
    # check 0.5/0.6, first build 10/11; the later build failed in the baseline: n/a.
    assert "| 0.83× / 0.91× / n/a |" in time_row
    assert "this / baseline, peak memory: check / first build / later build" in rows
    assert "(failed)" in rows["baseline later build: time"]


def test_the_table_gives_bytes_per_story_and_projects_only_unmeasured_sizes() -> None:
    text = run.table(_results())
    assert "| per story, Voices: bytes / on disk / files | 45 KB / 52 KB / 1.2 |" in text
    assert "projected at 50,000" not in text  # 50,000 was measured
    text = run.table(_results()[:2])
    assert "| projected at 50,000 stories, Voices: bytes / on disk | 2.25 GB / 2.60 GB |" in text


def test_the_page_breakdown_adds_up_to_the_page() -> None:
    html = (b"<html><head><script>var a = '<nav>';</script><script src=x.js></script></head>"
            b"<body>\n  <nav><ul>\n<li><a>x</a></li></ul><nav>y</nav><svg><path/></svg></nav>"
            b"<article><p>Hello</p>  <svg></svg></article></body></html>")
    parts = run.page_parts(html)
    assert sum(v for k, v in parts.items() if k != "total") == parts["total"] == len(html)
    assert parts["script"] == len(b"<script>var a = '<nav>';</script>")  # src= is not inline
    assert parts["svg"] == len(b"<svg><path/></svg>") + len(b"<svg></svg>")
    assert parts["whitespace"] == len(b"\n  ") + len(b"\n") + len(b"  ")
    assert parts["nav"] == len(b"<nav><ul><li><a>x</a></li></ul><nav>y</nav></nav>")
    assert parts["article"] == len(b"<article><p>Hello</p></article>")
    table = run.breakdown(_results())
    assert "`<nav>` elements | 30.0 KB (46%)" in table


def test_disk_usage_counts_files_bytes_and_allocated_blocks(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.html").write_bytes(b"x" * 10)
    (tmp_path / "b.txt").write_bytes(b"y" * 5000)
    os.link(tmp_path / "b.txt", tmp_path / "same.txt")  # a hard link counts once, as in du
    usage = run.disk_usage(tmp_path)
    assert usage["files"] == 2 and usage["bytes"] == 5010
    assert usage["blocks"] >= 5010 and usage["blocks"] % 512 == 0
