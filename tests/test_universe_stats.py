"""Inside the universe (analytics/universe_stats.py): hand-computed fixtures for each definition,
point in time, and the snapshot's lists of each family."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.leverage import PriceHistory, Statements
from analytics.universe_stats import (
    ALL, UNKNOWN_SECTOR, UniverseInputError, breadth, breadth_series, moving_average, sector_movers,
    sector_returns, window_highs,
)

DAYS = pd.bdate_range("2021-01-01", periods=300)  # 2021-01-01 .. 2022-02-24


def history(paths: dict[str, np.ndarray]) -> PriceHistory:
    rows = [{"date": d, "ticker": t, "adj_close": float(v)} for t, path in paths.items()
            for d, v in zip(DAYS, path)]
    return PriceHistory.from_long(pd.DataFrame(rows))


PRICES = history({
    "A": 10.0 + np.arange(300),            # rising: above its average, at its high
    "B": 20.0 - 0.01 * np.arange(300),     # falling: below its 2021 high and its average
    "C": np.r_[np.full(150, 50.0), np.full(150, 40.0)],
})


def statement(ticker, published, net_income, shares=10.0, sector=None, kind="annual"):
    return {"ticker": ticker, "period_end": pd.Timestamp(published) - pd.Timedelta(days=60),
            "publish_date": pd.Timestamp(published), "total_debt": 1.0, "total_liabilities": 2.0,
            "total_equity": 3.0, "net_income": net_income, "statement": kind, "shares_basic": shares,
            "sector": sector}


STATEMENTS = Statements.from_frame(pd.DataFrame([
    statement("A", "2021-03-01", 100.0, sector="Tech"),
    statement("B", "2021-03-01", -5.0, sector="Energy"),
    statement("C", "2021-03-01", 20.0, shares=4.0),
    statement("C", "2022-02-23", -1.0, shares=4.0),  # published on the last day but one
]))
MEMBERS = pd.DataFrame({"ticker": ["A", "B", "C", "D"], "sector": ["Information Technology", None, "", None]})
END = DAYS[-1]  # 2022-02-24


def test_window_highs_and_moving_average_hand_computed():
    tickers = pd.Index(["B", "A", "Z", "C"])
    # 2021 has 261 business days from 2021-01-01: A's high is 10 + 260
    assert window_highs(PRICES, tickers, "2021-01-01", "2021-12-31").tolist()[:2] == [20.0, 270.0]
    assert np.isnan(window_highs(PRICES, tickers, "2021-01-01", "2021-12-31")[2])
    average = moving_average(PRICES, tickers, END)
    assert average[1] == pytest.approx(10 + np.arange(100, 300).mean())
    assert average[3] == pytest.approx((50 * 50 + 150 * 40) / 200)


def test_sector_returns_equal_weighted_with_the_list_then_the_statements_then_unknown():
    out = sector_returns(MEMBERS, STATEMENTS, PRICES, start=DAYS[0], end=END)
    table = out.table
    a, b, c = (10 + 299) / 10 - 1, (20 - 2.99) / 20 - 1, 40 / 50 - 1
    assert table.loc["Information Technology", "mean_return"] == pytest.approx(a)  # the list's sector
    assert table.loc["Energy", "mean_return"] == pytest.approx(b)  # from the statements
    assert table.loc[UNKNOWN_SECTOR, "mean_return"] == pytest.approx(c)  # C: blank in both
    assert table.loc[ALL].tolist() == pytest.approx([3, (a + b + c) / 3, b])
    assert list(table.index)[-1] == ALL and table.loc[ALL, "n"] == 3
    assert out.left_out == {"no close at both ends of the window": 1}  # D has no prices


def test_breadth_hand_computed_on_the_last_day():
    b = breadth(MEMBERS, STATEMENTS, PRICES, as_of=END)
    assert (b.members, b.priced, b.with_statements) == (4, 3, 3)
    assert b.share_net_loss == pytest.approx(2 / 3)  # B and, since 2022-02-23, C
    # below the 2021 high: B (yes), A (no, at a new high), C (40 < 50: yes)
    assert b.share_below_high == pytest.approx(2 / 3) and b.below_high_n == 3
    # above the 200-day mean: A yes; B no; C: 40 < 42.5 no
    assert b.share_above_200d == pytest.approx(1 / 3)
    # P/E of positive earners: A only, 309 * 10 / 100
    assert (b.median_pe, b.pe_n) == (pytest.approx(30.9), 1)
    assert b.share_negative_earnings == pytest.approx(2 / 3)


def test_a_statement_published_after_the_date_changes_nothing():
    before = breadth(MEMBERS, STATEMENTS, PRICES, as_of="2022-02-22")
    only_old = Statements.from_frame(STATEMENTS.frame.iloc[:3].assign(shares_basic=[10.0, 10.0, 4.0]))
    assert breadth(MEMBERS, only_old, PRICES, as_of="2022-02-22") == before
    assert before.share_net_loss == pytest.approx(1 / 3)  # C's loss is not public yet
    # C's P/E from its 2021 statement: 40 * 4 / 20
    assert DAYS[297] == pd.Timestamp("2022-02-22")
    assert before.median_pe == pytest.approx(np.median([(10 + 297) * 10 / 100, 40 * 4 / 20]))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"as_of": "2021-06-30"}, "must end before the as-of date"),
    ({"as_of": END, "high_window": ("2021-12-31", "2021-01-01")}, "inverted"),
])
def test_bad_high_windows_say_why(kwargs, message):
    with pytest.raises(UniverseInputError, match=message):
        breadth(MEMBERS, STATEMENTS, PRICES, **kwargs)


def test_inverted_or_empty_windows_say_why():
    with pytest.raises(UniverseInputError, match="empty or inverted"):
        sector_returns(MEMBERS, STATEMENTS, PRICES, start=END, end=DAYS[0])
    with pytest.raises(UniverseInputError, match="no member has a close"):
        sector_returns(MEMBERS, STATEMENTS, PRICES, start="1999-01-04", end="1999-06-30")


def test_breadth_series_is_monthly_and_ends_on_the_window_end():
    frame = breadth_series(MEMBERS, STATEMENTS, PRICES, start="2021-06-01", end=END)
    assert frame.index[0] == pd.Timestamp("2021-06-30") and frame.index[-1] == END
    assert frame.loc[END, "share_net_loss"] == pytest.approx(2 / 3)
    assert frame.loc["2021-12-31", "share_below_high"] != frame.loc["2021-12-31", "share_below_high"]  # NaN
    assert frame.loc[END, "share_below_high"] == pytest.approx(2 / 3)


def _random_universe(seed: int):
    """40 listed tickers (a blank, a duplicate, padded ones; four without prices) over four years:
    random walks, flat ones at 0.1 (the close ties with its average, which running sums miss by
    a rounding error), late starters (fewer than 200 closes), two-month gaps (stale closes);
    annual statements published on month ends (the series' dates) and quarterly ones, of either
    sign, some without shares; T04's annual statements on the 18-month cutoff and publication
    boundaries of 2020-12-31 and 2021-03-31."""
    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2019-01-01", "2022-12-30")
    prices, statements = [], []
    for i in range(36):
        first = int(rng.integers(0, 600)) if i % 5 == 2 else 0
        path = (np.full(len(days) - first, 0.1) if i % 9 == 0
                else 20 * np.exp(np.cumsum(rng.normal(0, 0.02, len(days) - first))))
        keep = np.ones(len(path), bool)
        if i % 7 == 1:
            gap = int(rng.integers(0, len(path) - 60))
            keep[gap:gap + 45] = False
        prices.append(pd.DataFrame({"date": days[first:][keep], "ticker": f"T{i:02d}", "adj_close": path[keep]}))
        for year in range(2018, 2023):
            for month, kind in ((1, "quarterly"), (3, "annual"), (8, "quarterly")):
                if rng.random() < 0.8 and i != 4:
                    published = pd.Timestamp(f"{year}-{month:02d}-15") + pd.offsets.MonthEnd(kind == "annual")
                    statements.append(statement(f"T{i:02d}", published,
                                                float(rng.normal(5, 10)), kind=kind,
                                                shares=float(rng.integers(1, 50)) if rng.random() < 0.9 else np.nan))
    for period_end, published, income in (("2019-06-30", "2019-08-30", -3.0), ("2020-06-30", "2021-03-31", 4.0)):
        statements.append(statement("T04", published, income) | {"period_end": pd.Timestamp(period_end)})
    tickers = [f"T{i:02d}" for i in range(40)] + ["", "T03", " T05 "]
    return (pd.DataFrame({"ticker": tickers}), Statements.from_frame(pd.DataFrame(statements)),
            PriceHistory.from_long(pd.concat(prices, ignore_index=True)))


def _row(b, high_ok: bool) -> dict:
    return {"share_net_loss": b.share_net_loss, "share_below_high": b.share_below_high if high_ok else None,
            "share_above_200d": b.share_above_200d, "median_pe": b.median_pe, "pe_n": b.pe_n,
            "share_negative_earnings": b.share_negative_earnings, "with_statements": b.with_statements,
            "priced": b.priced}


def _assert_series_is_breadth_by_date(members, statements, prices, high=("2020-01-01", "2020-12-31")):
    series = breadth_series(members, statements, prices, start="2019-02-11", end="2022-12-20", high_window=high)
    assert len(series) == 47 and series.index[-1] == pd.Timestamp("2022-12-20")
    for day, row in series.iterrows():
        high_ok = day > pd.Timestamp(high[1])
        b = breadth(members, statements, prices, as_of=day,
                    high_window=high if high_ok else (day - pd.DateOffset(years=1), day - pd.Timedelta(days=1)))
        want = pd.Series(_row(b, high_ok), dtype=float)
        pd.testing.assert_series_equal(row, want, check_names=False, check_exact=True, obj=f"{day:%Y-%m-%d}")


@pytest.mark.parametrize("seed", range(4))
def test_breadth_series_is_breadth_date_by_date(seed):
    _assert_series_is_breadth_by_date(*_random_universe(seed))


def test_breadth_series_with_closes_that_are_not_finite_is_still_breadth_date_by_date():
    members, statements, prices = _random_universe(9)
    closes = prices.closes.copy()
    closes[np.random.default_rng(9).choice(len(closes), 40, replace=False)] = np.nan
    closes[::997] = np.inf
    _assert_series_is_breadth_by_date(members, statements, PriceHistory(prices.tickers, prices.keys, closes))


def test_breadth_series_keeps_breadths_checks_of_the_high_window():
    with pytest.raises(UniverseInputError, match="inverted"):
        breadth_series(MEMBERS, STATEMENTS, PRICES, start="2021-06-01", end=END,
                       high_window=("2021-12-31", "2021-01-01"))
    # every date on or before the (inverted) window's end: a trailing year each, no check
    early = breadth_series(MEMBERS, STATEMENTS, PRICES, start="2021-06-01", end="2021-09-30",
                           high_window=("2022-01-31", "2021-12-01"))
    assert early["share_below_high"].isna().all() and len(early) == 4


# --------------------------------------------------------------------------- the snapshot
@pytest.fixture(scope="module")
def snapshot(shared_data):
    from loaders.universe import read_members

    fundamentals = pd.read_csv(shared_data / "universe" / "fundamentals.csv")
    prices = pd.read_parquet(shared_data / "universe" / "prices.parquet")
    members = {name: read_members(shared_data / "universe" / "members" / f"{name}.csv").data
               for name in ("sp600_ijr_2019-09-10", "russell2000_2021-10_list", "russell3000_2020-10_list")}
    return members, Statements.from_frame(fundamentals), PriceHistory.from_long(prices)


@pytest.mark.parametrize("name", ["sp600_ijr_2019-09-10", "russell2000_2021-10_list", "russell3000_2020-10_list"])
def test_snapshot_lists_of_each_family(snapshot, name):
    members, statements, prices = snapshot
    b = breadth(members[name], statements, prices, as_of="2022-06-30")
    assert b.members == len(members[name].drop_duplicates("ticker"))
    assert 0 < b.priced <= b.members and 0 < b.with_statements <= b.members
    for share in (b.share_net_loss, b.share_below_high, b.share_above_200d, b.share_negative_earnings):
        assert share is not None and 0 <= share <= 1
    # mid-2022, after the 2021 peak: most small caps trade below their 2021 high
    assert b.share_below_high > 0.6
    assert b.median_pe is not None and 3 < b.median_pe < 100 and b.pe_n > 50
    sectors = sector_returns(members[name], statements, prices, start="2022-01-03", end="2022-06-30").table
    assert sectors.loc[ALL, "n"] == sectors.drop(index=ALL)["n"].sum()
    assert sectors.loc[ALL, "median_return"] < 0  # the first half of 2022 was a bear market


def test_a_member_that_alone_moves_its_sectors_mean_is_named():
    """A sector's equal-weighted mean can be one member's: on the snapshot, FTLF's +14,784% over
    2019-2021 (a tenfold one-day jump in its closes) made Consumer Staples "best sector" at +376%
    against a median of +35%. Per sector the member furthest from the median is named when it
    moves the mean by 10 pp or more: (ret - mean) / (n - 1)."""
    priced = pd.DataFrame({
        "sector": ["Staples"] * 4 + ["Energy"] * 4 + ["Tiny"] * 2,
        "ret": [0.10, 0.20, 0.30, 9.0,       # mean 2.4: 9.0 moves it by (9.0 - 2.4) / 3 = 2.2
                0.10, 0.15, 0.20, -0.12,     # furthest from the median 0.125: -0.12, (-0.12 - 0.0825) / 3
                1.0, 5.0],                   # two members: no median to be far from
    }, index=["A", "B", "C", "FTLF", "D", "E", "F", "G", "H", "I"])
    (mover,) = sector_movers(priced)
    assert (mover.ticker, mover.sector, mover.ret) == ("FTLF", "Staples", 9.0)
    assert mover.shift == pytest.approx((9.0 - 2.4) / 3)
    # a threshold of 5 pp: Energy's -0.12 moves its mean by -6.75 pp; largest shift first
    assert [m.ticker for m in sector_movers(priced, shift=0.05)] == ["FTLF", "G"]
    assert sector_movers(priced, shift=0.05)[1].shift == pytest.approx((-0.12 - 0.0825) / 3)


def test_the_summary_names_sectors_by_median_and_the_members_that_make_a_mean():
    from analytics.universe_stats import Mover
    from panels.universe import UniverseResult, best_and_worst, movers_text

    table = pd.DataFrame({"n": [45, 143, 1, 30, 219], "mean_return": [3.76, 1.99, 2.5, -0.05, 1.11],
                          "median_return": [0.35, 0.84, 2.5, -0.047, 0.40]},
                         index=["Consumer Staples", "Information Technology", "Other", "Energy", ALL])
    # by median among sectors of 5 or more: not Staples (its mean) nor the one-member "Other"
    assert best_and_worst(table) == ("; best sector by median Information Technology +84.0%, worst Energy -4.7% "
                                     "(sectors of 5 or more)")
    assert best_and_worst(table.loc[["Other", "Energy", ALL]]) == ""  # one sector to name: no best and worst
    result = UniverseResult("u", table, 500, {}, pd.DataFrame(), pd.Timestamp("2019-01-01"),
                            pd.Timestamp("2022-01-01"), (), "s", movers=(Mover("FTLF", "Consumer Staples", 147.8, 3.27),))
    assert movers_text(result) == (" One member's return alone: FTLF (+14,780.0%) moves Consumer Staples' mean by "
                                   "+327 pp (median +35.0%). Check such a return (a split the prices do not adjust "
                                   "for?) before quoting a sector's mean.")


# --------------------------------------------------------------------------- the commands
def run(*args, tmp_path):
    import cli
    from click.testing import CliRunner

    return CliRunner().invoke(cli.main, [*args, "--cache-dir", str(tmp_path)])


def test_sectors_and_breadth_commands_agree_with_the_analytics(shared_data, snapshot, tmp_path):
    import json

    members, statements, prices = snapshot
    result = run("sectors", "--data", str(shared_data), "--universe", "sp600_ijr_2019-09-10",
                 "--start", "2022-01-03", "--end", "2022-06-30", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    want = sector_returns(members["sp600_ijr_2019-09-10"], statements, prices, start="2022-01-03",
                          end="2022-06-30").table
    assert [r["sector"] for r in records] == list(want.index) and records[-1]["sector"] == ALL
    assert records[-1]["mean_return"] == pytest.approx(want.loc[ALL, "mean_return"])
    result = run("breadth", "--data", str(shared_data), "--universe", "russell2000_2021-10_list",
                 "--as-of", "2022-06-30", tmp_path=tmp_path)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert list(record) == ["universe", "as_of", "members", "priced", "with_statements", "share_net_loss",
                            "share_below_high", "share_above_200d", "median_pe", "pe_n",
                            "share_negative_earnings"]
    want = breadth(members["russell2000_2021-10_list"], statements, prices, as_of="2022-06-30")
    assert record["median_pe"] == pytest.approx(want.median_pe) and record["members"] == want.members


@pytest.mark.parametrize(("args", "message"), [
    (("breadth", "--universe", "nope", "--as-of", "2022-06-30"), "unknown universe 'nope'"),
    (("breadth", "--universe", "sp600_ijr_2019-09-10", "--as-of", "2021-06-30"), "must end before"),
    (("breadth", "--universe", "sp600_ijr_2019-09-10", "--as-of", "1950-01-03"), "before the first price"),
    (("sectors", "--universe", "sp600_ijr_2019-09-10", "--start", "2022-06-30", "--end", "2022-01-03"),
     "empty or inverted"),
    (("sectors", "--universe", "sp600_ijr_2019-09-10", "--start", "2022-13-01", "--end", "2022-01-03"),
     "is not a date"),
])
def test_bad_input_exits_2_with_a_message(shared_data, tmp_path, args, message):
    result = run(*args, "--data", str(shared_data), tmp_path=tmp_path)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- the panel
def test_the_panel_agrees_with_the_command_and_says_what_it_rests_on(shared_data, snapshot, tmp_path):
    import io

    from app import create_app
    from config import Config, DataSpec

    members, statements, prices = snapshot
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path / "c"))
    client = app.server.test_client()
    query = "universe=russell2000_2021-10_list&start=2022-01-03&end=2024-06-28"
    csv = client.get(f"/export/universe.csv?{query}")
    assert csv.status_code == 200
    frame = pd.read_csv(io.StringIO(csv.get_data(as_text=True)), index_col="sector")
    want = sector_returns(members["russell2000_2021-10_list"], statements, prices, start="2022-01-03",
                          end="2024-06-28").table
    assert frame.loc[ALL, "mean_return [decimal]"] == pytest.approx(want.loc[ALL, "mean_return"])
    assert int(frame.loc[ALL, "n [members]"]) == want.loc[ALL, "n"]
    from tests.panel_draw import rendered
    from state import ViewState

    out = rendered("universe", app.server.extensions["smallcap_panel_data"],
                   ViewState.from_dict({"universe": "russell2000_2021-10_list", "start": "2022-01-03",
                                        "end": "2024-06-28"}))
    last = breadth(members["russell2000_2021-10_list"], statements, prices, as_of="2024-06-28")
    assert f"over {last.pe_n} positive earners" in out.summary
    assert f"of {last.with_statements} with an annual statement in 18 months" in out.summary
    assert "Caveats: Survivorship" in out.summary  # from universe/SOURCES.md
    names = [t.get("name") for t in out.figure["data"]]
    assert "% with a net loss" in names and "median trailing P/E (positive earners)" in names
    # the two loss shares all but coincide on this list (they differ by the members at exactly
    # zero): the second is drawn dotted over the first instead of hidden under it
    lines = {t["name"]: t for t in out.figure["data"] if t.get("name", "").startswith("% ")}
    loss, negative = lines["% with a net loss"], lines["% negative earnings (beside the P/E)"]
    assert max(abs(a - b) for a, b in zip(loss["y"], negative["y"])) < 1.0  # percentage points
    assert loss["line"]["dash"] == "solid" and negative["line"]["dash"] == "dot"


def test_the_panel_without_a_universe_says_so(tmp_path):
    from app import create_app
    from config import Config, DataSpec
    from state import ViewState
    from tests.panel_draw import rendered

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path))
    out = rendered("universe", app.server.extensions["smallcap_panel_data"], ViewState())
    assert not out.ok and out.figure["layout"]["annotations"][0]["text"] == "Choose a universe or upload a list"


# --------------------------------------------------------------------------- the high window in the link
def test_the_high_window_is_a_link_parameter_with_defaults_and_checks():
    import datetime as dt

    from panels.view import DEFAULT_HIGH, high_window, resolve_view
    from state import ViewState, parse_query
    from tests.fakes import FakeData

    state, notices = parse_query("hstart=2024-12-31&hend=2024-01-01")
    assert (state.hstart, state.hend) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert notices == ["hstart was after hend: the two dates were swapped."]
    assert state.to_query() == "hstart=2024-01-01&hend=2024-12-31"
    bad, notices = parse_query("hstart=2024-02-30")
    assert bad.hstart is None and notices[0].startswith("Ignored hstart='2024-02-30'")
    # defaults: calendar 2021; one date given: a year from it (or up to it)
    assert (DEFAULT_HIGH.hstart, DEFAULT_HIGH.hend) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert high_window(dt.date(2022, 6, 1), None).hend == dt.date(2023, 5, 31)
    assert high_window(None, dt.date(2020, 6, 30)).hstart == dt.date(2019, 7, 1)
    flat = pd.Series(1.0, index=pd.bdate_range("2015-01-01", "2024-12-31"))
    view = resolve_view(ViewState(hstart=dt.date(2018, 1, 1)), FakeData({"RUT": flat, "GSPC": flat}))
    assert (view.hstart, view.hend) == (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert "hstart=2018-01-01" in view.to_state().to_query()
    default = resolve_view(ViewState(), FakeData({"RUT": flat, "GSPC": flat}))
    assert "hstart" not in default.to_state().to_query()  # the default window is not written out


def test_the_panel_uses_the_high_window_of_the_link(shared_data, snapshot, tmp_path):
    import io

    from app import create_app
    from config import Config, DataSpec
    from state import ViewState
    from tests.panel_draw import rendered

    members, statements, prices = snapshot
    name = "russell2000_2021-10_list"
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path / "c"))
    data = app.server.extensions["smallcap_panel_data"]
    fields = {"universe": name, "start": "2023-01-03", "end": "2024-06-28"}
    default = rendered("universe", data, ViewState.from_dict(fields))
    chosen = rendered("universe", data, ViewState.from_dict({**fields, "hstart": "2022-06-01", "hend": "2022-12-30"}))
    want = breadth(members[name], statements, prices, as_of="2024-06-28",
                   high_window=(pd.Timestamp("2022-06-01"), pd.Timestamp("2022-12-30")))
    assert want.share_below_high != breadth(members[name], statements, prices, as_of="2024-06-28").share_below_high
    assert f"{100 * want.share_below_high:.0f}% below their high of 2022-06-01 to 2022-12-30" in chosen.summary
    assert "below their 2021 high" in default.summary
    assert "% below their high of 2022-06-01 to 2022-12-30" in [t.get("name") for t in chosen.figure["data"]]
    # the export of the same link says the same
    client = app.server.test_client()
    csv = client.get(f"/export/universe.csv?universe={name}&start=2023-01-03&end=2024-06-28&hstart=2022-06-01"
                     "&hend=2022-12-30")
    assert csv.status_code == 200 and pd.read_csv(io.StringIO(csv.get_data(as_text=True))).shape[0] > 1
    # a high window ending after the window: said, not a silent n/a
    late = rendered("universe", data, ViewState.from_dict({**fields, "hstart": "2024-01-02", "hend": "2025-06-30"}))
    assert "no share below their high of 2024-01-02 to 2025-06-30 yet (that window ends 2025-06-30)" in late.summary


def test_on_a_phone_the_three_charts_are_stacked_and_the_wide_values_are_the_figures_own():
    """Side by side on a 390 px phone the sector bars had about 50 px beside a 190 px margin of
    names and the axis title wrapped one word a line over the breadth chart. meta.narrow (handed to
    the chart by assets/narrow_layout.js) stacks them; the wide values must be the figure's own so
    a widened chart gets its layout back."""
    from components.figures.universe import HEIGHT, NARROW_BELOW_PX, NARROW_HEIGHT, universe_spec

    sectors = pd.DataFrame({"n": [3, 2, 5], "mean_return": [0.2, -0.1, 0.05], "median_return": [0.1, -0.1, 0.02]},
                           index=["Energy", "Utilities", ALL])
    series = pd.DataFrame({"share_net_loss": [0.4, 0.5], "median_pe": [15.0, 16.0]},
                          index=pd.to_datetime(["2022-01-31", "2022-02-28"]))
    layout = universe_spec(sectors, series, title="t", source_line="Source: test.")["layout"]
    narrow = layout["meta"]["narrow"]
    assert narrow["below"] == NARROW_BELOW_PX and set(narrow["layout"]) == set(narrow["wide"])
    for key, value in narrow["wide"].items():
        at = layout
        for part in key.split("."):
            at = at[part]
        assert at == value, key
    stacked = narrow["layout"]
    assert layout["height"] == HEIGHT < stacked["height"] == NARROW_HEIGHT
    assert stacked["xaxis.domain"] == stacked["xaxis2.domain"] == [0.0, 1.0]
    bars, pe, breadth = stacked["yaxis.domain"], stacked["yaxis2.domain"], stacked["yaxis3.domain"]
    assert breadth[0] == 0.0 and breadth[1] < pe[0] < pe[1] < bars[0] < bars[1] == 1.0  # top to bottom, gaps between
    # the median is drawn beside each sector's mean bar
    (medians,) = [t for t in universe_spec(sectors, series, title="t", source_line="s")["data"]
                  if t["name"].startswith("median return")]
    assert medians["x"] == [-10.0, 10.0] and medians["y"] == ["Utilities (2)", "Energy (3)"]


def test_a_long_sector_name_takes_two_lines_beside_its_bar():
    from components.figures.universe import sector_label

    assert sector_label("Energy", 81) == "Energy (81)"
    assert sector_label("Real Estate", 87) == "Real Estate (87)"  # 11 characters: one line
    assert sector_label("Consumer Discretionary", 148) == "Consumer<br>Discretionary (148)"
    assert sector_label("Information Technology", 143) == "Information<br>Technology (143)"
    assert sector_label("Communication", 54) == "Communication (54)"  # one word: cannot be split


def test_many_sectors_make_the_figure_tall_enough_for_their_names():
    """13 sectors, 4 names on two lines, overlapped at 640 px in the page and the PNG ("Consumer
    Discretionary (192)" over "Real Estate (93)"). The side-by-side figure grows so each name line
    has 18 px and each bar 8 px more, and a widened phone chart gets that height back."""
    from components.figures.universe import HEIGHT, universe_spec

    names = ["Cash and/or Derivatives", "Energy", "Communication", "Financials", "Consumer Discretionary",
             "Real Estate", "Industrials", "Information Technology", "Consumer Staples", "Materials", "Utilities",
             "Health Care", "Other"]
    sectors = pd.DataFrame({"n": range(1, 14), "mean_return": 0.1, "median_return": 0.05}, index=names)
    series = pd.DataFrame({"share_net_loss": [0.4]}, index=pd.to_datetime(["2022-01-31"]))
    layout = universe_spec(sectors, series, title="t", source_line="Source: test.")["layout"]
    plot = layout["height"] - layout["margin"]["t"] - 80  # (the bottom margin's source line)
    bars = 0.45 * plot
    labels = universe_spec(sectors, series, title="t", source_line="s")["data"][0]["y"]
    lines = sum(1 + label.count("<br>") for label in labels)
    assert lines == 17 and bars >= lines * 18 + 13 * 8 and layout["height"] > HEIGHT
    assert layout["meta"]["narrow"]["wide"]["height"] == layout["height"]
    few = universe_spec(sectors.iloc[:3], series, title="t", source_line="s")["layout"]
    assert few["height"] == HEIGHT  # a few sectors: as before
