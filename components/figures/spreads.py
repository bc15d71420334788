"""Figure of the ``spreads`` panel: credit spread levels over the window.

Reading key: high-yield and investment-grade option-adjusted spreads (ICE BofA, percent over
Treasuries) and Moody's Baa yield minus the 10-year Treasury yield (percent). A table above
the plot gives each series' last level, its change over the window (percentage points) and
its high in the window. Grey rectangles behind are NBER recessions.

:func:`spreads_spec` builds the figure as a plain dict (no plotly object: cheap enough for
every interaction); :func:`build_spreads_figure` is that dict as a validated ``go.Figure``.
"""

from __future__ import annotations

from analytics.format import signed
from typing import Iterable, Mapping

import pandas as pd

from components.figures.common import TITLE_TOP, base_layout_dict, base_of, dated, figure_of, level_lines
from components.figures.shading import with_recession_shading, with_wrapped_source_line

SPREAD_COLORS = ("#d62728", "#1f77b4", "#7f7f7f")
TABLE_LINE_PX = 14


def _dates(index: pd.Index) -> list[str]:
    """ISO dates. Traces carry plain lists: FRED's 2-decimal values are shorter as JSON text
    than as binary arrays, and dates shorter without a time of day."""
    return pd.DatetimeIndex(index).strftime("%Y-%m-%d").tolist()


def stats_line(name: str, row: Mapping, *, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """``"HY OAS 3.12% (+0.45 pp over the window; max 4.01% on 2025-04-08)"``.

    ``row`` holds the fields of :class:`analytics.spreads.WindowStats`. A series measured
    from later than ``start`` says ``since <date>``; one whose last observation is more than
    a week before ``end`` gives its date (``"3.12% on 2025-12-30"``).
    """
    over = ("over the window" if row["start_date"] <= start
            else f"since {row['start_date']:%Y-%m-%d}")
    level = f"{row['end_level']:.2f}%{dated(row['end_date'], end)}"
    return (f"{name} {level} ({signed(row['change'], 2)} pp {over}; "
            f"max {row['max_level']:.2f}% on {row['max_date']:%Y-%m-%d})")


def spreads_spec(
    levels: Mapping[str, pd.Series],
    *,
    stats: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    source_line: str,
    usrec: pd.Series | None = None,
    notes: Iterable[str] = (),
) -> dict:
    """Spread levels over ``[start, end]`` with a stats table, as a plain figure dict.

    Args:
        levels: Label -> spread in percent, cut to the window (``{"HY OAS": hy, ...}``);
            only labels with at least one value are drawn, in the mapping's order.
        stats: :func:`analytics.spreads.calc_window_summary` rows, indexed by the same labels.
        start: First date of the window.
        end: Last date of the window.
        source_line: Sources and as-of dates, printed under the chart.
        usrec: FRED USREC for recession shading; ``None`` draws none.
        notes: Extra table lines, e.g. series with no data in the window.

    Returns:
        ``{"data": [...], "layout": {...}}`` of plain Python values. One chart, a line per
        spread; the table (one line per series, then the notes) is the title's subtitle, above
        the legend; y axis "Percent"; x range the window; ``uirevision``
        ``"spreads:<start>:<end>"``.

    Raises:
        ValueError: when no series has a value.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    shown = {name: s.dropna() for name, s in levels.items() if not s.dropna().empty}
    if not shown:
        raise ValueError(f"no spread observations between {start:%Y-%m-%d} and {end:%Y-%m-%d}")
    data = level_lines(shown, SPREAD_COLORS, width=1.5, uid="spread")
    lines = [stats_line(name, stats.loc[name], start=start, end=end) for name in shown if name in stats.index]
    lines += list(notes)
    first, last = f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"
    based = f"{base_of(shown, start):%Y-%m-%d}"  # the first line's base reading, as the summary says
    layout = base_layout_dict(title=f"Credit spreads, {based} to {last}", uirevision=f"spreads:{first}:{last}",
                              height=520 + TABLE_LINE_PX * len(lines))
    layout["margin"]["t"] = 80 + TITLE_TOP + TABLE_LINE_PX * len(lines)
    # the table as the title's subtitle: placed from the top, so the page's script moves a legend
    # of several rows (narrow charts, overlays) clear of it (as an annotation on the plot's top
    # edge it moved with the legend and lay under it); the theme's text colour
    layout["title"].update(y=0.97, yanchor="top", subtitle={"text": "<br>".join(lines), "font": {"size": 11}})
    layout["yaxis"] = {"title": {"text": "Percent"}, "ticksuffix": "%"}
    layout["xaxis"] = {"title": {"text": "Date"}, "type": "date", "range": [first, last]}
    spec = with_recession_shading({"data": data, "layout": layout}, usrec, start=start, end=end)
    return with_wrapped_source_line(spec, source_line, width=95)  # a half-width panel


build_spreads_figure = figure_of(spreads_spec)
