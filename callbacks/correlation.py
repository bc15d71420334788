"""View state -> rolling correlation of small caps with 10-year yield changes.

The correlation, its percentile and its records need the whole history (a percentile "of
history" is against everything before), so :func:`compute_correlation_frame` works on the
full series; the callback then shows the state's window of it. That function is the costly
part and depends only on ``(small, large, freq, window)`` and the data: it is the one to
memoise.
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output

from analytics.correlation import calc_rate_correlation
from analytics.records import calc_record_since, to_record_since
from analytics.downsample import thin_rows
from callbacks.common import PanelError, load, memoised_panel, source_line, window
from components.figures.common import empty_figure
from components.figures.correlation import (
    build_correlation_figure, correlation_spec, ordinal, percentile_rank, period_phrase, record_points,
    window_label,
)
from components.ids import Id, view_id
from loaders.catalog import label
from state import ViewState

TITLE = "Rolling correlation with 10-year yield changes"
RATE_KEY = "DGS10"
RATE_LABEL = "10-year yield"
#: The band is the expanding (BAND_LOW, BAND_HIGH) quantile range of the correlation history.
BAND_LOW, BAND_HIGH = 0.10, 0.90
#: Columns drawn as lines or band edges (what display downsampling must preserve).
DRAWN_COLUMNS = ("correlation", "relative", "band_low", "band_high")


#: Columns of :func:`compute_correlation_frame`, in order.
FRAME_COLUMNS = ("correlation", "percentile", "relative", "relative_percentile", "band_low", "band_high",
                 "low_since", "high_since")


def small_correlation_frame(data, small: str, freq: str, window: int) -> pd.DataFrame:
    """The part of :func:`compute_correlation_frame` that does not depend on the large cap:
    ``correlation``, ``percentile``, ``band_low``/``band_high``, ``low_since``/``high_since``.

    Raises:
        PanelError: a series cannot be loaded, or the history is shorter than the window.
    """
    loaded = load(data, small, RATE_KEY)
    main = calc_rate_correlation(loaded[small].data, loaded[RATE_KEY].data, freq=freq, window=window)
    corr = main["correlation"].dropna()
    if corr.empty:
        raise PanelError(f"not enough history for a {window_label(window, freq)} correlation of "
                         f"{small} with {RATE_KEY}: choose a shorter window or frequency")
    main["band_low"] = corr.expanding(min_periods=window).quantile(BAND_LOW)
    main["band_high"] = corr.expanding(min_periods=window).quantile(BAND_HIGH)
    main["low_since"] = to_record_since(corr, "low")
    main["high_since"] = to_record_since(corr, "high")
    return main


def compute_correlation_frame(data, small: str, large: str, freq: str, window: int, *,
                              small_part=None) -> pd.DataFrame:
    """Everything the panel draws, over the full history (the part to memoise).

    Args:
        data: The app's :class:`loaders.source.DataSource`.
        small: Small-cap series key (its returns are correlated with the rate changes).
        large: Large-cap series key (for the small-minus-large relative return).
        freq: ``"D"``, ``"W"`` or ``"M"``.
        window: Rolling window in periods of ``freq``.
        small_part: ``small_part(small, freq, window)`` gives :func:`small_correlation_frame`
            (the app passes a memoised one, so changing the large cap computes only the
            relative line); ``None``: computed here.

    Returns:
        DataFrame on the period index of :func:`analytics.correlation.calc_rate_correlation`
        with ``correlation`` and ``percentile`` (small-cap returns vs DGS10 changes),
        ``relative`` and ``relative_percentile`` (small minus large returns vs DGS10 changes;
        NaN where unavailable), ``band_low``/``band_high`` (expanding 10th/90th percentile of
        ``correlation``, from ``window`` values of history on) and ``low_since``/``high_since``
        (:func:`analytics.records.to_record_since`; ``NaT`` on a record for the whole history
        and where ``correlation`` is NaN).

    Raises:
        PanelError: a series cannot be loaded, or the history is shorter than the window.
        ValueError: from the analytics (bad series or arguments).
    """
    loaded = load(data, small, large, RATE_KEY)  # first, so a broken series is named in this order
    main = small_part(small, freq, window) if small_part else small_correlation_frame(data, small, freq, window)
    relative = calc_rate_correlation(loaded[small].data, loaded[RATE_KEY].data, freq=freq, window=window,
                                     relative_to=loaded[large].data)
    frame = main.join(relative.rename(columns={"correlation": "relative",
                                               "percentile": "relative_percentile"}), how="outer")
    return frame[list(FRAME_COLUMNS)]


def window_rows(full: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, *,
                data_end: pd.Timestamp) -> pd.DataFrame:
    """The rows of ``full`` shown for the window ``start..end``.

    Weekly and monthly rows are labelled by their period end, so the last (partial) period
    carries a label after the last observation: it is included when the window ends at the
    data end, and left out otherwise (its values would use data after ``end``).
    """
    stop = full.index[-1] if end >= data_end else end
    return full.loc[start:stop]


def describe_correlation(full: pd.DataFrame, shown: pd.DataFrame, *, small_label: str,
                         large_label: str, freq: str, window: int) -> str:
    """The summary line: the latest value of the window, its percentile and record status."""
    corr = full["correlation"].dropna()
    day = shown["correlation"].last_valid_index()
    value, pct = corr[day], full.at[day, "percentile"]
    direction = "low" if pct <= 0.5 else "high"
    record = calc_record_since(corr, at=day, direction=direction)
    extreme = "lowest" if direction == "low" else "highest"
    if record.is_record:
        status = f"the {extreme} since the history start"
    else:
        since = f"{record.record_since:%Y-%m}" if freq == "M" else f"{record.record_since:%Y-%m-%d}"
        status = f"the {extreme} since {since}"
    text = (f"{small_label} returns vs {RATE_LABEL} changes, {window_label(window, freq)} rolling "
            f"correlation: {value:.2f} {period_phrase(day, freq)}, {status}; "
            f"{ordinal(percentile_rank(pct))} percentile of its history since "
            f"{record.history_start:%Y-%m-%d}.")
    relative = full.at[day, "relative"] if "relative" in full else float("nan")
    if pd.notna(relative):
        text += (f" {small_label} minus {large_label} returns: {relative:.2f} "
                 f"({ordinal(percentile_rank(full.at[day, 'relative_percentile']))} percentile).")
    return text + (f" Grey band: {BAND_LOW:.0%}-{BAND_HIGH:.0%} range of the history so far; "
                   "triangles: record values.")


def make_update_correlation(data, *, max_points: int | None = None, raw: bool = False,
                            compute=compute_correlation_frame):
    """Build the callback body bound to ``data`` (plain function, unit-testable).

    ``raw=True`` returns the figure as a plain dict spec (the page; no plotly validation),
    otherwise a ``go.Figure`` (exports, tests).

    Args:
        data: The data source.
        max_points: Draw at most about this many points (``None``: all, exports); record
            points are always drawn.
        compute: :func:`compute_correlation_frame` or a memoised wrapper of it.
    """

    def update_correlation(state_data):
        state = ViewState.from_dict(state_data)
        try:
            loaded = load(data, state.small, state.large, RATE_KEY)
            small, large = loaded[state.small].data, loaded[state.large].data
            start, end = window(state, small, large)
            full = compute(data, state.small, state.large, state.freq, state.window)
            shown = window_rows(full, start, end, data_end=min(small.index[-1], large.index[-1]))
            if shown["correlation"].notna().sum() == 0:
                first = full["correlation"].first_valid_index()
                raise PanelError(f"no {window_label(state.window, state.freq)} correlation between "
                                 f"{start:%Y-%m-%d} and {end:%Y-%m-%d}; the history starts {first:%Y-%m-%d}")
        except (PanelError, ValueError) as exc:
            return empty_figure(f"Cannot draw this view: {exc}", title=TITLE), str(exc)
        small_label, large_label = label(state.small), label(state.large)
        history_start = full["correlation"].first_valid_index()
        records = record_points(shown, history_start=history_start).index
        drawn = thin_rows(shown, [c for c in DRAWN_COLUMNS if c in shown], max_points, keep=records)
        build = correlation_spec if raw else build_correlation_figure
        figure = build(
            drawn, small_label=small_label, large_label=large_label, rate_label=RATE_LABEL,
            freq=state.freq, window=state.window,
            history_start=history_start, source_line=source_line(loaded),
        )
        summary = describe_correlation(full, shown, small_label=small_label, large_label=large_label,
                                       freq=state.freq, window=state.window)
        return figure, summary

    return update_correlation


def register(app, data, *, memo=None, max_points: int | None = None) -> None:
    """Wire the correlation panel; ``memo`` (:class:`panels.cache.Memo`) caches per view and
    the full-history frame per ``(small, large, freq, window)``, its small-cap part per
    ``(small, freq, window)`` in each worker."""
    compute = compute_correlation_frame
    if memo is not None:
        small_part = memo.wrap("correlation:small", lambda *args: small_correlation_frame(data, *args),
                               shared=False)
        frame = memo.wrap("correlation:frame",
                          lambda *args: compute_correlation_frame(data, *args, small_part=small_part))
        compute = lambda _data, *args: frame(*args)  # noqa: E731
    app.callback(
        Output(Id.CORRELATION_GRAPH, "figure"), Output(Id.CORRELATION_SUMMARY, "children"),
        Input(view_id("correlation"), "data"),
    )(memoised_panel(memo, "correlation",
                     make_update_correlation(data, max_points=max_points, raw=True, compute=compute), max_points))
