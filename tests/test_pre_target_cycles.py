"""Fed cycles before the target era (1954-1982, from DFF) and the regimes panel on the century
pair: every cycle since fed funds data begin, with the number of cycles behind each median."""

from __future__ import annotations


import pandas as pd
import pytest

from analytics.regimes import calc_dff_cycles, calc_fed_events, join_cycles
from app import create_app
from components.figures.regimes import CYCLES_ROW
from config import Config, DataSpec
from state import parse_query
from tests.panel_draw import rendered


def monthly_dff(values, start="1960-01-01"):
    """A daily series whose monthly averages are ``values`` (constant within each month)."""
    months = pd.date_range(start, periods=len(values), freq="MS")
    days = pd.date_range(months[0], months[-1] + pd.offsets.MonthEnd(1), freq="D")
    series = pd.Series(index=days, dtype=float, name="DFF")
    for month, value in zip(months, values):
        series[month:month + pd.offsets.MonthEnd(1)] = value
    series.index.name = "date"
    return series


class TestZigzag:
    # 1960-01..: 3.0, 2.5 (trough), 3.0, 4.0 (peak), 3.5, 2.9 (-1.1 from the peak: confirmed),
    # 2.0 (trough), 2.6, 3.1 (+1.1: confirmed), 3.2
    VALUES = [3.0, 2.5, 3.0, 4.0, 3.5, 2.9, 2.0, 2.6, 3.1, 3.2]

    def test_turns_confirmed_by_a_one_point_reversal(self):
        cycles = calc_dff_cycles(monthly_dff(self.VALUES), until="1990-01-01")
        assert cycles["direction"].tolist() == ["hike", "cut"]
        hike, cut = cycles.iloc[0], cycles.iloc[1]
        assert (hike["first_date"], hike["last_date"]) == (pd.Timestamp("1960-03-31"), pd.Timestamp("1960-04-30"))
        assert (hike["start_rate"], hike["end_rate"], hike["n_moves"]) == (2.5, 4.0, 2)
        assert (cut["first_date"], cut["last_date"]) == (pd.Timestamp("1960-05-31"), pd.Timestamp("1960-07-31"))
        assert (cut["start_rate"], cut["end_rate"], cut["n_moves"]) == (4.0, 2.0, 3)
        assert not cycles["provisional"].any()  # the hike from 2.0 is still running: left out

    def test_no_look_ahead_and_the_target_era_is_cut_off(self):
        # as of 1960-05-31 the 4.0 peak is not confirmed yet (only -0.5): no cycle
        assert calc_dff_cycles(monthly_dff(self.VALUES), until="1990-01-01", as_of="1960-05-31").empty
        # as of 1960-06-30 (2.9, -1.1) the hike is confirmed, the cut is not
        assert calc_dff_cycles(monthly_dff(self.VALUES), until="1990-01-01", as_of="1960-06-30")["direction"].tolist() == ["hike"]
        assert calc_dff_cycles(monthly_dff(self.VALUES), until="1960-07-01")["direction"].tolist() == ["hike"]

    def test_joined_with_the_target_era_and_numbered_again(self):
        early = calc_dff_cycles(monthly_dff(self.VALUES), until="1990-01-01")
        joined = join_cycles(early, early)
        assert joined["cycle_id"].tolist() == [1, 2, 3, 4]
        events = calc_fed_events(joined)
        assert (events["event"] == "last_hike").sum() == 2


@pytest.fixture(scope="module")
def shared(shared_data, tmp_path_factory):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("cycles")))
    return app.server.extensions["smallcap_panel_data"]


def test_the_century_pair_gets_every_cycle_since_1954(shared):
    state, notices = parse_query("small=FF_LO10&large=FF_HI10&event=last_hike&asof=2025-12-31")
    assert notices == []
    out = rendered("regimes", shared, state)
    events = out.result.study.events
    assert events["date"].iloc[0] == pd.Timestamp("1957-10-31")  # the 1954-57 hiking cycle's peak month
    before = events.loc[events["date"] < pd.Timestamp("1982-09-27")]
    assert len(before) == 13  # 13 confirmed hiking cycles 1954-1982 (threshold 1 pp)
    # 1982-1994's minor cycles (under 0.25 pp: the hikes ending 1983-08-11, 1986-04-02, 1986-06-05 and
    # 1987-05-22) continue the cycles around them: 24 last hikes, not 28
    assert len(events) == 24
    assert "24 last hikes from 1957-10-31" in out.summary
    # the early ones are month-ends of the effective rate's turns, not announcements, and say so
    assert ("(FOMC announcement dates from 1982-09-27, when the target series begin; before, the month-end of a "
            "turning point in the effective rate's monthly average (DFF); the pair is monthly, so each is measured "
            "from the month-end on or after it, as known on 2025-12-31)") in out.summary
    axis = out.figure["layout"].get("xaxis2") or out.figure["layout"]["xaxis"]  # (the lower chart's, with rates)
    assert axis["title"]["text"] == (
        "Months after the event (FOMC announcement; before 1982-09-27, a month-end; from the month-end on or after it)")
    assert "(24 cycles with an outcome)" in out.summary
    assert "Effective federal funds rate (DFF)" in out.result.source  # cited: it dates the early cycles
    # the table's last row: the cycles each median rests on, equal to the outcomes present
    table = out.extra[1].children
    row = table[table.index(f"<tr><td>{CYCLES_ROW}</td>"):]
    row = row[:row.index("</tr>")]
    counts = [int(c) for c in row.replace("</td>", "").split("<td>")[2:]]
    outcomes = out.result.study.outcomes
    relative_12 = outcomes.loc[outcomes["horizon"] == 12, "relative"].notna().sum()
    assert relative_12 == 24 and relative_12 in counts and max(counts) == 24


def test_a_pair_from_the_target_era_is_unchanged(shared):
    state, _ = parse_query("small=RUT&large=GSPC&event=last_hike&asof=2025-12-31")
    out = rendered("regimes", shared, state)
    events = out.result.study.events
    assert events["date"].iloc[0] >= pd.Timestamp("1982-09-27")
    assert "(FOMC announcement dates, as known on 2025-12-31)" in out.summary


def test_a_monthly_pair_measures_each_event_from_the_month_end_on_or_after_it(shared):
    """The Ken French portfolios are month-end levels: "12 months after the 2018-12-19 hike" runs
    from 2018-12-31 to 2019-12-31 (from the month-end before, 2018-11-30, it held the December
    selloff before the hike: -12.1% against -6.6%); the label and the summary say so."""
    from panels.data import load

    state, _ = parse_query("small=FF_LO30&large=FF_HI30&event=last_hike&asof=2026-02-28")
    out = rendered("regimes", shared, state)
    outcomes = out.result.study.outcomes
    row = outcomes.loc[(outcomes["label"] == "2018-12-19, from 2018-12-31") & (outcomes["horizon"] == 12)].iloc[0]
    loaded = load(shared, "FF_LO30", "FF_HI30")
    lo, hi = loaded["FF_LO30"].data, loaded["FF_HI30"].data
    growth = lambda s: s.loc["2019-12-31"] / s.loc["2018-12-31"]  # noqa: E731
    assert row["relative"] == pytest.approx(growth(lo) / growth(hi) - 1, abs=1e-9)
    assert row["relative"] == pytest.approx(-0.066, abs=5e-4)
    assert "the pair is monthly, so each is measured from the month-end on or after it" in out.summary
    assert "24 last hikes from 1957-10-31 to 2023-07-26" in out.summary  # announcement dates, not month-ends
    # the CSV's first column is the base, named so (it was "event_date", holding 2018-12-31)
    assert out.table.index.name == "measured_from [month-end on or after the event]"
    assert "2018-12-31" in set(out.table.index.strftime("%Y-%m-%d"))
    caption = out.extra[0].children  # (it said "from the last close on or before the FOMC announcement")
    assert "(from the month-end on or after the FOMC announcement (the pair is monthly) to the last close" in caption
    # a daily pair keeps the announcement day
    daily = rendered("regimes", shared, parse_query("event=last_hike&asof=2025-12-31")[0]).result.study.outcomes
    assert "2018-12-19" in set(daily["label"]) and not daily["label"].str.contains("from").any()


def test_a_monthly_pairs_horizons_end_at_month_ends(shared):
    """Every outcome of a monthly pair runs from its month-end to the month-end h months later:
    from 1987-09-30, "3 months after" was 1987-09-30 + 3 months = 12-30, whose last month-end is
    November's (a 2-month return; 6 months read -6.7% where it is +0.4%). The rates' changes in the
    row run to the same date."""
    from panels.data import load

    state, _ = parse_query("small=FF_LO30&large=FF_HI30&event=last_hike&asof=2026-02-28")
    outcomes = rendered("regimes", shared, state).result.study.outcomes
    loaded = load(shared, "FF_LO30", "FF_HI30", "DGS10")
    lo, hi, dgs10 = loaded["FF_LO30"].data, loaded["FF_HI30"].data, loaded["DGS10"].data.dropna()
    checked = 0
    for row in outcomes.dropna(subset=["relative"]).itertuples():
        start = pd.Timestamp(row.event_date)
        end = start + pd.offsets.MonthEnd(row.horizon)  # a month-end h months on
        growth = lambda s: s.loc[end] / s.loc[start]  # noqa: E731
        assert row.relative == pytest.approx(growth(lo) / growth(hi) - 1, abs=1e-9), (row.label, row.horizon)
        checked += 1
    assert checked >= 60
    row = outcomes.loc[(outcomes["label"] == "1987-09-24, from 1987-09-30") & (outcomes["horizon"] == 6)].iloc[0]
    assert row["relative"] == pytest.approx(0.0039, abs=5e-5)  # was -6.7%: 1987-09-30 to 1988-02-29
    three = outcomes.loc[(outcomes["label"] == "1987-09-24, from 1987-09-30") & (outcomes["horizon"] == 3)].iloc[0]
    yields = dgs10.loc[:"1987-12-31"].iloc[-1] - dgs10.loc[:"1987-09-30"].iloc[-1]
    assert three["10-year yield"] == pytest.approx(yields, abs=1e-9)  # (was to 1987-12-30 beside November's returns)
