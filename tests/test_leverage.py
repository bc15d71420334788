"""analytics.leverage on a tiny hand-made universe with hand-computed answers, plus invariants."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.leverage import (
    NEGATIVE_EQUITY,
    NO_DEBT_DATA,
    NO_MEASURE_PRICES,
    NO_RANK_PRICES,
    NO_STATEMENT,
    NOT_IN_DATA,
    LeverageInputError,
    PriceHistory,
    QuartileSpec,
    Statements,
    assign_quartiles,
    compute_quartiles,
    leverage_table,
    universe_profile,
)

NAN = float("nan")
MEMBERS = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH", "III", "ZZZ"]


def _statement(ticker, period_end, publish, debt, liabilities, equity, net_income, statement="annual"):
    return {"ticker": ticker, "period_end": period_end, "publish_date": publish, "total_debt": debt,
            "total_liabilities": liabilities, "total_equity": equity, "net_income": net_income,
            "statement": statement}


@pytest.fixture(scope="module")
def statements() -> Statements:
    rows = [
        _statement("AAA", "2019-12-31", "2020-03-01", 50, 120, 100, 10),      # D/E 0.5
        _statement("AAA", "2020-06-30", "2020-07-15", 500, 600, 100, 1, "quarterly"),  # published after D
        _statement("BBB", "2019-12-31", "2020-03-01", 200, 300, 100, -5),     # D/E 2.0, loss
        _statement("CCC", "2019-12-31", "2020-03-01", NAN, 40, 80, 3),        # blank debt -> 0.0
        _statement("DDD", "2019-12-31", "2020-03-01", 30, 60, -20, -8),       # negative equity, loss
        _statement("EEE", "2019-12-31", "2020-03-01", 10, 20, 100, 1),        # D/E 0.1 but no prices
        _statement("FFF", "2018-12-31", "2019-03-01", 10, 20, 100, 1),        # older than 15 months
        _statement("GGG", "2019-12-31", "2020-03-01", 100, 150, 100, -1),     # D/E 1.0, loss
        _statement("HHH", "2019-12-31", "2020-03-01", 120, 200, 400, 4),      # D/E 0.3
        # Bogus publish date before the period end: counts from the period end (after D).
        _statement("HHH", "2020-07-31", "2020-05-01", 999, 999, -1, -1, "quarterly"),
        _statement("III", "2019-12-31", "2020-03-01", NAN, NAN, 50, 2),       # no debt, no liabilities
    ]
    return Statements.from_frame(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def prices() -> PriceHistory:
    # Closes on 2020-03-31 (rank base), 2020-06-30 (rank end = measure base), 2020-09-30.
    closes = {
        "AAA": (125, 100, 110), "BBB": (200, 100, 80), "CCC": (80, 100, 105), "DDD": (100, 100, 50),
        "FFF": (100, 100, 120), "GGG": (50, 100, 100), "HHH": (125, 100, 115), "III": (None, 100, 90),
    }
    dates = pd.to_datetime(["2020-03-31", "2020-06-30", "2020-09-30"])
    rows = [(d, t, float(v)) for t, values in closes.items() for d, v in zip(dates, values) if v is not None]
    frame = pd.DataFrame(rows, columns=["date", "ticker", "adj_close"]).sample(frac=1.0, random_state=3)
    return PriceHistory.from_long(frame)


LEVERAGE = QuartileSpec("leverage", rank_end="2020-06-30", measure_start="2020-06-30", measure_end="2020-09-30")
RETURN = QuartileSpec("return", rank_start="2020-03-31", rank_end="2020-06-30",
                      measure_start="2020-06-30", measure_end="2020-09-30")


class TestLeverageTable:
    def test_point_in_time_rules(self, statements):
        table = leverage_table(statements, MEMBERS, "2020-06-30")
        assert table.loc["AAA", "debt_to_equity"] == 0.5  # the 2020-07-15 quarter is not public yet
        assert table.loc["CCC", "debt_to_equity"] == 0.0 and table.loc["CCC", "debt_blank_as_zero"]
        assert table.loc["DDD", "status"] == "negative equity" and math.isnan(table.loc["DDD", "debt_to_equity"])
        assert table.loc["FFF", "status"] == NO_STATEMENT
        assert table.loc["HHH", "debt_to_equity"] == pytest.approx(0.3)  # bogus-dated row ignored
        assert table.loc["III", "status"] == NO_DEBT_DATA
        assert table.loc["ZZZ", "status"] == NO_STATEMENT
        assert table["net_loss"].to_dict() == pytest.approx(
            {"AAA": 0.0, "BBB": 1.0, "CCC": 0.0, "DDD": 1.0, "EEE": 0.0, "FFF": NAN, "GGG": 1.0, "HHH": 0.0,
             "III": 0.0, "ZZZ": NAN}, nan_ok=True)

    def test_later_date_sees_the_later_statement(self, statements):
        table = leverage_table(statements, ["AAA", "HHH"], "2020-08-01")
        assert table.loc["AAA", "debt_to_equity"] == 5.0  # 500 / 100, published 2020-07-15
        assert table.loc["HHH", "status"] == "negative equity"  # the 2020-07-31 row is now public

    def test_same_day_annual_beats_quarterly(self):
        rows = [_statement("X", "2019-12-31", "2020-03-01", 10, 20, 100, -40, "quarterly"),
                _statement("X", "2019-12-31", "2020-03-01", 10, 20, 100, 5, "annual")]
        table = leverage_table(Statements.from_frame(pd.DataFrame(rows)), ["X"], "2020-04-01")
        assert table.loc["X", "statement"] == "annual" and table.loc["X", "net_loss"] == 0.0


    @pytest.mark.parametrize("date", ["2019-06-30", "2020-03-01", "2020-06-30", "2020-08-01", "2021-06-30"])
    @pytest.mark.parametrize("annual_only", [False, True])
    def test_latest_statement_by_ticker_with_some_columns(self, statements, date, annual_only):
        whole = statements.latest(date, annual_only=annual_only)
        assert whole.index.name == "ticker" and whole.index.dtype == object and whole.index.is_unique
        assert list(whole.columns) == [c for c in statements.frame.columns if c != "ticker"]
        frame = statements.frame
        public = frame[(frame["publish_date"].clip(lower=frame["period_end"]) <= date)
                       & (frame["period_end"] >= pd.Timestamp(date) - pd.DateOffset(months=15))
                       & (frame["statement"].eq("annual") | (not annual_only))]
        want = public.groupby("ticker").tail(1).set_index("ticker")  # (rows by availability within a ticker)
        pd.testing.assert_frame_equal(whole, want.set_axis(want.index.astype(object)))
        some = statements.latest(date, annual_only=annual_only, columns=["net_income", "statement"])
        pd.testing.assert_frame_equal(some, whole[["net_income", "statement"]])

class TestRankByLeverage:
    def test_hand_computed_quartiles(self, statements, prices):
        result = compute_quartiles(MEMBERS, statements, prices, LEVERAGE)
        # Ranked: CCC 0.0, HHH 0.3, AAA 0.5, GGG 1.0, BBB 2.0 -> quartiles 1, 1, 2, 3, 4 (n=5).
        # Q1 {CCC +5 %, HHH +15 %}: mean = median = 10 %, median D/E (0 + 0.3) / 2 = 0.15, no loss.
        assert result.to_records() == [
            {"quartile": 1, "n": 2, "median_debt_to_equity": pytest.approx(0.15), "mean_return": pytest.approx(0.10),
             "median_return": pytest.approx(0.10), "share_net_loss": 0.0, "debt_blank_as_zero": 1},
            {"quartile": 2, "n": 1, "median_debt_to_equity": 0.5, "mean_return": pytest.approx(0.10),
             "median_return": pytest.approx(0.10), "share_net_loss": 0.0, "debt_blank_as_zero": 0},
            {"quartile": 3, "n": 1, "median_debt_to_equity": 1.0, "mean_return": 0.0, "median_return": 0.0,
             "share_net_loss": 1.0, "debt_blank_as_zero": 0},
            {"quartile": 4, "n": 1, "median_debt_to_equity": 2.0, "mean_return": pytest.approx(-0.20),
             "median_return": pytest.approx(-0.20), "share_net_loss": 1.0, "debt_blank_as_zero": 0},
        ]

    def test_every_member_is_ranked_or_counted(self, statements, prices):
        result = compute_quartiles(MEMBERS, statements, prices, LEVERAGE)
        assert result.left_out == {NOT_IN_DATA: 1, NO_STATEMENT: 1, NO_DEBT_DATA: 1, NEGATIVE_EQUITY: 1,
                                   NO_MEASURE_PRICES: 1}  # ZZZ, FFF, III, DDD, EEE
        assert result.ranked + sum(result.left_out.values()) == result.members == 10
        assert result.debt_blank_as_zero == 1  # CCC

    def test_negative_equity_is_its_own_group(self, statements, prices):
        group = compute_quartiles(MEMBERS, statements, prices, LEVERAGE).negative_equity
        assert (group.n, group.mean_return, group.share_net_loss) == (1, -0.5, 1.0)  # DDD: 100 -> 50
        assert group.median_debt_to_equity is None

    def test_zero_equity_joins_the_group_under_its_own_status(self, prices):
        # 12 statements of the real snapshot report an equity of exactly 0: no D/E, and not
        # "negative" (they were labelled so)
        rows = [_statement("AAA", "2019-12-31", "2020-03-01", 50, 120, 100, 10),
                _statement("BBB", "2019-12-31", "2020-03-01", 200, 300, 100, -5),
                _statement("CCC", "2019-12-31", "2020-03-01", 10, 40, 80, 3),
                _statement("DDD", "2019-12-31", "2020-03-01", 30, 60, -20, -8),
                _statement("GGG", "2019-12-31", "2020-03-01", 100, 150, 100, -1),
                _statement("HHH", "2019-12-31", "2020-03-01", 120, 200, 0, 4)]
        statements = Statements.from_frame(pd.DataFrame(rows))
        table = leverage_table(statements, ["DDD", "HHH"], "2020-06-30")
        assert table["status"].to_dict() == {"DDD": "negative equity", "HHH": "zero equity"}
        result = compute_quartiles(["AAA", "BBB", "CCC", "DDD", "GGG", "HHH"], statements, prices, LEVERAGE)
        assert result.left_out == {NEGATIVE_EQUITY: 2} and NEGATIVE_EQUITY.startswith("negative or zero equity")
        # DDD 100 -> 50, HHH 100 -> 115: mean (-50 % + 15 %) / 2
        group = result.negative_equity
        assert (group.label, group.n, group.mean_return) == ("negative or zero equity", 2, pytest.approx(-0.175))
        assert universe_profile(["DDD", "HHH", "AAA"], statements, prices, as_of="2020-06-30").negative_equity == 2

    def test_table_lists_ranked_stocks(self, statements, prices):
        table = compute_quartiles(MEMBERS, statements, prices, LEVERAGE).table
        assert table["quartile"].to_dict() == {"CCC": 1, "HHH": 1, "AAA": 2, "GGG": 3, "BBB": 4}


class TestRankByReturn:
    def test_hand_computed_quartiles_with_a_tie(self, statements, prices):
        result = compute_quartiles(MEMBERS, statements, prices, RETURN)
        # Rank returns: BBB -50 %, AAA -20 %, HHH -20 % (tie: AAA first by ticker), DDD 0, FFF 0,
        # CCC +25 %, GGG +100 %; n=7 -> positions 0..6 go to quartiles 1,1,2,2,3,3,4.
        assert result.table["quartile"].to_dict() == {"BBB": 1, "AAA": 1, "HHH": 2, "DDD": 2, "FFF": 3,
                                                      "CCC": 3, "GGG": 4}
        q1, q2, q3, q4 = result.quartiles
        # Q1 {BBB -20 %, AAA +10 %}: mean -5 %; D/E (2.0, 0.5) -> 1.25; one loss of two.
        assert (q1.n, q1.mean_return, q1.median_debt_to_equity, q1.share_net_loss) == (
            2, pytest.approx(-0.05), 1.25, 0.5)
        # Q2 {HHH +15 %, DDD -50 %}: mean -17.5 %; D/E only HHH (DDD negative equity) 0.3.
        assert (q2.mean_return, q2.median_debt_to_equity, q2.n_debt_to_equity, q2.share_net_loss) == (
            pytest.approx(-0.175), pytest.approx(0.3), 1, 0.5)
        # Q3 {FFF +20 %, CCC +5 %}: mean 12.5 %; FFF has no statement: D/E and loss from CCC only.
        assert (q3.mean_return, q3.median_debt_to_equity, q3.share_net_loss, q3.n_net_income) == (
            pytest.approx(0.125), 0.0, 0.0, 1)
        assert (q4.n, q4.mean_return, q4.median_debt_to_equity, q4.share_net_loss) == (1, 0.0, 1.0, 1.0)
        assert q1.rank_low == pytest.approx(-0.5) and q1.rank_high == pytest.approx(-0.2)

    def test_left_out_counts(self, statements, prices):
        result = compute_quartiles(MEMBERS, statements, prices, RETURN)
        assert result.left_out == {NOT_IN_DATA: 1, NO_RANK_PRICES: 2}  # ZZZ; III and EEE
        assert result.negative_equity.n == 1  # DDD is ranked by return and also shown as a group


class TestPriceHistory:
    def test_last_close_on_or_before_within_staleness(self):
        frame = pd.DataFrame({"date": pd.to_datetime(["2020-01-02", "2020-01-03", "2020-01-10"]),
                              "ticker": ["A", "A", "B"], "adj_close": [10.0, 11.0, 5.0]})
        history = PriceHistory.from_long(frame)
        closes, dates = history.close_on_or_before(["A", "B", "C"], "2020-01-05")  # a Sunday
        assert closes[0] == 11.0 and str(dates[0]) == "2020-01-03"
        assert np.isnan(closes[1]) and np.isnan(closes[2])  # B starts later; C unknown
        closes, _ = history.close_on_or_before(["A"], "2020-01-11", max_stale_days=7)
        assert np.isnan(closes[0])  # 8 days stale
        returns = history.window_returns(["A", "B"], "2020-01-02", "2020-01-09")
        assert returns["A"] == pytest.approx(0.1) and np.isnan(returns["B"])

    def test_duplicate_rows_are_rejected(self):
        frame = pd.DataFrame({"date": pd.to_datetime(["2020-01-02", "2020-01-02"]), "ticker": ["A", "A"],
                              "adj_close": [1.0, 2.0]})
        with pytest.raises(ValueError, match="duplicate price rows for A on 2020-01-02"):
            PriceHistory.from_long(frame)

    def test_categorical_tickers_with_unused_categories(self):
        frame = pd.DataFrame({"date": pd.to_datetime(["2020-01-02", "2020-01-02"]),
                              "ticker": pd.Categorical(["Z", "B"], categories=["Z", "Q", "B"]),
                              "adj_close": [1.0, 2.0]})
        history = PriceHistory.from_long(frame)
        assert list(history.tickers) == ["B", "Z"]
        assert history.close_on_or_before(["Z", "B", "Q"], "2020-01-02")[0].tolist()[:2] == [1.0, 2.0]


class TestSpecAndErrors:
    def test_return_ranking_needs_a_start(self):
        with pytest.raises(LeverageInputError, match="needs a rank start"):
            QuartileSpec("return", rank_end="2020-06-30", measure_start="2020-06-30", measure_end="2020-09-30")

    def test_windows_must_run_forward(self):
        with pytest.raises(LeverageInputError, match="measure start 2020-09-30 must be before"):
            QuartileSpec("leverage", rank_end="2020-06-30", measure_start="2020-09-30", measure_end="2020-06-30")

    def test_too_few_stocks(self, statements, prices):
        with pytest.raises(LeverageInputError, match="only 0 of 1 stocks can be ranked") as raised:
            compute_quartiles(["ZZZ"], statements, prices, LEVERAGE)
        # why, and the prices' own span (2015 asked of prices from 2017: "only 0 of 601" said neither)
        assert prices.span() == (pd.Timestamp("2020-03-31"), pd.Timestamp("2020-09-30"))
        assert str(raised.value).endswith("Left out: 1 no prices and no statements in the data source. The "
                                          "prices run from 2020-03-31 to 2020-09-30")


def test_profile(statements, prices):
    profile = universe_profile(MEMBERS, statements, prices, as_of="2020-06-30")
    assert profile.to_record() == {
        "as_of": "2020-06-30", "members": 10, "with_statement": 8,  # not FFF, not ZZZ
        "with_prices": 8, "not_in_data": 1, "negative_equity": 1, "debt_blank_as_zero": 1,
        "share_net_loss": pytest.approx(3 / 8),  # BBB, DDD, GGG of 8 with an annual in force
        "net_income_known": 8,
        "median_debt_to_equity": pytest.approx(0.4),  # 0, 0.1, 0.3, 0.5, 1, 2 -> (0.3 + 0.5) / 2
    }


def test_assign_quartiles_ties_by_label():
    values = pd.Series([1.0, 1.0, 1.0, 1.0], index=["D", "C", "B", "A"])
    assert assign_quartiles(values).to_dict() == {"A": 1, "B": 2, "C": 3, "D": 4}


# --------------------------------------------------------------------------- invariants
universes = st.lists(
    st.tuples(st.integers(0, 6), st.integers(-5, 5), st.booleans(), st.booleans()), min_size=0, max_size=60)


@settings(max_examples=60, deadline=None)
@given(rows=universes, rank_by=st.sampled_from(["leverage", "return"]))
def test_quartile_invariants(rows, rank_by):
    tickers = [f"T{i:03d}" for i in range(len(rows))]
    statement_rows = [_statement(t, "2019-12-31", "2020-03-01", 10.0 * de, 100, -50 if neg else 100, 1)
                      for t, (de, _, _, neg) in zip(tickers, rows)]
    price_rows = []
    for t, (_, ret, priced, _) in zip(tickers, rows):
        if priced:
            price_rows += [("2020-03-31", t, 100.0), ("2020-06-30", t, 100.0 + 10 * ret), ("2020-09-30", t, 50.0)]
    statements = Statements.from_frame(pd.DataFrame(statement_rows, columns=[
        "ticker", "period_end", "publish_date", "total_debt", "total_liabilities", "total_equity", "net_income",
        "statement"]))
    prices = PriceHistory.from_long(pd.DataFrame(price_rows, columns=["date", "ticker", "adj_close"]).assign(
        date=lambda f: pd.to_datetime(f["date"])))
    spec = LEVERAGE if rank_by == "leverage" else RETURN
    try:
        result = compute_quartiles(tickers, statements, prices, spec)
    except LeverageInputError:
        return  # fewer than four rankable stocks
    sizes = [q.n for q in result.quartiles]
    assert sum(sizes) == result.ranked == len(result.table)
    assert max(sizes) - min(sizes) <= 1
    assert result.ranked + sum(result.left_out.values()) == result.members == len(tickers)
    for lower, upper in zip(result.quartiles, result.quartiles[1:]):
        assert lower.rank_high <= upper.rank_low


def test_sorted_search_finds_what_searchsorted_finds():
    """The targets searched in sorted order give numpy's positions, in the targets' order,
    duplicates and ties with keys included, on both sides."""
    from analytics.leverage import sorted_search

    rng = np.random.default_rng(11)
    for n_keys, n_targets in [(0, 5), (1, 3), (1000, 1), (5000, 3000)]:
        keys = np.sort(rng.integers(0, 400, n_keys)).astype(np.int64)
        targets = np.concatenate([rng.integers(-5, 405, n_targets), keys[:7]]).astype(np.int64)
        for side in ("left", "right"):
            assert np.array_equal(sorted_search(keys, targets, side=side), np.searchsorted(keys, targets, side=side))


def test_tickers_from_an_arrow_string_column_are_plain_strings_in_order():
    from analytics.leverage import _members, _ticker_index

    column = pd.Series([" ABC", "DEF ", None, "ABC", "", "GHI"], dtype="str")
    index = _ticker_index(column)
    assert index.dtype == object and list(index[[0, 1, 3, 5]]) == [" ABC", "DEF ", "ABC", "GHI"]
    assert list(_members(column)) == ["ABC", "DEF", "GHI"]  # stripped, blanks and missing out, first seen
    assert list(_members(["x", " x", "y"])) == ["x", "y"]
