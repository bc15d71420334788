"""Records that mean something (issue 12, section 2): the record-clause rules, rank and
comparables, on tiny hand-computed fixtures and on the real snapshot (../shared/data)."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from analytics.facts import calc_headline_facts
from analytics.facts_common import MIN_BETWEEN, MIN_RECORD_DAYS, RECORD_DAYS, rank_phrase, states_record
from analytics.facts_rates import change_record_fact, level_record_fact
from analytics.records import RecordResult, calc_record_since

T = pd.Timestamp


def levels(pairs, name="DGS10") -> pd.Series:
    pairs = list(pairs)
    return pd.Series([float(v) for _, v in pairs], index=pd.DatetimeIndex([d for d, _ in pairs]),
                     name=name)


# ----------------------------------------------------------------------------- since-X rules


class TestLevelRecordRules:
    def test_three_values_between_and_thirty_days_back_states_the_record(self):
        # 4.6 on 2025-01-31, then 4.1, 4.2, 4.3 (three values below 4.5), then 4.5 on 2025-03-02:
        # the highest since 2025-01-31, 30 days back, beating three values: stated.
        fact = level_record_fact(levels([("2025-01-31", 4.6), ("2025-02-10", 4.1),
                                         ("2025-02-17", 4.2), ("2025-02-24", 4.3),
                                         ("2025-03-02", 4.5)]), "DGS10", panel="rates")
        assert (fact.record_since, fact.direction, fact.record_stated) == ("2025-01-31", "high", True)
        assert (fact.rank, fact.comparables) == (2, 5)  # 4.6 is higher
        assert fact.text == "The 10-year Treasury yield, at 4.50%, is the highest since 2025-01-31."

    def test_twenty_nine_days_back_is_too_recent(self):
        # the same values, X one day later: 29 days before the value
        fact = level_record_fact(levels([("2025-02-01", 4.6), ("2025-02-10", 4.1),
                                         ("2025-02-17", 4.2), ("2025-02-24", 4.3),
                                         ("2025-03-02", 4.5)]), "DGS10", panel="rates")
        assert (fact.record_since, fact.record_stated) == ("2025-02-01", False)
        assert fact.text == "The 10-year Treasury yield is at 4.50%."

    def test_two_values_between_are_too_few(self):
        # 60 days back, but only 4.1 and 4.2 lie between
        fact = level_record_fact(levels([("2025-01-01", 4.6), ("2025-01-20", 4.1),
                                         ("2025-02-10", 4.2), ("2025-03-02", 4.5)]),
                                 "DGS10", panel="rates")
        assert (fact.record_since, fact.record_stated, fact.rank, fact.comparables) == (
            "2025-01-01", False, 2, 4)
        assert fact.text == "The 10-year Treasury yield is at 4.50%."

    def test_yesterday_is_noise(self):
        # 4.08 is the highest since the day before (as the 10-year on 2026-02-20 was) and the
        # lowest since 2025-01-02, which beats two values only: neither is stated
        fact = level_record_fact(levels([("2025-01-02", 3.0), ("2025-02-18", 4.10),
                                         ("2025-02-19", 4.09), ("2025-02-20", 4.08)]),
                                 "DGS10", panel="rates")
        assert (fact.direction, fact.record_since, fact.record_stated) == ("low", "2025-01-02", False)
        assert fact.text == "The 10-year Treasury yield is at 4.08%."

    def test_on_record_needs_three_earlier_values(self):
        three = levels([("2024-01-02", 4.0), ("2024-03-01", 4.2), ("2024-05-01", 4.1),
                        ("2024-07-01", 3.5)], "DGS2")
        fact = level_record_fact(three, "DGS2", panel="rates")
        assert (fact.record_since, fact.rank, fact.comparables, fact.record_stated) == (None, 1, 4, True)
        assert fact.text == "The 2-year Treasury yield, at 3.50%, is the lowest on record (since 2024-01-02)."
        two = level_record_fact(three.iloc[1:], "DGS2", panel="rates")
        assert (two.record_since, two.rank, two.comparables, two.record_stated) == (None, 1, 3, False)
        assert two.text == "The 2-year Treasury yield is at 3.50%."


class TestChangeRecordRules:
    # month-end spread levels: changes Sep +0.50, Oct -0.10, Nov +0.05, Dec -0.05, Jan +0.20
    ENDS = [("2024-08-30", 3.00), ("2024-09-30", 3.50), ("2024-10-31", 3.40),
            ("2024-11-29", 3.45), ("2024-12-31", 3.40), ("2025-01-31", 3.60)]

    def test_most_since_with_three_months_between(self):
        spread = levels(self.ENDS + [("2025-02-05", 3.6)], "BAMLH0A0HYM2")
        fact = change_record_fact(spread, "BAMLH0A0HYM2", as_of=T("2025-02-05"), panel="spreads")
        # January +0.20: largest since September (+0.50); Oct, Nov, Dec between -> stated
        assert fact.value == pytest.approx(0.2)
        assert (fact.record_since, fact.rank, fact.comparables, fact.record_stated) == (
            "2024-09-30", 2, 5, True)
        assert fact.text == ("The high-yield spread widened by 0.20 percentage points in January 2025 "
                             "(to 3.60%), the most since September 2024.")

    def test_most_since_last_month_is_noise(self):
        # December -0.05 is the largest tightening since October (-0.10): only November between
        spread = levels(self.ENDS[:-1] + [("2025-01-03", 3.4)], "BAMLH0A0HYM2")
        fact = change_record_fact(spread, "BAMLH0A0HYM2", as_of=T("2025-01-03"), panel="spreads")
        assert fact.value == pytest.approx(-0.05)
        assert (fact.record_since, fact.rank, fact.comparables, fact.record_stated) == (
            "2024-10-31", 2, 4, False)
        assert fact.text == "The high-yield spread tightened by 0.05 percentage points in December 2024 (to 3.40%)."


class TestStatesRecord:
    def record(self, values, at=None, direction="high"):
        index = pd.date_range("2025-01-01", periods=len(values), freq="7D")
        return calc_record_since(pd.Series(values, index=index, dtype="float64"), direction=direction,
                                 at=at)

    def test_constants(self):
        assert (MIN_BETWEEN, MIN_RECORD_DAYS) == (3, 30)
        assert RECORD_DAYS == {"level_record": 30, "change_record": 30, "correlation": 365}

    def test_between_counts_for_every_kind(self):
        # 9, then 1, 2 (two between), then 5: weekly values, 21 days back
        two = self.record([9, 1, 2, 5])
        three = self.record([9, 1, 2, 3, 5])  # 28 days back
        for kind in ("return", "relative_return", "drawdown"):
            assert not states_record(two, kind) and states_record(three, kind)
        # level and change records and correlations also need 30 days: 28 is too few
        for kind in ("level_record", "change_record", "correlation"):
            assert not states_record(three, kind)
        five = self.record([9, 1, 2, 3, 4, 5])  # 35 days
        assert states_record(five, "level_record") and states_record(five, "change_record")
        # a rolling correlation's record needs a year (its windows overlap): 364 days no, 371 yes
        assert not states_record(self.record([9, *[1] * 51, 5]), "correlation")
        assert states_record(self.record([9, *[1] * 52, 5]), "correlation")


class TestRankClause:
    """A value without a stated record says where it ranks when it is among the 3 most extreme, or
    the most extreme 1%, of 30 or more values."""

    def test_level_among_the_three_lowest(self):
        # 40 days falling from 5.0 to 4.61, then 4.3, 4.45, 4.4: the lowest since 4.3 two days
        # before (one value between: no clause), but the 2nd-lowest of all 43 values
        values = [("2024-01-%02d" % (i + 1), 5.0 - 0.01 * i) for i in range(31)]
        values += [("2024-02-%02d" % (i + 1), 4.69 - 0.01 * i) for i in range(9)]
        values += [("2024-02-20", 4.3), ("2024-02-21", 4.45), ("2024-02-22", 4.4)]
        fact = level_record_fact(levels(values), "DGS10", panel="rates")
        assert (fact.direction, fact.record_since, fact.rank, fact.comparables, fact.record_stated) == (
            "low", "2024-02-20", 2, 43, False)
        assert fact.text == "The 10-year Treasury yield is at 4.40%, the 2nd-lowest of the 43 days since 2024."

    def test_fourth_or_short_history_says_nothing(self):
        # 4.36 after 4.30, 4.32, 4.34, 4.37: lowest since 4.34 (one value between), 4th-lowest
        values = [("2024-01-%02d" % (i + 1), 5.0 - 0.01 * i) for i in range(31)]
        values += [("2024-02-01", 4.3), ("2024-02-02", 4.32), ("2024-02-05", 4.34), ("2024-02-06", 4.37),
                   ("2024-02-07", 4.36)]
        fact = level_record_fact(levels(values), "DGS10", panel="rates")
        assert (fact.direction, fact.rank, fact.comparables) == ("low", 4, 36)
        assert fact.text == "The 10-year Treasury yield is at 4.36%."
        short = level_record_fact(levels(values[-5:]), "DGS10", panel="rates")
        assert short.text == "The 10-year Treasury yield is at 4.36%."  # 5 values only

    def test_the_share_rule_on_a_record_result(self):
        # rank 8 of 6,458 (the 63-day correlation of IWM on 2026-07-13): within 1% (64.58)
        record = RecordResult(value=-0.73, at=pd.Timestamp("2026-07-13"), direction="low",
                              record_since=pd.Timestamp("2026-06-15"), is_record=False,
                              history_start=pd.Timestamp("2000-08-25"), rank=8, comparables=6458, between=17)
        words = ("most positive", "most negative")
        assert rank_phrase(record, words, "values") == "the 8th-most negative of the 6,458 values since 2000"
        assert rank_phrase(replace(record, rank=64), words, "values").startswith("the 64th-most negative")
        assert rank_phrase(replace(record, rank=65), words, "values") == ""
        assert rank_phrase(replace(record, rank=3, comparables=30), words, "values").startswith("the 3rd-")
        assert rank_phrase(replace(record, rank=1, comparables=29), words, "values") == ""


# ----------------------------------------------------------------------------- events: rank


class TestElectionRank:
    # Closes on four election days and 30 days after each (dates of a toy history):
    #   2012 +10 %, 2016 +30 %, 2020 +5 %, 2024 +8 % (as of 30 days later).
    DAYS = ["2012-11-06", "2012-12-06", "2016-11-08", "2016-12-08", "2020-11-03", "2020-12-03",
            "2024-11-05", "2024-12-05"]
    RUT = levels(zip(DAYS, [100, 110, 100, 130, 100, 105, 100, 108]), "RUT")
    ELECTIONS = ("2012-11-06", "2016-11-08", "2020-11-03", "2024-11-05")

    def fact(self, rut=None):
        sheet = calc_headline_facts({"RUT": self.RUT if rut is None else rut}, as_of="2024-12-05",
                                    elections=self.ELECTIONS)
        return sheet.by_id()["return:RUT:since_election"]

    def test_best_since_2020_is_the_third_best_of_four(self):
        # +8 % beats 2020 (+5 %) only: "best since the 2016 election" would beat one value.
        fact = self.fact()
        assert fact.value == pytest.approx(0.08)
        assert (fact.record_since, fact.rank, fact.comparables, fact.record_stated) == (
            "2016-11-08", 3, 4, False)
        assert fact.text == ("The Russell 2000 is up 8.0% since the 2024-11-05 presidential election "
                             "(as of 2024-12-05), the 3rd-best of the 4 presidential elections since "
                             "2012 over the same span.")

    def test_best_of_all_is_stated_on_record(self):
        rut = self.RUT.copy()
        rut["2024-12-05"] = 140.0  # +40 %: better than all three earlier elections
        fact = self.fact(rut)
        assert (fact.record_since, fact.rank, fact.comparables, fact.record_stated) == (None, 1, 4, True)
        assert fact.text.endswith(", its best return over the same span after a presidential election "
                                  "on record (since 2012-11-06).")


# ----------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_sheet(shared_data, tmp_path_factory):
    """The headline facts on the snapshot, as the CLI states them, per as-of date."""
    from flask import Flask

    from config import Config, DataSpec
    from loaders.cache import loader_cache
    from loaders.source import DataSource
    from panels.fact_series import load_fact_series

    config = Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("cache"))
    series = load_fact_series(DataSource(config, loader_cache(config, Flask("records")))).series
    sheets = {}

    def sheet(as_of: str):
        if as_of not in sheets:
            sheets[as_of] = calc_headline_facts(series, as_of=as_of).by_id()
        return sheets[as_of]

    return sheet


@pytest.mark.shared_data
class TestRealSnapshot:
    def test_a_return_since_a_fed_move_ranks_among_announced_moves(self, real_sheet):
        # as of 2022-10-12 the S&P 500 since the 2022-09-21 hike was "the 3rd-worst of the 87 Fed
        # hikes since 1983": 42 of them FRED target steps before 1994 (1/16 to 3/16 pp), which the
        # Fed did not announce; among the hikes announced since 1994-02-04 it is the 2nd-worst of 45
        fact = real_sheet("2022-10-12")["return:GSPC:since_fed_move"]
        assert (fact.rank, fact.comparables, fact.history_start) == (2, 45, "1994-02-04")
        assert fact.text.endswith("the 2nd-worst of the 45 Fed hikes since 1994 over the same span.")
        old = real_sheet("1990-12-31")["return:RUT:since_fed_move"]  # before 1994: the target era's moves
        assert old.history_start < "1990-01-01"

    def test_a_gaps_record_names_the_return_gap(self, real_sheet):
        # "outperformed ... by 14.1 percentage points in 2001, its best relative year since 1991": the
        # record is of the return gap (pp), while 2001's relative return (+16.2%, the ratio's change)
        # is the best on record; the sentence must name the measure it ranks
        sheet = real_sheet("2002-01-26")
        assert sheet["relative_return:RUT-GSPC:year"].text == (
            "The Russell 2000 outperformed the S&P 500 by 14.1 percentage points in 2001, its best annual "
            "return gap since 1991.")
        assert not any("relative" in f.text for f in sheet.values() if f.kind == "relative_return")

    @pytest.mark.parametrize("weekend", ["2013-06-22", "2008-10-18", "2008-10-19"])
    def test_a_weekends_past_month_is_the_month_into_its_last_close(self, real_sheet, weekend):
        # "over the past month (as of 2013-06-21)" as of Saturday 2013-06-22 was measured from the
        # 2013-05-22 close (982.26): -1.9% for the Russell 2000; the month into Friday 06-21 is from
        # the 05-21 close (998.78 -> 963.68, -3.5%, by hand), what the sentence dates and what its
        # rank compares. As of Sunday 2008-10-19: -30.2%, "its worst since 1987-11-10"; Friday's
        # month was -22.2% (676.38 -> 526.43)
        friday = str((pd.Timestamp(weekend) - pd.offsets.Week(weekday=4)).date())
        for fact_id in ("return:RUT:1m", "return:GSPC:1m", "relative_return:RUT-GSPC:1m"):
            on_weekend, on_friday = real_sheet(weekend)[fact_id], real_sheet(friday)[fact_id]
            assert (on_weekend.text, on_weekend.value, on_weekend.start, on_weekend.rank) == (
                on_friday.text, on_friday.value, on_friday.start, on_friday.rank), fact_id
        assert round(real_sheet("2013-06-22")["return:RUT:1m"].value, 3) == round(963.68 / 998.78 - 1, 3) == -0.035
        assert round(real_sheet("2008-10-19")["return:RUT:1m"].value, 3) == round(526.43 / 676.38 - 1, 3)

    def test_russell_2000_since_the_2024_election_is_seventh_of_ten(self, real_sheet):
        # As of 2026-02-20: +17.8 % over 472 days; 1992, 1996, 2004, 2012, 2016 and 2020 (+24.5 %)
        # did better over the same span. It was "its best ... since the 2020 election" with a
        # record badge: a claim that beats no election at all.
        fact = real_sheet("2026-02-20")["return:RUT:since_election"]
        assert round(fact.value, 3) == 0.178
        assert (fact.rank, fact.comparables, fact.record_stated) == (7, 10, False)
        assert fact.text == ("The Russell 2000 is up 17.8% since the 2024-11-05 presidential election "
                             "(as of 2026-02-20), the 7th-best of the 10 presidential elections since "
                             "1988 over the same span.")
        from callbacks.facts import is_record

        assert not is_record(fact)

    def test_the_pairs_gap_since_the_election_is_ranked_as_a_return_gap(self, real_sheet):
        # As of 2026-02-20, 472 days after each election's close, Russell 2000 minus S&P 500 (by
        # hand with pandas on the aligned closes): 1996 -11.2 pp, 1988 -10.0, 2020 -4.6, 2024 -1.7,
        # then 2016 +1.2 ... 1992 +20.9: the 4th-worst. The sentence named it "relative return"
        # (the ratio's change, in %), a measure the fact does not carry.
        fact = real_sheet("2026-02-20")["relative_return:RUT-GSPC:since_election"]
        assert (fact.unit, round(fact.value, 1), fact.rank, fact.comparables) == ("pp", -1.7, 4, 10)
        assert fact.text == ("The Russell 2000 is behind the S&P 500 by 1.7 percentage points since the "
                             "2024-11-05 presidential election (as of 2026-02-20), the 4th-worst return gap "
                             "of the 10 presidential elections since 1988 over the same span.")

    def test_sp500_since_the_2024_election_ranks_eighth_of_ten(self, real_sheet):
        # As of 2025-01-13: +0.9 % over 69 days, "best since 2020". Seven of the nine earlier
        # elections did better (1988, 1992, 1996, 2004, 2012, 2016, 2020); 2000 and 2008 worse.
        fact = real_sheet("2025-01-13")["return:GSPC:since_election"]
        assert round(fact.value, 3) == 0.009
        assert (fact.rank, fact.comparables, fact.record_stated) == (8, 10, False)
        assert "the 8th-best of the 10 presidential elections since 1988" in fact.text
        assert "since the 2020-11-03" not in fact.text

    def test_a_stated_election_record_beats_three_elections(self, real_sheet):
        # The Russell 2000's -2.9 % is its worst since 2008: 2012, 2016 and 2020 lie between.
        fact = real_sheet("2025-01-13")["return:RUT:since_election"]
        assert (fact.record_since, fact.rank, fact.comparables, fact.record_stated) == (
            "2008-11-04", 3, 10, True)
        assert fact.text.endswith("its worst return over the same span after a presidential election "
                                  "since the 2008-11-04 presidential election.")

    def test_ten_year_at_4_08_percent_is_not_the_highest_since_yesterday(self, real_sheet):
        fact = real_sheet("2026-02-20")["level_record:DGS10"]
        assert (fact.value, fact.record_since, fact.record_stated) == (4.08, "2026-02-19", False)
        assert fact.text == "The 10-year Treasury yield is at 4.08%."

    def test_ig_spread_tightening_of_0_01_is_not_the_most_since_november(self, real_sheet):
        fact = real_sheet("2025-01-13")["change_record:BAMLC0A0CM:month"]
        assert (round(fact.value, 2), fact.record_since, fact.record_stated) == (-0.01, "2024-11-30", False)
        assert fact.text == ("The investment-grade spread tightened by 0.01 percentage points in "
                             "December 2024 (to 0.82%).")

    def test_russell_one_month_fall_in_march_2020_ranks_second(self, real_sheet):
        # -40.3 % over the month to 2020-03-23: the worst since a few days before (no record
        # clause), but the 2nd-worst trailing one-month return since 1987
        fact = real_sheet("2020-03-23")["return:RUT:1m"]
        assert (fact.rank, fact.comparables, fact.record_stated) == (2, 8177, False)
        assert fact.text == ("The Russell 2000 is down 40.3% over the past month (as of 2020-03-23), "
                             "the 2nd-worst of the 8,177 one-month returns since 1987.")

    def test_ten_year_highest_since_october_2023_still_stated(self, real_sheet):
        fact = real_sheet("2025-01-13")["level_record:DGS10"]
        assert fact.record_stated and fact.rank > 1 and fact.comparables > 15000
        assert fact.text == "The 10-year Treasury yield, at 4.79%, is the highest since 2023-10-31."

    @pytest.mark.parametrize("as_of", ["2025-01-13", "2026-02-20", "2020-03-23", "2008-10-10"])
    def test_every_stated_record_obeys_the_rules(self, real_sheet, as_of):
        facts = real_sheet(as_of).values()
        for fact in facts:
            if fact.kind == "regime":
                assert fact.rank is None and fact.comparables is None and not fact.record_stated
                continue
            assert 1 <= fact.rank <= fact.comparables, fact
            text = re.sub(r", the [\w -]+ of the [\d,]+ [\w -]+ since \d{4}( over the same span)?", "",
                          fact.text)  # a rank clause is no record claim
            claims = " since " in text.split(" (as of")[-1] or "on record" in text
            if fact.kind == "drawdown":
                continue  # "below its <date> peak" is not a record clause
            if claims and "presidential election (as of" not in fact.text and "Fed" not in fact.text:
                assert fact.record_stated, fact.text
            if not fact.record_stated:
                assert "on record" not in fact.text and "the most since" not in fact.text, fact.text
                assert "est since" not in fact.text, fact.text
            else:  # and the other way: a fact marked as stating a record states it (the export's
                # "Record since" column showed 2026-02-12 beside "The Russell 2000 fell 0.05% on
                # 2026-02-20.", a record of four days that returns do not state)
                assert claims, fact.text


def test_export_table_shows_rank_and_only_stated_records():
    """The facts PNG's table: "Rank" as "2nd-highest of 5" (it was "2 of 5": best or worst?),
    "Record since" only for a record the sentence states (it showed 2026-02-19 for "the 10-year
    ... highest since" the day before)."""
    from components.figures.facts import build_facts_figure

    stated = level_record_fact(levels([("2025-01-31", 4.6), ("2025-02-10", 4.1), ("2025-02-17", 4.2),
                                       ("2025-02-24", 4.3), ("2025-03-02", 4.5)]), "DGS10", panel="rates")
    noise = level_record_fact(levels([("2025-01-02", 3.0), ("2025-02-19", 4.09), ("2025-02-20", 4.09)]),
                              "DGS10", panel="rates")
    table = build_facts_figure([stated, noise], as_of="2025-03-02", source_line="s").data[0]
    assert list(table.header.values) == ["Fact", "Period", "Rank", "Record since"]
    assert list(table.cells.values[2]) == ["2nd-highest of 5", "highest of 3"]
    assert stated.record_stated and not noise.record_stated and noise.record_since == "2025-02-19"
    assert list(table.cells.values[3]) == [stated.record_since, ""]


def test_record_of_states_the_fact_value_and_leaves_the_history_alone():
    """The newest comparable is replaced by the fact's own value (a NaN there too), the earlier
    ones (NaN dropped) are the history; the caller's series is not changed."""
    from analytics.facts_common import record_of

    days = pd.to_datetime(["2020-01-31", "2020-02-28", "2020-03-31", "2020-04-30", "2020-05-29"])
    history = pd.Series([0.05, float("nan"), 0.02, 0.04, float("nan")], index=days, name="r")
    kept = history.copy()
    high = record_of(history, 0.03, "high")
    # 0.03 on 2020-05-29: the last earlier value >= 0.03 is 0.04 (2020-04-30); 0.05 beats it too
    assert (high.value, high.at, high.record_since, high.rank, high.comparables, high.between) == (
        0.03, days[4], days[3], 3, 4, 0)
    low = record_of(history, 0.01, "low")
    assert low.is_record and low.history_start == days[0] and low.between == 3 and low.rank == 1
    pd.testing.assert_series_equal(history, kept)
    with pytest.raises(ValueError):
        record_of(pd.Series(["0.01", "x", "0.02"], index=days[:3]), 0.0, "high")


def test_record_of_values_equals_record_of_the_series():
    """The array path gives the record the series path gives: random histories with missing
    values, ties and both directions; the caller's values are not changed."""
    import numpy as np

    from analytics.facts_common import FactSkipped, record_of, record_of_values

    rng = np.random.default_rng(5)
    for trial in range(300):
        n = int(rng.integers(1, 60))
        days = pd.bdate_range("2001-01-01", periods=n)
        values = rng.integers(-5, 6, n).astype("float64")  # small integers: many ties
        values[rng.random(n) < 0.2] = np.nan
        kept = values.copy()
        value = float(rng.integers(-5, 6))
        for direction in ("high", "low"):
            assert record_of_values(days, values, value, direction) == record_of(
                pd.Series(values, index=days), value, direction), (trial, direction)
        assert np.array_equal(values, kept, equal_nan=True)
    with pytest.raises(FactSkipped):
        record_of_values(pd.DatetimeIndex([]), np.array([]), 0.1, "high")
    with pytest.raises(ValueError, match="direction"):
        record_of_values(days, values, 1.0, "up")


def test_the_facts_png_holds_every_row_or_says_how_many_are_in_the_csv():
    """A day's 42 facts need about 1,900 CSS pixels: capped at 1,600, the PNG ended mid-row
    without a word (the correlations and the Fed regime missing). The figure's own height may
    now reach OWN_HEIGHT_MAX; beyond it the title says how many facts only the CSV holds."""
    from dataclasses import replace

    from components.figures.facts import build_facts_figure, table_height
    from components.png import HEIGHT, OWN_HEIGHT_MAX, ImageSize

    fact = level_record_fact(levels([("2025-01-31", 4.6), ("2025-02-10", 4.1), ("2025-02-17", 4.2),
                                     ("2025-02-24", 4.3), ("2025-03-02", 4.5)]), "DGS10", panel="rates")
    day = [replace(fact, text=fact.text + " x" * (30 * (i % 3))) for i in range(42)]
    assert HEIGHT[1] < table_height(day) <= OWN_HEIGHT_MAX
    figure = build_facts_figure(day, as_of="2025-03-02", source_line="s")
    assert len(figure.data[0].cells.values[0]) == 42 and figure.layout.title.text == "Headline facts as of 2025-03-02"
    size, _ = ImageSize.parse(default_height=figure.layout.height)
    assert size.height == figure.layout.height  # not cut to 1,600
    many = day * 4
    figure = build_facts_figure(many, as_of="2025-03-02", source_line="s")
    shown = len(figure.data[0].cells.values[0])
    assert shown < len(many) and figure.layout.height <= OWN_HEIGHT_MAX
    assert figure.layout.title.text == f"Headline facts as of 2025-03-02 (the first {shown}; {len(many) - shown} more in the CSV)"


def test_a_monthly_series_is_fresh_for_six_weeks_after_its_last_month_end():
    # month-end levels to 2020-01-31: as of 2020-03-16 (45 days) the year to date stands, as of
    # 2020-03-17 (46 days) they are skipped, and the reason says the limit is a monthly series'
    ends = pd.date_range("2015-01-31", "2020-01-31", freq="ME")
    levels = pd.Series(np.linspace(100.0, 160.0, len(ends)), index=ends)
    series = {"RUT": levels, "GSPC": levels * 1.1}
    observed = {"RUT": "M", "GSPC": "M"}
    fresh = calc_headline_facts(series, as_of="2020-03-16", observed=observed, groups=("returns",)).by_id()
    assert fresh["return:RUT:ytd"].text.startswith("The Russell 2000 is up") and "(as of 2020-01-31)" in fresh["return:RUT:ytd"].text
    stale = calc_headline_facts(series, as_of="2020-03-17", observed=observed, groups=("returns",))
    assert "return:RUT:ytd" not in stale.by_id()
    assert dict(stale.skipped)["return:RUT:ytd"] == (
        "series RUT: last observation 2020-01-31 is 46 days before 2020-03-17 (more than 45 for a monthly series)")
    daily = calc_headline_facts(series, as_of="2020-03-16", groups=("returns",))  # read as daily: 14 days
    assert "(more than 14)" in dict(daily.skipped)["return:RUT:ytd"]
