"""Records of a yield's or spread's change over quarters and years ("rose 236 basis points in
2022, its biggest annual increase on record", "its biggest quarterly rise since 1981"), by hand
and on the snapshot against its FRED file read with pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text
from tests.claims_snapshot import read_csv


def _check(text, series, as_of):
    return [r.__dict__ for r in check_text(text, series, as_of=as_of).claims]


def _year_ends(ends: dict[int, float]) -> pd.Series:
    """A yield at ``ends[year]`` over each year's business days (flat within a year)."""
    days = pd.bdate_range(f"{min(ends)}-01-01", f"{max(ends)}-12-31")
    return pd.Series([ends[d.year] for d in days], index=days, dtype="float64")


def test_a_years_change_against_every_earlier_year_by_hand():
    # year-end levels 2.0 (2015) .. : changes 2016 +0.5, 2017 -0.25, 2018 +1.0, 2019 +0.5, 2020 -1.0, 2021 +2.0
    yields = _year_ends({2015: 2.0, 2016: 2.5, 2017: 2.25, 2018: 3.25, 2019: 3.75, 2020: 2.75, 2021: 4.75})
    record, = _check("The 10-year yield rose 200 basis points in 2021, its biggest annual increase on record.",
                     {"DGS10": yields}, "2021-12-31")
    assert record["computed"] == pytest.approx(2.0) and record["verdict"] == "consistent"
    assert "the largest annual rise on record" in record["reason"]
    since, = _check("The 10-year yield rose 100 basis points in 2018, its biggest annual increase since 2016.",
                    {"DGS10": yields}, "2018-12-31")
    # 2018's +1.0 beats 2016's +0.5 and 2017's change: a record of the (short) history, too few to state
    assert since["computed"] == pytest.approx(1.0) and since["verdict"] != "consistent"
    assert "too few earlier annual changes" in since["reason"]


@pytest.mark.shared_data
def test_the_10_year_yields_2022_on_the_snapshot(claims_run, shared_data):
    dgs10 = read_csv(str(shared_data), "DGS10").loc[:"2022-12-30"]
    yearly = dgs10.groupby(dgs10.index.year).last().diff().dropna()
    said, = claims_run("The 10-year yield rose 236 basis points in 2022, its biggest annual increase on record.", "2022-12-30")
    assert said["computed"] == pytest.approx(yearly.loc[2022], abs=1e-9)
    on_record = bool((yearly.loc[:2021] < yearly.loc[2022]).all())
    assert said["verdict"] == ("consistent" if on_record and round(100 * yearly.loc[2022]) == 236 else "differs")
    quarterly = read_csv(str(shared_data), "DGS2").loc[:"2022-09-30"]
    changes = quarterly.groupby(quarterly.index.to_period("Q")).last().diff().dropna()
    q3, = claims_run("The 2-year yield jumped 130 basis points in the third quarter, its biggest quarterly rise since 1981.",
              "2022-09-30")
    assert q3["computed"] == pytest.approx(changes.iloc[-1], abs=1e-9)
    bigger = changes.iloc[:-1][changes.iloc[:-1] >= changes.iloc[-1]]
    assert q3["computed_since"] == f"{bigger.index[-1].end_time:%Y-%m-%d}"
    assert q3["verdict"] == ("consistent" if bigger.index[-1].year == 1981 else "differs")


def test_a_spread_named_after_its_bonds_topping_a_level_by_hand():
    days = pd.bdate_range("2019-12-02", "2022-06-16")
    spread = pd.Series(4.0, index=days)
    spread.loc["2020-11-03"] = 5.2  # the last close above 5 before
    spread.iloc[-1] = 5.17
    first, = _check("The spread on junk bonds topped 5 percentage points for the first time since 2020.",
                    {"BAMLH0A0HYM2": spread}, "2022-06-16")
    # a level crossed (it was read as a change of 5 pp since 2020)
    assert (first["series"], first["measure"], first["computed"]) == ("BAMLH0A0HYM2", "level", 5.17)
    assert first["verdict"] == "consistent" and "the first close above 5% since 2020-11-03" in first["reason"]
    topped, = _check("High-yield spreads topped 500 basis points.", {"BAMLH0A0HYM2": spread}, "2022-06-16")
    assert (topped["measure"], topped["verdict"]) == ("level", "consistent")
    ig, = _check("The spread on investment-grade corporate bonds rose to 1.5%.",
                 {"BAMLC0A0CM": spread * 0.3}, "2022-06-16")
    assert ig["series"] == "BAMLC0A0CM" and ig["computed"] == pytest.approx(1.551)


def test_a_change_in_words_since_part_of_a_month_by_hand():
    days = pd.bdate_range("2024-08-01", "2025-01-13")
    yields = pd.Series(3.8, index=days)
    yields.loc["2024-09-10"] = 3.65  # the close before mid-September (the 11th on)
    yields.loc["2024-09-11":] = 4.0
    yields.iloc[-1] = 4.6
    mid, = _check("The 10-year yield has climbed nearly a full percentage point since mid-September.",
                  {"DGS10": yields}, "2025-01-13")
    assert (mid["period_start"], mid["computed"]) == ("2024-09-10", pytest.approx(0.95))
    assert mid["verdict"] == "consistent"  # (nothing was found: no figure, no period)
    early, = _check("The 10-year yield has climbed about 0.8 percentage point since early September.",
                    {"DGS10": yields}, "2025-01-13")
    assert (early["period_start"], early["computed"], early["verdict"]) == ("2024-08-30", pytest.approx(0.8),
                                                                            "consistent")
    half, = _check("The 10-year yield rose half a percentage point in December.", {"DGS10": yields}, "2025-01-13")
    assert half["stated"] == 0.5 and half["computed"] == pytest.approx(0.0) and half["verdict"] == "differs"


def test_a_streak_of_a_yield_or_a_spread_by_hand():
    fridays = pd.date_range("2022-07-22", "2022-10-21", freq="W-FRI")  # 14 weeks
    levels = [3.0, 2.9] + [2.9 + 0.05 * i for i in range(1, 13)]  # down in the week to 07-29, then up 12 weeks
    days = pd.bdate_range("2022-07-18", "2022-10-21")
    yields = pd.Series(index=days, dtype="float64")
    for friday, level in zip(fridays, levels):
        yields.loc[friday - pd.Timedelta(days=4):friday] = level
    twelve, = _check("The 10-year yield has risen for 12 straight weeks, the longest streak since 1984.",
                     {"DGS10": yields}, "2022-10-21")
    assert (twelve["computed"], twelve["verdict"]) == (12.0, "consistent")  # (nothing was found)
    assert "is not checked" in twelve["reason"]  # (the streak's record)
    spread = pd.Series([3.0, 3.1, 3.2, 3.1, 3.3], index=pd.bdate_range(end="2025-04-11", periods=5))
    one, = _check("High-yield spreads have widened for four straight sessions.", {"BAMLH0A0HYM2": spread},
                  "2025-04-11")
    assert (one["computed"], one["verdict"]) == (1.0, "differs") and "widened in 1 session" in one["reason"]


def test_the_yield_curve_written_as_a_level_by_hand():
    days = pd.bdate_range("2021-06-01", "2025-04-08")
    ten, two = pd.Series(4.0, index=days), pd.Series(4.0, index=days)
    ten.loc["2022-02-09"] = 4.6  # the curve at 0.60 then
    ten.iloc[-1] = 4.55  # 0.55 now: the steepest since 2022-02-09
    series = {"DGS10": ten, "DGS2": two}
    steep, = _check("The yield curve steepened to 55 basis points, the steepest since 2022.", series, "2025-04-08")
    # the curve's level and its record (it was read as a change, 'no record')
    assert (steep["series"], steep["measure"], steep["computed"]) == ("T10Y2Y", "level_record", pytest.approx(0.55))
    assert steep["verdict"] == "consistent" and "the highest since 2022-02-09" in steep["reason"]
    for text in ("The gap between two- and 10-year yields widened to 55 basis points.",
                 "The spread between 2- and 10-year Treasury yields is 55 basis points."):
        level, = _check(text, series, "2025-04-08")
        assert (level["series"], level["measure"], level["verdict"]) == ("T10Y2Y", "level", "consistent"), text
    wider, = _check("The yield curve is 20 basis points wider than a month ago.", series, "2025-04-08")
    assert wider["measure"] == "change_record"  # a comparison, not a level


def test_widened_to_a_level_the_most_since_is_the_levels_record_by_hand():
    # the spread at 3.0 through 2023, 4.7 on 2024-03-01, 3.5 after, 4.6 on the last day (2025-04-08):
    # the highest since 2024-03-01 (a record since 2025 only, not since 2023)
    days = pd.bdate_range("2023-01-02", "2025-04-08")
    spread = pd.Series(3.0, index=days)
    spread.loc["2024-03-01"], spread.loc["2024-03-04":] = 4.7, 3.5
    spread.iloc[-1] = 4.6
    level, = _check("High-yield spreads widened to 4.6%, the most since 2023.", {"BAMLH0A0HYM2": spread}, "2025-04-08")
    # (was: the level, and the day's change "the most since 2023", +110 bp, a record)
    assert (level["measure"], level["computed"], level["computed_since"]) == ("level_record", 4.6, "2024-03-01")
    assert level["verdict"] == "differs"
    within, = _check("High-yield spreads widened to 4.6%, the most since March 2024.", {"BAMLH0A0HYM2": spread},
                     "2025-04-08")
    assert within["verdict"] == "consistent"
    # a move's size stated: the record is the move's
    level, move = _check("High-yield spreads widened by 110 basis points to 4.6%, the most since 2023.",
                         {"BAMLH0A0HYM2": spread}, "2025-04-08")
    assert (level["measure"], move["measure"]) == ("level", "change_record")
    assert "widened by 1.10 pp on the latest trading day" in move["reason"] and "consistent with 110 bp" in move["reason"]


@pytest.mark.parametrize("since, verdict", [("the 1990s", "consistent"), ("the late 1990s", "consistent"),
                                            ("the early 1990s", "differs"), ("the 2000s", "differs")])
def test_a_record_since_a_decade_by_hand(since, verdict):
    # 7% through 1997, 5% after, 6% on the last day: the highest since 1997-12-31
    # (was: "the 1990s" read as the publication day, "the late 1990s" not read)
    days = pd.bdate_range("1995-01-02", "2024-12-31")
    ten = pd.Series(5.0, index=days)
    ten.loc[:"1997-12-31"], ten.iloc[-1] = 7.0, 6.0
    record, = _check(f"The 10-year yield is at 6%, its highest since {since}.", {"DGS10": ten}, "2024-12-31")
    assert (record["computed_since"], record["verdict"]) == ("1997-12-31", verdict)


def test_the_most_in_a_month_since_a_year_is_a_monthly_record_since_that_year():
    # month-end levels: +1.20 pp in September 2011, +0.50 in March 2015, +1.04 in December 2018, flat
    # otherwise: December 2018 is the largest monthly widening since September 2011. "The most in a
    # month since 2011" read "a month since 2011" as the record's date (differs, "not a month since
    # 2011"); "in any month since 2011" could not be read at all
    ends = pd.Series(4.0, index=pd.date_range("2011-01-31", "2018-12-31", freq="ME"))
    ends[ends.index >= "2011-09-30"] = 5.2
    ends[ends.index >= "2015-03-31"] = 5.7
    ends[ends.index >= "2018-11-30"] = 4.29
    ends[ends.index >= "2018-12-31"] = 5.33
    spread = ends.reindex(pd.bdate_range("2011-01-03", "2018-12-31"), method="bfill")
    for words in ("the most in a month since 2011", "the most in any month since 2011",
                  "the most in a single month since 2011"):
        claim, = _check(f"Junk bond spreads widened by about 100 basis points in December, {words}.",
                        {"BAMLH0A0HYM2": spread}, "2019-01-02")
        assert (claim["measure"], claim["verdict"]) == ("change_record", "consistent"), words
        assert "the largest monthly widening since September 2011" in claim["reason"], words
    for year in (2010, 2012):  # the last larger widening was in 2011, as the engine reads "since X"
        other, = _check("Junk bond spreads widened by about 100 basis points in December, the most in a month "
                        f"since {year}.", {"BAMLH0A0HYM2": spread}, "2019-01-02")
        assert other["verdict"] == "differs" and f"not since {year}" in other["reason"]


def test_junk_bond_spreads_with_a_hyphen():
    # "Junk-bond spreads widened about 55 basis points this week to 517 basis points": no claim was
    # read ("junk bond spreads" was); "investment-grade bond spreads" the same
    days = pd.bdate_range("2023-02-27", "2023-03-17")
    spread = pd.Series(4.61, index=days)
    spread[pd.Timestamp("2023-03-17")] = 5.17
    level, move = _check("Junk-bond spreads widened about 55 basis points this week to 517 basis points.",
                         {"BAMLH0A0HYM2": spread}, "2023-03-17")
    assert (level["series"], level["verdict"]) == ("BAMLH0A0HYM2", "consistent")
    assert (move["series"], round(move["computed"], 2), move["verdict"]) == ("BAMLH0A0HYM2", 0.56, "consistent")
    ig, = _check("Investment-grade-bond spreads rose to 1.5%.", {"BAMLC0A0CM": spread - 3.67}, "2023-03-17")
    assert (ig["series"], ig["verdict"]) == ("BAMLC0A0CM", "consistent")


@pytest.mark.shared_data
def test_matching_a_record_low_is_a_tie(claims_run, shared_data):
    """"closed at 1.37% on Friday, matching its record low": 1.37% on 2016-07-05 and 2016-07-08,
    no earlier close lower. A tie was denied (the last close at least as low was three days back);
    a close below the record it says it matches still differs."""
    dgs10 = read_csv(str(shared_data), "DGS10").loc[:"2016-07-08"]
    assert dgs10.iloc[-1] == 1.37 and dgs10.loc["2016-07-05"] == 1.37 and dgs10.iloc[:-1].min() == 1.37
    tie, = claims_run("The 10-year Treasury yield closed at 1.37% on Friday, matching its record low.", "2016-07-08")
    assert tie["verdict"] == "consistent" and "equal to the 2016-07-05 close" in tie["reason"]
    bare, = claims_run("The 10-year Treasury yield closed at 1.37% on Friday, a record low.", "2016-07-08")
    assert bare["verdict"] == "differs"  # a new record, which it is not
    # 2016-07-11: 1.43%, not a tie with anything below it
    later, = claims_run("The 10-year Treasury yield closed at 1.43% on Monday, matching its record low.", "2016-07-11")
    assert later["verdict"] == "differs"


@pytest.mark.shared_data
def test_on_a_months_last_day_its_month_is_the_last_complete_one(claims_run, shared_data):
    """"High-yield spreads widened by the most in more than seven years" on 2018-12-31, no period
    stated: December (4.29% -> 5.33%, the most since September 2011) is complete at that close; the
    readings took November as the last complete month and said both "consistent" and "holds in none"."""
    hy = read_csv(str(shared_data), "BAMLH0A0HYM2")
    assert round(hy.loc["2018-12-31"] - hy.loc[:"2018-11-30"].iloc[-1], 2) == 1.04
    record, = claims_run("High-yield spreads widened by the most in more than seven years.", "2018-12-31")
    assert (record["verdict"], record["period"]) == ("consistent", "month:2018-12")
    assert "holds in none" not in record["reason"] and "November" not in record["reason"]
