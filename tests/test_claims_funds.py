"""Funds and returns with dividends: "the iShares Russell 2000 ETF (IWM) fell 1.5% this week" is
read on IWM's closes (adjusted for dividends: its price level is not checkable), and a return
stated with words that may include dividends ("the Russell 2000 returned 11.5% in 2024") is also
read from the index's fund (IWM for the Russell 2000, SPY for the S&P 500), its fee added back
or not. By hand, then the snapshot against its CSV files read with pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.claims import check_text


def _check(text, series, as_of):
    return [r.__dict__ for r in check_text(text, series, as_of=as_of).claims]


def _year(start: float, end: float) -> pd.Series:
    """Closes over 2024's business days (and 2023's last), ``start`` on 2023-12-29, ``end`` after."""
    days = pd.bdate_range("2023-12-29", "2024-12-31")
    return pd.Series([start] + [end] * (len(days) - 1), index=days, dtype="float64")


def test_a_return_with_dividends_read_from_the_fund_by_hand():
    series = {"RUT": _year(100.0, 110.0), "IWM": _year(50.0, 55.7)}  # the index +10%, the fund +11.4%
    total, = _check("The Russell 2000 returned 11.5% in 2024.", series, "2024-12-31")
    assert total["computed"] == pytest.approx(0.10) and total["verdict"] == "consistent"
    # +11.4% from the fund; +11.61% with its 0.19% fee added back: 11.5% lies within
    assert "+11.4% over the same dates" in total["reason"] and "+11.6% with its 0.19% yearly fee" in total["reason"]
    assert "(a price return" not in total["reason"]  # the reading with dividends decided
    wrong, = _check("The Russell 2000 returned 25% in 2024.", series, "2024-12-31")
    assert wrong["verdict"] == "differs" and "nor with dividends (+11.4%" in wrong["reason"]
    # "rose" is the index level's move: no second reading
    rose, = _check("The Russell 2000 rose 11.5% in 2024.", series, "2024-12-31")
    assert rose["verdict"] == "differs" and "IWM" not in rose["reason"]
    # no fund in the data: the price return alone, as before
    alone, = _check("The Russell 2000 returned 11.5% in 2024.", {"RUT": series["RUT"]}, "2024-12-31")
    assert alone["verdict"] == "differs"


def test_a_fund_named_in_the_text_is_read_on_its_closes_by_hand():
    days = pd.bdate_range("2024-12-02", "2024-12-20")
    iwm = pd.Series(200.0, index=days)
    iwm.loc["2024-12-20"] = 197.0  # -1.5% on the week (from 200 on Friday 12-13)
    rut = pd.Series(2000.0, index=days)
    for text in ("The iShares Russell 2000 ETF (IWM) fell 1.5% this week.", "IWM fell 1.5% this week."):
        fell, = _check(text, {"IWM": iwm, "RUT": rut}, "2024-12-20")
        assert (fell["series"], fell["computed"], fell["verdict"]) == ("IWM", pytest.approx(-0.015), "consistent")
        assert "adjusted for dividends" in fell["reason"]
    level, = _check("IWM closed at 197.", {"IWM": iwm}, "2024-12-20")
    assert level["verdict"] == "not_checkable" and "not the prices it traded at" in level["reason"]
    # "iwm" in lower case is not the ticker
    assert _check("Small caps fell 1.5% this week, an iwm said.", {"RUT": rut}, "2024-12-20")[0]["series"] == "RUT"


@pytest.mark.shared_data
def test_five_years_with_dividends_on_the_snapshot(claims_run, shared_data):
    spy = pd.read_csv(shared_data / "indexes" / "SPY.csv", index_col=0, parse_dates=True).iloc[:, 0].dropna()
    total = spy.loc[:"2024-12-31"].iloc[-1] / spy.loc[:"2019-12-31"].iloc[-1] - 1
    _, large = claims_run("Small caps have returned 31% over the past five years, versus 96% for large caps.", "2024-12-31")
    assert large["series"] == "GSPC" and "S&P 500 (^GSPC)" in large["source"]
    assert "SPDR S&P 500 ETF" in large["source"]  # the fund whose closes the reading with dividends used
    assert f"{100 * total:+.1f}% over the same dates" in large["reason"]
    assert large["verdict"] == ("consistent" if 95.5 <= 100 * total <= 96.5 or
                                95.5 <= 100 * ((1 + total) * 1.000945 ** 5 - 1) <= 96.5 else "differs")


def test_a_funds_return_is_said_to_be_a_total_return_only():
    # "The iShares Core S&P Small-Cap ETF (IJR) has returned about 24%": the fund's adjusted closes,
    # a total return; the note said "(a price return: the index level, without dividends; on the
    # fund's closes adjusted for dividends: a total return)", both at once
    fund, = _check("The iShares Russell 2000 ETF (IWM) has returned about 11% this year.",
                   {"IWM": _year(50.0, 55.7)}, "2024-12-31")
    assert fund["verdict"] == "consistent"
    assert "a total return" in fund["reason"] and "price return" not in fund["reason"]
