"""Claims about a moving average: "closed below its 50-day moving average for the first time since
October", "remains above its 200-day moving average", "3% below its 50-day moving average". By
hand, then on the snapshot against pandas' rolling mean."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text
from tests.claims_snapshot import read_csv


def _closes(values) -> pd.Series:
    return pd.Series([float(v) for v in values], index=pd.bdate_range("2025-03-03", periods=len(values)))


def _one(text, closes, as_of):
    record, = check_text(text, {"RUT": closes}, as_of=as_of).claims
    return record


def test_the_close_against_its_average_by_hand():
    closes = _closes([10, 10, 10, 12, 12, 12, 9])  # 5-day averages: ..., 11.2 on the 7th day (9 is below)
    below = _one("The Russell 2000 is below its 5-day moving average.", closes, "2025-03-11")
    assert (below.measure, below.period, below.verdict) == ("moving_average", "ma:5", "consistent")
    assert below.computed == pytest.approx(9 / 11.0 - 1)  # (10 + 12 + 12 + 12 + 9) / 5 = 11
    distance = _one("The Russell 2000 is about 18% below its 5-day moving average.", closes, "2025-03-11")
    assert distance.stated == -0.18 and distance.verdict == "consistent"
    # below at this close and the one before (a text may predate its day's close)
    above = _one("The Russell 2000 remains above its 5-day moving average.", _closes([*closes, 9]), "2025-03-12")
    assert above.verdict == "differs" and "not above it" in above.reason
    assert above.computed == pytest.approx(9 / 10.8 - 1)
    short = _one("The Russell 2000 is below its 200-day moving average.", closes, "2025-03-11")
    assert short.verdict == "not_checkable" and "fewer than the 200" in short.reason


def test_the_first_close_on_that_side_since():
    # 3-day averages; below on 6 March, then above, then below again on the 14th
    closes = _closes([10, 10, 10, 8, 12, 12, 12, 12, 12, 9])
    record = _one("The Russell 2000 closed below its 3-day moving average for the first time since March 6.",
                  closes, "2025-03-14")
    assert (record.verdict, record.computed_since) == ("consistent", "2025-03-06")
    wrong = _one("The Russell 2000 closed below its 3-day moving average for the first time since February.",
                 closes, "2025-03-14")
    assert wrong.verdict == "differs" and "not since February" in wrong.reason


def test_a_move_and_the_average_in_one_clause():
    closes = _closes([10, 10, 10, 12, 12, 12, 9])
    records = check_text("The Russell 2000 fell 25% on Tuesday, closing below its 5-day moving average.",
                         {"RUT": closes}, as_of="2025-03-11").claims
    assert sorted(r.measure for r in records) == ["moving_average", "return"]
    move, = [r for r in records if r.measure == "return"]
    assert move.computed == pytest.approx(-0.25) and move.verdict == "consistent"


@pytest.mark.shared_data
def test_december_2024_on_the_snapshot(claims_run, shared_data):
    rut = read_csv(str(shared_data), "RUT").loc[:"2024-12-18"]
    mean = rut.rolling(50).mean()
    below = (rut < mean).loc[mean.notna()]
    previous = below.loc[:below.index[~below.to_numpy()][-1]].iloc[:-1]
    since = previous.index[previous.to_numpy()][-1]
    record, = [r for r in claims_run("The Russell 2000 fell 4.4% on Wednesday, closing below its 50-day moving average "
                              "for the first time since October.", "2024-12-18")
               if r["measure"] == "moving_average"]
    assert record["computed"] == pytest.approx(rut.iloc[-1] / mean.iloc[-1] - 1)
    assert record["computed_since"] == f"{since:%Y-%m-%d}"
    assert record["verdict"] == ("consistent" if below.iloc[-1] and since.month == 10 else "differs")
