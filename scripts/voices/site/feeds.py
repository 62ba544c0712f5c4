"""An Atom feed of the newest stories published on the web (site path feed.xml).

Links are absolute when the site's address is known (mkdocs.yml `site_url`), as feed readers
expect; otherwise they are relative to the feed, which sits at the site's root.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from voices.core.model import Archive, Story

FEED_SRC = "feed.xml"
ENTRIES = 20


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _entry(story: Story, base: str) -> str:
    url = f"{base}stories/{story.id}/"
    return (
        "  <entry>\n"
        f"    <title>{escape(story.title)}</title>\n"
        f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>\n"
        f"    <id>{escape(url if base else 'urn:voices:story:' + story.id)}</id>\n"
        f"    <published>{_stamp(story.consent.date)}</published>\n"
        f"    <updated>{_stamp(story.consent.date)}</updated>\n"
        f"    <author><name>{escape(story.storyteller)}</name></author>\n"
        f"    <summary>{escape(story.summary)}</summary>\n"
        "  </entry>\n"
    )


def atom_feed(archive: Archive, site_name: str, site_url: str = "") -> str:
    """The newest stories by the date they were shared (consent), newest first. Only stories in
    `archive.web`: withdrawn stories and those without consent for the web never appear."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    stories = sorted(archive.web, key=lambda s: (s.consent.date, s.id), reverse=True)[:ENTRIES]
    updated = max((s.consent.date for s in stories), default=dt.date(2000, 1, 1))
    feed_id = base + FEED_SRC if base else "urn:voices:feed"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{escape(site_name)}: new stories</title>\n"
        f"  <link rel=\"self\" href={quoteattr(base + FEED_SRC)}/>\n"
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base or './')}/>\n"
        f"  <id>{escape(feed_id)}</id>\n"
        f"  <updated>{_stamp(updated)}</updated>\n"
        + "".join(_entry(s, base) for s in stories)
        + "</feed>\n"
    )
