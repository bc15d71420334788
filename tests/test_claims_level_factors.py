"""A yield's or spread's move stated as a multiple of its level: "high-yield spreads have more
than doubled since the end of 2021", "nearly tripled", "halved" (was: nothing checkable).

The end's level over the start's (for "halved" the start's over the end's), against the factor
within 0.05 (0.1 with "about"); "more than" at least the factor less that, "nearly" within 0.1
below it. Hand-worked on a tiny fixture.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text


def _market(hy_end: float) -> dict[str, pd.Series]:
    days = pd.to_datetime(["2021-12-30", "2021-12-31", "2022-03-31", "2022-06-29", "2022-06-30"])
    # the spread ends flat (the day before the publication day too: a text may predate its close)
    return {"BAMLH0A0HYM2": pd.Series([3.1, 3.0, 4.0, hy_end, hy_end], index=days),
            "BAMLC0A0CM": pd.Series([1.0, 1.4, 1.2, 0.6, 0.6], index=days),
            "DGS10": pd.Series([1.5, 1.5, 2.3, 2.9, 2.9], index=days)}


def _claim(text: str, hy_end: float = 6.3):
    claim, = check_text(text, _market(hy_end), as_of="2022-06-30").claims
    return claim


@pytest.mark.parametrize("text, hy_end, verdict", [
    ("High-yield spreads have more than doubled since the end of 2021.", 6.3, "consistent"),  # 2.1 times
    ("High-yield spreads have more than doubled since the end of 2021.", 5.7, "differs"),  # 1.9
    ("High-yield spreads have doubled since the end of 2021.", 5.91, "consistent"),  # 1.97: within 0.05
    ("High-yield spreads have doubled since the end of 2021.", 5.7, "differs"),
    ("High-yield spreads have nearly tripled since the end of 2021.", 8.7, "consistent"),  # 2.9
    ("High-yield spreads have nearly tripled since the end of 2021.", 6.3, "differs"),
    ("High-yield spreads have roughly doubled since the end of 2021.", 5.75, "consistent"),  # 1.92: within 0.1
])
def test_a_spreads_multiple_against_its_level_at_the_periods_start(text, hy_end, verdict):
    claim = _claim(text, hy_end)
    assert claim.verdict == verdict and claim.unit == "multiple"
    assert claim.computed == pytest.approx(hy_end / 3.0)
    assert (claim.period_start, claim.period_end) == ("2021-12-31", "2022-06-30")
    assert "times its level" in claim.reason


def test_halved_is_the_start_twice_the_end():
    claim = _claim("Investment-grade spreads have more than halved since the end of 2021.")
    assert claim.verdict == "consistent" and claim.computed == pytest.approx(1.4 / 0.6)  # down by 2.33 times
    claim = _claim("The 10-year yield has halved since the end of 2021.")  # it rose: 1.5 -> 2.9
    assert claim.verdict == "differs"


def test_a_multiple_without_a_period_is_not_read_over_the_latest_session():
    claim = _claim("High-yield spreads have doubled.")
    assert claim.verdict == "not_checkable" and "since when" in claim.reason


def test_a_valuation_multiple_is_still_not_checkable():
    claim, = check_text("The Russell 2000 trades at 25 times forward earnings.", _market(6.3),
                        as_of="2022-06-30").claims
    assert claim.verdict == "not_checkable" and "earnings" in claim.reason


def test_a_second_clause_with_a_multiple_takes_the_sentences_period():
    claims = check_text("Since the end of 2021, high-yield spreads have more than doubled, and the 10-year yield "
                        "has nearly doubled.", _market(6.3), as_of="2022-06-30").claims
    assert [(c.series, c.verdict) for c in claims] == [("BAMLH0A0HYM2", "consistent"), ("DGS10", "consistent")]
    assert claims[1].computed == pytest.approx(2.9 / 1.5) and claims[1].period_start == "2021-12-31"  # 1.93 times
