"""The universe panel's figure: sector returns (bars) and breadth and valuation through time."""

from __future__ import annotations

import math

import pandas as pd

from components.figures.common import TITLE_TOP, base_layout_dict
from components.figures.shading import with_wrapped_source_line

#: Breadth lines: column, words, colour, dash. The share with negative earnings (net income at
#: or below zero) differs from the share with a net loss (below zero) by the members at exactly
#: zero, so the two lines mostly coincide: it is drawn dotted over the other, not hidden by it.
BREADTH_LINES = (("share_net_loss", "with a net loss", "#d62728", "solid"),
                 ("share_below_high", "below their high", "#1f77b4", "solid"),
                 ("share_above_200d", "above their 200-day average", "#2ca02c", "solid"),
                 ("share_negative_earnings", "negative earnings (beside the P/E)", "#9467bd", "dot"))


#: A sector name longer than this many characters is written on two lines beside its bar.
LABEL_CHARS = 14


def sector_label(sector: str, n: int) -> str:
    """``"Energy (81)"``; a long name on two lines, split at the space nearest its middle
    (``"Consumer<br>Discretionary (148)"``), so the names need less width beside the bars (on a
    phone they took half the chart)."""
    words = sector.split(" ")
    if len(sector) <= LABEL_CHARS or len(words) < 2:
        return f"{sector} ({n})"
    cut = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(sector) / 2))
    return f"{' '.join(words[:cut])}<br>{' '.join(words[cut:])} ({n})"


def universe_spec(sectors: pd.DataFrame, series: pd.DataFrame, *, title: str, source_line: str,
                  high: str = "high") -> dict:
    """Sector bars (top left), breadth shares through time (bottom) and the median P/E (top right).

    ``sectors``: :func:`analytics.universe_stats.sector_returns` table (ALL last);
    ``series``: :func:`analytics.universe_stats.breadth_series`; ``high``: which high the
    "below their high" line means (``"2021 high"``).
    """
    bars = sectors.drop(index="ALL", errors="ignore").iloc[::-1]
    names = [sector_label(s, n) for s, n in zip(bars.index, bars["n"])]
    dates = series.index.strftime("%Y-%m-%d").tolist()
    data = [{
        "type": "bar", "orientation": "h", "x": (100 * bars["mean_return"]).round(2).tolist(),
        "y": names, "xaxis": "x", "yaxis": "y",
        "name": "mean return by sector (%)", "marker": {"color": "#4c78a8"}, "showlegend": False,
        "hovertemplate": "%{y}: %{x:.1f}%<extra>mean</extra>",
    }, {  # the median beside the mean: one member's return can make a mean (see the summary)
        "type": "scatter", "mode": "markers", "x": (100 * bars["median_return"]).round(2).tolist(),
        "y": names, "xaxis": "x", "yaxis": "y",
        "name": "median return by sector (%)", "marker": {"color": "#222", "symbol": "diamond", "size": 8},
        "hovertemplate": "%{y}: %{x:.1f}%<extra>median</extra>",
    }]
    for column, words, color, dash in BREADTH_LINES:
        words = words.replace("their high", f"their {high}")
        if column in series and series[column].notna().any():
            data.append({"type": "scatter", "mode": "lines+markers", "x": dates, "xaxis": "x3", "yaxis": "y3",
                         "y": (100 * series[column]).round(2).tolist(), "name": f"% {words}",
                         "line": {"color": color, "width": 1.6 if dash == "solid" else 2.2, "dash": dash},
                         "marker": {"size": 3},
                         "hovertemplate": "%{y:.1f}%<extra>" + words + "</extra>"})
    if "median_pe" in series and series["median_pe"].notna().any():
        data.append({"type": "scatter", "mode": "lines+markers", "x": dates, "xaxis": "x2", "yaxis": "y2",
                     "y": series["median_pe"].round(2).tolist(), "name": "median trailing P/E (positive earners)",
                     "line": {"color": "#444", "width": 1.6}, "marker": {"size": 3},
                     "hovertemplate": "%{y:.1f}<extra>median P/E</extra>"})
    layout = base_layout_dict(title=title, uirevision=f"universe:{title}", height=wide_height(names))
    layout["margin"].update(t=90 + TITLE_TOP, l=190)
    layout.update(
        xaxis={"domain": [0.0, 0.45], "anchor": "y", "title": {"text": "Return over the window (%): bars mean, ◆ median"},
               "ticksuffix": "%", "zeroline": True},
        yaxis={"domain": [0.55, 1.0], "anchor": "x", "automargin": True},
        xaxis2={"domain": [0.58, 1.0], "anchor": "y2", "type": "date"},
        yaxis2={"domain": [0.55, 1.0], "anchor": "x2", "title": {"text": "Median P/E"}},
        xaxis3={"domain": [0.0, 1.0], "anchor": "y3", "type": "date", "title": {"text": "Month end"}},
        yaxis3={"domain": [0.0, 0.4], "anchor": "x3", "title": {"text": "Share of members (%)"},
                "ticksuffix": "%", "range": [0, 100]},
    )
    layout["meta"] = {"narrow": narrow_layout(layout["height"])}
    return with_wrapped_source_line({"data": data, "layout": layout}, source_line)


#: The figure's height (pixels) side by side; below this chart width (CSS pixels: a phone) the
#: three charts are stacked, in a taller figure (:func:`narrow_layout`).
HEIGHT, NARROW_BELOW_PX, NARROW_HEIGHT = 640, 600, 1250


#: Pixels a line of a sector's name needs beside its bar (font 12), and between two bars.
LINE_PX, GAP_PX = 18, 8


def wide_height(names: list[str]) -> int:
    """The side-by-side figure's height: :data:`HEIGHT`, or taller when the sector names need more
    room than the bars' top 45% of the plot (13 sectors, 4 on two lines, overlapped at 640 in the
    page and the PNG: "Consumer Discretionary (192)" over "Real Estate (93)")."""
    lines = sum(1 + name.count("<br>") for name in names)
    needed = lines * LINE_PX + len(names) * GAP_PX  # the bars' area (0.45 of the plot)
    margins = 90 + TITLE_TOP + 80  # top (title, subtitle, legend) and bottom (the source line)
    return max(HEIGHT, math.ceil(margins + needed / 0.45))


def narrow_layout(wide: int = HEIGHT) -> dict:
    """The universe figure on a chart narrower than :data:`NARROW_BELOW_PX` (assets/narrow_layout.js,
    as the leverage figure's): the sector bars, the median P/E and the breadth lines stacked, each
    the width beside the sector names (side by side on a phone the bars had about 50 px and the P/E
    about 80, and the bars' axis title wrapped one word a line over the breadth chart). The names
    stay outside the plot: Plotly's inside tick labels with an automatic margin can redraw without
    end (plotly.js issues 6391, 4572). Exports and the toolbar's PNG draw the side-by-side layout.

    ``wide``: the side-by-side figure's height (:func:`wide_height`), which "wide" restores.

    Returns:
        ``{"below": px, "layout": {key: value}, "wide": {key: value}}`` (see the leverage figure's).
    """
    def layout(height: int, left: int, bars, pe, breadth) -> dict:
        return {"height": height, "margin.l": left, "xaxis.domain": list(bars[0]), "yaxis.domain": list(bars[1]),
                "xaxis2.domain": list(pe[0]), "yaxis2.domain": list(pe[1]), "yaxis3.domain": list(breadth)}

    # narrow: the names' own width (the axis's automatic margin), not the desktop's fixed 190 px
    return {"below": NARROW_BELOW_PX,
            "layout": layout(NARROW_HEIGHT, 20, ((0.0, 1.0), (0.64, 1.0)), ((0.0, 1.0), (0.38, 0.54)), (0.0, 0.28)),
            "wide": layout(wide, 190, ((0.0, 0.45), (0.55, 1.0)), ((0.58, 1.0), (0.55, 1.0)), (0.0, 0.4))}
