"""Overlay series drawn over a time chart, each on its own right-hand y axis with its unit."""

from __future__ import annotations

from components.figures.common import source_annotation

#: Colours of the overlays (distinct from the panels' own series).
OVERLAY_COLORS = ("#8c564b", "#e377c2", "#17becf")
#: Width (share of the plot) each further right-hand axis takes.
AXIS_STEP = 0.07


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
    cite = {**source_annotation("Overlays: " + "; ".join(o.citation for o in overlays) + "."),
            "y": 1.0, "yanchor": "bottom", "x": 1.0, "xanchor": "right", "align": "right"}
    layout["annotations"] = [*layout.get("annotations", ()), cite]
    return spec
