"""Overlays (``overlay=VIXCLS,DGS3MO``): parsed like every parameter, drawn on the rates and
spreads charts on their own axes with units, in the summary, the CSV and the share link."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from app import create_app
from callbacks.state_hub import StateHub
from components.figures.shading import SOURCE_LINE_PX
from components.ids import Id
from config import Config, DataSpec
from state import ViewState, parse_query
from tests.panel_draw import rendered
from tests.test_callbacks_state_hub import controls, step

KEYS = ["RUT", "GSPC", "VIXCLS", "DGS3MO", "T10Y2Y", "DFF", "USREC"]
WINDOW = "start=2024-01-02&end=2024-06-28"


class TestParsing:
    def test_keys_are_kept_in_order_normalised_and_written_back(self):
        state, notices = parse_query("overlay=vixcls,%20DGS3MO", series_keys=KEYS)
        assert state.overlay == "VIXCLS,DGS3MO" and notices == []
        assert "overlay=VIXCLS%2CDGS3MO" in state.to_query()
        assert parse_query(state.to_query(), series_keys=KEYS)[0] == state

    def test_each_unusable_key_is_ignored_with_its_own_notice(self):
        state, notices = parse_query("overlay=VIXCLS,NOPE,USREC,VIXCLS,DGS3MO,T10Y2Y,DFF,<b>", series_keys=KEYS)
        assert state.overlay == "VIXCLS,DGS3MO,T10Y2Y"
        assert notices == ["Ignored overlay 'NOPE': not a series this data source has.",
                           "Ignored overlay 'USREC': a recession flag (drawn as shading already).",
                           "Ignored overlay 'VIXCLS': listed twice.",
                           "Ignored overlay 'DFF': at most 3 overlays.",
                           "Ignored overlay '<b>': not a series key."]

    def test_nothing_usable_means_no_overlay(self):
        state, notices = parse_query("overlay=NOPE", series_keys=KEYS)
        assert state.overlay is None and len(notices) == 1


@pytest.fixture(scope="module")
def shared(shared_data, tmp_path_factory):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path_factory.mktemp("ov")))
    return app.server.extensions["smallcap_panel_data"]


def vix(shared_data) -> pd.Series:
    frame = pd.read_csv(shared_data / "fred" / "VIXCLS.csv", index_col=0, parse_dates=True)
    return pd.to_numeric(frame.iloc[:, 0], errors="coerce").dropna().loc["2024-01-02":"2024-06-28"]


@pytest.mark.parametrize("panel", ["rates", "spreads"])
def test_overlays_get_their_own_axis_unit_and_data(shared, shared_data, panel):
    state, _ = parse_query(WINDOW + "&overlay=VIXCLS,DGS3MO", series_keys=shared.available_series())
    out = rendered(panel, shared, state)
    figure = out.figure
    traces = {t["name"]: t for t in figure["data"] if t.get("uid", "").startswith("overlay-")}
    assert set(traces) == {"CBOE VIX (right axis)", "3-month Treasury yield (right axis)"}
    vix_trace = traces["CBOE VIX (right axis)"]
    axis = figure["layout"]["yaxis" + vix_trace["yaxis"][1:]]
    assert axis["title"]["text"] == "CBOE VIX (index level)" and axis["overlaying"] == "y"
    assert figure["layout"]["yaxis" + traces["3-month Treasury yield (right axis)"]["yaxis"][1:]]["title"][
        "text"] == "3-month Treasury yield (percent)"
    expected = vix(shared_data)
    assert list(vix_trace["y"]) == pytest.approx(expected.to_list())
    assert f"CBOE VIX {expected.iloc[0]:.2f} on 2024-01-02 to {expected.iloc[-1]:.2f} on 2024-06-28" in out.summary
    # cited under the plot with the chart's own sources (over the plot, the line ran across the
    # legend and past the chart's left edge), in lines no longer than the source line's
    source = [a for a in figure["layout"]["annotations"] if a["text"].startswith("Source: ")]
    assert len(source) == 1 and not any("Overlays" in a["text"] for a in figure["layout"]["annotations"]
                                        if not a["text"].startswith("Source: "))
    lines = source[0]["text"].split("<br>")
    cited = lines[[i for i, line in enumerate(lines) if line.startswith("Overlays: ")][0]:]
    assert "CBOE VIX (VIXCLS) via FRED (local copy)" in " ".join(cited)
    plain = rendered(panel, shared, parse_query(WINDOW, series_keys=shared.available_series())[0]).figure["layout"]
    assert max(map(len, lines)) <= max(60, *(len(line) for line in plain["annotations"][-1]["text"].split("<br>")))
    grown = SOURCE_LINE_PX * len(cited)
    assert figure["layout"]["margin"]["b"] == plain["margin"]["b"] + grown
    assert figure["layout"]["height"] == plain["height"] + grown  # the plot keeps its height
    # each further axis far enough from the last for its tick labels and title
    positions = sorted(a["position"] for a in figure["layout"].values() if isinstance(a, dict) and "position" in a)
    assert positions and positions[0] - figure["layout"]["xaxis"]["domain"][1] >= 0.1


def test_other_panels_ignore_overlays(shared):
    state, _ = parse_query(WINDOW + "&overlay=VIXCLS", series_keys=shared.available_series())
    figure = rendered("relative", shared, state).figure
    assert not any(t.get("uid", "").startswith("overlay-") for t in figure["data"])


def test_an_overlay_without_data_in_the_window_is_noted_not_fatal(shared):
    state = ViewState(start=pd.Timestamp("1995-01-03").date(), end=pd.Timestamp("1996-01-02").date(),
                      overlay="VIXCLS,BAMLC0A0CM")
    out = rendered("spreads", shared, state)
    assert out.ok
    assert "ICE BofA US Corporate (IG) OAS (BAMLC0A0CM) not drawn: no data between 1995-01-03" in out.summary


def test_csv_export_carries_the_overlay_columns(shared_data, tmp_path):
    app = create_app(Config(data=DataSpec.parse(str(shared_data)), cache_dir=tmp_path))
    response = app.server.test_client().get(f"/export/rates.csv?{WINDOW}&overlay=VIXCLS")
    assert response.status_code == 200
    frame = pd.read_csv(io.StringIO(response.get_data(as_text=True)))
    assert any("CBOE VIX" in column for column in frame.columns)


def test_the_overlay_control_sets_the_link(shared):
    hub = StateHub(shared)
    out = step(hub, [(f"{Id.OVERLAY}.value", ["VIXCLS", "NOPE"])], current=ViewState(),
               control_values=controls(overlay=["VIXCLS", "NOPE"]))
    assert out["state"]["overlay"] == "VIXCLS" and "overlay=VIXCLS" in out["url"]
    assert out["controls"]["overlay"] == ["VIXCLS"]


def test_an_overlay_runs_from_the_windows_base_as_the_panels_do(shared, shared_data):
    """A window from Sunday 2024-06-02: the relative panel measures from the 2024-05-31 close, the
    overlaid Russell 2000 ran from 2024-06-03 ("+8.3%" beside the panel's "+7.7%")."""
    state, _ = parse_query("start=2024-06-02&end=2024-12-31&overlay=RUT", series_keys=shared.available_series())
    out = rendered("rates", shared, state)
    trace, = [t for t in out.figure["data"] if t.get("uid", "").startswith("overlay-")]
    assert trace["x"][0] == "2024-05-31"
    assert "on 2024-05-31 to" in out.summary
    relative = rendered("relative", shared, state)
    assert relative.table.index[0] == "2024-05-31"
