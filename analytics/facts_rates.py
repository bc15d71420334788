"""Rate, spread and correlation facts (family of :mod:`analytics.facts`).

* **Level records** (10-year and 2-year yields, HY and IG spreads; percent): the latest level
  against every earlier level with :func:`analytics.records.calc_record_since`, in both
  directions; the fact states the more notable one
  (:func:`analytics.facts_common.choose_notable`: a whole-history record first, otherwise the
  earlier ``record_since``). ``start`` is the first observation of the history. The sentence
  says "the highest since X" only when :func:`analytics.facts_common.states_record` allows
  (three or more values between X and today, X 30 days back or more), else just the level.
* **Change records** (HY and IG spreads; percentage points): the change over the last complete
  calendar month (:func:`analytics.returns.resolve_period` ``"month"`` for the dates,
  :func:`analytics.spreads.calc_spread_change` for the value) against every earlier calendar
  month's change (month-end level minus the previous month-end level, rounded to 1e-10 pp as in
  :mod:`analytics.spreads`, labelled by the month's last day). A widening (positive change) is
  direction ``"high"`` ("widened by the most since"), a tightening ``"low"``; the clause only
  under the same rule as level records.
* **Correlations** (small-cap returns vs 10-year yield changes; coefficient):
  :func:`analytics.correlation.calc_rate_correlation` at 63 trading days (``D``, 63), 26 weeks
  (``W``, 26) and 24 months (``M``, 24). The final week or month may be partial (as on the
  dashboard). The value is compared with every earlier value of the same rolling series in the
  direction of its sign: a negative correlation is direction ``"low"`` ("the most negative
  since"), a positive or zero one ``"high"`` ("the most positive since"); "on record" states
  the date of the first correlation value. The record rule of level records applies (a
  correlation is the level of a rolling statistic); without a record the value alone.
  ``start`` is the base observation of the first change in the window, ``end`` the last
  observation used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.correlation import calc_rate_correlation
from analytics.facts_common import (
    SHORT_NAMES, Fact, FactSkipped, capitalize, choose_notable, history_of, iso, name,
    period_label, rank_fields, rank_phrase, record_of, record_of_values, states_record,
)
from analytics.records import RecordResult, calc_record_since
from analytics.series import coarser, freq_word, period_codes, period_last_days, run_ends, same_point_positions
from analytics.returns import resolve_period
from analytics.spreads import calc_spread_change

#: (freq, window, period, words) of the rate correlations.
CORRELATION_WINDOWS = (("D", 63, "63d", "63-day"), ("W", 26, "26w", "26-week"),
                       ("M", 24, "24m", "24-month"))
_DECIMALS = 10


def _notable(values: pd.Series) -> RecordResult:
    return choose_notable(calc_record_since(values, direction="high"),
                          calc_record_since(values, direction="low"))


#: A month whose last reading is more than this many days before its last day, with no later
#: reading, is said as the month to that day (a weekend and a holiday at a month's end are 4 days).
PART_MONTH_DAYS = 4


def _rate(value: float) -> str:
    return f"{value:.2f}%"


def level_record_fact(levels: pd.Series, key: str, *, panel: str, as_of: pd.Timestamp | None = None) -> Fact:
    """Latest level of a yield or spread (percent) and since when it is the highest or lowest.

    Args:
        levels: Clean levels in percent, already cut at ``as_of``.
        key: Loader key (``"DGS10"``, ``"BAMLH0A0HYM2"``).
        panel: ``"rates"`` or ``"spreads"``.
        as_of: The facts' date: a reading before it is dated in the text ("was 3.21% on
            2026-03-26"; "is at 3.21%" as of 2026-04-08 was quoted as that day's level).

    Raises:
        FactSkipped: with a single observation.
    """
    if len(levels) < 2:
        raise FactSkipped(f"series {key}: one observation, nothing to compare with")
    record = _notable(levels)
    word = "highest" if record.direction == "high" else "lowest"
    dated = as_of is not None and record.at.normalize() < pd.Timestamp(as_of).normalize()
    at, is_ = (f" on {iso(record.at)}", "was") if dated else ("", "is")
    if not states_record(record, "level_record"):
        ranked = rank_phrase(record, ("highest", "lowest"), "days")
        level = f"was {_rate(record.value)}{at}" if dated else f"is at {_rate(record.value)}"
        text = f"the {name(key)} {level}{', ' + ranked if ranked else ''}."
    elif record.is_record:
        text = (f"the {name(key)}, at {_rate(record.value)}{at}, {is_} the {word} on record "
                f"(since {iso(record.history_start)}).")
    else:
        text = (f"the {name(key)}, at {_rate(record.value)}{at}, {is_} the {word} since "
                f"{iso(record.record_since)}.")
    return Fact(
        id=f"level_record:{key}", kind="level_record", series=key, period="level",
        start=iso(levels.index[0]), end=iso(record.at), value=float(record.value),
        unit="percent", record_since=iso(record.record_since), direction=record.direction,
        text=capitalize(text), panel=panel, history_start=history_of(record),
        **rank_fields(record, "level_record"),
    )


def to_month_changes(levels: pd.Series, *, as_of: pd.Timestamp) -> pd.Series:
    """Change (pp) of each complete calendar month: its last level minus the previous month's.

    Months without observations are absent (the next change then spans from the last month that
    has one). Labelled by the month's last calendar day; only months complete as of ``as_of``.
    """
    return to_period_changes(levels, "M", as_of=as_of)


def to_period_changes(levels: pd.Series, freq: str, *, as_of: pd.Timestamp) -> pd.Series:
    """Change (pp) of each period of ``freq`` whose label is on or before ``as_of``: its last
    level minus the previous period's (``"W-FRI"`` weeks to Friday, ``"M"`` months,
    :func:`analytics.series.period_codes`), labelled by the period's last calendar day; ``"D"``:
    each observation minus the one before, labelled by its date. Periods without observations
    are absent (the next change then spans from the last period that has one)."""
    values = levels.to_numpy(dtype="float64")
    if values.size == 0:
        return pd.Series([], index=pd.DatetimeIndex([], name=levels.index.name), name=levels.name, dtype="float64")
    if freq == "D":
        observed = levels.dropna().astype("float64")
        out = pd.Series(np.round(np.diff(observed.to_numpy()), _DECIMALS), index=observed.index[1:], name=levels.name)
        return out[out.index <= as_of]
    codes = period_codes(levels.index, freq)
    last_row = np.flatnonzero(run_ends(codes))  # each period's last row
    first_row = np.append(0, last_row[:-1] + 1)
    # a period's last value that is not NaN (NaN when it has none), as groupby's last() takes it
    seen = np.maximum.accumulate(np.where(np.isnan(values), -1, np.arange(values.size)))[last_row]
    ends = np.where(seen >= first_row, values[np.maximum(seen, 0)], np.nan)
    labels = pd.DatetimeIndex(period_last_days(codes[last_row][1:], freq).astype("datetime64[us]"),
                              name=levels.index.name)
    out = pd.Series(np.round(ends[1:] - ends[:-1], _DECIMALS), index=labels, name=levels.name)
    return out[out.index <= as_of]


def to_ytd_changes(levels: pd.Series, *, as_of: pd.Timestamp) -> pd.Series:
    """Year-to-date change (pp) at the same point (month and day of ``as_of``) of every year
    (:func:`analytics.series.same_point_positions`), labelled by the date of the year's end
    observation; the last is ``as_of``'s year's (to date)."""
    index, values, ends, bases = same_point_positions(levels, as_of)
    return pd.Series(np.round(values[ends] - values[bases], _DECIMALS), index=index[ends].rename(None),
                     name=levels.name, dtype="float64")


def change_record_fact(levels: pd.Series, key: str, *, as_of: pd.Timestamp, panel: str) -> Fact:
    """Change of a spread over the last complete calendar month, with its record status.

    Raises:
        ValueError: when the last complete month has no observation or no base.
    """
    start, end = resolve_period("month", as_of, levels.index)
    value = calc_spread_change(levels, start=start, end=end)
    direction = "high" if value > 0 else "low"
    record = record_of(to_month_changes(levels, as_of=as_of), value, direction)
    month = period_label(end, "M")
    if levels.index[-1] == end and (end.to_period("M").end_time.normalize() - end.normalize()).days > PART_MONTH_DAYS:
        # the series ends before the month does (a spread published with a lag): the month to then
        month = f"{month} through {iso(end)}, its latest reading"
    level = _rate(float(levels.loc[end]))
    if value == 0:
        text = f"the {name(key)} was unchanged in {month} (at {level})."
    else:
        verb = "widened" if value > 0 else "tightened"
        if not states_record(record, "change_record"):
            ranked = rank_phrase(record, ("largest widening", "largest tightening"), "months")
            since = f", {ranked}" if ranked else ""
        elif record.is_record:
            since = f", the most on record (since {period_label(record.history_start, 'M')})"
        else:
            since = f", the most since {period_label(record.record_since, 'M')}"
        text = (f"the {name(key)} {verb} by {abs(value):.2f} percentage points in {month} "
                f"(to {level}){since}.")
    return Fact(
        id=f"change_record:{key}:month", kind="change_record", series=key, period="month",
        start=iso(start), end=iso(end), value=float(value), unit="pp",
        record_since=iso(record.record_since), direction=direction, text=capitalize(text),
        panel=panel, history_start=history_of(record), **rank_fields(record, "change_record"),
    )


def _window_start(small: pd.Series, first_label: pd.Timestamp, freq: str,
                  rate_dates: pd.DatetimeIndex) -> pd.Timestamp:
    """Date of the base observation of the first change in a correlation window."""
    if freq == "D":  # the pairs are on the dates both series have: the last such date before the label
        dates = small.index  # (walked back from the label: the two calendars differ on a few holidays)
        for pos in range(int(dates.searchsorted(first_label)) - 1, -1, -1):
            day = dates[pos]
            hit = int(rate_dates.searchsorted(day))
            if hit < len(rate_dates) and rate_dates[hit] == day:
                return day
        return first_label  # the first common date (a label is one)
    base = first_label - (pd.Timedelta(days=7) if freq == "W" else pd.offsets.MonthEnd(1))
    pos = int(small.index.searchsorted(base, side="right")) - 1
    return small.index[max(pos, 0)]


def correlation_fact(
    small: pd.Series, rate: pd.Series, keys: tuple[str, str], *, freq: str, window: int,
    period: str, words: str, observed: str = "D", correlation: pd.Series | None = None,
) -> Fact:
    """Rolling correlation of small-cap returns with rate changes, with its record status.

    Args:
        small: Clean small-cap levels cut at ``as_of``.
        rate: Clean rate levels (percent) cut at ``as_of``.
        keys: Loader keys ``(small, rate)``.
        freq: ``"D"``, ``"W"`` or ``"M"``.
        window: Window in periods of ``freq``.
        period: The period name in the fact (``"63d"``).
        words: The window in the sentence (``"63-day"``).
        observed: How often the coarser of the two series is observed (``"D"``, ``"W"``,
            ``"M"``): a correlation at a finer ``freq`` is not stated.
        correlation: The rolling correlation of these cut series when the caller has it (cut
            from the whole history's, :class:`analytics.facts_history.FactHistory`); ``None``:
            computed here.

    Raises:
        FactSkipped: when the history is shorter than one window or the latest window has no
            correlation (a constant series).
    """
    if coarser(freq, observed) != freq:
        raise FactSkipped(f"{name(keys[0])} has {freq_word(observed)} observations only: no {words} correlation")
    corr = correlation if correlation is not None else calc_rate_correlation(
        small, rate, freq=freq, window=window, percentile=False)["correlation"]
    if corr.empty or not np.isfinite(corr.iloc[-1]):
        raise FactSkipped(
            f"no {words} correlation at the latest {'observation' if freq == 'D' else 'period'}: "
            f"fewer than {window} periods of data, or a constant series in the window"
        )
    value = float(corr.iloc[-1])
    values = corr.to_numpy(dtype="float64")
    if np.count_nonzero(~np.isnan(values)) < 2:
        raise FactSkipped(f"only one {words} correlation value so far, nothing to compare with")
    record = record_of_values(corr.index, values, value, "low" if value < 0 else "high")
    end = corr.index[-1] if freq == "D" else min(small.index[-1], rate.index[-1])
    start = _window_start(small, corr.index[-window], freq, rate.index)
    word = "most negative" if value < 0 else "most positive"
    rate_name = SHORT_NAMES.get(keys[1], name(keys[1]))
    if not states_record(record, "correlation"):
        ranked = rank_phrase(record, ("most positive", "most negative"), "values")
        text = (f"the {name(keys[0])}'s {words} correlation with the {rate_name} is {value:.2f}"
                f"{', ' + ranked if ranked else ''}.")
    else:
        if record.is_record:
            since = f"on record (since {iso(record.history_start)})"
        else:
            since = f"since {iso(record.record_since)}"
        text = (f"the {name(keys[0])}'s {words} correlation with the {rate_name}, {value:.2f}, "
                f"is the {word} {since}.")
    pair = f"{keys[0]}~{keys[1]}"
    return Fact(
        id=f"correlation:{pair}:{period}", kind="correlation", series=pair, period=period,
        start=iso(start), end=iso(end), value=value, unit="coefficient",
        record_since=iso(record.record_since), direction=record.direction,
        text=capitalize(text), panel="correlation", history_start=history_of(record),
        **rank_fields(record, "correlation"),
    )
