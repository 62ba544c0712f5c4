"""An Atom feed of the newest stories published on the web and of what happened next to them
(each update a story carries is an entry of its own; site path feed.xml).

Links are absolute when the site's address is known (mkdocs.yml `site_url`), as feed readers
expect; otherwise they are relative to the feed, which sits at the site's root.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from voices.core.model import Archive, Story
from voices.site.i18n import translations
from voices.site.render import markdown_to_html

FEED_SRC = "feed.xml"
ENTRIES = 20
UPDATES_ANCHOR = "what-happened-next"  # the heading of the updates on a story page


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _entry(story: Story, base: str) -> str:
    url = f"{base}stories/{story.id}/"
    lang = quoteattr(story.lang)  # the story's title and summary are in its language
    return (
        "  <entry>\n"
        f"    <title xml:lang={lang}>{escape(story.title)}</title>\n"
        f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>\n"
        f"    <id>{escape(url if base else 'urn:voices:story:' + story.id)}</id>\n"
        f"    <published>{_stamp(story.consent.date)}</published>\n"
        f"    <updated>{_stamp(story.consent.date)}</updated>\n"
        f"    <author><name>{escape(story.storyteller)}</name></author>\n"
        f"    <summary xml:lang={lang}>{escape(story.summary)}</summary>\n"
        "  </entry>\n"
    )


def _update_entry(story: Story, i: int, base: str, language: str = "en") -> str:
    """The story's update i (newest first). Its id comes from its date, so adding an update
    leaves the others' ids alone; a second update on one day is told apart by its place."""
    update = story.updates[i]
    nth = [j for j, u in enumerate(story.updates) if u.date == update.date].index(i) + 1
    day = update.date.isoformat() + (f"-{nth}" if nth > 1 else "")
    url = f"{base}stories/{story.id}/"
    entry_id = url + "#update-" + day if base else f"urn:voices:story:{story.id}:update:{day}"
    html = markdown_to_html(update.text, image_prefix=f"{base}stories/")
    title = translations(language).gettext("Update: %(title)s") % {"title": story.title}
    return (
        "  <entry>\n"
        f"    <title>{escape(title)}</title>\n"
        f"    <link rel=\"alternate\" type=\"text/html\" "
        f"href={quoteattr(url + '#' + UPDATES_ANCHOR)}/>\n"
        f"    <id>{escape(entry_id)}</id>\n"
        f"    <published>{_stamp(update.date)}</published>\n"
        f"    <updated>{_stamp(update.date)}</updated>\n"
        f"    <author><name>{escape(story.storyteller)}</name></author>\n"
        f"    <content type=\"html\" xml:lang={quoteattr(story.lang)}>{escape(html)}</content>\n"
        "  </entry>\n"
    )


def atom_feed(archive: Archive, site_name: str, site_url: str = "", language: str = "en") -> str:
    """The newest stories by the date they were shared (consent) and the newest updates by
    their date, newest first. Only stories in `archive.web`: withdrawn stories and those
    without consent for the web never appear, nor do their updates. `language`: the site's,
    for the feed's own words."""
    title = translations(language).gettext("%(site)s: new stories") % {"site": site_name}
    base = site_url.rstrip("/") + "/" if site_url else ""
    # (date, which, story, update index): on one day, a story's update after the story itself.
    items = [(s.consent.date, 0, s.id, s, -1) for s in archive.web]
    items += [(u.date, 1, s.id, s, i) for s in archive.web for i, u in enumerate(s.updates)]
    items = sorted(items, key=lambda t: t[:3] + (-t[4],), reverse=True)[:ENTRIES]
    updated = max((t[0] for t in items), default=dt.date(2000, 1, 1))
    feed_id = base + FEED_SRC if base else "urn:voices:feed"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(title)}</title>\n"
        f"  <link rel=\"self\" href={quoteattr(base + FEED_SRC)}/>\n"
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base or './')}/>\n"
        f"  <id>{escape(feed_id)}</id>\n"
        f"  <updated>{_stamp(updated)}</updated>\n"
        + "".join(_entry(s, base) if i < 0 else _update_entry(s, i, base, language)
                  for _, _, _, s, i in items)
        + "</feed>\n"
    )
