"""The benchmark corpus generator writes archives the checker accepts (no timings here), and the
speed changes give exactly the results of the slower code they replace."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import REPO
from voices.core.archive import load_archive
from voices.cli import main
from voices.core.problems import VoicesError

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
    from voices.core import parallel

    out = corpus.write_corpus(30, tmp_path / "n30", seed=5)
    serial = load_archive(out)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # force the worker processes at this size
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    forked = load_archive(out)
    assert list(forked.archive.stories) == list(serial.archive.stories)
    assert forked.archive.stories == serial.archive.stories
    assert [p.text() for p in forked.problems] == [p.text() for p in serial.problems]


def test_a_build_with_story_pages_from_worker_processes_is_the_same_site(tmp_path: Path) -> None:
    """The plugin's pages are rendered, laid out and written by worker processes
    (parallel.Pending, adapter/layout.py) while MkDocs writes the site's own pages, and the
    search index is made in parts that start as soon as their pages are there: forcing both on
    a small archive must give the same files, byte for byte, as one process, and as MkDocs'
    own loop laying out every page."""
    import json
    import os
    import subprocess

    archive = corpus.write_corpus(30, tmp_path / "n30", seed=7)
    build = ("import sys, voices.core.parallel as p; p.MIN_ITEMS = int(sys.argv[1]); "
             "p.workers = lambda: 2; import voices.build.indexing as s; s.WORDS_PER_PART = 6000; "
             "import voices.adapter.layout as l; l.ENABLED = sys.argv[2] == 'workers'; "
             "real = l.lay_out; l.lay_out = lambda *a: print('laid out by the build') or real(*a);"
             " from mkdocs.__main__ import cli; cli(sys.argv[3:])")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    sites, logs = {}, {}
    for min_items, layout in ((1, "workers"), (10**6, "workers"), (10**6, "mkdocs")):
        site = tmp_path / f"site-{min_items}-{layout}"
        done = subprocess.run([sys.executable, "-c", build, str(min_items), layout, "build",
                               "--strict", "-f", str(archive / "mkdocs.yml"), "-d", str(site)],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        logs[layout] = done.stdout + done.stderr
        sites[min_items, layout] = {p.relative_to(site).as_posix(): p.read_bytes()
                                    for p in sorted(site.rglob("*")) if p.is_file()}
    forked, serial = sites[1, "workers"], sites[10**6, "workers"]
    theirs = sites[10**6, "mkdocs"]  # every page laid out by MkDocs' own loop
    assert sum("/fragment/" in k for k in forked) >= 30
    assert len(json.loads(forked["pagefind/voices-parts.json"])["parts"]) >= 3
    assert forked.keys() == serial.keys() == theirs.keys()
    assert [k for k in forked if forked[k] != serial[k]] == []
    assert [k for k in forked if forked[k] != theirs[k]] == []
    assert b"voices-story" in forked["stories/" + next(
        k.split("/")[1] for k in forked if k.startswith("stories/") and k.count("/") == 2)
        + "/index.html"]
    assert not [k for k in forked if k.startswith(".")]  # no work folder left in the site
    assert "laid out by the build" in logs["workers"]
    assert "laid out by the build" not in logs["mkdocs"]
    assert "Page skipped" not in logs["workers"]  # MkDocs' loop skips ours without a word


def test_a_check_without_the_stories_text_finds_the_same_problems(tmp_path: Path,
                                                                   monkeypatch) -> None:
    from voices.core import parallel

    out = corpus.write_corpus(30, tmp_path / "n30", seed=5)
    (out / "stories" / "broken.md").write_text("---\ntitle: [unclosed\n---\nText\n")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)  # the workers send back less
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    full, slim = load_archive(out), load_archive(out, bodies=False)
    assert [p.text() for p in slim.problems] == [p.text() for p in full.problems]
    assert slim.problems and list(slim.archive.stories) == list(full.archive.stories)
    assert all(s.body == "" and s.word_count for s in slim.archive.stories.values())


# --- Speed changes that must not change any result -----------------------------------------------

HOSTILE_FRONT_MATTER = {
    "duplicates": "title: a\ntitle: b\ntitle: c\n",
    "merge-key": "<<: {title: a}\nsummary: b\n",
    "list-as-key": "? [a]\n: b\n",
    "too-deep-flow": "a: [[[[[1]]]]]\n",
    "too-deep-block": "a:\n  b:\n    c:\n      d:\n        e: 1\n",
    "impossible-date": "told: 2020-02-31\n",
    "a-list": "- a\n",
    "odd-keys": "1: a\n~: b\nyes: c\n2020-01-01: d\n",
    "escaped-markup": 'title: "\\x3cscript>"\n',
    "folded-markup": "summary: >\n  a <b>\n  c\n",
    "value-key": "=: a\n",
    "anchor": "a: &x 1\n",
    "alias": "a: &x [1]\nb: *x\n",
    "alias-of-text-holding-indicators": 'a: &x "&*"\nb: *x\n',
    "tag-and-alias": 'a: &x "&*!"\nb: !!str *x\n',
    "local-tag": "a: !foo 1\n",
    "python-tag": "a: !!python/object:os.system x\n",
    "standard-tag": "a: !!str 1\n",
    "non-specific-tag": "a: ! 1\n",
    "emphasis-in-quotes": 'summary: "she said, *we can* & you!"\n',
    "emphasis-plain": "summary: she said *we can* & you!\n",
    "indicator-in-comment": "summary: x # *note*\n",
    "escape-and-anchor": 'summary: "\\x2a"\nb: &a 1\n',
    "alias-in-flow": "a: [&q x, *q]\n",
    "alias-bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "anchored-key": "&k a: 1\n",
    "empty-anchor": "a: &k\n",
    "syntax-error": "a: [b\n",
    "two-documents": "a: 1\n---\nb: 2\n",
}


def _both_ways(monkeypatch, path: str, text: str):
    """parse_text as it runs, and with the one-pass read switched off (the careful path)."""
    from voices.core import frontmatter, safe_yaml

    quick = frontmatter.parse_text(path, text)
    with monkeypatch.context() as m:
        m.setattr(safe_yaml, "_needs_event_scan", lambda fm: True)
        careful = frontmatter.parse_text(path, text)
    return quick, careful


def test_one_pass_front_matter_reads_exactly_what_the_careful_path_reads(monkeypatch) -> None:
    from voices.core import frontmatter, safe_yaml

    files = sorted((REPO / "tests" / "fixtures").rglob("*.md")) + sorted(
        (REPO / "stories").glob("*.md"))
    texts = [(p.name, p.read_bytes().decode("utf-8", "replace")) for p in files]
    texts += [(name, f"---\n{fm}---\nBody.\n") for name, fm in HOSTILE_FRONT_MATTER.items()]
    assert len(texts) > 100
    for name, text in texts:
        quick, careful = _both_ways(monkeypatch, name, text)
        assert (quick.data, quick.positions, quick.problems, quick.body) == \
            (careful.data, careful.positions, careful.problems, careful.body), name
    # ...and it is really used: ordinary front matter in one pass, the rest never.
    for name in ("emphasis-in-quotes", "emphasis-plain", "odd-keys", "duplicates"):
        assert safe_yaml._load_yaml_once(frontmatter.ParsedFile(name),
                                           "\n" + HOSTILE_FRONT_MATTER[name]), name
    refused = ("anchor", "alias", "alias-of-text-holding-indicators", "tag-and-alias",
               "local-tag", "python-tag", "too-deep-flow", "too-deep-block", "alias-bomb",
               "anchored-key", "empty-anchor", "indicator-in-comment", "syntax-error", "a-list")
    for name in refused:
        parsed = frontmatter.ParsedFile(name)
        assert not safe_yaml._load_yaml_once(parsed, "\n" + HOSTILE_FRONT_MATTER[name]), name
        assert parsed.problems == [] and parsed.data == {}, name
    assert safe_yaml._needs_event_scan("\n" + HOSTILE_FRONT_MATTER["escape-and-anchor"])
    assert safe_yaml._needs_event_scan("a: " + "[" * 1500 + "]" * 1500)  # too deep for C


def _related_by_sorting(stories, k):
    """related_stories as first written: every pair of tag sets scored and sorted."""
    from collections import defaultdict

    groups = defaultdict(list)
    for story in stories:
        groups[frozenset(story.tags)].append(story)
    keys = sorted(groups, key=lambda g: sorted(g))
    result = {}
    for key in keys:
        ranked = sorted(((len(key & o), o) for o in keys if key & o), key=lambda p: -p[0])
        for story in groups[key]:
            picks = [c for _, o in ranked for c in groups[o] if c is not story][:k]
            result[story.id] = picks
    return result


def test_related_stories_match_a_plain_sort_of_every_pair(tmp_path: Path) -> None:
    from voices.core import index

    loaded = load_archive(corpus.write_corpus(150, tmp_path / "n150", seed=11))
    web = loaded.archive.web
    assert len({frozenset(s.tags) for s in web}) > 30  # many tag sets, so ranking matters
    for k in (1, 3, 8):
        quick = index.related_stories(web, k)
        slow = _related_by_sorting(web, k)
        assert {i: [s.id for s in v] for i, v in quick.items()} == \
            {i: [s.id for s in v] for i, v in slow.items()}


def test_story_pages_rendered_by_forked_workers_match_one_process(tmp_path, monkeypatch) -> None:
    from voices.build import rendering
    from voices.core import parallel
    from voices.site.pages import Renderer

    loaded = load_archive(corpus.write_corpus(12, tmp_path / "n12", seed=2))
    serial = Renderer(loaded.archive).pages()
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    drafts = Renderer(loaded.archive).drafts(loaded.archive.web)
    forked = rendering.pending(drafts).results()
    assert [(p.src, p.html) for p in forked] == [(p.src, p.html) for p in serial]
    assert sum(p.src.startswith("stories/") for p in forked) > 12


MINI_GUIDE = """\
---
title: Mini pack
layout: pack
stories:
  - open-door
---
A short guide.
"""


def test_guide_pdfs_from_a_forked_process_are_written_and_cached(tmp_path: Path) -> None:
    import threading

    from conftest import TODAY, story_text, write_archive
    from voices.printing import pdf
    from voices.printing.guides import GuideSet

    root = write_archive(tmp_path / "archive", {"stories/open-door.md": story_text("Open door"),
                                                "content/guides/mini.md": MINI_GUIDE})
    loaded = load_archive(root, TODAY)
    guides = GuideSet(root, loaded.archive, "Test", "", TODAY)
    pdf._CACHE.clear()
    pending = pdf.PendingPdfs(guides, tmp_path / "one")
    assert (pending.proc is not None) == (threading.active_count() == 1)
    written = pending.join()
    assert [p.name for p in written] == [v.name("mini") for v in pdf.VARIANTS]
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
    assert len(pdf._CACHE) == 3  # sent back by the worker: the next build renders nothing
    again = guides.write_pdfs(tmp_path / "two")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    # A failure in the worker fails the build, with the worker's own traceback.
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    with pytest.raises(VoicesError, match="NotADirectoryError|FileExistsError"):
        pdf.PendingPdfs(guides, blocked).join()


def test_the_pdf_process_ends_when_its_pdfs_are_done_not_when_they_are_collected(
        tmp_path: Path) -> None:
    """It leaves the PDFs in a file and ends: a process waiting to hand them over would keep
    its copy of the build's memory until the end of the build. One killed on the way fails
    the build with a message that says what happened."""
    import random
    import time

    from conftest import TODAY, story_text, write_archive
    from voices.printing import pdf
    from voices.printing.guides import GuideSet

    # A long story with words that do not repeat, so that the PDFs are more than a pipe holds.
    rng = random.Random(16)
    words = ("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(4000))
    story = story_text("Open door").rstrip("\n") + "\n\n" + " ".join(words) + ".\n"
    root = write_archive(tmp_path / "archive", {"stories/open-door.md": story,
                                                "content/guides/mini.md": MINI_GUIDE})
    guides = GuideSet(root, load_archive(root, TODAY).archive, "Test", "", TODAY)
    pdf._CACHE.clear()
    pending = pdf.PendingPdfs(guides, tmp_path / "site")
    assert pending.proc is not None  # pytest runs this in one thread: the process is forked
    deadline = time.monotonic() + 120
    while pending.proc.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pending.proc.is_alive()  # ended before anyone asked for its PDFs
    result = pending.result
    written = pending.join()
    # More than a pipe holds (64 KB): handed over through a pipe, they would have kept it alive.
    assert sum(len(data) for data in pdf._CACHE.values()) > 65536
    assert [p.name for p in written] == [v.name("mini") for v in pdf.VARIANTS]
    assert not result.exists()  # the hand-over file is gone

    pdf._CACHE.clear()
    killed = pdf.PendingPdfs(guides, tmp_path / "again")
    killed.proc.kill()
    with pytest.raises(VoicesError, match="ended before it finished"):
        killed.join()
    assert not killed.result.exists()


def test_guide_pdfs_are_kept_on_disk_and_rendered_again_only_when_an_input_changes(
        tmp_path: Path) -> None:
    from conftest import TODAY, story_text, write_archive
    from voices.printing import pdf
    from voices.printing.guides import GuideSet

    story = story_text("Open door").rstrip("\n") + "\n\n![The open door](images/door.png)\n"
    root = write_archive(tmp_path / "archive", {"stories/open-door.md": story,
                                                "stories/images/door.png": _tiny_png(),
                                                "content/guides/mini.md": MINI_GUIDE})
    site, cache = tmp_path / "site", tmp_path / "cache"
    image = site / "stories" / "images" / "door.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(_tiny_png())
    guides = GuideSet(root, load_archive(root, TODAY).archive, "Test", "", TODAY,
                          cache_dir=cache)
    assert guides.guides and not guides.problems
    pdf._CACHE.clear()
    written = guides.write_pdfs(site)
    kept = sorted(cache.glob("*.pdf"))
    assert len(kept) == 3 and {p.read_bytes() for p in kept} == {p.read_bytes() for p in written}
    # A later build (another process: nothing in memory) takes them from the disk...
    pdf._CACHE.clear()
    for path in kept:
        path.write_bytes(b"%PDF-from-the-cache")
    assert all(p.read_bytes() == b"%PDF-from-the-cache" for p in guides.write_pdfs(site))
    # ... until something they are made from changes: here the story's image.
    pdf._CACHE.clear()
    image.write_bytes(_tiny_png(50, 30))
    third = guides.write_pdfs(site)
    assert all(p.read_bytes().startswith(b"%PDF-1.") for p in third)
    assert len(list(cache.glob("*.pdf"))) == 3 and not set(cache.glob("*.pdf")) & set(kept)
    # A cache that cannot be written is no error.
    pdf._CACHE.clear()
    guides.cache_dir = tmp_path / "not-a-folder"
    guides.cache_dir.write_text("x")
    assert all(p.read_bytes().startswith(b"%PDF-1.") for p in guides.write_pdfs(site))


def test_pagefind_run_can_be_cancelled_and_reports_failure(tmp_path: Path) -> None:
    from voices.build import indexing

    page = "stories/a/index.html"
    (tmp_path / "stories" / "a").mkdir(parents=True)
    (tmp_path / page).write_text("<html><body data-pagefind-body>Words</body></html>")
    running = indexing.Indexing(tmp_path, [(page, 1)])
    pid = running.running[1].proc.pid
    running.cancel()
    assert running.running == {} and not Path(f"/proc/{pid}").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["stories"]  # its folder of links is gone
    with pytest.raises(indexing.SearchError, match="(?s)could not run.*No such file"):
        indexing.Indexing(tmp_path, [("stories/missing/index.html", 1)])
    (tmp_path / "stories" / "a" / "notes.txt").write_text("Words")
    with pytest.raises(indexing.SearchError, match="(?s)Pagefind failed.*not able to build"):
        indexing.Indexing(tmp_path, [("stories/a/notes.txt", 1)]).finish()  # no HTML to index
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stories"]


def test_a_built_guide_pdf_embeds_the_story_image_copied_during_the_build(tmp_path: Path) -> None:
    """The PDFs now render while MkDocs writes the pages: they must still find the site's images,
    which MkDocs copies just before (and WeasyPrint must accept the local-only URL fetcher)."""
    import shutil

    from conftest import mkdocs_build, story_text, write_archive
    from pdfs import pdf_images

    png = _tiny_png()
    story = story_text("Open door").rstrip("\n") + "\n\n![The open door](images/door.png)\n"
    root = write_archive(tmp_path / "archive", {
        "stories/open-door.md": story,
        "stories/images/door.png": png,
        "content/guides/mini.md": MINI_GUIDE,
    }, site=True)
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr[-3000:]
    pdf = root / "site" / "guides" / "mini" / "mini-a4.pdf"
    images = pdf_images(pdf)
    assert len(images) > 0, images  # the story's image, embedded
    # The PDFs are kept beside mkdocs.yml for the next build, unless the plugin says not to.
    kept = {p.read_bytes() for p in (root / ".cache" / "voices" / "pdf").glob("*.pdf")}
    assert pdf.read_bytes() in kept and len(kept) == 3
    shutil.rmtree(root / ".cache")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - voices\n",
                                                 "  - voices:\n      cache: false\n"))
    assert "cache: false" in config.read_text()
    done = mkdocs_build(root)
    assert done.returncode == 0, done.stderr[-3000:]
    assert pdf.read_bytes().startswith(b"%PDF") and not (root / ".cache").exists()


def test_guide_pdf_fetcher_reads_only_files_inside_the_site(tmp_path: Path) -> None:
    from voices.printing import pdf

    site = tmp_path / "site"
    (site / "stories").mkdir(parents=True)
    inside = site / "stories" / "a.txt"
    inside.write_text("inside")
    (tmp_path / "secret.txt").write_text("outside")
    fetch = pdf._local_only(site)
    got = fetch(inside.as_uri())
    if isinstance(got, dict):  # WeasyPrint before URLFetcher: a dict with a file object
        assert got["file_obj"].read() == b"inside"
    else:
        assert got.read() == b"inside"
        got.close()
    for url in ((tmp_path / "secret.txt").as_uri(), "https://example.org/x.png",
                (site / ".." / "secret.txt").as_uri()):
        with pytest.raises(ValueError, match="only use files from the built site"):
            fetch(url)


def _tiny_png(width: int = 40, height: int = 30) -> bytes:
    """A small valid PNG (a flat teal rectangle), made here so the test needs no other file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x1d\x4d\x5b" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def test_pages_are_laid_out_by_mkdocs_when_another_plugin_takes_part(tmp_path: Path) -> None:
    """Material's search plugin takes part in laying out each page (on_page_context): what it
    does there would be lost in a worker, so with it MkDocs' own loop lays out the generated
    pages, and they are complete."""
    import os
    import subprocess

    from conftest import story_text, write_archive

    root = write_archive(tmp_path, {"stories/kettle.md": story_text("The kettle story")},
                         site=True)  # its mkdocs.yml has the search plugin
    build = ("import sys, voices.adapter.layout as l; real = l.lay_out; "
             "l.lay_out = lambda *a: print('laid out by the build') or real(*a); "
             "from mkdocs.__main__ import cli; cli(sys.argv[1:])")
    done = subprocess.run([sys.executable, "-c", build, "build", "--strict", "-f",
                           str(root / "mkdocs.yml"), "-d", str(root / "site")],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert "laid out by the build" not in done.stdout
    page = (root / "site" / "stories" / "kettle" / "index.html").read_text()
    assert "The kettle story" in page and "voices: this page's content" not in page
    assert (root / "site" / "search" / "search_index.json").is_file()
