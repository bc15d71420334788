"""Event studies: how a series behaved around dated events (pure pandas/numpy).

Conventions shared by every function here:

* **Day 0** of an event is the last non-NaN observation on or before the event date
  (for a Fed decision announced at 2 pm, the close of the announcement day; for a
  Sunday decision, the previous Friday's close). An event is usable only when it lies
  within the data: ``first observation <= event date <= last observation``. Events
  outside produce no window rows and NaN outcomes; nothing is extrapolated.
* **kind**: ``"return"`` for price levels (index points, USD): the value is the simple
  return since day 0 in decimal (``-0.05`` = -5 %), levels must be positive.
  ``"change"`` for yields, spreads and rates in percent: the value is the change since
  day 0 in percentage points (``0.25`` = +25 bp).
* **Time axes**: ``day`` counts observations (trading days of the series, NaN rows
  dropped) relative to day 0 (``0`` at day 0, ``1`` the next observation, ``-1`` the
  previous). ``months`` is calendar time from the *event date* in average months,
  ``(date - event_date).days / 30.436875``; it is slightly negative at day 0 when the
  event falls on a non-trading day.
* **Horizons** are calendar months after the event date: the horizon date is
  ``event_date + pd.DateOffset(months=h)`` (month-end clipped: Jan 31 + 1 month = Feb 28)
  and the outcome uses the last observation on or before it. When the horizon date is
  after the last observation the outcome is NaN (the series may not cover it).
* **Relative performance** (small minus large): both level series are first aligned on
  the dates where both have an observation, so both returns span exactly the same dates.
"""

from __future__ import annotations

from typing import Iterable, Literal

import numpy as np
import pandas as pd

#: Average calendar month in days (365.25 / 12), for the ``months`` axis.
AVG_MONTH_DAYS = 365.25 / 12

Kind = Literal["return", "change"]
_KINDS = ("return", "change")


def _check_kind(kind: str) -> None:
    if kind not in _KINDS:
        raise ValueError(f"kind must be 'return' (price levels, decimal return) or 'change' "
                         f"(yields/spreads in percent, pp change), got {kind!r}")


def _check_levels(series: pd.Series, name: str, kind: str) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise ValueError(f"{name} must be a pandas Series, got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise ValueError(f"{name} must have a DatetimeIndex (parse the date column), "
                         f"got {type(series.index).__name__}")
    if series.index.has_duplicates:
        raise ValueError(f"{name} has duplicate dates; drop them first")
    if not series.index.is_monotonic_increasing:
        raise ValueError(f"{name} index is not sorted ascending; call .sort_index() first")
    try:
        values = series.astype(float).dropna()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if kind == "return" and (values <= 0).any():
        first = values.index[(values <= 0).to_numpy()][0]
        raise ValueError(f"{name} has a non-positive level on {first:%Y-%m-%d}; kind='return' needs "
                         "price levels > 0 (use kind='change' for yields and spreads)")
    return values


def _event_dates(event_dates: Iterable) -> pd.DatetimeIndex:
    if isinstance(event_dates, (str, pd.Timestamp)):
        event_dates = [event_dates]
    try:
        dates = pd.DatetimeIndex(pd.to_datetime(list(event_dates)))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"event_dates must be dates: {exc}") from None
    if dates.hasnans:
        raise ValueError("event_dates contains NaT; drop missing dates first")
    return dates.unique().sort_values()


def _check_months(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a whole number of months >= 0, got {value!r}")
    return int(value)


def _rebase(values: np.ndarray, base: np.ndarray, kind: str) -> np.ndarray:
    return values / base - 1.0 if kind == "return" else values - base


def _aligned(small: pd.Series, large: pd.Series) -> pd.DataFrame:
    small = _check_levels(small, "small", "return")
    large = _check_levels(large, "large", "return")
    frame = pd.concat({"small": small, "large": large}, axis=1, join="inner")
    if frame.empty:
        raise ValueError("small and large share no dates; check that both are daily level series")
    return frame


def _windows(frame: pd.DataFrame, events: pd.DatetimeIndex, before: int, after: int,
             kind: str) -> list[tuple[pd.Timestamp, pd.DataFrame]]:
    """Per usable event: rows of the window with rebased columns (shared by the public windows)."""
    index = frame.index
    values = frame.to_numpy(dtype=float)
    out = []
    if index.empty:
        return out
    for event in events:
        if event < index[0] or event > index[-1]:
            continue
        pos0 = int(index.searchsorted(event, side="right")) - 1
        lo = min(int(index.searchsorted(event - pd.DateOffset(months=before), side="left")), pos0)
        hi = int(index.searchsorted(event + pd.DateOffset(months=after), side="right"))
        dates = index[lo:hi]
        rebased = _rebase(values[lo:hi], values[pos0], kind)
        rows = pd.DataFrame({
            "event_date": event,
            "day0_date": index[pos0],
            "date": dates,
            "day": np.arange(lo, hi) - pos0,
            "months": (dates - event).days.to_numpy() / AVG_MONTH_DAYS,
        })
        for j, column in enumerate(frame.columns):
            rows[column] = values[lo:hi, j]
            rows[f"_{column}"] = rebased[:, j]
        out.append((event, rows))
    return out


def calc_event_window(
    series: pd.Series,
    event_dates: Iterable,
    *,
    before_months: int = 6,
    after_months: int = 24,
    kind: Kind = "return",
) -> pd.DataFrame:
    """Paths of a series around each event, rebased to day 0.

    The window holds the observations dated from ``event - before_months`` to
    ``event + after_months`` (calendar months, inclusive) and always day 0. After the end
    of the data the path simply stops.

    Args:
        series: Daily levels (index points for ``kind="return"``, percent for ``"change"``).
        event_dates: Event dates (e.g. FOMC announcement dates); duplicates are dropped.
        before_months: Calendar months shown before the event.
        after_months: Calendar months shown after the event.
        kind: ``"return"`` (decimal return since day 0) or ``"change"`` (pp since day 0).

    Returns:
        Long DataFrame sorted by event then date with ``event_date``, ``day0_date``,
        ``date``, ``day`` (observation offset, 0 at day 0), ``months`` (float, from the
        event date), ``level`` (the raw value) and ``value`` (rebased; 0 at day 0).
        Events outside the data have no rows.

    Raises:
        ValueError: on a bad series, bad dates, an unknown kind or negative months.
    """
    _check_kind(kind)
    before = _check_months(before_months, "before_months")
    after = _check_months(after_months, "after_months")
    levels = _check_levels(series, "series", kind)
    events = _event_dates(event_dates)
    frame = levels.to_frame("level")
    parts = [rows.rename(columns={"_level": "value"}) for _, rows in _windows(frame, events, before, after, kind)]
    columns = ["event_date", "day0_date", "date", "day", "months", "level", "value"]
    if not parts:
        return _empty(columns)
    return pd.concat(parts, ignore_index=True)[columns]


def calc_relative_event_window(
    small: pd.Series,
    large: pd.Series,
    event_dates: Iterable,
    *,
    before_months: int = 6,
    after_months: int = 24,
) -> pd.DataFrame:
    """Small-cap minus large-cap return since day 0 around each event.

    Both level series are aligned on their common dates first, so day 0 and every row
    use the same dates for both.

    Args:
        small: Small-cap levels (e.g. RUT), positive.
        large: Large-cap levels (e.g. GSPC), positive.
        event_dates: Event dates.
        before_months: Calendar months shown before the event.
        after_months: Calendar months shown after the event.

    Returns:
        Long DataFrame with ``event_date``, ``day0_date``, ``date``, ``day``, ``months``,
        ``small`` and ``large`` (decimal returns since day 0) and ``value``
        (``small - large``, decimal; 0 at day 0).

    Raises:
        ValueError: on bad series (non-positive levels, no common dates) or arguments.
    """
    before = _check_months(before_months, "before_months")
    after = _check_months(after_months, "after_months")
    frame = _aligned(small, large)
    events = _event_dates(event_dates)
    parts = []
    for _, rows in _windows(frame, events, before, after, "return"):
        rows = rows.drop(columns=["small", "large"]).rename(columns={"_small": "small", "_large": "large"})
        rows["value"] = rows["small"] - rows["large"]
        parts.append(rows)
    columns = ["event_date", "day0_date", "date", "day", "months", "small", "large", "value"]
    if not parts:
        return _empty(columns)
    return pd.concat(parts, ignore_index=True)[columns]


def _check_horizons(horizons: Iterable[int]) -> tuple[int, ...]:
    if isinstance(horizons, (int, np.integer)):
        horizons = (horizons,)
    result = tuple(horizons)
    if not result:
        raise ValueError("horizons is empty; pass calendar months such as (3, 6, 12)")
    for h in result:
        if isinstance(h, bool) or not isinstance(h, (int, np.integer)) or h <= 0:
            raise ValueError(f"horizons must be whole months > 0, got {h!r}")
    if len(set(result)) != len(result):
        raise ValueError(f"horizons has duplicates: {result}")
    return tuple(int(h) for h in result)


def _outcomes(frame: pd.DataFrame, events: pd.DatetimeIndex, horizons: tuple[int, ...],
              kind: str) -> pd.DataFrame:
    """Long outcome rows with one rebased column per frame column (prefixed by ``_``)."""
    index = frame.index
    values = frame.to_numpy(dtype=float)
    rows = []
    for event in events:
        usable = not index.empty and index[0] <= event <= index[-1]
        pos0 = int(index.searchsorted(event, side="right")) - 1 if usable else -1
        for h in horizons:
            row = {"event_date": event, "horizon": h, "start_date": pd.NaT, "end_date": pd.NaT}
            result = np.full(values.shape[1], np.nan)
            if usable:
                row["start_date"] = index[pos0]
                when = event + pd.DateOffset(months=h)
                if when <= index[-1]:
                    pos = int(index.searchsorted(when, side="right")) - 1
                    row["end_date"] = index[pos]
                    result = _rebase(values[pos], values[pos0], kind)
            for j, column in enumerate(frame.columns):
                row[column] = result[j]
            rows.append(row)
    table = pd.DataFrame(rows, columns=["event_date", "horizon", "start_date", "end_date", *frame.columns])
    table["horizon"] = table["horizon"].astype("int64")
    for column in ("event_date", "start_date", "end_date"):
        table[column] = pd.to_datetime(table[column])
    return table


def calc_event_outcomes(
    series: pd.Series,
    event_dates: Iterable,
    *,
    horizons: Iterable[int] = (3, 6, 12),
    kind: Kind = "return",
) -> pd.DataFrame:
    """Outcome of each event at fixed horizons (calendar months after the event date).

    Args:
        series: Daily levels (index points for ``kind="return"``, percent for ``"change"``).
        event_dates: Event dates; duplicates are dropped.
        horizons: Whole calendar months after the event, each > 0.
        kind: ``"return"`` (decimal return from day 0) or ``"change"`` (pp change from day 0).

    Returns:
        Long DataFrame (one row per event and horizon, events in date order) with
        ``event_date``, ``horizon`` (months), ``start_date`` (day 0), ``end_date`` (last
        observation on or before the horizon date) and ``value``. NaN/NaT when the event is
        outside the data or the horizon date is after the last observation.
        Pivot with ``table.pivot(index="event_date", columns="horizon", values="value")``.

    Raises:
        ValueError: on a bad series, dates, horizons or kind.
    """
    _check_kind(kind)
    hs = _check_horizons(horizons)
    levels = _check_levels(series, "series", kind)
    table = _outcomes(levels.to_frame("value"), _event_dates(event_dates), hs, kind)
    return table


def calc_relative_outcomes(
    small: pd.Series,
    large: pd.Series,
    event_dates: Iterable,
    *,
    horizons: Iterable[int] = (3, 6, 12),
) -> pd.DataFrame:
    """Small-cap return minus large-cap return at each horizon after each event.

    Both series are aligned on their common dates first, so both returns run from the same
    day 0 to the same end date.

    Args:
        small: Small-cap levels (e.g. RUT), positive.
        large: Large-cap levels (e.g. GSPC), positive.
        event_dates: Event dates.
        horizons: Whole calendar months after the event, each > 0.

    Returns:
        Long DataFrame with ``event_date``, ``horizon``, ``start_date``, ``end_date``,
        ``small`` and ``large`` (decimal returns) and ``value`` (``small - large``,
        decimal; e.g. 0.03 = small caps beat large caps by 3 percentage points of return).

    Raises:
        ValueError: on bad series (non-positive levels, no common dates) or arguments.
    """
    hs = _check_horizons(horizons)
    frame = _aligned(small, large)
    table = _outcomes(frame, _event_dates(event_dates), hs, "return")
    table["value"] = table["small"] - table["large"]
    return table


def summarize_outcomes(table: pd.DataFrame) -> pd.DataFrame:
    """Cross-event summary of an outcomes table, per horizon.

    Args:
        table: Output of :func:`calc_event_outcomes` or :func:`calc_relative_outcomes`.

    Returns:
        DataFrame indexed by ``horizon`` (months, ascending) with ``count`` (events with a
        value), ``median``, ``min``, ``max`` (same units as ``value``) and
        ``share_positive`` (fraction of counted events with value > 0). Statistics are NaN
        for a horizon with no value.

    Raises:
        ValueError: when ``table`` lacks the ``horizon`` or ``value`` column.
    """
    if not isinstance(table, pd.DataFrame) or not {"horizon", "value"} <= set(table.columns):
        raise ValueError("table must be an outcomes table with 'horizon' and 'value' columns "
                         "(from calc_event_outcomes or calc_relative_outcomes)")
    grouped = table.groupby("horizon", sort=True)["value"]
    summary = pd.DataFrame({
        "count": grouped.count().astype("int64"),
        "median": grouped.median(),
        "min": grouped.min(),
        "max": grouped.max(),
        "share_positive": grouped.apply(lambda v: (v.dropna() > 0).mean() if v.notna().any() else np.nan),
    })
    summary.index.name = "horizon"
    return summary


def _empty(columns: list[str]) -> pd.DataFrame:
    dtypes = {"event_date": "datetime64[ns]", "day0_date": "datetime64[ns]", "date": "datetime64[ns]",
              "day": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, float)) for c in columns})
