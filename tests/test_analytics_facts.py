"""Tests for analytics.facts: hand-computed facts of every kind, skipping, as-of truncation,
invariants (hypothesis)."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.correlation import calc_rate_correlation
from analytics.facts import (
    DIRECTIONS, KINDS, PANELS, UNITS, Fact, FactSheet, calc_headline_facts, format_text, to_records,
)
from analytics.facts_history import build_fact_history
from analytics.facts_rates import correlation_fact
from analytics.facts_returns import to_trailing_returns, to_ytd_returns
from analytics.regimes import KNOWN_AHEAD
from analytics.returns import calc_return_for_period

UNIT_OF_KIND = {"return": "decimal", "relative_return": "pp", "drawdown": "decimal",
                "level_record": "percent", "change_record": "pp", "correlation": "coefficient",
                "regime": "days"}


def series(pairs, name: str) -> pd.Series:
    pairs = list(pairs)
    return pd.Series([float(v) for _, v in pairs], index=pd.DatetimeIndex([d for d, _ in pairs]),
                     name=name)


# A tiny market, as of Monday 2025-01-13. Dates d0..d8:
DATES = ["2022-12-30", "2023-01-13", "2023-12-29", "2024-01-12", "2024-09-30", "2024-11-29",
         "2024-12-31", "2025-01-10", "2025-01-13"]
RUT = series(zip(DATES, [100, 95, 110, 99, 88, 125, 108, 100, 102]), "RUT")
GSPC = series(zip(DATES, [200, 200, 200, 200, 200, 200, 210, 200, 201]), "GSPC")
DGS10 = series([("2024-01-02", 4.0), ("2024-06-03", 4.5), ("2024-10-01", 3.8),
                ("2025-01-10", 4.2), ("2025-01-13", 4.3)], "DGS10")
DGS2 = series([("2024-01-02", 4.0), ("2025-01-13", 3.5)], "DGS2")
HY = series([("2024-09-30", 3.0), ("2024-10-31", 3.5), ("2024-11-29", 3.3), ("2024-12-31", 3.6),
             ("2025-01-13", 3.4)], "BAMLH0A0HYM2")
MARKET = {"RUT": RUT, "GSPC": GSPC, "DGS10": DGS10, "DGS2": DGS2, "BAMLH0A0HYM2": HY}
AS_OF = "2025-01-13"


@pytest.fixture(scope="module")
def sheet() -> FactSheet:
    return calc_headline_facts(MARKET, as_of=AS_OF)


@pytest.fixture(scope="module")
def facts(sheet) -> dict[str, Fact]:
    return sheet.by_id()


def check(fact: Fact, **expected) -> None:
    """Compare the named fields; floats to 1e-12."""
    for field, want in expected.items():
        got = getattr(fact, field)
        if isinstance(want, float):
            assert got == pytest.approx(want, abs=1e-12), field
        else:
            assert got == want, field


# ----------------------------------------------------------------------------- returns


class TestReturns:
    def test_one_day(self, facts):
        # 102 / 100 - 1 = +2 %. Daily returns before: d5 125/88-1 = +42 % is the last >= 2 %.
        check(facts["return:RUT:1d"], kind="return", series="RUT", period="1d",
              start="2025-01-10", end="2025-01-13", value=0.02, unit="decimal",
              record_since="2024-11-29", direction="high", history_start="2023-01-13",
              panel="relative", text="The Russell 2000 rose 2.0% on 2025-01-13.")

    def test_one_month_against_trailing_one_month_returns(self, facts):
        # base: last close on or before 2024-12-13 = d5 (125): 102 / 125 - 1 = -18.4 %.
        # Trailing 1-month returns on earlier dates: d7 (base d5) 100/125-1 = -20 % <= -18.4 %.
        # Those whose base falls in a hole of the data (2023-11-29, 2023-12-12 and 2024-08-30: their
        # last close 231-333 days older) have none: the first comparable is d5's (base d4).
        check(facts["return:RUT:1m"], start="2024-11-29", end="2025-01-13", value=-0.184,
              record_since="2025-01-10", direction="low", history_start="2024-11-29", rank=2, comparables=4,
              text="The Russell 2000 is down 18.4% over the past month (as of 2025-01-13).")

    def test_ytd_against_the_same_point_of_earlier_years(self, facts):
        # 102 / 108 - 1 = -5.56 %. Same point of 2023: 95/100-1 = -5 %; of 2024: 99/110-1 = -10 %
        # (<= -5.56 %, on 2024-01-12). 2024-01-12 is within two years: no clause in the text.
        check(facts["return:RUT:ytd"], start="2024-12-31", end="2025-01-13", value=102 / 108 - 1,
              record_since="2024-01-12", direction="low", history_start="2023-01-13",
              text="The Russell 2000 is down 5.6% this year (as of 2025-01-13).")

    def test_last_complete_month_is_a_record(self, facts):
        # December 2024: 108 / 125 - 1 = -13.6 %; earlier months -5, +15.8, -10, -11.1, +42 %:
        # none as low, so a record since the first monthly return (January 2023).
        check(facts["return:RUT:month"], start="2024-11-29", end="2024-12-31", value=-0.136,
              record_since=None, direction="low", history_start="2023-01-31",
              text="The Russell 2000 fell 13.6% in December 2024, its worst month on record "
                   "(since 2023-01-31).")

    def test_quarter_and_year(self, facts):
        # Q4 2024: 108 / 88 - 1 = +22.7 % (best of -5 % in Q1 2023 and -10 % in Q1 2024); Q4 2023
        # and Q3 2024 have no return: their bases (the 2023-01-13 and 2024-01-12 closes) are in
        # holes of the data, 260 and 170 days before the quarter before them ends. Two earlier
        # values: no record clause.
        check(facts["return:RUT:quarter"], start="2024-09-30", end="2024-12-31",
              value=108 / 88 - 1, record_since=None, direction="high",
              history_start="2023-03-31", rank=1, comparables=3, record_stated=False,
              text="The Russell 2000 rose 22.7% in 2024 Q4.")
        # 2024 (-1.8 %) is the worst of two years (2023: +10 %), but beats only one: a record
        # over fewer than three comparable values gets no clause (rule changed in issue 12).
        check(facts["return:RUT:year"], start="2023-12-29", end="2024-12-31", value=108 / 110 - 1,
              record_since=None, direction="low", history_start="2023-12-31",
              rank=1, comparables=2, record_stated=False,
              text="The Russell 2000 fell 1.8% in 2024.")

    def test_relative_return(self, facts):
        # ytd: (102/108 - 1) - (201/210 - 1) = -5.556 % + 4.286 % = -1.27 pp.
        # Same point of 2023: -5 % - 0 = -5 pp; of 2024: -10 % - 0 = -10 pp <= -1.27 pp.
        # the return gap, in percentage points (unit pp)
        check(facts["relative_return:RUT-GSPC:ytd"], kind="relative_return", series="RUT-GSPC", unit="pp",
              value=100 * ((102 / 108) - (201 / 210)), record_since="2024-01-12", direction="low",
              text="The Russell 2000 is behind the S&P 500 by 1.3 percentage points this year "
                   "(as of 2025-01-13).")
        # 1d: +2 % - (201/200 - 1 = +0.5 %) = +1.5 pp.
        check(facts["relative_return:RUT-GSPC:1d"], value=1.5, direction="high",
              text="The Russell 2000 outperformed the S&P 500 by 1.5 percentage points on "
                   "2025-01-13.")

    def test_since_election_uses_the_close_on_or_before_election_day(self, sheet):
        # No close on 2024-11-05, and the last before it (d4, 2024-09-30) is 36 days older: a hole
        # of the data, no base (it read +15.9 % "since the election" from a September close)
        reason = dict(sheet.skipped)["return:RUT:since_election"]
        assert reason.endswith("no observations between 2024-09-30 and 2024-11-29; the data has a gap there")
        # with a close the day before the election (90): 102 / 90 - 1 = +13.3 %; no earlier
        # election inside the data: no record status
        rut = pd.concat([RUT, series([("2024-11-04", 90)], "RUT")]).sort_index()
        fact = calc_headline_facts({**MARKET, "RUT": rut}, as_of=AS_OF).by_id()["return:RUT:since_election"]
        check(fact, period="since:2024-11-05", start="2024-11-04", end="2025-01-13", value=102 / 90 - 1,
              record_since=None, history_start=None, direction="high",
              text="The Russell 2000 is up 13.3% since the 2024-11-05 presidential election "
                   "(as of 2025-01-13).")

    def test_comparable_series_end_with_the_fact_value(self):
        as_of = pd.Timestamp(AS_OF)
        assert to_trailing_returns(RUT).iloc[-1] == pytest.approx(
            calc_return_for_period(RUT, "1m", as_of=as_of).value)
        ytd = to_ytd_returns(RUT, as_of=as_of)
        assert list(ytd.index.strftime("%Y-%m-%d")) == ["2023-01-13", "2024-01-12", "2025-01-13"]
        assert ytd.to_numpy() == pytest.approx([95 / 100 - 1, 99 / 110 - 1, 102 / 108 - 1])


# ----------------------------------------------------------------------------- drawdowns


class TestDrawdowns:
    def test_correction_with_peak_date(self, facts):
        # Peak 125 on 2024-11-29; 102 / 125 - 1 = -18.4 %: a correction (between -10 and -20 %).
        # Drawdown on d7 was 100/125-1 = -20 %, deeper: record since 2025-01-10.
        check(facts["drawdown:RUT"], kind="drawdown", period="peak", start="2024-11-29",
              end="2025-01-13", value=-0.184, status="correction", direction="low",
              record_since="2025-01-10",
              text="The Russell 2000 is 18.4% below its 2024-11-29 peak: correction territory.")
        # 201 / 210 - 1 = -4.3 %: normal.
        check(facts["drawdown:GSPC"], start="2024-12-31", value=201 / 210 - 1, status="normal",
              text="The S&P 500 is 4.3% below its 2024-12-31 peak.")

    def test_bear_market_and_record_high(self):
        index = pd.bdate_range("2025-01-06", periods=3)
        down = {"RUT": pd.Series([100.0, 90.0, 75.0], index=index)}
        fact = calc_headline_facts(down, as_of=index[-1]).by_id()["drawdown:RUT"]
        # 75 / 100 - 1 = -25 %
        check(fact, value=-0.25, status="bear market", start="2025-01-06",
              text="The Russell 2000 is 25.0% below its 2025-01-06 peak: bear-market territory.")
        up = {"RUT": pd.Series([100.0, 90.0, 101.0], index=index)}
        fact = calc_headline_facts(up, as_of=index[-1]).by_id()["drawdown:RUT"]
        check(fact, value=0.0, status="normal", direction="high", record_since=None,
              start="2025-01-08", history_start="2025-01-06",
              text="The Russell 2000, at 101.00, is at a record high (history since 2025-01-06).")


# ----------------------------------------------------------------------------- rates and spreads


class TestLevelAndChangeRecords:
    def test_yield_takes_the_more_notable_direction(self, facts):
        # 4.3: highest since 4.5 on 2024-06-03, lowest since 4.2 on 2025-01-10: "high" reaches
        # further back. Only 3.8 and 4.2 lie between: no clause (rule changed in issue 12);
        # 2nd-highest of the 5 values.
        check(facts["level_record:DGS10"], kind="level_record", period="level", unit="percent",
              start="2024-01-02", end="2025-01-13", value=4.3, record_since="2024-06-03",
              direction="high", panel="rates", rank=2, comparables=5, record_stated=False,
              text="The 10-year Treasury yield is at 4.30%.")

    def test_record_low_on_record(self, facts):
        # 3.5 < 4.0: lower than all history (the high record only reaches back to 2024-01-02's
        # 4.0, a later date than "whole history").
        # One earlier value: "on record" would beat a single value, so no clause (issue 12).
        check(facts["level_record:DGS2"], value=3.5, record_since=None, direction="low",
              history_start="2024-01-02", rank=1, comparables=2, record_stated=False,
              text="The 2-year Treasury yield is at 3.50%.")

    def test_spread_level(self, facts):
        # 3.4: lowest since 3.3 (2024-11-29), highest since 3.6 (2024-12-31): low is earlier.
        # Only 3.6 lies between: no clause (issue 12). 3.0 and 3.3 are lower: 3rd-lowest of 5.
        check(facts["level_record:BAMLH0A0HYM2"], value=3.4, record_since="2024-11-29",
              direction="low", panel="spreads", rank=3, comparables=5, record_stated=False,
              text="The high-yield spread is at 3.40%.")

    def test_month_change_record(self, facts):
        # December: 3.6 - 3.3 = +0.30 pp. Earlier months: October 3.5-3.0 = +0.5 (>= 0.3),
        # November -0.2. Widened by the most since October 2024, but only November lies
        # between: no clause (issue 12). 2nd-largest of 3 changes.
        check(facts["change_record:BAMLH0A0HYM2:month"], kind="change_record", period="month",
              unit="pp", start="2024-11-29", end="2024-12-31", value=0.3,
              record_since="2024-10-31", direction="high", panel="spreads",
              rank=2, comparables=3, record_stated=False,
              text="The high-yield spread widened by 0.30 percentage points in December 2024 "
                   "(to 3.60%).")

    def test_a_reading_before_the_as_of_date_is_dated(self):
        """A spread published with a lag: as of 2025-01-22 its last reading is 2025-01-13 (9 days,
        within the 14-day limit). "Is at 3.40%" was quoted as the as-of day's level, and the month
        it ends in as the whole month."""
        by_id = calc_headline_facts(MARKET, as_of="2025-01-22").by_id()
        assert by_id["level_record:BAMLH0A0HYM2"].text == "The high-yield spread was 3.40% on 2025-01-13."
        assert by_id["level_record:DGS10"].text.startswith("The 10-year Treasury yield was 4.30% on 2025-01-13")
        # as of its own day, "is at", as before
        assert calc_headline_facts(MARKET, as_of=AS_OF).by_id()["level_record:DGS2"].text == \
            "The 2-year Treasury yield is at 3.50%."
        # the series ends on 2024-12-20: December is the month to then (3.6 at 12-20 - 3.3 at 11-29)
        late = dict(MARKET, BAMLH0A0HYM2=series([*HY.loc[:"2024-11-29"].items(), ("2024-12-20", 3.6)], "BAMLH0A0HYM2"))
        change = calc_headline_facts(late, as_of="2025-01-02").by_id()["change_record:BAMLH0A0HYM2:month"]
        assert (change.start, change.end, change.value) == ("2024-11-29", "2024-12-20", pytest.approx(0.3))
        assert change.text == ("The high-yield spread widened by 0.30 percentage points in December 2024 "
                               "through 2024-12-20, its latest reading (to 3.60%).")


# ----------------------------------------------------------------------------- correlation


class TestCorrelation:
    def test_hand_computed_three_day_window(self):
        index = pd.bdate_range("2025-01-06", periods=6)  # Mon 6th .. Mon 13th
        # returns x = +10 %, -10 %, +10 %, -10 %, +10 %
        small = pd.Series([100, 110, 99, 108.9, 98.01, 107.811], index=index)
        # changes y = -0.1, +0.1, -0.1, -0.1, +0.1 pp
        rate = pd.Series([4.0, 3.9, 4.0, 3.9, 3.8, 3.9], index=index)
        # Window 1 (x +,-,+; y -,+,-): y = -x, r = -1.
        # Window 2 (x -,+,-; y +,-,-), in units of 1/30: x dev -2, 4, -2; y dev 4, -2, -2:
        #   sxy = -8 - 8 + 4 = -12, sxx = syy = 4 + 16 + 4 = 24: r = -0.5.
        # Window 3 (x +,-,+; y -,-,+): x dev 2, -4, 2; y dev -2, -2, 4: sxy = -4 + 8 + 8 = 12:
        #   r = +0.5, the most positive of (-1, -0.5, 0.5): a record since the first window, over
        #   two earlier values only, a day before: no clause (issue 12).
        fact = correlation_fact(small, rate, ("RUT", "DGS10"), freq="D", window=3, period="3d",
                                words="3-day")
        check(fact, id="correlation:RUT~DGS10:3d", kind="correlation", series="RUT~DGS10",
              unit="coefficient", start="2025-01-08", end="2025-01-13", record_since=None,
              history_start="2025-01-09", direction="high", panel="correlation",
              rank=1, comparables=3, record_stated=False)
        assert fact.value == pytest.approx(0.5)
        assert fact.text == "The Russell 2000's 3-day correlation with the 10-year yield is 0.50."
        negative = correlation_fact(small, -rate + 8, ("RUT", "DGS10"), freq="D", window=3,
                                    period="3d", words="3-day")
        assert negative.value == pytest.approx(-0.5)
        assert negative.direction == "low" and negative.text.endswith("the 10-year yield is -0.50.")

    def test_the_window_starts_on_the_last_date_both_series_have_before_it(self):
        """The base of the first change in the window is the last date both series have before
        the window's first pair: the small caps' calendar and the rate's differ on holidays."""
        days = pd.bdate_range("2025-01-06", periods=12)  # Mon 6th .. Tue 21st
        rng = np.random.default_rng(3)
        small = pd.Series(100 * np.cumprod(1 + rng.normal(0, 0.01, len(days))), index=days)
        rate = pd.Series(4 + np.cumsum(rng.normal(0, 0.05, len(days))), index=days)
        # the rate has no Wed 15th and Thu 16th, the small caps no Fri 17th: the common dates
        # are 6-14 and 20-21; a 3-pair window ending on Tue 21st has the pairs 14->20 (its
        # first label 20th), 20->21 ... and one before: labels 14, 20, 21, so its first is the
        # 14th and the base before it the 13th
        rate = rate.drop(pd.to_datetime(["2025-01-15", "2025-01-16"]))
        small = small.drop(pd.to_datetime(["2025-01-17"]))
        fact = correlation_fact(small, rate, ("RUT", "DGS10"), freq="D", window=3, period="3d", words="3-day")
        assert (fact.start, fact.end) == ("2025-01-13", "2025-01-21")
        short = correlation_fact(small, rate, ("RUT", "DGS10"), freq="D", window=2, period="2d", words="2-day")
        assert short.start == "2025-01-14"  # labels 20, 21: the last common date before the 20th

    def test_windows_of_the_headline(self):
        index = pd.bdate_range("2022-01-03", periods=600)
        t = np.arange(600)
        returns = 0.01 * np.sin(t * 0.7)
        small = pd.Series(100 * np.cumprod(1 + returns), index=index)
        rate = pd.Series(4 + np.cumsum(-0.5 * returns + 0.004 * np.cos(t * 1.3)), index=index)
        as_of = index[-1]
        facts = calc_headline_facts({"RUT": small, "DGS10": rate}, as_of=as_of).by_id()
        for freq, window, period in (("D", 63, "63d"), ("W", 26, "26w"), ("M", 24, "24m")):
            fact = facts[f"correlation:RUT~DGS10:{period}"]
            expected = calc_rate_correlation(small, rate, freq=freq, window=window)
            assert fact.value == pytest.approx(expected["correlation"].iloc[-1], abs=1e-12)
            assert fact.end == f"{as_of:%Y-%m-%d}" and fact.start < fact.end

    def test_short_history_is_skipped_with_reason(self, sheet):
        reasons = dict(sheet.skipped)
        assert reasons["correlation:RUT~DGS10:63d"].startswith("no 63-day correlation")


# ----------------------------------------------------------------------------- Fed


def fed_market(last_target_day: str = "2024-09-30") -> dict[str, pd.Series]:
    # Cuts announced 2024-08-05 (FRED shows them the day after) and 2024-09-18 (-0.50 pp).
    upper = series([("2024-08-01", 5.75), ("2024-08-06", 5.50), ("2024-09-19", 5.00),
                    (last_target_day, 5.00)], "DFEDTARU")
    return {
        "DFEDTARU": upper, "DFEDTARL": upper - 0.25,
        # RUT: +10 % in the 12 days after the August cut, +3 % after the September one.
        "RUT": series([("2024-08-05", 100), ("2024-08-16", 110), ("2024-09-18", 100),
                       ("2024-09-27", 102), ("2024-09-30", 103)], "RUT"),
        "GSPC": series([("2024-08-05", 200), ("2024-08-16", 200), ("2024-09-18", 200),
                        ("2024-09-27", 202), ("2024-09-30", 201)], "GSPC"),
    }


def daily_target(market: dict[str, pd.Series]) -> dict[str, pd.Series]:
    """``market`` with the target range observed every day, as FRED's series are."""
    upper = market["DFEDTARU"].asfreq("D").ffill()
    return {**market, "DFEDTARU": upper, "DFEDTARL": upper - 0.25}


class TestFed:
    def test_cutting_regime_days_since_last_move(self):
        fact = calc_headline_facts(fed_market(), as_of="2024-09-30").by_id()["regime:fed_target"]
        # 2024-09-30 - 2024-09-18 = 12 days <= 60: still cutting.
        check(fact, kind="regime", series="fed_target", period="since:2024-09-18",
              start="2024-09-18", end="2024-09-30", value=12.0, unit="days", status="cutting",
              direction="low", record_since=None, panel="regimes",
              text="The Fed is cutting: its last move was a 0.50 pp cut on 2024-09-18, 12 days "
                   "ago, to a 4.75-5.00% target range.")

    def test_hold_after_eight_weeks_without_a_move(self):
        sheet = calc_headline_facts(fed_market("2024-11-20"), as_of="2024-11-20")
        fact = sheet.by_id()["regime:fed_target"]
        # 2024-11-20 - 2024-09-18 = 63 days > 60
        check(fact, value=63.0, status="hold",
              text="The Fed is on hold: its last move was a 0.50 pp cut on 2024-09-18, 63 days "
                   "ago, to a 4.75-5.00% target range.")
        # RUT's last close (2024-09-30) is 51 days old: its facts are skipped, not stale.
        assert "return:RUT:1d" in dict(sheet.skipped)
        assert "51 days before 2024-11-20" in dict(sheet.skipped)["return:RUT:1d"]

    def test_return_since_last_move_compared_with_earlier_cuts(self):
        facts = calc_headline_facts(fed_market(), as_of="2024-09-30").by_id()
        # 103 / 100 - 1 = +3 % over 12 days; 12 days after the 2024-08-05 cut: 110/100-1 = +10 %.
        check(facts["return:RUT:since_fed_move"], period="since:2024-09-18", start="2024-09-18",
              end="2024-09-30", value=0.03, record_since="2024-08-05", direction="high",
              panel="relative",  # (the relative chart from the move shows the figure; the event study did not)
              text="The Russell 2000 is up 3.0% since the 2024-09-18 Fed cut (as of 2024-09-30).")
        # small minus large: 3 % - 0.5 % = 2.5 pp; after the August cut 10 % - 0 = 10 pp.
        check(facts["relative_return:RUT-GSPC:since_fed_move"], value=2.5, unit="pp",
              record_since="2024-08-05")

    def test_on_the_day_of_a_move_the_move_is_known(self):
        """FRED shows the 2024-09-18 cut from 09-19; the decision is public before the 09-18 close,
        so as of 09-18 the regime fact states it (the range after it, 4.75-5.00%), and the returns
        since it, which would start at the 09-18 close itself, are skipped with the reason."""
        sheet = calc_headline_facts(daily_target(fed_market()), as_of="2024-09-18")
        check(sheet.by_id()["regime:fed_target"], start="2024-09-18", end="2024-09-18", value=0.0,
              status="cutting",
              text="The Fed is cutting: its last move was a 0.50 pp cut on 2024-09-18, today, to a "
                   "4.75-5.00% target range.")
        reasons = dict(sheet.skipped)
        for fact_id in ("return:RUT:since_fed_move", "return:GSPC:since_fed_move",
                        "relative_return:RUT-GSPC:since_fed_move"):
            assert reasons[fact_id] == ("no close after the 2024-09-18 Fed cut by 2024-09-18: its return "
                                        "is measured from the 2024-09-18 close")
        # the day before, the August cut is the last move: 09-17 - 08-05 = 43 days
        before = calc_headline_facts(daily_target(fed_market()), as_of="2024-09-17").by_id()
        check(before["regime:fed_target"], start="2024-08-05", value=43.0,
              text="The Fed is cutting: its last move was a 0.25 pp cut on 2024-08-05, 43 days ago, to a "
                   "5.25-5.50% target range.")

    def test_only_a_move_announced_by_the_as_of_day_is_read_from_the_next_day(self):
        """The target's next observation is read for a move announced on the as-of day (day-after
        era), nothing later; before 2017 FRED dates a move on its announcement day."""
        two_days = daily_target(fed_market())
        two_days["DFEDTARU"].loc["2024-09-19"] = 5.50  # the change first shows on 09-20: announced 09-19
        two_days["DFEDTARL"] = two_days["DFEDTARU"] - 0.25
        assert calc_headline_facts(two_days, as_of="2024-09-18").by_id()["regime:fed_target"].start == "2024-08-05"
        assert calc_headline_facts(two_days, as_of="2024-09-19").by_id()["regime:fed_target"].start == "2024-09-19"
        early = {"DFEDTAR": series([("2005-06-01", 3.0), ("2005-06-29", 3.0), ("2005-06-30", 3.25),
                                    ("2005-07-15", 3.25)], "DFEDTAR")}
        # same-day era: the 2005-06-30 hike shows on its announcement day, unknown on 06-29
        assert "regime:fed_target" in dict(calc_headline_facts(early, as_of="2005-06-29").skipped)
        fact = calc_headline_facts(early, as_of="2005-06-30").by_id()["regime:fed_target"]
        assert fact.start == "2005-06-30" and fact.text.endswith("today, to a 3.25% target.")

    def test_mid_cycle_between_meetings_58_days_apart(self):
        """2005: hikes announced on 05-03 and 06-30, consecutive meetings 58 days apart. On 06-29
        (57 days after the May hike) the Fed was still hiking: a meeting had not passed without a
        move (the rule had said "on hold" after 56 days)."""
        target = series([("2005-03-22", 2.75), ("2005-05-03", 3.0), ("2005-06-30", 3.25), ("2005-07-15", 3.25)],
                        "DFEDTAR")
        fact = calc_headline_facts({"DFEDTAR": target.asfreq("D").ffill()}, as_of="2005-06-29").by_id()[
            "regime:fed_target"]
        check(fact, start="2005-05-03", value=57.0, status="hiking")
        # a hike skipped at a meeting: 64 days after 1992-07-02's cut the Fed is on hold
        cuts = series([("1992-04-09", 3.75), ("1992-07-02", 3.25), ("1992-09-04", 3.0), ("1992-09-10", 3.0)],
                      "DFEDTAR")
        later = calc_headline_facts({"DFEDTAR": cuts.asfreq("D").ffill()}, as_of="1992-09-03").by_id()[
            "regime:fed_target"]
        check(later, start="1992-07-02", value=63.0, status="hold")

    def test_election_before_the_data_is_skipped(self):
        sheet = calc_headline_facts(fed_market(), as_of="2024-09-30")
        reason = dict(sheet.skipped)["return:RUT:since_election"]
        assert "2020-11-03" in reason and "before the first observation" in reason


# ----------------------------------------------------------------------------- skipping, output


class TestSkippingAndOutput:
    def test_missing_series_are_skipped_not_raised(self, sheet):
        reasons = dict(sheet.skipped)
        assert reasons["return:IXIC:ytd"] == "series IXIC is not in the data"
        assert reasons["level_record:BAMLC0A0CM"] == "series BAMLC0A0CM is not in the data"
        assert "regime:fed_target" in reasons
        assert not set(reasons) & {f.id for f in sheet.facts}

    def test_empty_and_bad_inputs(self):
        assert len(calc_headline_facts({}, as_of=AS_OF)) == 0
        sheet = calc_headline_facts({"RUT": RUT, "GSPC": [1, 2, 3], "DGS10": DGS10.iloc[::-1]},
                                    as_of="2022-01-01")
        reasons = dict(sheet.skipped)
        assert reasons["return:RUT:1d"] == "series RUT has no observation on or before 2022-01-01"
        assert reasons["return:GSPC:1d"] == "series GSPC is not a pandas Series on a DatetimeIndex"
        assert len(sheet) == 0

    def test_unsorted_series_gives_the_loader_style_reason(self):
        sheet = calc_headline_facts({"DGS10": DGS10.iloc[::-1]}, as_of=AS_OF)
        assert "dates are not sorted" in dict(sheet.skipped)["level_record:DGS10"]

    def test_bad_as_of_raises(self):
        with pytest.raises(ValueError, match="as_of: cannot read 'soon' as a date"):
            calc_headline_facts(MARKET, as_of="soon")

    def test_records_are_json_ready(self, sheet):
        records = to_records(sheet)
        assert json.loads(json.dumps(records)) == records
        assert list(records[0]) == ["id", "kind", "series", "period", "start", "end", "value",
                                    "unit", "record_since", "direction", "text", "panel",
                                    "history_start", "status", "rank", "comparables", "between",
                                    "record_stated", "notability"]

    def test_format_text_one_sentence_per_line(self, sheet):
        lines = format_text(sheet).splitlines()
        assert lines == [f.text for f in sheet.facts]
        assert "The Russell 2000 is down 5.6% this year (as of 2025-01-13)." in lines


# ----------------------------------------------------------------------------- invariants


def assert_valid(sheet: FactSheet) -> None:
    ids = [f.id for f in sheet.facts]
    assert len(ids) == len(set(ids))
    for f in sheet.facts:
        assert f.kind in KINDS and f.unit == UNIT_OF_KIND[f.kind], f
        assert f.direction in DIRECTIONS and f.panel in PANELS and f.unit in UNITS, f
        assert f.id.startswith(f"{f.kind}:{f.series}"), f
        assert isinstance(f.value, float) and math.isfinite(f.value), f
        assert f.start <= f.end <= sheet.as_of, f
        assert f.text.endswith(".") and f.text[0].isupper(), f
        if f.record_since is not None:
            assert f.record_since < f.end, f
            assert f.history_start is not None and f.history_start <= f.record_since, f
        if f.kind in ("return", "relative_return"):
            assert f.direction == ("high" if f.value > 0 else "low"), f
        if f.kind == "drawdown":
            assert f.value <= 0 and f.status in ("normal", "correction", "bear market"), f


def test_hand_made_market_is_valid(sheet):
    assert_valid(sheet)
    assert sheet.as_of == AS_OF
    assert {f.kind for f in sheet.facts} == set(KINDS) - {"correlation", "regime"}


START = pd.Timestamp("2022-12-01")


@st.composite
def markets(draw):
    """A few series on random dates, an as_of, and extra observations after as_of."""
    gaps = draw(st.lists(st.integers(1, 7), min_size=40, max_size=120))
    days = list(np.cumsum([0, *gaps]))
    as_of = START + pd.Timedelta(days=draw(st.integers(0, days[-1] + 20)))
    index = START + pd.to_timedelta(days, unit="D")
    n = len(days)
    level = st.floats(1, 1000, allow_nan=False)
    percent = st.floats(0, 10, allow_nan=False)
    data = {
        "RUT": pd.Series(draw(st.lists(level, min_size=n, max_size=n)), index=index),
        "GSPC": pd.Series(draw(st.lists(level, min_size=n, max_size=n)), index=index),
        "DGS10": pd.Series(draw(st.lists(percent, min_size=n, max_size=n)), index=index),
        "BAMLH0A0HYM2": pd.Series(draw(st.lists(percent, min_size=n, max_size=n)), index=index),
    }
    steps = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    lower = pd.Series([0.25 * s for s in steps], index=index)
    data["DFEDTARL"], data["DFEDTARU"] = lower, lower + 0.25
    later = sorted(draw(st.sets(st.integers(1, 400), min_size=1, max_size=10)))
    # (the Fed target's next day may hold a move announced on as_of: see the test)
    after = max(as_of + KNOWN_AHEAD, index[-1]) + pd.to_timedelta(later, unit="D")
    extra = draw(st.lists(level, min_size=len(later), max_size=len(later)))
    return data, as_of, after, extra


@settings(max_examples=40, deadline=None)
@given(markets())
def test_data_after_as_of_changes_nothing(market):
    data, as_of, after, extra = market
    before = calc_headline_facts(data, as_of=as_of)
    assert_valid(before)
    longer = {k: pd.concat([s, pd.Series(extra, index=after)]) for k, s in data.items()}
    assert calc_headline_facts(longer, as_of=as_of) == before
    # every series cut at as_of, the Fed target's a day later (a move announced on as_of)
    cut = {k: s[s.index <= as_of + (KNOWN_AHEAD if k.startswith("DFEDTAR") else pd.Timedelta(0))]
           for k, s in data.items()}
    assert calc_headline_facts(cut, as_of=as_of) == before


def test_the_groups_together_are_the_whole_sheet(tmp_path):
    """The page states the four groups separately; together they are the sheet, in order."""
    from analytics.facts import FACT_GROUPS, fact_group
    from panels.fact_series import load_fact_series
    from config import Config, DataSpec
    from loaders.cache import loader_cache
    from loaders.source import DataSource

    config = Config(data=DataSpec("demo"), cache_dir=tmp_path)
    series = load_fact_series(DataSource(config, loader_cache(config))).series
    whole = calc_headline_facts(series, as_of="2024-06-28")
    parts = {g: calc_headline_facts(series, as_of="2024-06-28", groups=[g]) for g in FACT_GROUPS}
    assert sum(len(p) for p in parts.values()) == len(whole) == 42
    for group, part in parts.items():
        assert [f.id for f in part] == [f.id for f in whole if fact_group(f.id) == group]
        assert {fact_group(i) for i, _ in part.skipped} <= {group}
    assert {f.panel for f in parts["rates"]} == {"rates", "spreads"}
    assert {f.panel for f in parts["regimes"]} == {"regimes", "relative"}  # (the regime; the returns since the move)
    assert {f.kind for f in parts["returns"]} == {"return", "relative_return"}
    assert {f.kind for f in parts["relative"]} == {"return", "relative_return", "drawdown"}
    with pytest.raises(ValueError, match="unknown fact group"):
        calc_headline_facts(series, as_of="2024-06-28", groups=["bogus"])


def _returns_alone(market: dict, as_of) -> list[tuple[Fact, Fact]]:
    """Each return and relative-return fact of a sheet, with the same fact computed on its own
    (and scored, as the sheet scores every fact: :func:`analytics.facts.notability_of`)."""
    from analytics.facts import notability_of
    from analytics.facts_returns import relative_return_fact, return_fact

    sheet = calc_headline_facts(market, as_of=as_of, groups=("returns",))
    cut = {k: market[k].loc[:as_of] for k in ("RUT", "GSPC")}
    t = pd.Timestamp(as_of)
    pairs = []
    for fact in sheet:
        if fact.kind == "relative_return":
            alone = relative_return_fact(cut["RUT"], cut["GSPC"], ("RUT", "GSPC"), fact.period, as_of=t)
        elif fact.series in cut:
            alone = return_fact(cut[fact.series], fact.series, fact.period, as_of=t)
        else:
            continue
        pairs.append((fact, replace(alone, notability=notability_of(alone, as_of=t))))
    return pairs


@pytest.mark.parametrize("drop", [None, "2024-12-31"])
def test_shared_comparables_change_no_return_fact(drop):
    """A sheet computes each series' comparable returns once, for its return fact and the
    relative one; each fact equals the fact computed on its own, also when the pair does not
    share every date (then the relative fact computes its own)."""
    market = {**MARKET, "GSPC": GSPC.drop(pd.Timestamp(drop)) if drop else GSPC}
    pairs = _returns_alone(market, AS_OF)
    assert {f.kind for f, _ in pairs} == {"return", "relative_return"}
    for fact, alone in pairs:
        assert fact == alone


@settings(max_examples=40, deadline=None)
@given(markets(), st.integers(0, 39))
def test_shared_comparables_change_no_return_fact_on_random_markets(market, drop):
    data, as_of, _, _ = market
    for large in (data["GSPC"], data["GSPC"].drop(data["GSPC"].index[drop])):
        for fact, alone in _returns_alone({**data, "GSPC": large}, as_of):
            assert fact == alone


def test_month_changes_are_the_changes_of_each_months_last_value():
    """to_month_changes equals its definition with pandas periods (groupby's last value per
    month, NaN for a month with none, labelled by the month's last day) on random dates."""
    from analytics.facts_rates import to_month_changes

    rng = np.random.default_rng(3)
    for trial in range(80):
        n = int(rng.integers(1, 400))
        days = np.sort(rng.choice(3_000, n, replace=False))
        index = pd.DatetimeIndex(pd.Timestamp("1996-12-20") + pd.to_timedelta(days, unit="D"), name="date")
        levels = pd.Series(rng.normal(5, 1, n).round(2), index=index.as_unit("s" if trial % 4 == 0 else "ns"),
                           name="BAMLH0A0HYM2")
        if trial % 3 == 0:
            levels.iloc[rng.integers(0, n, n // 5)] = np.nan
        as_of = index[int(rng.integers(0, n))]
        ends = levels.groupby(levels.index.to_period("M")).last()
        changes = (ends - ends.shift(1)).iloc[1:].round(10)
        expected = pd.Series(changes.to_numpy(), index=pd.DatetimeIndex(changes.index.end_time.normalize()),
                             name="BAMLH0A0HYM2")
        got = to_month_changes(levels, as_of=as_of)
        pd.testing.assert_series_equal(got, expected[expected.index <= as_of], check_freq=False)


@pytest.mark.parametrize("zone", ["America/New_York", "UTC"])
def test_series_with_a_time_zone_give_the_sheet_of_their_calendar_days(zone):
    """Daily data whose dates carry a time zone (a hand-made input: the loaders give plain
    dates) raised TypeError where the Fed's events met the zoned index levels. The facts now
    read every series on its calendar days: the same sheet as the plain dates'."""
    plain = {**MARKET, **daily_target(fed_market())}
    zoned = {key: s.tz_localize(zone) for key, s in plain.items()}
    want = calc_headline_facts(plain, as_of="2024-09-30")
    history = build_fact_history(zoned, keys=("RUT", "GSPC"), pairs=(("RUT", "GSPC"),))  # a kept history too
    # a date with a zone is its day there (23:00 in New York is still 30 September)
    for as_of in ("2024-09-30", pd.Timestamp("2024-09-30", tz=zone), pd.Timestamp("2024-09-30 23:00", tz=zone)):
        sheet = calc_headline_facts(zoned, as_of=as_of)
        assert sheet == want == calc_headline_facts(zoned, as_of=as_of, history=history)
        assert "regime:fed_target" in sheet.by_id() and "return:RUT:since_fed_move" in sheet.by_id()


@pytest.mark.parametrize("end, since, notable", [
    ("2025-01-13", "2023-01-12", True),  # more than two years before the end
    ("2025-01-13", "2023-01-13", False),  # exactly two years: not more
    ("2024-02-29", "2022-02-27", True),  # 29 February: two years earlier is 28 February 2022
    ("2024-02-29", "2022-02-28", False),
    ("2024-02-29 16:00", "2022-02-28 12:00", True),  # the time of day is kept
])
def test_a_record_since_is_notable_when_more_than_two_years_before_the_end(end, since, notable):
    from analytics.facts_common import is_notable
    from analytics.records import RecordResult

    record = RecordResult(value=0.1, at=pd.Timestamp(end), direction="high", record_since=pd.Timestamp(since),
                          is_record=False, history_start=pd.Timestamp("1990-01-02"))
    assert is_notable(record, pd.Timestamp(end)) is notable
    assert notable is bool(pd.Timestamp(since) < pd.Timestamp(end) - pd.DateOffset(years=2))


def test_no_year_to_date_on_new_years_day():
    """As of 1 January the year to date runs from the last close of the year before to that same
    close: it was stated as "flat this year (as of 2021-12-31), the worst of the 95 starts to a
    year since 1927". Skipped with the reason; the first close of the year states it."""
    from analytics.facts_common import FactSkipped
    from analytics.facts_returns import relative_return_fact, return_fact

    days = pd.bdate_range("2020-12-01", "2022-01-03")
    small = pd.Series(np.linspace(100.0, 130.0, len(days)), index=days, name="RUT")
    large = pd.Series(np.linspace(100.0, 120.0, len(days)), index=days, name="GSPC")
    new_year = pd.Timestamp("2022-01-01")
    reason = "no close after 2021-12-31 by 2022-01-01: the year-to-date return starts at the 2021-12-31 close"
    with pytest.raises(FactSkipped, match=reason):
        return_fact(small.loc[:new_year], "RUT", "ytd", as_of=new_year)
    with pytest.raises(FactSkipped, match=reason):
        relative_return_fact(small.loc[:new_year], large.loc[:new_year], ("RUT", "GSPC"), "ytd", as_of=new_year)
    sheet = calc_headline_facts({"RUT": small.loc[:new_year], "GSPC": large.loc[:new_year]}, as_of=new_year,
                                small="RUT", large="GSPC", groups=("returns",))
    assert ("return:RUT:ytd", reason) in sheet.skipped
    # on 3 January: the first close of the year against the last of 2021
    first = return_fact(small, "RUT", "ytd", as_of=pd.Timestamp("2022-01-03"))
    assert (first.start, first.end) == ("2021-12-31", "2022-01-03")
    assert first.value == pytest.approx(small.iloc[-1] / small.iloc[-2] - 1)
