"""Audio and video stories: a story's `media` names a file in stories/media/, which the story
page plays with the browser's own player; the story's text is its transcript.

Only files stored in the archive are allowed (no other website's address: it could change,
track readers, or vanish), and only formats browsers play natively.

A recording may also have `captions`: a WebVTT file in stories/media/, shown in the player in
time with the voice, so a reader who cannot hear it can follow it. The file comes from a pull
request like any story, so it is checked here as strictly (check_vtt): its syntax and timing,
and no markup beyond WebVTT's own bold, italic, underline and voice tags.
"""

from __future__ import annotations

import mimetypes
import re
import urllib.parse
from pathlib import Path, PurePosixPath

from voices.core.body import PRIVATE_HINT, file_inside, private_details
from voices.core.model import Story
from voices.core.problems import ERROR, WARNING, Problem

FOLDER = "media"  # under stories/
AUDIO = {".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".ogg": "audio/ogg", ".oga": "audio/ogg",
         ".wav": "audio/wav"}
VIDEO = {".webm": "video/webm", ".mp4": "video/mp4"}
_HINT = ("Save the recording in stories/media/ and write 'media: media/<name>', e.g. "
         "'media: media/interview.mp3'. Formats: " + ", ".join(sorted(
             s.lstrip(".") for s in AUDIO | VIDEO)) + ".")
_CAPTIONS_HINT = ("Save the captions as a WebVTT file in stories/media/ and write "
                  "'captions: media/<name>.vtt', e.g. 'captions: media/interview.vtt'.")
MAX_CAPTIONS = 512 * 1024  # hours of captions; more is not a captions file


def kind(path: str) -> str:
    """"audio" or "video", from the file's extension."""
    return "video" if PurePosixPath(path).suffix.lower() in VIDEO else "audio"


def mime(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    return (AUDIO | VIDEO)[suffix]


def check(parsed, value: str | None, story_dir: Path) -> None:
    """Report a media value that is not a playable file stored in stories/media/, and captions
    that are not a sound WebVTT file there (problems inside it point into that file)."""
    if value:
        _stored(parsed, "media", value, story_dir, AUDIO | VIDEO,
                "an audio or video file this site can play", "recording", _HINT)
    captions = parsed.data.get("captions")
    if not isinstance(captions, str) or not captions.strip():
        return  # none, or not text: the schema has said so
    captions = captions.strip()
    if not value:
        parsed.problem(("captions",), "captions-without-media",
                       "The story has captions but no recording to show them with.",
                       "Add 'media: media/<recording>' for the recording they belong to, or "
                       "remove the 'captions' line.")
        return
    rel = _stored(parsed, "captions", captions, story_dir, {".vtt": ""},
                  "a WebVTT captions file (.vtt)", "captions file", _CAPTIONS_HINT)
    if rel is not None:
        where = (PurePosixPath(parsed.path).parent / rel).as_posix()
        parsed.problems += check_vtt(where, story_dir / rel)


def _stored(parsed, key: str, value: str, story_dir: Path, suffixes, what: str, noun: str,
            hint: str) -> PurePosixPath | None:
    """The path of a file stored in stories/media/ with one of the suffixes, or None when it
    is not (reported as external-, bad- or missing-<key>)."""
    where = (key, "=")
    if "://" in value or value.startswith(("//", "/", "\\")) or ":" in value:
        parsed.problem(where, f"external-{key}", f"The {noun} must be stored in the "
                       "repository, not loaded from another website or another folder.", hint)
        return None
    rel = PurePosixPath(urllib.parse.unquote(value))
    if rel.suffix.lower() not in suffixes:
        parsed.problem(where, f"bad-{key}", f"'{value}' is not {what}.", hint)
        return None
    if rel.parts[:1] != (FOLDER,) or ".." in rel.parts:
        message = f"The {noun} '{value}' is not in stories/media/."
        parsed.problem(where, f"bad-{key}", message[0].upper() + message[1:], hint)
    elif not file_inside(story_dir, FOLDER, str(rel)):
        message = f"The {noun} '{value}' is not in stories/media/."
        parsed.problem(where, f"missing-{key}", message[0].upper() + message[1:], hint)
    else:
        return rel
    return None


def image_files(root: Path) -> dict[str, Path]:
    """Site path -> file, for the story images: real image files inside stories/images/, never
    SVG (it can carry script) nor a link out of the folder (it could publish any file)."""
    images = Path(root) / "stories" / "images"
    out = {}
    for path in sorted(images.rglob("*")) if images.is_dir() else []:
        kind = mimetypes.guess_type(path.name)[0] or ""
        if path.is_file() and not path.is_symlink() and kind.startswith("image/") \
                and kind != "image/svg+xml" and path.resolve().is_relative_to(images.resolve()):
            out[path.relative_to(root).as_posix()] = path
    return out


def site_files(root: Path, stories: list[Story]) -> dict[str, Path]:
    """Site path -> file, for the recordings and captions of the given (web) stories only: a
    recording whose story is withdrawn, or not shared on the web, is never published."""
    out = {}
    for story in stories:
        for value in (story.media, story.captions if story.media else ""):
            if value:
                rel = PurePosixPath(urllib.parse.unquote(value))
                out[f"stories/{rel.as_posix()}"] = Path(root) / "stories" / rel
    return dict(sorted(out.items()))


# --- WebVTT ----------------------------------------------------------------------------------

_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"  # hh:mm:ss.ttt or mm:ss.ttt
_TIMING = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t]+[^\n]*)?$")
# WebVTT's own markup that the site allows: <b>, <i>, <u> (with classes) and <v Name>.
_TAG = re.compile(r"</(?:b|i|u|v)>|<(?:b|i|u)(?:\.[\w-]+)*>|<v(?:\.[\w-]+)*(?:[ \t][^<>\n]*)?>")
_TWINS = {"strong": "b", "bold": "b", "em": "i", "italic": "i", "voice": "v Name"}
_TIMING_HINT = ("Write each time as hh:mm:ss.ttt or mm:ss.ttt, with three digits after the "
                "point, e.g. '00:01.000 --> 00:04.500'.")


def check_vtt(path: str, file: Path) -> list[Problem]:
    """The problems of a WebVTT captions file (path: as the report names it), each at its line
    and column in that file."""
    problems: list[Problem] = []

    def add(line: int, col: int, rule: str, message: str, hint: str, severity=ERROR) -> None:
        problems.append(Problem(path, line, col, severity, rule, message, hint))

    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_CAPTIONS + 1)
    except OSError as exc:
        add(0, 0, "unreadable-captions", f"The captions file cannot be read: {exc.strerror}.",
            "Check that it is an ordinary file that you can open.")
        return problems
    if len(raw) > MAX_CAPTIONS:
        add(0, 0, "vtt-too-large", f"The captions file is larger than {MAX_CAPTIONS // 1024} KB.",
            "Check that this is the captions file, not the recording itself.")
        return problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        add(raw[: exc.start].count(b"\n") + 1, 1, "not-utf8", "The captions file is not saved as "
            "UTF-8 text.", "Save it again with the encoding 'UTF-8'.")
        return problems
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"WEBVTT(?:[ \t]|$)", lines[0]):
        add(1, 1, "vtt-header", "A captions file must start with the line 'WEBVTT'.",
            "Make 'WEBVTT' the file's first line, then an empty line, then the cues. A file "
            "that starts with a number is SRT: convert it to WebVTT first.")
        return problems
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    for number, line in enumerate(lines[1:header_end], 2):
        if "-->" in line:
            add(number, 1, "vtt-header", "An empty line is missing after 'WEBVTT'.",
                "Leave an empty line after the header, then start the first cue.")
            return problems
    cues, previous = 0, None
    for start, block in _blocks(lines):
        first = block[0]
        if first.startswith("NOTE") and first[4:5] in ("", " ", "\t") or first == "REGION":
            continue  # a comment, or a region's settings
        if first.strip() == "STYLE":
            add(start, 1, "vtt-style", "Captions may not carry their own style (a STYLE block).",
                "Remove the STYLE block: the player shows captions as each reader has set "
                "captions to look on their own device.")
            continue
        timing = 0 if "-->" in first else 1
        if timing >= len(block) or "-->" not in block[timing]:
            add(start, 1, "vtt-cue", "This block is not a cue: it has no timing line.",
                "A cue is a timing line such as '00:01.000 --> 00:04.000', then its text on the "
                "next lines. Put an empty line between cues, and 'NOTE' before a comment.")
            continue
        cues += 1
        line = start + timing
        m = _TIMING.match(block[timing])
        if m is None:
            comma = re.search(r"\d,\d{3}", block[timing])
            add(line, 1, "vtt-timing", f"'{block[timing].strip()}' is not a cue timing.",
                "WebVTT puts a point before the milliseconds, not a comma (as SRT does). "
                + _TIMING_HINT if comma else _TIMING_HINT)
        else:
            begin, end = _seconds(m.groups()[:4]), _seconds(m.groups()[4:])
            if end <= begin:
                add(line, re.search(r"-->[ \t]+", block[timing]).end() + 1, "vtt-cue-ends-first",
                    "This cue ends before it starts, or as it starts.",
                    "The time after '-->' is when the caption goes away: make it later than "
                    "the time before.")
            if previous is not None and begin < previous:
                add(line, 1, "vtt-cue-order", "This cue starts before the cue above it.",
                    "Put the cues in the order they are spoken: each starts no earlier than "
                    "the one before.")
            previous = begin
        text_lines = block[timing + 1:]
        if not any(t.strip() for t in text_lines):
            add(line, 1, "vtt-empty-cue", "This cue has no text.", "Write what is said, or "
                "remove the cue.", WARNING)
        for n, words in enumerate(text_lines, line + 1):
            _check_tags(add, n, words)
            # Captions are published as the story is: the same warnings as its text.
            for offset, message in private_details(words):
                add(n, offset + 1, "private-detail", message, PRIVATE_HINT, WARNING)
    if cues == 0 and not problems:
        add(1, 1, "vtt-no-cues", "The captions file has no cues.",
            "After 'WEBVTT' and an empty line, write each cue as a timing line such as "
            "'00:01.000 --> 00:04.000', then its text.")
    return problems


def _blocks(lines: list[str]):
    """(first line number, lines) of each block after the header; blocks end at empty lines."""
    block: list[str] = []
    start = 0
    header = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if block and not header:
                yield start, block
            block, header = [], False
        elif not header:
            if not block:
                start = number
            block.append(line)
    if block and not header:
        yield start, block


def _seconds(parts) -> float:
    hours, minutes, seconds, millis = parts
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _check_tags(add, line: int, text: str) -> None:
    if "-->" in text:
        add(line, text.index("-->") + 1, "vtt-cue", "A timing line inside a cue's text.",
            "Put an empty line before each new cue.")
        return
    for m in re.finditer(r"<[^>\n]*>?", text):
        if _TAG.fullmatch(m.group()):
            continue
        name = re.match(r"</?\s*([A-Za-z0-9]*)", m.group()).group(1).lower()
        twin = _TWINS.get(name)
        hint = f"did you mean <{twin}>? " if twin else ""
        add(line, m.start() + 1, "vtt-tag", f"The tag '{m.group()}' is not allowed in captions.",
            hint + "Captions may use only <b>, <i>, <u> and <v Name> (who is speaking). Write "
            "'&lt;' for a '<' that is not a tag.")
        return  # one a line: its closing tag would say the same again
