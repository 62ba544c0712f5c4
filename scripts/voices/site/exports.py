"""The story rules as JSON for the browser: vocabularies, field specs and body checks.

The "Share your story" form (adapter/theme/assets/share-form.js) checks what `voices check`
checks, against this export, written into the site at build time: a new principle or perspective
reaches the form without anyone editing JavaScript.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from voices.core import body as _body
from voices.core.model import Archive
from voices.core.schema import (ID_MAX_LEN, ID_RE, LANG_RE, SCOPES, STATUSES, STORY_FIELDS, Field,
                                title_key)
from voices.site.names import Names

SCHEMA_FILE = "assets/voices-schema.json"

# Python's \d, \w, \s and \b know all of Unicode; JavaScript's only ASCII, even with the u flag.
# A translated pattern must find the same text in both (a phone number in Arabic-Indic digits,
# an e-mail address with an accent before the '@'), so these classes are spelt out: \d is the
# category Nd and \w letters, numbers and '_' (exactly Python's sets, for the Unicode version
# both know), and \s is Python's own list.
_WORD = r"\p{L}\p{N}_"


def _runs(numbers: list[int]) -> list[list[int]]:
    """Sorted numbers as runs of consecutive ones, [first, last]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return runs


def _ranges(chars: list[str]) -> str:
    """Characters as the inside of a class: runs of consecutive ones as ranges."""
    return "".join(f"\\u{{{a:x}}}" + (f"-\\u{{{b:x}}}" if b > a else "")
                   for a, b in _runs(list(map(ord, chars))))


# Unicode's white space all lies below U+3001; the browser tests compare the whole range.
_SPACE = _ranges([c for c in map(chr, range(0x3001)) if re.match(r"\s", c)])
_CLASSES = {"d": r"\p{Nd}", "w": _WORD, "s": _SPACE}
_SYNTAX = set("^$\\.*+?()[]{}|/")  # what JavaScript lets a backslash escape under the u flag
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")
_GROUP = re.compile(r"\((?:\?(?:[:=!]|<[=!]))?")  # (, (?:, (?=, (?!, (?<=, (?<!


def js_regex(pattern: re.Pattern[str]) -> dict[str, str]:
    """A Python pattern as a JavaScript RegExp source and flags that match the same text.

    Anchors, '.' and the classes above are written out in their Python meaning and the u flag is
    set; what has no faithful translation raises ValueError, so a new rule cannot drift silently.
    """
    flags = pattern.flags
    if flags & (re.ASCII | re.VERBOSE | re.LOCALE):
        raise ValueError(f"no JavaScript translation for the flags of {pattern.pattern!r}")
    source, out, in_class = pattern.pattern, [], False
    lead = re.match(r"\(\?[ims]+\)", source)  # their effect is already in pattern.flags
    i = lead.end() if lead else 0
    while i < len(source):
        c = source[i]
        if c == "\\" and re.fullmatch(r"x[0-9a-fA-F]{2}", source[i + 1:i + 4]):
            out.append(source[i:i + 4])  # '\x7f' means the same in both, in a class or not
            i += 4
            continue
        if c == "\\":
            out.append(_escape(source[i + 1:i + 2], in_class))
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            out.append(c)
        elif c == "[":
            if source.startswith(("[]", "[^]"), i):  # a ']' of Python's, an empty class of JS's
                raise ValueError(f"no JavaScript translation for the class in {source!r}")
            in_class = True
            out.append(c)
        elif c == "(":
            group = _GROUP.match(source, i)
            if group.end() == i + 1 and source.startswith("(?", i):
                raise ValueError(f"no JavaScript translation for the group in {source!r}")
            out.append(group.group(0))
            i = group.end()
            continue
        elif c == "{":
            m = _QUANTIFIER.match(source, i)
            if m and (m.group(1) or m.group(3)):  # '{,3}' is Python's '{0,3}'
                out.append(f"{{{m.group(1) or 0}{m.group(2)}{m.group(3)}}}")
                i = m.end()
                continue
            out.append(r"\{")  # Python reads a brace that is no quantifier as itself
        elif c in "}]":
            out.append("\\" + c)
        elif c in "^$.":
            out.append(_anchor(c, flags))
        else:
            out.append(c)
        i += 1
    return {"source": "".join(out), "flags": "iu" if flags & re.IGNORECASE else "u"}


def _escape(c: str, in_class: bool) -> str:
    """One backslash escape (c is the character after the backslash) in its Python meaning."""
    if c in _CLASSES:
        return _CLASSES[c] if in_class else f"[{_CLASSES[c]}]"
    if c in ("D", "W", "S") and not in_class:
        return f"[^{_CLASSES[c.lower()]}]"
    word = f"[{_WORD}]"
    if c == "b" and not in_class:  # Python's word boundary, between \w and anything else
        return f"(?:(?<={word})(?!{word})|(?<!{word})(?={word}))"
    if c == "B" and not in_class:
        return f"(?:(?<={word})(?={word})|(?<!{word})(?!{word}))"
    if c == "A" and not in_class:
        return r"(?<![\s\S])"
    if c == "Z" and not in_class:
        return r"(?![\s\S])"
    if c and (c in "ntrfv0" or c.isdigit() and not in_class):  # \1: a back-reference in both
        return "\\" + c
    if not c or c.isalnum():  # \x, \u, \N{...}, \U...: unused here, and written otherwise in JS
        raise ValueError(f"no JavaScript translation for '\\{c}'")
    return "\\" + c if c in _SYNTAX or c == "-" and in_class else c


def _anchor(c: str, flags: int) -> str:
    """^, $ and '.' as Python reads them: JavaScript's also take a carriage return or U+2028
    for the end of a line."""
    multiline = flags & re.MULTILINE
    if c == "^":
        return r"(?<![^\n])" if multiline else r"(?<![\s\S])"
    if c == "$":
        return r"(?![^\n])" if multiline else r"(?=\n?(?![\s\S]))"
    return r"[\s\S]" if flags & re.DOTALL else r"[^\n]"


def _field(spec: Field) -> dict[str, Any]:
    out = {k: v for k, v in asdict(spec).items() if k != "fields" and v not in ("", 0, None, ())}
    out["required"] = spec.required
    if spec.fields:
        out["fields"] = {name: _field(sub) for name, sub in spec.fields.items()}
    return out


def github_repo(repo_url: str | None) -> str:
    """'owner/name' from a GitHub repo_url, or '' for anything else."""
    if not repo_url:
        return ""
    url = urlparse(repo_url)
    parts = [p for p in url.path.split("/") if p]
    if url.netloc.lower() not in {"github.com", "www.github.com"} or len(parts) < 2:
        return ""
    return f"{parts[0]}/{parts[1].removesuffix('.git')}"


def schema_export(archive: Archive, repo_url: str | None = None, branch: str = "main",
                  contact_email: str = "", names: Names = Names()) -> dict[str, Any]:
    def entries(items: dict, label: str) -> list[dict[str, str]]:
        return [{"id": k, "label": getattr(v, label), "summary": v.summary}
                for k, v in items.items()]

    # Only stories already on the web: the ids and titles of withdrawn or print-only stories
    # must not reach the site, even here. A clash with one of those is caught by the pull
    # request's check (or by GitHub, for the same file name).
    taken = sorted(s.id for s in archive.web)
    return {
        "fields": {name: _field(spec) for name, spec in STORY_FIELDS.items()},
        "field_order": list(STORY_FIELDS),  # keys are sorted in the file; this keeps the order
        "vocabularies": {
            "perspectives": entries(archive.perspectives, "label"),
            "principles": entries(archive.principles, "title"),
            "challenges": entries(archive.challenges, "title"),
            "content_notes": entries(archive.content_notes, "label"),
            # A scope's description reads well as a tick-box label: "Shown on the website".
            "scopes": [{"id": k, "label": v.rstrip("."), "summary": ""} for k, v in SCOPES.items()],
            "statuses": [{"id": k, "label": k, "summary": v} for k, v in STATUSES.items()],
        },
        "patterns": {"id": js_regex(ID_RE), "lang": js_regex(LANG_RE)},
        "id_max_len": ID_MAX_LEN,
        # Ids and titles in use: a new story must not take either.
        "taken_ids": taken,
        "taken_titles": sorted({title_key(s.title) for s in archive.web}),
        "body": _body_rules(),
        "site": {
            "repo": github_repo(repo_url),
            "branch": branch,
            "stories_folder": "stories",
            "contact_email": contact_email,
            "names": {"principle": names.principle, "challenge": names.challenge},
        },
    }


def _rules(rules: list) -> list[dict[str, Any]]:
    return [{"pattern": js_regex(p), "severity": sev, "rule": rule, "message": msg, "hint": hint}
            for p, sev, rule, msg, hint in rules]


def _body_rules() -> dict[str, Any]:
    """body.py's own rule tables, so the form refuses exactly what the checker refuses."""
    return {
        "placeholders": [_body.PLACEHOLDER, _body._TEMPLATE_TEXT],
        "rules": _rules(_body._RULES),
        "text_rules": _rules(_body._TEXT_RULES),  # for front-matter text values
        "private": [{"pattern": js_regex(p), "what": what} for p, what in _body._PRIVATE],
        # The fields besides the body that the private patterns apply to, as the checker does.
        "private_fields": list(_body.FREE_TEXT_FIELDS),
        # Where the checker finds addresses: group 1 of "link" (after '](') and group 2 of
        # "definition" ('[ref]: url'); "ref_image" is '![alt][ref]', '![alt][]' or '![ref]'.
        "link": js_regex(_body._INLINE),
        "definition": js_regex(_body._DEFINITION),
        "ref_image": js_regex(_body._REF_IMAGE),
        "safe_schemes": sorted(_body._SAFE_SCHEMES),
        "other_host": list(_body._OTHER_HOST),  # an image address starting so is external
        "url_scheme": _url_scheme_steps(),
        # Python's white space (str.split, str.strip and \s agree): for keys and trimming.
        "space": js_regex(re.compile(r"\s+")),
    }


def _url_scheme_steps() -> dict[str, Any]:
    """body.url_scheme step by step: Markdown's backslash escapes, then `rounds` times
    html.unescape then urllib's unquote, then controls dropped, lower case and the scheme.

    html.unescape's numeric references follow the HTML standard's tables, which Python keeps
    in its html module (private names: should they move, the export fails, not the form): a
    browser would keep '&#xfdd0;' where Python drops it (and with it 'java&#xfdd0;script:' is
    javascript), so the form takes the tables from here. Named references (one list, the
    standard's, in both) the browser decodes itself.
    """
    return {
        "unescape": js_regex(_body._MD_ESCAPE),  # each match becomes its group 1
        "rounds": _body._DECODE_ROUNDS,
        "charref": js_regex(html._charref),  # group 1: '#106;', '#x6a', 'colon;', 'amp'...
        "charref_table": {str(n): c for n, c in sorted(html._invalid_charrefs.items())},
        "charref_dropped": _runs(sorted(html._invalid_codepoints)),
        "controls": js_regex(_body._CONTROLS),
        "scheme": js_regex(_body._SCHEME),
    }


def write_schema(site_dir: str | Path, archive: Archive, **site: Any) -> Path:
    """Write the export into a built site; sorted keys so the same archive gives the same bytes."""
    path = Path(site_dir) / SCHEMA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(schema_export(archive, **site), indent=1, sort_keys=True,
                      ensure_ascii=False, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    # The offline copy's form reads the same rules as a script: browsers refuse fetch() on
    # file:// pages (adapter/theme/main.html loads it before the form's own script).
    path.with_suffix(".js").write_text(f"window.VOICES_SCHEMA = {text};\n", encoding="utf-8")
    return path
