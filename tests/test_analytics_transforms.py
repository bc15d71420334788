"""The relative panel's transforms on tiny hand-computed fixtures."""

import numpy as np
import pandas as pd
import pytest

from analytics.transforms import (
    change_since_start, drawdown_from_peak, to_transform_frame, year_ago_change,
)


def series(values, dates, name):
    return pd.Series(values, index=pd.DatetimeIndex(dates), name=name, dtype=float)


MONTHS = pd.date_range("2020-01-31", periods=15, freq="ME")
#: small: 100, 110, 99, ... ; large: 100 then +1 a month
SMALL = series([100, 110, 99, 120, 120, 130, 125, 140, 150, 160, 150, 155, 165, 150, 180], MONTHS, "S")
LARGE = series([100 + i for i in range(15)], MONTHS, "L")


def test_change_since_start():
    out = change_since_start(series([50, 55, 40], MONTHS[:3], "x"))
    assert out.tolist() == pytest.approx([0.0, 0.10, -0.20])


def test_drawdown_from_running_peak():
    out = drawdown_from_peak(series([100, 120, 90, 130, 104], MONTHS[:5], "x"))
    assert out.tolist() == pytest.approx([0.0, 0.0, -0.25, 0.0, -0.20])


def test_year_ago_change_uses_the_last_observation_a_year_before():
    # daily-ish: 2019-06-28 (Fri) is the last observation on or before 2019-06-30
    s = series([80, 100, 120], ["2019-06-28", "2019-07-05", "2020-06-30"], "x")
    out = year_ago_change(s)
    assert np.isnan(out.iloc[0]) and np.isnan(out.iloc[1])
    assert out.iloc[2] == pytest.approx(120 / 80 - 1)


def test_year_ago_change_on_29_february():
    s = series([50, 60], ["2023-02-28", "2024-02-29"], "x")
    assert year_ago_change(s).iloc[1] == pytest.approx(0.2)


def test_level_transform_rebases_and_ratios():
    out = to_transform_frame(SMALL, LARGE, "level", start=MONTHS[1], end=MONTHS[3])
    assert out["small"].tolist() == pytest.approx([100.0, 90.0, 120 / 110 * 100])
    assert out["large"].tolist() == pytest.approx([100.0, 102 / 101 * 100, 103 / 101 * 100])
    assert out["relative"].tolist() == pytest.approx([1.0, (99 / 102) / (110 / 101), (120 / 103) / (110 / 101)])


def test_change_transform_is_the_cumulative_return_and_relative_return():
    out = to_transform_frame(SMALL, LARGE, "change", start=MONTHS[0], end=MONTHS[2])
    assert out["small"].tolist() == pytest.approx([0.0, 0.10, -0.01])
    assert out["large"].tolist() == pytest.approx([0.0, 0.01, 0.02])
    assert out["relative"].iloc[2] == pytest.approx(0.99 / 1.02 - 1)


def test_yoy_and_rolling12_start_a_year_in():
    out = to_transform_frame(SMALL, LARGE, "yoy", start=MONTHS[0], end=MONTHS[-1])
    # 2021-01-31 is the first month with a value a year before (2020-01-31)
    assert out.index[0] == pd.Timestamp("2021-01-31")
    assert out["small"].iloc[0] == pytest.approx(165 / 100 - 1)
    assert out["large"].iloc[0] == pytest.approx(112 / 100 - 1)
    assert out["relative"].iloc[0] == pytest.approx(0.65 - 0.12)  # gap in decimal pp
    roll = to_transform_frame(SMALL, LARGE, "rolling12", start=MONTHS[0], end=MONTHS[-1])
    assert roll["relative"].iloc[0] == pytest.approx(1.65 / 1.12 - 1)
    assert roll["relative"].iloc[-1] == pytest.approx((180 / 99) / (114 / 102) - 1)  # 2021-03 vs 2020-03


def test_yoy_uses_history_before_the_window():
    out = to_transform_frame(SMALL, LARGE, "yoy", start=MONTHS[13], end=MONTHS[14])
    assert out["small"].tolist() == pytest.approx([150 / 110 - 1, 180 / 99 - 1])


def test_drawdown_transform_runs_from_the_window_start():
    out = to_transform_frame(SMALL, LARGE, "drawdown", start=MONTHS[1], end=MONTHS[3])
    assert out["small"].tolist() == pytest.approx([0.0, -0.1, 0.0])
    assert out["large"].tolist() == pytest.approx([0.0, 0.0, 0.0])
    r = [110 / 101, 99 / 102, 120 / 103]
    assert out["relative"].tolist() == pytest.approx([0.0, r[1] / r[0] - 1, 0.0])  # r[2] > r[0]: a new peak


def test_too_little_history_and_unknown_transform_are_errors_for_people():
    with pytest.raises(ValueError, match="a year of history"):
        to_transform_frame(SMALL, LARGE, "yoy", start=MONTHS[0], end=MONTHS[5])
    with pytest.raises(ValueError, match="transform must be one of"):
        to_transform_frame(SMALL, LARGE, "log", start=MONTHS[0], end=MONTHS[5])
    with pytest.raises(ValueError, match="fewer than two dates"):
        to_transform_frame(SMALL, LARGE, "change", start=MONTHS[3], end=MONTHS[3])
