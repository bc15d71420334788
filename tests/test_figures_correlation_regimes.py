"""Figure builders of the correlation and regimes panels on tiny hand-made inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.events import summarize_outcomes
from components.figures.correlation import (
    build_correlation_figure, ordinal, percentile_rank, period_phrase, record_points, window_label,
)
from analytics.event_study import event_label
from components.figures.regimes import (
    MISSING, build_outcomes_table, build_regimes_figure, event_colors, outcomes_display_frame,
)

NaT = pd.NaT


def trace_dict(trace) -> dict:
    """The parts of a trace the tests compare, arrays as lists."""
    out = {"name": trace.name, "uid": trace.uid}
    for key in ("x", "y"):
        value = getattr(trace, key)
        out[key] = None if value is None else [None if (isinstance(v, float) and np.isnan(v)) else v
                                                for v in list(value)]
    return out


def correlation_frame() -> pd.DataFrame:
    """Five values spread over eight years, with record-since dates worked out by hand.

    correlation 0.1, -0.3, 0.5, 0.2, -0.25 on 2010-01-01, 2011-01-01, 2012-01-01, 2017-06-01,
    2018-01-01. Lowest since: -, - (record), 2011, 2011, 2011. Highest since: -, 2010, -
    (record), 2012, 2017.
    """
    index = pd.DatetimeIndex(["2010-01-01", "2011-01-01", "2012-01-01", "2017-06-01", "2018-01-01"])
    return pd.DataFrame({
        "correlation": [0.1, -0.3, 0.5, 0.2, -0.25],
        "percentile": [1.0, 0.25, 1.0, 0.625, 0.3],
        "relative": [np.nan, -0.1, 0.2, 0.0, -0.2],
        "relative_percentile": [np.nan, 1.0, 1.0, 0.5, 0.125],
        "band_low": [np.nan, np.nan, -0.2, -0.1, -0.28],
        "band_high": [np.nan, np.nan, 0.4, 0.45, 0.4],
        "low_since": pd.to_datetime([NaT, NaT, "2011-01-01", "2011-01-01", "2011-01-01"]),
        "high_since": pd.to_datetime([NaT, "2010-01-01", NaT, "2012-01-01", "2017-06-01"]),
    }, index=index)


class TestSmallHelpers:
    @pytest.mark.parametrize(("number", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                                  (12, "12th"), (13, "13th"), (21, "21st"), (100, "100th")])
    def test_ordinal(self, number, text):
        assert ordinal(number) == text

    @pytest.mark.parametrize(("percentile", "rank"), [(0.0001, 1), (0.12, 12), (0.125, 12), (0.999, 100), (1.0, 100)])
    def test_percentile_rank_is_1_to_100(self, percentile, rank):
        assert percentile_rank(percentile) == rank

    def test_window_and_period_wording(self):
        assert window_label(63, "D") == "63-day" and window_label(52, "W") == "52-week"
        day = pd.Timestamp("2025-01-31")
        assert period_phrase(day, "D") == "on 2025-01-31"
        assert period_phrase(day, "W") == "in the week to 2025-01-31"
        assert period_phrase(day, "M") == "in 2025-01"

    def test_event_label_and_colors(self):
        assert event_label(pd.Timestamp("2023-07-26"), False) == "2023-07-26"
        assert event_label(pd.Timestamp("2025-12-10"), True) == "2025-12-10 (provisional)"
        assert event_colors(0) == [] and len(event_colors(1)) == 1 and len(event_colors(5)) == 5


class TestRecordPoints:
    def test_whole_history_and_five_year_records(self):
        points = record_points(correlation_frame(), history_start=pd.Timestamp("2010-01-01"))
        assert points.reset_index().to_dict("records") == [
            # The first value is a record both ways: listed once, as a low.
            {"date": pd.Timestamp("2010-01-01"), "value": 0.1, "direction": "low", "whole": True,
             "text": "Lowest since the history start (2010-01-01)"},
            {"date": pd.Timestamp("2011-01-01"), "value": -0.3, "direction": "low", "whole": True,
             "text": "Lowest since the history start (2010-01-01)"},
            {"date": pd.Timestamp("2012-01-01"), "value": 0.5, "direction": "high", "whole": True,
             "text": "Highest since the history start (2010-01-01)"},
            {"date": pd.Timestamp("2017-06-01"), "value": 0.2, "direction": "low", "whole": False,
             "text": "Lowest since 2011-01-01 (6.4 years)"},
            {"date": pd.Timestamp("2018-01-01"), "value": -0.25, "direction": "low", "whole": False,
             "text": "Lowest since 2011-01-01 (7.0 years)"},
        ]

    def test_shorter_spans_are_not_marked(self):
        points = record_points(correlation_frame(), history_start=pd.Timestamp("2010-01-01"), min_years=8)
        assert list(points.index.year) == [2010, 2011, 2012]

    def test_nan_correlation_is_never_a_record(self):
        frame = correlation_frame()
        frame.loc["2011-01-01", "correlation"] = np.nan
        points = record_points(frame, history_start=pd.Timestamp("2010-01-01"))
        assert pd.Timestamp("2011-01-01") not in points.index


class TestCorrelationFigure:
    @pytest.fixture
    def fig(self):
        return build_correlation_figure(
            correlation_frame(), small_label="Russell 2000", large_label="S&P 500",
            rate_label="10-year yield", freq="D", window=63,
            history_start=pd.Timestamp("2010-01-01"), source_line="Source: test.",
        )

    def test_traces(self, fig):
        days = ["2010-01-01", "2011-01-01", "2012-01-01", "2017-06-01", "2018-01-01"]
        assert [trace_dict(t) for t in fig.data] == [
            {"name": None, "uid": "band-low", "x": days[2:], "y": [-0.2, -0.1, -0.28]},
            {"name": "10th-90th percentile of history so far", "uid": "band-high", "x": days[2:],
             "y": [0.4, 0.45, 0.4]},
            {"name": "Russell 2000 returns", "uid": "correlation", "x": days, "y": [0.1, -0.3, 0.5, 0.2, -0.25]},
            {"name": "Russell 2000 minus S&P 500 returns", "uid": "relative", "x": days,
             "y": [None, -0.1, 0.2, 0.0, -0.2]},
            {"name": "Record since history start", "uid": "records", "x": days[:3], "y": [0.1, -0.3, 0.5]},
            {"name": "Most extreme in 5+ years", "uid": "records-5y", "x": days[3:], "y": [0.2, -0.25]},
        ]

    def test_styles(self, fig):
        band_high, relative, records, five_years = fig.data[1], fig.data[3], fig.data[4], fig.data[5]
        assert band_high.fill == "tonexty" and fig.data[0].hoverinfo == "skip"
        assert relative.line.dash == "dash"
        assert list(records.marker.symbol) == ["triangle-down", "triangle-down", "triangle-up"]
        assert list(five_years.marker.symbol) == ["triangle-down-open", "triangle-down-open"]
        assert list(five_years.text) == ["Lowest since 2011-01-01 (6.4 years)", "Lowest since 2011-01-01 (7.0 years)"]
        assert list(fig.data[2].customdata) == [100.0, 25.0, 100.0, 62.5, 30.0]

    def test_layout(self, fig):
        layout = fig.layout
        assert layout.title.text == ("Russell 2000 vs 10-year yield changes, 63-day rolling correlation: "
                                     "-0.25 on 2018-01-01 (30th percentile of history)")
        assert layout.yaxis.to_plotly_json() | {} == {
            "title": {"text": "Correlation (coefficient)"}, "range": [-1.0, 1.0], "fixedrange": True,
            "zeroline": False, "dtick": 0.25,
        }
        assert layout.xaxis.to_plotly_json() == {"title": {"text": "Date"}, "type": "date",
                                                 "range": ["2010-01-01", "2018-01-01"]}
        assert layout.uirevision == "correlation:2010-01-01:2018-01-01"
        assert [(s.type, s.y0, s.y1) for s in layout.shapes] == [("line", 0.0, 0.0)]
        assert layout.annotations[-1].text == "Source: test."

    def test_last_value_is_the_last_number(self):
        frame = correlation_frame()
        frame.loc["2018-01-01", ["correlation", "percentile"]] = np.nan
        fig = build_correlation_figure(frame, small_label="S", large_label="L", rate_label="r", freq="W",
                                       window=52, history_start=frame.index[0], source_line="x")
        assert fig.layout.title.text.endswith(": 0.20 in the week to 2017-06-01 (62nd percentile of history)")

    def test_without_relative_band_or_records(self):
        frame = correlation_frame().iloc[3:].drop(columns=["relative", "relative_percentile"])
        frame[["band_low", "band_high"]] = np.nan
        frame["low_since"] = pd.Timestamp("2017-01-01")
        frame["high_since"] = pd.Timestamp("2017-01-01")
        fig = build_correlation_figure(frame, small_label="S", large_label="L", rate_label="r", freq="M",
                                       window=36, history_start=pd.Timestamp("2010-01-01"), source_line="x")
        assert [t.uid for t in fig.data] == ["correlation"]

    def test_long_source_line_is_wrapped(self):
        source = "Source: " + "; ".join(f"SERIES{i}: file fred/SERIES{i}.csv, to 2026-01-01" for i in range(6))
        fig = build_correlation_figure(correlation_frame(), small_label="S", large_label="L", rate_label="r",
                                       freq="D", window=63, history_start=pd.Timestamp("2010-01-01"),
                                       source_line=source)
        assert "<br>" in fig.layout.annotations[-1].text
        assert fig.layout.annotations[-1].text.replace(";<br>", "; ") == source


def paths_frame() -> tuple[pd.DataFrame, pd.Series]:
    index = pd.Index([-7 / 30.436875, 0.0, 7 / 30.436875], name="months")
    paths = pd.DataFrame({"2019-07-31": [0.01, 0.0, 0.02], "2024-09-18 (provisional)": [-0.01, 0.0, np.nan]},
                         index=index)
    return paths, pd.Series([0.0, 0.0, 0.02], index=index, name="median")


class TestRegimesFigure:
    def test_one_chart_without_rates(self):
        paths, median = paths_frame()
        fig = build_regimes_figure(paths, median, title="T", source_line="Source: test.",
                                   uirevision="regimes:first_cut")
        x = [-0.23, 0.0, 0.23]
        assert [trace_dict(t) for t in fig.data] == [
            {"name": "2019-07-31", "uid": "event-20190731", "x": x, "y": [1.0, 0.0, 2.0]},
            {"name": "2024-09-18 (provisional)", "uid": "event-20240918", "x": x,
             "y": [-1.0, 0.0, None]},
            {"name": "Median across events", "uid": "median", "x": x, "y": [0.0, 0.0, 2.0]},
        ]
        assert [t.line.dash for t in fig.data] == ["solid", "dot", None]
        assert fig.data[2].line.width == 3.5 and fig.data[0].line.width == 1.1
        layout = fig.layout
        assert layout.title.text == "T" and layout.uirevision == "regimes:first_cut"
        assert layout.xaxis.range == (-6, 24) and layout.xaxis.dtick == 3
        assert layout.xaxis.title.text == "Months after the event (FOMC announcement)"
        assert layout.yaxis.title.text == "Relative return since the event (%)" and layout.yaxis.ticksuffix == "%"
        assert sorted((s.type, s.x0, s.y0) for s in layout.shapes) == [("line", 0, 0.0), ("line", 0.0, 0)]
        assert layout.annotations[-1].text == "Source: test."

    def test_rates_in_a_second_chart(self):
        paths, median = paths_frame()
        rates = pd.DataFrame({"HY OAS": [0.1, 0.0, -0.2], "10-year yield": np.nan}, index=paths.index)
        fig = build_regimes_figure(paths, median, rates=rates, title="T", source_line="x")
        rate = fig.data[-1]
        assert trace_dict(rate) == {"name": "HY OAS: median change", "uid": "rate-HYOAS",
                                    "x": [-0.23, 0.0, 0.23], "y": [0.1, 0.0, -0.2]}
        assert (rate.xaxis, rate.yaxis) == ("x2", "y2") and len(fig.data) == 4  # the all-NaN rate is left out
        assert fig.layout.yaxis2.title.text == "Change (pp)"
        assert fig.layout.xaxis2.title.text == "Months after the event (FOMC announcement)"


def outcomes_table() -> tuple[pd.DataFrame, dict]:
    events = pd.to_datetime(["2019-07-31", "2024-09-18"])
    outcomes = pd.DataFrame({
        "event_date": np.repeat(events, 2),
        "horizon": [3, 6, 3, 6],
        "label": ["2019-07-31", "2019-07-31", "2024-09-18 (provisional)", "2024-09-18 (provisional)"],
        "small": [0.05, 0.10, -0.02, np.nan],
        "large": [0.03, 0.04, 0.01, np.nan],
        "relative": [0.02, 0.06, -0.03, np.nan],
        "HY OAS": [0.25, -0.5, 0.1, np.nan],
    })
    columns = ["small", "large", "relative", "HY OAS"]
    summaries = {c: summarize_outcomes(outcomes.assign(value=outcomes[c])) for c in columns}
    return outcomes, summaries


class TestOutcomesTable:
    def test_display_frame(self):
        outcomes, summaries = outcomes_table()
        frame = outcomes_display_frame(outcomes, summaries, small_key="RUT", large_key="GSPC")
        assert list(frame.columns) == [("", "Event")] + [
            (f"{h} months after", c) for h in (3, 6) for c in ("RUT (%)", "GSPC (%)", "Relative (%)", "HY OAS (pp)")]
        assert frame.values.tolist() == [
            ["2019-07-31", "+5.0", "+3.0", "+2.0", "+0.25", "+10.0", "+4.0", "+6.0", "-0.50"],
            ["2024-09-18 (provisional)", "-2.0", "+1.0", "-3.0", "+0.10", MISSING, MISSING, MISSING, MISSING],
            ["Median\nrange", "+1.5\n-2.0 to +5.0", "+2.0\n+1.0 to +3.0", "-0.5\n-3.0 to +2.0",
             "+0.17\n+0.10 to +0.25", "+10.0\n+10.0 to +10.0", "+4.0\n+4.0 to +4.0", "+6.0\n+6.0 to +6.0",
             "-0.50\n-0.50 to -0.50"],
            ["Cycles (n)", "2", "2", "2", "2", "1", "1", "1", "1"],
        ]

    def test_table_component(self):
        outcomes, summaries = outcomes_table()
        caption, table = build_outcomes_table(outcomes, summaries, small_key="RUT", large_key="GSPC",
                                              event="first_cut")
        assert caption.children.startswith("Outcomes 3, 6 months after each first cut (")
        text = table.children  # one HTML string (see tests/test_regimes_table.py for every cell)
        assert text.startswith('<div class="table-responsive"><table class="table table-sm ')
        head = text[text.index("<thead>"):text.index("</thead>")]
        assert head.startswith('<thead><tr><th></th><th colspan="4">3 months after</th>'
                               '<th colspan="4">6 months after</th></tr>')
        body = text[text.index("<tbody>"):text.index("</tbody>")]
        assert body.count("<tr>") == 4 and "<tr><td>Median<br/>range</td>" in body
        assert "<tr><td>Cycles (n)</td><td>2</td>" in body


@pytest.mark.parametrize("start, end, freq, window, max_points", [
    ("1995-01-03", "2025-06-30", "D", 63, 1000), ("2007-01-02", "2009-12-31", "D", 63, 300),
    ("2000-01-07", "2024-12-27", "W", 52, 500), ("1990-01-31", "2025-05-30", "M", 36, None)])
def test_the_panels_record_markers_passed_in_draw_the_same_figure(demo_app, start, end, freq, window, max_points):
    """panels.correlation.figure finds the record points once (on the window's rows, to keep
    them when thinning) and hands them to correlation_spec: the same figure as when the spec
    finds them again on the thinned rows."""
    import json
    from types import SimpleNamespace

    import plotly.utils

    from analytics.downsample import thin_rows
    from components.figures.correlation import correlation_spec, record_points
    from panels import correlation as panel

    data = demo_app.server.extensions["smallcap_panel_data"].for_request()
    view = SimpleNamespace(small="RUT", large="GSPC", start=pd.Timestamp(start).date(), end=pd.Timestamp(end).date(),
                           freq=freq, window=window, note=None)
    result = panel.compute(data, view)
    history_start = result.full["correlation"].first_valid_index()
    records = record_points(result.shown, history_start=history_start)
    drawn = thin_rows(result.shown, [c for c in panel.DRAWN_COLUMNS if c in result.shown], max_points, keep=records.index)
    found_again = correlation_spec(drawn, small_label="Russell 2000", large_label="S&P 500", rate_label=panel.RATE_LABEL,
                                   freq=freq, window=window, history_start=history_start, source_line=result.source)
    got = panel.figure(result, max_points)
    assert json.dumps(got, cls=plotly.utils.PlotlyJSONEncoder) == json.dumps(found_again, cls=plotly.utils.PlotlyJSONEncoder)
    assert any(trace.get("uid", "").startswith("records") for trace in got["data"]) or records.empty
