#!/usr/bin/env python3
"""The least time a full Voices build can take: the work it cannot leave out, each part timed on
its own, against plain mkdocs-material's build of the same stories in the same rounds.

    benchmarks/floor.py                      # 1,000 stories, 7 rounds (after benchmarks/run)
    benchmarks/floor.py --size 10000 --rounds 3

A full build does at least this:
- what plain does for its pages: plain's own build without its search plugin (Voices lays out
  the same story files with the same theme, and indexes them with Pagefind instead);
- reading and checking the stories (`load_archive`, as the build loads them);
- Pagefind indexing the story pages (over the story pages of the site `benchmarks/run` built);
- the guides' PDFs (their process imports WeasyPrint and renders them; the time to load the
  archive, measured above, is taken off).

Each round runs plain's whole build and every part, each alone, and divides each part's CPU
time by plain's in the same round: the machine's speed drifts, and a round sees everything at
about the same speed. The parts' CPU time, shared perfectly over the cores, is the least wall
time that any build doing all of them can take, however well they overlap; divided by plain's
wall time (plain runs on one core), it is the least ratio `benchmarks/run` can show. What
Voices adds on top (the story pages' extras, the lists, the finder, the feeds, the guides' own
pages) is not in it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(os.environ.get("VOICES_VENV", HERE.parent / ".venv")) / "bin"
if __name__ == "__main__" and Path(sys.prefix).resolve() != VENV_BIN.parent.resolve():
    os.execv(VENV_BIN / "python", [str(VENV_BIN / "python"), __file__, *sys.argv[1:]])
# benchmarks/run, for its corpus folders, its venv and its way of timing a command: it has no
# .py suffix, so it is loaded by path. Imported, it neither re-executes itself nor runs.
_loader = SourceFileLoader("bench_run", str(HERE / "run"))
run = module_from_spec(spec_from_loader("bench_run", _loader))
_loader.exec_module(run)

SEARCH_PLUGIN = "plugins:\n  - search\n"
LABELS = {
    "pages": "plain's page work (its build without its search plugin)",
    "load": "reading and checking the stories",
    "pagefind": "Pagefind indexing the story pages",
    "pdfs": "the guides' PDFs (WeasyPrint's import included)",
}
PARTS = tuple(LABELS)
_PDFS = ("import sys; from pathlib import Path; "
         "from voices.core.archive import load_archive; "
         "from voices.printing.guides import GuideSet; "
         "loaded = load_archive(Path(sys.argv[1])); import weasyprint; "
         "GuideSet(Path(sys.argv[1]), loaded.archive, 'Floor', '').write_pdfs(Path(sys.argv[2]))")
_LOAD = ("import sys; from pathlib import Path; from voices.core.archive import load_archive; "
         "load_archive(Path(sys.argv[1]))")


def pages_only(config: str) -> str:
    """Plain's mkdocs.yml (benchmarks/corpus.py's PLAIN_CONFIG) without its search plugin."""
    if config.count(SEARCH_PLUGIN) != 1:
        raise ValueError("plain's mkdocs.yml no longer lists its plugins as 'plugins: [search]': "
                         "update SEARCH_PLUGIN in benchmarks/floor.py")
    return config.replace(SEARCH_PLUGIN, "plugins: []\n")


def story_pages(site: Path, into: Path) -> Path:
    """Hard links to the built site's story pages and the stories' images (what Pagefind and the
    PDFs read) in a folder of their own: Pagefind indexes every page of the folder it is given."""
    stories = site / "stories"
    if not stories.is_dir():
        raise SystemExit(f"benchmarks/floor.py: no site at {site}: run benchmarks/run first")
    for path in stories.rglob("*"):
        if path.is_file() and (path.suffix != ".html" or path.parent != stories):
            target = into / "stories" / path.relative_to(stories)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    return into


def summary(rounds: list[dict[str, dict]], cores: int) -> dict[str, float]:
    """Medians over the rounds: each part's CPU seconds, and its CPU over plain's CPU in the
    same round; the parts' CPU summed, over plain's; and the floor: that sum spread over the
    cores, over plain's wall time in the same round."""
    out: dict[str, float] = {"plain_cpu": statistics.median(r["plain"]["cpu"] for r in rounds),
                             "plain_seconds": statistics.median(r["plain"]["seconds"]
                                                                for r in rounds)}
    cpus = [{part: r[part]["cpu"] - (r["load"]["cpu"] if part == "pdfs" else 0)
             for part in PARTS} for r in rounds]
    for part in PARTS:
        out[part] = statistics.median(c[part] for c in cpus)
        out[part + "_ratio"] = statistics.median(c[part] / r["plain"]["cpu"]
                                                 for c, r in zip(cpus, rounds, strict=True))
    out["sum_ratio"] = statistics.median(sum(c.values()) / r["plain"]["cpu"]
                                         for c, r in zip(cpus, rounds, strict=True))
    out["floor"] = statistics.median(sum(c.values()) / cores / r["plain"]["seconds"]
                                     for c, r in zip(cpus, rounds, strict=True))
    return out


def report(size: int, cores: int, rounds: int, s: dict[str, float]) -> str:
    lines = [f"{size:,} stories, {rounds} round{'s' * (rounds != 1)}, {cores} cores; medians.",
             "",
             "| part | CPU | / plain's CPU |", "|---|---|---|",
             f"| plain mkdocs-material's whole build | {s['plain_cpu']:.2f} s | 1.00 |"]
    lines += [f"| {LABELS[p]} | {s[p]:.2f} s | {s[p + '_ratio']:.2f} |" for p in PARTS]
    lines += [f"| the parts together | | {s['sum_ratio']:.2f} |", "",
              f"Floor: the parts spread perfectly over {cores} cores take {s['floor']:.2f} times "
              f"plain's build time ({s['plain_seconds']:.2f} s), before anything Voices adds."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="the corpus (default: 1000)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds (default: 7)")
    args = parser.parse_args()
    archive, plain = run.OUT / f"n{args.size}", run.OUT / f"n{args.size}-plain"
    if not (plain / "mkdocs.yml").is_file():
        print(f"benchmarks/floor.py: no corpus of {args.size} stories: run "
              f"'benchmarks/run --sizes {args.size}' first", file=sys.stderr)
        return 2
    cores = len(os.sched_getaffinity(0))
    python = str(run.VENV_BIN / "python")
    with tempfile.TemporaryDirectory(prefix="voices-floor-") as tmp:
        work = Path(tmp)
        pages_config = plain / ".floor-mkdocs.yml"  # beside plain's: its paths are relative
        pages_config.write_text(pages_only((plain / "mkdocs.yml").read_text("utf-8")), "utf-8")
        try:
            site = story_pages(run.OUT / f"site-n{args.size}", work / "site")
            jobs = {
                "plain": [str(run.VENV_BIN / "mkdocs"), "build", "-q", "-f",
                          str(plain / "mkdocs.yml"), "-d", str(work / "plain")],
                "pages": [str(run.VENV_BIN / "mkdocs"), "build", "-q", "-f", str(pages_config),
                          "-d", str(work / "pages")],
                "load": [python, "-c", _LOAD, str(archive)],
                "pagefind": [python, "-m", "pagefind", "--site", str(site), "--output-path",
                             str(work / "pagefind"), "--force-language", "en"],
                "pdfs": [python, "-c", _PDFS, str(archive), str(site)],
            }
            results = []
            for number in range(args.rounds):
                print(f"  round {number + 1} of {args.rounds}", file=sys.stderr)
                names = list(jobs) if number % 2 == 0 else list(reversed(jobs))
                done = {}
                for name in names:
                    for made in ("plain", "pages", "pagefind"):
                        shutil.rmtree(work / made, ignore_errors=True)
                    done[name] = run.measure(jobs[name])
                    if done[name]["rc"]:
                        return 1
                results.append(done)
        finally:
            pages_config.unlink(missing_ok=True)
    print(report(args.size, cores, args.rounds, summary(results, cores)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
