"""Context shading for time-axis figures: NBER recessions, Fed cycles and Fed event lines.

Pure: each helper takes a figure and pandas inputs, adds shapes/traces/annotations clipped
to the figure's window ``[start, end]`` and returns the figure.

* Recessions (:func:`add_recession_shading`): grey rectangles behind the data, one per run
  of USREC months flagged 1. USREC is monthly on month-start dates and a 1 in month *m*
  covers that whole month, so a run shades ``[first month start, start of the month after
  the last]``. Shapes are not clickable; the first one carries the legend entry.
* Fed cycles (:func:`add_fed_regime_bands`): one filled scatter trace per hiking (light
  red) or cutting (light green) cycle, on a hidden y axis fixed to ``[0, 1]`` that overlays
  the data axis, so the bands span the plot height without touching the data's y range.
  A cycle covers the days from its first to its last move (announcement dates) inclusive,
  like :func:`analytics.regimes.to_fed_regime`, so it is drawn ``[first, last + 1 day]``.
  The bands are clickable: every point carries ``customdata = ["band", first, last]``
  (the whole cycle's ISO dates, even when the drawing is clipped), which the state hub's
  ``clicked_band`` turns into a window. Points are spread along the top edge (about
  :data:`BAND_POINTS` across the window) so that hovering or clicking anywhere over a band
  finds one of its points in ``x unified`` hover mode.
* Fed events (:func:`add_fed_event_lines`): dotted vertical lines with short labels at the
  first/last hike/cut dates inside the window.
* The source line (:func:`add_wrapped_source_line`): panels with context series name many
  sources; the line is wrapped so that it fits a half-width panel and an exported PNG.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from components.figures.common import add_source_line

__all__ = [
    "BAND_POINTS", "CUTTING_COLOR", "HIKING_COLOR", "MAX_EVENT_LINES", "RECESSION_COLOR", "RegimeBand",
    "add_fed_event_lines", "add_fed_regime_bands", "add_recession_shading", "event_labels",
    "add_wrapped_source_line", "recession_spans", "regime_bands", "wrap_source_line",
]

RECESSION_COLOR = "rgba(110, 110, 110, 0.18)"
HIKING_COLOR = "rgba(214, 39, 40, 0.13)"
CUTTING_COLOR = "rgba(44, 160, 44, 0.13)"
EVENT_COLOR = "#6b6b6b"
#: Points along a band's top edge per window width (hover/click targets, not drawing).
BAND_POINTS = 120
#: More Fed events than this in the window are not drawn (the bands already show them).
MAX_EVENT_LINES = 16
#: The source line's distance below the plot area and its line height, pixels.
SOURCE_OFFSET_PX = 58
SOURCE_LINE_PX = 13

_KINDS = {"hike": ("hiking", "Hiking cycle", HIKING_COLOR),
          "cut": ("cutting", "Cutting cycle", CUTTING_COLOR)}
_EVENT_WORDS = {"first_hike": "first hike", "last_hike": "last hike",
                "first_cut": "first cut", "last_cut": "last cut"}
_DAY = pd.Timedelta(days=1)


def _iso(day: pd.Timestamp) -> str:
    return f"{pd.Timestamp(day):%Y-%m-%d}"


def _pp(change: float) -> str:
    """``5.25`` -> ``"+5.25"``, ``0.0625`` -> ``"+0.0625"`` (the 1980s moved in 1/16 pp)."""
    text = f"{change:+.4f}".rstrip("0")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


# --------------------------------------------------------------------------- recessions
def recession_spans(usrec: pd.Series, *, start, end) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Shaded spans of the NBER recession indicator, clipped to ``[start, end]``.

    Args:
        usrec: FRED USREC, 0/1 per month on month-start (or any in-month) dates; NaN ignored.
        start: First date of the figure's window.
        end: Last date of the figure's window.

    Returns:
        ``(x0, x1)`` pairs, oldest first: consecutive months flagged 1 merged into
        ``[first month start, start of the month after the last]``, then clipped to the
        window; spans that do not overlap the window are dropped.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    flags = usrec.dropna()
    flags = flags[~flags.index.to_period("M").duplicated(keep="last")]
    months = flags.index.to_period("M")
    runs: list[list[pd.Period]] = []
    for month, flag in zip(months, flags.to_numpy() >= 0.5):
        if not flag:
            continue
        if runs and month == runs[-1][1] + 1:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    spans = []
    for first, last in runs:
        x0 = max(first.start_time, start)
        x1 = min((last + 1).start_time, end)
        if x0 < x1:
            spans.append((x0, x1))
    return spans


def add_recession_shading(fig: go.Figure, usrec: pd.Series | None, *, start, end,
                          xref: str = "x") -> go.Figure:
    """Grey rectangles behind the data for each recession in the window (see module doc).

    Args:
        fig: The figure to decorate (changed in place and returned).
        usrec: FRED USREC; ``None`` adds nothing.
        start: First date of the figure's window.
        end: Last date of the figure's window.
        xref: The x axis the dates refer to (``"x"``); the rectangles span the whole plot
            height (paper coordinates), every subplot included.
    """
    if usrec is None:
        return fig
    for i, (x0, x1) in enumerate(recession_spans(usrec, start=start, end=end)):
        fig.add_shape(
            type="rect", xref=xref, yref="paper", x0=_iso(x0), x1=_iso(x1), y0=0, y1=1,
            fillcolor=RECESSION_COLOR, line={"width": 0}, layer="below",
            name="NBER recession", legendgroup="recession", showlegend=i == 0,
        )
    return fig


# --------------------------------------------------------------------------- Fed cycles
@dataclass(frozen=True)
class RegimeBand:
    """One Fed cycle as drawn in a window.

    Attributes:
        kind: ``"hiking"`` or ``"cutting"``.
        first: Announcement date of the cycle's first move.
        last: Announcement date of its last move (so far, if ``provisional``).
        x0: Left edge as drawn: ``first`` clipped to the window.
        x1: Right edge as drawn: ``last + 1 day`` (the last day is covered) clipped.
        text: Hover text, e.g. ``"Hiking cycle 2022-03-16 to 2023-07-26 (11 moves, +5.25 pp)"``.
    """

    kind: str
    first: pd.Timestamp
    last: pd.Timestamp
    x0: pd.Timestamp
    x1: pd.Timestamp
    text: str

    @property
    def customdata(self) -> list[str]:
        """``["band", first, last]`` (ISO dates): what the state hub reads from a click."""
        return ["band", _iso(self.first), _iso(self.last)]


def _band_text(title: str, row) -> str:
    first, last = _iso(row.first_date), _iso(row.last_date)
    dates = first if first == last else f"{first} to {last}"
    moves = f"{row.n_moves} move" + ("" if row.n_moves == 1 else "s")
    more = "; latest cycle, may continue" if bool(row.provisional) else ""
    return f"{title} {dates} ({moves}, {_pp(row.total_change)} pp{more})"


def regime_bands(cycles: pd.DataFrame, *, start, end) -> list[RegimeBand]:
    """The cycles of :func:`analytics.regimes.calc_fed_cycles` that overlap ``[start, end]``.

    Args:
        cycles: Output of ``calc_fed_cycles`` (announcement dates in ``first_date`` and
            ``last_date``).
        start: First date of the figure's window.
        end: Last date of the figure's window.

    Returns:
        :class:`RegimeBand` per overlapping cycle, oldest first, drawn extents clipped.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    bands = []
    for row in cycles.itertuples(index=False):
        first, last = pd.Timestamp(row.first_date), pd.Timestamp(row.last_date)
        if first > end or last < start:
            continue
        kind, title, _ = _KINDS[row.direction]
        bands.append(RegimeBand(kind=kind, first=first, last=last, x0=max(first, start),
                                x1=min(last + _DAY, end), text=_band_text(title, row)))
    return bands


def _next_axis_number(fig: go.Figure, letter: str) -> int:
    used = {1}
    for key in fig.layout.to_plotly_json():
        if key.startswith(f"{letter}axis"):
            used.add(int(key[5:] or 1))
    for trace in fig.data:
        ref = getattr(trace, f"{letter}axis", None)
        if ref:
            used.add(int(ref[1:] or 1))
    return max(used) + 1


def _band_edge(band: RegimeBand, grid: pd.DatetimeIndex) -> list[str]:
    inside = grid[(grid > band.x0) & (grid < band.x1)]
    return [_iso(band.x0), *(_iso(d) for d in inside), _iso(band.x1)]


def add_fed_regime_bands(
    fig: go.Figure, cycles: pd.DataFrame | None, *, start, end, xaxis: str = "x", yaxis: str = "y",
    also_shade: tuple[str, ...] = (),
) -> go.Figure:
    """Clickable hiking/cutting bands over the data of one subplot (see module doc).

    Args:
        fig: The figure to decorate (changed in place and returned).
        cycles: Output of :func:`analytics.regimes.calc_fed_cycles`; ``None`` or empty adds
            nothing.
        start: First date of the figure's window.
        end: Last date of the figure's window.
        xaxis: The subplot's x axis (``"x"``).
        yaxis: The subplot's data y axis (``"y"``); the bands go on a new hidden axis that
            overlays it with the fixed range ``[0, 1]``.
        also_shade: Further y domains (e.g. ``("y2 domain",)``) to tint with plain shapes of
            the same colours, so the bands read across stacked subplots (not clickable).

    Returns:
        ``fig`` with one trace per band, named ``"Hiking cycle"``/``"Cutting cycle"`` with
        ``legendgroup`` ``"hiking"``/``"cutting"`` and one legend entry per kind.
    """
    if cycles is None or cycles.empty:
        return fig
    bands = regime_bands(cycles, start=start, end=end)
    if not bands:
        return fig
    number = _next_axis_number(fig, "y")
    overlay = f"yaxis{number}"
    fig.update_layout({overlay: {"overlaying": yaxis, "range": [0, 1], "visible": False,
                                 "fixedrange": True, "showgrid": False, "zeroline": False}})
    grid = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), periods=BAND_POINTS + 1).normalize().unique()
    seen: set[str] = set()
    colors = {kind: color for kind, _, color in _KINDS.values()}
    titles = {kind: title for kind, title, _ in _KINDS.values()}
    for band in bands:
        edge = _band_edge(band, grid)
        x = [*edge, edge[-1], edge[0]]
        y = [1.0] * len(edge) + [0.0, 0.0]
        fig.add_trace(go.Scatter(
            x=x, y=y, xaxis=xaxis, yaxis=f"y{number}", mode="lines", fill="toself",
            fillcolor=colors[band.kind], line={"width": 0}, name=titles[band.kind],
            legendgroup=band.kind, showlegend=band.kind not in seen, hoveron="points",
            hoverinfo="text", hovertext=band.text, customdata=[band.customdata] * len(x),
            uid=f"band-{band.kind}-{_iso(band.first)}",
        ))
        seen.add(band.kind)
        for domain in also_shade:
            fig.add_shape(type="rect", xref=xaxis, yref=domain, x0=_iso(band.x0), x1=_iso(band.x1),
                          y0=0, y1=1, fillcolor=colors[band.kind], line={"width": 0}, layer="below")
    return fig


# --------------------------------------------------------------------------- Fed events
def event_labels(events: pd.DataFrame, *, start, end) -> list[tuple[pd.Timestamp, str]]:
    """Dates and short labels of the Fed events inside ``[start, end]``.

    Args:
        events: Output of :func:`analytics.regimes.calc_fed_events`.
        start: First date of the figure's window.
        end: Last date of the figure's window.

    Returns:
        ``(date, label)`` pairs by date; events on one date share a label
        (``"first hike / last hike"`` for a one-move cycle); a provisional last move reads
        ``"last cut (so far)"``.
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    inside = events[(events["date"] >= start) & (events["date"] <= end)]
    labels: dict[pd.Timestamp, list[str]] = {}
    for row in inside.itertuples(index=False):
        word = _EVENT_WORDS.get(row.event, str(row.event).replace("_", " "))
        if bool(row.provisional):
            word += " (so far)"
        labels.setdefault(pd.Timestamp(row.date), []).append(word)
    return [(day, " / ".join(words)) for day, words in sorted(labels.items())]


def add_fed_event_lines(fig: go.Figure, events: pd.DataFrame | None, *, start, end,
                        xref: str = "x") -> go.Figure:
    """Dotted vertical lines with small rotated labels at Fed events in the window.

    Labels sit right of their line, left of it in the last tenth of the window.

    Nothing is drawn when ``events`` is ``None``/empty or holds more than
    :data:`MAX_EVENT_LINES` dates in the window (long windows: the bands say it already).
    """
    if events is None or events.empty:
        return fig
    labels = event_labels(events, start=start, end=end)
    if len(labels) > MAX_EVENT_LINES:
        return fig
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    width = max((end - start).total_seconds(), 1.0)
    for day, text in labels:
        right_edge = (day - start).total_seconds() / width > 0.9
        fig.add_shape(type="line", xref=xref, yref="paper", x0=_iso(day), x1=_iso(day), y0=0, y1=1,
                      line={"color": EVENT_COLOR, "width": 1, "dash": "dot"}, layer="below")
        fig.add_annotation(
            text=text, x=_iso(day), xref=xref, y=1.0, yref="paper", showarrow=False, textangle=-90,
            xanchor="right" if right_edge else "left", yanchor="top",
            font={"size": 9, "color": EVENT_COLOR},
            hovertext=f"Fed {text}: {_iso(day)} (announcement)",
        )
    return fig


# --------------------------------------------------------------------------- source line
def wrap_source_line(text: str, *, width: int = 110) -> list[str]:
    """Split a ``"Source: a; b; c. ..."`` line at ``"; "`` into lines of about ``width`` chars."""
    lines: list[str] = []
    for part in text.split("; "):
        if lines and len(lines[-1]) + 2 + len(part) <= width:
            lines[-1] += "; " + part
        else:
            lines.append(part)
    return lines


def add_wrapped_source_line(fig: go.Figure, text: str, *, width: int = 110) -> go.Figure:
    """:func:`components.figures.common.add_source_line` over several lines when long.

    Long source lines (many series) are wrapped at ``"; "``. The line is pinned a fixed
    :data:`SOURCE_OFFSET_PX` below the plot (under the x tick labels and axis title) and the
    bottom margin is sized to its line count, so it is neither clipped nor overlapping at
    any figure height (the page's panels, a 1200x600 PNG export).
    """
    lines = wrap_source_line(text, width=width)
    add_source_line(fig, ";<br>".join(lines))
    fig.layout.annotations[-1].update(y=0, yshift=-SOURCE_OFFSET_PX)
    fig.update_layout(margin={"b": SOURCE_OFFSET_PX + SOURCE_LINE_PX * len(lines) + 8})
    return fig
