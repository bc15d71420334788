"""Exports: figure data to CSV, formula neutralising, image size bounds, the HTTP routes."""

from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go
import pytest

from components.export import figure_to_frame, neutralise, to_safe_csv
from components.png import ExportError, ImageSize


def test_figure_to_frame_joins_traces_with_units():
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=pd.to_datetime(["2025-01-02", "2025-01-03"]), y=[4.57, 4.6], name="10-year"))
    fig.add_trace(go.Scatter(x=pd.to_datetime(["2025-01-03"]), y=[4.28], name="2-year"))
    fig.add_trace(go.Scatter(x=[0, 1, 1, 0], y=[0, 0, 1, 1], fill="toself", name="Hiking"))
    fig.update_layout(xaxis_title="Date", yaxis_title="Percent")
    frame = figure_to_frame(fig)
    assert list(frame.columns) == ["10-year [Percent]", "2-year [Percent]"]
    assert frame.index.name == "date" and list(frame.index) == ["2025-01-02", "2025-01-03"]
    assert frame.loc["2025-01-03", "2-year [Percent]"] == 4.28
    assert pd.isna(frame.loc["2025-01-02", "2-year [Percent]"])


def test_formula_cells_are_neutralised_numbers_are_not():
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "ok"], "value": [-1.5, 2.0, 0.0, 3.0]},
                         index=pd.Index(["a", "b", "c", "d"], name="ticker"))
    text = to_safe_csv(frame)
    lines = text.splitlines()
    assert lines[0] == "ticker,name,value"
    assert lines[1] == "a,\"'=HYPERLINK(\"\"x\"\")\",-1.5"
    assert lines[2] == "b,'+1,2" and lines[3] == "c,'@SUM(A1),0"  # numbers at their precision, no float noise
    assert neutralise(-3) == -3


def test_image_size_bounds():
    assert ImageSize.parse() == (ImageSize(1200, 600, 2.0), [])
    size, notices = ImageSize.parse(width="100000", height="10", scale="9")
    assert size == ImageSize(2400, 300, 3.0)
    assert notices[0] == "width 100000 out of bounds [400, 2400]: used 2400"
    with pytest.raises(ExportError, match="height must be a number"):
        ImageSize.parse(height="tall")
    with pytest.raises(ExportError, match="finite"):
        ImageSize.parse(scale="nan")


def test_a_step_line_holds_its_value_on_every_row_up_to_its_last_point():
    """The fed funds target is drawn from its changes (``shape="hv"``): its CSV column held a value
    on the change rows only (a spreadsheet lookup on 2024-06-28 found a blank, not 5.25)."""
    days = ["2024-06-26", "2024-06-27", "2024-06-28", "2024-07-01", "2024-07-02"]
    fig = go.Figure([go.Scatter(x=days, y=[4.3, 4.29, 4.36, 4.47, 4.43], name="10-year"),
                     go.Scatter(x=["2024-06-26", "2024-07-01"], y=[5.25, 5.0], name="target", line={"shape": "hv"}),
                     go.Scatter(x=["2024-06-27"], y=[1.0], name="dot")])
    frame = figure_to_frame(fig)
    assert frame["target"].tolist()[:4] == [5.25, 5.25, 5.25, 5.0]
    assert pd.isna(frame["target"].iloc[-1])  # not past its last point (a series that stopped)
    assert frame["dot"].isna().sum() == 4  # an ordinary line is not filled
