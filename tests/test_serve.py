"""`mkdocs serve --dirty` (make serve): a save shows at once, and only what changed is rebuilt.

A real server on a free local port, a real archive in tmp_path, edits written to disk as an
editor would, and the served pages read over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import TODAY, story_text, write_archive
from voices.build import incremental
from voices.build.background import Background
from voices.core.archive import load_archive
from voices.site.pages import Renderer

WAIT = 60  # seconds: generous, so a busy machine does not fail the test (no timing asserted)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _until(check, what: str, proc: subprocess.Popen, log: Path):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
        result = check()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"{what}: not seen within {WAIT} s\n"
                         + log.read_text(encoding="utf-8", errors="replace")[-4000:])


# `mkdocs serve` as a terminal starts it, Ctrl+C included: a shell ignores SIGINT for what it
# starts in the background (`make test &`), and the server would inherit that from pytest.
SERVE = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
         "from mkdocs.__main__ import cli; cli()")


def _interrupt(proc: subprocess.Popen) -> tuple[int | None, str]:
    """Ctrl+C, as a terminal sends it to the server's process group: its exit code, or None if
    it goes on (with the signals it blocks and ignores, to tell why)."""
    status = Path(f"/proc/{proc.pid}/status")
    masks = " ".join(line.strip() for line in status.read_text().splitlines()
                     if line.startswith(("SigBlk", "SigIgn"))) if status.exists() else ""
    os.killpg(proc.pid, signal.SIGINT)
    try:
        return proc.wait(timeout=20), masks
    except subprocess.TimeoutExpired:
        return None, masks


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_dirty_shows_edits_and_rebuilds_only_what_changed(tmp_path: Path) -> None:
    root = write_archive(tmp_path / "archive", {
        "stories/first.md": story_text("First story"),
        "stories/second.md": story_text("Second story", principles="[relationships]",
                                        challenges="[fear]"),
        "stories/third.md": story_text("Third story"),
    }, site=True)
    temp = tmp_path / "tmp"  # MkDocs serves from a temporary folder: this one, so we can look
    temp.mkdir()
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    # PYTHONFAULTHANDLER: a server that does not stop is sent SIGABRT, and its threads' stacks
    # go into the log this test shows.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp), "PYTHONFAULTHANDLER": "1"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, "serve", "--dirty", "-f", str(root / "mkdocs.yml"),
             "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        _until(lambda: _get(base + "stories/first/")[0] == 200, "first build", proc, log)
        site = next(temp.glob("mkdocs_*"))
        # The search index follows in the background; it is there without a rebuild.
        _until(lambda: (site / "pagefind" / "pagefind.js").is_file(), "Pagefind", proc, log)
        page = {sid: site / "stories" / sid / "index.html" for sid in ("first", "second")}
        before = {sid: path.stat().st_mtime_ns for sid, path in page.items()}

        # A new sentence in the body: the story page shows it.
        _edit(root / "stories" / "first.md", "It has a few plain words in it.",
              "It has a kettle that whistles in it.")
        _until(lambda: "kettle that whistles" in _get(base + "stories/first/")[1],
               "edited body", proc, log)
        assert page["first"].stat().st_mtime_ns != before["first"]
        # Second is not related to first (no shared term) and was left as it was on disk.
        assert page["second"].stat().st_mtime_ns == before["second"]

        # A new title: the story page and the stories index both show it.
        _edit(root / "stories" / "first.md", "title: First story", "title: The kettle story")
        _until(lambda: "The kettle story" in _get(base + "stories/first/")[1],
               "new title on the story page", proc, log)
        _until(lambda: "The kettle story" in _get(base + "stories/")[1],
               "new title in the stories index", proc, log)
        # Third shares a principle with first, so lists it as related or next: rebuilt too.
        _until(lambda: "The kettle story" in _get(base + "stories/third/")[1],
               "new title on a related story's page", proc, log)

        # A new story: its page appears, and the index lists it.
        (root / "stories" / "fourth.md").write_text(story_text("Fourth story"),
                                                    encoding="utf-8")
        _until(lambda: _get(base + "stories/fourth/")[0] == 200, "new story", proc, log)
        assert "Fourth story" in _get(base + "stories/")[1]

        # A withdrawn story's page is removed, not left behind by the dirty build.
        _edit(root / "stories" / "second.md", "status: published", "status: withdrawn")
        _until(lambda: _get(base + "stories/second/")[0] == 404, "withdrawn story", proc, log)
        assert not page["second"].exists()
        assert "Second story" not in _get(base + "stories/")[1]

        # A broken story shows its problem in the browser at once (every page says it, with
        # the file and line), the rest of the site stays up, and a fix brings the page back.
        _edit(root / "stories" / "first.md", "title: The kettle story\n", "")
        banner = _until(lambda: "voices-build-errors" in (page := _get(base + "stories/")[1])
                        and page, "the archive's error shown in the page", proc, log)
        assert "stories/first.md:1" in banner and "title" in banner
        assert "missing-field" in log.read_text(errors="replace")
        _edit(root / "stories" / "first.md", "---\n", "---\ntitle: The mended story\n")
        _until(lambda: "The mended story" in _get(base + "stories/first/")[1],
               "mended story", proc, log)
        assert "voices-build-errors" not in _get(base + "stories/")[1]
    finally:
        code, masks = _interrupt(proc)
        if code is None:
            os.killpg(proc.pid, signal.SIGABRT)  # the faulthandler writes where it hangs
            proc.wait()
            raise AssertionError(f"the server did not stop on Ctrl+C ({masks}):\n" + log.read_text(
                encoding="utf-8", errors="replace")[-6000:])
    assert code == 0, log.read_text(encoding="utf-8", errors="replace")
    assert not list(temp.glob("mkdocs_*"))  # stopped cleanly: MkDocs removed its folder


def test_page_keys_depend_on_values_not_on_which_are_one_object(tmp_path: Path,
                                                                monkeypatch) -> None:
    """Stories read by worker processes arrive through pickle, one read here does not: their
    texts are equal but shared differently between fields. A page's key must not see that, or
    the first save under serve renders every list again (it did: pickle's memo)."""
    from voices.core import parallel

    files = {f"stories/s{i}.md": story_text(f"Story {i}") for i in range(6)}
    root = write_archive(tmp_path / "a", files)

    def keys() -> dict[str, bytes]:
        renderer = Renderer(load_archive(root, TODAY).archive)
        return {d.src: d.key() for d in renderer.drafts(renderer.a.web)}

    here = keys()
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    assert keys() == here


def test_keys_kept_from_the_last_rebuild_are_the_keys_made_afresh(tmp_path: Path) -> None:
    """Under serve each story's card and digests are kept while it is the same object (an
    unchanged file): the keys must be those a fresh renderer makes, the edited story's own."""
    from voices.core.reads import Reads

    files = {f"stories/s{i}.md": story_text(f"Story {i}") for i in range(4)}
    files["stories/_glossary.yml"] = "carer:\n  term: Carer\n  meaning: Someone who looks after.\n"
    root = write_archive(tmp_path / "a", files)
    reads = Reads()

    def keys(kept=None) -> tuple[dict[str, bytes], Renderer]:
        renderer = Renderer(load_archive(root, TODAY, kept=reads).archive, kept=kept)
        return {d.src: d.key() for d in renderer.drafts(renderer.a.web)}, renderer

    first, renderer = keys()
    again, renderer = keys(renderer.kept)
    assert again == first and len(renderer.kept) == 4
    story = root / "stories" / "s1.md"
    story.write_text(story.read_text(encoding="utf-8").replace(
        "It has a few plain words in it.", "It has a carer in it."), encoding="utf-8")
    edited, renderer = keys(renderer.kept)
    assert edited == keys()[0]  # as a renderer that kept nothing makes them
    # Its page only: the lists show its card, and a card has no text, nor the glossary words
    # the text uses (here a new one).
    assert [src for src in first if edited[src] != first[src]] == ["stories/s1.md"]


def test_list_entries_kept_from_the_last_rebuild_are_those_made_afresh(tmp_path: Path) -> None:
    """Under serve the lists' entries of unchanged stories are kept (Renderer.reuse_cards):
    the pages must be those a fresh renderer makes, after a title edit and after a change to
    the vocabulary that every entry shows (a perspective's label)."""
    from voices.core.reads import Reads

    root = write_archive(tmp_path / "a", {f"stories/s{i}.md": story_text(f"Story {i}")
                                          for i in range(4)})
    reads = Reads()

    def pages(before: Renderer | None = None, made: tuple = ()):
        renderer = Renderer(load_archive(root, TODAY, kept=reads).archive,
                            kept=before.kept if before else None)
        drafts = renderer.drafts(renderer.a.web)
        made = renderer.reuse_cards(made, b"the same templates")
        return {d.src: d.page().html for d in drafts}, renderer, made

    first, renderer, made = pages()
    again, renderer, made = pages(renderer, made)
    assert again == first
    for path, old, new in (("stories/s1.md", "title: Story 1", "title: A new title"),
                           ("stories/_vocabularies.yml", "label: Lived experience",
                            "label: Been there")):
        _edit(root / path, old, new)
        kept, renderer, made = pages(renderer, made)
        assert kept == pages()[0]  # as a renderer that kept nothing makes them
        assert new.split(": ")[1] in kept["stories/index.md"]
    # Entries are kept for the stories that are the same objects, and only with the same
    # templates; none for a story read again (here s1, and all after the vocabulary changed).
    _edit(root / "stories/s1.md", "title: A new title", "title: Another title")
    reused = Renderer(load_archive(root, TODAY, kept=reads).archive, kept=renderer.kept)
    assert reused.reuse_cards(made, b"other templates") and not reused.cards_html
    reused.reuse_cards(made, b"the same templates")
    assert {card.id for card, _ in reused.cards_html.values()} == {"s0", "s2", "s3"}


def test_page_keys_change_with_what_the_page_is_made_from(tmp_path: Path) -> None:
    files = {f"stories/{sid}.md": story_text(sid.capitalize()) for sid in ("one", "two")}
    root = write_archive(tmp_path / "a", files)

    def keys() -> dict[str, bytes]:
        renderer = Renderer(load_archive(root, TODAY).archive)
        return {d.src: d.key() for d in renderer.drafts(renderer.a.web)}

    first = keys()
    assert keys() == first  # loaded again, unchanged: equal
    # Two's text is on its own page only (the others list it by title): only that page changes.
    _edit(root / "stories" / "two.md", "It has a few plain words", "It has other words")
    second = keys()
    assert {src for src in first if first[src] != second[src]} == {"stories/two.md"}
    # Two's title is on one's page (related) and on the lists: they change too.
    _edit(root / "stories" / "two.md", "title: Two", "title: Twofold")
    third = keys()
    changed = {src for src in first if second[src] != third[src]}
    assert {"stories/one.md", "stories/two.md", "stories/index.md"} <= changed
    assert "content-model.md" not in changed  # it shows no story at all


def test_tracker_reports_stale_and_vanished_pages(tmp_path: Path) -> None:
    tracker = incremental.Tracker()
    assert tracker.stale({"a": 1, "b": 2}, "s") == {"a", "b"}  # nothing built yet
    assert tracker.built({"a": 1, "b": 2}, "s", ["site/a", "site/b"]) == []
    assert tracker.stale({"a": 1, "b": 3, "c": 1}, "s") == {"b", "c"}
    assert tracker.stale({"a": 1, "b": 2}, "other") == {"a", "b"}  # shared inputs changed
    assert tracker.built({"a": 1}, "s", ["site/a"]) == ["site/b"]
    tracker.reset()
    assert tracker.stale({"a": 1}, "s") == {"a"}

    site = tmp_path / "site"
    (site / "stories" / "gone").mkdir(parents=True)
    (site / "stories" / "gone" / "index.html").write_text("x")
    (site / "stories" / "kept.html").write_text("x")
    outside = tmp_path / "outside.html"
    outside.write_text("x")
    incremental.remove(site, [str(site / "stories" / "gone" / "index.html"), str(outside)])
    assert not (site / "stories" / "gone").exists()  # and its emptied folder
    assert (site / "stories" / "kept.html").is_file() and outside.is_file()

    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "main.html").write_text("one")
    print_before = incremental.fingerprint([folder])
    assert incremental.fingerprint([folder]) == print_before
    (folder / "main.html").write_text("three")
    assert incremental.fingerprint([folder]) != print_before


def test_background_pagefind_reports_failure_and_stops_quietly(tmp_path: Path) -> None:
    reports: list[str] = []
    background = Background()
    site = tmp_path / "site"
    (site / "stories" / "a").mkdir(parents=True)
    (site / "stories" / "a" / "index.html").write_text(
        "<html><body data-pagefind-body>Words</body></html>")
    background.start(site, [("stories/missing/index.html", 1)], reports.append)  # not there
    background.wait(60)
    assert not background.running() and reports and "Pagefind" in reports[0]
    background.start(site, [("stories/a/index.html", 1)], reports.append)
    background.stop(wait=True)  # stopped on purpose (a new build began): not reported
    assert not background.running() and len(reports) == 1
    assert not list(site.glob(".voices-*")) and not (site / "pagefind").exists()
    background.start(site, [("stories/a/index.html", 1)], reports.append)
    background.wait(60)  # left alone, it finishes and puts the index in place
    assert (site / "pagefind" / "pagefind.js").is_file() and len(reports) == 1
    assert not list(site.glob(".voices-*"))


def test_a_small_archive_is_looked_at_more_often_than_mkdocs_does(tmp_path: Path,
                                                                  monkeypatch) -> None:
    """adapter/watching.py: MkDocs looks for saved files every 0.5 s; the watches it already
    made move to an observer that looks sooner, in proportion to the files it has to look at."""
    from mkdocs.livereload import LiveReloadServer
    from voices.adapter import watching

    assert watching.interval(10) == 0.2 and watching.interval(2000) == 0.4
    assert watching.interval(50_000) == 0.5
    docs, stories, config = tmp_path / "content", tmp_path / "stories", tmp_path / "mkdocs.yml"
    for folder in (docs, stories):
        folder.mkdir()
    config.write_text("site_name: x\n")
    for i in range(3):
        (stories / f"s{i}.md").write_text("x")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(docs))
    server.watch(str(config))  # as `mkdocs serve` does before the plugins' on_serve
    old = server.observer
    paths = {e.watch.path for e in old.emitters}
    every = watching.look_sooner(server, [docs, stories],
                                 [str(docs), str(config), str(tmp_path / "theme"), None])
    assert every == server.observer.timeout == 0.2 and server.observer is not old
    assert not old.emitters  # nothing left on MkDocs' observer, which is never started
    server.watch(str(stories))
    assert {e.watch.path for e in server.observer.emitters} == paths | {str(stories)}
    assert len(paths) == 2
    # An archive too big to look at sooner keeps MkDocs' observer as it was.
    big = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    big.watch(str(docs))
    observer = big.observer
    monkeypatch.setattr(watching, "PER_FILE", 1.0)  # as if each file cost a second
    assert watching.look_sooner(big, [stories], [str(docs)]) == 0.5
    assert big.observer is observer and {e.watch.path for e in observer.emitters} == {str(docs)}
