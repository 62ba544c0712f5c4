"""Property-based tests: contributor files are untrusted, so no front-matter value, link address
or run of bytes may crash the checker. Every failure must come back as a Problem (or, from the
command line, as a report and exit code 1), and nothing the checker accepts may render to
something executable.

The budget is fixed and the examples derandomized, so the suite is fast and gives the same
answer on every run; inputs that once crashed are kept as explicit @example cases."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import TODAY, story_text, write_archive
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from voices.cli import main
from voices.core.archive import load_archive
from voices.core.problems import ERROR
from voices.core.schema import STORY_FIELDS
from voices.site.render import markdown_to_html

STORY = "stories/odd.md"


def _budget(n: int) -> settings:
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _load(content: str | bytes):
    """load_archive of the small valid archive plus `content` as stories/odd.md, in a fresh
    folder for each example."""
    with tempfile.TemporaryDirectory() as tmp:
        root = write_archive(Path(tmp) / "archive", {STORY: content})
        return load_archive(root, today=TODAY)


def _assert_well_formed(loaded) -> None:
    for p in loaded.problems:
        assert p.path == STORY, p
        assert isinstance(p.line, int) and p.line >= 0, p
        assert isinstance(p.col, int) and p.col >= 0, p
        assert isinstance(p.message, str) and p.message.strip(), p
        assert isinstance(p.rule, str) and p.rule.strip(), p
    if any(p.severity == ERROR for p in loaded.problems):
        assert "odd" not in loaded.archive.stories


# --- 1. Any value in any front-matter field -------------------------------------------------

# Every field a story may have, nested ones as dotted paths.
FIELDS = [name for name, spec in STORY_FIELDS.items() if spec.kind != "mapping"] + [
    f"{name}.{sub}" for name, spec in STORY_FIELDS.items() if spec.kind == "mapping"
    for sub in spec.fields]
_VALID = {
    "title": "A story", "summary": "A story about a story.", "storyteller": "Sam",
    "perspective": "[lived-experience]", "principles": "[respect]",
    "challenges": "[communication]", "told": "2024-05-01", "place": "Leeds",
    "consent.date": "2024-05-02", "consent.scope": "[web, print]", "status": "published",
    "illustrative": "true",
}

# Tokens YAML gives a meaning of its own, or that the checker must refuse.
SPECIAL = [
    "no", "yes", "on", "off", "Off", "y", "n", "true", "False", "TRUE", "1.10", "1.1.1", "010",
    "0o17", "0x1F", "0b101", "1_000", "1e3", "+12", "-0", ".inf", "-.Inf", ".nan", "~", "null",
    "Null", "NULL", "''", '""', "'", '"', "'unterminated", '"unterminated', '"\\x00"',
    '"\\uD800"', '"\\U0010FFFF"', '"\\q"', "!!python/name:os.system",
    "!!python/object/apply:os.system ['id']", "!!python/object/new:type", "!!binary aGVsbG8=",
    "!!str 12", "!!int x", "!!float abc", "!!bool maybe", "!!timestamp nope", "!!set {a}",
    "!!int ''", "!!int _", "!!float ''", "!!bool ''", "!!timestamp ''", "!!null x",
    "!!omap [a: 1]", "!!map []", "!!seq {}", "!local x", "! x", "!<tag:x> y", "&a x", "*a",
    "&a [1, *a]", "<<: {a: 1}", "{<<: *a}", "{", "[", "}", "]", "{a: 1", "[1, 2", "{a: [}",
    "[a, {b: c]", "{? a}", "[? a : b]", "|", ">", "|-", ">+2", "|9", "- a", "? a", ": b", "- - -",
    "%YAML 1.1", "%TAG ! tag:x,2000:", "---", "...", "#comment", " # comment", "@at", "`tick",
    "2024-02-30", "2024-13-01", "9999-12-31", "0001-01-01", "0000-01-01", "2024-5-1",
    "2024-05-01T25:00:00", "2024-05-01 10:00:00 +25:00", "2024-05-01t10:00:00z",
    "2024-05-01T10:00:00.123456789Z", "99999-01-01", "12:30:00", "1:2:3", "190:20:30", "=",
    "<script>alert(1)</script>", "<!-- x -->", "{{ x }}", "{% if %}", "&#106;", "&lt;", "a: b: c",
    "a:b", "key: [", "[[[[[[[[[]]]]]]]]]", "{a: {b: {c: {d: {e: 1}}}}}", "[[[[[1]]]]]", "\t",
    "\ttab", "\\", "\\n", '"\\0"', '"a\\0b"', '"\\x00"', "%00",
    "\u2028", "\u0085", "\ufeff", "\u200b", "\x7f", "\x1b[31m", "\x01",
    "web", "print", "withdrawn", "respect", "lived-experience", "../../etc/passwd",
    "media/../../x.mp3", "en", "EN", "x" * 130, "a-b-c", "-a", "a--b",
]

_SCALAR_TEXT = st.text(max_size=30) | st.text(
    alphabet=st.sampled_from(list(":-?[]{},#&*!|>'\"%@`\\ \t\n.0123456789aeyno~")), max_size=20)
_LONG = st.builds(lambda s, n: (s * n)[:20000], st.text(min_size=1, max_size=4),
                  st.integers(50, 5000))
_PY_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
               | st.dates() | st.datetimes() | st.sampled_from(SPECIAL))
_PY_VALUES = st.recursive(
    _PY_SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.integers() | st.booleans(), inner, max_size=4),
    max_leaves=10)


def _dump(value, flow: bool) -> str:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True, width=10**6)
    return text.removesuffix("...\n").rstrip("\n")


# File paths, for media and aliases: escapes, percent codes, '..', names longer than a system's.
_PATHS = st.builds(
    lambda quote, parts: quote + "".join(parts) + quote, st.sampled_from(["", "'", '"']),
    st.lists(st.sampled_from(["media/", "images/", "../", "%2e%2e/", "a", "\\0", "%00", "%2F",
                              "\\", " ", "a" * 300, "b" * 5000, ".mp3", ".MP4", ".png", ".svg",
                              "#x", "?x"]), min_size=1, max_size=6))
# A value as YAML text: a token, text, a mix of both, or a dumped Python value (flow or block).
YAML_VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    _PATHS,
    _SCALAR_TEXT,
    _LONG,
    st.lists(st.sampled_from(SPECIAL) | _SCALAR_TEXT, min_size=1, max_size=4).map(" ".join),
    st.builds(_dump, _PY_VALUES, st.booleans()),
)


def _front_matter(field: str, value: str) -> str:
    """A valid story whose `field` (a dotted path for consent's fields) holds `value` as written
    (a value of several lines goes below its key, indented)."""
    fields = {**_VALID, field: value}
    lines = ["---"]

    def put(name: str, text: str, indent: str) -> None:
        if "\n" in text:
            inner = indent + "  "
            lines.append(f"{indent}{name}:")
            lines.extend(inner + line for line in text.split("\n"))
        else:
            lines.append(f"{indent}{name}: {text}".rstrip())

    for name, text in fields.items():
        if not name.startswith("consent."):
            put(name, text, "")
    lines.append("consent:")
    for name, text in fields.items():
        if name.startswith("consent."):
            put(name.removeprefix("consent."), text, "  ")
    return "\n".join(lines) + "\n---\nThis is the story. It has a few plain words in it.\n"


def test_the_property_covers_every_story_field():
    assert {"title", "consent.date", "consent.scope", "consent.review", "media"} <= set(FIELDS)
    assert "consent" not in FIELDS
    # The valid story the values go into is accepted as it is.
    loaded = _load(_front_matter("title", "A story"))
    assert loaded.problems == [] and "odd" in loaded.archive.stories


# Crashes these properties found (each a traceback from load_archive when first found):
@example(field="title", value="!!bool maybe")  # KeyError in PyYAML's bool constructor
@example(field="title", value="!!int ''")  # IndexError in PyYAML's int constructor
@example(field="title", value="!!timestamp nope")  # AttributeError: the timestamp regex
@example(field="status", value="[]")  # TypeError: unhashable type: 'list' (schema, choice)
@example(field="media", value='"media/a\\0.mp3"')  # ValueError: embedded null byte (media)
@example(field="media", value="media/a%00.mp3")  # the same, percent-encoded
@example(field="media", value="media/" + "a" * 5000 + ".mp3")  # OSError: File name too long
@_budget(1000)
@given(field=st.sampled_from(FIELDS), value=YAML_VALUES)
def test_any_value_in_any_field_is_reported_never_raised(field, value):
    _assert_well_formed(_load(_front_matter(field, value)))


@_budget(100)
@given(value=YAML_VALUES)
def test_any_value_as_the_whole_consent_mapping_is_reported_never_raised(value):
    text = _front_matter("title", "A story").replace(
        "consent:\n  date: 2024-05-02\n  scope: [web, print]\n", "")
    text = text.replace("\n---\nThis", "\nconsent:" + (
        "\n  " + value.replace("\n", "\n  ") if "\n" in value else " " + value) + "\n---\nThis")
    _assert_well_formed(_load(text))


# --- 2. Any address in a link, an image, an autolink or a reference definition --------------

def _obfuscate(draw, word: str) -> str:
    """word with each character written as itself, in the other case, as a character code, as
    a percent code, with a backslash, or with white space or a control character before it."""
    out = []
    for c in word:
        out.append(draw(st.sampled_from([
            c, c.upper(), c.lower(), f"&#{ord(c)};", f"&#{ord(c)}", f"&#x{ord(c):x};",
            f"&#X{ord(c):X}", f"&#0000{ord(c)};", f"%{ord(c):02x}", f"%{ord(c):02X}",
            "\\" + c, "\t" + c, "\n" + c, " " + c, "\x00" + c, "\x0b" + c, "&Tab;" + c,
            "&NewLine;" + c, "\u200b" + c, "\ufeff" + c, c + "\u0301"])))
    return "".join(out)


_COLONS = [":", "&colon;", "&#58;", "&#x3a;", "&#X3A", "%3a", "%3A", "\\:", "%253A", "\uff1a",
           "&amp;#58;", ": "]
_PAYLOADS = ["alert(1)", "alert(document.cookie)//", "text/html,<script>alert(1)</script>",
             "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "image/svg+xml,<svg/>",
             "msgbox(1)", "//evil.example/x.png", "evil.example", "x@example.org",
             "images/x.png", "", "%0aalert(1)", "\\u0061lert(1)", "&#40;1&#41;", ")", "(",
             "\"title\"", "'t'", "images/x.png", "images/%00.png", "images/x%00", "images/..",
             "images/" + "a" * 300 + ".png", "images/" + "a" * 5000 + ".png", "%2e%2e/x.png"]


@st.composite
def addresses(draw) -> str:
    scheme = draw(st.sampled_from(["javascript", "data", "vbscript", "JaVaScRiPt", "DaTa",
                                   "VBScript", "livescript", "file", "http", "https", "mailto",
                                   "ftp", "blob", ""]))
    if draw(st.booleans()):
        scheme = _obfuscate(draw, scheme)
    colon = draw(st.sampled_from(_COLONS))
    payload = draw(st.sampled_from(_PAYLOADS) | st.text(max_size=15))
    lead = draw(st.sampled_from(["", " ", "\t", "\n", "\x00", "\\", "/", "//", "\\\\", "<",
                                 "./", "%20", "&#32;", "images/"]))
    return lead + scheme + colon + payload


URLS = addresses() | st.text(max_size=40) | st.text(
    alphabet=st.sampled_from(list("jJavscriptdt:;&#x0-9%\\/<>()[]\"' \t\nAa.@")), max_size=30)

_FORMS = [
    "[text]({url})", "[text]({url} \"a title\")", "[text](<{url}>)", "![alt]({url})",
    "![alt](<{url}>)", "<{url}>", "[a [nested] text]({url})", "![a ![b](c) alt]({url})",
    "[text][ref]\n\n[ref]: {url}", "![alt][ref]\n\n[ref]: {url}", "![ref]\n\n[ref]: {url}",
    "[ref]\n\n[ref]: {url}", "[text][ref]\n\n[ref]:\n  {url}", "[text][ref]\n\n   [ref]: <{url}>",
    "[text][Ref]\n\n[ref]: {url} \"title\"", "[text]({url})[x]({url})",
]

_EXECUTABLE = ("javascript:", "data:", "vbscript:")
_BAD_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form", "base",
             "meta", "link", "frame", "frameset"}


def _assert_renders_safely(body: str) -> None:
    out = markdown_to_html(body)
    soup = BeautifulSoup(out, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in _BAD_TAGS, out
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), out
            if attr in ("href", "src"):
                seen = re.sub(r"[\x00-\x20\x7f]", "", str(value)).lower()  # as a browser reads it
                assert not seen.startswith(_EXECUTABLE), out
    lowered = out.lower()
    assert "<script" not in lowered and "<iframe" not in lowered, out


@_budget(1000)
@example(form="![alt]({url})", url="images/%00.png")  # ValueError: embedded null byte (body)
@example(form="![ref]\n\n[ref]: {url}", url="images/%00")  # the same, through a definition
@example(form="![alt]({url})", url="images/" + "a" * 5000 + ".png")  # OSError: name too long
@example(form="[text]({url})", url="javascript\\:alert(1)")
@example(form="<{url}>", url="jAvAsCrIpT:alert(1)")
@given(form=st.sampled_from(_FORMS), url=URLS)
def test_any_address_is_refused_or_rendered_harmless(form, url):
    body = "Some words before. " + form.replace("{url}", url) + " And after.\n"
    loaded = _load(story_text() + "\n" + body)
    _assert_well_formed(loaded)
    if loaded.ok:
        _assert_renders_safely(loaded.archive.stories["odd"].body)


_MARKDOWN_PIECES = ["word", " ", "  ", "\n", "\n\n", "\t", "\r", "\r\n", "*", "**", "_", "`",
                    "\\", "[", "]", "(", ")", "!", "<", ">", "&", "&amp;", "#", "> ", "- ", "1. ",
                    "    ", "---", "===", "<b>", "</b>", "<http://a.b>", "<a@b.c>", "[a]: /b",
                    "&#60;", ":", "'", "\""]


@_budget(1500)
@example(text="a\t\nb")  # tabs become spaces: a line break
@example(text="[a]\n\n[a]: http://x")
@given(text=st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=30).map("".join))
def test_the_parser_without_the_patterns_a_text_cannot_use_gives_the_same_html(text):
    """render.py leaves out the inline patterns whose characters a text does not hold, for
    speed: the HTML must be what the full parser makes."""
    from voices.site import render
    assert render._convert(text) == render._parser(frozenset()).reset().convert(text)


# --- 3. Any bytes as a story file, through the command line ---------------------------------

_SUMMARY = re.compile(r"^(All good: \d+ files checked, no problems found\."
                      r"|No problems in \d+ files checked( \(and \d+ notices?\))?\."
                      r"|\d+ errors? and \d+ warnings? in \d+ files checked"
                      r"( \(and \d+ notices?\))?\.)$")
_VALID_BYTES = story_text().encode()
_CHUNKS = [b"\xef\xbb\xbf", b"\x00", b"\r", b"\r\n", b"\n\r", b"\n", b"\xff", b"\xfe\xff",
           b"\xff\xfe", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80",
           b"\x85", "\u2028".encode(), "\u0085".encode(), "\ufeff".encode(), b"\x1b[2J", b"\x7f",
           b"\t", b"\x0c", b"\x0b", b"---", b"---\n", b"...", b"\n---\n", b": ", b"- ", b"&a ",
           b"*a", b"!!python/name:os.system", b"[", b"{", b"\"", b"'", b"#", b"%", b"<",
           b"x" * 5000, b"a " * 20000, b"\n" * 5000, b"[" * 3000, b"\n![x](images/%00.png)\n",
           b"\n![x](images/" + b"a" * 5000 + b".png)\n", b'\nmedia: "media/a\\0.mp3"\n',
           b"\nstatus: []\n", b"\ntitle: !!int ''\n"]


@st.composite
def odd_bytes(draw) -> bytes:
    kind = draw(st.sampled_from(["binary", "mutated", "mutated", "mutated", "encoded"]))
    if kind == "binary":
        return draw(st.binary(max_size=3000))
    if kind == "encoded":
        encoding = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1",
                                         "utf-8-sig", "cp1252", "utf-7"]))
        text = story_text("Café – “quoted”")
        text = draw(st.sampled_from([text, text.replace("\n", "\r\n"),
                                     text.replace("\n", "\r")]))
        return text.encode(encoding, errors="replace")
    data = bytearray(_VALID_BYTES)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        chunk = draw(st.sampled_from(_CHUNKS) | st.binary(min_size=1, max_size=8))
        if draw(st.booleans()):
            data[at:at] = chunk
        else:
            data[at:at + len(chunk)] = chunk
    return bytes(data)


@_budget(500)
@example(content=b"\xef\xbb\xbf" + _VALID_BYTES.replace(b"\n", b"\r\n"))
@example(content=_VALID_BYTES.replace(b"\n", b"\r"))
@example(content=b"\xef\xbb\xbf\xef\xbb\xbf" + _VALID_BYTES)
@example(content=_VALID_BYTES + b"x" * (200 * 1024))
@example(content=_VALID_BYTES + b"![x](images/%00.png)\n")  # ValueError: embedded null byte
@example(content=_VALID_BYTES + b"![x](images/" + b"a" * 5000 + b".png)\n")  # no summary
@example(content=_VALID_BYTES.replace(b"status: published", b"status: []"))  # TypeError
@given(content=odd_bytes())
def test_any_bytes_as_a_story_give_a_report_and_exit_code(content):
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        root = write_archive(Path(tmp) / "archive", {STORY: content})
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(root), "check", "--today", TODAY.isoformat()])
    lines = out.getvalue().splitlines()
    assert code in (0, 1), (code, out.getvalue(), err.getvalue())
    assert err.getvalue() == "", err.getvalue()
    assert lines and _SUMMARY.match(lines[-1]), out.getvalue()
    assert (code == 1) == bool(re.match(r"[1-9]\d* errors? ", lines[-1])), out.getvalue()
    assert code == 0 or STORY in out.getvalue(), out.getvalue()  # the error names the file
