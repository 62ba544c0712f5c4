"""The Markdown that benchmarks/run prints: its table of results, and the breakdown of one story
page's bytes below it. Both take the run's results (one dict per size, as in
benchmarks/out/results.json) and nothing else, so they can be printed again from that file.
"""

from __future__ import annotations

from footprint import PARTS

PROJECTED = 50_000  # the table projects the site's size to this many stories when not measured


def mb(b: int) -> str:
    return f"{b / 1e6:.1f} MB"


def size(b: int | float) -> str:
    """MB, or GB from 1,000 MB (a projected site)."""
    return mb(b) if b < 1e9 else f"{b / 1e9:.2f} GB"


def kb(b: int | float | None) -> str:
    return "n/a" if b is None else f"{b / 1e3:.0f} KB"


def header(meta: dict) -> str:
    """The line printed above the table: when, on what, and what was compared."""
    line = (f"{meta.get('date', 'undated')}, {meta.get('cores', '?')} cores "
            f"({meta.get('cpu', 'unknown CPU')}), Python {meta.get('python', '?')}")
    if meta.get("commit"):
        line += f"; this: {meta['commit']}"
    if meta.get("baseline"):
        line += f"; baseline: {meta['baseline']} ({meta.get('against', '')})"
    return line


def _failed(m: dict) -> str:
    return "" if m["rc"] == 0 else " (failed)"


def _seconds(key: str, digits: int = 1):
    return lambda r: f"{r[key]['seconds']:.{digits}f} s" + _failed(r[key])


def _cpu(key: str, digits: int = 1):
    return lambda r: f"{r[key]['cpu']:.{digits}f} s"


def _peak(key: str):
    return lambda r: mb(r[key]["peak"])


def _ratios(field: str):
    """this / baseline for the check, the first build and the later build: 'n/a' where either
    side failed (a failed command's time measures nothing)."""
    def cell(r: dict) -> str:
        out = []
        for key in ("check", "build", "build_cached"):
            this, base = r.get(key), r.get("base_" + key)
            if not this or not base or this["rc"] or base["rc"] or not base[field]:
                out.append("n/a")
            else:
                out.append(f"{this[field] / base[field]:.2f}×")
        return " / ".join(out)
    return cell


def _disk(key: str, field: str, per_story: bool = False, scale: int = 1):
    """A figure of the site's disk usage (footprint.disk_usage), per story or projected."""
    def cell(r: dict) -> str:
        usage = r.get(key)
        if not usage:
            return "n/a"
        value = usage[field] / r["n"] * scale if per_story else usage[field]
        if field == "files":
            return f"{value:,.1f}" if per_story and scale == 1 else f"{value:,.0f}"
        return kb(value) if per_story and scale == 1 else size(value)
    return cell


def _both(left, right):
    return lambda r: f"{left(r)} / {right(r)}"


def table(results: list[dict]) -> str:
    """The results as a Markdown table, one column per size. With a baseline (--against) in the
    results, its rows and the ratios of this version to it come after plain's."""
    def row(label: str, fn) -> str:
        return f"| {label} | " + " | ".join(fn(r) for r in results) + " |"

    baseline = any("base_build" in r for r in results)
    voices_first, voices_later = "`mkdocs build` (Voices), first build", \
        "`mkdocs build` (Voices), PDFs cached"
    lines = [
        "| | " + " | ".join(f"{r['n']:,} stories" for r in results) + " |",
        "|---|" + "---|" * len(results),
        row("`voices check`: time", _seconds("check", 2)),
        row("`voices check`: CPU time (all processes)", _cpu("check", 2)),
        row("`voices check`: peak memory", _peak("check")),
        row(f"{voices_first}: time", _seconds("build")),
        row(f"{voices_first}: CPU time", _cpu("build")),
        row(f"{voices_first}: peak memory", _peak("build")),
        row(f"{voices_later}: time", _seconds("build_cached")),
        row(f"{voices_later}: CPU time", _cpu("build_cached")),
        row(f"{voices_later}: peak memory", _peak("build_cached")),
        row("plain mkdocs-material build: time", _seconds("plain")),
        row("plain mkdocs-material build: CPU time", _cpu("plain")),
        row("plain mkdocs-material build: peak memory", _peak("plain")),
        row("Voices build time / plain: first build / PDFs cached",
            lambda r: f"{r['build']['seconds'] / r['plain']['seconds']:.2f}× / "
            f"{r['build_cached']['seconds'] / r['plain']['seconds']:.2f}×"),
    ]
    if baseline:
        lines += [
            row("baseline `voices check`: time", _seconds("base_check", 2)),
            row("baseline `voices check`: peak memory", _peak("base_check")),
            row("baseline first build: time", _seconds("base_build")),
            row("baseline first build: CPU time", _cpu("base_build")),
            row("baseline first build: peak memory", _peak("base_build")),
            row("baseline later build: time", _seconds("base_build_cached")),
            row("baseline later build: CPU time", _cpu("base_build_cached")),
            row("baseline later build: peak memory", _peak("base_build_cached")),
            row("this / baseline, time: check / first build / later build", _ratios("seconds")),
            row("this / baseline, peak memory: check / first build / later build",
                _ratios("peak")),
        ]
    lines += [
        row("load average before / after", lambda r: f"{r['load_before']:.1f} / "
            f"{r['load_after']:.1f}"),
        row("site size, files' bytes (Voices / plain)",
            _both(_disk("disk", "bytes"), _disk("plain_disk", "bytes"))),
        row("site size on disk, allocated blocks (Voices / plain)",
            _both(_disk("disk", "blocks"), _disk("plain_disk", "blocks"))),
        row("files (Voices / plain)", _both(_disk("disk", "files"), _disk("plain_disk", "files"))),
        row("per story, Voices: bytes / on disk / files",
            lambda r: " / ".join(_disk("disk", f, per_story=True)(r)
                                 for f in ("bytes", "blocks", "files"))),
        row("per story, plain: bytes / on disk / files",
            lambda r: " / ".join(_disk("plain_disk", f, per_story=True)(r)
                                 for f in ("bytes", "blocks", "files"))),
    ]
    if PROJECTED not in {r["n"] for r in results}:
        # Bytes per story × 50,000: fixed costs (theme, guides' PDFs) are spread over this size's
        # stories, so the projection from the largest size measured is the closest.
        for key, name in (("disk", "Voices"), ("plain_disk", "plain")):
            lines.append(row(f"projected at {PROJECTED:,} stories, {name}: bytes / on disk",
                             lambda r, key=key: " / ".join(
                                 _disk(key, f, per_story=True, scale=PROJECTED)(r)
                                 for f in ("bytes", "blocks"))))
    lines += [
        row("plain lunr `search_index.json`", lambda r: mb(r["plain_search"])),
        row("Voices lunr `search_index.json`", lambda r: mb(r["lunr"]) if r["lunr"] else "none"),
        row("Voices Pagefind folder", lambda r: mb(r["pagefind"]) if r["pagefind"] else "none"),
        row("Voices finder index", lambda r: kb(r["finder"]) if r["finder"] else "none"),
        row("one search query fetches (gzip)", lambda r: f"{kb(r.get('query'))} "
            f"({kb(r.get('query_gzip'))})" if "query" in r else "n/a"),
        row("a story page with all it loads (gzip)", lambda r: f"{kb(r.get('story_page'))} "
            f"({kb(r.get('story_page_gzip'))})" if "story_page" in r else "n/a"),
    ]
    return "\n".join(lines)


def breakdown(results: list[dict]) -> str:
    """One story page's bytes by part (footprint.PARTS), Voices and plain, for each size."""
    columns = [(r, key, f"{r['n']:,}: {name}") for r in results
               for key, name in (("page_parts", "Voices"), ("plain_page_parts", "plain"))
               if r.get(key)]
    if not columns:
        return ""
    story = next((r["story"] for r in results if r.get("story")), "a story page")

    def cell(parts: dict, name: str) -> str:
        share = parts[name] / parts["total"] if parts["total"] else 0
        return f"{parts[name] / 1e3:.1f} KB ({share:.0%})"

    lines = [
        f"One story page's bytes (`{story}`, the same page at every size): each byte counted "
        "once, in the part of the first row it belongs to.",
        "",
        "| | " + " | ".join(title for *_, title in columns) + " |",
        "|---|" + "---|" * len(columns),
        "| the whole page | " + " | ".join(f"{r[key]['total'] / 1e3:.1f} KB"
                                            for r, key, _ in columns) + " |",
    ]
    for name, label in PARTS:
        lines.append(f"| {label} | " + " | ".join(cell(r[key], name) for r, key, _ in columns)
                     + " |")
    return "\n".join(lines)
