"""The leverage analysis on the real snapshot (../shared/data), checked against plain pandas.

S&P 600 members of 2019-09-10 (iShares IJR holdings), ranked by their Q4 2018 return
(2018-09-28 -> 2018-12-31) and measured over January 2019 (2018-12-31 -> 2019-01-31).
Survivorship: the price files only hold tickers still listed in 2024/2026, so members that
were delisted earlier are missing (counted, not ranked).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner
from flask import Flask

import cli
from analytics.leverage import NO_RANK_PRICES, NOT_IN_DATA, QuartileSpec, compute_quartiles
from config import Config, DataSpec
from loaders.cache import LoaderCache, make_cache
from loaders.universe import UniverseData

pytestmark = pytest.mark.shared_data

UNIVERSE = "sp600_ijr_2019-09-10"
SPEC = QuartileSpec("return", rank_start="2018-09-28", rank_end="2018-12-31",
                    measure_start="2018-12-31", measure_end="2019-01-31")


@pytest.fixture(scope="module")
def universe_data(shared_data, tmp_path_factory) -> UniverseData:
    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("cache"))
    return UniverseData(config, LoaderCache(make_cache(config, Flask("shared"))))


@pytest.fixture(scope="module")
def expected(shared_data) -> pd.DataFrame:
    """Quartile figures computed independently with plain pandas from the raw files."""
    folder = shared_data / "universe"
    members = pd.read_csv(folder / "members" / f"{UNIVERSE}.csv", keep_default_na=False)["ticker"]
    prices = pd.read_parquet(folder / "prices.parquet")
    prices = prices[prices["ticker"].isin(set(members))]
    wide = prices.pivot(index="date", columns="ticker", values="adj_close")

    def close(day: str) -> pd.Series:  # last close on or before ``day``, at most 7 days old
        upto = wide.loc[:day]
        last_date = upto.notna()[::-1].idxmax()
        return upto.ffill().iloc[-1].where(pd.Timestamp(day) - last_date <= pd.Timedelta(days=7))

    frame = pd.DataFrame({"rank": close("2018-12-31") / close("2018-09-28") - 1,
                          "january": close("2019-01-31") / close("2018-12-31") - 1}).dropna().sort_index()
    frame["quartile"] = pd.qcut(frame["rank"].rank(method="first"), 4, labels=[1, 2, 3, 4]).astype(int)

    statements = pd.read_csv(folder / "fundamentals.csv", parse_dates=["period_end", "publish_date"],
                             keep_default_na=False, na_values=[""])
    statements["available"] = statements[["period_end", "publish_date"]].max(axis=1)
    statements["annual"] = statements["statement"].eq("annual")
    in_force = statements[(statements["available"] <= "2018-12-31") & (statements["period_end"] >= "2017-09-30")]
    in_force = in_force.sort_values(["ticker", "available", "period_end", "annual"])
    latest = in_force.groupby("ticker").last()
    debt = latest["total_debt"].where(latest["total_debt"].notna() | latest["total_liabilities"].isna(), 0.0)
    frame["de"] = (debt / latest["total_equity"]).where(latest["total_equity"] > 0).reindex(frame.index)
    annual = in_force[in_force["annual"]].groupby("ticker").last()
    frame["loss"] = (annual["net_income"] < 0).astype(float).where(annual["net_income"].notna()).reindex(frame.index)
    return frame.groupby("quartile").agg(n=("january", "size"), mean=("january", "mean"),
                                         median=("january", "median"), de=("de", "median"), loss=("loss", "mean"))


def test_quartiles_match_plain_pandas(universe_data, expected):
    members = universe_data.members(UNIVERSE).data["ticker"]
    result = compute_quartiles(members, universe_data.statements(), universe_data.price_history(), SPEC)
    got = pd.DataFrame(result.to_records()).set_index("quartile")
    assert got["n"].tolist() == expected["n"].tolist() == [115, 115, 115, 115]
    for ours, theirs in (("mean_return", "mean"), ("median_return", "median"),
                         ("median_debt_to_equity", "de"), ("share_net_loss", "loss")):
        assert got[ours].tolist() == pytest.approx(expected[theirs].tolist(), rel=1e-9)
    assert result.members == 601
    assert result.left_out == {NOT_IN_DATA: 45, NO_RANK_PRICES: 96}


def test_worst_q4_quartile_rebounded_most_in_january(universe_data):
    members = universe_data.members(UNIVERSE).data["ticker"]
    q1, q2, q3, q4 = compute_quartiles(members, universe_data.statements(), universe_data.price_history(),
                                       SPEC).quartiles
    # Worst Q4-2018 quartile: +18.7 % mean in January 2019; best: +8.2 % (published: +16.6 % vs +4.7 %).
    assert q1.mean_return == pytest.approx(0.1874, abs=5e-4)
    assert q4.mean_return == pytest.approx(0.0823, abs=5e-4)
    assert q1.mean_return > q2.mean_return > q3.mean_return > q4.mean_return
    # Worst quartile more leveraged: median D/E 0.33 vs 0.24 (published: 41 % vs 32 %).
    assert q1.median_debt_to_equity == pytest.approx(0.332, abs=1e-3)
    assert q4.median_debt_to_equity == pytest.approx(0.237, abs=1e-3)


def test_cli_gives_the_same_numbers(shared_data, tmp_path, expected):
    result = CliRunner().invoke(cli.main, [
        "quartiles", "--universe", UNIVERSE, "--rank-by", "return", "--rank-start", "2018-09-28",
        "--rank-end", "2018-12-31", "--measure-start", "2018-12-31", "--measure-end", "2019-01-31",
        "--data", str(shared_data), "--cache-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [r["quartile"] for r in records] == [1, 2, 3, 4]
    assert [r["mean_return"] for r in records] == pytest.approx(expected["mean"].tolist(), rel=1e-9)
    assert "Left out: 96 - no prices at both ends of the rank window" in result.stderr
    assert "Left out: 45 - no prices and no statements in the data source" in result.stderr


def test_profile_and_leverage_ranking_run(universe_data):
    from analytics.leverage import universe_profile

    members = universe_data.members(UNIVERSE).data["ticker"]
    profile = universe_profile(members, universe_data.statements(), universe_data.price_history(),
                               as_of="2018-12-31")
    assert (profile.members, profile.not_in_data) == (601, 45)
    assert 0.0 < profile.share_net_loss < 0.5 and 0.2 < profile.median_debt_to_equity < 0.6
    spec = QuartileSpec("leverage", rank_end="2018-09-28", measure_start="2018-09-28", measure_end="2018-12-31")
    result = compute_quartiles(members, universe_data.statements(), universe_data.price_history(), spec)
    assert result.ranked + sum(result.left_out.values()) == 601
    assert result.quartiles[0].median_debt_to_equity <= result.quartiles[3].median_debt_to_equity


def test_many_companies_without_measure_prices_are_a_caution(universe_data):
    # the S&P 600 list of 2019-09-10 ranked by debt-to-equity at 2020-02-20, measured to 2020-03-18:
    # 77 could be ranked but have no close at one end of the crash window (delisted, or not in the
    # price source); the summary listed them under "Left out" and said nothing of what that does to
    # the means (the page walkthrough: the failures of the window are among them)
    from analytics.leverage import NO_MEASURE_PRICES
    from panels.leverage import missing_prices

    members = universe_data.members(UNIVERSE).data["ticker"]
    spec = QuartileSpec("leverage", rank_end="2020-02-20", measure_start="2020-02-20", measure_end="2020-03-18")
    result = compute_quartiles(members, universe_data.statements(), universe_data.price_history(), spec)
    n = result.left_out[NO_MEASURE_PRICES]
    assert n == 77 and n >= 0.05 * (result.ranked + n)
    assert missing_prices(result).startswith(
        " Missing prices: 77 companies that could be ranked have no close at one end of the measure window")
    # ranked by the 2018 Q4 return: the 96 without rank-window prices never had a rank, and every
    # ranked stock has its January closes, so nothing is said
    calm = compute_quartiles(members, universe_data.statements(), universe_data.price_history(), SPEC)
    assert NO_MEASURE_PRICES not in calm.left_out and missing_prices(calm) == ""


def test_a_quartile_of_blank_debt_lines_says_so(universe_data, shared_data):
    """The Russell 2000 list of 2021-10 ranked by debt-to-equity at 2022-06-30: Q1 is all companies
    whose debt line is blank (counted as zero, none reported zero debt); its bar and the summary
    say so (an analyst read "the least-levered quartile fell 38%")."""
    from components.figures.leverage import leverage_spec
    from panels.leverage import blank_debt_note

    members = universe_data.members("russell2000_2021-10_list").data["ticker"]
    spec = QuartileSpec("leverage", rank_end="2022-06-30", measure_start="2022-01-03", measure_end="2022-06-30")
    result = compute_quartiles(members, universe_data.statements(), universe_data.price_history(), spec)
    q1 = result.quartiles[0]
    in_q1 = result.table[result.table["quartile"] == 1]
    assert q1.n_debt_blank == q1.n == int(in_q1["debt_blank_as_zero"].sum()) and (in_q1["debt_to_equity"] == 0).all()
    # plain pandas: the statement in force for each Q1 ticker (the latest public by 2022-06-30 whose
    # period ended in the 15 months before) has a blank total_debt and reported liabilities
    statements = pd.read_csv(shared_data / "universe" / "fundamentals.csv", keep_default_na=False, na_values=[""],
                             parse_dates=["period_end", "publish_date"])
    statements["available"] = statements[["period_end", "publish_date"]].max(axis=1)
    in_force = statements[(statements["available"] <= "2022-06-30") & (statements["period_end"] >= "2021-03-30")]
    latest = in_force.sort_values(["ticker", "available", "period_end"]).groupby("ticker").tail(1).set_index("ticker")
    of_q1 = latest.reindex(in_q1.index)
    assert of_q1["total_debt"].isna().all() and of_q1["total_liabilities"].notna().all()
    assert blank_debt_note(result).startswith(f" (Q1 {q1.n} of {q1.n}, ")
    spec = leverage_spec(result, title="t", source_line="s")
    assert spec["data"][0]["x"][0] == "Q1 (least levered)"  # (on the axis it ran into the source line)
    assert spec["layout"]["annotations"][0]["text"].endswith(
        f"<span style='font-size:11px'>Q1: {q1.n} of {q1.n} report no debt line (counted as zero)</span>")
