"""What the headline facts of one pair compute over the whole history, once, and cut at each
as-of date (family of :mod:`analytics.facts`).

A sheet as of a date compares each return with its *comparable* returns (the record rule's
history, table in :mod:`analytics.facts_returns`). For most periods the comparable values on or
before a date depend only on data up to that date, so the series computed once over the whole
history and cut at the as-of date is the series computed on the data cut at that date, value
for value:

- ``1d`` (observation to observation) and ``1m`` (trailing one-month returns): each value is
  labelled by its end observation and uses that observation and earlier ones;
- ``month``, ``quarter``, ``year``: the complete periods as of a date are those labelled (by
  their last calendar day) on or before it, and a complete period's return uses only its own
  and the previous period's last observations.

The drawdowns from the running peak are cut the same way (a date's uses the levels up to it
only). The daily rolling correlation of the correlation facts is cut the same way (a value uses the
pairs up to its date only, :func:`analytics.correlation.to_rolling_correlation`). The weekly and
monthly ones are assembled: each series' last observation per period over the whole history
(:class:`PeriodEnds`), the last period's replaced by the last observation on or before the
as-of date (it is partial on most dates), then the changes and the rolling correlation of those
arrays, which is what the cut series give. ``ytd`` is not cut: its values are at the as-of
date's month and day of every year.

:class:`FactHistory` is built once per pair and data version (the app memoises it per worker:
:mod:`panels.facts`) and read-only afterwards, so threads may share it. The tests check that a
sheet with it equals a sheet without it on the real snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from analytics.correlation import calc_rate_correlation, sliding_correlation
from analytics.drawdowns import to_drawdown_series
from analytics.returns import clean_series
from analytics.series import calendar_dates, observation_freqs, period_codes, period_ends, period_last_days

#: Periods whose comparable returns are cut from the whole history (see the module docstring).
CUT_PERIODS = ("1d", "1m", "month", "quarter", "year")


#: The periods of the weekly and monthly correlations (:func:`analytics.correlation.to_changes`).
PERIOD_FREQS = {"W": "W-FRI", "M": "M"}


@dataclass(frozen=True)
class PeriodEnds:
    """One clean series' last observation in each week ending Friday (``"W"``) or calendar month
    (``"M"``) over its whole history, as :func:`analytics.correlation.to_changes` samples it."""

    freq: str
    index: pd.DatetimeIndex
    values: np.ndarray
    codes: np.ndarray  # the period of each observation
    ends: np.ndarray  # the value of each period from the first to the last (NaN: no observation)

    @classmethod
    def of(cls, clean: pd.Series, freq: str) -> "PeriodEnds":
        values = clean.to_numpy(dtype="float64")
        codes = period_codes(clean.index, PERIOD_FREQS[freq])
        return cls(freq, clean.index, values, codes, period_ends(codes, values))

    def cut(self, end: pd.Timestamp) -> tuple[int, np.ndarray] | None:
        """The first period and the sampled values of the series cut at ``end`` (its last period
        ends at the last observation on or before ``end``); ``None`` when none is."""
        n = int(self.index.searchsorted(end, side="right"))
        if n == 0:
            return None
        first, last = int(self.codes[0]), int(self.codes[n - 1])
        sampled = self.ends[:last - first + 1].copy()
        sampled[-1] = self.values[n - 1]
        return first, sampled


def period_correlation(small: PeriodEnds, rate: PeriodEnds, window: int, end: pd.Timestamp) -> pd.Series | None:
    """``calc_rate_correlation(small, rate, freq=..., window=window)["correlation"]`` of the two
    series cut at ``end`` (the earlier of their last observations), from their period ends;
    ``None`` where that function would refuse the cut series or label them otherwise (a
    non-positive small-cap level, a series without an observation by ``end``, time zones, or
    date indexes of different names or units): compute it from the cut series then."""
    a, b = small.index, rate.index
    if a.tz is not None or b.tz is not None or a.name != b.name or a.unit != b.unit:
        return None
    cuts = small.cut(end), rate.cut(end)
    if cuts[0] is None or cuts[1] is None:
        return None
    n = int(a.searchsorted(end, side="right"))
    if (small.values[:n] <= 0).any():
        return None
    (fs, s), (fr, r) = cuts
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.concatenate([[np.nan], s[1:] / s[:-1] - 1.0])  # returns, labelled by their period
        y = np.concatenate([[np.nan], r[1:] - r[:-1]])  # changes (pp)
    lo, hi = max(fs, fr), min(fs + len(s), fr + len(r)) - 1  # the periods both have
    if hi < lo:
        xs = ys = np.empty(0)
    else:
        xs, ys = x[lo - fs:hi - fs + 1], y[lo - fr:hi - fr + 1]
    complete = ~(np.isnan(xs) | np.isnan(ys))
    codes = np.arange(lo, lo + len(xs))[complete]
    values = sliding_correlation(xs[complete], ys[complete], window, window)
    labels = pd.DatetimeIndex(period_last_days(codes, PERIOD_FREQS[small.freq]), name=a.name).as_unit(a.unit)
    return pd.Series(values, index=labels, name="correlation")


def _count_to(index: pd.DatetimeIndex, as_of: pd.Timestamp) -> int:
    """How many of the sorted dates ``index`` are on or before ``as_of`` (``.loc[:as_of]``)."""
    if index.tz is not None and as_of.tz is None:
        as_of = as_of.tz_localize(index.tz)
    return int(index.searchsorted(as_of, side="right"))


def pair_side(keys: tuple[str, str], side: int) -> str:
    """The id of one side of a pair aligned on the two series' common dates: ``"RUT&GSPC:0"``."""
    return f"{keys[0]}&{keys[1]}:{side}"


@dataclass(frozen=True)
class FactHistory:
    """Comparable returns over the whole history, by ``(series id, period)``, and how often
    each series is observed (:func:`analytics.series.observation_freq`, by loader key).

    A series id is a loader key (``"RUT"``) or one side of an aligned pair (:func:`pair_side`).
    """

    comparables: Mapping[tuple[str, str], pd.Series] = field(default_factory=dict)
    observed: Mapping[str, str] = field(default_factory=dict)
    correlations: Mapping[tuple[str, str, int], pd.Series] = field(default_factory=dict)
    period_ends: Mapping[tuple[str, str], PeriodEnds] = field(default_factory=dict)
    drawdowns: Mapping[str, pd.Series] = field(default_factory=dict)

    def drawdowns_to(self, key: str, end: pd.Timestamp) -> pd.Series | None:
        """The drawdowns from the running peak of ``key`` on or before ``end``
        (:func:`analytics.drawdowns.to_drawdown_series`: a date's uses the levels up to it
        only, so the whole history's cut is the cut series'); ``None`` when not held."""
        full = self.drawdowns.get(key)
        return None if full is None else full.iloc[:_count_to(full.index, end)]

    def comparable(self, sid: str, period: str, as_of: pd.Timestamp) -> pd.Series | None:
        """The comparable returns of ``sid`` for ``period`` on or before ``as_of``; ``None`` when
        this history does not hold them (compute them from the cut series instead)."""
        full = self.comparables.get((sid, period))
        return None if full is None else full.iloc[:_count_to(full.index, as_of)]

    def comparable_values(self, sid: str, period: str, as_of: pd.Timestamp
                          ) -> tuple[pd.DatetimeIndex, np.ndarray] | None:
        """:meth:`comparable` as its dates and float64 values (cut by position, no series built:
        for :func:`analytics.facts_common.record_of_values`)."""
        full = self.comparables.get((sid, period))
        if full is None:
            return None
        n = _count_to(full.index, as_of)
        return full.index[:n], full.to_numpy(dtype="float64")[:n]

    def correlation(self, small: str, rate: str, window: int, end: pd.Timestamp) -> pd.Series | None:
        """The daily rolling correlation of ``small`` returns with ``rate`` changes over
        ``window`` days, up to ``end`` (the earlier of the two cut series' last observations);
        ``None`` when this history does not hold it."""
        full = self.correlations.get((small, rate, window))
        return None if full is None else full.loc[:end]

    def period_correlation(self, small: str, rate: str, freq: str, window: int,
                           end: pd.Timestamp) -> pd.Series | None:
        """The weekly (``"W"``) or monthly (``"M"``) rolling correlation of ``small`` returns with
        ``rate`` changes over ``window`` periods, of the series cut at ``end`` (the earlier of
        the two cut series' last observations); ``None`` when this history cannot give it."""
        ends = self.period_ends.get((small, freq)), self.period_ends.get((rate, freq))
        if ends[0] is None or ends[1] is None:
            return None
        return period_correlation(ends[0], ends[1], window, end)


def build_fact_history(series: Mapping[str, pd.Series], keys: tuple[str, ...],
                       pairs: tuple[tuple[str, str], ...] = (),
                       correlations: tuple[tuple[str, str, int], ...] = (),
                       period_correlations: tuple[tuple[str, str, str], ...] = ()) -> FactHistory:
    """The comparable returns of ``keys`` and of both sides of each pair in ``pairs``, the
    observation frequency of every series in ``series``, the daily rolling correlations
    ``(small, rate, window)`` in ``correlations`` (:func:`analytics.correlation.calc_rate_correlation`,
    whose values up to a date use the data up to that date only), and the period ends of both
    series of each ``(small, rate, freq)`` in ``period_correlations`` (``"W"`` or ``"M"``).

    Series that are missing or unusable are left out (a sheet then computes and skips as it
    would without a history).
    """
    from analytics.facts_returns import to_comparable_returns

    clean: dict[str, pd.Series] = {}
    wanted = (*keys, *(k for pair in pairs for k in pair), *(k for c in correlations for k in c[:2]),
              *(k for c in period_correlations for k in c[:2]))
    for key in dict.fromkeys(wanted):
        raw = series.get(key)
        try:
            # on its calendar days, as the sheet reads its series (analytics.facts)
            clean[key] = clean_series(calendar_dates(raw).rename(key), what=f"series {key}")
        except (AttributeError, ValueError):
            continue
    ids: dict[str, pd.Series] = {key: clean[key] for key in keys if key in clean}
    for pair in pairs:
        if pair[0] in clean and pair[1] in clean:
            small, large = clean[pair[0]].align(clean[pair[1]], join="inner")
            if not small.empty:
                ids[pair_side(pair, 0)], ids[pair_side(pair, 1)] = small, large
    out = {}
    for sid, levels in ids.items():
        for period in CUT_PERIODS:
            out[(sid, period)] = to_comparable_returns(levels, period, as_of=None)
    observed = observation_freqs(series)
    rolling = {}
    for small, rate, window in correlations:
        if small in clean and rate in clean:
            try:
                rolling[(small, rate, window)] = calc_rate_correlation(
                    clean[small], clean[rate], freq="D", window=window, percentile=False)["correlation"]
            except ValueError:
                continue
    sampled = {(key, freq): PeriodEnds.of(clean[key], freq)
               for small, rate, freq in period_correlations for key in (small, rate) if key in clean}
    drawdowns = {}
    for key in keys:
        try:
            drawdowns[key] = to_drawdown_series(clean[key])
        except (KeyError, ValueError):  # missing, or a level that is not positive somewhere
            continue
    return FactHistory(out, observed, rolling, sampled, drawdowns)
