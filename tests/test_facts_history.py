"""The comparable returns computed once over the whole history and cut at each as-of date give
the same facts as those computed from the series cut at that date (analytics.facts_history)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from flask import Flask

from analytics.correlation import calc_rate_correlation, to_rolling_correlation
from analytics.event_study import TARGET_KEYS, fed_events_as_of
from analytics.facts import (
    CORRELATION_RATE, build_fed_history_of, calc_fed_state_as_of, calc_headline_facts, daily_correlations,
    period_correlations,
)
from analytics.facts_common import FactSkipped
from analytics.facts_history import CUT_PERIODS, build_fact_history, pair_side
from analytics.facts_returns import to_comparable_returns
from analytics.regimes import calc_fed_moves, to_fed_target
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
        yield day, [calc_headline_facts(series, as_of=day, small=small, large=large, groups=("returns", "relative", "correlation"),
                                        observed=observed, history=h) for h in (None, history)]


@pytest.mark.shared_data
@pytest.mark.parametrize("small, large", [("RUT", "GSPC"), ("IWM", "SPY"), ("IJR", "IXIC"), ("FF_LO10", "FF_HI10")])
def test_a_sheet_with_the_history_equals_one_without_on_the_snapshot(shared_data, tmp_path, small, large):
    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path)
    series = load_fact_series(DataSource(config, loader_cache(config, Flask("t"))), small=small, large=large).series
    history = build_fact_history(series, keys=(small, large, "IXIC"), pairs=((small, large),),
                                 correlations=daily_correlations(small), period_correlations=period_correlations(small))
    assert history.observed == {key: observation_freq(values.dropna().index) for key, values in series.items()}
    assert history.observed[small] == ("M" if small.startswith("FF_") else "D")
    stated = correlated = 0
    for day, (plain, with_history) in sheets(series, small, large, DAYS, history):
        assert with_history == plain, day
        stated += len(plain.facts)
        correlated += any(f.id.endswith(":63d") for f in plain.facts)
    assert stated > 100  # the sheets state facts, not only skips
    assert correlated > 10 or small.startswith("FF_")  # monthly portfolios: no daily correlation


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


def test_pair_sides_are_aligned_on_common_dates_and_zoned_dates_are_read_as_their_days():
    index = pd.bdate_range("2018-01-01", "2019-12-31", tz="America/New_York")
    small, large = levels(index, 2), levels(index.delete([10, 11, 12]), 3)
    history = build_fact_history({"S": small, "L": large}, keys=("S", "L"), pairs=(("S", "L"),))
    day = pd.Timestamp("2019-06-30")  # naive, as the sheet's as-of date
    side = history.comparable(pair_side(("S", "L"), 0), "1d", day)
    days = index.tz_localize(None)  # the New York days, as the sheet reads its series
    assert side.index.tz is None and side.index[-1] == pd.Timestamp("2019-06-28")
    assert days[10] not in side.index and days[9] in side.index
    # the day after a gap is a return over the gap on the aligned side, a one-day one on S alone
    after_gap = days[13]
    assert side.loc[after_gap] == pytest.approx(small.iloc[13] / small.iloc[9] - 1)
    assert history.comparable("S", "1d", day).loc[after_gap] == pytest.approx(small.iloc[13] / small.iloc[12] - 1)
    assert history.comparable("S", "ytd", day) is None  # not cut from the whole history


def test_missing_or_unusable_series_are_left_out():
    index = pd.bdate_range("2019-01-01", "2019-12-31")
    history = build_fact_history({"S": levels(index, 4), "BAD": pd.Series(["x"] * 3), "NAN": pd.Series(
        np.nan, index=index)}, keys=("S", "BAD", "NAN", "ABSENT"), pairs=(("S", "ABSENT"),))
    assert {sid for sid, _ in history.comparables} == {"S"}
    assert history.comparable(pair_side(("S", "ABSENT"), 0), "1d", pd.Timestamp(dt.date(2019, 6, 3))) is None


@pytest.fixture(scope="module")
def fed_series(shared_data, tmp_path_factory):
    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("fed"))
    return load_fact_series(DataSource(config, loader_cache(config, Flask("t")))).series


def fed_days(history) -> list[pd.Timestamp]:
    """Around the target's start and the switch to a range, a day either side of every third
    move (and of the last ones), and a sample of other days (weekends included)."""
    moves = pd.concat([history.moves.iloc[::3], history.moves.iloc[-6:]])
    around = [d + pd.Timedelta(days=k) for d in (*moves["effective_date"], *moves["announcement_date"])
              for k in (-1, 0, 1)]
    edges = [*pd.date_range("1982-09-20", "1982-10-20"), *pd.date_range("2008-12-10", "2008-12-20")]
    rng = np.random.default_rng(7)
    sample = pd.Timestamp("1975-01-01") + pd.to_timedelta(rng.integers(0, 52 * 365, 80), unit="D")
    return sorted({*around, *edges, *sample})


@pytest.mark.shared_data
def test_the_fed_state_cut_from_the_history_equals_the_state_of_the_cut_series(fed_series):
    history = build_fed_history_of(fed_series)
    assert history is not None and len(history.moves) > 100
    compared = 0
    for day in fed_days(history):
        try:
            expected = calc_fed_state_as_of(fed_series, as_of=day)
        except (FactSkipped, ValueError) as exc:
            with pytest.raises(type(exc), match=str(exc)[:40]):
                calc_fed_state_as_of(fed_series, as_of=day, history=history)
            continue
        got = calc_fed_state_as_of(fed_series, as_of=day, history=history)
        pd.testing.assert_series_equal(got.target, expected.target, check_freq=False)
        pd.testing.assert_frame_equal(got.moves, expected.moves)
        pd.testing.assert_frame_equal(got.cycles, expected.cycles)
        assert (got.upper, got.lower) == (expected.upper, expected.lower), day
        compared += 1
    assert compared > 300


@pytest.mark.shared_data
def test_sheets_with_the_fed_history_equal_sheets_without(fed_series):
    history = build_fed_history_of(fed_series)
    for day in ["1982-10-01", "2001-01-03", "2008-12-16", "2015-12-17", "2019-08-01", "2020-03-16",
                "2022-03-17", "2024-09-19", "2025-12-31"]:
        plain = calc_headline_facts(fed_series, as_of=day, small="RUT", large="GSPC", groups=("regimes",))
        state = calc_fed_state_as_of(fed_series, as_of=day, history=history)
        assert calc_headline_facts(fed_series, as_of=day, small="RUT", large="GSPC", groups=("regimes",),
                                   fed_state=state) == plain, day
        assert any(f.id == "regime:fed_target" for f in plain.facts), day


@pytest.mark.shared_data
@pytest.mark.parametrize("with_dff", [False, True])
def test_fed_events_cut_from_the_whole_history_equal_those_of_the_cut_target(fed_series, with_dff):
    """The event study's Fed events (panels.regimes) from the moves of the whole target path,
    cut at the as-of date, equal those computed from the target cut at that date."""
    dff = fed_series["DFF"] if with_dff else None
    target = to_fed_target(*(fed_series.get(k) for k in TARGET_KEYS), dff=fed_series["DFF"])
    moves = calc_fed_moves(target)
    days = fed_days(build_fed_history_of(fed_series)) + [pd.Timestamp("1960-06-30"), pd.Timestamp("1982-09-01")]
    found = 0
    for day in days:
        expected = fed_events_as_of(target, day, dff=dff)
        pd.testing.assert_frame_equal(fed_events_as_of(target, day, dff=dff, moves=moves), expected, obj=str(day))
        found += len(expected) > 0
    assert found > 300


def test_a_target_starting_late_or_missing_gives_no_history_or_no_state_before_it():
    index = pd.bdate_range("2009-01-02", "2012-12-31")
    upper = pd.Series(0.25, index=index)
    upper.loc["2011-06-01":] = 0.5
    lower = upper - 0.25
    series = {"DFEDTARU": upper, "DFEDTARL": lower}
    history = build_fed_history_of(series)
    assert history.state_as_of(pd.Timestamp("2008-12-31")) is None  # before the first observation
    with pytest.raises(FactSkipped, match="no change"):
        history.state_as_of(pd.Timestamp("2011-05-31"))
    state = history.state_as_of(pd.Timestamp("2011-06-04"))  # a Saturday: the path ends on Friday
    assert state.target.index[-1] == pd.Timestamp("2011-06-03") and state.upper == 0.5
    assert list(state.moves["effective_date"]) == [pd.Timestamp("2011-06-01")]
    assert build_fed_history_of({"DFEDTARU": upper}) is None  # no lower limit: no target at all


@pytest.mark.parametrize("offset, trend", [(0.0, 0.0), (1e6, 0.0), (0.0, 1e-3)])
def test_a_rolling_correlation_up_to_a_date_uses_no_later_pair(offset, trend):
    """Cut at any length, the series gives exactly the whole series' first values (offsets and
    trends change the running sums' error bound, which must not look ahead either)."""
    rng = np.random.default_rng(11)
    index = pd.bdate_range("2000-01-03", periods=1500)
    x = pd.Series(offset + trend * np.arange(1500) + rng.normal(0, 1, 1500), index=index)
    y = pd.Series(0.5 * x.to_numpy() + rng.normal(0, 1, 1500), index=index)
    x.iloc[700:760] = x.iloc[700]  # a constant stretch: no correlation there
    for window in (5, 63):
        whole = to_rolling_correlation(x, y, window=window)
        for k in (3, 62, 63, 64, 700, 731, 1200, 1499):
            pd.testing.assert_series_equal(to_rolling_correlation(x.iloc[:k], y.iloc[:k], window=window),
                                           whole.iloc[:k], check_exact=True, check_freq=False)


@pytest.mark.shared_data
def test_the_daily_correlation_cut_from_the_history_equals_that_of_the_cut_series(shared_data, tmp_path):
    """As of many days: weekends, month ends, bond-market holidays on which stocks trade
    (Columbus and Veterans Day), the week the markets closed in September 2001, and others."""
    from analytics.correlation import calc_rate_correlation

    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path)
    series = load_fact_series(DataSource(config, loader_cache(config, Flask("t")))).series
    small, rate = series["RUT"].dropna(), series["DGS10"].dropna()
    history = build_fact_history(series, keys=(), correlations=daily_correlations("RUT"))
    special = ["2001-09-11", "2001-09-14", "2001-09-17", "2019-10-14", "2020-10-12", "2023-10-09",
               "2019-11-11", "2022-11-11", "2020-02-29", "2024-03-31", "2024-12-27", "2025-12-31"]
    for day in pd.DatetimeIndex(special).append(pd.date_range("1991-01-01", "2025-12-31", freq="97D")):
        s, r = small.loc[:day], rate.loc[:day]
        expected = calc_rate_correlation(s, r, freq="D", window=63, percentile=False)["correlation"]
        got = history.correlation("RUT", "DGS10", 63, end=min(s.index[-1], r.index[-1]))
        pd.testing.assert_series_equal(got, expected, check_exact=True, check_freq=False,
                                       obj=f"as of {day:%Y-%m-%d}")


@pytest.mark.shared_data
@pytest.mark.parametrize("small", ["RUT", "IWM", "FF_LO10"])
def test_weekly_and_monthly_correlations_from_period_ends_equal_those_of_the_cut_series(shared_data, tmp_path, small):
    """history.period_correlation gives, value for value, what calc_rate_correlation gives on
    the two series cut at the as-of date: Fridays, Saturdays, month ends, bond-market holidays
    (the small-cap series has the day, the 10-year yield not), early dates, random ones."""
    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path)
    series = load_fact_series(DataSource(config, loader_cache(config, Flask("t"))), small=small, large="GSPC").series
    history = build_fact_history(series, keys=(), period_correlations=period_correlations(small))
    clean = {k: series[k].dropna() for k in (small, CORRELATION_RATE)}
    rng = np.random.default_rng(3)
    days = [*DAYS, "1963-06-28", "1979-01-05", "1980-01-31", "2019-10-14", "2019-11-11", "2023-10-09",
            "2024-06-21", "2024-06-22", "2024-06-30", "2024-07-01", "2025-11-28"]
    days += list((pd.Timestamp("1965-01-01") + pd.to_timedelta(rng.integers(0, 60 * 365, 40), unit="D")).astype(str))
    compared = 0
    for day in days:
        cut = {k: v.loc[:day] for k, v in clean.items()}
        if cut[small].empty or cut[CORRELATION_RATE].empty:
            continue
        end = min(cut[small].index[-1], cut[CORRELATION_RATE].index[-1])
        for freq, window in (("W", 26), ("M", 24)):
            got = history.period_correlation(small, CORRELATION_RATE, freq, window, end=end)
            expected = calc_rate_correlation(cut[small], cut[CORRELATION_RATE], freq=freq, window=window,
                                             percentile=False)["correlation"]
            assert got is not None, day
            pd.testing.assert_series_equal(got, expected, check_exact=True, check_freq=False, obj=f"{day} {freq}")
            compared += expected.notna().sum() > 0
    assert compared > 50  # days with some correlation (IWM starts in 2000)


def test_period_correlation_refuses_what_the_cut_series_would_be_refused_or_labelled_otherwise():
    index = pd.bdate_range("2020-01-01", "2021-12-31", name="date")
    rng = np.random.default_rng(1)
    small = pd.Series(100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(index)))), index=index)
    rate = pd.Series(2 + np.cumsum(rng.normal(0, 0.02, len(index))), index=index)
    end = pd.Timestamp("2021-06-30")
    history = build_fact_history({"S": small, "R": rate}, keys=(), period_correlations=(("S", "R", "W"),))
    expected = calc_rate_correlation(small.loc[:end], rate.loc[:end], freq="W", window=26, percentile=False)["correlation"]
    pd.testing.assert_series_equal(history.period_correlation("S", "R", "W", 26, end=end), expected,
                                   check_exact=True, check_freq=False)
    assert history.period_correlation("S", "R", "M", 24, end=end) is None  # not built
    negative = small.copy()
    negative.iloc[3] = -1.0  # kind "return" refuses it: computed (and refused) from the cut series
    assert build_fact_history({"S": negative, "R": rate}, keys=(), period_correlations=(
        ("S", "R", "W"),)).period_correlation("S", "R", "W", 26, end=end) is None
    renamed = rate.rename_axis("day")  # differently named indexes: labels as pandas joins them
    assert build_fact_history({"S": small, "R": renamed}, keys=(), period_correlations=(
        ("S", "R", "W"),)).period_correlation("S", "R", "W", 26, end=end) is None
    assert history.period_correlation("S", "R", "W", 26, end=pd.Timestamp("2019-12-31")) is None  # no data yet

