"""Claims of three more families: a rise from a low ("up 24% from its April low, entering a bull
market"), "the quarter" / "last quarter", and a yield's move since a Fed event ("the 10-year yield
has risen 100 basis points since the Fed started cutting in September").

Tiny fixtures are worked by hand; on the real snapshot (../shared/data) the expected values are
computed again here with plain pandas from the CSV files.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analytics.claims import check_text
from tests.claims_snapshot import checker, read_csv
from analytics.claims.dates import find_period, make_parser

T = pd.Timestamp


def _one(text: str, as_of: str, series: dict) -> object:
    record, = check_text(text, as_of=dt.date.fromisoformat(as_of), series=series).claims
    return record


class TestRiseFromALow:
    """A V on weekdays: 100 falling to 60 on Friday 14 March 2025, then up to 78 by 31 March,
    with a lower close (55) in February 2024 more than 52 weeks back."""

    @staticmethod
    def series() -> dict:
        index = pd.bdate_range("2024-01-01", "2025-03-31", name="date")
        levels = pd.Series(100.0, index=index)
        levels.loc["2024-02-15"] = 55.0
        down = index[(index >= "2025-03-03") & (index <= "2025-03-14")]
        levels.loc[down] = np.linspace(90, 60, len(down))
        up = index[index > "2025-03-14"]
        levels.loc[up] = np.linspace(63, 78, len(up))
        return {"RUT": levels}

    def test_from_the_named_month_low_with_the_bull_market(self):
        record = _one("The Russell 2000 is up 30% from its March low, entering a bull market.", "2025-03-31",
                      self.series())
        # 78 / 60 - 1 = 0.30
        assert (record.measure, record.period, record.computed) == ("drawdown", "trough", pytest.approx(0.30))
        assert record.computed_since == "2025-03-14" and record.verdict == "consistent"
        assert "a bull market (at least 20% above the low)" in record.reason

    def test_a_named_day_that_was_not_the_low_is_said(self):
        record = _one("The Russell 2000 has rallied 20% from its March 12 low.", "2025-03-31", self.series())
        assert record.verdict == "differs" and "not the low: it closed lower on 2025-03-13" in record.reason

    def test_an_unnamed_low_is_the_52_week_low(self):
        # the lower close of February 2024 is more than 52 weeks back
        record = _one("The Russell 2000 has rebounded 30% from its lows.", "2025-03-31", self.series())
        assert record.computed_since == "2025-03-14" and record.computed == pytest.approx(0.30)
        assert "52-week low" in record.reason

    def test_not_yet_a_bull_market(self):
        record = _one("The Russell 2000 is in a bull market.", "2025-03-18", self.series())
        # 18 March: the second day up, 63 + 15/11 = 64.36...; 64.36 / 60 - 1 < 20%
        assert record.verdict == "differs" and "not a bull market" in record.reason

    def test_the_figure_nearest_the_phrase(self):
        # two clauses: the second goes on about the Russell 2000 ("but remains ...")
        fell, above = check_text("The Russell 2000 fell 3%, but remains 30% above its March low.",
                                 as_of=dt.date(2025, 3, 31), series=self.series()).claims
        assert (fell.measure, fell.stated) == ("return", pytest.approx(-0.03))
        assert (above.series, above.stated, above.verdict) == ("RUT", pytest.approx(0.30), "consistent")
        # in one clause, the figure nearest the phrase
        record = _one("The Russell 2000 after a 3% fall stands 30% above its March low.", "2025-03-31", self.series())
        assert record.stated == pytest.approx(0.30) and record.verdict == "consistent"


class TestQuarters:
    @pytest.mark.parametrize("text, as_of, label, base, end", [
        ("It ended the quarter up 8%.", "2025-06-30", "quarter:2025-Q2", "2025-03-31", "2025-06-30"),
        ("It is up 4% this quarter.", "2025-05-15", "quarter:2025-Q2", "2025-03-31", "2025-05-15"),
        # in a quarter's first week "the quarter" is the one just ended
        ("It ended the quarter up 8%.", "2025-07-02", "quarter:2025-Q2", "2025-03-31", "2025-06-30"),
        ("Last quarter it fell 9%.", "2025-05-15", "quarter:2025-Q1", "2024-12-31", "2025-03-31"),
        ("In the previous quarter it fell 9%.", "2025-05-15", "quarter:2025-Q1", "2024-12-31", "2025-03-31"),
        ("It rose 9% in the fourth quarter.", "2025-05-15", "quarter:2024-Q4", "2024-09-30", "2024-12-31"),
    ])
    def test_periods(self, text, as_of, label, base, end):
        period = find_period(text, T(as_of), make_parser(dt.date.fromisoformat(as_of)))
        assert (period.label, period.base, period.end) == (label, T(base), T(end))

    def test_a_time_phrase_before_it_keeps_the_subject(self):
        index = pd.bdate_range("2024-12-02", "2025-06-30", name="date")
        levels = pd.Series(np.linspace(100, 130, len(index)), index=index)
        result = check_text("The Russell 2000 ended the quarter up 1%. Last quarter it rose 2%. On Friday, it rose 0.1%.",
                            as_of=dt.date(2025, 6, 30), series={"RUT": levels})
        assert [(r.series, r.period) for r in result.claims] == [
            ("RUT", "quarter:2025-Q2"), ("RUT", "quarter:2025-Q1"), ("RUT", "1d")]


class _Snapshot:
    """The claims checker and the CSV files of the real snapshot (no tests of its own)."""

    @pytest.fixture(autouse=True)
    def _data(self, shared_data, tmp_path_factory):
        self.csv = lambda key: read_csv(str(shared_data), key)
        self.run = checker(shared_data, tmp_path_factory.mktemp("cache"))


@pytest.mark.shared_data
class TestOnTheSnapshot(_Snapshot):

    def test_up_from_the_april_2025_low_a_bull_market(self):
        record, = self.run("The Russell 2000 is up 24% from its April low, entering a bull market.", "2025-06-30")
        rut = self.csv("RUT").loc[:"2025-06-30"]
        april = rut.loc["2025-04"]
        assert record["computed_since"] == f"{april.idxmin():%Y-%m-%d}" == "2025-04-08"
        assert record["computed"] == pytest.approx(rut.iloc[-1] / april.min() - 1, abs=1e-9)
        assert record["verdict"] == "consistent" and record["link"].endswith("#panel-relative")

    def test_the_ten_year_since_the_fed_started_cutting(self):
        record, = self.run("The 10-year yield has risen more than 100 basis points since the Fed started "
                           "cutting in September.", "2025-01-10")
        d10 = self.csv("DGS10")
        # the cycle's first cut: the upper bound's first fall after the 2022-23 hikes, effective the
        # day after the FOMC's announcement (the product dates moves by the announcement)
        upper = self.csv("DFEDTARU").loc["2023-08-01":"2025-01-10"]
        assert upper.index[upper.diff() < 0][0] == T("2024-09-19")
        assert record["period"] == "since:2024-09-18"
        assert record["computed"] == pytest.approx(d10.loc[:"2025-01-10"].iloc[-1] - d10.loc["2024-09-18"], abs=1e-9)
        assert record["verdict"] == "consistent"

    def test_since_the_feds_named_cut(self):
        record, = self.run("The 10-year yield has risen about 90 basis points since the Fed's December cut.",
                           "2025-01-10")
        d10 = self.csv("DGS10")
        assert record["period"] == "since:2024-12-18"
        assert record["computed"] == pytest.approx(d10.loc[:"2025-01-10"].iloc[-1] - d10.loc["2024-12-18"], abs=1e-9)
        assert record["verdict"] == "differs"


class TestSessionsAndCarriedSubjects:
    def test_a_run_of_sessions_by_hand(self):
        index = pd.bdate_range("2025-01-06", periods=12, name="date")
        levels = pd.Series([100, 101, 102, 103, 104, 90, 91, 92, 93, 94, 99, 108.0], index=index)
        record = _one("The Russell 2000 has jumped 18.7% in five sessions, its best five-day run on record.",
                      "2025-01-21", {"RUT": levels})
        # five sessions: 15, 16, 17, 20 and 21 January, from the close of the 14th: 108 / 91 - 1 = 18.7%;
        # the six earlier 5-session runs are all lower (the best: 99 / 90 - 1 = 10%)
        assert (record.period, record.period_start, record.period_end) == ("5d", "2025-01-14", "2025-01-21")
        assert record.computed == pytest.approx(108 / 91 - 1) and record.computed_since == "on record"
        assert record.verdict == "consistent"


@pytest.mark.shared_data
class TestMoreOnTheSnapshot(_Snapshot):
    def test_july_2024_best_five_sessions_since_april_2020(self):
        record, = self.run("The Russell 2000 has jumped 11.5% in five sessions, its best five-day run since "
                           "April 2020.", "2024-07-16")
        rut = self.csv("RUT").loc[:"2024-07-16"]
        runs = (rut / rut.shift(5) - 1).dropna()
        since = runs.iloc[:-1][runs.iloc[:-1] >= runs.iloc[-1]].index[-1]
        assert record["computed"] == pytest.approx(runs.iloc[-1], abs=1e-9)
        assert record["computed_since"] == f"{since:%Y-%m-%d}" == "2020-04-29"
        assert record["verdict"] == "consistent"

    def test_outperforming_after_a_comma_is_the_pair(self):
        _, gap = self.run("The Russell 2000 rose 10.1% in July, its best month since December 2023, outperforming "
                          "the S&P 500 by the most since 2000.", "2024-07-31")
        ends = {k: self.csv(k).loc[:"2024-07-31"].resample("ME").last() for k in ("RUT", "GSPC")}
        gaps = (ends["RUT"].pct_change() - ends["GSPC"].pct_change()).dropna()
        since = gaps.iloc[:-1][gaps.iloc[:-1] >= gaps.iloc[-1]].index[-1]
        assert (gap["series"], gap["measure"]) == ("RUT-GSPC", "return_gap")
        assert gap["computed"] == pytest.approx(gaps.iloc[-1], abs=1e-9)
        assert since.year == 2000 and gap["computed_since"].startswith("2000-")
        assert gap["verdict"] == "consistent"


class TestRanksDenialsAndWithin:
    """A ramp with two jumps: +10% on 10 March and +5% on 17 March 2025, +0.1% on other days."""

    @staticmethod
    def series() -> dict:
        index = pd.bdate_range("2025-01-01", "2025-03-31", name="date")
        steps = pd.Series(1.001, index=index)
        steps.iloc[0] = 100.0
        steps.loc["2025-03-10"], steps.loc["2025-03-17"] = 1.10, 1.05
        return {"RUT": steps.cumprod()}

    def test_an_ordinal_record_is_its_rank(self):
        good = _one("The Russell 2000 rose 5% on March 17, its second-best day on record.", "2025-03-31", self.series())
        assert good.verdict == "consistent" and "the 2nd best on record" in good.reason
        bad = _one("The Russell 2000 rose 5% on March 17, its third-best day on record.", "2025-03-31", self.series())
        assert bad.verdict == "differs" and "not the 3rd" in bad.reason

    def test_a_denied_record(self):
        # the last close at a record is 31 March; a month earlier the last was 28 February
        yes = _one("The Russell 2000 has not closed at a record since February.", "2025-02-28", self.series())
        assert yes.computed_since == "2025-02-28" and yes.verdict == "consistent"
        falling = {"RUT": self.series()["RUT"].loc[:"2025-03-17"].reindex(pd.bdate_range("2025-01-01", "2025-06-30"))
                   .fillna(100.0)}  # back to 100 after 17 March: no record since then
        record = _one("The Russell 2000 hasn't hit a record in three months.", "2025-06-30", falling)
        assert record.computed_since == "2025-03-17" and record.verdict == "consistent"
        assert _one("The Russell 2000 hasn't hit a record in six months.", "2025-06-30", falling).verdict == "differs"

    def test_within_a_percent_of_the_record(self):
        series = {"RUT": pd.Series([100.0, 110.0, 109.0, 104.0, 104.0], index=pd.bdate_range("2025-03-03", periods=5))}
        close = _one("The Russell 2000 is within 1% of its record close.", "2025-03-05", series)  # 109/110: -0.9%
        assert close.qualifier == "less than" and close.verdict == "consistent"
        far = _one("The Russell 2000 is within 1% of its record close.", "2025-03-07", series)  # -5.5%, as the day before
        assert far.verdict == "differs" and far.computed == pytest.approx(104 / 110 - 1)

    def test_in_two_days_is_two_sessions(self):
        series = {"RUT": pd.Series([100.0, 95.0, 90.0], index=pd.bdate_range("2025-03-03", periods=3))}
        record = _one("The Russell 2000 has dropped 10% in two days.", "2025-03-05", series)
        assert (record.period, record.computed, record.verdict) == ("2d", pytest.approx(-0.10), "consistent")


@pytest.mark.shared_data
class TestDirectionsSinceAFedEvent(_Snapshot):
    def test_a_direction_alone_since_the_first_cut(self):
        text = ("The 10-year yield has risen since the Fed started cutting in September. Junk spreads have "
                "tightened since the Fed's first cut. The Russell 2000 has fallen since the Fed's first cut.")
        ten, junk, rut = self.run(text, "2025-01-10")
        d10, hy, r = (self.csv(k) for k in ("DGS10", "BAMLH0A0HYM2", "RUT"))
        for record, series, rose in ((ten, d10, True), (junk, hy, False), (rut, r, False)):
            moved = series.loc[:"2025-01-10"].iloc[-1] - series.loc["2024-09-18"]
            assert record["period"] == "since:2024-09-18" and (moved > 0) == rose
            assert record["verdict"] == "consistent", record["reason"]
        wrong, = self.run("The 10-year yield has fallen since the Fed started cutting in September.", "2025-01-10")
        assert wrong["verdict"] == "differs" and "it rose, not fell" in wrong["reason"]

    def test_the_month_of_a_fed_event_is_no_period_for_the_next_sentence(self):
        _, move = self.run("The 10-year yield has risen since the Fed started cutting in September. "
                           "The 2-year yield rose 13 basis points.", "2025-01-10")
        # not September's move: no period of its own, so each reading (here the latest session holds)
        assert move["period"] == "1d" and move["verdict"] == "consistent"

    def test_a_move_next_to_above_the_ten_year_is_no_gap(self):
        record, = self.run("The 2-year yield rose 13 basis points, above the 10-year.", "2025-01-10")
        assert (record["series"], record["measure"]) == ("DGS2", "change_record")


@pytest.mark.shared_data
class TestAMarketWrap(_Snapshot):
    """6 November 2024, the day after the election, as a wrap would put it."""

    TEXT = ("The small-cap index is up 15% since the start of the year but remains 1.5% below its record close "
            "set in November 2021. The S&P 500 rose 2.5% to a record high. Treasury yields surged, with the "
            "10-year yield climbing 16 basis points to 4.44%, its highest since July. High-yield spreads "
            "tightened to 2.7%, the tightest since 2007.")

    def test_each_claim_reads_as_written(self):
        ytd, below, record_high, spx_move, ten_level, ten_move, hy = self.run(self.TEXT, "2024-11-06")
        rut, spx, d10, hy_oas = (self.csv(k).loc[:"2024-11-06"] for k in ("RUT", "GSPC", "DGS10", "BAMLH0A0HYM2"))
        assert ytd["computed"] == pytest.approx(rut.iloc[-1] / rut.loc[:"2023-12-31"].iloc[-1] - 1, abs=1e-9)
        # "but remains 1.5% below its record close": the Russell 2000 again, its own clause
        assert (below["series"], below["measure"], below["stated"]) == ("RUT", "drawdown", -0.015)
        assert below["computed"] == pytest.approx(rut.iloc[-1] / rut.loc["2021-11"].max() - 1, abs=1e-9)
        # "rose 2.5% to a record high": that session's move, not the year to date of the sentence before
        assert record_high["measure"] == "level_record" and record_high["verdict"] == "consistent"
        assert spx_move["period"] == "1d" and spx_move["computed"] == pytest.approx(spx.iloc[-1] / spx.iloc[-2] - 1)
        # "to 4.44%, its highest since July": the record is the level's; the 16 bp that session's move
        higher = d10.iloc[:-1][d10.iloc[:-1] >= d10.iloc[-1]].index[-1]
        assert (ten_level["measure"], ten_level["computed_since"]) == ("level_record", f"{higher:%Y-%m-%d}")
        assert higher.month == 7 and ten_level["verdict"] == "consistent"
        assert ten_move["period"] == "1d" and ten_move["computed"] == pytest.approx(d10.iloc[-1] - d10.iloc[-2])
        assert ten_move["verdict"] == "consistent"
        # "the tightest since 2007": a record low of the spread
        lower = hy_oas.iloc[:-1][hy_oas.iloc[:-1] <= hy_oas.iloc[-1]].index[-1]
        assert hy["computed_since"] == f"{lower:%Y-%m-%d}" and lower.year == 2007 and hy["verdict"] == "consistent"


@pytest.mark.shared_data
class TestSessionsOfAYieldAndCarriedClauses(_Snapshot):
    def test_the_two_year_biggest_three_day_drop_since_1987(self):
        record, = self.run("The 2-year yield plunged 102 basis points in three days, the biggest three-day drop "
                           "since 1987.", "2023-03-13")
        two = self.csv("DGS2").loc[:"2023-03-13"]
        runs = (two - two.shift(3)).round(10).dropna()
        since = runs.iloc[:-1][runs.iloc[:-1] <= runs.iloc[-1]].index[-1]
        assert record["period"] == "3d" and record["computed"] == pytest.approx(runs.iloc[-1])
        assert record["computed_since"] == f"{since:%Y-%m-%d}" and since.year == 1987
        assert record["verdict"] == "consistent"

    def test_a_clause_that_goes_on_between_two_others(self):
        day, down, hy = self.run("The Russell 2000 plunged 14% on Monday, its worst day on record, and is now down "
                                 "40% from its peak, while high-yield spreads blew out to 10%, the widest since "
                                 "2009.", "2020-03-16")
        rut = self.csv("RUT").loc[:"2020-03-16"]
        assert (down["series"], down["measure"]) == ("RUT", "drawdown")
        assert down["computed"] == pytest.approx(rut.iloc[-1] / rut.max() - 1, abs=1e-9)
        assert hy["series"] == "BAMLH0A0HYM2" and hy["stated"] == 10


class TestStreaks:
    """Weekdays of March 2025: up on the 3rd and 4th, down on the 5th to the 7th, up from the 10th."""

    @staticmethod
    def series() -> dict:
        index = pd.bdate_range("2025-02-28", "2025-03-14", name="date")
        levels = pd.Series([100, 101, 102, 101, 100, 99, 100, 101, 102, 103, 104.0], index=index)
        return {"RUT": levels, "GSPC": pd.Series(100.0, index=index)}

    @pytest.mark.parametrize("text, as_of, verdict, length", [
        ("The Russell 2000 fell for a third straight session.", "2025-03-07", "consistent", 3),
        ("The Russell 2000 fell for a fourth straight session.", "2025-03-07", "differs", 3),  # an ordinal: exactly
        ("The Russell 2000 has fallen for two straight sessions.", "2025-03-07", "consistent", 3),  # a count: at least
        ("The Russell 2000 rose for a fifth straight session.", "2025-03-14", "consistent", 5),
        ("The Russell 2000 has gained more than 3% for five straight sessions.", "2025-03-14", "differs", 0),
        ("Small caps beat large caps for a fifth straight session.", "2025-03-14", "consistent", 5),
        # the week to 7 March fell (100 to 99), the week to 14 March rose: one weekly gain
        ("The Russell 2000 posted its second straight weekly gain.", "2025-03-14", "differs", 1),
    ])
    def test_streaks(self, text, as_of, verdict, length):
        record = _one(text, as_of, self.series())
        assert (record.period, record.computed, record.verdict) == (
            f"streak:{'week' if 'weekly' in text else 'session'}", length, verdict), record.reason


@pytest.mark.shared_data
class TestStreaksOnTheSnapshot(_Snapshot):
    def test_small_caps_lagged_for_a_fourth_straight_year(self):
        record, = self.run("Small caps lagged large caps for a fourth straight year.", "2024-12-31")
        ends = {k: self.csv(k).loc[:"2024-12-31"].resample("YE").last() for k in ("RUT", "GSPC")}
        gaps = (ends["RUT"].pct_change() - ends["GSPC"].pct_change()).dropna()
        assert list(gaps.loc["2021":].lt(0)) == [True] * 4 and gaps.loc["2020"].iloc[0] > 0
        assert (record["computed"], record["verdict"]) == (4, "consistent")

    def test_more_than_20_percent_for_two_straight_years(self):
        # in January the running year does not count; in its last week it does
        early, = self.run("The S&P 500 has gained more than 20% for two straight years.", "2025-01-10")
        late, = self.run("The S&P 500 has gained more than 20% for a second straight year.", "2024-12-27")
        spx = self.csv("GSPC")
        years = spx.loc[:"2024-12-31"].resample("YE").last().pct_change().dropna()
        assert years.loc["2023"].iloc[0] > 0.2 and years.loc["2024"].iloc[0] > 0.2 and years.loc["2022"].iloc[0] < 0
        assert (early["computed"], early["verdict"]) == (2, "consistent")
        assert (late["computed"], late["verdict"]) == (2, "consistent")


@pytest.mark.shared_data
class TestAMonthNamedByItsRecord(_Snapshot):
    def test_had_its_best_month_written_early_in_the_next(self):
        record, = self.run("The Russell 2000 had its best month since December 2023.", "2024-12-02")
        ends = self.csv("RUT").loc[:"2024-12-02"].resample("ME").last()
        months = ends.pct_change().dropna().loc[:"2024-11-30"]
        since = months.iloc[:-1][months.iloc[:-1] >= months.iloc[-1]].index[-1]
        assert record["period"] == "month:2024-11" and record["computed"] == pytest.approx(months.iloc[-1], abs=1e-9)
        assert f"{since:%Y-%m}" == "2023-12" and record["verdict"] == "consistent"

    def test_on_pace_for_its_best_month_is_the_month_to_date(self):
        _, pace = self.run("The Russell 2000 has rallied 22% from its October low, and is on pace for its best "
                           "month since November 2020.", "2023-12-14")
        rut = self.csv("RUT")
        assert pace["series"] == "RUT" and pace["period"] == "month:2023-12"
        assert pace["computed"] == pytest.approx(rut.loc[:"2023-12-14"].iloc[-1] / rut.loc[:"2023-11-30"].iloc[-1] - 1,
                                                 abs=1e-9)
        assert pace["verdict"] == "differs"  # the best since October 2022, not November 2020


@pytest.mark.shared_data
class TestRelativeDayAndALeavingClause(_Snapshot):
    def test_best_day_relative_to_large_caps_since_2020(self):
        gap, rut, spx = self.run("Small caps had their best day relative to large caps since 2020, with the Russell "
                                 "2000 up 3.6% while the S&P 500 fell 0.9%.", "2024-07-11")
        r, s = (self.csv(k).loc[:"2024-07-11"] for k in ("RUT", "GSPC"))
        days = (r.pct_change() - s.pct_change()).dropna()
        since = days.iloc[:-1][days.iloc[:-1] >= days.iloc[-1]].index[-1]
        assert (gap["measure"], gap["series"], gap["period"]) == ("return_gap", "RUT-GSPC", "1d")
        assert gap["computed"] == pytest.approx(days.iloc[-1], abs=1e-9) and since.year == 2020
        assert gap["computed_since"] == f"{since:%Y-%m-%d}" and gap["verdict"] == "consistent"
        # the day of the record is the period of the clauses after it (not "since 2020")
        assert rut["period"] == spx["period"] == "1d" and rut["verdict"] == spx["verdict"] == "consistent"

    def test_leaving_it_down_for_the_year(self):
        month, year = self.run("The Russell 2000 fell 5.4% in February, its worst month since December, leaving it "
                               "down 3.9% for the year.", "2025-02-28")
        rut = self.csv("RUT")
        assert month["period"] == "month:2025-02" and month["verdict"] == "consistent"
        assert (year["series"], year["period"]) == ("RUT", "ytd")
        assert year["computed"] == pytest.approx(rut.loc[:"2025-02-28"].iloc[-1] / rut.loc[:"2024-12-31"].iloc[-1] - 1,
                                                 abs=1e-9)


class TestPossessiveAndDoubling:
    def test_the_large_caps_own_figure_in_a_comparison(self):
        index = pd.bdate_range("2025-03-03", periods=3, name="date")
        series = {"RUT": pd.Series([100, 100, 105.0], index=index), "GSPC": pd.Series([100, 100, 101.9], index=index)}
        rut, record, led = check_text("The Russell 2000 rose 5% on Wednesday, outpacing the S&P 500's 1.9% gain.",
                                      as_of=dt.date(2025, 3, 5), series=series).claims
        assert (led.series, led.computed, led.verdict) == ("RUT-GSPC", pytest.approx(1.05 / 1.019 - 1), "consistent")
        assert (rut.series, rut.verdict) == ("RUT", "consistent")
        # the 1.9% is the S&P 500's own move that day, not the gap between them
        assert (record.series, record.measure, record.period) == ("GSPC", "return", "1d")
        assert record.computed == pytest.approx(0.019) and record.verdict == "consistent"

    def test_doubled_from_its_low(self):
        series = TestRiseFromALow.series()
        series["RUT"].loc["2025-03-31"] = 120.0  # 120 / 60 - 1 = 100% above the March low
        assert _one("The Russell 2000 has doubled from its March low.", "2025-03-31", series).verdict == "consistent"
        series["RUT"].loc["2025-03-31"] = 110.0
        record = _one("The Russell 2000 has doubled from its March low.", "2025-03-31", series)
        assert (record.qualifier, record.verdict) == ("at least", "differs")


def test_a_relative_day_record_with_its_gap():
    index = pd.bdate_range("2025-03-03", periods=6, name="date")
    series = {"RUT": pd.Series([100, 101, 100, 101, 100, 105.0], index=index),
              "GSPC": pd.Series([100, 100, 100, 100, 100, 100.5], index=index)}
    # the last day: +5% against +0.5%, a gap of 4.5 points, the widest of the five days
    record = _one("Small caps had their best day relative to large caps on record, beating them by 4.5 percentage "
                  "points.", "2025-03-10", series)
    assert (record.series, record.measure, record.stated) == ("RUT-GSPC", "return_gap", pytest.approx(0.045))
    assert record.computed == pytest.approx(0.045) and record.verdict == "consistent"
