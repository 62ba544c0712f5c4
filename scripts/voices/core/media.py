"""Audio and video stories: a story's `media` names a file in stories/media/, which the story
page plays with the browser's own player; the story's text is its transcript.

Only files stored in the archive are allowed (no other website's address: it could change,
track readers, or vanish), and only formats browsers play natively.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path, PurePosixPath

from voices.core.model import Story

FOLDER = "media"  # under stories/
AUDIO = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
         ".wav": "audio/wav"}
VIDEO = {".webm": "video/webm", ".mp4": "video/mp4"}
_HINT = ("Save the recording in stories/media/ and write 'media: media/<name>', e.g. "
         "'media: media/interview.mp3'. Formats: " + ", ".join(sorted(
             s.lstrip(".") for s in AUDIO | VIDEO)) + ".")


def kind(path: str) -> str:
    """"audio" or "video", from the file's extension."""
    return "video" if PurePosixPath(path).suffix.lower() in VIDEO else "audio"


def mime(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    return (AUDIO | VIDEO)[suffix]


def check(parsed, value: str | None, story_dir: Path) -> None:
    """Report a media value that is not a playable file stored in stories/media/."""
    if not value:
        return
    where = ("media", "=")
    if "://" in value or value.startswith(("//", "/", "\\")) or ":" in value:
        parsed.problem(where, "external-media", "The recording must be stored in the "
                       "repository, not loaded from another website or another folder.", _HINT)
        return
    rel = PurePosixPath(urllib.parse.unquote(value))
    if rel.suffix.lower() not in AUDIO | VIDEO:
        parsed.problem(where, "bad-media", f"'{value}' is not an audio or video file this site "
                       "can play.", _HINT)
        return
    folder = (story_dir / FOLDER).resolve()
    target = (story_dir / rel).resolve()
    if rel.parts[:1] != (FOLDER,) or not target.is_relative_to(folder):
        parsed.problem(where, "bad-media", f"The recording '{value}' is not in stories/media/.",
                       _HINT)
    elif (story_dir / rel).is_symlink() or not target.is_file():
        parsed.problem(where, "missing-media", f"The recording '{value}' is not in "
                       "stories/media/.", _HINT)


def site_files(root: Path, stories: list[Story]) -> dict[str, Path]:
    """Site path -> file, for the recordings of the given (web) stories only: a recording whose
    story is withdrawn, or not shared on the web, is never published."""
    out = {}
    for story in stories:
        if story.media:
            rel = PurePosixPath(urllib.parse.unquote(story.media))
            out[f"stories/{rel.as_posix()}"] = Path(root) / "stories" / rel
    return dict(sorted(out.items()))
