"""Tests for analytics.spreads: hand-computed fixtures, edge cases, invariants, real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.spreads import (
    WindowStats,
    calc_spread_change,
    calc_window_stats,
    calc_window_summary,
    to_spread_change,
    to_zscore,
)

T = pd.Timestamp


def series(pairs: dict[str, float], name: str = "HY") -> pd.Series:
    return pd.Series(list(pairs.values()), index=pd.DatetimeIndex(list(pairs)), name=name, dtype="float64")


OAS = series({"2025-01-06": 3.00, "2025-01-07": 3.25, "2025-01-08": 3.10, "2025-01-10": 3.40})


@st.composite
def spread_series(draw, min_size: int = 1, max_size: int = 80) -> pd.Series:
    n = draw(st.integers(min_size, max_size))
    cents = draw(st.lists(st.integers(-100, 2000), min_size=n, max_size=n))  # 2-decimal levels
    days = pd.bdate_range("2019-12-02", periods=3 * n)
    keep = sorted(draw(st.lists(st.integers(0, 3 * n - 1), min_size=n, max_size=n, unique=True)))
    return pd.Series(np.array(cents) / 100.0, index=days[keep], name="s")


# ----------------------------------------------------------------------------- to_spread_change


def test_change_over_observations():
    # 3.25 - 3.00 = 0.25; 3.10 - 3.25 = -0.15; 3.40 - 3.10 = 0.30 (over the Thursday gap)
    assert to_spread_change(OAS, periods=1).tolist()[1:] == [0.25, -0.15, 0.30]
    assert np.isnan(to_spread_change(OAS, periods=1).iloc[0])
    # two observations: 3.10 - 3.00 = 0.10; 3.40 - 3.25 = 0.15
    assert to_spread_change(OAS, periods=2).tolist()[2:] == [0.10, 0.15]


def test_change_over_calendar_months():
    s = series({"2025-01-28": 2.9, "2025-01-31": 3.0, "2025-02-27": 3.2, "2025-02-28": 3.5, "2025-03-31": 4.0})
    out = to_spread_change(s, freq="1m")
    # 01-28, 01-31: no observation a month earlier -> NaN
    # 02-27 - 1m = 01-27: before the first observation -> NaN
    # 02-28 - 1m = 01-28 -> 2.9: 3.5 - 2.9 = 0.6
    # 03-31 - 1m = 02-28 (clipped) -> 3.5: 4.0 - 3.5 = 0.5
    assert out.iloc[:3].isna().all()
    assert out.iloc[3:].tolist() == [0.6, 0.5]


def test_change_weeks_and_years():
    s = series({"2024-01-05": 1.0, "2025-01-03": 2.0, "2025-01-10": 2.5})
    # 2025-01-10 - 1w = 01-03: 2.5 - 2.0; - 1y = 2024-01-10 -> 2024-01-05: 2.5 - 1.0
    assert to_spread_change(s, freq="1w").iloc[-1] == 0.5
    assert to_spread_change(s, freq="1y").iloc[-1] == 1.5
    assert to_spread_change(s, freq="12M").iloc[-1] == 1.5


def test_change_rounding_makes_equal_changes_equal():
    s = series({"2025-01-06": 2.89, "2025-01-07": 3.12, "2025-01-08": 4.27, "2025-01-09": 4.50})
    out = to_spread_change(s, periods=1)
    # 3.12 - 2.89 and 4.50 - 4.27 are both 23 bp (raw floats differ in the 16th digit)
    assert out.iloc[1] == out.iloc[3] == 0.23


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"periods": 1, "freq": "1m"}, {"periods": 0}, {"periods": 1.5}, {"freq": "1d"}, {"freq": "0m"}, {"freq": 3}],
)
def test_change_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        to_spread_change(OAS, **kwargs)


def test_change_drops_nan():
    s = series({"2025-01-06": 3.0, "2025-01-07": np.nan, "2025-01-08": 3.5})
    out = to_spread_change(s, periods=1)
    assert list(out.index) == [T("2025-01-06"), T("2025-01-08")]
    assert out.iloc[-1] == 0.5


# ----------------------------------------------------------------------------- calc_spread_change


def test_spread_change_between_dates():
    # start Thu 9th (no obs) -> Wed 8th 3.10; end Sat 11th -> Fri 10th 3.40: +0.30
    assert calc_spread_change(OAS, start="2025-01-09", end="2025-01-11") == 0.30
    assert calc_spread_change(OAS, start="2025-01-06", end="2025-01-06") == 0.0
    with pytest.raises(ValueError, match="after end"):
        calc_spread_change(OAS, start="2025-01-10", end="2025-01-06")
    with pytest.raises(ValueError, match="before the first observation"):
        calc_spread_change(OAS, start="2025-01-03", end="2025-01-06")


# ----------------------------------------------------------------------------- to_zscore


def test_zscore_hand_computed():
    s = series({"2025-01-06": 1.0, "2025-01-07": 2.0, "2025-01-08": 3.0, "2025-01-09": 5.0})
    z = to_zscore(s, window=3)
    # [1,2,3]: mean 2, sd 1 -> (3-2)/1 = 1; [2,3,5]: mean 10/3, sd sqrt(7/3) -> (5-10/3)/sqrt(7/3)
    assert z.iloc[:2].isna().all()
    assert z.iloc[2:].tolist() == pytest.approx([1.0, (5 - 10 / 3) / np.sqrt(7 / 3)])
    z2 = to_zscore(s, window=3, min_periods=2)
    # [1,2]: mean 1.5, sd 0.7071 -> 0.5/0.7071 = 0.7071
    assert np.isnan(z2.iloc[0]) and z2.iloc[1] == pytest.approx(np.sqrt(0.5))


def test_zscore_flat_window_is_nan():
    s = series({"2025-01-06": 4.1, "2025-01-07": 4.1, "2025-01-08": 4.1})
    assert to_zscore(s, window=2).isna().all()


@pytest.mark.parametrize("kwargs", [{"window": 1}, {"window": 3, "min_periods": 1}, {"window": 3, "min_periods": 4}])
def test_zscore_bad_window(kwargs):
    with pytest.raises(ValueError):
        to_zscore(OAS, **kwargs)


# ----------------------------------------------------------------------------- window stats / summary


def test_window_stats_hand_computed():
    w = calc_window_stats(OAS, start="2025-01-07", end="2025-01-09")
    # start Tue 7th 3.25; end Thu 9th -> Wed 8th 3.10; change -0.15; range 3.10..3.25
    assert w == WindowStats(
        start_date=T("2025-01-07"), start_level=3.25, end_date=T("2025-01-08"), end_level=3.10, change=-0.15,
        max_level=3.25, max_date=T("2025-01-07"), min_level=3.10, min_date=T("2025-01-08"),
    )


def test_window_summary_table():
    ig = series({"2025-01-06": 0.80, "2025-01-10": 0.75}, name="IG")
    table = calc_window_summary({"HY": OAS, "IG": ig}, start="2025-01-06", end="2025-01-10")
    assert list(table.index) == ["HY", "IG"]
    assert table.loc["HY", "change"] == 0.40  # 3.40 - 3.00
    assert table.loc["HY", "max_date"] == T("2025-01-10")
    assert table.loc["IG", "change"] == -0.05  # 0.75 - 0.80
    with pytest.raises(ValueError, match="'IG'"):
        calc_window_summary({"HY": OAS, "IG": ig.iloc[1:]}, start="2025-01-06", end="2025-01-10")
    with pytest.raises(ValueError, match="empty"):
        calc_window_summary({}, start="2025-01-06", end="2025-01-10")


# ----------------------------------------------------------------------------- invariants


@settings(deadline=None)
@given(spread_series(min_size=2))
def test_daily_changes_sum_to_total_change(s):
    total = calc_spread_change(s, start=s.index[0], end=s.index[-1])
    assert to_spread_change(s, periods=1).sum() == pytest.approx(total, abs=1e-8)


@settings(deadline=None)
@given(spread_series(), st.sampled_from(["1w", "1m", "3m"]))
def test_calendar_changes_match_scalar_change(s, freq):
    out = to_spread_change(s, freq=freq)
    offset = {"1w": pd.DateOffset(days=7), "1m": pd.DateOffset(months=1), "3m": pd.DateOffset(months=3)}[freq]
    for date, value in out.items():
        base = date - offset
        if base < s.index[0]:
            assert np.isnan(value)
        else:
            assert value == calc_spread_change(s, start=base, end=date)


@settings(deadline=None)
@given(spread_series(min_size=2), st.data())
def test_window_stats_bounds(s, data):
    i = data.draw(st.integers(0, len(s) - 1))
    j = data.draw(st.integers(i, len(s) - 1))
    w = calc_window_stats(s, start=s.index[i], end=s.index[j])
    assert w.min_level <= min(w.start_level, w.end_level) <= max(w.start_level, w.end_level) <= w.max_level
    assert w.change == pytest.approx(w.end_level - w.start_level)


# ----------------------------------------------------------------------------- real data


def _read(shared_data: Path, relative: str) -> pd.Series:
    path = shared_data / relative
    if not path.is_file():
        pytest.skip(f"{relative} not in the data snapshot at {shared_data}")
    return pd.read_csv(path, index_col=0, parse_dates=True).iloc[:, 0]


@pytest.mark.shared_data
def test_real_ten_year_yield_changes(shared_data):
    dgs10 = _read(shared_data, "fred/DGS10.csv")
    # 4.77 on 2025-01-10, 4.79 on 2025-01-13: +2 bp; 4.88 on 2023-10-31: -9 bp since
    assert calc_spread_change(dgs10, start="2025-01-10", end="2025-01-13") == 0.02
    assert calc_spread_change(dgs10, start="2023-10-31", end="2025-01-13") == -0.09
    w = calc_window_stats(dgs10, start="2023-10-31", end="2025-01-13")
    assert (w.max_level, w.max_date) == (4.88, T("2023-10-31"))


def test_window_summary_with_a_start_per_key_equals_one_table_per_key():
    """Per-key starts (a series whose history starts inside the window is measured from its
    first observation, as the rates and spreads panels ask) give the rows one call per key gave,
    concatenated, with the same columns and dtypes."""
    from dataclasses import asdict, fields

    from analytics.spreads import WindowStats, calc_window_stats

    rng = np.random.default_rng(3)
    days = pd.bdate_range("1995-01-02", periods=3000)
    series = {"HY": pd.Series(rng.random(3000) * 5, index=days),
              "IG": pd.Series(rng.random(2000) * 2, index=days[1000:]),
              "BAA10Y": pd.Series(rng.random(2990), index=days[10:])}
    columns = [f.name for f in fields(WindowStats)]
    for _ in range(40):
        lo, hi = sorted(rng.integers(0, 3000, 2))
        start, end = days[lo], days[max(hi, lo + 1) if hi < 2999 else 2999]
        starts = {k: max(start, s.index[0]) for k, s in series.items()}
        shown = {k: s for k, s in series.items() if s.index[0] <= end}
        expected = pd.concat([pd.DataFrame.from_dict({k: asdict(calc_window_stats(s, start=starts[k], end=end))},
                                                     orient="index", columns=columns) for k, s in shown.items()])
        got = calc_window_summary(shown, start={k: starts[k] for k in shown}, end=end)
        pd.testing.assert_frame_equal(got, expected)
    with pytest.raises(ValueError, match="spread 'IG'"):
        calc_window_summary(series, start={"HY": days[0], "IG": days[0], "BAA10Y": days[20]}, end=days[50])
