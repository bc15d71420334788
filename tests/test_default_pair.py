"""The pair a view shows when the catalog's default cannot be shown on the data at hand
(panels/pair.py): a link that names no pair falls back to the first pair that can, saying why; a
pair the link names is kept, and a pair whose series do not meet leaves the other panels a window
(tiny synthetic folders in the snapshot's layout, no real data)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app import create_app
from components.ids import Id
from config import Config, DataSpec
from loaders.cache import loader_cache
from loaders.source import DataSource
from panels.pair import default_pair, pair_gap, pair_span
from panels.view import resolve_view
from state import ViewState
from tests.dash_post import answer, by_first_output, post
from tests.test_local_malformed import DAYS, panels, summary, traces, write_series, write_snapshot


def text_of(node) -> str:
    return json.dumps(node)


def component(node, component_id: str) -> dict | None:
    """The props of the component with ``component_id`` in a layout tree (JSON form)."""
    if isinstance(node, dict):
        if isinstance(node.get("props"), dict) and node["props"].get("id") == component_id:
            return node["props"]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = component(item, component_id)
            if found is not None:
                return found
    return None


@pytest.fixture
def no_rut(tmp_path):
    """The snapshot with IWM beside it and a RUT file without a row."""
    root = write_snapshot(tmp_path / "data")
    write_series(root, "indexes/IWM.csv", "date,close", np.linspace(180, 220, len(DAYS)).round(2))
    (root / "indexes" / "RUT.csv").write_text("date,close\n")
    return root


def source_of(root, tmp_path) -> DataSource:
    config = Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "source-cache")
    return DataSource(config, loader_cache(config))


def client_of(root, tmp_path):
    return create_app(Config(data=DataSpec.parse(str(root)), cache_dir=tmp_path / "cache")).server.test_client()


def test_a_link_without_a_pair_shows_the_first_pair_that_loads_and_says_why(no_rut, tmp_path):
    state, notices = default_pair(source_of(no_rut, tmp_path))
    assert (state.small, state.large) == ("IWM", "GSPC")
    assert notices == ["The default pair Russell 2000 / S&P 500 cannot be shown (local directory "
                       "(indexes/RUT.csv): no observations for RUT): showing iShares Russell 2000 ETF (IWM) / "
                       "S&P 500 (GSPC) instead."]
    client = client_of(no_rut, tmp_path)
    hub = answer(post(client, by_first_output(client)[Id.STATE], {f"{Id.URL}.search": ""}))
    assert hub[Id.STATE]["data"]["small"] == "IWM" and hub[Id.URL]["search"] == "?small=IWM"
    notice = text_of(hub[Id.NOTICES]["children"])
    assert "Adjusted to the data:" in notice and "no observations for RUT" in notice
    # the layout's dropdown shows the pair the panels draw (it showed IWM while they drew RUT)
    layout = client.get("/_dash-layout").get_json()
    small = component(layout, Id.SMALL)
    assert small["value"] == "IWM"
    assert {"label": "Russell 2000 (RUT): does not load", "value": "RUT", "disabled": True} == {
        k: v for k, v in small["options"][-1].items() if k != "title"}
    outputs = panels(client)
    assert traces(outputs, "relative") >= 2 and "iShares Russell 2000 ETF" in summary(outputs, "relative")
    # the exports of a link without a pair read the same pair
    csv = client.get("/export/relative.csv")
    assert csv.status_code == 200 and "iShares Russell 2000 ETF" in csv.get_data(as_text=True)


def test_a_missing_file_named_by_a_link_is_ignored_and_the_default_falls_back(no_rut, tmp_path):
    (no_rut / "indexes" / "RUT.csv").unlink()  # no file: the source does not list RUT at all
    state, notices = default_pair(source_of(no_rut, tmp_path), ViewState(), {"small"})
    assert state.small == "IWM" and "no file for series RUT" in notices[0]


def test_a_pair_the_link_names_is_kept(no_rut, tmp_path):
    source = source_of(no_rut, tmp_path)
    state, notices = default_pair(source, ViewState(small="RUT"), {"small"})
    assert (state.small, notices) == ("RUT", [])
    client = client_of(no_rut, tmp_path)
    hub = answer(post(client, by_first_output(client)[Id.STATE], {f"{Id.URL}.search": "?small=RUT"}))
    assert hub[Id.STATE]["data"]["small"] == "RUT"
    assert hub[Id.SMALL]["value"] == "RUT"  # the dropdown shows it (its option says it does not load)
    assert "no as-of date: the pair RUT / GSPC cannot be shown" == hub[Id.HEADER_ASOF]["children"]


def test_a_pair_whose_series_do_not_meet_leaves_the_other_panels_a_window(tmp_path):
    root = write_snapshot(tmp_path / "data")
    (root / "indexes" / "GSPC.csv").write_text("date,close\n2025-03-03,5000\n")  # after RUT's last day
    source = source_of(root, tmp_path)
    assert pair_span(source, "RUT", "GSPC") is None
    assert pair_gap(source, "RUT", "GSPC") == (
        "Russell 2000 (RUT) runs 2022-01-03 to 2024-12-31 and S&P 500 (GSPC) has one observation, "
        "2025-03-03: they have no date in common")
    view = resolve_view(ViewState(), source)
    assert view.start < view.end and view.asof is None  # it was 2025-03-03 to 2024-12-31
    assert any("no date in common" in n for n in view.notices)
    outputs = panels(client_of(root, tmp_path))
    assert traces(outputs, "rates") == 2 and traces(outputs, "spreads") == 1
    assert traces(outputs, "relative") == 0
