"""Figure of the ``relative`` panel: rebased lines and the small/large ratio, with context.

Context (all optional, see :class:`RelativeContext`): Fed hiking/cutting bands (clickable:
a click selects the cycle's dates), NBER recession shading, Fed event lines and the small-cap
series' drawdown troughs deeper than 10 %. The first three traces are always the two rebased
lines and the ratio; context traces follow them.

:func:`relative_spec` builds the figure as a plain dict (no plotly object: cheap enough for
every interaction); :func:`build_relative_figure` is that dict as a validated ``go.Figure``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.format import signed_percent

from analytics.drawdowns import DrawdownEpisode
from analytics.transforms import UNITS
from components.figures.common import (
    LARGE_COLOR, RATIO_COLOR, SMALL_COLOR, base_layout_dict, figure_of, wrap_axis_title,
)
from components.figures.shading import (
    with_fed_event_lines, with_fed_regime_bands, with_recession_shading, with_wrapped_source_line,
)

TROUGH_COLOR = "#7f1d1d"
#: What the title says the chart shows, by transform (the level chart says nothing more).
TRANSFORM_TITLES = {"change": "% change since the start", "yoy": "year-over-year % change",
                    "rolling12": "rolling 12-month returns", "drawdown": "drawdowns from the running peak"}
#: The two charts' y domains, top and bottom: what ``make_subplots(rows=2, cols=1,
#: vertical_spacing=0.06, row_heights=[0.62, 0.38])`` lays out (0.94 of the height split
#: 62/38 with a 0.06 gap).
TOP_DOMAIN = (0.4172, 1.0)
BOTTOM_DOMAIN = (0.0, 0.3572)
#: Characters per line of the two y-axis titles: each stays within its own chart's height at
#: the page's 520 px (about 180 and 110 px of plot), so the two never overlap.
TOP_TITLE_CHARS, BOTTOM_TITLE_CHARS = 22, 14


@dataclass(frozen=True)
class RelativeContext:
    """What is drawn over the relative chart besides the data; any part may be missing.

    Attributes:
        cycles: Fed cycles (:func:`analytics.regimes.calc_fed_cycles`) for the bands.
        events: Fed events (:func:`analytics.regimes.calc_fed_events`) for the event lines.
        usrec: FRED USREC (monthly 0/1) for the recession shading.
        episodes: Drawdown episodes of the small-cap series
            (:func:`analytics.drawdowns.calc_drawdown_episodes`); those whose trough is in
            the window get a marker.
    """

    cycles: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    usrec: pd.Series | None = None
    episodes: tuple[DrawdownEpisode, ...] = ()


def log_ticks(columns) -> dict:
    """Tick settings of a log axis drawing ``columns`` (arrays of y values): whole values on
    every label (within a decade Plotly labels minor ticks with a digit alone, "4" for a ratio of
    0.4); ticks at 1, 2 and 5 of each decade over more than a decade (every digit crowded them),
    at each decade over more than three."""
    values = np.concatenate([np.asarray(c, dtype=float).ravel() for c in columns if c is not None] or [np.array([])])
    values = values[np.isfinite(values) & (values > 0)]
    ticks = {"tickformat": ",.3~r"}
    if values.size:
        decades = np.log10(values.max() / values.min())
        if decades > 3:
            ticks["dtick"] = 1
        elif decades > 1:
            ticks["dtick"] = "D2"
    return ticks


def trough_text(episode: DrawdownEpisode) -> str:
    """``"Peak 2018-08-31, trough 2018-12-24, -27.0%"`` (plus ``"; recovered <date>"``)."""
    text = f"Peak {episode.peak:%Y-%m-%d}, trough {episode.trough:%Y-%m-%d}, {episode.depth:.1%}"
    return text + (f"; recovered {episode.recovery:%Y-%m-%d}" if episode.recovery is not None else "")


def trough_trace(frame: pd.DataFrame, episodes, *, small_label: str) -> dict | None:
    """One marker trace (top chart) at the troughs inside the frame's window, on the rebased scale.

    The y value is ``100 * trough_level / small level at the window start``, so it sits on
    the small-cap line whether or not the trough date is a common date of the pair.

    Returns:
        The trace dict, or ``None`` when no trough is inside the window.
    """
    start, end = frame.index[0], frame.index[-1]
    inside = [e for e in episodes if start <= e.trough <= end]
    if not inside:
        return None
    base = float(frame["small"].iloc[0])
    return {
        "type": "scatter", "xaxis": "x", "yaxis": "y",
        "x": [f"{e.trough:%Y-%m-%d}" for e in inside], "y": [100.0 * e.trough_level / base for e in inside],
        "mode": "markers", "name": f"{small_label} drawdown trough (>10%)", "legendgroup": "troughs",
        "marker": {"symbol": "triangle-up", "size": 10, "color": TROUGH_COLOR,
                   "line": {"color": "white", "width": 1}},
        "hovertext": [trough_text(e) for e in inside], "hoverinfo": "text", "uid": "troughs",
    }


def relative_spec(
    frame: pd.DataFrame, *, small_label: str, large_label: str, source_line: str,
    context: RelativeContext | None = None, scale: str = "linear", transform: str = "level",
    transformed: pd.DataFrame | None = None,
) -> dict:
    """Two stacked charts sharing the time axis, as a plain figure dict.

    Args:
        frame: Output of :func:`analytics.relative.to_relative_frame`.
        small_label: Name of the small-cap series ("Russell 2000").
        large_label: Name of the large-cap series ("S&P 500").
        source_line: Sources and as-of date, printed under the chart.
        context: Bands, shading, event lines and drawdown troughs; ``None`` draws none.
        scale: ``"log"`` draws the rebased levels and the ratio on log axes (both are
            positive and multiplicative: equal percentage moves look equal); other
            transforms, in % that may be negative, stay linear.
        transform: A :data:`analytics.transforms.TRANSFORMS` name; other than ``"level"``
            the lines, the bottom measure and the axis titles come from ``transformed``.
        transformed: :func:`analytics.transforms.to_transform_frame` (decimal, drawn in %).

    Returns:
        ``{"data": [...], "layout": {...}}`` of plain Python/numpy values. Top (axes
        ``x``/``y``): both series rebased to 100 at the window start. Bottom (``x2``/``y2``,
        the date axis the top one matches): the ratio small/large, 1.0 at the window start
        (above 1 = small caps outperformed since the start), with a dotted line at 1.
        Traces: the two lines and the ratio first, then the trough markers and the Fed
        bands. The x range is the window; ``uirevision`` is ``"relative:<start>:<end>"``.
    """
    level = transform == "level" or transformed is None
    shown = frame if level else transformed
    start, end = shown.index[0], shown.index[-1]
    first, last = f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"
    rel = frame["relative_return"].iloc[-1]
    context = context or RelativeContext()
    units = UNITS["level" if level else transform]
    dates = shown.index.strftime("%Y-%m-%d").tolist()  # ISO dates: a smaller payload than timestamps
    columns = ("small_rebased", "large_rebased", "ratio") if level else ("small", "large", "relative")
    factor, unit = (1.0, "") if level else (100.0, "%")
    data = [
        {"type": "scatter", "xaxis": "x", "yaxis": "y", "x": dates, "y": factor * shown[column].to_numpy(),
         "name": label, "mode": "lines", "line": {"color": color, "width": 1.6},
         "hovertemplate": "%{y:.1f}" + unit + "<extra>" + label + "</extra>"}
        for column, label, color in ((columns[0], small_label, SMALL_COLOR),
                                     (columns[1], large_label, LARGE_COLOR))
    ]
    data.append({
        "type": "scatter", "xaxis": "x2", "yaxis": "y2", "x": dates, "y": factor * shown[columns[2]].to_numpy(),
        "name": f"{small_label} / {large_label}" if level else f"{small_label} vs {large_label}: {units.relative_name}",
        "mode": "lines", "line": {"color": RATIO_COLOR, "width": 1.4},
        "hovertemplate": ("%{y:.3f}<extra>ratio</extra>" if level
                          else "%{y:.1f}" + ("pp" if transform == "yoy" else "%") + f"<extra>{units.relative_name}</extra>"),
    })
    troughs = trough_trace(frame, context.episodes, small_label=small_label) if level else None
    if troughs is not None:
        data.append(troughs)
    # the relative return is the level frame's, from the window's base: its dates, whatever is drawn
    # (a YoY chart starts a year into the data: "2001-05-29 to ..." put a later start on the figure)
    title = (f"{small_label} vs {large_label}, {frame.index[0]:%Y-%m-%d} to {frame.index[-1]:%Y-%m-%d}: "
             f"relative return {signed_percent(rel)}")
    if not level:  # the window's relative return, then what the chart shows: two statements
        title += f". Chart: {TRANSFORM_TITLES[transform]}"
    log = level and scale == "log"
    layout = base_layout_dict(title=title, uirevision=f"relative:{first}:{last}")
    # room for a legend of two lines (lines, troughs, bands, recessions) under the title
    layout["margin"]["t"] += 30
    layout.update(
        xaxis={"anchor": "y", "domain": [0.0, 1.0], "matches": "x2", "showticklabels": False,
               "type": "date", "range": [first, last]},
        yaxis={"anchor": "x", "domain": list(TOP_DOMAIN), "type": "log" if log else "linear",
               "title": {"text": wrap_axis_title(units.series.format(first=first) + (" (log scale)" if log else ""),
                                                 TOP_TITLE_CHARS)}},
        xaxis2={"anchor": "y2", "domain": [0.0, 1.0], "type": "date", "range": [first, last],
                "title": {"text": "Date"}},
        yaxis2={"anchor": "x2", "domain": list(BOTTOM_DOMAIN), "type": "log" if log else "linear",
                "title": {"text": wrap_axis_title(units.relative.format(first=first) + (" (log)" if log else ""),
                                                  BOTTOM_TITLE_CHARS)}},
        shapes=[{"type": "line", "xref": "x2 domain", "yref": "y2", "x0": 0, "x1": 1,
                 "y0": 1.0 if level else 0.0, "y1": 1.0 if level else 0.0,
                 "line": {"color": "#999", "width": 1, "dash": "dot"}}],
    )
    if log:
        for axis, ref in (("yaxis", "y"), ("yaxis2", "y2")):
            layout[axis].update(log_ticks([t.get("y") for t in data if t.get("yaxis", "y") == ref]))
    spec = {"data": data, "layout": layout}
    # the legend's second line sits on the top chart's edge: the cycles' chips go in the gap
    with_fed_regime_bands(spec, context.cycles, start=start, end=end, xaxis="x", yaxis="y",
                          also_shade=("y2 domain",), chip_y=(TOP_DOMAIN[0] + BOTTOM_DOMAIN[1]) / 2)
    with_recession_shading(spec, context.usrec, start=start, end=end)
    with_fed_event_lines(spec, context.events, start=start, end=end)
    return with_wrapped_source_line(spec, source_line, width=140)


build_relative_figure = figure_of(relative_spec)
