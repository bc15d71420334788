"""A claim that differs at the publication day's close but holds at the close before it, and names
no day, is consistent (the text may have been written before that day's close); the reason gives
both closes. Hand-worked fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text

#: Thursday 6 March 2025 at 109 (0.9% below the record of 110), Friday the 7th at 104 (5.5% below).
CLOSES = pd.Series([100.0, 110.0, 108.0, 109.0, 104.0], index=pd.bdate_range("2025-03-03", periods=5))


def _one(text, as_of, closes=CLOSES):
    record, = check_text(text, {"RUT": closes}, as_of=as_of).claims
    return record


def test_a_claim_that_holds_at_the_close_before():
    record = _one("The Russell 2000 is about 1% below its record close.", "2025-03-07")
    assert record.verdict == "consistent" and record.period_end == "2025-03-06"
    assert record.computed == pytest.approx(109 / 110 - 1)
    assert "the close before the publication day 2025-03-07, which the text may predate" in record.reason
    assert "At that day's close: the Russell 2000 5.5% below" in record.reason


def test_the_publication_days_close_comes_first():
    # holds at both closes: the day's own, nothing said about the one before
    both = pd.Series([100.0, 110.0, 108.0, 109.0, 109.2], index=CLOSES.index)
    record = _one("The Russell 2000 is about 1% below its record close.", "2025-03-07", both)
    assert record.period_end == "2025-03-07" and record.computed == pytest.approx(109.2 / 110 - 1)
    assert "may predate" not in record.reason
    # holds at neither: the day's close is the one reported
    wrong = _one("The Russell 2000 is 3% below its record close.", "2025-03-07")
    assert wrong.verdict == "differs" and wrong.computed == pytest.approx(104 / 110 - 1)


def test_a_year_to_date_figure_too():
    closes = pd.Series([100.0, 101.0, 106.0], index=pd.to_datetime(["2024-12-31", "2025-01-02", "2025-01-03"]))
    record = _one("The Russell 2000 is up 1% this year.", "2025-01-03", closes)
    assert record.verdict == "consistent" and record.computed == pytest.approx(0.01)
    assert record.period_end == "2025-01-02"


def test_no_earlier_close_for_a_named_day_or_a_day_without_a_close():
    # "on Friday" is the publication day itself: its close, and no other (Thursday rose 0.9%)
    assert CLOSES.iloc[3] / CLOSES.iloc[2] - 1 == pytest.approx(0.0093, abs=1e-4)
    named = _one("The Russell 2000 rose 0.9% on Friday.", "2025-03-07")
    assert named.verdict == "differs" and named.period_end == "2025-03-07"
    # with no day stated the latest session is read, and the one before may be what was meant
    level, move = check_text("The Russell 2000 rose 0.9% to 109.", {"RUT": CLOSES}, as_of="2025-03-07").claims
    assert (level.measure, level.verdict, level.period_end) == ("level", "consistent", "2025-03-06")
    assert (move.period, move.verdict, move.period_end) == ("1d", "consistent", "2025-03-06")
    assert move.computed == pytest.approx(109 / 108 - 1)
    # published on Saturday: Friday's close is the latest, Thursday's is not tried
    saturday = _one("The Russell 2000 is about 1% below its record close.", "2025-03-08")
    assert saturday.verdict == "differs" and saturday.period_end == "2025-03-07"
    # a close before the series starts: nothing to try
    first = _one("The Russell 2000 is up 10% since March 3.", "2025-03-03", CLOSES)
    assert first.verdict != "consistent"

