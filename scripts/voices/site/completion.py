"""A page as the renderer laid it out, completed by the build: a generated page's content put in
its place, its language marked, which Voices made it, the errors banner under serve, and the
hashes of its inline scripts in its content security policy."""

from __future__ import annotations

from voices import __version__
from voices.core.problems import VoicesError
from voices.site import csp, languages
from voices.site.pages import LATER


def with_content(src: str, output: str, html: str, lang: str, site_lang: str,
                 banner: str = "") -> str:
    """A generated page: its layout around LATER, with `html` there instead."""
    before, later, after = output.partition(LATER)
    if not later:
        raise VoicesError(f"The theme left out the content of {src}.",
                          "Check that the theme's main.html keeps {{ page.content }}.")
    return completed(languages.mark_page(before, lang, site_lang) + html + after, banner)


def completed(output: str, banner: str = "") -> str:
    """Any page: the generator tag, the banner at the top of the body, the policy's hashes."""
    output = output.replace('<meta name="generator" content="',
                            f'<meta name="generator" content="voices-{__version__}, ', 1)
    if banner:
        head, tag, rest = output.partition("<body")
        end = rest.find(">") + 1
        output = head + tag + rest[:end] + banner + rest[end:] if tag else output
    return csp.complete_policy(output)
