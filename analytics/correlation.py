"""Rolling correlation of small-cap returns with rate changes, and its historical percentile.

Pure pandas/numpy. Units: returns are decimal fractions (``-0.05`` = -5 %); changes of
yields, spreads and rates are percentage points (``0.25`` = +25 bp); correlations are
in [-1, 1]; percentiles in (0, 1].

Typical use::

    frame = calc_rate_correlation(rut, dgs10, freq="W", window=52)
    frame = calc_rate_correlation(rut, dgs10, freq="W", window=52, relative_to=gspc)
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analytics.series import check_series, period_codes, period_ends, period_last_days

Freq = Literal["D", "W", "M"]
ChangeKind = Literal["return", "diff"]

# Period-end resampling rules: weeks ending Friday, calendar month ends.
_RULES = {"W": "W-FRI", "M": "ME"}
_PERIODS = {"W": "W-FRI", "M": "M"}
# A window whose spread (max - min) is below this fraction of its largest absolute value
# is constant at float precision: its correlation is undefined (NaN), not float noise.
_FLAT_RELATIVE = 1e-10
# Rows of sliding windows computed per numpy batch (bounds memory to ~batch * window floats).
_BATCH_CELLS = 2_000_000
# A window whose variance (from running sums) is below this fraction of the running sums'
# magnitude may have lost digits to rounding: it is recomputed exactly.
_RISKY_RELATIVE = 1e-7


def _check_freq(freq: str) -> str:
    if freq not in ("D", "W", "M"):
        raise ValueError(f"freq must be 'D' (daily observations), 'W' (weeks ending Friday) or "
                         f"'M' (month ends), got {freq!r}")
    return freq


def to_changes(levels: pd.Series, *, freq: Freq, kind: ChangeKind = "return") -> pd.Series:
    """Simple returns or first differences of a level series at a given frequency.

    * ``freq="D"``: change from the previous non-NaN observation (so across weekends,
      holidays and missing rows). Result on the input's index; NaN at the first
      observation and on NaN input rows.
    * ``freq="W"``: the last non-NaN observation of each week ending Friday, labelled
      with that Friday; ``freq="M"``: the last observation of each calendar month,
      labelled with the month-end date. A period without any observation is NaN, and so
      is the change into the period after it: a change never spans two periods. The
      final period may be partial (labelled by its period end although the data stop
      earlier).

    Args:
        levels: Levels on a sorted DatetimeIndex (prices for ``"return"``, percent for
            ``"diff"``).
        freq: ``"D"``, ``"W"`` or ``"M"``.
        kind: ``"return"``: ``level / previous - 1`` (decimal); ``"diff"``:
            ``level - previous`` (percentage points for yields/spreads).

    Returns:
        Series of changes, same name as ``levels``.

    Raises:
        ValueError: on a bad index, unknown freq/kind, or non-positive levels with
            ``kind="return"``.
    """
    levels = check_series(levels, "levels")
    freq = _check_freq(freq)
    if kind not in ("return", "diff"):
        raise ValueError(f"kind must be 'return' (prices, decimal) or 'diff' (yields/spreads, pp), got {kind!r}")
    valid = levels.dropna()
    if kind == "return" and (valid <= 0).any():
        first = valid.index[(valid <= 0).to_numpy()][0]
        raise ValueError(f"levels has a non-positive value on {first:%Y-%m-%d}; kind='return' needs "
                         "prices > 0 (use kind='diff' for yields and spreads)")
    if freq == "D":
        sampled = valid
    else:
        sampled = _last_per_period(valid, freq)
    previous = sampled.shift(1)
    changes = sampled / previous - 1.0 if kind == "return" else sampled - previous
    if freq == "D":
        changes = changes.reindex(levels.index)
    return changes.rename(levels.name)


def _last_per_period(valid: pd.Series, freq: str) -> pd.Series:
    """``valid.resample(_RULES[freq]).last()``, vectorised on period codes (many times faster).

    One row per period from the first to the last (NaN for a period without observations),
    labelled by the period end: the Friday of a week, the last day of a month (no time zone).
    """
    if valid.empty:
        return valid.resample(_RULES[freq]).last()
    codes = period_codes(valid.index, _PERIODS[freq])
    values = period_ends(codes, valid.to_numpy())
    index = pd.DatetimeIndex(period_last_days(np.arange(codes[0], codes[-1] + 1), _PERIODS[freq]),
                             name=valid.index.name)
    return pd.Series(values, index=index.as_unit(valid.index.unit), name=valid.name)


def _sliding_corr(x: np.ndarray, y: np.ndarray, window: int, min_periods: int) -> np.ndarray:
    """Pearson correlation over trailing windows (no NaN in x, y), O(n).

    Full windows come from running sums of the values centred on the first window's means.
    Where that is not reliable (a window whose variance is tiny against its sum of squares:
    cancellation; a result that is not finite: underflow) and for the shorter windows at the
    start, the exact two-pass computation (:func:`_exact_windows`) is used instead, so every
    value agrees with a per-window ``numpy.corrcoef``. A value uses the pairs up to its position
    only: ``x[:k]`` gives exactly the first ``k`` values of ``x`` (the headline facts cut the
    whole history's correlation at each as-of date).
    """
    n = len(x)
    out = np.full(n, np.nan)
    if n < min_periods:
        return out
    head = min(window - 1, n)  # windows with fewer than ``window`` pairs
    if head >= min_periods - 1 and head > 0:
        out[:head] = _exact_at(x, y, np.arange(head), window, min_periods)
    if n < window:
        return out
    # centred on the first window's means, and each window's error bound from the running totals
    # up to it: a value depends on the pairs up to its date only, so a series cut at a date
    # gives exactly the values of the whole series up to that date
    cx, cy = x - x[:window].mean(), y - y[:window].mean()

    def running(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Window sums, and the largest running total so far at each window's end (what the
        rounding error scales with)."""
        total = np.concatenate([[0.0], np.cumsum(values)])
        return total[window:] - total[:-window], np.maximum.accumulate(np.abs(total))[window:]

    (sx, tx), (sy, ty) = running(cx), running(cy)
    (sxx, txx), (syy, tyy), (sxy, _) = running(cx * cx), running(cy * cy), running(cx * cy)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
        vx = sxx - sx * sx / window
        vy = syy - sy * sy / window
        corr = (sxy - sx * sy / window) / np.sqrt(vx * vy)
    # a window's variance must stand well above the rounding error of the running sums
    risky = (~np.isfinite(corr) | (vx <= _RISKY_RELATIVE * (txx + tx * tx / window))
             | (vy <= _RISKY_RELATIVE * (tyy + ty * ty / window)))
    full = np.clip(corr, -1.0, 1.0)
    positions = np.flatnonzero(risky) + window - 1
    if len(positions):
        full[risky] = _exact_at(x, y, positions, window, min_periods)
    out[window - 1:] = full
    return out


def _exact_at(x: np.ndarray, y: np.ndarray, positions: np.ndarray, window: int, min_periods: int) -> np.ndarray:
    """Exact two-pass correlation of the trailing windows ending at ``positions``."""
    pad = np.full(window - 1, np.nan)
    xs = np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, x]), window)
    ys = np.lib.stride_tricks.sliding_window_view(np.concatenate([pad, y]), window)
    out = np.empty(len(positions))
    batch = max(1, _BATCH_CELLS // window)
    for start in range(0, len(positions), batch):
        chunk = positions[start:start + batch]
        out[start:start + batch] = _exact_windows(xs[chunk], ys[chunk], min_periods)
    return out


def _exact_windows(xs: np.ndarray, ys: np.ndarray, min_periods: int) -> np.ndarray:
    """Exact two-pass Pearson correlation per row of windows (NaN = padding before the data)."""
    mask = ~np.isnan(xs)
    count = mask.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        xd = np.where(mask, xs - (np.nansum(xs, axis=1) / count)[:, None], 0.0)
        yd = np.where(mask, ys - (np.nansum(ys, axis=1) / count)[:, None], 0.0)
        # Second pass: remove the rounding error left in the means.
        xd = np.where(mask, xd - (xd.sum(axis=1) / count)[:, None], 0.0)
        yd = np.where(mask, yd - (yd.sum(axis=1) / count)[:, None], 0.0)
        # Correlation is scale-free: scale each window to max |deviation| = 1 so that
        # tiny values (e.g. 1e-80) do not underflow when squared.
        xd = xd / np.abs(xd).max(axis=1)[:, None]
        yd = yd / np.abs(yd).max(axis=1)[:, None]
        sxy = (xd * yd).sum(axis=1)
        sxx = (xd * xd).sum(axis=1)
        syy = (yd * yd).sum(axis=1)
        corr = sxy / np.sqrt(sxx * syy)
        flat = (_spread(xs) <= _FLAT_RELATIVE * np.nanmax(np.abs(xs), axis=1)) | (
            _spread(ys) <= _FLAT_RELATIVE * np.nanmax(np.abs(ys), axis=1))
    corr[flat | (count < min_periods) | ~np.isfinite(corr)] = np.nan
    return np.clip(corr, -1.0, 1.0)


def _spread(windows: np.ndarray) -> np.ndarray:
    return np.nanmax(windows, axis=1) - np.nanmin(windows, axis=1)


def to_rolling_correlation(
    x_returns: pd.Series,
    y_changes: pd.Series,
    *,
    window: int,
    min_periods: int | None = None,
) -> pd.Series:
    """Trailing Pearson correlation of two change series.

    The two series are inner-joined on their index and rows where either is NaN are
    dropped; ``window`` counts these complete pairs (periods), not calendar time. The
    value on a date uses the ``window`` pairs ending on it (fewer at the start, down to
    ``min_periods``). A window in which either series is constant (to float precision)
    has no correlation: NaN. Full windows come from running sums; a window where those may
    have lost digits, and the shorter windows at the start, are recomputed with the two-pass
    formula (:func:`_sliding_corr`); every value agrees with a per-window ``numpy.corrcoef``
    to about 1e-9 or better. Clipped to [-1, 1]. (pandas' ``rolling().corr()`` agrees to about
    1e-13 but was 1.2-4x slower for 13- and 63-period windows here; faster only for 252.)

    Args:
        x_returns: e.g. small-cap returns (decimal) from :func:`to_changes`.
        y_changes: e.g. 10-year yield changes (pp) from :func:`to_changes`.
        window: Number of periods, >= 2 (e.g. 52 weeks, 36 months, 63 days).
        min_periods: Minimum complete pairs for a value, 2..window; default ``window``.

    Returns:
        Series named ``"correlation"`` on the joined complete-pair index.

    Raises:
        ValueError: on bad series or window/min_periods.
    """
    x = check_series(x_returns, "x_returns")
    y = check_series(y_changes, "y_changes")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 2:
        raise ValueError(f"window must be an integer number of periods >= 2, got {window!r}")
    min_periods = int(window) if min_periods is None else min_periods
    if isinstance(min_periods, bool) or not isinstance(min_periods, (int, np.integer)) \
            or not 2 <= min_periods <= window:
        raise ValueError(f"min_periods must be an integer between 2 and window={window}, got {min_periods!r}")
    pairs = pd.concat([x.rename("x"), y.rename("y")], axis=1, join="inner").dropna()
    values = sliding_correlation(pairs["x"].to_numpy(), pairs["y"].to_numpy(), int(window), int(min_periods))
    return pd.Series(values, index=pairs.index, name="correlation")


def sliding_correlation(x: np.ndarray, y: np.ndarray, window: int, min_periods: int) -> np.ndarray:
    """The values of :func:`to_rolling_correlation` for arrays of complete pairs (no NaN), in
    their order: the value at a position uses the pairs up to it only."""
    return _sliding_corr(x, y, window, min_periods)


def to_expanding_percentile(values: pd.Series) -> pd.Series:
    """Percentile rank of each value among all values so far, itself included.

    ``percentile_t = (below_t + (equal_t + 1) / 2) / n_t`` where, among the non-NaN
    values up to and including ``t`` (``n_t`` of them), ``below_t`` are strictly less
    than ``v_t`` and ``equal_t`` equal to it (``v_t`` itself included, so ``equal_t >= 1``).
    Ties thus share their mid-rank ("average" method), exactly
    ``Series.expanding().rank(method="average", pct=True)``. Results lie in (0, 1]: the
    first value is 1.0, a new maximum is 1.0, a new strict minimum is ``1 / n_t``; a
    constant history gives ``(n_t + 1) / (2 n_t)``. NaN values give NaN and are not
    counted. Uses only data up to each date (no look-ahead); O(n log n).

    Args:
        values: Any numeric series (e.g. rolling correlations).

    Returns:
        Series on ``values``' index, named ``"percentile"``.

    Raises:
        ValueError: when ``values`` is not a numeric Series.
    """
    if not isinstance(values, pd.Series):
        raise ValueError(f"values must be a pandas Series, got {type(values).__name__}")
    try:
        numeric = values.astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"values must be numeric: {exc}") from None
    if numeric.empty:
        return pd.Series(np.nan, index=values.index, name="percentile", dtype=float)
    ranks = numeric.expanding(min_periods=1).rank(method="average", pct=True)
    return ranks.where(numeric.notna()).rename("percentile")


def calc_rate_correlation(
    small: pd.Series,
    rate: pd.Series,
    *,
    freq: Freq,
    window: int,
    relative_to: pd.Series | None = None,
    min_periods: int | None = None,
    percentile: bool = True,
) -> pd.DataFrame:
    """Rolling correlation of small-cap returns with rate changes, and its percentile.

    ``small`` (and ``relative_to``) become simple returns and ``rate`` first differences
    (pp) via :func:`to_changes`. For ``freq="D"`` the level series are first aligned on
    the dates where all of them have an observation, so every return and change spans
    the same dates; for ``"W"``/``"M"`` each series is sampled at its own last
    observation of the period and the periods are matched by label. All series are cut
    at the earliest of their last observations first, so a final partial period spans the
    same dates for each. With
    ``relative_to`` (large-cap levels) the correlated return is ``small - large``
    (decimal) over the same period.

    Args:
        small: Small-cap levels (e.g. RUT), positive.
        rate: Yield/spread/rate levels in percent (e.g. DGS10, BAMLH0A0HYM2).
        freq: ``"D"``, ``"W"`` (weeks ending Friday) or ``"M"`` (month ends).
        window: Rolling window in periods of ``freq``.
        relative_to: Large-cap levels (e.g. GSPC) for the relative return, optional.
        min_periods: See :func:`to_rolling_correlation`.
        percentile: ``False`` leaves the percentile column out (it costs a third of the
            time; the headline facts do not need it).

    Returns:
        DataFrame on the complete-pair period index with ``correlation`` (in [-1, 1])
        and ``percentile`` (:func:`to_expanding_percentile` of the correlation: where
        today's correlation ranks among all earlier ones since the data start).

    Raises:
        ValueError: on bad series, freq, window or non-positive price levels.
    """
    freq = _check_freq(freq)
    small = check_series(small, "small")
    rate = check_series(rate, "rate")
    large = None if relative_to is None else check_series(relative_to, "relative_to")
    # End every series at the earliest last observation, so the final (possibly partial)
    # period spans the same dates for all of them.
    series = [small.dropna(), rate.dropna()] + ([] if large is None else [large.dropna()])
    if any(s.empty for s in series):
        raise ValueError("small, rate and relative_to must each have at least one observation")
    end = min(s.index[-1] for s in series)
    small, rate = small.loc[:end], rate.loc[:end]
    large = None if large is None else large.loc[:end]
    if freq == "D":
        parts = {"small": small, "rate": rate}
        if large is not None:
            parts["large"] = large
        common = pd.concat(parts, axis=1, join="inner").dropna()
        if common.empty:
            raise ValueError("small, rate (and relative_to) share no dates with values")
        small, rate = common["small"], common["rate"]
        large = common["large"] if large is not None else None
    x = to_changes(small, freq=freq, kind="return")
    if large is not None:
        x = (x - to_changes(large, freq=freq, kind="return")).dropna()
    y = to_changes(rate, freq=freq, kind="diff")
    correlation = to_rolling_correlation(x, y, window=window, min_periods=min_periods)
    if not percentile:
        return pd.DataFrame({"correlation": correlation})
    return pd.DataFrame({"correlation": correlation, "percentile": to_expanding_percentile(correlation)})
