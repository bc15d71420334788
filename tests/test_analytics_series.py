"""One series validator: every analytics entry point refuses the same bad input the same way."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.correlation import to_changes
from analytics.events import calc_event_window
from analytics.regimes import to_fed_target
from analytics.returns import calc_period_return
from analytics.series import SeriesError, check_series, period_codes, period_ends, period_last_days, run_ends

DAYS = pd.DatetimeIndex(["2025-01-06", "2025-01-07", "2025-01-08"])
GOOD = pd.Series([1.0, 2.0, 4.0], index=DAYS)

BAD = [
    ([1.0, 2.0], "must be a pandas Series"),
    (pd.Series([1.0, 2.0]), "DatetimeIndex"),
    (GOOD.iloc[::-1], "dates are not sorted"),
    (pd.Series([1.0, 2.0, 3.0], index=DAYS[[0, 1, 1]]), "duplicate date 2025-01-07"),
    (pd.Series(["a", "b", "c"], index=DAYS), "must be numeric"),
]


@pytest.mark.parametrize(("series", "message"), BAD)
def test_check_series_names_the_argument_and_the_fix(series, message):
    with pytest.raises(SeriesError, match=message) as caught:
        check_series(series, "levels")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith("levels")


def test_check_series_returns_floats_and_can_refuse_empty():
    assert check_series(pd.Series([1, 2, 4], index=DAYS), "x").tolist() == [1.0, 2.0, 4.0]
    empty = pd.Series([float("nan")] * 3, index=DAYS)
    assert check_series(empty, "x").isna().all()
    with pytest.raises(SeriesError, match="x has no observations"):
        check_series(empty, "x", allow_empty=False)


CALLS = [
    lambda s: calc_period_return(s, start="2025-01-06", end="2025-01-08"),
    lambda s: to_changes(s, freq="D"),
    lambda s: calc_event_window(s, ["2025-01-07"], before_months=1, after_months=1),
    lambda s: to_fed_target(s, GOOD, GOOD),
]


@pytest.mark.parametrize("call", CALLS, ids=["returns", "correlation", "events", "regimes"])
@pytest.mark.parametrize(("series", "message"), BAD[1:4])
def test_every_module_refuses_bad_series_with_the_same_error(call, series, message):
    with pytest.raises(SeriesError, match=message):
        call(series)


def random_dates(rng, *, tz: str | None = None) -> pd.DatetimeIndex:
    n = int(rng.integers(1, 400))
    start = pd.Timestamp("1950-01-01") + pd.Timedelta(days=int(rng.integers(0, 30_000)))  # 1950..2032
    days = np.sort(rng.choice(int(rng.integers(n, 3_000)), n, replace=False))  # gaps of whole periods too
    index = pd.DatetimeIndex(start + pd.to_timedelta(days, unit="D"), name="date")
    return index.tz_localize(tz) if tz else index


@pytest.mark.parametrize("freq", ["W-FRI", "M", "Q", "Y"])
def test_period_codes_and_last_days_are_those_of_pandas_periods(freq):
    rng = np.random.default_rng(11)
    for trial in range(150):
        index = random_dates(rng, tz="America/New_York" if trial % 3 == 0 else None)
        periods = index.tz_localize(None).to_period(freq)  # local time, as to_period takes it
        codes = period_codes(index, freq)
        assert np.array_equal(codes - codes[0], periods.asi8 - periods.asi8[0])  # one per period
        assert list(pd.DatetimeIndex(period_last_days(codes, freq))) == list(periods.end_time.normalize())
    # a Friday closes its week, the Saturday after opens the next; 29 February closes its month
    friday, saturday = pd.DatetimeIndex(["2024-03-01", "2024-03-02"])
    assert np.diff(period_codes(pd.DatetimeIndex([friday, saturday]), "W-FRI")).tolist() == [1]
    assert period_last_days(period_codes(pd.DatetimeIndex(["2024-02-10"]), "M"), "M")[0] == np.datetime64("2024-02-29")
    with pytest.raises(ValueError, match="W-FRI"):
        period_codes(pd.DatetimeIndex([friday]), "W-MON")


def test_run_ends_and_period_ends():
    codes = np.array([3, 3, 4, 6, 6, 6])
    assert run_ends(codes).tolist() == [False, True, True, False, False, True]
    assert run_ends(np.array([], dtype=np.int64)).tolist() == [] and run_ends(np.array([5])).tolist() == [True]
    ends = period_ends(codes, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])  # periods 3..6, none in period 5
    assert np.array_equal(ends, [2.0, 3.0, np.nan, 6.0], equal_nan=True)

