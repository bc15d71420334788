"""``scale`` and ``transform``: parsed from the link, carried by the view, drawn by the relative
panel (log axes, transformed lines with units in the axis titles and the CSV headers)."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest

from app import create_app
from callbacks.state_hub import CONTROL_PROPS, StateHub
from config import Config, DataSpec
from panels.view import ResolvedView, resolve_view
from components.figures.relative import TRANSFORM_TITLES
from state import TRANSFORMS, ViewState, parse_query
from tests.panel_draw import rendered

WINDOW = "start=2021-01-04&end=2024-06-28&small=IWM&large=SPY"


class TestParsing:
    def test_defaults_are_not_written_and_values_round_trip(self):
        assert ViewState().to_query() == ""
        state, notices = parse_query("scale=log&transform=yoy")
        assert (state.scale, state.transform, notices) == ("log", "yoy", [])
        assert state.to_query() == "scale=log&transform=yoy"
        assert ViewState.from_dict(state.to_dict()) == state

    @pytest.mark.parametrize(("query", "reason"), [
        ("scale=logarithmic", "scale must be one of linear, log"),
        ("transform=pct", "transform must be one of level, change, yoy, rolling12, drawdown"),
    ])
    def test_a_bad_value_is_ignored_with_a_notice(self, query, reason):
        state, notices = parse_query(query)
        assert (state.scale, state.transform) == ("linear", "level")
        assert len(notices) == 1 and reason in notices[0]

    def test_old_links_are_unchanged(self):
        state, notices = parse_query("start=2020-01-02&small=IWM&large=SPY")
        assert notices == [] and state.to_query() == "start=2020-01-02&small=IWM&large=SPY"

    def test_a_tampered_view_store_falls_back(self):
        view = ResolvedView.from_fields({"scale": "cubic", "transform": 3})
        assert (view.scale, view.transform) == ("linear", "level")
        assert ResolvedView.from_fields({"scale": "log", "transform": "drawdown"}).transform == "drawdown"


class TestControls:
    def test_the_controls_write_the_state(self):
        assert CONTROL_PROPS["scale"][1] == "value" and CONTROL_PROPS["transform"][1] == "value"
        state = StateHub.apply_controls(ViewState(), {"scale": "log", "transform": "rolling12"},
                                        {"scale", "transform"})
        assert (state.scale, state.transform) == ("log", "rolling12")
        kept = StateHub.apply_controls(state, {"scale": "nope", "transform": None}, {"scale", "transform"})
        assert (kept.scale, kept.transform) == ("log", "rolling12")

    def test_the_controls_show_the_view(self):
        view = ResolvedView(small="IWM", large="SPY", start=None, end=None, asof=None, scale="log",
                            transform="yoy")
        values = StateHub.control_values(view)
        assert (values["scale"], values["transform"]) == ("log", "yoy")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("scale")))
    return app.server.extensions["smallcap_panel_data"]


class TestRelativePanel:
    def test_log_scale_on_the_level_chart_and_the_ratio(self, demo):
        state, _ = parse_query(WINDOW + "&scale=log")
        out = rendered("relative", demo, state)
        layout = out.figure["layout"]
        assert layout["yaxis"]["type"] == "log" and layout["yaxis2"]["type"] == "log"
        assert "log scale" in layout["yaxis"]["title"]["text"]
        go.Figure(out.figure)  # a valid figure
        linear = rendered("relative", demo, parse_query(WINDOW)[0]).figure["layout"]
        assert linear["yaxis"]["type"] == "linear"
        # same data either way: log is an axis setting only
        assert list(out.figure["data"][0]["y"]) == pytest.approx(list(rendered(
            "relative", demo, parse_query(WINDOW)[0]).figure["data"][0]["y"]))

    @pytest.mark.parametrize("transform", [t for t in TRANSFORMS if t != "level"])
    def test_each_transform_draws_in_percent_with_units(self, demo, transform):
        state, _ = parse_query(WINDOW + f"&transform={transform}")
        out = rendered("relative", demo, state)
        figure = out.figure
        go.Figure(figure)
        assert "%" in figure["layout"]["yaxis"]["title"]["text"]
        assert "%" in figure["layout"]["yaxis2"]["title"]["text"] or "pp" in figure["layout"]["yaxis2"]["title"]["text"]
        table = out.table
        assert all("%" in c or "pp" in c for c in table.columns)
        # the chart draws the table's values (in %)
        assert list(figure["data"][0]["y"]) == pytest.approx(table.iloc[:, 0].tolist())
        assert list(figure["data"][2]["y"]) == pytest.approx(table.iloc[:, 2].tolist())
        if transform == "drawdown":
            assert table.iloc[:, 0].max() == 0.0 and table.iloc[0, 0] == 0.0
        if transform == "change":
            assert table.iloc[0, :3].tolist() == pytest.approx([0.0, 0.0, 0.0])
        # the title's relative return is the table's last row of its own column (it could not be
        # rebuilt from the file: the level and both measures were dropped with a transform)
        rel = re.search(r": relative return ([+-−]?[\d.,]+)%", figure["layout"]["title"]["text"]).group(1)
        measure = next(c for c in table.columns if c.startswith("relative return since "))
        assert round(table[measure].iloc[-1], 1) == float(rel.replace("−", "-").replace(",", ""))
        assert any(c.startswith("return gap since ") and c.endswith("[pp]") for c in table.columns)
        # the title's percentage is the window's relative return, and says so apart from what the
        # chart shows ("+13.0% (year-over-year % change)" read as a year-over-year figure)
        title = figure["layout"]["title"]["text"]
        assert re.search(r": relative return [+-−]?[\d.,]+%\. Chart: ", title), title
        assert title.endswith(f". Chart: {TRANSFORM_TITLES[transform]}")
        # its dates are the relative return's, from the window's base, not the drawn lines' (a
        # YoY chart starts a year later: "2001-05-29 to 2003-12-31: +42.5%" measured from 2000-06-02)
        early = "start=1990-06-01&end=1993-12-31"  # (the demo data start in 1990: a YoY chart starts in 1991)
        for query in (WINDOW, early):
            shown = rendered("relative", demo, parse_query(f"{query}&transform={transform}")[0])
            level = rendered("relative", demo, parse_query(query)[0])
            assert (shown.figure["layout"]["title"]["text"].split(": relative return")[0]
                    == level.figure["layout"]["title"]["text"].split(": relative return")[0])

    def test_log_with_a_percent_transform_stays_linear_and_says_so(self, demo):
        out = rendered("relative", demo, parse_query(WINDOW + "&scale=log&transform=change")[0])
        assert out.figure["layout"]["yaxis"]["type"] == "linear"
        assert "log scale applies to levels" in out.summary.lower()

    def test_the_pinned_link_keeps_scale_and_transform(self, demo):
        state, _ = parse_query(WINDOW + "&scale=log&transform=yoy")
        view = resolve_view(state, demo.for_request())
        assert "scale=log&transform=yoy" in view.to_state().to_query()


class TestExports:
    @pytest.fixture(scope="class")
    def client(self, tmp_path_factory):
        app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("scale-export")))
        return app.server.test_client()

    def test_csv_of_a_transform_has_units_in_the_header(self, client):
        import io

        import pandas as pd
        response = client.get(f"/export/relative.csv?{WINDOW}&transform=yoy")
        assert response.status_code == 200 and "X-Export-Notice" not in response.headers
        frame = pd.read_csv(io.StringIO(response.get_data(as_text=True)), index_col="date")
        assert list(frame.columns) == [
            "iShares Russell 2000 ETF (total return) [% change from a year earlier]",
            "SPDR S&P 500 ETF (total return) [% change from a year earlier]",
            "iShares Russell 2000 ETF (total return) vs SPDR S&P 500 ETF (total return) [YoY return gap (pp)]",
            "relative return since 2021-01-04 [%]", "return gap since 2021-01-04 [pp]",
            "data"]  # (demo data: each row says so, a CSV goes about without its chart's source line)
        assert set(frame["data"]) == {"DEMO DATA (synthetic, not market data)"}
        last = frame.iloc[-1]
        assert last.iloc[2] == pytest.approx(last.iloc[0] - last.iloc[1], abs=1e-6)

    def test_scale_log_is_the_views_and_a_number_is_the_pngs(self, client):
        exporter = client.application.extensions["smallcap_exporter"]
        rest, size, _ = exporter.split("small=IWM&scale=log&width=800")
        assert rest == "small=IWM&scale=log" and size == {"width": "800"}
        rest, size, _ = exporter.split("small=IWM&scale=2")
        assert rest == "small=IWM" and size == {"scale": "2"}

    def test_cli_export_takes_scale_and_transform(self, tmp_path):
        from click.testing import CliRunner

        import cli
        out = tmp_path / "rel.csv"
        result = CliRunner().invoke(cli.main, [
            "export", "--panel", "relative", "--state", WINDOW + "&transform=drawdown&scale=log",
            "--output", str(out), "--data", "demo", "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 0, result.output
        assert out.read_text().splitlines()[0] == (
            "date,iShares Russell 2000 ETF (total return) [Drawdown from the running peak (%)],"
            "SPDR S&P 500 ETF (total return) [Drawdown from the running peak (%)],"
            "iShares Russell 2000 ETF (total return) vs SPDR S&P 500 ETF (total return) [Ratio drawdown from its peak (%)],"
            "relative return since 2021-01-04 [%],return gap since 2021-01-04 [pp],data")


class FakePng:
    def __init__(self):
        self.figures = []

    def render(self, key, figure_json: str, size) -> bytes:
        import json
        self.figures.append((json.loads(figure_json), size))
        return b"\x89PNG"


def test_png_export_draws_the_log_axes_and_keeps_the_pixel_scale(demo):
    from server.export import Exporter
    png = FakePng()
    exporter = Exporter(demo, universes=lambda: [], png=png)
    exporter.png("relative", WINDOW + "&scale=log&scale=3")  # the view's scale, then the PNG's
    figure, size = png.figures[0]
    assert size.scale == 3  # not the default 2
    assert figure["layout"]["yaxis"]["type"] == "log" and figure["layout"]["yaxis2"]["type"] == "log"
    exporter.png("relative", WINDOW + "&transform=drawdown")
    figure, _ = png.figures[1]
    assert figure["layout"]["yaxis"]["title"]["text"] == "Drawdown from the<br>running peak (%)"


def test_the_two_y_axis_titles_are_wrapped_to_their_charts_height():
    from components.figures.common import wrap_axis_title
    from components.figures.relative import BOTTOM_TITLE_CHARS, TOP_TITLE_CHARS
    from analytics.transforms import UNITS

    assert wrap_axis_title("Rolling 12-month relative return (%)", 14) == "Rolling<br>12-month<br>relative<br>return (%)"
    assert wrap_axis_title("Ratio", 14) == "Ratio" and wrap_axis_title("", 14) == ""
    assert wrap_axis_title("Rebased (2023-02-21 = 100)", 22) == "Rebased<br>(2023-02-21 = 100)"
    assert wrap_axis_title("Ratio (start = 1)", 14) == "Ratio<br>(start = 1)"
    for units in UNITS.values():  # every transform's titles, with the longest date
        for text, width in ((units.series, TOP_TITLE_CHARS), (units.relative, BOTTOM_TITLE_CHARS)):
            lines = wrap_axis_title(text.format(first="2023-02-21") + " (log scale)", width).split("<br>")
            assert all(len(line) <= width or " " not in line for line in lines)


def test_a_total_return_against_a_price_index_says_so(demo):
    """IWM (adjusted closes: dividends in) against the S&P 500 (a price level): +9.0% over 2010-2020
    on the snapshot where RUT against it is -6.3%, with nothing saying why. The title, legend and
    CSV name which side is which, and the summary says what that does to the comparison."""
    mixed = rendered("relative", demo, parse_query("start=2010-01-01&end=2020-12-31&small=IWM&large=GSPC")[0])
    title = mixed.figure["layout"]["title"]["text"]
    assert title.startswith("iShares Russell 2000 ETF (total return) vs S&P 500 (price), ")
    assert mixed.figure["data"][0]["name"] == "iShares Russell 2000 ETF (total return)"
    assert "the comparison favours the iShares Russell 2000 ETF by the dividends" in mixed.summary
    base = str(mixed.table.index[0])[:10]
    assert list(mixed.table.columns[:2]) == [f"iShares Russell 2000 ETF (total return) [Rebased ({base} = 100)]",
                                             f"S&P 500 (price) [Rebased ({base} = 100)]"]
    # two funds, two indexes: no warning and a plain legend, but the summary and the CSV say what
    # both are (a like pair said nothing: an analyst could not tell a price from a total return)
    for like, both in (("small=IWM&large=SPY", "Both are total returns (dividends included)."),
                       ("small=RUT&large=GSPC", "Both are price returns (index levels, without dividends).")):
        out = rendered("relative", demo, parse_query(f"start=2010-01-01&end=2020-12-31&{like}")[0])
        assert "(total return)" not in out.figure["layout"]["title"]["text"] and "favours" not in out.summary
        assert out.summary.endswith(both)
    assert rendered("relative", demo, parse_query("small=RUT&large=GSPC")[0]).table.columns[0].startswith(
        "Russell 2000 (price) [")


def test_log_axes_label_whole_values_and_space_their_ticks():
    """A ratio from 0.4 to 7 on a log axis was labelled "9 8 7 6 5 4" below 1 (0.9 ... 0.4 read
    as 9 ... 4) and "2 3 ... 9" stacked above it; a century of rebased levels listed every 1-2-5."""
    from components.figures.relative import log_ticks

    assert log_ticks([[0.4, 1.0, 7.0]]) == {"tickformat": ",.3~r", "dtick": "D2"}
    assert log_ticks([[100.0, 5e6], None]) == {"tickformat": ",.3~r", "dtick": 1}
    assert log_ticks([[0.92, 1.01]]) == {"tickformat": ",.3~r"}  # within a decade: Plotly's own ticks
    assert log_ticks([]) == {"tickformat": ",.3~r"}
