"""build_rates_figure and build_spreads_figure on tiny hand-made frames, compared as dicts."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analytics.spreads import calc_window_summary
from components.figures.rates import build_rates_figure, format_target, rates_title
from components.figures.spreads import build_spreads_figure, stats_line

T = pd.Timestamp
DAYS = pd.to_datetime(["2025-01-02", "2025-01-03", "2025-01-06", "2025-01-13"])


def as_dict(fig: go.Figure) -> dict:
    return json.loads(fig.to_json())


def series(values, index=DAYS, name=None) -> pd.Series:
    return pd.Series(values, index=index, name=name, dtype=float)


def usrec(months: list[str]) -> pd.Series:
    index = pd.date_range("2019-01-01", "2021-12-01", freq="MS")
    return pd.Series([1.0 if f"{m:%Y-%m}" in months else 0.0 for m in index], index=index, name="USREC")


class TestRatesFigure:
    def build(self, **kw):
        yields = {"10-year": series([4.57, 4.60, 4.62, 4.79]), "2-year": series([4.25, 4.28, 4.27, 4.40])}
        target = pd.DataFrame({"lower": [4.25, 4.25], "upper": [4.50, 4.50]},
                              index=pd.to_datetime(["2025-01-02", "2025-01-13"]))
        args = {"target": target, "start": T("2025-01-02"), "end": T("2025-01-13"), "source_line": "Source: t."}
        return build_rates_figure(yields, **{**args, **kw})

    def test_traces(self):
        data = as_dict(self.build())["data"]
        assert [t["name"] for t in data] == [
            "10-year", "2-year", "Fed funds target range, lower limit", "Fed funds target range"]
        assert data[0]["x"] == ["2025-01-02", "2025-01-03", "2025-01-06", "2025-01-13"]
        assert data[0]["y"] == [4.57, 4.60, 4.62, 4.79] and data[1]["y"][-1] == 4.40
        lower, upper = data[2], data[3]
        assert (lower["x"], lower["y"], upper["y"]) == (["2025-01-02", "2025-01-13"], [4.25, 4.25], [4.5, 4.5])
        assert (lower["line"]["shape"], upper["line"]["shape"], upper["fill"]) == ("hv", "hv", "tonexty")
        assert lower["showlegend"] is False and lower["hoverinfo"] == "skip"
        assert upper["customdata"] == [4.25, 4.25]
        assert upper["hovertemplate"] == "%{customdata:.2f}-%{y:.2f}%<extra>target range</extra>"

    def test_layout(self):
        layout = as_dict(self.build())["layout"]
        assert layout["title"]["text"] == "Yields and fed funds target, 2025-01-02 to 2025-01-13"
        assert layout["title"]["subtitle"]["text"] == "10-year 4.79%, 2-year 4.40%, target 4.25-4.50%"
        assert layout["yaxis"]["title"]["text"] == "Percent"
        assert (layout["xaxis"]["title"]["text"], layout["xaxis"]["type"]) == ("Date", "date")
        assert layout["xaxis"]["range"] == ["2025-01-02", "2025-01-13"]
        assert layout["uirevision"] == "rates:2025-01-02:2025-01-13"
        assert layout["annotations"][-1]["text"] == "Source: t."

    def test_single_target_then_range_across_2008(self):
        index = pd.to_datetime(["2008-12-01", "2008-12-16", "2008-12-31"])
        target = pd.DataFrame({"lower": [1.0, 0.0, 0.0], "upper": [1.0, 0.25, 0.25]}, index=index)
        fig = build_rates_figure({"10-year": series([2.7, 2.3, 2.2], index=index)}, target=target,
                                 start=T("2008-12-01"), end=T("2008-12-31"), source_line="s")
        data = as_dict(fig)["data"]
        assert [t["name"] for t in data] == [
            "10-year", "Fed funds target", "Fed funds target range, lower limit", "Fed funds target range"]
        assert (data[1]["x"], data[1]["y"], data[1]["line"]["shape"]) == (["2008-12-01"], [1.0], "hv")
        assert data[3]["x"] == ["2008-12-16", "2008-12-31"]
        assert fig.layout.title.subtitle.text == "10-year 2.20%, target 0.00-0.25%"

    def test_no_target_and_recession_shading(self):
        index = pd.date_range("2020-01-01", "2020-12-31", freq="MS")
        fig = build_rates_figure({"10-year": series([1.9] * 12, index=index), "2-year": series([], index=index[:0])},
                                 target=None, start=T("2020-01-01"), end=T("2020-12-31"), source_line="s",
                                 usrec=usrec(["2020-03", "2020-04"]))
        assert [t.name for t in fig.data] == ["10-year"]
        assert fig.layout.title.subtitle.text == "10-year 1.90% on 2020-12-01"  # (a month before the end: dated)
        assert [(s.x0, s.x1, s.name) for s in fig.layout.shapes] == [("2020-03-01", "2020-05-01", "NBER recession")]

    def test_no_yield_raises(self):
        with pytest.raises(ValueError, match="no yield observations between 2025-01-02 and 2025-01-13"):
            build_rates_figure({"10-year": series([], index=DAYS[:0])}, target=None, start=T("2025-01-02"),
                               end=T("2025-01-13"), source_line="s")

    def test_title_helpers(self):
        assert format_target(4.25, 4.5) == "4.25-4.50%" and format_target(1.0, 1.0) == "1.00%"
        title = rates_title({"10-year": series([4.79], index=DAYS[-1:])}, None,
                            start=T("2025-01-02"), end=T("2025-01-13"))
        assert title == {"text": "Yields and fed funds target, 2025-01-02 to 2025-01-13",
                         "subtitle": {"text": "10-year 4.79%"}}


class TestSpreadsFigure:
    def levels(self):
        index = pd.to_datetime(["2025-01-02", "2025-04-08", "2025-06-30"])
        return {"HY OAS": series([2.67, 4.01, 3.12], index=index),
                "IG OAS": series([0.80, 1.10, 0.90], index=index)}

    def build(self, **kw):
        levels = self.levels()
        stats = calc_window_summary(levels, start="2025-01-02", end="2025-06-30")
        args = {"stats": stats, "start": T("2025-01-02"), "end": T("2025-06-30"), "source_line": "Source: t."}
        return build_spreads_figure(levels, **{**args, **kw})

    def test_traces_and_table(self):
        fig = as_dict(self.build(notes=["Baa - 10-year: no data in the window (series ends 2024-12-31)"]))
        assert [t["name"] for t in fig["data"]] == ["HY OAS", "IG OAS"]
        assert fig["data"][0]["y"] == [2.67, 4.01, 3.12]
        assert fig["data"][0]["x"] == ["2025-01-02", "2025-04-08", "2025-06-30"]
        (source,) = fig["layout"]["annotations"]
        table = fig["layout"]["title"]["subtitle"]
        assert table["text"].split("<br>") == [
            "HY OAS 3.12% (+0.45 pp over the window; max 4.01% on 2025-04-08)",
            "IG OAS 0.90% (+0.10 pp over the window; max 1.10% on 2025-04-08)",
            "Baa - 10-year: no data in the window (series ends 2024-12-31)"]
        assert source["text"] == "Source: t."

    def test_layout(self):
        layout = as_dict(self.build())["layout"]
        assert layout["title"]["text"] == "Credit spreads, 2025-01-02 to 2025-06-30"
        assert layout["yaxis"]["title"]["text"] == "Percent" and layout["yaxis"]["ticksuffix"] == "%"
        assert layout["xaxis"]["range"] == ["2025-01-02", "2025-06-30"] and layout["xaxis"]["type"] == "date"
        assert layout["uirevision"] == "spreads:2025-01-02:2025-06-30"

    def test_recessions(self):
        index = pd.date_range("2020-01-02", "2020-12-31", freq="B")
        levels = {"HY OAS": series([5.0] * len(index), index=index)}
        stats = calc_window_summary(levels, start="2020-01-02", end="2020-12-31")
        fig = build_spreads_figure(levels, stats=stats, start=T("2020-01-01"), end=T("2020-12-31"),
                                   source_line="s", usrec=usrec(["2020-03", "2020-04"]))
        assert [(s.x0, s.x1) for s in fig.layout.shapes] == [("2020-03-01", "2020-05-01")]

    def test_stats_line_variants(self):
        row = {"start_date": T("1996-12-31"), "end_date": T("2025-12-30"), "end_level": 0.79, "change": -0.47,
               "max_level": 6.56, "max_date": T("2008-12-05")}
        assert stats_line("IG OAS", row, start=T("1990-01-01"), end=T("2026-02-20")) == (
            "IG OAS 0.79% on 2025-12-30 (-0.47 pp since 1996-12-31; max 6.56% on 2008-12-05)")
        assert stats_line("IG OAS", row, start=T("1997-01-01"), end=T("2025-12-31")) == (
            "IG OAS 0.79% (-0.47 pp over the window; max 6.56% on 2008-12-05)")

    def test_nothing_to_draw_raises(self):
        with pytest.raises(ValueError, match="no spread observations"):
            build_spreads_figure({"HY OAS": series([], index=DAYS[:0])}, stats=pd.DataFrame(),
                                 start=T("2025-01-02"), end=T("2025-01-13"), source_line="s")


def test_no_chart_text_is_too_dark_for_the_dark_theme(tmp_path):
    """An annotation without a background of its own reads on the light and the dark theme alike
    (the dark theme swaps the template, not an annotation's fixed colour): against both papers it
    contrasts at least as the source line's grey does on the dark one (2.5:1). The spreads
    chart's figures above it were #333 (1.2:1 on the dark paper)."""
    import datetime as dt

    from app import create_app
    from config import Config, DataSpec
    from panels.registry import REGISTRY
    from state import ViewState
    from tests.colors import contrast
    from tests.panel_draw import rendered

    DARK_PAPER = "#212529"  # assets/theme.js: the dark template's paper_bgcolor
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))
    data = app.server.extensions["smallcap_panel_data"]
    state = ViewState(start=dt.date(2019, 6, 3), end=dt.date(2021, 6, 30), universe="demo_smallcap")
    checked = 0
    for name in REGISTRY:
        out = rendered(name, data, state)
        assert out.error is None, (name, out.error)
        for note in out.figure["layout"].get("annotations", []):
            color = (note.get("font") or {}).get("color")
            if color and color.startswith("#") and not note.get("bgcolor"):
                checked += 1
                for paper in ("#ffffff", DARK_PAPER):
                    assert contrast(color, paper) >= 2.5, (name, note["text"][:60], color, paper)
    assert checked > 5
