"""Context shading (recessions, Fed bands and events) and the relative panel that draws it.

Figures are compared as the plain dicts the browser receives (``json.loads(fig.to_json())``).
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from analytics.drawdowns import calc_drawdown_episodes
from analytics.regimes import calc_fed_cycles, calc_fed_events, calc_fed_moves
from analytics.relative import to_relative_frame
from panels.relative import context_sources
from tests.panel_draw import drawer
from callbacks.state_hub import clicked_band
from components.figures.relative import BOTTOM_DOMAIN, TOP_DOMAIN, RelativeContext, build_relative_figure, trough_text
from components.figures.shading import (
    BAND_POINTS, CUTTING_COLOR, HIKING_COLOR, MAX_EVENT_LINES, RECESSION_COLOR, with_fed_event_lines,
    with_fed_regime_bands, with_recession_shading, with_wrapped_source_line, event_labels, recession_spans,
    regime_bands, wrap_source_line,
)
from state import ViewState
from tests.fakes import FakeData

T = pd.Timestamp


def decorated(with_decoration, fig: go.Figure, *args, **kwargs) -> go.Figure:
    """``fig`` with a spec decorator of :mod:`components.figures.shading` applied."""
    return go.Figure(with_decoration(fig.to_dict(), *args, **kwargs))


def as_dict(fig: go.Figure) -> dict:
    return json.loads(fig.to_json())


def usrec(flags: dict[str, float], start: str, end: str) -> pd.Series:
    """Monthly USREC on month starts, 0 except the given months."""
    months = pd.date_range(start, end, freq="MS")
    return pd.Series([flags.get(f"{m:%Y-%m}", 0.0) for m in months], index=months, name="USREC")


def target_path(steps: dict[str, float], start="2021-12-01", end="2024-12-31") -> pd.Series:
    """Daily target (midpoint, percent) that changes on the given effective dates."""
    days = pd.date_range(start, end, freq="D")
    values = pd.Series(float("nan"), index=days)
    for day, value in steps.items():
        values[T(day)] = value
    return values.ffill().rename("fed_target")


@pytest.fixture(scope="module")
def cycles() -> pd.DataFrame:
    """A 3-move hiking cycle 2022-03-16..2023-07-26 (+1.00 pp) and a 1-move cut on 2024-09-18.

    Effective dates are FRED's day-after dates (announcement + 1 day, from 2017 on).
    """
    target = target_path({"2021-12-01": 0.125, "2022-03-17": 0.375, "2022-05-05": 0.875,
                          "2023-07-27": 1.125, "2024-09-19": 0.625})
    return calc_fed_cycles(calc_fed_moves(target))


# --------------------------------------------------------------------------- recessions
class TestRecessionSpans:
    def test_flagged_months_cover_whole_months(self):
        flags = usrec({"2020-03": 1, "2020-04": 1}, "2019-12-01", "2020-06-01")
        assert recession_spans(flags, start="2019-01-01", end="2020-12-31") == [(T("2020-03-01"), T("2020-05-01"))]

    def test_runs_are_separate_and_clipped_to_the_window(self):
        flags = usrec({**{f"2001-{m:02d}": 1 for m in range(3, 12)},
                       **{f"2008-{m:02d}": 1 for m in range(1, 13)}, "2009-01": 1},
                      "2000-01-01", "2010-12-01")
        assert recession_spans(flags, start="2001-06-15", end="2008-06-30") == [
            (T("2001-06-15"), T("2001-12-01")), (T("2008-01-01"), T("2008-06-30"))]

    def test_no_recession_nan_and_outside_window(self):
        flags = usrec({"2020-03": 1}, "2019-12-01", "2020-06-01")
        flags.iloc[0] = float("nan")
        assert recession_spans(flags, start="2020-05-01", end="2020-12-31") == []
        assert recession_spans(usrec({}, "2019-01-01", "2019-12-01"), start="2019-01-01", end="2019-12-31") == []

    def test_shapes_behind_the_data_one_legend_entry(self):
        flags = usrec({"2001-04": 1, "2008-02": 1}, "2000-01-01", "2009-12-01")
        fig = decorated(with_recession_shading, go.Figure(), flags, start="2000-01-01", end="2009-12-31")
        shapes = as_dict(fig)["layout"]["shapes"]
        common = {"type": "rect", "xref": "x", "yref": "paper", "y0": 0, "y1": 1, "fillcolor": RECESSION_COLOR,
                  "line": {"width": 0}, "layer": "below", "name": "NBER recession", "legendgroup": "recession"}
        assert shapes == [
            {**common, "x0": "2001-04-01", "x1": "2001-05-01", "showlegend": True},
            {**common, "x0": "2008-02-01", "x1": "2008-03-01", "showlegend": False},
        ]

    def test_none_adds_nothing(self):
        assert decorated(with_recession_shading, go.Figure(), None, start="2000-01-01", end="2001-01-01").layout.shapes == ()


# --------------------------------------------------------------------------- Fed bands
class TestRegimeBands:
    def test_band_dates_extent_and_text(self, cycles):
        (band,) = regime_bands(cycles, start="2022-01-01", end="2023-12-31")
        assert (band.kind, band.first, band.last) == ("hiking", T("2022-03-16"), T("2023-07-26"))
        assert (band.x0, band.x1) == (T("2022-03-16"), T("2023-07-27"))  # the last day is covered
        assert band.text == "Hiking cycle 2022-03-16 to 2023-07-26 (3 moves, +1.00 pp)"
        assert band.customdata == ["band", "2022-03-16", "2023-07-26"]

    def test_clipped_drawing_keeps_the_cycle_dates(self, cycles):
        hiking, cutting = regime_bands(cycles, start="2023-01-01", end="2024-12-31")
        assert (hiking.x0, hiking.x1) == (T("2023-01-01"), T("2023-07-27"))
        assert hiking.customdata == ["band", "2022-03-16", "2023-07-26"]
        assert (cutting.kind, cutting.x0, cutting.x1) == ("cutting", T("2024-09-18"), T("2024-09-19"))
        assert cutting.text == "Cutting cycle 2024-09-18 (1 move, -0.50 pp; latest cycle, may continue)"

    def test_no_overlap(self, cycles):
        assert regime_bands(cycles, start="2021-01-01", end="2022-03-15") == []

    def test_trace_as_dict(self, cycles):
        fig = go.Figure(go.Scatter(x=["2022-01-03", "2023-12-29"], y=[100.0, 90.0], name="data"))
        fig = decorated(with_fed_regime_bands, fig, cycles, start="2022-01-01", end="2023-12-31")
        data, layout = as_dict(fig)["data"], as_dict(fig)["layout"]
        assert [t.get("name") for t in data] == ["data", "Hiking cycle"]
        band = data[1]
        assert {k: band[k] for k in ("type", "mode", "fill", "fillcolor", "xaxis", "yaxis", "legendgroup",
                                     "showlegend", "hoverinfo", "hoveron", "hovertext")} == {
            "type": "scatter", "mode": "lines", "fill": "toself", "fillcolor": HIKING_COLOR, "xaxis": "x",
            "yaxis": "y2", "legendgroup": "hiking", "showlegend": True, "hoverinfo": "text",
            "hoveron": "points", "hovertext": "Hiking cycle 2022-03-16 to 2023-07-26 (3 moves, +1.00 pp)"}
        assert band["customdata"] == [["band", "2022-03-16", "2023-07-26"]] * len(band["x"])
        assert (min(band["x"]), max(band["x"])) == ("2022-03-16", "2023-07-27")
        assert set(band["y"]) == {0.0, 1.0}
        # The bands live on their own hidden [0, 1] axis; the data axis is untouched.
        assert layout["yaxis2"] == {"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True,
                                    "showgrid": False, "zeroline": False}
        assert "yaxis" not in layout and "yaxis" not in data[0]

    def test_a_click_on_the_band_selects_nothing_its_chip_selects_the_cycle(self, cycles):
        fig = decorated(with_fed_regime_bands, go.Figure(), cycles, start="2022-01-01", end="2023-12-31")
        band = as_dict(fig)["data"][0]
        middle = len(band["x"]) // 2
        click = {"points": [{"curveNumber": 0, "x": band["x"][middle], "customdata": band["customdata"][middle]}]}
        assert clicked_band(click) is None
        chips = [a for a in as_dict(fig)["layout"]["annotations"] if a.get("captureevents")]
        assert [(c["text"], c["name"]) for c in chips] == [("\u25b2 hikes", "band|2022-03-16|2023-07-26")]
        assert chips[0]["yref"] == "paper" and chips[0]["yanchor"] == "bottom"  # above the plot
        assert clicked_band({"index": 0, "annotation": chips[0]}) == (dt.date(2022, 3, 16), dt.date(2023, 7, 26))

    def test_a_narrow_band_gets_the_arrow_only(self, cycles):
        fig = decorated(with_fed_regime_bands, go.Figure(), cycles, start="1990-01-01", end="2025-12-31")
        chips = [a for a in as_dict(fig)["layout"]["annotations"] if a.get("captureevents")]
        assert [c["text"] for c in chips] == ["\u25b2", "\u25bc"]  # a hiking then a cutting cycle

    def test_points_spread_along_the_band(self, cycles):
        fig = decorated(with_fed_regime_bands, go.Figure(), cycles, start="2022-01-01", end="2023-12-31")
        top = pd.to_datetime([x for x, y in zip(fig.data[0].x, fig.data[0].y) if y == 1.0])
        step = (T("2023-12-31") - T("2022-01-01")) / BAND_POINTS
        assert top.is_monotonic_increasing and top.to_series().diff().max() <= step + pd.Timedelta(days=1)

    def test_one_legend_entry_per_kind(self, cycles):
        more = calc_fed_cycles(calc_fed_moves(target_path(
            {"2021-12-01": 0.125, "2022-03-17": 0.375, "2022-06-01": 0.125, "2022-09-01": 0.375,
             "2023-01-05": 0.625})))
        fig = decorated(with_fed_regime_bands, go.Figure(), more, start="2022-01-01", end="2024-12-31")
        assert [(t.name, t.legendgroup, t.showlegend) for t in fig.data] == [
            ("Hiking cycle", "hiking", True), ("Cutting cycle", "cutting", True),
            ("Hiking cycle", "hiking", False)]
        assert fig.data[1].fillcolor == CUTTING_COLOR

    def test_overlay_axis_after_subplot_axes_and_shapes_for_other_rows(self, cycles):
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True)
        fig = decorated(with_fed_regime_bands, fig, cycles, start="2022-01-01", end="2023-12-31", also_shade=("y2 domain",))
        assert fig.data[0].yaxis == "y3" and fig.layout.yaxis3.overlaying == "y"
        (shape,) = as_dict(fig)["layout"]["shapes"]
        assert {k: shape[k] for k in ("xref", "yref", "x0", "x1", "layer")} == {
            "xref": "x", "yref": "y2 domain", "x0": "2022-03-16", "x1": "2023-07-27", "layer": "below"}

    @pytest.mark.parametrize("empty", [None, "empty"])
    def test_no_cycles_adds_nothing(self, cycles, empty):
        fig = go.Figure()
        fig = decorated(with_fed_regime_bands, fig, None if empty is None else cycles.iloc[:0], start="2022-01-01", end="2023-12-31")
        assert fig.data == () and "yaxis2" not in as_dict(fig)["layout"]


# --------------------------------------------------------------------------- Fed events
class TestEventLines:
    def test_labels(self, cycles):
        events = calc_fed_events(cycles)
        assert event_labels(events, start="2022-01-01", end="2024-12-31") == [
            (T("2022-03-16"), "first hike"), (T("2023-07-26"), "last hike"),
            (T("2024-09-18"), "first cut / last cut (so far)")]
        assert event_labels(events, start="2022-04-01", end="2023-07-25") == []

    def test_dotted_lines_and_labels(self, cycles):
        fig = decorated(with_fed_event_lines, go.Figure(), calc_fed_events(cycles), start="2022-01-01", end="2023-12-31")
        layout = as_dict(fig)["layout"]
        assert [(s["x0"], s["x1"], s["line"]["dash"], s["yref"]) for s in layout["shapes"]] == [
            ("2022-03-16", "2022-03-16", "dot", "paper"), ("2023-07-26", "2023-07-26", "dot", "paper")]
        assert [(a["x"], a["text"], a["textangle"]) for a in layout["annotations"]] == [
            ("2022-03-16", "first hike", -90), ("2023-07-26", "last hike", -90)]

    def test_too_many_events_are_not_drawn(self):
        days = pd.date_range("2000-01-03", periods=MAX_EVENT_LINES + 1, freq="MS")
        events = pd.DataFrame({"event": "first_hike", "date": days, "effective_date": days,
                               "cycle_id": range(len(days)), "provisional": False})
        fig = decorated(with_fed_event_lines, go.Figure(), events, start="2000-01-01", end="2002-12-31")
        assert fig.layout.shapes == () and fig.layout.annotations == ()


class TestSourceLine:
    def test_wraps_at_separators(self):
        text = "Source: A: file fred/A.csv, to 2026-01-01; B: file fred/B.csv, to 2026-01-01. Small-Cap Monitor."
        assert wrap_source_line(text, width=50) == [
            "Source: A: file fred/A.csv, to 2026-01-01;", "B: file fred/B.csv, to 2026-01-01. Small-Cap",
            "Monitor."]  # an item longer than a line wraps at a space
        assert wrap_source_line(text, width=200) == [text]
        assert wrap_source_line("Source: x. Small-Cap Monitor.") == ["Source: x. Small-Cap Monitor."]

    def test_an_item_longer_than_a_line_wraps_at_spaces(self):
        """A Ken French portfolio's item is longer than the relative chart's line: it wraps at
        spaces (no ";" inside it) instead of running past the chart's edge."""
        item = ("Ken French bottom-30% size portfolio (total return) (Portfolios_Formed_on_ME: Lo 30) "
                "via the Kenneth R. French Data Library (local copy), to 2026-02-28")
        text = f"Source: {item}; NBER recession indicator (USREC) via FRED (local copy), to 2026-03-01. Small-Cap Monitor."
        lines = wrap_source_line(text, width=90)
        assert all(len(line) <= 90 for line in lines)
        assert " ".join(lines) == text  # nothing lost or added but the line breaks
        assert [line.endswith(";") for line in lines] == [False, True, False]

    def test_margin_grows_with_lines(self):
        fig = decorated(with_wrapped_source_line, go.Figure(), "Source: " + "; ".join(["K: file fred/K.csv, to 2026"] * 8))
        note = fig.layout.annotations[-1]
        assert note.text.count("<br>") == 2 and note.yshift < 0 and fig.layout.margin.b > 80


# --------------------------------------------------------------------------- relative figure
def _pair():
    days = pd.bdate_range("2022-03-01", periods=12)
    small = pd.Series([100, 102, 95, 90, 85, 80, 84, 88, 92, 96, 101, 103], index=days, name="RUT", dtype=float)
    large = pd.Series([100, 101, 100, 99, 98, 97, 98, 99, 100, 101, 102, 103], index=days, name="GSPC", dtype=float)
    return small, large


class TestRelativeFigure:
    def test_without_context_three_traces(self):
        small, large = _pair()
        frame = to_relative_frame(small, large, start=small.index[0], end=small.index[-1])
        fig = as_dict(build_relative_figure(frame, small_label="Small", large_label="Large", source_line="Source: t."))
        assert [t["name"] for t in fig["data"]] == ["Small", "Large", "Small / Large"]
        assert fig["data"][0]["x"][:2] == ["2022-03-01", "2022-03-02"]
        assert fig["layout"]["uirevision"] == "relative:2022-03-01:2022-03-16"
        assert fig["layout"]["xaxis"]["range"] == ["2022-03-01", "2022-03-16"]
        assert fig["layout"]["xaxis"]["type"] == "date"
        assert fig["layout"]["annotations"][-1]["text"] == "Source: t."

    def test_context_after_the_three_data_traces(self, cycles):
        small, large = _pair()
        frame = to_relative_frame(small, large, start=small.index[0], end=small.index[-1])
        context = RelativeContext(
            cycles=cycles, events=calc_fed_events(cycles),
            usrec=usrec({"2022-03": 1}, "2022-01-01", "2022-06-01"),
            episodes=tuple(calc_drawdown_episodes(small, min_depth=0.10)))
        fig = as_dict(build_relative_figure(frame, small_label="Small", large_label="Large",
                                            source_line="Source: t.", context=context))
        assert [t["name"] for t in fig["data"]] == [
            "Small", "Large", "Small / Large", "Small drawdown trough (>10%)", "Hiking cycle"]
        trough = fig["data"][3]
        assert trough["x"] == ["2022-03-08"] and trough["y"] == [pytest.approx(80.0)]
        assert trough["hovertext"] == ["Peak 2022-03-02, trough 2022-03-08, -21.6%; recovered 2022-03-16"]
        band = fig["data"][4]
        assert band["yaxis"] == "y3" and band["customdata"][0] == ["band", "2022-03-16", "2023-07-26"]
        assert (min(band["x"]), max(band["x"])) == ("2022-03-16", "2022-03-16")  # starts on the last day
        layout = fig["layout"]
        assert [a["text"] for a in layout["annotations"]] == ["\u25b2", "first hike", "Source: t."]  # chip first
        recession = [s for s in layout["shapes"] if s.get("name") == "NBER recession"]
        assert [(s["x0"], s["x1"]) for s in recession] == [("2022-03-01", "2022-03-16")]

    def test_trough_outside_the_window_has_no_marker(self):
        small, large = _pair()
        episodes = tuple(calc_drawdown_episodes(small, min_depth=0.10))
        frame = to_relative_frame(small, large, start=T("2022-03-09"), end=small.index[-1])
        fig = build_relative_figure(frame, small_label="S", large_label="L", source_line="s",
                                    context=RelativeContext(episodes=episodes))
        assert len(fig.data) == 3

    def test_trough_text(self):
        small, _ = _pair()
        (episode,) = calc_drawdown_episodes(small.iloc[:8], min_depth=0.10)
        assert trough_text(episode) == "Peak 2022-03-02, trough 2022-03-08, -21.6%"


# --------------------------------------------------------------------------- relative callback
def _state(start: str, end: str, **kw) -> dict:
    return ViewState(start=T(start).date(), end=T(end).date(), **kw).to_dict()


class TestRelativeCallback:
    def test_without_context_series_the_chart_is_drawn_with_a_note(self):
        small, large = _pair()
        update = drawer("relative", FakeData({"RUT": small, "GSPC": large}))
        figure, summary = update(_state("2022-03-01", "2022-03-16"))
        assert [t.name for t in figure.data] == ["Russell 2000", "S&P 500", "Russell 2000 / S&P 500",
                                                 "Russell 2000 drawdown trough (>10%)"]
        assert summary.endswith("Fed cycles not shown: no fed funds target series in this data source; "
                                "recessions not shaded: no USREC series in this data source.")

    def test_with_range_series_only(self):
        small, large = _pair()
        days = pd.date_range("2021-12-01", "2022-12-31", freq="D")
        upper = pd.Series(0.25, index=days, name="DFEDTARU").where(days < "2022-03-17", 0.50)
        lower = (upper - 0.25).rename("DFEDTARL")
        data = FakeData({"RUT": small, "GSPC": large, "DFEDTARU": upper, "DFEDTARL": lower,
                         "USREC": usrec({}, "2021-01-01", "2022-12-01")})
        figure, summary = drawer("relative", data)(_state("2022-03-01", "2022-03-16"))
        assert list(figure.data[4].customdata[0]) == ["band", "2022-03-16", "2022-03-16"]
        assert "not shown" not in summary and "not shaded" not in summary

    def test_context_sources_drop_target_series_the_window_cannot_use(self):
        loaded = {k: k for k in ("RUT", "USREC", "DFEDTAR", "DFEDTARU", "DFEDTARL")}
        assert list(context_sources(loaded, start=T("2022-01-03"), end=T("2023-12-29"))) == [
            "RUT", "USREC", "DFEDTARU", "DFEDTARL"]
        assert list(context_sources(loaded, start=T("2001-01-02"), end=T("2005-12-30"))) == [
            "RUT", "USREC", "DFEDTAR"]
        assert list(context_sources(loaded, start=T("2008-01-02"), end=T("2009-12-31"))) == list(loaded)


class TestRelativeDemo:
    @pytest.fixture(scope="class")
    def update(self, tmp_path_factory):
        from app import create_app
        from config import Config, DataSpec

        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("c")))
        return drawer("relative", app.server.extensions["smallcap_data"])

    def test_bands_and_troughs_follow_the_data(self, update):
        figure, summary = update(_state("2015-01-02", "2019-12-31"))
        names = [t.name for t in figure.data]
        assert names[:3] == ["Russell 2000", "S&P 500", "Russell 2000 / S&P 500"]
        assert set(names[3:]) <= {"Russell 2000 drawdown trough (>10%)", "Hiking cycle", "Cutting cycle"}
        bands = [t for t in figure.data if t.fill == "toself"]
        assert bands
        for band in bands:
            first = band.customdata[0]
            assert first[0] == "band" and all(tuple(c) == tuple(first) for c in band.customdata)
            assert "2015-01-02" <= min(band.x) <= max(band.x) <= "2019-12-31"
        assert "DEMO DATA" in figure.layout.annotations[-1].text
        assert "not shown" not in summary


@pytest.mark.shared_data
class TestRelativeSharedData:
    @pytest.fixture(scope="class")
    def update(self, shared_data, tmp_path_factory):
        from app import create_app
        from config import Config, DataSpec

        app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("c")))
        return drawer("relative", app.server.extensions["smallcap_data"])

    def test_2022_hiking_cycle_band(self, update):
        figure, _ = update(_state("2022-01-01", "2023-12-31"))
        (band,) = [t for t in figure.data if t.fill == "toself"]
        assert band.name == "Hiking cycle"
        # as of the window's end (2023-12-31) no cut had come: the cycle is the latest, may continue
        # (the bands used the moves of later years: "2022-03-16 to 2023-07-26" read as over)
        assert band.hovertext == "Hiking cycle 2022-03-16 to 2023-07-26 (11 moves, +5.25 pp; latest cycle, may continue)"
        assert list(band.customdata[0]) == ["band", "2022-03-16", "2023-07-26"]
        assert (min(band.x), max(band.x)) == ("2022-03-16", "2023-07-27")
        labels = [(a.x, a.text) for a in figure.layout.annotations[:-1] if not a.captureevents]
        assert labels == [("2022-03-16", "first hike"), ("2023-07-26", "last hike (so far)")]
        chips = [(a.name, a.text) for a in figure.layout.annotations if a.captureevents]
        assert chips == [("band|2022-03-16|2023-07-26", "\u25b2 hikes")]
        # The legend's second line sits on the top chart's edge, where the chips had covered
        # "Hiking cycle": they sit in the gap between the two charts instead.
        (chip,) = [a for a in figure.layout.annotations if a.captureevents]
        assert (chip.yref, chip.yanchor) == ("paper", "middle")
        assert BOTTOM_DOMAIN[1] < chip.y < TOP_DOMAIN[0]
        assert figure.layout.legend.y == 1.0 and figure.layout.legend.yanchor == "bottom"

    def test_2018_selloff_trough_as_of_the_window_end(self, update):
        figure, _ = update(_state("2018-09-20", "2018-12-31"))
        (trough,) = [t for t in figure.data if t.mode == "markers"]
        assert trough.x == ("2018-12-24",)
        assert trough.hovertext == ("Peak 2018-08-31, trough 2018-12-24, -27.2%",)
        (band,) = [t for t in figure.data if t.fill == "toself"]
        assert list(band.customdata[0]) == ["band", "2015-12-16", "2018-12-19"]
        assert max(band.x) == "2018-12-20"

    def test_2020_recession_and_cuts(self, update):
        figure, _ = update(_state("2019-06-01", "2021-06-30"))
        recession = [s for s in figure.layout.shapes if s.name == "NBER recession"]
        assert [(s.x0, s.x1) for s in recession] == [("2020-03-01", "2020-05-01")]
        (band,) = [t for t in figure.data if t.fill == "toself"]
        # (as of 2021-06-30, before the 2022 hikes: the latest cycle)
        assert band.hovertext == "Cutting cycle 2019-07-31 to 2020-03-15 (5 moves, -2.25 pp; latest cycle, may continue)"
        assert "DFEDTAR:" not in figure.layout.annotations[-1].text  # the window is after 2008


@pytest.mark.shared_data
def test_the_bands_are_the_cycles_known_at_the_windows_end(shared_data, tmp_path):
    """A window to 2025-06-30 shaded the whole 2025 pause as "cutting", from the cuts of that
    autumn; as of June 2025 the cycle's last cut was 2024-12-18. A window to 2025-12-31 has them."""
    from app import create_app
    from config import Config, DataSpec
    from panels.contract import render
    from panels.registry import REGISTRY
    from panels.view import resolve_view
    from state import ViewState

    data = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path)).server.extensions[
        "smallcap_panel_data"]

    def cutting(end):
        view = resolve_view(ViewState(start=dt.date(2024, 6, 1), end=end), data)
        cycles = render(REGISTRY["relative"], data, view).result.context.cycles
        last = cycles.iloc[-1]
        return last["direction"], f"{last['first_date']:%Y-%m-%d}", f"{last['last_date']:%Y-%m-%d}", bool(last["provisional"])

    assert cutting(dt.date(2025, 6, 30)) == ("cut", "2024-09-18", "2024-12-18", True)
    assert cutting(dt.date(2025, 12, 31)) == ("cut", "2024-09-18", "2025-12-10", True)
