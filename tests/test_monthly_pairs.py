"""A pair observed monthly (the Ken French size portfolios): no daily figures are stated for it.

The correlation of a monthly pair is computed on monthly changes (the view converts the
frequency and the window, saying so); facts that need daily observations (the one-day return,
the 63-day and 26-week correlations, a return over a few days since an event) are skipped
with the reason, instead of stating a month's move as a day's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.facts import calc_headline_facts
from analytics.facts_common import FactSkipped
from analytics.facts_rates import correlation_fact
from analytics.facts_returns import event_return_fact, relative_return_fact, return_fact
from analytics.series import coarser, observation_freq
from panels.view import resolve_freq, resolve_view
from state import ViewState
from tests.fakes import FakeData

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def month_ends(start: str, periods: int, step: float = 0.01) -> pd.Series:
    index = pd.date_range(start, periods=periods, freq="ME", name="date")
    return pd.Series(100.0 * (1 + step) ** np.arange(periods), index=index)


def business_days(start: str, end: str) -> pd.Series:
    index = pd.bdate_range(start, end, name="date")
    return pd.Series(100.0 + 0.01 * np.arange(len(index)), index=index)


class TestObservationFreq:
    def test_business_days_weeks_and_month_ends(self):
        assert observation_freq(pd.bdate_range("2020-01-01", "2020-12-31")) == "D"
        assert observation_freq(pd.date_range("2020-01-01", "2020-12-31")) == "D"
        assert observation_freq(pd.date_range("2020-01-03", periods=50, freq="W-FRI")) == "W"
        assert observation_freq(pd.date_range("1926-07-31", periods=50, freq="ME")) == "M"
        assert observation_freq(pd.date_range("2000-03-31", periods=20, freq="QE")) == "M"

    def test_a_few_holes_do_not_change_the_answer(self):
        days = pd.bdate_range("2020-01-01", "2020-12-31")
        assert observation_freq(days.delete([5, 6, 7, 40, 41])) == "D"

    def test_too_short_to_tell_is_daily(self):
        assert observation_freq(pd.DatetimeIndex([])) == "D"
        assert observation_freq(pd.DatetimeIndex(["2020-01-31"])) == "D"

    def test_coarser(self):
        assert coarser("D", "M") == coarser("M", "D") == "M"
        assert coarser("W", "D") == "W" and coarser("D", "D") == "D"


class TestViewOfAMonthlyPair:
    def test_daily_correlation_becomes_monthly_with_the_window_converted_and_a_notice(self):
        data = FakeData({"FF_LO10": month_ends("1990-01-31", 400), "FF_HI10": month_ends("1990-01-31", 400)})
        view = resolve_view(ViewState(small="FF_LO10", large="FF_HI10", freq="W", window=52), data)
        assert (view.freq, view.window) == ("M", 12)  # 52 weeks = 260 trading days = about 12 months
        assert view.notices == ("The pair has monthly observations only: the correlation uses monthly changes. "
                                "Correlation window: 52 weeks is about 12 months (the same span).",)

    def test_one_monthly_side_is_enough(self):
        data = FakeData({"FF_LO10": month_ends("1990-01-31", 400), "GSPC": business_days("1990-01-01", "2020-12-31")})
        view = resolve_view(ViewState(small="FF_LO10", large="GSPC", freq="D", window=252), data)
        assert (view.freq, view.window) == ("M", 12)

    def test_a_daily_pair_and_a_monthly_choice_are_unchanged(self):
        daily = FakeData({"RUT": business_days("2010-01-01", "2020-12-31"),
                          "GSPC": business_days("2010-01-01", "2020-12-31")})
        assert (resolve_view(ViewState(freq="D", window=63), daily).freq, ) == ("D",)
        assert resolve_view(ViewState(freq="D", window=63), daily).notices == ()
        monthly = FakeData({"FF_LO10": month_ends("1990-01-31", 400), "FF_HI10": month_ends("1990-01-31", 400)})
        view = resolve_view(ViewState(small="FF_LO10", large="FF_HI10", freq="M", window=24), monthly)
        assert (view.freq, view.window, view.notices) == ("M", 24, ())

    def test_resolve_freq_keeps_a_coarser_choice(self):
        assert resolve_freq("M", 24, "D") == ("M", 24, None)
        assert resolve_freq("W", 26, "W") == ("W", 26, None)
        assert resolve_freq("D", 63, "W")[:2] == ("W", 13)


class TestFactsOfAMonthlySeries:
    small = month_ends("2000-01-31", 120)
    large = month_ends("2000-01-31", 120, step=0.005)
    rate = pd.Series(4.0 + 0.1 * np.sin(np.arange(120)), index=small.index)
    as_of = small.index[-1]

    def test_no_one_day_return(self):
        with pytest.raises(FactSkipped, match="monthly observations only: no one-day return"):
            return_fact(self.small, "FF_LO10", "1d", as_of=self.as_of, observed="M")
        with pytest.raises(FactSkipped, match="monthly observations only: no one-day return"):
            relative_return_fact(self.small, self.large, ("FF_LO10", "FF_HI10"), "1d", as_of=self.as_of,
                                 observed="M")

    def test_the_calendar_month_is_stated_not_the_past_month(self):
        month = return_fact(self.small, "FF_LO10", "month", as_of=self.as_of, observed="M")
        assert month.value == pytest.approx(0.01) and month.text.startswith(
            "The Ken French bottom-decile size portfolio rose 1.0% in")
        # a month back from a month-end the month before lacks (30 September -> 30 August) is the end
        # of July: two months stated as "over the past month" (this rule changed the assertion, which
        # stated the past month of month-end data)
        with pytest.raises(FactSkipped, match="monthly observations only: its past month is the calendar month's fact"):
            return_fact(self.small, "FF_LO10", "1m", as_of=self.as_of, observed="M")

    def test_correlation_only_at_the_data_frequency(self):
        for freq, window, words in (("D", 63, "63-day"), ("W", 26, "26-week")):
            with pytest.raises(FactSkipped, match=f"no {words} correlation"):
                correlation_fact(self.small, self.rate, ("FF_LO10", "DGS10"), freq=freq, window=window,
                                 period="x", words=words, observed="M")
        fact = correlation_fact(self.small, self.rate, ("FF_LO10", "DGS10"), freq="M", window=24,
                                period="24m", words="24-month", observed="M")
        assert -1 <= fact.value <= 1

    def test_a_return_since_a_recent_event_is_not_measured_from_a_month_before(self):
        common = dict(earlier=[pd.Timestamp("2005-06-30")], event_id="since_fed_move", event_word="Fed cut",
                      panel="regimes", as_of=self.as_of, observed="M")
        with pytest.raises(FactSkipped, match="41 days since the 2009-11-20 Fed cut cannot be measured"):
            event_return_fact(self.small, "FF_LO10", event=pd.Timestamp("2009-11-20"), **common)
        longer = event_return_fact(self.small, "FF_LO10", event=pd.Timestamp("2009-06-10"), **common)
        assert longer.value == pytest.approx(1.01 ** 7 - 1)  # 2009-05-31 to 2009-12-31
        # the sentence says where it runs from (it said "since the 2009-06-10 Fed cut", from May 31)
        assert "since the 2009-06-10 Fed cut (from the 2009-05-31 month-end, as of 2009-12-31)" in longer.text

    def test_the_sheet_skips_what_the_stated_frequencies_cannot_support(self):
        market = {"FF_LO10": self.small, "FF_HI10": self.large, "DGS10": self.rate}
        sheet = calc_headline_facts(market, as_of=self.as_of, small="FF_LO10", large="FF_HI10",
                                    observed={"FF_LO10": "M", "FF_HI10": "M", "DGS10": "D"})
        skipped = dict(sheet.skipped)
        assert "no one-day return" in skipped["return:FF_LO10:1d"]
        assert "no one-day return" in skipped["relative_return:FF_LO10-FF_HI10:1d"]
        assert "no 63-day correlation" in skipped["correlation:FF_LO10~DGS10:63d"]
        assert "return:FF_LO10:month" in sheet.by_id()
        # the same series said to be daily: a one-day return (here the last month's move)
        daily = calc_headline_facts(market, as_of=self.as_of, small="FF_LO10", large="FF_HI10")
        assert daily.by_id()["return:FF_LO10:1d"].value == pytest.approx(0.01)

    def test_a_daily_series_keeps_every_fact(self):
        daily = business_days("2015-01-01", "2020-12-31")
        assert return_fact(daily, "RUT", "1d", as_of=daily.index[-1]).value == pytest.approx(0.01 / daily.iloc[-2])


@pytest.mark.skipif(not (SHARED / "famafrench" / "Portfolios_Formed_on_ME.CSV").exists(),
                    reason="needs the Ken French snapshot in ../shared/data")
def test_the_century_pair_states_no_daily_fact_on_real_data(tmp_path):
    from app import create_app
    from config import Config
    from panels.facts import compute_facts

    app = create_app(Config.from_env({"SMALLCAP_DATA": str(SHARED), "SMALLCAP_CACHE_DIR": str(tmp_path)}))
    data = app.server.extensions["smallcap_panel_data"].for_request()
    sheet = compute_facts(data, dt.date(2025, 12, 31), "FF_LO10", "FF_HI10").sheet
    ids = {f.id for f in sheet.facts}
    skipped = dict(sheet.skipped)
    for fact_id in ("return:FF_LO10:1d", "relative_return:FF_LO10-FF_HI10:1d", "correlation:FF_LO10~DGS10:63d",
                    "correlation:FF_LO10~DGS10:26w"):
        assert fact_id not in ids and "monthly observations only" in skipped[fact_id]
    assert "return:FF_LO10:year" in ids and "correlation:FF_LO10~DGS10:24m" in ids
    assert not any("FF_LO10" in f.text or "-day" in f.text for f in sheet.facts)
    view = resolve_view(ViewState(small="FF_LO10", large="FF_HI10"), data)
    assert view.freq == "M" and "monthly observations only" in view.notices[-1]


@pytest.mark.skipif(not (SHARED / "famafrench" / "Portfolios_Formed_on_ME.CSV").exists(),
                    reason="needs the Ken French snapshot in ../shared/data")
def test_the_century_chart_shades_the_cycles_before_the_target_era(tmp_path):
    from app import create_app
    from config import Config
    from panels.contract import render
    from panels.registry import REGISTRY

    app = create_app(Config.from_env({"SMALLCAP_DATA": str(SHARED), "SMALLCAP_CACHE_DIR": str(tmp_path)}))
    data = app.server.extensions["smallcap_panel_data"]
    early = render(REGISTRY["relative"], data.for_request(), resolve_view(
        ViewState(small="FF_LO10", large="FF_HI10", start=dt.date(1950, 1, 1), end=dt.date(1990, 12, 31)),
        data.for_request()))
    cycles = early.result.context.cycles
    before = cycles[cycles["first_date"] < pd.Timestamp("1982-09-27")]
    # README: 13 hiking and 12 cutting cycles of 1954-1982 on the snapshot (monthly DFF rule)
    assert len(before) == 25 and before["first_date"].min() >= pd.Timestamp("1954-07-31")
    assert "from monthly averages of the effective rate (DFF)" in early.summary
    assert "effective" in early.result.source.lower() or "DFF" in early.result.source
    late = render(REGISTRY["relative"], data.for_request(), resolve_view(
        ViewState(small="FF_LO10", large="FF_HI10", start=dt.date(1990, 1, 1), end=dt.date(2020, 12, 31)),
        data.for_request()))
    assert "DFF" not in late.summary and "DFF" not in late.result.source
    assert late.result.context.cycles["first_date"].min() >= pd.Timestamp("1982-09-27")
