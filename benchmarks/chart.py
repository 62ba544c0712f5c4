"""The chart benchmarks/run draws from its results: build time and peak memory against the
number of stories, for Voices (first and later build), plain mkdocs-material and, when the run
had a baseline (--against), the baseline's Voices builds.

The same results always give the same SVG, byte for byte (a fixed svg.hashsalt, no date in the
metadata), so the committed copy only changes when the numbers do.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

# Okabe and Ito's colour-blind-safe palette. Each series also has its own marker and the line
# styles differ by kind (solid: this Voices, dashed: the baseline, dotted: plain), so the chart
# still reads printed in grey: the blue is dark, the orange light, the green in between.
BLUE, ORANGE, GREEN = "#0072B2", "#E69F00", "#009E73"
# (key in the results, legend label, colour, marker, line style, filled marker)
SERIES = [
    ("build", "Voices, first build (build)", BLUE, "o", "-", True),
    ("build_cached", "Voices, later build (build_cached)", ORANGE, "s", "-", True),
    ("plain", "plain mkdocs-material (plain)", GREEN, "^", ":", True),
]
BASELINE_SERIES = [
    ("base_build", "baseline, first build", BLUE, "o", "--", False),
    ("base_build_cached", "baseline, later build", ORANGE, "s", "--", False),
]
PANELS = [  # (name used in the SVG ids, title, y label, value from a measurement, its format)
    ("time", "(a) Build wall time", "seconds", lambda m: m["seconds"],
     lambda v: f"{v:.1f} s" if v < 100 else f"{v:,.0f} s"),
    ("memory", "(b) Peak memory", "MB", lambda m: m["peak"] / 1e6, lambda v: f"{v:,.0f} MB"),
]
LABEL_GAP = 11  # points between the centres of two value labels at the same size
HASH_SALT = "voices-benchmarks"  # any fixed string: the SVG's generated ids come from it


def _value(r: dict, key: str, get) -> float:
    """The measurement's value, or NaN (a gap in the line) when it failed or was not made."""
    m = r.get(key)
    if not m or m.get("rc", 0) != 0:
        return math.nan
    return get(m)


def _spans(values: list[float]) -> bool:
    """Whether positive values span more than 10×: such an axis is drawn on a log scale."""
    shown = [v for v in values if v > 0 and not math.isnan(v)]
    return bool(shown) and max(shown) / min(shown) > 10


def _number(v: float, _pos=None) -> str:
    return f"{v:,.0f}" if v >= 1 else f"{v:g}"


def title(meta: dict) -> str:
    cores = meta.get("cores")
    text = f"Voices and plain mkdocs-material builds, {meta.get('date', 'undated')}"
    if cores:
        text += f", {cores} cores"
    if meta.get("baseline"):
        text += f" (dashed: baseline {meta['baseline']})"
    return text


def draw(results: list[dict], paths: list[Path], meta: dict | None = None) -> None:
    """Draw the two panels from results (benchmarks/run's list, one dict per size) and write the
    SVG to each of paths."""
    import matplotlib

    matplotlib.use("Agg")  # no display; and the same renderer everywhere
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    meta = meta or {}
    results = sorted(results, key=lambda r: r["n"])
    sizes = [r["n"] for r in results]
    series = SERIES + [s for s in BASELINE_SERIES if any(s[0] in r for r in results)]

    fig = Figure(figsize=(11, 5.2), layout="constrained")
    axes = fig.subplots(1, 2)
    panels = []
    for ax, (panel, panel_title, unit, get, fmt) in zip(axes, PANELS):
        lines = {key: [_value(r, key, get) for r in results] for key, *_ in series}
        panels.append((ax, lines, fmt))
        for key, label, colour, marker, style, filled in series:
            (line,) = ax.plot(sizes, lines[key], label=label, color=colour, marker=marker,
                              linestyle=style, linewidth=2, markersize=7,
                              markerfacecolor=colour if filled else "white",
                              markeredgewidth=1.5)
            line.set_gid(f"{panel}-{key}")  # an id in the SVG, for tests and for styling
        if _spans(sizes):
            ax.set_xscale("log")
        if _spans([v for vs in lines.values() for v in vs]):
            # Build time and memory grow about in proportion to the stories: on log scales
            # both ends of the range can be read, and a ratio is the same gap everywhere.
            ax.set_yscale("log")
            ax.yaxis.set_major_formatter(FuncFormatter(_number))
            ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _p: ""))
            unit += " (log scale)"
        else:
            ax.set_ylim(bottom=0)
        # Ticks at the measured sizes only, written out in full (1,000, not 10^3).
        ax.xaxis.set_major_locator(FixedLocator(sizes))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(_number))
        ax.margins(x=0.2, y=0.12)  # room for the labels beside the first and last points
        ax.set_title(panel_title, loc="left", fontsize=12)
        ax.set_xlabel("stories in the archive" + (" (log scale)" if _spans(sizes) else ""))
        ax.set_ylabel(unit)
        ax.grid(True, which="major", color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
    fig.suptitle(title(meta), fontsize=13)
    # The legend fills its three columns top to bottom: in this order its first row is this
    # version's series and plain, its second the baseline's under their counterparts.
    handles = dict(zip((s[0] for s in series), axes[0].get_lines()))
    order = [k for pair in (("build", "base_build"), ("build_cached", "base_build_cached"),
                            ("plain",)) for k in pair if k in handles]
    fig.legend([handles[k] for k in order], [handles[k].get_label() for k in order],
               loc="outside lower center", ncol=3, frameon=False)
    fig.draw_without_rendering()  # lay the figure out: the labels are placed in its points
    for ax, lines, fmt in panels:
        _label_points(ax, sizes, lines, fmt)
    # Saved once and the bytes copied: each savefig runs the constrained layout again, which
    # moves things by a fraction of a point, so a second save would not be the same file.
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": HASH_SALT, "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(buffer.getvalue())


def _label_points(ax, sizes: list[int], lines: dict[str, list[float]], fmt) -> None:
    """Write each point's value to its left, where a rising line is below it (to the right at
    the last size, where no line goes on). Labels of close values would sit on each other, so
    at each size they are stacked at least LABEL_GAP points apart, in the order of their values,
    as near their points as that allows."""
    scale = ax.figure.dpi / 72  # display units per point
    for i, x in enumerate(sizes):
        here = sorted((vs[i], key) for key, vs in lines.items() if not math.isnan(vs[i]))
        if not here:
            continue
        ys = [ax.transData.transform((x, value))[1] / scale for value, _ in here]
        placed: list[float] = []
        for y in ys:  # from the lowest up, each pushed above the one below if too near
            placed.append(max(y, placed[-1] + LABEL_GAP) if placed else y)
        # Pushing only up moves a cluster's labels above it: centre the stack on its points.
        shift = (sum(placed) - sum(ys)) / len(ys)
        last = i == len(sizes) - 1 and i > 0
        for (value, _key), y, at in zip(here, ys, placed):
            # On a white ground: a line passing behind a label does not hide it.
            label = ax.annotate(fmt(value), (x, value), textcoords="offset points",
                                xytext=(8 if last else -8, at - shift - y),
                                ha="left" if last else "right", va="center", fontsize=8.5,
                                color="#222222",
                                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                                      "edgecolor": "none", "alpha": 0.85})
            label.set_in_layout(False)  # the layout is done: labels must not move it again
