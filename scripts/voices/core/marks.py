"""N_(): marks an English text of the core (a field's help, a heading) as a message of the
catalogue of the words Voices adds to a site (site/i18n.py). The core renders nothing and knows no
language: the site translates the text where it shows it, and `voices check` says it in English."""


def N_(text: str) -> str:  # noqa: N802 (the name gettext's extractors know)
    return text
