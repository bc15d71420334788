"""Figure of the ``relative`` panel: rebased lines and the small/large ratio, with context.

Context (all optional, see :class:`RelativeContext`): Fed hiking/cutting bands (clickable:
a click selects the cycle's dates), NBER recession shading, Fed event lines and the small-cap
series' drawdown troughs deeper than 10 %. The first three traces are always the two rebased
lines and the ratio; context traces follow them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analytics.drawdowns import DrawdownEpisode
from components.figures.common import (
    LARGE_COLOR, RATIO_COLOR, SMALL_COLOR, base_layout,
)
from components.figures.shading import (
    add_fed_event_lines, add_fed_regime_bands, add_recession_shading, add_wrapped_source_line,
)

TROUGH_COLOR = "#7f1d1d"


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


def trough_text(episode: DrawdownEpisode) -> str:
    """``"Peak 2018-08-31, trough 2018-12-24, -27.0%"`` (plus ``"; recovered <date>"``)."""
    text = f"Peak {episode.peak:%Y-%m-%d}, trough {episode.trough:%Y-%m-%d}, {episode.depth:.1%}"
    return text + (f"; recovered {episode.recovery:%Y-%m-%d}" if episode.recovery is not None else "")


def add_trough_markers(fig: go.Figure, frame: pd.DataFrame, episodes, *, small_label: str) -> go.Figure:
    """One marker trace (top chart) at the troughs inside the frame's window, on the rebased scale.

    The y value is ``100 * trough_level / small level at the window start``, so it sits on
    the small-cap line whether or not the trough date is a common date of the pair.
    """
    start, end = frame.index[0], frame.index[-1]
    inside = [e for e in episodes if start <= e.trough <= end]
    if not inside:
        return fig
    base = float(frame["small"].iloc[0])
    fig.add_trace(go.Scatter(
        x=[f"{e.trough:%Y-%m-%d}" for e in inside], y=[100.0 * e.trough_level / base for e in inside],
        mode="markers", name=f"{small_label} drawdown trough (>10%)", legendgroup="troughs",
        marker={"symbol": "triangle-up", "size": 10, "color": TROUGH_COLOR,
                "line": {"color": "white", "width": 1}},
        hovertext=[trough_text(e) for e in inside], hoverinfo="text", uid="troughs",
    ), row=1, col=1)
    return fig


def build_relative_figure(
    frame: pd.DataFrame, *, small_label: str, large_label: str, source_line: str,
    context: RelativeContext | None = None,
) -> go.Figure:
    """Two stacked charts sharing the time axis.

    Args:
        frame: Output of :func:`analytics.relative.to_relative_frame`.
        small_label: Name of the small-cap series ("Russell 2000").
        large_label: Name of the large-cap series ("S&P 500").
        source_line: Sources and as-of date, printed under the chart.
        context: Bands, shading, event lines and drawdown troughs; ``None`` draws none.

    Returns:
        Top: both series rebased to 100 at the window start. Bottom: the ratio small/large,
        1.0 at the window start (above 1 = small caps outperformed since the start).
        Traces: the two lines and the ratio first, then the trough markers and the Fed
        bands. The x range is the window; ``uirevision`` is ``"relative:<start>:<end>"``.
    """
    start, end = frame.index[0], frame.index[-1]
    rel = frame["relative_return"].iloc[-1]
    context = context or RelativeContext()
    dates = frame.index.strftime("%Y-%m-%d").tolist()  # ISO dates: a smaller payload than timestamps
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        row_heights=[0.62, 0.38])
    for column, label, color in (("small_rebased", small_label, SMALL_COLOR),
                                 ("large_rebased", large_label, LARGE_COLOR)):
        fig.add_trace(go.Scatter(
            x=dates, y=frame[column].to_numpy(), name=label, mode="lines",
            line={"color": color, "width": 1.6},
            hovertemplate="%{y:.1f}<extra>" + label + "</extra>",
        ), row=1, col=1)
    fig.add_trace(go.Scatter(
        x=dates, y=frame["ratio"].to_numpy(), name=f"{small_label} / {large_label}", mode="lines",
        line={"color": RATIO_COLOR, "width": 1.4}, hovertemplate="%{y:.3f}<extra>ratio</extra>",
    ), row=2, col=1)
    fig.add_hline(y=1.0, line={"color": "#999", "width": 1, "dash": "dot"}, row=2, col=1)
    add_trough_markers(fig, frame, context.episodes, small_label=small_label)
    add_fed_regime_bands(fig, context.cycles, start=start, end=end, xaxis="x", yaxis="y",
                         also_shade=("y2 domain",))
    add_recession_shading(fig, context.usrec, start=start, end=end)
    add_fed_event_lines(fig, context.events, start=start, end=end)
    title = (f"{small_label} vs {large_label}, {start:%Y-%m-%d} to {end:%Y-%m-%d}: "
             f"relative return {rel:+.1%}")
    base_layout(fig, title=title, uirevision=f"relative:{start:%Y-%m-%d}:{end:%Y-%m-%d}")
    fig.update_yaxes(title_text=f"Rebased ({start:%Y-%m-%d} = 100)", row=1, col=1)
    fig.update_yaxes(title_text="Ratio (start = 1)", row=2, col=1)
    fig.update_xaxes(type="date", range=[f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"])
    fig.update_xaxes(title_text="Date", row=2, col=1)
    return add_wrapped_source_line(fig, source_line, width=160)
