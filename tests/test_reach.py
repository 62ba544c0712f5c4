"""Renamed stories keep their old addresses (`aliases`), and audio or video stories (`media`)
play in the browser's own player with the transcript as the story text."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import DESKTOP, chromium, serve
from bs4 import BeautifulSoup
from conftest import TODAY, mkdocs_build, story_text, write_archive
from test_accessibility import WCAG
from test_build_safety import with_theme
from voices.core.archive import load_archive
from voices.cli import main


def with_field(field: str, title: str = "A story", **kwargs) -> str:
    """A valid story with one more front matter line after 'illustrative: true' (line 14)."""
    text = story_text(title, **kwargs)
    return text.replace("illustrative: true\n", f"illustrative: true\n{field}\n", 1)


def withdrawn(text: str) -> str:
    """A withdrawn story's record: its fields kept, its text gone."""
    return text.replace("status: published", "status: withdrawn").split("---\n")[1].join(
        ["---\n", "---\n"])


def tiny_wav() -> bytes:
    """A tenth of a second of silence: a real WAV file any browser can play."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * 800)
    return out.getvalue()


def problems(root: Path, capsys) -> tuple[int, str]:
    code = main(["--root", str(root), "check", "--today", TODAY.isoformat()])
    return code, capsys.readouterr().out


# --- aliases: the checker ----------------------------------------------------------------------

@pytest.mark.parametrize("aliases, rule, where", [
    ("aliases: [Old Name]", "bad-alias", "stories/new.md:15:"),
    ("aliases: [new]", "bad-alias", "stories/new.md:15:"),  # its own id
    ("aliases: [index]", "bad-alias", "stories/new.md:15:"),  # stories/ itself
    ("aliases: [fine-old, other]", "alias-clash", "stories/new.md:15:"),  # another story's id
    ("aliases: [fine-old, gone]", "alias-clash", "stories/new.md:15:"),  # a withdrawn one's
    ("aliases: [shared]", "alias-clash", "stories/other.md:15:"),  # another story's alias
    ("aliases: old-name-here", None, ""),  # one alias may be written without brackets
])
def test_alias_rules(tmp_path, capsys, aliases, rule, where):
    root = write_archive(tmp_path, {
        "stories/new.md": with_field(aliases, "New"),
        "stories/other.md": with_field("aliases: [shared]", "Other"),
        "stories/gone.md": withdrawn(story_text("Gone")),
    })
    if "shared" in aliases:
        (root / "stories/new.md").write_text(with_field("aliases: [shared]", "New"))
    code, out = problems(root, capsys)
    if rule is None:
        assert code == 0, out
        loaded = load_archive(root, today=TODAY)
        assert loaded.archive.stories["new"].aliases == ("old-name-here",)
        return
    assert code == 1, out
    assert f"[{rule}]" in out and where in out, out
    assert "hint:" in out


# --- aliases: the built site -------------------------------------------------------------------

def test_old_address_redirects_to_the_story_and_withdrawn_aliases_lead_nowhere(tmp_path):
    root = write_archive(tmp_path / "a", {
        "stories/tea-and-trust.md": with_field("aliases: [tea, tea-and-biscuits]",
                                               "Tea & trust"),
        "stories/gone.md": withdrawn(with_field("aliases: [gone-old]", "Gone")),
        "stories/print-only.md": with_field("aliases: [print-old]", "Print only",
                                            scope="[print]"),
    }, site=True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for old in ("tea", "tea-and-biscuits"):
        page = site / "stories" / old / "index.html"
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert doc.find("meta", attrs={"http-equiv": "refresh"})["content"] == \
            "0; url=../tea-and-trust/"
        assert doc.find("link", rel="canonical")["href"] == "../tea-and-trust/"
        assert doc.find("a")["href"] == "../tea-and-trust/"
        assert doc.find("a").get_text() == "Tea & trust"  # escaped in the file, shown as written
        assert doc.find("script") is None  # the CSP forbids inline script
    # Withdrawn, or not for the web: no redirect, no trace of the old id anywhere.
    for old in ("gone-old", "print-old"):
        assert not (site / "stories" / old).exists()
        assert not [p for p in site.rglob("*.html") if old in p.read_text(encoding="utf-8")]
    with serve(site) as base, chromium() as browser:
        tab = browser.new_page(viewport=DESKTOP)
        tab.goto(base + "stories/tea/")
        tab.wait_for_url(base + "stories/tea-and-trust/")
        assert tab.locator("h1").first.inner_text() == "Tea & trust"
        tab.close()


# --- media -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, rule", [
    ("https://example.org/interview.mp3", "external-media"),
    ("//example.org/interview.mp3", "external-media"),
    ("/etc/interview.mp3", "external-media"),
    ("media/missing.wav", "missing-media"),
    ("images/interview.wav", "bad-media"),  # not in stories/media/
    ("media/../images/interview.wav", "bad-media"),
    ("media/notes.txt", "bad-media"),  # not a recording
    ("media/interview.wav", None),
])
def test_media_rules(tmp_path, capsys, value, rule):
    root = write_archive(tmp_path, {
        "stories/s.md": with_field(f"media: {value}"),
        "stories/media/interview.wav": tiny_wav(),
        "stories/media/notes.txt": "not a recording",
        "stories/images/interview.wav": tiny_wav(),
    })
    code, out = problems(root, capsys)
    if rule is None:
        assert code == 0, out
        return
    assert code == 1 and "stories/s.md:15:" in out and f"[{rule}]" in out, out
    assert "hint: Save the recording in stories/media/" in out


def test_media_story_shows_a_player_and_its_transcript(tmp_path):
    root = with_theme(write_archive(tmp_path / "a", {
        "stories/heard.md": with_field("media: media/interview.wav", "Heard"),
        "stories/seen.md": with_field("media: media/film.webm", "Seen"),
        "stories/gone.md": withdrawn(with_field("media: media/secret.wav", "Gone")),
        "stories/media/interview.wav": tiny_wav(),
        "stories/media/film.webm": b"\x1aE\xdf\xa3",  # only its name matters to the build
        "stories/media/secret.wav": tiny_wav(),
        "stories/media/unused.wav": tiny_wav(),
    }, site=True))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert (site / "stories/media/interview.wav").read_bytes() == tiny_wav()
    # Only recordings of stories on the web are published.
    assert not (site / "stories/media/secret.wav").exists()
    assert not (site / "stories/media/unused.wav").exists()
    doc = BeautifulSoup((site / "stories/heard/index.html").read_text(encoding="utf-8"),
                        "html.parser")
    figure = doc.select_one("figure.voices-media")
    audio = figure.find("audio")
    assert audio.has_attr("controls") and audio.find("source")["src"] == \
        "../media/interview.wav"
    assert audio.find("source")["type"] == "audio/wav"
    assert "Heard" in audio["aria-label"]
    caption = figure.find("figcaption")
    assert audio["aria-describedby"] == caption["id"]
    assert "transcript below is the story text" in caption.get_text()
    # The player comes before the story text, which is the transcript.
    article = doc.select_one("article.voices-story")
    assert "This is the story of Heard" in article.get_text()
    assert figure.find_next("article") is article
    video = BeautifulSoup((site / "stories/seen/index.html").read_text(encoding="utf-8"),
                          "html.parser").select_one("figure.voices-media video")
    assert video.has_attr("controls") and video.find("source")["type"] == "video/webm"
    with serve(site) as base, chromium() as browser:
        tab = browser.new_page(viewport=DESKTOP)
        tab.goto(base + "stories/heard/")
        # Chromium reads the file: its length is known (0.1 s), so the player can play it.
        tab.wait_for_function("document.querySelector('audio').readyState >= 1")
        assert abs(tab.evaluate("document.querySelector('audio').duration") - 0.1) < 0.01
        violations = Axe().run(tab, options=WCAG).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
        tab.close()


def test_withdrawing_a_recorded_story_names_its_recording(tmp_path, capsys):
    root = write_archive(tmp_path, {"stories/heard.md": with_field("media: media/voice.wav"),
                                    "stories/media/voice.wav": tiny_wav()})
    assert main(["--root", str(root), "withdraw", "heard"]) == 0
    out = capsys.readouterr().out
    assert "stories/media/voice.wav is no longer published; delete it" in out
    assert "media" not in (root / "stories/heard.md").read_text()
