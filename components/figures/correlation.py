"""Figure of the ``correlation`` panel: rolling correlation with 10-year yield changes.

What the chart shows (an analyst's reading key):

* solid line: correlation of the small-cap returns with the 10-year yield changes over the
  trailing window (coefficient, -1..1). Below zero: small caps tend to fall when yields rise;
* dashed line: the same for the small-minus-large relative return (is the *relative*
  performance rate-sensitive, not just the market?);
* grey band: the 10th to 90th percentile of the correlation's history up to each date
  (expanding, no look-ahead). Where the solid line leaves the band, the correlation is in
  the most extreme 10 % of everything seen so far;
* triangles: records of the solid line. Filled: the lowest (most negative, pointing down) or
  highest (most positive, up) value since the history start; open: the lowest or highest in
  at least ``RECORD_MIN_YEARS`` years.

:func:`correlation_spec` builds the figure as a plain dict (no plotly object: cheap enough
for every interaction); :func:`build_correlation_figure` is that dict as a validated
``go.Figure``.
"""

from __future__ import annotations

import pandas as pd

from analytics.records import ordinal
from components.figures.common import RATIO_COLOR, SMALL_COLOR, base_layout_dict, figure_of
from components.figures.shading import with_wrapped_source_line

BAND_COLOR = "rgba(120, 120, 120, 0.16)"
RECORD_COLOR = "#111111"
FREQ_UNITS = {"D": "day", "W": "week", "M": "month"}
#: Records that are "the most extreme in at least this many years" get an open marker.
RECORD_MIN_YEARS = 5
_SYMBOLS = {"low": "triangle-down", "high": "triangle-up"}
_WORDS = {"low": "Lowest", "high": "Highest"}


def percentile_rank(percentile: float) -> int:
    """A percentile in (0, 1] as a whole rank 1..100 (for "the 12th percentile")."""
    return int(min(100, max(1, round(100 * float(percentile)))))


def _days(index: pd.DatetimeIndex) -> list[str]:
    """Dates as ``YYYY-MM-DD`` strings: less than half the JSON of full ISO timestamps."""
    return index.strftime("%Y-%m-%d").tolist()  # (list() of the strings takes them one by one: ~3x slower)


def period_phrase(day: pd.Timestamp, freq: str) -> str:
    """When a value was observed: ``"on 2025-01-13"``, ``"in the week to 2025-01-17"``,
    ``"in 2025-01"`` (weekly and monthly values are labelled by their period end; a month still
    running at the window's end by its last observation: ``"in 2025-01 (to 2025-01-13)"``)."""
    if freq == "W":
        return f"in the week to {day:%Y-%m-%d}"
    if freq == "M":
        month_end = day + pd.offsets.MonthEnd(0)
        return f"in {day:%Y-%m}" + ("" if day.normalize() == month_end.normalize() else f" (to {day:%Y-%m-%d})")
    return f"on {day:%Y-%m-%d}"


def window_label(window: int, freq: str) -> str:
    """``63, "D"`` -> ``"63-day"``."""
    return f"{window}-{FREQ_UNITS[freq]}"


def record_points(frame: pd.DataFrame, *, history_start: pd.Timestamp,
                  min_years: int = RECORD_MIN_YEARS) -> pd.DataFrame:
    """The record points of ``frame["correlation"]`` with their hover text.

    Args:
        frame: Rows to mark, with ``correlation`` and the ``low_since``/``high_since``
            dates of :func:`analytics.records.to_record_since` (``NaT`` = record for the
            whole history) computed over the *full* history.
        history_start: First date of that history (named in the hover text).
        min_years: A value whose record-since date is at least this many years earlier is
            an "in ``min_years``+ years" record.

    Returns:
        DataFrame indexed by date (sorted) with ``value``, ``direction`` (``"low"``/``"high"``),
        ``whole`` (``True``: record since the history start) and ``text``. A date that is a
        record in both directions (the first value) is listed once, as ``"low"``.
    """
    corr = frame["correlation"]
    rows = []
    valid = corr.notna()
    cutoff = frame.index - pd.DateOffset(years=min_years)
    for direction in ("low", "high"):
        since = pd.to_datetime(frame[f"{direction}_since"])
        whole = valid & since.isna()
        long = valid & since.notna() & (since <= cutoff)
        word = _WORDS[direction]
        for day in frame.index[whole.to_numpy()]:
            rows.append((day, corr[day], direction, True,
                         f"{word} since the history start ({history_start:%Y-%m-%d})"))
        for day in frame.index[long.to_numpy()]:
            years = (day - since[day]).days / 365.25
            rows.append((day, corr[day], direction, False,
                         f"{word} since {since[day]:%Y-%m-%d} ({years:.1f} years)"))
    points = pd.DataFrame(rows, columns=["date", "value", "direction", "whole", "text"])
    points = points.drop_duplicates("date", keep="first").set_index("date").sort_index()
    return points


def correlation_spec(
    frame: pd.DataFrame,
    *,
    small_label: str,
    large_label: str,
    rate_label: str,
    freq: str,
    window: int,
    history_start: pd.Timestamp,
    source_line: str,
    points: pd.DataFrame | None = None,
) -> dict:
    """Rolling correlation over the window (band, records, relative line) as a plain figure dict.

    Args:
        frame: Rows of the window (computed over the full history) with ``correlation`` and
            ``percentile`` (in (0, 1]), ``band_low``/``band_high`` (the 10th/90th expanding
            percentile), ``low_since``/``high_since`` (record-since dates) and optionally
            ``relative`` and ``relative_percentile`` (the small-minus-large return's
            correlation). At least one ``correlation`` must be a number.
        small_label: Name of the small-cap series ("Russell 2000").
        large_label: Name of the large-cap series ("S&P 500").
        rate_label: Name of the rate ("10-year yield").
        freq: ``"D"``, ``"W"`` or ``"M"`` (for the title).
        window: Rolling window in periods of ``freq``.
        history_start: First date of the correlation history (percentiles and records
            count from it).
        source_line: Sources and as-of date, printed under the chart.
        points: :func:`record_points` of ``frame`` when the caller has them (of more rows: the
            markers are drawn at all of them); ``None``: found here.

    Returns:
        ``{"data": [...], "layout": {...}}`` of plain Python/numpy values. One chart; y axis
        "Correlation (coefficient)" fixed to [-1, 1], zero line, x range the window
        (explicit, so a new window replaces a user zoom).
    """
    corr = frame["correlation"]
    last_day = corr.last_valid_index()
    value, pct = corr[last_day], frame.at[last_day, "percentile"]
    days = _days(frame.index)
    measure = f"{window_label(window, freq)} rolling correlation"
    data = []
    band = frame[["band_low", "band_high"]].dropna()
    if not band.empty:
        band_days = _days(band.index)
        data.append({"type": "scatter", "x": band_days, "y": band["band_low"].to_numpy(), "mode": "lines",
                     "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False, "legendgroup": "band",
                     "uid": "band-low"})
        data.append({"type": "scatter", "x": band_days, "y": band["band_high"].to_numpy(), "mode": "lines",
                     "line": {"width": 0}, "fill": "tonexty", "fillcolor": BAND_COLOR, "hoverinfo": "skip",
                     "legendgroup": "band", "name": "10th-90th percentile of history so far", "uid": "band-high"})
    data.append({
        "type": "scatter", "x": days, "y": corr.to_numpy(), "name": f"{small_label} returns", "mode": "lines",
        "line": {"color": SMALL_COLOR, "width": 1.8}, "connectgaps": True, "uid": "correlation",
        "meta": {"column": f"{small_label} returns vs {rate_label} changes, {measure}"},  # the CSV says what alone
        "customdata": (100 * frame["percentile"]).to_numpy(),
        "hovertemplate": "%{y:.2f} (percentile %{customdata:.0f})<extra>" + small_label + "</extra>",
    })
    if "relative" in frame and frame["relative"].notna().any():
        data.append({
            "type": "scatter", "x": days, "y": frame["relative"].to_numpy(),
            "name": f"{small_label} minus {large_label} returns", "mode": "lines",
            "meta": {"column": f"{small_label} minus {large_label} returns vs {rate_label} changes, {measure}"},
            "line": {"color": RATIO_COLOR, "width": 1.4, "dash": "dash"}, "connectgaps": True,
            "uid": "relative", "customdata": (100 * frame["relative_percentile"]).to_numpy(),
            "hovertemplate": "%{y:.2f} (percentile %{customdata:.0f})<extra>relative</extra>",
        })
    if points is None:
        points = record_points(frame, history_start=history_start)
    for whole, name, uid in ((True, "Record since history start", "records"),
                             (False, f"Most extreme in {RECORD_MIN_YEARS}+ years", "records-5y")):
        chosen = points[points["whole"] == whole]
        if chosen.empty:
            continue
        symbols = [_SYMBOLS[d] + ("" if whole else "-open") for d in chosen["direction"]]
        data.append({
            "type": "scatter", "x": _days(chosen.index), "y": chosen["value"].to_numpy(), "mode": "markers",
            "name": name, "uid": uid,
            "marker": {"symbol": symbols, "size": 9 if whole else 7, "color": RECORD_COLOR},
            "text": chosen["text"].tolist(), "hovertemplate": "%{text}<extra></extra>",
        })
    title = (f"{small_label} vs {rate_label} changes, {window_label(window, freq)} rolling correlation: "
             f"{value:.2f} {period_phrase(last_day, freq)} ({ordinal(percentile_rank(pct))} percentile of history)")
    first, last = days[0], days[-1]
    layout = base_layout_dict(title=title, uirevision=f"correlation:{first}:{last}")
    layout["yaxis"] = {"title": {"text": "Correlation (coefficient)"}, "range": [-1.0, 1.0], "fixedrange": True,
                       "zeroline": False, "dtick": 0.25}
    layout["xaxis"] = {"title": {"text": "Date"}, "type": "date", "range": [first, last]}
    layout["shapes"] = [{"type": "line", "xref": "x domain", "yref": "y", "x0": 0, "x1": 1, "y0": 0.0, "y1": 0.0,
                         "line": {"color": "#999", "width": 1, "dash": "dot"}}]
    return with_wrapped_source_line({"data": data, "layout": layout}, source_line, width=160)


build_correlation_figure = figure_of(correlation_spec)
