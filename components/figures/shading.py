"""Context shading for time-axis figures: NBER recessions, Fed cycles and Fed event lines.

Pure. Item builders (:func:`recession_shapes`, :func:`regime_band_traces`,
:func:`event_items`, :func:`wrapped_source_line`) return plain trace/shape/annotation dicts
clipped to the figure's window ``[start, end]``. The ``with_*`` helpers take a figure *spec*
(a plain ``{"data": [...], "layout": {...}}`` dict), append to it in place and return it: a
chart is built without any plotly object and validated once, by ``go.Figure(spec)``.

What is drawn:

* Recessions (:func:`with_recession_shading`): grey
  rectangles behind the data, one per run of USREC months flagged 1. USREC is monthly on
  month-start dates and a 1 in month *m* covers that whole month, so a run shades
  ``[first month start, start of the month after the last]``. Shapes are not clickable;
  the first one carries the legend entry.
* Fed cycles (:func:`with_fed_regime_bands`): one filled
  scatter trace per hiking (light red) or cutting (light green) cycle, on a hidden y axis
  fixed to ``[0, 1]`` that overlays the data axis, so the bands span the plot height
  without touching the data's y range. A cycle covers the days from its first to its last
  move (announcement dates) inclusive, like :func:`analytics.regimes.to_fed_regime`, so it
  is drawn ``[first, last + 1 day]``. The bands are clickable: every point carries
  ``customdata = ["band", first, last]`` (the whole cycle's ISO dates, even when the
  drawing is clipped). Selecting a cycle is an explicit click on its chip (:func:`band_chips`,
  a small labelled arrow above the band), which the state hub's ``clicked_band`` turns into
  a window; a click elsewhere on a band does nothing. Points
  are spread along the top edge (about :data:`BAND_POINTS` across the window) so that
  hovering or clicking anywhere over a band finds one of its points in ``x unified`` hover
  mode.
* Fed events (:func:`with_fed_event_lines`): dotted vertical
  lines with short labels at the first/last hike/cut dates inside the window.
* The source line (:func:`with_wrapped_source_line`):
  panels with context series name many sources; the line is wrapped so that it fits a
  half-width panel and an exported PNG, and the bottom margin is sized to it.
"""

from __future__ import annotations

import textwrap
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.figures.common import source_annotation

__all__ = [
    "BAND_POINTS", "CUTTING_COLOR", "HIKING_COLOR", "MAX_EVENT_LINES", "RECESSION_COLOR", "RegimeBand",
    "band_chips", "event_items", "event_labels", "recession_shapes", "recession_spans",
    "regime_band_traces", "regime_bands", "with_fed_event_lines", "with_fed_regime_bands",
    "with_recession_shading", "with_shapes", "with_wrapped_source_line", "wrap_source_line",
    "wrapped_source_line",
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
    months = flags.index.to_period("M")
    last_of_month = ~months.duplicated(keep="last")
    flagged = months[last_of_month & (flags.to_numpy() >= 0.5)]
    if flagged.empty:
        return []
    # A run goes on while each flagged month is the month after the previous flagged one.
    breaks = np.flatnonzero(np.diff(flagged.asi8) != 1)
    firsts = flagged[np.r_[0, breaks + 1]].to_timestamp()
    afters = (flagged[np.r_[breaks, len(flagged) - 1]] + 1).to_timestamp()
    spans = []
    # only the recessions that overlap the window become Timestamps (numpy's dates first)
    near = np.flatnonzero((firsts.to_numpy() < end.to_datetime64()) & (afters.to_numpy() > start.to_datetime64()))
    for first, after in zip(firsts[near], afters[near]):
        x0, x1 = max(first, start), min(after, end)
        if x0 < x1:
            spans.append((x0, x1))
    return spans


def recession_shapes(usrec: pd.Series | None, *, start, end, xref: str = "x") -> list[dict]:
    """Grey rectangles behind the data for each recession in the window (see module doc).

    Args:
        usrec: FRED USREC; ``None`` gives none.
        start: First date of the figure's window.
        end: Last date of the figure's window.
        xref: The x axis the dates refer to (``"x"``); the rectangles span the whole plot
            height (paper coordinates), every subplot included.

    Returns:
        Shape dicts, oldest first; the first carries the legend entry "NBER recession".
    """
    if usrec is None:
        return []
    return [{"type": "rect", "xref": xref, "yref": "paper", "x0": _iso(x0), "x1": _iso(x1), "y0": 0, "y1": 1,
             "fillcolor": RECESSION_COLOR, "line": {"width": 0}, "layer": "below",
             "name": "NBER recession", "legendgroup": "recession", "showlegend": i == 0}
            for i, (x0, x1) in enumerate(recession_spans(usrec, start=start, end=end))]


def with_recession_shading(spec: dict, usrec: pd.Series | None, *, start, end, xref: str = "x") -> dict:
    """:func:`recession_shapes` appended to a figure spec (changed in place and returned)."""
    return with_shapes(spec, recession_shapes(usrec, start=start, end=end, xref=xref))


def with_shapes(spec: dict, shapes: list[dict], annotations: list[dict] = ()) -> dict:
    """Append shapes and annotations to a figure spec's layout (changed in place and returned)."""
    layout = spec.setdefault("layout", {})
    if shapes:
        layout["shapes"] = [*layout.get("shapes", ()), *shapes]
    if annotations:
        layout["annotations"] = [*layout.get("annotations", ()), *annotations]
    return spec


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


#: The fields of a cycle (a row of :func:`analytics.regimes.calc_fed_cycles`) a band reads.
_Cycle = namedtuple("_Cycle", "first_date last_date direction n_moves total_change provisional")


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
    # the overlapping cycles first, on numpy's dates, then only their fields: rows as tuples
    # (itertuples) convert every column, about 1.5 ms for the whole history on each figure
    firsts, lasts = (cycles[c].to_numpy(dtype="datetime64[ns]") for c in ("first_date", "last_date"))
    overlapping = np.flatnonzero(~((firsts > end.to_datetime64()) | (lasts < start.to_datetime64())))
    picked = cycles.iloc[overlapping]
    for row in map(_Cycle._make, zip(*(picked[c].tolist() for c in _Cycle._fields))):
        first, last = pd.Timestamp(row.first_date), pd.Timestamp(row.last_date)
        kind, title, _ = _KINDS[row.direction]
        bands.append(RegimeBand(kind=kind, first=first, last=last, x0=max(first, start),
                                x1=min(last + _DAY, end), text=_band_text(title, row)))
    return bands


def _next_axis_number(layout_keys, trace_refs, letter: str) -> int:
    """The first free axis number after those named by layout keys (``"yaxis2"``) and traces (``"y2"``)."""
    used = {1}
    for key in layout_keys:
        if key.startswith(f"{letter}axis"):
            used.add(int(key[5:] or 1))
    for ref in trace_refs:
        if ref:
            used.add(int(ref[1:] or 1))
    return max(used) + 1


def _band_edge(band: RegimeBand, grid: pd.DatetimeIndex) -> list[str]:
    inside = grid[(grid > band.x0) & (grid < band.x1)]
    return [_iso(band.x0), *inside.strftime("%Y-%m-%d"), _iso(band.x1)]


def _overlay_axis(yaxis: str) -> dict:
    """The bands' hidden y axis, fixed to ``[0, 1]`` over the data axis ``yaxis``."""
    return {"overlaying": yaxis, "range": [0, 1], "visible": False,
            "fixedrange": True, "showgrid": False, "zeroline": False}


def regime_band_traces(bands: list[RegimeBand], *, start, end, xaxis: str = "x",
                       yaxis: str = "y2") -> list[dict]:
    """One filled scatter trace dict per band (see module doc).

    Args:
        bands: :func:`regime_bands` of the window.
        start: First date of the figure's window.
        end: Last date of the figure's window.
        xaxis: The subplot's x axis (``"x"``).
        yaxis: The bands' own overlay y axis (``"y2"``, laid out by the caller).

    Returns:
        Trace dicts named ``"Hiking cycle"``/``"Cutting cycle"`` with ``legendgroup``
        ``"hiking"``/``"cutting"`` and one legend entry per kind.
    """
    grid = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), periods=BAND_POINTS + 1).normalize().unique()
    seen: set[str] = set()
    colors = {kind: color for kind, _, color in _KINDS.values()}
    titles = {kind: title for kind, title, _ in _KINDS.values()}
    traces = []
    for band in bands:
        edge = _band_edge(band, grid)
        x = [*edge, edge[-1], edge[0]]
        traces.append({
            "type": "scatter", "x": x, "y": [1.0] * len(edge) + [0.0, 0.0], "xaxis": xaxis, "yaxis": yaxis,
            "mode": "lines", "fill": "toself", "fillcolor": colors[band.kind], "line": {"width": 0},
            "name": titles[band.kind], "legendgroup": band.kind, "showlegend": band.kind not in seen,
            "hoveron": "points", "hoverinfo": "text", "hovertext": band.text,
            "customdata": [band.customdata] * len(x), "uid": f"band-{band.kind}-{_iso(band.first)}",
        })
        seen.add(band.kind)
    return traces


#: A band narrower than this share of the window gets the arrow only as its chip.
CHIP_WORDS_SHARE = 0.1


def band_chips(bands: list[RegimeBand], *, start, end, xaxis: str = "x", y: float | None = None) -> list[dict]:
    """One clickable label per band: selecting a cycle is this click (a click anywhere else on
    a band does nothing). Each chip's ``name`` is ``"band|<first>|<last>"`` (the whole cycle's
    ISO dates), read by the state hub. ``y``: the chips' middle in paper coordinates (a figure
    whose legend sits on the plot's top edge puts them in the gap between its subplots);
    ``None``: on the plot's top edge."""
    width = max((pd.Timestamp(end) - pd.Timestamp(start)).total_seconds(), 1.0)
    colors = {"hiking": "#b02a2b", "cutting": "#237a23"}
    chips = []
    for band in bands:
        arrow, word = ("\u25b2", "hikes") if band.kind == "hiking" else ("\u25bc", "cuts")
        wide = (band.x1 - band.x0).total_seconds() / width >= CHIP_WORDS_SHARE
        middle = band.x0 + (band.x1 - band.x0) / 2
        chips.append({
            "text": f"{arrow} {word}" if wide else arrow, "name": "|".join(band.customdata),
            "x": _iso(middle), "xref": xaxis, "y": 1.0 if y is None else y, "yref": "paper",
            "yanchor": "bottom" if y is None else "middle",
            "showarrow": False, "captureevents": True, "font": {"size": 10, "color": colors[band.kind]},
            "bgcolor": "rgba(255,255,255,0.85)", "bordercolor": colors[band.kind], "borderwidth": 1,
            "borderpad": 1, "hovertext": f"Show this cycle: {band.text}",
        })
    return chips


def _band_shades(bands: list[RegimeBand], *, xaxis: str, also_shade: tuple[str, ...]) -> list[dict]:
    colors = {kind: color for kind, _, color in _KINDS.values()}
    return [{"type": "rect", "xref": xaxis, "yref": domain, "x0": _iso(band.x0), "x1": _iso(band.x1),
             "y0": 0, "y1": 1, "fillcolor": colors[band.kind], "line": {"width": 0}, "layer": "below"}
            for band in bands for domain in also_shade]


def with_fed_regime_bands(
    spec: dict, cycles: pd.DataFrame | None, *, start, end, xaxis: str = "x", yaxis: str = "y",
    also_shade: tuple[str, ...] = (), chip_y: float | None = None,
) -> dict:
    """Clickable hiking/cutting bands over the data of one subplot of a figure spec.

    Args:
        spec: The figure spec to decorate (changed in place and returned).
        cycles: Output of :func:`analytics.regimes.calc_fed_cycles`; ``None`` or empty adds
            nothing.
        start: First date of the figure's window.
        end: Last date of the figure's window.
        xaxis: The subplot's x axis (``"x"``).
        yaxis: The subplot's data y axis (``"y"``); the bands go on a new hidden axis (numbered
            after every y axis the spec's layout or traces name) that overlays it with the
            fixed range ``[0, 1]``.
        also_shade: Further y domains (e.g. ``("y2 domain",)``) to tint with plain shapes of
            the same colours, so the bands read across stacked subplots (not clickable).
        chip_y: Where the cycles' chips sit (:func:`band_chips`' ``y``).

    Returns:
        ``spec`` with the :func:`regime_band_traces` appended to its data.
    """
    bands = [] if cycles is None or cycles.empty else regime_bands(cycles, start=start, end=end)
    if not bands:
        return spec
    data, layout = spec.setdefault("data", []), spec.setdefault("layout", {})
    number = _next_axis_number(layout, (trace.get("yaxis") for trace in data), "y")
    layout[f"yaxis{number}"] = _overlay_axis(yaxis)
    data.extend(regime_band_traces(bands, start=start, end=end, xaxis=xaxis, yaxis=f"y{number}"))
    return with_shapes(spec, _band_shades(bands, xaxis=xaxis, also_shade=also_shade),
                       band_chips(bands, start=start, end=end, xaxis=xaxis, y=chip_y))


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
    dates = events["date"].to_numpy(dtype="datetime64[ns]")  # (numpy: see regime_bands)
    inside = events.iloc[np.flatnonzero((dates >= start.to_datetime64()) & (dates <= end.to_datetime64()))]
    labels: dict[pd.Timestamp, list[str]] = {}
    for date, event, provisional in zip(*(inside[c].tolist() for c in ("date", "event", "provisional"))):
        word = _EVENT_WORDS.get(event, str(event).replace("_", " "))
        if bool(provisional):
            word += " (so far)"
        labels.setdefault(pd.Timestamp(date), []).append(word)
    return [(day, " / ".join(words)) for day, words in sorted(labels.items())]


def event_items(events: pd.DataFrame | None, *, start, end, xref: str = "x") -> tuple[list[dict], list[dict]]:
    """Dotted vertical lines with small rotated labels at Fed events in the window.

    Labels sit right of their line, left of it in the last tenth of the window.

    Returns:
        ``(line shapes, label annotations)``; both empty when ``events`` is ``None``/empty
        or holds more than :data:`MAX_EVENT_LINES` dates in the window (long windows: the
        bands say it already).
    """
    if events is None or events.empty:
        return [], []
    labels = event_labels(events, start=start, end=end)
    if len(labels) > MAX_EVENT_LINES:
        return [], []
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    width = max((end - start).total_seconds(), 1.0)
    lines, notes = [], []
    for day, text in labels:
        right_edge = (day - start).total_seconds() / width > 0.9
        lines.append({"type": "line", "xref": xref, "yref": "paper", "x0": _iso(day), "x1": _iso(day),
                      "y0": 0, "y1": 1, "line": {"color": EVENT_COLOR, "width": 1, "dash": "dot"},
                      "layer": "below"})
        notes.append({"text": text, "x": _iso(day), "xref": xref, "y": 1.0, "yref": "paper",
                      "showarrow": False, "textangle": -90, "xanchor": "right" if right_edge else "left",
                      "yanchor": "top", "font": {"size": 9, "color": EVENT_COLOR},
                      "hovertext": f"Fed {text}: {_iso(day)} (announcement)"})
    return lines, notes


def with_fed_event_lines(spec: dict, events: pd.DataFrame | None, *, start, end, xref: str = "x") -> dict:
    """:func:`event_items` appended to a figure spec (changed in place and returned)."""
    return with_shapes(spec, *event_items(events, start=start, end=end, xref=xref))


def wrap_source_line(text: str, *, width: int = 110) -> list[str]:
    """Split a ``"Source: a; b; c. ..."`` line into lines of about ``width`` chars: at ``"; "``
    (a line that ends an item keeps its ``";"``), and an item longer than ``width`` (a Ken
    French portfolio's name, table and publisher) at spaces."""
    lines: list[str] = []
    for part in text.split("; "):
        pieces = (textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False)
                  if len(part) > width else [part])
        if lines and len(pieces) == 1 and len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] += " " + part
        else:
            lines.extend(pieces)
        lines[-1] += ";"
    lines[-1] = lines[-1][:-1]
    return lines


def wrapped_source_line(text: str, *, width: int = 110) -> tuple[dict, int]:
    """:func:`components.figures.common.source_annotation` over several lines when long.

    Long source lines (many series) are wrapped at ``"; "``. The line is pinned a fixed
    :data:`SOURCE_OFFSET_PX` below the plot (under the x tick labels and axis title) and the
    bottom margin is sized to its line count, so it is neither clipped nor overlapping at
    any figure height (the page's panels, a 1200x600 PNG export).

    Returns:
        ``(annotation, bottom margin in pixels)``.
    """
    lines = wrap_source_line(text, width=width)
    note = {**source_annotation("<br>".join(lines)), "y": 0, "yshift": -SOURCE_OFFSET_PX}
    return note, SOURCE_OFFSET_PX + SOURCE_LINE_PX * len(lines) + 8


def with_wrapped_source_line(spec: dict, text: str, *, width: int = 110) -> dict:
    """:func:`wrapped_source_line` as a figure spec's last annotation and its bottom margin.

    ``spec`` is changed in place and returned.
    """
    note, bottom = wrapped_source_line(text, width=width)
    with_shapes(spec, [], [note])
    spec["layout"].setdefault("margin", {})["b"] = bottom
    return spec
