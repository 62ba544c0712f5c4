"""A large archive is indexed by Pagefind in parts (memory stays bounded), and the search page
merges them: the same queries find the same stories as one index would."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from browser import DESKTOP, chromium, serve, watch_for_trouble
from conftest import REPO, tree
from voices.build import indexing
from voices.site import search
from voices.core.archive import load_archive

QUERIES = ("tea", "money", "meeting", "brith")


def test_plan_splits_evenly_in_the_given_order_and_keeps_every_page_once() -> None:
    pages = [(f"stories/s{i:02}/index.html", 100 + i) for i in reversed(range(30))]
    parts = indexing.plan(pages, budget=1_200)
    assert [p for part in parts for p in part] == [p for p, _ in pages]  # in order, each once
    words = dict(pages)
    sizes = [sum(words[p] for p in part) for part in parts]
    assert len(parts) == 3 and max(sizes) - min(sizes) <= 2 * max(words.values())
    assert indexing.plan(pages, budget=10**9) == [[p for p, _ in pages]]  # small: one part
    assert indexing.plan([], budget=100) == []
    assert indexing.plan(pages, budget=1) == [[p] for p, _ in pages]  # never an empty part


@pytest.fixture(scope="module")
def parted_site(default_site: Path, tmp_path_factory) -> tuple[Path, list[list[str]]]:
    """A copy of the default site whose stories are indexed in three parts."""
    site = tmp_path_factory.mktemp("parts") / "site"
    shutil.copytree(default_site, site)
    pages = search.story_pages(load_archive(REPO).archive)
    budget = sum(words for _, words in pages) // 3 + 1
    indexing.build_index(site, pages, budget=budget)
    return site, indexing.plan(pages, budget)


def test_parts_indexed_side_by_side_give_the_same_index_as_one_after_another(
        default_site: Path, tmp_path: Path, monkeypatch) -> None:
    pages = search.story_pages(load_archive(REPO).archive)
    budget = sum(words for _, words in pages) // 4 + 1  # four parts
    at_once, start = [], indexing.Indexing._start

    def counting_start(self) -> None:
        start(self)
        at_once.append(len(self.running))

    monkeypatch.setattr(indexing.Indexing, "_start", counting_start)
    bundles = []
    for side_by_side in (1, 2):
        monkeypatch.setattr(indexing, "AT_ONCE", side_by_side)
        site = tmp_path / f"site-{side_by_side}"
        shutil.copytree(default_site, site)
        at_once.clear()
        indexing.build_index(site, pages, budget=budget)
        assert len(at_once) == 4 and max(at_once) == side_by_side
        bundles.append(tree(site / "pagefind"))
    assert bundles[0] == bundles[1]


def test_a_part_that_takes_too_long_is_stopped_and_leaves_nothing(default_site: Path,
                                                                 tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(default_site, site, ignore=shutil.ignore_patterns("pagefind"))
    pages = search.story_pages(load_archive(REPO).archive)
    running = indexing.Indexing(site, pages, budget=sum(w for _, w in pages) // 2 + 1,
                                timeout=0)
    pids = [run.proc.pid for run in running.running.values()]
    with pytest.raises(indexing.SearchError, match="took more than 0 seconds"):
        running.finish()
    assert running.running == {} and not any(Path(f"/proc/{pid}").exists() for pid in pids)
    assert not list(site.glob(".voices-pagefind-*")) and not (site / "pagefind").exists()


def _urls(bundle: Path) -> list[str]:
    out = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        out.append(json.loads(raw[raw.index(b"{"):])["url"])
    return out


def test_each_part_holds_its_own_stories_and_only_the_files_a_merge_needs(
        parted_site: tuple[Path, list[list[str]]], default_site: Path) -> None:
    site, parts = parted_site
    bundle = site / "pagefind"
    assert len(parts) == 3
    listed = json.loads((bundle / indexing.PARTS_FILE).read_text())["parts"]
    assert listed == ["part-2/", "part-3/"]
    assert json.loads((default_site / "pagefind" / indexing.PARTS_FILE).read_text()) == {
        "parts": []}
    for number, part in enumerate(parts, start=1):
        folder = bundle / indexing.part_dir(number)
        assert sorted(_urls(folder)) == sorted("/" + p.removesuffix("index.html") for p in part)
    for name in listed:
        kept = sorted(p.name for p in (bundle / name).iterdir())
        assert kept[:4] == ["filter", "fragment", "index", "pagefind-entry.json"]
        assert len(kept) == 5 and kept[4].endswith(".pf_meta")  # no second copy of the code
    assert not list(site.glob(".voices-pagefind-*"))  # the folders of links are gone


def test_search_page_merges_the_parts_and_finds_what_one_index_finds(
        parted_site: tuple[Path, list[list[str]]], default_site: Path) -> None:
    site, parts = parted_site
    found: dict[Path, dict[str, list[str]]] = {}
    with chromium() as browser:
        for built in (default_site, site):
            with serve(built) as base:
                context = browser.new_context(viewport=DESKTOP)
                tab = context.new_page()
                _, errors = watch_for_trouble(tab)  # script and console errors
                tab.goto(base + "search/")
                found[built] = {}
                for query in QUERIES:
                    tab.fill(".pagefind-ui__search-input", query)
                    # "8 results for tea": then every result, loading more while there are more.
                    # (Not "Searching for tea...", which comes first.)
                    message = tab.wait_for_function(
                        """q => { const m = document.querySelector('.pagefind-ui__message');
                                 const t = m ? m.textContent.trim() : '';
                                 return /^(\\d+ results?|No results) for /.test(t)
                                        && t.endsWith(q) && t; }""",
                        arg=query).json_value()
                    total = 0 if message.startswith("No") else int(message.split()[0])
                    while tab.locator(".pagefind-ui__result-link").count() < total:
                        if tab.locator(".pagefind-ui__button").count():  # "Load more results"
                            tab.click(".pagefind-ui__button")
                        tab.wait_for_timeout(100)
                    found[built][query] = sorted(
                        tab.locator(".pagefind-ui__result-link").evaluate_all(
                            "links => links.map(a => new URL(a.href).pathname)"))
                assert not errors, errors
                context.close()
    assert found[site] == found[default_site]
    assert all(found[site].values())  # every query finds something
    # And the parts really were merged: the results come from more than the first part.
    first = {"/" + p.removesuffix("index.html") for p in parts[0]}
    assert {u for urls in found[site].values() for u in urls} - first


def test_index_made_while_the_pages_are_written_is_the_index_of_the_written_pages(
        default_site: Path, tmp_path: Path) -> None:
    """The build indexes each story from its content before MkDocs writes the page
    (search.write_document): indexing the written pages afterwards gives the same bytes."""
    site = tmp_path / "site"
    shutil.copytree(default_site, site)
    indexing.build_index(site, search.story_pages(load_archive(REPO).archive))
    early, late = tree(default_site / "pagefind"), tree(site / "pagefind")
    assert len(early) > 30 and early.keys() == late.keys()
    assert [name for name in early if early[name] != late[name]] == []


def test_filters_and_their_counts_span_every_part(
        parted_site: tuple[Path, list[list[str]]], default_site: Path) -> None:
    site, _ = parted_site
    merge = json.loads((site / "pagefind" / indexing.PARTS_FILE).read_text())["parts"]
    script = """async (parts) => {
        const pf = await import('./pagefind/pagefind.js');
        for (const part of parts) await pf.mergeIndex('/pagefind/' + part);
        const found = await pf.search(null, {filters: {principle: 'Give each other respect'}});
        return [found.results.length, await pf.filters()]; }"""
    seen = []
    with chromium() as browser:
        for built, parts in ((default_site, []), (site, merge)):
            with serve(built) as base:
                tab = browser.new_page()
                tab.goto(base + "404.html")
                seen.append(tab.evaluate(script, parts))
                tab.close()
    assert seen[0] == seen[1]
    count, filters = seen[1]
    assert count > 3 and set(filters) == set(search.FILTERS)
