"""Tests for analytics.records: hand-computed fixtures, edge cases, invariants, real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.records import RecordResult, calc_record_since, ordinal, to_record_since
from analytics.returns import to_period_returns_series
from analytics.spreads import to_spread_change

T = pd.Timestamp
D = pd.bdate_range("2025-01-06", periods=10)  # Mon 6th .. Fri 17th


def values(*xs: float) -> pd.Series:
    return pd.Series(xs, index=D[: len(xs)], name="v", dtype="float64")


V = values(5, 3, 4, 2, 4.5)


@st.composite
def value_series(draw, min_size: int = 1, max_size: int = 60) -> pd.Series:
    n = draw(st.integers(min_size, max_size))
    # small integers (ties are common), some NaN
    xs = draw(st.lists(st.one_of(st.integers(-5, 5).map(float), st.just(np.nan)), min_size=n, max_size=n))
    s = pd.Series(xs, index=pd.bdate_range("2021-01-01", periods=n), dtype="float64")
    if s.isna().all():
        s.iloc[0] = 0.0
    return s


# ----------------------------------------------------------------------------- calc_record_since


def test_highest_since_hand_computed():
    # 4.5 on Fri 10th: earlier values 5, 3, 4, 2 -> last one >= 4.5 is 5 on Mon 6th
    assert calc_record_since(V, direction="high") == RecordResult(
        value=4.5, at=D[4], direction="high", record_since=D[0], is_record=False,
        history_start=D[0], record_since_value=5.0, rank=2, comparables=5, between=3,
    )
    # 4 on Wed 8th: 3 < 4, 5 >= 4 -> Mon 6th
    assert calc_record_since(V, at=D[2]).record_since == D[0]
    # 3 on Tue 7th -> Mon 6th
    assert calc_record_since(V, at=D[1]).record_since == D[0]


def test_lowest_since_hand_computed():
    # 2 on Thu 9th is the lowest of 5, 3, 4, 2: a record low for the history
    r = calc_record_since(V, at=D[3], direction="low")
    assert (r.record_since, r.is_record, r.record_since_value) == (None, True, None)
    # 4.5 on Fri 10th: last earlier value <= 4.5 is 2 on Thu 9th
    assert calc_record_since(V, direction="low").record_since == D[3]


def test_rank_comparables_and_between_hand_computed():
    # 5, 3, 4, 2, 4.5. 4.5 "high": only 5 is higher -> 2nd of 5; 3, 4, 2 lie between Mon 6th and it
    r = calc_record_since(V, direction="high")
    assert (r.rank, r.comparables, r.between) == (2, 5, 3)
    # 4.5 "low": 3, 4, 2 lower -> 4th-lowest of 5; the last value <= 4.5 is the day before: none between
    r = calc_record_since(V, direction="low")
    assert (r.rank, r.comparables, r.between, r.record_since) == (4, 5, 0, D[3])
    # 2 on Thu 9th "low": a record, every earlier value (3 of them) is beaten
    r = calc_record_since(V, at=D[3], direction="low")
    assert (r.rank, r.comparables, r.between, r.is_record) == (1, 4, 3, True)
    # later values are not ranked: 4 on Wed 8th is 2nd-highest of 3
    r = calc_record_since(V, at=D[2])
    assert (r.rank, r.comparables, r.between) == (2, 3, 1)
    # ties share the better rank: 2 ties 2 -> 1st of 3, nothing between
    r = calc_record_since(values(1, 2, 2))
    assert (r.rank, r.comparables, r.between) == (1, 3, 0)


def test_ordinal():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 1131, 20795)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th",
        "1,131st", "20,795th"]


def test_ties_count_as_at_least_as_extreme():
    s = values(1, 2, 2)
    # 2 on Wed 8th ties 2 on Tue 7th: "highest since Tue 7th", not a record
    r = calc_record_since(s)
    assert (r.record_since, r.is_record) == (D[1], False)


def test_first_and_single_value_are_records():
    r = calc_record_since(values(7))
    assert (r.value, r.at, r.record_since, r.is_record, r.history_start) == (7.0, D[0], None, True, D[0])
    assert calc_record_since(V, at=D[0], direction="low").is_record


def test_at_uses_last_observation_on_or_before():
    # Sat 11th -> Fri 10th; later values are ignored
    s = values(5, 3, 4, 2, 4.5, 9)  # 9 on Mon 13th
    assert calc_record_since(s, at="2025-01-11").at == D[4]
    assert calc_record_since(s, at="2025-01-11").record_since == D[0]


def test_nan_is_not_history():
    s = values(np.nan, 5, np.nan, 4)
    r = calc_record_since(s)
    assert (r.record_since, r.history_start) == (D[1], D[1])
    # at a NaN date: the previous observation is the target
    assert calc_record_since(s, at=D[2]).at == D[1]


def test_bad_input():
    with pytest.raises(ValueError, match="direction"):
        calc_record_since(V, direction="up")
    with pytest.raises(ValueError, match="before the first observation"):
        calc_record_since(V, at="2025-01-01")
    with pytest.raises(ValueError, match="no observations"):
        calc_record_since(pd.Series([np.nan], index=D[:1]))
    with pytest.raises(ValueError, match="direction"):
        to_record_since(V, "up")


def test_worst_month_since_with_period_returns():
    levels = pd.Series(
        [100.0, 80.0, 88.0, 96.8, 92.0],
        index=pd.DatetimeIndex(["2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"]),
    )
    monthly = to_period_returns_series(levels, "M")
    # Jan -20%, Feb +10%, Mar +10%, Apr 92/96.8 - 1 = -4.96%: worst since January
    r = calc_record_since(monthly, direction="low")
    assert r.value == pytest.approx(92 / 96.8 - 1)
    assert r.record_since == T("2025-01-31")


def test_largest_widening_since_with_spread_changes():
    oas = values(3.00, 3.50, 3.40, 3.55, 3.80)
    # day changes: NaN, +0.50, -0.10, +0.15, +0.25 -> +0.25 is the largest since +0.50 on Tue 7th
    r = calc_record_since(to_spread_change(oas, periods=1), direction="high")
    assert (r.value, r.record_since, r.history_start) == (0.25, D[1], D[1])


# ----------------------------------------------------------------------------- to_record_since


def test_vectorised_hand_computed():
    out = to_record_since(V)
    # 5: record; 3 -> 6th; 4 -> 6th; 2 -> 8th (4 >= 2); 4.5 -> 6th
    assert out.tolist()[1:] == [D[0], D[0], D[2], D[0]]
    assert pd.isna(out.iloc[0])
    low = to_record_since(V, "low")
    # 5: record; 3: record low; 4 -> 7th (3 <= 4); 2: record low; 4.5 -> 9th
    assert low.isna().tolist() == [True, True, False, True, False]
    assert (low.iloc[2], low.iloc[4]) == (D[1], D[3])


@settings(deadline=None, max_examples=200)
@given(value_series(), st.sampled_from(["high", "low"]))
def test_vectorised_equals_scalar(s, direction):
    out = to_record_since(s, direction)
    clean = s.dropna()
    assert list(out.index) == list(clean.index)
    for date in clean.index:
        scalar = calc_record_since(s, at=date, direction=direction)
        expected = pd.NaT if scalar.record_since is None else scalar.record_since
        assert (pd.isna(out[date]) and scalar.is_record) or out[date] == expected


@settings(deadline=None, max_examples=200)
@given(value_series(), st.sampled_from(["high", "low"]), st.data())
def test_record_since_invariants(s, direction, data):
    clean = s.dropna()
    at = clean.index[data.draw(st.integers(0, len(clean) - 1))]
    r = calc_record_since(s, at=at, direction=direction)
    sign = 1.0 if direction == "high" else -1.0
    earlier = clean[clean.index < at]
    if r.is_record:
        assert r.record_since is None
        assert (sign * earlier < sign * r.value).all()
    else:
        assert sign * clean[r.record_since] >= sign * r.value
        between = clean[(clean.index > r.record_since) & (clean.index < at)]
        assert (sign * between < sign * r.value).all()
    assert r.history_start == clean.index[0]
    # rank among the history up to `at`; "between" counts the values the claim beats
    assert r.comparables == len(earlier) + 1
    assert r.rank == 1 + int((sign * earlier > sign * r.value).sum())
    assert 1 <= r.rank <= r.comparables
    assert (r.rank == 1) or not r.is_record
    start = clean.index[0] if r.is_record else r.record_since
    assert r.between == int(((earlier.index > start) | (r.is_record & (earlier.index == start))).sum())


# ----------------------------------------------------------------------------- real data


def _read(shared_data: Path, relative: str) -> pd.Series:
    path = shared_data / relative
    if not path.is_file():
        pytest.skip(f"{relative} not in the data snapshot at {shared_data}")
    return pd.read_csv(path, index_col=0, parse_dates=True).iloc[:, 0]


@pytest.mark.shared_data
def test_real_ten_year_yield_highest_since_october_2023(shared_data):
    dgs10 = _read(shared_data, "fred/DGS10.csv")
    r = calc_record_since(dgs10, at="2025-01-13", direction="high")
    # 4.79 on 2025-01-13; 4.88 on 2023-10-31, every close in between below 4.79
    assert (r.value, r.record_since, r.record_since_value, r.is_record) == (4.79, T("2023-10-31"), 4.88, False)
    assert to_record_since(dgs10, "high")[T("2025-01-13")] == T("2023-10-31")
