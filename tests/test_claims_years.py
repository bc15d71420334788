"""Claims over years, as year-end articles write them: yearly rates over a decade ("has returned
about 7% a year over the past decade, compared with 11% for the S&P 500"), tallies ("lagged large
caps in seven of the past ten years"), and a large cap's own figure inside a streak ("trailing
the S&P 500's 23% advance for a second straight year"). Hand-worked fixtures, then the snapshot
against its CSV files read with pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text
from tests.claims_snapshot import read_csv


def _yearly(ends: list[float], first: int = 2014) -> pd.Series:
    """Year-end closes from ``first`` on, with a close every business day in between (flat)."""
    days = pd.bdate_range(f"{first}-12-01", f"{first + len(ends) - 1}-12-31")
    closes = pd.Series(float("nan"), index=days)
    for i, value in enumerate(ends):
        closes.loc[f"{first + i}"] = value
    return closes


def _check(text, series, as_of):
    return [r.__dict__ for r in check_text(text, series, as_of=as_of).claims]


def test_a_yearly_rate_over_a_decade_by_hand():
    small = _yearly([100.0] + [100.0] * 9 + [200.0])  # doubled over ten years: 2^(1/10) - 1 = 7.18% a year
    large = _yearly([100.0] * 10 + [300.0])  # tripled: 11.61% a year
    text = "Over the past decade, the Russell 2000 has returned about 7% a year, compared with 12% for the S&P 500."
    rut, spx = _check(text, {"RUT": small, "GSPC": large}, "2024-12-31")
    years = (pd.Timestamp("2024-12-31") - pd.Timestamp("2014-12-31")).days / 365.25
    assert (rut["period"], rut["period_start"], rut["period_end"]) == ("120m", "2014-12-31", "2024-12-31")
    assert rut["computed"] == pytest.approx(2 ** (1 / years) - 1) and rut["verdict"] == "consistent"
    assert "a year over the past decade" in rut["reason"] and "+100.0% in all" in rut["reason"]
    assert "without dividends" in rut["reason"]
    # the S&P 500's clause is a yearly rate too, over the same decade
    assert spx["series"] == "GSPC" and spx["computed"] == pytest.approx(3 ** (1 / years) - 1)
    assert spx["verdict"] == "consistent"
    # a total over the decade; a yearly rate is not carried into the next sentence
    first, total = _check("The Russell 2000 has returned 7% a year over the past decade. It has gained 100% over "
                          "the past decade.", {"RUT": small}, "2024-12-31")
    assert first["computed"] == pytest.approx(rut["computed"]) and total["computed"] == pytest.approx(1.0)


def test_a_tally_of_years_by_hand():
    small = _yearly([100, 110, 99, 120, 130, 100, 90])  # 2015..2020: +10, -10, +21.2, +8.3, -23.1, -10
    large = _yearly([100, 105, 100, 110, 140, 120, 100])  # 2015..2020: +5, -4.8, +10, +27.3, -14.3, -16.7
    series = {"RUT": small, "GSPC": large}
    rose, = _check("The Russell 2000 has risen in three of the past six years.", series, "2020-12-31")
    assert (rose["measure"], rose["period"], rose["computed"], rose["verdict"]) == (
        "return", "tally:year:6", 3.0, "consistent")
    lagged, = _check("Small caps have lagged large caps in three of the past six years.", series, "2020-12-31")
    # gaps: +5, -5.2, +11.2, -19.0, -8.8, +6.7: lagged in 2016, 2018, 2019
    assert (lagged["series"], lagged["computed"], lagged["verdict"]) == ("RUT-GSPC", 3.0, "consistent")
    assert "2016 -5.2 pp" in lagged["reason"]
    more, = _check("The Russell 2000 has gained more than 10% in 3 of the past 6 years.", series, "2020-12-31")
    assert more["computed"] == 2.0 and more["verdict"] == "differs"  # 2015's 10.0% is not more than 10% (rounded)
    # too few years in the data: not checkable
    few, = _check("The Russell 2000 has risen in 7 of the past 10 years.", series, "2020-12-31")
    assert few["verdict"] == "not_checkable" and "only 6 complete years" in few["reason"].lower()


def test_a_large_caps_own_figure_in_a_streak():
    small = _yearly([100, 110, 120])  # 2015 +10%, 2016 +9.1%
    large = _yearly([100, 120, 147.6])  # 2015 +20%, 2016 +23%
    records = _check("The Russell 2000 gained about 9% in 2016, trailing the S&P 500's 23% advance for a second "
                     "straight year.", {"RUT": small, "GSPC": large}, "2016-12-31")
    assert [(r["series"], r["measure"], r["verdict"]) for r in records] == [
        ("RUT", "return", "consistent"), ("GSPC", "return", "consistent"), ("RUT-GSPC", "return_gap", "consistent")]
    assert records[1]["computed"] == pytest.approx(0.23) and records[1]["period"] == "year:2016"
    assert records[2]["computed"] == 2.0 and "2016 -13.9 pp" in records[2]["reason"]
    assert "in 2016" in records[0]["reason"]


# ----------------------------------------------------------------------------- the snapshot


@pytest.mark.shared_data
def test_year_end_2024_on_the_snapshot(claims_run, shared_data):
    root = str(shared_data)
    rut, spx = read_csv(root, "RUT").loc[:"2024-12-31"], read_csv(root, "GSPC").loc[:"2024-12-31"]
    yearly = lambda s: s.groupby(s.index.year).last().pct_change().loc[2015:2024]  # noqa: E731
    gaps = yearly(rut) - yearly(spx)
    lagged, = claims_run("Small caps have lagged large caps in seven of the past ten years.", "2024-12-31")
    assert lagged["computed"] == float((gaps < 0).sum())
    assert lagged["verdict"] == ("consistent" if (gaps < 0).sum() == 7 else "differs")
    decade = claims_run("Over the past decade, the Russell 2000 has returned about 7% a year, compared with 11% for the "
                 "S&P 500.", "2024-12-31")
    start = pd.Timestamp("2014-12-31")
    years = (pd.Timestamp("2024-12-31") - start).days / 365.25
    for record, closes in zip(decade, (rut, spx)):
        total = closes.iloc[-1] / closes.loc[:start].iloc[-1]
        assert record["computed"] == pytest.approx(total ** (1 / years) - 1, abs=1e-9)
    # "about 7%": within 1 pp; "11%": within half a point
    assert decade[0]["verdict"] == ("consistent" if abs(100 * decade[0]["computed"] - 7) <= 1 else "differs")
    assert decade[1]["verdict"] == ("consistent" if abs(100 * decade[1]["computed"] - 11) <= 0.5 else "differs")


def test_a_return_in_words_that_may_include_dividends_says_it_is_a_price_return():
    small = _yearly([100.0, 110.0])
    large = _yearly([100.0, 120.0])
    said, versus = _check("Small caps have returned 10% this year, versus 20% for large caps.",
                          {"RUT": small, "GSPC": large}, "2015-12-31")
    assert said["verdict"] == versus["verdict"] == "consistent"
    assert "a price return" in said["reason"] and "a price return" in versus["reason"]
    rose, = _check("The Russell 2000 rose 10% this year.", {"RUT": small}, "2015-12-31")
    assert "price return" not in rose["reason"]


def test_a_year_to_its_last_business_day_is_called_a_year():
    closes = _yearly([100.0, 90.0, 95.0, 70.0])  # 2015 -10%, 2016 +5.6%, 2017 -26.3%
    worst, = _check("The Russell 2000 lost 26.3% in 2017, its worst year on record.", {"RUT": closes}, "2017-12-29")
    assert worst["verdict"] == "consistent" and "the worst year on record" in worst["reason"]
    # before the year's last days it is the start to a year
    early, = _check("The Russell 2000 is down 26.3% this year, its worst start to a year on record.",
                    {"RUT": closes}, "2017-12-28")
    assert "start to a year" in early["reason"]


def test_a_year_on_its_last_weekday_is_the_whole_year():
    # Friday 2023-12-29 is 2023's last weekday: "in 2023" is the year, ranked among whole years; it
    # was the year to date, ranked among each year to 29 December (2020 to then +43.22%, below 2023's
    # +43.42%, though 2020's whole year was +43.64%)
    from analytics.claims.dates import calendar_period

    done = calendar_period(pd.Period("2023", freq="Y"), pd.Timestamp("2023-12-29"), "2023")
    assert (done.kind, done.words) == ("year", "in 2023")
    running = calendar_period(pd.Period("2023", freq="Y"), pd.Timestamp("2023-12-28"), "2023")
    assert (running.kind, running.words) == ("ytd", "in 2023 (to date)")
    month = calendar_period(pd.Period("2024-11", freq="M"), pd.Timestamp("2024-11-29"), "November 2024")
    assert month.words == "in November 2024"  # 30 November was a Saturday


@pytest.mark.shared_data
def test_the_nasdaqs_2023_against_whole_years(claims_run):
    best, = claims_run("The Nasdaq Composite surged 43% in 2023, its best year since 2020.", "2023-12-29")
    assert best["verdict"] == "consistent" and best["period"] == "year:2023"
    wrong, = claims_run("The Nasdaq Composite surged 43% in 2023, its best year since 2003.", "2023-12-29")
    assert wrong["verdict"] == "differs" and "not since 2003" in wrong["reason"]


@pytest.mark.shared_data
@pytest.mark.parametrize("text,as_of,series,start,end", [
    ("The S&P 500, which bottomed 19.9% below its July peak on Oct. 11, ended 1990 down 6.6%. Small caps fared far "
     "worse: the Russell 2000 lost 21.5% in the year.", "1990-12-31", "RUT", "1989-12-29", "1990-12-31"),
    ("The 10-year Treasury yield climbed 180 basis points over the year to 6.45%.", "1999-12-31", "DGS10",
     "1998-12-31", "1999-12-31"),
    ("The Russell 2000 gained 19.6% during the year.", "1999-12-31", "RUT", "1998-12-31", "1999-12-31"),
])
def test_in_over_during_the_year_is_the_year_to_date(claims_run, shared_data, text, as_of, series, start, end):
    """"lost 21.5% in the year" (RUT 168.31 -> 132.20, -21.45%), "climbed 180 basis points over the
    year" (4.65% -> 6.45%): the year; they were read as a day (an earlier sentence's or the last)."""
    record = [r for r in claims_run(text, as_of) if r["series"] == series and r["measure"] != "level"][-1]
    assert (record["period_start"], record["period_end"], record["verdict"]) == (start, end, "consistent")


def test_the_year_to_a_month_is_not_this_year(claims_run):
    record, = claims_run("The Russell 2000 rose 3% in the year to March.", "2019-06-28")
    assert record["period"] != "ytd"
