"""The story rules as JSON for the browser: vocabularies, field specs and body checks.

The "Share your story" form (theme/assets/share-form.js) checks what `voices check` checks. It
reads everything it checks against from this export, written into the site at build time, so a
new principle or perspective reaches the form without anyone editing JavaScript.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from . import body as _body
from .model import Archive
from .schema import ID_MAX_LEN, ID_RE, LANG_RE, SCOPES, STATUSES, STORY_FIELDS, Field, title_key

SCHEMA_FILE = "assets/voices-schema.json"
_PY_FLAGS = {"m": "m", "i": "i", "s": "s"}


def js_regex(pattern: re.Pattern[str]) -> dict[str, str]:
    """A Python pattern as a JavaScript RegExp source and flags.

    Our patterns use only syntax the two share, except leading inline flags like (?m), which
    JavaScript takes as a separate argument.
    """
    source, flags = pattern.pattern, ""
    m = re.match(r"^\(\?([a-z]+)\)", source)
    if m:
        source = source[m.end():]
        flags = "".join(_PY_FLAGS[f] for f in m.group(1))
    if pattern.flags & re.MULTILINE and "m" not in flags:
        flags += "m"
    return {"source": source, "flags": flags}


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
                  contact_email: str = "") -> dict[str, Any]:
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
        },
    }


def _rules(rules: list) -> list[dict[str, Any]]:
    return [{"pattern": js_regex(p), "severity": sev, "rule": rule, "message": msg, "hint": hint}
            for p, sev, rule, msg, hint in rules]


def _body_rules() -> dict[str, Any]:
    """body.py's own rule tables, so the form refuses exactly what the checker refuses."""
    text_rules = getattr(_body, "_TEXT_RULES", [])  # rules for front-matter text values
    inline = getattr(_body, "_INLINE", None)
    return {
        "placeholders": [_body.PLACEHOLDER, _body._TEMPLATE_TEXT],
        "rules": _rules(_body._RULES),
        "text_rules": _rules(text_rules),
        "private": [{"pattern": js_regex(p), "what": what} for p, what in _body._PRIVATE],
        # Group 1 of this pattern is a link's address; the form checks its scheme.
        "link": js_regex(inline) if inline is not None else None,
        "safe_schemes": sorted(_body._SAFE_SCHEMES),
    }


def write_schema(site_dir: str | Path, archive: Archive, **site: Any) -> Path:
    """Write the export into a built site; sorted keys so the same archive gives the same bytes."""
    path = Path(site_dir) / SCHEMA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(schema_export(archive, **site), indent=1, sort_keys=True,
                      ensure_ascii=False, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return path
