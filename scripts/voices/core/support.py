"""The support page: content/support.md, where every content note and the footer send a reader
whom a story has upset.

The page's Markdown is what to do first; its front matter lists the services to contact, as data
(`services:`), so a site in another country changes the list without touching a template. The
list is checked with the rest of the archive (`voices check`, and before every build): a reader in
distress must never meet a service with no number, or a number that does not dial.

site/pages.py renders the list (Renderer.support).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voices.core import page_data
from voices.core.frontmatter import ParsedFile
from voices.core.problems import WARNING, Problem, did_you_mean

SUPPORT_FILE = "content/support.md"
FIELDS = ("name", "offers", "phone", "text", "hours", "url")
REQUIRED = ("name", "offers", "hours")
# Digits, with spaces to group them as people say them ("0800 58 58 58"), and an optional "+"
# for an international number. Anything else (letters, dashes, brackets) would not dial as typed.
_NUMBER = r"\+?[0-9](?:[0-9 ]*[0-9])?"
PHONE_RE = re.compile(rf"^{_NUMBER}$")
# A text line: a number, or "KEYWORD to NUMBER" when the service needs a first word to start.
TEXT_RE = re.compile(rf"^(?:(?P<keyword>[A-Za-z0-9]+) to )?(?P<number>{_NUMBER})$")
URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


@dataclass(frozen=True)
class Service:
    name: str
    offers: str
    hours: str
    phone: str = ""  # as written, for people to read: "116 123"
    text_number: str = ""  # "85258"
    text_keyword: str = ""  # "SHOUT": the first word to send, if the service needs one
    url: str = ""

    @property
    def tel(self) -> str:
        """The tel: address: the number without the spaces that make it readable."""
        return "tel:" + self.phone.replace(" ", "")

    @property
    def sms(self) -> str:
        """The sms: address, with the keyword as the message's start (RFC 5724), so a phone
        opens a text that is ready to send."""
        address = "sms:" + self.text_number.replace(" ", "")
        return address + (f"?body={self.text_keyword}" if self.text_keyword else "")

    @property
    def site(self) -> str:
        """The web address as a link's text: its host alone ("samaritans.org"), which says where
        the link goes without a long path to read out."""
        return self.url.split("://", 1)[-1].split("/", 1)[0].removeprefix("www.")


def load_support(root: str | Path) -> tuple[list[Service], list[Problem]]:
    """The services listed on the support page, and the problems found in the list."""
    return page_data.load(root, SUPPORT_FILE, _services)


def check_support(root: str | Path) -> list[Problem]:
    return load_support(root)[1]


def _services(parsed: ParsedFile) -> list[Service]:
    value = page_data.items(
        parsed, "services",
        ("The support page lists no services to contact.",
         "Add 'services:' to the front matter, then one '- name: ...' per service with its "
         "offers, phone or text, and hours."),
        ("'services' must be a list of services.",
         "Write 'services:', then one '- name: ...' line per service, with its other fields "
         "indented under the name."))
    out = []
    for i, item in enumerate(value):
        service = _service(parsed, i, item)
        if service is not None:
            out.append(service)
    return out


def _service(parsed: ParsedFile, i: int, item: object) -> Service | None:
    where = ("services", i)
    if not isinstance(item, dict):
        parsed.problem(where, "bad-service", f"Service {i + 1} is not a set of fields.",
                       "Write each service as '- name: ...' with 'offers:', 'phone:' or "
                       "'text:', and 'hours:' indented under it.")
        return None
    label = item.get("name") if isinstance(item.get("name"), str) else f"Service {i + 1}"
    for key in item:
        if key not in FIELDS:
            parsed.problem(where + (key,), "unknown-field",
                           f"{label} has a field '{key}', which a service does not have.",
                           did_you_mean(str(key), FIELDS) + "Service fields: "
                           + ", ".join(FIELDS) + ".", severity=WARNING)
    values = {key: _text(parsed, where + (key,), item[key], label) for key in FIELDS if key in item}
    for key in REQUIRED:
        if key not in item:
            parsed.problem(where, f"missing-{key}", f"{label} has no {key}.",
                           f"Add '{key}: ...' to this service ({_WHAT[key]}).")
    if "phone" not in item and "text" not in item:
        parsed.problem(where, "missing-contact",
                       f"{label} has neither a phone number nor a text number.",
                       "Add 'phone: \"116 123\"' or 'text: \"SHOUT to 85258\"', in quotes.")
    phone, number, keyword = values.get("phone", ""), "", ""
    if phone and not PHONE_RE.match(phone):
        parsed.problem(where + ("phone", "="), "bad-phone",
                       f"'{phone}' is not a phone number that can be dialled.",
                       "Write only digits, with spaces between groups, e.g. \"0800 58 58 58\"; "
                       "put '+' first for a number with a country code.")
        phone = ""
    if values.get("text"):
        m = TEXT_RE.match(values["text"])
        if m is None:
            parsed.problem(where + ("text", "="), "bad-text",
                           f"'{values['text']}' is not a number to text.",
                           "Write the number, e.g. \"85258\", or the word to send and the "
                           "number, e.g. \"SHOUT to 85258\".")
        else:
            number, keyword = m["number"], m["keyword"] or ""
    url = values.get("url", "")
    if url and not URL_RE.match(url):
        parsed.problem(where + ("url", "="), "bad-url", f"'{url}' is not a web address.",
                       "Write the full address, starting with https://")
        url = ""
    if not all(values.get(key) for key in REQUIRED) or not (phone or number):
        return None
    return Service(values["name"], values["offers"], values["hours"], phone, number, keyword, url)


_WHAT = {"name": "what the service is called", "offers": "what it offers, in a sentence or two",
         "hours": "when it is open, e.g. '24 hours, every day'"}


def _text(parsed: ParsedFile, where: tuple, value: object, label: str) -> str:
    """A field's text with its spaces tidied, or '' and an error when it is not text."""
    key = where[-1]
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    if isinstance(value, (int, float)) and key in ("phone", "text"):
        example = "0800 58 58 58" if key == "phone" else "85258"
        hint = (f"Put the number in quotes, e.g. {key}: \"{example}\". Without quotes YAML reads "
                "it as a number, not as text, and can change it (a first 0 is lost).")
    else:
        hint = "Write some text, in quotes if YAML reads it as something else."
    parsed.problem(where + ("=",), "bad-value", f"{label}: '{key}' must be some text.", hint)
    return ""
