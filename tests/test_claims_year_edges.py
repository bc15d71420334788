"""Claims over a span at the edge of a year, quarter or month ("fell 5% in the first week of the
year", "the last two months of 2024"), and periods the reader cannot place.

"Small caps fell 5% in the first week of the year" was read as the latest session's move (or the
period of an earlier sentence) and found to differ: a stated period that is not read must not be
replaced by another. The dates below are worked from the calendar by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text
from analytics.claims.dates import find_period, make_parser

T = pd.Timestamp


def period(text: str, as_of: str):
    day = T(as_of)
    return find_period(text, day, make_parser(day.date()))


@pytest.mark.parametrize("text, as_of, base, end, words", [
    # 2025-01-01 is a Wednesday (no session): the first week is 2 to 3 January, from 2024's last close
    ("fell 5% in the first week of the year", "2025-01-15", "2025-01-01", "2025-01-03", "in the first week of 2025"),
    ("in the first week of 2025", "2025-06-30", "2025-01-01", "2025-01-03", "in the first week of 2025"),
    # 2026-01-01 is a Thursday: a one-session first week; the first full week is 5 to 9 January
    ("in the first week of the year", "2026-01-20", "2026-01-01", "2026-01-02", "in the first week of 2026"),
    ("in the first full week of the year", "2026-01-20", "2026-01-04", "2026-01-09", "in the first full week of 2026"),
    # 2024-01-01 is a Monday, a holiday: the first week is 2 to 5 January, the first full one 8 to 12
    ("in the first week of 2024", "2024-03-01", "2024-01-01", "2024-01-05", "in the first week of 2024"),
    ("in the first full week of 2024", "2024-03-01", "2024-01-07", "2024-01-12", "in the first full week of 2024"),
    ("in the first two weeks of January", "2025-02-10", "2025-01-01", "2025-01-10", "in the first two weeks of January 2025"),
    # 2024-12-31 is a Tuesday: the last week is 30 and 31 December, the last full one 23 to 27
    ("in the last week of 2024", "2025-02-10", "2024-12-29", "2024-12-31", "in the last week of 2024"),
    ("in the final full week of December", "2025-02-10", "2024-12-22", "2024-12-27", "in the final full week of December 2024"),
    ("in the first three months of the year", "2025-05-10", "2024-12-31", "2025-03-31", "in the first three months of 2025"),
    ("in the last two months of 2024", "2025-05-10", "2024-10-31", "2024-12-31", "in the last two months of 2024"),
    # running: to date; 2025-03-01 is a Saturday, so the month's first week starts on the 3rd
    ("in the first week of the month", "2025-03-05", "2025-03-02", "2025-03-05", "in the first week of March 2025 (to date)"),
    ("in the first week of last month", "2025-06-05", "2025-04-30", "2025-05-02", "in the first week of May 2025"),
    ("since the first week of January", "2025-02-10", "2025-01-01", "2025-02-10", "since the first week of January 2025"),
])
def test_edge_spans(text, as_of, base, end, words):
    got = period(text, as_of)
    assert (got.kind, got.base, got.end, got.words) == ("since", T(base), T(end), words)
    assert got.label == f"since:{base}"


def test_the_first_month_of_a_year_is_its_calendar_month():
    got = period("in the first month of the year", "2025-05-10")
    assert (got.kind, got.label, got.base, got.end, got.calendar) == ("month", "month:2025-01", T("2024-12-31"),
                                                                       T("2025-01-31"), "M")


@pytest.mark.parametrize("text, as_of", [
    ("in the first month of January", "2025-05-10"),  # a month has no first month
    ("in the first five months of the quarter", "2025-05-10"),
    ("in the final month of the quarter", "2025-05-10"),  # June has not started
    ("in the first week of the year", "2025-01-01"),  # nor has 2025's first session
])
def test_spans_that_cannot_be_placed_are_no_period(text, as_of):
    assert period(text, as_of) is None


def _market() -> dict[str, pd.Series]:
    # 2024's last close 100; 2 and 3 January 98 and 95; the week to 10 January ends at 97
    days = pd.to_datetime(["2024-12-27", "2024-12-30", "2024-12-31", "2025-01-02", "2025-01-03", "2025-01-06",
                           "2025-01-07", "2025-01-08", "2025-01-10", "2025-01-13", "2025-01-14", "2025-01-15"])
    rut = pd.Series([101.0, 99.0, 100.0, 98.0, 95.0, 96.0, 97.5, 96.5, 97.0, 98.0, 99.0, 102.0], index=days)
    return {"RUT": rut, "GSPC": rut * 2.0}


def _claims(text: str) -> list:
    return list(check_text(text, _market(), as_of="2025-01-15").claims)


def test_a_first_week_claim_is_checked_over_that_week():
    claim, = _claims("Small caps fell 5% in the first week of the year.")
    assert claim.verdict == "consistent" and claim.computed == pytest.approx(-0.05)
    assert (claim.period_start, claim.period_end) == ("2024-12-31", "2025-01-03")
    claim, = _claims("Small caps gained 2% in the first full week of the year.")  # 95 -> 97: +2.1%
    assert claim.computed == pytest.approx(97 / 95 - 1) and (claim.period_start, claim.period_end) == (
        "2025-01-03", "2025-01-10")


def test_the_first_or_last_sessions_of_a_year_are_counted_in_the_data():
    # the first five closes of 2025: 2, 3, 6, 7 and 8 January (no close on the 9th or the 1st): 100 -> 96.5
    claim, = _claims("The Russell 2000 fell 3.5% in the first five trading days of the year.")
    assert claim.verdict == "consistent" and claim.computed == pytest.approx(-0.035)
    assert (claim.period_start, claim.period_end) == ("2024-12-31", "2025-01-08")
    # 2024's last two sessions: the 30th and 31st, from the 27th's close (101 -> 100)
    claim, = _claims("Small caps slipped 1% in the last two sessions of 2024.")
    assert claim.computed == pytest.approx(100 / 101 - 1) and (claim.period_start, claim.period_end) == (
        "2024-12-27", "2024-12-31")
    # the year's first 20 sessions have not all closed by 2025-01-15
    claim, = _claims("The Russell 2000 rose 2% in the first 20 sessions of the year.")
    assert claim.verdict == "not_checkable" and "fewer than 20 closes" in claim.reason.lower()
    assert period("in the last five sessions of the year", "2025-06-30") is None  # 2025 has not ended
    claim, = _claims("The Russell 2000 rose 2% in the first ten trading days of the year.")  # 9 closes so far
    assert claim.verdict == "not_checkable" and "fewer than 10 closes" in claim.reason.lower()


@pytest.mark.parametrize("text, phrase", [
    ("The Russell 2000 rose 4% in mid-January.", "mid-January"),
    ("The Russell 2000 fell 2% in the opening hours of 2025.", "the opening hours of 2025"),
    ("The Russell 2000 fell 2% in the final stretch of 2024.", "the final stretch of 2024"),
    # a move at some time within the period is not the period's own (was: the month or year to date)
    ("The Russell 2000 fell 5% earlier this month.", "earlier this month"),
    ("The Russell 2000 fell 20% earlier this year.", "earlier this year"),
])
def test_a_period_that_is_not_read_is_not_replaced_by_another(text, phrase):
    claim, = _claims(text)
    assert claim.verdict == "not_checkable" and claim.computed is None
    assert f'"{phrase}" could not be read' in claim.reason


def test_an_earlier_sentences_period_is_not_carried_over_a_period_that_is_not_read():
    first, second = _claims("The Russell 2000 is up 2% this month. Small caps fell 3% in the early part of the year.")
    assert first.period_start == "2024-12-31" and first.verdict == "consistent"  # 100 -> 102
    assert second.verdict == "not_checkable" and "the early part of the year" in second.reason


@pytest.mark.parametrize("text", ["The Russell 2000 is 4% below its late-December peak.",
                                  "The Russell 2000 is 4% below its peak in late December."])
def test_a_peak_in_part_of_a_month_is_read_not_taken_for_a_period(text):
    # late December (the 21st on): the 27th's 101; on 2025-01-10 at 97, 3.96% below it
    claim, = check_text(text, _market(), as_of="2025-01-10").claims
    assert claim.verdict == "consistent" and claim.computed == pytest.approx(97 / 101 - 1)


def test_a_spread_record_does_not_take_an_earlier_sentences_edge_span():
    """No record is kept of a span such as the year's first week: a record of a spread's change
    after it ("widened by the most in ...") is computed for each reading of a period instead of
    being not checkable over the carried span."""
    market = _market()
    market["BAMLH0A0HYM2"] = pd.Series([3.0 + 0.01 * i for i in range(len(market["RUT"]))], index=market["RUT"].index)
    first, second = check_text("Small caps fell 5% in the first week of the year. High-yield spreads widened by "
                               "the most in more than seven years.", market, as_of="2025-01-15").claims
    assert first.period_end == "2025-01-03"
    assert second.period != first.period and "No period stated, so each reading was computed" in second.reason


def test_the_first_or_last_session_of_a_week_to_friday():
    # last week (to 2025-01-10): its last session from the close before it (the 8th: no close on the 9th)
    claim, = _claims("The Russell 2000 rose 0.5% in the last session of last week.")
    assert claim.verdict == "consistent" and claim.computed == pytest.approx(97 / 96.5 - 1)
    assert (claim.period_start, claim.period_end) == ("2025-01-08", "2025-01-10")
    # this week's (to Friday the 17th) last session is not known on Wednesday the 15th
    claim, = _claims("The Russell 2000 rose 0.5% in the last session of the week.")
    assert claim.verdict == "not_checkable" and "the last session of the week" in claim.reason
    got = period("on the first day of the week", "2025-01-08")  # Monday the 6th, from Friday the 3rd's close
    assert (got.kind, got.base, got.end) == ("opening", T("2025-01-03"), T("2025-01-08"))
