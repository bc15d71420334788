"""The vectorised comparable series of the facts equal their one-call-per-date definitions."""

from __future__ import annotations

import numpy as np
import pytest
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.facts_returns import _aligned, to_event_returns, to_ytd_returns
from analytics.series import shift_months
from analytics.returns import (
    calc_gap_between, calc_period_return, calc_return_for_period, calc_return_gap, to_period_returns_series,
)


def _same_day_in_year(t: pd.Timestamp, year: int) -> pd.Timestamp:
    """``t`` moved to ``year`` (29 February becomes 28 February)."""
    return t + pd.DateOffset(years=year - t.year)


def reference_ytd(levels: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    """The definition: one :func:`calc_return_for_period` per year."""
    values, labels = [], []
    for year in range(levels.index[0].year, as_of.year + 1):
        try:
            r = calc_return_for_period(levels, "ytd", as_of=_same_day_in_year(as_of, year))
        except ValueError:
            continue
        if labels and r.end <= labels[-1]:
            values.pop()
            labels.pop()
        values.append(r.value)
        labels.append(r.end)
    return pd.Series(values, index=pd.DatetimeIndex(labels), name=levels.name, dtype="float64")


def in_a_hole(index, day) -> bool:
    """The definition of a hole of the data: the last observation on or before ``day`` more than
    35 days before it, and a later one."""
    before = index[index <= day]
    return len(before) > 0 and bool((index > day).any()) and day - before[-1] > pd.Timedelta(days=35)


def reference_events(levels, events, span_days, large=None) -> pd.Series:
    out = {}
    dates = levels.dropna().index if large is None else levels.dropna().index.intersection(large.dropna().index)
    for event in sorted(set(events)):
        end = event + pd.Timedelta(days=span_days)
        if in_a_hole(dates, event) or in_a_hole(dates, end):  # no base or end across a hole of the data
            continue
        try:
            out[event] = (calc_period_return(levels, start=event, end=end) if large is None
                          else calc_return_gap(levels, large, start=event, end=end))
        except ValueError:
            continue
    return pd.Series(out, dtype="float64", name=levels.name).sort_index()


@st.composite
def level_series(draw, name="RUT"):
    n = draw(st.integers(2, 300))
    gaps = draw(st.lists(st.integers(1, 40), min_size=n, max_size=n))
    start = pd.Timestamp("1995-01-02") + pd.Timedelta(days=draw(st.integers(0, 3000)))
    dates = start + pd.to_timedelta(np.cumsum(gaps), unit="D")
    values = draw(st.lists(st.floats(0.5, 500.0, allow_nan=False), min_size=n, max_size=n))
    if draw(st.booleans()):
        values[draw(st.integers(0, n - 1))] = 0.0  # a zero base must be skipped, not divided by
    return pd.Series(values, index=pd.DatetimeIndex(dates, name="date"), name=name)


@settings(max_examples=150, deadline=None)
@given(level_series(), st.integers(0, 5000), st.sampled_from(["02-29", "01-13", "12-31", "06-30"]))
def test_ytd_returns_equal_the_definition(levels, offset, month_day):
    year = (levels.index[0] + pd.Timedelta(days=offset)).year
    day = pd.Timestamp(f"{year}-{month_day}") if month_day != "02-29" or year % 4 == 0 else pd.Timestamp(f"{year}-02-28")
    pd.testing.assert_series_equal(to_ytd_returns(levels, as_of=day), reference_ytd(levels, day),
                                   check_freq=False, check_index_type=False)


@settings(max_examples=150, deadline=None)
@given(level_series(), level_series("GSPC"), st.lists(st.integers(-200, 6000), min_size=0, max_size=12),
       st.sampled_from([0, 30, 91, 365]), st.booleans())
def test_event_returns_equal_the_definition(small, large, offsets, span, relative):
    events = [small.index[0] + pd.Timedelta(days=o) for o in offsets]
    other = large if relative else None
    got = to_event_returns(small, events, span_days=span, large=other)
    want = reference_events(small, events, span, other)
    if want.empty:  # the definition's empty result has no dates at all
        assert got.empty and isinstance(got.index, pd.DatetimeIndex)
        return
    pd.testing.assert_series_equal(got, want, check_freq=False, check_index_type=False)


@settings(max_examples=100, deadline=None)
@given(level_series(), st.lists(st.integers(-200, 6000), min_size=1, max_size=12), st.sampled_from([0, 30, 365]),
       st.floats(0.5, 2.0), st.booleans(), st.booleans())
def test_event_returns_of_a_pair_on_the_same_dates_equal_the_definition(small, offsets, span, scale, gap, nan):
    """The facts pass an aligned pair (both series on the same dates): no second alignment, the
    same returns; a missing value in either series is still dropped first."""
    events = [small.index[0] + pd.Timedelta(days=o) for o in offsets]
    large = (small * scale).rename("GSPC")
    if gap:
        large.iloc[len(large) // 2] = np.nan
    if nan:
        small = small.copy()
        small.iloc[-1] = np.nan
    got = to_event_returns(small, events, span_days=span, large=large)
    want = reference_events(small, events, span, large)
    if want.empty:
        assert got.empty
        return
    pd.testing.assert_series_equal(got, want, check_freq=False, check_index_type=False)


def reference_period_returns(levels: pd.Series, freq: str, as_of=None) -> pd.Series:
    """The definition through pandas periods: last close per period against the previous one."""
    clean = levels.dropna() if as_of is None else levels.dropna().loc[:as_of]
    ends = clean.groupby(clean.index.to_period(freq)).last()
    out = ends / ends.shift(1) - 1.0
    # a base across a hole (the previous period's last close more than 35 days before the end of
    # the period just before this one) is no base
    last_dates = pd.Series(clean.index, index=clean.index).groupby(clean.index.to_period(freq)).last()
    prior_ends = pd.Series((out.index - 1).end_time.normalize(), index=out.index)
    across = (prior_ends - last_dates.shift(1)) > pd.Timedelta(days=35)
    out = out[~across.to_numpy()]
    out.index = pd.DatetimeIndex(out.index.end_time.normalize())
    out = out.iloc[1:] if len(out) and not across.iloc[0] else out
    return out if as_of is None else out.loc[out.index <= as_of]


@settings(max_examples=150, deadline=None)
@given(level_series(), st.sampled_from(["M", "Q", "Y"]), st.one_of(st.none(), st.integers(0, 12000)))
def test_period_returns_equal_the_pandas_period_definition(levels, freq, offset):
    levels = levels.replace(0.0, 1.0)
    as_of = None if offset is None else levels.index[0] + pd.Timedelta(days=offset)
    got = to_period_returns_series(levels, freq, as_of=as_of)
    want = reference_period_returns(levels, freq, as_of)
    pd.testing.assert_series_equal(got, want, check_names=False, check_freq=False, check_index_type=False)
    assert got.name == levels.name


def test_period_returns_label_the_last_calendar_day_before_1970_too():
    levels = pd.Series([100.0, 110.0, 99.0, 108.9],
                       index=pd.DatetimeIndex(["1969-11-28", "1969-12-31", "1970-02-27", "1970-03-31"]))
    quarterly = to_period_returns_series(levels, "Q")
    assert list(quarterly.index.strftime("%Y-%m-%d")) == ["1970-03-31"]
    assert quarterly.iloc[0] == pytest.approx(108.9 / 110.0 - 1)
    monthly = to_period_returns_series(levels, "M")
    assert list(monthly.index.strftime("%Y-%m-%d")) == ["1969-12-31", "1970-02-28", "1970-03-31"]
    assert monthly.to_list() == pytest.approx([0.1, -0.1, 0.1])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-30000, 30000), min_size=1, max_size=40), st.integers(-30, 30),
       st.integers(0, 86_399))
def test_shift_months_equals_pandas_date_offset(days, months, seconds):
    index = pd.DatetimeIndex(pd.Timestamp("1990-01-31") + pd.to_timedelta(sorted(days), unit="D")
                             + pd.Timedelta(seconds=seconds), name="date")
    got = shift_months(index, months)
    assert got.name == "date"
    assert list(got) == list(index + pd.DateOffset(months=months))


@settings(max_examples=150, deadline=None)
@given(level_series(), level_series("GSPC"), st.data())
def test_gap_by_position_equals_the_return_gap(small, large, data):
    """The relative facts' gap of an aligned pair, by position: calc_return_gap's value, and its
    error for a zero base."""
    s, g = small.align(large, join="inner")
    if s.empty:
        return
    i0 = data.draw(st.integers(0, len(s) - 1))
    i1 = data.draw(st.integers(i0, len(s) - 1))
    try:
        want = calc_return_gap(s, g, start=s.index[i0], end=s.index[i1])
    except ValueError as exc:
        with pytest.raises(ValueError, match="base level is zero") as got:
            calc_gap_between(s, g, i0, i1)
        assert str(got.value) == str(exc)
        return
    assert calc_gap_between(s, g, i0, i1) == want


def test_a_sheet_aligns_each_pair_once_and_only_for_the_same_series():
    """The facts' aligned pair is kept for the very series it was made from: the same objects
    give the kept pair, other series under the same names are aligned again."""
    dates = pd.date_range("2020-01-01", periods=6)
    small = pd.Series([1.0, 2, 3, 4, 5, 6], index=dates, name="RUT")
    large = pd.Series([2.0, 3, 4, 5], index=dates[[0, 2, 3, 5]], name="GSPC")
    cache: dict = {}
    s, g = _aligned(small, large, cache)
    assert list(s) == [1.0, 3.0, 4.0, 6.0] and list(g) == [2.0, 3.0, 4.0, 5.0]
    again = _aligned(small, large, cache)
    assert again[0] is s and again[1] is g
    other = small * 10  # same name, another series
    s2, g2 = _aligned(other, large, cache)
    assert list(s2) == [10.0, 30.0, 40.0, 60.0] and s2 is not s
    assert _aligned(small, large)[0] is not s  # without a cache: aligned each time
