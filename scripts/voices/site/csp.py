"""The Content-Security-Policy of every built page, completed with the hashes of its inline scripts.

adapter/theme/main.html carries the policy in a <meta http-equiv> tag with script-src 'self'. Its
base theme (mkdocs-material) writes a few small inline <script> elements (storage helpers, palette);
rather than allow 'unsafe-inline', each page's policy lists the SHA-256 of exactly the inline
scripts that page holds, computed after the page is rendered. Any script added to a page later, by
content or by an attacker, matches no hash and does not run.
"""

from __future__ import annotations

import base64
import hashlib
import re

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Inline scripts: <script ...> without a src attribute. Data blocks (type="application/json")
# are not run, so CSP does not apply to them.
_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_STYLE = re.compile(r"<style(\s[^>]*)?>(.*?)</style\s*>", re.DOTALL | re.IGNORECASE)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?(application/(ld\+)?json)""", re.IGNORECASE)


def digest(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for m in _SCRIPT.finditer(html):
        attrs = m.group(1) or ""
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE) or _DATA_TYPE.search(attrs):
            continue
        hashes.append(digest(m.group(2)))
    return sorted(set(hashes))


def inline_style_hashes(html: str) -> list[str]:
    return sorted({digest(m.group(2)) for m in _STYLE.finditer(html)})


def complete_policy(html: str) -> str:
    """Add this page's inline script and style hashes to the policy in its meta tag.

    Pages without the tag are returned unchanged (a theme without it gets no policy)."""
    m = _META.search(html)
    if m is None:
        return html
    policy = m.group(1)
    for directive, hashes in (("script-src", inline_script_hashes(html)),
                              ("style-src", inline_style_hashes(html))):
        if hashes:
            policy = re.sub(rf"\b{directive} ([^;]*)", lambda d: f"{directive} {d.group(1)} "
                            + " ".join(hashes), policy, count=1)
    return html[: m.start(1)] + policy + html[m.end(1):]
