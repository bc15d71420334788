"""Demo source: deterministic synthetic data that follows the real loaders' conventions.

Generation time is recorded (``record_property`` and printed with ``-s``), never asserted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.base import Loaded
from loaders.catalog import FAMAFRENCH_DATASETS, FRED_SERIES, INDEX_SERIES
from loaders.demo import (
    CREDIT_START, DEFAULT_SEED, END, ETFS, PRICES_START, RANGE_START, SOURCE, SP500_START, START,
    ar1, demo_famafrench_loaded, demo_loaded, generate_demo,
)
from loaders.demo_universe import FUNDAMENTAL_COLUMNS, MEMBER_LIST

#: Invariants are checked on several seeds, not only on the default one.
SEEDS = (DEFAULT_SEED, 1, 7)
ALL_KEYS = [*FRED_SERIES, *INDEX_SERIES]
CALENDAR_DAILY = ("DFF", "DFEDTAR", "DFEDTARU", "DFEDTARL")
SIZE_COLUMNS = [
    "<= 0", "Lo 30", "Med 40", "Hi 30", "Lo 20", "Qnt 2", "Qnt 3", "Qnt 4", "Hi 20",
    "Lo 10", "Dec 2", "Dec 3", "Dec 4", "Dec 5", "Dec 6", "Dec 7", "Dec 8", "Dec 9", "Hi 10",
]
FACTOR_COLUMNS = ["Mkt-RF", "SMB", "HML", "RF"]


@pytest.fixture(scope="module")
def bundles():
    """Bundles by seed, each generated once per module."""
    made = {}

    def get(seed: int):
        if seed not in made:
            made[seed] = generate_demo(seed)
        return made[seed]

    return get


@pytest.fixture(scope="module")
def bundle(bundles):
    return bundles(DEFAULT_SEED)


@pytest.fixture(params=SEEDS, ids=lambda seed: f"seed{seed}")
def any_bundle(request, bundles):
    return bundles(request.param)


def monthly_last(series: pd.Series) -> pd.Series:
    return series.resample("ME").last()


def max_drawdown(levels: pd.Series) -> float:
    """Largest peak-to-trough fall as a positive fraction."""
    return float(-(levels / levels.cummax() - 1.0).min())


def in_recession(bundle, index: pd.DatetimeIndex) -> np.ndarray:
    flag = bundle.series["USREC"]
    return flag.reindex(index.to_period("M").to_timestamp()).to_numpy() == 1.0


# --------------------------------------------------------------------------- time and determinism
def test_generation_time_is_recorded(record_property):
    bundle = generate_demo(DEFAULT_SEED)
    record_property("demo_generation_seconds", round(bundle.generation_seconds, 3))
    print(f"\ngenerate_demo({DEFAULT_SEED}) took {bundle.generation_seconds:.3f} s")
    assert bundle.generation_seconds > 0


def test_same_seed_gives_identical_data(bundle):
    again = generate_demo(DEFAULT_SEED)
    assert list(again.series) == list(bundle.series)
    for key, series in bundle.series.items():
        pd.testing.assert_series_equal(again.series[key], series)
    for dataset, tables in bundle.famafrench.items():
        assert list(again.famafrench[dataset]) == list(tables)
        for number, table in tables.items():
            pd.testing.assert_frame_equal(again.famafrench[dataset][number], table)
    pd.testing.assert_frame_equal(again.fundamentals, bundle.fundamentals)
    pd.testing.assert_frame_equal(again.prices, bundle.prices)
    for name, members in bundle.universe_members.items():
        pd.testing.assert_frame_equal(again.universe_members[name], members)
    assert again.recessions == bundle.recessions


def test_different_seed_gives_different_data(bundle, bundles):
    other = bundles(1)
    for key in ("DGS10", "RUT", "BAMLH0A0HYM2", "IWM"):
        assert not other.series[key].equals(bundle.series[key]), key
    assert not other.series["DFF"].equals(bundle.series["DFF"])
    assert not other.famafrench["Portfolios_Formed_on_ME"][0].equals(
        bundle.famafrench["Portfolios_Formed_on_ME"][0])
    assert not other.prices["adj_close"].equals(bundle.prices["adj_close"])
    assert not other.fundamentals["total_debt"].equals(bundle.fundamentals["total_debt"])


# --------------------------------------------------------------------------- series conventions
def test_every_catalog_key_is_served(bundle):
    assert set(bundle.series) == set(FRED_SERIES) | set(INDEX_SERIES)
    assert set(bundle.famafrench) == set(FAMAFRENCH_DATASETS)
    assert MEMBER_LIST in bundle.universe_members


@pytest.mark.parametrize("key", ALL_KEYS)
def test_series_follow_loader_conventions(bundle, key):
    series = bundle.series[key]
    assert isinstance(series, pd.Series) and series.name == key
    assert series.dtype == "float64"
    index = series.index
    assert isinstance(index, pd.DatetimeIndex) and index.name == "date" and index.tz is None
    assert index.is_monotonic_increasing and index.is_unique
    assert (index == index.normalize()).all()
    assert series.notna().all() and np.isfinite(series.to_numpy()).all()
    assert index[0] >= START and index[-1] <= END
    assert len(series) > 100


@pytest.mark.parametrize("key", ALL_KEYS)
def test_units_and_rounding(bundle, key):
    series, unit = bundle.series[key], (FRED_SERIES | INDEX_SERIES)[key].unit
    values = series.to_numpy()
    if unit == "percent":
        low = -5.0 if key == "T10Y2Y" else 0.0
        assert values.min() >= low and values.max() < 25.0  # percent, not decimals or bp
        assert values.max() > 1.0 or key == "AAA10Y"
    elif unit == "flag":
        assert set(np.unique(values)) <= {0.0, 1.0}
    else:
        assert values.min() > 0.0
    decimals = 6 if unit == "usd" else 2
    assert np.allclose(values, np.round(values, decimals), rtol=0, atol=1e-9)


def test_calendars_and_coverage(bundle):
    s = bundle.series
    for key in ALL_KEYS:
        if key in CALENDAR_DAILY or key == "USREC":
            continue
        assert (s[key].index.day_of_week < 5).all(), f"{key} has weekend dates"
    for key in ("DGS10", "RUT", "GSPC", "VIXCLS", "BAA10Y"):
        assert s[key].index[0] == START and s[key].index[-1] == END
        assert len(s[key]) == len(pd.bdate_range(START, END))
    dff = s["DFF"]
    assert dff.index.equals(pd.date_range(START, END, name="date"))  # every calendar day
    assert s["DFEDTAR"].index[-1] == pd.Timestamp("2008-12-15")
    assert s["DFEDTARU"].index[0] == s["DFEDTARL"].index[0] == RANGE_START
    joined = s["DFEDTAR"].index.append(s["DFEDTARU"].index)
    assert joined.equals(pd.date_range(START, END))  # no gap, no overlap at the switch
    usrec = s["USREC"]
    assert usrec.index.is_month_start.all()
    assert usrec.index[0] == START and usrec.index[-1] == pd.Timestamp("2025-12-01")


def test_real_series_structure(bundle):
    s = bundle.series
    assert s["BAMLH0A0HYM2"].index[0] == CREDIT_START == s["BAMLC0A0CM"].index[0]
    assert s["SP500"].index[0] == SP500_START
    pd.testing.assert_series_equal(s["SP500"], s["GSPC"].loc[SP500_START:].rename("SP500"))
    pd.testing.assert_series_equal(s["NASDAQCOM"], s["IXIC"].rename("NASDAQCOM"))
    for etf, (_, inception, first_price, _) in ETFS.items():
        assert s[etf].index[0] == pd.Timestamp(inception)
        assert s[etf].iloc[0] == pytest.approx(first_price)


# --------------------------------------------------------------------------- invariants (3 seeds)
def test_curve_spread_is_the_difference(any_bundle):
    s = any_bundle.series
    diff = (s["DGS10"] - s["DGS2"]).reindex(s["T10Y2Y"].index)
    assert (s["T10Y2Y"] - diff).abs().max() <= 0.011


def test_target_range_and_policy_path(any_bundle):
    s = any_bundle.series
    assert ((s["DFEDTARU"] - s["DFEDTARL"]).round(10) == 0.25).all()
    upper = pd.concat([s["DFEDTAR"], s["DFEDTARU"]])
    assert np.allclose(upper * 4, np.round(upper * 4))  # 25bp grid
    assert s["DFEDTARL"].min() >= 0.0
    moves = upper.diff().loc[lambda d: d != 0].dropna()
    assert (moves > 0).sum() >= 10 and (moves < 0).sum() >= 10  # several cycles
    assert (moves.abs() > 0.25).any()  # a few 50/75bp moves
    assert set(np.round(moves.abs(), 2)) <= {0.25, 0.5, 0.75}
    assert (upper <= 0.25).any()  # a zero-lower-bound period
    midpoint = pd.concat([s["DFEDTAR"], s["DFEDTARU"] - 0.125])
    assert (s["DFF"] - midpoint).abs().median() < 0.15
    range_days = s["DFF"].loc[RANGE_START:]
    inside = (range_days >= s["DFEDTARL"] - 0.01) & (range_days <= s["DFEDTARU"] + 0.01)
    assert inside.mean() > 0.99


def test_credit_spreads(any_bundle):
    s = any_bundle.series
    hy, ig = s["BAMLH0A0HYM2"], s["BAMLC0A0CM"]
    assert hy.index.equals(ig.index)
    assert (hy > ig).all()
    recession = in_recession(any_bundle, hy.index)
    assert hy[recession].mean() > hy[~recession].mean() + 1.5  # percentage points
    assert 2.0 < hy.min() < 4.5 and hy.max() > 7.0
    assert 0.4 < ig.min() < 1.2 and 1.5 < ig.max() < 6.0
    assert (s["BAA10Y"] > s["AAA10Y"]).all()


def test_recessions_and_vix(any_bundle):
    s = any_bundle.series
    usrec = s["USREC"]
    assert set(usrec.unique()) <= {0.0, 1.0}
    starts = int(((usrec == 1) & (usrec.shift(fill_value=0) == 0)).sum())
    assert 3 <= starts <= 4 and starts == len(any_bundle.recessions)
    vix = s["VIXCLS"]
    recession = in_recession(any_bundle, vix.index)
    assert vix[recession].mean() > vix[~recession].mean() + 1
    for first, last in any_bundle.recessions:  # a spike around every recession
        around = vix.loc[first - pd.DateOffset(months=3): last + pd.DateOffset(months=6)]
        assert around.max() > max(25.0, 1.5 * vix.median())
    assert vix.min() > 8 and vix.max() < 95


def test_small_caps_fall_further(any_bundle):
    s = any_bundle.series
    large = max_drawdown(s["GSPC"])
    for key in ("RUT", "SP600"):
        assert max_drawdown(s[key]) > large, key
    spy_window = s["SPY"].loc[s["IWM"].index[0]:]
    assert max_drawdown(s["IWM"]) > max_drawdown(spy_window)
    falls = {"GSPC": [], "RUT": []}
    for first, last in any_bundle.recessions:  # each recession brings a real bear market
        window = slice(first - pd.DateOffset(months=9), last + pd.DateOffset(months=9))
        for key, found in falls.items():
            found.append(max_drawdown(s[key].loc[window]))
    assert min(falls["GSPC"]) > 0.10 and max(falls["GSPC"]) < 0.8
    assert np.mean(falls["RUT"]) > np.mean(falls["GSPC"])


@pytest.mark.parametrize("small, large", [("RUT", "GSPC"), ("IWM", "SPY"), ("SP600", "RUI")])
def test_small_minus_large_falls_when_the_2y_yield_rises(any_bundle, small, large):
    s = any_bundle.series
    relative = monthly_last(s[small]).pct_change() - monthly_last(s[large]).pct_change()
    change = monthly_last(s["DGS2"]).diff()
    assert relative.corr(change) < 0


def test_etfs_track_their_index(bundle):
    s = bundle.series
    for etf, (index_key, *_rest) in ETFS.items():
        fund = np.log(s[etf]).diff().dropna()
        index = np.log(s[index_key]).diff().reindex(fund.index)
        assert fund.corr(index) > 0.99, etf
        assert (fund - index).std() < 0.003, etf


# --------------------------------------------------------------------------- Loaded wrappers
def test_demo_loaded_is_labelled_and_a_copy(bundle):
    loaded = demo_loaded(bundle, "RUT")
    assert isinstance(loaded, Loaded)
    p = loaded.provenance
    assert p.source == SOURCE == "demo (synthetic)"
    assert p.demo is True and p.location == f"synthetic:seed={DEFAULT_SEED}"
    assert p.first == START and p.last == END and not p.stale
    assert p.retrieved_at.tzinfo is not None
    loaded.data.iloc[0] = -1.0
    assert bundle.series["RUT"].iloc[0] > 0


def test_demo_famafrench_loaded(bundle):
    loaded = demo_famafrench_loaded(bundle, "F-F_Research_Data_Factors")
    assert set(loaded.data) == {0, 1}
    assert loaded.provenance.demo and loaded.provenance.source == SOURCE
    assert loaded.provenance.first == pd.Timestamp("1990-01-31")
    loaded.data[0].iloc[0, 0] = 99.0
    assert bundle.famafrench["F-F_Research_Data_Factors"][0].iloc[0, 0] != 99.0


def test_unknown_keys_raise_key_error_naming_them(bundle):
    with pytest.raises(KeyError, match="NOPE") as info:
        demo_loaded(bundle, "NOPE")
    assert "DGS10" in str(info.value)  # lists the known keys
    with pytest.raises(KeyError, match="Portfolios_Formed_on_BM"):
        demo_famafrench_loaded(bundle, "Portfolios_Formed_on_BM")


def test_data_source_serves_demo(make_config):
    from loaders.cache import LoaderCache, make_cache
    from loaders.source import DataSource

    config = make_config("demo")
    source = DataSource(config, LoaderCache(make_cache(config, Flask("demo-test"))))
    rut = source.series("RUT")
    assert rut.provenance.demo and rut.provenance.source == SOURCE
    tables = source.famafrench("Portfolios_Formed_on_ME").data
    assert tables[0].attrs["unit"] == "decimal"


# --------------------------------------------------------------------------- Ken French
def test_famafrench_shapes_and_labels(bundle):
    me = bundle.famafrench["Portfolios_Formed_on_ME"]
    assert sorted(me) == [0, 1, 2, 3, 4, 5]
    units = {0: "decimal", 1: "decimal", 2: "decimal", 3: "decimal", 4: "count", 5: "usd million"}
    for number, table in me.items():
        assert list(table.columns) == SIZE_COLUMNS
        assert table.attrs["unit"] == units[number] and table.attrs["title"]
        assert table.attrs["dataset"] == "Portfolios_Formed_on_ME"
    ff = bundle.famafrench["F-F_Research_Data_Factors"]
    daily = bundle.famafrench["F-F_Research_Data_Factors_daily"]
    assert sorted(ff) == [0, 1] and sorted(daily) == [0]
    for table in [*ff.values(), *daily.values()]:
        assert list(table.columns) == FACTOR_COLUMNS and table.attrs["unit"] == "decimal"
    for table in [*me.values(), *ff.values(), *daily.values()]:
        assert isinstance(table.index, pd.DatetimeIndex) and table.index.name == "date"
        assert table.index.is_monotonic_increasing and table.index.is_unique
        assert (table.dtypes == "float64").all()
        assert table.drop(columns="<= 0", errors="ignore").notna().all().all()
    for number in (0, 1, 4, 5):
        assert me[number].index.is_month_end.all()
        assert me[number].index[0] == pd.Timestamp("1990-01-31")
        assert me[number].index[-1] == pd.Timestamp("2025-12-31")
    assert ff[0].index.is_month_end.all()
    for table in (me[2], me[3], ff[1]):
        assert ((table.index.month == 12) & (table.index.day == 31)).all()
    assert (daily[0].index.day_of_week < 5).all()
    # The unused "<= 0" column is missing in return tables (the file's -99.99), 0 in counts.
    for number in (0, 1, 2, 3, 5):
        assert me[number]["<= 0"].isna().all()
    assert (me[4]["<= 0"] == 0).all()


def test_famafrench_returns_are_decimal_fractions(bundle):
    me = bundle.famafrench["Portfolios_Formed_on_ME"][0].drop(columns="<= 0")
    assert me.abs().max().max() < 1.0
    assert 0.02 < me["Hi 10"].std() < 0.08
    factors = bundle.famafrench["F-F_Research_Data_Factors"][0]
    assert 0.0 <= factors["RF"].min() and factors["RF"].max() < 0.012
    assert np.allclose(me, me.round(4), atol=1e-12)


def test_size_deciles_small_more_volatile_and_rate_sensitive(any_bundle):
    vw = any_bundle.famafrench["Portfolios_Formed_on_ME"][0]
    assert vw["Lo 10"].std() > vw["Dec 5"].std() > vw["Hi 10"].std()
    change = monthly_last(any_bundle.series["DGS2"]).diff().reindex(vw.index)
    beta = {col: vw[col].cov(change) / change.var() for col in ("Lo 10", "Hi 10")}
    assert beta["Lo 10"] < beta["Hi 10"] - 0.01
    smb = any_bundle.famafrench["F-F_Research_Data_Factors"][0]["SMB"]
    assert smb.corr(change) < 0


def test_famafrench_consistent_with_daily_indexes(bundle):
    vw = bundle.famafrench["Portfolios_Formed_on_ME"][0]
    s = bundle.series
    rut = monthly_last(s["RUT"]).pct_change()
    gspc = monthly_last(s["GSPC"]).pct_change()
    assert vw["Lo 10"].corr(rut) > 0.8 and vw["Hi 10"].corr(gspc) > 0.95
    monthly = bundle.famafrench["F-F_Research_Data_Factors"][0]
    daily = bundle.famafrench["F-F_Research_Data_Factors_daily"][0]
    compounded = (1 + daily["Mkt-RF"] + daily["RF"]).groupby(daily.index.to_period("M")).prod() \
        - (1 + daily["RF"]).groupby(daily.index.to_period("M")).prod()
    assert np.allclose(compounded.to_numpy(), monthly["Mkt-RF"].to_numpy(), atol=0.0006)
    annual = bundle.famafrench["F-F_Research_Data_Factors"][1]
    smb_2020 = (1 + monthly.loc["2020", "SMB"]).prod() - 1
    assert annual.loc["2020-12-31", "SMB"] == pytest.approx(smb_2020, abs=1e-4)


# --------------------------------------------------------------------------- company universe
def test_members(bundle):
    members = bundle.universe_members[MEMBER_LIST]
    assert list(members.columns) == ["ticker", "name", "sector", "weight"]
    assert 500 <= len(members) <= 600 and members["ticker"].is_unique
    assert members["ticker"].str.fullmatch(r"DM\d{3}").all()
    assert members["name"].is_unique and members["sector"].nunique() >= 10
    assert members["weight"].sum() == pytest.approx(100.0, abs=0.5)
    assert members["weight"].is_monotonic_decreasing and members["weight"].max() < 3.0


def test_fundamentals(bundle):
    f = bundle.fundamentals
    assert list(f.columns) == FUNDAMENTAL_COLUMNS
    assert f["ticker"].nunique() == 600
    assert set(f["statement"]) == {"annual", "quarterly"}
    assert set(f["fiscal_period"]) == {"Q1", "Q2", "Q3", "Q4"}
    assert (f.loc[f["statement"] == "annual", "fiscal_period"] == "Q4").all()
    assert f["fiscal_year"].between(2015, 2025).all()
    assert f["fiscal_year"].min() == 2015 and f["fiscal_year"].max() == 2025
    lag = (f["publish_date"] - f["period_end"]).dt.days
    assert lag.between(30, 90).all()
    assert f["publish_date"].max() <= END
    assert f["period_end"].dt.is_month_end.all()
    amounts = ("shares_basic", "total_debt", "total_liabilities", "total_equity", "net_income")
    for column in (*amounts, "cik"):
        assert f[column].dtype == "float64", column
    assert f["fiscal_year"].dtype == "int64"
    assert (f["total_equity"] < 0).any()  # negative equity
    assert f["total_debt"].isna().any()  # blank debt line
    assert (f["net_income"] < 0).mean() > 0.1  # net losses
    assert f.drop(columns="total_debt").notna().all().all()
    assert (f["shares_basic"] > 0).all()
    with_debt = f.dropna(subset=["total_debt"])
    assert (with_debt["total_liabilities"] >= with_debt["total_debt"]).all()
    assert not f.duplicated(["ticker", "period_end", "statement"]).any()
    assert f.groupby("ticker")["cik"].nunique().eq(1).all()


def test_prices(bundle):
    p = bundle.prices
    assert list(p.columns) == ["date", "ticker", "adj_close"]
    assert isinstance(p["ticker"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_dtype(p["date"]) and p["adj_close"].dtype == "float64"
    assert p["date"].min() == PRICES_START and p["date"].max() == END
    assert (p["date"].dt.day_of_week < 5).all()
    assert p["adj_close"].notna().all() and (p["adj_close"] > 0).all()
    assert not p.duplicated(["ticker", "date"]).any()
    codes = p["ticker"].cat.codes.to_numpy()
    assert (np.diff(codes) >= 0).all()  # ticker-major order, dates ascending within a ticker
    assert p.memory_usage(deep=True).sum() < 60e6
    priced = set(p["ticker"].astype(str).unique())
    members = set(bundle.universe_members[MEMBER_LIST]["ticker"])
    assert 1 <= len(members - priced) <= 5  # a couple of tickers without prices
    assert priced <= set(bundle.fundamentals["ticker"])
    first_day = p.groupby("ticker", observed=True)["date"].min()
    assert (first_day > PRICES_START).any()  # some listed later


def test_levered_stocks_move_more_with_rates_and_credit(any_bundle):
    f, p, s = any_bundle.fundamentals, any_bundle.prices, any_bundle.series
    latest = f[f["statement"] == "annual"].sort_values("period_end").groupby("ticker").last()
    equity = latest["total_equity"]
    de = (latest["total_debt"].fillna(0.0) / equity).where(equity > 0, np.inf)
    quartile = pd.qcut(de.rank(method="first"), 4, labels=False)
    wide = p.pivot(index="date", columns="ticker", values="adj_close")
    returns = np.log(wide).diff()
    hy = s["BAMLH0A0HYM2"].reindex(wide.index).diff()
    betas = []
    for q in range(4):
        tickers = [t for t in quartile.index[quartile == q] if t in returns.columns]
        average = returns[tickers].mean(axis=1)
        betas.append(average.cov(hy) / hy.var())
    assert betas[3] < betas[0] < 0  # the most levered quartile falls hardest when HY widens
    assert betas[3] < betas[2] and betas[1] < betas[0] + 0.005


# --------------------------------------------------------------------------- helper
@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.floats(-10, 10), min_size=1, max_size=3000),
    phi=st.floats(0.0, 0.999),
    x0=st.floats(-5, 5),
)
def test_ar1_matches_a_plain_loop(values, phi, x0):
    expected, previous = [], x0
    for value in values:
        previous = phi * previous + value
        expected.append(previous)
    assert np.allclose(ar1(np.array(values), phi, x0), expected, rtol=1e-9, atol=1e-9)
