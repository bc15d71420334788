"""One series validator: every analytics entry point refuses the same bad input the same way."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.correlation import to_changes
from analytics.events import calc_event_window
from analytics.regimes import to_fed_target
from analytics.returns import calc_period_return
from analytics.series import SeriesError, check_series

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
