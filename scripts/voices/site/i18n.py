"""The words Voices adds to a site, in the site's language (mkdocs.yml `theme.language`): the
labels, headings, buttons and messages of the generated pages, the theme's partials, the guides'
print pages and PDFs, and the titles set in Python. The archive's own words (stories, terms,
vocabularies, the site's pages) are never translated: they stay as written.

The messages are a gettext catalogue: locale/voices.pot (the template: every message, in
English) and locale/<language>/LC_MESSAGES/voices.po (a translation). A .po file is read and
compiled in memory when a build first needs it, so there is no build step and no .mo file to
commit; a language with no catalogue (English among them) gets the messages as written.

Templates use Jinja's i18n extension, `{% trans name=value %}...{% endtrans %}` and `_()`,
installed per language by install(); Python code asks translations(language) for a catalogue and
calls its .gettext() and .ngettext() (so the extractor finds them), and marks module-level
messages with N_(), translating them where they are used. The theme's scripts cannot read a
catalogue: the build writes their words into the site as a script of their own,
assets/voices-words.js (script_words_js(); the messages are in script_words.py). Strings with
variables use named placeholders, `%(name)s`, so a translation may put them in any order;
plurals use ngettext, with the language's plural rules from its catalogue's header (Welsh has
six forms).

The language is passed down explicitly (Renderer, GuideSet, the feed): there is no current
language to set, which a forked worker could inherit wrongly.

Updating the catalogue, from the repository's root, after changing a message:

    .venv/bin/python -m voices.site.i18n extract   # rewrites locale/voices.pot
    .venv/bin/python -m voices.site.i18n update    # merges it into every voices.po

then translate each new or fuzzy entry of each voices.po (tests/test_i18n.py fails, naming them,
until every message is translated). `extract` uses extract() below, as the test does: Babel's
Python extractor for *.py and Jinja's (jinja2.ext.babel_extract, trimmed) for the templates.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

from voices.site import script_words

PACKAGE = Path(__file__).resolve().parent.parent  # scripts/voices
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "voices"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
# Where the messages are: Python code, the site's and the guides' templates, the theme's.
JINJA = "jinja2.ext:babel_extract"
METHODS = [("cli/starter/**", "ignore"), ("**.py", "python"), ("**/templates/**.html", JINJA),
           ("adapter/theme/**.html", JINJA)]
OPTIONS = {pattern: {"trimmed": "true"} for pattern, method in METHODS if method == JINJA}


def N_(message: str) -> str:  # noqa: N802 (the usual name, which the extractor knows)
    """Marks a message for the catalogue where it cannot be translated yet (a module constant):
    translate it where it is used, with translations(language).gettext(message)."""
    return message


def _codes(language: str) -> list[str]:
    """The catalogues that may serve a language, most precise first: "cy-GB" -> cy_GB, cy."""
    code = (language or "en").replace("-", "_")
    return [code, code.split("_")[0]] if "_" in code else [code]


@functools.lru_cache(maxsize=None)
def translations(language: str) -> _gettext.NullTranslations:
    """The catalogue of a language, read from its .po file and compiled in memory; English, or
    a language Voices has no catalogue for, gets its messages as written (NullTranslations)."""
    for code in _codes(language):
        po = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            with po.open("rb") as f:
                catalog = read_po(f, locale=code, domain=DOMAIN)
            compiled = io.BytesIO()
            write_mo(compiled, catalog)  # fuzzy entries left out, as msgfmt does
            compiled.seek(0)
            return Translations(fp=compiled, domain=DOMAIN)
    return _gettext.NullTranslations()


def install(env, language: str) -> None:
    """Give a Jinja environment the i18n extension and the language's messages. One environment
    per language (pages.environment(), guides' environment()): never install another language
    into an environment already in use."""
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True  # a message's line breaks and indents are one space
    env.install_gettext_translations(translations(language), newstyle=True)


WORDS_FILE = "assets/voices-words.js"


def script_words_for(language: str, script: str) -> dict[str, Any]:
    """What a theme script says (site/script_words.py), in the language. `lang` names the
    language, for the script's Intl.PluralRules: a story's page may be in another."""
    words = script_words.SCRIPTS[script](translations(language),
                                         functools.partial(plural_forms, language))
    return {"lang": language, **words}


@functools.lru_cache(maxsize=None)  # every build writes it: once per language and process
def script_words_js(language: str) -> str:
    """The theme scripts' words, in one file every page shares (WORDS_FILE, which
    adapter/theme/main.html loads before them): window.VOICES_WORDS[script]. One file rather than
    JSON on each script's tag, which repeated 1.9 KB on every story page; a script rather than
    JSON, because a page opened from file:// cannot fetch."""
    words = {script: script_words_for(language, script) for script in sorted(script_words.SCRIPTS)}
    text = json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.VOICES_WORDS = {text};\n"


@functools.lru_cache(maxsize=None)
def locale(language: str) -> Locale:
    """Babel's locale for a language code ("cy", "pt-BR"); English when Babel does not know it."""
    for code in _codes(language):
        try:
            return Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en")


def plural_forms(language: str, message: Callable[[int], str]) -> dict[str, str]:
    """A plural message for a script in the page: its text for each of the language's plural
    categories (Intl.PluralRules in the browser picks one), "{n}" where the number goes.
    `message(n)` returns the translated message for n, with "{n}" in place of the number."""
    rule = locale(language).plural_form
    out: dict[str, str] = {}
    for n in range(200):  # the first number of each category stands for it
        out.setdefault(rule(n), message(n))
    return out


def extract(package: Path = PACKAGE) -> Catalog:
    """Every message of the package's Python code and templates, as a catalogue."""
    catalog = Catalog(domain=DOMAIN, project="Voices", fuzzy=False,
                      msgid_bugs_address="", copyright_holder="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            package, METHODS, OPTIONS, comment_tags=("Translators:",), strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def messages(catalog: Catalog) -> Iterator:
    """The catalogue's messages, without its header."""
    return (m for m in catalog if m.id)


def _write_template() -> None:
    with TEMPLATE.open("wb") as f:
        write_po(f, extract(), width=100, omit_header=False, sort_output=True,
                 include_lineno=False)


def _update() -> None:
    with TEMPLATE.open("rb") as f:
        template = read_po(f)
    for po in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        catalog.update(template, update_header_comment=False)
        with po.open("wb") as f:
            write_po(f, catalog, width=100, sort_output=True, include_lineno=False,
                     ignore_obsolete=True)


if __name__ == "__main__":
    {"extract": _write_template, "update": _update}[sys.argv[1]]()
