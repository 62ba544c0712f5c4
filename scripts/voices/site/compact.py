"""Templates loaded without the indentation and the blank lines that every page would repeat.

Templates are indented for the people who read them, and every page repeats that whitespace: a
seventh of a story page was the indentation and empty lines of mkdocs-material's layout. The
source is compacted once, as it is loaded, so a page costs nothing more to render. (Voices' own
templates are trimmed by their environment's trim_blocks and lstrip_blocks instead.)

What a reader sees stays the same: in HTML a run of spaces and line breaks shows as one space, so
a run may be shortened but never removed. Each line keeps its line break, except a line that
holds only tags that write nothing (`{% if %}`, `{% set %}`, comments) under a line whose break
is surely written: that break is enough. tests/test_compact.py checks this against Jinja itself.
`<pre>`, `<textarea>`, `<script>` and `<style>` are left as they are.
"""

from __future__ import annotations

import os
import re

import jinja2

_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_AROUND_BREAK = re.compile(r"[ \t]*\n[ \t\n]*")  # blank lines too
# Tags that write nothing, without whitespace control (a "-" may have eaten the break before).
_WORDS = r"if|elif|else|endif|for|endfor|set|endset|import|from|extends|with|endwith"
_SILENT = (rf"(?:\{{%\s*(?:{_WORDS})\b(?:[^%]|%(?!\}}))*(?<!-)%\}}"
           r"|\{#(?!-)(?:[^#]|#(?!\}))*(?<!-)#\})")
# A line of them that starts the way its line above goes on: not at the end of a block (the
# break above may be in a part that is skipped), nor a loop's or a macro's start (the break
# above is not written again before the next turn, or where the macro is called). Its break
# would only double the break above it.
_OPENS = r"(?:\{%\s*(?:if|set|import|from|extends|with)\b|\{#(?!-))"
_SILENT_LINE = re.compile(rf"(?<=\n)(?<!-%\}}\n)(?<!-#\}}\n)(?<!-\}}\}}\n)"
                          rf"((?={_OPENS})(?:{_SILENT}[ \t]*)+)\n")


def compact(source: str) -> str:
    """A template's source without its indentation and the breaks of lines that write nothing."""
    pieces = _VERBATIM.split(source)  # text, verbatim element, its tag name, text, ...
    for i in range(0, len(pieces), 3):
        pieces[i] = _SILENT_LINE.sub(r"\1", _AROUND_BREAK.sub("\n", pieces[i]))
    return "".join(piece for i, piece in enumerate(pieces) if i % 3 != 2)


class CompactLoader(jinja2.BaseLoader):
    """Another loader's templates, compacted (HTML, XML and SVG; any other kind as it is), but
    those in the folder `keep`: a site's own overrides, whose styles may keep whitespace
    (`white-space: pre`), stay as their authors wrote them."""

    def __init__(self, loader: jinja2.BaseLoader, keep: str | None = None) -> None:
        self.loader = loader
        self.keep = os.path.join(os.path.abspath(keep), "") if keep else None

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = self.loader.get_source(environment, template)
        ours = not (self.keep and filename and os.path.abspath(filename).startswith(self.keep))
        if ours and template.endswith((".html", ".xml", ".svg")):
            source = compact(source)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()
