"""Zoom one panel: the window, the other panels and the URL follow; links reopen the view."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from app import create_app
from config import Config, DataSpec


@pytest.fixture
def demo_app(tmp_path):
    return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path / "cache"))


def figure_range(dash_duo, graph_id: str):
    """First and last x of the first trace of a graph, read from the page."""
    return dash_duo.driver.execute_script(
        f"const g = document.querySelector('#{graph_id} .js-plotly-plot');"
        "if (!g || !g.data || !g.data.length) return null;"
        "const x = g.data[0].x; return [String(x[0]).slice(0, 10), String(x[x.length - 1]).slice(0, 10)];")


def wait_for_graph(dash_duo, graph_id: str):
    dash_duo.wait_for_element(f"#{graph_id} .js-plotly-plot .main-svg", timeout=30)


def test_zoom_sets_window_and_url(dash_duo, demo_app):
    dash_duo.start_server(demo_app)
    wait_for_graph(dash_duo, "relative-graph")
    dash_duo.driver.execute_script(
        "Plotly.relayout(document.querySelector('#relative-graph .js-plotly-plot'),"
        "{'xaxis.range[0]': '2024-02-01', 'xaxis.range[1]': '2024-06-28'});")
    until(lambda: "start=2024-02-01" in dash_duo.driver.current_url, timeout=15)
    assert "end=2024-06-28" in dash_duo.driver.current_url
    until(lambda: figure_range(dash_duo, "relative-graph") == ["2024-02-01", "2024-06-28"],
                        timeout=15)
    assert dash_duo.get_logs() == []


def test_link_reopens_same_view_and_invalid_link_notice(dash_duo, demo_app):
    dash_duo.start_server(demo_app)
    dash_duo.wait_for_element("#relative-graph .js-plotly-plot .main-svg", timeout=30)
    dash_duo.driver.get(dash_duo.server_url + "/?start=2019-01-02&end=2020-12-31&small=IWM&large=SPY&bogus=1")
    wait_for_graph(dash_duo, "relative-graph")
    until(lambda: figure_range(dash_duo, "relative-graph") == ["2019-01-02", "2020-12-31"],
                        timeout=20)
    dash_duo.wait_for_contains_text("#notices", "Ignored unknown parameter 'bogus'", timeout=10)
    dash_duo.wait_for_contains_text("#control-small", "IWM", timeout=10)
    assert "bogus" not in dash_duo.driver.current_url
    assert dash_duo.get_logs() == []
