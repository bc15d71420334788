"""The app shell: layout for demo and for the real snapshot, the relative figure, headers."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from app import create_app
from tests.panel_draw import drawer
from components.ids import Id
from state import ViewState


def layout_json(app) -> dict:
    client = app.server.test_client()
    response = client.get("/_dash-layout")
    assert response.status_code == 200
    return response.get_json()


def find(node, component_id):
    """Depth-first search of a layout dict for ``component_id``."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        for value in node.get("props", {}).values():
            hit = find(value, component_id)
            if hit is not None:
                return hit
    elif isinstance(node, list):
        for item in node:
            hit = find(item, component_id)
            if hit is not None:
                return hit
    return None


class TestDemo:
    @pytest.fixture(scope="class")
    def app(self, tmp_path_factory):
        from config import Config, DataSpec

        return create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path_factory.mktemp("c")))

    def test_header_names_demo_and_shows_banner(self, app):
        layout = layout_json(app)
        source_line = json.dumps(find(layout, Id.SOURCE_LINE))
        assert "Demo data" in source_line
        banners = json.dumps(find(layout, Id.BANNERS))
        assert "every series on this page is synthetic" in banners

    def test_security_headers_and_no_debug(self, app):
        response = app.server.test_client().get("/")
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors" in response.headers["Content-Security-Policy"]
        assert not app.server.debug

    def test_relative_figure_series(self, app):
        data = app.server.extensions["smallcap_data"]
        update = drawer("relative", data)
        state = ViewState(start=pd.Timestamp("2015-01-02").date(), end=pd.Timestamp("2019-12-31").date())
        figure, summary = update(state.to_dict())
        fig = figure
        names = [trace.name for trace in fig.data]
        # the two rebased lines and the ratio come first; context layers (bands, troughs) follow
        assert names[:3] == ["Russell 2000", "S&P 500", "Russell 2000 / S&P 500"]
        assert "Russell 2000 drawdown trough (>10%)" in names
        assert fig.data[0].y[0] == pytest.approx(100.0) and fig.data[1].y[0] == pytest.approx(100.0)
        assert fig.data[2].y[0] == pytest.approx(1.0)
        assert "DEMO DATA" in json.dumps(fig.layout.annotations[-1].text)
        assert "relative" in summary


class TestSharedData:
    @pytest.fixture(scope="class")
    def app(self, shared_data, tmp_path_factory):
        from config import Config, DataSpec

        return create_app(Config(data=DataSpec.parse(str(shared_data)),
                                 cache_dir=tmp_path_factory.mktemp("c")))

    def test_header_names_the_directory(self, app, shared_data):
        layout = layout_json(app)
        shown = json.dumps(find(layout, Id.SOURCE_LINE))
        assert f"Local directory '{shared_data.resolve().name}'" in shown
        assert str(shared_data.resolve()) not in json.dumps(layout)  # never the server's path
        assert find(layout, Id.BANNERS)["props"]["children"] == []
        options = [o["value"] for o in find(layout, Id.SMALL)["props"]["options"]]
        assert options == ["RUT", "IWM", "IJR", "MDY", "FF_LO10", "FF_LO30"]  # no ^SP600 or ^MID files in the snapshot

    def test_relative_2018_selloff(self, app):
        """RUT and GSPC from the 2018-09-20 S&P peak to the 2018-12-24 low, by hand from the files."""
        update = drawer("relative", app.server.extensions["smallcap_data"])
        state = ViewState(start=pd.Timestamp("2018-09-20").date(), end=pd.Timestamp("2018-12-24").date())
        figure, summary = update(state.to_dict())
        small_line, large_line, ratio = figure.data[:3]
        # GSPC 2930.75 -> 2351.10: -19.78%; RUT 1720.18 -> 1266.92 (files): -26.35%.
        assert large_line.y[-1] == pytest.approx(100 * 2351.10 / 2930.75)
        assert small_line.y[-1] == pytest.approx(100 * 1266.92 / 1720.18, rel=1e-6)
        assert ratio.y[-1] == pytest.approx((1266.92 / 1720.18) / (2351.10 / 2930.75), rel=1e-6)
        assert "S&P 500 -19.8%" in summary

    def test_bad_pair_gives_a_message_not_an_error(self, app):
        update = drawer("relative", app.server.extensions["smallcap_data"])
        figure, summary = update(ViewState(small="SP600").to_dict())
        assert "no file for series SP600" in summary
        assert "Cannot draw this view" in figure.layout.annotations[0].text


def test_server_timing_only_when_asked_and_no_reload_hash(demo_client, tmp_path):
    assert "Server-Timing" not in demo_client.get("/_dash-layout").headers
    assert demo_client.get("/_reload-hash").status_code == 404  # it lists the installed packages


def test_every_response_says_its_server_time_when_asked(tmp_path):
    import re

    from app import create_app
    from config import Config, DataSpec

    app = create_app(Config(data=DataSpec("demo"), cache_dir=tmp_path, server_timing=True))
    response = app.server.test_client().get("/_dash-layout")
    timing = re.fullmatch(r"app;dur=(\d+\.\d), cpu;dur=(\d+\.\d)", response.headers["Server-Timing"])
    assert timing is not None, response.headers["Server-Timing"]
    wall, cpu = map(float, timing.groups())
    assert 0 < wall and 0 <= cpu <= wall + 1.0  # one thread cannot use more CPU than wall time
