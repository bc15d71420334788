"""A figure's title, legend and source line fitted to an image width, for PNG exports.

On the page, ``assets/fit_titles.js`` measures each drawn chart: it wraps a title wider than
its chart and moves the plot down when the legend (on the plot's top edge, growing upwards)
would meet the title. A PNG is drawn without that script, so before an export the same two
steps are done here from estimated text widths: plotly does not wrap titles, and with the Ken
French portfolios' long names a 1200 px export cut the title's end (the relative return) off
and put the legend's rows under it.
"""

from __future__ import annotations

import copy
import textwrap

#: Average character width in ems of the charts' sans-serif fonts (a little over the usual
#: 0.5-0.55, so that an estimate errs towards wrapping and room).
EM_PER_CHAR = 0.6
#: Plotly's title font size at the layout's 12 px font, and its line height.
TITLE_PX, TITLE_LINE_PX = 17, 23
#: A horizontal legend entry: the symbol and gaps around the text, and a row's height.
LEGEND_ENTRY_PX, LEGEND_ROW_PX = 40, 29
#: Space between the title's last line and the legend's top row.
GAP_PX = 6
#: A line of a subtitle (the rates chart's levels, the spreads chart's table: 11-12 px text).
SUBTITLE_LINE_PX = 16


def legend_rows(names: list[str], width: float, font_px: float = 12) -> int:
    """How many rows a horizontal legend of ``names`` takes in ``width`` pixels (entries placed
    left to right, a new row when the next does not fit)."""
    rows, used = 0, width
    for name in names:
        entry = LEGEND_ENTRY_PX + len(name) * font_px * EM_PER_CHAR
        if used + entry > width:
            rows, used = rows + 1, 0.0
        used += entry
    return rows


def _legend_names(figure: dict) -> list[str]:
    layout = figure.get("layout") or {}
    if layout.get("showlegend") is False:
        return []
    return [str(trace["name"]) for trace in figure.get("data") or []
            if trace.get("name") and trace.get("showlegend", True) is not False]


def _fit_source(figure: dict, width: int) -> dict:
    """``figure`` with its source line (:func:`components.figures.shading.wrapped_source_line`)
    wrapped again to ``width`` pixels when a line is wider, the bottom margin grown by the lines
    added (an 800 px export cut the event study's source line at "via FRED (local co")."""
    from components.figures.shading import SOURCE_LINE_PX, SOURCE_OFFSET_PX, wrap_source_line

    layout = figure.get("layout") or {}
    notes = layout.get("annotations") or []
    at = next((i for i, a in enumerate(notes) if isinstance(a, dict) and a.get("yshift") == -SOURCE_OFFSET_PX
               and a.get("xref") == "paper" and a.get("x") == 0.0), None)
    if at is None or "b" not in (layout.get("margin") or {}):
        return figure
    old = str(notes[at].get("text") or "").split("<br>")
    size = (notes[at].get("font") or {}).get("size", 10)
    chars = max(30, int((width - layout["margin"].get("l", 60) - 10) / (size * EM_PER_CHAR)))
    if max(len(line) for line in old) <= chars:
        return figure
    lines = wrap_source_line(" ".join(old), width=chars)
    fitted = copy.deepcopy({k: v for k, v in figure.items() if k != "data"})
    fitted["data"] = figure.get("data")
    fitted["layout"]["annotations"][at]["text"] = "<br>".join(lines)
    fitted["layout"]["margin"]["b"] += SOURCE_LINE_PX * max(0, len(lines) - len(old))
    return fitted


#: A vertical legend's row (one line of 12 px text) and a thick line's (a median, a rate).
V_LEGEND_ROW_PX, V_LEGEND_THICK_PX = 20, 29


def fit_legend(figure: dict, height: int) -> dict:
    """``figure`` with a vertical legend cut to what ``height`` pixels show, saying so: the
    entries ranked last (the event study's oldest events) leave the legend and one entry says how
    many and where they are (a 2400x1200 PNG of 24 last hikes listed 13, the 13th cut in half,
    and nothing said 11 more were drawn)."""
    layout = figure.get("layout") or {}
    legend, margin = layout.get("legend") or {}, layout.get("margin") or {}
    if legend.get("orientation") != "v" or "t" not in margin or "b" not in margin:
        return figure
    shown = [i for i, t in enumerate(figure.get("data") or []) if t.get("name") and t.get("showlegend", True) is not False]
    shown.sort(key=lambda i: figure["data"][i].get("legendrank", 1000))
    room = height - margin["t"] - margin["b"]
    rows = [V_LEGEND_THICK_PX if figure["data"][i].get("legendgroup") is None else V_LEGEND_ROW_PX for i in shown]
    if sum(rows) <= room:
        return figure
    keep, used = 0, V_LEGEND_ROW_PX  # (room for the entry that says what was left out)
    while keep < len(shown) and used + rows[keep] <= room:
        used, keep = used + rows[keep], keep + 1
    fitted = copy.deepcopy({k: v for k, v in figure.items() if k != "data"})
    fitted["data"] = [dict(t) for t in figure["data"]]
    for i in shown[keep:]:
        fitted["data"][i]["showlegend"] = False
    last_rank = max(t.get("legendrank", 1000) for t in figure["data"])
    fitted["data"].append({"type": "scatter", "x": [None], "y": [None], "mode": "lines", "hoverinfo": "skip",
                           "name": f"... {len(shown) - keep} more, drawn (listed in the CSV)",
                           "line": {"color": "rgba(0,0,0,0)"}, "legendrank": last_rank + 1})
    return fitted


def fit_to_width(figure: dict, width: int) -> dict:
    """:func:`fit_title` then :func:`_fit_source` (the source line wrapped to the width)."""
    return _fit_source(fit_title(figure, width), width)


def fit_title(figure: dict, width: int) -> dict:
    """``figure`` (a spec dict) with its title wrapped to ``width`` pixels and its top margin
    grown so that the title's lines, its subtitle's and a horizontal legend on the plot's top
    edge fit above the plot without meeting; unchanged when they already do. The figure given is
    not changed."""
    layout = figure.get("layout") or {}
    title = layout.get("title") or {}
    text = title.get("text") if isinstance(title, dict) else None
    margin = layout.get("margin") or {}
    if not text or "t" not in margin or "<br>" in text:
        return figure
    chars = max(20, int(width * 0.96 / (TITLE_PX * EM_PER_CHAR)))
    lines = textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [text]
    legend = layout.get("legend") or {}
    on_top = legend.get("orientation") == "h" and legend.get("yanchor") == "bottom" and legend.get("y", 1) >= 1
    plot_width = width - margin.get("l", 80) - margin.get("r", 80)
    rows = legend_rows(_legend_names(figure), plot_width) if on_top else 0
    pad = (title.get("pad") or {}).get("t", 0)
    subtitle = (title.get("subtitle") or {}).get("text") or ""
    below = (subtitle.count("<br>") + 1) * SUBTITLE_LINE_PX if subtitle else 0
    needed = pad + len(lines) * TITLE_LINE_PX + below + GAP_PX + rows * LEGEND_ROW_PX
    if len(lines) == 1 and needed <= margin["t"]:
        return figure
    fitted = copy.deepcopy({k: v for k, v in figure.items() if k != "data"})
    fitted["data"] = figure.get("data")
    fitted["layout"]["title"]["text"] = "<br>".join(lines)
    fitted["layout"]["margin"]["t"] = max(margin["t"], needed)
    return fitted
