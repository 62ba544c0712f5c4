"""A synthetic archive of N stories for benchmarks: realistic length (600 to 1,500 words), realistic
tag mixes, valid against the current schema. Also writes the same stories as a plain
mkdocs-material site (no plugin, short nav) so the two builds can be compared.

    python benchmarks/corpus.py 1000 benchmarks/out/n1000           # the Voices archive
    python benchmarks/corpus.py 1000 benchmarks/out/n1000 --plain   # and the plain site beside it

The text is made of sentences taken from the default archive's own stories, shuffled, with
generated sentences mixed in so the vocabulary grows with the corpus as it does in a real one.
Everything is seeded, so the same N always gives the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
# Copied as they are: the archive's terms, vocabularies, site pages and theme. The default
# archive's own stories come too, because the site's pages (guides) name some of them.
COPIED = ["principles", "challenges", "content", "theme", "stories"]

FIRST_NAMES = ["Aisha", "Bronwen", "Callum", "Dev", "Eilidh", "Femi", "Gareth", "Hana", "Imran",
               "Jo", "Kasia", "Lewis", "Maya", "Niamh", "Olu", "Priya", "Rhys", "Sana", "Tom",
               "Una", "Vikram", "Wendy", "Yusuf", "Zofia", "Anonymous"]
PLACES = ["Leeds", "Cardiff", "Glasgow", "Bristol", "Hull", "Norwich", "rural Powys", "Belfast",
          "Sunderland", "Plymouth", "Inverness", "Stoke", "Luton", "Swansea", "the Fens",
          "east London", "Bradford", "Carlisle", "Dundee", "Wrexham"]
ADJECTIVES = ["quiet", "long", "second", "borrowed", "empty", "yellow", "cold", "last", "small",
              "loud", "unfinished", "shared", "late", "wet", "crowded", "half-built", "first",
              "broken", "new", "old", "lost", "spare", "paper", "plastic", "muddy", "bright"]
NOUNS = ["kettle", "meeting", "form", "panel", "minibus", "waiting room", "flipchart", "budget",
         "rota", "kitchen", "spreadsheet", "phone call", "survey", "doorway", "allotment",
         "canteen", "lanyard", "timetable", "leaflet", "bus pass", "workshop", "notice board",
         "contract", "clipboard", "car park", "tea urn", "sofa", "steering group", "voucher"]
SETTINGS = ["in the day centre", "at the food bank", "on the ward", "above the chip shop",
            "in the library", "at the council offices", "in the community hall",
            "behind the leisure centre", "on the estate", "at the drop-in", "in the portakabin",
            "at the hostel", "in the church hall", "at the job centre", "on the night bus"]
VERBS = ["listened", "changed the agenda", "stayed late", "rewrote the form", "said no",
         "asked again", "brought biscuits", "turned up", "took notes", "paid us properly",
         "gave up the chair", "moved the meeting", "read it out loud", "stopped talking"]
PEOPLE = ["the commissioner", "my support worker", "the manager", "a volunteer", "the chair",
          "my key worker", "the researcher", "our peer mentor", "the funder", "the nurse",
          "my neighbour", "the receptionist", "the team leader", "my daughter"]
# Some principles, challenges and perspectives come up far more often than others.
WEIGHT_DECAY = 0.7


def harvest_sentences(stories: Path) -> list[str]:
    """Prose sentences from the default archive's stories (lists, headings and quotes left out)."""
    sentences: list[str] = []
    for path in sorted(stories.glob("*.md")):
        if path.name.startswith("_"):
            continue
        parts = path.read_text(encoding="utf-8").split("\n---\n", 1)
        body = parts[1] if len(parts) == 2 else ""
        for para in body.split("\n\n"):
            para = " ".join(para.split())
            if not para or para[0] in "-*#>|0123456789[!":
                continue
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", para) if len(s.split()) >= 4]
    return sentences or ["We met on a Tuesday and nobody knew what to expect."]


class Writer:
    """Makes stories from a seeded random source."""

    def __init__(self, seed: int, vocab: dict, principles: list[str], challenges: list[str]):
        self.rng = random.Random(seed)
        self.sentences = harvest_sentences(REPO / "stories")
        self.perspectives = list(vocab["perspectives"])
        self.notes = list(vocab["content_notes"])
        self.principles = principles
        self.challenges = challenges
        self.titles: set[str] = set()

    def pick_weighted(self, items: list[str], k: int) -> list[str]:
        weights = [WEIGHT_DECAY ** i for i in range(len(items))]
        chosen: list[str] = []
        while len(chosen) < min(k, len(items)):
            item = self.rng.choices(items, weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def made_up_sentence(self) -> str:
        r = self.rng
        shapes = [
            lambda: f"{r.choice(PEOPLE).capitalize()} {r.choice(VERBS)} {r.choice(SETTINGS)}.",
            lambda: f"There was a {r.choice(ADJECTIVES)} {r.choice(NOUNS)} {r.choice(SETTINGS)}, "
                    f"and {r.choice(FIRST_NAMES)} {r.choice(VERBS)}.",
            lambda: f"I remember the {r.choice(NOUNS)} more than anything {r.choice(PEOPLE)} "
                    "said that year.",
            lambda: f"When {r.choice(PEOPLE)} {r.choice(VERBS)}, the whole thing felt different.",
            lambda: f"Nobody had told us about the {r.choice(ADJECTIVES)} {r.choice(NOUNS)} "
                    f"until {r.choice(FIRST_NAMES)} asked.",
        ]
        return r.choice(shapes)()

    def paragraph(self, words: int) -> str:
        out: list[str] = []
        count = 0
        while count < words:
            s = self.made_up_sentence() if self.rng.random() < 0.3 else \
                self.rng.choice(self.sentences)
            out.append(s)
            count += len(s.split())
        return " ".join(out)

    def body(self) -> str:
        r = self.rng
        target = r.randint(600, 1340)  # the last block can add up to ~160 words
        blocks: list[str] = []
        words = 0
        while words < target:
            roll = r.random()
            if roll < 0.05 and blocks:
                blocks.append(f"## The {r.choice(ADJECTIVES)} {r.choice(NOUNS)}")
                continue
            if roll < 0.10:
                items = [f"- {self.made_up_sentence()}" for _ in range(r.randint(3, 5))]
                block = "\n".join(items)
            elif roll < 0.14:
                block = "> " + self.paragraph(r.randint(20, 45))
            else:
                block = self.paragraph(r.randint(50, 130))
                if r.random() < 0.2:
                    block = block.replace(" the ", f" the *{r.choice(ADJECTIVES)}* ", 1)
            blocks.append(block)
            words += len(block.split())
        return "\n\n".join(blocks) + "\n"

    def title(self) -> str:
        r = self.rng
        shapes = [
            lambda: f"The {r.choice(ADJECTIVES)} {r.choice(NOUNS)} {r.choice(SETTINGS)}",
            lambda: f"{r.choice(PEOPLE).capitalize()} {r.choice(VERBS)}",
            lambda: f"Why {r.choice(PEOPLE)} {r.choice(VERBS)} {r.choice(SETTINGS)}",
            lambda: f"A {r.choice(ADJECTIVES)} {r.choice(NOUNS)} and a {r.choice(NOUNS)}",
        ]
        for attempt in range(50):
            title = r.choice(shapes)()
            if attempt > 5:  # the combinations run out at large N: number the rest
                title += f" ({r.randint(2, 999_999)})"
            title = title[0].upper() + title[1:]
            if slug(title) not in self.titles:
                self.titles.add(slug(title))
                return title
        raise RuntimeError("could not find a unique title")

    def story(self, today: dt.date) -> tuple[str, str]:
        r = self.rng
        title = self.title()
        told = dt.date(2012, 1, 1) + dt.timedelta(days=r.randint(0, 5100))
        told = min(told, today)
        consent = min(told + dt.timedelta(days=r.randint(0, 60)), today)
        principles = self.pick_weighted(self.principles, r.choice([1, 1, 2, 2, 2, 3]))
        challenges = self.pick_weighted(self.challenges, r.choice([0, 1, 1, 2, 2, 3]))
        perspective = self.pick_weighted(self.perspectives, r.choice([1, 1, 1, 2]))
        notes = self.pick_weighted(self.notes, r.choice([0, 0, 0, 1, 1, 2]))
        scope = r.choices(["[web, print]", "[web]", "[print]"], [80, 15, 5])[0]
        summary = json.dumps(self.paragraph(r.randint(18, 35))[:290].rstrip(), ensure_ascii=False)
        lines = [
            "---",
            f"title: {title}",
            # Quoted: harvested sentences may hold a colon or start with a YAML special character.
            f"summary: {summary}",
            f"storyteller: {r.choice(FIRST_NAMES)}",
            f"perspective: [{', '.join(perspective)}]",
            f"principles: [{', '.join(principles)}]",
            f"challenges: [{', '.join(challenges)}]",
            f"told: {told.isoformat()}",
            f"place: {r.choice(PLACES)}",
            f"content_notes: [{', '.join(notes)}]",
            "consent:",
            f"  date: {consent.isoformat()}",
            f"  scope: {scope}",
        ]
        if r.random() < 0.5:  # far enough ahead that no review warning fires
            review = today + dt.timedelta(days=r.randint(120, 2000))
            lines.append(f"  review: {review.isoformat()}")
        lines += ["status: published", "illustrative: true",
                  f"lang: {'cy' if r.random() < 0.03 else 'en'}", "---", ""]
        return slug(title), "\n".join(lines) + self.body()


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def write_corpus(n: int, out: Path, seed: int = 7, today: dt.date | None = None) -> Path:
    """Write an archive of n generated stories, plus the default archive's own, into out
    (emptied first) and return out."""
    today = today or dt.date.today()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for rel in COPIED:
        src = REPO / rel
        if src.is_dir():
            shutil.copytree(src, out / rel)
        elif src.is_file():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, out / rel)
    (out / "mkdocs.yml").write_text(_site_config(), encoding="utf-8")
    vocab = yaml.safe_load((REPO / "stories" / "_vocabularies.yml").read_text(encoding="utf-8"))
    writer = Writer(seed, vocab, _term_ids("principles"), _term_ids("challenges"))
    stories = out / "stories"
    writer.titles.update(p.stem for p in stories.glob("*.md"))
    for _ in range(n):
        sid, text = writer.story(today)
        (stories / f"{sid}.md").write_text(text, encoding="utf-8")
    return out


def refresh(out: Path) -> Path:
    """Bring a corpus written earlier up to date with the repository (its pages, guides, terms,
    theme, sample stories and mkdocs.yml), keeping the generated stories as they are."""
    for rel in COPIED:
        src, dest = REPO / rel, out / rel
        if rel == "stories":  # the samples: copied over, beside the generated stories
            shutil.copytree(src, dest, dirs_exist_ok=True)
        elif src.is_dir():
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(src, dest)
    (out / "mkdocs.yml").write_text(_site_config(), encoding="utf-8")
    return out


def _term_ids(folder: str) -> list[str]:
    return sorted(p.stem for p in (REPO / folder).glob("*.md") if not p.name.startswith("_"))


def _site_config() -> str:
    """The repository's mkdocs.yml without its 'watch:' list (those folders are not copied)."""
    out, skipping = [], False
    for line in (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if re.match(r"^watch:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out) + "\n"


PLAIN_CONFIG = """\
site_name: Voices of cocreation (plain mkdocs-material)
site_url: https://voices.example.org/
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  custom_dir: theme
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.top
    - search.suggest
  palette:
    - scheme: default
      primary: custom
      accent: custom
nav:
  - Home: index.md
  - Stories: stories/index.md
  - Principles: principles/index.md
  - Challenges: challenges/index.md
not_in_nav: |
  /stories/*.md
  /principles/*.md
  /challenges/*.md
  /*.md
plugins:
  - search
markdown_extensions:
  - toc:
      permalink: false
  - attr_list
  - md_in_html
"""


def write_plain(archive: Path, out: Path) -> Path:
    """The same stories, principles, challenges and pages as a plain mkdocs-material site: each
    file a page as it is (front matter becomes page meta), a short nav, no Voices plugin."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    docs.mkdir(parents=True)
    shutil.copytree(archive / "theme", out / "theme")
    for item in (archive / "content").iterdir():
        if item.is_file():
            shutil.copy(item, docs / item.name)
    for folder in ("stories", "principles", "challenges"):
        (docs / folder).mkdir()
        names = []
        for path in sorted((archive / folder).glob("*.md")):
            if not path.name.startswith("_"):
                shutil.copy(path, docs / folder / path.name)
                names.append(path.stem)
        # A plain list page, as a hand-made site would have: one link per page.
        links = "\n".join(f"- [{n}]({n}.md)" for n in names)
        (docs / folder / "index.md").write_text(f"# {folder.capitalize()}\n\n{links}\n",
                                                encoding="utf-8")
    (out / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many stories")
    parser.add_argument("out", type=Path, help="the folder to write (emptied first)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--plain", action="store_true",
                        help="also write the plain mkdocs-material site to OUT-plain")
    args = parser.parse_args()
    archive = write_corpus(args.n, args.out, args.seed)
    print(f"wrote {args.n} stories to {archive}")
    if args.plain:
        plain = write_plain(archive, args.out.with_name(args.out.name + "-plain"))
        print(f"wrote the plain site to {plain}")


if __name__ == "__main__":
    main()
