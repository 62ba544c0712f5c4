"""Compiled templates kept between processes and builds (site/compiled.py): a later build compiles
nothing, an edited or damaged cache file is compiled again, and the site is the same."""

from __future__ import annotations

from pathlib import Path

import jinja2

from conftest import story_text, tree, watched_build, write_archive
from voices.build.settings import CACHE
from voices.printing.pdf import TEMPLATES as PRINT_TEMPLATES
from voices.site.compiled import Compiled


def _environment(folder: Path | None, source: str) -> tuple[jinja2.Environment, list[str]]:
    """A fresh environment (as a new process has) over one template, counting what it compiles."""
    cache = Compiled()
    cache.keep_in(folder)
    env = jinja2.Environment(loader=jinja2.DictLoader({"page.html": source}),
                             bytecode_cache=cache)
    compiled: list[str] = []
    compile_source = env.compile

    def counting(source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(source, name, *args, **kwargs)

    env.compile = counting
    return env, compiled


def test_a_template_compiled_once_is_loaded_by_the_next_process(tmp_path: Path) -> None:
    folder = tmp_path / "compiled"
    env, compiled = _environment(folder, "Hello {{ name }}!")
    assert env.get_template("page.html").render(name="Ann") == "Hello Ann!"
    assert compiled == ["page.html"] and any(folder.iterdir())
    env, compiled = _environment(folder, "Hello {{ name }}!")
    assert env.get_template("page.html").render(name="Bo") == "Hello Bo!"
    assert compiled == []  # loaded, not compiled
    # An edited template does not match the kept code's checksum: compiled again.
    env, compiled = _environment(folder, "Goodbye {{ name }}.")
    assert env.get_template("page.html").render(name="Bo") == "Goodbye Bo."
    assert compiled == ["page.html"]


def test_damaged_or_unwritable_cache_files_are_compiled_again(tmp_path: Path) -> None:
    folder = tmp_path / "compiled"
    _environment(folder, "{{ 1 + 1 }}")[0].get_template("page.html").render()
    for damage in (b"", b"junk", None):
        for kept in folder.iterdir():
            if damage is None:  # the right header, then nothing that loads
                kept.write_bytes(kept.read_bytes()[:12])
            else:
                kept.write_bytes(damage)
        env, compiled = _environment(folder, "{{ 1 + 1 }}")
        assert env.get_template("page.html").render() == "2" and compiled == ["page.html"]
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    env, compiled = _environment(blocked / "compiled", "{{ 2 + 2 }}")  # cannot be made
    assert env.get_template("page.html").render() == "4"
    env, compiled = _environment(None, "{{ 3 + 3 }}")
    assert env.get_template("page.html").render() == "6" and compiled == ["page.html"]


# The templates a build compiles and whether their environment has a bytecode cache. A small
# archive is rendered in that one process (only the guides' PDFs are made in another);
# Material's plugins make environments of their own.
_COUNTING = """
import jinja2
compile_source = jinja2.Environment.compile
def counting(self, source, name=None, *args, **kwargs):
    SEEN.append(("ours" if self.bytecode_cache else "other") + ":" + str(name))
    return compile_source(self, source, name, *args, **kwargs)
jinja2.Environment.compile = counting
"""


def _build(root: Path, site: str) -> tuple[list[str], list[str]]:
    """The templates a build compiled in environments with the cache and in others."""
    names = watched_build(root, site, _COUNTING)
    return ([n.removeprefix("ours:") for n in names if n.startswith("ours:")],
            sorted(n for n in names if not n.startswith("ours:")))


def test_a_later_build_compiles_no_template_and_writes_the_same_site(tmp_path: Path) -> None:
    guide = "---\ntitle: A pack\nlayout: pack\nstories:\n  - open-door\n---\nA short guide.\n"
    root = write_archive(tmp_path / "archive", {"stories/open-door.md": story_text("Open door"),
                                                "content/guides/a-pack.md": guide}, site=True)
    ours, others = _build(root, "site-1")
    assert {"main.html", "partials/header.html", "story.html"} <= set(ours)  # Material's, ours
    assert len(list((root / CACHE / "templates").iterdir())) >= len(set(ours)) > 30
    # The guides' print template, compiled where the PDFs are made (a forked process).
    key = Compiled().get_cache_key("guide.html", str(PRINT_TEMPLATES / "guide.html"))
    assert (root / CACHE / "templates" / f"__jinja2_{key}.cache").is_file()
    assert _build(root, "site-2") == ([], others)  # nothing of ours compiled again
    assert tree(root / "site-1") == tree(root / "site-2")

    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("- voices\n", "- voices:\n      cache: false\n"))
    for kept in (root / CACHE / "templates").iterdir():
        kept.unlink()
    assert set(ours) <= set(_build(root, "site-3")[0])  # cache: false keeps nothing
    assert not any((root / CACHE / "templates").iterdir())
