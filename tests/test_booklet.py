"""Every question the cocreation booklet asks about a principle or challenge has a question of the
same meaning on that term's page. tests/fixtures/booklet_questions.json pairs each booklet
question (paraphrased) with the page question that carries it; these tests check the pairing
against the pages and, when the booklet's text sits beside the repository, against the booklet."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO

from voices.core.archive import load_archive

FIXTURE = json.loads((REPO / "tests" / "fixtures" / "booklet_questions.json").read_text("utf-8"))
SECTIONS = ("principles", "challenges")
SEEDS = REPO.parent / "shared" / "seeds"  # beside the repository on the team's machines only
QUESTIONS_HEADING = "QUESTIONS TO REFLECT ON"


def _seed() -> Path | None:
    found = sorted(SEEDS.glob("000_*.txt"))
    return found[0] if found else None


@pytest.fixture(scope="module")
def terms() -> dict[str, dict]:
    loaded = load_archive(REPO, bodies=False)
    term_files = [p for p in loaded.problems if p.path.split("/")[0] in SECTIONS]
    assert not term_files, "\n".join(p.text() for p in term_files)
    return {"principles": loaded.archive.principles, "challenges": loaded.archive.challenges}


@pytest.mark.parametrize("section", SECTIONS)
def test_every_term_is_in_the_fixture_and_back(terms, section):
    on_disk = {p.stem for p in (REPO / section).glob("*.md")}
    assert set(terms[section]) == on_disk  # every file loaded
    assert set(FIXTURE[section]) == on_disk
    assert set(FIXTURE["counts"][section]) == on_disk


@pytest.mark.parametrize("section", SECTIONS)
def test_each_booklet_question_has_its_own_page_question(terms, section):
    for term_id, entries in FIXTURE[section].items():
        questions = terms[section][term_id].questions
        assert len(questions) >= len(entries), f"{term_id}: fewer questions than the booklet"
        pages = [entry["page"] for entry in entries]
        assert len(set(pages)) == len(pages), f"{term_id}: two booklet questions share {pages}"
        assert all(isinstance(i, int) and 0 <= i < len(questions) for i in pages), term_id
        assert all(entry["booklet"].strip() for entry in entries), term_id


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^A-Z]+", " ", text.upper().replace("&", " AND ")).split())


def _lists(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Each 'QUESTIONS TO REFLECT ON' list: the line it starts on and its questions. A bullet
    ('••') announces a question; a question may run over lines and ends with '?'. Where two
    columns are interleaved, bullets can come before their questions, so bullets are counted and
    questions read until none is owed; the next other text ends the list."""
    found: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(lines):
        if lines[i] != QUESTIONS_HEADING:
            i += 1
            continue
        start, owed, questions, current = i, 0, [], None
        i += 1
        while i < len(lines):
            line = lines[i]
            if not line or (current is None and line == QUESTIONS_HEADING):
                i += 1
                continue
            if current is not None:
                current.append(line)
            elif set(line) <= {"•"}:
                owed += 1
            elif owed:
                owed, current = owed - 1, [line]
            else:
                break
            if current is not None and current[-1].endswith("?"):
                questions.append(" ".join(current))
                current = None
            i += 1
        assert current is None and not owed, f"An unfinished question in the list at line {start}"
        found.append((start, questions))
    return found


def _seed_lists(text: str, titles: dict[tuple[str, str], str]) -> dict[int, tuple[list, list]]:
    """The booklet's question lists by the line they start on, each with its terms. A term's
    heading is a run of capital lines equal to its title; its last one opens its own page (the
    first ones are the introduction's overview), and its list is the next one after it."""
    lines = [line.strip() for line in text.splitlines()]
    heads: dict[str, int] = {}
    run: list[str] = []
    for n, line in enumerate(lines + [""]):
        if re.search(r"[A-Z]", line) and not re.search(r"[a-z]", line):
            run.append(line)
            continue
        if run:
            heads[_norm(" ".join(run))] = n - len(run)  # later runs overwrite: the last one wins
        run = []
    lists = _lists(lines)
    owners: dict[int, tuple[list, list]] = {start: ([], qs) for start, qs in lists}
    for key, title in titles.items():
        assert _norm(title) in heads, f"The booklet has no heading '{title}'"
        after = [start for start, _ in lists if start > heads[_norm(title)]]
        assert after, f"No questions follow the booklet's heading '{title}'"
        owners[after[0]][0].append(key)
    return owners


def test_counts_match_the_booklet(terms):
    """Against the booklet when its text is here; without it (a clean clone, as in CI) against
    the counts recorded in the fixture, which were taken from the booklet."""
    recorded = {(s, t): n for s in SECTIONS for t, n in FIXTURE["counts"][s].items()}
    entries = {(s, t): FIXTURE[s][t] for s in SECTIONS for t in FIXTURE[s]}
    seed = _seed()
    if seed is not None:
        titles = {key: terms[key[0]][key[1]].title for key in entries}
        counted: dict[tuple[str, str], int] = {}
        for start, (owners, questions) in _seed_lists(seed.read_text("utf-8"), titles).items():
            assert owners, f"A question list at line {start} of the booklet belongs to no term"
            # Each list's questions are shared out, each exactly once, among the terms it serves.
            places = sorted(entry["seed"] for key in owners for entry in entries[key])
            assert places == list(range(1, len(questions) + 1)), (owners, places, len(questions))
            counted.update({key: len(entries[key]) for key in owners})
        assert counted == recorded
    assert {key: len(found) for key, found in entries.items()} == recorded
    assert sum(recorded.values()) == 42  # the booklet's questions, all twelve terms together
