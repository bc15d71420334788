"""Correlation panel: rolling correlation of small caps with 10-year yield changes.

The correlation, its percentile and its records need the whole history (a percentile "of
history" is against everything before), so :func:`compute_correlation_frame` works on the
full series; the callback then shows the state's window of it. That function is the costly
part and depends only on ``(small, large, freq, window)`` and the data: it is the one to
memoise.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.correlation import calc_rate_correlation
from analytics.facts_history import PERIOD_FREQS
from analytics.facts_common import states_record
from analytics.records import calc_record_since, to_record_since
from analytics.downsample import thin_rows
from components.figures.correlation import (
    correlation_spec, ordinal, percentile_rank, period_phrase, record_points, window_label,
)
from loaders.catalog import label
from panels.contract import Panel, PanelError
from panels.data import load, source_line

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
    return _small_frame(loaded[small].data, loaded[RATE_KEY].data, small, freq, window)


def _small_frame(levels: pd.Series, rate: pd.Series, small: str, freq: str, window: int) -> pd.DataFrame:
    main = calc_rate_correlation(levels, rate, freq=freq, window=window)
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
    return _with_relative(main, loaded[small].data, loaded[RATE_KEY].data, loaded[large].data, freq, window)


def _with_relative(main: pd.DataFrame, levels: pd.Series, rate: pd.Series, large: pd.Series, freq: str,
                   window: int) -> pd.DataFrame:
    relative = calc_rate_correlation(levels, rate, freq=freq, window=window, relative_to=large)
    frame = main.join(relative.rename(columns={"correlation": "relative",
                                               "percentile": "relative_percentile"}), how="outer")
    return frame[list(FRAME_COLUMNS)]


def cut_frame(full: pd.DataFrame, series: tuple[pd.Series, pd.Series, pd.Series], small: str, freq: str,
              window: int, end: pd.Timestamp) -> pd.DataFrame:
    """``full`` as the data up to ``end`` give it: a window that ends inside a week or month (before
    the data end) shows that period's correlation from the data up to ``end``, as the facts as of
    ``end`` state it, instead of leaving the period out (the chart said "-0.59 in 2024-12, the lowest
    since the history start" as of 2025-01-13, the facts "-0.56", January to the 13th). Every
    column is causal (expanding percentiles, bands and records), so the earlier rows are unchanged;
    ``full`` itself when ``end`` is no such day. ``series``: the small cap's, the rate's and the
    large cap's levels."""
    after = full.index[full.index > end]
    if freq == "D" or not len(after):
        return full
    code = PERIOD_FREQS[freq]  # (weeks end on Friday)
    if after[0].to_period(code) != end.to_period(code):  # the next row is a later week's (month's)
        return full
    levels, rate, large = (s.loc[:end] for s in series)
    return _with_relative(_small_frame(levels, rate, small, freq, window), levels, rate, large, freq, window)


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
    """The summary line: the latest value of the window, its percentile and record status (the
    "lowest since X" clause under the facts' record rule, :func:`analytics.facts_common.states_record`:
    "the lowest since yesterday" is not said)."""
    corr = full["correlation"].dropna()
    day = shown["correlation"].last_valid_index()
    value, pct = corr[day], full.at[day, "percentile"]
    direction = "low" if pct <= 0.5 else "high"
    record = calc_record_since(corr, at=day, direction=direction)
    extreme = "lowest" if direction == "low" else "highest"
    if not states_record(record, "correlation"):
        status = ""
    elif record.is_record:
        status = f", the {extreme} since the history start"
    else:
        since = f"{record.record_since:%Y-%m}" if freq == "M" else f"{record.record_since:%Y-%m-%d}"
        status = f", the {extreme} since {since}"
    text = (f"{small_label} returns vs {RATE_LABEL} changes, {window_label(window, freq)} rolling "
            f"correlation: {value:.2f} {period_phrase(day, freq)}{status}; "
            f"{ordinal(percentile_rank(pct))} percentile of its history since "
            f"{record.history_start:%Y-%m-%d}.")
    relative = full.at[day, "relative"] if "relative" in full else float("nan")
    if pd.notna(relative):
        text += (f" {small_label} minus {large_label} returns: {relative:.2f} "
                 f"({ordinal(percentile_rank(full.at[day, 'relative_percentile']))} percentile).")
    return text + (f" Grey band: {BAND_LOW:.0%}-{BAND_HIGH:.0%} range of the history so far; "
                   "triangles: record values.")


@dataclass(frozen=True)
class CorrelationResult:
    """The full-history frame, the rows of the window and what the figure names."""

    small: str
    large: str
    freq: str
    window: int
    full: pd.DataFrame
    shown: pd.DataFrame
    source: str


def cached_frame(data, small: str, large: str, freq: str, window: int) -> pd.DataFrame:
    """:func:`compute_correlation_frame` memoised per ``(small, large, freq, window)``, its
    small-cap part per ``(small, freq, window)`` in each worker."""

    def small_part(*args):
        return data.cached("correlation:small", args, lambda: small_correlation_frame(data, *args), shared=False)

    return data.cached("correlation:frame", (small, large, freq, window),
                       lambda: compute_correlation_frame(data, small, large, freq, window, small_part=small_part))


def compute(data, view) -> CorrelationResult:
    """The correlation panel for ``view`` (:class:`panels.view.ResolvedView`)."""
    loaded = load(data, view.small, view.large, RATE_KEY)
    small, large = loaded[view.small].data, loaded[view.large].data
    start, end = pd.Timestamp(view.start), pd.Timestamp(view.end)
    rate = loaded[RATE_KEY].data
    cached = cached_frame(data, view.small, view.large, view.freq, view.window)
    data_end = min(small.index[-1], large.index[-1])
    # the frame's rows rest on the small cap and the rate alone (the large cap ends the relative line
    # only): a window that ends before them, also at the pair's end when the small cap goes on (IWM
    # against the S&P 500), ends there, a week or month it ends inside cut at its end as the facts
    # cut it (no later data: those rows went up to July under a window to April)
    frame_end = min(small.index[-1], rate.index[-1])
    full = cached if end >= frame_end else cut_frame(cached, (small, rate, large), view.small,
                                                     view.freq, view.window, end)
    shown = window_rows(full, start, end, data_end=frame_end if full is cached else end)
    last_seen = min(end, data_end, rate.index[-1])
    if len(shown) and shown.index[-1] > last_seen:
        # a week or month still running at the window's (or the data's) end is dated by its last
        # observation, not by its period's end: "-0.56 on 2025-01-13", not "on 2025-01-31"
        label = shown.index[-1]
        day = min(small.loc[:last_seen].index[-1], rate.loc[:last_seen].index[-1])
        shown, full = shown.rename(index={label: day}), full.rename(index={label: day})
    if shown["correlation"].notna().sum() == 0:
        first = full["correlation"].first_valid_index()
        raise PanelError(f"no {window_label(view.window, view.freq)} correlation between "
                         f"{start:%Y-%m-%d} and {end:%Y-%m-%d}; the history starts {first:%Y-%m-%d}")
    return CorrelationResult(view.small, view.large, view.freq, view.window, full, shown, source_line(loaded))


def figure(result: CorrelationResult, max_points: int | None = None) -> dict:
    history_start = result.full["correlation"].first_valid_index()
    records = record_points(result.shown, history_start=history_start)
    # the thinned rows keep every record date, so the markers are those of the window's rows
    drawn = thin_rows(result.shown, [c for c in DRAWN_COLUMNS if c in result.shown], max_points, keep=records.index)
    return correlation_spec(drawn, small_label=label(result.small), large_label=label(result.large),
                            rate_label=RATE_LABEL, freq=result.freq, window=result.window,
                            history_start=history_start, source_line=result.source, points=records)


def summary(result: CorrelationResult) -> str:
    return describe_correlation(result.full, result.shown, small_label=label(result.small),
                                large_label=label(result.large), freq=result.freq, window=result.window)


PANEL = Panel(name="correlation", title=TITLE, reads=("small", "large", "start", "end", "freq", "window", "note"),
              compute=compute, figure=figure, summary=summary, notes=True,
              series=lambda view: (view.small, view.large, RATE_KEY))
