"""Claims about a week's or a day's move and its record ("its worst week since March 2020", "spreads
widened 59 basis points on Thursday, the most since March 2020"), and a change of a yield or spread
stated without a period.

The tiny fixtures are worked by hand; on the real snapshot (../shared/data) the expected values are
computed again here with plain pandas (``resample("W-FRI").last()``, ``diff``), not with the
analytics the engine uses.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analytics.claims import check_text
from tests.claims_snapshot import checker, read_csv
from analytics.claims.dates import make_parser, week_period
from analytics.claims.interpret import interpret
from analytics.facts_rates import to_period_changes

T = pd.Timestamp


class TestWeekPeriod:
    """The week to Friday that the publication date falls in; "last week" the one before; on a
    weekend both are the week just ended."""

    @pytest.mark.parametrize("as_of, last, base, end, words", [
        ("2025-04-02", False, "2025-03-28", "2025-04-02", "this week"),  # a Wednesday: to date
        ("2025-04-04", False, "2025-03-28", "2025-04-04", "in the week to 2025-04-04"),  # the Friday
        ("2025-04-05", False, "2025-03-28", "2025-04-04", "in the week to 2025-04-04"),  # Saturday
        ("2025-04-06", True, "2025-03-28", "2025-04-04", "in the week to 2025-04-04"),  # Sunday, "last"
        ("2025-04-07", True, "2025-03-28", "2025-04-04", "in the week to 2025-04-04"),  # Monday, "last"
        ("2025-04-07", False, "2025-04-04", "2025-04-07", "this week"),
        ("2025-04-04", True, "2025-03-21", "2025-03-28", "in the week to 2025-03-28"),
    ])
    def test_rules(self, as_of, last, base, end, words):
        period = week_period(T(as_of), last=last)
        assert (period.kind, period.calendar) == ("week", "W-FRI")
        assert (period.base, period.end, period.words) == (T(base), T(end), words)
        assert period.label == f"since:{base}"  # as before: since the Friday before

    @pytest.mark.parametrize("text, kind", [
        ("The Russell 2000 had its worst week since 2020.", "week"),
        ("Junk spreads posted their biggest weekly widening since 2020.", "week"),
        ("The 10-year yield posted its biggest one-day jump since 2022.", "day"),
        ("High-yield spreads widened 40 basis points in a single day, the most since 2020.", "day"),
        ("The Russell 2000 lost 9% in a week.", "week"),
    ])
    def test_a_record_of_a_week_or_day_without_a_period_reads_the_latest(self, text, kind):
        for as_of, week_end in (("2025-04-02", "2025-03-28"), ("2025-04-07", "2025-04-04"),
                                ("2025-04-04", "2025-04-04"), ("2025-04-05", "2025-04-04")):
            as_of = T(as_of)
            spec, = interpret(text, as_of, make_parser(as_of.date()))
            assert spec.period.kind == kind
            # the latest session; the latest complete week (to the last Friday on or before the date)
            assert spec.period.end == (as_of if kind == "day" else T(week_end))

    def test_a_day_in_context_is_kept_a_day_of_another_kind_is_not(self):
        as_of = T("2025-04-07")  # a Monday
        parser = make_parser(as_of.date())
        friday, week = interpret("Stocks tumbled on Friday. The Russell 2000 fell 4.4%, its worst day since 2020. "
                                 "It had its worst week since March 2020.", as_of, parser)
        assert (friday.period.kind, friday.period.day) == ("day", T("2025-04-04"))
        assert (week.period.kind, week.period.base, week.period.end) == ("week", T("2025-03-28"), T("2025-04-04"))

    def test_a_record_naming_a_fall_points_down(self):
        as_of = T("2025-04-04")
        spec, = interpret("The 10-year yield posted its biggest weekly drop since 2023.", as_of,
                          make_parser(as_of.date()))
        assert (spec.measure, spec.direction) == ("change_record", "low")


class TestPeriodChanges:
    def test_days_weeks_months_by_hand(self):
        # Wed 1 Jan .. Mon 13 Jan 2025, weekdays; a gap in the second week
        levels = pd.Series([3.0, 3.1, 3.5, 3.4, 3.2, 3.9],
                           index=pd.DatetimeIndex(["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06",
                                                   "2025-01-10", "2025-01-13"], name="date"), name="HY")
        days = to_period_changes(levels, "D", as_of=T("2025-01-13"))
        assert days.round(10).tolist() == [0.1, 0.4, -0.1, -0.2, 0.7]
        assert list(days.index) == list(levels.index[1:])
        weeks = to_period_changes(levels, "W-FRI", as_of=T("2025-01-17"))
        # week to 3 Jan ends at 3.5, week to 10 Jan at 3.2, week to 17 Jan (to date) at 3.9
        assert weeks.round(10).tolist() == [-0.3, 0.7]
        assert list(weeks.index) == [T("2025-01-10"), T("2025-01-17")]
        assert to_period_changes(levels, "W-FRI", as_of=T("2025-01-13")).index[-1] == T("2025-01-10")

    def test_weeks_and_days_equal_their_pandas_definitions(self):
        rng = np.random.default_rng(11)
        for trial in range(60):
            n = int(rng.integers(2, 300))
            days = np.sort(rng.choice(2_000, n, replace=False))
            index = pd.DatetimeIndex(T("2001-03-07") + pd.to_timedelta(days, unit="D"), name="date")
            levels = pd.Series(rng.normal(5, 1, n).round(2), index=index, name="DGS10")
            as_of = index[int(rng.integers(0, n))]
            ends = levels.groupby(levels.index.to_period("W-FRI")).last()
            weekly = (ends - ends.shift(1)).iloc[1:].round(10)
            expected = pd.Series(weekly.to_numpy(), index=pd.DatetimeIndex(weekly.index.end_time.normalize()),
                                 name="DGS10")
            pd.testing.assert_series_equal(to_period_changes(levels, "W-FRI", as_of=as_of),
                                           expected[expected.index <= as_of], check_freq=False)
            daily = levels.diff().iloc[1:].round(10)
            pd.testing.assert_series_equal(to_period_changes(levels, "D", as_of=as_of),
                                           daily[daily.index <= as_of], check_freq=False, check_names=False)


def _tiny() -> dict[str, pd.Series]:
    """Weekdays from Monday 2 Dec 2024 to Friday 3 Jan 2025: the spread moves 0.01 a day but for
    a 0.30 jump on Thursday 12 Dec and a 0.50 jump on Thursday 2 Jan."""
    index = pd.bdate_range("2024-12-02", "2025-01-03", name="date")
    steps = np.full(len(index), 0.01)
    steps[0] = 3.0
    steps[index.get_loc(T("2024-12-12"))] = 0.30
    steps[index.get_loc(T("2025-01-02"))] = 0.50
    return {"BAMLH0A0HYM2": pd.Series(np.cumsum(steps).round(2), index=index)}


class TestOnATinyFixture:
    def check(self, text, as_of):
        result = check_text(text, as_of=dt.date.fromisoformat(as_of), series=_tiny())
        record, = result.claims
        return record

    def test_the_biggest_one_day_widening(self):
        record = self.check("High-yield spreads widened 50 basis points on Thursday, the most on record.",
                            "2025-01-03")
        assert (record.period_end, record.computed, record.verdict) == ("2025-01-02", pytest.approx(0.5), "consistent")
        assert record.computed_since == "on record"

    def test_the_biggest_weekly_widening_since(self):
        # week to 3 Jan (Fri 27 Dec base): Mon 30, Tue 31, Wed 1 at 0.01, Thu 2 0.50, Fri 3 0.01 = 0.54;
        # the earlier weeks: to 13 Dec 0.30 + 4 x 0.01 = 0.34, to 20 and 27 Dec 0.05 each
        record = self.check("Junk spreads widened 54 basis points this week, the most on record.", "2025-01-03")
        assert (record.period, record.period_end) == ("since:2024-12-27", "2025-01-03")
        assert record.computed == pytest.approx(0.54)
        assert record.verdict == "consistent" and record.computed_since == "on record"

    def test_no_period_computes_each_reading(self):
        # Friday 3 Jan: the day +0.01 (2 Jan's +0.50 was more), the week +0.54 (on record), January to
        # date +0.52; December has no base (the data start on 2 Dec): not computable, said
        record = self.check("High-yield spreads have widened by the most on record.", "2025-01-03")
        assert record.verdict == "consistent"
        assert record.period == "since:2024-12-27" and record.computed == pytest.approx(0.54)
        # the reading that holds first, then the three others
        assert record.reason.startswith("The high-yield spread widened by 0.54 pp in the week to 2025-01-03")
        assert record.reason.count(" / ") == 2 and "No period stated" in record.reason
        assert ("the largest one-day widening since 2025-01-02 (3rd of 24; no value in between, so the facts "
                "would not call it a record), not a record") in record.reason
        assert "before the data start" in record.reason
        # one month of changes is no record of a month (the facts' rule: three values beaten)
        assert "no record: too few earlier monthly changes to compare with (1st of 1)" in record.reason
        assert "the claim holds in the week to 2025-01-03. The other readings:" in record.reason


@pytest.mark.shared_data
class TestOnTheSnapshot:
    """April 2025: the Russell 2000's worst week since March 2020 and the high-yield spread's
    biggest one-day and weekly widening since then."""

    @pytest.fixture(autouse=True)
    def _data(self, shared_data, tmp_path_factory):
        self.csv = lambda key: read_csv(str(shared_data), key)
        self.run = checker(shared_data, tmp_path_factory.mktemp("cache"))

    def weekly(self, key, as_of):
        ends = self.csv(key).loc[:as_of].resample("W-FRI").last().dropna()
        return ends

    def test_worst_week_since_march_2020(self):
        for as_of in ("2025-04-04", "2025-04-05", "2025-04-06"):  # the Friday and the weekend after
            record, = self.run("The Russell 2000 lost 9.7% this week, its worst week since March 2020.", as_of)
            ends = self.weekly("RUT", "2025-04-04")
            returns = ends.pct_change().dropna()
            value = returns.loc["2025-04-04"]
            worse = returns.loc[:"2025-03-28"][returns.loc[:"2025-03-28"] <= value]
            assert record["computed"] == pytest.approx(value, abs=1e-9)
            assert record["computed_since"] == f"{worse.index[-1]:%Y-%m-%d}" == "2020-03-20"
            assert record["verdict"] == "consistent", record["reason"]

    def test_its_worst_week_written_on_monday_is_the_week_before(self):
        record, = self.run("The Russell 2000 had its worst week since March 2020.", "2025-04-07")
        assert (record["period"], record["period_end"]) == ("since:2025-03-28", "2025-04-04")
        assert record["computed_since"] == "2020-03-20" and record["verdict"] == "consistent"
        assert "read as the latest complete week, to 2025-04-04" in record["reason"]

    def test_one_day_widening_the_most_since_march_2020(self):
        record, = self.run("High-yield spreads widened 59 basis points on Thursday, the most since March 2020.",
                           "2025-04-04")
        hy = self.csv("BAMLH0A0HYM2").loc[:"2025-04-03"]
        change = round(hy.iloc[-1] - hy.iloc[-2], 10)
        earlier = hy.diff().round(10).iloc[:-1]
        assert record["computed"] == pytest.approx(change) and change == pytest.approx(0.59)
        assert record["computed_since"] == f"{earlier[earlier >= change].index[-1]:%Y-%m-%d}" == "2020-03-23"
        assert record["verdict"] == "consistent"

    def test_ten_year_biggest_weekly_drop(self):
        record, = self.run("The 10-year yield posted its biggest weekly drop since 2023.", "2025-04-04")
        changes = self.weekly("DGS10", "2025-04-04").diff().round(10).dropna()
        value = changes.loc["2025-04-04"]
        since = changes.loc[:"2025-03-28"][changes.loc[:"2025-03-28"] <= value].index[-1]
        assert record["computed"] == pytest.approx(value) and value < 0
        assert record["computed_since"] == f"{since:%Y-%m-%d}" and since.year == 2024
        assert record["verdict"] == "differs" and "the largest weekly fall since the week to" in record["reason"]

    def test_over_the_past_week_with_a_weekly_record_is_among_weeks(self):
        """April 2025's "biggest weekly rise since 2001" said of "the past week": compared with every
        earlier week to Friday (was: every earlier run of five sessions, overlapping: "since 2022",
        differs). On the Friday the same week as "this week"; mid-week the trailing seven days
        against the weeks."""
        text = "The 10-year Treasury yield rose about 50 basis points over the past week, its biggest weekly increase since 2001."
        record, = self.run(text, "2025-04-11")
        this_week, = self.run(text.replace("over the past week", "this week"), "2025-04-11")
        changes = self.weekly("DGS10", "2025-04-11").diff().round(10).dropna()
        value = changes.loc["2025-04-11"]
        since = changes.loc[:"2025-04-04"][changes.loc[:"2025-04-04"] >= value].index[-1]
        assert record["computed"] == pytest.approx(value) == pytest.approx(0.47)
        assert record["computed_since"] == this_week["computed_since"] == f"{since:%Y-%m-%d}" == "2001-11-16"
        assert record["verdict"] == "consistent", record["reason"]
        assert "the largest weekly rise since the week to 2001-11-16" in record["reason"]
        # Wednesday 9 April: 2 to 9 April's change against the weeks to Friday before it
        record, = self.run(text.replace("rose about 50", "has risen about 14"), "2025-04-09")
        y = self.csv("DGS10")
        value = round(y.loc[:"2025-04-09"].iloc[-1] - y.loc[:"2025-04-02"].iloc[-1], 10)
        weeks = changes.loc[:"2025-04-04"]
        assert record["computed"] == pytest.approx(value)
        assert record["computed_since"] == f"{weeks[weeks >= value].index[-1]:%Y-%m-%d}"
        assert record["verdict"] == "differs" and "the largest weekly rise since the week to 2025-" in record["reason"]

    def test_no_period_holds_for_the_week_not_the_month(self):
        record, = self.run("High-yield spreads have widened by the most since March 2020.", "2025-04-04")
        assert record["verdict"] == "consistent" and record["period"] == "since:2025-03-28"
        assert record["link"].endswith("#panel-spreads")
        # on Tuesday 8 April: the day, the week to date, the week to 4 April, April to date, March
        later, = self.run("High-yield spreads have widened by the most since March 2020.", "2025-04-08")
        assert later["reason"].count(" / ") == 3  # the reading that holds, then the four others
        assert later["verdict"] == "consistent" and later["period"] == "since:2025-03-28"
        assert "holds in the week to 2025-04-04" in later["reason"]
        none, = self.run("High-yield spreads have widened by the most in more than seven years.", "2025-04-08")
        assert none["verdict"] == "differs" and "the claim holds in none" in none["reason"]
        # none holds: shown first is the reading nearest the claim, the week to 4 April's widening,
        # the largest since the week to 2020-03-20 (it was March's, the last complete month's,
        # whatever the others said)
        assert none["period"] == "since:2025-03-28" and none["reason"].startswith(
            "The high-yield spread widened by 0.98 pp in the week to 2025-04-04")
        assert "since the week to 2020-03-20" in none["reason"].split(". No period stated")[0]


class TestYearToDateChanges:
    """A yield's or spread's change "so far this year" or "in the first half" and its record: against
    the change to the same point of every earlier year (was: every earlier calendar year's whole
    change, "the largest annual widening since 2011")."""

    def test_the_same_point_of_each_year_by_hand(self):
        from analytics.facts_rates import to_ytd_changes
        levels = pd.Series([1.0, 1.5, 1.2, 2.0, 2.6, 2.1, 3.0],
                           index=pd.DatetimeIndex(["2020-12-31", "2021-06-30", "2021-12-31", "2022-06-29",
                                                   "2022-12-30", "2023-06-30", "2023-07-03"]))
        got = to_ytd_changes(levels, as_of=T("2023-06-30"))
        # 2021: 1.5 - 1.0; 2022: 2.0 (29 June, the last on or before 30 June) - 1.2; 2023: 2.1 - 2.6
        assert list(got.index) == [T("2021-06-30"), T("2022-06-29"), T("2023-06-30")]
        assert got.tolist() == pytest.approx([0.5, 0.8, -0.5])

    @pytest.mark.shared_data
    def test_investment_grade_spreads_first_half_of_2022(self, shared_data, tmp_path):
        ig = read_csv(str(shared_data), "BAMLC0A0CM")
        changes = {}
        for year in range(ig.index[0].year + 1, 2023):
            base, point = ig.loc[:f"{year - 1}-12-31"], ig.loc[:f"{year}-06-30"]
            if len(base):
                changes[year] = round(point.iloc[-1] - base.iloc[-1], 10)
        value = changes[2022]
        wider = [y for y, c in changes.items() if y < 2022 and c >= value]
        assert value == pytest.approx(0.66) and wider[-1] == 2008
        run = checker(shared_data, tmp_path)
        record, = run("Investment-grade spreads widened about 0.6 percentage point in the first half, the most for a "
                      "first half since 2008.", "2022-06-30")
        assert record["computed"] == pytest.approx(value) and record["computed_since"].startswith("2008-")
        assert record["verdict"] == "consistent", record["reason"]
        assert f"the largest first-half widening since 2008 ({len(wider) + 1}" in record["reason"]


def test_a_figure_none_of_the_readings_supports_leads_with_the_nearest():
    """'rose 22 basis points' with no period: of the day (+0.05 pp), the week to date (+0.30), the
    month to date (+0.11) and the last month (-0.01) none is within its floor; the week's +0.30 is
    nearest (0.08 off, the month to date 0.11) and comes first (it was the last complete month's,
    whatever the others said)."""
    from analytics.claims.base import Outcome
    from analytics.claims.rate_measures import nearest_reading
    from analytics.claims.spec import Spec

    readings = [("day", Outcome(computed=0.05)), ("week", Outcome(computed=0.30)),
                ("month", Outcome(computed=0.11)), ("last month", Outcome(computed=-0.01))]
    assert nearest_reading(readings, Spec(clause="c", measure="change", stated=0.22))[0] == "week"
    assert nearest_reading(readings, Spec(clause="c", measure="change", stated=0.12))[0] == "month"
    # unsigned ("moved 4 bp"): magnitudes, the day's 0.05 nearest (signed, the last month's -0.01 would be)
    assert nearest_reading(readings, Spec(clause="c", measure="change", stated=-0.04, unsigned=True))[0] == "day"
    assert nearest_reading(readings, Spec(clause="c", measure="change", stated=-0.04))[0] == "last month"
    # a record alone: the record reaching furthest back
    records = [("day", Outcome(computed_since="2024-12-18")), ("week", Outcome(computed_since="2020-03-20")),
               ("month", Outcome(computed_since=None))]
    assert nearest_reading(records, Spec(clause="c", measure="change"))[0] == "week"
    records.append(("last month", Outcome(computed_since="on record")))
    assert nearest_reading(records, Spec(clause="c", measure="change"))[0] == "last month"
