"""A day's move and its period's ("rose 2.1% on Friday, capping a weekly gain of nearly 6%",
"closed at a record high on Friday, bringing its gain for the week to nearly 6%", "posted a monthly
gain of more than 18%"): the period's figure is the week's (month's) move to the clause's day, a
claim of its own, never the day's. Hand-made closes."""

from __future__ import annotations

import pandas as pd

from analytics.claims import check_text


def _claims(text, as_of="2020-11-13"):
    return [r.__dict__ for r in check_text(text, {"RUT": _closes()}, as_of=as_of).claims]


def _closes() -> pd.Series:
    """1,000 on the business days of October 2020; the week of 9-13 November: 1,000 on Friday
    6 November, then 1,010, 1,020, 1,030, 1,040 and 1,060 on Friday 13 November (a record)."""
    days = pd.bdate_range("2020-10-01", "2020-11-06")
    week = {"2020-11-09": 1010.0, "2020-11-10": 1020.0, "2020-11-11": 1030.0, "2020-11-12": 1040.0,
            "2020-11-13": 1060.0}
    return pd.concat([pd.Series(1000.0, index=days),
                      pd.Series(week).set_axis(pd.to_datetime(list(week)))])


def _by_period(claims):
    return {(c["period_start"], c["period_end"]): c for c in claims}


def test_a_days_move_capping_a_weekly_gain():
    # the day: 1,060 / 1,040 - 1 = +1.92%; the week: 1,060 / 1,000 - 1 = +6.0%
    claims = _by_period(_claims("The Russell 2000 rose 1.9% on Friday, capping a weekly gain of nearly 6.1%."))
    week, day = claims[("2020-11-06", "2020-11-13")], claims[("2020-11-12", "2020-11-13")]
    assert round(week["computed"], 4) == 0.06 and week["verdict"] == "consistent"
    assert round(day["computed"], 4) == 0.0192 and day["verdict"] == "consistent"
    wrong = _by_period(_claims("The Russell 2000 rose 1.9% on Friday, capping a weekly gain of 3%."))
    assert wrong[("2020-11-06", "2020-11-13")]["verdict"] == "differs"


def test_a_record_capping_a_weekly_gain_is_the_weeks_figure():
    # the weekly 6% was read as Friday's move (+1.9%): differs, though the week gained 6.0%
    for text in ("The Russell 2000 closed at a record high on Friday, capping a weekly gain of nearly 6.1%.",
                 "The Russell 2000 closed at a record high on Friday, bringing its gain for the week to nearly 6.1%.",
                 "The Russell 2000 hit a record on Friday, posting a gain of about 6% for the week."):
        claims = _claims(text)
        moves = [c for c in claims if c["measure"] == "return"]
        assert [(c["period_start"], c["period_end"], c["verdict"]) for c in moves] == [("2020-11-06", "2020-11-13", "consistent")], text
        assert any(c["verdict"] == "consistent" and "highest on record" in c["reason"] for c in claims), text


def test_the_weeks_gain_ends_on_the_day_the_clause_names():
    # published on Monday 2020-11-16 about Friday: the week to Friday 11-13, not Monday's week
    claims = _claims("The Russell 2000 closed at a record high on Friday, capping a weekly gain of nearly 6.1%.",
                     "2020-11-16")
    week, = [c for c in claims if c["measure"] == "return"]
    assert (week["period_start"], week["period_end"], week["verdict"]) == ("2020-11-06", "2020-11-13", "consistent")


def test_a_monthly_gain_of_stands_alone():
    # November to date: 1,060 against the October close of 1,000
    claim, = _claims("The Russell 2000 posted a monthly gain of more than 5%.", "2020-11-13")
    assert (claim["measure"], claim["period_start"], claim["verdict"]) == ("return", "2020-10-30", "consistent")
    assert round(claim["computed"], 4) == 0.06


def test_the_past_month_on_a_weekend_is_the_month_into_fridays_close():
    # closes 100 to Tuesday 2013-05-21, 110 from Wednesday 05-22, 99 on Friday 06-21: the month into
    # Friday is from the 05-21 close (-1.0%); from Saturday a month back, 05-22 (-10.0%), it was read
    days = pd.bdate_range("2013-04-01", "2013-06-21")
    closes = pd.Series(100.0, index=days)
    closes[days >= pd.Timestamp("2013-05-22")] = 110.0
    closes[pd.Timestamp("2013-06-21")] = 99.0
    for as_of in ("2013-06-21", "2013-06-22", "2013-06-23"):
        claim, = [r.__dict__ for r in check_text("The Russell 2000 is down 1% over the past month.",
                                                 {"RUT": closes}, as_of=as_of).claims]
        assert (claim["period_start"], claim["period_end"], round(claim["computed"], 3), claim["verdict"]) == (
            "2013-05-21", "2013-06-21", -0.01, "consistent"), as_of


def test_a_rebound_from_that_low_is_from_the_bottom_the_sentence_named():
    # the index bottoms at 900 on Wednesday 2024-08-07 (from 1,000 on 07-16) and closes at 950 on
    # 08-16: 5.6% above that low. "... and has since rebounded more than 5% from that low" was not
    # read ("has since" did not start a clause); "and has rebounded" was read as 08-07's own move
    days = pd.bdate_range("2024-07-01", "2024-08-16")
    closes = pd.Series(980.0, index=days)
    closes[pd.Timestamp("2024-07-16")] = 1000.0
    closes[(days > pd.Timestamp("2024-07-16")) & (days < pd.Timestamp("2024-08-07"))] = 950.0
    closes[pd.Timestamp("2024-08-07")] = 900.0
    closes[days > pd.Timestamp("2024-08-07")] = 930.0
    closes[pd.Timestamp("2024-08-16")] = 950.0
    for words in ("has since rebounded", "has rebounded"):
        claims = [r.__dict__ for r in check_text(
            f"The Russell 2000 bottomed 10% below its July peak on Aug. 7 and {words} more than 5% from that low.",
            {"RUT": closes}, as_of="2024-08-16").claims]
        assert [c["verdict"] for c in claims] == ["consistent", "consistent"], words
        rebound = claims[1]
        assert round(rebound["computed"], 4) == round(950 / 900 - 1, 4)
        assert "above its 2024-08-07 low on 2024-08-16" in rebound["reason"], words


def test_in_the_week_ended_friday_is_the_week():
    # published on Monday 2020-11-16: "in the week ended Friday" is the week to 11-13 (+6.0%), not
    # Friday's move (+1.9%), which it was read as; "the week ending Nov. 13", "the week to Friday" too
    for words in ("in the week ended Friday", "in the week ending Nov. 13", "in the week to Friday",
                  "for the week that ended on Friday"):
        claim, = _claims(f"The Russell 2000 rose 6% {words}.", "2020-11-16")
        assert (claim["period_start"], claim["period_end"], claim["verdict"]) == (
            "2020-11-06", "2020-11-13", "consistent"), words
