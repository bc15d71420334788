"""An index's return over a period by its sign alone: "the Russell 2000 is positive for the year",
"turned negative for the year" (was: nothing checkable). "Turned" also needs the running return
on the other side of zero at an earlier close of the period. Hand-worked tiny fixtures.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text

DAYS = pd.to_datetime(["2024-12-31", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07"])


def _claim(text: str, closes: list[float]):
    rut = pd.Series(closes, index=DAYS)
    claim, = check_text(text, {"RUT": rut, "GSPC": rut * 2}, as_of="2025-01-07").claims
    return claim


DIPPED = [100.0, 98.0, 99.0, 101.0, 102.0]  # below 2024's close until the 3rd, +2% by the 7th
ABOVE = [100.0, 101.0, 102.0, 101.5, 102.0]  # above it at every close


@pytest.mark.parametrize("text, closes, verdict", [
    ("The Russell 2000 turned positive for the year.", DIPPED, "consistent"),
    ("The Russell 2000 turned positive for the year.", ABOVE, "differs"),  # it never was negative
    ("The Russell 2000 is positive for the year.", ABOVE, "consistent"),
    ("The Russell 2000 is back in positive territory for the year.", DIPPED, "consistent"),
    ("The Russell 2000 is negative for the year.", DIPPED, "differs"),
    ("The Russell 2000 turned negative for the year.", DIPPED, "differs"),
])
def test_the_sign_of_the_years_return(text, closes, verdict):
    claim = _claim(text, closes)
    assert claim.verdict == verdict and claim.measure == "return" and claim.stated is None
    assert claim.computed == pytest.approx(0.02) and (claim.period_start, claim.period_end) == ("2024-12-31", "2025-01-07")


def test_turned_says_when_it_was_last_on_the_other_side():
    assert "at or below zero as late as 2025-01-03" in _claim("The Russell 2000 turned positive for the year.", DIPPED).reason
    assert "did not turn" in _claim("The Russell 2000 turned positive for the year.", ABOVE).reason


def test_a_sign_without_a_period_is_not_read():
    assert check_text("The Russell 2000 turned positive.", {"RUT": pd.Series(DIPPED, index=DAYS)},
                      as_of="2025-01-07").claims == ()


def test_other_things_that_turn_negative_are_not_the_indexs_return():
    rut = pd.Series(DIPPED, index=DAYS)
    claims = check_text("The Russell 2000's correlation with the 10-year yield turned negative this year.",
                        {"RUT": rut, "GSPC": rut * 2}, as_of="2025-01-07").claims
    assert all(c.measure != "return" for c in claims)
