"""Hostile input: every file in tests/fixtures/hostile (and the cases that cannot be committed:
huge files, links, bad names) is refused by `voices check` and by a real `mkdocs build`, each
naming the file; and the renderer's sanitiser stops what gets past as a second wall."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, story_text, write_archive
from voices.site import render
from voices.cli import main

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
FIXTURES = sorted(p.name for p in HOSTILE.glob("*.md"))
TODAY = "2026-11-23"

# The rule each fixture must be refused by (any one of them), so a refusal for the wrong reason,
# such as a YAML error in the fixture itself, does not count.
LINK = {"unsafe-link"}
HTML = {"raw-html"}
RULES: dict[str, set[str]] = {
    **{name: HTML for name in (
        "script-tag", "script-mixed-case", "script-src-external", "img-onerror", "svg-onload",
        "svg-slash-onload", "iframe-javascript", "body-onload", "a-href-tab-entity",
        "closing-tag-only", "style-tag", "object-embed", "autolink-javascript", "autolink-data",
        "cdata-section", "processing-instruction", "fm-title-script", "fm-summary-img",
        "fm-storyteller-svg", "fm-place-iframe")},
    **{name: LINK for name in (
        "md-link-javascript", "md-link-javascript-mixed-case", "md-link-javascript-tab",
        "md-link-javascript-newline", "md-link-javascript-leading-space",
        "md-link-javascript-control-char", "md-link-javascript-backslash",
        "md-link-javascript-title", "md-link-javascript-angle", "md-link-percent-encoded",
        "md-link-data", "md-link-vbscript", "md-link-nested-brackets", "md-image-javascript",
        "md-image-data-svg", "reference-link-javascript", "reference-link-next-line")},
    **{name: {"html-entity", "unsafe-link"} for name in (
        "md-link-entity-decimal", "md-link-entity-decimal-no-semicolon", "md-link-entity-hex",
        "md-link-entity-hex-padded", "md-link-entity-named-colon")},
    **{name: {"external-image"} for name in (
        "md-image-external", "md-image-protocol-relative", "reference-image-external",
        "reference-image-shortcut")},
    "md-image-path-traversal": {"missing-image"},
    "html-comment": {"html-comment"},
    "html-comment-conditional": {"html-comment"},
    "fm-place-comment": {"html-comment"},
    "entity-encoded-script": {"html-entity"},
    "fm-title-entity-breakout": {"html-entity"},
    **{name: {"attribute-list"} for name in (
        "attr-list-onclick", "attr-list-heading-id-onmouseover", "attr-list-class-style",
        "attr-list-bare-handler")},
    **{name: {"extension-syntax"} for name in (
        "snippet-include-passwd", "snippet-block", "admonition", "pymdown-block")},
    **{name: {"template-syntax"} for name in (
        "jinja-config", "jinja-include", "jinja-ssti", "fm-summary-jinja")},
    "yaml-python-tag": {"yaml-tag"},
    "yaml-local-tag": {"yaml-tag"},
    "yaml-alias-bomb": {"yaml-anchor"},
    "yaml-anchor-alias": {"yaml-anchor"},
    "yaml-merge-key": {"yaml-anchor"},
    "yaml-deep-nesting": {"yaml-too-deep"},
    "yaml-duplicate-key": {"duplicate-field"},
    "invalid-utf8": {"not-utf8"},
    "utf16": {"not-utf8"},
    "nul-byte": {"binary-file"},
    "no-front-matter": {"no-front-matter"},
}


def _outside(tmp: Path) -> Path:
    secret = tmp / "outside" / "secret.md"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(story_text("A file from outside the archive"), encoding="utf-8")
    return secret


def _make_generated(case: str, root: Path) -> str:
    """Write a case that cannot be committed into the archive at root; return its path."""
    stories = root / "stories"
    if case == "huge-file":
        body = ("A very long line of text that goes on. " * 80 + "\n\n") * 1000  # about 3 MB
        (stories / "huge-file.md").write_text(story_text("Huge") + body, encoding="utf-8")
        return "stories/huge-file.md"
    if case == "symlink-to-passwd":
        (stories / "passwd.md").symlink_to("/etc/passwd")
        return "stories/passwd.md"
    if case == "symlink-outside":
        (stories / "outside.md").symlink_to(_outside(root.parent))
        return "stories/outside.md"
    if case == "folder-named-md":
        (stories / "folder.md").mkdir()
        return "stories/folder.md"
    if case == "stories-folder-symlink":
        real = _outside(root.parent).parent
        (real / "_vocabularies.yml").write_bytes((stories / "_vocabularies.yml").read_bytes())
        for p in stories.iterdir():
            p.unlink()
        stories.rmdir()
        stories.symlink_to(real, target_is_directory=True)
        return "stories"
    if case == "images-folder-symlink":
        (stories / "images").symlink_to("/usr/share", target_is_directory=True)
        (stories / "pic.md").write_text(
            story_text("Picture") + "\n![x](images/pixmaps/debian-logo.png)\n", encoding="utf-8")
        return "stories/images"
    if case == "duplicate-title":
        (stories / "first.md").write_text(story_text("The same title"), encoding="utf-8")
        (stories / "second.md").write_text(story_text("The  Same title"), encoding="utf-8")
        return "stories/second.md"
    name = {"name-with-space": "Bad name.md", "name-capitals": "CAPITALS.md",
            "name-dots": "dots.in.name.md", "name-unicode": "café-story.md",
            "name-hidden": ".hidden.md", "name-leading-hyphen": "-lead.md"}[case]
    (stories / name).write_text(story_text("Named " + case), encoding="utf-8")
    return f"stories/{name}"


GENERATED = ["huge-file", "symlink-to-passwd", "symlink-outside", "folder-named-md",
             "stories-folder-symlink", "images-folder-symlink", "duplicate-title",
             "name-with-space", "name-capitals", "name-dots", "name-unicode", "name-hidden",
             "name-leading-hyphen"]
GENERATED_RULES = {
    "huge-file": {"file-too-large"}, "symlink-to-passwd": {"symlink"},
    "symlink-outside": {"symlink"}, "folder-named-md": {"not-a-file"},
    "stories-folder-symlink": {"symlink"}, "images-folder-symlink": {"symlink"},
    "duplicate-title": {"duplicate-title"},
}


def hostile_archive(root: Path, case: str) -> tuple[Path, str]:
    if case in FIXTURES:
        write_archive(root, {f"stories/{case}": (HOSTILE / case).read_bytes()}, site=True)
        return root, f"stories/{case}"
    write_archive(root, site=True)
    return root, _make_generated(case, root)


def expected_rules(case: str) -> set[str]:
    if case in FIXTURES:
        return RULES[case.removesuffix(".md")]
    return GENERATED_RULES.get(case, {"bad-file-name"})


def test_there_are_at_least_forty_hostile_fixtures_and_each_has_a_rule():
    assert len(FIXTURES) >= 40
    assert sorted(RULES) == sorted(f.removesuffix(".md") for f in FIXTURES)


@pytest.mark.parametrize("case", FIXTURES + GENERATED)
def test_check_refuses(case, tmp_path, capsys):
    root, path = hostile_archive(tmp_path / "archive", case)
    code = main(["--root", str(root), "check", "--today", TODAY])
    out = capsys.readouterr().out
    assert code == 1, out
    errors = [line for line in out.splitlines() if ": error: " in line]
    named = [line for line in errors if line.startswith(path)]
    assert named, f"no error names {path}:\n{out}"
    rules = {line.rsplit("[", 1)[-1].rstrip("]") for line in named}
    assert rules & expected_rules(case), out


def _cli_build(root: Path) -> tuple[int, str]:
    """`mkdocs build --strict` through MkDocs's own command line, in this process (a new
    interpreter per build would cost more than the build: a refused build stops in on_pre_build)."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    result = CliRunner().invoke(cli, ["build", "--strict", "-f", str(root / "mkdocs.yml"),
                                      "--site-dir", str(root / "site")],
                                env={"NO_MKDOCS_2_WARNING": "1"})
    return result.exit_code, result.output


@pytest.mark.parametrize("case", FIXTURES + GENERATED)
def test_mkdocs_build_refuses(case, tmp_path):
    root, path = hostile_archive(tmp_path / "archive", case)
    code, output = _cli_build(root)
    assert code != 0, output
    assert path in output, output
    assert not (root / "site").exists(), "a refused build must leave no site behind"
    assert not list(root.glob(".site.building-*")), "the staging folder was left behind"


def test_mkdocs_build_refuses_in_a_separate_process(tmp_path):
    # The same refusal from a real `mkdocs build` subprocess, for a few kinds of case at once.
    cases = ["script-tag.md", "yaml-python-tag.md", "md-link-entity-hex.md", "name-unicode"]
    archives = [hostile_archive(tmp_path / f"a{i}", case) for i, case in enumerate(cases)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda rp: mkdocs_build(rp[0]), archives))
    for (root, path), result in zip(archives, results):
        assert result.returncode != 0
        assert path in result.stderr and "the site was not built" in result.stderr
        assert not (root / "site").exists()


# --- The second wall: the renderer alone, given what the checker would refuse. ---------------

_ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "h2", "h3",
                 "h4", "h5", "h6", "hr", "code", "pre", "img"}
_EXTRA_BODIES = [
    '<a href="jav&#x09;ascript:alert(1)">x</a>', "<a href='&#106avascript:alert(1)'>x</a>",
    '<img src="x" onerror="alert(1)"><img src=javascript:alert(1)>',
    "<svg><script>alert(1)</script></svg>", "<math><mtext><script>alert(1)</script>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>', "<object data=x.swf></object>",
    "<embed src=x>", '<form action="javascript:alert(1)"><button>go</button></form>',
    "<style>@import 'https://evil.example/x.css';</style>", '<p style="color:red">x</p>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>', "[x](vbscript:msgbox(1))",
    "<details open ontoggle=alert(1)>", '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">', "![x](https://evil.example/p.png)",
    "![x](//evil.example/p.png)", "![x](/etc/passwd)", "[x](JaVaScRiPt:alert(1))",
    "<<script>script>alert(1)<</script>/script>", "<scr<script>ipt>alert(1)</script>",
    '<div onmouseover="alert(1)">hover</div>', "<body onload=alert(1)>",
    '<input autofocus onfocus=alert(1)>', "<video><source onerror=alert(1)></video>",
]


def _bodies() -> list[str]:
    out = []
    for name in FIXTURES:
        try:
            text = (HOSTILE / name).read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        parts = text.split("\n---\n", 1)
        out.append(parts[1] if len(parts) == 2 else text)
    return out + _EXTRA_BODIES


@pytest.mark.parametrize("body", _bodies())
def test_renderer_lets_nothing_executable_through(body):
    out = render.markdown_to_html(body)
    soup = BeautifulSoup(out, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name in _ALLOWED_TAGS, out
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), out
            assert attr in {"href", "src", "alt", "title", "rel"}, out
            if attr in ("href", "src"):
                seen = re.sub(r"[\x00-\x20]", "", value).lower()  # as a browser reads it
                assert not seen.startswith(("javascript:", "data:", "vbscript:")), out
            if attr == "src":
                assert "://" not in value and not value.startswith("/"), out
    lowered = out.lower()
    for needle in ("<script", "<iframe", "<object", "<embed", "<svg", "<style", "<form",
                   "<math", "<meta", "<base", "<link", "<input", "<details", "<!--"):
        assert needle not in lowered, out


def test_renderer_applies_no_markdown_extensions():
    # Syntax that extensions would act on stays plain text: nothing reads files, evaluates
    # templates or adds attributes.
    body = ('--8<-- "/etc/passwd"\n\n{{ config.site_name }} {% include "x" %}\n\n'
            "A paragraph.\n{: onclick=\"alert(1)\" }\n\n!!! note\n    Admonition.\n\n[TOC]\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n*[HTML]: Hyper Text\n\nTerm\n: Definition\n")
    out = render.markdown_to_html(body)
    assert "root:" not in out  # nothing of /etc/passwd
    assert '--8&lt;-- "/etc/passwd"' in out or "--8&lt;--" in out
    assert "{{ config.site_name }}" in out and "{% include" in out
    assert "{: onclick" in out and "onclick=\"" not in out.replace("{: onclick=\"", "")
    assert "!!! note" in out and "admonition" not in out.split("!!! note")[0]
    assert "[TOC]" in out and "<table" not in out and "<abbr" not in out and "<dl" not in out


def test_renderer_builds_its_markdown_without_extensions_and_keeps_nothing_between_texts():
    # The parsers it uses (one for each set of inline patterns a text can use) have none at all.
    for left_out in (frozenset(), frozenset(render._NEEDS)):
        assert not render._parser(left_out).registeredExtensions
    # One parser renders many stories: a link definition in one must not reach the next.
    first = render.markdown_to_html("Hello.\n\n[x]: https://example.org/elsewhere\n")
    second = render.markdown_to_html("A [link][x] that is not one.")
    assert "elsewhere" not in first + second and "<a" not in second


def test_front_matter_text_in_every_field_is_checked(tmp_path, capsys):
    # content_notes and perspective values are ids, but a nested text can hide anywhere:
    # questions of a principle are checked too.
    root = write_archive(tmp_path, {"principles/respect.md": (
        "---\ntitle: Respect\norder: 1\nsummary: Sum.\nquestions:\n  - Fine?\n"
        "  - '<img src=x onerror=alert(1)>'\n---\nText.\n")})
    assert main(["--root", str(root), "check", "--today", TODAY]) == 1
    out = capsys.readouterr().out
    assert "principles/respect.md:7:" in out and "[raw-html]" in out and "questions.1" in out


def test_renderer_drops_links_that_decode_to_an_unsafe_scheme():
    # A browser would not decode '&#58' inside an already-escaped href, but the renderer does
    # not rely on that: anything the checker's decoder reads as javascript: goes.
    out = render.markdown_to_html("[x](&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58a)")
    assert "href" not in out and "x" in out


def test_a_huge_file_is_refused_without_reading_it_whole(tmp_path):
    from voices.core.frontmatter import MAX_BYTES, parse_file

    path = tmp_path / "stories" / "big.md"
    path.parent.mkdir()
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: cheap to make, costly to read
    parsed = parse_file(tmp_path, path)
    assert [p.rule for p in parsed.problems] == ["file-too-large"]
    assert "51200 KB" in parsed.problems[0].message and MAX_BYTES < 3 * 1024 * 1024
