"""The vectorised comparable series of the facts equal their one-call-per-date definitions."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.facts_returns import to_event_returns, to_ytd_returns
from analytics.returns import calc_period_return, calc_relative_return, calc_return_for_period


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


def reference_events(levels, events, span_days, large=None) -> pd.Series:
    out = {}
    for event in sorted(set(events)):
        end = event + pd.Timedelta(days=span_days)
        try:
            out[event] = (calc_period_return(levels, start=event, end=end) if large is None
                          else calc_relative_return(levels, large, start=event, end=end))
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
