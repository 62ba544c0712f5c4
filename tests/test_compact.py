"""Templates loaded without their indentation (site/compact.py): pages a seventh smaller that a
reader cannot tell from the pages before, in a browser's reading of their whitespace."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import jinja2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from voices.site.compact import CompactLoader, compact

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
import corpus  # noqa: E402  (benchmarks/corpus.py)

_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)


def shown(html: str) -> str:
    """What whitespace means in a page: each run outside the verbatim elements as one space."""
    parts = _VERBATIM.split(html)
    return "".join(re.sub(r"[ \t\n\r\f]+", " ", part) if i % 3 == 0 else part
                   for i, part in enumerate(parts) if i % 3 != 2).strip()


def test_indentation_and_the_breaks_of_silent_lines_go_but_a_blocks_ends_stay() -> None:
    source = ("<ul>\n  {% if items %}\n  {% set n = 1 %}\n  {% for i in items %}\n    <li>\n"
              "      {{ i }}\n    </li>\n  {% endfor %}\n  {# a note #}\n  {% endif %}\n</ul>\n")
    assert compact(source) == ("<ul>\n{% if items %}{% set n = 1 %}{% for i in items %}\n<li>\n"
                               "{{ i }}\n</li>\n{% endfor %}\n{# a note #}{% endif %}\n</ul>\n")


def test_a_break_that_whitespace_control_may_have_eaten_stays() -> None:
    # "-#}" eats the break after it, so the line below keeps its own; "{%-" eats the one before.
    source = 'a">\n  {#- note -#}\n  {% if b %}\n  <x>\n  {%- endif %}\n  <y>\n'
    assert compact(source) == 'a">\n{#- note -#}\n{% if b %}\n<x>\n{%- endif %}\n<y>\n'
    env = jinja2.Environment()
    for b in (True, False):
        assert shown(env.from_string(compact(source)).render(b=b)) == shown(
            env.from_string(source).render(b=b))


def test_verbatim_elements_and_a_first_line_are_kept() -> None:
    source = ("{% if a %}\n<pre>\n  one\n\n  two</pre>\n<textarea>\n  x\n</textarea>\n"
              "<script>\n  var a;\n</script>\n{% endif %}\n")
    out = compact(source)
    assert out.startswith("{% if a %}\n")  # an include's first line may follow text
    for kept in ("<pre>\n  one\n\n  two</pre>", "<textarea>\n  x\n</textarea>",
                 "<script>\n  var a;\n</script>"):
        assert kept in out


# Templates made of lines: text, inline tags, expressions, silent tags with or without
# whitespace control, and blocks of lines inside {% if %} or {% for %}.
_TEXT = st.sampled_from(["word", "two words", "<b>", "</b>", "<i>x</i>", "{{ v }}", "&amp;",
                         "<pre>\n  p\n\n  q</pre>", "{% set s = 1 %}", "{# c #}", "{#- c -#}",
                         "{% set t = 2 -%}", "{%- set u = 3 %}", ""])
_INDENT = st.sampled_from(["", " ", "    ", "\t"])


@st.composite
def _block(draw, lines):
    kind = draw(st.sampled_from(["if a", "if not a", "for i in (1, 2)"]))
    end = "endif" if kind.startswith("if") else "endfor"
    control = draw(st.sampled_from([("", ""), ("-", ""), ("", "-")]))
    body = draw(lines)
    return (f"{{%{control[0]} {kind} {control[1]}%}}\n" + body + f"\n{{% {end} %}}")


_TEMPLATE = st.recursive(
    st.lists(st.tuples(_INDENT, _TEXT, st.sampled_from(["", " "])), max_size=4).map(
        lambda ls: "\n".join(i + t + e for i, t, e in ls)),
    lambda inner: st.lists(st.one_of(inner, _block(inner)), max_size=4).map("\n".join),
    max_leaves=12)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=_TEMPLATE, a=st.booleans(), prefix=st.sampled_from(["", "x", "x ", "x\n"]))
def test_a_compacted_template_shows_what_the_template_showed(source, a, prefix) -> None:
    """Rendered after any text (as an include is), the compacted template's whitespace shows the
    same, and its <pre> is byte for byte the same."""
    env = jinja2.Environment()
    before = prefix + env.from_string(source).render(a=a, v="V")
    after = prefix + env.from_string(compact(source)).render(a=a, v="V")
    assert shown(after) == shown(before)
    assert re.findall(r"<pre>.*?</pre>", after, re.S) == re.findall(r"<pre>.*?</pre>", before,
                                                                    re.S)
    assert len(after) <= len(before)


def test_the_loader_compacts_html_and_leaves_other_kinds(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>\n    {{ x }}\n</p>\n")
    (tmp_path / "a.js").write_text("var a;\n    var b;\n")
    env = jinja2.Environment(loader=CompactLoader(jinja2.FileSystemLoader(tmp_path)))
    assert env.get_template("a.html").render(x=1) == "<p>\n1\n</p>"
    assert env.get_template("a.js").render() == "var a;\n    var b;"
    assert env.loader.list_templates() == ["a.html", "a.js"]
    # A site's own overrides stay as written (its styles may keep their whitespace).
    (tmp_path / "own").mkdir()
    (tmp_path / "own" / "b.html").write_text("<p class=pre>\n    {{ x }}\n</p>\n")
    env = jinja2.Environment(loader=CompactLoader(jinja2.FileSystemLoader(
        [tmp_path / "own", tmp_path]), keep=str(tmp_path / "own")))
    assert env.get_template("b.html").render(x=1) == "<p class=pre>\n    1\n</p>"
    assert env.get_template("a.html").render(x=1) == "<p>\n1\n</p>"


def test_a_built_site_reads_the_same_and_is_smaller(tmp_path: Path) -> None:
    """The whole site with Material's templates compacted and without: every page shows the
    same, and a story page is at least a tenth smaller."""
    archive = corpus.write_corpus(8, tmp_path / "n8", seed=11)
    build = ("import sys, voices.site.compact as c; c.compact = (lambda s: s) if sys.argv[1] == "
             "'off' else c.compact; from mkdocs.__main__ import cli; cli(sys.argv[2:])")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    sites = {}
    for mode in ("on", "off"):
        site = tmp_path / f"site-{mode}"
        done = subprocess.run([sys.executable, "-c", build, mode, "build", "--strict", "-f",
                               str(archive / "mkdocs.yml"), "-d", str(site)],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr[-3000:]
        sites[mode] = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
                       for p in sorted(site.rglob("*.html"))}
    on, off = sites["on"], sites["off"]
    assert on.keys() == off.keys() and len(on) > 40
    assert [k for k in on if shown(on[k]) != shown(off[k])] == []
    stories = [k for k in on if k.startswith("stories/") and k.count("/") == 2]
    assert stories and all(len(on[k]) < 0.9 * len(off[k]) for k in stories)
