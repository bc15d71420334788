"""The ratio of small to large caps at a level record: "the Russell 2000's ratio to the S&P 500 fell
to its lowest since 2001" (series ``RUT/GSPC``), by hand and on the snapshot against pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text
from tests.claims_snapshot import read_csv


def _pair(ratios: list[float]) -> dict[str, pd.Series]:
    days = pd.bdate_range("2025-03-03", periods=len(ratios))
    return {"RUT": pd.Series(ratios, index=days) * 100.0, "GSPC": pd.Series(100.0, index=days)}


def test_the_ratios_level_record_by_hand():
    series = _pair([0.40, 0.30, 0.36, 0.38, 0.35, 0.34])  # the last (0.34) is the lowest since 2025-03-04
    record, = check_text("The Russell 2000's ratio to the S&P 500 fell to its lowest since March 4.", series,
                         as_of="2025-03-10").claims
    assert (record.series, record.measure, record.unit) == ("RUT/GSPC", "level_record", "ratio")
    assert record.computed == pytest.approx(0.34) and record.computed_since == "2025-03-04"
    assert record.verdict == "consistent"
    weaker, = check_text("Small caps relative to large caps are at their weakest level since March 3.", series,
                         as_of="2025-03-10").claims
    assert weaker.series == "RUT/GSPC" and weaker.verdict == "differs"  # 0.30 on the 4th is lower
    # a move relative to large caps over a day is the gap's record, not the ratio's level
    day, = check_text("Small caps had their best day relative to large caps since March 4.", series,
                      as_of="2025-03-10").claims
    assert day.measure == "return_gap"


@pytest.mark.shared_data
@pytest.mark.parametrize("as_of", ["2024-12-30", "2024-12-31"])
def test_the_ratio_on_the_snapshot(claims_run, shared_data, as_of):
    root = str(shared_data)
    ratio = (read_csv(root, "RUT") / read_csv(root, "GSPC")).dropna().loc[:as_of]

    def since(r):  # the last earlier day at or below the last value
        earlier = r.iloc[:-1]
        return earlier[earlier <= r.iloc[-1]].index[-1]

    day, before = since(ratio), since(ratio.iloc[:-1])  # at the day's close, at the close before it
    record, = claims_run("The Russell 2000's ratio to the S&P 500 is at its lowest since 2001.", as_of)
    assert record["link"].endswith("#panel-relative")
    if day.year <= 2001:
        want = ("consistent", ratio.iloc[-1], day)
    elif before.year <= 2001:
        want = ("consistent", ratio.iloc[-2], before)
    else:
        want = ("differs", ratio.iloc[-1], day)
    assert (record["verdict"], record["computed_since"]) == (want[0], f"{want[2]:%Y-%m-%d}")
    assert record["computed"] == pytest.approx(want[1])


def test_the_ratios_record_within_a_named_month_or_on_a_named_day_by_hand():
    # 0.30 on 3 February, 0.40 after, 0.32 on Wednesday 5 March (March's low), 0.38 to 31 March:
    # the lowest since 3 February on the 5th (was: read on the publication day's 0.38)
    days = pd.bdate_range("2025-02-03", "2025-03-31")
    ratio = pd.Series(0.40, index=days)
    ratio.loc["2025-02-03"], ratio.loc["2025-03-05"], ratio.loc["2025-03-06":] = 0.30, 0.32, 0.38
    series = {"RUT": ratio * 100.0, "GSPC": pd.Series(100.0, index=days)}
    for text in ("The ratio of the Russell 2000 to the S&P 500 hit its lowest level since February in March.",
                 "The ratio of the Russell 2000 to the S&P 500 fell to its lowest since February on March 5."):
        record, = check_text(text, series, as_of="2025-03-31").claims
        assert (record.period_end, record.computed, record.computed_since) == ("2025-03-05", pytest.approx(0.32),
                                                                               "2025-02-03"), text
        assert record.verdict == "consistent"
