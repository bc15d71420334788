"""Figure of the leverage-quartile analysis: returns per quartile and debt-to-equity spread."""

from __future__ import annotations

import numpy as np

from analytics.format import counted
from analytics.leverage import QuartileResult
from components.figures.common import (
    LARGE_COLOR, RATIO_COLOR, SMALL_COLOR, TITLE_TOP, base_layout_dict, figure_of,
)
from components.figures.shading import with_wrapped_source_line

MEDIAN_COLOR = "#ff9896"
#: Quartiles with fewer stocks than this are marked as a small sample.
SMALL_SAMPLE = 10


def _percent(value: float | None) -> float | None:
    return None if value is None else 100.0 * value


#: Axis domains and subplot-title positions of the two charts (plotly's make_subplots for
#: ``cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.1``).
LEFT_DOMAIN, RIGHT_DOMAIN = (0.0, 0.495), (0.595, 1.0)

#: The figure's height (pixels) with the two charts side by side.
HEIGHT = 520
#: Below this chart width (CSS pixels: a phone) the two charts are stacked (:func:`narrow_layout`).
NARROW_BELOW_PX = 600
#: The stacked figure's height and its two plots' heights (paper fractions): the returns on top,
#: the ratios below; between them the bars' labels and the lower chart's title.
NARROW_HEIGHT, NARROW_TOP, NARROW_BOTTOM = 940, (0.55, 1.0), (0.0, 0.37)
#: The legend's bottom edge (paper fraction) above the plot, side by side and stacked: just over
#: the subplot titles.
LEGEND_Y, NARROW_LEGEND_Y = 1.13, 1.06


def _subplot_title(text: str, domain: tuple[float, float]) -> dict:
    return {"text": text, "font": {"size": 16}, "showarrow": False, "x": (domain[0] + domain[1]) / 2,
            "xanchor": "center", "xref": "paper", "y": 1.0, "yanchor": "bottom", "yref": "paper"}


def leverage_spec(result: QuartileResult, *, title: str, source_line: str) -> dict:
    """Side by side: measure-window returns per quartile, and debt-to-equity per quartile.

    Args:
        result: Output of :func:`analytics.leverage.compute_quartiles`.
        title: Figure title.
        source_line: Sources, as-of date and what was left out, printed under the chart.

    Returns:
        A plain figure dict. Left: bars of mean and median measure-window return (percent)
        for quartiles 1-4 (and the negative-equity group when it has returns). Right: a box
        of debt-to-equity (ratio) per quartile with every stock as a point; the axis stops at
        1.25 times the 95th percentile so a few extreme ratios do not flatten the boxes (a
        note says how many points lie above).
    """
    spec = result.spec
    order = "worst" if spec.rank_by == "return" else "least levered"
    labels = [f"Q{q.label}" + (f" ({order})" if q.label == "1" else "")
              + (f"<br>n={q.n}: small sample" if q.n < SMALL_SAMPLE else "") for q in result.quartiles]
    means = [_percent(q.mean_return) for q in result.quartiles]
    medians = [_percent(q.median_return) for q in result.quartiles]
    hover_n = [q.n for q in result.quartiles]
    negative = result.negative_equity
    if negative.n_return:
        # (ranked by return they are in the quartiles too: the bar is the same stocks again)
        labels.append("Equity ≤ 0" if spec.rank_by == "leverage" else "Equity ≤ 0<br>(also ranked)")
        means.append(_percent(negative.mean_return))
        medians.append(_percent(negative.median_return))
        hover_n.append(negative.n_return)
    data = [{"type": "bar", "x": labels, "y": values, "name": name, "marker": {"color": color},
             "customdata": hover_n, "xaxis": "x", "yaxis": "y",
             "hovertemplate": "%{x}: %{y:+.1f}% (n=%{customdata})<extra>" + name + "</extra>"}
            for name, values, color in (("Mean return", means, SMALL_COLOR), ("Median return", medians, MEDIAN_COLOR))]
    table = result.table
    for q in result.quartiles:
        values = table.loc[table["quartile"] == int(q.label), "debt_to_equity"].dropna()
        data.append({
            "type": "box", "y": values.tolist(), "name": f"Q{q.label}", "text": list(values.index),
            "boxpoints": "all", "jitter": 0.4, "pointpos": 0, "xaxis": "x2", "yaxis": "y2",
            "marker": {"color": LARGE_COLOR, "size": 4, "opacity": 0.5}, "line": {"color": RATIO_COLOR},
            "fillcolor": "rgba(44, 62, 80, 0.08)", "showlegend": False,
            "hovertemplate": "%{text}: %{y:.2f}<extra>Q" + q.label + "</extra>",
        })
    layout = base_layout_dict(title=title, uirevision="leverage", height=HEIGHT)
    # the legend sits right of the title block, above the subplot titles
    layout.update(barmode="group", hovermode="closest",
                  legend={**layout["legend"], "y": LEGEND_Y, "yanchor": "bottom", "x": 1.0, "xanchor": "right"},
                  xaxis={"anchor": "y", "domain": list(LEFT_DOMAIN)},
                  yaxis={"anchor": "x", "domain": [0.0, 1.0], "title": {"text": "Return (%)"}, "ticksuffix": "%"},
                  xaxis2={"anchor": "y2", "domain": list(RIGHT_DOMAIN)},
                  yaxis2={"anchor": "x2", "domain": [0.0, 1.0], "title": {"text": "Debt / equity (ratio)"}})
    layout["margin"]["t"] = 110 + TITLE_TOP
    right_title = f"Debt-to-equity at {spec.as_of_leverage:%Y-%m-%d}"
    ratios = table["debt_to_equity"].dropna().to_numpy()
    notes = []
    if len(ratios) < len(table):  # ranked by return: stocks without a statement (or equity <= 0) have none
        notes.append(f"{len(ratios)} of {counted(len(table), 'ranked stock')} "
                     + ("has one" if len(table) == 1 else "have one"))
    if len(ratios):
        top = max(float(np.percentile(ratios, 95)) * 1.25, 0.1)
        above = int((ratios > top).sum())
        layout["yaxis2"]["range"] = [0, top]
        if above:  # said in the subplot's title: a note inside the plot would cover a whisker
            notes.append(f"{above} stocks above {top:.1f} not shown")
    for note in notes:  # (one line each: two on one line ran past a phone's chart)
        right_title += f"<br><span style='font-size:11px'>{note}</span>"
    left_title = f"Return {spec.measure_start:%Y-%m-%d} to {spec.measure_end:%Y-%m-%d}"
    blank = blank_debt_words(result)
    if blank:  # (a leverage ranking's lowest quartile can be all blank debt lines counted as zero)
        left_title += f"<br><span style='font-size:11px'>{blank}</span>"
    layout["annotations"] = [  # the first two: narrow_layout moves them
        _subplot_title(left_title, LEFT_DOMAIN),
        _subplot_title(right_title, RIGHT_DOMAIN),
    ]
    layout["meta"] = {"narrow": narrow_layout()}
    return with_wrapped_source_line({"data": data, "layout": layout}, source_line)


def blank_debt_words(result: QuartileResult) -> str:
    """``"Q1: 322 of 322 report no debt line (counted as zero)"`` for each quartile of a leverage
    ranking that half or more such stocks make up, else ``""``."""
    parts = [f"Q{q.label}: {q.n_debt_blank} of {q.n}" for q in result.mostly_blank_debt()]
    return f"{', '.join(parts)} report no debt line (counted as zero)" if parts else ""


def narrow_layout() -> dict:
    """The leverage figure's layout on a chart narrower than :data:`NARROW_BELOW_PX`.

    Side by side on a phone, each chart had about 125 px: the two subplot titles ran into each
    other and past the chart's edge, and the ratios' axis title lay over the return bars. Stacked,
    each chart takes the whole width and the figure is taller. The page script
    (assets/narrow_layout.js) hands the chart the figure with these values, and with the wide ones
    when it is wide again; the server's exports and the toolbar's PNG draw the side-by-side layout.

    Returns:
        ``{"below": px, "layout": {key: value}, "wide": {key: value}}``: the narrow values and
        the figure's own of the same keys (``"yaxis2.domain"``, ``"annotations[1].y"``: paths
        into the layout; the two subplot titles are its first two annotations).
    """
    def layout(height: int, left, right, top, bottom, legend_y: float) -> dict:
        return {"height": height, "legend.y": legend_y, "xaxis.domain": list(left), "yaxis.domain": list(top),
                "xaxis2.domain": list(right), "yaxis2.domain": list(bottom),
                "annotations[0].x": sum(left) / 2, "annotations[0].y": top[1],
                "annotations[1].x": sum(right) / 2, "annotations[1].y": bottom[1]}

    return {"below": NARROW_BELOW_PX,
            "layout": layout(NARROW_HEIGHT, (0.0, 1.0), (0.0, 1.0), NARROW_TOP, NARROW_BOTTOM, NARROW_LEGEND_Y),
            "wide": layout(HEIGHT, LEFT_DOMAIN, RIGHT_DOMAIN, (0.0, 1.0), (0.0, 1.0), LEGEND_Y)}


build_leverage_figure = figure_of(leverage_spec)
