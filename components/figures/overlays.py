"""Overlay series drawn over a time chart, each on its own right-hand y axis with its unit."""

from __future__ import annotations

from components.figures.common import source_annotation
from components.figures.shading import SOURCE_LINE_PX, wrap_source_line

#: Colours of the overlays (distinct from the panels' own series).
OVERLAY_COLORS = ("#8c564b", "#e377c2", "#17becf")
#: Width (share of the plot) each further right-hand axis takes: its tick labels and title
#: (0.07, 35 px on the page's half-width charts, put two axes' labels on each other).
AXIS_STEP = 0.12
#: Characters per line of the overlays' sources under a chart without a source line of its own.
CITE_WIDTH = 95


def with_overlays(spec: dict, overlays, *, xaxis: str = "x", yaxis: str = "y") -> dict:
    """Append ``overlays`` (:class:`panels.overlays.Overlay` list) to a figure spec (changed in
    place and returned): a dotted line per series on a new y axis overlaying ``yaxis``, titled
    with the series and its unit; with several, the plot narrows to make room for the axes.
    A line under the plot cites their sources."""
    if not overlays:
        return spec
    data, layout = spec.setdefault("data", []), spec.setdefault("layout", {})
    used = {1} | {int(k[5:] or 1) for k in layout if k.startswith("yaxis")}
    right = 1.0 - AXIS_STEP * (len(overlays) - 1)
    layout.setdefault(xaxis.replace("x", "xaxis", 1), {})["domain"] = [0.0, right]
    for i, overlay in enumerate(overlays):
        number = max(used) + 1
        used.add(number)
        color = OVERLAY_COLORS[i % len(OVERLAY_COLORS)]
        layout[f"yaxis{number}"] = {
            "title": {"text": overlay.axis_title, "font": {"color": color, "size": 11}},
            "overlaying": yaxis, "side": "right", "showgrid": False, "zeroline": False,
            "tickfont": {"color": color, "size": 10},
            **({"anchor": xaxis} if i == 0 else {"anchor": "free", "position": min(right + AXIS_STEP * i, 1.0)}),
        }
        data.append({
            "type": "scatter", "mode": "lines", "name": f"{overlay.label} (right axis)",
            "x": overlay.series.index.strftime("%Y-%m-%d").tolist(), "y": overlay.series.to_numpy(),
            "xaxis": xaxis, "yaxis": f"y{number}", "uid": f"overlay-{overlay.key}",
            "line": {"color": color, "width": 1.3, "dash": "dot"},
            "hovertemplate": f"{overlay.label}: %{{y:.2f}}<extra></extra>",
        })
    margin = layout.setdefault("margin", {})
    margin["r"] = max(margin.get("r", 0), 70)
    _cite("Overlays: " + "; ".join(o.citation for o in overlays) + ".", layout)
    return spec


def _cite(text: str, layout: dict) -> None:
    """``text`` as more lines of the figure's source line under the plot (wrapped at its width),
    the bottom margin and the figure's height grown by those lines; a figure without a source
    line gets the text over the plot's top right, as a line of its own. (Over the plot, a long
    citation ran over the legend and past the chart's left edge.)"""
    notes = list(layout.get("annotations") or ())
    for i, note in enumerate(notes):
        old = str(note.get("text", ""))
        if old.startswith("Source: "):
            lines = wrap_source_line(text, width=max(60, *(len(line) for line in old.split("<br>"))))
            notes[i] = {**note, "text": "<br>".join([old, *lines])}
            layout["annotations"] = notes
            grow = SOURCE_LINE_PX * len(lines)
            layout["margin"]["b"] = layout["margin"].get("b", 0) + grow
            if layout.get("height"):
                layout["height"] += grow
            return
    layout["annotations"] = [*notes, {**source_annotation("<br>".join(wrap_source_line(text, width=CITE_WIDTH))),
                                      "y": 1.0, "yanchor": "bottom", "x": 1.0, "xanchor": "right", "align": "right"}]
