"""Correlation and regimes callbacks as plain functions: pure helpers, demo data, the real snapshot."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pandas as pd
import pytest

from analytics.correlation import calc_rate_correlation
from analytics.events import AVG_MONTH_DAYS
from analytics.records import to_record_since
from app import create_app
from panels.correlation import compute_correlation_frame, window_rows
from tests.panel_draw import drawer, panel_data
from analytics.event_study import NoEvents, compute_event_study, grid_days, to_event_grid, to_median_path
from analytics.records import ordinal
from components.figures.correlation import percentile_rank
from config import Config, DataSpec
from panels.registry import REGISTRY
from panels.view import view_of
from state import ViewState
import plotly.graph_objects as go


def texts(component) -> str:
    """All the text of a component tree (or list of them), for 'contains' checks."""
    return json.dumps(component, default=lambda c: c.to_plotly_json())


# --------------------------------------------------------------------------- pure helpers
class TestWindowRows:
    def test_partial_last_period_only_at_the_data_end(self):
        full = pd.DataFrame({"correlation": [0.1, 0.2, 0.3]},
                            index=pd.to_datetime(["2025-11-30", "2025-12-31", "2026-01-31"]))
        at_end = window_rows(full, pd.Timestamp("2025-11-01"), pd.Timestamp("2026-01-20"),
                             data_end=pd.Timestamp("2026-01-20"))
        before = window_rows(full, pd.Timestamp("2025-11-01"), pd.Timestamp("2026-01-20"),
                             data_end=pd.Timestamp("2026-02-20"))
        assert list(at_end["correlation"]) == [0.1, 0.2, 0.3]
        assert list(before["correlation"]) == [0.1, 0.2]


class TestEventGrid:
    def test_grid_days_include_zero_and_span_the_window(self):
        days = grid_days(6, 24, 7)
        assert 0 in days and days[0] == -182 and days[-1] == 728
        assert set(np.diff(days)) == {7}

    def test_last_value_on_or_before_each_offset(self):
        event = pd.Timestamp("2020-01-10")
        windows = pd.DataFrame({
            "event_date": event,
            "date": pd.to_datetime(["2020-01-06", "2020-01-10", "2020-01-13", "2020-01-20"]),
            "value": [-0.01, 0.0, 0.02, 0.05],
        })
        grid = to_event_grid(windows, end=pd.Timestamp("2020-01-20"), days=np.array([-7, -4, 0, 3, 7, 10, 14]))
        assert list(grid.columns) == [event]
        np.testing.assert_allclose(grid.index, np.array([-7, -4, 0, 3, 7, 10, 14]) / AVG_MONTH_DAYS)
        # -7: before the first row; 14: after the data end.
        np.testing.assert_array_equal(grid[event].to_numpy(), [np.nan, -0.01, 0.0, 0.02, 0.02, 0.05, np.nan])

    def test_median_needs_half_of_the_events(self):
        paths = pd.DataFrame({"a": [1.0, 1.0, np.nan], "b": [3.0, np.nan, np.nan], "c": [5.0, np.nan, 2.0],
                              "d": [7.0, np.nan, np.nan], "empty": np.nan})
        median = to_median_path(paths)
        np.testing.assert_array_equal(median.to_numpy(), [4.0, np.nan, np.nan])
        assert to_median_path(paths[["empty"]]).isna().all()


def business_days(start: str, end: str) -> pd.DatetimeIndex:
    return pd.bdate_range(start, end, name="date")


def hand_made(small_start: str = "2000-01-03"):
    """A target path with hikes on 2001-02-01 and 2001-06-01 and a cut on 2002-03-01.

    Large caps are flat at 100; small caps grow 0.1 % a business day, so the relative return
    since day 0 is the small-cap return.
    """
    days = pd.date_range("2000-01-01", "2003-12-31", freq="D")
    target = pd.Series(1.0, index=days, name="fed_target")
    target[days >= "2001-02-01"] = 1.25
    target[days >= "2001-06-01"] = 1.5
    target[days >= "2002-03-01"] = 1.25
    index = business_days(small_start, "2003-12-31")
    small = pd.Series(100 * 1.001 ** np.arange(len(index)), index=index, name="SMALL")
    large = pd.Series(100.0, index=business_days("2000-01-03", "2003-12-31"), name="LARGE")
    rate = pd.Series(np.linspace(5.0, 6.0, len(large)), index=large.index, name="RATE")
    return small, large, target, rate


class TestComputeEventStudy:
    def test_events_outcomes_and_paths(self):
        small, large, target, rate = hand_made()
        study = compute_event_study(small, large, target, event="last_hike", rates={"10-year yield": rate})
        assert list(study.events["label"]) == ["2001-06-01"]
        assert study.as_of == pd.Timestamp("2003-12-31") and study.skipped == 0
        three = study.outcomes.set_index("horizon").loc[3]
        # 2001-06-01 (Fri) -> 2001-09-01 (Sat): the close of Fri 2001-08-31.
        expected = small["2001-08-31"] / small["2001-06-01"] - 1
        assert three["small"] == pytest.approx(expected) and three["large"] == 0.0
        assert three["relative"] == pytest.approx(expected)
        assert three["10-year yield"] == pytest.approx(rate["2001-08-31"] - rate["2001-06-01"])
        assert three["label"] == "2001-06-01"
        assert study.summaries["relative"].loc[3, "median"] == pytest.approx(expected)
        zero = study.paths.index.get_loc(0.0)
        assert study.paths.iloc[zero, 0] == 0.0 and study.median.iloc[zero] == 0.0
        assert list(study.rates.columns) == ["10-year yield"]

    def test_as_of_hides_later_moves_and_data(self):
        small, large, target, _ = hand_made()
        study = compute_event_study(small, large, target, event="last_hike", as_of=pd.Timestamp("2002-01-15"))
        assert list(study.events["label"]) == ["2001-06-01 (provisional)"]
        by_horizon = study.outcomes.set_index("horizon")
        assert by_horizon.loc[6, "relative"] > 0 and np.isnan(by_horizon.loc[12, "relative"])
        assert study.paths.index[study.paths.iloc[:, 0].notna()].max() <= (
            pd.Timestamp("2002-01-15") - pd.Timestamp("2001-06-01")).days / AVG_MONTH_DAYS

    def test_events_before_the_data_are_counted_not_drawn(self):
        small, large, target, _ = hand_made(small_start="2001-03-01")
        target[target.index >= "2003-01-02"] = 1.5  # a second hiking cycle
        study = compute_event_study(small, large, target, event="first_hike")
        # The 2001-02-01 first hike predates the small caps (from 2001-03-01).
        assert list(study.events["label"]) == ["2003-01-02"]  # a first move is never provisional
        assert study.skipped == 1 and list(study.paths.columns) == ["2003-01-02"]

    def test_no_event_in_the_data_is_a_panel_error(self):
        small, large, target, _ = hand_made(small_start="2001-03-01")
        with pytest.raises(NoEvents, match=r"no first hike between 2001-03-01 and 2003-12-31 \(1 earlier"):
            compute_event_study(small, large, target, event="first_hike")
        with pytest.raises(NoEvents, match="no first cut between 2000-01-03 and 2001-12-31"):
            compute_event_study(*hand_made()[:3], event="first_cut", as_of=pd.Timestamp("2001-12-31"))

    def test_unknown_event_is_a_value_error(self):
        with pytest.raises(ValueError, match="event must be one of first_hike"):
            compute_event_study(*hand_made()[:3], event="pivot")


# --------------------------------------------------------------------------- demo app
@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("c")))
    return app.server.extensions["smallcap_data"]


class TestWiring:
    def test_both_panels_are_registered(self, tmp_path):
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path))
        outputs = " ".join(app.callback_map)
        for prop in ("correlation-graph.figure", "correlation-summary.children", "regimes-graph.figure",
                     "regimes-summary.children", "regimes-table.children"):
            assert prop in outputs


class TestCorrelationDemo:
    def test_value_matches_the_analytics(self, demo_data):
        state = ViewState(start=dt.date(2015, 1, 1), end=dt.date(2019, 12, 31), freq="W", window=52)
        figure, summary = drawer("correlation", demo_data)(state.to_dict())
        # the window ends on Tuesday 2019-12-31: its last week (to Friday 2020-01-03) is cut there, as
        # the facts as of that day cut it, and dated by that day (this rule changed the expected last
        # point, the week to 2019-12-27)
        rut, gspc, dgs10 = (demo_data.series(k).data.loc[:"2019-12-31"] for k in ("RUT", "GSPC", "DGS10"))
        direct = calc_rate_correlation(rut, dgs10, freq="W", window=52)
        last = direct.iloc[-1]
        line = next(t for t in figure.data if t.uid == "correlation")
        assert direct.index[-1] == pd.Timestamp("2020-01-03") and line.x[-1] == "2019-12-31"
        assert line.y[-1] == pytest.approx(last["correlation"])
        assert f"{last['correlation']:.2f}" in figure.layout.title.text
        relative = calc_rate_correlation(rut, dgs10, freq="W", window=52, relative_to=gspc)
        dashed = next(t for t in figure.data if t.uid == "relative")
        assert dashed.y[-1] == pytest.approx(relative["correlation"].iloc[-1])
        assert "52-week rolling correlation" in summary and "percentile" in summary
        assert "DEMO DATA" in figure.layout.annotations[-1].text

    def test_full_history_frame(self, demo_data):
        full = compute_correlation_frame(demo_data, "RUT", "GSPC", "M", 36)
        corr = full["correlation"].dropna()
        pd.testing.assert_series_equal(full["low_since"].dropna(), to_record_since(corr, "low").dropna(),
                                       check_names=False)
        band = full[["band_low", "band_high"]].dropna()
        assert len(band) == len(corr) - 35 and (band["band_low"] <= band["band_high"]).all()

    @pytest.mark.parametrize(("freq", "window"), [("D", 63), ("W", 26), ("M", 24)])
    def test_frame_in_two_parts_equals_the_frame_at_once(self, demo_data, freq, window):
        """The small-cap part is shared between pairs (memoised); the frame is unchanged."""
        from panels.correlation import BAND_HIGH, BAND_LOW, small_correlation_frame

        def reference(small, large):  # the frame as it was built before the split
            levels = {k: demo_data.series(k).data for k in (small, large, "DGS10")}
            main = calc_rate_correlation(levels[small], levels["DGS10"], freq=freq, window=window)
            relative = calc_rate_correlation(levels[small], levels["DGS10"], freq=freq, window=window,
                                             relative_to=levels[large])
            frame = main.join(relative.rename(columns={"correlation": "relative",
                                                       "percentile": "relative_percentile"}), how="outer")
            corr = frame["correlation"].dropna()
            frame["band_low"] = corr.expanding(min_periods=window).quantile(BAND_LOW)
            frame["band_high"] = corr.expanding(min_periods=window).quantile(BAND_HIGH)
            frame["low_since"] = to_record_since(corr, "low")
            frame["high_since"] = to_record_since(corr, "high")
            return frame

        calls = []

        def part(*args):
            calls.append(args)
            return small_correlation_frame(demo_data, *args)

        kept = {}

        def shared(*args):
            if args not in kept:
                kept[args] = part(*args)
            return kept[args].copy()

        for large in ("GSPC", "SPY", "IXIC"):
            got = compute_correlation_frame(demo_data, "IWM", large, freq, window, small_part=shared)
            pd.testing.assert_frame_equal(got, reference("IWM", large))
            pd.testing.assert_frame_equal(compute_correlation_frame(demo_data, "IWM", large, freq, window), got)
        assert calls == [("IWM", freq, window)]

    def test_too_long_a_window_is_a_message(self, demo_data):
        figure, summary = drawer("correlation", demo_data)(ViewState(freq="M", window=520).to_dict())
        assert summary == ("not enough history for a 520-month correlation of RUT with DGS10: "
                           "choose a shorter window or frequency")
        assert figure.layout.annotations[0].text.startswith("Cannot draw this view")

    def test_window_before_the_history_is_a_message(self, demo_data):
        state = ViewState(start=dt.date(1990, 1, 1), end=dt.date(1990, 2, 1), window=63)
        _, summary = drawer("correlation", demo_data)(state.to_dict())
        assert summary.startswith("no 63-day correlation between 1990-01-01 and 1990-02-01; the history starts")


class TestRegimesDemo:
    def test_figure_table_and_summary(self, demo_data):
        figure, summary, table = drawer("regimes", demo_data)(ViewState(event="last_hike").to_dict())
        names = [t.name for t in figure.data]
        assert "Median across events" in names and "HY OAS: median change" in names
        assert any(n.endswith("(provisional)") for n in names)
        assert figure.layout.xaxis2.title.text == "Months after the event (FOMC announcement)"
        assert figure.layout.uirevision == "regimes:last_hike"
        assert "last hikes from" in summary and "is provisional" in summary
        assert "(provisional)" in texts(table) and "12 months after" in texts(table)

    def test_no_event_before_as_of_is_a_message(self, demo_data):
        figure, summary, table = drawer("regimes", demo_data)(
            ViewState(event="last_cut", asof=dt.date(1990, 1, 5)).to_dict())
        assert summary.startswith("no last cut between 1990-01-01 and 1990-01-05")
        assert table is None and figure.layout.annotations[0].text.startswith("Cannot draw this view")

    def test_missing_series_is_a_message(self, demo_data):
        class NoTarget:
            def series(self, key):
                if key.startswith("DFEDTAR"):
                    raise KeyError(f"no series {key}")
                return demo_data.series(key)

            def available_series(self):
                return demo_data.available_series()

        _, summary, table = drawer("regimes", NoTarget())(ViewState().to_dict())
        assert summary == "no series DFEDTAR" and table is None


# --------------------------------------------------------------------------- real snapshot
@pytest.fixture(scope="module")
def real_data(shared_data, tmp_path_factory):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("c")))
    return app.server.extensions["smallcap_data"]


@pytest.mark.shared_data
class TestSharedData:
    def test_correlation_matches_calc_rate_correlation(self, real_data):
        state = ViewState(start=dt.date(2022, 1, 13), end=dt.date(2025, 1, 13), freq="D", window=63)
        figure, summary = drawer("correlation", real_data)(state.to_dict())
        rut, dgs10 = real_data.series("RUT").data, real_data.series("DGS10").data
        direct = calc_rate_correlation(rut, dgs10, freq="D", window=63).loc["2025-01-13"]
        line = next(t for t in figure.data if t.uid == "correlation")
        assert line.x[-1] == "2025-01-13" and line.y[-1] == pytest.approx(direct["correlation"])
        assert figure.layout.title.text == (
            f"Russell 2000 vs 10-year yield changes, 63-day rolling correlation: {direct['correlation']:.2f} "
            f"on 2025-01-13 ({ordinal(percentile_rank(direct['percentile']))} percentile of history)")
        assert "on 2025-01-13" in summary and "percentile of its history since 1987-" in summary

    def test_the_summary_states_a_record_only_under_the_facts_record_rule(self, real_data):
        """-0.07 on 2026-02-20 was "the lowest since 2026-02-19" (beating no value in between):
        no clause now, as for the facts (three values between, X a year back or more: the rolling
        windows overlap, and "0.28, the highest since 2018-01-17", 64 days back, beat nearly nothing)."""
        state = ViewState(start=dt.date(2023, 2, 20), end=dt.date(2026, 2, 20), freq="D", window=63)
        _, summary = drawer("correlation", real_data)(state.to_dict())
        assert "correlation: -0.07 on 2026-02-20; 35th percentile of its history since 1987-12-11." in summary
        assert "since 2026-02-19" not in summary
        state = ViewState(start=dt.date(2017, 3, 22), end=dt.date(2018, 3, 22), freq="D", window=63)
        _, summary = drawer("correlation", real_data)(state.to_dict())
        assert "correlation: 0.28 on 2018-03-22; 61st percentile" in summary
        state = ViewState(start=dt.date(2014, 2, 2), end=dt.date(2015, 2, 2), freq="D", window=63)
        _, summary = drawer("correlation", real_data)(state.to_dict())
        assert "correlation: 0.58 on 2015-02-02, the highest since 2013-05-21;" in summary  # 622 days back

    def test_a_window_ending_inside_a_month_shows_that_month_as_the_facts_state_it(self, real_data):
        """Window to 2025-01-13, monthly, 24 months: the chart said "-0.59 in 2024-12, the lowest
        since the history start" (January left out, its month-end after the window), the facts as of
        2025-01-13 "-0.56" (January to the 13th). The chart now ends with January cut at the 13th,
        the facts' value, computed here from the series cut at the window's end with
        calc_rate_correlation."""
        state = ViewState(start=dt.date(2019, 1, 1), end=dt.date(2025, 1, 13), freq="M", window=24)
        figure, summary = drawer("correlation", real_data)(state.to_dict())
        rut, dgs10 = real_data.series("RUT").data, real_data.series("DGS10").data
        cut = calc_rate_correlation(rut.loc[:"2025-01-13"], dgs10.loc[:"2025-01-13"], freq="M", window=24)
        line = next(t for t in figure.data if t.uid == "correlation")
        assert line.y[-1] == pytest.approx(cut["correlation"].iloc[-1]) and round(line.y[-1], 2) == -0.56
        assert line.x[-1] == "2025-01-13"  # dated by its last observation, not January's end
        assert "-0.56 in 2025-01 (to 2025-01-13)" in figure.layout.title.text  # not a whole January
        assert line.y[-2] == pytest.approx(cut.loc["2024-12-31", "correlation"])  # earlier rows unchanged
        assert "lowest since the history start" not in summary
        from panels.facts import compute_facts

        sheet = compute_facts(real_data, "2025-01-13", "RUT", "GSPC", ("correlation",)).sheet.by_id()
        assert sheet["correlation:RUT~DGS10:24m"].value == pytest.approx(line.y[-1])
        # a window ending on a month-end is unchanged: December 2024 is the record there
        state = ViewState(start=dt.date(2019, 1, 1), end=dt.date(2024, 12, 31), freq="M", window=24)
        _, summary = drawer("correlation", real_data)(state.to_dict())
        assert "the lowest since the history start" in summary

    @pytest.mark.parametrize("freq,window", [("D", 63), ("W", 13), ("M", 24)])
    def test_a_window_ending_at_the_pairs_end_shows_no_later_data(self, real_data, freq, window):
        """IWM against the S&P 500: the pair ends 2026-04-29 (the S&P 500), IWM and the 10-year go on
        to July. The default view (and every preset) gave a server error (daily: a duplicate date,
        weekly/monthly: unsorted dates) and the weekly CSV rows to 2026-07-10 under a window to
        2026-04-29. Now the window ends at the pair's end, its last value from the data up to it."""
        iwm, gspc, dgs10 = (real_data.series(k).data for k in ("IWM", "GSPC", "DGS10"))
        end = min(iwm.index[-1], gspc.index[-1])
        assert iwm.index[-1] > end and dgs10.index[-1] > end  # the case: data after the pair's end
        request = panel_data(real_data).for_request()
        view = view_of(ViewState(small="IWM", freq=freq, window=window).to_dict(), request)
        assert view.end == end.date()
        result = REGISTRY["correlation"].compute(request, view)
        shown = result.shown
        assert shown.index.is_monotonic_increasing and not shown.index.has_duplicates
        assert shown.index[-1] == end  # the last row: the period to the window's end, dated by it
        cut = calc_rate_correlation(iwm.loc[:end], dgs10.loc[:end], freq=freq, window=window)
        assert shown["correlation"].iloc[-1] == pytest.approx(cut["correlation"].iloc[-1])
        figure = go.Figure(REGISTRY["correlation"].figure(result))  # and it draws
        assert re.search(rf"{shown['correlation'].iloc[-1]:.2f} (?:on|in the week to|in \d{{4}}-\d\d \(to) "
                         rf"{end:%Y-%m-%d}", figure.layout.title.text)

    def test_first_cuts(self, real_data):
        figure, summary, _ = drawer("regimes", real_data)(ViewState(event="first_cut").to_dict())
        names = [t.name for t in figure.data]
        assert "2024-09-18" in names and "2019-07-31" in names and "2007-09-18" in names
        assert "first cuts from 1987-11-04 to 2024-09-18" in summary

    def test_last_hike_2023_has_a_three_month_row(self, real_data, shared_data):
        small, large, target, _ = _real_inputs(real_data)
        study = compute_event_study(small, large, target, event="last_hike")
        row = study.outcomes[(study.outcomes["event_date"] == "2023-07-26") & (study.outcomes["horizon"] == 3)]
        assert len(row) == 1
        # Day 0: close of 2023-07-26; horizon 2023-10-26 (a Thursday) is a trading day.
        # the relative return: the change of the ratio small/large over the three months
        expected = (small["2023-10-26"] / small["2023-07-26"]) / (large["2023-10-26"] / large["2023-07-26"]) - 1
        assert row["relative"].iloc[0] == pytest.approx(expected)
        _, _, table = drawer("regimes", real_data)(ViewState(event="last_hike").to_dict())
        assert "2023-07-26" in texts(table)

    def test_as_of_2024_makes_the_2024_cut_provisional(self, real_data):
        small, large, target, _ = _real_inputs(real_data)
        study = compute_event_study(small, large, target, event="last_cut", as_of=pd.Timestamp("2024-10-31"))
        assert study.events["label"].iloc[-1] == "2024-09-18 (provisional)"
        assert study.as_of == pd.Timestamp("2024-10-31")


def _real_inputs(data):
    from analytics.regimes import to_fed_target

    series = {k: data.series(k).data for k in ("RUT", "GSPC", "DFEDTAR", "DFEDTARU", "DFEDTARL", "DFF")}
    target = to_fed_target(series["DFEDTAR"], series["DFEDTARU"], series["DFEDTARL"], dff=series["DFF"])
    return series["RUT"], series["GSPC"], target, None


@pytest.mark.shared_data
def test_the_event_study_title_counts_one_event_in_the_singular(real_data):
    """IJR/SPY as of 2018-12-24: one last hike with a 12-month outcome (2006); the title said
    "(1 events)"."""
    state = ViewState(small="IJR", large="SPY", start=dt.date(2018, 9, 20), end=dt.date(2018, 12, 24),
                      event="last_hike")
    figure, summary, _ = drawer("regimes", real_data)(state.to_dict())
    # and no "median" of one event; the as-of date, which decides the events (a PNG stands alone)
    assert figure.layout.title.text.endswith("relative to SPDR S&P 500 ETF around each last hike of a Fed cycle: "
                                             "-3.4% after 12 months (1 event), as of 2018-12-24")
    assert "12 months after (1 cycle with an outcome)" in summary


@pytest.mark.shared_data
def test_the_outcomes_table_never_shows_a_negative_zero(real_data):
    """RUT/GSPC as of 2021-06-30: the Russell 2000's 6 months after the 1989-05-17 last hike
    round to zero from below; the table said "-0.0"."""
    state = ViewState(start=dt.date(2019, 6, 3), end=dt.date(2021, 6, 30), event="last_hike")
    _, _, table = drawer("regimes", real_data)(state.to_dict())
    cells = texts(table)
    assert "1989-05-17" in cells
    assert not re.search(r"-0\.0+(?![0-9])", cells), re.findall(r".{30}-0\.0+(?![0-9]).{10}", cells)


@pytest.mark.shared_data
def test_the_event_studys_csv_names_the_event_type_and_the_as_of_date(real_data):
    """The regimes CSV had an "event" column of dates only: last hikes or first cuts, known when?"""
    from tests.panel_draw import rendered

    state = ViewState(start=dt.date(2022, 1, 3), end=dt.date(2025, 1, 13), event="first_cut")
    out = rendered("regimes", real_data, state)
    assert "event (first cut, as known on 2025-01-13)" in out.table.columns
