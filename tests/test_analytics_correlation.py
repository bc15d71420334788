"""Changes, rolling correlation and expanding percentile: hand fixtures, invariants, real data."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.correlation import (
    calc_rate_correlation,
    to_changes,
    to_expanding_percentile,
    to_rolling_correlation,
)

T = pd.Timestamp


def series(pairs: dict[str, float], name: str = "x") -> pd.Series:
    return pd.Series(list(pairs.values()), index=pd.DatetimeIndex(list(pairs), name="date"), name=name, dtype=float)


def on_days(values, start="2024-01-01", freq="D") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq=freq), dtype=float)


# --------------------------------------------------------------------------- to_changes

def test_daily_changes_span_nan_rows_on_input_index():
    levels = series({"2024-01-02": 100.0, "2024-01-03": np.nan, "2024-01-04": 110.0, "2024-01-08": 99.0})
    returns = to_changes(levels, freq="D")
    # first: no previous; NaN row stays NaN; 110/100-1 = 0.1 (spans the NaN); 99/110-1 = -0.1
    assert returns.index.equals(levels.index) and returns.name == "x"
    assert returns.tolist()[:2] == [pytest.approx(np.nan, nan_ok=True)] * 2
    assert returns.tolist()[2:] == pytest.approx([0.1, -0.1])
    diffs = to_changes(series({"2024-01-02": 4.00, "2024-01-04": 4.25, "2024-01-05": 3.95}), freq="D", kind="diff")
    assert diffs.tolist()[1:] == pytest.approx([0.25, -0.30])


def test_weekly_changes_last_obs_of_week_ending_friday():
    levels = series({
        "2024-01-02": 100.0, "2024-01-04": 102.0,     # week ending Fri 01-05: last = 102 (Thursday)
        "2024-01-08": 104.0, "2024-01-12": 99.96,     # week ending 01-12: last = 99.96
        # week ending 01-19: no data
        "2024-01-22": 110.0, "2024-01-26": 121.0,     # week ending 01-26: last = 121
        "2024-01-29": 108.9,                          # week ending 02-02 (partial): 108.9
    })
    weekly = to_changes(levels, freq="W")
    assert weekly.index.tolist() == [T("2024-01-05"), T("2024-01-12"), T("2024-01-19"), T("2024-01-26"), T("2024-02-02")]
    assert all(d.day_name() == "Friday" for d in weekly.index)
    # NaN, 99.96/102-1 = -0.02, NaN (empty week), NaN (no change across the hole), 108.9/121-1 = -0.1
    assert np.isnan(weekly.iloc[0]) and np.isnan(weekly.iloc[2]) and np.isnan(weekly.iloc[3])
    assert weekly.iloc[1] == pytest.approx(-0.02) and weekly.iloc[4] == pytest.approx(-0.1)


def test_monthly_diff_at_month_end_labels():
    yields = series({"2024-01-15": 4.0, "2024-01-31": 4.10, "2024-02-28": 4.30, "2024-03-01": 4.50, "2024-03-29": 4.05})
    monthly = to_changes(yields, freq="M", kind="diff")
    assert monthly.index.tolist() == [T("2024-01-31"), T("2024-02-29"), T("2024-03-31")]
    # 4.30 - 4.10 = 0.20; 4.05 - 4.30 = -0.25
    assert np.isnan(monthly.iloc[0]) and monthly.iloc[1:].tolist() == pytest.approx([0.20, -0.25])


@pytest.mark.parametrize("kwargs, message", [
    ({"freq": "Q"}, "freq"),
    ({"freq": "D", "kind": "log"}, "kind"),
])
def test_changes_reject_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        to_changes(on_days([1.0, 2.0]), **kwargs)


def test_changes_reject_non_positive_prices_and_bad_index():
    with pytest.raises(ValueError, match="non-positive"):
        to_changes(on_days([1.0, 0.0]), freq="D")
    with pytest.raises(ValueError, match="DatetimeIndex"):
        to_changes(pd.Series([1.0, 2.0]), freq="D")
    with pytest.raises(ValueError, match="sort_index"):
        to_changes(on_days([1.0, 2.0]).iloc[::-1], freq="D")


# --------------------------------------------------------------------------- rolling correlation

def test_rolling_correlation_hand_computed():
    x = on_days([1.0, 2.0, 3.0, 4.0])
    y = on_days([2.0, 4.0, 6.0, 9.0])
    corr = to_rolling_correlation(x, y, window=3)
    # [1,2,3] vs [2,4,6]: exactly linear -> 1.
    # [2,3,4] vs [4,6,9]: dx = (-1,0,1), dy = (-7/3,-1/3,8/3); sxy = 5, sxx = 2, syy = 114/9
    #   -> 5 / sqrt(2 * 114 / 9) = 0.993399...
    assert np.isnan(corr.iloc[0]) and np.isnan(corr.iloc[1])
    assert corr.iloc[2] == pytest.approx(1.0)
    assert corr.iloc[3] == pytest.approx(5 / np.sqrt(2 * 114 / 9))
    assert corr.name == "correlation"
    # min_periods=2: the first two-pair window [1,2] vs [2,4] is already defined
    assert to_rolling_correlation(x, y, window=3, min_periods=2).iloc[1] == pytest.approx(1.0)


def test_rolling_correlation_inner_join_and_nan_pairs():
    x = series({"2024-01-01": 1.0, "2024-01-02": 2.0, "2024-01-03": np.nan, "2024-01-04": 3.0, "2024-01-05": 9.0})
    y = series({"2024-01-02": -2.0, "2024-01-03": 5.0, "2024-01-04": -4.0, "2024-01-05": -6.0, "2024-01-06": 1.0})
    corr = to_rolling_correlation(x, y, window=2)
    # complete pairs: 01-02 (2,-2), 01-04 (3,-4), 01-05 (9,-6); window of 2 pairs -> -1, -1
    assert corr.index.tolist() == [T("2024-01-02"), T("2024-01-04"), T("2024-01-05")]
    assert np.isnan(corr.iloc[0]) and corr.iloc[1:].tolist() == pytest.approx([-1.0, -1.0])


def test_rolling_correlation_constant_window_is_nan():
    x = on_days([0.1, 0.1, 0.1, 0.2, 0.3])       # 0.1 three times: mean is not exactly 0.1 in floats
    y = on_days([1.0, 3.0, 2.0, 5.0, 4.0])
    corr = to_rolling_correlation(x, y, window=3)
    assert np.isnan(corr.iloc[2])                # x constant in the window
    assert corr.iloc[3:].notna().all()


@pytest.mark.parametrize("kwargs, message", [
    ({"window": 1}, "window"),
    ({"window": 2.5}, "window"),
    ({"window": 3, "min_periods": 4}, "min_periods"),
    ({"window": 3, "min_periods": 1}, "min_periods"),
])
def test_rolling_correlation_rejects_bad_window(kwargs, message):
    with pytest.raises(ValueError, match=message):
        to_rolling_correlation(on_days([1.0, 2.0, 3.0]), on_days([1.0, 2.0, 4.0]), **kwargs)


finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=2, max_size=60), st.integers(2, 12))
def test_rolling_correlation_invariants(pairs, window):
    x = on_days([p[0] for p in pairs])
    y = on_days([p[1] for p in pairs])
    corr = to_rolling_correlation(x, y, window=window)
    valid = corr.dropna()
    assert ((valid >= -1.0) & (valid <= 1.0)).all()                # correlation in [-1, 1]
    with_itself = to_rolling_correlation(x, x, window=window).dropna()
    assert np.allclose(with_itself, 1.0)                           # correlation of x with itself is 1
    for i in range(window - 1, len(x)):                            # agrees with numpy per window
        xs, ys = x.iloc[i - window + 1:i + 1].to_numpy(), y.iloc[i - window + 1:i + 1].to_numpy()
        spread_ok = np.ptp(xs) > 1e-6 * max(1.0, np.abs(xs).max()) and np.ptp(ys) > 1e-6 * max(1.0, np.abs(ys).max())
        if spread_ok:
            assert corr.iloc[i] == pytest.approx(np.corrcoef(xs, ys)[0, 1], abs=1e-9)
        if np.ptp(xs) == 0 or np.ptp(ys) == 0:
            assert np.isnan(corr.iloc[i])


# --------------------------------------------------------------------------- expanding percentile

def test_expanding_percentile_hand_computed_with_ties_and_nan():
    values = on_days([3.0, 1.0, 2.0, 2.0, np.nan, 5.0])
    pct = to_expanding_percentile(values)
    # 3 among {3}: 1/1 = 1.0
    # 1 among {3,1}: rank 1 -> 1/2
    # 2 among {3,1,2}: rank 2 -> 2/3
    # 2 among {3,1,2,2}: below 1, equal 2 (itself included) -> (1 + 3/2) / 4 = 0.625
    # NaN -> NaN, not counted; 5 among 5 values -> 1.0
    assert pct.iloc[:4].tolist() == pytest.approx([1.0, 0.5, 2 / 3, 0.625])
    assert np.isnan(pct.iloc[4]) and pct.iloc[5] == 1.0
    assert pct.name == "percentile" and pct.index.equals(values.index)
    # constant history: (n + 1) / (2n)
    assert to_expanding_percentile(on_days([7.0] * 4)).tolist() == pytest.approx([1.0, 0.75, 4 / 6, 5 / 8])
    assert to_expanding_percentile(pd.Series([], dtype=float)).empty


def brute_percentile(values: list[float]) -> list[float]:
    out, seen = [], []
    for v in values:
        if np.isnan(v):
            out.append(np.nan)
            continue
        seen.append(v)
        below = sum(s < v for s in seen)
        equal = sum(s == v for s in seen)
        out.append((below + (equal + 1) / 2) / len(seen))
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([0.0, 1.0, -1.0, np.nan]), finite), max_size=60))
def test_expanding_percentile_matches_brute_force_and_is_in_unit_interval(values):
    pct = to_expanding_percentile(pd.Series(values, dtype=float))
    expected = brute_percentile(values)
    assert np.allclose(pct.to_numpy(), expected, equal_nan=True)
    valid = pct.dropna()
    assert ((valid > 0) & (valid <= 1)).all()


def test_expanding_percentile_on_10000_values_is_complete():
    values = pd.Series(np.random.default_rng(1).standard_normal(10_000))
    pct = to_expanding_percentile(values)
    assert pct.iloc[0] == 1.0 and pct.notna().all()
    assert pct.iloc[-1] == pytest.approx((values <= values.iloc[-1]).mean())


def test_rolling_correlation_of_10000_values_agrees_with_numpy_at_the_end():
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal(10_000), rng.standard_normal(10_000)
    corr = to_rolling_correlation(on_days(list(x)), on_days(list(y)), window=252)
    assert corr.iloc[:251].isna().all()
    assert corr.iloc[-1] == pytest.approx(np.corrcoef(x[-252:], y[-252:])[0, 1], abs=1e-12)


# --------------------------------------------------------------------------- calc_rate_correlation

def test_rate_correlation_perfectly_linked_series():
    # small returns r_t; the rate moves by 10 * r_t pp: correlation 1 at every frequency
    rng = np.random.default_rng(3)
    returns = rng.normal(0, 0.01, 400)
    small = on_days(100 * np.cumprod(1 + returns), start="2020-01-01", freq="B")
    rate = pd.Series(2.0 + 10 * np.concatenate([[0.0], np.cumsum(returns[1:])]), index=small.index)
    frame = calc_rate_correlation(small, rate, freq="D", window=20)
    assert frame.columns.tolist() == ["correlation", "percentile"]
    assert np.allclose(frame["correlation"].dropna(), 1.0)
    assert ((frame["percentile"].dropna() > 0) & (frame["percentile"].dropna() <= 1)).all()
    # relative to a large cap growing 0.01 % a day: small - large = r_t - 0.0001, still correlation 1
    large = on_days(50 * 1.0001 ** np.arange(400), start="2020-01-01", freq="B")
    relative = calc_rate_correlation(small, rate, freq="D", window=20, relative_to=large)
    assert np.allclose(relative["correlation"].dropna(), 1.0)


def test_rate_correlation_daily_aligns_levels_before_changes():
    # the rate misses 01-03: its 01-04 change spans two days, so small's return must too
    small = series({"2024-01-02": 100.0, "2024-01-03": 110.0, "2024-01-04": 121.0, "2024-01-05": 108.9, "2024-01-08": 119.79})
    rate = series({"2024-01-02": 4.0, "2024-01-04": 4.21, "2024-01-05": 4.11, "2024-01-08": 4.21})
    frame = calc_rate_correlation(small, rate, freq="D", window=3)
    # common dates 01-02, 01-04, 01-05, 01-08: returns 0.21, -0.1, 0.1 vs changes 0.21, -0.1, 0.1 -> 1
    assert frame.index.tolist() == [T("2024-01-04"), T("2024-01-05"), T("2024-01-08")]
    assert frame["correlation"].iloc[-1] == pytest.approx(1.0)


def test_rate_correlation_rejects_bad_freq():
    with pytest.raises(ValueError, match="freq"):
        calc_rate_correlation(on_days([1.0, 2.0]), on_days([1.0, 2.0]), freq="Y", window=2)


# --------------------------------------------------------------------------- real data

def _read(root, relative: str) -> pd.Series:
    return pd.read_csv(root / relative, index_col=0, parse_dates=True).iloc[:, 0]


@pytest.mark.shared_data
@pytest.mark.parametrize("freq, window", [("D", 63), ("W", 52), ("M", 36)])
def test_real_rut_vs_10y(shared_data, freq, window):
    rut = _read(shared_data, "indexes/RUT.csv")
    gspc = _read(shared_data, "indexes/GSPC.csv")
    dgs10 = _read(shared_data, "fred/DGS10.csv")
    frame = calc_rate_correlation(rut, dgs10, freq=freq, window=window)
    valid = frame.dropna()
    assert len(valid) > 100
    assert valid["correlation"].between(-1, 1).all() and valid["percentile"].between(0, 1).all()
    assert frame.index[-1] <= rut.index[-1] + pd.offsets.MonthEnd(1)
    # same numbers as pandas' rolling corr on the same pairs
    x = to_changes(rut.loc[:rut.index[-1]], freq=freq) if freq != "D" else None
    if x is not None:
        y = to_changes(dgs10.loc[:rut.index[-1]], freq=freq, kind="diff")
        pairs = pd.concat([x, y], axis=1, join="inner").dropna()
        reference = pairs.iloc[:, 0].rolling(window).corr(pairs.iloc[:, 1])
        assert np.allclose(frame["correlation"], reference.reindex(frame.index), atol=1e-8, equal_nan=True)
    relative = calc_rate_correlation(rut, dgs10, freq=freq, window=window, relative_to=gspc).dropna()
    assert len(relative) > 100 and relative["correlation"].between(-1, 1).all()


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(200, 1500), st.integers(20, 260),
       st.sampled_from([0.0, 5.0, 1e4]), st.sampled_from([1e-2, 1.0, 1e-70]))
def test_long_windows_agree_with_numpy(seed, n, window, offset, scale):
    """The running-sum path (long series and windows) agrees with a per-window corrcoef,
    whatever the level (``offset``: cancellation) and size (``scale``: underflow) of the values."""
    rng = np.random.default_rng(seed)
    x = offset + scale * rng.standard_normal(n)
    y = 0.3 * (x - offset) + scale * rng.standard_normal(n) + offset / 2
    if n > window + 10:
        x[window:window + 5] = x[window]  # a flat stretch inside some windows
    corr = to_rolling_correlation(on_days(list(x)), on_days(list(y)), window=window).to_numpy()
    for i in range(window - 1, n, max(1, n // 97)):
        xs, ys = x[i - window + 1:i + 1], y[i - window + 1:i + 1]
        with np.errstate(invalid="ignore", divide="ignore"):
            want = np.corrcoef(xs, ys)[0, 1]
        if np.ptp(xs) <= 1e-10 * np.abs(xs).max() or np.ptp(ys) <= 1e-10 * np.abs(ys).max():
            assert np.isnan(corr[i]), i  # constant at float precision: no correlation
        else:
            assert corr[i] == pytest.approx(want, abs=1e-9), i


@pytest.mark.parametrize("freq, rule", [("W", "W-FRI"), ("M", "ME")])
def test_weekly_and_monthly_changes_are_those_of_pandas_resample(freq, rule):
    """to_changes samples the last observation per period as ``resample(...).last()`` does
    (empty periods NaN, labels the Friday or the month end), on dates with gaps and weekends."""
    rng = np.random.default_rng(5)
    for _ in range(60):
        n = int(rng.integers(2, 300))
        days = np.sort(rng.choice(int(rng.integers(n, 2_000)), n, replace=False))
        index = pd.DatetimeIndex(pd.Timestamp("1962-01-01") + pd.to_timedelta(days, unit="D"), name="date")
        levels = pd.Series(100 + rng.random(n), index=index, name="RUT")
        sampled = levels.resample(rule).last()
        expected = (sampled / sampled.shift(1) - 1.0).rename("RUT")
        pd.testing.assert_series_equal(to_changes(levels, freq=freq), expected, check_freq=False)
