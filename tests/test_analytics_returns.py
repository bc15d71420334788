"""Tests for analytics.returns: hand-computed fixtures, edge cases, invariants, real data."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.series import SeriesError
from analytics.returns import (
    PeriodReturn,
    calc_period_return,
    calc_relative_return,
    calc_return_gap,
    calc_return_for_period,
    resolve_period,
    to_period_returns_series,
    to_ratio,
    to_rebased,
    to_returns,
)

T = pd.Timestamp


def series(pairs: dict[str, float], name: str | None = "x") -> pd.Series:
    """A level series from {"YYYY-MM-DD": value}."""
    return pd.Series(list(pairs.values()), index=pd.DatetimeIndex(list(pairs)), name=name, dtype="float64")


def index(*dates: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(list(dates))


# Mon 2025-01-06 .. Mon 2025-01-13, no Friday-10th (a holiday).
WEEK = series(
    {
        "2025-01-06": 100.0,
        "2025-01-07": 110.0,
        "2025-01-08": 99.0,
        "2025-01-09": 100.0,
        "2025-01-13": 90.0,
    }
)


@st.composite
def level_series(draw, min_size: int = 1, max_size: int = 60) -> pd.Series:
    """Positive levels on business days with random holiday gaps."""
    n = draw(st.integers(min_size, max_size))
    values = draw(st.lists(st.floats(1.0, 1e4), min_size=n, max_size=n))
    start = draw(st.dates(min_value=pd.Timestamp("1990-01-01").date(), max_value=pd.Timestamp("2030-01-01").date()))
    days = pd.bdate_range(start, periods=3 * n)
    keep = draw(st.lists(st.integers(0, 3 * n - 1), min_size=n, max_size=n, unique=True))
    return pd.Series(values, index=days[sorted(keep)], name="lvl")


# ----------------------------------------------------------------------------- calc_period_return


def test_period_return_between_two_trading_days():
    # 99 / 100 - 1 = -0.01
    assert calc_period_return(WEEK, start="2025-01-06", end="2025-01-08") == pytest.approx(-0.01)


def test_period_return_weekend_and_holiday_use_previous_close():
    # start Fri 10th (holiday) -> Thu 9th = 100; end Sun 12th -> Thu 9th = 100: 0.0
    assert calc_period_return(WEEK, start="2025-01-10", end="2025-01-12") == 0.0
    # start Tue 7th = 110, end Sat 11th -> Thu 9th = 100: 100/110 - 1 = -0.0909...
    assert calc_period_return(WEEK, start="2025-01-07", end="2025-01-11") == pytest.approx(100 / 110 - 1)


def test_period_return_skips_nan_at_end_date():
    s = WEEK.copy()
    s["2025-01-13"] = np.nan
    # end Mon 13th is missing -> Thu 9th = 100; start Wed 8th = 99: 100/99 - 1
    assert calc_period_return(s, start="2025-01-08", end="2025-01-13") == pytest.approx(100 / 99 - 1)


def test_period_return_accepts_date_types():
    import datetime as dt

    r = calc_period_return(WEEK, start=dt.date(2025, 1, 6), end=np.datetime64("2025-01-08"))
    assert r == pytest.approx(-0.01)


def test_period_return_single_value():
    s = series({"2025-01-06": 5.0})
    assert calc_period_return(s, start="2025-01-06", end="2025-02-01") == 0.0


@pytest.mark.parametrize(
    ("levels", "start", "end", "message"),
    [
        (WEEK, "2025-01-08", "2025-01-06", "after end"),
        (WEEK, "2025-01-01", "2025-01-08", "before the first observation"),
        (pd.Series([], index=pd.DatetimeIndex([]), dtype="float64"), "2025-01-01", "2025-01-02", "no observations"),
        (series({"2025-01-06": np.nan, "2025-01-07": np.nan}), "2025-01-06", "2025-01-07", "no observations"),
        (WEEK.iloc[::-1], "2025-01-06", "2025-01-08", "not sorted"),
        (pd.concat([WEEK, WEEK.iloc[:1]]).sort_index(), "2025-01-06", "2025-01-08", "duplicate"),
        (series({"2025-01-06": 0.0, "2025-01-07": 1.0}), "2025-01-06", "2025-01-07", "zero"),
    ],
)
def test_period_return_rejects_bad_input(levels, start, end, message):
    with pytest.raises(ValueError, match=message):
        calc_period_return(levels, start=start, end=end)


def test_period_return_needs_a_datetime_index():
    with pytest.raises(SeriesError, match="DatetimeIndex"):
        calc_period_return(pd.Series([1.0, 2.0]), start="2025-01-01", end="2025-01-02")


# ----------------------------------------------------------------------------- resolve_period


def test_resolve_1d_is_last_two_observations():
    idx = index("2025-01-02", "2025-01-03", "2025-01-06")
    assert resolve_period("1d", "2025-01-04", idx) == (T("2025-01-02"), T("2025-01-03"))  # Saturday
    assert resolve_period("1d", "2025-01-06", idx) == (T("2025-01-03"), T("2025-01-06"))
    with pytest.raises(ValueError, match="two observations"):
        resolve_period("1d", "2025-01-02", idx)


def test_resolve_trailing_months_from_as_of():
    idx = index("2025-02-27", "2025-02-28", "2025-03-28", "2025-03-31")
    # 2025-03-31 - 1 month = 2025-02-28 (clipped month end)
    assert resolve_period("1m", "2025-03-31", idx) == (T("2025-02-28"), T("2025-03-31"))
    # Sunday 2025-03-30: end Fri 28th; 03-30 - 1 month = 02-28 (clipped)
    assert resolve_period("1m", "2025-03-30", idx) == (T("2025-02-28"), T("2025-03-28"))
    # 2025-03-27 - 1 month = 02-27
    assert resolve_period("1M", "2025-03-27", idx) == (T("2025-02-27"), T("2025-02-28"))


def test_resolve_3m_12m_weekend_target_uses_friday():
    idx = index("2024-01-12", "2024-10-11", "2024-10-14", "2025-01-13")
    # 2025-01-13 - 3 months = Sun 2024-10-13 -> Fri 2024-10-11
    assert resolve_period("3m", "2025-01-13", idx) == (T("2024-10-11"), T("2025-01-13"))
    # 2025-01-13 - 12 months = Sat 2024-01-13 -> Fri 2024-01-12; "1y" is the same
    assert resolve_period("12m", "2025-01-13", idx) == (T("2024-01-12"), T("2025-01-13"))
    assert resolve_period("1y", "2025-01-13", idx) == (T("2024-01-12"), T("2025-01-13"))
    with pytest.raises(ValueError, match="before the first observation"):
        resolve_period("24m", "2025-01-13", idx)


def test_resolve_ytd_base_is_last_close_of_previous_year():
    idx = index("2024-12-30", "2024-12-31", "2025-01-02", "2025-01-13")
    assert resolve_period("ytd", "2025-01-13", idx) == (T("2024-12-31"), T("2025-01-13"))
    # New Year's Day: nothing traded yet this year -> start == end
    assert resolve_period("ytd", "2025-01-01", idx) == (T("2024-12-31"), T("2024-12-31"))
    # Dec 31 missing -> Dec 30
    assert resolve_period("ytd", "2025-01-13", idx.drop(T("2024-12-31"))) == (T("2024-12-30"), T("2025-01-13"))
    with pytest.raises(ValueError, match="before the first observation"):
        resolve_period("ytd", "2025-01-13", idx[2:])


def test_resolve_mtd_qtd():
    idx = index("2024-12-31", "2025-01-31", "2025-02-03", "2025-02-14")
    assert resolve_period("mtd", "2025-02-15", idx) == (T("2025-01-31"), T("2025-02-14"))
    assert resolve_period("qtd", "2025-02-15", idx) == (T("2024-12-31"), T("2025-02-14"))


MONTH_ENDS = index(
    "2024-11-29", "2024-12-31", "2025-01-30", "2025-01-31", "2025-03-31", "2025-04-15", "2025-04-30", "2025-05-30"
)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # Jan 31 is January's last calendar day: January is complete.
        ("2025-01-31", ("2024-12-31", "2025-01-31")),
        # Jan 30: last complete month is December; base = last obs of November.
        ("2025-01-30", ("2024-11-29", "2024-12-31")),
        # Fri May 30 is the last trading day but May 31 is not reached: April.
        ("2025-05-30", ("2025-03-31", "2025-04-30")),
        # Sat May 31: May is complete; its last observation is Fri 30th.
        ("2025-05-31", ("2025-04-30", "2025-05-30")),
    ],
)
def test_resolve_last_complete_month(as_of, expected):
    assert resolve_period("month", as_of, MONTH_ENDS) == tuple(T(d) for d in expected)


def test_resolve_last_complete_month_with_a_gap_raises():
    # February 2025 has no observation in MONTH_ENDS.
    with pytest.raises(ValueError, match="no observations in 2025-02"):
        resolve_period("month", "2025-03-01", MONTH_ENDS)


def test_resolve_last_complete_quarter_and_year():
    idx = index("2023-12-29", "2024-09-30", "2024-12-31", "2025-03-31", "2025-04-15")
    assert resolve_period("quarter", "2025-04-15", idx) == (T("2024-12-31"), T("2025-03-31"))
    assert resolve_period("quarter", "2025-03-30", idx) == (T("2024-09-30"), T("2024-12-31"))
    assert resolve_period("year", "2025-04-15", idx) == (T("2023-12-29"), T("2024-12-31"))
    assert resolve_period("year", "2024-12-31", idx) == (T("2023-12-29"), T("2024-12-31"))


def test_resolve_since_event_uses_close_of_event_day():
    idx = index("2024-11-05", "2024-11-08", "2024-11-11", "2025-01-13")
    # Event day is a trading day: its close is the base.
    assert resolve_period("since:2024-11-05", "2025-01-13", idx) == (T("2024-11-05"), T("2025-01-13"))
    # Saturday 2024-11-09 -> Friday 2024-11-08
    assert resolve_period("since:2024-11-09", "2025-01-13", idx) == (T("2024-11-08"), T("2025-01-13"))
    with pytest.raises(ValueError, match="after as_of"):
        resolve_period("since:2025-02-01", "2025-01-13", idx)
    with pytest.raises(ValueError, match="since:YYYY-MM-DD"):
        resolve_period("since:soon", "2025-01-13", idx)


@pytest.mark.parametrize("period", ["2w", "0m", "ytdx", "", "month-1"])
def test_resolve_unknown_period(period):
    with pytest.raises(ValueError, match="period"):
        resolve_period(period, "2025-01-13", index("2024-01-02", "2025-01-13"))


def test_resolve_as_of_before_first_observation():
    with pytest.raises(ValueError, match="as_of 2023-12-31 is before the first observation 2024-01-02"):
        resolve_period("1m", "2023-12-31", index("2024-01-02", "2025-01-13"))


def test_resolve_empty_index():
    with pytest.raises(ValueError, match="empty"):
        resolve_period("1m", "2025-01-13", pd.DatetimeIndex([]))


# ----------------------------------------------------------------------------- calc_return_for_period


def test_return_for_period_ytd_hand_computed():
    s = series({"2024-12-30": 2227.78, "2024-12-31": 2230.16, "2025-01-10": 2189.23, "2025-01-13": 2194.40})
    r = calc_return_for_period(s, "ytd", as_of="2025-01-13")
    # 2194.40 / 2230.16 - 1 = -0.016035
    assert r == PeriodReturn(
        "ytd", T("2024-12-31"), T("2025-01-13"), pytest.approx(-0.016035, abs=1e-6), 2230.16, 2194.40
    )
    assert round(r.value, 3) == -0.016


def test_return_for_period_drops_nan_before_resolving():
    s = series({"2025-01-09": 100.0, "2025-01-10": np.nan, "2025-01-13": 103.0})
    r = calc_return_for_period(s, "1d", as_of="2025-01-13")
    # the NaN day is not an observation: 103 / 100 - 1 = 0.03
    assert (r.start, r.end) == (T("2025-01-09"), T("2025-01-13"))
    assert r.value == pytest.approx(0.03)


def test_return_for_period_saturday_as_of_uses_friday():
    r = calc_return_for_period(WEEK, "1d", as_of="2025-01-11")
    # Thu 9th 100 vs Wed 8th 99 (Fri 10th is a holiday): 100/99 - 1
    assert r.end == T("2025-01-09")
    assert r.value == pytest.approx(100 / 99 - 1)


# ----------------------------------------------------------------------------- to_rebased


def test_rebased_at_first_observation():
    s = series({"2025-01-06": 50.0, "2025-01-07": 55.0, "2025-01-08": 60.0})
    # 50 -> 100, 55 -> 110, 60 -> 120
    assert to_rebased(s).tolist() == pytest.approx([100.0, 110.0, 120.0])
    assert to_rebased(s, base=1.0).tolist() == pytest.approx([1.0, 1.1, 1.2])


def test_rebased_at_date_uses_first_observation_on_or_after():
    s = series({"2025-01-09": 50.0, "2025-01-13": 55.0, "2025-01-14": 60.0})
    # at Sat 11th -> Mon 13th = 55: 50/55*100, 100, 60/55*100
    assert to_rebased(s, at="2025-01-11").tolist() == pytest.approx([50 / 55 * 100, 100.0, 60 / 55 * 100])
    with pytest.raises(ValueError, match="after the last observation"):
        to_rebased(s, at="2025-01-15")


def test_rebased_drops_nan():
    s = series({"2025-01-06": np.nan, "2025-01-07": 20.0, "2025-01-08": 30.0})
    out = to_rebased(s)
    assert list(out.index) == [T("2025-01-07"), T("2025-01-08")]
    assert out.tolist() == pytest.approx([100.0, 150.0])


# ----------------------------------------------------------------------------- to_ratio


def test_ratio_inner_join_drops_nan():
    a = series({"2025-01-06": 2.0, "2025-01-07": 4.0, "2025-01-08": 6.0}, name="RUT")
    b = series({"2025-01-06": 1.0, "2025-01-07": 2.0, "2025-01-08": np.nan, "2025-01-09": 3.0}, name="GSPC")
    out = to_ratio(a, b)
    # 2/1, 4/2 on the 6th and 7th; the 8th (b missing) and 9th (a missing) are dropped
    assert out.to_dict() == {T("2025-01-06"): 2.0, T("2025-01-07"): 2.0}
    assert out.name == "RUT/GSPC"


def test_ratio_without_common_dates():
    with pytest.raises(ValueError, match="share no date"):
        to_ratio(series({"2025-01-06": 1.0}), series({"2025-01-07": 1.0}))


# ----------------------------------------------------------------------------- calc_relative_return


def test_relative_return_and_return_gap_hand_computed():
    small = series({"2025-01-06": 100.0, "2025-01-08": 110.0})
    large = series({"2025-01-06": 200.0, "2025-01-08": 242.0})
    # small +10%, large +21%: relative return 1.10 / 1.21 - 1 = -9.0909%; gap -11 pp
    assert calc_relative_return(small, large, start="2025-01-06", end="2025-01-08") == pytest.approx(-1 / 11)
    assert calc_return_gap(small, large, start="2025-01-06", end="2025-01-08") == pytest.approx(-0.11)


def test_relative_return_uses_common_dates():
    small = series({"2025-01-06": 100.0, "2025-01-08": 110.0, "2025-01-09": 200.0})
    large = series({"2025-01-06": 200.0, "2025-01-08": 210.0, "2025-01-10": 220.0})
    # last common date on or before the 10th is the 8th: 1.10 / 1.05 - 1 and 0.10 - 0.05
    assert calc_relative_return(small, large, start="2025-01-06", end="2025-01-10") == pytest.approx(1.1 / 1.05 - 1)
    assert calc_return_gap(small, large, start="2025-01-06", end="2025-01-10") == pytest.approx(0.05)


def test_the_two_measures_differ_most_over_long_windows():
    """1990-2025 style: +1360% against +1803% is a gap of -443 pp but a relative return of -23%."""
    small = series({"2025-01-06": 100.0, "2025-01-08": 1460.0})
    large = series({"2025-01-06": 100.0, "2025-01-08": 1903.0})
    assert calc_return_gap(small, large, start="2025-01-06", end="2025-01-08") == pytest.approx(-4.43)
    assert calc_relative_return(small, large, start="2025-01-06", end="2025-01-08") == pytest.approx(
        1460 / 1903 - 1)


# ----------------------------------------------------------------------------- to_returns


def test_returns_daily():
    # 110/100 - 1 = 0.10; 99/110 - 1 = -0.10
    out = to_returns(WEEK.iloc[:3])
    assert out.to_dict() == {T("2025-01-07"): pytest.approx(0.10), T("2025-01-08"): pytest.approx(-0.10)}


def test_returns_weekly_labelled_by_last_observation():
    s = series(
        {
            "2025-01-06": 100.0,
            "2025-01-09": 105.0,  # week 1 ends Thu 9th (Fri 10th holiday)
            "2025-01-13": 110.0,
            "2025-01-17": 126.0,  # week 2 ends Fri 17th
            "2025-01-20": 63.0,  # week 3 so far
        }
    )
    out = to_returns(s, freq="W")
    # 126/105 - 1 = 0.2 on Fri 17th; 63/126 - 1 = -0.5 on Mon 20th (week to date)
    assert list(out.index) == [T("2025-01-17"), T("2025-01-20")]
    assert out.tolist() == pytest.approx([0.2, -0.5])


def test_returns_monthly_labelled_by_last_observation():
    s = series({"2025-01-15": 90.0, "2025-01-30": 100.0, "2025-02-27": 110.0, "2025-03-31": 99.0})
    out = to_returns(s, freq="M")
    # Jan ends Thu 30th (100); Feb ends 27th: 110/100 - 1; Mar: 99/110 - 1
    assert out.to_dict() == {T("2025-02-27"): pytest.approx(0.10), T("2025-03-31"): pytest.approx(-0.10)}


def test_returns_edge_cases():
    assert to_returns(series({"2025-01-06": 1.0})).empty
    with pytest.raises(ValueError, match="freq"):
        to_returns(WEEK, freq="Q")


# ----------------------------------------------------------------------------- to_period_returns_series

MONTHLY = series(
    {"2025-01-31": 100.0, "2025-02-14": 120.0, "2025-02-28": 110.0, "2025-03-28": 99.0, "2025-04-02": 100.0}
)


def test_period_returns_labelled_by_calendar_period_end():
    out = to_period_returns_series(MONTHLY, "M")
    # Feb: 110/100 - 1 = 0.10; Mar (last obs 28th, label 31st): 99/110 - 1 = -0.10;
    # Apr so far: 100/99 - 1
    assert list(out.index) == [T("2025-02-28"), T("2025-03-31"), T("2025-04-30")]
    assert out.tolist() == pytest.approx([0.10, -0.10, 100 / 99 - 1])


def test_period_returns_as_of_keeps_complete_periods_only():
    # As of Sun 2025-03-30 March is not complete: only February.
    assert to_period_returns_series(MONTHLY, "M", as_of="2025-03-30").index.tolist() == [T("2025-02-28")]
    out = to_period_returns_series(MONTHLY, "M", as_of="2025-03-31")
    assert out.index[-1] == T("2025-03-31")
    assert out.iloc[-1] == pytest.approx(calc_return_for_period(MONTHLY, "month", as_of="2025-03-31").value)


def test_period_returns_quarter_and_year():
    s = series({"2023-12-29": 100.0, "2024-03-28": 110.0, "2024-12-31": 121.0, "2025-03-31": 133.1})
    q = to_period_returns_series(s, "Q")
    # Q1 2024: 110/100 - 1; Q1 2025: 133.1/121 - 1. Q4 2024 has none: Q2 and Q3 are empty, so
    # its base (the 2024-03-28 close) is 186 days before Q3's end, a hole of the data (it was
    # 121/110 - 1, a "quarter" of nine months)
    assert q.index.tolist() == [T("2024-03-31"), T("2025-03-31")]
    assert q.tolist() == pytest.approx([0.1, 0.1])
    with pytest.raises(ValueError, match="no observations between 2024-03-28 and 2024-12-31; the data has a gap"):
        calc_return_for_period(s, "quarter", as_of="2024-12-31")
    y = to_period_returns_series(s, "Y")
    # 2024: 121/100 - 1 = 0.21; 2025 to date: 133.1/121 - 1 = 0.1
    assert y.to_dict() == {T("2024-12-31"): pytest.approx(0.21), T("2025-12-31"): pytest.approx(0.1)}
    with pytest.raises(ValueError, match="freq"):
        to_period_returns_series(s, "W")


# ----------------------------------------------------------------------------- invariants


@settings(deadline=None)
@given(level_series())
def test_rebased_starts_at_base(s):
    assert to_rebased(s, base=100.0).iloc[0] == pytest.approx(100.0)


@settings(deadline=None)
@given(level_series())
def test_ratio_with_itself_is_flat_one(s):
    assert np.allclose(to_ratio(s, s).to_numpy(), 1.0)


@settings(deadline=None)
@given(level_series(min_size=2), st.data())
def test_relative_return_with_itself_is_zero(s, data):
    i = data.draw(st.integers(0, len(s) - 1))
    j = data.draw(st.integers(i, len(s) - 1))
    assert calc_relative_return(s, s, start=s.index[i], end=s.index[j]) == 0.0
    assert calc_return_gap(s, s, start=s.index[i], end=s.index[j]) == 0.0


@settings(deadline=None)
@given(level_series(min_size=2))
def test_period_return_matches_rebased_and_compounded_returns(s):
    total = calc_period_return(s, start=s.index[0], end=s.index[-1])
    assert total == pytest.approx(to_rebased(s).iloc[-1] / 100.0 - 1.0, rel=1e-9, abs=1e-12)
    daily = to_returns(s, freq="D")
    assert float(np.prod(1.0 + daily.to_numpy())) - 1.0 == pytest.approx(total, rel=1e-9, abs=1e-9)


@settings(deadline=None)
@given(level_series(min_size=2, max_size=120))
def test_monthly_returns_compound_to_total_from_first_month_end(s):
    m = to_period_returns_series(s, "M")
    first_month_end = s[s.index.to_period("M") == s.index[0].to_period("M")].iloc[-1]
    expected = s.iloc[-1] / first_month_end - 1.0
    assert float(np.prod(1.0 + m.to_numpy())) - 1.0 == pytest.approx(expected, rel=1e-9, abs=1e-9)


# ----------------------------------------------------------------------------- real data


def _read(shared_data: Path, relative: str) -> pd.Series:
    path = shared_data / relative
    if not path.is_file():
        pytest.skip(f"{relative} not in the data snapshot at {shared_data}")
    return pd.read_csv(path, index_col=0, parse_dates=True).iloc[:, 0]


@pytest.mark.shared_data
def test_real_russell_2000_ytd_on_2025_01_13(shared_data):
    rut = _read(shared_data, "indexes/RUT.csv")
    r = calc_return_for_period(rut, "ytd", as_of="2025-01-13")
    assert (r.start, r.end) == (T("2024-12-31"), T("2025-01-13"))
    assert round(r.value, 3) == -0.016


@pytest.mark.shared_data
def test_real_russell_vs_sp500_consistent_helpers(shared_data):
    rut = _read(shared_data, "indexes/RUT.csv")
    spx = _read(shared_data, "indexes/GSPC.csv")
    rel = calc_relative_return(rut, spx, start="2024-12-31", end="2025-01-13")
    ratio = to_ratio(rut, spx)
    # with the same base and end dates, the ratio's return is (1 + r_s) / (1 + r_l) - 1
    r_s = calc_period_return(rut, start="2024-12-31", end="2025-01-13")
    r_l = calc_period_return(spx, start="2024-12-31", end="2025-01-13")
    assert rel == pytest.approx((1 + r_s) / (1 + r_l) - 1)
    assert calc_return_gap(rut, spx, start="2024-12-31", end="2025-01-13") == pytest.approx(r_s - r_l)
    assert calc_period_return(ratio, start="2024-12-31", end="2025-01-13") == pytest.approx(rel)
    assert not math.isnan(rel)


def test_period_last_day_is_the_periods_last_calendar_day():
    """Months, quarters and years 1900-2100 (leap Februaries included), with and without a time
    zone: the day ``Period.end_time`` gives, at midnight."""
    from analytics.returns import _period_last_day

    for like in (pd.Timestamp("2024-02-10"), pd.Timestamp("2024-02-10", tz="America/New_York")):
        for freq in ("M", "Q", "Y"):
            for year in range(1900, 2101, 7):
                for month in (1, 2, 3, 6, 12):
                    period = pd.Timestamp(year, month, 5).to_period(freq)
                    expected = pd.Timestamp(period.end_time.date())
                    expected = expected.tz_localize(like.tz) if like.tz is not None else expected
                    assert _period_last_day(period, like) == expected, (period, like)


def test_a_base_or_as_of_date_in_a_hole_of_the_data_is_refused_everywhere():
    """RUT.csv without 2008-2011 read "down 0.2% over the past month" and "this year" as of
    2012-01-10 (returns from the 2007-12-31 close, ranked "on record"), and the event study's 6
    and 12 months after the 2007-09-18 cut were one close. A date whose last observation is more
    than 35 days older, with data after it, is no base (nor an as-of date); the single returns,
    their comparables and the event study agree."""
    from analytics.events import calc_event_outcomes
    from analytics.facts_returns import to_trailing_returns, to_ytd_returns

    days = pd.bdate_range("2006-01-02", "2013-12-31")
    days = days[(days < "2008-01-01") | (days > "2011-12-31")]
    s = pd.Series(np.linspace(100.0, 200.0, len(days)), index=days, name="RUT")
    for period, as_of in (("1m", "2012-01-10"), ("ytd", "2012-01-10"), ("12m", "2012-01-10"),
                          ("since:2010-06-30", "2012-01-10"), ("year", "2013-01-10")):
        with pytest.raises(ValueError, match="no observations between 2007-12-31 and 2012-01-02; the data has a gap"):
            calc_return_for_period(s, period, as_of=as_of)
    with pytest.raises(ValueError, match="the data has a gap"):  # an as-of date inside the hole
        calc_return_for_period(s, "1d", as_of="2010-06-30")
    # 35 days is the limit: a base 35 days after its close is one (a weekend after a month's gap)
    assert calc_return_for_period(s, "1m", as_of="2012-02-03").start == pd.Timestamp("2012-01-03")
    trailing = to_trailing_returns(s)
    assert trailing.loc["2012-01-02":"2012-01-31"].empty  # bases 2011-12-02 .. 2011-12-31: in the hole
    assert trailing.loc["2012-02-01":].index[0] == pd.Timestamp("2012-02-02")  # (base 2012-01-02)
    assert pd.Timestamp("2012-01-10") not in to_ytd_returns(s, as_of=pd.Timestamp("2013-01-10")).index
    outcomes = calc_event_outcomes(s, ["2007-09-18"], horizons=(3, 6, 12))
    assert outcomes["value"].notna().tolist() == [True, False, False]  # 2007-12-18 is in the data
