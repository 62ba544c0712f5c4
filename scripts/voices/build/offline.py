"""The offline copy: the built site as one zip that works when opened from the file system, for
groups that meet without internet (day centres, hostels, prisons).

The plugin builds such a site when its `offline` option is on: file-style links (a folder does
not open its index.html from file://), the finder's index embedded as a script, and no Pagefind
(it fetches its index, which browsers refuse for file:// pages). This module only zips it.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
import zipfile
from pathlib import Path

from voices.site import finder
from voices.site.i18n import N_, translations

ZIP_NAME = "voices-offline.zip"
FOLDER = "voices-offline"  # everything in the zip sits in one folder, so unzipping is tidy
README = (N_("Voices: the offline copy of the story archive."),
          N_("Open the file index.html in this folder with a web browser (double-click it). "
             "Everything works without internet except searching the words of the stories: use "
             "\"%(finder)s\" instead."))


def readme(language: str = "en") -> str:
    """README.txt, in the site's language: its paragraphs wrapped for any text editor."""
    t = translations(language)
    title, how = (t.gettext(paragraph) for paragraph in README)
    how %= {"finder": t.gettext(finder.TITLE)}
    return title + "\n\n" + textwrap.fill(how, width=78) + "\n"


def _stamp() -> tuple[int, int, int, int, int, int]:
    """One date for every entry (SOURCE_DATE_EPOCH if set), so the same site gives the same zip."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit()
            else dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    return (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)


def write_zip(site_dir: Path, dest: Path, language: str = "en") -> Path:
    """Zip site_dir into dest (written beside it first, then moved, so a reader never sees half a
    zip), with a README in the site's `language`. Entries are sorted and dated alike: the same
    site gives a byte-identical zip."""
    site_dir, dest = Path(site_dir), Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    stamp = _stamp()

    def add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
        info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=stamp)
        info.external_attr = 0o644 << 16
        # Recordings and images are compressed already; deflating them again only costs time.
        info.compress_type = zipfile.ZIP_STORED if name.endswith(
            (".mp3", ".m4a", ".ogg", ".oga", ".mp4", ".webm", ".png", ".jpg", ".jpeg", ".gz",
             ".pdf", ".woff2")) else zipfile.ZIP_DEFLATED
        archive.writestr(info, data)

    with zipfile.ZipFile(partial, "w") as archive:
        add(archive, "README.txt", readme(language).encode("utf-8"))
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            add(archive, path.relative_to(site_dir).as_posix(), path.read_bytes())
    partial.replace(dest)
    return dest
