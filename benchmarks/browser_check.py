#!/usr/bin/env python3
"""The finder and search on a 10,000-story archive, in headless Chromium (issue 6, "done when").

    benchmarks/browser_check.py               # generate (or reuse) the corpus, build, check
    benchmarks/browser_check.py --n 2000      # a smaller archive
    benchmarks/browser_check.py --rebuild     # build again even if the site is there

Not part of the pytest suite: the build alone takes many minutes at 10,000 stories. The corpus
(benchmarks/corpus.py) and the site are kept under benchmarks/out/ between runs. It checks that
the finder shows every story, that filters give the counts the index says they should, that a
Pagefind query finds stories, prints the bytes fetched and the timings, and saves screenshots of
the finder at desktop and phone widths. It exits 1 if any check fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
VENV_BIN = Path(os.environ.get("VOICES_VENV", REPO / ".venv")) / "bin"
if Path(sys.prefix).resolve() != VENV_BIN.parent.resolve():  # run with the project's venv
    os.execv(VENV_BIN / "python", [str(VENV_BIN / "python"), __file__, *sys.argv[1:]])
sys.path[:0] = [str(HERE), str(REPO / "tests")]

import corpus  # noqa: E402  (benchmarks/corpus.py)
from browser import DESKTOP, PHONE, chromium, serve  # noqa: E402  (tests/browser.py)

QUERY = "kettle"  # a word the generator puts in many stories
failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        failures.append(what)


def size(request) -> int:
    """Bytes received for a request; 0 once its page has closed (the body is gone then)."""
    try:
        response = request.response()
        return len(response.body()) if response else 0
    except Exception:  # noqa: BLE001 - Playwright's TargetClosedError and kin
        return 0


def build(archive: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run([str(VENV_BIN / "mkdocs"), "build", "--strict", "-f",
                           str(archive / "mkdocs.yml"), "--site-dir", str(site)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"the build failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def visible(page) -> int:
    return page.eval_on_selector_all("#voices-finder-results > li:not([hidden])",
                                     "els => els.length")


def timed(page, action) -> float:
    """Seconds from an action to the finder having redrawn (status text changed)."""
    before = page.text_content("#voices-finder-status")
    start = time.perf_counter()
    action()
    page.wait_for_function("b => document.querySelector('#voices-finder-status')"
                           ".textContent !== b", arg=before)
    return time.perf_counter() - start


def finder_checks(base: str, site: Path, browser, shots: Path) -> None:
    index = json.loads((site / "finder" / "index.json").read_text(encoding="utf-8"))["stories"]
    total = len(index)
    principle = "build-a-team"
    challenge = "communication"
    with_p = [s for s in index if principle in s.get("p", [])]
    with_pc = [s for s in with_p if challenge in s.get("c", [])]
    note = next(n for s in index for n in s.get("n", []))
    with_pc_not_n = [s for s in with_pc if note not in s.get("n", [])]
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        fetched: dict[str, int] = {}
        page.on("requestfinished", lambda r: fetched.__setitem__(r.url, size(r)))
        start = time.perf_counter()
        page.goto(base + "finder/", wait_until="domcontentloaded")
        page.wait_for_selector("#voices-finder-form:not([hidden])", timeout=120_000)
        ready = time.perf_counter() - start
        page.wait_for_load_state("networkidle")
        html = fetched.get(base + "finder/", 0)
        print(f"{name}: finder ready in {ready:.2f} s; fetched {sum(fetched.values())} bytes "
              f"in {len(fetched)} responses (page {html}, index "
              f"{fetched.get(base + 'finder/index.json', 0)})")
        check(page.text_content("#voices-finder-status") == f"Showing all {total} stories.",
              f"{name}: the status names all {total} stories")
        check(visible(page) == total, f"{name}: every story is listed")
        page.screenshot(path=str(shots / f"finder-{name}.png"))
        t1 = timed(page, lambda: page.check(f"#finder-principle-{principle}"))
        check(visible(page) == len(with_p), f"{name}: principle filter shows {len(with_p)}")
        n = page.text_content(f'.voices-finder-n[data-facet="challenge"][data-value="{challenge}"]')
        check(n == f"({len(with_pc)})", f"{name}: count beside '{challenge}' is {len(with_pc)}")
        t2 = timed(page, lambda: page.check(f"#finder-challenge-{challenge}"))
        check(visible(page) == len(with_pc), f"{name}: two filters show {len(with_pc)}")
        t3 = timed(page, lambda: page.check(f"#finder-exclude-{note}"))
        check(visible(page) == len(with_pc_not_n),
              f"{name}: leaving out '{note}' shows {len(with_pc_not_n)}")
        check(page.text_content("#voices-finder-status")
              == f"Showing {len(with_pc_not_n)} of {total} stories.", f"{name}: status counts")
        page.screenshot(path=str(shots / f"finder-{name}-filtered.png"))
        start = time.perf_counter()
        page.go_back()
        page.wait_for_function(f"!document.querySelector('#finder-exclude-{note}').checked")
        back = time.perf_counter() - start
        check(visible(page) == len(with_pc), f"{name}: the back button undoes a choice")
        print(f"{name}: filter redraws {t1:.2f} s, {t2:.2f} s, {t3:.2f} s; back {back:.2f} s")
        context.close()


def search_checks(base: str, site: Path, browser, shots: Path) -> None:
    index = json.loads((site / "finder" / "index.json").read_text(encoding="utf-8"))["stories"]
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base + "search/", wait_until="networkidle")
        sizes: dict[str, int] = {}
        page.on("requestfinished", lambda r: sizes.__setitem__(r.url, size(r))
                if "/pagefind/" in r.url else None)
        start = time.perf_counter()
        page.fill(".pagefind-ui__search-input", QUERY)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
        page.wait_for_load_state("networkidle")
        took = time.perf_counter() - start
        found = page.locator(".pagefind-ui__result").count()
        message = page.text_content(".pagefind-ui__message") or ""
        print(f"{name}: query '{QUERY}' answered in {took:.2f} s: {message.strip()!r}, "
              f"{found} results shown, {sum(sizes.values())} bytes in {len(sizes)} responses "
              "after the page had loaded")
        check(found > 0, f"{name}: the query finds stories")
        page.screenshot(path=str(shots / f"search-{name}.png"))
        context.close()
    # What a first query costs with nothing cached, Pagefind's own code included.
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base + "404.html", wait_until="networkidle")
    sizes = {}
    page.on("requestfinished", lambda r: sizes.__setitem__(r.url, size(r)))
    count = page.evaluate("""async (q) => {
        const pf = await import('./pagefind/pagefind.js');
        const found = await pf.search(q);
        await Promise.all(found.results.slice(0, 5).map(r => r.data()));
        return found.results.length;
    }""", QUERY)
    page.wait_for_load_state("networkidle")
    fetched = sum(sizes.values())
    print(f"a first query with its code: {count} results, {fetched} bytes in {len(sizes)} "
          "responses")
    check(fetched < 500 * 1024, "a query fetches under 500 KB, code included")
    # Pagefind's filters agree with the finder's index (both come from the same stories).
    team = sum(1 for s in index if "build-a-team" in s.get("p", []))
    filtered = page.evaluate("""async () => {
        const pf = await import('./pagefind/pagefind.js');
        const r = await pf.search(null, {filters: {principle: 'Build a team to do the job'}});
        return r.results.length;
    }""")
    check(filtered == team, f"Pagefind's principle filter finds {team} stories, as the finder")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="how many generated stories")
    parser.add_argument("--regenerate", action="store_true", help="write the corpus again")
    parser.add_argument("--rebuild", action="store_true", help="build the site again")
    args = parser.parse_args()
    archive, site = OUT / f"browser-n{args.n}", OUT / f"site-browser-n{args.n}"
    shots = OUT / f"shots-n{args.n}"
    shots.mkdir(parents=True, exist_ok=True)
    if args.regenerate or not (archive / "mkdocs.yml").is_file():
        start = time.perf_counter()
        corpus.write_corpus(args.n, archive)
        print(f"wrote {args.n} stories in {time.perf_counter() - start:.1f} s")
    if args.rebuild or args.regenerate or not (site / "finder" / "index.json").is_file():
        print(f"built the site in {build(archive, site):.1f} s")
    stories = sum(1 for _ in (site / "stories").glob("*/index.html"))
    sizes = {name: (site / "finder" / name).read_bytes() for name in ("index.json", "index.html")}
    print(f"{stories} story pages; finder index {len(sizes['index.json'])} bytes "
          f"({len(gzip.compress(sizes['index.json']))} gzipped), finder page "
          f"{len(sizes['index.html'])} bytes ({len(gzip.compress(sizes['index.html']))} gzipped)")
    with serve(site) as base, chromium() as browser:
        finder_checks(base, site, browser, shots)
        search_checks(base, site, browser, shots)
    print(f"screenshots in {shots}")
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("all checks passed")


if __name__ == "__main__":
    main()
