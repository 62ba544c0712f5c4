"""Pagefind's filter index in sorted order: the same bytes from every build, still read by
Pagefind in a real browser. (Two whole builds compared byte for byte: test_build_safety.py.)"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from browser import DESKTOP, chromium, serve
from voices.build import pagefind_order as po


def test_cbor_round_trip_and_sorting(tmp_path: Path) -> None:
    value = ["principle", [["b", [3, 1]], ["a", [2]], ["é" * 30, list(range(300))]]]
    assert po._decode(po._encode(value), 0) == (value, len(po._encode(value)))
    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)
    (bundle / "filter" / "en_1234567.pf_filter").write_bytes(po._pack(value))
    meta = ["1.5.2", [["en_aaaaaaa", 10]], [["principle", "en_1234567"]], []]
    (bundle / "pagefind.en_0123456789.pf_meta").write_bytes(po._pack(meta))
    (bundle / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"en": {"hash": "en_0123456789", "page_count": 3}}}))
    assert po.sort_filters(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta_file = bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    new_meta = po._read(meta_file)
    name = new_meta[2][0][1]
    assert len(name) == len("en_1234567") and name.startswith("en_")
    assert po._read(bundle / "filter" / f"{name}.pf_filter") == \
        ["principle", [["a", [2]], ["b", [1, 3]], ["é" * 30, list(range(300))]]]
    assert sorted(p.name for p in (bundle / "filter").iterdir()) == [f"{name}.pf_filter"]
    before = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert po.sort_filters(bundle)  # a second pass changes nothing
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before


def test_an_unexpected_layout_is_left_untouched(tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)
    odd = gzip.compress(b"pagefind_dcd\xf5", mtime=0)  # a CBOR 'true': not what 1.5 writes
    (bundle / "pagefind.en_0123456789.pf_meta").write_bytes(odd)
    (bundle / "pagefind-entry.json").write_text('{"languages": {"en": {"hash": "en_0123456789"}}}')
    assert not po.sort_filters(bundle)
    assert (bundle / "pagefind.en_0123456789.pf_meta").read_bytes() == odd


def test_pagefind_filters_still_work_in_chromium(default_site: Path) -> None:
    index = json.loads((default_site / "finder" / "index.json").read_text())["stories"]
    team = sum(1 for s in index if "build-a-team" in s.get("p", []))
    with serve(default_site) as base, chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base + "404.html")
        found = page.evaluate("""async () => {
            const pf = await import('./pagefind/pagefind.js');
            const filters = await pf.filters();
            const r = await pf.search(null, {filters: {principle: 'Build a team to do the job'}});
            return [filters.principle['Build a team to do the job'], r.results.length];
        }""")
        page.close()
    assert found == [team, team]
