"""The comparable returns computed once over the whole history and cut at each as-of date give
the same facts as those computed from the series cut at that date (analytics.facts_history)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from flask import Flask

from analytics.facts import calc_headline_facts
from analytics.facts_history import CUT_PERIODS, build_fact_history, pair_side
from analytics.facts_returns import to_comparable_returns
from analytics.series import observation_freq
from config import Config, DataSpec
from loaders.cache import loader_cache
from loaders.source import DataSource
from panels.fact_series import load_fact_series

#: Month, quarter and year ends on weekends (2024-03-31 is a Sunday, 2020-02-29 a Saturday),
#: the day before and after the target range began, a crash, leap days, holidays, and days
#: before some series start.
DAYS = ["1993-06-30", "1998-10-08", "2000-02-29", "2001-09-17", "2004-12-31", "2008-10-10",
        "2008-12-15", "2008-12-16", "2011-08-08", "2015-08-24", "2016-11-09", "2018-12-24",
        "2019-05-15", "2020-02-29", "2020-03-23", "2021-06-30", "2022-12-30", "2023-03-31",
        "2024-03-31", "2024-07-04", "2024-12-31", "2025-04-08", "2025-05-31", "2025-12-31"]


def sheets(series, small, large, days, history):
    observed = {key: observation_freq(values.dropna().index) for key, values in series.items()}
    for day in days:
        yield day, [calc_headline_facts(series, as_of=day, small=small, large=large, groups=("returns",),
                                        observed=observed, history=h) for h in (None, history)]


@pytest.mark.shared_data
@pytest.mark.parametrize("small, large", [("RUT", "GSPC"), ("IWM", "SPY"), ("IJR", "IXIC"), ("FF_LO10", "FF_HI10")])
def test_a_sheet_with_the_history_equals_one_without_on_the_snapshot(shared_data, tmp_path, small, large):
    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path)
    series = load_fact_series(DataSource(config, loader_cache(config, Flask("t"))), small=small, large=large).series
    history = build_fact_history(series, keys=(small, large, "IXIC"), pairs=((small, large),))
    stated = 0
    for day, (plain, with_history) in sheets(series, small, large, DAYS, history):
        assert with_history == plain, day
        stated += len(plain.facts)
    assert stated > 100  # the sheets state facts, not only skips


def levels(index, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(index)))), index=index)


def test_cut_comparables_equal_those_of_the_cut_series_value_for_value():
    """Every period cut from the whole history at a date, weekends and month ends included,
    equals the comparable series computed from the data up to that date (exactly)."""
    index = pd.bdate_range("2015-01-01", "2019-12-31").delete([5, 6, 300])  # gaps as holidays
    small = levels(index, 1)
    history = build_fact_history({"S": small}, keys=("S",))
    for day in pd.date_range("2016-01-29", "2019-12-31", freq="17D").append(
            pd.DatetimeIndex(["2016-02-29", "2017-12-31", "2018-03-31", "2019-06-30"])):
        cut = small.loc[:day]
        for period in CUT_PERIODS:
            expected = to_comparable_returns(cut, period, as_of=day)
            pd.testing.assert_series_equal(history.comparable("S", period, day), expected,
                                           check_names=False, check_freq=False)


def test_pair_sides_are_aligned_on_common_dates_and_time_zones_are_kept():
    index = pd.bdate_range("2018-01-01", "2019-12-31", tz="America/New_York")
    small, large = levels(index, 2), levels(index.delete([10, 11, 12]), 3)
    history = build_fact_history({"S": small, "L": large}, keys=("S", "L"), pairs=(("S", "L"),))
    day = pd.Timestamp("2019-06-30")  # naive, as the sheet's as-of date
    side = history.comparable(pair_side(("S", "L"), 0), "1d", day)
    assert index[10] not in side.index and side.index[-1] == pd.Timestamp("2019-06-28", tz="America/New_York")
    # the day after a gap is a return over the gap on the aligned side, a one-day one on S alone
    after_gap = index[13]
    assert side.loc[after_gap] == pytest.approx(small.loc[after_gap] / small.loc[index[9]] - 1)
    assert history.comparable("S", "1d", day).loc[after_gap] == pytest.approx(
        small.loc[after_gap] / small.loc[index[12]] - 1)
    assert history.comparable("S", "ytd", day) is None  # not cut from the whole history


def test_missing_or_unusable_series_are_left_out():
    index = pd.bdate_range("2019-01-01", "2019-12-31")
    history = build_fact_history({"S": levels(index, 4), "BAD": pd.Series(["x"] * 3), "NAN": pd.Series(
        np.nan, index=index)}, keys=("S", "BAD", "NAN", "ABSENT"), pairs=(("S", "ABSENT"),))
    assert {sid for sid, _ in history.comparables} == {"S"}
    assert history.comparable(pair_side(("S", "ABSENT"), 0), "1d", pd.Timestamp(dt.date(2019, 6, 3))) is None
