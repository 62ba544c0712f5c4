"""What the theme's scripts say to readers, in the site's language: "My pack" (pack.js) and the
"Share your story" form (share-form.js). A script cannot read a catalogue, so the build writes
their words into the site as a script, assets/voices-words.js (i18n.script_words_js), which the
theme loads before them and which works on file:// too. Each script reads its words with
msg("key"), and tests/test_script_words.py checks that each key it asks for is here.

A placeholder %(name)s becomes {name}, which the script fills in; a plural message becomes its
text for each of the language's plural categories (i18n.plural_forms), the number as {num}.

This module imports nothing of the site (i18n imports it): i18n passes in the catalogue (`t`)
and the language's plural forms (`forms`).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from typing import Any

from voices.core import body as _body
from voices.core.schema import SCOPES

Forms = Callable[[Callable[[int], str]], dict[str, str]]  # i18n.plural_forms for the language


class _Braces(dict):
    """For `message % _Braces()`: each %(name)s becomes {name}, for the script to fill in."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _js(message: str) -> str:
    return message % _Braces()


def _plural(forms: Forms, message: Callable[[int], str]) -> dict[str, str]:
    return forms(lambda n: _js(message(n)))


def pack(t: gettext.NullTranslations, forms: Forms) -> dict[str, Any]:
    """pack.js: the buttons on story and question pages, and the pack page."""
    return {
        "add": t.gettext("Add to my pack"),
        "inPack": t.gettext("In my pack ✓"),
        "open": t.gettext("Open my pack"),
        "openCount": _js(t.gettext("Open my pack (%(items)s)")),
        # Translators: hidden words after "Add to my pack" on a principle's or a challenge's
        # page, which has one button per question: "Add to my pack, question 2".
        "questionNumber": _js(t.gettext("question %(number)s")),
        "storyAdded": _js(t.gettext("‘%(title)s’ is now in your pack.")),
        "questionAdded": t.gettext("This question is now in your pack."),
        "storyRemoved": _js(t.gettext("‘%(title)s’ is no longer in your pack.")),
        "questionRemoved": t.gettext("This question is no longer in your pack."),
        "notKept": t.gettext("Your browser would not keep your pack, so nothing was changed."),
        "empty": t.gettext("Your pack is empty."),
        "holds": _js(t.gettext("Your pack holds %(items)s: %(stories)s and %(questions)s.")),
        "items": _plural(forms, lambda n: t.ngettext("%(num)s item", "%(num)s items", n)),
        "stories": _plural(forms, lambda n: t.ngettext("%(num)s story", "%(num)s stories", n)),
        "questions": _plural(forms, lambda n: t.ngettext("%(num)s question", "%(num)s questions",
                                                         n)),
        "offline": t.gettext("Making your own pack needs the website: this offline copy cannot "
                             "gather the stories for it. The ready-made guides to print work "
                             "here."),
        "noStorage": t.gettext("Your browser does not let this site keep anything, so a pack "
                               "cannot be made here. The ready-made guides to print work without "
                               "it."),
        # Translators: the name of the group of buttons (move up, move down, remove) of a
        # question in the pack, for screen readers.
        "question": t.gettext("Question"),
        "up": t.gettext("Move up"),
        "down": t.gettext("Move down"),
        "remove": t.gettext("Remove"),
        # Translators: hidden words after a button's ("Remove"), naming the story it acts on.
        "namedStory": _js(t.gettext("‘%(title)s’")),
        "namedQuestion": _js(t.gettext("question: %(text)s")),
        "fetching": t.gettext("Fetching the story…"),
        "gone": t.gettext("This story is no longer on the site, so it cannot be printed. Its "
                          "storyteller may have withdrawn it."),
        # Translators: %(page)s is a link to the page of the principle or challenge, by its title.
        "questionFrom": _js(t.gettext("A question to reflect on, from %(page)s")),
        "storyTakenOut": _js(t.gettext("Removed ‘%(title)s’.")),
        "questionTakenOut": t.gettext("Removed the question."),
        "storyMoved": _js(t.gettext("‘%(title)s’ is now number %(number)s of %(total)s.")),
        "questionMoved": _js(t.gettext("The question is now number %(number)s of %(total)s.")),
        "clear": t.gettext("Take everything out of your pack?"),
    }


def share_form(t: gettext.NullTranslations, forms: Forms) -> dict[str, Any]:
    """share-form.js: its labels, its checks' messages and what it says about the file.
    %(name)s is a field's name as the form page writes it (data-name: "the title"); a message
    that starts with it gets a capital letter."""
    picture = t.gettext("Take out the part that starts with '!['. You can send pictures to us "
                        "by e-mail.")
    return {
        "day": t.gettext("Day"),
        "month": t.gettext("Month"),
        "year": t.gettext("Year"),
        "fileName": _js(t.gettext("The file will be called %(path)s.")),
        "unsafeLink": _js(t.gettext("Links starting with '%(scheme)s:' are not allowed. Use a web "
                                    "address starting with https://.")),
        "externalImage": t.gettext("Pictures from other websites are not allowed, and this form "
                                   "cannot add pictures.") + " " + picture,
        "missingImage": t.gettext("This form cannot add pictures.") + " " + picture,
        # Translators: a field's name, then what is wrong with it (a sentence or two).
        "fieldProblem": _js(t.gettext("%(name)s: %(problem)s")),
        "enter": _js(t.gettext("Enter %(name)s.")),
        "tooLong": _plural(forms, lambda n: t.ngettext(
            "%(name)s is %(num)s character long; the most is %(max)s. Shorten it.",
            "%(name)s is %(num)s characters long; the most is %(max)s. Shorten it.", n)),
        "badDate": _js(t.gettext("%(name)s must be a real date, such as 27 3 2024.")),
        "futureDate": _js(t.gettext("%(name)s is in the future. Check the year and the month.")),
        "writeStory": t.gettext("Write your story."),
        "exampleText": t.gettext("Your story still has the example text in it. Replace it with "
                                 "your own words."),
        # Translators: %(what)s is one of "an e-mail address", "a phone number", "a UK
        # postcode", "an NHS number"; %(text)s is what the storyteller wrote.
        "private": _js(t.gettext("%(name)s has what looks like %(what)s: '%(text)s'. Take it out "
                                 "unless you are happy for everyone to see it.")),
        "takenTitle": t.gettext("Another story already has this title. Give yours a different "
                                "one."),
        "perspective": t.gettext("Choose where you speak from: at least one."),
        "noTags": _js(t.gettext("Choose at least one %(principle)s or one %(challenge)s.")),
        "scope": t.gettext("Choose where the story may appear: the website, print, or both."),
        "agree": t.gettext("Tick the box to say the storyteller agrees to share the story."),
        "badLang": t.gettext("Enter a language code such as en or cy."),
        # Translators: hidden words before an error message at its field, for screen readers.
        "error": t.gettext("Error:"),
        "githubTooLong": t.gettext("Your story is too long to fill in for you. Press 'Copy the "
                                   "file' first, then paste it into GitHub's editor."),
        "noGithub": t.gettext("This site has no GitHub project set up."),
        # Translators: the subject and first words of the e-mail the form opens, to the
        # archive's maintainers, with the story file after them.
        "mailSubject": _js(t.gettext("My story for the archive: %(title)s")),
        "mailIntro": t.gettext("Hello. Here is my story for the archive, as a story file. Please "
                               "do not publish it until you have checked it with me."),
        "mailAttached": t.gettext("Hello. My story file is attached."),
        "mailTooLong": t.gettext("Your story is too long to put in the e-mail for you: download "
                                 "the file, then attach it to the e-mail."),
        "mailAddress": _js(t.gettext("The address is %(address)s.")),
        "noMail": t.gettext("Download the file and keep it safe: this site has no e-mail address "
                            "set up yet."),
        "copied": t.gettext("Copied. You can paste the file where you need it."),
        "copyFailed": t.gettext("Your browser would not copy it. The file is selected: press "
                                "Ctrl+C (or Cmd+C) to copy."),
        "downloaded": _js(t.gettext("Downloaded %(file)s. Keep it somewhere safe.")),
        "noRules": t.gettext("The form could not load its rules. Please reload the page, or share "
                             "your story without the form (see 'How to share')."),
        # The checker's own words (core/body.py marks them), shown by the form in the site's
        # language; `voices check` says them in English.
        "rules": {rule: t.gettext(message) + " " + t.gettext(hint)
                  for _, _, rule, message, hint in _body._RULES + _body._TEXT_RULES},
        "details": {what: t.gettext(what) for _, what in _body._PRIVATE},  # by the export's "what"
        "scopes": {scope: t.gettext(label).rstrip(".") for scope, label in SCOPES.items()},
    }


SCRIPTS: dict[str, Callable[[gettext.NullTranslations, Forms], dict[str, Any]]] = {
    "pack": pack, "share-form": share_form}
