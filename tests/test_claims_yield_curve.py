"""Claims about the yield curve, the 10-year minus the 2-year Treasury yield (computed from the two
yields the rates panel shows): its level, its inversion and its records, and "the 2-year ... 90
basis points above the 10-year" (read before as a move of the 10-year).

A tiny fixture worked by hand; on the real snapshot the expected values are FRED's own T10Y2Y
file (../shared/data/fred/T10Y2Y.csv), which the engine does not read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics.claims import check_text
from tests.claims_snapshot import read_csv


def _yields() -> dict:
    index = pd.bdate_range("2025-01-01", "2025-03-31", name="date")
    ten = pd.Series(4.0, index=index)
    two = pd.Series(3.5, index=index)
    two.loc["2025-03-03":] = 4.25  # inverted by 25 bp from March, the first time in the data
    return {"DGS10": ten, "DGS2": two}


def _one(text: str, as_of: str, series=None):
    record, = check_text(text, as_of=dt.date.fromisoformat(as_of), series=series or _yields()).claims
    return record


class TestByHand:
    def test_the_two_year_above_the_ten_year(self):
        record = _one("The 2-year yield is 25 basis points above the 10-year.", "2025-03-31")
        assert (record.series, record.measure, record.computed) == ("T10Y2Y", "level", pytest.approx(-0.25))
        assert record.verdict == "consistent"
        assert _one("The 2-year yield is 25 basis points below the 10-year.", "2025-03-31").verdict == "differs"
        assert _one("The 10-year yield is 50 basis points above the 2-year.", "2025-02-28").verdict == "consistent"

    def test_a_subject_carried_from_the_clause_before(self):
        result = check_text("The 2-year yield is at 4.25%, 25 basis points above the 10-year.",
                            as_of=dt.date(2025, 3, 31), series=_yields())
        level, gap = result.claims
        assert (level.series, level.verdict) == ("DGS2", "consistent")
        assert (gap.series, gap.computed, gap.verdict) == ("T10Y2Y", pytest.approx(-0.25), "consistent")

    @pytest.mark.parametrize("text, as_of, verdict", [
        ("The yield curve is inverted.", "2025-03-31", "consistent"),
        ("The yield curve is inverted.", "2025-02-28", "differs"),
        ("The yield curve is no longer inverted.", "2025-02-28", "consistent"),
        ("The yield curve is inverted by 25 basis points.", "2025-03-31", "consistent"),
        ("The yield curve is inverted by 40 basis points.", "2025-03-31", "differs"),
    ])
    def test_inversion(self, text, as_of, verdict):
        record = _one(text, as_of)
        assert record.series == "T10Y2Y" and record.verdict == verdict, record.reason
        # the reason says which it is
        assert ("inverted (the 10-year yield below the 2-year)" in record.reason) == (as_of == "2025-03-31")
        assert ("not inverted (the 10-year yield at or above" in record.reason) == (as_of != "2025-03-31")

    def test_the_deepest_inversion_is_a_record_low(self):
        series = _yields()
        series["DGS2"].loc["2025-03-31"] = 4.30  # deeper on the last day: -0.30
        record = _one("The yield curve is inverted by 30 basis points, the deepest inversion on record.",
                      "2025-03-31", series)
        assert (record.measure, record.computed) == ("level_record", pytest.approx(-0.30))
        assert record.computed_since == "on record" and record.verdict == "consistent"
        # a day earlier the same -0.25 as every day of March: no record
        again = _one("The yield curve is inverted by 25 basis points, the deepest inversion on record.",
                     "2025-03-28")
        assert again.verdict == "differs" and again.computed_since == "2025-03-27"


@pytest.mark.shared_data
def test_july_2023_the_deepest_inversion_since_1981(shared_data, tmp_path):
    from flask import Flask

    from config import Config
    from loaders.cache import loader_cache
    from loaders.source import DataSource
    from panels.claims import check_claims

    config = Config.from_env(data=str(shared_data), cache_dir=str(tmp_path))
    source = DataSource(config, loader_cache(config, Flask("curve")))
    result, _ = check_claims(source, "The yield curve is inverted by 108 basis points, the deepest inversion "
                             "since 1981.", as_of=dt.date(2023, 7, 3))
    record, = result.claims
    fred = pd.read_csv(Path(shared_data) / "fred" / "T10Y2Y.csv", index_col=0, parse_dates=True).iloc[:, 0].dropna()
    fred = fred.loc[:"2023-07-03"]
    deeper = fred.iloc[:-1][fred.iloc[:-1] <= fred.iloc[-1]]
    assert record.computed == pytest.approx(fred.iloc[-1], abs=0.005) and fred.iloc[-1] == pytest.approx(-1.08)
    assert record.computed_since == f"{deeper.index[-1]:%Y-%m-%d}" and deeper.index[-1].year == 1981
    assert record.verdict == "consistent" and record.link.endswith("#panel-rates")


def test_inverted_for_the_first_time_since():
    index = pd.bdate_range("2019-01-01", "2025-03-31", name="date")
    ten, two = pd.Series(4.0, index=index), pd.Series(3.0, index=index)
    two.loc["2019-08-26":"2019-08-30"] = 4.1  # inverted for a week in August 2019
    two.loc["2025-03-27":] = 4.2  # and again from 27 March 2025
    series = {"DGS10": ten, "DGS2": two}
    record = _one("The yield curve inverted for the first time since 2019.", "2025-03-31", series)
    assert (record.computed_since, record.verdict) == ("2019-08-30", "consistent")
    assert _one("The yield curve inverted for the first time since 2007.", "2025-03-31", series).verdict == "differs"


def test_a_level_crossed_for_the_first_time_since():
    index = pd.bdate_range("2019-01-01", "2025-03-31", name="date")
    ten = pd.Series(4.0, index=index)
    ten.loc["2019-06-03":"2019-06-07"] = 5.1  # above 5% for a week in June 2019
    ten.loc["2025-03-26":] = 5.05  # and again from 26 March 2025
    series = {"DGS10": ten, "DGS2": pd.Series(3.0, index=index)}
    record = _one("The 10-year yield topped 5% for the first time since 2019.", "2025-03-31", series)
    assert (record.qualifier, record.computed_since, record.verdict) == ("more than", "2019-06-07", "consistent")
    assert _one("The 10-year yield topped 5% for the first time since 2021.", "2025-03-31", series).verdict == "differs"
    below = _one("The 10-year yield topped 5% for the first time since 2019.", "2025-03-25", series)
    assert below.verdict == "differs" and "not past it now" in below.reason


@pytest.mark.shared_data
def test_the_russell_2000_above_2400_for_the_first_time_since_2021(shared_data, tmp_path):
    from tests.claims_snapshot import checker, read_csv

    record, = checker(shared_data, tmp_path)("The Russell 2000 closed above 2,400 for the first time since 2021.",
                                             "2024-11-11")
    rut = read_csv(str(shared_data), "RUT").loc[:"2024-11-11"]
    run_start = rut.index[rut <= 2400][-1]
    previous = rut.loc[:run_start].iloc[:-1]
    previous = previous.index[previous > 2400][-1]
    assert previous.year == 2021 and record["computed_since"] == f"{previous:%Y-%m-%d}"
    assert record["verdict"] == "consistent"


def test_narrowed_to_just_a_level_with_its_flattest_record():
    # the curve at 0.21 at the end of 2018, 0.05 on 2019-09-30, 0.30 to March 2022, then 0.11 and
    # 0.06 on 2022-03-28/29: "narrowed to just 6 basis points, the flattest since 2019" is the level
    # (0.06) and its record (the lowest since 2019-09-30); "to just" hid the level (read as the
    # change since 2019: "not 6 bp") and "flattest" was no record word
    from analytics.claims import check_text

    days = pd.bdate_range("2018-12-03", "2022-03-29")
    curve = pd.Series(0.30, index=days)
    curve[days <= pd.Timestamp("2018-12-31")] = 0.21
    curve[pd.Timestamp("2019-09-30")] = 0.05
    curve[pd.Timestamp("2022-03-28")], curve[pd.Timestamp("2022-03-29")] = 0.11, 0.06
    claim, = [r.__dict__ for r in check_text(
        "The gap between 2- and 10-year yields narrowed to just 6 basis points on Tuesday, the flattest since 2019.",
        {"DGS10": 2.0 + curve, "DGS2": curve * 0 + 2.0}, as_of="2022-03-29").claims]
    assert (claim["measure"], round(claim["computed"], 2), claim["verdict"]) == ("level_record", 0.06, "consistent")
    assert "the lowest since 2019-09-30" in claim["reason"]


def test_a_yield_gap_with_its_record():
    # "The 10-year ... is now more than 80 basis points below the 2-year, the deepest inversion since
    # 1981": the curve at -0.84 and its record (last as deep on 1981-10-02 here); the record was dropped
    from analytics.claims import check_text

    days = pd.bdate_range("1981-09-01", "2022-12-07")
    curve = pd.Series(0.5, index=days)
    curve[pd.Timestamp("1981-10-02")] = -0.9
    curve[pd.Timestamp("2022-12-07")] = -0.84
    claim, = [r.__dict__ for r in check_text(
        "The 10-year Treasury yield is now more than 80 basis points below the 2-year, the deepest inversion "
        "since 1981.", {"DGS10": 3.0 + curve, "DGS2": curve * 0 + 3.0}, as_of="2022-12-07").claims]
    assert (claim["measure"], round(claim["computed"], 2), claim["verdict"]) == ("level_record", -0.84, "consistent")
    assert "the lowest since 1981-10-02" in claim["reason"]
    # the bound is on the inversion's size: "consistent with more than -0.8%" said the opposite
    assert "consistent with more than 0.8 pp below the 2-year," in claim["reason"]


def test_a_bound_on_an_inversion_is_worded_as_its_size():
    """"More than 100 bp below the 2-year" at -1.07: the check was on the size, the words were
    "more than -1%" (which -1.07 is not); "less than 100 bp below" met only within the vendors'
    floor at -1.03 said "(1.03% is above -1% on this source)"."""
    days = pd.bdate_range("2023-01-02", "2023-03-08")
    curve = pd.Series(-1.07, index=days)
    series = {"DGS10": 3.0 + curve, "DGS2": curve * 0 + 3.0}
    deeper = _one("The yield on the 10-year note was more than 100 basis points below the 2-year yield.",
                  "2023-03-08", series)
    assert deeper.verdict == "consistent" and "; consistent with more than 1 pp below the 2-year" in deeper.reason
    shallower = _one("The 10-year yield was less than 100 basis points below the 2-year yield.", "2023-03-08",
                     {"DGS10": 3.0 + curve + 0.04, "DGS2": curve * 0 + 3.0})
    assert shallower.verdict == "consistent"
    assert ("consistent with less than 1 pp below the 2-year only within the 0.05 pp that published closes "
            "differ by (the 10-year 1.03 pp below the 2-year on this source)") in shallower.reason
    wrong_side = _one("The 10-year yield was more than 100 basis points above the 2-year yield.", "2023-03-08", series)
    assert wrong_side.verdict == "differs" and "not more than 1 pp above the 2-year" in wrong_side.reason
    steeper = _one("The yield curve steepened by 20 basis points this week.", "2023-03-08", series)
    assert "below the 2-year" not in steeper.reason and "above the 2-year" not in steeper.reason  # a change


def test_the_gap_between_two_yields_is_not_split_at_its_and():
    """"The gap between 2-year and 10-year yields widened to more than 100 basis points" was split at
    "and" and read as the 10-year yield at 1% (differs: 3.98%)."""
    days = pd.bdate_range("2023-01-02", "2023-03-08")
    curve = pd.Series(-1.07, index=days)
    record, = check_text("The gap between 2-year and 10-year yields widened to more than 100 basis points.",
                         as_of=dt.date(2023, 3, 8), series={"DGS10": 3.0 + curve, "DGS2": curve * 0 + 3.0}).claims
    assert (record.series, record.measure, record.verdict) == ("T10Y2Y", "level", "consistent")
    # a gap named without its side is its size either way (it was read as +1 pp: differs at -1.07)
    assert "consistent with more than 1 pp between the two yields (either way)" in record.reason


def test_a_gap_without_its_side_is_a_size_and_minus_is_a_sign():
    days = pd.bdate_range("2023-01-02", "2023-03-08")
    curve = pd.Series(-1.07, index=days)
    series = {"DGS10": 3.0 + curve, "DGS2": curve * 0 + 3.0}
    wrong = _one("The spread between 2-year and 10-year Treasury yields is about 50 basis points.", "2023-03-08", series)
    assert wrong.verdict == "differs" and "not about 0.5 pp between the two yields (either way)" in wrong.reason
    # "minus 107 basis points" was read as a move of +107 bp (the word was no sign)
    minus = _one("The 2s10s spread is at minus 107 basis points.", "2023-03-08", series)
    assert (minus.measure, minus.verdict) == ("level", "consistent")
    assert "consistent with 1.07 pp below the 2-year" in minus.reason
    sided = _one("The yield curve is at 107 basis points.", "2023-03-08", series)  # the curve's own sign
    assert sided.verdict == "differs" and "not 1.07 pp above the 2-year" in sided.reason


def test_how_long_an_inversion_lasted_is_said_not_checked():
    """"Has been inverted for 18 months, the longest inversion on record" was read as a level record
    ("the lowest since" yesterday: differs); a duration is said not checked."""
    days = pd.bdate_range("2022-07-01", "2023-12-29")
    curve = pd.Series(-0.4, index=days)
    curve.iloc[-1] = -0.35
    record = _one("The yield curve has been inverted for 18 months, the longest inversion on record.", "2023-12-29",
                  {"DGS10": 3.0 + curve, "DGS2": curve * 0 + 3.0})
    assert (record.measure, record.verdict) == ("level", "consistent")
    assert 'how long the inversion lasted ("the longest inversion on record") is not checked' in record.reason


@pytest.mark.shared_data
def test_the_curve_after_a_yields_move_is_a_claim_of_its_own(claims_run, shared_data):
    """"..., while the gap between two- and 10-year yields has narrowed to 57 basis points" and
    "..., steepening the curve to 68 basis points, the steepest since early 2022": the curve's
    level and record (they were read as the 2-year yield's level and its change's record)."""
    curve = (read_csv(str(shared_data), "DGS10") - read_csv(str(shared_data), "DGS2")).dropna()
    assert round(curve.loc["2025-12-19"], 2) == 0.68 and round(curve.loc["2017-12-13"], 2) == 0.57
    earlier = curve.loc[:"2025-12-18"]
    assert earlier[earlier >= 0.68].index[-1].strftime("%Y-%m-%d") == "2022-01-26"
    records = claims_run("The 2-year yield has fallen 77 basis points this year to 3.48%, steepening the curve to 68 "
                         "basis points, the steepest since early 2022.", "2025-12-19")
    assert [(r["series"], r["verdict"]) for r in records] == [("DGS2", "consistent"), ("DGS2", "consistent"),
                                                               ("T10Y2Y", "consistent")]
    assert records[2]["computed_since"] == "2022-01-26"
    records = claims_run("The 2-year yield has climbed about 60 basis points this year, while the gap between two- "
                         "and 10-year yields has narrowed to 57 basis points.", "2017-12-13")
    assert [(r["series"], r["computed"], r["verdict"]) for r in records] == [
        ("DGS2", pytest.approx(0.59, abs=1e-9), "consistent"), ("T10Y2Y", pytest.approx(0.57, abs=1e-9), "consistent")]
