"""Captions for recordings: a story's `captions` (a WebVTT file in stories/media/) checked for
syntax, timing and markup at its own lines; shown in the player as a captions track in the
story's language; published beside the recording; and a captioned player that works by
keyboard in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, PHONE, chromium, serve
from bs4 import BeautifulSoup
from conftest import REPO, TODAY, mkdocs_build, write_archive
from test_accessibility import WCAG
from test_build_safety import with_theme
from test_reach import tiny_wav, with_field, withdrawn
from voices.cli import main
from voices.core.archive import load_archive
from voices.core.media import check_vtt, site_files
from voices.core.problems import ERROR, WARNING

GOOD = "WEBVTT\n\n1\n00:00.000 --> 00:00.050\n<v Sam>Hello,\n\n00:00.050 --> 00:00.100\nbye.\n"
SAMPLE = "stories/no-signal-no-survey-still-here-on-thursdays.md"


def vtt_problems(tmp_path: Path, text: str | bytes) -> list:
    path = tmp_path / "c.vtt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return check_vtt("stories/media/c.vtt", path)


def test_the_sample_recording_has_captions_that_check_clean():
    story = load_archive(REPO, TODAY).archive.stories[Path(SAMPLE).stem]
    assert story.media.endswith(".wav") and story.captions.endswith(".vtt")
    assert check_vtt("sample.vtt", REPO / "stories" / story.captions) == []
    assert story.body.strip()  # the transcript: the story's own text


@pytest.mark.parametrize("text", [
    GOOD,
    "WEBVTT - with a title\n\n01:02:03.004 --> 01:02:04.000 line:0 align:start\n<b>Loud</b>\n",
    "\ufeffWEBVTT\r\n\r\nNOTE a comment\r\nover two lines\r\n\r\n00:01.000 --> 00:02.000\r\n"
    "<i.quiet>Soft</i> <u>under</u> <v.loud Ann Lee>Hi</v> &lt;3\r\n",
])
def test_good_captions_have_no_problem(tmp_path, text):
    assert vtt_problems(tmp_path, text) == []


@pytest.mark.parametrize("text, rule, line, col, hint", [
    ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "vtt-header", 1, 1, "SRT"),
    ("WEBVTT\n00:01.000 --> 00:02.000\nHi\n", "vtt-header", 2, 1, "empty line after"),
    ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n", "vtt-timing", 3, 1, "not a comma"),
    ("WEBVTT\n\n0:01.000 --> 0:02.000\nHi\n", "vtt-timing", 3, 1, "hh:mm:ss.ttt or mm:ss.ttt"),
    ("WEBVTT\n\n00:61.000 --> 01:02.000\nHi\n", "vtt-timing", 3, 1, "three digits"),
    ("WEBVTT\n\nid\n00:02.000 --> 00:01.500\nHi\n", "vtt-cue-ends-first", 4, 15, "later"),
    ("WEBVTT\n\n00:02.000 --> 00:02.000\nHi\n", "vtt-cue-ends-first", 3, 15, "later"),
    ("WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB\n",
     "vtt-cue-order", 6, 1, "in the order they are spoken"),
    ("WEBVTT\n\nJust some words\nwith no timing\n", "vtt-cue", 3, 1, "empty line between cues"),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:02.000 --> 00:03.000\nB\n", "vtt-cue", 5, 11,
     "empty line before each new cue"),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nSay <script>alert(1)</script>\n", "vtt-tag", 4, 5,
     "only <b>, <i>, <u> and <v Name>"),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\n<strong>Loud</strong>\n", "vtt-tag", 4, 1,
     "did you mean <b>?"),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nA <img src=x onerror=alert(1)> B\n", "vtt-tag", 4, 3,
     "'&lt;'"),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow>Hi</c>\n", "vtt-tag", 4, 1, "<v Name>"),
    ("WEBVTT\n\n00:01.000 --> 00:02.000\n<00:01.500>Karaoke\n", "vtt-tag", 4, 1, "<b>"),
    ("WEBVTT\n\nSTYLE\n::cue { color: red }\n\n00:01.000 --> 00:02.000\nHi\n", "vtt-style", 3,
     1, "Remove the STYLE block"),
    ("WEBVTT\n\nNOTE only a comment\n", "vtt-no-cues", 1, 1, "timing line"),
    (b"WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe\n", "not-utf8", 4, 1, "UTF-8"),
])
def test_bad_captions_are_an_error_at_their_line(tmp_path, text, rule, line, col, hint):
    problems = vtt_problems(tmp_path, text)
    assert [(p.rule, p.severity, p.line, p.col) for p in problems] == [
        (rule, ERROR, line, col)], problems
    assert hint in problems[0].hint
    assert problems[0].text().startswith(f"stories/media/c.vtt:{line}:{col}: error: ")


def test_a_cue_without_text_is_a_warning(tmp_path):
    problems = vtt_problems(tmp_path, "WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> "
                                      "00:03.000\nHi\n")
    assert [(p.rule, p.severity, p.line) for p in problems] == [("vtt-empty-cue", WARNING, 3)]


def test_identifying_details_in_captions_are_warned_of_at_their_line_and_column(tmp_path):
    problems = vtt_problems(tmp_path, "WEBVTT\n\n00:01.000 --> 00:02.000\nRing me on "
                                      "07700 900123 any time\n")
    assert [(p.rule, p.severity, p.line, p.col) for p in problems] == [
        ("private-detail", WARNING, 4, 12)]
    assert "a phone number" in problems[0].message


def test_a_huge_captions_file_is_refused_unread(tmp_path):
    problems = vtt_problems(tmp_path, "WEBVTT\n\n" + "x" * (600 * 1024))
    assert [p.rule for p in problems] == ["vtt-too-large"]


def _check(root: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "check", "--today", TODAY.isoformat()])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("fields, rule, where", [
    ("captions: media/voice.vtt", "captions-without-media", "stories/s.md:15:1:"),
    ("media: media/voice.wav\ncaptions: media/missing.vtt", "missing-captions",
     "stories/s.md:16:11:"),
    ("media: media/voice.wav\ncaptions: https://example.org/voice.vtt", "external-captions",
     "stories/s.md:16:11:"),
    ("media: media/voice.wav\ncaptions: media/voice.srt", "bad-captions", "stories/s.md:16:11:"),
    ("media: media/voice.wav\ncaptions: images/voice.vtt", "bad-captions", "stories/s.md:16:11:"),
    ("media: media/voice.wav\ncaptions: media/../images/voice.vtt", "bad-captions",
     "stories/s.md:16:11:"),
    ("media: media/voice.wav\ncaptions: media/bad.vtt", "vtt-cue-ends-first",
     "stories/media/bad.vtt:3:15:"),
    ("media: media/voice.wav\ncaptions: [media/voice.vtt]", "wrong-type", "stories/s.md:16:11:"),
    ("media: media/voice.wav\ncaptions: media/voice.vtt", None, ""),
])
def test_captions_rules(tmp_path, capsys, fields, rule, where):
    root = write_archive(tmp_path, {
        "stories/s.md": with_field(fields),
        "stories/media/voice.wav": tiny_wav(),
        "stories/media/voice.vtt": GOOD,
        "stories/media/voice.srt": "1\n00:00:00,000 --> 00:00:01,000\nHi\n",
        "stories/media/bad.vtt": "WEBVTT\n\n00:09.000 --> 00:01.000\nHi\n",
        "stories/images/voice.vtt": GOOD,
    })
    code, out = _check(root, capsys)
    if rule is None:
        assert code == 0, out
        return
    assert code == 1 and f"[{rule}]" in out, out
    line = next(line for line in out.splitlines() if f"[{rule}]" in line)
    assert line.startswith(where + " error: "), out
    assert "\n  hint: " in out


def test_captions_do_not_stand_in_for_the_transcript(tmp_path, capsys):
    """The story's text is the transcript: a captioned recording still needs it."""
    text = with_field("media: media/voice.wav\ncaptions: media/voice.vtt")
    root = write_archive(tmp_path, {"stories/s.md": text[: text.index("---\n", 4) + 4],
                                    "stories/media/voice.wav": tiny_wav(),
                                    "stories/media/voice.vtt": GOOD})
    code, out = _check(root, capsys)
    assert code == 1 and "[empty-body]" in out, out


def _site(tmp_path_factory) -> Path:
    root = with_theme(write_archive(tmp_path_factory.mktemp("captions"), {
        "stories/heard.md": with_field("media: media/voice.wav\ncaptions: media/voice.vtt",
                                       "Heard").replace("illustrative: true\n",
                                                        "illustrative: true\nlang: cy\n"),
        "stories/film.md": with_field("media: media/film.webm\ncaptions: media/film.vtt", "Film"),
        "stories/gone.md": withdrawn(with_field("media: media/secret.wav\ncaptions: "
                                                "media/secret.vtt", "Gone")),
        "stories/media/voice.wav": tiny_wav(),
        "stories/media/voice.vtt": GOOD,
        "stories/media/film.webm": b"\x1aE\xdf\xa3",  # only its name matters to the build
        "stories/media/film.vtt": GOOD,
        "stories/media/secret.wav": tiny_wav(),
        "stories/media/secret.vtt": GOOD,
    }, site=True))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _site(tmp_path_factory)


def _player(site: Path, story: str):
    doc = BeautifulSoup((site / "stories" / story / "index.html").read_text(encoding="utf-8"),
                        "html.parser")
    return doc.select_one("figure.voices-media")


def test_captions_are_a_track_in_the_storys_language(site):
    figure = _player(site, "heard")
    # A recording with captions plays in a video element: browsers show captions only there.
    assert figure.find("audio") is None
    player = figure.find("video")
    assert player.has_attr("controls") and player.find("source")["type"] == "audio/wav"
    track = player.find("track")
    assert (track["kind"], track["src"], track["srclang"], track["label"]) == (
        "captions", "../media/voice.vtt", "cy", "Captions")
    assert track.has_attr("default")
    assert "voices-media--captions" in figure["class"]
    assert "Captions show the words" in figure.find("figcaption").get_text()
    film = _player(site, "film").find("video")
    assert film.find("track")["srclang"] == "en"
    assert "voices-media--captions" not in _player(site, "film")["class"]


def test_captions_are_published_beside_the_recording_of_web_stories_only(site):
    assert (site / "stories/media/voice.vtt").read_text(encoding="utf-8") == GOOD
    assert (site / "stories/media/film.vtt").is_file()
    assert not (site / "stories/media/secret.vtt").exists()
    assert not (site / "stories/media/secret.wav").exists()


def test_site_files_name_the_captions_of_a_story_with_a_recording(tmp_path):
    root = write_archive(tmp_path, {
        "stories/heard.md": with_field("media: media/voice.wav\ncaptions: media/voice.vtt"),
        "stories/media/voice.wav": tiny_wav(), "stories/media/voice.vtt": GOOD})
    files = site_files(root, load_archive(root, TODAY).archive.web)
    assert files == {"stories/media/voice.vtt": root / "stories/media/voice.vtt",
                     "stories/media/voice.wav": root / "stories/media/voice.wav"}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_captioned_player_works_by_keyboard(site, viewport):
    """Tab reaches the player; Space plays it; the captions track loads its cues."""
    with serve(site) as base, chromium() as browser:
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        tab.goto(base + "stories/heard/")
        tab.wait_for_function("document.querySelector('video').readyState >= 1")
        reached = False
        for _ in range(80):
            tab.keyboard.press("Tab")
            if tab.evaluate("document.activeElement.tagName") == "VIDEO":
                reached = True
                break
        assert reached, "Tab never reached the player"
        assert tab.evaluate("document.activeElement.paused")
        tab.keyboard.press("Space")
        tab.wait_for_function("!document.querySelector('video').paused")
        track = tab.evaluate("""(() => { const t = document.querySelector('video').textTracks[0];
            return [t.kind, t.language, t.mode]; })()""")
        assert track == ["captions", "cy", "showing"]
        tab.wait_for_function("document.querySelector('video').textTracks[0].cues.length == 2")
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_captioned_recordings_page_passes_axe(site, viewport):
    with serve(site) as base, chromium() as browser:
        context = browser.new_context(viewport=viewport)
        tab = context.new_page()
        tab.goto(base + "stories/heard/")
        violations = Axe().run(tab, options=WCAG).response["violations"]
        context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
